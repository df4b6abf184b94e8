import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGenerate } from '../../etl/src/commands/generate.js';
import { reportStatus } from '../../etl/src/commands/status.js';
import { loadFile } from '../../etl/src/load.js';
import { admissions } from '../../etl/src/sources/admissions/index.js';
import { createTestDatabase, rowCounts, type TestDatabase } from '../support/database.js';
import { REPO_ROOT, sharedFile } from '../support/paths.js';
import { tempDir, textFile } from '../support/workbooks.js';

const HEADER =
  'person_id,admission_date,discharge_date,admission_method,admission_source,age,sex,council_code,lsoa_code,primary_diagnosis,secondary_diagnoses,discharge_destination';

/**
 * Nine episodes whose measures are worked out by hand from the definitions in the README:
 * line 2  emergency, 82, fall injury (S72.0 with W19), home again
 * line 3  emergency from a care home (54), COPD (chronic ACSC), back to the care home
 * line 4  emergency, heart failure (ACSC), discharged in May to a care home from home (a new placement)
 * line 5  elective
 * line 6  emergency, 91, died
 * line 7  emergency, 30, injury with a fall cause (a fall, but not 65+)
 * line 8  maternity, not yet discharged
 * line 9  emergency, acute bronchitis with COPD secondary (ACSC)
 * line 10 emergency, acute bronchitis without COPD (not ACSC)
 */
const EPISODES = [
  'P1,2018-04-03,2018-04-10,21,19,82,2,E10000032,,S72.0,W19;I10,19',
  'P2,2018-04-05,2018-04-06,21,54,88,1,E10000032,,J44.1,,54',
  'P3,2018-04-07,2018-05-02,22,19,70,2,E10000032,,I50.0,N18.3,85',
  'P4,2018-04-09,2018-04-09,11,19,60,1,E10000032,,H25.9,,19',
  'P5,2018-04-12,2018-04-20,21,19,91,2,E10000032,,R55,,79',
  'P6,2018-05-01,2018-05-03,2A,19,30,1,E06000027,,S06.0,W01,19',
  'P7,2018-05-02,,31,19,28,2,E06000027,,O80,,',
  'P8,2018-05-03,2018-05-04,21,19,67,1,E06000027,,J20.9,J44.9,19',
  'P9,2018-05-04,2018-05-05,21,19,67,1,E06000027,,J20.9,I10,19',
];
const extract = (lines: string[], name = 'extract.csv', eol = '\n') =>
  textFile(name, `${[HEADER, ...lines].join(eol)}${eol}`);
const withLine = (index: number, line: string) => EPISODES.map((l, i) => (i === index ? line : l));

async function totals(db: TestDatabase, where = 'TRUE') {
  const { rows } = await db.client.query(
    `SELECT sum(admissions)::int AS admissions, sum(elective_admissions)::int AS elective, sum(emergency_admissions)::int AS emergency,
            sum(emergency_admissions_from_care_homes)::int AS from_care_homes,
            sum(emergency_admissions_falls_injury)::int AS falls,
            sum(emergency_admissions_falls_injury) FILTER (WHERE is_65_plus)::int AS falls_65_plus,
            sum(emergency_admissions_chronic_acsc)::int AS chronic_acsc, sum(discharges)::int AS discharges,
            sum(discharges_alive)::int AS discharges_alive, sum(discharges_to_usual_residence)::int AS usual_residence,
            sum(discharges_to_care_home_from_elsewhere)::int AS new_care_home
     FROM marts.admission_outcomes WHERE ${where}`,
  );
  return rows[0];
}

async function everything(db: TestDatabase) {
  const counts = await rowCounts(db.client);
  const { rows } = await db.client.query('SELECT count(*)::int AS n FROM marts.admission_counts');
  return { ...counts, admission_counts: rows[0].n };
}

