import fs from 'node:fs';
import type pg from 'pg';
import { defineTable } from '../../lib/copy.js';
import { InputError } from '../../lib/errors.js';
import { readLineBatches, splitCsvLine } from '../../lib/lines.js';
import { deleteFromLoads, unionOfLoads } from '../../lib/replace.js';
import type { StatedScope } from '../../load.js';
import type { FileRows, Progress, ReadContext, Reject, Source } from '../types.js';
import { type EpisodeColumn, findColumns } from './columns.js';
import { ADMISSION_COUNTS } from './counts.js';
import { FirstRepeat, RecordFilter, type RecordSink, RepeatedGroups } from './duplicates.js';
import { type Geography, readGeography } from './geography.js';
import { copyColumns, EpisodeReader, monthText, STORED } from './records.js';

/** The episodes as received. Only ever scanned whole (duplicates, revisions): no statistics needed at once. */
const EPISODES = defineTable('raw.admission_episodes', ['line_number', ...STORED], { analyse: false });

/** An extract whose header has been read. */
export interface Extract {
  file: string;
  header: string[];
  columns: Map<EpisodeColumn, number>;
  geography: Geography;
  /** The scope the user stated for it, if any. */
  covers?: StatedScope;
}

export const admissions: Source = {
  name: 'admissions',
  kind: 'records',
  coverageSql: 'SELECT DISTINCT area_code, period_month FROM marts.admission_counts WHERE admissions > 0',
  description:
    'record-level admissions extracts (CSV: person id, admission/discharge dates, method, source, age, sex, council or LSOA, ICD-10 diagnoses, discharge destination)',
  async parse(file, context) {
    if (!fs.existsSync(file)) throw new InputError({ file }, 'no such file');
    const geography = await readGeography(context.client);
    const { header, expectedRecords } = await readHeader(file);
    const extract: Extract = {
      file,
      header,
      columns: findColumns(file, header),
      geography,
      covers: context.covers,
    };
    return {
      periodStart: null,
      periodEnd: null,
      edition: null,
      rowCount: null,
      describe: 'admissions extract',
      read: (io) => readExtract(extract, expectedRecords, io),
      deletePeriod: (client, range, loadId) => replaceCoveredCells(client, range, loadId, context.covers),
    };
  },
};

/** The header, and the records expected from the first chunk's line length (to size the duplicate filter). */
async function readHeader(file: string): Promise<{ header: string[]; expectedRecords: number }> {
  const batches = readLineBatches(file);
  try {
    const first = await batches.next();
    if (first.done || first.value.lines[0]!.trim() === '') throw new InputError({ file }, 'the file is empty');
    const { lines, bytesRead } = first.value;
    const headerLine = lines[0]!;
    if (headerLine.includes('\0')) throw new InputError({ file }, 'not a CSV text file (it holds binary data)');
    const header = splitCsvLine(headerLine);
    if (header === null) throw new InputError({ file, row: 1 }, 'the header line has an unterminated quote');
    const size = fs.statSync(file).size;
    const expectedRecords =
      lines.length > 1 ? Math.ceil((size * (lines.length - 1)) / Math.max(1, bytesRead - headerLine.length)) : 1;
    return { header, expectedRecords };
  } finally {
    await batches.return(undefined);
  }
}

/**
 * The episodes (as COPY text: lines pass through as written where they can) and the monthly counts built
 * while they stream. A record repeated in the file fails it: the filter's candidates are checked against the
 * copied rows, or, in a dry run, by reading the file again.
 */
function readExtract(extract: Extract, expectedRecords: number, io: ReadContext): FileRows {
  io.progress.setTotal(fs.statSync(extract.file).size);
  const filter = new RecordFilter(expectedRecords);
  let reader: EpisodeReader | undefined;
  return {
    tables: [
      {
        kind: 'text',
        table: EPISODES,
        format: 'csv',
        columns: ['line_number', ...copyColumns(extract.header, extract.columns)],
        text(loadId) {
          reader = episodeReader(extract, loadId, filter, io.reject);
          return episodeText(extract.file, reader, io.progress);
        },
      },
      {
        kind: 'text',
        table: ADMISSION_COUNTS,
        format: 'text',
        columns: ADMISSION_COUNTS.columns,
        text: (loadId) => reader!.counts.copyText(loadId),
      },
    ],
    async finish(copied) {
      const { file } = extract;
      const { rows, counts, firstMonth, lastMonth } = reader!;
      const duplicate = copied
        ? await findDuplicate(copied.client, copied.loadId, filter)
        : await findDuplicateInFile(extract, filter, rows);
      if (duplicate)
        throw new InputError(
          { file, row: duplicate.line },
          `duplicate record: line ${duplicate.line} repeats line ${duplicate.firstLine}`,
        );
      const [minMonth, maxMonth] = [monthText(firstMonth), monthText(lastMonth)];
      if (extract.covers) checkWithinStatedScope(file, extract.covers, minMonth, maxMonth, counts.councilList);
      return {
        rowCount: rows,
        periodStart: `${minMonth}-01`,
        periodEnd: `${maxMonth}-01`,
        describe: `admissions ${minMonth} to ${maxMonth}, ${counts.areaCount} councils`,
      };
    },
  };
}

