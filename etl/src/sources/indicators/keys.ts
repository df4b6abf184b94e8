import type pg from 'pg';
import { InputError } from '../../lib/errors.js';

/**
 * Rows of one load that share a key are bad input: the second one is named with the row of the first.
 * Checked in the database after COPY so that the file streams through with flat memory.
 */
export async function assertNoDuplicates(client: pg.ClientBase, table: string, loadId: string, keyColumns: string[], file: string, keyName: string): Promise<void> {
  const { rows } = await client.query<{ first_row: number; second_row: number }>(
    `SELECT rows[1] AS first_row, rows[2] AS second_row
     FROM (
       SELECT array_agg(row_number ORDER BY row_number) AS rows
       FROM ${table}
       WHERE load_id = $1
       GROUP BY ${keyColumns.join(', ')}
       HAVING count(*) > 1
     ) AS duplicates
     ORDER BY rows[2]
     LIMIT 1`,
    [loadId],
  );
  const duplicate = rows[0];
  if (duplicate) throw new InputError({ file, row: duplicate.second_row }, `duplicate row: the same ${keyName} as row ${duplicate.first_row}`);
}

/**
 * Deletes the rows of earlier loads that this load brings again (same `matchColumns`), then clears the
 * loader's superseded mark from loads that keep rows: in a multi-metric source, a file revises only the
 * metrics and periods it holds, not every load whose dates overlap it.
 */
export async function replaceMatching(client: pg.ClientBase, table: string, loadId: string, matchColumns: string[], source: string): Promise<number> {
  const matches = matchColumns.map((column) => `earlier.${column} IS NOT DISTINCT FROM revised.${column}`).join(' AND ');
  const deleted = await client.query(
    `DELETE FROM ${table} AS earlier
     USING (SELECT DISTINCT ${matchColumns.join(', ')} FROM ${table} WHERE load_id = $1) AS revised
     WHERE earlier.load_id <> $1 AND ${matches}`,
    [loadId],
  );
  await client.query(
    `UPDATE raw.loads SET superseded_by = NULL
     WHERE superseded_by = $1 AND source = $2 AND EXISTS (SELECT 1 FROM ${table} AS kept WHERE kept.load_id = raw.loads.load_id)`,
    [loadId, source],
  );
  return deleted.rowCount ?? 0;
}