describe('admissions extracts', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('derives the outcome measures as defined, by council and month', async () => {
    const result = await loadFile(db.client, admissions, extract(EPISODES, 'hand-made.csv'));
    expect(result).toMatchObject({ outcome: 'loaded', rowCount: 9, rejectedCount: 0 });
    expect(await totals(db)).toEqual({
      admissions: 9,
      elective: 1,
      emergency: 7,
      from_care_homes: 1,
      falls: 2,
      falls_65_plus: 1,
      chronic_acsc: 3,
      discharges: 8,
      discharges_alive: 7,
      usual_residence: 5,
      new_care_home: 1,
    });
    expect(await totals(db, "area_code = 'E10000032' AND period_month = '2018-04-01'")).toMatchObject({
      admissions: 5,
      emergency: 4,
      discharges: 4,
    });
    expect(await totals(db, "period_month = '2018-05-01'")).toMatchObject({ admissions: 4, new_care_home: 1 });
    const load = await db.client.query(
      'SELECT period_start::text, period_end::text, row_count FROM raw.loads WHERE load_id = $1',
      [result.loadId],
    );
    expect(load.rows[0]).toEqual({ period_start: '2018-04-01', period_end: '2018-05-01', row_count: 9 });
    const raw = await db.client.query(
      'SELECT count(*)::int AS n, min(line_number) AS first, max(line_number) AS last FROM raw.admission_episodes WHERE load_id = $1',
      [result.loadId],
    );
    expect(raw.rows[0]).toEqual({ n: 9, first: 2, last: 10 });
  });

  it('adds nothing when the same extract is loaded twice', async () => {
    const before = await everything(db);
    const result = await loadFile(db.client, admissions, extract(EPISODES, 'hand-made.csv'));
    expect(result.outcome).toBe('already loaded');
    expect(await everything(db)).toEqual(before);
  });

  it('loads a file with a byte-order mark and CRLF line ends, as Excel saves CSV', async () => {
    const scratch = await createTestDatabase();
    try {
      const file = textFile('excel.csv', `\ufeff${[HEADER, ...EPISODES].join('\r\n')}\r\n`);
      expect(await loadFile(scratch.client, admissions, file)).toMatchObject({ outcome: 'loaded', rowCount: 9 });
      expect(await totals(scratch)).toMatchObject({ admissions: 9, emergency: 7, chronic_acsc: 3 });
    } finally {
      await scratch.drop();
    }
  });

  it('replaces the months a later extract covers and records the revision', async () => {
    const scratch = await createTestDatabase();
    try {
      await loadFile(scratch.client, admissions, extract(EPISODES, 'first.csv'));
      // A resubmission of May only, with one more emergency admission in Torbay.
      const may = EPISODES.slice(5).concat('P10,2018-05-20,2018-05-22,21,19,75,2,E06000027,,R55,,19');
      const result = await loadFile(scratch.client, admissions, extract(may, 'may-resubmitted.csv'));
      expect(result.replacedLoadIds).toHaveLength(1);
      expect(await totals(scratch, "period_month = '2018-04-01'")).toMatchObject({ admissions: 5 });
      expect(await totals(scratch, "period_month = '2018-05-01' AND area_code = 'E06000027'")).toMatchObject({
        admissions: 5,
        emergency: 4,
      });
      const lines: string[] = [];
      await reportStatus(scratch.client, {}, (line) => lines.push(line));
      expect(lines.join('\n')).toMatch(/first\.csv.*replaced by load \d+/);
      expect(lines.join('\n')).toMatch(/may-resubmitted\.csv.*revision of load \d+/);
    } finally {
      await scratch.drop();
    }
  });

  it('keeps a rejected record with its reason when rejects stay within --max-rejects, and lists it in status', async () => {
    const scratch = await createTestDatabase();
    try {
      const dir = tempDir();
      const generated = await runGenerate(
        { rows: 3000, seed: 7, from: '2018-04', to: '2018-06', councils: 'E06000027', out: path.join(dir, 'g.csv') },
        () => {},
      );
      fs.appendFileSync(generated, 'P-BAD,2018-05-01,2018-05-02,21,19,seventy,1,E06000027,,R55,,19\n');
      const result = await loadFile(scratch.client, admissions, generated, { maxRejects: { fraction: 0.001 } });
      expect(result).toMatchObject({ outcome: 'loaded', rowCount: 3000, rejectedCount: 1 });
      const { rows } = await scratch.client.query('SELECT row_number, column_name, value, rule FROM raw.rejected_rows');
      expect(rows).toEqual([
        { row_number: 3002, column_name: 'age', value: 'seventy', rule: expect.stringMatching(/whole number/) },
      ]);
      const lines: string[] = [];
      await reportStatus(scratch.client, { rejects: 5 }, (line) => lines.push(line));
      expect(lines.join('\n')).toMatch(/g\.csv\s+3002\s+age\s+seventy/);
    } finally {
      await scratch.drop();
    }
  });

  it('validates without writing on a dry run', async () => {
    const before = await everything(db);
    const result = await loadFile(db.client, admissions, extract(EPISODES.slice(0, 4), 'dry.csv'), { dryRun: true });
    expect(result).toMatchObject({ outcome: 'valid', rowCount: 4 });
    expect(await everything(db)).toEqual(before);
  });

  describe('bad input is refused with its location and leaves the warehouse as it was', () => {
    const cases: { name: string; file: () => string; message: RegExp }[] = [
      { name: 'an empty file', file: () => textFile('empty.csv', ''), message: /empty\.csv: the file is empty/ },
      {
        name: 'a header without records',
        file: () => textFile('header.csv', `${HEADER}\n`),
        message: /header\.csv: no usable records/,
      },
      {
        name: 'a truncated file (cut in the middle of a record)',
        file: () => textFile('cut.csv', `${[HEADER, ...EPISODES].join('\n')}`.slice(0, -12)),
        message: /cut\.csv, row 10: the file ends in the middle of a line \(truncated\?\)/,
      },
      {
        name: 'a renamed header',
        file: () =>
          textFile('renamed.csv', `${[HEADER.replace('admission_method', 'method'), ...EPISODES].join('\n')}\n`),
        message: /renamed\.csv, row 1: not an admissions extract: missing column 'admission_method'/,
      },
      {
        name: 'text in a number field',
        file: () => extract(withLine(2, EPISODES[2]!.replace(',70,', ',seventy,'))),
        message: /row 4, column age: age must be a whole number.*'seventy'/,
      },
      {
        name: 'a negative age',
        file: () => extract(withLine(0, EPISODES[0]!.replace(',82,', ',-3,'))),
        message: /row 2, column age: .*'-3'/,
      },
      {
        name: 'an unknown council code',
        file: () => extract(withLine(3, EPISODES[3]!.replace('E10000032', 'E10009999'))),
        message: /row 5, column council_code: unknown council code.*'E10009999'/,
      },
      {
        name: 'an impossible date',
        file: () => extract(withLine(1, EPISODES[1]!.replace('2018-04-05', '2018-02-30'))),
        message: /row 3, column admission_date: .*'2018-02-30'/,
      },
      {
        name: 'a discharge before the admission',
        file: () => extract(withLine(1, EPISODES[1]!.replace('2018-04-06', '2018-03-06'))),
        message: /row 3, column discharge_date: discharge date before the admission date/,
      },
      {
        name: 'an unknown admission method',
        file: () => extract(withLine(4, EPISODES[4]!.replace(',21,', ',7,'))),
        message: /row 6, column admission_method: unknown admission method/,
      },
      {
        name: 'a diagnosis that is not ICD-10',
        file: () => extract(withLine(0, EPISODES[0]!.replace('S72.0', 'hip'))),
        message: /row 2, column primary_diagnosis: .*'hip'/,
      },
      {
        name: 'a duplicated record',
        file: () => extract([...EPISODES, EPISODES[1]!]),
        message: /row 11: duplicate record: line 11 repeats line 3/,
      },
      {
        name: 'a record holding a NUL byte',
        file: () => extract(withLine(2, EPISODES[2]!.replace('P3', 'P\u00003'))),
        message: /row 4: the record holds a NUL character/,
      },
      {
        name: 'a duplicated record written another way (quoted, dates DD/MM/YYYY, age with a leading zero)',
        file: () => extract([...EPISODES, '"P2",05/04/2018,6/4/2018,21,54,088,1,"E10000032",,J44.1,,54']),
        message: /row 11: duplicate record: line 11 repeats line 3/,
      },
      {
        name: 'a record with a field too many',
        file: () => extract(withLine(5, `${EPISODES[5]},extra`)),
        message: /row 7: 13 fields where the header has 12/,
      },
      {
        name: 'a workbook given as an extract',
        file: () => sharedFile('dtoc/dtoc-la-2018-06.xls'),
        message: /dtoc-la-2018-06\.xls: not a CSV text file/,
      },
      {
        name: "another source's CSV",
        file: () => sharedFile('lookups/LAD18_to_RGN18_Dec2018_lookup_EN.csv'),
        message: /LAD18_to_RGN18_Dec2018_lookup_EN\.csv, row 1: not an admissions extract: missing columns/,
      },
    ];

    it.each(cases)('$name', async ({ file, message }) => {
      const before = await everything(db);
      await expect(loadFile(db.client, admissions, file())).rejects.toThrow(message);
      expect(await everything(db)).toEqual(before);
    });

    it('a load killed half way (SIGKILL) leaves nothing behind, and the file then loads', async () => {
      const dir = tempDir();
      const big = await runGenerate(
        { rows: 400_000, seed: 11, from: '2017-04', to: '2018-03', out: path.join(dir, 'big.csv') },
        () => {},
      );
      const before = await everything(db);
      const child: ChildProcess = spawn(
        process.execPath,
        ['--import', 'tsx', 'etl/src/index.ts', 'load', 'admissions', big],
        {
          cwd: REPO_ROOT,
          env: { ...process.env, DATABASE_URL: db.url },
          stdio: 'ignore',
        },
      );
      // Kill it once its COPY is under way.
      for (let i = 0; i < 600; i++) {
        const { rows } = await db.client.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'COPY raw.admission_episodes%' AND pid != pg_backend_pid()",
        );
        if (rows[0].n > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      // PostgreSQL rolls the transaction back when the connection drops.
      for (let i = 0; i < 100; i++) {
        const { rows } = await db.client.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'COPY raw.admission_episodes%' AND pid != pg_backend_pid()",
        );
        if (rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await everything(db)).toEqual(before);
      const result = await loadFile(db.client, admissions, big);
      expect(result).toMatchObject({ outcome: 'loaded', rowCount: 400_000 });
      await db.client.query('DELETE FROM raw.admission_episodes WHERE load_id = $1', [result.loadId]);
      await db.client.query('DELETE FROM marts.admission_counts WHERE load_id = $1', [result.loadId]);
      await db.client.query('DELETE FROM raw.loads WHERE load_id = $1', [result.loadId]);
    }, 120_000);
  });
});
