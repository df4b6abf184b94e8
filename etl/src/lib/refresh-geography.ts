import type pg from 'pg';
import { materializedModels } from '../../../warehouse/src/models.js';
import type { DerivedViews } from '../sources/types.js';

/**
 * The materialised models (warehouse/models, `-- materialized: true`): the geography dimension and the CCG-to-council
 * shares, built from lookups and population estimates. The loads that change those refresh them.
 */
export const GEOGRAPHY_VIEWS = materializedModels();

/** Rebuilds them inside the load's transaction, in dependency order. */
export async function refreshGeography(client: pg.ClientBase): Promise<void> {
  for (const view of GEOGRAPHY_VIEWS) await client.query(`REFRESH MATERIALIZED VIEW ${view}`);
}

/** What a lookups or population file's `refreshes` names. */
export const GEOGRAPHY: DerivedViews = { views: GEOGRAPHY_VIEWS, refresh: refreshGeography };
