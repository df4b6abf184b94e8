import path from 'node:path';
import { copyRows } from '../../lib/copy.js';
import { openCsv } from '../../lib/csv.js';
import type { Source } from '../types.js';
import { assertNoDuplicates, replaceMatching } from './keys.js';
import { detectFormat, INDICATOR_COLUMNS, type IndicatorRow, parseIndicatorRecord } from './parse.js';

const TABLE = 'raw.indicator_values';
const COLUMNS = [
  'load_id',
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
] as const;
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
];

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
      tables: [TABLE],
      async deletePeriod(client, _range, loadId) {
        return replaceMatching(client, TABLE, loadId, ['indicator_id', 'period_start', 'period_end']);
      },
      async write(client, loadId, io) {
        io.progress.setTotal(reader.size);
        let start: string | null = null;
        let end: string | null = null;
        const indicatorIds = new Set<string>();
        async function* rows() {
          for await (const record of reader.records) {
            const row: IndicatorRow = parseIndicatorRecord(file, format, reader.columns, record);
            if (start === null || row.periodStart < start) start = row.periodStart;
            if (end === null || row.periodEnd > end) end = row.periodEnd;
            if (indicatorIds.size < 1000) indicatorIds.add(row.indicatorId);
            io.progress.advance(
              1,
              Object.values(record.values).reduce((bytes, value) => bytes + value.length + 1, 1),
            );
            yield [
              loadId,
              row.rowNumber,
              format,
              row.indicatorId,
              row.indicatorName,
              row.parentCode,
              row.parentName,
              row.areaCode,
              row.areaName,
              row.areaType,
              row.sex,
              row.age,
              row.categoryType,
              row.category,
              row.measure,
              row.unit,
              row.periodLabel,
              row.periodStart,
              row.periodEnd,
              row.periodType,
              row.value,
              row.missingReason,
              row.lowerCi95,
              row.upperCi95,
              row.lowerCi998,
              row.upperCi998,
              row.count,
              row.denominator,
              row.valueNote,
              row.recentTrend,
              row.comparedToEngland,
              row.comparedToGoal,
            ];
          }
        }
        const rowCount = await copyRows(client, TABLE, COLUMNS, rows());
        await assertNoDuplicates(
          client,
          TABLE,
          loadId,
          KEY,
          file,
          'indicator, area, sex, age, category, measure and period',
        );
        if (start === null || end === null) return { rowCount: 0 };
        const missing = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${TABLE} WHERE load_id = $1 AND value IS NULL`,
          [loadId],
        );
        return {
          rowCount,
          periodStart: start,
          periodEnd: end,
          describe: `${indicatorIds.size} indicator${indicatorIds.size === 1 ? '' : 's'}, ${start} to ${end}, ${missing.rows[0]!.n} values missing (kept with their reason)`,
        };
      },
    };
  },
};
