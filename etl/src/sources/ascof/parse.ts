import { checkAreaCode, ENGLAND_CODE } from '../../lib/areas.js';
import type { CsvColumnSpec } from '../../lib/csv.js';
import { normaliseHeader } from '../../lib/csv.js';
import { InputError, type InputLocation } from '../../lib/errors.js';
import { financialYearFromName, financialYearLabel, type Period, parsePeriod } from '../../lib/periods.js';
import { readMeasured } from '../../lib/values.js';
import { columnLetter, readCell, rowNumber, type Sheet } from '../../lib/workbook.js';

/** NHS Digital's ASCOF open-data columns, matched by name (case, spacing and punctuation aside). */
export const ASCOF_COLUMNS: CsvColumnSpec[] = [
  { key: 'geographicalCode', headers: ['Geographical Code'] },
  { key: 'geographicalDescription', headers: ['Geographical Description'] },
  { key: 'geographicalLevel', headers: ['Geographical Level'] },
  { key: 'onsCode', headers: ['ONS Code'] },
  { key: 'measureCode', headers: ['ASCOF Measure Code', 'Measure Code'] },
  { key: 'disaggregation', headers: ['Disaggregation Level', 'Disaggregation'] },
  { key: 'measureType', headers: ['Measure Type'] },
  { key: 'measureValue', headers: ['Measure Value', 'Value'] },
  { key: 'measureGroup', headers: ['Measure Group'], required: false },
  { key: 'measureGroupDescription', headers: ['Measure Group Description'], required: false },
  { key: 'year', headers: ['Year', 'Financial Year', 'Reporting Period', 'Reporting Year', 'Period'], required: false },
];

export interface AscofRow {
  rowNumber: number;
  financialYear: string;
  periodStart: string;
  periodEnd: string;
  dhCode: string;
  areaName: string;
  geographicalLevel: string;
  areaCode: string | null;
  measureCode: string;
  disaggregation: string;
  measureType: string;
  value: number | null;
  missingReason: string | null;
  measureGroup: string | null;
  measureGroupDescription: string | null;
  /** Where the value was read, for checks across rows. */
  valueAt: InputLocation;
}

/** Where each named column sits, for a workbook sheet: index by key. */
export function workbookColumns(sheet: Sheet): { headerIndex: number; columns: Record<string, number | undefined> } {
  const limit = Math.min(sheet.rows.length, 40);
  for (let i = 0; i < limit; i++) {
    const labels = (sheet.rows[i] ?? []).map((cell) => normaliseHeader(String(cell ?? '')));
    const columns: Record<string, number | undefined> = {};
    for (const spec of ASCOF_COLUMNS) {
      const index = spec.headers.map((h) => labels.indexOf(normaliseHeader(h))).find((found) => found >= 0);
      const again = index === undefined ? -1 : labels.indexOf(labels[index]!, index + 1);
      if (again >= 0) {
        throw new InputError(
          { file: sheet.file, sheet: sheet.name, row: rowNumber(i), column: columnLetter(again) },
          `the header has '${sheet.rows[i]![again]}' twice (columns ${columnLetter(index!)} and ${columnLetter(again)}): delete or rename one of them`,
        );
      }
      columns[spec.key] = index;
    }
    if (columns.measureCode !== undefined && columns.measureValue !== undefined) {
      const missing = ASCOF_COLUMNS.filter((spec) => spec.required !== false && columns[spec.key] === undefined).map(
        (spec) => `'${spec.headers[0]}'`,
      );
      if (missing.length > 0) {
        throw new InputError(
          { file: sheet.file, sheet: sheet.name, row: rowNumber(i) },
          `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} in the ASCOF header`,
        );
      }
      return { headerIndex: i, columns };
    }
  }
  throw new InputError(
    { file: sheet.file, sheet: sheet.name },
    "not ASCOF open data: no header row with 'ASCOF Measure Code' and 'Measure Value' in the first 40 rows",
  );
}

