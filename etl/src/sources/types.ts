import type pg from 'pg';
import type { TableContent } from '../lib/copy.js';
import type { InputLocation } from '../lib/errors.js';
import type { StatedScope } from '../load.js';

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

/** What a streamed file turned out to hold, known once its rows have been read. */
export interface FileSummary {
  rowCount?: number;
  periodStart?: string;
  periodEnd?: string;
  describe?: string;
}

/** What reading a file's rows may report: how far it has got, and (record-level extracts) rows it rejects. */
export interface ReadContext {
  progress: Progress;
  /** Records a rejected row; throws once the file's rejects pass --max-rejects. */
  reject(reject: Reject): void;
}

/** Where a load copied a file's rows. */
export interface CopiedRows {
  client: pg.ClientBase;
  loadId: string;
}

/** A file's rows, table by table, validated as they are read. */
export interface FileRows {
  /** In write order: each table's rows are read only once those of the tables before it have been. */
  tables: TableContent[];
  /**
   * Runs once every row has been read: the checks that need all of them, and what a streamed file turned out
   * to hold. `copied` is null in a dry run. Only a record-level extract, too large to check in memory, may
   * check against the rows copied, and it must reach the same verdict without them.
   */
  finish?(copied: CopiedRows | null): Promise<FileSummary | undefined>;
}

/** Materialised views built from what a file writes: refreshed inside its load's transaction, then analysed. */
export interface DerivedViews {
  views: readonly string[];
  refresh(client: pg.ClientBase): Promise<void>;
}

/**
 * What a source's parser makes of a file: what it is (period, edition, description) and its rows. Everything
 * that can be checked is checked by parse() or while the rows are read, before and whether or not anything is
 * written: a dry run reads the rows and writes nothing, and fails exactly where a load would.
 */
export interface ParsedFile {
  /**
   * Inclusive range of periods (ISO dates) the file reports; a later file for an overlapping range replaces
   * those rows and supersedes the earlier load. Null when only reading the rows can tell (streamed files).
   */
  periodStart: string | null;
  periodEnd: string | null;
  /** The publisher's edition, e.g. 'published 9th August 2018, revised 9th May 2019'. */
  edition: string | null;
  /** Rows to write, when known before reading them. */
  rowCount: number | null;
  /** A one-line description of what the file holds, for the summary. */
  describe: string;
  /** The file's rows (called once per load or dry run). */
  read(io: ReadContext): FileRows;
  refreshes?: DerivedViews;
  /**
   * Deletes the rows of other loads that this file replaces: its source's rows in [start, end], or of the
   * same kind, metric or vintage (a revised edition). Returns the loads whose rows it deleted; the loader
   * marks those as superseded by this one, and only those (a load of another kind or series that merely
   * overlaps in time stays current).
   */
  deletePeriod(client: pg.ClientBase, range: { start: string; end: string }, loadId: string): Promise<string[]>;
}

export interface SourceContext {
  /** Reads reference data needed to validate (e.g. known council codes). */
  client: pg.ClientBase;
  /** Record-level extracts: the months and councils the user says the file covers (`--covers`, `--councils`). */
  covers?: StatedScope;
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
