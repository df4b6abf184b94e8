import type express from 'express';
import type pg from 'pg';
import { z } from 'zod';
import {
  definitionFor,
  type MetricDefinition,
  type PolicyPeriods,
  readDefinitions,
  readPolicyPeriods,
} from '../../etl/src/metrics/definitions.js';
import { planCovering, plannedValueFor, plansOf } from '../../etl/src/metrics/plans.js';
import { improvementDirectionOf } from '../../etl/src/metrics/vocabulary.js';
import { MINIMUM_FIX_AFTER_N_POINTS, xmrChart } from '../../etl/src/statistics/index.js';
import { apiRoute, BadRequest } from './api-route.js';

/**
 * GET /api/spc: one metric series' XmR chart with the choices the view metric_spc leaves at their defaults:
 * rebased at dates (given, the metric's Better Care Fund periods, or the plan's baseline), limits fixed after N points,
 * a target of one's own. Computed on request with the same module as the view (etl/src/statistics/spc.ts).
 */

const date = /^\d{4}-\d{2}-\d{2}$/;
const PARAMETERS = z.object({
  metric: z.string({ message: 'metric is required' }).min(1, 'metric is required'),
  area: z.string({ message: 'area is required' }).min(1, 'area is required'),
  period_type: z.string().min(1).optional(),
  rebase: z
    .string()
    .optional()
    .transform((value) => (value ? value.split(',').map((part) => part.trim()) : []))
    .refine(
      (parts) => parts.every((part) => part === 'policy_periods' || part === 'plan' || date.test(part)),
      'rebase must list dates (YYYY-MM-DD), policy_periods or plan, separated by commas',
    ),
  from: z.string().regex(date, 'from must be a date, YYYY-MM-DD').optional(),
  to: z.string().regex(date, 'to must be a date, YYYY-MM-DD').optional(),
  fix_after: z.coerce
    .number({ message: 'fix_after must be a whole number of points' })
    .int('fix_after must be a whole number of points')
    .min(MINIMUM_FIX_AFTER_N_POINTS, `fix_after must be at least ${MINIMUM_FIX_AFTER_N_POINTS} points`)
    .optional(),
  target: z
    .string()
    .regex(/^-?\d+(\.\d+)?$/, 'target must be a number')
    .transform(Number)
    .optional(),
});

interface Point {
  period_type: string;
  period_start: string;
  period_end: string;
  value: number;
}

export function spcRoute(options: { pool: pg.Pool; apiSecret: string }): express.RequestHandler {
  // The definition files as the server started with them (a change to them takes a restart, as for Cube's model).
  const definitions = readDefinitions();
  const policyPeriods = readPolicyPeriods();
  return apiRoute(options.apiSecret, PARAMETERS, (query) => chart(options.pool, query, definitions, policyPeriods));
}

async function chart(
  pool: pg.Pool,
  parameters: z.infer<typeof PARAMETERS>,
  definitions: readonly MetricDefinition[],
  policyPeriods: PolicyPeriods,
) {
  const definition = definitionFor(definitions, parameters.metric);
  if (definition === undefined) {
    throw new BadRequest(`metric: no metric "${parameters.metric}" (the view metric_definitions lists them)`);
  }
  const { rows } = await pool.query<Point>(
    `SELECT period_type, period_start::text, period_end::text, value FROM derived.metric_values
     WHERE metric_id = $1 AND area_code = $2 AND value IS NOT NULL ORDER BY period_type, period_start`,
    [definition.id, parameters.area],
  );
  const types = [...new Set(rows.map((row) => row.period_type))];
  const periodType =
    parameters.period_type ?? (definition.grain === 'as_published' ? types[0] : definition.grain) ?? definition.grain;
  // The limits are those of the series shown: the points from `from` to `to`.
  const series = rows.filter(
    (row) =>
      row.period_type === periodType &&
      (parameters.from === undefined || row.period_start >= parameters.from) &&
      (parameters.to === undefined || row.period_start <= parameters.to),
  );
  if (series.length === 0) {
    throw new BadRequest(
      types.length === 0
        ? `area: no ${definition.id} values for ${parameters.area}`
        : `period_type, from, to: no ${periodType} of ${definition.id} for ${parameters.area} there (it comes by ${types.join(', ')})`,
    );
  }
  const plans = await plansOf(pool, definition.id);
  const latest = series.at(-1)!;
  const plan = planCovering(plans, parameters.area, latest.period_start);
  const target =
    parameters.target ??
    (plan === undefined ? null : plannedValueFor(definition, plan, latest.period_start, latest.period_end));

  const rebaseDates = parameters.rebase.flatMap((part) => {
    if (part === 'policy_periods') return definition.policy_periods.map((id) => policyPeriods[id]!.from);
    if (part === 'plan') {
      if (plan === undefined) throw new BadRequest(`rebase: ${parameters.area} has no plan for ${definition.id}`);
      return [plan.baseline_period_start ?? plan.period_start];
    }
    return [part];
  });
  const rebaseAt = [
    ...new Set(
      rebaseDates
        .map((rebase) => {
          const index = series.findIndex((point) => point.period_start >= rebase);
          if (index < 0) {
            throw new BadRequest(`rebase: ${rebase} is after the series' last point (${latest.period_start})`);
          }
          return index;
        })
        // A rebase at or before the first point changes nothing.
        .filter((index) => index > 0),
    ),
  ].sort((a, b) => a - b);

  const result = xmrChart(
    series.map((point) => point.value),
    {
      improvementDirection: improvementDirectionOf(definition.polarity),
      rebaseAt,
      fixAfterNPoints: parameters.fix_after ?? null,
      target,
    },
  );
  const finite = (value: number) => (Number.isFinite(value) ? value : null);
  return {
    metric: { id: definition.id, name: definition.name, unit: definition.unit, polarity: definition.polarity },
    area_code: parameters.area,
    period_type: periodType,
    rebase: rebaseAt.map((index) => series[index]!.period_start),
    fix_after: parameters.fix_after ?? null,
    target,
    variation_icon: result.variationIcon,
    assurance_icon: result.assuranceIcon,
    warnings: result.warnings,
    points: result.points.map((point, i) => ({
      period_start: series[i]!.period_start,
      period_end: series[i]!.period_end,
      value: point.value,
      mean: finite(point.mean),
      lower_process_limit: finite(point.lowerProcessLimit),
      upper_process_limit: finite(point.upperProcessLimit),
      lower_near_limit: finite(point.lowerNearLimit),
      upper_near_limit: finite(point.upperNearLimit),
      moving_range: point.movingRange,
      rebase_group: point.rebaseGroup,
      special_cause_rule: point.specialCauseRule,
      point_type: point.pointType,
    })),
  };
}
