import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode, Suspense } from 'react';

function ChartUnavailable() {
  return <p className="chart-placeholder">The chart could not be loaded; the table has the same figures.</p>;
}

/**
 * A chart component whose module (Recharts is most of a page's JavaScript) is fetched now, alongside the page's first
 * queries rather than before them; if it fails to load, the page says so and its table has the figures.
 */
export function loadFigure<P extends object>(
  load: () => Promise<ComponentType<P>>,
): LazyExoticComponent<ComponentType<P>> {
  const module = load().then(
    (Figure) => ({ default: Figure }),
    () => ({ default: ChartUnavailable as ComponentType<P> }),
  );
  return lazy(() => module);
}

/** Where a loadFigure chart is drawn: "Loading chart…" until its module is in. */
export function FigureSuspense({ children }: { children: ReactNode }) {
  return <Suspense fallback={<p className="chart-placeholder">Loading chart…</p>}>{children}</Suspense>;
}
