import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etl } from '../support/cli.js';
import { createTestDatabase, type TestDatabase, warehouseContents } from '../support/database.js';
import { sharedFile } from '../support/paths.js';
import { editedWorkbook, tempDir, textFile } from '../support/workbooks.js';

// What a load replaces, and how a replaced edition comes back: reloading its file, or `etl revert`.

const DTOC_JUNE = sharedFile('dtoc/dtoc-la-2018-06.xls');
const PIONEERS = sharedFile('pioneers/integration_pioneers_compiled.csv');
const WEST_SUSSEX = 'E10000032';

/** The June 2018 workbook as NHS England might revise it: a later 'Revised:' date on every sheet. */
const revisedJune = () =>
  editedWorkbook(
    DTOC_JUNE,
    ['England', 'LA - by type of care', 'LA - by responsible org', 'LA - by reason'].map((sheet) => ({
      sheet,
      cell: 'C9',
      value: '13th June 2019',
    })),
  );

/** The rows of a table without their load: what the warehouse holds, whichever load brought it. */
async function content(db: TestDatabase, table: string): Promise<string> {
  const { rows } = await db.client.query<{ md5: string }>(
    `SELECT md5(string_agg((to_jsonb(t) - 'load_id')::text, '|' ORDER BY (to_jsonb(t) - 'load_id')::text)) AS md5 FROM ${table} AS t`,
  );
  return rows[0]!.md5;
}

const loadIdIn = (output: string) => /as load (\d+)/.exec(output)?.[1];

