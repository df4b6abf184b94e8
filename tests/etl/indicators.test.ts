import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../../etl/src/lib/periods.js';
import { loadFile } from '../../etl/src/load.js';
import { indicators } from '../../etl/src/sources/indicators/index.js';
import { createTestDatabase, rowCounts, type TestDatabase } from '../support/database.js';
import { sharedFile } from '../support/paths.js';
import { csvRows, editCsv } from '../support/programme-metrics.js';
import { textFile } from '../support/workbooks.js';

const ADMISSIONS = sharedFile('ascof/trafford_admissions_care_homes_65p.csv');
const SATISFACTION = sharedFile('ascof/trafford_social_care_satisfaction.csv');
const ADMISSIONS_TEXT = fs.readFileSync(ADMISSIONS, 'utf8');

/** Fingertips' export header, as its 'Export data' CSV writes it (extra columns are ignored). */
const FINGERTIPS_HEADER =
  'Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,Category Type,Category,Time period,Value,' +
  'Lower CI 95.0 limit,Upper CI 95.0 limit,Lower CI 99.8 limit,Upper CI 99.8 limit,Count,Denominator,Value note,Recent Trend,' +
  'Compared to England value or percentiles,Compared to Region value or percentiles,Time period Sortable,New data,Compared to goal,Time period range';
const FINGERTIPS = [
  FINGERTIPS_HEADER,
  '22401,Emergency hospital admissions due to falls in people aged 65 and over,,,E92000001,England,England,Persons,65+ yrs,,,2019/20,2222,2209,2235,2200,2244,224000,10080000,,Cannot be calculated,Not compared,Not compared,20190000,,,1y',
  '22401,Emergency hospital admissions due to falls in people aged 65 and over,E92000001,England,E12000002,North West region,Region,Persons,65+ yrs,,,2019/20,2346.5,2310.1,2383.2,2290.3,2403.9,31500,1342000,,Cannot be calculated,Similar,Not compared,20190000,,,1y',
  '22401,Emergency hospital admissions due to falls in people aged 65 and over,E12000002,North West region,E08000009,Trafford,County & UA (4/19-3/20),Persons,65+ yrs,,,2019/20,1980.2,1850,2115,1790,2180.4,860,43430,,Cannot be calculated,Better,Similar,20190000,,,1y',
  '22401,Emergency hospital admissions due to falls in people aged 65 and over,E12000002,North West region,E06000009,Blackpool,County & UA (4/19-3/20),Persons,65+ yrs,,,2019/20,,,,,,,,Value suppressed for disclosure control due to small count,,,,20190000,,,1y',
  '90641,Delayed transfers of care,E12000002,North West region,E08000009,Trafford,County & UA (4/19-3/20),Persons,18+ yrs,,,Q1 2019/20,10.5,,,,,1940,184000,,,,,20190001,,,3m',
].join('\r\n');

describe('parsePeriod', () => {
  it.each([
    ['2019/20', '2019-04-01', '2020-03-31', 'financial_year'],
    ['2019-20', '2019-04-01', '2020-03-31', 'financial_year'],
    ['2019', '2019-01-01', '2019-12-31', 'calendar_year'],
    ['2017 - 19', '2017-01-01', '2019-12-31', 'calendar_years'],
    ['2016/17 - 18/19', '2016-04-01', '2019-03-31', 'financial_years'],
    ['Q1 2019/20', '2019-04-01', '2019-06-30', 'financial_quarter'],
    ['2019/20 Q4', '2020-01-01', '2020-03-31', 'financial_quarter'],
    ['2019 Q1', '2019-01-01', '2019-03-31', 'calendar_quarter'],
    ['Apr 2019', '2019-04-01', '2019-04-30', 'month'],
    ['February 2020', '2020-02-01', '2020-02-29', 'month'],
    ['2019-04', '2019-04-01', '2019-04-30', 'month'],
    ['Jan - Mar 2019', '2019-01-01', '2019-03-31', 'months'],
    ['Oct 2019 - Mar 2020', '2019-10-01', '2020-03-31', 'months'],
  ])("reads '%s' as %s to %s (%s)", (label, start, end, type) => {
    expect(parsePeriod(label)).toEqual({ start, end, type });
  });

  it.each(['2019/21', 'Q5 2019/20', 'Smarch 2019', '2019-13-01', 'soon'])("rejects '%s'", (label) => {
    expect(parsePeriod(label)).toBeNull();
  });
});

