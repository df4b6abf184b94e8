import fs from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFile } from '../../etl/src/load.js';
import { dtoc } from '../../etl/src/sources/dtoc/index.js';
import { population } from '../../etl/src/sources/population/index.js';
import { createTestDatabase, rowCounts, rowsOfLoads, type TestDatabase } from '../support/database.js';
import { sharedFile } from '../support/paths.js';
import { editedWorkbook, textFile, truncatedCopy } from '../support/workbooks.js';

const JUNE_2018 = sharedFile('dtoc/dtoc-la-2018-06.xls');
const TYPE_OF_CARE = 'LA - by type of care';

/**
 * A revised edition restating one council's delayed days as the publisher would: on each of the three sheets its
 * first category and total, and England's, change by the same amount (the workbook is checked against itself).
 */
function restated(file: string, area: string, total: number): string {
  const workbook = XLSX.read(fs.readFileSync(file));
  const edits = [TYPE_OF_CARE, 'LA - by responsible org', 'LA - by reason'].flatMap((sheet) => {
    const worksheet = workbook.Sheets[sheet]!;
    const range = XLSX.utils.decode_range(worksheet['!ref']!);
    const fromA1 = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: range.e });
    const rows = XLSX.utils.sheet_to_json<unknown[]>(worksheet, { header: 1, defval: null, range: fromA1 });
    const header = rows.findIndex((row) => row.includes('Total'));
    const [first, last] = [rows[header]!.indexOf('Name') + 1, rows[header]!.indexOf('Total')];
    const rowOfArea = rows.findIndex((row) => row.includes(area));
    const change = total - Number(rows[rowOfArea]![last]);
    return [rowOfArea, rows.findIndex((row) => row.includes('England'))].flatMap((r) =>
      [first, last].map((c) => ({
        sheet,
        cell: XLSX.utils.encode_cell({ r, c }),
        value: Number(rows[r]![c]) + change,
      })),
    );
  });
  return editedWorkbook(file, edits);
}

