import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { loadFiles } from './commands/load.js';
import { generateExtract } from './generate/extract.js';

export const DEMO_DATA_DIR = path.resolve(import.meta.dirname, '../demo-data');

/**
 * Denominators and geography first, so the first page view already has rates and regions; the synthetic plans after
 * what they plan.
 */
const ORDER = ['population', 'lookups', 'pioneers', 'dtoc', 'plans'];

/** Loads the bundled published files when the warehouse holds no loads yet. Returns whether it loaded. */
export async function loadDemoDataIfEmpty(client: pg.ClientBase, log: (line: string) => void): Promise<boolean> {
  const { rows } = await client.query<{ loads: string }>('SELECT count(*) AS loads FROM raw.loads');
  if (Number(rows[0]!.loads) > 0) return false;
  log('First start: loading the bundled demo data (real published files, see etl/demo-data/README.md)');
  for (const source of ORDER) {
    const dir = path.join(DEMO_DATA_DIR, source);
    if (!fs.existsSync(dir)) continue;
    const files = fs
      .readdirSync(dir)
      .filter((name) => !name.startsWith('.'))
      .sort()
      .map((name) => path.join(dir, name));
    const failures = await loadFiles(client, { source, files, dryRun: false }, log);
    if (failures > 0) throw new Error(`the bundled ${source} demo data did not load`);
  }
  await loadSyntheticAdmissions(client, log);
  return true;
}

/** A small seeded synthetic admissions extract (no record-level data is public), so admission_outcomes has data. */
async function loadSyntheticAdmissions(client: pg.ClientBase, log: (line: string) => void): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'joined-up-demo-'));
  try {
    const file = path.join(dir, 'demo-admissions-synthetic-seed-2013.csv');
    await generateExtract({ rows: 50_000, seed: 2013, from: '2017-04', to: '2019-03', out: file });
    const failures = await loadFiles(client, { source: 'admissions', files: [file], dryRun: false }, log);
    if (failures > 0) throw new Error('the synthetic admissions demo extract did not load');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
