import type { Knex } from 'knex';

/**
 * Figures held as numeric(8, 2) overflowed at 1,000,000 (an England sum, or one mistyped figure, made every view
 * over them fail with `numeric field overflow`) and silently rounded a published third decimal. Unconstrained
 * numeric holds any figure a publication can print; the loader refuses what is not a finite number.
 */
const WIDENED = [
  { table: 'raw.dtoc_delayed_days', column: 'delayed_days' },
  { table: 'raw.dtoc_collated_delayed_days', column: 'delayed_days' },
  { table: 'raw.sitrep_values', column: 'value' },
] as const;

export async function up(knex: Knex): Promise<void> {
  for (const { table, column } of WIDENED) await knex.raw(`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE numeric`);
}

/** Back to numeric(8, 2): fails, changing nothing, if a value no longer fits. */
export async function down(knex: Knex): Promise<void> {
  for (const { table, column } of WIDENED)
    await knex.raw(`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE numeric(8, 2)`);
}
