import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFile } from '../../etl/src/load.js';
import { population } from '../../etl/src/sources/population/index.js';
import { createTestDatabase, rowCounts, type TestDatabase } from '../support/database.js';
import { editedCsv, readPublishedCsv, replaceLine } from '../support/geography.js';
import { sharedFile } from '../support/paths.js';
import { publishedPopulation } from '../support/published.js';
import { editedWorkbook, rowOf, tempDir, textFile, truncatedCopy } from '../support/workbooks.js';

const MID_2018 = sharedFile('population/ukmidyearestimates20182019ladcodes.xls');
const MID_2019 = sharedFile('population/ukmidyearestimates20192020ladcodes.xls');
const CCG21 = sharedFile('population/ccg21_population_estimates_broad_age.csv');

// England, all ages, as PROVENANCE.md of the shared data states them.
const ENGLAND = { 2018: 55_977_178, 2019: 56_286_961 };

const AGES = Array.from({ length: 91 }, (_, age) => age);

/**
 * A workbook laid out like ONS's mid-2020 edition (on 2021 geography): 'MYE2 - Persons' with the title in A1,
 * notes below it, the header on row 8, a 'Geography' column and '90+'. Persons by age are made up for a few
 * areas; males are half (rounded down), females the rest.
 */
function mid2020Workbook(): { file: string; persons: Map<string, number[]> } {
  const areas: [string, string, string][] = [
    ['E92000001', 'ENGLAND', 'Country'],
    ['E12000004', 'EAST MIDLANDS', 'Region'],
    ['E06000061', 'North Northamptonshire', 'Unitary Authority'],
    ['E06000062', 'West Northamptonshire', 'Unitary Authority'],
    ['E06000060', 'Buckinghamshire', 'Unitary Authority'],
    ['E10000032', 'West Sussex', 'County'],
  ];
  const persons = new Map(
    areas.map(([code], i) => [
      code,
      AGES.map((age) => (i + 1) * 1000 + (90 - age) * 7 + (code === 'E92000001' ? 500_000 : 0)),
    ]),
  );
  const sheet = (label: string, share: (people: number) => number) => {
    const rows: unknown[][] = [
      [`MYE2: Population estimates: ${label} by single year of age and sex for local authorities in the UK, mid-2020`],
      ['Estimates are on the boundaries in place on 1 April 2021'],
      [],
      ['Source: Office for National Statistics'],
      [],
      ['Contains public sector information licensed under the Open Government Licence v3.0.'],
      [],
      ['Code', 'Name', 'Geography', 'All ages', ...AGES.map((age) => (age === 90 ? '90+' : age))],
      ...areas.map(([code, name, geography]) => {
        const people = persons.get(code)!.map(share);
        return [code, name, geography, people.reduce((a, b) => a + b, 0), ...people];
      }),
      [],
      ['Note: figures may not sum because of rounding.'],
    ];
    return XLSX.utils.aoa_to_sheet(rows);
  };
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(
    workbook,
    XLSX.utils.aoa_to_sheet([['Contents'], ['Population estimates for the UK, mid-2020']]),
    'Contents',
  );
  XLSX.utils.book_append_sheet(
    workbook,
    sheet('Persons', (p) => p),
    'MYE2 - Persons',
  );
  XLSX.utils.book_append_sheet(
    workbook,
    sheet('Males', (p) => Math.floor(p / 2)),
    'MYE2 - Males',
  );
  XLSX.utils.book_append_sheet(
    workbook,
    sheet('Females', (p) => p - Math.floor(p / 2)),
    'MYE2 - Females',
  );
  const file = path.join(tempDir(), 'ukpopestimatesmid2020on2021geography.xlsx');
  fs.writeFileSync(file, XLSX.write(workbook, { bookType: 'xlsx', type: 'buffer' }));
  return { file, persons };
}

