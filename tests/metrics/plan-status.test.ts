import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFile } from '../../etl/src/load.js';
import { SOURCES } from '../../etl/src/sources/index.js';
import { crudeRate } from '../../etl/src/statistics/index.js';
import { etl, loadAll } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { sharedFile } from '../support/paths.js';
import { publishedDelayedDays, publishedPopulation } from '../support/published.js';
import { tempDir } from '../support/workbooks.js';

// Plan status (marts.plan_status) for plans written here against West Sussex's and others' published delayed days
// for April to September 2018: the year 2018-19 still running (year to date, six months), its first quarter whole.

const MID_2018 = sharedFile('population/ukmidyearestimates20182019ladcodes.xls');
const MONTHS = ['2018-04', '2018-05', '2018-06', '2018-07', '2018-08', '2018-09'];
const workbook = (month: string) => sharedFile(`dtoc/dtoc-la-${month}.xls`);
const METRIC = 'delayed_days_per_100k';
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const YEAR = '2018-04-01,2019-03-31';

interface StatusRow {
  area_code: string;
  plan_type: string;
  status: string;
  status_note: string | null;
  actual_basis: string | null;
  actual_through: string | null;
  planned_value: number | null;
  actual: number | null;
  actual_lower_95: number | null;
  actual_upper_95: number | null;
  baseline_value: number | null;
  baseline_source: string | null;
  change: number | null;
  change_percent: number | null;
  change_significance: string;
}