describe('revisions and undo', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
  });
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    await db.drop();
  });

  it('brings a replaced edition back when its file is loaded again, and reverts a load to what it replaced', async () => {
    const original = await etl('load', 'dtoc', DTOC_JUNE);
    expect(original.exitCode).toBe(0);
    const originalId = loadIdIn(original.out)!;
    const published = await content(db, 'raw.dtoc_delayed_days');

    const revised = await etl('load', 'dtoc', revisedJune());
    expect(revised.out).toMatch(new RegExp(`replacing load ${originalId} \\(revision\\)`));
    const revisedId = loadIdIn(revised.out)!;

    // Loading the original again is not "already loaded": it restores that edition.
    const again = await etl('load', 'dtoc', DTOC_JUNE);
    expect(again.exitCode).toBe(0);
    expect(again.out).toMatch(
      new RegExp(`replacing load ${revisedId} \\(revision\\), restoring the edition of load ${originalId}`),
    );
    const restoredId = loadIdIn(again.out)!;
    expect(await content(db, 'raw.dtoc_delayed_days')).toBe(published);
    const editions = await db.client.query<{ edition: string }>(
      'SELECT DISTINCT l.edition FROM raw.dtoc_delayed_days AS d JOIN raw.loads AS l USING (load_id)',
    );
    expect(editions.rows).toEqual([{ edition: 'published 9th August 2018, revised 9th May 2019' }]);
    expect((await etl('load', 'dtoc', DTOC_JUNE)).out).toMatch(/already loaded/);

    // The status says what a revert would bring back; the revert does it, in one go, with lineage.
    const status = await etl('status', 'dtoc');
    expect(status.out).toMatch(new RegExp(`revert would reinstate 2,945 rows of load ${revisedId}`));
    const beforeRevert = await warehouseContents(db.client);
    const reverted = await etl('revert', restoredId);
    expect(reverted.exitCode).toBe(0);
    expect(reverted.out).toMatch(new RegExp(`load ${restoredId} \\(dtoc-la-2018-06.xls\\) reverted: removed its`));
    expect(reverted.out).toMatch(new RegExp(`reinstated 2,945 rows of load ${revisedId}`));
    const current = await db.client.query<{ edition: string }>(
      'SELECT DISTINCT l.edition FROM raw.dtoc_delayed_days AS d JOIN raw.loads AS l USING (load_id)',
    );
    expect(current.rows).toEqual([{ edition: 'published 9th August 2018, revised 13th June 2019' }]);
    expect(await content(db, 'raw.dtoc_delayed_days')).toBe(published);
    const loads = await db.client.query(
      'SELECT load_id::text, superseded_by::text, reverted_at IS NOT NULL AS reverted FROM raw.loads ORDER BY 1',
    );
    expect(loads.rows).toEqual([
      { load_id: originalId, superseded_by: revisedId, reverted: false },
      { load_id: revisedId, superseded_by: null, reverted: false },
      { load_id: restoredId, superseded_by: null, reverted: true },
    ]);
    expect((await etl('status', 'dtoc')).out).toMatch(/reverted \d{4}-\d{2}-\d{2}/);

    // What cannot be reverted says why and changes nothing.
    const after = await warehouseContents(db.client);
    expect(after['marts.delayed_transfers']).toEqual(beforeRevert['marts.delayed_transfers']);
    const twice = await etl('revert', restoredId);
    expect(twice.err).toMatch(new RegExp(`load ${restoredId} \\(dtoc-la-2018-06.xls\\) was reverted already`));
    const replaced = await etl('revert', originalId);
    expect(replaced.err).toMatch(
      new RegExp(
        `load ${originalId} \\(dtoc-la-2018-06.xls\\) was replaced in part by load ${revisedId}: revert load ${revisedId} first`,
      ),
    );
    expect((await etl('revert', '999')).err).toMatch(/there is no load 999/);
    expect(await warehouseContents(db.client)).toEqual(after);
  });

  it('refuses a partial lookup, which would end the validity of every code it lacks', async () => {
    expect((await etl('load', 'lookups', sharedFile('lookups/LAD18_to_RGN18_Dec2018_lookup_EN.csv'))).exitCode).toBe(0);
    const complete = sharedFile('lookups/Local_Authority_District_to_Region_(April_2019)_Lookup_in_England.csv');
    const lines = fs.readFileSync(complete, 'utf8').trimEnd().split(/\r?\n/);
    const partial = textFile(path.basename(complete), `${lines.slice(0, 11).join('\n')}\n`);
    const before = await warehouseContents(db.client);
    const result = await etl('load', 'lookups', partial);
    expect(result.exitCode).toBe(1);
    expect(result.err).toMatch(
      /holds 10 rows where the local authority district to region lookup already loaded holds 326: a partial lookup would end every code it lacks\. Load the complete England-wide file/,
    );
    expect(await warehouseContents(db.client)).toEqual(before);
    expect((await etl('load', 'lookups', complete)).exitCode).toBe(0);
  });

  it('replaces the whole pioneers list with a new file, so a row dropped from it does not survive', async () => {
    const lines = fs.readFileSync(PIONEERS, 'utf8').trimEnd().split(/\r?\n/);
    expect((await etl('load', 'pioneers', PIONEERS)).exitCode).toBe(0);
    const before = await db.client.query<{ pioneer_name: string }>(
      'SELECT DISTINCT pioneer_name FROM marts.dim_programme ORDER BY 1',
    );
    // The last pioneer of the list (a wave 2 pioneer, announced after every wave 1 one) is dropped.
    const dropped = lines.at(-1)!;
    const shorter = textFile(path.basename(PIONEERS), `${lines.slice(0, -1).join('\n')}\n`);
    const result = await etl('load', 'pioneers', shorter);
    expect(result.exitCode, result.err).toBe(0);
    const after = await db.client.query<{ pioneer_name: string }>(
      'SELECT DISTINCT pioneer_name FROM marts.dim_programme ORDER BY 1',
    );
    expect(after.rows.length).toBe(before.rows.length - 1);
    const droppedName = before.rows.find((row) => !after.rows.some((a) => a.pioneer_name === row.pioneer_name));
    expect(dropped).toContain(droppedName!.pioneer_name.split(' ')[0]);
  });
});

