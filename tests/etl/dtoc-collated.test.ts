import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/src/commands/load.js';
import { loadFile } from '../../etl/src/load.js';
import { dtoc } from '../../etl/src/sources/dtoc/index.js';
import { createTestDatabase, rowCounts, type TestDatabase } from '../support/database.js';
import { sharedFile } from '../support/paths.js';
import { textFile, truncatedCopy } from '../support/workbooks.js';

const REASON_FILE = sharedFile('dtoc/DToC_Days_Reason_for_Delay_excl-2019-10.csv');
const ORG_FILE = sharedFile('dtoc/DToC_Days_Responsible_Organisation_excl-2019-10.csv');
const ENGLAND = 'E92000001';
const REASON_COLUMNS = [
  'Awaiting completion of assessment',
  'Awaiting public funding',
  'Awaiting further NHS non-acute care',
  'Awaiting residential home placement or availability',
  'Awaiting nursing home placement or availability',
  'Awaiting care package in own home',
  'Awaiting community equipment and adaptations',
  'Patient or family choice',
  'Disputes',
  'Housing - Patients not covered by NHS and Community Care Act',
  'Other',
];

type Record = { [column: string]: string };
const readCsv = (file: string) => parse(fs.readFileSync(file), { columns: true }) as Record[];
const reasonRecords = readCsv(REASON_FILE);
const orgRecords = readCsv(ORG_FILE);

/** The header and the records of some months of a collated file, with edits by line (1-based, header = 1) and column. */
function collatedSubset(
  file: string,
  name: string,
  months: string[],
  options: {
    edits?: { line: number; column: string; value: string }[];
    extra?: (lines: string[]) => string[];
    bom?: boolean;
    eol?: string;
  } = {},
): string {
  const [header, ...records] = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
  let lines = [header!, ...records.filter((line) => months.some((month) => line.endsWith(`,"${month}"`)))];
  const columns = (parse(header!) as string[][])[0]!;
  for (const edit of options.edits ?? []) {
    const fields = (parse(lines[edit.line - 1]!) as string[][])[0]!;
    fields[columns.indexOf(edit.column)] = edit.value;
    lines[edit.line - 1] = fields.map((field) => `"${field}"`).join(',');
  }
  if (options.extra) lines = options.extra(lines);
  return textFile(name, (options.bom ? '\uFEFF' : '') + lines.join(options.eol ?? '\n') + (options.eol ?? '\n'));
}

const englandRecord = (records: Record[], period: string, nameColumn = 'Name', periodColumn = 'Period') =>
  records.find((r) => r[nameColumn] === 'England' && r[periodColumn] === period)!;

async function englandDays(db: TestDatabase, sql: string, month: string): Promise<Map<string, number>> {
  const { rows } = await db.client.query<{ key: string; days: string | null }>(sql, [month, ENGLAND]);
  return new Map(rows.map((row) => [row.key, Number(row.days)]));
}

