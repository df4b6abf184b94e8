import type pg from 'pg';
import { crudeRate, proportion } from '../statistics/index.js';
import { definitionFor, type MetricDefinition, multiplierOf } from './definitions.js';
import { insertDerivedRows } from './derived-rows.js';
import { periodEndOf } from './periods.js';
import { type Plan, plannedValueFor, scaledToPeriod } from './plans.js';
import { type Comparison, comparison } from './vocabulary.js';

/** A plan's status in the Better Care Fund's words: the one list the refresh writes and the README documents. */
export const PLAN_STATUSES = [
  'on_track',
  'not_on_track',
  'improved_not_on_track',
  'no_improvement',
  'data_not_available',
] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

interface PlanRow extends Plan {
  plan_id: string;
  metric_id: string;
  baseline_period_start: string | null;
  baseline_period_end: string | null;
  baseline_value: number | null;
}

interface ValueRow {
  period_type: string;
  period_start: string;
  period_end: string;
  value: number | null;
  lower_95: number | null;
  upper_95: number | null;
  numerator: number | null;
  denominator: number | null;
}

interface Actual {
  value: number;
  lower95: number | null;
  upper95: number | null;
  /** The last day the actual covers: the plan's end, or the last month in for a period still running. */
  through: string;
}

/**
 * Every plan's status again (derived.plan_status), from the plans and the metric values now in the warehouse: run by
 * the metrics refresh after the values, in the same transaction.
 */
export async function refreshPlanStatus(
  client: pg.ClientBase,
  definitions: readonly MetricDefinition[],
): Promise<number> {
  await client.query('DELETE FROM derived.plan_status');
  const { rows: plans } = await client.query<PlanRow>(
    `SELECT plan_id, metric_id, area_code, plan_type, period_start::text, period_end::text,
            planned_value::float8 AS planned_value, baseline_period_start::text, baseline_period_end::text,
            baseline_value::float8 AS baseline_value
     FROM marts.plans WHERE planned_value IS NOT NULL ORDER BY plan_id`,
  );
  // Each plan's metric rows over its period, and the metric's value for its baseline period: two queries for all.
  const { rows: values } = await client.query<ValueRow & { plan_id: string }>(
    `SELECT p.plan_id, v.period_type, v.period_start::text, v.period_end::text, v.value, v.lower_95, v.upper_95,
            v.numerator::float8 AS numerator, v.denominator::float8 AS denominator
     FROM marts.plans AS p
     INNER JOIN derived.metric_values AS v
       ON v.metric_id = p.metric_id AND v.area_code = p.area_code
       AND v.period_start <= p.period_end AND v.period_end >= p.period_start
     WHERE p.planned_value IS NOT NULL
     ORDER BY p.plan_id, v.period_start, v.period_type`,
  );
  const { rows: baselines } = await client.query<{ plan_id: string; value: number }>(
    `SELECT p.plan_id, v.value
     FROM marts.plans AS p
     INNER JOIN derived.metric_values AS v
       ON v.metric_id = p.metric_id AND v.area_code = p.area_code
       AND v.period_start = p.baseline_period_start AND v.period_end = p.baseline_period_end
     WHERE p.planned_value IS NOT NULL AND p.baseline_value IS NULL AND v.value IS NOT NULL`,
  );
  const valuesOf = new Map<string, ValueRow[]>();
  for (const row of values) valuesOf.set(row.plan_id, [...(valuesOf.get(row.plan_id) ?? []), row]);
  const metricBaseline = new Map(baselines.map((row) => [row.plan_id, row.value]));
  const statuses = plans.map((plan) => {
    const definition = definitionFor(definitions, plan.metric_id);
    const baseline =
      plan.baseline_value !== null
        ? { value: plan.baseline_value, source: 'plan' as const }
        : metricBaseline.has(plan.plan_id)
          ? { value: metricBaseline.get(plan.plan_id)!, source: 'metric' as const }
          : null;
    const rows = definition === undefined ? [] : (valuesOf.get(plan.plan_id) ?? []);
    return { plan_id: plan.plan_id, ...statusOf(plan, definition, rows, baseline) };
  });
  await insertDerivedRows(client, 'derived.plan_status', statuses);
  return statuses.length;
}

/**
 * The status rule (polarity decides what better means):
 * - data_not_available: no metric, no actual for the period (nor a month of it yet), or a metric without polarity;
 * - on_track: the actual is at or better than the plan (for a period still running, the plan and the baseline scaled
 *   to the months in: scaledToPeriod);
 * - improved_not_on_track: short of the plan, but better than the baseline beyond the actual's 95% interval;
 * - no_improvement: short of the plan, and not better than the baseline (similar or worse);
 * - not_on_track: short of the plan, with no baseline (or no interval) to say whether it improved.
 */
