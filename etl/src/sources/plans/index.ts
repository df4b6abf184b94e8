import path from 'node:path';
import { ENGLAND_CODE } from '../../lib/areas.js';
import { checkSum, type Figure } from '../../lib/consistency.js';
import { defineTable, streamedRows } from '../../lib/copy.js';
import { type CsvReader, openCsv, recordBytes } from '../../lib/csv.js';
import { InputError } from '../../lib/errors.js';
import { RowTally } from '../../lib/keys.js';
import type { Period } from '../../lib/periods.js';
import { replaceMatching } from '../../lib/replace.js';
import type { Progress, Source } from '../types.js';
import {
  BCF_METRICS,
  bcfYear,
  detectPlanFormat,
  PLAN_COLUMNS,
  type PlanFormat,
  type PlanRow,
  parseBcfRecord,
  parseTemplateRecord,
} from './parse.js';

const PLANS = defineTable(
  'raw.plans',
  [
    'row_number',
    'source_format',
    'metric_id',
    'metric_name',
    'area_code',
    'area_name',
    'period_start',
    'period_end',
    'period_type',
    'baseline_period_start',
    'baseline_period_end',
    'baseline_value',
    'baseline_missing_reason',
    'planned_value',
    'planned_missing_reason',
    'unit',
    'plan_type',
    'notes',
  ] as const,
  { origin: { row: 'row_number' } },
);
/** A plan is one figure per metric, area, plan type and period; a later file for the same replaces it. */
const KEY = ['metric_id', 'area_code', 'plan_type', 'period_start', 'period_end'] as const;

export const plans: Source = {
  name: 'plans',
  kind: 'published',
  description:
    'baselines and planned values per metric × area × period (etl/templates/plans-template.csv), and the Health Foundation BCF intermediate care extract',
  async parse(file) {
    const reader = await openCsv(file, PLAN_COLUMNS);
    const format = detectPlanFormat(file, reader.header, reader.columns);
    const year = format === 'bcf_intermediate_care' ? bcfYear(file) : undefined;
    return {
      periodStart: null,
      periodEnd: null,
      edition: null,
      rowCount: null,
      describe: `plans ${path.basename(file)}`,
      async deletePeriod(client, _range, loadId) {
        return replaceMatching(client, PLANS.name, loadId, KEY);
      },
      read(io) {
        io.progress.setTotal(reader.size);
        return streamedRows(PLANS, readPlans(file, format, year, reader, io.progress));
      },
    };
  },
};

async function* readPlans(
  file: string,
  format: PlanFormat,
  year: Period | undefined,
  reader: CsvReader,
  progress: Progress,
) {
  const tally = new RowTally(file, 'metric, area, plan type and period', KEY);
  const metrics = new Set<string>();
  const councilFigures = new Map<string, Figure[]>();
  let totals: { line: number; rows: PlanRow[] } | undefined;
  for await (const record of reader.records) {
    const parsed: PlanRow[] = year
      ? parseBcfRecord(file, reader.columns, record, year)
      : [parseTemplateRecord(file, reader.columns, record)];
    if (year) {
      if (parsed[0]!.areaCode === ENGLAND_CODE) totals = { line: record.line, rows: parsed };
      else
        for (const row of parsed) {
          const figures = councilFigures.get(row.metricId) ?? [];
          // The Total is over the councils with a figure: NA adds nothing to it.
          figures.push({ label: row.areaCode, value: row.planned.value ?? 0 });
          councilFigures.set(row.metricId, figures);
        }
    }
    progress.advance(1, recordBytes(record));
    for (const row of parsed) {
      const plan = {
        row_number: row.rowNumber,
        source_format: format,
        metric_id: row.metricId,
        metric_name: row.metricName,
        area_code: row.areaCode,
        area_name: row.areaName,
        period_start: row.periodStart,
        period_end: row.periodEnd,
        period_type: row.periodType,
        baseline_period_start: row.baselinePeriodStart,
        baseline_period_end: row.baselinePeriodEnd,
        baseline_value: row.baseline.value,
        baseline_missing_reason: row.baseline.missingReason,
        planned_value: row.planned.value,
        planned_missing_reason: row.planned.missingReason,
        unit: row.unit,
        plan_type: row.planType,
        notes: row.notes,
      };
      tally.add(plan);
      if (metrics.size < 1000) metrics.add(row.metricId);
      yield plan;
    }
  }
  if (year) checkBcfTotals(file, reader.columns, totals, councilFigures);
  const what = format === 'template' ? 'plans' : 'BCF planned expenditure';
  return tally.summary(
    (start, end) => `${what}: ${metrics.size} metric${metrics.size === 1 ? '' : 's'}, ${start} to ${end}`,
  );
}

/** The extract ends with a Total row over its councils: without it the file was cut short, and it must add up. */
function checkBcfTotals(
  file: string,
  columns: Record<string, string | undefined>,
  totals: { line: number; rows: PlanRow[] } | undefined,
  councilFigures: Map<string, Figure[]>,
): void {
  if (!totals) throw new InputError({ file }, "no 'Total' row at the end: the file looks truncated");
  for (const { key, metricId } of BCF_METRICS) {
    const total = totals.rows.find((row) => row.metricId === metricId)!.planned.value;
    // The extract's figures carry fractions of a pound; a pound either way is rounding.
    checkSum(
      { file, row: totals.line, column: columns[key] },
      councilFigures.get(metricId) ?? [],
      { label: 'the Total', value: total },
      { tolerance: { absolute: 1 }, partsName: 'council rows' },
    );
  }
}
