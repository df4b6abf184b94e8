import type { Knex } from 'knex';
import * as baseline from './20261201000000_baseline.js';
import * as keepReplacedRows from './20261201000200_keep_replaced_rows.js';
import * as widenDelayedDays from './20261202000000_widen_delayed_days.js';
import * as metricValues from './20261203000000_metric_values.js';
import * as signals from './20261204000000_signals.js';

/**
 * Migrations in order: tables, indexes and reference data only (views are models, warehouse/models). Listed
 * statically so that they run the same under tsx, vitest and a bundler. A migration that has run is never edited.
 */
const MIGRATIONS: Record<string, Knex.Migration> = {
  '20261201000000_baseline': baseline,
  '20261201000200_keep_replaced_rows': keepReplacedRows,
  '20261202000000_widen_delayed_days': widenDelayedDays,
  '20261203000000_metric_values': metricValues,
  '20261204000000_signals': signals,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name]!,
};
