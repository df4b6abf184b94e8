/**
 * `npm run bench`: throughput and memory of the ETL, each against a baseline measured in the same run on
 * the same machine, written to bench-results.json as [{ name, value, unit, baseline, baseline_value, ratio }].
 *
 *   BENCH_ROWS    records in the generated extract (default 10,000,000)
 *   DATABASE_URL  an existing PostgreSQL (its user must create databases); default: a temporary embedded one
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as XLSX from '@e965/xlsx';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { startEmbeddedWarehouse } from '../../warehouse/src/embedded.js';
import { REPO_ROOT } from '../support/paths.js';
import { sharedLoads } from '../support/shared.js';

interface Result {
  name: string;
  value: number;
  unit: string;
  baseline: string;
  baseline_value: number;
  ratio: number;
}

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000_000);
const SEED = 2013;
const log = (line: string) => console.error(`[bench] ${line}`);

async function main() {
  const results: Result[] = [];
  const { adminUrl, stop } = await startDatabase();
  try {
    const extract = await generatedExtract();
    const size = fs.statSync(extract).size;
    log(`extract: ${ROWS.toLocaleString('en-GB')} records, ${(size / 1e9).toFixed(2)} GB`);

    const bareSeconds = await bareCopy(adminUrl, extract);
    const bareRate = ROWS / bareSeconds;
    log(
      `bare COPY into an unindexed table: ${bareSeconds.toFixed(1)}s (${Math.round(bareRate).toLocaleString('en-GB')} rows/s)`,
    );

    const load = await cliLoad(adminUrl, 'admissions', [extract]);
    const loadRate = ROWS / load.seconds;
    log(
      `etl load admissions: ${load.seconds.toFixed(1)}s (${Math.round(loadRate).toLocaleString('en-GB')} rows/s), peak RSS ${load.peakRssMb.toFixed(0)} MB`,
    );
    results.push({
      name: 'admissions extract load throughput (validate, derive monthly counts, COPY, duplicate check; one transaction)',
      value: Math.round(loadRate),
      unit: 'rows/s',
      baseline: 'bare COPY of the same file into an unindexed table of the same columns',
      baseline_value: Math.round(bareRate),
      ratio: round(loadRate / bareRate),
    });
    results.push({
      name: `admissions extract load peak RSS (${ROWS.toLocaleString('en-GB')} records)`,
      value: round(load.peakRssMb),
      unit: 'MB',
      baseline: 'memory budget for a national extract',
      baseline_value: 500,
      ratio: round(load.peakRssMb / 500),
    });

    const files = sharedLoads();
    const workbooks = files.flatMap((group) => group.files.filter((f) => /\.xlsx?$/.test(f)));
    const readStarted = performance.now();
    for (const file of workbooks) XLSX.read(fs.readFileSync(file), { cellDates: true });
    const readSeconds = (performance.now() - readStarted) / 1000;
    let loadSeconds = 0;
    const database = await createDatabase(adminUrl);
    for (const group of files) {
      const result = await cliLoad(adminUrl, group.source, group.files, database);
      loadSeconds += result.seconds;
      log(`${group.source}: ${group.files.length} files in ${result.seconds.toFixed(1)}s`);
    }
    results.push({
      name: `load every shared published file (${workbooks.length} workbooks and ${files.flatMap((group) => group.files).length - workbooks.length} CSVs, through the CLI)`,
      value: round(loadSeconds),
      unit: 's',
      baseline: 'reading the same workbooks with SheetJS alone, no validation or database',
      baseline_value: round(readSeconds),
      ratio: round(loadSeconds / readSeconds),
    });

    // The API over every shared file and the generated extract: the metrics computed again, then Cube against
    // the SQL it generates, run directly.
    const extractLoad = await cliLoad(adminUrl, 'admissions', [extract], database);
    log(`extract loaded beside the shared files: ${extractLoad.seconds.toFixed(1)}s`);
    const recompute = await cliRun(['etl/src/index.ts', 'metrics'], database);
    log(`etl metrics (every metric computed again): ${recompute.seconds.toFixed(1)}s`);
    results.push({
      name: 'compute every metric again (etl metrics, one transaction) with every shared file and the extract loaded',
      value: round(recompute.seconds),
      unit: 's',
      baseline: `loading the ${ROWS.toLocaleString('en-GB')}-record extract into the same warehouse (which computes its metrics too)`,
      baseline_value: round(extractLoad.seconds),
      ratio: round(recompute.seconds / extractLoad.seconds),
    });
    results.push(...(await apiTimings(database)));
  } finally {
    await stop();
  }
  fs.writeFileSync(path.join(REPO_ROOT, 'bench-results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(
    results
      .map((r) => `${r.name}: ${r.value} ${r.unit} vs ${r.baseline_value} (${r.baseline}) → ratio ${r.ratio}`)
      .join('\n'),
  );
  console.log('written to bench-results.json');
}

const round = (n: number) => Math.round(n * 1000) / 1000;

async function startDatabase(): Promise<{ adminUrl: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { adminUrl: process.env.DATABASE_URL, stop: async () => {} };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'joined-up-bench-'));
  const warehouse = await startEmbeddedWarehouse(dir, log);
  return {
    adminUrl: warehouse.url,
    stop: async () => {
      await warehouse.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function createDatabase(adminUrl: string): Promise<string> {
  const name = `bench_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The generated extract, cached under .data/bench by size and seed (generation is not what we measure). */