describe('population source: editions and boundary changes', () => {
  let db: TestDatabase;
  const englandTotal = async (midYear: number) =>
    Number(
      (
        await db.client.query(
          `SELECT sum(people) AS n FROM raw.population_estimates WHERE area_code = 'E92000001' AND sex = 'persons' AND mid_year = $1`,
          [midYear],
        )
      ).rows[0].n,
    );
  const councilPeople = async (code: string, midYear: number) =>
    (
      await db.client.query(
        `SELECT sum(people)::int AS people, bool_and(is_derived) AS is_derived, min(derived_from::text) AS derived_from
         FROM marts.council_population WHERE area_code = $1 AND mid_year = $2 AND sex = 'persons'`,
        [code, midYear],
      )
    ).rows[0];

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it.each([
    { file: MID_2018, midYear: 2018 as const },
    { file: MID_2019, midYear: 2019 as const },
  ])('loads mid-$midYear with the England total PROVENANCE.md states', async ({ file, midYear }) => {
    expect((await loadFile(db.client, population, file)).outcome).toBe('loaded');
    expect(await englandTotal(midYear)).toBe(ENGLAND[midYear]);
  });

  it("loads an unseen edition laid out like mid-2020 (.xlsx, 'MYE2 - Persons', header on row 8, 'Geography', '90+')", async () => {
    const { file, persons } = mid2020Workbook();
    const result = await loadFile(db.client, population, file);
    expect(result).toMatchObject({ outcome: 'loaded', rowCount: 6 * 3 * 91, replacedLoadIds: [] });
    expect(await englandTotal(2020)).toBe(persons.get('E92000001')!.reduce((a, b) => a + b, 0));
    const { rows } = await db.client.query(
      `SELECT sex, sum(people)::int AS people FROM raw.population_estimates WHERE mid_year = 2020 AND area_code = 'E06000061' AND age = 90 GROUP BY sex ORDER BY sex`,
    );
    const oldest = persons.get('E06000061')![90]!;
    expect(rows).toEqual([
      { sex: 'female', people: oldest - Math.floor(oldest / 2) },
      { sex: 'male', people: Math.floor(oldest / 2) },
      { sex: 'persons', people: oldest },
    ]);
    // Earlier mid-years are still there.
    expect(await englandTotal(2019)).toBe(ENGLAND[2019]);
  });

  describe('council populations across boundary changes', () => {
    it('derives Buckinghamshire unitary (E06000060) in mid-2018 from the county it replaced (E10000002)', async () => {
      expect(await councilPeople('E06000060', 2018)).toEqual({
        people: publishedPopulation(MID_2018, 'MYE2-All', 'E10000002'),
        is_derived: true,
        derived_from: '{E10000002}',
      });
    });

    it('derives Buckinghamshire county (E10000002) in mid-2019, published on 2020 codes, from the unitary', async () => {
      expect((await councilPeople('E10000002', 2019)).people).toBe(
        publishedPopulation(MID_2019, 'MYE2 - Persons', 'E06000060'),
      );
    });

    it('derives North and West Northamptonshire in mid-2019 from their districts', async () => {
      const districts = {
        E06000061: ['E07000150', 'E07000152', 'E07000153', 'E07000156'],
        E06000062: ['E07000151', 'E07000154', 'E07000155'],
      };
      for (const [unitary, codes] of Object.entries(districts)) {
        const expected = codes.reduce((sum, code) => sum + publishedPopulation(MID_2019, 'MYE2 - Persons', code), 0);
        expect(await councilPeople(unitary, 2019)).toMatchObject({ people: expected, is_derived: true });
      }
    });

    it('derives Northamptonshire county in mid-2020 from the two unitaries it was split into', async () => {
      const published = await councilPeople('E10000021', 2019);
      expect(published.is_derived).toBe(false);
      const derived = await councilPeople('E10000021', 2020);
      const { rows } = await db.client.query(
        `SELECT sum(people)::int AS people FROM raw.population_estimates WHERE mid_year = 2020 AND sex = 'persons' AND area_code IN ('E06000061', 'E06000062')`,
      );
      expect(derived).toEqual({ people: rows[0].people, is_derived: true, derived_from: '{E06000061,E06000062}' });
    });

    it('derives nothing for old Dorset county (E10000009) from 2019-boundary files: Christchurch went to BCP', async () => {
      expect((await councilPeople('E10000009', 2018)).people).toBeNull();
    });

    it('never derives a code that the file publishes', async () => {
      const { rows } = await db.client.query(
        `SELECT count(*)::int AS n FROM (SELECT area_code, mid_year, sex, age FROM marts.council_population GROUP BY 1, 2, 3, 4 HAVING count(*) > 1) AS d`,
      );
      expect(rows[0].n).toBe(0);
    });
  });

  it('loads CCG estimates by broad age band (mid-2020 on April 2021 CCGs) next to the UK workbooks', async () => {
    const published = readPublishedCsv(CCG21);
    const result = await loadFile(db.client, population, CCG21);
    expect(result).toMatchObject({ outcome: 'loaded', rowCount: published.length * 6, replacedLoadIds: [] });
    const { rows } = await db.client.query(
      `SELECT mid_year, boundary_year, count(DISTINCT ccg_code)::int AS ccgs, sum(people) FILTER (WHERE age_band = 'All ages')::int AS people,
              sum(people) FILTER (WHERE age_band != 'All ages')::int AS banded
       FROM raw.population_ccg_estimates GROUP BY 1, 2`,
    );
    const total = published.reduce((sum, row) => sum + Number(row['All Ages']), 0);
    expect(rows).toEqual([{ mid_year: 2020, boundary_year: 2021, ccgs: 106, people: total, banded: total }]);
    // The England total of ONS's mid-2020 estimates.
    expect(total).toBe(56_550_138);
    expect(await englandTotal(2020)).toBeGreaterThan(0);
    const ccg = await db.client.query(
      `SELECT area_type, stp_code, nhs_region_code FROM marts.dim_geography WHERE area_code = 'E38000256'`,
    );
    expect(ccg.rows).toEqual([{ area_type: 'ccg', stp_code: 'E54000027', nhs_region_code: 'E40000003' }]);
  });

  describe('bad input leaves the warehouse as it was', () => {
    const sheet = 'MYE2-All';
    let westSussexRow: number | undefined;
    const westSussex = () => (westSussexRow ??= rowOf(MID_2018, sheet, 'E10000032'));
    const cases: { name: string; file: () => string; message: RegExp }[] = [
      {
        name: 'text in a number field',
        file: () => editedWorkbook(MID_2018, [{ sheet, cell: `E${westSussex()}`, value: 'many' }]),
        message:
          /ukmidyearestimates20182019ladcodes\.xls, sheet 'MYE2-All', row \d+, column E \(0\): expected a number, found 'many'/,
      },
      {
        name: 'a negative count',
        file: () => editedWorkbook(MID_2018, [{ sheet, cell: `F${westSussex()}`, value: -5 }]),
        message: /sheet 'MYE2-All', row \d+, column F \(1\): expected a count of 0 or more, found -5/,
      },
      {
        name: 'an unknown area code',
        file: () => editedWorkbook(MID_2018, [{ sheet, cell: `A${westSussex()}`, value: 'E99000032' }]),
        message: /sheet 'MYE2-All', row \d+, column A \(Code\): unknown area code 'E99000032'/,
      },
      {
        name: 'a duplicate row',
        file: () => editedWorkbook(MID_2018, [{ sheet, cell: `A${westSussex()}`, value: 'E10000030' }]),
        message: /sheet 'MYE2-All', row \d+, column A \(Code\): duplicate row: area 'E10000030' is already on row \d+/,
      },
      {
        name: 'a renamed header',
        file: () => editedWorkbook(MID_2018, [{ sheet, cell: 'D5', value: 'Total persons' }]),
        message:
          /ukmidyearestimates20182019ladcodes\.xls, sheet 'MYE2-All': no header row with columns 'Code', 'Name', 'All ages'/,
      },
      {
        name: 'a workbook of another source (DToC)',
        file: () => sharedFile('dtoc/dtoc-la-2018-06.xls'),
        message: /dtoc-la-2018-06\.xls: not an ONS mid-year estimates workbook: no 'MYE2 - Persons'/,
      },
      {
        name: 'a truncated workbook',
        file: () => truncatedCopy(MID_2019, 0.4),
        message:
          /ukmidyearestimates20192020ladcodes\.xls: (the workbook is damaged or truncated|not an ONS mid-year estimates workbook)/,
      },
      {
        name: 'an empty file',
        file: () => textFile('ukmidyearestimates2021.xls', ''),
        message: /ukmidyearestimates2021\.xls: the file is empty/,
      },
      {
        name: 'a negative count in the CCG estimates',
        file: () =>
          editedCsv(CCG21, (text) =>
            replaceLine(text, 3, (line) => line.replace(/,(\d+),(\d+),(\d+),(\d+),(\d+)(\r?)$/, ',-5,$2,$3,$4,$5$6')),
          ),
        message:
          /ccg21_population_estimates_broad_age\.csv, row 3, column Age 0-17: expected a count of 0 or more, found -5/,
      },
      {
        name: 'text in a number field of the CCG estimates',
        file: () => editedCsv(CCG21, (text) => replaceLine(text, 4, (line) => line.replace(/,(\d+)(\r?)$/, ',n/a$2'))),
        message:
          /ccg21_population_estimates_broad_age\.csv, row 4, column Age 66\+: expected a whole number of people, found 'n\/a'/,
      },
      {
        name: 'an age band given twice in the CCG estimates (written another way)',
        file: () => editedCsv(CCG21, (text) => text.replace(',Age 18-35,', ',Aged 0 to 17,')),
        message:
          /ccg21_population_estimates_broad_age\.csv, row 1, column Aged 0 to 17: column 'Aged 0 to 17' repeats the age band 0-17 of column 'Age 0-17'/,
      },
      {
        name: 'a lookup given to the population source',
        file: () => sharedFile('lookups/ccg21_lad21_lookup.csv'),
        message: /ccg21_lad21_lookup\.csv, row 1: missing column 'All Ages' in the header/,
      },
    ];

    it.each(cases)('$name', async ({ file, message }) => {
      const before = await rowCounts(db.client);
      await expect(loadFile(db.client, population, file())).rejects.toThrow(message);
      expect(await rowCounts(db.client)).toEqual(before);
    });
  });
});
