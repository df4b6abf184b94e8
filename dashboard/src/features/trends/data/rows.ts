import type { ResultSet } from '@cubejs-client/core';
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

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

// Cube returns numeric measures as strings.
const number = (value: unknown): number | null => {
  if (value === null || value === undefined || value === '') return null;
  const parsed = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(parsed) ? parsed : null;
};

export function selectChoices(resultSet: ResultSet): ChartChoice[] {
  return resultSet.tablePivot().flatMap((row: CubeRow) => {
    const metricId = text(row[members.metricId]);
    const areaCode = text(row[members.areaCode]);
    if (metricId === null || areaCode === null) return [];
    return [
      {
        metricId,
        metricName: text(row[members.metricName]) ?? metricId,
        areaCode,
        areaName: text(row[members.areaName]) ?? areaCode,
      },
    ];
  });
}

/** The chart of one series: its points, and what the series' latest point says (icons, warning). */
export function toChartData(rows: readonly CubeRow[]): SpcChartData {
  // A published metric may come by several period types: the chart shows the one with the most points.
  const counts = new Map<string, number>();
  for (const row of rows) {
    const type = text(row[members.periodType]) ?? '';
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  const periodType = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  const series = rows.filter((row) => (text(row[members.periodType]) ?? '') === periodType);
  const points = series.flatMap((row): SpcPoint[] => {
    const value = number(row[members.value]);
    const month = text(row[members.periodMonth]);
    if (value === null || month === null) return [];
    return [
      {
        month: month.slice(0, 7),
        periodType,
        value,
        mean: number(row[members.mean]),
        lowerLimit: number(row[members.lowerLimit]),
        upperLimit: number(row[members.upperLimit]),
        target: number(row[members.target]),
        pointType: text(row[members.pointType]) ?? 'common_cause',
        rule: text(row[members.rule]),
      },
    ];
  });
  const first = series[0] ?? {};
  return {
    points,
    unit: text(first[members.unit]) ?? '',
    polarity: toPolarity(text(first[members.polarity])),
    variationIcon: text(first[members.variationIcon]),
    assuranceIcon: text(first[members.assuranceIcon]),
    warning: text(first[members.warning]),
  };
}

const toPolarity = (value: string | null): Polarity =>
  value === 'high_is_good' || value === 'low_is_good' ? value : 'no_judgement';

// rawData, not tablePivot: the pivot gives a missing measure (no target) as 0.
export const selectChartData = (resultSet: ResultSet): SpcChartData => toChartData(resultSet.rawData());

const csvField = (value: string | number | null) => {
  if (value === null) return '';
  const field = String(value);
  return /[",\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
};

/** Exactly the chart's data, one row a point. */
export function chartCsv(metricId: string, areaCode: string, points: readonly SpcPoint[]): string {
  const header =
    'metric_id,area_code,period,value,mean,lower_process_limit,upper_process_limit,target,point_type,special_cause_rule';
  const lines = points.map((point) =>
    [
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
    ]
      .map(csvField)
      .join(','),
  );
  return `${[header, ...lines].join('\n')}\n`;
}
