import { once } from 'node:events';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { FileRows, FileSummary } from '../sources/types.js';
import { InputError, type InputLocation } from './errors.js';

export type CopyValue = string | number | boolean | null;

/** The PostgreSQL type of a column, as far as the loader checks values before writing them. */
export type ColumnType = 'text' | 'date' | 'boolean' | 'smallint' | 'integer' | 'bigint' | 'numeric';

/** The columns of a row that say where in the file it was read, for naming a value that cannot be stored. */
export interface RowOrigin<C extends string> {
  sheet?: C;
  row?: C;
  /** A column letter or header as published (long tables keep one per value). */
  column?: C;
  /** Where a table keeps no row number (its rows are summed or reshaped): the columns that name a row. */
  key?: readonly C[];
}

/**
 * A table the loader writes, its columns declared once, beside the source that fills it. Every such table
 * also has `load_id`, which the loader fills in: a source's rows never carry it.
 */
export interface Table<C extends string = string> {
  name: string;
  columns: readonly C[];
  origin: RowOrigin<C>;
  /** Analysed after a load so that the planner sees the new rows at once; not for tables only ever scanned whole. */
  analyse: boolean;
}

/**
 * Declares a table by its columns in COPY order. Their types are the warehouse's own (read once from the database,
 * so they are defined in the migrations only): a value a column cannot hold is refused where it was read.
 */
export function defineTable<const C extends string>(
  name: string,
  columns: readonly C[],
  options: { analyse?: boolean; origin?: RowOrigin<NoInfer<C>> } = {},
): Table<C> {
  return { name, columns, origin: options.origin ?? {}, analyse: options.analyse ?? true };
}

type ColumnTypes = Readonly<Record<string, ColumnType | undefined>>;

const typesByClient = new WeakMap<pg.ClientBase, Map<string, Promise<ColumnTypes>>>();

