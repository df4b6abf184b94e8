import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etl } from '../support/cli.js';
import { createTestDatabase, rowCounts, type TestDatabase } from '../support/database.js';
import { sharedFile } from '../support/paths.js';

const DTOC_FILES = fs
  .readdirSync(sharedFile('dtoc'))
  .filter((name) => name.endsWith('.xls'))
  .map((name) => sharedFile('dtoc', name));

describe('npm run etl -- load', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    process.env.DATABASE_URL = db.url;
  });
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    await db.drop();
  });

  // 82 workbooks, each in its own transaction with its metrics computed: minutes on a shared two-core machine.
  it('loads every published DToC workbook, each month giving the totals of the collated series', async () => {
    const population = await etl('load', 'population', sharedFile('population/ukmidyearestimates20182019ladcodes.xls'));
    expect(population.exitCode).toBe(0);
    const result = await etl('load', 'dtoc', ...DTOC_FILES);
    expect(result.err).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.out).toMatch(new RegExp(`dtoc: ${DTOC_FILES.length} of ${DTOC_FILES.length} files loaded`));

    const golden = parse(fs.readFileSync(sharedFile('dtoc/DToC_Days_Reason_for_Delay_excl-2019-10.csv')), {
      columns: true,
    }) as Record<string, string>[];
    const { rows } = await db.client.query<{
      area_code: string;
      dh_code: string | null;
      month: string;
      delayed_days: string;
    }>(
      `SELECT area_code, dh_code, to_char(period_month, 'FMMonth YYYY') AS month, delayed_days
       FROM raw.dtoc_delayed_days WHERE breakdown = 'reason' AND category = 'total'`,
    );
    const warehouse = new Map<string, number>();
    for (const row of rows) {
      const days = Number(row.delayed_days);
      warehouse.set(`${row.month}|${row.area_code}`, days);
      if (row.dh_code) warehouse.set(`${row.month}|${row.dh_code}`, days);
    }
    const loadedMonths = new Set(rows.map((row) => row.month));
    let compared = 0;
    for (const row of golden.filter((r) => loadedMonths.has(r.Period!))) {
      const code = row.Code === '-' ? 'E92000001' : row.Code!;
      expect(warehouse.get(`${row.Period}|${code}`), `${row.Name} ${row.Period}`).toBe(
        Number(row['Total Delayed Transfers of Care']),
      );
      compared++;
    }
    expect(compared).toBeGreaterThan(DTOC_FILES.length * 150);
  }, 180_000);

  it('says a file is already loaded and adds nothing the second time', async () => {
    const before = await rowCounts(db.client);
    const result = await etl('load', 'dtoc', DTOC_FILES[0]!);
    expect(result.out).toMatch(/already loaded \(load \d+\), nothing added/);
    expect(await rowCounts(db.client)).toEqual(before);
  });

  it('validates without writing on --dry-run', async () => {
    await db.client.query("DELETE FROM raw.loads WHERE file_name = 'dtoc-la-2019-12.xls'");
    const before = await rowCounts(db.client);
    const result = await etl('load', 'dtoc', '--dry-run', sharedFile('dtoc/dtoc-la-2019-12.xls'));
    expect(result.out).toMatch(/dtoc-la-2019-12\.xls: valid, 2,926 rows .*nothing written/);
    expect(await rowCounts(db.client)).toEqual(before);
  });

  it('fails with a clear message for an unknown source or a missing file', async () => {
    const unknown = await etl('load', 'sitreps', DTOC_FILES[0]!);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.err).toMatch(/source must be one of: dtoc, population/);
    const missing = await etl('load', 'dtoc', 'no-such-file.xls');
    expect(missing.exitCode).toBe(1);
    expect(missing.err).toMatch(/no-such-file\.xls: no such file/);
  });
});
