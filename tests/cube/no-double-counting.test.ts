import fs from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/src/commands/load.js';
import { cubeLoad, signToken } from '../support/cube-client.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { loadCouncilLookups, marFile, publishedMar } from '../support/mar.js';
import { sharedFile } from '../support/paths.js';
import { publishedAscof } from '../support/programme-metrics.js';
import { type RunningApp, startApp } from '../support/server.js';
import { publishedEnglandDays, sitrepFile } from '../support/sitrep.js';
import { textFile } from '../support/workbooks.js';

// No additive measure counts anyone twice when a dimension is left out: rows that overlap (persons beside males and
// females, overlapping age bands, England beside its councils, a measure's variants, a total beside its parts) are
// either never added up together or the measure answers null. Expected figures are read from the published files.

const SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
const MID_2018 = sharedFile('population/ukmidyearestimates20182019ladcodes.xls');
// ONS's mid-2019 estimates on April 2020 codes: the newest UK workbook among the shared files.
const MID_2019 = sharedFile('population/ukmidyearestimates20192020ladcodes.xls');
const DTOC_JUNE_2018 = sharedFile('dtoc/dtoc-la-2018-06.xls');
const MAR_JUNE_2019 = marFile('2019-06');
const SITREP_JANUARY_2024 = sitrepFile('january2024');
const ASCOF = sharedFile('ascof/meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx');
const BCF = sharedFile('bcf/hf_bcf_intermediate_care_by_la_2023-24.csv');
const ENGLAND = 'E92000001';

// A Fingertips export with persons beside males and females for England, and two councils.
const FINGERTIPS = textFile(
  'fingertips-falls.csv',
  `${[
    'Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,Category Type,Category,Time period,Value,Count,Denominator',
    '22401,Falls 65+,,,E92000001,England,England,Persons,65+ yrs,,,2019/20,2222.2,224000,10080000',
    '22401,Falls 65+,,,E92000001,England,England,Male,65+ yrs,,,2019/20,2222.2,100000,4500000',
    '22401,Falls 65+,,,E92000001,England,England,Female,65+ yrs,,,2019/20,2222.2,124000,5580000',
    '22401,Falls 65+,E12000002,North West region,E08000009,Trafford,County & UA (4/19-3/20),Persons,65+ yrs,,,2019/20,1980.2,860,43430',
    '22401,Falls 65+,E12000002,North West region,E06000009,Blackpool,County & UA (4/19-3/20),Persons,65+ yrs,,,2019/20,2100.3,620,29520',
  ].join('\n')}\n`,
);

const workbooks = new Map<string, XLSX.WorkBook>();
const readWorkbook = (file: string) => {
  if (!workbooks.has(file)) workbooks.set(file, XLSX.read(fs.readFileSync(file)));
  return workbooks.get(file)!;
};

/** An ONS MYE2 sheet read with SheetJS: people of an area aged `from` to `to` (90 = 90 and over). */
function publishedPeople(file: string, sheetName: string, areaCode: string, from = 0, to = 90): number {
  const rows = XLSX.utils.sheet_to_json<unknown[]>(readWorkbook(file).Sheets[sheetName]!, { header: 1, defval: null });
  const header = rows.find((row) => row[0] === 'Code')!;
  const row = rows.find((r) => r[0] === areaCode)!;
  let people = 0;
  header.forEach((label, column) => {
    const age = typeof label === 'number' ? label : label === '90+' ? 90 : undefined;
    if (age !== undefined && age >= from && age <= to) people += row[column] as number;
  });
  return people;
}

/** The ages a band label stands for: '18-64', '65+', '90+', 'All ages'. */
function bandAges(band: string): [number, number] {
  if (band === 'All ages') return [0, 90];
  const [, from, to] = /^(\d+)(?:-(\d+)|\+)$/.exec(band)!;
  return [Number(from), to === undefined ? 90 : Number(to)];
}

