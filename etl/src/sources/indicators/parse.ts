import { checkAreaCode } from '../../lib/areas.js';
import { checkPeriodBegun, checkRate } from '../../lib/consistency.js';
import type { CsvColumnSpec, CsvRecord } from '../../lib/csv.js';
import { InputError, type InputLocation } from '../../lib/errors.js';
import { parsePeriod } from '../../lib/periods.js';
import { readMeasured, readOptional } from '../../lib/values.js';

export type IndicatorFormat = 'fingertips' | 'tidy';

/** Fingertips' export columns (matched by name; others are ignored) and the tidy 7-column format. */
export const INDICATOR_COLUMNS: CsvColumnSpec[] = [
  { key: 'indicatorId', headers: ['Indicator ID'], required: false },
  { key: 'indicatorName', headers: ['Indicator Name'], required: false },
  { key: 'parentCode', headers: ['Parent Code'], required: false },
  { key: 'parentName', headers: ['Parent Name'], required: false },
  { key: 'areaCode', headers: ['Area Code', 'area_code'], required: false },
  { key: 'areaName', headers: ['Area Name', 'area_name'], required: false },
  { key: 'areaType', headers: ['Area Type'], required: false },
  { key: 'sex', headers: ['Sex'], required: false },
  { key: 'age', headers: ['Age'], required: false },
  { key: 'categoryType', headers: ['Category Type'], required: false },
  { key: 'category', headers: ['Category'], required: false },
  { key: 'timePeriod', headers: ['Time period', 'period'], required: false },
  { key: 'value', headers: ['Value'], required: false },
  { key: 'lowerCi95', headers: ['Lower CI 95.0 limit'], required: false },
  { key: 'upperCi95', headers: ['Upper CI 95.0 limit'], required: false },
  { key: 'lowerCi998', headers: ['Lower CI 99.8 limit'], required: false },
  { key: 'upperCi998', headers: ['Upper CI 99.8 limit'], required: false },
  { key: 'count', headers: ['Count'], required: false },
  { key: 'denominator', headers: ['Denominator'], required: false },
  { key: 'valueNote', headers: ['Value note'], required: false },
  { key: 'recentTrend', headers: ['Recent Trend'], required: false },
  { key: 'comparedToEngland', headers: ['Compared to England value or percentiles'], required: false },
  { key: 'comparedToGoal', headers: ['Compared to goal'], required: false },
  { key: 'timePeriodSortable', headers: ['Time period Sortable'], required: false },
  { key: 'indicator', headers: ['indicator'], required: false },
  { key: 'measure', headers: ['measure'], required: false },
  { key: 'unit', headers: ['unit'], required: false },
];

const REQUIRED: Record<IndicatorFormat, { key: string; header: string }[]> = {
  fingertips: [
    { key: 'indicatorId', header: 'Indicator ID' },
    { key: 'indicatorName', header: 'Indicator Name' },
    { key: 'areaCode', header: 'Area Code' },
    { key: 'timePeriod', header: 'Time period' },
    { key: 'value', header: 'Value' },
  ],
  tidy: [
    { key: 'areaCode', header: 'area_code' },
    { key: 'timePeriod', header: 'period' },
    { key: 'indicator', header: 'indicator' },
    { key: 'value', header: 'value' },
  ],
};

/** Which of the two formats a header is, or an error naming what is missing. */
export function detectFormat(
  file: string,
  header: string[],
  columns: Record<string, string | undefined>,
): IndicatorFormat {
  const format: IndicatorFormat | undefined =
    columns.indicatorId || columns.indicatorName ? 'fingertips' : columns.indicator ? 'tidy' : undefined;
  if (!format) {
    throw new InputError(
      { file, row: 1 },
      `not an indicators file: expected Fingertips' export columns (Indicator ID, Indicator Name, Area Code, Time period, Value…) or the tidy columns (area_code, area_name, period, indicator, measure, unit, value); found: ${header.join(', ')}`,
    );
  }
  const missing = REQUIRED[format].filter(({ key }) => !columns[key]).map(({ header: name }) => `'${name}'`);
  if (missing.length > 0) {
    throw new InputError(
      { file, row: 1 },
      `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} in the header of a ${format === 'fingertips' ? 'Fingertips export' : 'tidy indicator file'} (found: ${header.join(', ')})`,
    );
  }
  return format;
}

