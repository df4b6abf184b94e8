import { QueryCache, type QueryWithParams } from '@cubejs-backend/query-orchestrator';

type LoadOptions = Parameters<QueryCache['loadRefreshKeys']>[2];

/**
 * The one refresh key of every cube (cube/server/model-repository.ts gives it to each): what the warehouse serves
 * changes only with a load or a revert (raw.loads), a model build, or a computation of the metrics.
 */
export const WAREHOUSE_REFRESH_KEY = {
  sql: [
    "SELECT concat_ws(':', max(load_id), count(*), count(reverted_at),",
    '(SELECT max(built_at) FROM public.warehouse_model_builds),',
    '(SELECT max(refreshed_at) FROM derived.metric_refreshes))',
    'FROM raw.loads',
  ].join(' '),
  every: '1 second',
} as const;

let installed = false;

/**
 * Makes Cube evaluate the cubes' refresh keys before every query, so that the first answer after a load, a revision
 * or a revert commits is already the new one.
 *
 * Every cube's `refresh_key` (WAREHOUSE_REFRESH_KEY) is a query on raw.loads and the model builds, and Cube caches each
 * answer against the keys' values. But Cube 0.32 answers a request with the value a key had when last checked and
 * checks it again in the background ("refresh key queries are never awaited in foreground unless the cache is
 * empty", `QueryCache.loadRefreshKeys`), at most every `every` (1 second at least): so the first request after a
 * load got the figures it replaced, and `renewQuery` still did within the second. Here each key is fetched without
 * its cached value (`forceNoCache`), which the request then waits for: one small query on raw.loads per request
 * (Cube's queue runs identical keys once, and every cube has the same key), after which an unchanged key still
 * serves the cached answer. The rest of `loadRefreshKeys` is as in @cubejs-backend/query-orchestrator 0.32.30,
 * which the lockfile pins; tests/cube/fresh-after-load.test.ts fails if an upgrade changes the behaviour.
 */
export function checkRefreshKeysOnEveryQuery(): void {
  if (installed) return;
  installed = true;
  QueryCache.prototype.loadRefreshKeys = function (
    this: QueryCache,
    cacheKeyQueries: QueryWithParams[],
    expireSecs: number,
    options: LoadOptions,
  ) {
    return cacheKeyQueries.map((keyQuery) => {
      // Cube passes [sql, params, options]; a bare SQL string is allowed too.
      const [query, values, queryOptions]: QueryWithParams = Array.isArray(keyQuery)
        ? keyQuery
        : [keyQuery as string, []];
      return this.cacheQueryResult(query, values as string[], [query, values as string[]], expireSecs, {
        renewalKey: keyQuery,
        forceNoCache: true,
        requestId: options.requestId,
        dataSource: options.dataSource,
        external: queryOptions?.external,
      });
    });
  };
}
