import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crudeRate, directlyStandardisedRate, proportion } from '../../etl/src/statistics/index.js';
import { etl, loadAll } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { sharedFile } from '../support/paths.js';
import { tempDir } from '../support/workbooks.js';
import { expectLimitsOf, metricRow, metricRows, publishedPeople, relative } from './metric-rows.js';

// The metrics from record-level admissions extracts, on a small generated extract (four councils, January-June
// 2019): each count written again by hand in SQL over the episodes as loaded (raw.admission_episodes, not the
// counts the loader derives), each population re-read from the ONS workbook, the falls rate standardised by hand
// with the ESP2013 weights written out here, and the limits those of the statistics module for those counts.

const MID_2019 = sharedFile('population/ukmidyearestimates20192020ladcodes.xls');
const PERSONS = 'MYE2 - Persons';
const KENT = 'E10000016';
const TORBAY = 'E06000027';
const SUTTON = 'E09000029';
const LEEDS = 'E08000035';
const RUTLAND = 'E06000017';

/** European Standard Population 2013, the bands aged 65 and over (Eurostat 2013). */
const ESP2013_65_PLUS: [band: string, from: number, to: number, weight: number][] = [
  ['65-69', 65, 69, 5500],
  ['70-74', 70, 74, 5000],
  ['75-79', 75, 79, 4000],
  ['80-84', 80, 84, 2500],
  ['85-89', 85, 89, 1500],
  ['90+', 90, 90, 1000],
];

const EMERGENCY = `e.admission_method IN ('21', '22', '23', '24', '25', '26', '27', '28', '2A', '2B', '2C', '2D')`;
const CARE_HOME = `('54', '65', '85', '86')`;
const PRIMARY = `replace(e.primary_diagnosis, '.', '')`;
/** Injury (S00-T98) as primary diagnosis and a fall (W00-W19) among the other diagnoses. */
const FALL = `${PRIMARY} ~ '^(S|T[0-8][0-9]|T9[0-8])' AND e.secondary_diagnoses ~ '(^|[;| ,])W[01][0-9]'`;
/** NHS Outcomes Framework 2.3.i chronic ACSC primary diagnoses; J20 only with a COPD secondary diagnosis. */
const CHRONIC_ACSC = `(${PRIMARY} ~ '^(I20|I24[089]|I25|Z034|J4[1-7]|I110|I50|J81|G253|G4[01]|R56|O15|F0[0-3]|E1[0-4]|I10|I119|D50[189]|E4[0-3]|E550|E643)'
  OR (${PRIMARY} ~ '^J20' AND e.secondary_diagnoses ~ '(^|[;| ,])J4[1-47]'))`;
const DISCHARGED = `e.discharge_date IS NOT NULL AND COALESCE(e.discharge_destination, '') <> ''`;

