import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type pg from 'pg';
import { copyContent, defineTable, readContent, tableRows } from './lib/copy.js';
import { InputError } from './lib/errors.js';
import { type FileProgress, type ProgressReporter, silentProgress } from './lib/progress.js';
import { refreshMetrics } from './metrics/refresh.js';
import type { CopiedRows, ParsedFile, Reject, Source } from './sources/types.js';

export type LoadOutcome = 'loaded' | 'already loaded' | 'valid';

export interface LoadResult {
  file: string;
  outcome: LoadOutcome;
  loadId?: string;
  rowCount: number;
  rejectedCount: number;
  /** Loads whose rows this file replaced (a revised edition of the same period). */
  replacedLoadIds: string[];
  /** Earlier loads of the very same file, replaced or reverted since: this load brings their edition back. */
  restores?: string[];
  describe: string;
  /** The metrics computed again from what the load changed (cube/metrics). */
  metrics?: string[];
  milliseconds: number;
}

export interface LoadFileOptions {
  dryRun?: boolean;
  /** Record-level sources: the most rejected rows tolerated, as a count or a fraction of rows read (0.001 = 0.1%). */
  maxRejects?: RejectLimit;
  progress?: ProgressReporter;
  /**
   * Record-level extracts: what the file covers, as the user states it (`--covers 2019-04..2019-06 --councils
   * E10000032`); the load replaces exactly that. Without it, the councils × months the file's rows hold.
   */
  covers?: StatedScope;
}

export interface StatedScope {
  /** First and last month, ISO dates of the first day ('2019-04-01'). */
  start: string;
  end: string;
  /** ONS codes of the councils; null for every council. */
  councils: string[] | null;
}

export type RejectLimit = { count: number } | { fraction: number };

/** The default for record-level extracts: up to 0.1% of rows may be rejected (and are kept with their reasons). */
export const DEFAULT_REJECT_LIMIT: RejectLimit = { fraction: 0.001 };

/**
 * Loads one file in one transaction: all of it or nothing. A file already loaded (same content) is skipped;
 * a file for a period already loaded replaces that period's rows and supersedes the earlier load.
 * A dry run reads and checks the file's rows the same way and writes nothing.
 */
