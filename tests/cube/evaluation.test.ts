import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGenerate } from '../../etl/src/commands/generate.js';
import { loadAll } from '../support/cli.js';
import { signToken } from '../support/cube-client.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { sharedFile } from '../support/paths.js';
import { type RunningApp, startApp } from '../support/server.js';
import { tempDir } from '../support/workbooks.js';

// GET /api/evaluation over HTTP on a generated extract whose built-in shifts (etl/src/generate/shifts.ts) are the
// answer: 5,000,000 records, seed 2013, April 2014 to March 2019, for the three councils of the shifts, Kent (no
// shift) and eight smaller councils that were never pioneers (with Sutton, the default comparator), so that Sutton's
// few care-home admissions are enough; a second extract (100,000 records) adds Devon, a pioneer member in part only.

const SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
const [TORBAY, SUTTON, LEEDS, KENT, DEVON] = ['E06000027', 'E09000029', 'E08000035', 'E10000016', 'E10000008'];
const NEVER_PIONEERS = [
  'E06000015', // Derby
  'E06000026', // Plymouth
  'E06000038', // Reading
  'E06000032', // Luton
  'E06000044', // Portsmouth
  'E06000022', // Bath and North East Somerset
  'E06000030', // Swindon
  'E06000031', // Peterborough
];

