import { copyRows } from '../../lib/copy.js';
import { InputError } from '../../lib/errors.js';
import { deleteFromLoads } from '../../lib/replace.js';
import { columnLetter, readWorkbook } from '../../lib/workbook.js';
import type { Source } from '../types.js';
import { type MarRow, parseMarWorkbook } from './parse.js';

const COLUMNS = [
  'load_id',
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
] as const;

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
    const month = new Date(`${workbook.period}T00:00:00Z`).toLocaleString('en-GB', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    const line = (row: MarRow, loadId: string) =>
      workbook.measures.map((measure, index) => [
        loadId,
        workbook.period,
        workbook.sheet,
        row.rowNumber,
        workbook.parentType,
        row.parentCode,
        row.parentName,
        row.orgCode?.toUpperCase() ?? null,
        row.orgCode === null ? 'england' : orgTypes.get(row.orgCode.toUpperCase())!,
        row.orgName,
        measure.code,
        measure.label,
        row.values[index]!,
      ]);
    return {
      periodStart: workbook.period,
      periodEnd: workbook.period,
      edition:
        [workbook.published && `published ${workbook.published}`, workbook.revised && `revised ${workbook.revised}`]
          .filter(Boolean)
          .join(', ') || null,
      rowCount: rows.length * workbook.measures.length,
      describe: `${month}, England and ${workbook.commissioners.length} commissioners × ${workbook.measures.length} measures`,
      tables: ['raw.mar_activity'],
      async deletePeriod(client) {
        return deleteFromLoads(client, 'DELETE FROM raw.mar_activity WHERE period_month = $1', [workbook.period]);
      },
      async write(client, loadId) {
        await copyRows(
          client,
          'raw.mar_activity',
          COLUMNS,
          rows.flatMap((row) => line(row, loadId)),
        );
      },
    };
  },
};