describe('metrics: record-level admissions extracts', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    const extract = path.join(tempDir(), 'extract.csv');
    const generated = await etl(
      'generate',
      ...['--rows', '30000', '--seed', '2019', '--from', '2019-01', '--to', '2019-06'],
      ...['--councils', [KENT, TORBAY, SUTTON, LEEDS].join(','), '--out', extract],
    );
    expect(generated).toMatchObject({ exitCode: 0, err: '' });
    // A second extract, written here: Rutland's February 2019, two admissions of people under 65.
    const rutland = path.join(tempDir(), 'rutland.csv');
    fs.writeFileSync(
      rutland,
      [
        'person_id,admission_date,discharge_date,admission_method,admission_source,age,sex,council_code,lsoa_code,primary_diagnosis,secondary_diagnoses,discharge_destination',
        `R1,2019-02-04,2019-02-06,21,19,34,1,${RUTLAND},,J18.9,,19`,
        `R2,2019-02-11,2019-02-11,11,19,52,2,${RUTLAND},,H25.9,,19`,
        '',
      ].join('\n'),
    );
    await loadAll([
      ['lookups', sharedFile('lookups/Local_Authority_District_to_Region_(April_2019)_Lookup_in_England.csv')],
      ['lookups', sharedFile('lookups/LTLA19_to_UTLA19_Apr2019_lookup_EW.csv')],
      ['population', MID_2019],
      ['admissions', extract],
      ['admissions', rutland],
    ] as const);
  }, 300_000);
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    await db.drop();
  });

  /** Episodes of a council admitted (or, `by` discharge, discharged) in the months from `first` to `last`. */
  async function episodes(
    council: string,
    first: string,
    where: string,
    { last = first, by = 'admission' }: { last?: string; by?: 'admission' | 'discharge' } = {},
  ): Promise<number> {
    const { rows } = await db.client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM raw.admission_episodes AS e
       WHERE e.council_code = $1 AND date_trunc('month', e.${by}_date) BETWEEN $2::date AND $3::date AND ${where}`,
      [council, `${first}-01`, `${last}-01`],
    );
    return rows[0]!.n;
  }

  const SAMPLES = [
    [KENT, '2019-03'],
    [SUTTON, '2019-05'],
    [TORBAY, '2019-02'],
    [LEEDS, '2019-06'],
  ] as const;

  it.each([
    ['emergency_admissions_65_per_100k', `${EMERGENCY} AND e.age >= 65`, 'admission', 65],
    [
      'emergency_admissions_care_homes_65_per_100k',
      `${EMERGENCY} AND e.age >= 65 AND e.admission_source IN ${CARE_HOME}`,
      'admission',
      65,
    ],
    ['chronic_acsc_admissions_per_100k', `${EMERGENCY} AND ${CHRONIC_ACSC}`, 'admission', 0],
    [
      'care_home_admissions_from_hospital_65_per_100k',
      `${DISCHARGED} AND e.age >= 65 AND e.discharge_destination IN ${CARE_HOME}
       AND COALESCE(e.admission_source, '') NOT IN ${CARE_HOME}`,
      'discharge',
      65,
    ],
  ] as const)('gives %s as counted by hand over the episodes', async (id, where, by, fromAge) => {
    for (const [council, month] of SAMPLES) {
      const events = await episodes(council, month, where, { by });
      const people = publishedPeople(MID_2019, PERSONS, council, fromAge);
      const row = await metricRow(db.client, id, council, 'month', `${month}-01`);
      expect([row.numerator, row.denominator], `${council} ${month}`).toEqual([events, people]);
      expect(relative(row.value!, (100_000 * events) / people)).toBeLessThan(1e-12);
      expectLimitsOf(row, crudeRate(events, people, { multiplier: 100_000 }));
    }
    // The quarter: events added, the population averaged over its months (the same mid-year).
    const events = await episodes(KENT, '2019-01', where, { last: '2019-03', by });
    const people = publishedPeople(MID_2019, PERSONS, KENT, fromAge);
    const quarter = await metricRow(db.client, id, KENT, 'quarter', '2019-01-01');
    expect(quarter.numerator).toBe(events);
    expect(relative(quarter.denominator!, people)).toBeLessThan(1e-12);
    expect(relative(quarter.value!, (100_000 * events) / people)).toBeLessThan(1e-12);
  });

  it('gives discharges to the usual place of residence over discharges of people alive, with Wilson limits', async () => {
    for (const [council, month] of [...SAMPLES, [KENT, '2019-01'] as const]) {
      const home = await episodes(council, month, `${DISCHARGED} AND e.discharge_destination = '19'`, {
        by: 'discharge',
      });
      const alive = await episodes(council, month, `${DISCHARGED} AND e.discharge_destination <> '79'`, {
        by: 'discharge',
      });
      const row = await metricRow(db.client, 'discharge_usual_residence_percent', council, 'month', `${month}-01`);
      expect([row.numerator, row.denominator], `${council} ${month}`).toEqual([home, alive]);
      expect(relative(row.value!, (100 * home) / alive)).toBeLessThan(1e-12);
      expectLimitsOf(row, proportion(home, alive, { multiplier: 100 }));
    }
    // The quarter adds up its months' counts (a count denominator).
    const home = await episodes(LEEDS, '2019-04', `${DISCHARGED} AND e.discharge_destination = '19'`, {
      last: '2019-06',
      by: 'discharge',
    });
    const alive = await episodes(LEEDS, '2019-04', `${DISCHARGED} AND e.discharge_destination <> '79'`, {
      last: '2019-06',
      by: 'discharge',
    });
    const quarter = await metricRow(db.client, 'discharge_usual_residence_percent', LEEDS, 'quarter', '2019-04-01');
    expect([quarter.numerator, quarter.denominator]).toEqual([home, alive]);
    expectLimitsOf(quarter, proportion(home, alive, { multiplier: 100 }));
  });

  /** Falls of a council by ESP2013 band over the months, and each band's population, by hand. */
  async function fallsByBand(council: string, first: string, last = first) {
    const bands = [];
    for (const [band, from, to, weight] of ESP2013_65_PLUS) {
      // 90+ is every age from 90 (the extracts go to 120).
      const ages = `e.age BETWEEN ${from} AND ${to === 90 ? 120 : to}`;
      const events = await episodes(council, first, `${EMERGENCY} AND ${FALL} AND ${ages}`, { last });
      bands.push({ band, weight, events, people: publishedPeople(MID_2019, PERSONS, council, from, to) });
    }
    return bands;
  }

  it('gives the falls rate 65+ directly standardised to ESP2013 by hand, with the Dobson limits', async () => {
    for (const [council, first, last, type] of [
      [KENT, '2019-03', '2019-03', 'month'],
      [LEEDS, '2019-01', '2019-01', 'month'],
      [LEEDS, '2019-05', '2019-05', 'month'],
      [TORBAY, '2019-01', '2019-03', 'quarter'],
      [SUTTON, '2019-04', '2019-06', 'quarter'],
    ] as const) {
      const bands = await fallsByBand(council, first, last);
      const events = bands.reduce((sum, b) => sum + b.events, 0);
      const people = bands.reduce((sum, b) => sum + b.people, 0);
      // Σ weight × rate / Σ weight, every band weighted, those without a fall too.
      const weights = bands.reduce((sum, b) => sum + b.weight, 0);
      const dsr = (100_000 * bands.reduce((sum, b) => sum + (b.weight * b.events) / b.people, 0)) / weights;
      const row = await metricRow(db.client, 'falls_65_dsr_per_100k', council, type, `${first}-01`);
      expect([row.numerator, row.denominator], `${council} ${first}`).toEqual([events, people]);
      expect(events, `${council} ${first}: enough falls to publish`).toBeGreaterThanOrEqual(10);
      expect(relative(row.value!, dsr), `${council} ${first}`).toBeLessThan(1e-12);
      const limits = directlyStandardisedRate(
        bands.map((b) => ({ ageBand: b.band, numerator: b.events, denominator: b.people })),
        { multiplier: 100_000 },
      );
      for (const [stored, expected] of [
        [row.lower_95, limits.lower95],
        [row.upper_95, limits.upper95],
        [row.lower_998, limits.lower998],
        [row.upper_998, limits.upper998],
      ]) {
        expect(relative(stored!, expected!)).toBeLessThan(1e-12);
      }
    }
  });

  it('does not publish the falls rate of a council-month with fewer than 10 falls', async () => {
    const bands = await fallsByBand(TORBAY, '2019-02');
    const events = bands.reduce((sum, b) => sum + b.events, 0);
    expect(events).toBeLessThan(10);
    const row = await metricRow(db.client, 'falls_65_dsr_per_100k', TORBAY, 'month', '2019-02-01');
    expect(row.numerator).toBe(events);
    expect([row.value, row.lower_95]).toEqual([null, null]);
    expect(row.value_note).toBe(`not published: fewer than 10 events (${events})`);
  });

  it('counts 0 in a month an extract covers without any of the events: exact Poisson limits', async () => {
    const people = publishedPeople(MID_2019, PERSONS, RUTLAND, 65);
    for (const id of [
      'emergency_admissions_65_per_100k',
      'emergency_admissions_care_homes_65_per_100k',
      'care_home_admissions_from_hospital_65_per_100k',
    ]) {
      const row = await metricRow(db.client, id, RUTLAND, 'month', '2019-02-01');
      expect([row.numerator, row.denominator, row.value], id).toEqual([0, people, 0]);
      expectLimitsOf(row, crudeRate(0, people, { multiplier: 100_000 }));
    }
    const falls = await metricRow(db.client, 'falls_65_dsr_per_100k', RUTLAND, 'month', '2019-02-01');
    expect([falls.numerator, falls.value, falls.value_note]).toEqual([
      0,
      null,
      'not published: fewer than 10 events (0)',
    ]);
    const home = await metricRow(db.client, 'discharge_usual_residence_percent', RUTLAND, 'month', '2019-02-01');
    expect([home.numerator, home.denominator]).toEqual([2, 2]);
    // The generated extract's councils are as they were: the second extract replaced only Rutland's month.
    expect(
      (await metricRow(db.client, 'emergency_admissions_65_per_100k', KENT, 'month', '2019-02-01')).numerator,
    ).toBe(await episodes(KENT, '2019-02', `${EMERGENCY} AND e.age >= 65`));
  });

  it('gives no month after the extract, though it holds discharges in July', async () => {
    const july = await episodes(KENT, '2019-07', DISCHARGED, { by: 'discharge' });
    expect(july).toBeGreaterThan(0);
    for (const id of [
      'emergency_admissions_65_per_100k',
      'care_home_admissions_from_hospital_65_per_100k',
      'discharge_usual_residence_percent',
      'falls_65_dsr_per_100k',
    ]) {
      expect(await metricRows(db.client, id, KENT, 'month', '2019-07-01'), id).toEqual([]);
    }
  });

  it('gives the regions from their councils', async () => {
    const kent = await metricRow(db.client, 'emergency_admissions_65_per_100k', KENT, 'month', '2019-03-01');
    const southEast = await metricRow(
      db.client,
      'emergency_admissions_65_per_100k',
      'E12000008',
      'month',
      '2019-03-01',
    );
    // Kent is the only council of the South East in the extract: the region is its sum, said to be partial, and
    // no comparator for Kent.
    expect(southEast.area_basis).toBe('from_councils');
    expect([southEast.numerator, southEast.denominator]).toEqual([kent.numerator, kent.denominator]);
    expect(southEast.value_note).toMatch(
      /^from 1 of its \d+ councils \(the others have no figure\): not a comparator$/,
    );
    expect(kent.compared_to_region).toBe('not_compared');
  });
});
