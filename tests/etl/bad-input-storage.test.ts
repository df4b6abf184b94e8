import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etl } from '../support/cli.js';
import { createTestDatabase, type TestDatabase, warehouseContents } from '../support/database.js';
import { sharedFile } from '../support/paths.js';
import { editCsv } from '../support/programme-metrics.js';
import { cellOf, editedWorkbook, textFile } from '../support/workbooks.js';

// A figure a column cannot hold is refused where it was read; any other is stored, and no stored value can make
// a view fail (one mistyped collated row once made every England delayed-transfers query fail).

const REASON_CSV = sharedFile('dtoc/DToC_Days_Reason_for_Delay_excl-2019-10.csv');
const DTOC_NOVEMBER = sharedFile('dtoc/dtoc-la-2018-11.xls');
const CCG_POPULATION = sharedFile('population/ccg21_population_estimates_broad_age.csv');
const ENGLAND = 'E92000001';

/** A copy of a CSV with one field of one line (1-based) replaced, named as the original. */
const withField = (file: string, line: number, column: string, value: string) =>
  textFile(path.basename(file), `${editCsv(fs.readFileSync(file, 'utf8'), line, column, value)}\n`);

describe('values a column may not hold', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
  });
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    await db.drop();
  });

  /** Every staging and marts view, read whole: none may fail on what is stored. */
  async function readEveryView() {
    const { rows } = await db.client.query<{ name: string }>(
      `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname IN ('staging', 'marts') AND c.relkind IN ('v', 'm') ORDER BY 1`,
    );
    expect(rows.length).toBeGreaterThan(10);
    for (const { name } of rows) await db.client.query(`SELECT * FROM ${name}`);
  }

  /**
   * Loads a file holding a figure far beyond any published one: either it is stored exactly and every view still
   * answers, England's delayed transfers among them, or it is refused naming where it is and nothing changes.
   */
  async function storedOrRefusedWhere(file: string, figure: number, location: RegExp) {
    const before = await warehouseContents(db.client);
    const result = await etl('load', 'dtoc', file);
    if (result.exitCode === 0) {
      await readEveryView();
      const { rows } = await db.client.query<{ delayed_days: string }>(
        'SELECT delayed_days::text FROM marts.delayed_transfers WHERE area_code = $1',
        [ENGLAND],
      );
      expect(rows.length).toBeGreaterThan(0);
      const stored = await db.client.query(
        `SELECT 1 FROM raw.dtoc_delayed_days WHERE delayed_days = $1
         UNION ALL SELECT 1 FROM raw.dtoc_collated_delayed_days WHERE delayed_days = $1`,
        [figure],
      );
      expect(stored.rows).toHaveLength(1);
    } else {
      expect(result.exitCode).toBe(1);
      expect(result.err).toMatch(location);
      expect(result.err).not.toMatch(/numeric field overflow/);
      expect(await warehouseContents(db.client)).toEqual(before);
    }
  }

  it('a collated DToC row with 123456789.5 days: stored, or refused with its line and column', async () => {
    const file = withField(REASON_CSV, 3, 'Total Delayed Transfers of Care', '123456789.5');
    await storedOrRefusedWhere(
      file,
      123456789.5,
      /^error: DToC_Days_Reason_for_Delay_excl-2019-10\.csv, row \d+, column [^:]+: /m,
    );
  });

  it('a DToC workbook cell of 1e12 days: stored, or refused with its sheet, row and column', async () => {
    const sheet = 'LA - by type of care';
    const file = editedWorkbook(DTOC_NOVEMBER, [
      { sheet, cell: cellOf(DTOC_NOVEMBER, sheet, 'Derby UA', 'Acute'), value: 1e12 },
    ]);
    await storedOrRefusedWhere(
      file,
      1e12,
      /^error: dtoc-la-2018-11\.xls, sheet 'LA - by type of care', row \d+, column [A-Z]+/m,
    );
  });

  it('a text field with a NUL character is refused with its row and column, and nothing is written', async () => {
    const before = await warehouseContents(db.client);
    const pioneers = sharedFile('pioneers/integration_pioneers_compiled.csv');
    // A free-text field (the sources' URLs), so that no other check of the row refuses it first.
    const file = withField(pioneers, 3, 'source_urls', 'https://www.england.nhs.uk/\0pioneers');
    for (const dryRun of [['--dry-run'], []]) {
      const result = await etl('load', 'pioneers', ...dryRun, file);
      expect(result.exitCode).toBe(1);
      expect(result.err).toBe(
        'error: integration_pioneers_compiled.csv, row 3, field source_urls: text with a NUL character cannot be stored (raw.pioneers.source_urls)',
      );
    }
    expect(await warehouseContents(db.client)).toEqual(before);
  });

  it('a count beyond an integer column is refused with the column, not by PostgreSQL', async () => {
    const before = await warehouseContents(db.client);
    // Consistent in itself (All Ages is the sum of the bands), three billion people in one CCG.
    const lines = fs.readFileSync(CCG_POPULATION, 'utf8').split(/\r?\n/);
    const header = lines[0]!.replace(/^\uFEFF/, '').split(',');
    const fields = lines[1]!.split(',');
    const bands = header.flatMap((name, i) =>
      name.startsWith('Age ') && name !== 'Age 66+' ? [Number(fields[i])] : [],
    );
    const oldest = 3_000_000_000 - bands.reduce((a, b) => a + b, 0);
    let file = withField(CCG_POPULATION, 2, 'All Ages', '3000000000');
    file = withField(file, 2, 'Age 66+', String(oldest));
    for (const dryRun of [['--dry-run'], []]) {
      const result = await etl('load', 'population', ...dryRun, file);
      expect(result.exitCode).toBe(1);
      expect(result.err).toMatch(
        /^error: ccg21_population_estimates_broad_age\.csv, field people: \d+ is outside the range of raw\.population_ccg_estimates\.people \(integer: -2,147,483,648 to 2,147,483,647\), in the row of boundary_year 2021, ccg_code E38\d{6}, age_band /,
      );
      expect(result.err).not.toMatch(/out of range/);
    }
    expect(await warehouseContents(db.client)).toEqual(before);
  });
});
