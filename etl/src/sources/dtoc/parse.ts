import { ENGLAND_CODE } from '../../lib/areas.js';
import {
  checkPublishedAfterPeriod,
  checkSum,
  checkWithinPopulation,
  type Figure,
  OncePerSheet,
  SameFigureAcrossSheets,
} from '../../lib/consistency.js';
import { calendarDate, daysInMonth, parseMonth } from '../../lib/dates.js';
import { InputError } from '../../lib/errors.js';
import {
  columnLetter,
  coverValue,
  findHeaderRow,
  normaliseLabel,
  readCount,
  requireSheet,
  rowNumber,
  type Sheet,
  type Workbook,
} from '../../lib/workbook.js';

/** DH codes of rows that are not English councils: residents of Wales, Scotland and outside GB. */
export const PSEUDO_AREAS: Record<string, string> = {
  '9900': 'Resident in Wales',
  '9901': 'Resident in Scotland',
  '9902': 'Resident outside GB',
};

export type Breakdown = 'type_of_care' | 'responsible_org' | 'reason';

export interface DtocRow {
  sheet: string;
  rowNumber: number;
  /** Code as published: a 3-digit DH council code, or '-' for England. */
  dhCode: string | null;
  /** ONS code as published (2015-07 onwards); null in earlier editions. */
  onsCode: string | null;
  areaName: string;
  breakdown: Breakdown;
  category: string;
  /** Null where the workbook shows '-' (no figure). */
  delayedDays: number | null;
}

export interface DtocWorkbook {
  /** First day of the month the workbook reports, YYYY-MM-01. */
  period: string;
  published: string | null;
  revised: string | null;
  rows: DtocRow[];
}

interface SheetSpec {
  breakdown: Breakdown;
  names: string[];
  /** Maps a normalised header label to a category, or undefined when the label is not one of this sheet's measures. */
  category(label: string): string | undefined;
}

const TYPE_OF_CARE: Record<string, string> = { acute: 'acute', 'non-acute': 'non_acute', total: 'total' };
const RESPONSIBLE_ORG: Record<string, string> = {
  nhs: 'nhs',
  'social care': 'social_care',
  both: 'both',
  total: 'total',
};
const REASON_CODES = new Set(['a', 'b', 'c', 'di', 'dii', 'e', 'f', 'g', 'h', 'i', 'o']);

export const SHEETS: SheetSpec[] = [
  { breakdown: 'type_of_care', names: ['LA - by type of care'], category: (label) => TYPE_OF_CARE[label] },
  { breakdown: 'responsible_org', names: ['LA - by responsible org'], category: (label) => RESPONSIBLE_ORG[label] },
  {
    breakdown: 'reason',
    names: ['LA - by reason'],
    category(label) {
      if (label === 'total') return 'total';
      const code = /^([a-z]+)\)/.exec(label)?.[1];
      if (code === undefined || !REASON_CODES.has(code)) return undefined;
      return code.charAt(0).toUpperCase() + code.slice(1);
    },
  },
];

export function parseDtocWorkbook(workbook: Workbook): DtocWorkbook {
  const cover = requireSheet(workbook, ...SHEETS[0]!.names);
  const periodText = coverValue(cover, 'Period:');
  const basis = normaliseLabel(coverValue(cover, 'Basis:'));
  if (periodText === null || !/delayed transfer/i.test(String(coverValue(cover, 'Title:') ?? ''))) {
    throw new InputError(
      { file: workbook.file, sheet: cover.name },
      "not a Delayed Transfers of Care workbook: no 'Title: Delayed Transfer of Care…' and 'Period:' cover block",
    );
  }
  if (basis !== 'local authority') {
    throw new InputError(
      { file: workbook.file, sheet: cover.name },
      `expected 'Basis: Local Authority', found '${basis || 'none'}' (load the Local Authority edition)`,
    );
  }
  const period = parseMonth(periodText, { file: workbook.file, sheet: cover.name, field: 'Period:' });
  const published = textOrNull(coverValue(cover, 'Published:'));
  checkPublishedAfterPeriod({ file: workbook.file, sheet: cover.name, field: 'Period:' }, period, published);
  const totals = new SameFigureAcrossSheets('total delayed days');
  const codes = new OncePerSheet('council code');
  const days = daysInMonth(period);
  const rows = SHEETS.flatMap((spec) =>
    parseSheet(requireSheet(workbook, ...spec.names), spec, { totals, codes, days }),
  );
  return {
    period,
    published,
    revised: textOrNull(coverValue(cover, 'Revised:')),
    rows,
  };
}

/** Across the three sheets: an area's total is the same on each, and each code is on one row of a sheet. */
interface WorkbookChecks {
  totals: SameFigureAcrossSheets;
  codes: OncePerSheet;
  /** Days in the workbook's month: no area has more delayed days than its people × these. */
  days: number;
}

/** The name a category has in a consistency message: 'non-acute', 'social care', 'Di'. */
const categoryLabel = (category: string) => (category === 'non_acute' ? 'non-acute' : category.replace('_', ' '));

