import fs from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { parse } from 'csv-parse/sync';

/**
 * Published values read straight from the programme and metric files with SheetJS and csv-parse,
 * independently of the ETL's parsers.
 */
export function csvRows(file: string): Record<string, string>[] {
  return parse(fs.readFileSync(file), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
}

const workbookRows = new Map<string, Record<string, unknown>[]>();

export function ascofWorkbookRows(file: string): Record<string, unknown>[] {
  let rows = workbookRows.get(file);
  if (!rows) {
    const workbook = XLSX.read(fs.readFileSync(file));
    rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(workbook.Sheets[workbook.SheetNames[0]!]!, {
      defval: null,
    });
    workbookRows.set(file, rows);
  }
  return rows;
}

/** The England figure of an ASCOF measure and measure type, from the workbook. */
export function publishedAscof(file: string, measureCode: string, measureType: string, area = 'England'): unknown {
  const row = ascofWorkbookRows(file).find(
    (r) =>
      r['Geographical Description'] === area &&
      r['ASCOF Measure Code'] === measureCode &&
      r['Measure Type'] === measureType,
  );
  if (!row) throw new Error(`${file}: no ${area} ${measureCode} ${measureType}`);
  return row['Measure Value'];
}

/** A CSV file's text with one line's field replaced (1-based line and header name), for bad-input fixtures. */
export function editCsv(text: string, line: number, column: string, value: string): string {
  const lines = text.split(/\r?\n/);
  const header = parse(lines[0]!)[0] as string[];
  const fields = parse(lines[line - 1]!)[0] as string[];
  fields[header.indexOf(column)] = value;
  lines[line - 1] = fields.map((f) => (/[",]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
  return lines.join('\n');
}
