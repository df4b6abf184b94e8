import type { ComponentType } from 'react';
import { ComparePage } from '../features/compare';
import { DelayedTransfersPage } from '../features/delayed-transfers';
import { MetricDefinitionPage } from '../features/metric-definition';
import { TrendsPage } from '../features/trends';

export type PageRoute = {
  /** A react-router path. Paths and query parameters are a public contract: people share and bookmark links. */
  path: string;
  /** Page heading in the navigation and the document title. */
  title: string;
  /** Query parameters the page reads, and what each holds. */
  searchParams: Readonly<Record<string, string>>;
  /** Null until the issue that builds the page; until then the path shows "page not found". */
  Page: ComponentType | null;
};

const AREA = 'ONS code of a council or England, e.g. E10000032';
const PERIOD = 'month, yyyy-mm';
const METRIC = 'metric id, e.g. delayed_days_per_100k';

export const pageRoutes: readonly PageRoute[] = [
  // Until the overview exists, the home page is the delayed transfers page.
  { path: '/', title: 'Delayed transfers of care', searchParams: { area: AREA }, Page: DelayedTransfersPage },
  { path: '/overview', title: 'Overview', searchParams: { area: AREA, period: PERIOD }, Page: null },
  {
    path: '/compare',
    title: 'Compare areas',
    searchParams: {
      metric: METRIC,
      period: PERIOD,
      region: 'ONS code of a region, e.g. E12000008',
      programme: 'integration pioneer id or wave',
    },
    Page: ComparePage,
  },
  { path: '/trends', title: 'Trends', searchParams: { metric: METRIC, area: AREA }, Page: TrendsPage },
  {
    path: '/programmes',
    title: 'Programmes',
    searchParams: { subject: 'integration pioneer id or wave', metric: METRIC },
    Page: null,
  },
  { path: '/data', title: 'Data', searchParams: {}, Page: null },
  { path: '/metrics/:id', title: 'Metric definition', searchParams: {}, Page: MetricDefinitionPage },
];

export type BuiltPageRoute = PageRoute & { Page: ComponentType };

export const builtPageRoutes: readonly BuiltPageRoute[] = pageRoutes.filter(
  (route): route is BuiltPageRoute => route.Page !== null,
);

/** The pages the main navigation lists: the built ones that need no id in their path (a definition needs its metric). */
export const navigationRoutes: readonly BuiltPageRoute[] = builtPageRoutes.filter((route) => !route.path.includes(':'));
