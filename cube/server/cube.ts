import path from 'node:path';
import PostgresDriver from '@cubejs-backend/postgres-driver';
import { CubejsServer } from '@cubejs-backend/server';
import type express from 'express';
import { readCubeSettingsOnce } from './cube-env.js';
import { modelRepository } from './model-repository.js';
import { checkRefreshKeysOnEveryQuery } from './refresh-keys.js';

export const MODEL_DIR = path.resolve(import.meta.dirname, '../model');

/**
 * Cube 0.32.9 in production mode (JWT auth on, no dev playground, no SQL API) mounted on our own Express app,
 * so that the dashboard and the API share one port.
 */
class MountedCubeServer extends CubejsServer {
  /** Drivers Cube asked for; releaseConnections() leaves their pools open, so we close them ourselves. */
  readonly drivers: PostgresDriver[] = [];

  mount(app: express.Application): Promise<void> {
    return this.core.initApp(app);
  }

  async release(): Promise<void> {
    await this.core.releaseConnections();
    await Promise.all(this.drivers.splice(0).map((driver) => driver.release()));
  }
}

export interface CubeOptions {
  databaseUrl: string;
  apiSecret: string;
  log: (message: string) => void;
}

export function createCube({ databaseUrl, apiSecret, log }: CubeOptions): MountedCubeServer {
  // Cube's API gateway enforces authentication only when NODE_ENV is 'production' (read at construction);
  // anything else turns it into an open development server.
  process.env.NODE_ENV = 'production';
  // Pre-aggregations live in PostgreSQL, not Cube Store (which needs a native binary this project cannot install).
  process.env.CUBEJS_EXTERNAL_DEFAULT ??= 'false';
  // No answer outlives the load it came from: the refresh keys are checked before every query, not in the background.
  checkRefreshKeysOnEveryQuery();
  readCubeSettingsOnce();
  const server: MountedCubeServer = new MountedCubeServer({
    repositoryFactory: () => modelRepository(MODEL_DIR),
    apiSecret,
    devServer: false,
    telemetry: false,
    dbType: 'postgres',
    driverFactory: () => {
      const driver = new PostgresDriver({ connectionString: databaseUrl } as ConstructorParameters<
        typeof PostgresDriver
      >[0]);
      server.drivers.push(driver);
      return driver;
    },
    // The production default is Cube Store, which this deployment does not run.
    cacheAndQueueDriver: 'memory',
    scheduledRefreshTimer: false,
    webSockets: false,
    logger: (message: string, params: Record<string, unknown>) => {
      if (!params?.error && !/error/i.test(message)) return;
      const detail = params?.error ? `: ${String(params.error).split('\n')[0]}` : '';
      log(`cube: ${message}${detail}`);
    },
  });
  return server;
}
