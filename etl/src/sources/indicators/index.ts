import path from 'node:path';
import { defineTable, streamedRows } from '../../lib/copy.js';
import { type CsvReader, openCsv, recordBytes } from '../../lib/csv.js';
import { RowTally } from '../../lib/keys.js';
import { replaceMatching } from '../../lib/replace.js';
import type { Progress, Source } from '../types.js';
import { detectFormat, INDICATOR_COLUMNS, type IndicatorFormat, parseIndicatorRecord } from './parse.js';

const VALUES = defineTable(
  'raw.indicator_values',
  [
    'row_number',
    'source_format',
    'indicator_id',
    'indicator_name',
    'parent_code',
    'parent_name',
    'area_code',
    'area_name',
    'area_type',
    'sex',
    'age',
    'category_type',
    'category',
    'measure',
    'unit',
    'period_label',
    'period_start',
    'period_end',
    'period_type',
    'value',
    'missing_reason',
    'lower_ci_95',
    'upper_ci_95',
    'lower_ci_99_8',
    'upper_ci_99_8',
    'count',
    'denominator',
    'value_note',
    'recent_trend',
    'compared_to_england',
    'compared_to_goal',
  ] as const,
  { origin: { row: 'row_number' } },
);

/** One figure per indicator, area, breakdown and period. */
const KEY = [
  'indicator_id',
  'area_code',
  'sex',
  'age',
  'category_type',
  'category',
  'measure',
  'period_start',
  'period_end',
] as const;

export const indicators: Source = {
  name: 'indicators',
  kind: 'published',
  description:
    'any metric in long format: Fingertips data exports, or tidy CSVs (area_code, area_name, period, indicator, measure, unit, value)',
  async parse(file) {
    const reader = await openCsv(file, INDICATOR_COLUMNS);
    const format = detectFormat(file, reader.header, reader.columns);
    return {
      // Known once streamed; the loader then replaces the indicators × periods this file holds.
      periodStart: null,
      periodEnd: null,
      edition: null,
      rowCount: null,
      describe: `${format === 'fingertips' ? 'Fingertips export' : 'tidy indicator file'} ${path.basename(file)}`,
      async deletePeriod(client, _range, loadId) {
        return replaceMatching(client, VALUES.name, loadId, ['indicator_id', 'period_start', 'period_end']);
      },
      read(io) {
        io.progress.setTotal(reader.size);
        return streamedRows(VALUES, readValues(file, format, reader, io.progress));
      },
    };
  },
};

async function* readValues(file: string, format: IndicatorFormat, reader: CsvReader, progress: Progress) {
  const tally = new RowTally(file, 'indicator, area, sex, age, category, measure and period', KEY);
  let missing = 0;
  const indicatorIds = new Set<string>();
  for await (const record of reader.records) {
    const row = parseIndicatorRecord(file, format, reader.columns, record);
    const value = {
      row_number: row.rowNumber,
      source_format: format,
      indicator_id: row.indicatorId,
      indicator_name: row.indicatorName,
      parent_code: row.parentCode,
      parent_name: row.parentName,
      area_code: row.areaCode,
      area_name: row.areaName,
      area_type: row.areaType,
      sex: row.sex,
      age: row.age,
      category_type: row.categoryType,
      category: row.category,
      measure: row.measure,
      unit: row.unit,
      period_label: row.periodLabel,
      period_start: row.periodStart,
      period_end: row.periodEnd,
      period_type: row.periodType,
      value: row.value,
      missing_reason: row.missingReason,
      lower_ci_95: row.lowerCi95,
      upper_ci_95: row.upperCi95,
      lower_ci_99_8: row.lowerCi998,
      upper_ci_99_8: row.upperCi998,
      count: row.count,
      denominator: row.denominator,
      value_note: row.valueNote,
      recent_trend: row.recentTrend,
      compared_to_england: row.comparedToEngland,
      compared_to_goal: row.comparedToGoal,
    };
    tally.add(value);
    if (indicatorIds.size < 1000) indicatorIds.add(row.indicatorId);
    if (row.value === null) missing++;
    progress.advance(1, recordBytes(record));
    yield value;
  }
  const indicatorCount = `${indicatorIds.size} indicator${indicatorIds.size === 1 ? '' : 's'}`;
  return tally.summary(
    (start, end) => `${indicatorCount}, ${start} to ${end}, ${missing} values missing (kept with their reason)`,
  );
}
