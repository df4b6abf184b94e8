import { describe, expect, it } from 'vitest';
import { readWorkbook } from '../../etl/src/lib/workbook.js';
import { parseSitrepWorkbook, type SitrepValue } from '../../etl/src/sources/sitrep/parse.js';
import {
  publishedEnglandDays,
  publishedEnglandMonth,
  publishedPeriod,
  publishedSeriesDay,
  reshapedSitrep,
  sitrepFile,
} from '../support/sitrep.js';

const englandDay = (rows: SitrepValue[], date: string, metric: string) =>
  rows.find(
    (r) =>
      r.tableName === 'patients_by_day' && r.orgLevel === 'england' && r.periodDate === date && r.metric === metric,
  )?.value;

describe('parseSitrepWorkbook', () => {
  it('reads a monthly workbook into England, 7 regions, 42 ICBs and the trusts, for every table', () => {
    const file = sitrepFile('december2023');
    const workbook = parseSitrepWorkbook(readWorkbook(file));
    expect(workbook.publication).toBe('monthly');
    expect([workbook.periodStart, workbook.periodEnd]).toEqual(publishedPeriod(file));
    const tables = new Set(workbook.rows.map((r) => r.tableName));
    expect([...tables].sort()).toEqual([
      'additional_bed_days',
      'delay_reasons',
      'discharges_by_destination',
      'missing_organisations',
      'patients_by_day',
    ]);
    const orgs = (level: string) =>
      new Set(
        workbook.rows.filter((r) => r.tableName === 'patients_by_day' && r.orgLevel === level).map((r) => r.orgCode),
      ).size;
    expect([orgs('region'), orgs('icb')]).toEqual([7, 42]);
    expect(orgs('trust')).toBeGreaterThan(100);
    expect(
      workbook.rows
        .filter((r) => r.tableName === 'additional_bed_days' && r.orgLevel === 'england')
        .map((r) => r.periodDate),
    ).toContain('2023-12-04');
  });

  it('finds tables, headings and date rows by their labels when the layout moves (holdout editions)', () => {
    const original = sitrepFile('april2022');
    const workbook = parseSitrepWorkbook(readWorkbook(reshapedSitrep(original)));
    expect([workbook.periodStart, workbook.periodEnd]).toEqual(publishedPeriod(original));
    for (const [date, counts] of publishedEnglandDays(original)) {
      expect(englandDay(workbook.rows, date, 'patients_not_meeting_criteria_to_reside'), date).toBe(counts.notMeeting);
      expect(englandDay(workbook.rows, date, 'patients_remaining_in_hospital'), date).toBe(counts.remaining);
    }
    const p3b = workbook.rows.find(
      (r) => r.tableName === 'discharges_by_destination' && r.orgLevel === 'england' && r.category?.startsWith('P3b'),
    );
    expect(p3b?.value).toBe(
      publishedEnglandMonth(original, 'Table 4', 'P3b - Care Home\n(existing resident discharged back)'),
    );
    expect(p3b?.sheet).toBe('Tab 4');
    expect(p3b?.rowNumber).toBe(8);
    expect(p3b?.column).toBe('P'); // O in the published layout, one column to the right
  });

  it('reads the time series: daily England counts by destination and weekly snapshots by reason', () => {
    const workbook = parseSitrepWorkbook(readWorkbook(sitrepFile('latest_time_series')));
    expect(workbook.publication).toBe('time_series');
    const published = publishedSeriesDay('2023-07-04');
    const day = workbook.rows.filter((r) => r.periodDate === '2023-07-04' && r.tableName === 'daily_series');
    expect(day.find((r) => r.metric === 'patients_discharged')?.value).toBe(published['Number of patients discharged']);
    expect(day.find((r) => r.category === 'P1 - Hotel with reablement support')?.value).toBe(
      published['P1 - Hotel with reablement support'],
    );
    const weekly = workbook.rows.filter((r) => r.tableName === 'weekly_series');
    expect(new Set(weekly.map((r) => r.grain))).toEqual(new Set(['week']));
    expect(
      weekly.filter((r) => r.periodDate === '2024-01-22' && r.metric === 'patients_los_14_plus_not_discharged'),
    ).toHaveLength(18);
  });
});
