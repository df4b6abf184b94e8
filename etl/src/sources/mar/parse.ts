import { checkPublishedAfterPeriod, checkSum, checkWithin, type Figure } from '../../lib/consistency.js';
import { calendarDate, parseMonth } from '../../lib/dates.js';
import { InputError } from '../../lib/errors.js';
import {
  columnLetter,
  coverValue,
  findHeaderRow,
  headerColumn,
  normaliseLabel,
  readCount,
  requireSheet,
  rowNumber,
  type Sheet,
  type Workbook,
} from '../../lib/workbook.js';

export const COMMISSIONER_SHEET = 'Commissioner';

/** The measures the publication has carried since 2012, found by label so that case, spacing and '&'/'and' may vary. */
export const MEASURES: { code: string; pattern: RegExp }[] = [
  { code: 'elective_ordinary_admissions', pattern: /^elective g&a ordinary admissions/ },
  { code: 'elective_daycase_admissions', pattern: /^elective g&a daycase admissions/ },
  { code: 'elective_admissions', pattern: /^elective g&a total admissions/ },
  { code: 'elective_planned_ordinary_admissions', pattern: /^elective g&a planned ordinary admissions/ },
  { code: 'elective_planned_daycase_admissions', pattern: /^elective g&a planned daycase admissions/ },
  { code: 'elective_planned_admissions', pattern: /^elective g&a planned total admissions/ },
  { code: 'elective_admissions_treatment_centres', pattern: /^elective g&a admissions.*treatment centres/ },
  { code: 'non_elective_admissions', pattern: /^total non-elective g&a admissions/ },
  { code: 'gp_referrals_made_all_specialties', pattern: /^gp referrals made \(all specialties\)/ },
  { code: 'gp_referrals_seen_all_specialties', pattern: /^gp referrals seen \(all specialties\)/ },
  { code: 'gp_referrals_made_general_acute', pattern: /^gp referrals made \(g&a\)/ },
  { code: 'gp_referrals_seen_general_acute', pattern: /^gp referrals seen \(g&a\)/ },
  { code: 'other_referrals_made_general_acute', pattern: /^other referrals made \(g&a\)/ },
  { code: 'first_outpatient_attendances_general_acute', pattern: /^all 1st outpatient attendances \(g&a\)/ },
];

/** Without these the file is of no use to the admissions metrics. */
export const REQUIRED_MEASURES = [
  { code: 'non_elective_admissions', label: 'Total Non-elective G&A Admissions (FFCEs)' },
  { code: 'elective_admissions', label: 'Elective G&A Total Admissions (FFCEs)' },
];

export interface MarMeasure {
  column: number;
  code: string;
  /** The header as published (trimmed). */
  label: string;
}

export interface MarRow {
  rowNumber: number;
  /** SHA, Area Team or Region the publication files the commissioner under (null for England and where blank). */
  parentCode: string | null;
  parentName: string | null;
  /** ODS code of the commissioner (CCG, PCT or national commissioner); null for the England row. */
  orgCode: string | null;
  orgName: string;
  /** One value per measure (same order as MarWorkbook.measures); null where the publisher marked no value. */
  values: (number | null)[];
}

export interface MarWorkbook {
  /** First day of the month reported, YYYY-MM-01. */
  period: string;
  published: string | null;
  revised: string | null;
  sheet: string;
  /** 'SHA', 'Area Team' or 'Region': the tier of the parent columns in this edition. */
  parentType: string | null;
  /** 0-based column of Org Code, to point errors at it. */
  orgCodeColumn: number;
  measures: MarMeasure[];
  england: MarRow;
  commissioners: MarRow[];
}

/** Folds the spellings of 'general and acute' and 'non-elective' that editions use into one. */
function measureKey(label: string): string {
  return normaliseLabel(label)
    .replace(/\bg ?(&|and) ?a\b|general (&|and) acute/g, 'g&a')
    .replace(/\bnon ?-? ?elective/g, 'non-elective');
}

const slug = (label: string) =>
  measureKey(label)
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

