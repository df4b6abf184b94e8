import { ENGLAND_CODE, knownAreas } from '../../lib/areas.js';
import { checkAreaName } from '../../lib/consistency.js';
import { defineTable, tableRows } from '../../lib/copy.js';
import { monthLabel } from '../../lib/dates.js';
import { edition } from '../../lib/editions.js';
import { InputError } from '../../lib/errors.js';
import { deleteFromLoads } from '../../lib/replace.js';
import { readWorkbook } from '../../lib/workbook.js';
import type { Source, SourceContext } from '../types.js';
import { detectCollatedCsv } from './collated.js';
import { COLLATED_DELAYED_DAYS, parseCollatedFile } from './collated-load.js';
import { type DtocRow, PSEUDO_AREAS, parseDtocWorkbook } from './parse.js';

interface CouncilCode {
  dh_code: string;
  ons_code: string;
  area_name: string;
  valid_from: string | null;
  valid_to: string | null;
}

const DELAYED_DAYS = defineTable(
  'raw.dtoc_delayed_days',
  [
    'period_month',
    'sheet_name',
    'row_number',
    'dh_code',
    'published_ons_code',
    'area_code',
    'area_name',
    'breakdown',
    'category',
    'delayed_days',
  ] as const,
  { origin: { sheet: 'sheet_name', row: 'row_number' } },
);

export const dtoc: Source = {
  name: 'dtoc',
  kind: 'published',
  coverageSql: `SELECT DISTINCT area_code, period_month FROM ${DELAYED_DAYS.name} WHERE area_code IS NOT NULL
    UNION SELECT DISTINCT area_code, period_month FROM ${COLLATED_DELAYED_DAYS.name} WHERE area_code IS NOT NULL`,
  description:
    "NHS England monthly 'Total Delayed Days - Local Authority' workbooks (.xls), 2010-2020, or the collated reason / responsible-organisation CSVs",
  async parse(file, context) {
    const collated = detectCollatedCsv(file);
    if (collated !== null) return parseCollatedFile(file, collated, context);
    const workbook = parseDtocWorkbook(readWorkbook(file));
    const resolve = await councilResolver(context, workbook.period);
    const rows = workbook.rows.map((row) => ({ ...row, areaCode: resolve(row, file) }));
    return {
      periodStart: workbook.period,
      periodEnd: workbook.period,
      edition: edition(workbook.published, workbook.revised),
      rowCount: rows.length,
      describe: `${monthLabel(workbook.period)}, ${new Set(rows.map((r) => r.areaCode).filter(Boolean)).size} areas`,
      async deletePeriod(client) {
        return deleteFromLoads(client, `DELETE FROM ${DELAYED_DAYS.name} WHERE period_month = $1`, [workbook.period]);
      },
      read: () => ({
        tables: [
          tableRows(
            DELAYED_DAYS,
            rows.map((r) => ({
              period_month: workbook.period,
              sheet_name: r.sheet,
              row_number: r.rowNumber,
              dh_code: r.dhCode,
              published_ons_code: r.onsCode,
              area_code: r.areaCode,
              area_name: r.areaName,
              breakdown: r.breakdown,
              category: r.category,
              delayed_days: r.delayedDays,
            })),
          ),
        ],
      }),
    };
  },
};

/**
 * Resolves a row to an ONS area code valid in the month: England, a council (by its ONS code or,
 * before 2015-07, its DH code), or null for the pseudo-areas (residents of Wales, Scotland, outside GB).
 */
async function councilResolver(context: SourceContext, period: string) {
  const { rows } = await context.client.query<CouncilCode>(
    `SELECT dh_code, ons_code, area_name, valid_from::text, valid_to::text FROM raw.dtoc_council_codes`,
  );
  const inForce = rows.filter((c) => (c.valid_from ?? '0000') <= period && period <= (c.valid_to ?? '9999'));
  const byDhCode = new Map(inForce.map((c) => [c.dh_code, c.ons_code]));
  const onsCodes = new Set(rows.map((c) => c.ons_code));

  // A council's name must be one it is known by: its DToC names (any era) or its ONS name.
  const names = new Map<string, string[]>();
  for (const { areaCode, areaName } of knownAreas().values()) names.set(areaCode, [areaName]);
  for (const council of rows) names.get(council.ons_code)?.push(council.area_name);

  const named = (row: DtocRow, file: string, code: string | null) => {
    if (code === null || code === ENGLAND_CODE) return code;
    const location = { file, sheet: row.sheet, row: row.rowNumber, field: 'Name' };
    checkAreaName(location, code, row.areaName, names.get(code) ?? []);
    return code;
  };

  return (row: DtocRow, file: string): string | null => named(row, file, codeOf(row, file));

  function codeOf(row: DtocRow, file: string): string | null {
    if (row.onsCode === ENGLAND_CODE) return ENGLAND_CODE;
    const location = { file, sheet: row.sheet, row: row.rowNumber };
    if (row.onsCode !== null) {
      if (!onsCodes.has(row.onsCode)) {
        throw new InputError(
          { ...location, field: 'ONS Geography' },
          `unknown area code '${row.onsCode}' (not an English council with social services responsibilities)`,
        );
      }
      return row.onsCode;
    }
    if (row.dhCode !== null && row.dhCode in PSEUDO_AREAS) return null;
    const resolved = row.dhCode === null ? undefined : byDhCode.get(row.dhCode);
    if (resolved === undefined) {
      throw new InputError(
        { ...location, field: 'Code' },
        `unknown council code '${row.dhCode}' for ${period.slice(0, 7)} (see warehouse/reference/dtoc-council-codes.csv)`,
      );
    }
    return resolved;
  }
}
