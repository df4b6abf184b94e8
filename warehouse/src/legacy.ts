import type { Knex } from 'knex';

/** The migrations of November 2026 that 20261201000000_baseline squashes, in the order they ran. */
const SQUASHED = [
  '20261123000100_create_lineage_and_reference',
  '20261123000200_create_population_and_dtoc',
  '20261123000250_create_layers_and_dimensions',
  '20261123000300_create_geography',
  '20261123000400_create_programme_and_metrics',
  '20261123000500_create_mar_admissions',
  '20261123000600_create_discharge_sitrep',
  '20261123000700_create_admission_extracts',
  '20261123000800_create_delayed_transfer_breakdowns',
  '20261123000900_add_collated_delayed_transfers',
  '20261123001000_add_load_file_bytes',
  '20261123001100_drop_admission_counts_key',
];

export const BASELINE = '20261201000000_baseline';

/**
 * A warehouse made before the squash has all twelve migrations recorded and the tables the baseline creates (its
 * views are rebuilt from the models like any other): record it as at the baseline instead. Returns true when it did.
 * A warehouse with only some of them stopped part-way through an upgrade of its own and cannot be taken over.
 */
export async function adoptSquashedMigrations(knex: Knex): Promise<boolean> {
  if (!(await knex.schema.withSchema('public').hasTable('knex_migrations'))) return false;
  const rows: { name: string; batch: number }[] = await knex('public.knex_migrations').select('name', 'batch');
  const applied = new Set(rows.map((row) => row.name));
  const squashed = SQUASHED.filter((name) => applied.has(name));
  if (squashed.length === 0) return false;
  if (squashed.length < SQUASHED.length) {
    const missing = SQUASHED.filter((name) => !applied.has(name));
    throw new Error(
      `This warehouse stopped part-way through the migrations of an earlier Joined Up (not run: ${missing.join(', ')}). ` +
        'Start it once with that version (git checkout 8a52c1e && npm install && npm start) to finish them, then ' +
        'return to this one; or, if it holds nothing you need, delete its data folder (.data/) and start again.',
    );
  }
  await knex.transaction(async (trx) => {
    await trx('public.knex_migrations').whereIn('name', SQUASHED).delete();
    await trx('public.knex_migrations').insert({
      name: BASELINE,
      batch: Math.max(...rows.map((row) => row.batch)),
      migration_time: new Date(),
    });
  });
  return true;
}
