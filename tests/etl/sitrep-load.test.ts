import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFile } from '../../etl/src/load.js';
import { sitrep } from '../../etl/src/sources/sitrep/index.js';
import { createTestDatabase, rowCounts, rowsOfLoads, type TestDatabase } from '../support/database.js';
import { sharedFile } from '../support/paths.js';
import {
  editedSitrep,
  publishedDay,
  publishedEnglandDays,
  publishedEnglandMonth,
  publishedPeriod,
  publishedSeriesDay,
  sitrepFile,
  withoutSheet,
} from '../support/sitrep.js';
import { textFile, truncatedCopy } from '../support/workbooks.js';

const MONTHS = ['april2022', 'april2023', 'december2023', 'january2024'];
const SERIES = sitrepFile('latest_time_series');
const APRIL_2023 = sitrepFile('april2023');
const NOT_MEETING = 'Number of patients who no longer meet the criteria to reside';

describe('sitrep source', () => {
  let db: TestDatabase;
  const loadIds = new Map<string, string>();
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('loads every published file: four monthly workbooks and the time series', async () => {
    for (const name of [...MONTHS, 'latest_time_series']) {
      const result = await loadFile(db.client, sitrep, sitrepFile(name));
      expect(result.outcome, name).toBe('loaded');
      expect(result.rowCount, name).toBeGreaterThan(10_000);
      loadIds.set(name, result.loadId!);
    }
  });

  it("gives each monthly workbook its cover sheet's period, and the series its whole range", async () => {
    for (const name of MONTHS) {
      const { rows } = await db.client.query(
        'SELECT period_start::text, period_end::text FROM raw.loads WHERE load_id = $1',
        [loadIds.get(name)],
      );
      expect([rows[0].period_start, rows[0].period_end]).toEqual(publishedPeriod(sitrepFile(name)));
    }
    const { rows } = await db.client.query(
      'SELECT period_start::text, period_end::text FROM raw.loads WHERE load_id = $1',
      [loadIds.get('latest_time_series')],
    );
    const [coverStart, coverEnd] = publishedPeriod(SERIES);
    // The first weekly snapshot (w/c 26 March 2021) starts before the cover's period.
    expect(rows[0].period_start <= coverStart).toBe(true);
    expect(rows[0].period_end).toBe(coverEnd);
  });

  it('keeps the monthly workbooks and the time series current side by side (neither revises the other)', async () => {
    const { rows } = await db.client.query(
      "SELECT count(*)::int AS n FROM raw.loads WHERE source = 'sitrep' AND superseded_by IS NOT NULL",
    );
    expect(rows[0].n).toBe(0);
  });

  it('reproduces the published England row of Table 2 on every day of every month', async () => {
    for (const name of MONTHS) {
      const published = publishedEnglandDays(sitrepFile(name));
      const { rows } = await db.client.query(
        `SELECT report_date::text AS date, patients_not_meeting_criteria_to_reside::int AS not_meeting,
                patients_discharged::int AS discharged, patients_remaining_in_hospital::int AS remaining, publication
         FROM marts.discharge_delays WHERE area_code = 'E92000001' AND report_date BETWEEN $1 AND $2 ORDER BY 1`,
        publishedPeriod(sitrepFile(name)),
      );
      expect(rows.length, name).toBe(published.size);
      for (const row of rows) {
        const day = published.get(row.date)!;
        expect(row, `${name} ${row.date}`).toEqual({
          date: row.date,
          not_meeting: day.notMeeting,
          discharged: day.discharged,
          remaining: day.remaining,
          publication: 'monthly',
        });
      }
    }
  });

  it('reproduces a published region and trust row on a sampled day', async () => {
    const london = publishedDay(APRIL_2023, 'LONDON', '2023-04-12');
    const { rows } = await db.client.query(
      `SELECT area_code, area_name, patients_not_meeting_criteria_to_reside::int AS n FROM marts.discharge_delays
       WHERE area_type = 'nhs region' AND org_code = 'Y56' AND report_date = '2023-04-12'`,
    );
    expect(rows).toEqual([{ area_code: 'E40000003', area_name: 'London', n: london.notMeeting }]);
    const trust = publishedDay(APRIL_2023, 'MID AND SOUTH ESSEX NHS FOUNDATION TRUST', '2023-04-12');
    const trustRows = await db.client.query(
      `SELECT patients_discharged::int AS n, region_name FROM marts.discharge_delays WHERE area_code = 'RAJ' AND report_date = '2023-04-12'`,
    );
    expect(trustRows.rows).toEqual([{ n: trust.discharged, region_name: 'East of England' }]);
  });

  it('fills England from the time series on days without a monthly workbook', async () => {
    const published = publishedSeriesDay('2022-11-15');
    const { rows } = await db.client.query(
      `SELECT patients_not_meeting_criteria_to_reside::int AS n, patients_discharged::int AS d, publication
       FROM marts.discharge_delays WHERE area_code = 'E92000001' AND report_date = '2022-11-15'`,
    );
    expect(rows).toEqual([
      { n: published[NOT_MEETING], d: published['Number of patients discharged'], publication: 'time_series' },
    ]);
    // A day nobody submitted (19/06/22, noted in the series) is kept with no figures.
    const missing = await db.client.query(
      `SELECT patients_not_meeting_criteria_to_reside FROM marts.discharge_delays WHERE area_code = 'E92000001' AND report_date = '2022-06-19'`,
    );
    expect(missing.rows).toEqual([{ patients_not_meeting_criteria_to_reside: null }]);
  });

  it("reproduces England's month totals by destination (Table 4) and delay reasons (Table 5)", async () => {
    const january = sitrepFile('january2024');
    for (const [table, heading] of [
      ['discharges_by_destination', 'P0 - Domestic home without reablement support'],
      ['discharges_by_destination', 'P3 - Care Home\n(new admission, likely permanent)'],
      ['delay_reasons', 'Awaiting transport'],
    ] as const) {
      const sheet = table === 'discharges_by_destination' ? 'Table 4' : 'Table 5';
      const { rows } = await db.client.query(
        `SELECT value::float AS value FROM raw.sitrep_values
         WHERE load_id = $1 AND table_name = $2 AND org_level = 'england' AND category = $3 AND period_date = '2024-01-01'`,
        [loadIds.get('january2024'), table, heading.replace(/\s+/g, ' ')],
      );
      expect(rows, heading).toEqual([{ value: publishedEnglandMonth(january, sheet, heading) }]);
    }
  });

  it('holds England = sum of the seven regions, as the publication does (ICB and trust rows exclude hospice discharges, so not them)', async () => {
    const { rows } = await db.client.query(`
      WITH sums AS (
        SELECT load_id, table_name, metric, COALESCE(category, '') AS category, period_date,
               sum(value) FILTER (WHERE org_level = 'england') AS england,
               sum(value) FILTER (WHERE org_level = 'region') AS regions,
               count(*) FILTER (WHERE org_level = 'region') AS region_rows
        FROM raw.sitrep_values
        WHERE publication = 'monthly' AND table_name <> 'missing_organisations'
        GROUP BY 1, 2, 3, 4, 5
      )
      SELECT count(*)::int AS cells, count(*) FILTER (WHERE england <> regions)::int AS mismatches, min(region_rows)::int AS regions FROM sums
    `);
    expect(rows[0]).toEqual({ cells: expect.any(Number), mismatches: 0, regions: 7 });
    expect(rows[0].cells).toBeGreaterThan(4 * 100);
  });

  it('adds nothing when the same file is loaded twice', async () => {
    const before = await rowCounts(db.client);
    for (const name of ['april2023', 'latest_time_series']) {
      const result = await loadFile(db.client, sitrep, sitrepFile(name));
      expect(result.outcome).toBe('already loaded');
    }
    expect(await rowCounts(db.client)).toEqual(before);
  });

  describe('bad input leaves the warehouse as it was', () => {
    const cases: { name: string; file: () => string; message: RegExp }[] = [
      {
        name: 'a truncated workbook',
        file: () => truncatedCopy(sitrepFile('december2023')),
        message: /acute-discharge-sitrep-december2023\.xlsx: (the workbook is damaged or truncated|.*no sheet)/,
      },
      {
        name: 'an empty file',
        file: () => textFile('acute-discharge-sitrep-may2023.xlsx', ''),
        message: /acute-discharge-sitrep-may2023\.xlsx: the file is empty/,
      },
      {
        name: 'a DToC workbook given to sitrep',
        file: () => sharedFile('dtoc/dtoc-la-2018-06.xls'),
        message: /dtoc-la-2018-06\.xls: no sheet named 'Cover Sheet' or 'Cover'/,
      },
      {
        name: 'a CSV renamed to .xlsx',
        file: () => textFile('acute-discharge-sitrep-june2023.xlsx', 'Date,Patients\r\n2023-06-01,1\r\n'),
        message: /acute-discharge-sitrep-june2023\.xlsx: not an Excel workbook/,
      },
      {
        name: 'a workbook whose cover is not the sitrep',
        file: () => editedSitrep(APRIL_2023, [{ sheet: 'Cover Sheet', cell: 'C2', value: 'Monthly Activity Return' }]),
        message:
          /sheet 'Cover Sheet', field Title:: not an acute discharge situation report workbook \(Title: 'Monthly Activity Return'\)/,
      },
      {
        name: "a renamed table title (Table 2's label)",
        file: () => editedSitrep(APRIL_2023, [{ sheet: 'Table 2', cell: 'B2', value: 'Table 2: Patients' }]),
        message:
          /acute-discharge-sitrep-april2023\.xlsx: no sheet holds the table of patients who no longer meet the criteria to reside, per day/,
      },
      {
        name: 'a missing table sheet',
        file: () => withoutSheet(APRIL_2023, 'Table 4'),
        message: /no sheet holds the table of patients discharged in the month by intended destination/,
      },
      {
        name: 'a renamed column heading',
        file: () => editedSitrep(APRIL_2023, [{ sheet: 'Table 2', cell: 'F5', value: 'Patients out' }]),
        message:
          /sheet 'Table 2', row 5: no column for patients discharged under 2023-04-01 \(a heading was renamed or removed\)/,
      },
      {
        name: 'text in a number cell',
        file: () => editedSitrep(APRIL_2023, [{ sheet: 'Table 2', cell: 'E6', value: 'lots' }]),
        message:
          /sheet 'Table 2', row 6, column E \(Number of patients who no longer meet the criteria to reside\): expected a number, found 'lots'/,
      },
      {
        name: 'a negative count',
        file: () => editedSitrep(APRIL_2023, [{ sheet: 'Table 4', cell: 'E7', value: -5 }]),
        message:
          /sheet 'Table 4', row 7, column E \(P0 - Domestic home without reablement support\): expected a count of 0 or more, found -5/,
      },
      {
        name: 'a blank cell in a data row',
        file: () => editedSitrep(APRIL_2023, [{ sheet: 'Table 5', cell: 'F20', value: null }]),
        message: /sheet 'Table 5', row 20, column F .*: expected a number, found a blank cell/,
      },
      {
        name: 'an unknown region',
        file: () => editedSitrep(APRIL_2023, [{ sheet: 'Table 2', cell: 'D8', value: 'ATLANTIS' }]),
        message: /sheet 'Table 2', row 8, column D: unknown NHS region 'ATLANTIS'/,
      },
      {
        name: 'a malformed organisation code',
        file: () => editedSitrep(APRIL_2023, [{ sheet: 'Table 3', cell: 'C17', value: 'Q M M!' }]),
        message: /sheet 'Table 3', row 17, column C \(ICB Code\): expected an ODS organisation code/,
      },
      {
        name: 'a duplicate organisation row',
        file: () => editedSitrep(APRIL_2023, [{ sheet: 'Table 2', cell: 'C17', value: 'QUE' }]),
        message: /sheet 'Table 2', row 17, column C: duplicate row for icb QUE \(first at row 16\)/,
      },
      {
        name: "a date outside the cover sheet's period",
        file: () => editedSitrep(APRIL_2023, [{ sheet: 'Cover Sheet', cell: 'E4', value: '15/04/2023' }]),
        message:
          /sheet 'Table 1', row \d+, column B: date 2023-04-16 is outside the cover sheet's period 2023-04-01 – 2023-04-15/,
      },
      {
        name: 'a time series with a blank cell in a submitted day',
        file: () => editedSitrep(SERIES, [{ sheet: 'Daily Series', cell: 'D20', value: null }]),
        message:
          /sheet 'Daily Series', row 20, column D \(Number of patients discharged\): expected a number, found a blank cell/,
      },
      {
        name: 'a time series without its weekly sheet',
        file: () => withoutSheet(SERIES, 'Weekly Series'),
        message:
          /acute-discharge-sitrep-latest_time_series\.xlsx: the time series workbook has no 'Weekly Series' sheet/,
      },
    ];

    it.each(cases)('$name', async ({ file, message }) => {
      const before = await rowCounts(db.client);
      await expect(loadFile(db.client, sitrep, file())).rejects.toThrow(message);
      expect(await rowCounts(db.client)).toEqual(before);
    });
  });

  it('replaces the month when a revised monthly workbook is loaded, leaving the time series current', async () => {
    // England restated with one of its regions (East of England, 1,979 published), so that it is still their sum.
    const revised = editedSitrep(APRIL_2023, [
      { sheet: 'Table 2', cell: 'E6', value: 99999 },
      { sheet: 'Table 2', cell: 'E7', value: 1979 + 99999 - 21995 },
      { sheet: 'Cover Sheet', cell: 'C8', value: '14/12/2023' },
    ]);
    const before = await rowCounts(db.client);
    const result = await loadFile(db.client, sitrep, revised);
    expect(result.outcome).toBe('loaded');
    expect(await rowCounts(db.client)).toEqual({
      ...before,
      loads: before.loads! + 1,
      // The rows of the edition replaced are kept for a revert.
      replaced_rows: before.replaced_rows! + (await rowsOfLoads(db.client, result.replacedLoadIds)),
    });
    const { rows } = await db.client.query(
      `SELECT patients_not_meeting_criteria_to_reside::int AS n FROM marts.discharge_delays WHERE area_code = 'E92000001' AND report_date = '2023-04-01'`,
    );
    expect(rows).toEqual([{ n: 99999 }]);
    const loads = await db.client.query(
      `SELECT load_id::text, superseded_by::text, edition FROM raw.loads WHERE source = 'sitrep' AND superseded_by IS NOT NULL`,
    );
    expect(loads.rows).toEqual([
      {
        load_id: loadIds.get('april2023'),
        superseded_by: result.loadId,
        edition: expect.stringContaining('published 2023-05-11'),
      },
    ]);
  });

  it('replaces the overlap when a newer time series is loaded, leaving the monthly workbooks current', async () => {
    const newer = editedSitrep(SERIES, [{ sheet: 'Daily Series', cell: 'C20', value: 12345 }]);
    const before = await rowCounts(db.client);
    const result = await loadFile(db.client, sitrep, newer);
    expect(result.outcome).toBe('loaded');
    expect(await rowCounts(db.client)).toEqual({
      ...before,
      loads: before.loads! + 1,
      // The rows of the edition replaced are kept for a revert.
      replaced_rows: before.replaced_rows! + (await rowsOfLoads(db.client, result.replacedLoadIds)),
    });
    const { rows } = await db.client.query(
      `SELECT load_id::text, value::int FROM raw.sitrep_values WHERE table_name = 'daily_series' AND row_number = 20 AND metric = 'patients_not_meeting_criteria_to_reside'`,
    );
    expect(rows).toEqual([{ load_id: result.loadId, value: 12345 }]);
    const superseded = await db.client.query(
      `SELECT load_id::text FROM raw.loads WHERE source = 'sitrep' AND superseded_by = $1`,
      [result.loadId],
    );
    expect(superseded.rows).toEqual([{ load_id: loadIds.get('latest_time_series') }]);
  });
});
