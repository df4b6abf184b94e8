import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crudeRate, proportion } from '../../etl/src/statistics/index.js';
import { loadAll } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { sharedFile } from '../support/paths.js';
import { tempDir } from '../support/workbooks.js';
import { expectLimitsOf, metricRow, metricRows, relative } from './metric-rows.js';

// The ASCOF metrics (2A(1), 2A(2), 2B(1), 3A) of 2020-21 against NHS Digital's open-data workbook re-read with
// SheetJS, and 3A's second source, the Trafford comparator series, against its CSV: the figures from the published
// numerators and denominators by hand, the limits those of the statistics module for those counts.

const ASCOF_2020_21 = sharedFile('ascof/meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx');
const SATISFACTION_SERIES = sharedFile('ascof/trafford_social_care_satisfaction.csv');
const YEAR = '2020-04-01';

const TRAFFORD = 'E08000009';
const WEST_SUSSEX = 'E10000032';
const KENT = 'E10000016';
const HACKNEY = 'E09000012';
const CHESHIRE_EAST = 'E06000049';
const BEXLEY = 'E09000004';
const WINDSOR_AND_MAIDENHEAD = 'E06000040';
const NORTH_EAST = 'E12000001';
const LONDON = 'E12000007';
const ENGLAND = 'E92000001';

/** The open-data workbook's cells by ONS code, measure code and measure type (disaggregation Total). */
function publishedAscof(file: string) {
  const workbook = XLSX.read(fs.readFileSync(file));
  const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(workbook.Sheets[workbook.SheetNames[0]!]!, {
    defval: null,
  });
  const cells = new Map<string, unknown>();
  for (const row of rows) {
    if (row['Disaggregation Level'] !== 'Total' || row['ONS Code'] === null) continue;
    cells.set(`${row['ONS Code']}|${row['ASCOF Measure Code']}|${row['Measure Type']}`, row['Measure Value']);
  }
  return {
    cell: (area: string, code: string, type: string) => cells.get(`${area}|${code}|${type}`),
    number(area: string, code: string, type: string): number {
      const value = cells.get(`${area}|${code}|${type}`);
      if (typeof value !== 'number') throw new Error(`${area} ${code} ${type}: not a number (${value})`);
      return value;
    },
  };
}

