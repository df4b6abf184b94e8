import type pg from 'pg';

/**
 * Runs a DELETE (written without RETURNING) over rows that carry a load_id, keeps each deleted row in
 * raw.replaced_rows against the load under way (so that reverting it reinstates them), and returns the loads whose
 * rows it deleted: a source's deletePeriod reports them, and the loader marks them as revised by the new load.
 * Only inside a load: the loader names its load in the transaction setting joined_up.load_id.
 */
export async function deleteFromLoads(client: pg.ClientBase, deleteSql: string, params: unknown[]): Promise<string[]> {
  const target = /^\s*DELETE\s+FROM\s+([a-z_]+)\.([a-z_]+)(?:\s+AS\s+([a-z_]+))?/i.exec(deleteSql);
  if (!target) throw new Error(`not a DELETE FROM <schema>.<table>: ${deleteSql}`);
  const [, schema, table, alias] = target;
  const { rows } = await client.query<{ load_id: string }>(
    `WITH deleted AS (${deleteSql} RETURNING ${alias ?? table}.*),
     kept AS (
       INSERT INTO raw.replaced_rows (replaced_by, table_name, load_id, row_data)
       SELECT current_setting('joined_up.load_id')::bigint, '${schema}.${table}', d.load_id, to_jsonb(d) FROM deleted AS d
     )
     SELECT DISTINCT load_id::text AS load_id FROM deleted`,
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
