import { checkAreaCode, ENGLAND_CODE } from '../../lib/areas.js';
import { checkAreaName, checkRate, knownAreaNames } from '../../lib/consistency.js';
import type { CsvColumnSpec, CsvRecord } from '../../lib/csv.js';
import { InputError, type InputLocation } from '../../lib/errors.js';
import { financialYearFromName, type Period, parsePeriod } from '../../lib/periods.js';
import { type Measured, readMeasured } from '../../lib/values.js';

/**
 * The plans template (etl/templates/plans-template.csv) and the Health Foundation's BCF intermediate-care
 * extract, told apart by their headers.
 */
export const PLAN_COLUMNS: CsvColumnSpec[] = [
  { key: 'metricId', headers: ['metric_id'], required: false },
  { key: 'metricName', headers: ['metric_name'], required: false },
  { key: 'areaCode', headers: ['area_code'], required: false },
  { key: 'areaName', headers: ['area_name'], required: false },
  { key: 'period', headers: ['period'], required: false },
  { key: 'periodStart', headers: ['period_start'], required: false },
  { key: 'periodEnd', headers: ['period_end'], required: false },
  { key: 'baselinePeriod', headers: ['baseline_period'], required: false },
  { key: 'baselineValue', headers: ['baseline_value'], required: false },
  { key: 'plannedValue', headers: ['planned_value'], required: false },
  { key: 'unit', headers: ['unit'], required: false },
  { key: 'planType', headers: ['plan_type'], required: false },
  { key: 'notes', headers: ['notes'], required: false },
  { key: 'bcfCode', headers: ['Code'], required: false },
  { key: 'bcfName', headers: ['LA_name'], required: false },
  { key: 'bcfBedBased', headers: ['Bed based intermediate Care Services'], required: false },
  { key: 'bcfReablement', headers: ['Reablement in a persons own home'], required: false },
];

export type PlanFormat = 'template' | 'bcf_intermediate_care';

export function detectPlanFormat(
  file: string,
  header: string[],
  columns: Record<string, string | undefined>,
): PlanFormat {
  if (columns.bcfBedBased || columns.bcfReablement) {
    const missing = [
      ['bcfCode', 'Code'],
      ['bcfBedBased', 'Bed based intermediate Care Services'],
      ['bcfReablement', 'Reablement in a persons own home'],
    ]
      .filter(([key]) => !columns[key!])
      .map(([, name]) => `'${name}'`);
    if (missing.length > 0)
      throw new InputError(
        { file, row: 1 },
        `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} in the header of a BCF intermediate care file (found: ${header.join(', ')})`,
      );
    return 'bcf_intermediate_care';
  }
  if (!columns.metricId) {
    throw new InputError(
      { file, row: 1 },
      `not a plans file: expected the template's columns (metric_id, area_code, period_start, period_end, baseline_value, planned_value…; see etl/templates/plans-template.csv); found: ${header.join(', ')}`,
    );
  }
  const missing: string[] = [];
  if (!columns.areaCode) missing.push("'area_code'");
  if (!columns.period && !(columns.periodStart && columns.periodEnd))
    missing.push("'period_start' and 'period_end' (or 'period')");
  if (!columns.baselineValue && !columns.plannedValue) missing.push("'planned_value' or 'baseline_value'");
  if (missing.length > 0)
    throw new InputError(
      { file, row: 1 },
      `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} in the plans header (found: ${header.join(', ')})`,
    );
  return 'template';
}

