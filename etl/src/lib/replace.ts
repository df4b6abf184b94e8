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
