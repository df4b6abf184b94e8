import { defineTable, tableRows } from '../../lib/copy.js';
import { openCsv } from '../../lib/csv.js';
import { InputError } from '../../lib/errors.js';
import { deleteFromLoads, unionOfLoads } from '../../lib/replace.js';
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

const PIONEERS = defineTable(
  'raw.pioneers',
  [
    'row_number',
    'pioneer_name',
    'wave',
    'announced_date',
    'announced_precision',
    'name_variants',
    'la_codes_indicative',
    'source_urls',
  ] as const,
  { origin: { row: 'row_number' } },
);
const MEMBERS = defineTable(
  'raw.pioneer_members',
  [
    'pioneer_name',
    'council_code',
    'council_name',
    'coverage',
    'footprint',
    'note',
    'source',
    'indicative_check',
    'is_member',
  ] as const,
  { origin: { key: ['pioneer_name', 'council_code'] } },
);

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
      async deletePeriod(client, _range, loadId) {
        // A pioneers file is the whole list: it replaces every earlier list, so a row corrected or dropped in the
        // new file cannot survive from the old one.
        const members = await deleteFromLoads(client, `DELETE FROM ${MEMBERS.name} WHERE load_id <> $1`, [loadId]);
        const pioneers = await deleteFromLoads(client, `DELETE FROM ${PIONEERS.name} WHERE load_id <> $1`, [loadId]);
        return unionOfLoads(members, pioneers);
      },
      read: () => ({
        tables: [
          tableRows(
            PIONEERS,
            rows.map((r) => ({
              row_number: r.rowNumber,
              pioneer_name: r.pioneerName,
              wave: r.wave,
              announced_date: r.announcedDate,
              announced_precision: r.announcedPrecision,
              name_variants: r.nameVariants.join('; ') || null,
              la_codes_indicative: r.indicativeCodes.join(';') || null,
              source_urls: r.sourceUrls,
            })),
          ),
          tableRows(
            MEMBERS,
            members.map((m) => ({
              pioneer_name: m.pioneerName,
              council_code: m.councilCode,
              council_name: m.councilName,
              coverage: m.coverage,
              footprint: m.footprint,
              note: m.note,
              source: m.source,
              indicative_check: m.indicativeCheck,
              is_member: m.isMember,
            })),
          ),
        ],
      }),
    };
  },
};
