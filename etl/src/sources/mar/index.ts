import { defineTable, tableRows } from '../../lib/copy.js';
import { monthLabel } from '../../lib/dates.js';
import { edition } from '../../lib/editions.js';
import { InputError } from '../../lib/errors.js';
import { deleteFromLoads } from '../../lib/replace.js';
import { columnLetter, readWorkbook } from '../../lib/workbook.js';
import type { Source } from '../types.js';
import { type MarRow, parseMarWorkbook } from './parse.js';

const ACTIVITY = defineTable(
  'raw.mar_activity',
  [
    'period_month',
    'sheet_name',
    'row_number',
    'parent_type',
    'parent_code',
    'parent_name',
    'org_code',
    'org_type',
    'org_name',
    'measure',
    'measure_label',
    'value',
  ] as const,
  { origin: { sheet: 'sheet_name', row: 'row_number' } },
);

export const mar: Source = {
  name: 'mar',
  kind: 'published',
  description:
    "NHS England Monthly Activity Return, commissioner basis ('MAR_Comm' .xls), admissions and referrals by CCG or PCT",
  async parse(file, context) {
    const workbook = parseMarWorkbook(readWorkbook(file));
    const { rows: known } = await context.client.query<{ org_code: string; org_type: string }>(
      'SELECT org_code, org_type FROM raw.mar_commissioner_codes',
    );
    const orgTypes = new Map(known.map((row) => [row.org_code.toUpperCase(), row.org_type]));
    for (const row of workbook.commissioners) {
      if (!orgTypes.has(row.orgCode!.toUpperCase())) {
        throw new InputError(
          {
            file,
            sheet: workbook.sheet,
            row: row.rowNumber,
            column: columnLetter(workbook.orgCodeColumn),
            field: 'Org Code',
          },
          `unknown commissioner code '${row.orgCode}' ('${row.orgName}'): not a CCG, PCT or national commissioner in warehouse/reference/mar-commissioner-codes.csv`,
        );
      }
    }
    const rows = [workbook.england, ...workbook.commissioners];
    const values = (row: MarRow) =>
      workbook.measures.map((measure, index) => ({
        period_month: workbook.period,
        sheet_name: workbook.sheet,
        row_number: row.rowNumber,
        parent_type: workbook.parentType,
        parent_code: row.parentCode,
        parent_name: row.parentName,
        org_code: row.orgCode?.toUpperCase() ?? null,
        org_type: row.orgCode === null ? 'england' : orgTypes.get(row.orgCode.toUpperCase())!,
        org_name: row.orgName,
        measure: measure.code,
        measure_label: measure.label,
        value: row.values[index]!,
      }));
    return {
      periodStart: workbook.period,
      periodEnd: workbook.period,
      edition: edition(workbook.published, workbook.revised),
      rowCount: rows.length * workbook.measures.length,
      describe: `${monthLabel(workbook.period)}, England and ${workbook.commissioners.length} commissioners × ${workbook.measures.length} measures`,
      async deletePeriod(client) {
        return deleteFromLoads(client, `DELETE FROM ${ACTIVITY.name} WHERE period_month = $1`, [workbook.period]);
      },
      read: () => ({ tables: [tableRows(ACTIVITY, rows.flatMap(values))] }),
    };
  },
};
