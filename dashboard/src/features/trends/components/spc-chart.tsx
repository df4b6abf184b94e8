import { FigureSuspense, loadFigure } from '../../../components/lazy-figure';
import type { SpcChartProps } from './spc-chart-figure';

const Figure = loadFigure<SpcChartProps>(() => import('./spc-chart-figure').then((module) => module.SpcChartFigure));

export function SpcChart(props: SpcChartProps) {
  return (
    <FigureSuspense>
      <Figure {...props} />
    </FigureSuspense>
  );
}
