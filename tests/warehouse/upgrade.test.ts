import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSource } from '../../warehouse/migrations/index.js';
import { connect, migrate, openWarehouse } from '../../warehouse/src/index.js';
import { BASELINE } from '../../warehouse/src/legacy.js';
import { REPO_ROOT, sharedFile } from '../support/paths.js';
import { publishedDelayedDays, publishedPopulation } from '../support/published.js';

/** The last main before the migrations were squashed: its clusters must start on this code with their loads. */
const PREVIOUS_MAIN = '8a52c1e789cd705a69fe811eb636efc5ba7853c4';

const DTOC = sharedFile('dtoc/dtoc-la-2018-06.xls');
const POPULATION = sharedFile('population/ukmidyearestimates20182019ladcodes.xls');
const PIONEERS = sharedFile('pioneers/integration_pioneers_compiled.csv');

/** Every raw table's row count and content hash: the loads as they are. */
async function rawContent(client: pg.Client): Promise<Record<string, string>> {
  const { rows } = await client.query<{ name: string }>(
    "SELECT format('raw.%I', table_name) AS name FROM information_schema.tables WHERE table_schema = 'raw' ORDER BY 1",
  );
  const content: Record<string, string> = {};
  for (const { name } of rows) {
    const result = await client.query<{ n: number; md5: string | null }>(
      // Columns that later migrations add (empty for these loads) are left out: the loads are what must not change.
      `SELECT count(*)::int AS n, md5(string_agg((to_jsonb(t) - 'reverted_at')::text, E'\\n' ORDER BY (to_jsonb(t) - 'reverted_at')::text)) AS md5 FROM ${name} AS t`,
    );
    content[name] = `${result.rows[0]!.n} ${result.rows[0]!.md5}`;
  }
  return content;
}

describe('a warehouse made by the previous main', () => {
  const previousMain = fs.mkdtempSync(path.join(os.tmpdir(), 'joined-up-previous-main-'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'joined-up-upgrade-'));
  let before: Record<string, string>;
  beforeAll(() => {
    try {
      execFileSync('git', ['-C', REPO_ROOT, 'cat-file', '-e', `${PREVIOUS_MAIN}^{commit}`]);
    } catch {
      throw new Error(`this test needs commit ${PREVIOUS_MAIN} in the clone's history (a shallow clone lacks it)`);
    }
    const archive = path.join(previousMain, 'previous-main.tar');
    execFileSync('git', ['-C', REPO_ROOT, 'archive', '-o', archive, PREVIOUS_MAIN]);
    execFileSync('tar', ['-x', '-f', archive, '-C', previousMain]);
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(previousMain, 'node_modules'));
    // The previous main's own CLI creates the cluster, runs its migrations and loads three files.
    const env = { ...process.env, DATABASE_URL: '', JOINED_UP_DATA_DIR: dataDir };
    for (const [source, file] of [
      ['dtoc', DTOC],
      ['population', POPULATION],
      ['pioneers', PIONEERS],
    ] as const) {
      execFileSync('node', ['--import', 'tsx', 'etl/src/index.ts', 'load', source, file], {
        cwd: previousMain,
        env,
        stdio: 'pipe',
      });
    }
  }, 240_000);
  afterAll(() => {
    fs.rmSync(previousMain, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on this code with its loads intact, its migrations recorded as the baseline and the views rebuilt', async () => {
    const warehouse = await openWarehouse({ dataDir });
    const client = new pg.Client({ connectionString: warehouse.url });
    await client.connect();
    const knex = connect(warehouse.url);
    try {
      before = await rawContent(client);
      expect(before['raw.loads']).toMatch(/^3 /);
      const messages: string[] = [];
      const later = (await migrationSource.getMigrations([])).slice(1);
      expect(await migrate(knex, { log: (message) => messages.push(message) })).toEqual(later);
      expect(messages.join('\n')).toMatch(/twelve earlier migrations are now 20261201000000_baseline/);
      expect(messages.join('\n')).toMatch(/Built \d+ warehouse models/);
      const history = await client.query<{ name: string }>('SELECT name FROM public.knex_migrations');
      expect(history.rows.map((row) => row.name)).toEqual([BASELINE, ...later]);
      const after = await rawContent(client);
      expect(Object.fromEntries(Object.keys(before).map((name) => [name, after[name]]))).toEqual(before);

      // The rebuilt mart gives the published rate: delayed days (workbook) per 100,000 aged 18+ (ONS), by hand.
      const expected =
        (100_000 * publishedDelayedDays(DTOC, 'West Sussex')) /
        publishedPopulation(POPULATION, 'MYE2-All', 'E10000032', 18);
      const { rows } = await client.query<{ rate: number }>(
        `SELECT (100000 * delayed_days / people_18_plus)::float AS rate
         FROM marts.delayed_transfers WHERE area_code = 'E10000032' AND period_month = '2018-06-01'`,
      );
      expect(rows[0]!.rate).toBeCloseTo(expected, 9);
      const members = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM marts.dim_programme');
      expect(members.rows[0]!.n).toBeGreaterThan(0);

      // A second start finds nothing to do.
      messages.length = 0;
      expect(await migrate(knex, { log: (message) => messages.push(message) })).toEqual([]);
      expect(messages).toEqual([]);
    } finally {
      await knex.destroy();
      await client.end();
      await warehouse.stop();
    }
  });
});
