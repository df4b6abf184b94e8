import path from 'node:path';
import { checkSum } from '../../lib/consistency.js';
import { InputError } from '../../lib/errors.js';
import {
  columnLetter,
  findHeaderRow,
  headerColumn,
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
  const sheets = found.flatMap(({ sex, sheet }) => (sheet ? [parseSheet(sheet, sex, midYear)] : []));
  for (const estimates of sheets) checkAreaTotals(estimates);
  checkSexes(sheets);
  return { midYear, title, rows: sheets.flatMap((estimates) => estimates.rows) };
}

/** One sheet's estimates: each area's row and its people by single year of age (index = age). */
interface SheetEstimates {
  sheet: Sheet;
  sex: Sex;
  ageColumns: { age: number; column: number }[];
  areas: Map<string, { row: number; name: string; people: number[] }>;
  rows: PopulationRow[];
}

/**
 * In a UK workbook (one with the UK's row, as every ONS edition has) a country, and the UK, is the sum of the
 * areas one level down, at every age: exactly, as the estimates are whole people. England is checked against
 * its regions and against its councils (unitary, metropolitan, London and district), so that a missing or
 * edited council row shows. A workbook without the UK row is an extract with nothing to add up to.
 */
const UK_CODE = 'K02000001';
const AREA_TOTALS: { total: string; parts: RegExp; partsName: string }[] = [
  { total: UK_CODE, parts: /^[EWSN]92/, partsName: 'countries' },
  { total: 'E92000001', parts: /^E12/, partsName: 'regions' },
  { total: 'E92000001', parts: /^E0[6-9]/, partsName: 'unitary, metropolitan, London and district councils' },
  { total: 'W92000004', parts: /^W06/, partsName: 'unitary authorities' },
  { total: 'S92000003', parts: /^S12/, partsName: 'council areas' },
  { total: 'N92000002', parts: /^N09/, partsName: 'local government districts' },
];

function checkAreaTotals({ sheet, ageColumns, areas }: SheetEstimates) {
  if (!areas.has(UK_CODE)) return;
  for (const { total, parts, partsName } of AREA_TOTALS) {
    const whole = areas.get(total);
    const members = [...areas].filter(([code]) => parts.test(code)).map(([, area]) => area);
    if (whole === undefined || members.length === 0) continue;
    for (const { age, column } of ageColumns) {
      checkSum(
        { file: sheet.file, sheet: sheet.name, row: whole.row, column: columnLetter(column), field: `age ${age}` },
        members.map((area) => ({ label: area.name, value: area.people[age]! })),
        { label: `${whole.name} (${total})`, value: whole.people[age]! },
        { partsName },
      );
    }
  }
}

/** Males + females = persons for every area and age, where the workbook has the three sheets. */
function checkSexes(sheets: SheetEstimates[]) {
  const [persons, males, females] = (['persons', 'male', 'female'] as const).map((sex) =>
    sheets.find((estimates) => estimates.sex === sex),
  );
  if (persons === undefined || males === undefined || females === undefined) return;
  for (const [code, area] of persons.areas) {
    const male = males.areas.get(code);
    const female = females.areas.get(code);
    const location = { file: persons.sheet.file, sheet: persons.sheet.name, row: area.row };
    if (male === undefined || female === undefined) {
      const missing = male === undefined ? males : females;
      throw new InputError(
        { ...location, field: 'Code' },
        `area '${code}' has no row on sheet '${missing.sheet.name}'`,
      );
    }
    for (const { age, column } of persons.ageColumns) {
      checkSum(
        { ...location, column: columnLetter(column), field: `age ${age}` },
        [
          { label: `males on row ${male.row} of '${males.sheet.name}'`, value: male.people[age]! },
          { label: `females on row ${female.row} of '${females.sheet.name}'`, value: female.people[age]! },
        ],
        { label: 'persons', value: area.people[age]! },
      );
    }
  }
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

function parseSheet(sheet: Sheet, sex: Sex, midYear: number): SheetEstimates {
  const headerIndex = findHeaderRow(sheet, ['Code', 'Name', 'All ages']);
  const header = sheet.rows[headerIndex]!.map(normaliseLabel);
  const codeColumn = headerColumn(sheet, headerIndex, 'code');
  const nameColumn = headerColumn(sheet, headerIndex, 'name');
  const geographyColumn = header.findIndex((label) => /^geography/.test(label));
  const allAgesColumn = headerColumn(sheet, headerIndex, 'all ages');
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
  const areas: SheetEstimates['areas'] = new Map();
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
    const earlier = areas.get(code)?.row;
    if (earlier !== undefined) {
      throw new InputError(
        { ...location, column: columnLetter(codeColumn), field: 'Code' },
        `duplicate row: area '${code}' is already on row ${earlier}`,
      );
    }
    const areaName = String(cells[nameColumn] ?? '').trim();
    const people: number[] = [];
    areas.set(code, { row: rowNumber(i), name: areaName, people });
    const geography = geographyColumn >= 0 ? String(cells[geographyColumn] ?? '').trim() : '';
    let sum = 0;
    for (const { age, column } of ageColumns) {
      const count = readCount(sheet, i, column, String(sheet.rows[headerIndex]![column]));
      if (count === null || !Number.isInteger(count)) {
        throw new InputError(
          { ...location, column: columnLetter(column), field: `age ${age}` },
          'expected a whole number of people',
        );
      }
      sum += count;
      people[age] = count;
      rows.push({ areaCode: code, areaName, geography, sex, age, people: count });
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
  return { sheet, sex, ageColumns, areas, rows };
}
