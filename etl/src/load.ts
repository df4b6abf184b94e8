import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import type { Source } from './sources/types.js';

export type LoadOutcome = 'loaded' | 'already loaded' | 'valid';

export interface LoadResult {
  file: string;
  outcome: LoadOutcome;
  loadId?: string;
  rowCount: number;
  /** Loads whose rows this file replaced (a revised edition of the same period). */
  replacedLoadIds: string[];
  describe: string;
  milliseconds: number;
}

/**
 * Loads one file in one transaction: all of it or nothing. A file already loaded (same content) is skipped;
 * a different file for the same period replaces that period's rows and supersedes the earlier load.
 */
export async function loadFile(
  client: pg.ClientBase,
  source: Source,
  file: string,
  options: { dryRun?: boolean } = {},
): Promise<LoadResult> {
  const started = performance.now();
  const fileSha256 = await sha256(file);
  const base = { file, replacedLoadIds: [] as string[] };
  const elapsed = () => Math.round(performance.now() - started);

  const existing = await findLoad(client, source.name, fileSha256);
  if (existing) {
    return { ...base, outcome: 'already loaded', loadId: existing.load_id, rowCount: 0, describe: `load ${existing.load_id}`, milliseconds: elapsed() };
  }

  const parsed = await source.parse(file, { client });
  if (options.dryRun) {
    return { ...base, outcome: 'valid', rowCount: parsed.rowCount, describe: parsed.describe, milliseconds: elapsed() };
  }

  await client.query('BEGIN');
  try {
    // One load per source at a time, so two loads of the same period cannot interleave.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`joined-up:load:${source.name}`]);
    const raced = await findLoad(client, source.name, fileSha256);
    if (raced) {
      await client.query('ROLLBACK');
      return { ...base, outcome: 'already loaded', loadId: raced.load_id, rowCount: 0, describe: `load ${raced.load_id}`, milliseconds: elapsed() };
    }
    const previous = await client.query<{ load_id: string }>(
      `SELECT load_id FROM raw.loads
       WHERE source = $1 AND superseded_by IS NULL AND period_start <= $3 AND period_end >= $2`,
      [source.name, parsed.periodStart, parsed.periodEnd],
    );
    await parsed.deletePeriod(client);
    const inserted = await client.query<{ load_id: string }>(
      `INSERT INTO raw.loads (source, file_name, file_sha256, period_start, period_end, edition, row_count)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING load_id`,
      [source.name, path.basename(file), fileSha256, parsed.periodStart, parsed.periodEnd, parsed.edition, parsed.rowCount],
    );
    const loadId = inserted.rows[0]!.load_id;
    await parsed.write(client, loadId);
    const replacedLoadIds = previous.rows.map((row) => row.load_id);
    if (replacedLoadIds.length > 0) {
      await client.query('UPDATE raw.loads SET superseded_by = $1 WHERE load_id = ANY($2)', [loadId, replacedLoadIds]);
    }
    await client.query('COMMIT');
    // Query plans over a freshly loaded table are guesses until it is analysed (autovacuum may take minutes).
    await client.query(`ANALYZE ${[...parsed.tables, 'raw.loads'].join(', ')}`);
    return { ...base, outcome: 'loaded', loadId, rowCount: parsed.rowCount, replacedLoadIds, describe: parsed.describe, milliseconds: elapsed() };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

async function findLoad(client: pg.ClientBase, source: string, fileSha256: string) {
  const { rows } = await client.query<{ load_id: string }>(
    'SELECT load_id FROM raw.loads WHERE source = $1 AND file_sha256 = $2',
    [source, fileSha256],
  );
  return rows[0];
}

function sha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = crypto.createHash('sha256');
    fs.createReadStream(file)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

export function formatResult(result: LoadResult): string {
  const name = path.basename(result.file);
  const seconds = (result.milliseconds / 1000).toFixed(1);
  switch (result.outcome) {
    case 'already loaded':
      return `${name}: already loaded (${result.describe}), nothing added`;
    case 'valid':
      return `${name}: valid, ${result.rowCount.toLocaleString('en-GB')} rows (${result.describe}); nothing written (--dry-run)`;
    case 'loaded': {
      const replaced = result.replacedLoadIds.length ? `, replacing load ${result.replacedLoadIds.join(', ')}` : '';
      return `${name}: loaded ${result.rowCount.toLocaleString('en-GB')} rows (${result.describe}) as load ${result.loadId}${replaced} in ${seconds}s`;
    }
  }
}
