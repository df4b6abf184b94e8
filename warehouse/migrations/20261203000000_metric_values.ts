import type { Knex } from 'knex';

/**
 * Computed figures live in schema `derived`: not published rows (raw) and not views (models), but what the
 * metrics refresh (etl/src/metrics) writes from the models inside each load's transaction. One row per metric ×
 * area × period at each period type the metric allows; the definitions as the files in cube/metrics state them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE SCHEMA IF NOT EXISTS derived');
  await knex.raw(`
    CREATE TABLE derived.metric_definitions (
      metric_id text PRIMARY KEY,
      metric_name text NOT NULL,
      short_name text NOT NULL,
      description text NOT NULL,
      method text NOT NULL,
      multiplier numeric,
      unit text NOT NULL,
      polarity text NOT NULL,
      benchmark text NOT NULL,
      grain text NOT NULL,
      source text NOT NULL,
      licence text NOT NULL,
      source_url text,
      valid_from date,
      valid_to date,
      codes text NOT NULL,
      policy_periods text NOT NULL,
      standard_population text,
      small_numbers text,
      definition jsonb NOT NULL,
      file text NOT NULL
    )`);
  await knex.raw(`
    CREATE TABLE derived.metric_values (
      metric_id text NOT NULL,
      area_code text NOT NULL,
      period_start date NOT NULL,
      period_end date NOT NULL,
      period_type text NOT NULL,
      area_basis text NOT NULL,
      numerator numeric,
      denominator numeric,
      value double precision,
      lower_95 double precision,
      upper_95 double precision,
      lower_998 double precision,
      upper_998 double precision,
      value_note text,
      compared_to_england text NOT NULL,
      compared_to_england_998 text NOT NULL,
      compared_to_region text NOT NULL,
      trend text NOT NULL,
      computed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (metric_id, area_code, period_type, period_start)
    )`);
  await knex.raw('CREATE INDEX metric_values_area ON derived.metric_values (area_code, metric_id, period_start)');
  // Each full computation of the metrics, with the checksum of the definitions it used.
  await knex.raw(`
    CREATE TABLE derived.metric_refreshes (
      refreshed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      checksum text NOT NULL,
      metric_count integer NOT NULL,
      row_count integer NOT NULL
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP SCHEMA derived CASCADE');
}
