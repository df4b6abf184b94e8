import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/src/commands/load.js';
import { cubeLoad, signToken } from '../support/cube-client.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { type RunningApp, startApp } from '../support/server.js';
import { publishedEnglandDays, publishedSeriesMonth, sitrepFile } from '../support/sitrep.js';

const SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
const JANUARY_2024 = sitrepFile('january2024');
const MEASURES = [
  'discharge_delays.patients_not_meeting_criteria_to_reside',
  'discharge_delays.patients_discharged',
  'discharge_delays.patients_discharged_total',
  'discharge_delays.patients_remaining',
  'discharge_delays.days_reported',
];

const monthQuery = (month: [string, string], filters: object[]) => ({
  measures: MEASURES,
  dimensions: ['discharge_delays.area_code', 'discharge_delays.area_name', 'discharge_delays.area_type'],
  timeDimensions: [{ dimension: 'discharge_delays.date', granularity: 'month', dateRange: month }],
  filters,
  order: { 'discharge_delays.area_code': 'asc' },
});

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('Cube view discharge_delays', () => {
  let db: TestDatabase;
  let app: RunningApp;
  beforeAll(async () => {
    db = await createTestDatabase();
    const failures = await loadFiles(
      db.client,
      { source: 'sitrep', files: [JANUARY_2024, sitrepFile('latest_time_series')] },
      () => {},
    );
    expect(failures).toBe(0);
    app = await startApp({ DATABASE_URL: db.url, CUBEJS_API_SECRET: SECRET });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it("gives England's January 2024 as the daily averages of the published England row", async () => {
    const days = [...publishedEnglandDays(JANUARY_2024).values()];
    const { status, body } = await cubeLoad(
      app.url,
      signToken(SECRET),
      monthQuery(
        ['2024-01-01', '2024-01-31'],
        [{ member: 'discharge_delays.area_code', operator: 'equals', values: ['E92000001'] }],
      ),
    );
    expect(status).toBe(200);
    expect(body.data).toHaveLength(1);
    const row = body.data[0];
    expect(row['discharge_delays.area_name']).toBe('England');
    expect(Number(row['discharge_delays.days_reported'])).toBe(31);
    expect(Number(row['discharge_delays.patients_not_meeting_criteria_to_reside'])).toBeCloseTo(
      mean(days.map((d) => d.notMeeting)),
      6,
    );
    expect(Number(row['discharge_delays.patients_discharged'])).toBeCloseTo(mean(days.map((d) => d.discharged)), 6);
    expect(Number(row['discharge_delays.patients_remaining'])).toBeCloseTo(mean(days.map((d) => d.remaining)), 6);
    expect(Number(row['discharge_delays.patients_discharged_total'])).toBe(
      days.reduce((sum, d) => sum + d.discharged, 0),
    );
  });

  it('averages England over the days submitted in a month the time series alone covers (June 2022 lacks the 19th)', async () => {
    const remaining = publishedSeriesMonth(
      '2022-06',
      'Number of patients remaining in hospital who no longer meet the criteria to reside',
    );
    expect(remaining).toHaveLength(29);
    const { body } = await cubeLoad(
      app.url,
      signToken(SECRET),
      monthQuery(
        ['2022-06-01', '2022-06-30'],
        [{ member: 'discharge_delays.area_code', operator: 'equals', values: ['E92000001'] }],
      ),
    );
    expect(body.data).toHaveLength(1);
    expect(Number(body.data[0]['discharge_delays.patients_remaining'])).toBeCloseTo(mean(remaining), 6);
  });

  it('serves the seven NHS regions, whose daily averages add up to England', async () => {
    const { body } = await cubeLoad(
      app.url,
      signToken(SECRET),
      monthQuery(
        ['2024-01-01', '2024-01-31'],
        [{ member: 'discharge_delays.area_type', operator: 'equals', values: ['nhs region'] }],
      ),
    );
    expect(body.data.map((r: Record<string, string>) => r['discharge_delays.area_name']).sort()).toEqual([
      'East of England',
      'London',
      'Midlands',
      'North East and Yorkshire',
      'North West',
      'South East',
      'South West',
    ]);
    const total = body.data.reduce(
      (sum: number, r: Record<string, string>) =>
        sum + Number(r['discharge_delays.patients_not_meeting_criteria_to_reside']),
      0,
    );
    expect(total).toBeCloseTo(mean([...publishedEnglandDays(JANUARY_2024).values()].map((d) => d.notMeeting)), 6);
  });
});
