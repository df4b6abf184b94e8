import fs from 'node:fs';
import path from 'node:path';
import { SHARED_REAL } from './paths.js';

/**
 * Which source loads each file under ../shared/data/real, in load order: geography and denominators
 * first (mar apportions CCGs with them; the dtoc fallback and admissions read them).
 */
export const SHARED_SOURCES: { source: string; folder: string; pattern: RegExp }[] = [
  { source: 'lookups', folder: 'lookups', pattern: /\.csv$/ },
  { source: 'population', folder: 'population', pattern: /\.(xls|xlsx|csv)$/ },
  { source: 'dtoc', folder: 'dtoc', pattern: /\.(xls|csv)$/ },
  { source: 'mar', folder: 'admissions_mar', pattern: /\.xls$/ },
  { source: 'sitrep', folder: 'discharge_sitrep', pattern: /\.xlsx$/ },
  { source: 'ascof', folder: 'ascof', pattern: /\.xlsx$/ },
  { source: 'indicators', folder: 'ascof', pattern: /^trafford_.*\.csv$/ },
  { source: 'pioneers', folder: 'pioneers', pattern: /\.csv$/ },
  { source: 'plans', folder: 'bcf', pattern: /\.csv$/ },
];

/** Every file under ../shared/data/real (PROVENANCE.md aside), relative to it. */
export function sharedRealFiles(): string[] {
  return fs
    .readdirSync(SHARED_REAL, { recursive: true, encoding: 'utf8' })
    .filter((name) => fs.statSync(path.join(SHARED_REAL, name)).isFile() && name !== 'PROVENANCE.md')
    .sort();
}

/** The files each source loads, in load order (absolute paths). */
export function sharedLoads(): { source: string; files: string[] }[] {
  const files = sharedRealFiles();
  return SHARED_SOURCES.map(({ source, folder, pattern }) => ({
    source,
    files: files
      .filter((name) => path.dirname(name) === folder && pattern.test(path.basename(name)))
      .map((name) => path.join(SHARED_REAL, name)),
  }));
}
