import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { sharedFile } from './paths.js';
import { textFile } from './workbooks.js';

/** The shared ONS lookups with the row counts PROVENANCE.md states for them. */
export const LOOKUP_FILES = [
  { file: 'LAD18_to_RGN18_Dec2018_lookup_EN.csv', rows: 326, table: 'lookup_lad_regions', vintage: '2018-04-01' },
  {
    file: 'Local_Authority_District_to_Region_(April_2019)_Lookup_in_England.csv',
    rows: 317,
    table: 'lookup_lad_regions',
    vintage: '2019-04-01',
  },
  { file: 'LTLA19_to_UTLA19_Apr2019_lookup_EW.csv', rows: 339, table: 'lookup_council_tiers', vintage: '2019-04-01' },
  { file: 'CCG19_to_STP19_Apr2019_lookup_EN.csv', rows: 191, table: 'lookup_ccg_stps', vintage: '2019-04-01' },
  { file: 'CCG20_to_STP20_Apr2020_lookup_EN.csv', rows: 135, table: 'lookup_ccg_stps', vintage: '2020-04-01' },
  {
    file: 'CCG18_to_NHSRLO18_NHSER18_Apr2018_lookup_EN.csv',
    rows: 195,
    table: 'lookup_ccg_nhs_regions',
    vintage: '2018-04-01',
  },
  { file: 'CCG20_names_codes_Apr2020_EN.csv', rows: 135, table: 'lookup_area_names', vintage: '2020-04-01' },
  {
    file: 'LSOA11_to_CCG19_to_LAD19_Apr2019_lookup_EN.csv',
    rows: 32_844,
    table: 'lookup_lsoa_ccg_lads',
    vintage: '2019-04-01',
  },
  { file: 'ccg21_lad21_lookup.csv', rows: 343, table: 'lookup_ccg_lads', vintage: '2021-04-01' },
];

export const lookupFile = (name: string) => sharedFile('lookups', name);

/** A published CSV read with csv-parse, independently of the ETL's reader. */
export function readPublishedCsv(file: string): Record<string, string>[] {
  return parse(fs.readFileSync(file), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
}

/** A copy of a published CSV with its text changed (line endings kept), under the same file name. */
export function editedCsv(file: string, edit: (text: string) => string, name = file.split('/').at(-1)!): string {
  return textFile(name, edit(fs.readFileSync(file, 'utf8')));
}

/** Replaces the `line`-th line (1-based) of a text. */
export function replaceLine(text: string, line: number, replace: (content: string) => string): string {
  const lines = text.split('\n');
  lines[line - 1] = replace(lines[line - 1]!);
  return lines.join('\n');
}
