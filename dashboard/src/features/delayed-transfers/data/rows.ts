import type { ResultSet } from '@cubejs-client/core';
import type { ComparisonPoint } from '../../../components/comparison-chart';
import { type CouncilOption, ENGLAND_CODE } from '../../../lib/areas';
import { toCsvText } from '../../../lib/csv';
import { toNumber, toText } from '../../../lib/cube-values';
import { formatMonthLong, formatRate } from '../../../lib/format';
import { describeDifference, type MeasureMeta } from '../../../lib/measure-meta';
import { DEFAULT_AREA_CODE, members } from './queries';

export type CubeRow = Record<string, unknown>;

export type MonthlyRow = {
  month: string;
  councilDays: number | null;
  councilRate: number | null;
  englandDays: number | null;
  englandRate: number | null;
};

function toMonth(value: unknown): string | null {
  const text = toText(value);
  return text && /^\d{4}-(0[1-9]|1[0-2])/.test(text) ? text.slice(0, 7) : null;
}

export function toCouncilOptions(rows: readonly CubeRow[]): CouncilOption[] {
  const byCode = new Map<string, CouncilOption>();
  for (const row of rows) {
    const code = toText(row[members.areaCode]);
    if (!code || byCode.has(code)) continue;
    byCode.set(code, {
      code,
      name: toText(row[members.areaName]) ?? code,
      type: toText(row[members.areaType]) ?? '',
    });
  }
  return [...byCode.values()];
}

export function selectCouncilOptions(resultSet: ResultSet): CouncilOption[] {
  return toCouncilOptions(resultSet.tablePivot());
}

export function chooseCouncil(
  councils: readonly CouncilOption[],
  requestedCode: string | null,
): CouncilOption | undefined {
  return (
    councils.find((council) => council.code === requestedCode) ??
    councils.find((council) => council.code === DEFAULT_AREA_CODE) ??
    councils[0]
  );
}

export function toMonthlyRows(rows: readonly CubeRow[], councilCode: string): MonthlyRow[] {
  const byMonth = new Map<string, MonthlyRow>();
  for (const row of rows) {
    const code = toText(row[members.areaCode]);
    const month = toMonth(row[members.periodMonth] ?? row[members.period]);
    if (!month || (code !== councilCode && code !== ENGLAND_CODE)) continue;

    const monthly = byMonth.get(month) ?? {
      month,
      councilDays: null,
      councilRate: null,
      englandDays: null,
      englandRate: null,
    };
    const days = toNumber(row[members.delayedDays]);
    const rate = toNumber(row[members.ratePer100k]);
    if (code === councilCode) {
      monthly.councilDays = days;
      monthly.councilRate = rate;
    } else {
      monthly.englandDays = days;
      monthly.englandRate = rate;
    }
    byMonth.set(month, monthly);
  }
  return [...byMonth.values()].sort((a, b) => a.month.localeCompare(b.month));
}

// tablePivot() is not used here because pivoting turns a null measure into 0, and a missing rate must not read as zero.
export function selectMonthlyRows(resultSet: ResultSet, councilCode: string): MonthlyRow[] {
  return toMonthlyRows(resultSet.rawData(), councilCode);
}

export function toComparisonPoints(rows: readonly MonthlyRow[]): ComparisonPoint[] {
  return rows.map((row) => ({ month: row.month, area: row.councilRate, england: row.englandRate }));
}

function compareWithEngland(councilRate: number, englandRate: number, rate: MeasureMeta): string {
  // Compare what the reader sees, so "371.8 ... higher than England (371.8)" cannot happen.
  if (formatRate(councilRate) === formatRate(englandRate)) return 'the same as';
  return `${describeDifference(councilRate > englandRate ? 'higher' : 'lower', rate.polarity)} than`;
}

export function summarise(rows: readonly MonthlyRow[], councilName: string, rate: MeasureMeta): string {
  const latestCompared = rows.findLast(
    (row): row is MonthlyRow & { councilRate: number; englandRate: number } =>
      row.councilRate !== null && row.englandRate !== null,
  );
  if (latestCompared) {
    const { month, councilRate, englandRate } = latestCompared;
    return (
      `In ${formatMonthLong(month)} ${councilName} had ${formatRate(councilRate)} ` +
      `delayed days ${rate.unit}, ${compareWithEngland(councilRate, englandRate, rate)} ` +
      `England (${formatRate(englandRate)}).`
    );
  }

  const latestCouncil = rows.findLast((row): row is MonthlyRow & { councilRate: number } => row.councilRate !== null);
  if (latestCouncil) {
    return (
      `In ${formatMonthLong(latestCouncil.month)} ${councilName} had ` +
      `${formatRate(latestCouncil.councilRate)} delayed days ${rate.unit}; ` +
      'there is no England figure for that month.'
    );
  }

  return `There is no rate for ${councilName} yet because its population aged 18+ is not loaded.`;
}

const CSV_HEADER = [
  'month',
  'council_code',
  'council_name',
  'council_delayed_days',
  'council_delayed_days_per_100k',
  'england_delayed_days',
  'england_delayed_days_per_100k',
];

export function toCsv(rows: readonly MonthlyRow[], council: CouncilOption): string {
  return toCsvText(
    CSV_HEADER,
    rows.map((row) => [
      row.month,
      council.code,
      council.name,
      row.councilDays,
      row.councilRate,
      row.englandDays,
      row.englandRate,
    ]),
  );
}

export function csvFileName(council: CouncilOption): string {
  return `delayed-transfers-${council.code}.csv`;
}
