import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import type pg from 'pg';
import { loadFile } from '../../etl/src/load.js';
import { lookups } from '../../etl/src/sources/lookups/index.js';
import { SHARED_REAL, sharedFile } from './paths.js';

export const MAR_DIR = path.join(SHARED_REAL, 'admissions_mar');
export const marFile = (month: string) => sharedFile('admissions_mar', `mar-commissioner-${month}.xls`);
export const allMarFiles = () =>
  fs
    .readdirSync(MAR_DIR)
    .filter((name) => name.endsWith('.xls'))
    .sort()
    .map((name) => path.join(MAR_DIR, name));

export interface PublishedMarRow {
  rowNumber: number;
  orgCode: string | null;
  orgName: string;
  nonElective: number;
  elective: number;
}

/**
 * The commissioner sheet read straight with SheetJS, independently of the ETL's parser: the England row and
 * every row with an Org Code, with the two headline measures.
 */
export function publishedMar(file: string): { england: PublishedMarRow; commissioners: PublishedMarRow[] } {
  const workbook = XLSX.read(fs.readFileSync(file));
  const rows = XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets.Commissioner!, {
    header: 1,
    defval: null,
    blankrows: true,
    range: 0,
  });
  const labels = (row: unknown[]) =>
    row.map((cell) =>
      String(cell ?? '')
        .trim()
        .toLowerCase(),
    );
  const headerIndex = rows.findIndex((row) => labels(row).includes('org code'));
  const header = labels(rows[headerIndex]!);
  const column = (label: string) => header.indexOf(label);
  const toRow = (row: unknown[], index: number): PublishedMarRow => ({
    rowNumber: index + 1,
    orgCode: row[column('org code')] === null ? null : String(row[column('org code')]).trim(),
    orgName: String(row[column('org name')]).trim(),
    nonElective: row[column('total non-elective g&a admissions (ffces)')] as number,
    elective: row[column('elective g&a total admissions (ffces)')] as number,
  });
  const body = rows.map((row, index) => ({ row, index })).slice(headerIndex + 1);
  const england = body.find(({ row }) => String(row[column('org name')] ?? '').trim() === 'England')!;
  const commissioners = body.filter(
    ({ row }) => row[column('org code')] !== null && String(row[column('org code')]).trim() !== '',
  );
  return {
    england: toRow(england.row, england.index),
    commissioners: commissioners.map(({ row, index }) => toRow(row, index)),
  };
}

/** The ONS lookups that apportion CCGs to upper-tier councils (April 2019) and name the April 2018 CCGs. */
export const COUNCIL_LOOKUPS = [
  'LSOA11_to_CCG19_to_LAD19_Apr2019_lookup_EN.csv',
  'LTLA19_to_UTLA19_Apr2019_lookup_EW.csv',
  'CCG18_to_NHSRLO18_NHSER18_Apr2018_lookup_EN.csv',
].map((name) => sharedFile('lookups', name));

export async function loadCouncilLookups(client: pg.ClientBase): Promise<void> {
  for (const file of COUNCIL_LOOKUPS) await loadFile(client, lookups, file);
}
