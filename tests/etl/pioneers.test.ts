import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFile } from '../../etl/src/load.js';
import { pioneers } from '../../etl/src/sources/pioneers/index.js';
import { createTestDatabase, rowCounts, type TestDatabase } from '../support/database.js';
import { sharedFile } from '../support/paths.js';
import { csvRows, editCsv } from '../support/programme-metrics.js';
import { textFile } from '../support/workbooks.js';

const PIONEERS = sharedFile('pioneers/integration_pioneers_compiled.csv');
const TEXT = fs.readFileSync(PIONEERS, 'utf8');

describe('pioneers source', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('loads the 25 pioneers with their verified member councils', async () => {
    const published = csvRows(PIONEERS);
    const result = await loadFile(db.client, pioneers, PIONEERS);
    expect(result.outcome).toBe('loaded');
    const { rows } = await db.client.query(
      'SELECT wave, count(DISTINCT pioneer_name)::int AS pioneers, min(announced_date)::text AS announced FROM marts.dim_programme GROUP BY wave ORDER BY wave',
    );
    expect(rows).toEqual([
      { wave: 1, pioneers: published.filter((r) => r.wave === '1').length, announced: '2013-11-01' },
      { wave: 2, pioneers: published.filter((r) => r.wave === '2').length, announced: '2015-01-01' },
    ]);
    expect(rows[0].pioneers + rows[1].pioneers).toBe(25);
  });

  it('records North Staffordshire as part of Staffordshire and the whole of Stoke-on-Trent', async () => {
    const { rows } = await db.client.query(
      "SELECT council_code, coverage FROM marts.dim_programme WHERE pioneer_name = 'North Staffordshire' ORDER BY council_code",
    );
    expect(rows).toEqual([
      { council_code: 'E06000021', coverage: 'whole' },
      { council_code: 'E10000028', coverage: 'part' },
    ]);
  });

  it("reports how the file's indicative codes compare with the verified footprints, dropping none", async () => {
    const indicative = csvRows(PIONEERS).flatMap((r) =>
      r.la_codes_indicative!.split(';').map((code) => `${r.pioneer_name}|${code}`),
    );
    const { rows } = await db.client.query<{ key: string; indicative_check: string }>(
      "SELECT pioneer_name || '|' || council_code AS key, indicative_check FROM raw.pioneer_members",
    );
    // Every indicative code is either confirmed or kept as outside the footprint.
    for (const key of indicative)
      expect(rows.find((r) => r.key === key)?.indicative_check).toMatch(/^(confirmed|not_in_footprint)$/);
    const { rows: parts } = await db.client.query(
      "SELECT count(*)::int AS n FROM staging.pioneer_footprint_checks WHERE coverage = 'part'",
    );
    expect(parts[0].n).toBeGreaterThanOrEqual(9);
  });

  it('adds nothing when the same file is loaded twice', async () => {
    const before = await rowCounts(db.client);
    expect((await loadFile(db.client, pioneers, PIONEERS)).outcome).toBe('already loaded');
    expect(await rowCounts(db.client)).toEqual(before);
  });

  it('keeps a code outside the verified footprint as a non-member and says so', async () => {
    const edited = textFile('pioneers-extra.csv', editCsv(TEXT, 2, 'la_codes_indicative', 'E08000016;E08000019'));
    const result = await loadFile(db.client, pioneers, edited);
    expect(result.replacedLoadIds).toHaveLength(1);
    expect(result.describe).toMatch(/1 outside the footprint, not members \(Barnsley\/E08000019\)/);
    const { rows } = await db.client.query(
      "SELECT council_code FROM marts.dim_programme WHERE pioneer_name = 'Barnsley'",
    );
    expect(rows).toEqual([{ council_code: 'E08000016' }]);
    const { rows: counts } = await db.client.query(
      'SELECT count(DISTINCT pioneer_name)::int AS n FROM marts.dim_programme',
    );
    expect(counts[0].n).toBe(25);
  });

  describe('bad input leaves the warehouse as it was', () => {
    const cases: { name: string; file: () => string; message: RegExp }[] = [
      { name: 'an empty file', file: () => textFile('pioneers.csv', ''), message: /pioneers\.csv: the file is empty/ },
      {
        name: 'a header only',
        file: () => textFile('pioneers.csv', TEXT.split('\n')[0]!),
        message: /pioneers\.csv: no pioneers below the header/,
      },
      {
        name: 'a renamed header',
        file: () => textFile('pioneers.csv', TEXT.replace('announced,', 'announcement,')),
        message: /pioneers\.csv, row 1: missing column 'announced'/,
      },
      {
        name: 'an unknown council code',
        file: () => textFile('pioneers.csv', editCsv(TEXT, 5, 'la_codes_indicative', 'E09009999')),
        message: /pioneers\.csv, row 5, column la_codes_indicative: unknown area code 'E09009999'/,
      },
      {
        name: 'a council code given twice',
        file: () => textFile('pioneers.csv', editCsv(TEXT, 2, 'la_codes_indicative', 'E08000016;E08000016')),
        message: /pioneers\.csv, row 2, column la_codes_indicative: council code 'E08000016' is listed twice/,
      },
      {
        name: 'text in the wave',
        file: () => textFile('pioneers.csv', editCsv(TEXT, 3, 'wave', 'one')),
        message: /pioneers\.csv, row 3, column wave: expected a wave number/,
      },
      {
        name: 'a duplicate pioneer',
        file: () => textFile('pioneers.csv', `${TEXT.trimEnd()}\n${TEXT.split('\n')[4]}\n`),
        message: /pioneers\.csv, row 27, column pioneer_name: duplicate row: pioneer 'Greenwich' is already on row 5/,
      },
      {
        name: 'a truncated file',
        file: () => textFile('pioneers.csv', TEXT.slice(0, TEXT.indexOf('Kent,1,2013-11-01,') + 12)),
        message: /pioneers\.csv, row 7: 3 fields where the header has 6/,
      },
      {
        name: 'a file of another source',
        file: () => sharedFile('ascof/trafford_social_care_satisfaction.csv'),
        message: /trafford_social_care_satisfaction\.csv, row 1: missing columns 'pioneer_name', 'wave', 'announced'/,
      },
    ];
    it.each(cases)('$name', async ({ file, message }) => {
      const before = await rowCounts(db.client);
      await expect(loadFile(db.client, pioneers, file())).rejects.toThrow(message);
      expect(await rowCounts(db.client)).toEqual(before);
    });

    it('loads a BOM and CRLF copy', async () => {
      const bom = textFile(
        'pioneers-bom.csv',
        `\uFEFF${editCsv(TEXT, 2, 'source_urls', 'edited').replace(/\n/g, '\r\n')}`,
      );
      const result = await loadFile(db.client, pioneers, bom);
      expect(result.outcome).toBe('loaded');
      const { rows } = await db.client.query('SELECT count(DISTINCT pioneer_name)::int AS n FROM marts.dim_programme');
      expect(rows[0].n).toBe(25);
    });
  });
});