describe('record-level extracts replace the councils and months they hold, nothing more', () => {
  let db: TestDatabase;
  let extract: string;
  let header: string;
  let records: string[];
  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    extract = path.join(tempDir(), 'admissions-20000-seed-9.csv');
    expect((await etl('generate', '--rows', '20000', '--seed', '9', '--out', extract)).exitCode).toBe(0);
    [header, ...records] = fs.readFileSync(extract, 'utf8').trimEnd().split('\n') as [string, ...string[]];
    expect((await etl('load', 'admissions', extract)).exitCode).toBe(0);
  });
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    await db.drop();
  });

  const column = (name: string) => header.split(',').indexOf(name);
  const withField = (record: string, name: string, value: string) => {
    const fields = record.split(',');
    fields[column(name)] = value;
    return fields.join(',');
  };
  const episodes = async (where: string, params: unknown[] = []) =>
    (
      await db.client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM raw.admission_episodes WHERE ${where}`,
        params,
      )
    ).rows[0]!.n;

  it('replaces West Sussex in June 2016 and February 2019 only, for a file of two West Sussex admissions', async () => {
    const westSussex = records.filter((r) => r.split(',')[column('council_code')] === WEST_SUSSEX);
    const june = withField(withField(westSussex[0]!, 'admission_date', '2016-06-15'), 'discharge_date', '2016-06-20');
    const february = withField(withField(westSussex[1]!, 'admission_date', '2019-02-10'), 'discharge_date', '');
    const othersBefore = await episodes('council_code <> $1', [WEST_SUSSEX]);
    const westSussexBefore = await episodes(
      `council_code = $1 AND date_trunc('month', admission_date) NOT IN ('2016-06-01', '2019-02-01')`,
      [WEST_SUSSEX],
    );
    const result = await etl('load', 'admissions', textFile('west-sussex.csv', `${header}\n${june}\n${february}\n`));
    expect(result.exitCode, result.err).toBe(0);
    expect(await episodes('council_code <> $1', [WEST_SUSSEX])).toBe(othersBefore);
    expect(
      await episodes(`council_code = $1 AND date_trunc('month', admission_date) NOT IN ('2016-06-01', '2019-02-01')`, [
        WEST_SUSSEX,
      ]),
    ).toBe(westSussexBefore);
    expect(
      await episodes(`council_code = $1 AND date_trunc('month', admission_date) IN ('2016-06-01', '2019-02-01')`, [
        WEST_SUSSEX,
      ]),
    ).toBe(2);
  });

  it('rejects a placeholder admission date (1900-01-01) as a row, replacing nothing for it', async () => {
    const total = await episodes('TRUE');
    const placeholder = withField(records[5]!, 'admission_date', '1900-01-01');
    const result = await etl(
      'load',
      'admissions',
      '--max-rejects',
      '1',
      textFile('placeholder.csv', `${header}\n${placeholder}\n${records[6]!}\n`),
    );
    expect(result.exitCode, result.err).toBe(0);
    expect(result.out).toMatch(/1 rows rejected/);
    const rejected = await db.client.query('SELECT column_name, value, rule FROM raw.rejected_rows');
    expect(rejected.rows).toContainEqual({
      column_name: 'admission_date',
      value: '1900-01-01',
      rule: 'admission date before April 1990 or after today (a placeholder date?)',
    });
    // One record in, and at most the one council-month it stands for replaced.
    expect(await episodes('TRUE')).toBeGreaterThanOrEqual(total - 50);
  });

  it('replaces exactly the scope a user states, and refuses a record outside it', async () => {
    const westSussex = records.filter((r) => r.split(',')[column('council_code')] === WEST_SUSSEX);
    const march = withField(withField(westSussex[2]!, 'admission_date', '2017-03-02'), 'discharge_date', '');
    const april = withField(withField(westSussex[3]!, 'admission_date', '2017-04-02'), 'discharge_date', '');
    const file = textFile('scoped.csv', `${header}\n${march}\n${april}\n`);
    const outside = await etl('load', 'admissions', '--covers', '2017-03..2017-03', '--councils', WEST_SUSSEX, file);
    expect(outside.exitCode).toBe(1);
    expect(outside.err).toMatch(
      /scoped\.csv: the file holds admissions from 2017-03 to 2017-04, outside the scope stated \(--covers 2017-03\.\.2017-03 --councils E10000032\); nothing was loaded from it/,
    );

    // A stated scope with no record in one of its months empties that month for the council.
    const othersBefore = await episodes('council_code <> $1', [WEST_SUSSEX]);
    const onlyMarch = textFile('scoped.csv', `${header}\n${march}\n`);
    const scoped = await etl(
      'load',
      'admissions',
      '--covers',
      '2017-02..2017-03',
      '--councils',
      WEST_SUSSEX,
      onlyMarch,
    );
    expect(scoped.exitCode, scoped.err).toBe(0);
    expect(
      await episodes(`council_code = $1 AND date_trunc('month', admission_date) = '2017-02-01'`, [WEST_SUSSEX]),
    ).toBe(0);
    expect(
      await episodes(`council_code = $1 AND date_trunc('month', admission_date) = '2017-03-01'`, [WEST_SUSSEX]),
    ).toBe(1);
    expect(await episodes('council_code <> $1', [WEST_SUSSEX])).toBe(othersBefore);
  });
});