export function parseMarWorkbook(workbook: Workbook): MarWorkbook {
  const sheet = requireSheet(workbook, COMMISSIONER_SHEET);
  const location = { file: sheet.file, sheet: sheet.name };
  const periodText = coverValue(sheet, 'Period:');
  const basis = normaliseLabel(coverValue(sheet, 'Basis:'));
  if (periodText === null) {
    throw new InputError(
      { ...location, field: 'Period:' },
      "not a Monthly Activity Return: no 'Period:' in the cover block",
    );
  }
  if (basis !== 'commissioner') {
    throw new InputError(
      { ...location, field: 'Basis:' },
      `expected 'Basis: Commissioner', found '${basis || 'none'}' (load the commissioner edition)`,
    );
  }
  const period = parseMonth(periodText, { ...location, field: 'Period:' });

  const headerIndex = findHeaderRow(sheet, ['Org Code', 'Org Name']);
  const header = sheet.rows[headerIndex]!.map(normaliseLabel);
  const orgCodeColumn = headerColumn(sheet, headerIndex, 'org code');
  const orgNameColumn = headerColumn(sheet, headerIndex, 'org name');
  const parentCodeColumn = header.findIndex((label, i) => i !== orgCodeColumn && / code$/.test(label));
  const parentNameColumn = header.findIndex((label, i) => i !== orgNameColumn && / name$/.test(label));
  const parentType =
    parentCodeColumn >= 0
      ? String(sheet.rows[headerIndex]![parentCodeColumn])
          .trim()
          .replace(/\s+code$/i, '')
      : null;
  const measures = measureColumns(sheet, headerIndex, orgNameColumn);

  let england: MarRow | undefined;
  const commissioners: MarRow[] = [];
  const seen = new Map<string, number>();
  for (let i = headerIndex + 1; i < sheet.rows.length; i++) {
    const cells = sheet.rows[i]!;
    const text = (column: number) => (column >= 0 ? String(cells[column] ?? '').trim() : '');
    const orgCode = text(orgCodeColumn);
    const orgName = text(orgNameColumn);
    const hasFigures = measures.some(
      (m) => cells[m.column] !== null && cells[m.column] !== undefined && String(cells[m.column]).trim() !== '',
    );
    const rowLocation = { ...location, row: rowNumber(i) };
    // Footnotes sit below the table in the first column; blank rows separate England from the commissioners.
    if (orgCode === '' && orgName === '') {
      if (hasFigures)
        throw new InputError(
          { ...rowLocation, column: columnLetter(orgCodeColumn), field: 'Org Code' },
          'a row with figures has no Org Code or Org Name',
        );
      continue;
    }
    const isEngland = orgCode === '' && normaliseLabel(orgName) === 'england';
    if (orgCode === '' && !isEngland) {
      throw new InputError(
        { ...rowLocation, column: columnLetter(orgCodeColumn), field: 'Org Code' },
        `row '${orgName}' has no Org Code`,
      );
    }
    const row: MarRow = {
      rowNumber: rowNumber(i),
      parentCode: isEngland ? null : nullIfBlank(text(parentCodeColumn)),
      parentName: isEngland ? null : nullIfBlank(text(parentNameColumn)),
      orgCode: isEngland ? null : orgCode,
      orgName,
      values: measures.map((m) => readCount(sheet, i, m.column, m.label)),
    };
    if (isEngland) {
      if (england) throw new InputError(rowLocation, `a second England row (the first is row ${england.rowNumber})`);
      england = row;
      continue;
    }
    const earlier = seen.get(orgCode.toUpperCase());
    if (earlier !== undefined) {
      throw new InputError(
        { ...rowLocation, column: columnLetter(orgCodeColumn), field: 'Org Code' },
        `duplicate Org Code '${orgCode}' (also on row ${earlier})`,
      );
    }
    seen.set(orgCode.toUpperCase(), row.rowNumber);
    commissioners.push(row);
  }
  if (!england) throw new InputError(location, "no 'England' row below the header: the file looks truncated");
  if (commissioners.length === 0)
    throw new InputError(location, 'no commissioner rows below the England row: the file looks truncated');
  checkEnglandTotals(sheet, measures, england, commissioners);
  for (const row of [england, ...commissioners]) checkMeasureRelations(sheet, measures, row);

  const published = textOrNull(coverValue(sheet, 'Published:'));
  checkPublishedAfterPeriod({ ...location, field: 'Period:' }, period, published);
  return {
    period,
    published,
    revised: textOrNull(coverValue(sheet, 'Revised:')),
    sheet: sheet.name,
    parentType,
    orgCodeColumn,
    measures,
    england,
    commissioners,
  };
}

