import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ComparisonChart, type ComparisonPoint } from '../../../dashboard/src/components/comparison-chart';

const points: ComparisonPoint[] = [
  { month: '2018-05', area: 342.9, england: 317.6 },
  { month: '2018-06', area: 371.8, england: 306.9 },
  { month: '2018-07', area: null, england: 320.1 },
];
const caption = 'Delayed days per 100,000 population aged 18+, by month: West Sussex and England.';

async function renderChart(chartPoints = points) {
  const { container } = render(<ComparisonChart points={chartPoints} areaName="West Sussex" caption={caption} />);
  // The chart module loads lazily; the figure appears once it has.
  await screen.findByRole('figure');
  return container;
}

function tickLabels(container: HTMLElement, axis: 'xAxis' | 'yAxis'): (string | null)[] {
  return [...container.querySelectorAll(`.recharts-${axis}-tick-labels .recharts-cartesian-axis-tick-value`)].map(
    (tick) => tick.textContent,
  );
}

describe('ComparisonChart', () => {
  it('is a figure captioned with what it shows', async () => {
    await renderChart();

    expect(screen.getByRole('figure').querySelector('figcaption')).toHaveTextContent(caption);
  });

  it('names the area and England in the legend, England second', async () => {
    const container = await renderChart();

    const legend = [...container.querySelectorAll('.chart-legend-item')].map((item) => item.textContent);
    expect(legend).toEqual(['West Sussex', 'England']);
  });

  it('draws one solid line for the area and one dashed line for England', async () => {
    const container = await renderChart();

    const lines = [...container.querySelectorAll('path.recharts-line-curve')];
    expect(lines).toHaveLength(2);
    expect(lines.map((line) => line.getAttribute('stroke'))).toEqual(['var(--color-area)', 'var(--color-england)']);
    expect(lines.map((line) => line.getAttribute('stroke-dasharray'))).toEqual([null, '6 4']);
  });

  it('labels months on the x axis and round steps on the y axis', async () => {
    const container = await renderChart();

    expect(tickLabels(container, 'xAxis')).toEqual(['May 2018', 'Jun 2018', 'Jul 2018']);
    // Highest value 371.8 over four intervals is 92.95 a step; the next round step is 100.
    expect(tickLabels(container, 'yAxis')).toEqual(['0', '100', '200', '300', '400']);
  });

  it('steps the y axis in 2.5s of a magnitude when that is the nearest round step', async () => {
    const container = await renderChart([{ month: '2018-06', area: 9.1, england: 8.4 }]);

    // 9.1 / 4 = 2.275, so the step is 2.5: 0, 2.5, 5, 7.5, 10, shown as whole numbers.
    expect(tickLabels(container, 'yAxis')).toEqual(['0', '3', '5', '8', '10']);
  });
});