describe('GET /api/evaluation: did it work?', () => {
  let db: TestDatabase;
  let app: RunningApp;
  let extractFile: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    const generate = (rows: number, councils: string[], name: string) =>
      runGenerate(
        {
          rows,
          seed: 2013,
          from: '2014-04',
          to: '2019-03',
          councils: councils.join(','),
          out: path.join(tempDir(), name),
        },
        () => {},
      );
    const extract = await generate(5_000_000, [TORBAY, SUTTON, LEEDS, KENT, ...NEVER_PIONEERS], 'evaluation.csv');
    extractFile = extract;
    const devon = await generate(100_000, [DEVON], 'devon.csv');
    await loadAll([
      ['population', sharedFile('population/ukmidyearestimates20182019ladcodes.xls')],
      ['population', sharedFile('population/ukmidyearestimates20192020ladcodes.xls')],
      ['lookups', sharedFile('lookups/Local_Authority_District_to_Region_(April_2019)_Lookup_in_England.csv')],
      ['pioneers', sharedFile('pioneers/integration_pioneers_compiled.csv')],
      ['admissions', extract],
      ['admissions', devon],
    ]);
    delete process.env.DATABASE_URL;
    app = await startApp({ DATABASE_URL: db.url, CUBEJS_API_SECRET: SECRET });
  }, 600_000);
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  // biome-ignore lint/suspicious/noExplicitAny: the test reads the JSON the route documents
  async function evaluation(query: Record<string, string>, token: string | null = signToken(SECRET)): Promise<any> {
    const response = await fetch(`${app.url}/api/evaluation?${new URLSearchParams(query)}`, {
      headers: token === null ? {} : { Authorization: token },
    });
    return { status: response.status, ...(await response.json()) };
  }

  it.each([
    ['Torbay', TORBAY, 'emergency_admissions_65_per_100k', -0.23],
    ['Sutton', SUTTON, 'emergency_admissions_care_homes_65_per_100k', -0.13],
    ['Leeds', LEEDS, 'care_home_admissions_from_hospital_65_per_100k', -0.2],
  ])("finds %s's built-in shift: a 95%% interval that holds it and excludes 0", async (_name, code, metric, shift) => {
    const result = await evaluation({ metric, subject: code, start: '2016-04-01' });
    expect(result.status).toBe(200);
    expect(result.lower_95).toBeLessThan(shift);
    expect(result.upper_95).toBeGreaterThan(shift);
    expect(result.upper_95).toBeLessThan(0);
    expect(result.comparator.councils).toEqual([...NEVER_PIONEERS, SUTTON].filter((c) => c !== code).sort());
    expect(result.windows).toEqual({
      before: { from: '2014-04-01', to: '2016-03-01', months: 24 },
      after: { from: '2016-05-01', to: '2018-04-01', months: 24 },
    });
  });

  it('finds no change for Kent (no shift): an interval that holds 0', async () => {
    const result = await evaluation({
      metric: 'emergency_admissions_65_per_100k',
      subject: KENT,
      start: '2016-04-01',
    });
    expect(result.lower_95).toBeLessThan(0);
    expect(result.upper_95).toBeGreaterThan(0);
  });

  it('gives the groups by hand: the estimate is the ratio of the two rate ratios, minus 1', async () => {
    const result = await evaluation({
      metric: 'emergency_admissions_65_per_100k',
      subject: TORBAY,
      start: '2016-04-01',
    });
    type Window = { numerator: number; denominator: number; rate: number };
    const ratio = (group: { before: Window; after: Window }) =>
      group.after.numerator / group.after.denominator / (group.before.numerator / group.before.denominator);
    expect(result.estimate).toBeCloseTo(ratio(result.groups.subject) / ratio(result.groups.comparator) - 1, 12);
    const { before } = result.groups.subject as { before: Window };
    expect(before.rate).toBeCloseTo((100_000 * before.numerator) / before.denominator, 9);
    // The numerators counted from the extract itself: Torbay's emergency admissions (methods 2x) at 65 and over,
    // admitted April 2014 to March 2016, and May 2016 to April 2018.
    const counts = { before: 0, after: 0 };
    const lines = readline.createInterface({ input: fs.createReadStream(extractFile) });
    for await (const line of lines) {
      const [, admitted, , method, , age, , council] = line.split(',');
      if (council !== TORBAY || !method!.startsWith('2') || Number(age) < 65) continue;
      const month = admitted!.slice(0, 7);
      if (month >= '2014-04' && month <= '2016-03') counts.before++;
      else if (month >= '2016-05' && month <= '2018-04') counts.after++;
    }
    expect([result.groups.subject.before.numerator, result.groups.subject.after.numerator]).toEqual([
      counts.before,
      counts.after,
    ]);
    expect(result.method).toMatch(/by counts/);
    expect(result.event_study.length).toBe(49);
    // No population before mid-2018 is loaded: the months before take the nearest one, and say so.
    expect(result.warnings.join(' ')).toMatch(/No denominator for \d+ council-months/);
  });

  it("takes a pioneer's announcement as the start, and a group's councils with the between-council interval", async () => {
    // Leeds was announced in November 2013, before the extract's first month: its default windows find no data.
    const leeds = await evaluation({ metric: 'emergency_admissions_65_per_100k', subject: 'leeds' });
    expect([leeds.status, leeds.error]).toEqual([400, expect.stringMatching(/before 2011-11-01 to 2013-10-01/)]);
    const pioneer = await evaluation({
      metric: 'emergency_admissions_65_per_100k',
      subject: 'south-devon-and-torbay',
      start: '2016-04-01',
    });
    expect(pioneer.status).toBe(200);
    expect(pioneer.subject).toMatchObject({ kind: 'pioneer', name: 'South Devon and Torbay' });
    expect(pioneer.method).toMatch(/between councils/);
    expect(pioneer.warnings.join(' ')).toMatch(/Partial footprint: Devon \(E10000008; only /);
    const wave = await evaluation({
      metric: 'emergency_admissions_65_per_100k',
      subject: 'wave_1',
      start: '2016-04-01',
    });
    expect(wave.status).toBe(200);
    const used = wave.subject.councils.filter((c: { used: boolean }) => c.used).map((c: { code: string }) => c.code);
    expect(used.sort()).toEqual([TORBAY, KENT, LEEDS, DEVON].sort());
    expect(wave.warnings.join(' ')).toMatch(/left out/);
  });

  it('answers 400 with what is wrong for an unknown metric or subject, a start outside the data, short windows', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ metric: 'no_such_metric', subject: TORBAY }, /metric: no metric "no_such_metric"/],
      [{ metric: 'reablement_91_days_percent', subject: TORBAY }, /monthly numerators and denominators/],
      [{ metric: 'emergency_admissions_65_per_100k', subject: 'Atlantis' }, /subject: no pioneer, wave or council/],
      [{ metric: 'emergency_admissions_65_per_100k', subject: SUTTON }, /start: Sutton is not a pioneer/],
      [
        { metric: 'emergency_admissions_65_per_100k', subject: TORBAY, start: '2030-01-01' },
        /start: no emergency_admissions_65_per_100k for Torbay in both windows.*the data cover 2014-04 to 2019-03/,
      ],
      [
        { metric: 'emergency_admissions_65_per_100k', subject: TORBAY, start: '2016-04-01', before_months: '3' },
        /before_months must be at least 6 months/,
      ],
      [{ metric: 'emergency_admissions_65_per_100k', subject: TORBAY, start: '2016-13-45' }, /start must be/],
      [
        { metric: 'emergency_admissions_65_per_100k', subject: TORBAY, start: '2016-04-01', comparator: 'E99999999' },
        /comparator: E99999999 is not a council/,
      ],
    ];
    for (const [query, message] of cases) {
      const result = await evaluation(query);
      expect([result.status, result.error]).toEqual([400, expect.stringMatching(message)]);
    }
  });

  it('answers nothing without a valid token', async () => {
    const query = { metric: 'emergency_admissions_65_per_100k', subject: TORBAY, start: '2016-04-01' };
    expect((await evaluation(query, null)).status).toBe(403);
    expect((await evaluation(query, signToken('another-secret-that-is-long-enough-for-hs256'))).status).toBe(403);
  });
});