export function statusOf(
  plan: PlanRow,
  definition: MetricDefinition | undefined,
  values: readonly ValueRow[],
  baseline: { value: number; source: 'plan' | 'metric' } | null,
) {
  const unavailable = (note: string) => ({
    status: 'data_not_available' as PlanStatus,
    status_note: note,
    actual_basis: null,
    actual_through: null,
    planned_value: plan.planned_value,
    actual: null,
    actual_lower_95: null,
    actual_upper_95: null,
    baseline_value: baseline?.value ?? null,
    baseline_source: baseline?.source ?? null,
    change: null,
    change_percent: null,
    change_significance: 'not_compared' as Comparison,
  });
  if (definition === undefined) return unavailable(`no metric ${plan.metric_id} is defined`);
  if (definition.polarity === 'no_judgement') return unavailable(`${plan.metric_id} has no polarity to judge by`);
  const whole = values.find((row) => row.period_start === plan.period_start && row.period_end === plan.period_end);
  const actual = whole?.value != null ? fromRow(whole) : yearToDate(definition, plan, values);
  if (actual === null) return unavailable(`no ${definition.short_name} for ${plan.area_code} in the plan's period yet`);
  const planned = plannedValueFor(definition, plan, plan.period_start, actual.through);
  // A baseline (a year, say) measured against the months of the actual: scaled as the plan is (a baseline
  // without its period stands for one as long as the plan's).
  const baselineValue =
    baseline === null
      ? null
      : scaledToPeriod(
          definition,
          baseline.value,
          {
            start: plan.baseline_period_start ?? plan.period_start,
            end: plan.baseline_period_end ?? plan.period_end,
          },
          { start: plan.period_start, end: actual.through },
        );
  const better = (a: number, b: number) => (definition.polarity === 'high_is_good' ? a >= b : a <= b);
  const significance =
    baselineValue === null
      ? 'not_compared'
      : comparison(actual.lower95, actual.upper95, baselineValue, definition.polarity);
  const status: PlanStatus = better(actual.value, planned)
    ? 'on_track'
    : significance === 'better'
      ? 'improved_not_on_track'
      : significance === 'similar' || significance === 'worse'
        ? 'no_improvement'
        : 'not_on_track';
  const change = baselineValue === null ? null : actual.value - baselineValue;
  // A gap stops the year to date: say so when months after it are in.
  const after = values.find((row) => row.period_type === 'month' && row.period_start > actual.through);
  return {
    status,
    status_note:
      actual.through !== plan.period_end && after !== undefined
        ? `months missing after ${actual.through}: the year to date stops there (${after.period_start.slice(0, 7)} is in)`
        : null,
    actual_basis: actual.through === plan.period_end ? 'whole_period' : 'year_to_date',
    actual_through: actual.through,
    planned_value: planned,
    actual: actual.value,
    actual_lower_95: actual.lower95,
    actual_upper_95: actual.upper95,
    baseline_value: baselineValue,
    baseline_source: baseline?.source ?? null,
    change,
    change_percent: change === null || baselineValue === 0 ? null : (100 * change) / baselineValue!,
    change_significance: significance,
  };
}

const fromRow = (row: ValueRow): Actual => ({
  value: row.value!,
  lower95: row.lower_95,
  upper95: row.upper_95,
  through: row.period_end,
});

/**
 * A period still running: its months so far (every one from the plan's start, none missing), numerators added and
 * denominators averaged or added as the metric's `aggregate` says, by the metric's method. Crude rates and
 * proportions only (a DSR needs its age bands).
 */
function yearToDate(definition: MetricDefinition, plan: PlanRow, values: readonly ValueRow[]): Actual | null {
  if (definition.grain !== 'month' || definition.aggregate === undefined) return null;
  if (definition.method !== 'crude_rate' && definition.method !== 'proportion') return null;
  const months: ValueRow[] = [];
  for (const row of values) {
    if (row.period_type !== 'month') continue;
    const expected = months.length === 0 ? plan.period_start : nextDay(months.at(-1)!.period_end);
    if (row.period_start !== expected || row.numerator === null || row.denominator === null) break;
    months.push(row);
  }
  if (months.length === 0) return null;
  const numerator = months.reduce((sum, row) => sum + row.numerator!, 0);
  const denominators = months.reduce((sum, row) => sum + row.denominator!, 0);
  const denominator = definition.aggregate.denominator === 'mean' ? denominators / months.length : denominators;
  const multiplier = { multiplier: multiplierOf(definition) };
  const estimate =
    definition.method === 'crude_rate'
      ? crudeRate(numerator, denominator, multiplier)
      : proportion(numerator, denominator, multiplier);
  if (estimate.value === null) return null;
  return {
    value: estimate.value,
    lower95: estimate.lower95,
    upper95: estimate.upper95,
    through: periodEndOf(months.at(-1)!.period_start, 'month'),
  };
}

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
