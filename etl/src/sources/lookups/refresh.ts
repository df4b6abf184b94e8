import type pg from 'pg';

/** Materialised views derived from lookups and population estimates; refreshed by the loads that change them. */
export const GEOGRAPHY_VIEWS = ['marts.dim_geography', 'staging.ccg_council_shares'];

/** Rebuilds the geography dimension and the CCG-to-council shares inside the load's transaction. */
export async function refreshGeography(client: pg.ClientBase): Promise<void> {
  for (const view of GEOGRAPHY_VIEWS) await client.query(`REFRESH MATERIALIZED VIEW ${view}`);
}
