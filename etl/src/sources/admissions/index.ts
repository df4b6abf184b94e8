import { once } from 'node:events';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { InputError } from '../../lib/errors.js';
import { readLineBatches, splitCsvLine } from '../../lib/lines.js';
import { deleteFromLoads, unionOfLoads } from '../../lib/replace.js';
import type { Source, WriteContext } from '../types.js';
import { findColumns } from './columns.js';
import { COUNT_COLUMNS } from './counts.js';
import type { RecordFilter } from './duplicates.js';
import { type Geography, readGeography } from './geography.js';
import { EpisodeReader, monthText, type RejectRecord, STORED } from './records.js';

export const admissions: Source = {
  name: 'admissions',
  kind: 'records',
  coverageSql: 'SELECT DISTINCT area_code, period_month FROM marts.admission_counts WHERE admissions > 0',
  description:
    'record-level admissions extracts (CSV: person id, admission/discharge dates, method, source, age, sex, council or LSOA, ICD-10 diagnoses, discharge destination)',
  async parse(file, context) {
    if (!fs.existsSync(file)) throw new InputError({ file }, 'no such file');
    const geography = await readGeography(context.client);
    return {
      periodStart: null,
      periodEnd: null,
      edition: null,
      rowCount: null,
      describe: 'admissions extract',
      // The episodes are only ever scanned whole (duplicates, revisions): no statistics needed at once.
      tables: ['marts.admission_counts'],
      write: (client, loadId, io) => writeExtract(file, client, loadId, io, geography),
      async deletePeriod(client, { start, end }, loadId) {
        // Deleting scans every episode, the new ones included: skip it when no other extract covers the period.
        const overlapping = await client.query(
          `SELECT 1 FROM raw.loads WHERE source = 'admissions' AND load_id <> $3 AND row_count > 0 AND period_start <= $2 AND period_end >= $1 LIMIT 1`,
          [start, end, loadId],
        );
        if (overlapping.rows.length === 0) return [];
        const episodes = await deleteFromLoads(
          client,
          `DELETE FROM raw.admission_episodes
           WHERE load_id <> $3 AND admission_date >= $1 AND admission_date < ($2::date + interval '1 month')`,
          [start, end, loadId],
        );
        const counts = await deleteFromLoads(
          client,
          'DELETE FROM marts.admission_counts WHERE load_id <> $3 AND period_month BETWEEN $1 AND $2',
          [start, end, loadId],
        );
        return unionOfLoads(episodes, counts);
      },
    };
  },
};

async function writeExtract(
  file: string,
  client: pg.ClientBase,
  loadId: string,
  io: WriteContext,
  geography: Geography,
) {
  const size = fs.statSync(file).size;
  io.progress.setTotal(size);
  const batches = readLineBatches(file);
  const first = await batches.next();
  if (first.done || first.value.lines[0]!.trim() === '') throw new InputError({ file }, 'the file is empty');
  const headerLine = first.value.lines[0]!;
  if (headerLine.includes('\0')) throw new InputError({ file }, 'not a CSV text file (it holds binary data)');
  const header = splitCsvLine(headerLine);
  if (header === null) throw new InputError({ file, row: 1 }, 'the header line has an unterminated quote');
  const columns = findColumns(file, header);

  let rejected = 0;
  const reject: RejectRecord = (line, column, value, rule) => {
    rejected++;
    io.reject({ location: { file, row: line, column }, value, rule });
  };
  // Records expected, from the first chunk's line length: sizes the duplicate filter.
  const sample = first.value.lines;
  const expected =
    sample.length > 1
      ? Math.ceil((size * (sample.length - 1)) / Math.max(1, first.value.bytesRead - headerLine.length))
      : 1;
  const reader = new EpisodeReader(header, columns, geography, loadId, reject, expected);

  const copy = client.query(
    copyFrom(
      `COPY raw.admission_episodes (load_id, line_number, ${reader.copyColumns.join(', ')}) FROM STDIN (FORMAT csv)`,
    ),
  );
  const copyDone = new Promise<void>((resolve, reject) => {
    copy.on('finish', resolve);
    copy.on('error', reject);
  });
  const send = async (text: string) => {
    // Let a few megabytes queue so that PostgreSQL ingests one batch while the next is read.
    if (text.length > 0 && !copy.write(text) && copy.writableLength > 8 << 20)
      await Promise.race([once(copy, 'drain'), copyDone]);
  };

  try {
    await send(reader.read(first.value.lines, first.value.firstLine, 1));
    io.progress.advance(first.value.lines.length - 1, first.value.bytesRead);
    let bytesBefore = first.value.bytesRead;
    for await (const batch of batches) {
      // A last line without a line break is fine if it is a whole record; a cut-off one means a truncated file.
      const rejectedBefore = rejected;
      const text = reader.read(batch.lines, batch.firstLine);
      if (batch.unterminated && rejected > rejectedBefore) throw truncated(file, batch.firstLine);
      await send(text);
      io.progress.advance(batch.lines.length, batch.bytesRead - bytesBefore);
      bytesBefore = batch.bytesRead;
    }
    copy.end();
    await copyDone;
  } catch (error) {
    copy.destroy();
    await copyDone.catch(() => undefined);
    throw error;
  }
  if (reader.rows === 0)
    throw new InputError({ file }, 'no usable records (the file has a header only, or every record was rejected)');

  const duplicate = await findDuplicate(client, loadId, reader.duplicates);
  if (duplicate)
    throw new InputError(
      { file, row: duplicate.line },
      `duplicate record: line ${duplicate.line} repeats line ${duplicate.firstLine}`,
    );

  await pipeline(
    Readable.from(reader.counts.copyText(loadId)),
    client.query(copyFrom(`COPY marts.admission_counts (${COUNT_COLUMNS.join(', ')}) FROM STDIN`)),
  );
  const [minMonth, maxMonth] = [monthText(reader.firstMonth), monthText(reader.lastMonth)];
  return {
    rowCount: reader.rows,
    periodStart: `${minMonth}-01`,
    periodEnd: `${maxMonth}-01`,
    describe: `admissions ${minMonth} to ${maxMonth}, ${reader.counts.areaCount} councils`,
  };
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
       FROM raw.admission_episodes WHERE load_id = $1
       GROUP BY ${STORED.join(', ')} HAVING count(*) > 1
       ORDER BY 2 LIMIT 1`,
      [loadId],
    );
    return rows[0] ? { line: rows[0].line, firstLine: rows[0].first_line } : null;
  }
  if (filter.candidates.size === 0) return null;
  const { rows } = await client.query<{ line_number: number; record: string }>(
    `SELECT line_number, row(${STORED.join(', ')})::text AS record
     FROM raw.admission_episodes WHERE load_id = $1 AND person_id = ANY($2::text[])
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

function truncated(file: string, line: number): InputError {
  return new InputError({ file, row: line }, 'the file ends in the middle of a line (truncated?); nothing was loaded');
}