function episodeReader(
  { file, header, columns, geography }: Extract,
  loadId: string,
  duplicates: RecordSink,
  reject: (reject: Reject) => void,
): EpisodeReader {
  return new EpisodeReader(
    header,
    columns,
    geography,
    loadId,
    (line, column, value, rule) => reject({ location: { file, row: line, column }, value, rule }),
    duplicates,
  );
}

/** The COPY text of the good records, a chunk of the file at a time. */
async function* episodeText(file: string, reader: EpisodeReader, progress: Progress): AsyncGenerator<string> {
  let bytesBefore = 0;
  let header = 1;
  for await (const batch of readLineBatches(file)) {
    // A last line without a line break is fine if it is a whole record; a cut-off one means a truncated file.
    const rejectedBefore = reader.rejectedRows;
    const text = reader.read(batch.lines, batch.firstLine, header);
    if (batch.unterminated && reader.rejectedRows > rejectedBefore) throw truncated(file, batch.firstLine);
    yield text;
    progress.advance(batch.lines.length - header, batch.bytesRead - bytesBefore);
    bytesBefore = batch.bytesRead;
    header = 0;
  }
  if (reader.rows === 0)
    throw new InputError({ file }, 'no usable records (the file has a header only, or every record was rejected)');
}

/**
 * The first record (by line) that repeats an earlier one exactly, if any. The filter's candidates are
 * checked against the copied rows of their persons; if there were too many to hold, the whole load is
 * grouped in SQL instead.
 */
export async function findDuplicate(
  client: pg.ClientBase,
  loadId: string,
  filter: RecordFilter,
): Promise<{ line: number; firstLine: number } | null> {
  if (filter.overflowed) {
    // The hash aggregate over millions of records fits in memory with a larger work_mem (PostgreSQL's, not ours).
    await client.query("SET LOCAL work_mem = '256MB'");
    const { rows } = await client.query<{ first_line: number; line: number }>(
      `SELECT min(line_number) AS first_line, max(line_number) AS line
       FROM ${EPISODES.name} WHERE load_id = $1
       GROUP BY ${STORED.join(', ')} HAVING count(*) > 1
       ORDER BY 2 LIMIT 1`,
      [loadId],
    );
    return rows[0] ? { line: rows[0].line, firstLine: rows[0].first_line } : null;
  }
  if (filter.candidates.size === 0) return null;
  const { rows } = await client.query<{ line_number: number; record: string }>(
    `SELECT line_number, row(${STORED.join(', ')})::text AS record
     FROM ${EPISODES.name} WHERE load_id = $1 AND person_id = ANY($2::text[])
     ORDER BY line_number`,
    [loadId, [...filter.candidates]],
  );
  const seen = new Map<string, number>();
  for (const { line_number, record } of rows) {
    const firstLine = seen.get(record);
    if (firstLine !== undefined) return { line: line_number, firstLine };
    seen.set(record, line_number);
  }
  return null;
}

/** Records a dry run groups at a time when the filter had too many candidates: memory stays bounded. */
const RECORDS_PER_SHARE = 500_000;

/**
 * findDuplicate's verdict without copied rows (a dry run), by reading the file again: the candidates' records
 * are checked exactly, or, when there were too many candidates, every record is grouped, the persons a share
 * at a time.
 */
export async function findDuplicateInFile(
  extract: Extract,
  filter: RecordFilter,
  records: number,
): Promise<{ line: number; firstLine: number } | null> {
  if (!filter.overflowed) {
    if (filter.candidates.size === 0) return null;
    return (await reread(extract, new FirstRepeat((person) => filter.candidates.has(person)))).repeat;
  }
  const shares = Math.ceil(records / RECORDS_PER_SHARE);
  let first: { line: number; firstLine: number } | null = null;
  for (let share = 0; share < shares; share++) {
    const { repeat } = await reread(extract, new RepeatedGroups((person) => shareOf(person, shares) === share));
    if (repeat !== null && (first === null || repeat.line < first.line)) first = repeat;
  }
  return first;
}

