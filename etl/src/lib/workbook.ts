import fs from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { InputError } from './errors.js';
import { cannotRead, readHead } from './files.js';
import { type NumberRule, readNumber } from './values.js';

export type Cell = string | number | boolean | Date | null;
export type Row = Cell[];

export interface Sheet {
  file: string;
  name: string;
  /** Rows as displayed, 0-based here; `rowNumber(i)` gives the 1-based number a user sees. */
  rows: Row[];
  /**
   * Cells that hold no value because Excel could not give one, by address ('F40'): an error value (#DIV/0!) or a
   * formula saved without its result. They read as blank (null) in `rows`; `describeCell` names them.
   */
  faults?: Map<string, string>;
}

export interface Workbook {
  file: string;
  sheetNames: string[];
  sheet(name: string): Sheet | undefined;
}

const WORKBOOK_SIGNATURES = [
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), // BIFF (.xls) compound file
  Buffer.from([0x50, 0x4b, 0x03, 0x04]), // OOXML (.xlsx) zip
];

const hasWorkbookSignature = (head: Buffer) =>
  WORKBOOK_SIGNATURES.some((signature) => head.subarray(0, 4).equals(signature));

/** An Excel workbook (.xls or .xlsx) by its first bytes, whatever its name. */
export function isWorkbook(file: string): boolean {
  return hasWorkbookSignature(readHead(file, 4));
}

export function readWorkbook(file: string): Workbook {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw cannotRead(file, error);
  }
  if (bytes.length === 0) throw new InputError({ file }, 'the file is empty');
  if (!hasWorkbookSignature(bytes)) {
    throw new InputError({ file }, 'not an Excel workbook (.xls or .xlsx)');
  }
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(bytes, { type: 'buffer', cellDates: true, WTF: true });
  } catch (error) {
    throw new InputError({ file }, `the workbook is damaged or truncated (${(error as Error).message})`);
  }
  const cache = new Map<string, Sheet>();
  return {
    file,
    sheetNames: workbook.SheetNames,
    sheet(name) {
      const actual = workbook.SheetNames.find((candidate) => normaliseLabel(candidate) === normaliseLabel(name));
      if (actual === undefined) return undefined;
      let sheet = cache.get(actual);
      if (!sheet) {
        const worksheet = workbook.Sheets[actual];
        // Read from A1 whatever the sheet's used range, so that indexes map to the row numbers and column
        // letters a user sees in Excel. Dates are the calendar date (and time) in the cell, as UTC whatever the
        // process's time zone: SheetJS otherwise gives local midnight, which is the day before in UTC under BST.
        const used = worksheet?.['!ref'] ? XLSX.utils.decode_range(worksheet['!ref']) : undefined;
        const rows =
          worksheet && used
            ? XLSX.utils.sheet_to_json<Row>(worksheet, {
                header: 1,
                raw: true,
                defval: null,
                blankrows: true,
                UTC: true,
                range: XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: used.e }),
              })
            : [];
        sheet = { file, name: actual, rows, faults: worksheet ? faultsOf(worksheet) : new Map() };
        cache.set(actual, sheet);
      }
      return sheet;
    },
  };
}

/** Excel's error values by their code in the file. */
const ERROR_VALUES: Record<number, string> = {
  0: '#NULL!',
  7: '#DIV/0!',
  15: '#VALUE!',
  23: '#REF!',
  29: '#NAME?',
  36: '#NUM!',
  42: '#N/A',
  43: '#GETTING_DATA',
};

function faultsOf(worksheet: XLSX.WorkSheet): Map<string, string> {
  const faults = new Map<string, string>();
  for (const [address, cell] of Object.entries(worksheet)) {
    if (address.startsWith('!')) continue;
    const { t, v, f, w } = cell as XLSX.CellObject;
    if (f !== undefined && v === undefined) {
      faults.set(
        address,
        `a formula with no calculated value (=${f}): open the file in Excel and save it again, so that the value is calculated and saved`,
      );
    } else if (t === 'e') {
      const error = w ?? ERROR_VALUES[v as number] ?? 'an error';
      faults.set(
        address,
        `an error value, ${error} (Excel could not calculate the cell: correct its formula or type the figure)`,
      );
    }
  }
  return faults;
}

const faultOf = (sheet: Sheet, rowIndex: number, columnIndex: number) =>
  sheet.faults?.get(XLSX.utils.encode_cell({ r: rowIndex, c: columnIndex }));

