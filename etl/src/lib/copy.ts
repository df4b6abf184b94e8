import { once } from 'node:events';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { FileRows, FileSummary } from '../sources/types.js';

export type CopyValue = string | number | boolean | null;

/**
 * A table the loader writes, its columns declared once, beside the source that fills it. Every such table
 * also has `load_id`, which the loader fills in: a source's rows never carry it.
 */
export interface Table<C extends string = string> {
  name: string;
  columns: readonly C[];
  /** Analysed after a load so that the planner sees the new rows at once; not for tables only ever scanned whole. */
  analyse: boolean;
}

export function defineTable<const C extends string>(
  name: string,
  columns: readonly C[],
  options: { analyse?: boolean } = {},
): Table<C> {
  return { name, columns, analyse: options.analyse ?? true };
}

/** One row of a table: a value for each of its columns, by name. */
export type Row<C extends string = string> = { readonly [K in C]: CopyValue };

type Rows<C extends string> = Iterable<Row<C>> | AsyncIterable<Row<C>>;

/** What a file writes to one table: rows as objects keyed by column. */
export interface TableRows {
  kind: 'rows';
  table: Table;
  rows: Rows<string>;
}

/**
 * What a record-level extract writes to one table as COPY text in `format` (load_id, then `columns`), so that
 * its lines can go in as written. `text` is read once, for the load it is given.
 */
export interface TableText {
  kind: 'text';
  table: Table;
  columns: readonly string[];
  format: 'text' | 'csv';
  text(loadId: string): Iterable<string> | AsyncIterable<string>;
}

export type TableContent = TableRows | TableText;

export function tableRows<C extends string>(table: Table<C>, rows: Rows<C>): TableRows {
  return { kind: 'rows', table, rows };
}

/**
 * The rows of a file that streams into one table: the generator validates each row as it yields it, and
 * returns what the file turned out to hold (or throws for what only the whole file shows).
 */
export function streamedRows<C extends string>(
  table: Table<C>,
  rows: AsyncGenerator<Row<C>, FileSummary | undefined>,
): FileRows {
  let summary: FileSummary | undefined;
  async function* read() {
    summary = yield* rows;
  }
  return { tables: [tableRows(table, read())], finish: async () => summary };
}

/** Writes a table's content with COPY … FROM STDIN, each row's values in the order of the declared columns. */
export async function copyContent(client: pg.ClientBase, content: TableContent, loadId: string): Promise<void> {
  const columns = ['load_id', ...(content.kind === 'rows' ? content.table.columns : content.columns)];
  const csv = content.kind === 'text' && content.format === 'csv';
  const columnList = columns.map((c) => `"${c}"`).join(', ');
  const sql = `COPY ${content.table.name} (${columnList}) FROM STDIN${csv ? ' (FORMAT csv)' : ''}`;
  await copyText(client, sql, content.kind === 'rows' ? rowText(content, loadId) : content.text(loadId));
}

/**
 * Reads a table's content as a load would, writing nothing: a dry run. The rows validate as they are read, so
 * a bad file fails here as it would during the COPY.
 */
export async function readContent(content: TableContent): Promise<void> {
  const chunks = content.kind === 'rows' ? content.rows : content.text(NO_LOAD);
  for await (const _ of chunks as AsyncIterable<unknown>);
}

/** The load id written into COPY text that a dry run reads and discards. */
const NO_LOAD = '0';

async function* rowText({ table, rows }: TableRows, loadId: string): AsyncGenerator<string> {
  const { columns } = table;
  let chunk = '';
  for await (const row of rows) {
    chunk += loadId;
    for (const column of columns) chunk += `\t${encodeCopyValue(row[column], table, column)}`;
    chunk += '\n';
    if (chunk.length > 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** Sends COPY text, letting a few megabytes queue so that PostgreSQL ingests one chunk while the next is made. */
async function copyText(
  client: pg.ClientBase,
  sql: string,
  chunks: Iterable<string> | AsyncIterable<string>,
): Promise<void> {
  const copy = client.query(copyFrom(sql));
  const done = new Promise<void>((resolve, reject) => {
    copy.on('finish', resolve);
    copy.on('error', reject);
  });
  let failed = false;
  done.catch(() => {
    failed = true;
  });
  try {
    for await (const chunk of chunks) {
      if (failed) break;
      if (chunk.length > 0 && !copy.write(chunk) && copy.writableLength > 8 << 20)
        await Promise.race([once(copy, 'drain'), done]);
    }
    copy.end();
    await done;
  } catch (error) {
    // Aborts the COPY (the server rolls it back) before the error goes on to roll back the load.
    copy.destroy();
    await done.catch(() => undefined);
    throw error;
  }
}

function encodeCopyValue(value: CopyValue | undefined, table: Table, column: string): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value === undefined) throw new Error(`a row for ${table.name} has no value for its column ${column}`);
  return value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
}
