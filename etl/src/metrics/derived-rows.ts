import type pg from 'pg';

const INSERT_BATCH = 20_000;

/**
 * Writes rows into a table of schema `derived` as JSON, in batches (one parameter per batch, not one per value):
 * each row's keys are the table's column names; `columns` names them where the table has others with defaults.
 */
export async function insertDerivedRows(
  client: pg.ClientBase,
  table: `derived.${string}`,
  rows: readonly object[],
  columns?: readonly string[],
): Promise<void> {
  const [into, select] = columns === undefined ? ['', '*'] : [` (${columns.join(', ')})`, columns.join(', ')];
  for (let start = 0; start < rows.length; start += INSERT_BATCH) {
    await client.query(
      `INSERT INTO ${table}${into} SELECT ${select} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`,
      [JSON.stringify(rows.slice(start, start + INSERT_BATCH))],
    );
  }
}
