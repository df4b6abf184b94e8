import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { sharedFile } from './paths.js';
import { tempDir } from './workbooks.js';

export const sitrepFile = (name: string) => sharedFile('discharge_sitrep', `acute-discharge-sitrep-${name}.xlsx`);

/**
 * Figures read straight from the published sitrep workbooks with SheetJS, independently of the ETL's parser,
 * so that tests compare the warehouse with the publication.
 */
function rows(file: string, sheet: string): unknown[][] {
  const workbook = XLSX.read(fs.readFileSync(file), { cellDates: true });
  return XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[sheet]!, { header: 1, defval: null, blankrows: true });
}

const day = (value: unknown) =>
  value instanceof Date
    ? new Date(Math.round(value.getTime() / 86_400_000) * 86_400_000).toISOString().slice(0, 10)
    : null;

export interface PatientCounts {
  notMeeting: number;
  discharged: number;
  remaining: number;
}

/** Table 2 of a monthly workbook: the three counts of a named row ('ENGLAND (Type 1 Trusts)', 'LONDON', …) on a day. */
export function publishedDay(file: string, rowLabel: string, date: string): PatientCounts {
  const table = rows(file, 'Table 2');
  const dateRow = table.find((row) => row.some((cell) => day(cell) === date))!;
  const column = dateRow.findIndex((cell) => day(cell) === date);
  const row = table.find((r) => r.includes(rowLabel))!;
  return {
    notMeeting: row[column] as number,
    discharged: row[column + 1] as number,
    remaining: row[column + 2] as number,
  };
}

/** Every day of Table 2's England row: date → counts. */
export function publishedEnglandDays(file: string): Map<string, PatientCounts> {
  const table = rows(file, 'Table 2');
  const dateRow = table.find((row) => row.some((cell) => day(cell) !== null))!;
  const england = table.find((r) => r.some((cell) => typeof cell === 'string' && cell.startsWith('ENGLAND')))!;
  const days = new Map<string, PatientCounts>();
  dateRow.forEach((cell, column) => {
    const date = day(cell);
    if (date)
      days.set(date, {
        notMeeting: england[column] as number,
        discharged: england[column + 1] as number,
        remaining: england[column + 2] as number,
      });
  });
  return days;
}

/** A cell of a monthly table's England row under the column headed `heading` (Tables 4 and 5). */
export function publishedEnglandMonth(file: string, sheet: string, heading: string): number {
  const table = rows(file, sheet);
  const header = table.find((r) => r.includes(heading))!;
  const england = table.find((r) => r.some((cell) => typeof cell === 'string' && cell.startsWith('ENGLAND')))!;
  return england[header.indexOf(heading)] as number;
}

/** The cover sheet's Period: start and end. */
export function publishedPeriod(file: string): [string, string] {
  const cover = rows(file, 'Cover Sheet');
  const row = cover.find((r) => r.includes('Period:'))!;
  const dates = row.map(day).filter((d): d is string => d !== null);
  return [dates[0]!, dates.at(-1)!];
}

/** A row of the time series' 'Daily Series' sheet, by date: its cells keyed by heading. */
export function publishedSeriesDay(date: string): Record<string, unknown> {
  const sheet = rows(sitrepFile('latest_time_series'), 'Daily Series');
  const header = sheet.find((r) => r.includes('Date'))!;
  const row = sheet.find((r) => r.some((cell) => day(cell) === date))!;
  return Object.fromEntries(header.map((label, i) => [String(label), row[i]]));
}

/** A copy of a sitrep workbook with some cells changed (address like 'E6'), written as .xlsx with its dates kept. */
export function editedSitrep(
  source: string,
  edits: { sheet: string; cell: string; value: string | number | null }[],
  name?: string,
): string {
  const workbook = XLSX.read(fs.readFileSync(source), { cellDates: true });
  for (const { sheet, cell, value } of edits) {
    const worksheet = workbook.Sheets[sheet];
    if (!worksheet) throw new Error(`fixture: no sheet ${sheet}`);
    if (value === null) delete worksheet[cell];
    else worksheet[cell] = typeof value === 'number' ? { t: 'n', v: value } : { t: 's', v: value };
  }
  const target = path.join(tempDir(), name ?? path.basename(source));
  fs.writeFileSync(target, XLSX.write(workbook, { bookType: 'xlsx', type: 'buffer', cellDates: true }));
  return target;
}

/** A copy with a sheet removed. */
export function withoutSheet(source: string, sheet: string): string {
  const workbook = XLSX.read(fs.readFileSync(source), { cellDates: true });
  workbook.SheetNames = workbook.SheetNames.filter((name) => name !== sheet);
  delete workbook.Sheets[sheet];
  const target = path.join(tempDir(), path.basename(source));
  fs.writeFileSync(target, XLSX.write(workbook, { bookType: 'xlsx', type: 'buffer', cellDates: true }));
  return target;
}

/** The values of one heading of the 'Daily Series' sheet on the days of a month ('2022-06'), blanks (no submission) left out. */
export function publishedSeriesMonth(month: string, heading: string): number[] {
  const sheet = rows(sitrepFile('latest_time_series'), 'Daily Series');
  const header = sheet.find((r) => r.includes('Date'))!;
  const column = header.indexOf(heading);
  return sheet
    .filter((r) => day(r[header.indexOf('Date')])?.startsWith(month) && r[column] !== null)
    .map((r) => r[column] as number);
}

/**
 * A copy laid out as another edition might be: every sheet moved down two rows and right one column, table
 * sheets renamed ('Table 2' → 'Tab 2'), section headings in upper case. Merged cells are dropped (the parser
 * must not need them).
 */
export function reshapedSitrep(source: string): string {
  const workbook = XLSX.read(fs.readFileSync(source), { cellDates: true });
  const reshaped = XLSX.utils.book_new();
  for (const name of workbook.SheetNames) {
    const worksheet = workbook.Sheets[name]!;
    const range = XLSX.utils.decode_range(worksheet['!ref']!);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(worksheet, {
      header: 1,
      defval: null,
      blankrows: true,
      range: { s: { r: 0, c: 0 }, e: { r: range.e.r, c: Math.min(range.e.c, 200) } },
    });
    const moved = [
      [],
      [],
      ...rows.map((row) => [
        null,
        ...row.map((cell) =>
          typeof cell === 'string' && /^(region|icb code|icb name|org code|org name)$/i.test(cell)
            ? cell.toUpperCase()
            : cell,
        ),
      ]),
    ];
    XLSX.utils.book_append_sheet(
      reshaped,
      XLSX.utils.aoa_to_sheet(moved, { cellDates: true }),
      name.replace(/^Table /, 'Tab '),
    );
  }
  const target = path.join(tempDir(), path.basename(source));
  fs.writeFileSync(target, XLSX.write(reshaped, { bookType: 'xlsx', type: 'buffer', cellDates: true }));
  return target;
}
