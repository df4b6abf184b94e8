import { InputError } from '../../lib/errors.js';
import {
  type Sheet,
  type Workbook,
  columnLetter,
  findHeaderRow,
  normaliseLabel,
  readCount,
  rowNumber,
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
  const { midYear, title } = readTitle(persons);
  const rows = found.flatMap(({ sex, sheet }) => (sheet ? parseSheet(sheet, sex, midYear) : []));
  return { midYear, title, rows };
}

function readTitle(sheet: Sheet): { midYear: number; title: string } {
  for (const row of sheet.rows.slice(0, 10)) {
    for (const cell of row) {
      const match = /mid-(\d{4})/i.exec(String(cell ?? ''));
      if (match) return { midYear: Number(match[1]), title: String(cell).trim() };
    }
  }
  throw new InputError({ file: sheet.file, sheet: sheet.name }, "no title naming the estimate's year ('… mid-2019') in the first 10 rows");
}

function parseSheet(sheet: Sheet, sex: Sex, midYear: number): PopulationRow[] {
  const headerIndex = findHeaderRow(sheet, ['Code', 'Name', 'All ages']);
  const header = sheet.rows[headerIndex]!.map(normaliseLabel);
  const codeColumn = header.indexOf('code');
  const nameColumn = header.indexOf('name');
  const geographyColumn = header.findIndex((label) => /^geography/.test(label));
  const allAgesColumn = header.indexOf('all ages');
  const ageColumns: { age: number; column: number }[] = [];
  for (let age = 0; age <= OLDEST_AGE; age++) {
    const labels = age === OLDEST_AGE ? ['90', '90+'] : [String(age)];
    const column = header.findIndex((label) => labels.includes(label));
    if (column < 0) {
      throw new InputError(
        { file: sheet.file, sheet: sheet.name, row: rowNumber(headerIndex) },
        `no column for age ${age === OLDEST_AGE ? '90 (or 90+)' : age}`,
      );
    }
    ageColumns.push({ age, column });
  }

  const rows: PopulationRow[] = [];
  for (let i = headerIndex + 1; i < sheet.rows.length; i++) {
    const cells = sheet.rows[i]!;
    const code = String(cells[codeColumn] ?? '').trim();
    if (code === '') continue;
    const location = { file: sheet.file, sheet: sheet.name, row: rowNumber(i) };
    if (!/^[EKNSW]\d{8}$/.test(code)) {
      // Footnotes sit below the table in the code column.
      if (rows.length > 0 && !/^[A-Z]\d/.test(code)) break;
      throw new InputError({ ...location, column: columnLetter(codeColumn), field: 'Code' }, `'${code}' is not an ONS area code`);
    }
    const areaName = String(cells[nameColumn] ?? '').trim();
    const geography = geographyColumn >= 0 ? String(cells[geographyColumn] ?? '').trim() : '';
    let sum = 0;
    for (const { age, column } of ageColumns) {
      const people = readCount(sheet, i, column, String(sheet.rows[headerIndex]![column]));
      if (people === null || !Number.isInteger(people)) {
        throw new InputError({ ...location, column: columnLetter(column), field: `age ${age}` }, 'expected a whole number of people');
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
  if (rows.length === 0) throw new InputError({ file: sheet.file, sheet: sheet.name }, 'no rows of estimates below the header');
  return rows;
}