/** The Trafford series as published: value (or null for NA) by area code and period label ('2019/20'). */
function publishedSeries(file: string): Map<string, number | null> {
  const records = parse(fs.readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
  return new Map(records.map((r) => [`${r.area_code}|${r.period}`, r.value === 'NA' ? null : Number(r.value)]));
}

describe('metrics: ASCOF and the Trafford satisfaction series', () => {
  let db: TestDatabase;
  const ascof = publishedAscof(ASCOF_2020_21);
  const series = publishedSeries(SATISFACTION_SERIES);
  let renumbered: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    // A 2023-24 file in the open data's long format, after the renumbering (2A(1) → 2B, 2A(2) → 2C): Trafford's
    // two measures under their new codes, and Kent under the old 65+ code, which 2023-24 no longer uses for it.
    renumbered = path.join(tempDir(), 'ascof-2023-24.csv');
    fs.writeFileSync(
      renumbered,
      [
        'Year,Geographical Code,Geographical Description,Geographical Level,ONS Code,ASCOF Measure Code,Disaggregation Level,Measure Type,Measure Value',
        `2023-24,312,Trafford,Council,${TRAFFORD},2C,Total,Numerator,270`,
        `2023-24,312,Trafford,Council,${TRAFFORD},2C,Total,Denominator,42000`,
        `2023-24,312,Trafford,Council,${TRAFFORD},2C,Total,Outcome,642.9`,
        `2023-24,312,Trafford,Council,${TRAFFORD},2B,Total,Numerator,15`,
        `2023-24,312,Trafford,Council,${TRAFFORD},2B,Total,Denominator,140000`,
        `2023-24,312,Trafford,Council,${TRAFFORD},2B,Total,Outcome,10.7`,
        `2023-24,886,Kent,Council,${KENT},2A2,Total,Numerator,300`,
        `2023-24,886,Kent,Council,${KENT},2A2,Total,Denominator,400`,
        `2023-24,886,Kent,Council,${KENT},2A2,Total,Outcome,75.0`,
        '',
      ].join('\n'),
    );
    await loadAll([
      ['lookups', sharedFile('lookups/Local_Authority_District_to_Region_(April_2019)_Lookup_in_England.csv')],
      ['lookups', sharedFile('lookups/LTLA19_to_UTLA19_Apr2019_lookup_EW.csv')],
      ['ascof', ASCOF_2020_21],
      ['ascof', renumbered],
      ['indicators', SATISFACTION_SERIES],
    ] as const);
  }, 300_000);
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    await db.drop();
  });

  const year = (id: string, area: string, start = YEAR) => metricRow(db.client, id, area, 'financial_year', start);

  it.each([
    ['permanent_admissions_65_per_100k', '2A2', [TRAFFORD, WEST_SUSSEX, KENT, NORTH_EAST, ENGLAND]],
    ['permanent_admissions_18_64_per_100k', '2A1', [TRAFFORD, WEST_SUSSEX, KENT, NORTH_EAST, ENGLAND]],
  ])('gives %s (ASCOF %s) from the published numerator and denominator', async (id, code, areas) => {
    for (const area of areas) {
      const numerator = ascof.number(area, code, 'Numerator');
      const denominator = ascof.number(area, code, 'Denominator');
      const row = await year(id, area);
      expect(row.area_basis, area).toBe('published');
      expect([row.numerator, row.denominator], area).toEqual([numerator, denominator]);
      expect(relative(row.value!, (100_000 * numerator) / denominator), area).toBeLessThan(1e-12);
      // The published outcome is the same rate rounded to one decimal.
      expect(Math.abs(row.value! - ascof.number(area, code, 'Outcome')), area).toBeLessThanOrEqual(0.05 + 1e-9);
      expectLimitsOf(row, crudeRate(numerator, denominator, { multiplier: 100_000 }));
    }
  });

  it('gives exact Poisson limits to a council with fewer than 10 younger adults admitted', async () => {
    const { rows } = await db.client.query<{ area_code: string; value: string }>(
      `SELECT area_code, value FROM raw.ascof_values
       WHERE measure_code = '2A1' AND disaggregation = 'Total' AND measure_type = 'Numerator'
         AND geographical_level = 'Council' AND value < 10 ORDER BY area_code LIMIT 1`,
    );
    const area = rows[0]!.area_code;
    const [numerator, denominator] = [ascof.number(area, '2A1', 'Numerator'), ascof.number(area, '2A1', 'Denominator')];
    expect(numerator).toBeLessThan(10);
    const row = await year('permanent_admissions_18_64_per_100k', area);
    const limits = crudeRate(numerator, denominator, { multiplier: 100_000 });
    expect(limits.method).toBe('Exact');
    expectLimitsOf(row, limits);
  });

  it('gives Hackney (figures withheld, [x]) no rate and the reason, and London as published', async () => {
    expect(ascof.cell(HACKNEY, '2A2', 'Numerator')).toBe('[x]');
    const hackney = await year('permanent_admissions_65_per_100k', HACKNEY);
    expect([hackney.value, hackney.numerator, hackney.lower_95]).toEqual([null, null, null]);
    expect(hackney.value_note).toContain('[x]');
    expect(hackney.compared_to_england).toBe('not_compared');
    const london = await year('permanent_admissions_65_per_100k', LONDON);
    expect(london.area_basis).toBe('published');
    expect(london.numerator).toBe(ascof.number(LONDON, '2A2', 'Numerator'));
  });

  it('gives the reablement percentage (ASCOF 2B(1)) with Wilson limits from the published counts', async () => {
    for (const area of [TRAFFORD, WEST_SUSSEX, KENT, NORTH_EAST, ENGLAND]) {
      const numerator = ascof.number(area, '2B1', 'Numerator');
      const denominator = ascof.number(area, '2B1', 'Denominator');
      const row = await year('reablement_91_days_percent', area);
      expect([row.numerator, row.denominator], area).toEqual([numerator, denominator]);
      expect(relative(row.value!, (100 * numerator) / denominator), area).toBeLessThan(1e-12);
      expect(Math.abs(row.value! - ascof.number(area, '2B1', 'Outcome')), area).toBeLessThanOrEqual(0.05 + 1e-9);
      expectLimitsOf(row, proportion(numerator, denominator, { multiplier: 100 }));
    }
    // Cheshire East published an empty cohort (0 of 0) and withheld the outcome: no figure, both reasons.
    expect([ascof.cell(CHESHIRE_EAST, '2B1', 'Denominator'), ascof.cell(CHESHIRE_EAST, '2B1', 'Outcome')]).toEqual([
      0,
      '[x]',
    ]);
    const cheshireEast = await year('reablement_91_days_percent', CHESHIRE_EAST);
    expect(cheshireEast.value).toBeNull();
    expect(cheshireEast.value_note).toMatch(/denominator is 0.*\[x\]/);
  });

  it.each([
    ['permanent_admissions_65_per_100k', 'low_is_good'],
    ['reablement_91_days_percent', 'high_is_good'],
  ])('compares every council with England by the interval rule (%s, %s)', async (id, polarity) => {
    const [below, above] = polarity === 'low_is_good' ? ['better', 'worse'] : ['worse', 'better'];
    const { rows } = await db.client.query<{ councils: string; compared: string; mismatches: string }>(
      `WITH england AS (
         SELECT value FROM derived.metric_values
         WHERE metric_id = $1 AND area_code = 'E92000001' AND period_type = 'financial_year' AND period_start = $2
       )
       SELECT count(*) AS councils, count(*) FILTER (WHERE v.upper_95 IS NOT NULL) AS compared,
         count(*) FILTER (WHERE v.compared_to_england <> CASE
           WHEN v.upper_95 IS NULL THEN 'not_compared' WHEN v.upper_95 < e.value THEN $3
           WHEN v.lower_95 > e.value THEN $4 ELSE 'similar' END) AS mismatches
       FROM derived.metric_values AS v CROSS JOIN england AS e
       WHERE v.metric_id = $1 AND v.period_type = 'financial_year' AND v.period_start = $2
         AND v.area_code ~ '^E(06|08|09|10)'`,
      [id, YEAR, below, above],
    );
    expect(Number(rows[0]!.councils)).toBe(151);
    expect(Number(rows[0]!.compared)).toBeGreaterThan(140);
    expect(Number(rows[0]!.mismatches)).toBe(0);
  });

  it('takes the renumbered codes from 2023-24 (2C for 65+, 2B for 18-64), and not the old code in those years', async () => {
    const older = await year('permanent_admissions_65_per_100k', TRAFFORD, '2023-04-01');
    expect([older.numerator, older.denominator]).toEqual([270, 42000]);
    expectLimitsOf(older, crudeRate(270, 42000, { multiplier: 100_000 }));
    const younger = await year('permanent_admissions_18_64_per_100k', TRAFFORD, '2023-04-01');
    expect([younger.numerator, younger.denominator]).toEqual([15, 140000]);
    expect(
      await metricRows(db.client, 'permanent_admissions_65_per_100k', KENT, 'financial_year', '2023-04-01'),
    ).toEqual([]);
    // The codes as the definitions record them.
    const { rows } = await db.client.query<{ metric_id: string; codes: string }>(
      `SELECT metric_id, codes FROM derived.metric_definitions WHERE metric_id LIKE 'permanent_admissions_%' ORDER BY 1`,
    );
    expect(rows).toEqual([
      { metric_id: 'permanent_admissions_18_64_per_100k', codes: 'ASCOF 2A(1), ASCOF 2B' },
      { metric_id: 'permanent_admissions_65_per_100k', codes: 'ASCOF 2A(2), ASCOF 2C' },
    ]);
  });

  describe('satisfaction (ASCOF 3A, then the Trafford series)', () => {
    const id = 'social_care_satisfaction_percent';

    it("gives ASCOF's outcome with 95% limits of the outcome ± its margin of error, and no 99.8% limits", async () => {
      for (const area of [BEXLEY, WINDSOR_AND_MAIDENHEAD]) {
        const outcome = ascof.number(area, '3A', 'Outcome');
        const margin = ascof.number(area, '3A', 'Margin Of Error');
        const row = await year(id, area);
        expect(row.value, area).toBe(outcome);
        expect(row.lower_95!, area).toBeCloseTo(outcome - margin, 9);
        expect(row.upper_95!, area).toBeCloseTo(outcome + margin, 9);
        expect([row.lower_998, row.upper_998], area).toEqual([null, null]);
        expect(row.value_note, area).toBeNull();
      }
    });

    it('prefers ASCOF where both sources give the area and year', async () => {
      // Bexley and Windsor and Maidenhead ran the survey in 2020-21: both sources have them, the same figure.
      expect(series.get(`${BEXLEY}|2020/21`)).toBe(ascof.number(BEXLEY, '3A', 'Outcome'));
      expect((await year(id, BEXLEY)).lower_95).not.toBeNull();
      // Trafford did not: ASCOF withholds it ([x]) and the series has NA; ASCOF's reason is the one kept.
      expect([ascof.cell(TRAFFORD, '3A', 'Outcome'), series.get(`${TRAFFORD}|2020/21`)]).toEqual(['[x]', null]);
      const trafford = await year(id, TRAFFORD);
      expect(trafford.value).toBeNull();
      expect(trafford.value_note).toContain('[x]');
    });

    it('gives the series as published where ASCOF has no row, without limits', async () => {
      for (const [area, label, start] of [
        [TRAFFORD, '2019/20', '2019-04-01'],
        [BEXLEY, '2014/15', '2014-04-01'],
        [ENGLAND, '2023/24', '2023-04-01'],
      ] as const) {
        const row = await year(id, area, start);
        expect(row.value, `${area} ${label}`).toBe(series.get(`${area}|${label}`));
        expect([row.lower_95, row.upper_95, row.lower_998, row.upper_998]).toEqual([null, null, null, null]);
        expect(row.value_note).toMatch(/Trafford comparator series/);
        expect(row.compared_to_england).toBe('not_compared');
      }
    });

    it('gives every area and year of the two sources once', async () => {
      const { rows } = await db.client.query<{ n: string }>(
        `SELECT count(*) AS n FROM derived.metric_values WHERE metric_id = $1 AND period_type = 'financial_year'`,
        [id],
      );
      const { rows: ascofAreas } = await db.client.query<{ n: string }>(
        `SELECT count(*) AS n FROM raw.ascof_values
         WHERE measure_code = '3A' AND disaggregation = 'Total' AND measure_type = 'Outcome' AND area_code IS NOT NULL`,
      );
      const seriesOnly = [...series.keys()].filter((key) => !key.endsWith('|2020/21')).length;
      const seriesIn2020 = [...series.keys()].filter((key) => key.endsWith('|2020/21')).length;
      // Every 2020-21 area of the series is also in ASCOF's 2020-21 (its councils and England).
      expect(seriesIn2020).toBe(17);
      expect(Number(rows[0]!.n)).toBe(Number(ascofAreas[0]!.n) + seriesOnly);
    });
  });
});
