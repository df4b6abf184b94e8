import { type ComponentType, lazy, Suspense } from 'react';
import type { SpcChartProps } from './spc-chart-figure';

function ChartUnavailable() {
  return <p className="chart-placeholder">The chart could not be loaded; the table has the same figures.</p>;
}

// Recharts is most of the page's JavaScript: fetched alongside the first queries, not before them.
const figureModule: Promise<{ default: ComponentType<SpcChartProps> }> = import('./spc-chart-figure').then(
  (module) => ({ default: module.SpcChartFigure }),
  () => ({ default: ChartUnavailable }),
);
const SpcChartFigure = lazy(() => figureModule);

export function SpcChart(props: SpcChartProps) {
  return (
    <Suspense fallback={<p className="chart-placeholder">Loading chart…</p>}>
      <SpcChartFigure {...props} />
    </Suspense>
  );
}
