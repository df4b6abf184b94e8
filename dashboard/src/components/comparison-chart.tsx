import { type ComponentType, lazy, Suspense } from 'react';
import type { ComparisonChartProps } from './comparison-chart-figure';

export type { ComparisonChartProps, ComparisonPoint } from './comparison-chart-figure';

function ChartUnavailable() {
  return <p className="chart-placeholder">The chart could not be loaded; the table has the same figures.</p>;
}

// Recharts is most of the page's JavaScript: fetch it alongside the first queries, not before them.
const figureModule: Promise<{ default: ComponentType<ComparisonChartProps> }> = import(
  './comparison-chart-figure'
).then(
  (module) => ({ default: module.ComparisonChartFigure }),
  () => ({ default: ChartUnavailable }),
);
const ComparisonChartFigure = lazy(() => figureModule);

/** An area against England by month, as a line chart; pages show the same figures in a table too. */
export function ComparisonChart(props: ComparisonChartProps) {
  return (
    <Suspense fallback={<p className="chart-placeholder">Loading chart…</p>}>
      <ComparisonChartFigure {...props} />
    </Suspense>
  );
}
