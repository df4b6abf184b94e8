import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crudeRate } from '../../etl/src/statistics/index.js';
import { etl, loadAll } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { marFile, publishedMar } from '../support/mar.js';
import { sharedFile } from '../support/paths.js';
import { expectLimitsOf, metricRow, metricRows, publishedPeople, relative } from './metric-rows.js';

// Non-elective admissions per 100,000 from the Monthly Activity Return of April-June 2019: England and a CCG
// against the published workbooks (SheetJS) and ONS populations, the councils against an apportionment written
// by hand in SQL over the raw tables (the CCG's LSOAs in each council, from the ONS lookup), and the limits those
// of the statistics module for those counts.

const MONTHS = ['2019-04', '2019-05', '2019-06'];
const MID_2019 = sharedFile('population/ukmidyearestimates20192020ladcodes.xls');
const PERSONS = 'MYE2 - Persons';
const CCG_POPULATION = sharedFile('population/ccg21_population_estimates_broad_age.csv');
const ID = 'non_elective_admissions_per_100k';

const ENGLAND = 'E92000001';
const SOUTH_EAST = 'E12000008';
const SOUTH_TYNESIDE_CCG = { code: 'E38000163', ods: '00N' };
const DARLINGTON_CCG = { code: 'E38000042', ods: '00C' };
// West Sussex (whole CCGs), Cumbria (Morecambe Bay CCG is shared with Lancashire), Leeds, a metropolitan district.
const COUNCILS = ['E10000032', 'E10000006', 'E08000035'];

/** ONS's CCG estimates (mid-2020, April 2021 CCGs): all ages by CCG code, read straight from the CSV. */
function publishedCcgPopulation(code: string): number {
  const records = parse(fs.readFileSync(CCG_POPULATION, 'utf8'), { columns: true, bom: true }) as Record<
    string,
    string
  >[];
  const record = records.find((r) => r['CCG Code'] === code);
  if (!record) throw new Error(`no CCG ${code} in ${CCG_POPULATION}`);
  return Number(record['All Ages']);
}

