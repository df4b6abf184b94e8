import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { expect } from 'vitest';
import { REPO_ROOT } from '../support/paths.js';

/**
 * OHID's published test vectors: the workbooks of PHEindicatormethods' tests/testthat
 * (github.com/ukhsa-collaboration/PHEindicatormethods), as copied to the shared reference folder.
 */
export const VECTOR_DIR = path.resolve(REPO_ROOT, '../shared/data/reference/phe-indicator-methods');

export type VectorRow = Record<string, string | number | null>;

/** Every non-blank row of a sheet, by header name; empty cells are null. */
export function readSheet(workbook: string, sheet: string): VectorRow[] {
  const book = XLSX.read(fs.readFileSync(path.join(VECTOR_DIR, workbook)));
  const worksheet = book.Sheets[sheet];
  if (worksheet === undefined) throw new Error(`${workbook} has no sheet ${sheet}`);
  const rows = XLSX.utils.sheet_to_json<VectorRow>(worksheet, { defval: null, raw: true });
  return rows.filter((row) => Object.values(row).some((value) => value !== null));
}

export function numberOrNull(row: VectorRow, key: string): number | null {
  const value = row[key];
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number') throw new Error(`expected a number in column ${key}, found ${JSON.stringify(value)}`);
  return value;
}

/** Confidence as a fraction from the sheets' '95%' / '99.8%'. */
export function confidenceOf(row: VectorRow): number {
  return Number(String(row.confidence).replace('%', '')) / 100;
}

export const RELATIVE_TOLERANCE = 1e-9;

/** Agreement to 1e-9 relative, or both null. */
export function expectClose(actual: number | null | undefined, expected: number | null, what: string): void {
  if (expected === null) {
    expect(actual, what).toBeNull();
    return;
  }
  expect(actual, what).toBeTypeOf('number');
  const error = Math.abs((actual as number) - expected);
  expect(error, `${what}: ${actual} against ${expected}`).toBeLessThanOrEqual(RELATIVE_TOLERANCE * Math.abs(expected));
}
