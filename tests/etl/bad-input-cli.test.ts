import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etl } from '../support/cli.js';
import { createTestDatabase, type TestDatabase, warehouseContents } from '../support/database.js';
import { REPO_ROOT, sharedFile } from '../support/paths.js';
import { tempDir } from '../support/workbooks.js';

// Bad paths and options on the command line: each bad path fails on its own, named for what it is, and the
// other files still load; options are checked before anything is read; a closed stdout ends quietly.

const LAD_REGIONS = sharedFile('lookups/LAD18_to_RGN18_Dec2018_lookup_EN.csv');
const CCG_NAMES = sharedFile('lookups/CCG20_names_codes_Apr2020_EN.csv');

describe('etl load with bad paths and options', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
  });
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    await db.drop();
  });

  it('loads the good files of a command, names each bad path for what it is, and exits 1', async () => {
    const dir = tempDir();
    const loop = path.join(dir, 'loop-a.csv');
    fs.symlinkSync(path.join(dir, 'loop-b.csv'), loop);
    fs.symlinkSync(loop, path.join(dir, 'loop-b.csv'));
    const missing = path.join(dir, 'missing.csv');

    const result = await etl('load', 'lookups', LAD_REGIONS, missing, dir, loop, CCG_NAMES);

    expect(result.exitCode).toBe(1);
    expect(result.err.split('\n')).toEqual([
      'error: missing.csv: no such file',
      `error: ${path.basename(dir)}: is a directory, not a file (to load the files in it: ${path.join(dir, '*')})`,
      'error: loop-a.csv: a symlink loop (the link leads back to itself), not a file',
    ]);
    expect(result.out).toMatch(
      /^lookups: 2 of 5 files loaded, [\d,]+ rows in .+, 3 failed \(nothing written for those\)$/m,
    );
    const { rows } = await db.client.query<{ file_name: string }>('SELECT file_name FROM raw.loads ORDER BY load_id');
    expect(rows.map((row) => row.file_name)).toEqual([path.basename(LAD_REGIONS), path.basename(CCG_NAMES)]);
  });

  it('refuses --covers and --councils that are malformed or do not apply, before reading anything', async () => {
    const before = await warehouseContents(db.client);
    const refusals: [string[], string][] = [
      [
        ['admissions', '--covers', '2019-04-2019-06'],
        '--covers must be two months, first..last, e.g. 2019-04..2019-06',
      ],
      [
        ['admissions', '--covers', '2019-13..2020-01'],
        '--covers must be two months, first..last, e.g. 2019-04..2019-06',
      ],
      [
        ['admissions', '--covers', '2019-06..2019-04'],
        '--covers must be two months, first..last: the first month is after the last',
      ],
      [['admissions', '--councils', 'E10000032'], '--councils needs --covers (the months the extract covers)'],
      [
        ['admissions', '--covers', '2019-04..2019-06', '--councils', 'E10000032,E07000008'],
        "--councils takes ONS codes of councils (E06, E08, E09 or E10 in etl/reference/english-areas.csv), comma-separated; 'E07000008' is not one",
      ],
      [
        ['admissions', '--covers', '2019-04..2019-06', '--councils', 'E10999999'],
        "--councils takes ONS codes of councils (E06, E08, E09 or E10 in etl/reference/english-areas.csv), comma-separated; 'E10999999' is not one",
      ],
      [
        ['lookups', '--covers', '2019-04..2019-06'],
        '--covers and --councils are for record-level extracts (admissions), not lookups',
      ],
    ];
    for (const [[source, ...options], message] of refusals) {
      const result = await etl('load', source!, ...options, LAD_REGIONS);
      expect(result.exitCode, options.join(' ')).toBe(1);
      expect(result.err, options.join(' ')).toMatch(/^error: invalid options\n/);
      expect(result.err, options.join(' ')).toContain(message);
    }
    expect(await warehouseContents(db.client)).toEqual(before);
  });

  it('takes a well-formed --covers with --councils for a record-level extract', async () => {
    const missing = path.join(tempDir(), 'extract.csv');
    const result = await etl(
      'load',
      'admissions',
      '--dry-run',
      '--covers',
      '2019-04..2019-06',
      '--councils',
      'E10000032, e06000001',
      missing,
    );
    expect(result.err).toBe('error: extract.csv: no such file');
  });

  it('ends quietly with exit code 0 when stdout is closed early (etl status | head -1)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'etl/src/index.ts', 'status'], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: db.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The reader goes away before anything is printed, as `head -1` does after its line.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error|at /);
    expect(code).toBe(0);
  }, 60_000);
});
