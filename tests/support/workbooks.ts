import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { inject } from 'vitest';

/** A new folder for fixtures, inside the run's scratch folder (removed when the run ends). */
export const tempDir = () => fs.mkdtempSync(path.join(inject('scratchDir'), 'fixture-'));

/** A copy of a real workbook with some cells changed (address like 'C20'), written as .xls, or .xlsx for an .xlsx. */
export function editedWorkbook(
  source: string,
  edits: { sheet: string; cell: string; value: string | number }[],
): string {
  const workbook = XLSX.read(fs.readFileSync(source));
  for (const { sheet, cell, value } of edits) {
    const worksheet = workbook.Sheets[sheet];
    if (!worksheet) throw new Error(`fixture: no sheet ${sheet}`);
    worksheet[cell] = typeof value === 'number' ? { t: 'n', v: value } : { t: 's', v: value };
  }
  const target = path.join(tempDir(), path.basename(source));
  const bookType = source.endsWith('.xlsx') ? 'xlsx' : 'biff8';
  fs.writeFileSync(target, XLSX.write(workbook, { bookType, type: 'buffer' }));
  return target;
}

/** The first `fraction` of a file's bytes, as a download cut short would leave it. */
export function truncatedCopy(source: string, fraction = 0.5): string {
  const bytes = fs.readFileSync(source);
  const target = path.join(tempDir(), path.basename(source));
  fs.writeFileSync(target, bytes.subarray(0, Math.floor(bytes.length * fraction)));
  return target;
}

export function textFile(name: string, content: string): string {
  const target = path.join(tempDir(), name);
  fs.writeFileSync(target, content);
  return target;
}

/** The 1-based row of the first cell in a sheet whose value is `text` (to aim edits at a named area). */
export function rowOf(source: string, sheet: string, text: string): number {
  const worksheet = XLSX.read(fs.readFileSync(source)).Sheets[sheet];
  const address = Object.keys(worksheet ?? {}).find((key) => !key.startsWith('!') && worksheet![key]?.v === text);
  if (!address) throw new Error(`fixture: '${text}' not found on ${sheet}`);
  return XLSX.utils.decode_cell(address).r + 1;
}

/** The address ('G14') of the cell in the row holding `rowText` and the column holding `columnText` (first of each). */
export function cellOf(source: string, sheet: string, rowText: string, columnText: string): string {
  const worksheet = XLSX.read(fs.readFileSync(source)).Sheets[sheet];
  const cells = Object.keys(worksheet ?? {}).filter((key) => !key.startsWith('!'));
  const find = (text: string) => {
    const address = cells.find((key) => String(worksheet![key]?.v).trim() === text);
    if (!address) throw new Error(`fixture: '${text}' not found on ${sheet}`);
    return XLSX.utils.decode_cell(address);
  };
  return XLSX.utils.encode_cell({ r: find(rowText).r, c: find(columnText).c });
}
