import type { Knex } from 'knex';
import pg from 'pg';
import { inject } from 'vitest';
import { connect, migrate } from '../../warehouse/src/index.js';

export interface TestDatabase {
  url: string;
  client: pg.Client;
  knex: Knex;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file. */
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
