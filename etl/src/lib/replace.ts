import type pg from 'pg';

/**
 * Runs a DELETE (written without RETURNING) over rows that carry a load_id, and returns the loads whose rows
 * it deleted: a source's deletePeriod reports them, and the loader marks them as revised by the new load.
 */
export async function deleteFromLoads(client: pg.ClientBase, deleteSql: string, params: unknown[]): Promise<string[]> {
  const { rows } = await client.query<{ load_id: string }>(
    `WITH deleted AS (${deleteSql} RETURNING load_id) SELECT DISTINCT load_id::text AS load_id FROM deleted`,
    params,
  );
  return rows.map((row) => row.load_id);
}

/** The loads of several deletes, once each. */
export function unionOfLoads(...loads: string[][]): string[] {
  return [...new Set(loads.flat())];
}

/**
 * Deletes the rows of earlier loads that this load brings again (same `matchColumns`): in a multi-metric
 * source, a file revises only the metrics and periods it holds, not every load whose dates overlap it.
 * Returns the loads that lost rows.
 */
export async function replaceMatching(
  client: pg.ClientBase,
  table: string,
  loadId: string,
  matchColumns: readonly string[],
): Promise<string[]> {
  const matches = matchColumns
    .map((column) => `earlier.${column} IS NOT DISTINCT FROM revised.${column}`)
    .join(' AND ');
  return deleteFromLoads(
    client,
    `DELETE FROM ${table} AS earlier
     USING (SELECT DISTINCT ${matchColumns.join(', ')} FROM ${table} WHERE load_id = $1) AS revised
     WHERE earlier.load_id <> $1 AND ${matches}`,
    [loadId],
  );
}