/** A cell as an error message shows what was found: 'twelve', a blank cell, an error value, an uncalculated formula. */
export function describeCell(sheet: Sheet, rowIndex: number, columnIndex: number): string {
  const fault = faultOf(sheet, rowIndex, columnIndex);
  if (fault !== undefined) return fault;
  const value = sheet.rows[rowIndex]?.[columnIndex] ?? null;
  if (value === null || value === '') return 'a blank cell';
  return `'${value instanceof Date ? value.toISOString() : String(value)}'`;
}

/** A cell's value, or an InputError when Excel could not give it one (an error value, an uncalculated formula). */
export function readCell(sheet: Sheet, rowIndex: number, columnIndex: number): Cell {
  const fault = faultOf(sheet, rowIndex, columnIndex);
  if (fault !== undefined) {
    throw new InputError(
      { file: sheet.file, sheet: sheet.name, row: rowNumber(rowIndex), column: columnLetter(columnIndex) },
      `expected a value, found ${fault}`,
    );
  }
  return sheet.rows[rowIndex]?.[columnIndex] ?? null;
}

export function requireSheet(workbook: Workbook, ...names: string[]): Sheet {
  for (const name of names) {
    const sheet = workbook.sheet(name);
    if (sheet) return sheet;
  }
  throw new InputError(
    { file: workbook.file },
    `no sheet named ${names.map((n) => `'${n}'`).join(' or ')} (sheets: ${workbook.sheetNames.join(', ')})`,
  );
}

/** Lower case, single spaces, typographic dashes folded: header labels change case and punctuation between editions. */
export function normaliseLabel(value: Cell | undefined): string {
  return String(value ?? '')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * The column of a header row labelled `label` (as normaliseLabel gives it), or -1. A label on two columns is
 * refused: which one holds the figures cannot be told, and taking either would load the other's silently.
 */
export function headerColumn(sheet: Sheet, headerIndex: number, label: string): number {
  const labels = (sheet.rows[headerIndex] ?? []).map(normaliseLabel);
  const first = labels.indexOf(label);
  const second = first < 0 ? -1 : labels.indexOf(label, first + 1);
  if (second >= 0) {
    throw new InputError(
      { file: sheet.file, sheet: sheet.name, row: rowNumber(headerIndex), column: columnLetter(second) },
      `the header has '${sheet.rows[headerIndex]![second]}' twice (columns ${columnLetter(first)} and ${columnLetter(second)}): delete or rename one of them`,
    );
  }
  return first;
}

export function columnLetter(index: number): string {
  return XLSX.utils.encode_col(index);
}

export const rowNumber = (index: number): number => index + 1;

/** The first row (within the first `limit` rows) whose cells include every required label. */
export function findHeaderRow(sheet: Sheet, required: string[], limit = 40): number {
  const wanted = required.map(normaliseLabel);
  for (let i = 0; i < Math.min(sheet.rows.length, limit); i++) {
    const labels = new Set((sheet.rows[i] ?? []).map(normaliseLabel));
    if (wanted.every((label) => labels.has(label))) return i;
  }
  throw new InputError(
    { file: sheet.file, sheet: sheet.name },
    `no header row with columns ${required.map((r) => `'${r}'`).join(', ')} in the first ${limit} rows`,
  );
}

/** The value to the right of a cover-sheet label such as 'Period:'. */
export function coverValue(sheet: Sheet, label: string, limit = 20): Cell {
  const wanted = normaliseLabel(label);
  for (const row of sheet.rows.slice(0, limit)) {
    const index = row.findIndex((cell) => normaliseLabel(cell) === wanted);
    if (index >= 0) return row.slice(index + 1).find((cell) => cell !== null && cell !== '') ?? null;
  }
  return null;
}

/** Markers publishers put in a cell that has no value ('-' for nil or not applicable, '..' not available). */
const MISSING_MARKERS = new Set(['-', '..', ':']);

/**
 * A count (the number rule in values.ts: a whole number, 0 or more; `rule` for other figures such as a daily
 * average), or null where the publisher marked the cell as having no value. A blank cell is an error: in a data
 * row it means the file was damaged or edited.
 */
export function readCount(
  sheet: Sheet,
  rowIndex: number,
  columnIndex: number,
  field: string,
  rule: NumberRule = { count: true },
): number | null {
  const value = sheet.rows[rowIndex]?.[columnIndex] ?? null;
  const location = {
    file: sheet.file,
    sheet: sheet.name,
    row: rowNumber(rowIndex),
    column: columnLetter(columnIndex),
    field,
  };
  if (typeof value === 'string' && MISSING_MARKERS.has(value.trim())) return null;
  if (typeof value === 'number' || (typeof value === 'string' && value.trim() !== ''))
    return readNumber(value, location, rule);
  throw new InputError(location, `expected a number, found ${describeCell(sheet, rowIndex, columnIndex)}`);
}
