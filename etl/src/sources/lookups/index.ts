import fs from 'node:fs';
import { copyRows } from '../../lib/copy.js';
import { openCsv } from '../../lib/csv.js';
import { InputError } from '../../lib/errors.js';
import { deleteFromLoads } from '../../lib/replace.js';
import type { Source } from '../types.js';
import { detectLookup, duplicateChecker, type LookupRow, lookupColumns, readLookupRecord } from './parse.js';
import { GEOGRAPHY_VIEWS, refreshGeography } from './refresh.js';

export const lookups: Source = {
  name: 'lookups',
  kind: 'published',
  description:
    'ONS Open Geography lookups (CSV): LAD to region, lower to upper tier, CCG to STP/ICB, CCG to NHS region, LSOA to CCG to LAD, CCG to LAD pairs, names and codes',
  async parse(file) {
    // Read the header only here; the rows stream in write() so that memory stays flat for large lookups.
    const probe = await openCsv(file, []);
    const layout = detectLookup(probe.header, file);
    if (!(await endsWithLineBreak(file))) {
      throw new InputError(
        { file },
        'the file ends in the middle of a line: it looks truncated (ONS lookups end with a line break)',
      );
    }
    const { kind, vintage } = layout;
    // A lookup's period is its vintage; a file replaces the rows of its own kind and vintage only (deletePeriod).
    const period = vintage;
    const columns = ['load_id', 'vintage', ...lookupColumns(layout), ...(kind.kind === 'names' ? ['area_type'] : [])];
    return {
      periodStart: period,
      periodEnd: period,
      edition: `${kind.label}, ${layout.vintageYear} codes`,
      rowCount: null,
      describe: `${kind.label} lookup, ${layout.vintageYear} codes`,
      tables: [kind.table, ...GEOGRAPHY_VIEWS],
      async deletePeriod(client, _range, loadId) {
        const typeFilter = kind.kind === 'names' ? ' AND area_type = $3' : '';
        return deleteFromLoads(
          client,
          `DELETE FROM ${kind.table} WHERE vintage = $1 AND load_id <> $2${typeFilter}`,
          kind.kind === 'names' ? [vintage, loadId, layout.areaType] : [vintage, loadId],
        );
      },
      async write(client, loadId, io) {
        const reader = await openCsv(file, []);
        io.progress.setTotal(reader.size);
        const checkDuplicate = duplicateChecker(layout);
        let count = 0;
        async function* rows() {
          for await (const record of reader.records) {
            const location = { file, row: record.line };
            const row: LookupRow = readLookupRecord(layout, record.values, location);
            checkDuplicate(row, location);
            count++;
            if (count % 1000 === 0) io.progress.advance(1000, 0);
            yield [
              loadId,
              vintage,
              ...lookupColumns(layout).map((column) => row[column] ?? null),
              ...(kind.kind === 'names' ? [layout.areaType] : []),
            ];
          }
        }
        if (io.dryRun) {
          for await (const _row of rows());
        } else {
          await copyRows(client, kind.table, columns, rows());
          await refreshGeography(client);
        }
        io.progress.advance(count % 1000, reader.size);
        if (count === 0)
          throw new InputError(
            { file, row: 2 },
            `no rows below the header (a ${kind.label} lookup has one row per area)`,
          );
        return { rowCount: count };
      },
    };
  },
};

async function endsWithLineBreak(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] === 0x0a || last[0] === 0x0d;
  } finally {
    await handle.close();
  }
}
