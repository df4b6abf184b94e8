import fs from 'node:fs';
import path from 'node:path';
import { copyRows } from '../../lib/copy.js';
import { openCsv } from '../../lib/csv.js';
import { InputError } from '../../lib/errors.js';
import { deleteFromLoads } from '../../lib/replace.js';
import { readWorkbook } from '../../lib/workbook.js';
import { assertNoDuplicates } from '../indicators/keys.js';
import type { Period } from '../indicators/periods.js';
import type { Source } from '../types.js';
import { ASCOF_COLUMNS, type AscofRow, parseAscofCells, resolveYear, workbookColumns, workbookRows } from './parse.js';

const TABLE = 'raw.ascof_values';
const COLUMNS = [
  'load_id',
  'row_number',
  'financial_year',
  'period_start',
  'period_end',
  'dh_code',
  'area_name',
  'geographical_level',
  'area_code',
  'measure_code',
  'disaggregation',
  'measure_type',
  'value',
  'missing_reason',
  'measure_group',
  'measure_group_description',
] as const;
const KEY = ['financial_year', 'geographical_level', 'dh_code', 'measure_code', 'disaggregation', 'measure_type'];

const isWorkbook = (file: string): boolean => {
  const handle = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(4);
    fs.readSync(handle, head, 0, 4, 0);
    return head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) || head.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
  } finally {
    fs.closeSync(handle);
  }
};

export const ascof: Source = {
  name: 'ascof',
  kind: 'published',
  description:
    'NHS Digital Adult Social Care Outcomes Framework open data, long format (.csv, or .xlsx with one sheet)',
  async parse(file) {
    if (!fs.existsSync(file)) throw new InputError({ file }, 'no such file');
    if (fs.statSync(file).size === 0) throw new InputError({ file }, 'the file is empty');
    let year: Period | undefined;
    const fallbackYear = () => (year ??= resolveYear(file, undefined, { file }));
    // `units` advance the progress bar: rows of a workbook, bytes of a CSV.
    let rows: AsyncIterable<{ row: AscofRow; units: number }> | Iterable<{ row: AscofRow; units: number }>;
    let size = 0;
    if (isWorkbook(file)) {
      const workbook = readWorkbook(file);
      const sheet = workbook.sheetNames
        .map((name) => workbook.sheet(name)!)
        .find((candidate) => {
          try {
            workbookColumns(candidate);
            return true;
          } catch (error) {
            if (error instanceof InputError && /missing column/.test(error.rule)) throw error;
            return false;
          }
        });
      if (!sheet) {
        throw new InputError(
          { file },
          `not ASCOF open data: no sheet has 'ASCOF Measure Code' and 'Measure Value' columns (sheets: ${workbook.sheetNames.join(', ')})`,
        );
      }
      rows = (function* () {
        for (const row of workbookRows(sheet, fallbackYear)) yield { row, units: 1 };
      })();
      size = sheet.rows.length;
    } else {
      const reader = await openCsv(file, ASCOF_COLUMNS);
      size = reader.size;
      rows = (async function* () {
        for await (const record of reader.records) {
          const get = (key: string) =>
            reader.columns[key] === undefined ? undefined : record.values[reader.columns[key]!];
          const row = parseAscofCells(
            file,
            record.line,
            get,
            (key) => ({ file, row: record.line, column: reader.columns[key] }),
            fallbackYear,
          );
          yield { row, units: Object.values(record.values).reduce((bytes, value) => bytes + value.length + 1, 1) };
        }
      })();
    }
    return {
      periodStart: null,
      periodEnd: null,
      edition: null,
      rowCount: null,
      describe: `ASCOF ${path.basename(file)}`,
      tables: [TABLE],
      async deletePeriod(client, range, loadId) {
        return deleteFromLoads(
          client,
          `DELETE FROM ${TABLE} WHERE load_id <> $3 AND period_start <= $2 AND period_end >= $1`,
          [range.start, range.end, loadId],
        );
      },
      async write(client, loadId, io) {
        io.progress.setTotal(size);
        let start: string | null = null;
        let end: string | null = null;
        const years = new Set<string>();
        async function* copy() {
          for await (const { row, units } of rows) {
            if (start === null || row.periodStart < start) start = row.periodStart;
            if (end === null || row.periodEnd > end) end = row.periodEnd;
            years.add(row.financialYear);
            io.progress.advance(1, units);
            yield [
              loadId,
              row.rowNumber,
              row.financialYear,
              row.periodStart,
              row.periodEnd,
              row.dhCode,
              row.areaName,
              row.geographicalLevel,
              row.areaCode,
              row.measureCode,
              row.disaggregation,
              row.measureType,
              row.value,
              row.missingReason,
              row.measureGroup,
              row.measureGroupDescription,
            ];
          }
        }
        const rowCount = await copyRows(client, TABLE, COLUMNS, copy());
        await assertNoDuplicates(
          client,
          TABLE,
          loadId,
          KEY,
          file,
          'year, area, measure code, disaggregation and measure type',
        );
        if (start === null || end === null) return { rowCount: 0 };
        const stats = await client.query<{ areas: number; measures: number; missing: number }>(
          `SELECT count(DISTINCT dh_code)::int AS areas, count(DISTINCT measure_code)::int AS measures, count(*) FILTER (WHERE value IS NULL)::int AS missing
           FROM ${TABLE} WHERE load_id = $1`,
          [loadId],
        );
        const { areas, measures, missing } = stats.rows[0]!;
        return {
          rowCount,
          periodStart: start,
          periodEnd: end,
          describe: `ASCOF ${[...years].sort().join(', ')}: ${measures} measure codes, ${areas} areas, ${missing} values suppressed or not available (kept with their marker)`,
        };
      },
    };
  },
};