export interface IndicatorRow {
  rowNumber: number;
  indicatorId: string;
  indicatorName: string;
  parentCode: string | null;
  parentName: string | null;
  areaCode: string;
  areaName: string | null;
  areaType: string | null;
  sex: string | null;
  age: string | null;
  categoryType: string | null;
  category: string | null;
  measure: string | null;
  unit: string | null;
  periodLabel: string;
  periodStart: string;
  periodEnd: string;
  periodType: string;
  value: number | null;
  missingReason: string | null;
  lowerCi95: number | null;
  upperCi95: number | null;
  lowerCi998: number | null;
  upperCi998: number | null;
  count: number | null;
  denominator: number | null;
  valueNote: string | null;
  recentTrend: string | null;
  comparedToEngland: string | null;
  comparedToGoal: string | null;
}

const SEXES: Record<string, string> = {
  persons: 'persons',
  person: 'persons',
  all: 'persons',
  male: 'male',
  males: 'male',
  female: 'female',
  females: 'female',
};

/** 'Permanent admissions … aged 65+' → 'permanent-admissions-aged-65': the tidy format names indicators but gives no id. */
export const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/\+/g, ' plus')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export function parseIndicatorRecord(
  file: string,
  format: IndicatorFormat,
  columns: Record<string, string | undefined>,
  record: CsvRecord,
): IndicatorRow {
  const get = (key: string): string | undefined => (columns[key] ? record.values[columns[key]!] : undefined);
  const text = (key: string): string | null => {
    const value = get(key)?.trim();
    return value ? value : null;
  };
  const at = (key: string): InputLocation => ({ file, row: record.line, column: columns[key] });

  let indicatorId: string;
  let indicatorName: string;
  if (format === 'fingertips') {
    indicatorId = text('indicatorId') ?? '';
    if (!indicatorId) throw new InputError(at('indicatorId'), 'the indicator id is blank');
    indicatorName = text('indicatorName') ?? '';
    if (!indicatorName) throw new InputError(at('indicatorName'), 'the indicator name is blank');
  } else {
    indicatorName = text('indicator') ?? '';
    if (!indicatorName) throw new InputError(at('indicator'), 'the indicator name is blank');
    indicatorId = slug(indicatorName);
  }
  const areaType = text('areaType');
  const areaCode = checkAreaCode(get('areaCode') ?? '', at('areaCode'), areaType ?? '');
  const periodLabel = text('timePeriod') ?? '';
  const period = parsePeriod(periodLabel);
  if (!period) {
    throw new InputError(
      at('timePeriod'),
      `unrecognised period '${periodLabel}' (expected e.g. '2019/20', '2019', 'Q1 2019/20', '2019 Q1', 'Apr 2019' or '2017 - 19')`,
    );
  }
  const unit = text('unit');
  const sexLabel = format === 'fingertips' ? text('sex') : unit;
  // The tidy files put the sex ('Persons') in their unit column.
  const sex =
    sexLabel === null
      ? null
      : (SEXES[sexLabel.toLowerCase()] ?? (format === 'fingertips' ? sexLabel.toLowerCase() : null));
  checkPeriodBegun(at('timePeriod'), periodLabel, period.start);
  const measured = readMeasured(get('value') ?? '', at('value'));
  checkRate(at('value'), measured.value, text('measure') ?? text('unit'));
  const valueNote = text('valueNote');
  const optional = (key: string, counts = false) =>
    readOptional(
      get(key),
      at(key),
      counts ? { nonNegative: true, what: key === 'count' ? 'a count' : 'a denominator' } : {},
    );

  return {
    rowNumber: record.line,
    indicatorId,
    indicatorName,
    parentCode: text('parentCode'),
    parentName: text('parentName'),
    areaCode,
    areaName: text('areaName'),
    areaType,
    sex,
    age: text('age'),
    categoryType: text('categoryType'),
    category: text('category'),
    measure: text('measure'),
    unit,
    periodLabel,
    periodStart: period.start,
    periodEnd: period.end,
    periodType: period.type,
    value: measured.value,
    // Fingertips explains its blanks in 'Value note' (e.g. suppressed for disclosure control).
    missingReason: measured.value === null ? (valueNote ?? measured.missingReason) : null,
    lowerCi95: optional('lowerCi95'),
    upperCi95: optional('upperCi95'),
    lowerCi998: optional('lowerCi998'),
    upperCi998: optional('upperCi998'),
    count: optional('count', true),
    denominator: optional('denominator', true),
    valueNote,
    recentTrend: text('recentTrend'),
    comparedToEngland: text('comparedToEngland'),
    comparedToGoal: text('comparedToGoal'),
  };
}
