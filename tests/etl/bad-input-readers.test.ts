import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readNumber } from '../../etl/src/lib/values.js';
import { etl } from '../support/cli.js';
import { createTestDatabase, type RelationContent, type TestDatabase, warehouseContents } from '../support/database.js';
import { sharedFile } from '../support/paths.js';
import { csvRows, editCsv } from '../support/programme-metrics.js';
import { sitrepFile } from '../support/sitrep.js';
import { cellOf, editedWorkbook, tempDir } from '../support/workbooks.js';

// The classes of bad input the shared readers (etl/src/lib) handle with one rule each: numbers, text encodings,
// duplicate header columns, Excel error cells and uncalculated formulas, dates typed as Excel dates. Each bad file
// is a real published file edited here; a refused file leaves every raw, staging and mart relation as it was.

const DTOC_NOVEMBER = sharedFile('dtoc/dtoc-la-2018-11.xls');
const DTOC_MAY = sharedFile('dtoc/dtoc-la-2018-05.xls');
const DTOC_JUNE = sharedFile('dtoc/dtoc-la-2018-06.xls');
const MAR_JUNE = sharedFile('admissions_mar/mar-commissioner-2018-06.xls');
const ASCOF_WORKBOOK = sharedFile('ascof/meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx');
const COUNCIL_TIERS = sharedFile('lookups/LTLA19_to_UTLA19_Apr2019_lookup_EW.csv');
const LAD_REGIONS = sharedFile('lookups/LAD18_to_RGN18_Dec2018_lookup_EN.csv');
const CCG_POPULATION = sharedFile('population/ccg21_population_estimates_broad_age.csv');
const TRAFFORD_ADMISSIONS = sharedFile('ascof/trafford_admissions_care_homes_65p.csv');

const NOT_UTF8 =
  'the file is not UTF-8 (it looks like Windows-1252/Latin-1): save it as UTF-8 (CSV UTF-8 in Excel) and load it again';

/** A file in its own folder, named as the original it was made from. */
function fileLike(original: string, content: string | Buffer): string {
  const target = path.join(tempDir(), path.basename(original));
  fs.writeFileSync(target, content);
  return target;
}

/** A CSV with one field of one line (1-based) replaced. */
const withField = (file: string, line: number, column: string, value: string) =>
  fileLike(file, `${editCsv(fs.readFileSync(file, 'utf8'), line, column, value)}\n`);

/** A workbook with one cell replaced by a raw SheetJS cell (an error value, a formula, a formatted date). */
function withCell(file: string, sheet: string, address: string, cell: XLSX.CellObject): string {
  const workbook = XLSX.read(fs.readFileSync(file), { cellDates: true });
  workbook.Sheets[sheet]![address] = cell;
  const bookType = file.endsWith('.xlsx') ? 'xlsx' : 'biff8';
  return fileLike(file, XLSX.write(workbook, { bookType, type: 'buffer', cellDates: true }));
}

/** Text as Windows-1252 bytes (Latin-1 and Windows-1252 agree on every letter used here). */
function windows1252(text: string): Buffer {
  if ([...text].some((character) => character.codePointAt(0)! > 0xff))
    throw new Error('fixture: a character Windows-1252 cannot hold');
  return Buffer.from(text, 'latin1');
}

/** Text as UTF-16 with its byte order mark, little- or big-endian. */
function utf16(text: string, order: 'le' | 'be'): Buffer {
  const bytes = Buffer.from(`\uFEFF${text}`, 'utf16le');
  return order === 'le' ? bytes : bytes.swap16();
}

/** The council tiers lookup with Anglesey under its Welsh name, as the ONS Welsh-language files give it. */
const welshCouncilTiers = () => fs.readFileSync(COUNCIL_TIERS, 'utf8').replaceAll('Isle of Anglesey', 'Ynys Môn');

