import type { Query } from '@cubejs-client/core';

export const DEFAULT_METRIC = 'delayed_days_per_100k';

export const members = {
  metricId: 'metrics.metric_id',
  metricName: 'metrics.metric_name',
  unit: 'metrics.unit',
  polarity: 'metrics.polarity',
  areaCode: 'metrics.area_code',
  areaName: 'metrics.area_name',
  areaType: 'metrics.area_type',
  regionCode: 'metrics.region_code',
  period: 'metrics.period',
  periodMonth: 'metrics.period.month',
  periodType: 'metrics.period_type',
  comparedToEngland: 'metrics.compared_to_england',
  value: 'metrics.value',
  lower95: 'metrics.lower_95',
  upper95: 'metrics.upper_95',
  rows: 'metrics.rows',
} as const;

/** The metrics and their grain (the period type the compare page shows). */
export const definitionsQuery: Query = {
  dimensions: ['metric_definitions.metric_id', 'metric_definitions.metric_name', 'metric_definitions.grain'],
  order: { 'metric_definitions.metric_name': 'asc' },
};

/** The periods a metric has at a period type. */
export function periodsQuery(metricId: string, periodType: string): Query {
  return {
    measures: [members.rows],
    timeDimensions: [{ dimension: members.period, granularity: 'month' }],
    filters: [
      { member: members.metricId, operator: 'equals', values: [metricId] },
      { member: members.periodType, operator: 'equals', values: [periodType] },
    ],
    order: { [members.period]: 'asc' },
  };
}

/** Every council, its region and England for one metric and period. */
export function areasQuery(metricId: string, periodType: string, month: string): Query {
  const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
  return {
    measures: [members.value, members.lower95, members.upper95],
    dimensions: [
      members.areaCode,
      members.areaName,
      members.areaType,
      members.regionCode,
      members.comparedToEngland,
      members.unit,
      members.polarity,
    ],
    timeDimensions: [{ dimension: members.period, dateRange: [`${month}-01`, last] }],
    filters: [
      { member: members.metricId, operator: 'equals', values: [metricId] },
      { member: members.periodType, operator: 'equals', values: [periodType] },
    ],
  };
}

export const programmesQuery: Query = {
  dimensions: ['programmes.pioneer_id', 'programmes.pioneer_name', 'programmes.wave', 'programmes.council_code'],
};
