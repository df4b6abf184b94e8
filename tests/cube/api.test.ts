import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cubeLoad, signToken } from '../support/cube-client.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { sharedFile } from '../support/paths.js';
import { publishedDelayedDays, publishedDtocCell, publishedPopulation } from '../support/published.js';
import { type RunningApp, startApp } from '../support/server.js';

const SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
const JUNE_2018 = sharedFile('dtoc/dtoc-la-2018-06.xls');
const MID_2018 = sharedFile('population/ukmidyearestimates20182019ladcodes.xls');

const delayedTransfersJune2018 = (areaCodes: string[]) => ({
  measures: ['delayed_transfers.delayed_days', 'delayed_transfers.delayed_days_per_100k'],
  dimensions: ['delayed_transfers.area_code', 'delayed_transfers.area_name'],
  timeDimensions: [
    { dimension: 'delayed_transfers.period', granularity: 'month', dateRange: ['2018-06-01', '2018-06-30'] },
  ],
  filters: [{ member: 'delayed_transfers.area_code', operator: 'equals', values: areaCodes }],
});

describe('Cube API', () => {
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

  it('loads the bundled demo data on first start', () => {
    expect(app.output()).toMatch(/First start: loading the bundled demo data/);
    expect(app.output()).toMatch(/dtoc-la-2018-06\.xls: loaded/);
  });

  it('answers 403 without a token', async () => {
    const { status } = await cubeLoad(app.url, undefined, delayedTransfersJune2018(['E10000032']));
    expect(status).toBe(403);
  });

  it('answers 403 to a token signed with another secret', async () => {
    const { status } = await cubeLoad(
      app.url,
      signToken('another-secret-that-is-also-long-enough-000'),
      delayedTransfersJune2018(['E10000032']),
    );
    expect(status).toBe(403);
  });

  it("gives West Sussex's delayed days per 100,000 aged 18+ as computed by hand from the publications", async () => {
    const days = publishedDelayedDays(JUNE_2018, 'West Sussex');
    const adults = publishedPopulation(MID_2018, 'MYE2-All', 'E10000032', 18);
    const { status, body } = await cubeLoad(app.url, signToken(SECRET), delayedTransfersJune2018(['E10000032']));
    expect(status).toBe(200);
    expect(body.data).toHaveLength(1);
    const row = body.data[0];
    expect(row['delayed_transfers.area_name']).toBe('West Sussex');
    expect(Number(row['delayed_transfers.delayed_days'])).toBe(days);
    const rate = Number(row['delayed_transfers.delayed_days_per_100k']);
    expect(Math.abs(rate - (100_000 * days) / adults) / rate).toBeLessThan(1e-9);
  });

  it("gives West Sussex's delayed days by responsible organisation and by reason as published", async () => {
    const query = (dimension: string, measure: string) => ({
      measures: [`delayed_transfers.${measure}`],
      dimensions: [`delayed_transfers.${dimension}`],
      timeDimensions: [{ dimension: 'delayed_transfers.period', dateRange: ['2018-06-01', '2018-06-30'] }],
      filters: [
        { member: 'delayed_transfers.area_code', operator: 'equals', values: ['E10000032'] },
        { member: `delayed_transfers.${dimension}`, operator: 'set' },
      ],
    });
    const byOrg = await cubeLoad(
      app.url,
      signToken(SECRET),
      query('responsible_org', 'delayed_days_by_responsible_org'),
    );
    expect(byOrg.status).toBe(200);
    const org = Object.fromEntries(
      byOrg.body.data.map((r: Record<string, string>) => [
        r['delayed_transfers.responsible_org'],
        Number(r['delayed_transfers.delayed_days_by_responsible_org']),
      ]),
    );
    expect(org).toEqual({
      NHS: publishedDtocCell(JUNE_2018, 'LA - by responsible org', 'West Sussex', 'NHS'),
      'Social care': publishedDtocCell(JUNE_2018, 'LA - by responsible org', 'West Sussex', 'Social Care'),
      Both: publishedDtocCell(JUNE_2018, 'LA - by responsible org', 'West Sussex', 'Both'),
    });
    const byReason = await cubeLoad(app.url, signToken(SECRET), query('reason', 'delayed_days_by_reason'));
    const reason = Object.fromEntries(
      byReason.body.data.map((r: Record<string, string>) => [
        r['delayed_transfers.reason'],
        Number(r['delayed_transfers.delayed_days_by_reason']),
      ]),
    );
    expect(Object.keys(reason)).toHaveLength(11);
    expect(reason['E) Care package in own home']).toBe(
      publishedDtocCell(JUNE_2018, 'LA - by reason', 'West Sussex', 'E)'),
    );
    expect(reason['Di) Residential home']).toBe(publishedDtocCell(JUNE_2018, 'LA - by reason', 'West Sussex', 'Di)'));
    const total = Object.values(reason).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(publishedDelayedDays(JUNE_2018, 'West Sussex'), 6);
  });

  it('gives England (E92000001) as the published England row, not a sum of councils', async () => {
    const { body } = await cubeLoad(app.url, signToken(SECRET), delayedTransfersJune2018(['E92000001']));
    expect(Number(body.data[0]['delayed_transfers.delayed_days'])).toBe(publishedDelayedDays(JUNE_2018, 'England'));
  });

  it('serves the population view with the published England total', async () => {
    const { body } = await cubeLoad(app.url, signToken(SECRET), {
      measures: ['population.people'],
      dimensions: ['population.area_name'],
      timeDimensions: [{ dimension: 'population.year', granularity: 'year', dateRange: ['2018-01-01', '2018-12-31'] }],
      filters: [
        { member: 'population.area_code', operator: 'equals', values: ['E92000001'] },
        { member: 'population.sex', operator: 'equals', values: ['persons'] },
        { member: 'population.age', operator: 'gte', values: ['18'] },
      ],
    });
    expect(body.data).toHaveLength(1);
    expect(Number(body.data[0]['population.people'])).toBe(publishedPopulation(MID_2018, 'MYE2-All', 'E92000001', 18));
  });

  it('issues the page a working token from /api/token', async () => {
    const { token } = (await (await fetch(`${app.url}/api/token`)).json()) as { token: string };
    const { status } = await cubeLoad(app.url, token, delayedTransfersJune2018(['E10000032']));
    expect(status).toBe(200);
  });

  it('hides server stack traces from error responses', async () => {
    const { status, body } = await cubeLoad(app.url, signToken(SECRET), {
      measures: ['delayed_transfers.no_such_measure'],
    });
    expect(status).toBe(400);
    expect(body.error).toMatch(/no_such_measure/);
    expect(body).not.toHaveProperty('stack');
  });
});
