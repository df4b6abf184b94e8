import type pg from 'pg';
import { streamedRows } from '../../lib/copy.js';
import { type CsvReader, openCsv } from '../../lib/csv.js';
import { InputError } from '../../lib/errors.js';
import { GEOGRAPHY } from '../../lib/refresh-geography.js';
import { deleteFromLoads } from '../../lib/replace.js';
import { endsWithLineBreak } from '../../lib/text.js';
import type { Progress, Source } from '../types.js';
import { detectLookup, duplicateChecker, type LookupLayout, lookupTable, readLookupRecord } from './parse.js';

export const lookups: Source = {
  name: 'lookups',
  kind: 'published',
  description:
    'ONS Open Geography lookups (CSV): LAD to region, lower to upper tier, CCG to STP/ICB, CCG to NHS region, LSOA to CCG to LAD, CCG to LAD pairs, names and codes',
  async parse(file, context) {
    // The header is read here; the rows stream when read, so that memory stays flat for large lookups.
    const reader = await openCsv(file, []);
    const layout = detectLookup(reader.header, file);
    if (!(await endsWithLineBreak(file))) {
      throw new InputError(
        { file },
        'the file ends in the middle of a line: it looks truncated (ONS lookups end with a line break)',
      );
    }
    const { kind, vintage } = layout;
    const table = lookupTable(layout);
    const largest = await largestLoaded(context.client, layout);
    return {
      // A lookup's period is its vintage; a file replaces the rows of its own kind and vintage only (deletePeriod).
      periodStart: vintage,
      periodEnd: vintage,
      edition: `${kind.label}, ${layout.vintageYear} codes`,
      rowCount: null,
      describe: `${kind.label} lookup, ${layout.vintageYear} codes`,
      async deletePeriod(client, _range, loadId) {
        const typeFilter = kind.kind === 'names' ? ' AND area_type = $3' : '';
        return deleteFromLoads(
          client,
          `DELETE FROM ${table.name} WHERE vintage = $1 AND load_id <> $2${typeFilter}`,
          kind.kind === 'names' ? [vintage, loadId, layout.areaType] : [vintage, loadId],
        );
      },
      read(io) {
        io.progress.setTotal(reader.size);
        return streamedRows(table, readLookup(file, layout, reader, io.progress, largest));
      },
      refreshes: GEOGRAPHY,
    };
  },
};

/** The most rows any vintage of this kind (and area type) already loaded holds: how big an England-wide file is. */
async function largestLoaded(client: pg.ClientBase, layout: LookupLayout): Promise<number> {
  const table = lookupTable(layout);
  const names = layout.kind.kind === 'names';
  const { rows } = await client.query<{ n: number | null }>(
    `SELECT max(n)::int AS n FROM (
       SELECT count(*) AS n FROM ${table.name} ${names ? 'WHERE area_type = $1' : ''} GROUP BY vintage
     ) AS vintages`,
    names ? [layout.areaType] : [],
  );
  return rows[0]?.n ?? 0;
}

async function* readLookup(
  file: string,
  layout: LookupLayout,
  reader: CsvReader,
  progress: Progress,
  largestLoaded: number,
) {
  const checkDuplicate = duplicateChecker(layout);
  const extra: Record<string, string | null> = layout.kind.kind === 'names' ? { area_type: layout.areaType } : {};
  let count = 0;
  for await (const record of reader.records) {
    const location = { file, row: record.line };
    const row = readLookupRecord(layout, record.values, location);
    checkDuplicate(row, location);
    count++;
    if (count % 1000 === 0) progress.advance(1000, 0);
    yield { vintage: layout.vintage, ...row, ...extra };
  }
  progress.advance(count % 1000, reader.size);
  if (count === 0)
    throw new InputError(
      { file, row: 2 },
      `no rows below the header (a ${layout.kind.label} lookup has one row per area)`,
    );
  // The geography dimension reads a lookup as listing every area of its kind: a code missing from a newer one ends.
  // A part of England would end the validity of every code it lacks; mergers shrink a kind, but never by half.
  if (count < largestLoaded / 2) {
    throw new InputError(
      { file },
      `holds ${count} rows where the ${layout.kind.label} lookup already loaded holds ${largestLoaded}: a partial lookup would end every code it lacks. Load the complete England-wide file`,
    );
  }
  return { rowCount: count };
}
