import type pg from 'pg';
import { GEOGRAPHY_VIEWS, refreshGeography } from './lib/refresh-geography.js';
import { refreshMetrics } from './metrics/refresh.js';

export interface RevertResult {
  loadId: string;
  fileName: string;
  /** Rows of the load that were removed. */
  removedRows: number;
  /** Rows it had replaced, reinstated, by the load they came from. */
  reinstated: { loadId: string; rows: number }[];
}

/** What reverting a load would do, or why it cannot be reverted. */
export interface RevertPlan {
  load: {
    load_id: string;
    source: string;
    file_name: string;
    superseded_by: string | null;
    reverted_at: string | null;
  };
  reinstates: { loadId: string; rows: number }[];
}

/** Tables with rows of loads (every one that has a load_id), but the load records themselves. */
async function tablesWithLoads(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT format('%I.%I', c.table_schema, c.table_name) AS name
     FROM information_schema.columns AS c
     JOIN information_schema.tables AS t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.column_name = 'load_id' AND t.table_type = 'BASE TABLE' AND c.table_schema IN ('raw', 'marts')
       AND c.table_name NOT IN ('loads', 'rejected_rows', 'replaced_rows')
     ORDER BY 1`,
  );
  return rows.map((row) => row.name);
}

export async function planRevert(client: pg.ClientBase, loadId: string): Promise<RevertPlan> {
  const { rows } = await client.query<RevertPlan['load']>(
    'SELECT load_id, source, file_name, superseded_by, reverted_at::text FROM raw.loads WHERE load_id = $1',
    [loadId],
  );
  const load = rows[0];
  if (!load) throw new Error(`there is no load ${loadId} (see 'npm run etl -- status')`);
  const reinstates = await client.query<{ load_id: string; rows: number }>(
    `SELECT load_id::text, count(*)::int AS rows FROM raw.replaced_rows WHERE replaced_by = $1 GROUP BY 1 ORDER BY 1`,
    [loadId],
  );
  return { load, reinstates: reinstates.rows.map((r) => ({ loadId: r.load_id, rows: r.rows })) };
}

/**
 * Undoes a load in one transaction: removes its rows from every table, reinstates the rows it replaced (kept in
 * raw.replaced_rows), makes the loads it superseded current again and marks it reverted (its raw.loads row stays,
 * for lineage). A load that a later one has replaced in turn cannot be reverted before that later one.
 */
export async function revertLoad(client: pg.ClientBase, loadId: string): Promise<RevertResult> {
  if (!/^\d+$/.test(loadId)) throw new Error(`a load id is a number (see 'npm run etl -- status'), not '${loadId}'`);
  await client.query('BEGIN');
  try {
    const { load, reinstates } = await planRevert(client, loadId);
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`joined-up:load:${load.source}`]);
    if (load.reverted_at)
      throw new Error(`load ${loadId} (${load.file_name}) was reverted already, at ${load.reverted_at}`);
    if (load.superseded_by) {
      throw new Error(
        `load ${loadId} (${load.file_name}) was replaced in part by load ${load.superseded_by}: revert load ${load.superseded_by} first`,
      );
    }
    let removedRows = 0;
    const changed = new Set<string>(GEOGRAPHY_VIEWS);
    for (const table of await tablesWithLoads(client)) {
      const removed = (await client.query(`DELETE FROM ${table} WHERE load_id = $1`, [loadId])).rowCount ?? 0;
      if (removed > 0) changed.add(table);
      removedRows += removed;
    }
    const { rows: tables } = await client.query<{ table_name: string }>(
      'SELECT DISTINCT table_name FROM raw.replaced_rows WHERE replaced_by = $1',
      [loadId],
    );
    for (const { table_name } of tables) {
      changed.add(table_name);
      await client.query(
        `INSERT INTO ${table_name} SELECT (jsonb_populate_record(NULL::${table_name}, row_data)).*
         FROM raw.replaced_rows WHERE replaced_by = $1 AND table_name = $2`,
        [loadId, table_name],
      );
    }
    await client.query('DELETE FROM raw.replaced_rows WHERE replaced_by = $1', [loadId]);
    await client.query('UPDATE raw.loads SET superseded_by = NULL WHERE superseded_by = $1', [loadId]);
    await client.query('UPDATE raw.loads SET reverted_at = now() WHERE load_id = $1', [loadId]);
    await refreshGeography(client);
    await refreshMetrics(client, { tables: [...changed] });
    await client.query('COMMIT');
    return { loadId, fileName: load.file_name, removedRows, reinstated: reinstates };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

export function formatRevert(result: RevertResult): string {
  const reinstated = result.reinstated.length
    ? `; reinstated ${result.reinstated.map((r) => `${r.rows.toLocaleString('en-GB')} rows of load ${r.loadId}`).join(', ')}`
    : '; it had replaced nothing';
  return `load ${result.loadId} (${result.fileName}) reverted: removed its ${result.removedRows.toLocaleString('en-GB')} rows${reinstated}`;
}
