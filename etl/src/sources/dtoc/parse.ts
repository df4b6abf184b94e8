import { ENGLAND_CODE } from '../../lib/areas.js';
import { parseMonth } from '../../lib/dates.js';
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
  const rows = SHEETS.flatMap((spec) => parseSheet(requireSheet(workbook, ...spec.names), spec));
  return {
    period,
    published: textOrNull(coverValue(cover, 'Published:')),
    revised: textOrNull(coverValue(cover, 'Revised:')),
    rows,
  };
}

function parseSheet(sheet: Sheet, spec: SheetSpec): DtocRow[] {
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
  let sawEngland = false;
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
    sawEngland ||= isEngland;
    const onsCode = onsColumn >= 0 ? String(cells[onsColumn] ?? '').trim() : '';
    for (const measure of measures) {
      rows.push({
        sheet: sheet.name,
        rowNumber: rowNumber(i),
        dhCode: isEngland ? null : code,
        onsCode: isEngland ? ENGLAND_CODE : /^E\d{8}$/.test(onsCode) ? onsCode : null,
        areaName: name,
        breakdown: spec.breakdown,
        category: measure.category,
        delayedDays: readCount(sheet, i, measure.column, String(sheet.rows[headerIndex]![measure.column])),
      });
    }
  }
  if (!sawEngland) {
    throw new InputError({ file: sheet.file, sheet: sheet.name }, "no 'England' row: the file looks truncated");
  }
  return rows;
}

function textOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).trim();
}