describe('loadFile', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await loadFile(db.client, population, sharedFile('population/ukmidyearestimates20182019ladcodes.xls'));
  });
  afterAll(() => db.drop());

  it('loads a workbook with lineage and every breakdown', async () => {
    const result = await loadFile(db.client, dtoc, JUNE_2018);
    expect(result.outcome).toBe('loaded');
    const { rows } = await db.client.query(
      `SELECT l.file_name, l.period_start::text, l.row_count, count(d.*)::int AS rows
       FROM raw.loads l JOIN raw.dtoc_delayed_days d USING (load_id) WHERE l.load_id = $1 GROUP BY 1, 2, 3`,
      [result.loadId],
    );
    expect(rows).toEqual([
      {
        file_name: 'dtoc-la-2018-06.xls',
        period_start: '2018-06-01',
        row_count: result.rowCount,
        rows: result.rowCount,
      },
    ]);
    const breakdowns = await db.client.query('SELECT DISTINCT breakdown FROM raw.dtoc_delayed_days ORDER BY 1');
    expect(breakdowns.rows.map((r) => r.breakdown)).toEqual(['reason', 'responsible_org', 'type_of_care']);
  });

  it('adds nothing when the same file is loaded twice', async () => {
    const before = await rowCounts(db.client);
    const result = await loadFile(db.client, dtoc, JUNE_2018);
    expect(result.outcome).toBe('already loaded');
    expect(await rowCounts(db.client)).toEqual(before);
  });

  it('replaces the period when a revised edition of the same month is loaded', async () => {
    const revised = restated(JUNE_2018, 'West Sussex', 9999);
    const before = await rowCounts(db.client);
    const result = await loadFile(db.client, dtoc, revised);
    expect(result.outcome).toBe('loaded');
    expect(result.replacedLoadIds).toHaveLength(1);
    expect(await rowCounts(db.client)).toEqual({
      ...before,
      loads: before.loads! + 1,
      // The rows of the edition replaced are kept for a revert.
      replaced_rows: before.replaced_rows! + (await rowsOfLoads(db.client, result.replacedLoadIds)),
    });
    const { rows } = await db.client.query(
      `SELECT delayed_days::int FROM marts.delayed_transfers WHERE area_code = 'E10000032' AND period_month = '2018-06-01'`,
    );
    expect(rows).toEqual([{ delayed_days: 9999 }]);
    // Put the published edition back for the tests that follow.
    await db.client.query(
      'DELETE FROM raw.loads WHERE file_sha256 IN (SELECT file_sha256 FROM raw.loads WHERE superseded_by IS NOT NULL)',
    );
  });

  describe('bad input leaves the warehouse as it was', () => {
    const cases: { name: string; file: () => string; source?: typeof dtoc; message: RegExp }[] = [
      {
        name: 'a workbook of another publication',
        file: () => sharedFile('population/ukmidyearestimates20182019ladcodes.xls'),
        message: /ukmidyearestimates20182019ladcodes\.xls: no sheet named 'LA - by type of care'/,
      },
      {
        name: 'a truncated workbook',
        file: () => truncatedCopy(sharedFile('dtoc/dtoc-la-2018-07.xls')),
        message:
          /dtoc-la-2018-07\.xls: the workbook is damaged or truncated|dtoc-la-2018-07\.xls: .*(no sheet|no 'England' row)/,
      },
      {
        name: 'an empty file',
        file: () => textFile('dtoc-la-2018-08.xls', ''),
        message: /dtoc-la-2018-08\.xls: the file is empty/,
      },
      {
        name: 'a CSV renamed to .xls',
        file: () => textFile('dtoc-la-2018-09.xls', 'Code,Name,Total\r\nE10000032,West Sussex,1\r\n'),
        message: /dtoc-la-2018-09\.xls: not an Excel workbook/,
      },
      {
        name: 'an unknown area code',
        file: () =>
          editedWorkbook(sharedFile('dtoc/dtoc-la-2018-10.xls'), [
            { sheet: 'LA - by responsible org', cell: 'C130', value: 'E10009999' },
          ]),
        message:
          /dtoc-la-2018-10\.xls, sheet 'LA - by responsible org', row 130, field ONS Geography: unknown area code 'E10009999'/,
      },
      {
        name: 'text in a number field',
        file: () =>
          editedWorkbook(sharedFile('dtoc/dtoc-la-2018-11.xls'), [
            { sheet: TYPE_OF_CARE, cell: 'F40', value: 'twelve' },
          ]),
        message:
          /dtoc-la-2018-11\.xls, sheet 'LA - by type of care', row 40, column F \(Acute\): expected a number, found 'twelve'/,
      },
      {
        name: 'a negative count',
        file: () =>
          editedWorkbook(sharedFile('dtoc/dtoc-la-2018-11.xls'), [{ sheet: 'LA - by reason', cell: 'G41', value: -3 }]),
        message:
          /dtoc-la-2018-11\.xls, sheet 'LA - by reason', row 41, column G \(B\) Awaiting public funding\): expected a count of 0 or more, found -3/,
      },
      {
        name: 'a renamed header',
        file: () =>
          editedWorkbook(sharedFile('dtoc/dtoc-la-2018-12.xls'), [
            { sheet: 'LA - by responsible org', cell: 'G14', value: 'Social Services' },
          ]),
        message:
          /dtoc-la-2018-12\.xls, sheet 'LA - by responsible org', row 14, column G: unexpected column 'Social Services' in the responsible org block/,
      },
      {
        name: 'a category column given twice',
        file: () =>
          editedWorkbook(sharedFile('dtoc/dtoc-la-2018-12.xls'), [
            { sheet: 'LA - by responsible org', cell: 'G14', value: 'NHS' },
          ]),
        message:
          /dtoc-la-2018-12\.xls, sheet 'LA - by responsible org', row 14, column G: column 'NHS' repeats the category of column F/,
      },
      {
        name: 'a DH code that no council had in that month',
        file: () =>
          editedWorkbook(sharedFile('dtoc/dtoc-la-2013-04.xls'), [
            { sheet: 'LA - by Type of Care', cell: 'D20', value: '999' },
          ]),
        message:
          /dtoc-la-2013-04\.xls, sheet 'LA - by Type of Care', row 20, field Code: unknown council code '999' for 2013-04/,
      },
    ];

    it.each(cases)('$name', async ({ file, message }) => {
      const before = await rowCounts(db.client);
      await expect(loadFile(db.client, dtoc, file())).rejects.toThrow(message);
      expect(await rowCounts(db.client)).toEqual(before);
    });
  });
});
