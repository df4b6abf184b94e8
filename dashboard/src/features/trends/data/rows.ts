import type { ResultSet } from '@cubejs-client/core';
import { toCsvText } from '../../../lib/csv';
import { toNumber, toText } from '../../../lib/cube-values';
import type { Polarity } from '../../../lib/measure-meta';
import { members } from './queries';

type CubeRow = Record<string, unknown>;

export type ChartChoice = { metricId: string; metricName: string; areaCode: string; areaName: string };

export type SpcPoint = {
  month: string;
  periodType: string;
  value: number;
  mean: number | null;
  lowerLimit: number | null;
  upperLimit: number | null;
  target: number | null;
  pointType: string;
  rule: string | null;
};

export type SpcChartData = {
  points: SpcPoint[];
  unit: string;
  polarity: Polarity;
  variationIcon: string | null;
  assuranceIcon: string | null;
  warning: string | null;
};

export function selectChoices(resultSet: ResultSet): ChartChoice[] {
  return resultSet.tablePivot().flatMap((row: CubeRow) => {
    const metricId = toText(row[members.metricId]);
    const areaCode = toText(row[members.areaCode]);
    if (metricId === null || areaCode === null) return [];
    return [
      {
        metricId,
        metricName: toText(row[members.metricName]) ?? metricId,
        areaCode,
        areaName: toText(row[members.areaName]) ?? areaCode,
      },
    ];
  });
}

/** The chart of one series: its points, and what the series' latest point says (icons, warning). */
export function toChartData(rows: readonly CubeRow[]): SpcChartData {
  // A published metric may come by several period types: the chart shows the one with the most points.
  const counts = new Map<string, number>();
  for (const row of rows) {
    const type = toText(row[members.periodType]) ?? '';
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  const periodType = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  const series = rows.filter((row) => (toText(row[members.periodType]) ?? '') === periodType);
  const points = series.flatMap((row): SpcPoint[] => {
    const value = toNumber(row[members.value]);
    const month = toText(row[members.periodMonth]);
    if (value === null || month === null) return [];
    return [
      {
        month: month.slice(0, 7),
        periodType,
        value,
        mean: toNumber(row[members.mean]),
        lowerLimit: toNumber(row[members.lowerLimit]),
        upperLimit: toNumber(row[members.upperLimit]),
        target: toNumber(row[members.target]),
        pointType: toText(row[members.pointType]) ?? 'common_cause',
        rule: toText(row[members.rule]),
      },
    ];
  });
  const first = series[0] ?? {};
  return {
    points,
    unit: toText(first[members.unit]) ?? '',
    polarity: toPolarity(toText(first[members.polarity])),
    variationIcon: toText(first[members.variationIcon]),
    assuranceIcon: toText(first[members.assuranceIcon]),
    warning: toText(first[members.warning]),
  };
}

const toPolarity = (value: string | null): Polarity =>
  value === 'high_is_good' || value === 'low_is_good' ? value : 'no_judgement';

// rawData, not tablePivot: the pivot gives a missing measure (no target) as 0.
export const selectChartData = (resultSet: ResultSet): SpcChartData => toChartData(resultSet.rawData());

/** Exactly the chart's data, one row a point. */
export function chartCsv(metricId: string, areaCode: string, points: readonly SpcPoint[]): string {
  return toCsvText(
    [
      'metric_id',
      'area_code',
      'period',
      'value',
      'mean',
      'lower_process_limit',
      'upper_process_limit',
      'target',
      'point_type',
      'special_cause_rule',
    ],
    points.map((point) => [
      metricId,
      areaCode,
      point.month,
      point.value,
      point.mean,
      point.lowerLimit,
      point.upperLimit,
      point.target,
      point.pointType,
      point.rule,
    ]),
  );
}
