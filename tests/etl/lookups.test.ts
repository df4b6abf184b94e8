import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshGeography } from '../../etl/src/lib/refresh-geography.js';
import { loadFile } from '../../etl/src/load.js';
import { revertLoad } from '../../etl/src/revert.js';
import { lookups } from '../../etl/src/sources/lookups/index.js';
import { population } from '../../etl/src/sources/population/index.js';
import { createTestDatabase, rowCounts, type TestDatabase } from '../support/database.js';
import { editedCsv, LOOKUP_FILES, lookupFile, readPublishedCsv, replaceLine } from '../support/geography.js';
import { sharedFile } from '../support/paths.js';
import { textFile, truncatedCopy } from '../support/workbooks.js';

const LAD19 = lookupFile('Local_Authority_District_to_Region_(April_2019)_Lookup_in_England.csv');
const CCG19 = lookupFile('CCG19_to_STP19_Apr2019_lookup_EN.csv');
const LSOA = lookupFile('LSOA11_to_CCG19_to_LAD19_Apr2019_lookup_EN.csv');
const LTLA = lookupFile('LTLA19_to_UTLA19_Apr2019_lookup_EW.csv');

describe('lookups source', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await loadFile(db.client, population, sharedFile('population/ukmidyearestimates20182019ladcodes.xls'));
    await loadFile(db.client, population, sharedFile('population/ukmidyearestimates20192020ladcodes.xls'));
  });
  afterAll(() => db.drop());

  it.each(LOOKUP_FILES)(
    'loads $file with the $rows rows PROVENANCE.md states',
    async ({ file, rows, table, vintage }) => {
      const result = await loadFile(db.client, lookups, lookupFile(file));
      expect(result.outcome).toBe('loaded');
      expect(result.rowCount).toBe(rows);
      const { rows: stored } = await db.client.query(
        `SELECT count(*)::int AS n FROM raw.${table} WHERE load_id = $1 AND vintage = $2`,
        [result.loadId, vintage],
      );
      expect(stored[0].n).toBe(rows);
    },
  );

  it('keeps every kind and vintage side by side: none of the nine loads replaced another', async () => {
    const { rows } = await db.client.query(
      `SELECT count(*)::int AS loads, count(superseded_by)::int AS superseded FROM raw.loads WHERE source = 'lookups'`,
    );
    expect(rows[0]).toEqual({ loads: 9, superseded: 0 });
  });

  it('adds nothing when a lookup is loaded twice', async () => {
    const before = await rowCounts(db.client);
    const result = await loadFile(db.client, lookups, LAD19);
    expect(result.outcome).toBe('already loaded');
    expect(await rowCounts(db.client)).toEqual(before);
  });

  it('replaces a lookup of the same kind and vintage with a revised file', async () => {
    const revised = editedCsv(CCG19, (text) =>
      text.replace('NHS Bradford City CCG', 'NHS Bradford City CCG (revised)'),
    );
    const before = await rowCounts(db.client);
    const result = await loadFile(db.client, lookups, revised);
    expect(result.outcome).toBe('loaded');
    expect(result.replacedLoadIds).toHaveLength(1);
    // The replaced rows are kept for a revert: the 191 CCGs of the published 2019 lookup.
    expect(await rowCounts(db.client)).toEqual({
      ...before,
      loads: before.loads! + 1,
      replaced_rows: before.replaced_rows! + 191,
    });
    const { rows } = await db.client.query(
      `SELECT ccg_name FROM raw.lookup_ccg_stps WHERE vintage = '2019-04-01' AND ccg_code = 'E38000018'`,
    );
    expect(rows).toEqual([{ ccg_name: 'NHS Bradford City CCG (revised)' }]);
    // Reverting the revision puts the published edition back.
    await revertLoad(db.client, result.loadId!);
    const { rows: back } = await db.client.query(
      `SELECT ccg_name FROM raw.lookup_ccg_stps WHERE vintage = '2019-04-01' AND ccg_code = 'E38000018'`,
    );
    expect(back).toEqual([{ ccg_name: 'NHS Bradford City CCG' }]);
    expect(await rowCounts(db.client)).toEqual({ ...before, loads: before.loads! + 1 });
  });

  it('loads an unseen vintage, detected from the year in the column names (LAD20CD, RGN20CD)', async () => {
    const plain = editedCsv(
      LAD19,
      (text) => text.replace('LAD19CD,LAD19NM,RGN19CD,RGN19NM', ' lad20cd ,Lad20nm,RGN20CD,RGN20NM'),
      'LAD20_RGN20.csv',
    );
    const loaded = await loadFile(db.client, lookups, plain);
    expect(loaded.rowCount).toBe(317);
    const { rows } = await db.client.query(
      `SELECT count(*)::int AS n FROM raw.lookup_lad_regions WHERE vintage = '2020-04-01'`,
    );
    expect(rows[0].n).toBe(317);
    await db.client.query('DELETE FROM raw.loads WHERE load_id = $1', [loaded.loadId]);
    await refreshGeography(db.client);
  });

  it('gives CCG-to-council shares that sum to 1 for every CCG and vintage', async () => {
    const { rows } = await db.client.query(
      `SELECT vintage::text, count(DISTINCT ccg_code)::int AS ccgs, max(abs(total - 1))::float AS worst
       FROM (SELECT vintage, ccg_code, sum(share) AS total FROM staging.ccg_council_shares GROUP BY 1, 2) AS t
       GROUP BY vintage ORDER BY vintage`,
    );
    expect(rows.map((r) => [r.vintage, r.ccgs])).toEqual([
      ['2019-04-01', 191],
      ['2021-04-01', 106],
    ]);
    for (const row of rows) expect(row.worst).toBeLessThan(1e-12);
  });

  it('computes 2019 shares as the LSOA counts of the published lookups, districts rolled up to their county', async () => {
    const upperTier = new Map(readPublishedCsv(LTLA).map((r) => [r.LTLA19CD!, r.UTLA19CD!]));
    const counts = new Map<string, number>();
    const totals = new Map<string, number>();
    for (const r of readPublishedCsv(LSOA)) {
      const key = `${r.CCG19CD}|${upperTier.get(r.LAD19CD!) ?? r.LAD19CD}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      totals.set(r.CCG19CD!, (totals.get(r.CCG19CD!) ?? 0) + 1);
    }
    const { rows } = await db.client.query(
      `SELECT ccg_code, council_code, share::float FROM staging.ccg_council_shares WHERE vintage = '2019-04-01'`,
    );
    expect(rows).toHaveLength(counts.size);
    for (const row of rows) {
      const expected = counts.get(`${row.ccg_code}|${row.council_code}`)! / totals.get(row.ccg_code)!;
      expect(row.share).toBeCloseTo(expected, 12);
    }
    const hartlepool = rows
      .filter((r) => r.ccg_code === 'E38000075')
      .map((r) => r.council_code)
      .sort();
    expect(hartlepool).toEqual(['E06000001', 'E06000004']);
  });

  it('gives CCG ODS codes with the shares (Barking and Dagenham is 07L)', async () => {
    const { rows } = await db.client.query(
      `SELECT DISTINCT ccg_ods_code, council_code, share::float FROM staging.ccg_council_shares WHERE ccg_code = 'E38000004'`,
    );
    expect(rows).toEqual([{ ccg_ods_code: '07L', council_code: 'E09000002', share: 1 }]);
  });

  it('builds the geography dimension with hierarchy, ODS codes and code history', async () => {
    const area = async (code: string) =>
      (await db.client.query('SELECT * FROM marts.dim_geography WHERE area_code = $1', [code])).rows[0];
    // Barking and Dagenham CCG merged into North East London CCG in April 2021: absent from the CCG21 pairs.
    const barking = await area('E38000004');
    expect(barking).toMatchObject({
      area_type: 'ccg',
      org_code: '07L',
      parent_code: 'E54000029',
      stp_code: 'E54000029',
      is_current: false,
    });
    expect(barking.valid_to.toISOString().slice(0, 10)).toBe('2021-03-31');
    expect(await area('E38000006')).toMatchObject({
      area_name: 'NHS Barnsley CCG',
      org_code: '02P',
      valid_to: null,
      nhs_region_code: expect.stringMatching(/^E40/),
    });
    expect(await area('E10000032')).toMatchObject({
      area_name: 'West Sussex',
      area_type: 'council',
      ons_area_type: 'county',
      region_code: 'E12000008',
      parent_code: 'E12000008',
    });
    expect(await area('E07000223')).toMatchObject({
      area_name: 'Adur',
      area_type: 'district',
      council_code: 'E10000032',
      parent_code: 'E10000032',
    });
    expect(await area('E12000008')).toMatchObject({ area_type: 'region', parent_code: 'E92000001' });
    expect(await area('E92000001')).toMatchObject({ area_type: 'england', parent_code: null });
    const christchurch = await area('E07000048');
    expect(christchurch).toMatchObject({ area_type: 'district', successor_codes: ['E06000058'], is_current: false });
    expect(christchurch.valid_to.toISOString().slice(0, 10)).toBe('2019-03-31');
    const bcp = await area('E06000058');
    expect(bcp.predecessor_codes).toEqual(['E06000028', 'E06000029', 'E07000048', 'E10000009']);
    expect(bcp.valid_from.toISOString().slice(0, 10)).toBe('2019-04-01');
    expect(await area('E10000021')).toMatchObject({ successor_codes: ['E06000061', 'E06000062'], is_current: false });
    expect(await area('E06000060')).toMatchObject({
      area_type: 'council',
      region_code: 'E12000008',
      predecessor_codes: expect.arrayContaining(['E10000002']),
    });
    expect(await area('E08000020')).toMatchObject({
      area_name: 'Gateshead',
      successor_codes: ['E08000037'],
      region_code: 'E12000001',
    });
  });

  it('infers that CCGs missing from a later complete lookup ended the day before it', async () => {
    // E38000018 (NHS Bradford City CCG) is in the April 2019 lookup, not in the April 2020 one (merged into Bradford District and Craven).
    const { rows } = await db.client.query(
      `SELECT valid_to::text, is_current FROM marts.dim_geography WHERE area_code = 'E38000018'`,
    );
    expect(rows).toEqual([{ valid_to: '2020-03-31', is_current: false }]);
  });

  it('keeps the areas the Cube model reads, with the ONS type names of the API contract', async () => {
    const { rows } = await db.client.query(
      `SELECT area_code, area_name, area_type, area_level FROM marts.areas WHERE area_code IN ('E92000001', 'E10000032', 'E06000023', 'E38000004') ORDER BY area_code`,
    );
    expect(rows).toEqual([
      { area_code: 'E06000023', area_name: 'Bristol, City of', area_type: 'unitary authority', area_level: 'council' },
      { area_code: 'E10000032', area_name: 'West Sussex', area_type: 'county', area_level: 'council' },
      { area_code: 'E38000004', area_name: 'NHS Barking and Dagenham CCG', area_type: 'ccg', area_level: 'ccg' },
      { area_code: 'E92000001', area_name: 'England', area_type: 'country', area_level: 'england' },
    ]);
    const { rows: unique } = await db.client.query(
      'SELECT count(*)::int AS n, count(DISTINCT area_code)::int AS codes FROM marts.dim_geography',
    );
    expect(unique[0].n).toBe(unique[0].codes);
  });

  it('loads a lookup saved with a BOM and CRLF line endings', async () => {
    const crlf = editedCsv(
      lookupFile('CCG20_names_codes_Apr2020_EN.csv'),
      (text) => `\uFEFF${text.replace(/\r?\n/g, '\r\n')}`,
      'CCG20_names_crlf.csv',
    );
    const result = await loadFile(db.client, lookups, crlf, { dryRun: true });
    expect(result).toMatchObject({ outcome: 'valid', rowCount: 135 });
  });

  describe('bad input leaves the warehouse as it was', () => {
    const cases: { name: string; file: () => string; message: RegExp }[] = [
      {
        name: 'a truncated file (cut in the middle of a line)',
        file: () => truncatedCopy(LSOA, 0.5),
        message:
          /LSOA11_to_CCG19_to_LAD19_Apr2019_lookup_EN\.csv: the file ends in the middle of a line: it looks truncated/,
      },
      {
        name: 'an empty file',
        file: () => textFile('LAD21_RGN21.csv', ''),
        message: /LAD21_RGN21\.csv: the file is empty/,
      },
      {
        name: 'a header and no rows',
        file: () => textFile('LAD21_RGN21.csv', 'LAD21CD,LAD21NM,RGN21CD,RGN21NM\r\n'),
        message: /LAD21_RGN21\.csv, row 2: no rows below the header/,
      },
      {
        name: 'a renamed header',
        file: () => editedCsv(LAD19, (text) => text.replace('RGN19CD', 'Region code')),
        message:
          /\(April_2019\)_Lookup_in_England\.csv, row 1: not an ONS lookup this source knows .*accepted: .*local authority district to region \(LADyyCD \+ RGNyyCD\)/,
      },
      {
        name: 'a file of another source (CCG population estimates)',
        file: () => sharedFile('population/ccg21_population_estimates_broad_age.csv'),
        message: /ccg21_population_estimates_broad_age\.csv, row 1: not an ONS lookup this source knows/,
      },
      {
        name: 'a workbook (DToC)',
        file: () => sharedFile('dtoc/dtoc-la-2018-06.xls'),
        message: /dtoc-la-2018-06\.xls: not a CSV text file/,
      },
      {
        name: 'an area code of the wrong kind in a code column',
        file: () => editedCsv(CCG19, (text) => replaceLine(text, 40, (line) => line.replace(/E38\d{6}/, 'E10000032'))),
        message:
          /CCG19_to_STP19_Apr2019_lookup_EN\.csv, row 40, column CCG19CD: expected a CCG code \(E38 followed by 6 digits\), found 'E10000032'/,
      },
      {
        name: 'an unknown region code',
        file: () => editedCsv(LAD19, (text) => replaceLine(text, 100, (line) => line.replace(/E12\d{6}/, 'X12000009'))),
        message: /row 100, column RGN19CD: expected a region code \(E12 followed by 6 digits\), found 'X12000009'/,
      },
      {
        name: 'a duplicate row',
        file: () => editedCsv(LTLA, (text) => `${text.trimEnd()}\n${text.split('\n')[5]!.trim()}\n`),
        message:
          /LTLA19_to_UTLA19_Apr2019_lookup_EW\.csv, row 341, column LTLA19CD: duplicate row: LTLA19CD '\w+' is already on line 6/,
      },
      {
        name: 'a blank name',
        file: () => editedCsv(CCG19, (text) => text.replace(',NHS Bradford Districts CCG,', ',,')),
        message:
          /CCG19_to_STP19_Apr2019_lookup_EN\.csv, row 4, column CCG19NM: a value is required here, found a blank cell/,
      },
    ];

    it.each(cases)('$name', async ({ file, message }) => {
      const before = await rowCounts(db.client);
      const loads = await db.client.query('SELECT load_id, superseded_by FROM raw.loads ORDER BY load_id');
      await expect(loadFile(db.client, lookups, file())).rejects.toThrow(message);
      expect(await rowCounts(db.client)).toEqual(before);
      expect((await db.client.query('SELECT load_id, superseded_by FROM raw.loads ORDER BY load_id')).rows).toEqual(
        loads.rows,
      );
    });
  });
});