/** The checked types of a table's columns, as PostgreSQL has them; a type not checked (jsonb, …) is left out. */
export function columnTypes(client: pg.ClientBase, table: string): Promise<ColumnTypes> {
  let tables = typesByClient.get(client);
  if (!tables) {
    tables = new Map();
    typesByClient.set(client, tables);
  }
  let types = tables.get(table);
  if (!types) {
    types = client
      .query<{ column_name: string; type: string }>(
        `SELECT attname AS column_name, format_type(atttypid, atttypmod) AS type
         FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
        [table],
      )
      .then(({ rows }) => Object.fromEntries(rows.map((row) => [row.column_name, checkedType(row.type)])));
    tables.set(table, types);
  }
  return types;
}

function checkedType(type: string): ColumnType | undefined {
  if (type.startsWith('numeric')) return 'numeric';
  return (['text', 'date', 'boolean', 'smallint', 'integer', 'bigint'] as const).find((t) => t === type);
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

/**
 * Writes a table's content, read from `file`, with COPY … FROM STDIN, each row's values in the order of the
 * declared columns; a value its column cannot hold fails the file, named by where it was read.
 */
export async function copyContent(
  client: pg.ClientBase,
  content: TableContent,
  loadId: string,
  file: string,
): Promise<void> {
  const columns = ['load_id', ...(content.kind === 'rows' ? content.table.columns : content.columns)];
  const csv = content.kind === 'text' && content.format === 'csv';
  const columnList = columns.map((c) => `"${c}"`).join(', ');
  const sql = `COPY ${content.table.name} (${columnList}) FROM STDIN${csv ? ' (FORMAT csv)' : ''}`;
  const text =
    content.kind === 'rows'
      ? rowText(content, loadId, file, await columnTypes(client, content.table.name))
      : content.text(loadId);
  await copyText(client, sql, text);
}

/**
 * Reads a table's content as a load would, writing nothing: a dry run. The rows validate as they are read, so
 * a bad file fails here as it would during the COPY.
 */
export async function readContent(content: TableContent, file: string, client: pg.ClientBase): Promise<void> {
  const chunks =
    content.kind === 'rows'
      ? rowText(content, NO_LOAD, file, await columnTypes(client, content.table.name))
      : content.text(NO_LOAD);
  for await (const _ of chunks);
}

/** The load id written into COPY text that a dry run reads and discards. */
const NO_LOAD = '0';

async function* rowText(
  { table, rows }: TableRows,
  loadId: string,
  file: string,
  types: ColumnTypes,
): AsyncGenerator<string> {
  const { columns } = table;
  const checks = columns.map((column) => storable(table.name, column, types[column]));
  let chunk = '';
  for await (const row of rows) {
    chunk += loadId;
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      const value = row[column];
      const refusal = checks[i]!(value);
      if (refusal !== null) throw new InputError(origin(table, row, column, file), refusal + keyOf(table, row));
      chunk += `\t${encodeCopyValue(value, table, column)}`;
    }
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

const INTEGER_RANGES: Partial<Record<ColumnType, [number, number]>> = {
  smallint: [-32_768, 32_767],
  integer: [-2_147_483_648, 2_147_483_647],
  bigint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Why a value cannot be stored in a column (null when it can): checked before PostgreSQL would refuse or round it. */
type StorageCheck = (value: CopyValue | undefined) => string | null;

const EXPECTED: Record<ColumnType, string> = {
  text: 'text',
  date: 'a date (YYYY-MM-DD)',
  boolean: 'true or false',
  smallint: 'a whole number',
  integer: 'a whole number',
  bigint: 'a whole number',
  numeric: 'a number',
};

function storable(tableName: string, column: string, type: ColumnType | undefined): StorageCheck {
  const range = type === undefined ? undefined : INTEGER_RANGES[type];
  const where = `${tableName}.${column}`;
  const mismatch = (found: string) => `expected ${EXPECTED[type!]} for ${where}, found ${found}`;
  // A file's rows mostly repeat a few dates (its months): the last one found good is not checked again.
  let lastDate = '';
  return (value) => {
    if (value === null || value === undefined) return null;
    switch (typeof value) {
      case 'string':
        if (value.includes('\0')) return `text with a NUL character cannot be stored (${where})`;
        if (type === undefined || type === 'text' || value === lastDate) return null;
        if (type !== 'date') return mismatch(`'${value}'`);
        if (!isDate(value)) return `'${value}' is not a date (YYYY-MM-DD) and cannot be stored in ${where}`;
        lastDate = value;
        return null;
      case 'boolean':
        return type === undefined || type === 'boolean' ? null : mismatch(String(value));
      default:
        if (!Number.isFinite(value)) return `${value} is not a finite number and cannot be stored in ${where}`;
        // A number goes into a text column as its digits, as PostgreSQL would take it.
        if (type === undefined || type === 'numeric' || type === 'text') return null;
        if (range === undefined) return mismatch(String(value));
        if (!Number.isInteger(value))
          return `${value} is not a whole number and cannot be stored in ${where} (${type})`;
        if (value < range[0] || value > range[1])
          return `${value} is outside the range of ${where} (${type}: ${range[0].toLocaleString('en-GB')} to ${range[1].toLocaleString('en-GB')})`;
        return null;
    }
  };
}

/** A calendar date, YYYY-MM-DD, as PostgreSQL reads it. */
function isDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= days;
}

/** Where a row's value was read: the file, and the sheet, row and column its table keeps. */
function origin(table: Table, row: Row, column: string, file: string): InputLocation {
  const at = (key: string | undefined) => (key === undefined ? undefined : row[key]);
  const sheet = at(table.origin.sheet);
  const rowNumber = at(table.origin.row);
  const published = at(table.origin.column);
  return {
    file,
    ...(typeof sheet === 'string' ? { sheet } : {}),
    ...(typeof rowNumber === 'number' ? { row: rowNumber } : {}),
    ...(typeof published === 'string' ? { column: published } : {}),
    field: column,
  };
}

/** ', in the row of area_code E06000001, age 90', for a table that names its rows by key rather than by number. */
function keyOf(table: Table, row: Row): string {
  const { key } = table.origin;
  return key === undefined ? '' : `, in the row of ${key.map((column) => `${column} ${row[column]}`).join(', ')}`;
}
