import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFile } from '../../etl/src/load.js';
import { ascof } from '../../etl/src/sources/ascof/index.js';
import { createTestDatabase, rowCounts, type TestDatabase } from '../support/database.js';
import { sharedFile } from '../support/paths.js';
import { ascofWorkbookRows, editCsv, publishedAscof } from '../support/programme-metrics.js';
import { tempDir, textFile, truncatedCopy } from '../support/workbooks.js';

const WORKBOOK = sharedFile('ascof/meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx');

/** The workbook as NHS Digital's CSV (the same long format), under a name of our choosing. */
let csvLines: string[] | undefined;
function csvCopy(name: string, rows?: (lines: string[]) => string[]): string {
  if (!csvLines) {
    const workbook = XLSX.read(fs.readFileSync(WORKBOOK));
    csvLines = XLSX.utils.sheet_to_csv(workbook.Sheets[workbook.SheetNames[0]!]!).split('\n');
  }
  const lines = csvLines;
  const target = path.join(tempDir(), name);
  fs.writeFileSync(target, (rows ? rows(lines) : lines).join('\n'));
  return target;
}

describe('ascof source', () => {
  let db: TestDatabase;
  let smallCsv: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    // Header, the first councils' rows and the England rows: a small file for the bad-input cases.
    smallCsv = fs.readFileSync(
      csvCopy('small.csv', (lines) => [...lines.slice(0, 400), ...lines.filter((l) => l.startsWith('England,'))]),
      'utf8',
    );
  });
  afterAll(() => db.drop());

  it('loads every row of the 2020-21 workbook with the England values stated in PROVENANCE.md', async () => {
    const published = ascofWorkbookRows(WORKBOOK);
    expect(published).toHaveLength(48_970);
    const result = await loadFile(db.client, ascof, WORKBOOK);
    expect(result.outcome).toBe('loaded');
    console.log(`ascof workbook loaded in ${result.milliseconds} ms`);
    expect(result.rowCount).toBe(published.length);
    expect(publishedAscof(WORKBOOK, '2A2', 'Outcome')).toBe(498.2);
    expect(publishedAscof(WORKBOOK, '2B1', 'Outcome')).toBe(79.1);
    const { rows } = await db.client.query(
      `SELECT measure_code, financial_year, period_start::text, outcome::float, numerator::float, denominator::float FROM marts.ascof
       WHERE area_code = 'E92000001' AND measure_code IN ('2A2', '2B1') AND disaggregation = 'Total' ORDER BY measure_code`,
    );
    expect(rows).toEqual([
      {
        measure_code: '2A2',
        financial_year: '2020-21',
        period_start: '2020-04-01',
        outcome: 498.2,
        numerator: publishedAscof(WORKBOOK, '2A2', 'Numerator'),
        denominator: publishedAscof(WORKBOOK, '2A2', 'Denominator'),
      },
      {
        measure_code: '2B1',
        financial_year: '2020-21',
        period_start: '2020-04-01',
        outcome: 79.1,
        numerator: publishedAscof(WORKBOOK, '2B1', 'Numerator'),
        denominator: publishedAscof(WORKBOOK, '2B1', 'Denominator'),
      },
    ]);
  });

  it('keeps [x] and [c] as missing values with their reason, never as zero', async () => {
    const published = ascofWorkbookRows(WORKBOOK);
    const { rows } = await db.client.query(
      `SELECT missing_reason, count(*)::int AS n FROM raw.ascof_values WHERE value IS NULL GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toEqual([
      { missing_reason: 'not available ([x])', n: published.filter((r) => r['Measure Value'] === '[x]').length },
      {
        missing_reason: 'suppressed for confidentiality ([c])',
        n: published.filter((r) => r['Measure Value'] === '[c]').length,
      },
    ]);
  });

  it('adds nothing when the same file is loaded twice', async () => {
    const before = await rowCounts(db.client);
    expect((await loadFile(db.client, ascof, WORKBOOK)).outcome).toBe('already loaded');
    expect(await rowCounts(db.client)).toEqual(before);
  });

  it("replaces the year's rows with the same data as NHS Digital's CSV, and keeps another year alongside", async () => {
    const before = await rowCounts(db.client);
    const revised = await loadFile(db.client, ascof, csvCopy('meas-from-asc-of-eng-2021-open-data-csv.csv'));
    expect(revised.replacedLoadIds).toHaveLength(1);
    // Every row of the year is replaced, and kept for a revert.
    expect(await rowCounts(db.client)).toEqual({
      ...before,
      loads: before.loads! + 1,
      replaced_rows: before.replaced_rows! + before.ascof_values!,
    });
    // The same figures under another year's name (and so another content hash: one more line end).
    const other = await loadFile(
      db.client,
      ascof,
      csvCopy('meas-from-asc-of-eng-1920-open-data-csv.csv', (lines) => [...lines, '']),
    );
    expect(other.replacedLoadIds).toHaveLength(0);
    const { rows } = await db.client.query(
      "SELECT financial_year, outcome::float FROM marts.ascof WHERE area_code = 'E92000001' AND measure_code = '2A2' ORDER BY 1",
    );
    expect(rows).toEqual([
      { financial_year: '2019-20', outcome: 498.2 },
      { financial_year: '2020-21', outcome: 498.2 },
    ]);
    await db.client.query('DELETE FROM raw.loads WHERE load_id = $1', [other.loadId]);
  });

  it('loads a BOM and CRLF copy', async () => {
    const file = textFile('ascof-2020-21-bom.csv', `\uFEFF${smallCsv.replace(/\n/g, '\r\n')}`);
    const result = await loadFile(db.client, ascof, file);
    expect(result.outcome).toBe('loaded');
    expect(result.rowCount).toBe(smallCsv.trim().split('\n').length - 1);
  });

  describe('bad input leaves the warehouse as it was', () => {
    const edited = (line: number, column: string, value: string) => () =>
      textFile('ascof-2020-21.csv', editCsv(smallCsv, line, column, value));
    const cases: { name: string; file: () => string; message: RegExp }[] = [
      {
        name: 'an empty file',
        file: () => textFile('ascof-2020-21.csv', ''),
        message: /ascof-2020-21\.csv: the file is empty/,
      },
      {
        name: 'a truncated workbook',
        file: () => truncatedCopy(WORKBOOK),
        message: /meas-from-asc-of-eng-2021-open-data-csv_v2\.xlsx: the workbook is damaged or truncated/,
      },
      {
        name: 'a workbook of another publication',
        file: () => sharedFile('population/ukmidyearestimates20182019ladcodes.xls'),
        message: /ukmidyearestimates20182019ladcodes\.xls: not ASCOF open data: no sheet has 'ASCOF Measure Code'/,
      },
      {
        name: 'a renamed header',
        file: () => textFile('ascof-2020-21.csv', smallCsv.replace('Measure Type', 'Type of Measure')),
        message: /ascof-2020-21\.csv, row 1: missing column 'Measure Type'/,
      },
      {
        name: 'text in a number field',
        file: edited(5, 'Measure Value', 'n/k'),
        message: /ascof-2020-21\.csv, row 5, column Measure Value: expected a number or a missing-value marker/,
      },
      {
        name: 'a negative value',
        file: edited(20, 'Measure Value', '-12'),
        message: /ascof-2020-21\.csv, row 20, column Measure Value: expected a value of 0 or more, found -12/,
      },
      {
        name: 'an unknown area code',
        file: edited(30, 'ONS Code', 'E10000099'),
        message: /ascof-2020-21\.csv, row 30, column ONS Code: unknown area code 'E10000099'/,
      },
      {
        name: 'duplicate rows',
        file: () => textFile('ascof-2020-21.csv', `${smallCsv.trimEnd()}\n${smallCsv.split('\n')[9]}\n`),
        message:
          /ascof-2020-21\.csv, row \d+: duplicate row: the same year, area, measure code, disaggregation and measure type as row 10/,
      },
      {
        name: 'a name without the year',
        file: () => textFile('ascof-latest.csv', smallCsv),
        message: /ascof-latest\.csv: cannot tell the financial year/,
      },
      {
        name: 'a file of another source',
        file: () => sharedFile('ascof/trafford_admissions_care_homes_65p.csv'),
        message: /trafford_admissions_care_homes_65p\.csv, row 1: missing columns 'Geographical Code'/,
      },
    ];
    it.each(cases)('$name', async ({ file, message }) => {
      const before = await rowCounts(db.client);
      await expect(loadFile(db.client, ascof, file())).rejects.toThrow(message);
      expect(await rowCounts(db.client)).toEqual(before);
    });
  });
});
