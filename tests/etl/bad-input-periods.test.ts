import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etl } from '../support/cli.js';
import { createTestDatabase, type TestDatabase, warehouseContents } from '../support/database.js';
import { sharedFile } from '../support/paths.js';
import { editedWorkbook } from '../support/workbooks.js';

// A file's period begins before the file was published, and before today.

const DTOC_JUNE = sharedFile('dtoc/dtoc-la-2018-06.xls');
const DTOC_SHEETS = ['England', 'LA - by type of care', 'LA - by responsible org', 'LA - by reason'];
const MAR_JUNE = sharedFile('admissions_mar/mar-commissioner-2018-06.xls');

/** The workbook with one cover cell set to `value` on every sheet that has the cover block. */
const withCover = (file: string, sheets: string[], cell: string, value: string) =>
  editedWorkbook(
    file,
    sheets.map((sheet) => ({ sheet, cell, value })),
  );

describe('periods against the publication date and today', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    expect((await etl('load', 'dtoc', sharedFile('dtoc/dtoc-la-2018-05.xls'))).exitCode).toBe(0);
  });
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    await db.drop();
  });

  const refused = async (source: string, file: string, message: string) => {
    const before = await warehouseContents(db.client);
    for (const dryRun of [['--dry-run'], []]) {
      const result = await etl('load', source, ...dryRun, file);
      expect(result.exitCode).toBe(1);
      expect(result.err).toBe(`error: ${message}`);
    }
    expect(await warehouseContents(db.client)).toEqual(before);
  };

  it('refuses a DToC month published before it began', () =>
    refused(
      'dtoc',
      withCover(DTOC_JUNE, DTOC_SHEETS, 'C8', '9th May 2018'),
      "dtoc-la-2018-06.xls, sheet 'LA - by type of care', field Period:: the period starts on 2018-06-01, after the file's publication date (9th May 2018): figures cannot be published before their period begins",
    ));

  it('refuses a DToC month that has not begun', async () => {
    const today = new Date().toISOString().slice(0, 10);
    await refused(
      'dtoc',
      withCover(DTOC_JUNE, DTOC_SHEETS, 'C5', 'June 2090'),
      `dtoc-la-2018-06.xls, sheet 'LA - by type of care', field Period:: the period '2090-06' starts on 2090-06-01, after today (${today}): it cannot have been published yet`,
    );
  });

  it('refuses a MAR month published before it began', () =>
    refused(
      'mar',
      withCover(MAR_JUNE, ['Commissioner', 'Region'], 'C8', '1st June 2017'),
      "mar-commissioner-2018-06.xls, sheet 'Commissioner', field Period:: the period starts on 2018-06-01, after the file's publication date (1st June 2017): figures cannot be published before their period begins",
    ));
});
