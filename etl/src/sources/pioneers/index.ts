import { copyRows } from '../../lib/copy.js';
import { openCsv } from '../../lib/csv.js';
import { InputError } from '../../lib/errors.js';
import { deleteFromLoads } from '../../lib/replace.js';
import type { Source } from '../types.js';
import {
  describeReconciliation,
  normaliseName,
  PIONEER_COLUMNS,
  type PioneerRow,
  parsePioneerRecord,
  readFootprints,
  reconcileMembers,
} from './parse.js';

export const pioneers: Source = {
  name: 'pioneers',
  kind: 'published',
  description:
    'the Integrated Care and Support Pioneers (name, wave, announced, indicative council codes), checked against the verified footprints',
  async parse(file) {
    const reader = await openCsv(file, PIONEER_COLUMNS);
    const rows: PioneerRow[] = [];
    const seen = new Map<string, number>();
    for await (const record of reader.records) {
      const row = parsePioneerRecord(file, reader.columns, record);
      const key = normaliseName(row.pioneerName);
      if (seen.has(key))
        throw new InputError(
          { file, row: row.rowNumber, column: reader.columns.name },
          `duplicate row: pioneer '${row.pioneerName}' is already on row ${seen.get(key)}`,
        );
      seen.set(key, row.rowNumber);
      rows.push(row);
    }
    if (rows.length === 0) throw new InputError({ file }, 'no pioneers below the header');
    const members = reconcileMembers(file, rows, readFootprints());
    const start = rows.map((r) => r.announcedDate).sort()[0]!;
    const end = rows
      .map((r) => r.announcedEnd)
      .sort()
      .at(-1)!;
    return {
      periodStart: start,
      periodEnd: end,
      edition: null,
      rowCount: rows.length + members.length,
      describe: describeReconciliation(rows, members),
      tables: ['raw.pioneers', 'raw.pioneer_members'],
      async deletePeriod(client, range, loadId) {
        await client.query(
          `DELETE FROM raw.pioneer_members AS m USING raw.pioneers AS p
           WHERE p.load_id = m.load_id AND p.pioneer_name = m.pioneer_name AND p.load_id <> $3 AND p.announced_date BETWEEN $1 AND $2`,
          [range.start, range.end, loadId],
        );
        return deleteFromLoads(
          client,
          'DELETE FROM raw.pioneers WHERE load_id <> $3 AND announced_date BETWEEN $1 AND $2',
          [range.start, range.end, loadId],
        );
      },
      async write(client, loadId) {
        await copyRows(
          client,
          'raw.pioneers',
          [
            'load_id',
            'row_number',
            'pioneer_name',
            'wave',
            'announced_date',
            'announced_precision',
            'name_variants',
            'la_codes_indicative',
            'source_urls',
          ],
          rows.map((r) => [
            loadId,
            r.rowNumber,
            r.pioneerName,
            r.wave,
            r.announcedDate,
            r.announcedPrecision,
            r.nameVariants.join('; ') || null,
            r.indicativeCodes.join(';') || null,
            r.sourceUrls,
          ]),
        );
        await copyRows(
          client,
          'raw.pioneer_members',
          [
            'load_id',
            'pioneer_name',
            'council_code',
            'council_name',
            'coverage',
            'footprint',
            'note',
            'source',
            'indicative_check',
            'is_member',
          ],
          members.map((m) => [
            loadId,
            m.pioneerName,
            m.councilCode,
            m.councilName,
            m.coverage,
            m.footprint,
            m.note,
            m.source,
            m.indicativeCheck,
            m.isMember ? 't' : 'f',
          ]),
        );
      },
    };
  },
};