export async function loadFile(
  client: pg.ClientBase,
  source: Source,
  file: string,
  options: LoadFileOptions = {},
): Promise<LoadResult> {
  const started = performance.now();
  const base = { file, replacedLoadIds: [] as string[], rejectedCount: 0 };
  const elapsed = () => Math.round(performance.now() - started);
  const alreadyLoaded = (load: { load_id: string }) =>
    ({
      ...base,
      outcome: 'already loaded',
      loadId: load.load_id,
      rowCount: 0,
      describe: `load ${load.load_id}`,
      milliseconds: elapsed(),
    }) as const;

  // The content hash says whether this file was loaded before. It is worked out on another thread; only a
  // file the size of one loaded before has to wait for it, any other is new and loads meanwhile.
  const fileBytes = (await fs.promises.stat(file)).size;
  const hashing = sha256(file);
  hashing.catch(() => undefined);
  let fileSha256: string | null = null;
  const checkHash = async () => {
    if (fileSha256 === null && (await sizeLoadedBefore(client, source.name, fileBytes))) fileSha256 = await hashing;
    return fileSha256 === null ? undefined : findLoad(client, source.name, fileSha256);
  };
  const existing = await checkHash();
  if (existing) return alreadyLoaded(existing);

  const progress = (options.progress ?? silentProgress).start(path.basename(file));
  try {
    if (options.covers && source.kind !== 'records') {
      throw new InputError({ file }, `--covers and --councils are for record-level extracts, not ${source.name} files`);
    }
    const parsed = await source.parse(file, { client, covers: options.covers });
    const limit = source.kind === 'records' ? (options.maxRejects ?? DEFAULT_REJECT_LIMIT) : { count: 0 };
    if (options.dryRun) {
      const checked = await readRows(parsed, file, progress, limit, null, client);
      return {
        ...base,
        outcome: 'valid',
        rowCount: checked.rowCount,
        rejectedCount: checked.rejects.length,
        describe: checked.describe,
        milliseconds: elapsed(),
      };
    }

    await client.query('BEGIN');
    try {
      // One load per source at a time, so two loads of the same period cannot interleave.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`joined-up:load:${source.name}`]);
      const raced = await checkHash();
      if (raced) {
        await client.query('ROLLBACK');
        return alreadyLoaded(raced);
      }
      // Until the hash is known the load row holds a placeholder, replaced before the transaction commits.
      const inserted = await client.query<{ load_id: string }>(
        `INSERT INTO raw.loads (source, file_name, file_sha256, file_bytes, period_start, period_end, edition, row_count)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING load_id`,
        [
          source.name,
          path.basename(file),
          fileSha256 ?? `pending ${crypto.randomUUID()}`,
          fileBytes,
          parsed.periodStart ?? '-infinity',
          parsed.periodEnd ?? 'infinity',
          parsed.edition,
          parsed.rowCount ?? 0,
        ],
      );
      const loadId = inserted.rows[0]!.load_id;
      // The rows a revision deletes are kept against the load that deleted them (lib/replace.ts reads this).
      await client.query("SELECT set_config('joined_up.load_id', $1, true)", [loadId]);
      // Replaces the rows of earlier loads in the period: before writing when the period is known (tables
      // keyed by period then take the new rows), after it for streamed files that learn it on the way.
      // The loads that lost rows to this one are its revisions' predecessors: superseded by it.
      const replacePeriod = async (start: string, end: string) => {
        const replaced = await parsed.deletePeriod(client, { start, end }, loadId);
        if (replaced.length === 0) return;
        await client.query(
          'UPDATE raw.loads SET superseded_by = $1 WHERE load_id = ANY($2::bigint[]) AND load_id <> $1 AND superseded_by IS NULL',
          [loadId, replaced],
        );
      };
      if (parsed.periodStart !== null && parsed.periodEnd !== null)
        await replacePeriod(parsed.periodStart, parsed.periodEnd);
      const { rowCount, periodStart, periodEnd, describe, rejects, tables } = await readRows(
        parsed,
        file,
        progress,
        limit,
        { client, loadId },
        client,
      );
      if (parsed.periodStart === null || parsed.periodEnd === null) await replacePeriod(periodStart, periodEnd);
      const superseded = await client.query<{ load_id: string }>(
        'SELECT load_id FROM raw.loads WHERE superseded_by = $1 ORDER BY load_id',
        [loadId],
      );
      const replacedLoadIds = superseded.rows.map((row) => row.load_id);
      if (rejects.length > 0) await writeRejects(client, loadId, rejects, file);
      await client.query(
        'UPDATE raw.loads SET period_start = $2, period_end = $3, row_count = $4, rejected_count = $5, file_sha256 = $6 WHERE load_id = $1',
        // A stated scope is the period the load stands for, even where the file has no record in a month of it.
        [
          loadId,
          options.covers?.start ?? periodStart,
          options.covers?.end ?? periodEnd,
          rowCount,
          rejects.length,
          fileSha256 ?? (await hashing),
        ],
      );
      await parsed.refreshes?.refresh(client);
      // Analysed before the metrics read them: the planner otherwise plans those queries on the statistics of the
      // tables before this load (a CSV's months estimated at one row made one anti-join take minutes).
      const analysed = [...tables.filter((t) => t.analyse).map((t) => t.name), ...(parsed.refreshes?.views ?? [])];
      if (analysed.length > 0) await client.query(`ANALYZE ${[...new Set(analysed)].join(', ')}`);
      // Figures computed from what this load changed, in its transaction: no request sees one without the other.
      // A load that refreshes the geography (lookups, populations) reaches every period; any other, what it covers.
      const metrics = await refreshMetrics(client, {
        tables: [...tables.map((table) => table.name), ...(parsed.refreshes?.views ?? [])],
        periods:
          parsed.refreshes === undefined
            ? { start: options.covers?.start ?? periodStart, end: options.covers?.end ?? periodEnd }
            : undefined,
      });
      const restores = await earlierLoadsOf(client, source.name, fileSha256 ?? (await hashing), loadId);
      await client.query('COMMIT');
      await client.query('ANALYZE raw.loads');
      return {
        ...base,
        outcome: 'loaded',
        loadId,
        rowCount,
        rejectedCount: rejects.length,
        replacedLoadIds,
        restores,
        describe,
        metrics: metrics.metrics,
        milliseconds: elapsed(),
      };
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    progress.done();
  }
}

/**
 * Reads a file's rows and checks them, copying them when `copied` says where (a dry run passes null): the
 * same reading, the same checks and the same errors whether or not anything is written.
 */
async function readRows(
  parsed: ParsedFile,
  file: string,
  progress: FileProgress,
  limit: RejectLimit,
  copied: CopiedRows | null,
  /** Reads the warehouse's column types, to check each value before it would be written. */
  client: pg.ClientBase,
) {
  const rejects: Reject[] = [];
  let rowsRead = 0;
  const rows = parsed.read({
    progress: {
      setTotal: (total) => progress.setTotal(total),
      advance: (rows, units) => {
        rowsRead += rows;
        progress.advance(rows, units);
      },
    },
    reject(reject) {
      rejects.push(reject);
      if (!withinLimit(rejects.length, rowsRead, limit, false)) throw tooManyRejects(reject, rejects.length, limit);
    },
  });
  for (const table of rows.tables) {
    if (copied) await copyContent(copied.client, table, copied.loadId, file);
    else await readContent(table, file, client);
  }
  const summary = (await rows.finish?.(copied)) ?? {};
  const rowCount = summary.rowCount ?? parsed.rowCount ?? 0;
  if (!withinLimit(rejects.length, rowCount + rejects.length, limit, true))
    throw tooManyRejects(rejects.at(-1)!, rejects.length, limit);
  const periodStart = summary.periodStart ?? parsed.periodStart;
  const periodEnd = summary.periodEnd ?? parsed.periodEnd;
  if (periodStart === null || periodEnd === null)
    throw new InputError({ file }, 'the file holds no rows with a period');
  const tables = rows.tables.map((content) => content.table);
  return { rowCount, periodStart, periodEnd, describe: summary.describe ?? parsed.describe, rejects, tables };
}

function withinLimit(rejected: number, rowsRead: number, limit: RejectLimit, final: boolean): boolean {
  if ('count' in limit) return rejected <= limit.count;
  // While streaming, stop early only once the fraction is clearly broken; the end of the file decides.
  return rejected <= Math.floor(limit.fraction * (final ? rowsRead : Math.max(rowsRead, 100_000)));
}

function tooManyRejects(last: Reject, count: number, limit: RejectLimit): InputError {
  const allowed = 'count' in limit ? `${limit.count} allowed` : `${limit.fraction * 100}% of rows allowed`;
  return new InputError(
    last.location,
    `${last.rule}${last.value === null ? '' : ` ('${last.value}')`} — ${count} rejected rows so far, ${allowed} (--max-rejects); nothing was loaded from this file`,
  );
}

const REJECTED_ROWS = defineTable('raw.rejected_rows', ['row_number', 'sheet', 'column_name', 'value', 'rule']);

async function writeRejects(client: pg.ClientBase, loadId: string, rejects: Reject[], file: string) {
  const rows = rejects.map((r) => ({
    row_number: r.location.row ?? 0,
    sheet: r.location.sheet ?? null,
    column_name: r.location.column ?? r.location.field ?? '',
    value: r.value,
    rule: r.rule,
  }));
  await copyContent(client, tableRows(REJECTED_ROWS, rows), loadId, file);
}

/**
 * The current load of this file, if any. A load that was replaced or reverted is not current: loading its file
 * again loads it again, and so brings that edition back.
 */
async function findLoad(client: pg.ClientBase, source: string, fileSha256: string) {
  const { rows } = await client.query<{ load_id: string }>(
    'SELECT load_id FROM raw.loads WHERE source = $1 AND file_sha256 = $2 AND superseded_by IS NULL AND reverted_at IS NULL',
    [source, fileSha256],
  );
  return rows[0];
}

/** Earlier loads of the same file that are no longer current (replaced or reverted): what loading it again restores. */
async function earlierLoadsOf(client: pg.ClientBase, source: string, fileSha256: string, loadId: string) {
  const { rows } = await client.query<{ load_id: string }>(
    'SELECT load_id FROM raw.loads WHERE source = $1 AND file_sha256 = $2 AND load_id <> $3 ORDER BY load_id',
    [source, fileSha256, loadId],
  );
  return rows.map((row) => row.load_id);
}

/** True when an earlier load of the source had a file of this size (or of a size not recorded). */
async function sizeLoadedBefore(client: pg.ClientBase, source: string, fileBytes: number): Promise<boolean> {
  const { rows } = await client.query(
    'SELECT 1 FROM raw.loads WHERE source = $1 AND (file_bytes = $2 OR file_bytes IS NULL) LIMIT 1',
    [source, fileBytes],
  );
  return rows.length > 0;
}

/** SHA-256 of a file, hex, worked out on a worker thread so that a large file hashes while it loads. */
function sha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(SHA256_WORKER, { eval: true, workerData: file });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`hashing ${file} stopped (exit code ${code})`)));
  });
}

