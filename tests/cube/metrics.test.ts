import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crudeRate } from '../../etl/src/statistics/index.js';
import { expectedChart } from '../metrics/spc-reference.js';
import { cubeLoad, signToken } from '../support/cube-client.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { sharedFile } from '../support/paths.js';
import { publishedDelayedDays, publishedPopulation } from '../support/published.js';
import { type RunningApp, startApp } from '../support/server.js';

// The views `metrics`, `metric_definitions` and `metric_spc` over HTTP, on the demo data a first start loads.

const SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
const JUNE_2018 = sharedFile('dtoc/dtoc-la-2018-06.xls');
const MID_2018 = sharedFile('population/ukmidyearestimates20182019ladcodes.xls');

const westSussexJune2018 = (extra: object = {}) => ({
  measures: ['metrics.value', 'metrics.numerator', 'metrics.denominator', 'metrics.lower_95', 'metrics.upper_95'],
  dimensions: ['metrics.metric_id', 'metrics.area_code', 'metrics.area_name', 'metrics.compared_to_england'],
  timeDimensions: [{ dimension: 'metrics.period', dateRange: ['2018-06-01', '2018-06-30'] }],
  filters: [
    { member: 'metrics.metric_id', operator: 'equals', values: ['delayed_days_per_100k'] },
    { member: 'metrics.area_code', operator: 'equals', values: ['E10000032'] },
    { member: 'metrics.period_type', operator: 'equals', values: ['month'] },
  ],
  ...extra,
});

