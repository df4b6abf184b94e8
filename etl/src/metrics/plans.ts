import type pg from 'pg';
import type { MetricDefinition } from './definitions.js';
import { monthIndex } from './periods.js';

/** A plan's planned value for one metric and area over a period (marts.plans). */
export interface Plan {
  area_code: string;
  period_start: string;
  period_end: string;
  planned_value: number;
  plan_type: string;
  baseline_period_start: string | null;
}

/** The plans of a metric with a planned value, the latest period first (then by plan type): the order targets take. */
export async function plansOf(client: pg.ClientBase | pg.Pool, metricId: string): Promise<Plan[]> {
  const { rows } = await client.query<Plan>(
    `SELECT area_code, period_start::text, period_end::text, planned_value::float8 AS planned_value, plan_type,
            baseline_period_start::text
     FROM marts.plans WHERE metric_id = $1 AND planned_value IS NOT NULL
     ORDER BY area_code, period_start DESC, plan_type`,
    [metricId],
  );
  return rows;
}

const monthsOf = (start: string, end: string) => monthIndex(end) - monthIndex(start) + 1;

/**
 * A value for one period as it would be for a period of another length. A rate over a population (numerators added
 * over time, the denominator averaged: `aggregate.denominator: mean`) scales with the months, so a year's plan of
 * 1,200 per 100,000 is 100 a month; a proportion, a rate over events and a published value do not.
 */
export function scaledToPeriod(
  definition: MetricDefinition,
  value: number,
  from: { start: string; end: string },
  to: { start: string; end: string },
): number {
  if (definition.aggregate?.denominator !== 'mean') return value;
  return (value * monthsOf(to.start, to.end)) / monthsOf(from.start, from.end);
}

/** A plan's value for a period of another length (scaledToPeriod). */
export function plannedValueFor(definition: MetricDefinition, plan: Plan, start: string, end: string): number {
  return scaledToPeriod(
    definition,
    plan.planned_value,
    { start: plan.period_start, end: plan.period_end },
    { start, end },
  );
}

/** The plan of an area whose period holds a date, if any (plans in plansOf's order). */
export function planCovering(plans: readonly Plan[], areaCode: string, date: string): Plan | undefined {
  return plans.find((plan) => plan.area_code === areaCode && plan.period_start <= date && date <= plan.period_end);
}
