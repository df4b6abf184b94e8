import type pg from 'pg';
import { InputError } from '../../lib/errors.js';
import { deleteFromLoads } from '../../lib/replace.js';

/**
 * Rows of one load that share a key are bad input: the second one is named with the row of the first.
 * Checked in the database after COPY so that the file streams through with flat memory.
 */
export async function assertNoDuplicates(
  client: pg.ClientBase,
  table: string,
  loadId: string,
  keyColumns: string[],
  file: string,
  keyName: string,
): Promise<void> {
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
  if (duplicate)
    throw new InputError(
      { file, row: duplicate.second_row },
      `duplicate row: the same ${keyName} as row ${duplicate.first_row}`,
    );
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
  matchColumns: string[],
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