describe('Cube API: metrics', () => {
  let db: TestDatabase;
  let app: RunningApp;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    app = await startApp({ DATABASE_URL: db.url, CUBEJS_API_SECRET: SECRET });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it("gives West Sussex's delayed days per 100,000 aged 18+ for June 2018, its limits from the statistics module", async () => {
    const { status, body } = await cubeLoad(app.url, signToken(SECRET), westSussexJune2018());
    expect(body.error).toBeUndefined();
    expect(status).toBe(200);
    expect(body.data).toHaveLength(1);
    const row = body.data[0];
    const days = publishedDelayedDays(JUNE_2018, 'West Sussex');
    const adults = publishedPopulation(MID_2018, 'MYE2-All', 'E10000032', 18);
    expect(row['metrics.area_name']).toBe('West Sussex');
    expect(Number(row['metrics.numerator'])).toBe(days);
    expect(Number(row['metrics.denominator'])).toBe(adults);
    expect(Math.abs(Number(row['metrics.value']) - (100_000 * days) / adults)).toBeLessThan(1e-9);
    const limits = crudeRate(days, adults);
    expect(Number(row['metrics.lower_95'])).toBeCloseTo(limits.lower95!, 9);
    expect(Number(row['metrics.upper_95'])).toBeCloseTo(limits.upper95!, 9);
    expect(['better', 'similar', 'worse']).toContain(row['metrics.compared_to_england']);
  });

  it('answers null, not a sum, for a group that mixes metric rows', async () => {
    const query = westSussexJune2018({
      dimensions: ['metrics.metric_id'],
      filters: [{ member: 'metrics.metric_id', operator: 'equals', values: ['delayed_days_per_100k'] }],
    });
    const { status, body } = await cubeLoad(app.url, signToken(SECRET), query);
    expect(status).toBe(200);
    expect(body.data).toHaveLength(1);
    expect(body.data[0]['metrics.value']).toBeNull();
    expect(body.data[0]['metrics.lower_95']).toBeNull();
  });

  it('shows each definition in metric_definitions and the members in /meta', async () => {
    const { status, body } = await cubeLoad(app.url, signToken(SECRET), {
      dimensions: [
        'metric_definitions.metric_id',
        'metric_definitions.unit',
        'metric_definitions.polarity',
        'metric_definitions.source',
        'metric_definitions.method',
      ],
      filters: [{ member: 'metric_definitions.metric_id', operator: 'equals', values: ['delayed_days_per_100k'] }],
    });
    expect(status).toBe(200);
    expect(body.data).toEqual([
      {
        'metric_definitions.metric_id': 'delayed_days_per_100k',
        'metric_definitions.unit': 'per 100,000 population aged 18+',
        'metric_definitions.polarity': 'low_is_good',
        'metric_definitions.source': 'NHS England: Delayed Transfers of Care (monthly situation report, MSitDT)',
        'metric_definitions.method': 'crude_rate',
      },
    ]);
    const meta = await fetch(`${app.url}/cubejs-api/v1/meta`, { headers: { Authorization: signToken(SECRET) } });
    const cubes = (await meta.json()).cubes as {
      name: string;
      dimensions: { name: string; meta?: { definitions: Record<string, object> } }[];
    }[];
    expect(cubes.map((cube) => cube.name)).toEqual(expect.arrayContaining(['metrics', 'metric_definitions']));
    const metricId = cubes
      .find((cube) => cube.name === 'metrics')!
      .dimensions.find((dimension) => dimension.name === 'metrics.metric_id')!;
    expect(metricId.meta!.definitions.delayed_days_per_100k).toMatchObject({
      unit: 'per 100,000 population aged 18+',
      polarity: 'low_is_good',
      method: 'crude_rate',
      multiplier: '100000',
      source: { publisher: 'NHS England', licence: 'Open Government Licence v3.0' },
    });
    expect(metricId.meta!.definitions['indicator:*']).toMatchObject({ method: 'published_value' });
  });

  it('gives the synthetic demo plans their status in plan_status: one of each, Torbay year to date by hand', async () => {
    const { body } = await cubeLoad(app.url, signToken(SECRET), {
      dimensions: ['plan_status.area_name', 'plan_status.status', 'plan_status.actual_basis', 'plan_status.plan_type'],
      measures: ['plan_status.actual', 'plan_status.planned_value'],
      order: { 'plan_status.area_name': 'asc' },
    });
    expect(body.error).toBeUndefined();
    const byArea = Object.fromEntries(
      body.data.map((row: Record<string, string>) => [row['plan_status.area_name'], row]),
    ) as Record<string, Record<string, string>>;
    expect(Object.fromEntries(Object.entries(byArea).map(([area, row]) => [area, row['plan_status.status']]))).toEqual({
      Kent: 'no_improvement',
      Leeds: 'data_not_available',
      Torbay: 'on_track',
      Trafford: 'improved_not_on_track',
      'West Sussex': 'not_on_track',
    });
    expect(new Set(body.data.map((row: Record<string, string>) => row['plan_status.plan_type']))).toEqual(
      new Set(['demo_plan']),
    );
    // April to December 2018: nine months of the year, the plan's 3,200 for the year scaled to nine twelfths.
    const months = ['04', '05', '06', '07', '08', '09', '10', '11', '12'];
    const days = months.reduce(
      (sum, month) => sum + publishedDelayedDays(sharedFile(`dtoc/dtoc-la-2018-${month}.xls`), 'Torbay UA'),
      0,
    );
    const adults = publishedPopulation(MID_2018, 'MYE2-All', 'E06000027', 18);
    expect(byArea.Torbay!['plan_status.actual_basis']).toBe('year_to_date');
    expect(Number(byArea.Torbay!['plan_status.actual'])).toBeCloseTo((100_000 * days) / adults, 9);
    expect(Number(byArea.Torbay!['plan_status.planned_value'])).toBeCloseTo((3200 * 9) / 12, 9);
  });

  it("charts West Sussex's emergency admissions 65+ in metric_spc as the rules give them from the metrics view", async () => {
    const series = {
      timeDimensions: [{ dimension: 'metrics.period', granularity: 'month' }],
      filters: [
        { member: 'metrics.metric_id', operator: 'equals', values: ['emergency_admissions_65_per_100k'] },
        { member: 'metrics.area_code', operator: 'equals', values: ['E10000032'] },
        { member: 'metrics.period_type', operator: 'equals', values: ['month'] },
      ],
      order: { 'metrics.period': 'asc' },
    };
    const token = signToken(SECRET);
    const values = await cubeLoad(app.url, token, { measures: ['metrics.value'], ...series });
    const chart = await cubeLoad(app.url, token, {
      measures: [
        'metric_spc.value',
        'metric_spc.mean',
        'metric_spc.lower_process_limit',
        'metric_spc.upper_process_limit',
      ],
      dimensions: ['metric_spc.point_type', 'metric_spc.variation_icon'],
      ...JSON.parse(JSON.stringify(series).replaceAll('metrics.', 'metric_spc.')),
    });
    expect(chart.body.error).toBeUndefined();
    const points: Record<string, string>[] = chart.body.data;
    expect(points.length).toBe(24);
    const expected = expectedChart(values.body.data.map((row: Record<string, string>) => Number(row['metrics.value'])));
    expect(points.map((point) => Number(point['metric_spc.value']))).toEqual(
      values.body.data.map((row: Record<string, string>) => Number(row['metrics.value'])),
    );
    for (const [i, point] of points.entries()) {
      expect(Number(point['metric_spc.mean'])).toBeCloseTo(expected.mean, 9);
      expect(Number(point['metric_spc.lower_process_limit'])).toBeCloseTo(expected.lpl, 9);
      expect(Number(point['metric_spc.upper_process_limit'])).toBeCloseTo(expected.upl, 9);
      expect(point['metric_spc.point_type']).toBe(expected.points[i]!.type);
    }
  });

  it('rebases and fixes a chart on request (GET /api/spc): each group its own mean, the fixed limits from the first 12', async () => {
    const token = signToken(SECRET);
    const spc = async (query: Record<string, string>, auth: string | null = token) => {
      const response = await fetch(`${app.url}/api/spc?${new URLSearchParams(query)}`, {
        headers: auth === null ? {} : { Authorization: auth },
      });
      return { status: response.status, ...(await response.json()) };
    };
    const series = { metric: 'emergency_admissions_65_per_100k', area: 'E10000032' };
    const values = (
      await cubeLoad(app.url, token, {
        measures: ['metrics.value'],
        timeDimensions: [{ dimension: 'metrics.period', granularity: 'month' }],
        filters: [
          { member: 'metrics.metric_id', operator: 'equals', values: [series.metric] },
          { member: 'metrics.area_code', operator: 'equals', values: [series.area] },
          { member: 'metrics.period_type', operator: 'equals', values: ['month'] },
        ],
        order: { 'metrics.period': 'asc' },
      })
    ).body.data.map((row: Record<string, string>) => Number(row['metrics.value'])) as number[];
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

    const rebased = await spc({ ...series, rebase: '2018-04-01' });
    expect(rebased.status).toBe(200);
    expect(rebased.rebase).toEqual(['2018-04-01']);
    // April 2017 to March 2019: twelve months a group.
    const groups = [values.slice(0, 12), values.slice(12)];
    for (const [i, point] of rebased.points.entries()) {
      expect(point.rebase_group).toBe(i < 12 ? 0 : 1);
      expect(point.mean).toBeCloseTo(mean(groups[i < 12 ? 0 : 1]!), 9);
    }
    expect(rebased.warnings).toHaveLength(1);

    const fixed = await spc({ ...series, fix_after: '12' });
    for (const point of fixed.points) expect(point.mean).toBeCloseTo(mean(values.slice(0, 12)), 9);
    expect(fixed.warnings).toEqual([]);

    const shown = await spc({ ...series, from: '2017-10-01', to: '2018-09-30' });
    expect(shown.points.map((point: { period_start: string }) => point.period_start)[0]).toBe('2017-10-01');
    for (const point of shown.points) expect(point.mean).toBeCloseTo(mean(values.slice(6, 18)), 9);

    expect(await spc({ ...series, fix_after: '6' })).toMatchObject({
      status: 400,
      error: 'fix_after must be at least 12 points',
    });
    expect(await spc({ ...series, rebase: '2030-01-01' })).toMatchObject({
      status: 400,
      error: "rebase: 2030-01-01 is after the series' last point (2019-03-01)",
    });
    expect((await spc({ metric: 'no_such_metric', area: 'E10000032' })).status).toBe(400);
    expect((await spc(series, null)).status).toBe(403);
  });
});