async function generatedExtract(): Promise<string> {
  const file = path.join(REPO_ROOT, '.data', 'bench', `admissions-${ROWS}-seed-${SEED}.csv`);
  if (fs.existsSync(file)) return file;
  log(`generating ${ROWS.toLocaleString('en-GB')} records (cached for later runs)`);
  await run(['etl/src/index.ts', 'generate', '--rows', String(ROWS), '--seed', String(SEED), '--out', file], {});
  return file;
}

/** COPY of the file as it is, from this process, into a new unindexed table with the extract's columns. */
async function bareCopy(adminUrl: string, file: string): Promise<number> {
  const client = new pg.Client({ connectionString: await createDatabase(adminUrl) });
  await client.connect();
  try {
    await client.query(`CREATE TABLE bare_admissions (
      person_id text, admission_date date, discharge_date date, admission_method text, admission_source text, age smallint,
      sex text, council_code text, lsoa_code text, primary_diagnosis text, secondary_diagnoses text, discharge_destination text)`);
    const started = performance.now();
    await client.query('BEGIN');
    await pipeline(
      fs.createReadStream(file),
      client.query(copyFrom('COPY bare_admissions FROM STDIN (FORMAT csv, HEADER true)')),
    );
    await client.query('COMMIT');
    return (performance.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

/** A CLI command in its own process against a database: wall time and peak RSS. */
async function cliRun(args: string[], database: string) {
  const started = performance.now();
  const peakRssMb = await run(args, { DATABASE_URL: database });
  return { seconds: (performance.now() - started) / 1000, peakRssMb };
}

/** Queries of the shapes the pages use, over the view `metrics` (and `population`). */
const API_QUERIES: { name: string; query: object }[] = [
  {
    name: 'overview: every metric of one council in one month',
    query: {
      measures: ['metrics.value', 'metrics.lower_95', 'metrics.upper_95'],
      dimensions: ['metrics.metric_id', 'metrics.compared_to_england', 'metrics.trend'],
      timeDimensions: [{ dimension: 'metrics.period', dateRange: ['2018-06-01', '2018-06-30'] }],
      filters: [
        { member: 'metrics.area_code', operator: 'equals', values: ['E10000032'] },
        { member: 'metrics.period_type', operator: 'equals', values: ['month'] },
      ],
    },
  },
  {
    name: 'compare: one metric, every area, one month',
    query: {
      measures: ['metrics.value', 'metrics.lower_95', 'metrics.upper_95'],
      dimensions: ['metrics.area_code', 'metrics.area_name', 'metrics.compared_to_england'],
      timeDimensions: [{ dimension: 'metrics.period', dateRange: ['2018-06-01', '2018-06-30'] }],
      filters: [
        { member: 'metrics.metric_id', operator: 'equals', values: ['delayed_days_per_100k'] },
        { member: 'metrics.period_type', operator: 'equals', values: ['month'] },
      ],
    },
  },
  {
    name: 'trends: one metric of one council, every month',
    query: {
      measures: ['metrics.value', 'metrics.lower_95', 'metrics.upper_95'],
      timeDimensions: [{ dimension: 'metrics.period', granularity: 'month' }],
      filters: [
        { member: 'metrics.metric_id', operator: 'equals', values: ['emergency_admissions_65_per_100k'] },
        { member: 'metrics.area_code', operator: 'equals', values: ['E10000032'] },
        { member: 'metrics.period_type', operator: 'equals', values: ['month'] },
      ],
    },
  },
  {
    name: 'population: England by five-year band, one mid-year',
    query: {
      measures: ['population.people'],
      dimensions: ['population.age_band'],
      timeDimensions: [{ dimension: 'population.year', dateRange: ['2019-01-01', '2019-12-31'] }],
      filters: [
        { member: 'population.area_code', operator: 'equals', values: ['E92000001'] },
        { member: 'population.age_band_set', operator: 'equals', values: ['five_year'] },
      ],
    },
  },
];

const API_REPEATS = 15;
/** Row limits of the "not answered before" calls: FRESH_LIMIT, FRESH_LIMIT + 1, …; above every shape's rows. */
const FRESH_LIMIT = 5000;

/**
 * Each query shape through /cubejs-api/v1/load against the SQL Cube generates for it (/v1/sql), run directly on
 * PostgreSQL; medians of API_REPEATS. Two figures a shape: a query Cube has not seen (each call asks for a
 * different row limit above the shape's rows, so Cube compiles and runs it: a page opened on a new area or month),
 * and the same query again (Cube answers from its cache once the refresh key, checked on every request, is
 * unchanged: a page reopened).
 */
async function apiTimings(database: string): Promise<Result[]> {
  const { createApp } = await import('../../cube/server/app.js');
  const { default: jwt } = await import('jsonwebtoken');
  const secret = 'bench-secret-that-is-long-enough-for-hs256-0123456789';
  const app = await createApp({
    databaseUrl: database,
    apiSecret: secret,
    dashboardDir: fs.mkdtempSync(path.join(os.tmpdir(), 'joined-up-bench-dashboard-')),
    issueTokens: false,
    tokenHours: 1,
    log,
  });
  const server = app.handler.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}/cubejs-api/v1`;
  const headers = { Authorization: jwt.sign({ scope: 'bench' }, secret, { algorithm: 'HS256', expiresIn: '1h' }) };
  const client = new pg.Client({ connectionString: database });
  await client.connect();
  const results: Result[] = [];
  try {
    for (const { name, query } of API_QUERIES) {
      const call = async (route: string, extra: object = {}) => {
        const url = `${base}/${route}?query=${encodeURIComponent(JSON.stringify({ ...query, ...extra }))}`;
        for (;;) {
          const body = await (await fetch(url, { headers })).json();
          if (body.error === 'Continue wait') continue;
          if (body.error) throw new Error(`${name}: ${body.error}`);
          return body;
        }
      };
      const { sql } = await call('sql');
      const [text, values] = sql.sql as [string, unknown[]];
      const { data } = await call('load');
      if (data.length >= FRESH_LIMIT) throw new Error(`${name}: ${data.length} rows, more than the limits asked for`);
      const freshMs: number[] = [];
      const againMs: number[] = [];
      const sqlMs: number[] = [];
      for (let i = 0; i < API_REPEATS; i++) {
        let started = performance.now();
        await call('load', { limit: FRESH_LIMIT + i });
        freshMs.push(performance.now() - started);
        started = performance.now();
        await call('load');
        againMs.push(performance.now() - started);
        started = performance.now();
        await client.query(text, values);
        sqlMs.push(performance.now() - started);
      }
      const [fresh, again, direct] = [median(freshMs), median(againMs), median(sqlMs)];
      log(`${name}: /load ${fresh.toFixed(1)} ms (asked again ${again.toFixed(1)} ms), SQL ${direct.toFixed(1)} ms`);
      for (const [when, ms] of [
        ['a query Cube has not answered before', fresh],
        ['the same query again (Cube cache, refresh key checked)', again],
      ] as const) {
        results.push({
          name: `Cube /load median, ${name}: ${when}`,
          value: round(ms),
          unit: 'ms',
          baseline: 'the SQL Cube generates for it (/v1/sql), run directly on PostgreSQL',
          baseline_value: round(direct),
          ratio: round(ms / direct),
        });
      }
    }
  } finally {
    await client.end();
    server.close();
    await app.close();
  }
  return results;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Runs `etl load` as a user would (its own process, migrations included); wall time and peak RSS. */
async function cliLoad(adminUrl: string, source: string, files: string[], database?: string) {
  return cliRun(['etl/src/index.ts', 'load', source, ...files], database ?? (await createDatabase(adminUrl)));
}

/** Runs a script under node + tsx; resolves to the process's peak resident memory (VmHWM) in MB. */
function run(args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-semi-space-size=32', '--import', 'tsx', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    let peakKb = 0;
    const poll = setInterval(() => {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (match) peakKb = Math.max(peakKb, Number(match[1]));
      } catch {
        // exited between polls
      }
    }, 100);
    child.on('exit', (code) => {
      clearInterval(poll);
      if (code === 0) resolve(peakKb / 1024);
      else reject(new Error(`${args.join(' ')} exited with ${code}:\n${output.slice(-4000)}`));
    });
  });
}

await main();
