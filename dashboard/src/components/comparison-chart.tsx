import type { ComparisonChartProps } from './comparison-chart-figure';
import { FigureSuspense, loadFigure } from './lazy-figure';

export type { ComparisonChartProps, ComparisonPoint } from './comparison-chart-figure';

const Figure = loadFigure<ComparisonChartProps>(() =>
  import('./comparison-chart-figure').then((module) => module.ComparisonChartFigure),
);

/** An area against England by month, as a line chart; pages show the same figures in a table too. */
export function ComparisonChart(props: ComparisonChartProps) {
  return (
    <FigureSuspense>
      <Figure {...props} />
    </FigureSuspense>
  );
}
