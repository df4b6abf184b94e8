import { type ComponentType, lazy, Suspense } from 'react';
import type { CaterpillarProps } from './caterpillar-figure';

function ChartUnavailable() {
  return <p className="chart-placeholder">The chart could not be loaded; the table has the same figures.</p>;
}

const figureModule: Promise<{ default: ComponentType<CaterpillarProps> }> = import('./caterpillar-figure').then(
  (module) => ({ default: module.CaterpillarFigure }),
  () => ({ default: ChartUnavailable }),
);
const CaterpillarFigure = lazy(() => figureModule);

export function Caterpillar(props: CaterpillarProps) {
  return (
    <Suspense fallback={<p className="chart-placeholder">Loading chart…</p>}>
      <CaterpillarFigure {...props} />
    </Suspense>
  );
}
