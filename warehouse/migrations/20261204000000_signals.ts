import type { Knex } from 'knex';

/**
 * The signals computed with the metrics (etl/src/metrics): Making Data Count XmR charts of every metric series (one metric, area and period type at the metric's grain),
 * computed with the metric's values (etl/src/metrics/spc.ts): one row per point, with the limits of its group, the
 * plan's target for its period, and the variation and assurance of the series' latest point. Limits over the whole series, no rebase; other choices are computed
 * on request.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE derived.metric_spc (
      metric_id text NOT NULL,
      area_code text NOT NULL,
      period_type text NOT NULL,
      period_start date NOT NULL,
      period_end date NOT NULL,
      value double precision NOT NULL,
      mean double precision NOT NULL,
      lower_process_limit double precision,
      upper_process_limit double precision,
      lower_near_limit double precision,
      upper_near_limit double precision,
      moving_range double precision,
      rebase_group integer NOT NULL,
      special_cause_rule text,
      point_type text NOT NULL,
      improvement_direction text NOT NULL,
      target double precision,
      variation_icon text NOT NULL,
      assurance_icon text,
      warning text,
      PRIMARY KEY (metric_id, area_code, period_type, period_start)
    )`);
  // Each plan (marts.plans) against its metric: the actual for the plan's period, the baseline, the status.
  await knex.raw(`
    CREATE TABLE derived.plan_status (
      plan_id text PRIMARY KEY,
      status text NOT NULL,
      status_note text,
      actual_basis text,
      actual_through date,
      planned_value double precision,
      actual double precision,
      actual_lower_95 double precision,
      actual_upper_95 double precision,
      baseline_value double precision,
      baseline_source text,
      change double precision,
      change_percent double precision,
      change_significance text NOT NULL
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE derived.plan_status');
  await knex.raw('DROP TABLE derived.metric_spc');
}
