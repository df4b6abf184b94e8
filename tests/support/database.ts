import type { Knex } from 'knex';
import pg from 'pg';
import { inject } from 'vitest';
import { refreshMetricsIfChanged } from '../../etl/src/metrics/refresh.js';
import { connect, migrate } from '../../warehouse/src/index.js';

export interface TestDatabase {
  url: string;
  client: pg.Client;
  knex: Knex;
  drop(): Promise<void>;
}

/**
 * A fresh database of its own for one test file, as a first start leaves it: migrated, and its metric definitions
 * written (so that a test's first command changes only what that command loads).
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const knex = connect(url.toString());
  if (options.migrate !== false) await migrate(knex);
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  if (options.migrate !== false) await refreshMetricsIfChanged(client);
  return {
    url: url.toString(),
    client,
    knex,
    async drop() {
      await client.end();
      await knex.destroy();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** Row counts of every table in the raw schema: the warehouse "as it was". */
export async function rowCounts(client: pg.ClientBase): Promise<Record<string, number>> {
  const { rows } = await client.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw' AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of rows) {
    const result = await client.query<{ n: string }>(`SELECT count(*) AS n FROM raw.${table_name}`);
    counts[table_name] = Number(result.rows[0]!.n);
  }
  return counts;
}

/** The rows the given loads brought, as raw.loads records them: what a revision that replaces them wholly keeps. */
export async function rowsOfLoads(client: pg.ClientBase, loadIds: readonly string[]): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    'SELECT COALESCE(sum(row_count), 0)::int AS n FROM raw.loads WHERE load_id = ANY($1::bigint[])',
    [loadIds],
  );
  return rows[0]!.n;
}

/** What a relation holds: a table's row count and a hash of its rows; a view's definition (its rows follow). */
export interface RelationContent {
  rows: number | null;
  hash: string | null;
}

/**
 * Every table, materialised view and view of the raw, staging and marts schemas (raw.loads among them). Two equal
 * results mean the warehouse holds and shows the same: a view's rows are its definition over the tables, so a view
 * is compared by its definition, not by computing it (which made this the slowest part of the bad-input tests).
 */
export async function warehouseContents(client: pg.ClientBase): Promise<Record<string, RelationContent>> {
  const { rows: relations } = await client.query<{ name: string; view: string | null }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name,
            CASE c.relkind WHEN 'v' THEN md5(pg_get_viewdef(c.oid)) END AS view
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname IN ('raw', 'staging', 'marts') AND c.relkind IN ('r', 'p', 'v', 'm')
     ORDER BY 1`,
  );
  const contents: Record<string, RelationContent> = {};
  for (const { name, view } of relations) {
    if (view !== null) {
      contents[name] = { rows: null, hash: view };
      continue;
    }
    // A sum of row hashes: independent of the order rows are stored in, with no sort.
    const { rows } = await client.query<RelationContent>(
      `SELECT count(*)::int AS rows, sum(hashtextextended(t::text, 0))::text AS hash FROM ${name} AS t`,
    );
    contents[name] = rows[0]!;
  }
  return contents;
}

/**
 * The last value of every sequence in raw, staging and marts (raw.loads' ids among them). A sequence moves on
 * even when the transaction that drew from it rolls back, so equal results mean nothing tried to insert.
 */
export async function sequenceValues(client: pg.ClientBase): Promise<Record<string, string | null>> {
  const { rows } = await client.query<{ name: string; last_value: string | null }>(
    `SELECT format('%I.%I', schemaname, sequencename) AS name, last_value::text
     FROM pg_sequences WHERE schemaname IN ('raw', 'staging', 'marts') ORDER BY 1`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.last_value]));
}
