import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFile } from '../../etl/src/load.js';
import { plans } from '../../etl/src/sources/plans/index.js';
import { createTestDatabase, rowCounts, type TestDatabase } from '../support/database.js';
import { REPO_ROOT, sharedFile } from '../support/paths.js';
import { csvRows, editCsv } from '../support/programme-metrics.js';
import { textFile } from '../support/workbooks.js';

const BCF = sharedFile('bcf/hf_bcf_intermediate_care_by_la_2023-24.csv');
const TEMPLATE = `${REPO_ROOT}/etl/templates/plans-template.csv`;
const TEMPLATE_TEXT = fs.readFileSync(TEMPLATE, 'utf8');
const BED_BASED = 'Bed based intermediate Care Services';
const REABLEMENT = 'Reablement in a persons own home';

describe('plans source', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('loads the shipped template with its example rows', async () => {
    const result = await loadFile(db.client, plans, TEMPLATE);
    expect(result.rowCount).toBe(csvRows(TEMPLATE).length);
    const { rows } = await db.client.query(
      `SELECT metric_id, period_start::text, period_end::text, period_type, baseline_period_start::text, baseline_value::float, baseline_missing_reason, planned_value::float
       FROM marts.plans ORDER BY metric_id`,
    );
    expect(rows).toEqual([
      {
        metric_id: 'ascof_2a2',
        period_start: '2021-04-01',
        period_end: '2022-03-31',
        period_type: 'financial_year',
        baseline_period_start: '2020-04-01',
        baseline_value: 639.4,
        baseline_missing_reason: null,
        planned_value: 600,
      },
      {
        metric_id: 'non_elective_admissions',
        period_start: '2021-04-01',
        period_end: '2021-06-30',
        period_type: 'dates',
        baseline_period_start: '2020-04-01',
        baseline_value: null,
        baseline_missing_reason: 'blank: no value published',
        planned_value: 5200,
      },
    ]);
  });

  it("loads the Health Foundation's BCF 2023-24 planned spend per council, NA kept as missing", async () => {
    const published = csvRows(BCF);
    const result = await loadFile(db.client, plans, BCF);
    expect(result.rowCount).toBe(published.length * 2);
    const { rows } = await db.client.query(
      `SELECT metric_id, area_code, planned_value::float AS planned, planned_missing_reason, period_start::text, period_end::text
       FROM marts.plans WHERE plan_type = 'bcf_planned_expenditure'`,
    );
    for (const row of published) {
      const code = row.Code === 'Total' ? 'E92000001' : row.Code;
      for (const [column, metric] of [
        [BED_BASED, 'bcf_planned_spend_bed_based_intermediate_care'],
        [REABLEMENT, 'bcf_planned_spend_reablement_at_home'],
      ] as const) {
        const loaded = rows.find((r) => r.area_code === code && r.metric_id === metric)!;
        expect(loaded).toMatchObject({ period_start: '2023-04-01', period_end: '2024-03-31' });
        if (row[column] === 'NA')
          expect(loaded).toMatchObject({ planned: null, planned_missing_reason: 'not available (NA)' });
        else expect(loaded.planned).toBe(Number(row[column]));
      }
    }
    // The file's Total row is the sum over its councils.
    const councils = published.filter((r) => r.Code !== 'Total' && r[BED_BASED] !== 'NA');
    const total = rows.find(
      (r) => r.area_code === 'E92000001' && r.metric_id === 'bcf_planned_spend_bed_based_intermediate_care',
    )!.planned;
    expect(Math.abs(total - councils.reduce((sum, r) => sum + Number(r[BED_BASED]), 0))).toBeLessThan(0.01);
  });

  it('adds nothing when the same file is loaded twice', async () => {
    const before = await rowCounts(db.client);
    expect((await loadFile(db.client, plans, BCF)).outcome).toBe('already loaded');
    expect(await rowCounts(db.client)).toEqual(before);
  });

  it("replaces a plan's figure when a revised file gives the same metric, area and period, keeping the others", async () => {
    const revised = textFile(
      'plans-revised.csv',
      editCsv(TEMPLATE_TEXT, 2, 'planned_value', '590').split('\n').slice(0, 2).join('\n'),
    );
    const before = await rowCounts(db.client);
    const result = await loadFile(db.client, plans, revised);
    expect(result.outcome).toBe('loaded');
    // The one figure revised is replaced, and kept for a revert.
    expect(await rowCounts(db.client)).toEqual({
      ...before,
      loads: before.loads! + 1,
      replaced_rows: before.replaced_rows! + 1,
    });
    const { rows } = await db.client.query(
      "SELECT metric_id, planned_value::float FROM marts.plans WHERE area_code = 'E08000009' AND plan_type = 'bcf_plan' ORDER BY 1",
    );
    expect(rows).toEqual([
      { metric_id: 'ascof_2a2', planned_value: 590 },
      { metric_id: 'non_elective_admissions', planned_value: 5200 },
    ]);
  });

  it('loads a BOM and CRLF copy of the template', async () => {
    const result = await loadFile(
      db.client,
      plans,
      textFile('plans-bom.csv', `\uFEFF${editCsv(TEMPLATE_TEXT, 3, 'planned_value', '5100').replace(/\n/g, '\r\n')}`),
    );
    expect(result.outcome).toBe('loaded');
  });

  describe('bad input leaves the warehouse as it was', () => {
    const edited = (line: number, column: string, value: string) => () =>
      textFile('plans.csv', editCsv(TEMPLATE_TEXT, line, column, value));
    const bcfText = fs.readFileSync(BCF, 'utf8');
    const cases: { name: string; file: () => string; message: RegExp }[] = [
      { name: 'an empty file', file: () => textFile('plans.csv', ''), message: /plans\.csv: the file is empty/ },
      {
        name: 'a renamed header',
        file: () => textFile('plans.csv', TEMPLATE_TEXT.replace('area_code', 'area')),
        message: /plans\.csv, row 1: missing column 'area_code'/,
      },
      {
        name: 'text in a number field',
        file: edited(2, 'planned_value', 'six hundred'),
        message: /plans\.csv, row 2, column planned_value: expected a number or a missing-value marker/,
      },
      {
        name: 'a bad date',
        file: edited(3, 'period_end', '30/06/2021'),
        message: /plans\.csv, row 3, column period_end: expected a date as YYYY-MM-DD, found '30\/06\/2021'/,
      },
      {
        name: 'an unknown area code',
        file: edited(3, 'area_code', 'E08000099'),
        message: /plans\.csv, row 3, column area_code: unknown area code 'E08000099'/,
      },
      {
        name: 'duplicate rows',
        file: () => textFile('plans.csv', `${TEMPLATE_TEXT.trimEnd()}\n${TEMPLATE_TEXT.split('\n')[1]}\n`),
        message: /plans\.csv, row 4: duplicate row: the same metric, area, plan type and period as row 2/,
      },
      {
        name: 'a negative planned spend in the BCF file',
        file: () => textFile('hf_bcf_2023-24.csv', editCsv(bcfText, 3, BED_BASED, '-5')),
        message:
          /hf_bcf_2023-24\.csv, row 3, column Bed based intermediate Care Services: expected planned spend of 0 or more, found -5/,
      },
      {
        name: 'a truncated BCF file',
        file: () => textFile('hf_bcf_2023-24.csv', bcfText.slice(0, bcfText.indexOf('E06000010') + 20)),
        message: /hf_bcf_2023-24\.csv, row 11: (\d+ fields where the header has 19|not valid CSV)/,
      },
      {
        name: 'a BCF file cut at the end of a line',
        file: () => textFile('hf_bcf_2023-24.csv', bcfText.slice(0, bcfText.indexOf('E06000010'))),
        message: /hf_bcf_2023-24\.csv: no 'Total' row at the end: the file looks truncated/,
      },
      {
        name: 'a BCF Total row that is not the sum of the councils',
        file: () => textFile('hf_bcf_2023-24.csv', editCsv(bcfText, 2, REABLEMENT, '0')),
        message:
          /hf_bcf_2023-24\.csv, row 153, column Reablement in a persons own home: the sum of the 151 council rows \(579022938\.75\d*\) is not the Total \(579656507\.75\d*\), beyond the publisher.s rounding \(±1\)/,
      },
      {
        name: 'a BCF file whose name has no year',
        file: () => textFile('bcf.csv', bcfText.replace(/\n/g, '\r\n')),
        message: /bcf\.csv: cannot tell the BCF plan year/,
      },
      {
        name: 'a file of another source',
        file: () => sharedFile('pioneers/integration_pioneers_compiled.csv'),
        message: /integration_pioneers_compiled\.csv, row 1: not a plans file/,
      },
    ];
    it.each(cases)('$name', async ({ file, message }) => {
      const before = await rowCounts(db.client);
      await expect(loadFile(db.client, plans, file())).rejects.toThrow(message);
      expect(await rowCounts(db.client)).toEqual(before);
    });
  });
});