describe('metrics: non-elective admissions (MAR)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    await loadAll([
      ['lookups', sharedFile('lookups/LSOA11_to_CCG19_to_LAD19_Apr2019_lookup_EN.csv')],
      ['lookups', sharedFile('lookups/LTLA19_to_UTLA19_Apr2019_lookup_EW.csv')],
      ['lookups', sharedFile('lookups/Local_Authority_District_to_Region_(April_2019)_Lookup_in_England.csv')],
      ['population', MID_2019],
      ['population', CCG_POPULATION],
      ...MONTHS.map((month) => ['mar', marFile(month)] as const),
    ] as const);
  }, 300_000);
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    await db.drop();
  });

  /**
   * Each council's share of each CCG's non-elective admissions in a month, by hand over the raw tables: the CCG's
   * LSOAs (April 2019 lookup) in the council (districts to their county) over all its LSOAs.
   */
  async function apportioned(month: string): Promise<Map<string, number>> {
    const { rows } = await db.client.query<{ council: string; admissions: string }>(
      `WITH lsoas AS (
         SELECT l.ccg_ods_code, COALESCE(t.upper_tier_code, l.lad_code) AS council
         FROM raw.lookup_lsoa_ccg_lads AS l
         LEFT JOIN raw.lookup_council_tiers AS t ON t.lower_tier_code = l.lad_code
         WHERE l.vintage = '2019-04-01'
       ), shares AS (
         SELECT ccg_ods_code, council,
           count(*)::numeric / sum(count(*)) OVER (PARTITION BY ccg_ods_code) AS share
         FROM lsoas GROUP BY ccg_ods_code, council
       )
       SELECT s.council, sum(m.value * s.share) AS admissions
       FROM raw.mar_activity AS m
       INNER JOIN shares AS s ON s.ccg_ods_code = m.org_code
       WHERE m.period_month = $1 AND m.org_type = 'ccg' AND m.measure = 'non_elective_admissions'
       GROUP BY s.council`,
      [`${month}-01`],
    );
    return new Map(rows.map((row) => [row.council, Number(row.admissions)]));
  }

  const month = (area: string, start: string) => metricRow(db.client, ID, area, 'month', start);

  it("gives England's published admissions per 100,000 of England's population", async () => {
    for (const m of MONTHS) {
      const admissions = publishedMar(marFile(m)).england.nonElective;
      const people = publishedPeople(MID_2019, PERSONS, ENGLAND);
      const row = await month(ENGLAND, `${m}-01`);
      expect(row.area_basis).toBe('published');
      expect([row.numerator, row.denominator]).toEqual([admissions, people]);
      expect(relative(row.value!, (100_000 * admissions) / people)).toBeLessThan(1e-12);
      expectLimitsOf(row, crudeRate(admissions, people, { multiplier: 100_000 }));
      expect(row.value_note).toMatch(/specialised commissioning \(X24\)/);
    }
  });

  it("gives a CCG's published admissions over ONS's CCG estimate (the mid-year after: the only one loaded)", async () => {
    const published = publishedMar(marFile('2019-05')).commissioners.find((c) => c.orgCode === SOUTH_TYNESIDE_CCG.ods)!;
    const people = publishedCcgPopulation(SOUTH_TYNESIDE_CCG.code);
    const row = await month(SOUTH_TYNESIDE_CCG.code, '2019-05-01');
    expect([row.numerator, row.denominator]).toEqual([published.nonElective, people]);
    expect(relative(row.value!, (100_000 * published.nonElective) / people)).toBeLessThan(1e-12);
    expectLimitsOf(row, crudeRate(published.nonElective, people, { multiplier: 100_000 }));
    // A CCG belongs to no region: compared with England only.
    expect(row.compared_to_region).toBe('not_compared');
    expect(row.compared_to_england).not.toBe('not_compared');
  });

  it('gives no row to a CCG without a population (merged away before the CCG estimates)', async () => {
    const published = publishedMar(marFile('2019-05')).commissioners.find((c) => c.orgCode === DARLINGTON_CCG.ods)!;
    expect(published.nonElective).toBeGreaterThan(0);
    expect(() => publishedCcgPopulation(DARLINGTON_CCG.code)).toThrow(/no CCG/);
    expect(await metricRows(db.client, ID, DARLINGTON_CCG.code, 'month', '2019-05-01')).toEqual([]);
  });

  it('gives a council its admissions without a rate in a year with no population loaded, and a CCG no row', async () => {
    const load = await etl('load', 'mar', marFile('2016-05'));
    expect(load.err).toBe('');
    const shares = await apportioned('2016-05');
    // Leeds's three CCGs of 2016 merged in 2018: the hand apportionment (2019 lookup) does not know them.
    for (const council of COUNCILS.filter((code) => code !== 'E08000035')) {
      const row = await month(council, '2016-05-01');
      expect(relative(row.numerator!, shares.get(council)!), council).toBeLessThan(1e-9);
      expect([row.denominator, row.value, row.lower_95]).toEqual([null, null, null]);
      expect(row.value_note).toMatch(/^denominator is missing/);
    }
    expect(await metricRows(db.client, ID, SOUTH_TYNESIDE_CCG.code, 'month', '2016-05-01')).toEqual([]);
  });

  it("gives each council its share of its CCGs' admissions over its ONS population", async () => {
    for (const m of MONTHS) {
      const shares = await apportioned(m);
      for (const council of COUNCILS) {
        const admissions = shares.get(council)!;
        const people = publishedPeople(MID_2019, PERSONS, council);
        const row = await month(council, `${m}-01`);
        expect(relative(row.numerator!, admissions), `${council} ${m}`).toBeLessThan(1e-9);
        expect(row.denominator).toBe(people);
        expect(relative(row.value!, (100_000 * admissions) / people)).toBeLessThan(1e-9);
        const limits = crudeRate(row.numerator, people, { multiplier: 100_000 });
        expectLimitsOf(row, limits);
        expect(relative(row.lower_95!, crudeRate(admissions, people, { multiplier: 100_000 }).lower95!)).toBeLessThan(
          1e-9,
        );
        expect(row.value_note).toBe("estimated from its CCGs' figures with the ONS lookups (2019 vintage)");
      }
    }
  });

  it('gives the quarter from its three months: admissions added, the population averaged', async () => {
    const council = COUNCILS[0]!;
    let admissions = 0;
    for (const m of MONTHS) admissions += (await apportioned(m)).get(council)!;
    const people = publishedPeople(MID_2019, PERSONS, council);
    const row = await metricRow(db.client, ID, council, 'quarter', '2019-04-01');
    expect(relative(row.numerator!, admissions)).toBeLessThan(1e-9);
    expect(relative(row.denominator!, people)).toBeLessThan(1e-12);
    expect(relative(row.value!, (100_000 * admissions) / people)).toBeLessThan(1e-9);
    const england = await metricRow(db.client, ID, ENGLAND, 'quarter', '2019-04-01');
    const englandAdmissions = MONTHS.reduce((sum, m) => sum + publishedMar(marFile(m)).england.nonElective, 0);
    expect(england.numerator).toBe(englandAdmissions);
  });

  it('gives the South East from its councils: their shares added, their populations added', async () => {
    const { rows } = await db.client.query<{ council: string }>(
      `SELECT DISTINCT COALESCE(t.upper_tier_code, r.lad_code) AS council
       FROM raw.lookup_lad_regions AS r
       LEFT JOIN raw.lookup_council_tiers AS t ON t.lower_tier_code = r.lad_code
       WHERE r.region_code = $1`,
      [SOUTH_EAST],
    );
    const shares = await apportioned('2019-06');
    const admissions = rows.reduce((sum, { council }) => sum + shares.get(council)!, 0);
    const row = await month(SOUTH_EAST, '2019-06-01');
    expect(row.area_basis).toBe('from_councils');
    expect(relative(row.numerator!, admissions)).toBeLessThan(1e-9);
    expect(row.denominator).toBe(publishedPeople(MID_2019, PERSONS, SOUTH_EAST));
  });
});
