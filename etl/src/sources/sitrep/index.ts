import type pg from 'pg';
import { copyRows } from '../../lib/copy.js';
import { deleteFromLoads } from '../../lib/replace.js';
import { readWorkbook } from '../../lib/workbook.js';
import type { Source } from '../types.js';
import { type Publication, parseSitrepWorkbook } from './parse.js';

const TABLE = 'raw.sitrep_values';

const COLUMNS = [
  'load_id',
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
] as const;

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
        workbook.published && `published ${workbook.published}`,
        workbook.revised && `revised ${workbook.revised}`,
      ]
        .filter(Boolean)
        .join(', '),
      rowCount: rows.length,
      describe:
        publication === 'monthly'
          ? `${workbook.periodStart} – ${workbook.periodEnd}, ${days} days, England, regions, ${new Set(rows.filter((r) => r.orgLevel === 'icb').map((r) => r.orgCode)).size} ICBs, ${organisations} trusts`
          : `national time series ${workbook.periodStart} – ${workbook.periodEnd}, ${days} days`,
      tables: [TABLE],
      deletePeriod: (client, range, loadId) => deletePublicationPeriod(client, publication, range, loadId),
      async write(client, loadId, io) {
        io.progress.setTotal(rows.length);
        if (io.dryRun) {
          io.progress.advance(rows.length);
          return;
        }
        await copyRows(
          client,
          TABLE,
          COLUMNS,
          rows.map((r) => [
            loadId,
            publication,
            r.tableName,
            r.sheet,
            r.rowNumber,
            r.column,
            r.orgLevel,
            r.orgCode,
            r.orgName,
            r.regionName,
            r.metric,
            r.category,
            r.grain,
            r.periodDate,
            r.value,
          ]),
        );
        io.progress.advance(rows.length);
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
      `DELETE FROM ${TABLE} WHERE publication = 'time_series' AND period_date BETWEEN $1 AND $2 AND load_id <> $3`,
      [range.start, range.end, loadId],
    );
  }
  // A workbook's weekly snapshots may start before its month, so it is replaced by load rather than by date.
  return deleteFromLoads(
    client,
    `DELETE FROM ${TABLE}
     WHERE publication = 'monthly'
       AND load_id <> $3
       AND load_id IN (SELECT load_id FROM raw.loads WHERE source = 'sitrep' AND period_start <= $2 AND period_end >= $1)`,
    [range.start, range.end, loadId],
  );
}
