import { describe, expect, it } from 'vitest';
import { builtPageRoutes, navigationRoutes, pageRoutes } from '../../../dashboard/src/routes/page-routes';

describe('page routes', () => {
  it("hold issue 12's paths and query parameters, the public contract of shared links", () => {
    expect(pageRoutes.map(({ path, searchParams }) => [path, Object.keys(searchParams)])).toEqual([
      ['/', ['area']],
      ['/overview', ['area', 'period']],
      ['/compare', ['metric', 'period', 'region', 'programme']],
      ['/trends', ['metric', 'area']],
      ['/programmes', ['subject', 'metric']],
      ['/data', []],
      ['/metrics/:id', []],
    ]);
  });

  it('are built for the delayed transfers page at /, compare, trends and the definitions so far', () => {
    expect(builtPageRoutes.map((route) => route.path)).toEqual(['/', '/compare', '/trends', '/metrics/:id']);
    expect(navigationRoutes.map((route) => route.path)).toEqual(['/', '/compare', '/trends']);
  });
});
