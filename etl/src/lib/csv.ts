import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { InputError } from './errors.js';
import { cannotRead } from './files.js';
import { readTextChunks } from './text.js';

export interface CsvRecord {
  /** 1-based line number of the record's first line, as a text editor shows it. */
  line: number;
  /** Values by header name as written in the file (trimmed). */
  values: Record<string, string>;
}

export interface CsvColumnSpec {
  /** The name used in code. */
  key: string;
  /** Header names accepted for it, compared case-, space- and punctuation-insensitively. */
  headers: string[];
  required?: boolean;
}

export interface CsvReader {
  /** Header as written, BOM removed. */
  header: string[];
  /** Maps each spec key to the header name found in the file (absent optional columns are missing). */
  columns: Record<string, string | undefined>;
  records: AsyncIterable<CsvRecord>;
  /** Bytes of the file, for progress. */
  size: number;
}

/** Compares header labels the way a person reads them: case, spacing and punctuation do not matter. */
export function normaliseHeader(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9+%]+/g, '');
}

/**
 * Opens a CSV file for streaming: checks it is text, reads the header (UTF-8 BOM and CRLF welcome) and
 * finds the columns in `spec`, naming any missing required column. Records stream with their line numbers;
 * a record with a different number of fields than the header is an InputError naming its line.
 */
export async function openCsv(
  file: string,
  spec: CsvColumnSpec[],
  options: { delimiter?: string } = {},
): Promise<CsvReader> {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (error) {
    throw cannotRead(file, error);
  }
  if (size === 0) throw new InputError({ file }, 'the file is empty');

  const parser = parse({
    delimiter: options.delimiter ?? ',',
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    trim: true,
  });
  // A decoding error (binary data, not UTF-8) ends the parser with it, so that reading the records throws it.
  pipeline(Readable.from(textOf(file)), parser).catch(() => {});
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number } }>;
  let first: IteratorResult<{ record: string[]; info: { lines: number } }>;
  try {
    first = await iterator.next();
  } catch (error) {
    throw csvError(file, error);
  }
  if (first.done) throw new InputError({ file }, 'the file is empty');
  const header = first.value.record.map((value) => value.trim());
  checkDistinctHeader(file, header);
  const byNormalised = new Map(header.map((name) => [normaliseHeader(name), name]));
  const columns: Record<string, string | undefined> = {};
  const missing: string[] = [];
  for (const column of spec) {
    const found = column.headers
      .map((name) => byNormalised.get(normaliseHeader(name)))
      .find((name) => name !== undefined);
    columns[column.key] = found;
    if (found === undefined && column.required !== false) missing.push(column.headers[0]!);
  }
  if (missing.length > 0) {
    throw new InputError(
      { file, row: 1 },
      `missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')} in the header (found: ${header.join(', ')})`,
    );
  }

  async function* records(): AsyncGenerator<CsvRecord> {
    let previousEnd = first.value.info.lines;
    while (true) {
      let next: IteratorResult<{ record: string[]; info: { lines: number } }>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw csvError(file, error);
      }
      if (next.done) return;
      const { record, info } = next.value;
      const line = previousEnd + 1;
      previousEnd = info.lines;
      if (record.length !== header.length) {
        throw new InputError(
          { file, row: line },
          `${record.length} fields where the header has ${header.length} (a truncated file or an unquoted comma?)`,
        );
      }
      const values: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) values[header[i]!] = record[i]!;
      yield { line, values };
    }
  }
  return { header, columns, records: records(), size };
}

async function* textOf(file: string): AsyncGenerator<string> {
  for await (const { text } of readTextChunks(file)) yield text;
}

/** Two columns with one name: a record's value would come from one of them (the last) and the other be lost. */
export function checkDistinctHeader(file: string, header: string[]): void {
  const seen = new Map<string, number>();
  header.forEach((name, index) => {
    const key = normaliseHeader(name);
    if (key === '') return;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new InputError(
        { file, row: 1, column: name },
        `the header has this column twice (fields ${first + 1} and ${index + 1}): delete or rename one of them`,
      );
    }
    seen.set(key, index);
  });
}

function csvError(file: string, error: unknown): InputError {
  if (error instanceof InputError) return error;
  const e = error as Error & { lines?: number; code?: string };
  return new InputError({ file, row: e.lines }, `not valid CSV: ${e.message}`);
}

/** About how many bytes of the file a record took (for progress against the file's size). */
export function recordBytes(record: CsvRecord): number {
  return Object.values(record.values).reduce((bytes, value) => bytes + value.length + 1, 1);
}
