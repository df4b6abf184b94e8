import http from 'node:http';
import pg from 'pg';
import { loadDemoDataIfEmpty } from '../../etl/src/demo.js';
import { refreshMetricsIfChanged } from '../../etl/src/metrics/refresh.js';
import { warehouseEnv } from '../../warehouse/src/env.js';
import { connect, DEFAULT_DATA_DIR, migrate, openWarehouse } from '../../warehouse/src/index.js';
import { createApp } from './app.js';
import { DASHBOARD_DIST, ensureDashboardBuilt } from './dashboard-build.js';
import { serverEnv } from './env.js';
import { resolveApiSecret } from './secret.js';

const log = (message: string) => console.log(message);

const cleanups: (() => Promise<void>)[] = [];

/** Stops what was started, newest first: server, Cube, then PostgreSQL. */
async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error) => console.error(error));
}

async function main(): Promise<void> {
  const env = serverEnv();
  const dataDir = warehouseEnv().JOINED_UP_DATA_DIR ?? DEFAULT_DATA_DIR;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`\n${signal}: stopping…`);
    await cleanUp();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const warehouse = await openWarehouse({ dataDir, log });
  cleanups.push(() => warehouse.stop());
  log(warehouse.embedded ? `Warehouse: embedded PostgreSQL (data in ${dataDir})` : 'Warehouse: DATABASE_URL');

  const knex = connect(warehouse.url);
  const applied = await migrate(knex, { log }).finally(() => knex.destroy());
  if (applied.length > 0) log(`Migrated the warehouse: ${applied.join(', ')}`);

  const client = new pg.Client({ connectionString: warehouse.url });
  await client.connect();
  await refreshMetricsIfChanged(client, log)
    .then(() => loadDemoDataIfEmpty(client, log))
    .finally(() => client.end());

  await ensureDashboardBuilt(log);

  const app = await createApp({
    databaseUrl: warehouse.url,
    apiSecret: resolveApiSecret(env.CUBEJS_API_SECRET, dataDir),
    dashboardDir: DASHBOARD_DIST,
    issueTokens: env.JOINED_UP_ISSUE_TOKENS,
    tokenHours: env.JOINED_UP_TOKEN_HOURS,
    log,
  });
  cleanups.push(() => app.close());
  const server = http.createServer(app.handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.PORT, env.HOST, resolve);
  });
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  const { port } = server.address() as import('node:net').AddressInfo;
  const host = env.HOST === '127.0.0.1' || env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
  log(`Joined Up is ready: http://${host}:${port}`);
}

main().catch(async (error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  await cleanUp();
  process.exit(1);
});
