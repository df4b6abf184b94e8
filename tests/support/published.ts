import fs from 'node:fs';
import * as XLSX from '@e965/xlsx';

/**
 * Values read straight from the published workbooks with SheetJS, independently of the ETL's parsers,
 * so that tests compare the API with the publication rather than with our own code.
 */
function sheetRows(file: string, sheetName: string): unknown[][] {
  const workbook = XLSX.read(fs.readFileSync(file));
  const name = workbook.SheetNames.find((n) => n.toLowerCase() === sheetName.toLowerCase());
  if (!name) throw new Error(`${file}: no sheet ${sheetName}`);
  return XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[name]!, { header: 1, defval: null });
}

/** Total delayed days of the named row ('England' or a council name) on the type-of-care sheet. */
export function publishedDelayedDays(file: string, areaName: string): number {
  const rows = sheetRows(file, 'LA - by type of care');
  const header = rows.find((row) => row.includes('Name') && row.includes('Total'))!;
  const row = rows.find((r) => r[header.indexOf('Name')] === areaName);
  if (!row) throw new Error(`${file}: no row ${areaName}`);
  return row[header.indexOf('Total')] as number;
}

/** People aged `fromAge` and over (90 = 90+) for an area on the persons sheet of an ONS MYE workbook. */
export function publishedPopulation(file: string, sheetName: string, areaCode: string, fromAge = 0): number {
  const rows = sheetRows(file, sheetName);
  const header = rows.find((row) => row[0] === 'Code')!;
  const row = rows.find((r) => r[0] === areaCode)!;
  let total = 0;
  header.forEach((label, column) => {
    const age = typeof label === 'number' ? label : label === '90+' ? 90 : undefined;
    if (age !== undefined && age >= fromAge) total += row[column] as number;
  });
  return total;
}

/** A named row's value in the column whose header starts with `columnStart` (case-insensitive) on a DToC sheet. */
export function publishedDtocCell(file: string, sheetName: string, areaName: string, columnStart: string): number {
  const rows = sheetRows(file, sheetName);
  const header = rows.find((row) => row.some((cell) => String(cell ?? '').trim() === 'Name'))!;
  const nameColumn = header.findIndex((cell) => String(cell ?? '').trim() === 'Name');
  const column = header.findIndex((cell) =>
    String(cell ?? '')
      .trim()
      .toLowerCase()
      .startsWith(columnStart.toLowerCase()),
  );
  if (column < 0) throw new Error(`${file}: no column ${columnStart} on ${sheetName}`);
  const row = rows.find((r) => r[nameColumn] === areaName);
  if (!row) throw new Error(`${file}: no row ${areaName}`);
  return row[column] as number;
}