describe('dtoc source: the collated reason and responsible-organisation CSVs', () => {
  let db: TestDatabase;
  const log: string[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
    // A workbook before the collated files and some after, so that neither order supersedes the other.
    await loadFile(db.client, dtoc, sharedFile('dtoc/dtoc-la-2019-04.xls'));
    const failures = await loadFiles(db.client, { source: 'dtoc', files: [REASON_FILE, ORG_FILE] }, (line) =>
      log.push(line),
    );
    expect(failures, log.join('\n')).toBe(0);
    for (const month of ['2011-04', '2015-07', '2019-05'])
      await loadFile(db.client, dtoc, sharedFile(`dtoc/dtoc-la-${month}.xls`));
  });
  afterAll(() => db.drop());

  it('loads both files with lineage: one load each, every published figure a row', async () => {
    const { rows } = await db.client.query<{
      file_name: string;
      period_start: string;
      period_end: string;
      row_count: number;
      rows: string;
    }>(
      `SELECT l.file_name, l.period_start::text, l.period_end::text, l.row_count, count(c.*) AS rows
       FROM raw.loads AS l JOIN raw.dtoc_collated_delayed_days AS c USING (load_id)
       GROUP BY 1, 2, 3, 4 ORDER BY 1`,
    );
    // 'NA' marks the Other column before April 2017, when it did not exist: no row, as in the workbooks.
    const reasonCells = reasonRecords
      .flatMap((r) => [...REASON_COLUMNS, 'Total Delayed Transfers of Care'].map((c) => r[c]))
      .filter((v) => v !== 'NA');
    expect(rows).toEqual([
      {
        file_name: 'DToC_Days_Reason_for_Delay_excl-2019-10.csv',
        period_start: '2011-04-01',
        period_end: '2019-12-01',
        row_count: reasonCells.length,
        rows: String(reasonCells.length),
      },
      {
        file_name: 'DToC_Days_Responsible_Organisation_excl-2019-10.csv',
        period_start: '2011-04-01',
        period_end: '2019-12-01',
        row_count: orgRecords.length * 3,
        rows: String(orgRecords.length * 3),
      },
    ]);
    expect(log.join('\n')).toMatch(
      /DToC_Days_Reason_for_Delay_excl-2019-10\.csv: loaded [\d,]+ rows \(collated delayed days by reason for delay, April 2011 to December 2019 \(104 months, \d+ councils\)\)/,
    );
  });

  it('keeps the workbooks and both collated files current whatever the order they were loaded in', async () => {
    const { rows } = await db.client.query<{ file_name: string; superseded_by: string | null }>(
      "SELECT file_name, superseded_by FROM raw.loads WHERE source = 'dtoc' ORDER BY load_id",
    );
    expect(rows).toHaveLength(6);
    expect(rows.filter((row) => row.superseded_by !== null)).toEqual([]);
  });

  it.each(['May 2011', 'June 2012', 'March 2013', 'January 2016', 'April 2019', 'December 2019'])(
    'holds the published England figures of %s in both collated tables',
    async (period) => {
      const month = new Date(`1 ${period} UTC`).toISOString().slice(0, 10);
      const reasons = await englandDays(
        db,
        "SELECT category AS key, delayed_days AS days FROM raw.dtoc_collated_delayed_days WHERE collated_kind = 'reason' AND period_month = $1 AND area_code = $2",
        month,
      );
      const england = englandRecord(reasonRecords, period);
      expect(reasons.get('total')).toBe(Number(england['Total Delayed Transfers of Care']));
      expect(reasons.get('A')).toBe(Number(england['Awaiting completion of assessment']));
      expect(reasons.get('Dii')).toBe(Number(england['Awaiting nursing home placement or availability']));
      expect(reasons.get('O')).toBe(england.Other === 'NA' ? undefined : Number(england.Other));

      const orgs = await englandDays(
        db,
        "SELECT category AS key, delayed_days AS days FROM raw.dtoc_collated_delayed_days WHERE collated_kind = 'responsible_org' AND period_month = $1 AND area_code = $2",
        month,
      );
      const englandOrg = englandRecord(orgRecords, period, 'Name', 'Period_year');
      expect(Object.fromEntries(orgs)).toEqual({
        nhs: Number(englandOrg.NHS),
        social_care: Number(englandOrg['Social Care']),
        both: Number(englandOrg.Both),
      });
    },
  );

  it('gives the same figures as the monthly workbooks for every area of the months both cover', async () => {
    const { rows: differences } = await db.client.query(
      `SELECT c.area_code, c.period_month::text, c.collated_kind, c.category, c.delayed_days AS collated, w.delayed_days AS workbook
       FROM raw.dtoc_collated_delayed_days AS c
       LEFT JOIN raw.dtoc_delayed_days AS w
         ON w.area_code = c.area_code AND w.period_month = c.period_month AND w.breakdown = c.collated_kind AND w.category = c.category
       WHERE c.period_month IN (SELECT DISTINCT period_month FROM raw.dtoc_delayed_days)
         AND (w.area_code IS NULL OR w.delayed_days IS DISTINCT FROM c.delayed_days)`,
    );
    expect(differences).toEqual([]);
    const { rows: compared } = await db.client.query<{ months: string; areas: string; n: string }>(
      `SELECT count(DISTINCT c.period_month) AS months, count(DISTINCT c.area_code) AS areas, count(*) AS n
       FROM raw.dtoc_collated_delayed_days AS c WHERE c.period_month IN (SELECT DISTINCT period_month FROM raw.dtoc_delayed_days)`,
    );
    expect(compared[0]).toMatchObject({ months: '4' });
    expect(Number(compared[0]!.n)).toBeGreaterThan(4 * 150 * 14);
    // The collated series leave out the City of London (and the pseudo-areas, which have no area code).
    const { rows: workbookOnly } = await db.client.query<{ area_code: string }>(
      `SELECT DISTINCT w.area_code FROM raw.dtoc_delayed_days AS w
       WHERE w.area_code IS NOT NULL AND w.breakdown = 'reason'
         AND NOT EXISTS (SELECT 1 FROM raw.dtoc_collated_delayed_days AS c WHERE c.area_code = w.area_code AND c.period_month = w.period_month)`,
    );
    expect(workbookOnly.map((row) => row.area_code)).toEqual(['E09000001']);
  });

  it('fills the delayed-transfer marts from the collated series for months with no workbook loaded', async () => {
    const { rows: totals } = await db.client.query<{ delayed_days: string }>(
      "SELECT delayed_days FROM marts.delayed_transfers WHERE area_code = $1 AND period_month = '2011-05-01'",
      [ENGLAND],
    );
    expect(totals.map((row) => Number(row.delayed_days))).toEqual([
      Number(englandRecord(reasonRecords, 'May 2011')['Total Delayed Transfers of Care']),
    ]);

    const byBreakdown = await englandDays(
      db,
      'SELECT breakdown AS key, sum(delayed_days) AS days FROM marts.delayed_transfer_breakdowns WHERE period_month = $1 AND area_code = $2 GROUP BY 1',
      '2011-05-01',
    );
    const org = englandRecord(orgRecords, 'May 2011', 'Name', 'Period_year');
    expect(Object.fromEntries(byBreakdown)).toEqual({
      reason: Number(englandRecord(reasonRecords, 'May 2011')['Total Delayed Transfers of Care']),
      responsible_org: Number(org.NHS) + Number(org['Social Care']) + Number(org.Both),
    });

    const { rows: areas } = await db.client.query<{ n: string }>(
      "SELECT count(DISTINCT area_code) AS n FROM marts.delayed_transfers WHERE period_month = '2011-05-01'",
    );
    expect(Number(areas[0]!.n)).toBe(reasonRecords.filter((r) => r.Period === 'May 2011').length);
  });

  it('keeps using the workbook for a month that has one: no double counting, the City of London included', async () => {
    const { rows } = await db.client.query<{ breakdown: string; rows: string; areas: string; duplicates: string }>(
      `SELECT breakdown, count(*) AS rows, count(DISTINCT area_code) AS areas,
              count(*) - count(DISTINCT (area_code, category)) AS duplicates
       FROM marts.delayed_transfer_breakdowns WHERE period_month = '2019-04-01' GROUP BY 1 ORDER BY 1`,
    );
    // The workbook's areas: the collated file's (England and the councils) and the City of London; 11 reasons, 3 organisations.
    const areas = reasonRecords.filter((r) => r.Period === 'April 2019').length + 1;
    expect(rows).toEqual([
      { breakdown: 'reason', rows: String(areas * 11), areas: String(areas), duplicates: '0' },
      { breakdown: 'responsible_org', rows: String(areas * 3), areas: String(areas), duplicates: '0' },
    ]);
    const byReason = await englandDays(
      db,
      "SELECT breakdown AS key, sum(delayed_days) AS days FROM marts.delayed_transfer_breakdowns WHERE period_month = $1 AND area_code = $2 AND breakdown = 'reason' GROUP BY 1",
      '2019-04-01',
    );
    expect(byReason.get('reason')).toBe(
      Number(englandRecord(reasonRecords, 'April 2019')['Total Delayed Transfers of Care']),
    );
    const { rows: totals } = await db.client.query(
      "SELECT 1 FROM marts.delayed_transfers WHERE period_month = '2019-04-01' AND area_code = 'E09000001'",
    );
    expect(totals).toHaveLength(1);
  });

  it('says a collated file is already loaded and adds nothing the second time', async () => {
    const before = await rowCounts(db.client);
    const result = await loadFile(db.client, dtoc, REASON_FILE);
    expect(result.outcome).toBe('already loaded');
    expect(await rowCounts(db.client)).toEqual(before);
  });

  it('loads a file with a BOM and CRLF line ends, replacing only the months and the kind it holds', async () => {
    const file = collatedSubset(ORG_FILE, 'DToC_Days_Responsible_Organisation_2019-04.csv', ['April 2019'], {
      bom: true,
      eol: '\r\n',
      edits: [{ line: 3, column: 'NHS', value: '307' }],
    });
    const result = await loadFile(db.client, dtoc, file);
    expect(result.outcome).toBe('loaded');
    expect(result.rowCount).toBe(orgRecords.filter((r) => r.Period_year === 'April 2019').length * 3);
    const { rows } = await db.client.query<{ file_name: string; period_month: string; n: string }>(
      `SELECT l.file_name, c.period_month::text, count(*) AS n
       FROM raw.dtoc_collated_delayed_days AS c JOIN raw.loads AS l USING (load_id)
       WHERE c.collated_kind = 'responsible_org' AND c.period_month BETWEEN '2019-03-01' AND '2019-05-01'
       GROUP BY 1, 2 ORDER BY 2`,
    );
    expect(rows.map((row) => `${row.period_month} ${row.file_name}`)).toEqual([
      '2019-03-01 DToC_Days_Responsible_Organisation_excl-2019-10.csv',
      '2019-04-01 DToC_Days_Responsible_Organisation_2019-04.csv',
      '2019-05-01 DToC_Days_Responsible_Organisation_excl-2019-10.csv',
    ]);
    const { rows: derby } = await db.client.query<{ delayed_days: string }>(
      "SELECT delayed_days FROM raw.dtoc_collated_delayed_days WHERE collated_kind = 'responsible_org' AND period_month = '2019-04-01' AND area_code = 'E06000015' AND category = 'nhs'",
    );
    expect(derby.map((row) => Number(row.delayed_days))).toEqual([307]);
    const { rows: reasons } = await db.client.query<{ n: string }>(
      "SELECT count(*) AS n FROM raw.dtoc_collated_delayed_days WHERE collated_kind = 'reason' AND period_month = '2019-04-01'",
    );
    expect(Number(reasons[0]!.n)).toBe(reasonRecords.filter((r) => r.Period === 'April 2019').length * 12);
  });

  describe('bad input leaves the warehouse as it was', () => {
    const april = ['April 2019'];
    // Line 2 is England, line 3 Derby (E06000015) in April 2019.
    const cases: { name: string; file: () => string; message: RegExp }[] = [
      {
        name: 'text in a number field',
        file: () =>
          collatedSubset(REASON_FILE, 'reason-text.csv', april, {
            edits: [{ line: 3, column: 'Disputes', value: 'twenty' }],
          }),
        message: /reason-text\.csv, row 3, column Disputes: expected a number, found 'twenty'/,
      },
      {
        name: 'a negative count',
        file: () =>
          collatedSubset(ORG_FILE, 'org-negative.csv', april, { edits: [{ line: 3, column: 'NHS', value: '-3' }] }),
        message: /org-negative\.csv, row 3, column NHS: expected a count of 0 or more, found -3/,
      },
      {
        name: 'an unknown area code',
        file: () =>
          collatedSubset(REASON_FILE, 'reason-code.csv', april, {
            edits: [{ line: 3, column: 'Code', value: 'E06009999' }],
          }),
        message: /reason-code\.csv, row 3, column Code: unknown area code 'E06009999'/,
      },
      {
        name: 'an unknown council name',
        file: () =>
          collatedSubset(ORG_FILE, 'org-name.csv', april, {
            edits: [{ line: 3, column: 'Name', value: 'Derbyshire Dales' }],
          }),
        message: /org-name\.csv, row 3, column Name: unknown council name 'Derbyshire Dales' for 2019-04/,
      },
      {
        name: 'a council twice in a month',
        file: () =>
          collatedSubset(REASON_FILE, 'reason-duplicate.csv', april, { extra: (lines) => [...lines, lines[2]!] }),
        message:
          /reason-duplicate\.csv, row 153, column Code: duplicate row: Derby \(E06000015\) for 2019-04 is also on line 3/,
      },
      {
        name: 'a total that is not the sum of its reasons',
        file: () =>
          collatedSubset(REASON_FILE, 'reason-total.csv', april, {
            edits: [{ line: 3, column: 'Total Delayed Transfers of Care', value: '381' }],
          }),
        message:
          /reason-total\.csv, row 3, column Total Delayed Transfers of Care: the sum of the \d+ categories \(380\) is not the total \(381\)$/,
      },
      {
        name: 'an area figure that makes the areas add up to more than England',
        file: () =>
          collatedSubset(ORG_FILE, 'org-england.csv', april, {
            edits: [{ line: 3, column: 'NHS', value: String(306 + 1000) }],
          }),
        // England's NHS days in April 2019 are 83,023; its 150 area rows add up to 82,701 (+ 1,000).
        message:
          /org-england\.csv, row 2, column NHS: the sum of the 150 area rows \(83701\) is more than England \(83023\) \(some areas not in the file\)$/,
      },
      {
        name: 'more delayed days than the council has people for every day of the month',
        file: () =>
          collatedSubset(ORG_FILE, 'org-population.csv', april, {
            edits: [{ line: 3, column: 'NHS', value: '99999999' }],
          }),
        // Derby's mid-2019 population is 257,302 (ONS); 257,302 × 1.25 × 30 days = 9,648,825.
        message:
          /org-population\.csv, row 3, column NHS: 99999999 delayed days is more than E06000015 could have: its population \(257,302 at mid-2019, plus a quarter\) × 30 days is 9,648,825$/,
      },
      {
        name: 'a month that is not a month',
        file: () =>
          collatedSubset(ORG_FILE, 'org-period.csv', april, {
            edits: [{ line: 3, column: 'Period_year', value: 'Apirl 2019' }],
          }),
        message:
          /org-period\.csv, row 3, column Period_year: expected a month such as 'October 2019', found 'Apirl 2019'/,
      },
      {
        name: 'a renamed header',
        file: () =>
          collatedSubset(REASON_FILE, 'reason-header.csv', april, {
            extra: (lines) => [lines[0]!.replace('"Disputes"', '"Dispute"'), ...lines.slice(1)],
          }),
        message: /reason-header\.csv, row 1: missing column 'Disputes' in the header/,
      },
      {
        name: 'a truncated file',
        file: () => truncatedCopy(REASON_FILE),
        message:
          /DToC_Days_Reason_for_Delay_excl-2019-10\.csv, row 7837: (\d+ fields where the header has 15|not valid CSV)/,
      },
      {
        name: 'a file cut at the start of a month',
        file: () =>
          collatedSubset(REASON_FILE, 'reason-cut.csv', ['March 2019', 'April 2019'], {
            extra: (lines) => lines.filter((line) => !line.includes('"England","15076"')),
          }),
        message: /reason-cut\.csv: no England row for 2019-04/,
      },
      {
        name: 'an empty file',
        file: () => textFile('DToC_Days_Reason_for_Delay.csv', ''),
        message: /DToC_Days_Reason_for_Delay\.csv: the file is empty/,
      },
      {
        name: 'a header and no rows',
        file: () => collatedSubset(ORG_FILE, 'org-header-only.csv', []),
        message: /org-header-only\.csv: the file holds a header but no rows/,
      },
      {
        name: 'a CSV of another source',
        file: () => sharedFile('pioneers/integration_pioneers_compiled.csv'),
        message:
          /integration_pioneers_compiled\.csv: not an Excel workbook \(\.xls or \.xlsx\) nor a collated DToC CSV/,
      },
    ];

    it.each(cases)('$name', async ({ file, message }) => {
      const before = await rowCounts(db.client);
      await expect(loadFile(db.client, dtoc, file())).rejects.toThrow(message);
      expect(await rowCounts(db.client)).toEqual(before);
    });
  });
});
