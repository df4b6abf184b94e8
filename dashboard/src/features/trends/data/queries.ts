import type { Query } from '@cubejs-client/core';

export const DEFAULT_METRIC = 'delayed_days_per_100k';
export const DEFAULT_AREA_CODE = 'E10000032';

export const members = {
  metricId: 'metric_spc.metric_id',
  metricName: 'metric_spc.metric_name',
  unit: 'metric_spc.unit',
  polarity: 'metric_spc.polarity',
  areaCode: 'metric_spc.area_code',
  areaName: 'metric_spc.area_name',
  period: 'metric_spc.period',
  periodMonth: 'metric_spc.period.month',
  periodType: 'metric_spc.period_type',
  pointType: 'metric_spc.point_type',
  rule: 'metric_spc.special_cause_rule',
  variationIcon: 'metric_spc.variation_icon',
  assuranceIcon: 'metric_spc.assurance_icon',
  warning: 'metric_spc.warning',
  value: 'metric_spc.value',
  mean: 'metric_spc.mean',
  lowerLimit: 'metric_spc.lower_process_limit',
  upperLimit: 'metric_spc.upper_process_limit',
  target: 'metric_spc.target',
  points: 'metric_spc.points',
} as const;

/** Every metric and area that has a chart: the choices of the page's two lists. */
export const chartsQuery: Query = {
  measures: [members.points],
  dimensions: [members.metricId, members.metricName, members.areaCode, members.areaName],
  order: { [members.metricName]: 'asc', [members.areaName]: 'asc' },
};

/** One series' points, oldest first. */
export function chartQuery(metricId: string, areaCode: string): Query {
  return {
    measures: [members.value, members.mean, members.lowerLimit, members.upperLimit, members.target],
    dimensions: [
      members.periodType,
      members.pointType,
      members.rule,
      members.variationIcon,
      members.assuranceIcon,
      members.warning,
      members.unit,
      members.polarity,
    ],
    timeDimensions: [{ dimension: members.period, granularity: 'month' }],
    filters: [
      { member: members.metricId, operator: 'equals', values: [metricId] },
      { member: members.areaCode, operator: 'equals', values: [areaCode] },
    ],
    order: { [members.period]: 'asc' },
  };
}