/** The councils' delayed days on the type-of-care sheet of a DToC workbook (England and pseudo-areas left out). */
function publishedCouncilDelayedDays(file: string): number {
  const rows = XLSX.utils.sheet_to_json<unknown[]>(readWorkbook(file).Sheets['LA - by type of care']!, {
    header: 1,
    defval: null,
  });
  const header = rows.find((row) => row.includes('ONS Geography') && row.includes('Total'))!;
  const [code, total] = [header.indexOf('ONS Geography'), header.indexOf('Total')];
  return rows
    .filter((row) => /^E(06|08|09|10)\d{6}$/.test(String(row[code] ?? '')))
    .reduce((sum, row) => sum + (row[total] as number), 0);
}

describe('no additive measure counts the same people twice', () => {
  let db: TestDatabase;
  let app: RunningApp;
  const query = async (body: object) => {
    const { status, body: result } = await cubeLoad(app.url, signToken(SECRET), body);
    expect(status, JSON.stringify(result)).toBe(200);
    return result.data as Record<string, string | null>[];
  };
  const one = async (body: object, member: string) => {
    const rows = await query(body);
    expect(rows).toHaveLength(1);
    const value = rows[0]![member];
    return value === null || value === undefined ? null : Number(value);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadCouncilLookups(db.client);
    const log: string[] = [];
    const loads: [string, string[]][] = [
      ['population', [MID_2018, MID_2019]],
      ['dtoc', [DTOC_JUNE_2018]],
      ['mar', [MAR_JUNE_2019]],
      ['sitrep', [SITREP_JANUARY_2024]],
      ['ascof', [ASCOF]],
      ['plans', [BCF]],
      ['indicators', [FINGERTIPS]],
    ];
    for (const [source, files] of loads)
      expect(await loadFiles(db.client, { source, files }, (line) => log.push(line)), log.join('\n')).toBe(0);
    app = await startApp({ DATABASE_URL: db.url, CUBEJS_API_SECRET: SECRET });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  describe('population', () => {
    const england = (year: number, extra: { dimensions?: string[]; filters?: object[] } = {}) => ({
      measures: ['population.people'],
      dimensions: extra.dimensions ?? [],
      timeDimensions: [{ dimension: 'population.year', dateRange: [`${year}-01-01`, `${year}-12-31`] }],
      filters: [{ member: 'population.area_code', operator: 'equals', values: [ENGLAND] }, ...(extra.filters ?? [])],
    });

    it('counts England once without a sex filter: the published persons figure (mid-2019 56,286,961, mid-2018 55,977,178)', async () => {
      const persons2019 = publishedPeople(MID_2019, 'MYE2 - Persons', ENGLAND);
      expect(persons2019).toBe(56_286_961);
      expect(await one(england(2019), 'population.people')).toBe(persons2019);
      const persons2018 = publishedPeople(MID_2018, 'MYE2-All', ENGLAND);
      expect(persons2018).toBe(55_977_178);
      expect(await one(england(2018), 'population.people')).toBe(persons2018);
    });

    it('gives persons, males and females each their own published total, and persons when filtered', async () => {
      const rows = await query(england(2019, { dimensions: ['population.sex'] }));
      expect(Object.fromEntries(rows.map((r) => [r['population.sex'], Number(r['population.people'])]))).toEqual({
        persons: publishedPeople(MID_2019, 'MYE2 - Persons', ENGLAND),
        male: publishedPeople(MID_2019, 'MYE2 - Males', ENGLAND),
        female: publishedPeople(MID_2019, 'MYE2 - Females', ENGLAND),
      });
      const filtered = england(2019, {
        filters: [{ member: 'population.sex', operator: 'equals', values: ['persons'] }],
      });
      expect(await one(filtered, 'population.people')).toBe(publishedPeople(MID_2019, 'MYE2 - Persons', ENGLAND));
    });

    it('gives each age band its people once when grouped by band, without a band set or a sex', async () => {
      const rows = await query(england(2019, { dimensions: ['population.age_band', 'population.age_band_set'] }));
      expect(rows).toHaveLength(27);
      for (const row of rows) {
        const [from, to] = bandAges(row['population.age_band']!);
        expect(Number(row['population.people']), row['population.age_band']!).toBe(
          publishedPeople(MID_2019, 'MYE2 - Persons', ENGLAND, from, to),
        );
      }
      const bySet = await query(england(2019, { dimensions: ['population.age_band_set'] }));
      for (const row of bySet) expect(Number(row['population.people'])).toBe(56_286_961);
    });

    it('gives males by age band as published', async () => {
      const rows = await query(
        england(2019, {
          dimensions: ['population.age_band'],
          filters: [
            { member: 'population.sex', operator: 'equals', values: ['male'] },
            { member: 'population.age_band', operator: 'equals', values: ['65+', '85+'] },
          ],
        }),
      );
      expect(Object.fromEntries(rows.map((r) => [r['population.age_band'], Number(r['population.people'])]))).toEqual({
        '65+': publishedPeople(MID_2019, 'MYE2 - Males', ENGLAND, 65),
        '85+': publishedPeople(MID_2019, 'MYE2 - Males', ENGLAND, 85),
      });
    });

    it('adds up areas of one level only: the councils give the UK, and every level at once gives null, not a multiple', async () => {
      const year = { dimension: 'population.year', dateRange: ['2019-01-01', '2019-12-31'] };
      const councils = await one(
        {
          measures: ['population.people'],
          timeDimensions: [year],
          filters: [{ member: 'population.area_level', operator: 'equals', values: ['council'] }],
        },
        'population.people',
      );
      expect(councils).toBe(publishedPeople(MID_2019, 'MYE2 - Persons', 'K02000001'));
      expect(await one({ measures: ['population.people'], timeDimensions: [year] }, 'population.people')).toBeNull();
      const englandAndWales = await one(
        {
          measures: ['population.people'],
          timeDimensions: [year],
          filters: [{ member: 'population.area_code', operator: 'equals', values: [ENGLAND, 'W92000004'] }],
        },
        'population.people',
      );
      expect(englandAndWales).toBe(publishedPeople(MID_2019, 'MYE2 - Persons', 'K04000001'));
    });

    it('never adds mid-years together: null without a year, each year its own when grouped by year', async () => {
      const area = [{ member: 'population.area_code', operator: 'equals', values: [ENGLAND] }];
      expect(await one({ measures: ['population.people'], filters: area }, 'population.people')).toBeNull();
      const rows = await query({
        measures: ['population.people'],
        timeDimensions: [{ dimension: 'population.year', granularity: 'year' }],
        filters: area,
      });
      expect(Object.fromEntries(rows.map((r) => [r['population.year.year'], Number(r['population.people'])]))).toEqual({
        '2018-01-01T00:00:00.000': 55_977_178,
        '2019-01-01T00:00:00.000': 56_286_961,
      });
    });
  });

  describe('delayed_transfers', () => {
    const june2018 = (filters: object[] = [], measures = ['delayed_transfers.delayed_days']) => ({
      measures,
      timeDimensions: [{ dimension: 'delayed_transfers.period', dateRange: ['2018-06-01', '2018-06-30'] }],
      filters,
    });

    it('does not add England to its councils: null over both, the councils when England is filtered out', async () => {
      const rows = await query(
        june2018(
          [],
          [
            'delayed_transfers.delayed_days',
            'delayed_transfers.population_18_plus',
            'delayed_transfers.delayed_days_per_100k',
          ],
        ),
      );
      expect(rows).toEqual([
        {
          'delayed_transfers.delayed_days': null,
          'delayed_transfers.population_18_plus': null,
          'delayed_transfers.delayed_days_per_100k': null,
        },
      ]);
      const councils = await one(
        june2018([{ member: 'delayed_transfers.area_type', operator: 'notEquals', values: ['country'] }]),
        'delayed_transfers.delayed_days',
      );
      expect(councils).toBe(publishedCouncilDelayedDays(DTOC_JUNE_2018));
      const byLevel = await query({ ...june2018(), dimensions: ['delayed_transfers.area_level'] });
      expect(
        Object.fromEntries(
          byLevel.map((r) => [r['delayed_transfers.area_level'], Number(r['delayed_transfers.delayed_days'])]),
        ),
      ).toEqual({ england: 135_088, council: publishedCouncilDelayedDays(DTOC_JUNE_2018) });
    });

    it("has no 'total' category among the breakdowns: England's reasons add up to its published total", async () => {
      const england = [{ member: 'delayed_transfers.area_code', operator: 'equals', values: [ENGLAND] }];
      const measures = [
        'delayed_transfers.delayed_days',
        'delayed_transfers.delayed_days_by_reason',
        'delayed_transfers.delayed_days_by_responsible_org',
      ];
      const [row] = await query(june2018(england, measures));
      expect(row).toEqual({
        'delayed_transfers.delayed_days': '135088',
        'delayed_transfers.delayed_days_by_reason': '135088',
        'delayed_transfers.delayed_days_by_responsible_org': '135088',
      });
    });
  });

  describe('admissions', () => {
    const june2019 = (filters: object[] = []) => ({
      measures: ['admissions.non_elective_admissions', 'admissions.elective_admissions'],
      timeDimensions: [{ dimension: 'admissions.period', dateRange: ['2019-06-01', '2019-06-30'] }],
      filters,
    });

    it('does not add England, its commissioners and the councils apportioned from them together', async () => {
      expect(await query(june2019())).toEqual([
        { 'admissions.non_elective_admissions': null, 'admissions.elective_admissions': null },
      ]);
      const { england } = publishedMar(MAR_JUNE_2019);
      const commissioners = await query(
        june2019([
          { member: 'admissions.basis', operator: 'equals', values: ['published'] },
          { member: 'admissions.area_type', operator: 'notEquals', values: ['england'] },
        ]),
      );
      expect(commissioners.map((r) => Number(r['admissions.non_elective_admissions']))).toEqual([england.nonElective]);
      expect(commissioners.map((r) => Number(r['admissions.elective_admissions']))).toEqual([england.elective]);
    });
  });

  describe('discharge_delays', () => {
    it('does not add England, its regions, ICBs and trusts together; the regions add up to England', async () => {
      const january = (filters: object[] = []) => ({
        measures: ['discharge_delays.patients_remaining', 'discharge_delays.patients_discharged_total'],
        timeDimensions: [{ dimension: 'discharge_delays.date', dateRange: ['2024-01-01', '2024-01-31'] }],
        filters,
      });
      expect(await query(january())).toEqual([
        { 'discharge_delays.patients_remaining': null, 'discharge_delays.patients_discharged_total': null },
      ]);
      const days = [...publishedEnglandDays(SITREP_JANUARY_2024).values()];
      const [regions] = await query(
        january([{ member: 'discharge_delays.area_type', operator: 'equals', values: ['nhs region'] }]),
      );
      expect(Number(regions!['discharge_delays.patients_remaining'])).toBeCloseTo(
        days.reduce((sum, d) => sum + d.remaining, 0) / days.length,
        6,
      );
      expect(Number(regions!['discharge_delays.patients_discharged_total'])).toBe(
        days.reduce((sum, d) => sum + d.discharged, 0),
      );
    });
  });

  describe('ascof', () => {
    it("does not add up a measure's variants (2B1, 2B1F, 2B1M, 2B16574 …) or other measures: one code, one level", async () => {
      const england = { member: 'ascof.area_code', operator: 'equals', values: [ENGLAND] };
      expect(await one({ measures: ['ascof.numerator'], filters: [england] }, 'ascof.numerator')).toBeNull();
      const family = {
        member: 'ascof.measure_code',
        operator: 'equals',
        values: ['2B1', '2B1F', '2B1M', '2B16574', '2B17584', '2B185OV'],
      };
      expect(
        await one({ measures: ['ascof.denominator'], filters: [england, family] }, 'ascof.denominator'),
      ).toBeNull();
      const rows = await query({
        measures: ['ascof.numerator', 'ascof.denominator'],
        dimensions: ['ascof.measure_code'],
        filters: [england, family],
        order: { 'ascof.measure_code': 'asc' },
      });
      expect(rows).toHaveLength(6);
      for (const row of rows) {
        const code = row['ascof.measure_code']!;
        expect(Number(row['ascof.numerator']), code).toBe(Number(publishedAscof(ASCOF, code, 'Numerator')));
        expect(Number(row['ascof.denominator']), code).toBe(Number(publishedAscof(ASCOF, code, 'Denominator')));
      }
    });
  });

  describe('indicator_values', () => {
    const indicator = { member: 'indicator_values.indicator_id', operator: 'equals', values: ['22401'] };

    it('does not add persons to males and females, nor England to its councils', async () => {
      const measures = ['indicator_values.count', 'indicator_values.denominator'];
      const england = { member: 'indicator_values.area_code', operator: 'equals', values: [ENGLAND] };
      expect(await query({ measures, filters: [indicator, england] })).toEqual([
        { 'indicator_values.count': null, 'indicator_values.denominator': null },
      ]);
      const persons = { member: 'indicator_values.sex', operator: 'equals', values: ['persons'] };
      expect(await query({ measures, filters: [indicator, england, persons] })).toEqual([
        { 'indicator_values.count': '224000', 'indicator_values.denominator': '10080000' },
      ]);
      expect(await one({ measures, filters: [indicator, persons] }, 'indicator_values.count')).toBeNull();
      const councils = { member: 'indicator_values.area_level', operator: 'equals', values: ['council'] };
      expect(await query({ measures, filters: [indicator, persons, councils] })).toEqual([
        { 'indicator_values.count': '1480', 'indicator_values.denominator': '72950' },
      ]);
    });
  });

  describe('plans', () => {
    it("does not add the BCF file's England row to its councils", async () => {
      const csv = fs.readFileSync(BCF, 'utf8').split(/\r?\n/);
      const header = csv[0]!.split(',');
      const total = csv.find((line) => line.startsWith('Total,'))!.split(',');
      const published = Number(total[header.indexOf('Reablement in a persons own home')]);
      const reablement = {
        member: 'plans.metric_id',
        operator: 'equals',
        values: ['bcf_planned_spend_reablement_at_home'],
      };
      expect(await one({ measures: ['plans.planned_value'], filters: [reablement] }, 'plans.planned_value')).toBeNull();
      const councils = await one(
        {
          measures: ['plans.planned_value'],
          filters: [reablement, { member: 'plans.area_level', operator: 'equals', values: ['council'] }],
        },
        'plans.planned_value',
      );
      // The file's Total is the sum of its councils within £1 (checked on load).
      expect(Math.abs(councils! - published)).toBeLessThanOrEqual(1);
      const england = await one(
        {
          measures: ['plans.planned_value'],
          filters: [reablement, { member: 'plans.area_code', operator: 'equals', values: [ENGLAND] }],
        },
        'plans.planned_value',
      );
      expect(england).toBeCloseTo(published, 6);
      expect(
        await one(
          {
            measures: ['plans.planned_value'],
            filters: [{ member: 'plans.area_level', operator: 'equals', values: ['council'] }],
          },
          'plans.planned_value',
        ),
      ).toBeNull();
    });
  });

  it('logged no Cube errors', () => {
    expect(app.output()).not.toMatch(/^cube: /m);
  });
});
