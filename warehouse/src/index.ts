import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type pg from 'pg';
import { migrationSource } from '../migrations/index.js';
import { startEmbeddedWarehouse } from './embedded.js';
import { warehouseEnv } from './env.js';
import { adoptSquashedMigrations, BASELINE } from './legacy.js';
import { buildModels, dropModelViews } from './models.js';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');
export const DEFAULT_DATA_DIR = path.join(PROJECT_ROOT, '.data');

export interface Warehouse {
  /** Connection URL, also handed to Cube. */
  url: string;
  /** True when this process started an embedded PostgreSQL (and so must stop it). */
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * Connects to DATABASE_URL when it is set; otherwise starts the embedded PostgreSQL under the data directory.
 */
export async function openWarehouse(
  options: { dataDir?: string; log?: (message: string) => void } = {},
): Promise<Warehouse> {
  const env = warehouseEnv();
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, stop: async () => {} };
  const dataDir = options.dataDir ?? env.JOINED_UP_DATA_DIR ?? DEFAULT_DATA_DIR;
  const embedded = await startEmbeddedWarehouse(dataDir, options.log);
  return { url: embedded.url, embedded: true, stop: embedded.stop };
}

export function connect(url: string): Knex {
  return knexFactory({
    client: 'pg',
    connection: url,
    pool: { min: 0, max: 4 },
    migrations: { migrationSource, tableName: 'knex_migrations', schemaName: 'public' },
  });
}

/**
 * Brings the warehouse up to date: takes over a warehouse made before the migrations were squashed, runs the
 * migrations it lacks, then rebuilds the models (warehouse/models) if they changed. A no-op when all is current.
 * Returns the names of the migrations it ran.
 */
export async function migrate(knex: Knex, options: { log?: (message: string) => void } = {}): Promise<string[]> {
  const log = options.log ?? (() => {});
  // Processes starting at once (several ETL commands, a server) take turns: knex's own lock table cannot guard the
  // creation of its tables on a new database.
  const connection = (await knex.client.acquireConnection()) as pg.Client;
  try {
    await connection.query("SELECT pg_advisory_lock(hashtext('joined-up:migrate'))");
    if (await adoptSquashedMigrations(knex)) {
      log(`Upgraded the warehouse's migration history: its twelve earlier migrations are now ${BASELINE}`);
    }
    const [, pending] = (await knex.migrate.list()) as [unknown[], unknown[]];
    // The views are models, rebuilt below: out of the way, a migration can alter the columns they read.
    if (pending.length > 0) await dropModelViews(connection);
    const [, applied] = (await knex.migrate.latest()) as [number, string[]];
    const { built, models } = await buildModels(connection);
    if (built) log(`Built ${models} warehouse models (views) from warehouse/models`);
    return applied;
  } finally {
    await connection.query("SELECT pg_advisory_unlock(hashtext('joined-up:migrate'))").catch(() => undefined);
    await knex.client.releaseConnection(connection);
  }
}
