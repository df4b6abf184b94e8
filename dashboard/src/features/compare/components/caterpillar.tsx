import { FigureSuspense, loadFigure } from '../../../components/lazy-figure';
import type { CaterpillarProps } from './caterpillar-figure';

const Figure = loadFigure<CaterpillarProps>(() =>
  import('./caterpillar-figure').then((module) => module.CaterpillarFigure),
);

export function Caterpillar(props: CaterpillarProps) {
  return (
    <FigureSuspense>
      <Figure {...props} />
    </FigureSuspense>
  );
}
