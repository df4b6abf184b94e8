import type pg from 'pg';
import { xmrChart } from '../statistics/index.js';
import type { MetricDefinition } from './definitions.js';
import { insertDerivedRows } from './derived-rows.js';
import { isPeriodType, periodsBetween } from './periods.js';
import { planCovering, plannedValueFor, plansOf } from './plans.js';
import { improvementDirectionOf } from './vocabulary.js';

/** What a metric's SPC reads besides its own values: the plans, for targets. */
export const SPC_TABLES_READ = ['raw.plans', 'staging.stg_plans_values', 'marts.plans'] as const;

interface SeriesPoint {
  area_code: string;
  period_type: string;
  period_start: string;
  period_end: string;
  value: number;
}

/**
 * The XmR chart of each series of one metric (an area at one period type: the metric's grain, or each type a
 * published metric comes in), from the values just written, with the target of each point's period from the plan
 * that covers it (scaled to the point's length: plannedValueFor).
 * Limits over the whole series, no rebase: the Making Data Count default. Runs in the caller's transaction.
 */
export async function refreshSpc(client: pg.ClientBase, definition: MetricDefinition): Promise<number> {
  await client.query('DELETE FROM derived.metric_spc WHERE metric_id = $1', [definition.id]);
  const { rows } = await client.query<SeriesPoint>(
    `SELECT area_code, period_type, period_start::text, period_end::text, value
     FROM derived.metric_values
     WHERE metric_id = $1 AND value IS NOT NULL AND ($2 = 'as_published' OR period_type = $2)
     ORDER BY area_code, period_type, period_start`,
    [definition.id, definition.grain],
  );
  const plans = await plansOf(client, definition.id);
  const targetOf = (point: SeriesPoint) => {
    const plan = planCovering(plans, point.area_code, point.period_start);
    return plan === undefined ? null : plannedValueFor(definition, plan, point.period_start, point.period_end);
  };
  const improvementDirection = improvementDirectionOf(definition.polarity);
  const points: object[] = [];
  for (const series of seriesOf(rows)) {
    const targets = series.map(targetOf);
    const chart = xmrChart(
      series.map((point) => point.value),
      { improvementDirection, target: targets.at(-1) },
    );
    const warning = [...chart.warnings, ...gapWarning(series)].join(' ') || null;
    for (const [i, point] of chart.points.entries()) {
      const row = series[i]!;
      points.push({
        metric_id: definition.id,
        area_code: row.area_code,
        period_type: row.period_type,
        period_start: row.period_start,
        period_end: row.period_end,
        value: point.value,
        mean: point.mean,
        lower_process_limit: finiteOrNull(point.lowerProcessLimit),
        upper_process_limit: finiteOrNull(point.upperProcessLimit),
        lower_near_limit: finiteOrNull(point.lowerNearLimit),
        upper_near_limit: finiteOrNull(point.upperNearLimit),
        moving_range: point.movingRange,
        rebase_group: point.rebaseGroup,
        special_cause_rule: point.specialCauseRule,
        point_type: point.pointType,
        improvement_direction: improvementDirection,
        target: targets[i],
        variation_icon: chart.variationIcon,
        assurance_icon: chart.assuranceIcon,
        warning,
      });
    }
  }
  await insertDerivedRows(client, 'derived.metric_spc', points);
  return points.length;
}

/** NaN limits (a group with no moving range to average) are stored as missing. */
const finiteOrNull = (value: number) => (Number.isFinite(value) ? value : null);

function* seriesOf(rows: readonly SeriesPoint[]): Generator<SeriesPoint[]> {
  let series: SeriesPoint[] = [];
  for (const row of rows) {
    const previous = series[0];
    if (previous !== undefined && (previous.area_code !== row.area_code || previous.period_type !== row.period_type)) {
      yield series;
      series = [];
    }
    series.push(row);
  }
  if (series.length > 0) yield series;
}

/** Periods missing inside a series: the chart joins the points either side, so a moving range spans the gap. */
function gapWarning(series: readonly SeriesPoint[]): string[] {
  const type = series[0]!.period_type;
  if (!isPeriodType(type)) return [];
  const missing = series.slice(1).reduce((count, point, i) => {
    return count + periodsBetween(series[i]!.period_start, point.period_start, type) - 1;
  }, 0);
  return missing > 0
    ? [
        `${missing} ${type === 'financial_year' ? 'year' : type}${missing === 1 ? '' : 's'} missing inside the series: the chart joins the points either side.`,
      ]
    : [];
}