/** Reads the extract again (its checks passed the first time), each good record going to `sink`. */
async function reread<S extends RecordSink>(extract: Extract, sink: S): Promise<S> {
  const quiet: Progress = { setTotal() {}, advance() {} };
  const reader = episodeReader(extract, '0', sink, () => undefined);
  for await (const _ of episodeText(extract.file, reader, quiet));
  return sink;
}

/** A person's share of `shares` (FNV-1a of the id). */
function shareOf(person: string, shares: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < person.length; i++) hash = Math.imul(hash ^ person.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % shares;
}

function truncated(file: string, line: number): InputError {
  return new InputError({ file, row: line }, 'the file ends in the middle of a line (truncated?); nothing was loaded');
}

/**
 * An extract replaces what it covers and nothing more: the councils × months of admission its records hold, or,
 * when the user states it (`--covers`, `--councils`), that scope. Earlier extracts keep every other council and
 * month, so a file for one council (or one stray date) cannot sweep away the others.
 */
async function replaceCoveredCells(
  client: pg.ClientBase,
  range: { start: string; end: string },
  loadId: string,
  stated: StatedScope | undefined,
): Promise<string[]> {
  const { start, end } = stated ?? range;
  // Deleting scans every episode, the new ones included: skip it when no other extract covers the period.
  const overlapping = await client.query(
    `SELECT 1 FROM raw.loads WHERE source = 'admissions' AND load_id <> $3 AND row_count > 0 AND reverted_at IS NULL
       AND period_start <= $2 AND period_end >= $1 LIMIT 1`,
    [start, end, loadId],
  );
  if (overlapping.rows.length === 0) return [];
  const [cells, params] = stated
    ? [
        `SELECT council, month::date FROM generate_series($2::date, $3::date, interval '1 month') AS month
         CROSS JOIN unnest(COALESCE($4::text[], ARRAY[NULL::text])) AS council`,
        [loadId, stated.start, stated.end, stated.councils],
      ]
    : [
        `SELECT DISTINCT area_code AS council, period_month AS month
         FROM ${ADMISSION_COUNTS.name} WHERE load_id = $1 AND admissions > 0`,
        [loadId],
      ];
  const council = `COALESCE(NULLIF(e.council_code, ''), (SELECT l.council_code FROM staging.lsoa_councils AS l WHERE l.lsoa_code = e.lsoa_code))`;
  const episodes = await deleteFromLoads(
    client,
    `DELETE FROM ${EPISODES.name} AS e USING (${cells}) AS cells(council, month)
     WHERE e.load_id <> $1
       AND date_trunc('month', e.admission_date)::date = cells.month
       AND (cells.council IS NULL OR ${council} = cells.council)`,
    params,
  );
  const counts = await deleteFromLoads(
    client,
    `DELETE FROM ${ADMISSION_COUNTS.name} AS c USING (${cells}) AS cells(council, month)
     WHERE c.load_id <> $1 AND c.period_month = cells.month AND (cells.council IS NULL OR c.area_code = cells.council)`,
    params,
  );
  return unionOfLoads(episodes, counts);
}

/** A stated scope is a promise about the file: a record outside it is an error, not something to load anyway. */
function checkWithinStatedScope(
  file: string,
  stated: StatedScope,
  firstMonth: string,
  lastMonth: string,
  councils: readonly string[],
) {
  const scope = `--covers ${stated.start.slice(0, 7)}..${stated.end.slice(0, 7)}${stated.councils ? ` --councils ${stated.councils.join(',')}` : ''}`;
  if (firstMonth < stated.start.slice(0, 7) || lastMonth > stated.end.slice(0, 7)) {
    throw new InputError(
      { file },
      `the file holds admissions from ${firstMonth} to ${lastMonth}, outside the scope stated (${scope}); nothing was loaded from it`,
    );
  }
  const others = stated.councils ? councils.filter((code) => !stated.councils!.includes(code)) : [];
  if (others.length > 0) {
    throw new InputError(
      { file },
      `the file holds admissions of ${others.slice(0, 5).join(', ')}${others.length > 5 ? ' and others' : ''}, outside the scope stated (${scope}); nothing was loaded from it`,
    );
  }
}
