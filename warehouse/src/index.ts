import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { migrationSource } from '../migrations/index.js';
import { startEmbeddedWarehouse } from './embedded.js';
import { warehouseEnv } from './env.js';

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

/** Brings the schema up to date; a no-op when it already is. Returns the names of migrations it ran. */
export async function migrate(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest()) as [number, string[]];
  return applied;
}
