import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureDashboardBuilt } from '../../cube/server/dashboard-build.js';
import { startEmbeddedWarehouse } from '../../warehouse/src/embedded.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server where tests may create and drop their own databases. */
    adminDatabaseUrl: string;
    /** A folder for this run's fixtures and app data folders, removed when the run ends. */
    scratchDir: string;
  }
}

/**
 * One PostgreSQL for the run: TEST_DATABASE_URL when set (its user must be allowed to create databases),
 * else an embedded cluster in a temporary folder. Each test file creates a database of its own on it.
 */
export default async function setup(project: TestProject) {
  await ensureDashboardBuilt((message) => console.log(message));
  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'joined-up-scratch-'));
  project.provide('scratchDir', scratchDir);
  const removeScratch = () => fs.rmSync(scratchDir, { recursive: true, force: true });
  const fromEnv = process.env.TEST_DATABASE_URL;
  if (fromEnv) {
    project.provide('adminDatabaseUrl', fromEnv);
    return removeScratch;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'joined-up-test-'));
  const warehouse = await startEmbeddedWarehouse(dataDir, (message) => console.error(message));
  project.provide('adminDatabaseUrl', warehouse.url);
  return async () => {
    await warehouse.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    removeScratch();
  };
}