describe('bad input in the shared readers', () => {
  let db: TestDatabase;
  let loaded: Record<string, RelationContent>;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    process.env.DATABASE_URL = db.url;
    const baseline: [string, ...string[]][] = [
      ['lookups', COUNCIL_TIERS, sharedFile('lookups/CCG19_to_STP19_Apr2019_lookup_EN.csv')],
      ['population', sharedFile('population/ukmidyearestimates20182019ladcodes.xls')],
      ['dtoc', DTOC_MAY],
      ['indicators', sharedFile('ascof/trafford_social_care_satisfaction.csv')],
    ];
    for (const [source, ...files] of baseline) {
      const result = await etl('load', source, ...files);
      expect(result, source).toMatchObject({ exitCode: 0, err: '' });
    }
    loaded = await warehouseContents(db.client);
  }, 300_000);
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    await db.drop();
  });

  /** Loads a bad file: exit code 1, the exact message, and every relation as the baseline left it. */
  async function expectRefused(source: string, file: string, message: string | RegExp) {
    const result = await etl('load', source, file);
    expect(result.exitCode).toBe(1);
    if (typeof message === 'string') expect(result.err).toBe(`error: ${message}`);
    else expect(result.err).toMatch(message);
    expect(await warehouseContents(db.client)).toEqual(loaded);
  }

  describe('numbers: one rule for counts and figures', () => {
    const acute = "dtoc-la-2018-11.xls, sheet 'LA - by type of care', row 40, column F (Acute)";
    const inAcute = (value: string | number) =>
      editedWorkbook(DTOC_NOVEMBER, [{ sheet: 'LA - by type of care', cell: 'F40', value }]);

    it.each([
      [12.5, `${acute}: expected a count as a whole number, found 12.5`],
      [-3, `${acute}: expected a count of 0 or more, found -3`],
      [1e308, `${acute}: expected a number below 10^15 in size, found '1e+308' (out of range)`],
      ['Infinity', `${acute}: expected a number, found 'Infinity' (not a finite number)`],
      ['NaN', `${acute}: expected a number, found 'NaN' (not a finite number)`],
      [
        '1.234,5',
        `${acute}: expected a number, found '1.234,5' (a number with locale separators: write decimals with '.' and thousands with ',' or nothing, as 1234.5 or 1,234.5)`,
      ],
      [
        '1 234',
        `${acute}: expected a number, found '1 234' (a number with locale separators: write decimals with '.' and thousands with ',' or nothing, as 1234.5 or 1,234.5)`,
      ],
    ])('a workbook count of %s is refused', async (value, message) => {
      await expectRefused('dtoc', inAcute(value), message);
    });

    it('a CSV count that is not whole is refused', async () => {
      await expectRefused(
        'population',
        withField(CCG_POPULATION, 2, 'All Ages', '2111469.5'),
        'ccg21_population_estimates_broad_age.csv, row 2, column All Ages: expected a count as a whole number, found 2111469.5',
      );
    });

    it.each([
      ['1e308', "expected a number below 10^15 in size, found '1e308' (out of range)"],
      [
        'Infinity',
        "expected a number or a missing-value marker (NA, [x], [c], *, ..), found 'Infinity' (not a finite number)",
      ],
      [
        '622,5',
        "expected a number or a missing-value marker (NA, [x], [c], *, ..), found '622,5' (a number with locale separators: write decimals with '.' and thousands with ',' or nothing, as 1234.5 or 1,234.5)",
      ],
      [
        '#DIV/0!',
        "expected a number or a missing-value marker (NA, [x], [c], *, ..), found '#DIV/0!' (an Excel error value: correct the formula in the workbook, or type the figure, and save it again)",
      ],
    ])('a CSV figure of %s is refused', async (value, rule) => {
      await expectRefused(
        'indicators',
        withField(TRAFFORD_ADMISSIONS, 2, 'value', value),
        `trafford_admissions_care_homes_65p.csv, row 2, column value: ${rule}`,
      );
    });

    it("loads '-0' as 0 and '1,234.5' as 1234.5, as published with thousands separators", async () => {
      const edited = editCsv(
        editCsv(fs.readFileSync(TRAFFORD_ADMISSIONS, 'utf8'), 2, 'value', '-0'),
        3,
        'value',
        '1,234.5',
      );
      const result = await etl('load', 'indicators', fileLike(TRAFFORD_ADMISSIONS, `${edited}\n`));
      expect(result).toMatchObject({ exitCode: 0, err: '' });
      const { rows } = await db.client.query<{ row_number: number; value: string }>(
        `SELECT row_number, value::text FROM raw.indicator_values v JOIN raw.loads l USING (load_id)
         WHERE l.file_name = $1 AND row_number IN (2, 3) ORDER BY row_number`,
        [path.basename(TRAFFORD_ADMISSIONS)],
      );
      expect(rows).toEqual([
        { row_number: 2, value: '0' },
        { row_number: 3, value: '1234.5' },
      ]);
      loaded = await warehouseContents(db.client);
    });

    it('reads -0 as 0, and plain, thousands-separated and exponent forms as the same number', () => {
      const at = { file: 'x.csv' };
      expect(Object.is(readNumber(-0, at), 0)).toBe(true);
      expect(Object.is(readNumber('-0', at), 0)).toBe(true);
      expect(['1234567', '1,234,567', '1.234567E+06', ' 1234567 '].map((text) => readNumber(text, at))).toEqual(
        Array(4).fill(1234567),
      );
    });
  });

  describe('Excel error values and formulas saved without their value', () => {
    it('names an error value (#DIV/0!) in a count as such, not as a blank cell', async () => {
      const measure = 'Elective G&A Ordinary Admissions (FFCEs)';
      const address = cellOf(MAR_JUNE, 'Commissioner', 'England', measure);
      await expectRefused(
        'mar',
        withCell(MAR_JUNE, 'Commissioner', address, { t: 'e', v: 0x07 }),
        `mar-commissioner-2018-06.xls, sheet 'Commissioner', row 15, column H (${measure}): expected a number, found an error value, #DIV/0! (Excel could not calculate the cell: correct its formula or type the figure)`,
      );
    });

    it('names an error value (#N/A) in a figure that may be blank as such, not as a missing value', async () => {
      const address = cellOf(ASCOF_WORKBOOK, 'in', 'Cumbria', 'Measure Value');
      await expectRefused(
        'ascof',
        withCell(ASCOF_WORKBOOK, 'in', address, { t: 'e', v: 0x2a }),
        "meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx, sheet 'in', row 2, column H: expected a value, found an error value, #N/A (Excel could not calculate the cell: correct its formula or type the figure)",
      );
    });

    it('names a formula saved without its calculated value', async () => {
      await expectRefused(
        'sitrep',
        withCell(sitrepFile('april2023'), 'Table 2', 'E6', { t: 'n', f: 'SUM(E7:E8)' }),
        /^error: acute-discharge-sitrep-april2023\.xlsx, sheet 'Table 2', row 6, column E \(.+\): expected a number, found a formula with no calculated value \(=SUM\(E7:E8\)\): open the file in Excel and save it again, so that the value is calculated and saved$/,
      );
    });
  });

  describe('a header with the same column twice', () => {
    it('is refused in a CSV read by name (the last one used to win)', async () => {
      const text = fs
        .readFileSync(LAD_REGIONS, 'utf8')
        .replace(/^LAD18CD,LAD18NM,RGN18CD,RGN18NM/, 'LAD18CD,LAD18NM,RGN18CD,LAD18NM');
      await expectRefused(
        'lookups',
        fileLike(LAD_REGIONS, text),
        'LAD18_to_RGN18_Dec2018_lookup_EN.csv, row 1, column LAD18NM: the header has this column twice (fields 2 and 4): delete or rename one of them',
      );
    });

    it('is refused in a record-level extract', async () => {
      const extract = await generated(500, 3);
      const [header, ...lines] = fs.readFileSync(extract, 'utf8').split('\n');
      await expectRefused(
        'admissions',
        fileLike(extract, [header!.replace('discharge_date', 'admission_date'), ...lines].join('\n')),
        /^error: admissions-500-seed-3\.csv, row 1, column admission_date: the header has this column twice \(fields 2 and 3\): delete or rename one of them$/,
      );
    });
  });

  describe('text encodings', () => {
    const councilTiers = async () =>
      (
        await db.client.query(
          'SELECT lower_tier_code, lower_tier_name, upper_tier_code, upper_tier_name FROM raw.lookup_council_tiers ORDER BY 1',
        )
      ).rows;
    /** The Welsh copy's rows, read with csv-parse from the UTF-8 text: what every encoding must load. */
    const expectedTiers = () =>
      csvRows(fileLike(COUNCIL_TIERS, welshCouncilTiers()))
        .map((r) => ({
          lower_tier_code: r.LTLA19CD,
          lower_tier_name: r.LTLA19NM,
          upper_tier_code: r.UTLA19CD,
          upper_tier_name: r.UTLA19NM,
        }))
        .sort((a, b) => a.lower_tier_code!.localeCompare(b.lower_tier_code!));

    it('refuses Windows-1252 (Ynys Môn would load as Ynys M�n) and says what to do', async () => {
      const line =
        welshCouncilTiers()
          .split('\n')
          .findIndex((l) => l.includes('Ynys Môn')) + 1;
      await expectRefused(
        'lookups',
        fileLike(COUNCIL_TIERS, windows1252(welshCouncilTiers())),
        `LTLA19_to_UTLA19_Apr2019_lookup_EW.csv, row ${line}: ${NOT_UTF8}`,
      );
    });

    it('refuses a Windows-1252 record-level extract, naming the line', async () => {
      const extract = await generated(500, 4);
      const lines = fs.readFileSync(extract, 'utf8').split('\n');
      lines[300] = lines[300]!.replace(/^[^,]+/, 'Ynys-Môn-1');
      await expectRefused(
        'admissions',
        fileLike(extract, windows1252(lines.join('\n'))),
        `admissions-500-seed-4.csv, row 301: ${NOT_UTF8}`,
      );
    });

    it.each([
      ['UTF-8', (text: string) => Buffer.from(text, 'utf8')],
      ['UTF-8 with a BOM', (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
      ['UTF-16 LE with a BOM', (text: string) => utf16(text, 'le')],
      ['UTF-16 BE with a BOM', (text: string) => utf16(text, 'be')],
    ])('loads %s with the names of the UTF-8 original', async (_encoding, encode) => {
      const result = await etl('load', 'lookups', fileLike(COUNCIL_TIERS, encode(welshCouncilTiers())));
      expect(result).toMatchObject({ exitCode: 0, err: '' });
      const tiers = await councilTiers();
      expect(tiers).toEqual(expectedTiers());
      expect(tiers.find((t) => t.lower_tier_code === 'W06000001')?.lower_tier_name).toBe('Ynys Môn');
      loaded = await warehouseContents(db.client);
    });

    it('reads a UTF-16 record-level extract as its UTF-8 original', async () => {
      const extract = await generated(500, 5);
      const result = await etl(
        'load',
        'admissions',
        '--dry-run',
        fileLike(extract, utf16(fs.readFileSync(extract, 'utf8'), 'le')),
      );
      expect(result).toMatchObject({ exitCode: 0, err: '' });
      expect(result.out).toMatch(/^admissions-500-seed-5\.csv: valid, 500 rows /m);
    });
  });

  describe('dates typed as Excel dates', () => {
    const zone = process.env.TZ;
    afterEach(() => {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    });

    it('reads a month typed as a date as that month under British Summer Time (not the month before)', async () => {
      process.env.TZ = 'Europe/London';
      // 1 June 2018, as Excel stores it, shown as 'June 2018'.
      const june = withCell(DTOC_JUNE, 'LA - by type of care', 'C5', { t: 'n', v: 43252, z: 'mmmm yyyy' });
      const result = await etl('load', 'dtoc', june);
      expect(result).toMatchObject({ exitCode: 0, err: '' });
      const { rows } = await db.client.query(
        `SELECT file_name, period_start::text, superseded_by FROM raw.loads WHERE source = 'dtoc' ORDER BY load_id`,
      );
      expect(rows).toEqual([
        { file_name: 'dtoc-la-2018-05.xls', period_start: '2018-05-01', superseded_by: null },
        { file_name: 'dtoc-la-2018-06.xls', period_start: '2018-06-01', superseded_by: null },
      ]);
    });
  });
});

/** A synthetic extract from `etl generate`, in its own folder. */
async function generated(rows: number, seed: number): Promise<string> {
  const file = path.join(tempDir(), `admissions-${rows}-seed-${seed}.csv`);
  const result = await etl('generate', '--rows', String(rows), '--seed', String(seed), '--out', file);
  expect(result.exitCode).toBe(0);
  return file;
}
