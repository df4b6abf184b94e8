import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cubeLoad, signToken } from '../support/cube-client.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { sharedFile } from '../support/paths.js';
import { publishedPopulation } from '../support/published.js';
import { type RunningApp, startApp } from '../support/server.js';

const SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
const MID_2018 = sharedFile('population/ukmidyearestimates20182019ladcodes.xls');

const englandPersons2018 = (extra: object) => ({
  measures: ['population.people'],
  timeDimensions: [{ dimension: 'population.year', dateRange: ['2018-01-01', '2018-12-31'] }],
  filters: [
    { member: 'population.area_code', operator: 'equals', values: ['E92000001'] },
    { member: 'population.sex', operator: 'equals', values: ['persons'] },
  ],
  ...extra,
});

describe('population view: age bands', () => {
  let db: TestDatabase;
  let app: RunningApp;
  const query = async (body: object) => {
    const { status, body: result } = await cubeLoad(app.url, signToken(SECRET), body);
    expect(status, JSON.stringify(result)).toBe(200);
    return result.data as Record<string, string>[];
  };
  const withBands = (band: string[]) => ({
    filters: [...englandPersons2018({}).filters, { member: 'population.age_band', operator: 'equals', values: band }],
  });

  beforeAll(async () => {
    // An empty warehouse: the app loads the bundled demo data (ONS mid-2018 estimates among it).
    db = await createTestDatabase({ migrate: false });
    app = await startApp({ DATABASE_URL: db.url, CUBEJS_API_SECRET: SECRET });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('counts each person once without an age band (England mid-2018: 55,977,178)', async () => {
    const rows = await query(englandPersons2018({ dimensions: ['population.area_name', 'population.area_level'] }));
    expect(rows).toEqual([
      { 'population.area_name': 'England', 'population.area_level': 'england', 'population.people': '55977178' },
    ]);
  });

  it('gives the people of a broad band as published (65+, 18+)', async () => {
    for (const [band, fromAge] of [
      ['65+', 65],
      ['18+', 18],
    ] as const) {
      const rows = await query(englandPersons2018(withBands([band])));
      expect(Number(rows[0]!['population.people'])).toBe(
        publishedPopulation(MID_2018, 'MYE2-All', 'E92000001', fromAge),
      );
    }
  });

  it('splits England into the 19 five-year bands, which add up to the total', async () => {
    const rows = await query(
      englandPersons2018({
        dimensions: ['population.age_band', 'population.age_band_order'],
        filters: [
          ...englandPersons2018({}).filters,
          { member: 'population.age_band_set', operator: 'equals', values: ['five_year'] },
        ],
        order: { 'population.age_band_order': 'asc' },
      }),
    );
    expect(rows.map((r) => r['population.age_band'])).toEqual([
      ...Array.from({ length: 18 }, (_, i) => `${i * 5}-${i * 5 + 4}`),
      '90+',
    ]);
    expect(rows.reduce((sum, r) => sum + Number(r['population.people']), 0)).toBe(55_977_178);
    expect(Number(rows.at(-1)!['population.people'])).toBe(publishedPopulation(MID_2018, 'MYE2-All', 'E92000001', 90));
  });

  it('gives every overlapping band its own full total when grouped by band', async () => {
    const rows = await query(
      englandPersons2018({ dimensions: ['population.age_band'], ...withBands(['18+', '65+', 'All ages']) }),
    );
    const byBand = Object.fromEntries(rows.map((r) => [r['population.age_band'], Number(r['population.people'])]));
    expect(byBand).toEqual({
      '18+': publishedPopulation(MID_2018, 'MYE2-All', 'E92000001', 18),
      '65+': publishedPopulation(MID_2018, 'MYE2-All', 'E92000001', 65),
      'All ages': 55_977_178,
    });
  });
});
