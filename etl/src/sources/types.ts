import type pg from 'pg';
import type { InputLocation } from '../lib/errors.js';

/** Where a load reports how far it has got (drawn as a progress bar on a terminal). */
export interface Progress {
  /** Total units (bytes for streamed files, rows otherwise) when known. */
  setTotal(total: number): void;
  /** `rows` more rows done; `units` more of the total done (defaults to rows). */
  advance(rows: number, units?: number): void;
}

/** A row a record-level extract could not use: kept in raw.rejected_rows with the rule it broke. */
export interface Reject {
  location: InputLocation;
  value: string | null;
  rule: string;
}

/** What write() found out while streaming, for files whose period or size is only known once read. */
export interface WriteResult {
  rowCount?: number;
  periodStart?: string;
  periodEnd?: string;
  describe?: string;
}

/** What a source's parser hands the loader: a validated file (or, for streamed extracts, a validating reader), ready to write. */
export interface ParsedFile {
  /**
   * Inclusive range of periods (ISO dates) the file reports; a later file for an overlapping range replaces
   * those rows and supersedes the earlier load. Null when only write() can tell (streamed extracts).
   */
  periodStart: string | null;
  periodEnd: string | null;
  /** The publisher's edition, e.g. 'published 9th August 2018, revised 9th May 2019'. */
  edition: string | null;
  /** Rows to write, when known before writing. */
  rowCount: number | null;
  /** A one-line description of what the file holds, for the summary. */
  describe: string;
  /** Tables the load writes that queries read: analysed after it so the planner sees the new rows at once. */
  tables: string[];
  /**
   * Writes the rows inside the load's transaction (dryRun: validates without writing; `client` is then
   * only for reads). Throwing rolls the whole file back. Streamed sources report rejects through `reject`.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a source that learns nothing while writing returns nothing
  write(client: pg.ClientBase, loadId: string, io: WriteContext): Promise<WriteResult | void>;
  /**
   * Deletes the rows of other loads that this file replaces: its source's rows in [start, end], or of the
   * same kind, metric or vintage (a revised edition). Returns the loads whose rows it deleted; the loader
   * marks those as superseded by this one, and only those (a load of another kind or series that merely
   * overlaps in time stays current).
   */
  deletePeriod(client: pg.ClientBase, range: { start: string; end: string }, loadId: string): Promise<string[]>;
}

export interface WriteContext {
  progress: Progress;
  /** True for --dry-run: read and validate everything, write nothing. */
  dryRun: boolean;
  /** Records a rejected row; throws once the file's rejects pass --max-rejects. */
  reject(reject: Reject): void;
}

export interface SourceContext {
  /** Reads reference data needed to validate (e.g. known council codes). */
  client: pg.ClientBase;
  /** The warehouse has to be migrated; parse may read lookups through this client. */
}

export interface Source {
  name: string;
  description: string;
  /**
   * 'published' aggregates are all or nothing: any bad row fails the file. 'records' extracts may reject
   * rows (kept with their reasons) up to --max-rejects.
   */
  kind: 'published' | 'records';
  parse(file: string, context: SourceContext): Promise<ParsedFile>;
  /**
   * For `etl status`: SQL giving the (area_code, period_month) pairs the warehouse holds for this source,
   * from which coverage gaps are found. Sources without an area × month grain leave it out.
   */
  coverageSql?: string;
}