/** The measure columns: from after Org Name to the first blank header. Unknown labels are kept under a code made from the label. */
function measureColumns(sheet: Sheet, headerIndex: number, orgNameColumn: number): MarMeasure[] {
  const raw = sheet.rows[headerIndex]!;
  const measures: MarMeasure[] = [];
  for (let column = orgNameColumn + 1; column < raw.length && normaliseLabel(raw[column]) !== ''; column++) {
    const label = String(raw[column]).trim().replace(/\s+/g, ' ');
    const key = measureKey(label);
    const code = MEASURES.find((m) => m.pattern.test(key))?.code ?? slug(label);
    const duplicate = measures.find((m) => m.code === code);
    if (duplicate) {
      throw new InputError(
        { file: sheet.file, sheet: sheet.name, row: rowNumber(headerIndex), column: columnLetter(column) },
        `column '${label}' repeats the measure in column ${columnLetter(duplicate.column)} ('${duplicate.label}')`,
      );
    }
    measures.push({ column, code, label });
  }
  for (const required of REQUIRED_MEASURES) {
    if (!measures.some((m) => m.code === required.code)) {
      throw new InputError(
        { file: sheet.file, sheet: sheet.name, row: rowNumber(headerIndex) },
        `no '${required.label}' column in the header row (found: ${measures.map((m) => `'${m.label}'`).join(', ') || 'no measure columns'})`,
      );
    }
  }
  return measures;
}

/**
 * The publication's England row is the sum of its commissioner rows (national commissioners included) in every
 * edition held; a file where they differ has lost or gained rows on the way.
 */
function checkEnglandTotals(sheet: Sheet, measures: MarMeasure[], england: MarRow, commissioners: MarRow[]) {
  measures.forEach((measure, index) => {
    const values = commissioners.map((row) => row.values[index]);
    const total = england.values[index] ?? null;
    const location = {
      file: sheet.file,
      sheet: sheet.name,
      row: england.rowNumber,
      column: columnLetter(measure.column),
      field: measure.label,
    };
    // A commissioner with no figure does not switch the check off: the published ones must not exceed England.
    if (values.some((value) => value === null)) {
      checkSum(
        location,
        commissioners.map((row, r) => ({ label: row.orgCode!, value: values[r]! })),
        { label: 'the England row', value: total },
        { partsName: 'commissioner rows' },
      );
      return;
    }
    if (total === null) return;
    const sum = values.reduce<number>((acc, value) => acc + value!, 0);
    if (Math.abs(sum - total) > 0.5) {
      throw new InputError(
        location,
        `the ${commissioners.length} commissioner rows sum to ${sum} but the England row says ${total}: rows are missing, added or edited`,
      );
    }
  });
}

/**
 * Ordinary + daycase admissions make the elective total, within the publication's own discrepancies (the shared
 * editions differ by up to 9 admissions, 0.4% of the total; allowed: 1 admission or 1%). The planned ordinary +
 * daycase do not make the planned total in the 2014-10 edition (up to 8.6% apart), so they are not checked.
 * G&A referrals are some of all specialties', and treatment-centre electives some of all electives.
 */
const PARTS_OF_TOTALS = [
  { parts: ['elective_ordinary_admissions', 'elective_daycase_admissions'], total: 'elective_admissions' },
];
const PARTS_OF_WHOLES = [
  { part: 'gp_referrals_made_general_acute', whole: 'gp_referrals_made_all_specialties' },
  { part: 'gp_referrals_seen_general_acute', whole: 'gp_referrals_seen_all_specialties' },
  { part: 'elective_admissions_treatment_centres', whole: 'elective_admissions' },
];
const ELECTIVE_TOLERANCE = { absolute: 1, relative: 0.01 };

function checkMeasureRelations(sheet: Sheet, measures: MarMeasure[], row: MarRow) {
  const figure = (code: string): (Figure & { column: number }) | undefined => {
    const index = measures.findIndex((m) => m.code === code);
    if (index < 0) return undefined;
    return { label: measures[index]!.label, value: row.values[index] ?? null, column: measures[index]!.column };
  };
  const location = (column: number, field: string) => ({
    file: sheet.file,
    sheet: sheet.name,
    row: row.rowNumber,
    column: columnLetter(column),
    field,
  });
  for (const relation of PARTS_OF_TOTALS) {
    const total = figure(relation.total);
    const parts = relation.parts.map(figure);
    if (total === undefined || parts.some((part) => part === undefined)) continue;
    checkSum(location(total.column, total.label), parts as Figure[], total, { tolerance: ELECTIVE_TOLERANCE });
  }
  for (const relation of PARTS_OF_WHOLES) {
    const [part, whole] = [figure(relation.part), figure(relation.whole)];
    if (part !== undefined && whole !== undefined) checkWithin(location(part.column, part.label), part, whole);
  }
}

const nullIfBlank = (value: string) => (value === '' || value === '-' ? null : value);

function textOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = value instanceof Date ? (calendarDate(value) ?? '') : String(value).trim();
  return text === '' || text === '-' ? null : text;
}
