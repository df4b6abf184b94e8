import fs from 'node:fs';
import path from 'node:path';
import { checkWithinPopulation, type PublishedRatio, PublishedRatios } from '../../lib/consistency.js';
import { defineTable, streamedRows } from '../../lib/copy.js';
import { openCsv, recordBytes } from '../../lib/csv.js';
import { InputError } from '../../lib/errors.js';
import { RowTally } from '../../lib/keys.js';
import type { Period } from '../../lib/periods.js';
import { deleteFromLoads } from '../../lib/replace.js';
import { isWorkbook, readWorkbook, type Sheet } from '../../lib/workbook.js';
import type { Progress, Source } from '../types.js';
import { ASCOF_COLUMNS, type AscofRow, parseAscofCells, resolveYear, workbookColumns, workbookRows } from './parse.js';

const VALUES = defineTable(
  'raw.ascof_values',
  [
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
  ] as const,
  { origin: { row: 'row_number' } },
);
const KEY = [
  'financial_year',
  'geographical_level',
  'dh_code',
  'measure_code',
  'disaggregation',
  'measure_type',
] as const;

/** ASCOF rows with how far each takes the progress bar: rows of a workbook, bytes of a CSV. */
type AscofRows = AsyncIterable<{ row: AscofRow; units: number }> | Iterable<{ row: AscofRow; units: number }>;

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
    let rows: AscofRows;
    let size = 0;
    if (isWorkbook(file)) {
      const sheet = ascofSheet(file);
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
          yield { row, units: recordBytes(record) };
        }
      })();
    }
    return {
      periodStart: null,
      periodEnd: null,
      edition: null,
      rowCount: null,
      describe: `ASCOF ${path.basename(file)}`,
      async deletePeriod(client, range, loadId) {
        return deleteFromLoads(
          client,
          `DELETE FROM ${VALUES.name} WHERE load_id <> $3 AND period_start <= $2 AND period_end >= $1`,
          [range.start, range.end, loadId],
        );
      },
      read(io) {
        io.progress.setTotal(size);
        return streamedRows(VALUES, readValues(file, rows, io.progress));
      },
    };
  },
};

/** The sheet of a workbook that holds the open data (found by its columns). */
function ascofSheet(file: string): Sheet {
  const workbook = readWorkbook(file);
  const sheet = workbook.sheetNames
    .map((name) => workbook.sheet(name)!)
    .find((candidate) => {
      try {
        workbookColumns(candidate);
        return true;
      } catch (error) {
        if (error instanceof InputError && /missing column|twice/.test(error.rule)) throw error;
        return false;
      }
    });
  if (!sheet) {
    throw new InputError(
      { file },
      `not ASCOF open data: no sheet has 'ASCOF Measure Code' and 'Measure Value' columns (sheets: ${workbook.sheetNames.join(', ')})`,
    );
  }
  return sheet;
}

/** Measure types whose value is a count of people, so no more than the area's population. */
const COUNTS = /^(numerator|denominator)$/i;

async function* readValues(file: string, rows: AscofRows, progress: Progress) {
  const tally = new RowTally(file, 'year, area, measure code, disaggregation and measure type', KEY);
  const outcomes = new AscofOutcomes();
  let missing = 0;
  const years = new Set<string>();
  const areas = new Set<string>();
  const measures = new Set<string>();
  for await (const { row, units } of rows) {
    const value = {
      row_number: row.rowNumber,
      financial_year: row.financialYear,
      period_start: row.periodStart,
      period_end: row.periodEnd,
      dh_code: row.dhCode,
      area_name: row.areaName,
      geographical_level: row.geographicalLevel,
      area_code: row.areaCode,
      measure_code: row.measureCode,
      disaggregation: row.disaggregation,
      measure_type: row.measureType,
      value: row.value,
      missing_reason: row.missingReason,
      measure_group: row.measureGroup,
      measure_group_description: row.measureGroupDescription,
    };
    tally.add(value);
    if (COUNTS.test(row.measureType)) {
      checkWithinPopulation(row.valueAt, row.areaCode, row.value, `people (${row.measureType.toLowerCase()})`);
    }
    outcomes.add(row);
    years.add(row.financialYear);
    areas.add(row.dhCode);
    measures.add(row.measureCode);
    if (row.value === null) missing++;
    progress.advance(1, units);
    yield value;
  }
  const { verified, survey, unverifiable } = outcomes.check();
  return tally.summary(
    () =>
      `ASCOF ${[...years].sort().join(', ')}: ${measures.size} measure codes, ${areas.size} areas, ${missing} values suppressed or not available (kept with their marker); ${verified} outcomes agree with their numerator and denominator, ${survey} survey outcomes (weighted) and ${unverifiable} others could not be checked`,
  );
}

/**
 * Each outcome against its numerator and denominator (one row each, in any order). Survey measures, those with
 * a Base, are weighted estimates, so their outcome is not the ratio of the published counts.
 */
class AscofOutcomes {
  private readonly groups = new Map<string, { measure: string; base: boolean; ratio: PublishedRatio }>();

  add(row: AscofRow): void {
    const key = JSON.stringify([
      row.financialYear,
      row.geographicalLevel,
      row.dhCode,
      row.measureCode,
      row.disaggregation,
    ]);
    let group = this.groups.get(key);
    if (group === undefined) {
      group = {
        measure: row.measureCode,
        base: false,
        ratio: { numerator: null, denominator: null, outcome: null, at: row.valueAt },
      };
      this.groups.set(key, group);
    }
    const type = row.measureType.toLowerCase();
    if (type === 'base') group.base = true;
    else if (type === 'numerator') group.ratio.numerator = row.value;
    else if (type === 'denominator') group.ratio.denominator = row.value;
    else if (type === 'outcome') {
      group.ratio.outcome = row.value;
      group.ratio.at = row.valueAt;
    }
  }

  check(): { verified: number; survey: number; unverifiable: number } {
    const ratios = new PublishedRatios();
    let survey = 0;
    let outcomes = 0;
    for (const { measure, base, ratio } of this.groups.values()) {
      if (ratio.outcome === null) continue;
      outcomes++;
      if (base) survey++;
      else if (ratio.numerator !== null && ratio.denominator !== null) ratios.add(measure, ratio);
    }
    const { verified } = ratios.check();
    return { verified, survey, unverifiable: outcomes - survey - verified };
  }
}
