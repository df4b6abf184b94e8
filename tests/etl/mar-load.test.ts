import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFile } from '../../etl/src/load.js';
import { mar } from '../../etl/src/sources/mar/index.js';
import { createTestDatabase, rowCounts, rowsOfLoads, type TestDatabase } from '../support/database.js';
import { allMarFiles, loadCouncilLookups, marFile, publishedMar } from '../support/mar.js';
import { sharedFile } from '../support/paths.js';
import { editedWorkbook, rowOf, textFile, truncatedCopy } from '../support/workbooks.js';

const SHEET = 'Commissioner';
const monthOf = (file: string) => `${/(\d{4}-\d{2})\.xls$/.exec(file)![1]}-01`;

describe('mar source', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await loadCouncilLookups(db.client);
  });
  afterAll(() => db.drop());

  it('loads every shared MAR file with all 14 measures of every row', async () => {
    for (const file of allMarFiles()) {
      const result = await loadFile(db.client, mar, file);
      expect(result.outcome, path.basename(file)).toBe('loaded');
      const published = publishedMar(file);
      expect(result.rowCount, path.basename(file)).toBe((published.commissioners.length + 1) * 14);
    }
    const { rows } = await db.client.query(
      'SELECT count(DISTINCT period_month)::int AS months, count(DISTINCT measure)::int AS measures FROM raw.mar_activity',
    );
    expect(rows).toEqual([{ months: allMarFiles().length, measures: 14 }]);
  });

  it("gives England (E92000001) as each file's published England row", async () => {
    const { rows } = await db.client.query(
      `SELECT period_month::text AS month, non_elective_admissions::float AS ne, elective_admissions::float AS el
       FROM marts.admissions WHERE area_code = 'E92000001' ORDER BY 1`,
    );
    const expected = allMarFiles().map((file) => {
      const { england } = publishedMar(file);
      return { month: monthOf(file), ne: england.nonElective, el: england.elective };
    });
    expect(rows).toEqual(expected);
    expect(
      new Set(
        (
          await db.client.query(
            `SELECT DISTINCT area_type, area_name FROM marts.admissions WHERE area_code = 'E92000001'`,
          )
        ).rows,
      ),
    ).toEqual(new Set([{ area_type: 'england', area_name: 'England' }]));
  });

  it('sums the published commissioner rows (national commissioner X24/YDD82 included) to the England row in every month', async () => {
    const { rows } = await db.client.query(
      `SELECT period_month::text AS month,
         sum(non_elective_admissions) FILTER (WHERE basis = 'published' AND area_type <> 'england')::float AS commissioners,
         sum(non_elective_admissions) FILTER (WHERE area_type = 'england')::float AS england
       FROM marts.admissions GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toHaveLength(allMarFiles().length);
    for (const row of rows) expect(row.commissioners, row.month).toBe(row.england);
  });

  it.each(['2012-04', '2014-06', '2017-10', '2019-12'])(
    'keeps every commissioner of %s as published, by org code',
    async (month) => {
      const file = marFile(month);
      const { rows } = await db.client.query(
        `SELECT org_code, non_elective_admissions::float AS ne, elective_admissions::float AS el
       FROM marts.admissions WHERE basis = 'published' AND org_code IS NOT NULL AND period_month = $1 ORDER BY 1`,
        [`${month}-01`],
      );
      const expected = publishedMar(file)
        .commissioners.map((r) => ({ org_code: r.orgCode, ne: r.nonElective, el: r.elective }))
        .sort((a, b) => a.org_code!.localeCompare(b.org_code!));
      expect(rows).toEqual(expected);
    },
  );

  it('gives CCGs their ONS code and PCTs, national commissioners and merged-away CCGs their org code only', async () => {
    const { rows } = await db.client.query(
      `SELECT period_month::text AS month, org_code, area_code, area_type, area_name FROM marts.admissions
       WHERE (org_code, period_month) IN (('07L', '2019-12-01'), ('07L', '2013-04-01'), ('02V', '2017-06-01'), ('5C2', '2012-04-01'), ('X24', '2019-12-01'), ('03X', '2018-06-01'))
       ORDER BY org_code COLLATE "C", month`,
    );
    expect(rows).toEqual([
      { month: '2017-06-01', org_code: '02V', area_code: null, area_type: 'ccg', area_name: 'NHS Leeds North CCG' },
      { month: '2018-06-01', org_code: '03X', area_code: 'E38000058', area_type: 'ccg', area_name: 'NHS Erewash CCG' },
      {
        month: '2013-04-01',
        org_code: '07L',
        area_code: 'E38000004',
        area_type: 'ccg',
        area_name: 'NHS Barking and Dagenham CCG',
      },
      {
        month: '2019-12-01',
        org_code: '07L',
        area_code: 'E38000004',
        area_type: 'ccg',
        area_name: 'NHS Barking and Dagenham CCG',
      },
      {
        month: '2012-04-01',
        org_code: '5C2',
        area_code: null,
        area_type: 'pct',
        area_name: 'Barking and Dagenham PCT',
      },
      {
        month: '2019-12-01',
        org_code: 'X24',
        area_code: null,
        area_type: 'national commissioner',
        area_name: 'NHS England',
      },
    ]);
  });

  it('apportions every CCG to councils, so that council estimates add up to England less the national commissioner', async () => {
    const { rows } = await db.client.query(
      `SELECT period_month::text AS month,
         sum(non_elective_admissions) FILTER (WHERE basis = 'apportioned from CCGs') AS councils,
         sum(non_elective_admissions) FILTER (WHERE area_type = 'ccg') AS ccgs,
         count(*) FILTER (WHERE basis = 'apportioned from CCGs' AND NOT is_estimate) AS unmarked
       FROM marts.admissions WHERE period_month >= '2013-04-01' GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toHaveLength(allMarFiles().length - 1);
    for (const row of rows) {
      const { england, commissioners } = publishedMar(marFile(row.month.slice(0, 7)));
      const national = commissioners.find((r) => r.orgCode === 'X24')!.nonElective;
      expect(Number(row.councils), row.month).toBeCloseTo(england.nonElective - national, 6);
      expect(Number(row.councils), row.month).toBeCloseTo(Number(row.ccgs), 6);
      expect(Number(row.unmarked)).toBe(0);
    }
    const pct = await db.client.query(
      `SELECT count(*)::int AS n FROM marts.admissions WHERE period_month = '2012-04-01' AND basis <> 'published'`,
    );
    expect(pct.rows).toEqual([{ n: 0 }]);
  });

  it("apportions a council's estimate as the sum of its CCGs' figures times their shares", async () => {
    const { rows } = await db.client.query(
      `WITH expected AS (
         SELECT sum(a.non_elective_admissions * s.share) AS value
         FROM marts.admissions AS a
         JOIN staging.ccg_council_shares AS s ON s.ccg_ods_code = a.org_code
         WHERE a.period_month = '2019-06-01' AND a.area_type = 'ccg' AND s.council_code = 'E10000032'
       )
       SELECT m.non_elective_admissions AS actual, e.value AS expected, m.is_estimate
       FROM marts.admissions AS m, expected AS e
       WHERE m.period_month = '2019-06-01' AND m.area_code = 'E10000032'`,
    );
    expect(rows).toHaveLength(1);
    expect(Number(rows[0].actual)).toBeCloseTo(Number(rows[0].expected), 6);
    expect(rows[0].is_estimate).toBe(true);
  });

  it('has a unique, non-null key in the admissions mart', async () => {
    const { rows } = await db.client.query(
      'SELECT count(*)::int AS n, count(DISTINCT admission_id)::int AS ids, count(admission_id)::int AS non_null FROM marts.admissions',
    );
    expect(rows[0].ids).toBe(rows[0].n);
    expect(rows[0].non_null).toBe(rows[0].n);
  });

  it('adds nothing when the same file is loaded twice', async () => {
    const before = await rowCounts(db.client);
    const result = await loadFile(db.client, mar, marFile('2019-12'));
    expect(result.outcome).toBe('already loaded');
    expect(await rowCounts(db.client)).toEqual(before);
  });

  it('replaces the month when a revised edition of it is loaded', async () => {
    const source = marFile('2019-06');
    const row = rowOf(source, SHEET, 'NHS BARKING AND DAGENHAM CCG');
    const { england, commissioners } = publishedMar(source);
    const old = commissioners.find((r) => r.orgCode === '07L')!.nonElective;
    // A revision restates the CCG and, with it, the England total.
    const revised = editedWorkbook(source, [
      { sheet: SHEET, cell: `O${row}`, value: old + 100 },
      { sheet: SHEET, cell: `O${england.rowNumber}`, value: england.nonElective + 100 },
      { sheet: SHEET, cell: 'C9', value: '13th March 2020' },
    ]);
    const before = await rowCounts(db.client);
    const result = await loadFile(db.client, mar, revised);
    expect(result.outcome).toBe('loaded');
    expect(result.replacedLoadIds).toHaveLength(1);
    expect(await rowCounts(db.client)).toEqual({
      ...before,
      loads: before.loads! + 1,
      // The rows of the edition replaced are kept for a revert.
      replaced_rows: before.replaced_rows! + (await rowsOfLoads(db.client, result.replacedLoadIds)),
    });
    const { rows } = await db.client.query(
      `SELECT area_code, non_elective_admissions::float AS ne FROM marts.admissions
       WHERE period_month = '2019-06-01' AND area_code IN ('E38000004', 'E92000001') ORDER BY 1`,
    );
    expect(rows).toEqual([
      { area_code: 'E38000004', ne: old + 100 },
      { area_code: 'E92000001', ne: england.nonElective + 100 },
    ]);
    const edition = await db.client.query('SELECT edition FROM raw.loads WHERE load_id = $1', [result.loadId]);
    expect(edition.rows[0].edition).toBe('published 8th August 2019, revised 13th March 2020');
  });

  describe('bad input leaves the warehouse as it was', () => {
    const DEC = marFile('2019-12');
    const barking = () => rowOf(DEC, SHEET, 'NHS BARKING AND DAGENHAM CCG');
    const cases: { name: string; file: () => string; message: RegExp }[] = [
      {
        name: 'a truncated workbook',
        file: () => truncatedCopy(marFile('2019-11')),
        message:
          /mar-commissioner-2019-11\.xls: (the workbook is damaged or truncated|.*(no sheet|no 'England' row|commissioner rows sum))/,
      },
      {
        name: 'a DToC workbook given to mar',
        file: () => sharedFile('dtoc/dtoc-la-2019-12.xls'),
        message: /dtoc-la-2019-12\.xls: no sheet named 'Commissioner'/,
      },
      {
        name: 'an empty file',
        file: () => textFile('mar-commissioner-2019-08.xls', ''),
        message: /mar-commissioner-2019-08\.xls: the file is empty/,
      },
      {
        name: 'a CSV renamed to .xls',
        file: () => textFile('mar-commissioner-2019-07.xls', 'Org Code,Org Name\r\n07L,Barking\r\n'),
        message: /mar-commissioner-2019-07\.xls: not an Excel workbook/,
      },
      {
        name: 'a renamed measure header',
        file: () => editedWorkbook(DEC, [{ sheet: SHEET, cell: 'O14', value: 'Emergency admissions' }]),
        message:
          /mar-commissioner-2019-12\.xls, sheet 'Commissioner', row 14: no 'Total Non-elective G&A Admissions \(FFCEs\)' column/,
      },
      {
        name: 'text in a number field',
        file: () => editedWorkbook(DEC, [{ sheet: SHEET, cell: `O${barking()}`, value: 'about 2000' }]),
        message:
          /mar-commissioner-2019-12\.xls, sheet 'Commissioner', row 18, column O \(Total Non-elective G&A Admissions \(FFCEs\)\): expected a number, found 'about 2000'/,
      },
      {
        name: 'a negative count',
        file: () => editedWorkbook(DEC, [{ sheet: SHEET, cell: `J${barking()}`, value: -4 }]),
        message:
          /mar-commissioner-2019-12\.xls, sheet 'Commissioner', row 18, column J \(Elective G&A Total Admissions \(FFCEs\)\): expected a count of 0 or more, found -4/,
      },
      {
        name: 'an unknown commissioner code',
        file: () => editedWorkbook(DEC, [{ sheet: SHEET, cell: `F${barking()}`, value: 'Q9Z' }]),
        message:
          /mar-commissioner-2019-12\.xls, sheet 'Commissioner', row 18, column F \(Org Code\): unknown commissioner code 'Q9Z'/,
      },
      {
        name: 'a duplicated commissioner row',
        file: () => editedWorkbook(DEC, [{ sheet: SHEET, cell: `F${barking() + 1}`, value: '07L' }]),
        message:
          /mar-commissioner-2019-12\.xls, sheet 'Commissioner', row 19, column F \(Org Code\): duplicate Org Code '07L' \(also on row 18\)/,
      },
      {
        name: 'a commissioner figure that no longer adds up to the England row',
        file: () => editedWorkbook(DEC, [{ sheet: SHEET, cell: `O${barking()}`, value: 1 }]),
        message:
          /mar-commissioner-2019-12\.xls, sheet 'Commissioner', row 15, column O \(Total Non-elective G&A Admissions \(FFCEs\)\): the 192 commissioner rows sum to \d+ but the England row says 580666/,
      },
      {
        name: 'the provider-basis edition',
        file: () => editedWorkbook(DEC, [{ sheet: SHEET, cell: 'C7', value: 'Provider' }]),
        message:
          /mar-commissioner-2019-12\.xls, sheet 'Commissioner', field Basis:: expected 'Basis: Commissioner', found 'provider'/,
      },
    ];

    it.each(cases)('$name', async ({ file, message }) => {
      const before = await rowCounts(db.client);
      await expect(loadFile(db.client, mar, file())).rejects.toThrow(message);
      expect(await rowCounts(db.client)).toEqual(before);
    });
  });
});
