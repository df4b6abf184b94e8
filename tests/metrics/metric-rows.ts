import fs from 'node:fs';
import * as XLSX from '@e965/xlsx';
import type pg from 'pg';
import { expect } from 'vitest';
import type { Estimate } from '../../etl/src/statistics/index.js';

/** A row of derived.metric_values, numeric columns as numbers. */
export interface MetricRow {
  area_code: string;
  period_type: string;
  period_start: string;
  area_basis: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  lower_95: number | null;
  upper_95: number | null;
  lower_998: number | null;
  upper_998: number | null;
  value_note: string | null;
  compared_to_england: string;
  compared_to_england_998: string;
  compared_to_region: string;
  trend: string;
}

const NUMERIC = ['numerator', 'denominator', 'value', 'lower_95', 'upper_95', 'lower_998', 'upper_998'];

function asMetricRow(row: Record<string, unknown>): MetricRow {
  const out: Record<string, unknown> = { ...row };
  for (const column of NUMERIC) out[column] = row[column] === null ? null : Number(row[column]);
  out.period_start = (row.period_start as Date).toISOString().slice(0, 10);
  return out as unknown as MetricRow;
}

/** The one row of a metric for an area and period; fails unless there is exactly one. */
export async function metricRow(
  client: pg.ClientBase,
  metricId: string,
  areaCode: string,
  periodType: string,
  periodStart: string,
): Promise<MetricRow> {
  const rows = await metricRows(client, metricId, areaCode, periodType, periodStart);
  expect(rows, `${metricId} ${areaCode} ${periodType} ${periodStart}`).toHaveLength(1);
  return rows[0]!;
}

/** A metric's rows for an area and period (none, where the metric has no row for them). */
export async function metricRows(
  client: pg.ClientBase,
  metricId: string,
  areaCode: string,
  periodType: string,
  periodStart: string,
): Promise<MetricRow[]> {
  const { rows } = await client.query<Record<string, unknown>>(
    `SELECT * FROM derived.metric_values
     WHERE metric_id = $1 AND area_code = $2 AND period_type = $3 AND period_start = $4`,
    [metricId, areaCode, periodType, periodStart],
  );
  return rows.map(asMetricRow);
}

export const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** The row's four limits are the statistics module's for the same counts. */
export function expectLimitsOf(row: MetricRow, estimate: Estimate): void {
  expect([row.lower_95, row.upper_95, row.lower_998, row.upper_998]).toEqual([
    estimate.lower95,
    estimate.upper95,
    estimate.lower998,
    estimate.upper998,
  ]);
}

/**
 * People by single year of age (index 90 = 90 and over) of each coded row of an ONS mid-year workbook's persons
 * sheet, read straight with SheetJS (once per file), independently of the ETL's population parser.
 */
const workbookPopulations = new Map<string, Map<string, number[]>>();
export function publishedAges(file: string, sheetName: string): Map<string, number[]> {
  const key = `${file}|${sheetName}`;
  const cached = workbookPopulations.get(key);
  if (cached) return cached;
  const workbook = XLSX.read(fs.readFileSync(file));
  const rows = XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[sheetName]!, { header: 1, defval: null });
  const header = rows.find((row) => row[0] === 'Code')!;
  const ageColumns = header.flatMap((label, column) => {
    const age = typeof label === 'number' ? label : label === '90+' || label === '90' ? 90 : undefined;
    return age === undefined ? [] : [{ age, column }];
  });
  expect(ageColumns).toHaveLength(91);
  const byArea = new Map<string, number[]>();
  for (const row of rows) {
    if (typeof row[0] !== 'string' || !/^[EWSNK]\d{8}$/.test(row[0])) continue;
    const ages = Array.from({ length: 91 }, () => 0);
    for (const { age, column } of ageColumns) ages[age] = row[column] as number;
    byArea.set(row[0], ages);
  }
  workbookPopulations.set(key, byArea);
  return byArea;
}

/** People of an area aged `from` to `to` (inclusive; 90 = 90 and over) on a mid-year workbook's persons sheet. */
export function publishedPeople(file: string, sheetName: string, areaCode: string, from = 0, to = 90): number {
  const ages = publishedAges(file, sheetName).get(areaCode);
  if (!ages) throw new Error(`${file}: no row ${areaCode} on ${sheetName}`);
  return ages.slice(from, to + 1).reduce((sum, people) => sum + people, 0);
}