describe('metrics: plan status in the Better Care Fund words', () => {
  let db: TestDatabase;
  let statuses: Map<string, StatusRow>;
  // West Sussex's year to date by hand: six months' published delayed days over its ONS 18+ population.
  const adults = publishedPopulation(MID_2018, 'MYE2-All', 'E10000032', 18);
  const days = MONTHS.reduce((sum, month) => sum + publishedDelayedDays(workbook(month), 'West Sussex'), 0);
  const yearToDate = (100_000 * days) / adults;
  const limits = crudeRate(days, adults, { multiplier: 100_000 });

  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    await loadAll([['population', MID_2018], ...MONTHS.map((month) => ['dtoc', workbook(month)] as const)]);
    // One plan per status; the plan type names the case. Baselines are a year's, as the plans are: six months in,
    // each counts for half.
    const plan = (area: string, period: string, planned: number, type: string, baseline = '', baselinePeriod = '') =>
      `${METRIC},${area},${period},${planned},${baseline},${baselinePeriod},per 100000 population aged 18+,${type}`;
    const csv = path.join(tempDir(), 'plans.csv');
    fs.writeFileSync(
      csv,
      [
        'metric_id,area_code,period_start,period_end,planned_value,baseline_value,baseline_period,unit,plan_type',
        plan('E10000032', YEAR, 2 * yearToDate + 10, 'on_track'),
        plan('E10000032', YEAR, 1, 'improved', String(2 * yearToDate * 1.5)),
        plan('E10000032', YEAR, 1, 'no_improvement_similar', String(2 * yearToDate)),
        plan('E10000032', YEAR, 1, 'no_improvement_worse', String(yearToDate)),
        plan('E10000032', YEAR, 1, 'not_on_track'),
        plan('E10000032', '2020-04-01,2021-03-31', 100, 'no_data'),
        plan('E10000032', '2018-04-01,2018-06-30', 1, 'quarter'),
        plan('E10000032', '2018-07-01,2018-09-30', 1, 'metric_baseline', '', 'Q1 2018/19'),
        'bcf_planned_spend_reablement_at_home,E10000032,2018-04-01,2019-03-31,1000000,,,GBP,no_metric',
      ].join('\n'),
    );
    const run = await etl('load', 'plans', csv);
    expect(run.err).toBe('');
    const { rows } = await db.client.query<StatusRow>(
      `SELECT area_code, plan_type, status, status_note, actual_basis, actual_through::text, planned_value, actual,
              actual_lower_95, actual_upper_95, baseline_value, baseline_source, change, change_percent,
              change_significance
       FROM marts.plan_status`,
    );
    statuses = new Map(rows.map((row) => [row.plan_type, row]));
  }, 300_000);
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    await db.drop();
  });

  it('takes the year to date for a year still running: six months by hand, the plan scaled to six twelfths', () => {
    const row = statuses.get('on_track')!;
    expect(row.actual_basis).toBe('year_to_date');
    expect(row.actual_through).toBe('2018-09-30');
    expect(Math.abs(row.actual! - yearToDate) / yearToDate).toBeLessThan(1e-12);
    expect([row.actual_lower_95, row.actual_upper_95]).toEqual([limits.lower95, limits.upper95]);
    expect(row.planned_value).toBeCloseTo(((2 * yearToDate + 10) * 6) / 12, 9);
  });

  it('is on_track when the actual is at or better than the plan (low is good)', () => {
    expect(statuses.get('on_track')!.status).toBe('on_track');
  });

  it('is improved_not_on_track short of the plan but better than the baseline beyond the interval', () => {
    const row = statuses.get('improved')!;
    expect(row.baseline_value).toBeCloseTo(yearToDate * 1.5, 9);
    expect(row).toMatchObject({ status: 'improved_not_on_track', change_significance: 'better' });
    expect(row.change).toBeCloseTo(yearToDate - yearToDate * 1.5, 9);
    expect(row.change_percent).toBeCloseTo(-100 / 3, 9);
  });

  it('is no_improvement short of the plan and similar to or worse than the baseline', () => {
    expect(statuses.get('no_improvement_similar')).toMatchObject({
      status: 'no_improvement',
      change_significance: 'similar',
    });
    expect(statuses.get('no_improvement_worse')).toMatchObject({
      status: 'no_improvement',
      change_significance: 'worse',
    });
  });

  it('is not_on_track short of the plan with no baseline to judge improvement by', () => {
    expect(statuses.get('not_on_track')).toMatchObject({ status: 'not_on_track', change_significance: 'not_compared' });
  });

  it('is data_not_available for a period without data and for a plan of no defined metric, saying why', () => {
    expect(statuses.get('no_data')).toMatchObject({ status: 'data_not_available', actual: null });
    expect(statuses.get('no_data')!.status_note).toMatch(/in the plan's period yet/);
    expect(statuses.get('no_metric')).toMatchObject({
      status: 'data_not_available',
      status_note: 'no metric bcf_planned_spend_reablement_at_home is defined',
    });
  });

  it("takes the metric's own value for the baseline period where the plan gives none: the first quarter by hand", () => {
    const row = statuses.get('metric_baseline')!;
    const quarterDays = (months: string[]) =>
      months.reduce((s, m) => s + publishedDelayedDays(workbook(m), 'West Sussex'), 0);
    const [q1, q2] = [quarterDays(MONTHS.slice(0, 3)), quarterDays(MONTHS.slice(3))].map((d) => (100_000 * d) / adults);
    expect(row).toMatchObject({ baseline_source: 'metric', actual_basis: 'whole_period' });
    expect(relative(row.baseline_value!, q1!)).toBeLessThan(1e-12);
    expect(relative(row.actual!, q2!)).toBeLessThan(1e-12);
    expect(row.change).toBeCloseTo(q2! - q1!, 9);
  });

  it("takes a whole quarter's own row where the period has ended: the quarter's three months by hand", async () => {
    const row = statuses.get('quarter')!;
    const quarterDays = MONTHS.slice(0, 3).reduce((s, m) => s + publishedDelayedDays(workbook(m), 'West Sussex'), 0);
    expect(row).toMatchObject({ actual_basis: 'whole_period', actual_through: '2018-06-30', planned_value: 1 });
    expect(Math.abs(row.actual! - (100_000 * quarterDays) / adults) / row.actual!).toBeLessThan(1e-12);
  });

  it('lets two loads of different sources commit at once, each recomputing every plan status', async () => {
    const clients = [new pg.Client({ connectionString: db.url }), new pg.Client({ connectionString: db.url })];
    await Promise.all(clients.map((client) => client.connect()));
    try {
      const results = await Promise.all([
        loadFile(clients[0]!, SOURCES.dtoc!, workbook('2018-10')),
        loadFile(clients[1]!, SOURCES.mar!, sharedFile('admissions_mar/mar-commissioner-2018-05.xls')),
      ]);
      expect(results.map((result) => result.outcome)).toEqual(['loaded', 'loaded']);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
    const { rows } = await db.client.query<{ n: number }>('SELECT count(*)::int AS n FROM marts.plan_status');
    expect(rows[0]!.n).toBe(statuses.size);
  });
});