const SHA256_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const hash = require('node:crypto').createHash('sha256');
require('node:fs').createReadStream(workerData, { highWaterMark: 1 << 20 })
  .on('data', (chunk) => hash.update(chunk))
  .on('end', () => parentPort.postMessage(hash.digest('hex')))
  .on('error', (error) => { throw error; });
`;

export function formatResult(result: LoadResult): string {
  const name = path.basename(result.file);
  const seconds = (result.milliseconds / 1000).toFixed(1);
  const rejected = result.rejectedCount
    ? `, ${result.rejectedCount.toLocaleString('en-GB')} rows rejected (see 'etl status --rejects')`
    : '';
  switch (result.outcome) {
    case 'already loaded':
      return `${name}: already loaded (${result.describe}), nothing added`;
    case 'valid':
      return `${name}: valid, ${result.rowCount.toLocaleString('en-GB')} rows (${result.describe})${rejected}; nothing written (--dry-run)`;
    case 'loaded': {
      const replaced = result.replacedLoadIds.length
        ? `, replacing load ${result.replacedLoadIds.join(', ')} (revision)`
        : '';
      const restored = result.restores?.length
        ? `, restoring the edition of load ${result.restores.join(', ')} (the same file)`
        : '';
      return `${name}: loaded ${result.rowCount.toLocaleString('en-GB')} rows (${result.describe}) as load ${result.loadId}${replaced}${restored}${rejected} in ${seconds}s`;
    }
  }
}
