import fs from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { InputError } from './errors.js';
import { cannotRead, readHead } from './files.js';

export type Cell = string | number | boolean | Date | null;
export type Row = Cell[];

export interface Sheet {
  file: string;
  name: string;
  /** Rows as displayed, 0-based here; `rowNumber(i)` gives the 1-based number a user sees. */
  rows: Row[];
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
        // letters a user sees in Excel.
        const used = worksheet?.['!ref'] ? XLSX.utils.decode_range(worksheet['!ref']) : undefined;
        const rows =
          worksheet && used
            ? XLSX.utils.sheet_to_json<Row>(worksheet, {
                header: 1,
                raw: true,
                defval: null,
                blankrows: true,
                range: XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: used.e }),
              })
            : [];
        sheet = { file, name: actual, rows };
        cache.set(actual, sheet);
      }
      return sheet;
    },
  };
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
 * A non-negative count, or null where the publisher marked the cell as having no value.
 * A blank cell is an error: in a data row it means the file was damaged or edited.
 */
export function readCount(sheet: Sheet, rowIndex: number, columnIndex: number, field: string): number | null {
  const value = sheet.rows[rowIndex]?.[columnIndex] ?? null;
  const location = {
    file: sheet.file,
    sheet: sheet.name,
    row: rowNumber(rowIndex),
    column: columnLetter(columnIndex),
    field,
  };
  let number: number;
  if (typeof value === 'string' && MISSING_MARKERS.has(value.trim())) return null;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value.replace(/,/g, ''))) {
    number = Number(value.replace(/,/g, ''));
  } else {
    throw new InputError(
      location,
      `expected a number, found ${value === null ? 'a blank cell' : `'${String(value)}'`}`,
    );
  }
  if (!Number.isFinite(number) || number < 0)
    throw new InputError(location, `expected a count of 0 or more, found ${number}`);
  return number;
}
