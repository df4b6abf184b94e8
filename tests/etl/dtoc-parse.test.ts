import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readWorkbook } from '../../etl/src/lib/workbook.js';
import { parseDtocWorkbook } from '../../etl/src/sources/dtoc/parse.js';
import { sharedFile } from '../support/paths.js';

const DTOC_DIR = sharedFile('dtoc');
const workbooks = fs
  .readdirSync(DTOC_DIR)
  .filter((name) => name.endsWith('.xls'))
  .sort();

/**
 * The analyst's collated CSV (built by a separate R script from the same monthly files), as golden values:
 * month → area code ('-' for England; DH code before July 2015, ONS code after) → total delayed days.
 * It leaves out the City of London and the Isles of Scilly.
 */
function collatedReasonTotals(): Map<string, Map<string, number>> {
  const rows = parse(fs.readFileSync(sharedFile('dtoc/DToC_Days_Reason_for_Delay_excl-2019-10.csv')), {
    columns: true,
  }) as Record<string, string>[];
  const byMonth = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const month = byMonth.get(row.Period!) ?? new Map<string, number>();
    month.set(row.Code!, Number(row['Total Delayed Transfers of Care']));
    byMonth.set(row.Period!, month);
  }
  return byMonth;
}

describe('parseDtocWorkbook', () => {
  const golden = collatedReasonTotals();

  it.each(workbooks)('reads %s with the totals of the collated series for every area', (name) => {
    const workbook = parseDtocWorkbook(readWorkbook(`${DTOC_DIR}/${name}`));
    const month = new Date(`${workbook.period}T00:00:00Z`).toLocaleString('en-GB', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    const ours = new Map(
      workbook.rows
        .filter((row) => row.breakdown === 'reason' && row.category === 'total')
        .map((row) => [row.dhCode === null ? '-' : (row.onsCode ?? row.dhCode), row.delayedDays]),
    );
    const expected = golden.get(month)!;
    expect(expected.size).toBeGreaterThanOrEqual(150);
    for (const [code, total] of expected) expect(ours.get(code), `${code} ${month}`).toBe(total);
  });

  it('gives the same total on all three breakdown sheets for every row', () => {
    for (const name of workbooks.filter((_, i) => i % 10 === 0)) {
      const workbook = parseDtocWorkbook(readWorkbook(`${DTOC_DIR}/${name}`));
      const totals = new Map<string, Set<number | null>>();
      for (const row of workbook.rows.filter((r) => r.category === 'total')) {
        const key = row.dhCode ?? 'England';
        totals.set(key, (totals.get(key) ?? new Set()).add(row.delayedDays));
      }
      for (const [area, values] of totals) expect(values.size, `${name} ${area}`).toBe(1);
    }
  });

  it('reads the period and edition from the cover block', () => {
    const workbook = parseDtocWorkbook(readWorkbook(`${DTOC_DIR}/dtoc-la-2018-06.xls`));
    expect(workbook.period).toBe('2018-06-01');
    expect(workbook.published).toBe('9th August 2018');
    expect(workbook.revised).toBe('9th May 2019');
  });

  it("keeps '-' cells as missing rather than zero", () => {
    const workbook = parseDtocWorkbook(readWorkbook(`${DTOC_DIR}/dtoc-la-2011-04.xls`));
    const scotland = workbook.rows.filter((row) => row.dhCode === '9901' && row.breakdown === 'type_of_care');
    expect(scotland.map((row) => [row.category, row.delayedDays])).toEqual([
      ['acute', null],
      ['non_acute', null],
      ['total', 0],
    ]);
  });
});
