import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etl, loadAll } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { sharedFile } from '../support/paths.js';
import { tempDir } from '../support/workbooks.js';
import { expectedChart } from './spc-reference.js';

// The SPC charts the metrics refresh writes (derived.metric_spc) against an implementation written here from the
// rules as Making Data Count and NHSRplotthedots state them, over every council's delayed days per 100,000 for
// fifteen published months; the assurance icons against plans whose targets sit above, within and below the limits.

const MONTHS = [
  '2018-01',
  '2018-02',
  '2018-03',
  '2018-04',
  '2018-05',
  '2018-06',
  '2018-07',
  '2018-08',
  '2018-09',
  '2018-10',
  '2018-11',
  '2018-12',
  '2019-01',
  '2019-02',
  '2019-03',
];
const METRIC = 'delayed_days_per_100k';

interface ChartRow {
  area_code: string;
  period_start: string;
  value: number;
  mean: number;
  lower_process_limit: number | null;
  upper_process_limit: number | null;
  point_type: string;
  special_cause_rule: string | null;
  variation_icon: string;
  assurance_icon: string | null;
  target: number | null;
  warning: string | null;
}

describe('metrics: SPC charts (Making Data Count)', () => {
  let db: TestDatabase;
  let charts: Map<string, ChartRow[]>;
  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    await loadAll([
      ['population', sharedFile('population/ukmidyearestimates20182019ladcodes.xls')],
      ...MONTHS.map((month) => ['dtoc', sharedFile(`dtoc/dtoc-la-${month}.xls`)] as const),
    ]);
    charts = await readCharts(db);
  }, 300_000);
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    await db.drop();
  });

  it("charts every council's fifteen months as the rules give them: mean, limits, each point's rule and type", async () => {
    const values = await db.client.query<{ area_code: string; value: number; month: number }>(
      `SELECT area_code, value, extract(YEAR FROM period_start) * 12 + extract(MONTH FROM period_start) AS month
       FROM derived.metric_values
       WHERE metric_id = $1 AND period_type = 'month' AND value IS NOT NULL ORDER BY area_code, period_start`,
      [METRIC],
    );
    const byArea = groupBy(values.rows, (row) => row.area_code);
    expect(byArea.size).toBeGreaterThan(140);
    expect(charts.size).toBe(byArea.size);
    const rules = new Set<string>();
    for (const [area, rows] of byArea) {
      const chart = charts.get(area)!;
      const expected = expectedChart(rows.map((row) => row.value));
      expect(chart.map((point) => point.value)).toEqual(rows.map((row) => row.value));
      for (const [i, point] of chart.entries()) {
        expect(point.mean).toBeCloseTo(expected.mean, 9);
        expect(point.lower_process_limit).toBeCloseTo(expected.lpl, 9);
        expect(point.upper_process_limit).toBeCloseTo(expected.upl, 9);
        expect([area, i, point.special_cause_rule, point.point_type]).toEqual([
          area,
          i,
          expected.points[i]!.rule,
          expected.points[i]!.type,
        ]);
        if (point.special_cause_rule !== null) rules.add(point.special_cause_rule);
      }
      const latest = expected.points.at(-1)!.type;
      const icon = { common_cause: 'common_cause', special_cause_improvement: 'improvement_low' }[latest as string];
      expect(chart.at(-1)!.variation_icon).toBe(icon ?? 'concern_high');
      // The package's short-series warning below 13 points; ours where a month is missing inside the series.
      const gaps = rows.some((row, i) => i > 0 && Number(row.month) !== Number(rows[i - 1]!.month) + 1);
      expect(chart.every((point) => (point.warning !== null) === (rows.length < 13 || gaps))).toBe(true);
    }
    // The published months exercise every rule somewhere.
    expect([...rules].sort()).toEqual(['outside_limits', 'run', 'trend', 'two_in_three']);
  });

  it("gives the assurance icon of a plan target above (pass), within (inconsistent) and below (fail) the limits, a year's plan a twelfth a month", async () => {
    const sample = ['E10000032', 'E08000009', 'E06000023'];
    const latest = sample.map((area) => charts.get(area)!.at(-1)!);
    const targets = [latest[0]!.upper_process_limit! + 50, latest[1]!.mean, latest[2]!.lower_process_limit! - 1];
    const csv = path.join(tempDir(), 'spc-plans.csv');
    fs.writeFileSync(
      csv,
      [
        'metric_id,area_code,period_start,period_end,planned_value,unit,plan_type',
        ...sample.map(
          // A year's plan for a monthly rate over a population: twelve months' worth.
          (area, i) =>
            `${METRIC},${area},2018-04-01,2019-03-31,${12 * targets[i]!},per 100000 population aged 18+,demo_plan`,
        ),
      ].join('\n'),
    );
    const run = await etl('load', 'plans', csv);
    expect(run.err).toBe('');
    const after = await readCharts(db);
    expect(sample.map((area) => after.get(area)!.at(-1)!.assurance_icon)).toEqual(['pass', 'inconsistent', 'fail']);
    expect(after.get('E10000032')!.at(-1)!.target).toBeCloseTo(targets[0]!, 9);
    // Months outside the plan's year have no target; a council without a plan has no assurance.
    expect(after.get('E10000032')![0]!.target).toBeNull();
    expect(after.get('E10000030')!.at(-1)!.assurance_icon).toBeNull();
  });
});

async function readCharts(db: TestDatabase): Promise<Map<string, ChartRow[]>> {
  const { rows } = await db.client.query<ChartRow>(
    `SELECT area_code, period_start::text, value, mean, lower_process_limit, upper_process_limit, point_type,
            special_cause_rule, variation_icon, assurance_icon, target, warning
     FROM marts.metric_spc WHERE metric_id = $1 AND period_type = 'month' ORDER BY area_code, period_start`,
    [METRIC],
  );
  return groupBy(rows, (row) => row.area_code);
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}
