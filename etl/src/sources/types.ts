import type pg from 'pg';

/** What a source's parser hands the loader: a fully validated file, ready to write. */
export interface ParsedFile {
  /** Inclusive range of periods the file reports; a later file for the same range replaces it. */
  periodStart: string;
  periodEnd: string;
  /** The publisher's edition, e.g. 'published 9th August 2018, revised 9th May 2019'. */
  edition: string | null;
  rowCount: number;
  /** A one-line description of what the file holds, for the summary. */
  describe: string;
  /** Tables the load writes, analysed after it so the planner sees the new rows at once. */
  tables: string[];
  /** Writes the rows inside the load's transaction. */
  write(client: pg.ClientBase, loadId: string): Promise<void>;
  /** Deletes the rows of this source in the file's period range (a revision replaces them). */
  deletePeriod(client: pg.ClientBase): Promise<number>;
}

export interface SourceContext {
  /** Reads reference data needed to validate (e.g. known council codes). */
  client: pg.ClientBase;
}

export interface Source {
  name: string;
  description: string;
  parse(file: string, context: SourceContext): Promise<ParsedFile>;
}