export interface PlanRow {
  rowNumber: number;
  metricId: string;
  metricName: string | null;
  areaCode: string;
  areaName: string | null;
  periodStart: string;
  periodEnd: string;
  periodType: string;
  baselinePeriodStart: string | null;
  baselinePeriodEnd: string | null;
  baseline: Measured;
  planned: Measured;
  unit: string | null;
  planType: string;
  notes: string | null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const PLAN_TYPE = /^[a-z][a-z0-9_]*$/;
const NOT_GIVEN: Measured = { value: null, missingReason: 'not given' };

function isoDate(value: string, location: InputLocation): string {
  const period = ISO_DATE.test(value) ? parsePeriod(value) : null;
  if (!period) throw new InputError(location, `expected a date as YYYY-MM-DD, found '${value}'`);
  return period.start;
}

export function parseTemplateRecord(
  file: string,
  columns: Record<string, string | undefined>,
  record: CsvRecord,
): PlanRow {
  const get = (key: string) => (columns[key] ? record.values[columns[key]!]!.trim() : '');
  const at = (key: string): InputLocation => ({ file, row: record.line, column: columns[key] });
  const metricId = get('metricId');
  if (!metricId) throw new InputError(at('metricId'), 'the metric id is blank');
  const areaCode = checkAreaCode(get('areaCode'), at('areaCode'));
  let period: { start: string; end: string; type: string };
  if (columns.periodStart && get('periodStart')) {
    const start = isoDate(get('periodStart'), at('periodStart'));
    const end = isoDate(get('periodEnd'), at('periodEnd'));
    if (end < start) throw new InputError(at('periodEnd'), `period_end ${end} is before period_start ${start}`);
    period = { start, end, type: parsePeriodType(start, end) };
  } else {
    const label = get('period');
    const parsed = parsePeriod(label);
    if (!parsed)
      throw new InputError(
        at(columns.period ? 'period' : 'periodStart'),
        `expected a period ('2019/20', 'Q1 2019/20', 'Apr 2019'…) or period_start and period_end, found '${label}'`,
      );
    period = parsed;
  }
  let baselinePeriod: Period | null = null;
  if (get('baselinePeriod')) {
    baselinePeriod = parsePeriod(get('baselinePeriod'));
    if (!baselinePeriod) throw new InputError(at('baselinePeriod'), `unrecognised period '${get('baselinePeriod')}'`);
    if (baselinePeriod.start >= period.start) {
      throw new InputError(
        at('baselinePeriod'),
        `the baseline period '${get('baselinePeriod')}' starts on ${baselinePeriod.start}, not before the planned period (from ${period.start}): a baseline is what the plan improves on`,
      );
    }
  }
  if (get('areaName')) checkAreaName(at('areaName'), areaCode, get('areaName'), knownAreaNames(areaCode));
  const unit = get('unit') || null;
  const baseline = columns.baselineValue ? readMeasured(get('baselineValue'), at('baselineValue')) : NOT_GIVEN;
  const planned = columns.plannedValue ? readMeasured(get('plannedValue'), at('plannedValue')) : NOT_GIVEN;
  checkRate(at('baselineValue'), baseline.value, unit);
  checkRate(at('plannedValue'), planned.value, unit);
  const given = (measured: Measured) =>
    measured.value !== null || (measured.missingReason !== MISSING_BLANK && measured !== NOT_GIVEN);
  if (!given(baseline) && !given(planned)) {
    throw new InputError(at('plannedValue'), 'neither a baseline nor a planned value');
  }
  const planType = get('planType') || 'plan';
  if (!PLAN_TYPE.test(planType))
    throw new InputError(
      at('planType'),
      `plan_type must be a lower-case word such as 'bcf_plan' or 'local_target', found '${planType}'`,
    );
  return {
    rowNumber: record.line,
    metricId,
    metricName: get('metricName') || null,
    areaCode,
    areaName: get('areaName') || null,
    periodStart: period.start,
    periodEnd: period.end,
    periodType: period.type,
    baselinePeriodStart: baselinePeriod?.start ?? null,
    baselinePeriodEnd: baselinePeriod?.end ?? null,
    baseline,
    planned,
    unit,
    planType,
    notes: get('notes') || null,
  };
}

const MISSING_BLANK = 'blank: no value published';

/** Names the kind of period a start and end date span, when it is a whole month, quarter or year. */
function parsePeriodType(start: string, end: string): string {
  for (const label of [start.slice(0, 7), start.slice(0, 4)]) {
    const period = parsePeriod(label);
    if (period && period.start === start && period.end === end) return period.type;
  }
  const financial = parsePeriod(
    `${start.slice(0, 4)}/${String((Number(start.slice(0, 4)) + 1) % 100).padStart(2, '0')}`,
  );
  if (financial && financial.start === start && financial.end === end) return 'financial_year';
  return 'dates';
}

/** The two planned spends of the Health Foundation's BCF extract; its other columns are outcomes and join artefacts. */
export const BCF_METRICS = [
  {
    key: 'bcfBedBased',
    metricId: 'bcf_planned_spend_bed_based_intermediate_care',
    metricName: 'BCF planned expenditure: bed based intermediate care services',
  },
  {
    key: 'bcfReablement',
    metricId: 'bcf_planned_spend_reablement_at_home',
    metricName: "BCF planned expenditure: reablement in a person's own home",
  },
] as const;

export function bcfYear(file: string): Period {
  const year = financialYearFromName(file.split(/[\\/]/).pop()!);
  if (!year) {
    throw new InputError(
      { file },
      "cannot tell the BCF plan year: the file has no year column and its name has none (e.g. '…_2023-24.csv')",
    );
  }
  return year;
}

export function parseBcfRecord(
  file: string,
  columns: Record<string, string | undefined>,
  record: CsvRecord,
  year: Period,
): PlanRow[] {
  const get = (key: string) => (columns[key] ? record.values[columns[key]!]!.trim() : '');
  const at = (key: string): InputLocation => ({ file, row: record.line, column: columns[key] });
  const code = get('bcfCode');
  // The extract ends with a 'Total' row over the councils.
  const isTotal = /^total$/i.test(code);
  const areaCode = isTotal ? ENGLAND_CODE : checkAreaCode(code, at('bcfCode'));
  if (!isTotal && get('bcfName')) checkAreaName(at('bcfName'), areaCode, get('bcfName'), knownAreaNames(areaCode));
  return BCF_METRICS.map(({ key, metricId, metricName }) => ({
    rowNumber: record.line,
    metricId,
    metricName,
    areaCode,
    areaName: isTotal ? 'England' : get('bcfName') || null,
    periodStart: year.start,
    periodEnd: year.end,
    periodType: 'financial_year',
    baselinePeriodStart: null,
    baselinePeriodEnd: null,
    baseline: NOT_GIVEN,
    planned: readMeasured(get(key), at(key), { nonNegative: true, what: 'planned spend' }),
    unit: 'GBP',
    planType: 'bcf_planned_expenditure',
    notes: isTotal ? "the file's Total row (sum over councils)" : null,
  }));
}
