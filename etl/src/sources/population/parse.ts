import path from 'node:path';
import { InputError } from '../../lib/errors.js';
import {
  columnLetter,
  findHeaderRow,
  normaliseLabel,
  readCount,
  rowNumber,
  type Sheet,
  type Workbook,
} from '../../lib/workbook.js';

export type Sex = 'persons' | 'male' | 'female';

export interface PopulationRow {
  areaCode: string;
  areaName: string;
  geography: string;
  sex: Sex;
  /** Single year of age; 90 means 90 and over. */
  age: number;
  people: number;
}

export interface PopulationWorkbook {
  midYear: number;
  title: string;
  rows: PopulationRow[];
}

export const OLDEST_AGE = 90;

/** Sheet names vary by edition ('MYE2-All', 'MYE2 - Persons'); compare without spaces and dashes. */
const SHEETS: { sex: Sex; names: string[] }[] = [
  { sex: 'persons', names: ['mye2all', 'mye2persons'] },
  { sex: 'male', names: ['mye2males'] },
  { sex: 'female', names: ['mye2females'] },
];

/** Geographies of the local-authority estimates: UK, GB, E+W, countries, regions, counties, districts and unitaries. */
const KNOWN_AREA_CODE = /^(K0[2-4]|[EWSN]92|E1[0-3]|E0[6-9]|W06|S12|N09)\d{6}$/;

/** '0', 'Age 0', '90', '90+', '90 and over' → the age; anything else → -1. */
function ageOfLabel(label: string): number {
  const match = /^(?:aged? ?)?(\d{1,2})(\+| and over| & over)?$/.exec(label);
  if (!match) return -1;
  const age = Number(match[1]);
  if (match[2] !== undefined) return age === OLDEST_AGE ? age : -1;
  return age;
}

const compact = (name: string) => normaliseLabel(name).replace(/[\s\-_]/g, '');

export function parsePopulationWorkbook(workbook: Workbook): PopulationWorkbook {
  const found = SHEETS.map(({ sex, names }) => {
    const name = workbook.sheetNames.find((candidate) => names.includes(compact(candidate)));
    return { sex, sheet: name === undefined ? undefined : workbook.sheet(name) };
  });
  const persons = found[0]!.sheet;
  if (persons === undefined) {
    throw new InputError(
      { file: workbook.file },
      `not an ONS mid-year estimates workbook: no 'MYE2 - Persons' (or 'MYE2-All') sheet (sheets: ${workbook.sheetNames.join(', ')})`,
    );
  }
  const { midYear, title } = readTitle(workbook, persons);
  const rows = found.flatMap(({ sex, sheet }) => (sheet ? parseSheet(sheet, sex, midYear) : []));
  return { midYear, title, rows };
}

/**
 * The estimate's year from a title such as '… mid-2019' or 'Mid-2021 population estimates' above the header,
 * else from the Contents sheet or the file name (later editions moved the title around).
 */
function readTitle(workbook: Workbook, sheet: Sheet): { midYear: number; title: string } {
  const candidates = [
    ...sheet.rows.slice(0, 20),
    ...workbook.sheetNames
      .filter((name) => /contents|cover|notes/i.test(name))
      .flatMap((name) => workbook.sheet(name)?.rows.slice(0, 20) ?? []),
  ];
  for (const row of candidates) {
    for (const cell of row) {
      const match = MID_YEAR.exec(String(cell ?? ''));
      if (match) return { midYear: Number(match[1]), title: String(cell).trim() };
    }
  }
  const fromName = MID_YEAR.exec(path.basename(workbook.file));
  if (fromName) return { midYear: Number(fromName[1]), title: path.basename(workbook.file) };
  throw new InputError(
    { file: sheet.file, sheet: sheet.name },
    "no title naming the estimate's year ('… mid-2019') in the first 20 rows",
  );
}

const MID_YEAR = /mid[-\s_]?(\d{4})/i;

function parseSheet(sheet: Sheet, sex: Sex, midYear: number): PopulationRow[] {
  const headerIndex = findHeaderRow(sheet, ['Code', 'Name', 'All ages']);
  const header = sheet.rows[headerIndex]!.map(normaliseLabel);
  const codeColumn = header.indexOf('code');
  const nameColumn = header.indexOf('name');
  const geographyColumn = header.findIndex((label) => /^geography/.test(label));
  const allAgesColumn = header.indexOf('all ages');
  const ageColumns: { age: number; column: number }[] = [];
  const ages = header.map(ageOfLabel);
  for (let age = 0; age <= OLDEST_AGE; age++) {
    const column = ages.indexOf(age);
    if (column < 0) {
      throw new InputError(
        { file: sheet.file, sheet: sheet.name, row: rowNumber(headerIndex) },
        `no column for age ${age === OLDEST_AGE ? '90 (or 90+)' : age}`,
      );
    }
    ageColumns.push({ age, column });
  }

  const rows: PopulationRow[] = [];
  const seen = new Map<string, number>();
  for (let i = headerIndex + 1; i < sheet.rows.length; i++) {
    const cells = sheet.rows[i]!;
    const code = String(cells[codeColumn] ?? '').trim();
    if (code === '') continue;
    const location = { file: sheet.file, sheet: sheet.name, row: rowNumber(i) };
    if (!/^[EKNSW]\d{8}$/.test(code)) {
      // Footnotes sit below the table in the code column.
      if (rows.length > 0 && !/^[A-Z]\d/.test(code)) break;
      throw new InputError(
        { ...location, column: columnLetter(codeColumn), field: 'Code' },
        `'${code}' is not an ONS area code`,
      );
    }
    if (!KNOWN_AREA_CODE.test(code)) {
      throw new InputError(
        { ...location, column: columnLetter(codeColumn), field: 'Code' },
        `unknown area code '${code}' (not a UK, country, region, county or local authority code of the ONS)`,
      );
    }
    const earlier = seen.get(code);
    if (earlier !== undefined) {
      throw new InputError(
        { ...location, column: columnLetter(codeColumn), field: 'Code' },
        `duplicate row: area '${code}' is already on row ${earlier}`,
      );
    }
    seen.set(code, rowNumber(i));
    const areaName = String(cells[nameColumn] ?? '').trim();
    const geography = geographyColumn >= 0 ? String(cells[geographyColumn] ?? '').trim() : '';
    let sum = 0;
    for (const { age, column } of ageColumns) {
      const people = readCount(sheet, i, column, String(sheet.rows[headerIndex]![column]));
      if (people === null || !Number.isInteger(people)) {
        throw new InputError(
          { ...location, column: columnLetter(column), field: `age ${age}` },
          'expected a whole number of people',
        );
      }
      sum += people;
      rows.push({ areaCode: code, areaName, geography, sex, age, people });
    }
    const allAges = readCount(sheet, i, allAgesColumn, 'All ages');
    if (allAges !== sum) {
      throw new InputError(
        { ...location, column: columnLetter(allAgesColumn), field: 'All ages' },
        `All ages (${allAges}) is not the sum of the single years of age (${sum}) in mid-${midYear}`,
      );
    }
  }
  if (rows.length === 0)
    throw new InputError({ file: sheet.file, sheet: sheet.name }, 'no rows of estimates below the header');
  return rows;
}