/** The financial year from a year column when the file has one, else from NHS Digital's file name. */
export function resolveYear(file: string, yearCell: unknown, location: InputLocation): Period {
  if (yearCell !== undefined && yearCell !== null && String(yearCell).trim() !== '') {
    const text = String(yearCell)
      .trim()
      .replace(/^FY\s*/i, '');
    const period = parsePeriod(text);
    if (period?.type !== 'financial_year')
      throw new InputError(location, `expected a financial year such as '2020-21', found '${text}'`);
    return period;
  }
  const fromName = financialYearFromName(file.split(/[\\/]/).pop()!);
  if (!fromName) {
    throw new InputError(
      { file },
      "cannot tell the financial year: the file has no year column and its name has no year (NHS Digital names files '…-2021-…' for 2020-21; '2020-21' works too)",
    );
  }
  return fromName;
}

/**
 * One ASCOF row from its cells (workbook or CSV); `at(key)` gives the location of a column.
 * Every figure is 0 or more; council and region codes must be known; Council Type groups have no ONS code.
 */
export function parseAscofCells(
  file: string,
  line: number,
  get: (key: string) => unknown,
  at: (key: string) => InputLocation,
  fallbackYear: () => Period,
): AscofRow {
  const text = (key: string) => String(get(key) ?? '').trim();
  const level = text('geographicalLevel');
  const onsCode = text('onsCode');
  let areaCode: string | null = null;
  if (/^england$/i.test(level)) {
    if (onsCode !== '' && onsCode !== ENGLAND_CODE)
      throw new InputError(at('onsCode'), `the England row has ONS code '${onsCode}', expected ${ENGLAND_CODE}`);
    areaCode = ENGLAND_CODE;
  } else if (onsCode === '' || /^(null|na|n\/a|-)$/i.test(onsCode)) {
    if (/^(council|region)$/i.test(level))
      throw new InputError(at('onsCode'), `the ONS code of a ${level.toLowerCase()} is blank`);
  } else {
    areaCode = checkAreaCode(onsCode, at('onsCode'));
  }
  const measureCode = text('measureCode');
  if (!measureCode) throw new InputError(at('measureCode'), 'the measure code is blank');
  const measureType = text('measureType');
  if (!measureType) throw new InputError(at('measureType'), 'the measure type is blank');
  const year = get('year') === undefined ? fallbackYear() : resolveYear(file, get('year'), at('year'));
  // ASCOF outcomes, numerators, denominators and margins of error are never negative.
  const measured = readMeasured(get('measureValue') ?? '', at('measureValue'), { nonNegative: true, what: 'a value' });
  return {
    rowNumber: line,
    financialYear: financialYearLabel(year.start),
    periodStart: year.start,
    periodEnd: year.end,
    dhCode: text('geographicalCode'),
    areaName: text('geographicalDescription'),
    geographicalLevel: level,
    areaCode,
    measureCode,
    disaggregation: text('disaggregation') || 'Total',
    measureType,
    value: measured.value,
    missingReason: measured.missingReason,
    measureGroup: text('measureGroup') || null,
    measureGroupDescription: text('measureGroupDescription') || null,
    valueAt: at('measureValue'),
  };
}

/** Rows of a workbook sheet, read by column name. */
export function* workbookRows(sheet: Sheet, fallbackYear: () => Period): Generator<AscofRow> {
  const { headerIndex, columns } = workbookColumns(sheet);
  for (let i = headerIndex + 1; i < sheet.rows.length; i++) {
    const cells = sheet.rows[i]!;
    if (cells.every((cell) => cell === null || String(cell).trim() === '')) continue;
    const get = (key: string) => (columns[key] === undefined ? undefined : readCell(sheet, i, columns[key]!));
    const at = (key: string): InputLocation => ({
      file: sheet.file,
      sheet: sheet.name,
      row: rowNumber(i),
      column: columns[key] === undefined ? undefined : columnLetter(columns[key]!),
      field: ASCOF_COLUMNS.find((spec) => spec.key === key)?.headers[0],
    });
    yield parseAscofCells(sheet.file, rowNumber(i), get, at, fallbackYear);
  }
}
