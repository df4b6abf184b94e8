import type { Knex } from 'knex';

/**
 * marts.admission_counts loses its primary key. The loader writes each month × council × age band × sex
 * cell of a load once, from counts it holds in memory, so the key checked nothing; building it cost more
 * than the rest of writing the counts (a second for a national extract). The table's size is bounded by
 * months × councils × 57 cells, whatever the number of records, so queries scan it quickly without an index.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE marts.admission_counts DROP CONSTRAINT admission_counts_pkey');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    'ALTER TABLE marts.admission_counts ADD PRIMARY KEY (load_id, period_month, area_code, age_band, sex)',
  );
}