describe('indicators source', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('loads the tidy Trafford files with every published value, and NA kept as missing with its reason', async () => {
    for (const file of [ADMISSIONS, SATISFACTION]) {
      const published = csvRows(file);
      const result = await loadFile(db.client, indicators, file);
      expect(result.outcome).toBe('loaded');
      expect(result.rowCount).toBe(published.length);
      const { rows } = await db.client.query(
        `SELECT area_code, period_label, value::float AS value, missing_reason FROM marts.indicator_values WHERE load_id = $1`,
        [result.loadId],
      );
      for (const row of published) {
        const loaded = rows.find((r) => r.area_code === row.area_code && r.period_label === row.period)!;
        if (row.value === 'NA') expect(loaded).toMatchObject({ value: null, missing_reason: 'not available (NA)' });
        else expect(loaded.value).toBe(Number(row.value));
      }
    }
    expect(csvRows(ADMISSIONS)).toHaveLength(170);
    expect(csvRows(SATISFACTION)).toHaveLength(187);
  });

  it("gives England's 2019/20 admissions rate from the file with period dates", async () => {
    const england = csvRows(ADMISSIONS).find((r) => r.area_code === 'E92000001' && r.period === '2019/20')!;
    const { rows } = await db.client.query(
      `SELECT value::float AS value, period_start::text, period_end::text, period_type, sex FROM marts.indicator_values
       WHERE area_code = 'E92000001' AND period_label = '2019/20' AND indicator_name LIKE 'Permanent admissions%'`,
    );
    expect(rows).toEqual([
      {
        value: Number(england.value),
        period_start: '2019-04-01',
        period_end: '2020-03-31',
        period_type: 'financial_year',
        sex: 'persons',
      },
    ]);
  });

  it('adds nothing when the same file is loaded twice', async () => {
    const before = await rowCounts(db.client);
    expect((await loadFile(db.client, indicators, ADMISSIONS)).outcome).toBe('already loaded');
    expect(await rowCounts(db.client)).toEqual(before);
  });

  it('replaces only the indicator × periods a revised file holds, leaving other indicators and their loads alone', async () => {
    const satisfactionBefore = await db.client.query(
      "SELECT count(*)::int AS n FROM raw.indicator_values WHERE indicator_name LIKE 'Social Care%'",
    );
    const revised = textFile('trafford_admissions_care_homes_65p.csv', editCsv(ADMISSIONS_TEXT, 8, 'value', '700.1'));
    const before = await rowCounts(db.client);
    const result = await loadFile(db.client, indicators, revised);
    expect(result.outcome).toBe('loaded');
    // Every figure of the revised indicator is replaced (and kept for a revert); the other indicator's are not.
    expect(await rowCounts(db.client)).toEqual({
      ...before,
      loads: before.loads! + 1,
      replaced_rows: before.replaced_rows! + before.indicator_values! - satisfactionBefore.rows[0].n,
    });
    const { rows } = await db.client.query(
      "SELECT value::float AS value FROM marts.indicator_values WHERE area_code = 'E92000001' AND period_label = '2014/15' AND indicator_name LIKE 'Permanent%'",
    );
    expect(rows).toEqual([{ value: 700.1 }]);
    const satisfactionAfter = await db.client.query(
      "SELECT count(*)::int AS n FROM raw.indicator_values WHERE indicator_name LIKE 'Social Care%'",
    );
    expect(satisfactionAfter.rows[0].n).toBe(satisfactionBefore.rows[0].n);
    const { rows: loads } = await db.client.query(
      "SELECT file_name, superseded_by IS NOT NULL AS superseded FROM raw.loads WHERE source = 'indicators' ORDER BY load_id",
    );
    expect(loads).toEqual([
      { file_name: 'trafford_admissions_care_homes_65p.csv', superseded: true },
      { file_name: 'trafford_social_care_satisfaction.csv', superseded: false },
      { file_name: 'trafford_admissions_care_homes_65p.csv', superseded: false },
    ]);
  });

  it("loads a Fingertips export: CIs, counts, the value note as the missing value's reason, quarters", async () => {
    const result = await loadFile(db.client, indicators, textFile('fingertips-export.csv', `\uFEFF${FINGERTIPS}\r\n`));
    expect(result.rowCount).toBe(5);
    const { rows } = await db.client.query(
      `SELECT indicator_id, area_code, sex, age, period_start::text, period_type, value::float, lower_ci_95::float, upper_ci_99_8::float,
              count::float, denominator::float, missing_reason
       FROM marts.indicator_values WHERE load_id = $1 ORDER BY area_code, indicator_id`,
      [result.loadId],
    );
    expect(rows.find((r) => r.area_code === 'E08000009' && r.indicator_id === '22401')).toEqual({
      indicator_id: '22401',
      area_code: 'E08000009',
      sex: 'persons',
      age: '65+ yrs',
      period_start: '2019-04-01',
      period_type: 'financial_year',
      value: 1980.2,
      lower_ci_95: 1850,
      upper_ci_99_8: 2180.4,
      count: 860,
      denominator: 43430,
      missing_reason: null,
    });
    expect(rows.find((r) => r.area_code === 'E06000009')).toMatchObject({
      value: null,
      missing_reason: 'Value suppressed for disclosure control due to small count',
    });
    expect(rows.find((r) => r.indicator_id === '90641')).toMatchObject({
      period_start: '2019-04-01',
      period_type: 'financial_quarter',
    });
  });

  describe('bad input leaves the warehouse as it was', () => {
    const fingertips = (line: number, column: string, value: string) =>
      textFile('fingertips.csv', editCsv(FINGERTIPS, line, column, value));
    const cases: { name: string; file: () => string; message: RegExp }[] = [
      { name: 'an empty file', file: () => textFile('local.csv', ''), message: /local\.csv: the file is empty/ },
      {
        name: 'a header only',
        file: () => textFile('local.csv', `${FINGERTIPS_HEADER}\n`),
        message: /local\.csv: the file holds no rows with a period/,
      },
      {
        name: 'a renamed header',
        file: () => textFile('fingertips.csv', FINGERTIPS.replace(',Time period,', ',Period of time,')),
        message: /fingertips\.csv, row 1: missing column 'Time period' in the header of a Fingertips export/,
      },
      {
        name: 'text in a number field',
        file: () => fingertips(3, 'Value', 'about 2300'),
        message:
          /fingertips\.csv, row 3, column Value: expected a number or a missing-value marker .* found 'about 2300'/,
      },
      {
        name: 'a negative count',
        file: () => fingertips(4, 'Count', '-860'),
        message: /fingertips\.csv, row 4, column Count: expected a count of 0 or more, found -860/,
      },
      {
        name: 'an unknown area code',
        file: () => fingertips(4, 'Area Code', 'E08000999'),
        message: /fingertips\.csv, row 4, column Area Code: unknown area code 'E08000999'/,
      },
      {
        name: 'an unreadable period',
        file: () => fingertips(2, 'Time period', 'last year'),
        message: /fingertips\.csv, row 2, column Time period: unrecognised period 'last year'/,
      },
      {
        name: 'duplicate rows',
        file: () => textFile('fingertips.csv', `${FINGERTIPS}\r\n${FINGERTIPS.split('\r\n')[3]}\r\n`),
        message:
          /fingertips\.csv, row 7: duplicate row: the same indicator, area, sex, age, category, measure and period as row 4/,
      },
      {
        name: 'a truncated file',
        file: () => textFile('trafford.csv', ADMISSIONS_TEXT.slice(0, Math.floor(ADMISSIONS_TEXT.length / 2))),
        message: /trafford\.csv, row \d+: (\d fields where the header has 7|not valid CSV: Quote Not Closed)/,
      },
      {
        name: 'a workbook',
        file: () => sharedFile('ascof/meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx'),
        message: /meas-from-asc-of-eng-2021-open-data-csv_v2\.xlsx: not a CSV text file/,
      },
      {
        name: 'a file of another source',
        file: () => sharedFile('bcf/hf_bcf_intermediate_care_by_la_2023-24.csv'),
        message:
          /hf_bcf_intermediate_care_by_la_2023-24\.csv, row 1: not an indicators file: expected Fingertips' export columns/,
      },
    ];
    it.each(cases)('$name', async ({ file, message }) => {
      const before = await rowCounts(db.client);
      await expect(loadFile(db.client, indicators, file())).rejects.toThrow(message);
      expect(await rowCounts(db.client)).toEqual(before);
    });
  });
});
