import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crudeRate } from '../../etl/src/statistics/index.js';
import { etl, loadAll } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { sharedFile } from '../support/paths.js';
import { publishedDelayedDays, publishedDtocCell, publishedPopulation } from '../support/published.js';
import { metricRow as metricRowOf } from './metric-rows.js';

// The delayed-transfers metrics of West Sussex against the published workbooks: the figure by hand from the
// published days and the ONS population, the limits those of the statistics module for those counts.

const MID_2018 = sharedFile('population/ukmidyearestimates20182019ladcodes.xls');
const MONTHS = ['2018-04', '2018-05', '2018-06'];
const workbook = (month: string) => sharedFile(`dtoc/dtoc-la-${month}.xls`);

describe('metrics: delayed transfers of care', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    await loadAll([
      ['population', MID_2018],
      ['lookups', sharedFile('lookups/Local_Authority_District_to_Region_(April_2019)_Lookup_in_England.csv')],
      ['lookups', sharedFile('lookups/LTLA19_to_UTLA19_Apr2019_lookup_EW.csv')],
      ...MONTHS.map((m) => ['dtoc', workbook(m)] as const),
    ] as const);
  }, 300_000);
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    await db.drop();
  });

  const metricRow = (metricId: string, areaCode: string, periodType: string, periodStart: string) =>
    metricRowOf(db.client, metricId, areaCode, periodType, periodStart);

  const relative = (a: number | null, b: number) => Math.abs(a! - b) / Math.abs(b);

  it("gives West Sussex's delayed days per 100,000 aged 18+ for June 2018 as computed by hand", async () => {
    const days = publishedDelayedDays(workbook('2018-06'), 'West Sussex');
    const adults = publishedPopulation(MID_2018, 'MYE2-All', 'E10000032', 18);
    const row = await metricRow('delayed_days_per_100k', 'E10000032', 'month', '2018-06-01');
    expect(row.numerator).toBe(days);
    expect(row.denominator).toBe(adults);
    expect(relative(row.value, (100_000 * days) / adults)).toBeLessThan(1e-12);
    const limits = crudeRate(days, adults, { multiplier: 100_000 });
    expect([row.lower_95, row.upper_95, row.lower_998, row.upper_998]).toEqual([
      limits.lower95,
      limits.upper95,
      limits.lower998,
      limits.upper998,
    ]);
  });

  it('gives the social care and NHS delayed days as the responsible-organisation sheet publishes them', async () => {
    const adults = publishedPopulation(MID_2018, 'MYE2-All', 'E10000032', 18);
    for (const [metric, column] of [
      ['delayed_days_social_care_per_100k', 'Social Care'],
      ['delayed_days_nhs_per_100k', 'NHS'],
    ] as const) {
      const days = publishedDtocCell(workbook('2018-06'), 'LA - by responsible org', 'West Sussex', column);
      const row = await metricRow(metric, 'E10000032', 'month', '2018-06-01');
      expect(row.numerator).toBe(days);
      expect(relative(row.value, (100_000 * days) / adults)).toBeLessThan(1e-12);
    }
  });

  it('gives the quarter from its three months: days added, the population averaged', async () => {
    const days = MONTHS.reduce((sum, month) => sum + publishedDelayedDays(workbook(month), 'West Sussex'), 0);
    const adults = publishedPopulation(MID_2018, 'MYE2-All', 'E10000032', 18);
    const row = await metricRow('delayed_days_per_100k', 'E10000032', 'quarter', '2018-04-01');
    expect(row.numerator).toBe(days);
    expect(relative(row.denominator, adults)).toBeLessThan(1e-12);
    expect(relative(row.value, (100_000 * days) / adults)).toBeLessThan(1e-12);
  });

  it('gives England as published and the South East from its councils', async () => {
    const england = await metricRow('delayed_days_per_100k', 'E92000001', 'month', '2018-06-01');
    expect(england.area_basis).toBe('published');
    expect(england.numerator).toBe(publishedDelayedDays(workbook('2018-06'), 'England'));
    const southEast = await metricRow('delayed_days_per_100k', 'E12000008', 'month', '2018-06-01');
    expect(southEast.area_basis).toBe('from_councils');
    expect(southEast.denominator).toBe(publishedPopulation(MID_2018, 'MYE2-All', 'E12000008', 18));
  });

  it('computes after each load exactly what computing every metric again gives', async () => {
    // Each workbook's load computed only the periods it touched (and the trend of the four after); the whole
    // computation must find nothing to change.
    const snapshot = async () =>
      (
        await db.client.query(
          `SELECT to_jsonb(v) - 'computed_at' AS row FROM derived.metric_values AS v
           ORDER BY metric_id, area_code, period_type, period_start`,
        )
      ).rows;
    const incremental = await snapshot();
    expect(incremental.length).toBeGreaterThan(1000);
    expect(await etl('metrics')).toMatchObject({ exitCode: 0, err: '' });
    expect(await snapshot()).toEqual(incremental);
  });

  it('compares every council with England by the interval rule, at 95% and 99.8%', async () => {
    // An independent computation of the rule in SQL over the stored limits: lower when the upper limit is below
    // England's value, higher when the lower limit is above it; delayed days: low is good. Dorset, Poole and
    // Bournemouth (abolished in 2019) have no mid-2018 population under their old codes: no limits, not compared.
    const { rows } = await db.client.query<{ mismatches: string; councils: string }>(
      `WITH england AS (
         SELECT value FROM derived.metric_values
         WHERE metric_id = 'delayed_days_per_100k' AND area_code = 'E92000001' AND period_type = 'month' AND period_start = '2018-06-01'
       ), councils AS (
         SELECT v.*, e.value AS england_value FROM derived.metric_values AS v CROSS JOIN england AS e
         WHERE v.metric_id = 'delayed_days_per_100k' AND v.period_type = 'month' AND v.period_start = '2018-06-01'
           AND v.area_code ~ '^E(06|08|09|10)'
       )
       SELECT count(*) AS councils, count(*) FILTER (WHERE
         compared_to_england <> CASE WHEN upper_95 IS NULL THEN 'not_compared' WHEN upper_95 < england_value THEN 'better' WHEN lower_95 > england_value THEN 'worse' ELSE 'similar' END
         OR compared_to_england_998 <> CASE WHEN upper_998 IS NULL THEN 'not_compared' WHEN upper_998 < england_value THEN 'better' WHEN lower_998 > england_value THEN 'worse' ELSE 'similar' END
       ) AS mismatches FROM councils`,
    );
    expect(Number(rows[0]!.councils)).toBe(151);
    expect(Number(rows[0]!.mismatches)).toBe(0);
  });
});
