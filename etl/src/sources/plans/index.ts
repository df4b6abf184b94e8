import path from 'node:path';
import { copyRows } from '../../lib/copy.js';
import { openCsv } from '../../lib/csv.js';
import { InputError } from '../../lib/errors.js';
import { assertNoDuplicates, replaceMatching } from '../indicators/keys.js';
import type { Source } from '../types.js';
import {
  BCF_METRICS,
  bcfYear,
  detectPlanFormat,
  PLAN_COLUMNS,
  type PlanRow,
  parseBcfRecord,
  parseTemplateRecord,
} from './parse.js';

const TABLE = 'raw.plans';
const COLUMNS = [
  'load_id',
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
] as const;
/** A plan is one figure per metric, area, plan type and period; a later file for the same replaces it. */
const KEY = ['metric_id', 'area_code', 'plan_type', 'period_start', 'period_end'];

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
      tables: [TABLE],
      async deletePeriod(client, _range, loadId) {
        return replaceMatching(client, TABLE, loadId, KEY);
      },
      async write(client, loadId, io) {
        io.progress.setTotal(reader.size);
        let start: string | null = null;
        let end: string | null = null;
        const metrics = new Set<string>();
        const councilSums = new Map<string, number>();
        let totals: { line: number; rows: PlanRow[] } | undefined;
        async function* rows() {
          for await (const record of reader.records) {
            const parsed: PlanRow[] = year
              ? parseBcfRecord(file, reader.columns, record, year)
              : [parseTemplateRecord(file, reader.columns, record)];
            if (year) {
              if (parsed[0]!.areaCode === 'E92000001') totals = { line: record.line, rows: parsed };
              else
                for (const row of parsed)
                  councilSums.set(row.metricId, (councilSums.get(row.metricId) ?? 0) + (row.planned.value ?? 0));
            }
            io.progress.advance(
              1,
              Object.values(record.values).reduce((bytes, value) => bytes + value.length + 1, 1),
            );
            for (const row of parsed) {
              if (start === null || row.periodStart < start) start = row.periodStart;
              if (end === null || row.periodEnd > end) end = row.periodEnd;
              if (metrics.size < 1000) metrics.add(row.metricId);
              yield [
                loadId,
                row.rowNumber,
                format,
                row.metricId,
                row.metricName,
                row.areaCode,
                row.areaName,
                row.periodStart,
                row.periodEnd,
                row.periodType,
                row.baselinePeriodStart,
                row.baselinePeriodEnd,
                row.baseline.value,
                row.baseline.missingReason,
                row.planned.value,
                row.planned.missingReason,
                row.unit,
                row.planType,
                row.notes,
              ];
            }
          }
        }
        const rowCount = await copyRows(client, TABLE, COLUMNS, rows());
        if (year) checkBcfTotals(file, reader.columns, totals, councilSums);
        await assertNoDuplicates(client, TABLE, loadId, KEY, file, 'metric, area, plan type and period');
        if (start === null || end === null) return { rowCount: 0 };
        return {
          rowCount,
          periodStart: start,
          periodEnd: end,
          describe: `${format === 'template' ? 'plans' : 'BCF planned expenditure'}: ${metrics.size} metric${metrics.size === 1 ? '' : 's'}, ${start} to ${end}`,
        };
      },
    };
  },
};

/** The extract ends with a Total row over its councils: without it the file was cut short, and it must add up. */
function checkBcfTotals(
  file: string,
  columns: Record<string, string | undefined>,
  totals: { line: number; rows: PlanRow[] } | undefined,
  councilSums: Map<string, number>,
): void {
  if (!totals) throw new InputError({ file }, "no 'Total' row at the end: the file looks truncated");
  for (const { key, metricId } of BCF_METRICS) {
    const total = totals.rows.find((row) => row.metricId === metricId)!.planned.value;
    const sum = councilSums.get(metricId) ?? 0;
    // The extract's figures carry fractions of a pound; a pound either way is rounding.
    if (total !== null && Math.abs(total - sum) > 1) {
      throw new InputError(
        { file, row: totals.line, column: columns[key] },
        `the Total (${total.toFixed(2)}) is not the sum of the councils (${sum.toFixed(2)})`,
      );
    }
  }
}
