import type pg from 'pg';
import { defineTable, tableRows } from '../../lib/copy.js';
import { edition } from '../../lib/editions.js';
import { deleteFromLoads } from '../../lib/replace.js';
import { readWorkbook } from '../../lib/workbook.js';
import type { Source } from '../types.js';
import { type Publication, parseSitrepWorkbook } from './parse.js';

const VALUES = defineTable(
  'raw.sitrep_values',
  [
    'publication',
    'table_name',
    'sheet_name',
    'row_number',
    'column_letter',
    'org_level',
    'org_code',
    'org_name',
    'region_name',
    'metric',
    'category',
    'grain',
    'period_date',
    'value',
  ] as const,
  { origin: { sheet: 'sheet_name', row: 'row_number', column: 'column_letter' } },
);

export const sitrep: Source = {
  name: 'sitrep',
  kind: 'published',
  description:
    "NHS England acute daily discharge situation report: monthly workbooks (Tables 1-5) and the national 'latest time series' workbook, 2021+",
  coverageSql: `SELECT DISTINCT area_code, date_trunc('month', report_date)::date AS period_month
    FROM marts.discharge_delays WHERE patients_not_meeting_criteria_to_reside IS NOT NULL`,
  async parse(file) {
    const workbook = parseSitrepWorkbook(readWorkbook(file));
    const { publication, rows } = workbook;
    const organisations = new Set(rows.filter((r) => r.orgLevel === 'trust').map((r) => r.orgCode)).size;
    const days = new Set(rows.filter((r) => r.grain === 'day').map((r) => r.periodDate)).size;
    return {
      periodStart: workbook.periodStart,
      periodEnd: workbook.periodEnd,
      edition: [
        publication === 'monthly' ? 'monthly workbook' : 'time series',
        edition(workbook.published, workbook.revised),
      ]
        .filter(Boolean)
        .join(', '),
      rowCount: rows.length,
      describe:
        publication === 'monthly'
          ? `${workbook.periodStart} – ${workbook.periodEnd}, ${days} days, England, regions, ${new Set(rows.filter((r) => r.orgLevel === 'icb').map((r) => r.orgCode)).size} ICBs, ${organisations} trusts`
          : `national time series ${workbook.periodStart} – ${workbook.periodEnd}, ${days} days`,
      deletePeriod: (client, range, loadId) => deletePublicationPeriod(client, publication, range, loadId),
      read(io) {
        io.progress.setTotal(rows.length);
        io.progress.advance(rows.length);
        const values = rows.map((r) => ({
          publication,
          table_name: r.tableName,
          sheet_name: r.sheet,
          row_number: r.rowNumber,
          column_letter: r.column,
          org_level: r.orgLevel,
          org_code: r.orgCode,
          org_name: r.orgName,
          region_name: r.regionName,
          metric: r.metric,
          category: r.category,
          grain: r.grain,
          period_date: r.periodDate,
          value: r.value,
        }));
        return { tables: [tableRows(VALUES, values)] };
      },
    };
  },
};

/**
 * Monthly workbooks and the time series are different editions at different grains, and each replaces only
 * its own kind: a revised monthly workbook replaces that month's workbook; a newer time series replaces the
 * older series' rows in the dates it covers (the older one keeps the rest).
 */
async function deletePublicationPeriod(
  client: pg.ClientBase,
  publication: Publication,
  range: { start: string; end: string },
  loadId: string,
) {
  if (publication === 'time_series') {
    return deleteFromLoads(
      client,
      `DELETE FROM ${VALUES.name} WHERE publication = 'time_series' AND period_date BETWEEN $1 AND $2 AND load_id <> $3`,
      [range.start, range.end, loadId],
    );
  }
  // A workbook's weekly snapshots may start before its month, so it is replaced by load rather than by date.
  return deleteFromLoads(
    client,
    `DELETE FROM ${VALUES.name}
     WHERE publication = 'monthly'
       AND load_id <> $3
       AND load_id IN (SELECT load_id FROM raw.loads WHERE source = 'sitrep' AND period_start <= $2 AND period_end >= $1)`,
    [range.start, range.end, loadId],
  );
}