function parseSheet(sheet: Sheet, spec: SheetSpec, checks: WorkbookChecks): DtocRow[] {
  const headerIndex = findHeaderRow(sheet, ['Code', 'Name', 'Total']);
  const header = sheet.rows[headerIndex]!.map(normaliseLabel);
  const nameColumn = header.indexOf('name');
  const codeColumn = header.indexOf('code');
  const onsColumn = header.indexOf('ons geography');

  // Measures run from the column after Name to the first blank header; later blocks (people per day) are derived.
  const measures: { column: number; category: string }[] = [];
  for (let column = nameColumn + 1; column < header.length && header[column] !== ''; column++) {
    const category = spec.category(header[column]!);
    const location = { file: sheet.file, sheet: sheet.name, row: rowNumber(headerIndex), column: columnLetter(column) };
    if (category === undefined) {
      throw new InputError(
        location,
        `unexpected column '${sheet.rows[headerIndex]![column]}' in the ${spec.breakdown.replace('_', ' ')} block`,
      );
    }
    const repeated = measures.find((m) => m.category === category);
    if (repeated) {
      throw new InputError(
        location,
        `column '${sheet.rows[headerIndex]![column]}' repeats the category of column ${columnLetter(repeated.column)}`,
      );
    }
    measures.push({ column, category });
  }
  if (!measures.some((m) => m.category === 'total') || measures.length < 2) {
    throw new InputError(
      { file: sheet.file, sheet: sheet.name, row: rowNumber(headerIndex) },
      `the ${spec.breakdown.replace('_', ' ')} block needs its categories and a Total column`,
    );
  }

  const rows: DtocRow[] = [];
  let england: { row: number; figures: Figure[] } | undefined;
  const areaFigures: Figure[][] = [];
  for (let i = headerIndex + 1; i < sheet.rows.length; i++) {
    const cells = sheet.rows[i]!;
    const name = String(cells[nameColumn] ?? '').trim();
    const code = String(cells[codeColumn] ?? '').trim();
    if (name === '' && code === '') continue;
    if (/^notes?:?$/i.test(name) || /^notes?:/i.test(String(cells[0] ?? cells[1] ?? ''))) break;
    if (code === '' && measures.every((m) => cells[m.column] === null)) continue;
    const isEngland = normaliseLabel(name) === 'england';
    if (!isEngland && code === '') {
      throw new InputError(
        { file: sheet.file, sheet: sheet.name, row: rowNumber(i), column: columnLetter(codeColumn), field: 'Code' },
        `row '${name}' has no council code`,
      );
    }
    const location = { file: sheet.file, sheet: sheet.name, row: rowNumber(i) };
    checks.codes.add(isEngland ? 'England' : code, location);
    const onsCode = onsColumn >= 0 ? String(cells[onsColumn] ?? '').trim() : '';
    const figures = measures.map((measure) => ({
      label: categoryLabel(measure.category),
      value: readCount(sheet, i, measure.column, String(sheet.rows[headerIndex]![measure.column])),
    }));
    const ons = isEngland ? ENGLAND_CODE : /^E\d{8}$/.test(onsCode) ? onsCode : null;
    measures.forEach((measure, m) => {
      checkWithinPopulation(
        { ...location, column: columnLetter(measure.column), field: figures[m]!.label },
        ons,
        figures[m]!.value,
        'delayed days',
        { most: checks.days, unit: 'days' },
      );
    });
    checkRowTotal(sheet, i, measures, figures);
    const total = measures.findIndex((m) => m.category === 'total');
    checks.totals.add(isEngland ? 'England' : code, `'${name}'`, figures[total]!.value, {
      ...location,
      column: columnLetter(measures[total]!.column),
      field: 'Total',
    });
    if (isEngland) england = { row: location.row, figures };
    else areaFigures.push(figures);
    measures.forEach((measure, m) => {
      rows.push({
        sheet: sheet.name,
        rowNumber: rowNumber(i),
        dhCode: isEngland ? null : code,
        onsCode: ons,
        areaName: name,
        breakdown: spec.breakdown,
        category: measure.category,
        delayedDays: figures[m]!.value,
      });
    });
  }
  if (england === undefined) {
    throw new InputError({ file: sheet.file, sheet: sheet.name }, "no 'England' row: the file looks truncated");
  }
  checkEnglandRow(sheet, measures, england, areaFigures);
  return rows;
}

/** A row's categories add up to its Total: delayed days are whole days, so exactly. */
function checkRowTotal(
  sheet: Sheet,
  rowIndex: number,
  measures: { column: number; category: string }[],
  figures: Figure[],
) {
  const total = measures.findIndex((m) => m.category === 'total');
  checkSum(
    {
      file: sheet.file,
      sheet: sheet.name,
      row: rowNumber(rowIndex),
      column: columnLetter(measures[total]!.column),
      field: 'Total',
    },
    figures.filter((_, m) => m !== total),
    figures[total]!,
  );
}

/** England's row is the sum of every area row below it (councils and residents of Wales, Scotland, outside GB). */
function checkEnglandRow(
  sheet: Sheet,
  measures: { column: number; category: string }[],
  england: { row: number; figures: Figure[] },
  areas: Figure[][],
) {
  measures.forEach((measure, m) => {
    const location = { file: sheet.file, sheet: sheet.name, row: england.row, column: columnLetter(measure.column) };
    checkSum(
      { ...location, field: england.figures[m]!.label },
      areas.map((figures) => figures[m]!),
      { label: 'England', value: england.figures[m]!.value },
      { partsName: 'area rows' },
    );
  });
}

function textOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? (calendarDate(value) ?? '') : String(value).trim();
}
