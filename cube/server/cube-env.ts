import { createRequire } from 'node:module';

/**
 * Cube settings read from the environment on every request, some once per member of the model (the gateway's
 * visibility filter asks for `devMode` for each measure and dimension of the meta, on every /load). Cube 0.32
 * reads them through env-var, which requires its accessors afresh on each read: about two thirds of the time of a
 * cached /load went there. This server sets its environment before Cube starts and never changes it, so each of
 * these is read once.
 */
const READ_ONCE = ['devMode', 'defaultApiScope', 'dbQueryDefaultLimit', 'dbQueryLimit'] as const;

let installed = false;

export function readCubeSettingsOnce(): void {
  if (installed) return;
  installed = true;
  // The module whose `getEnv` every Cube package calls (through @cubejs-backend/shared's re-export, a getter).
  const env = createRequire(import.meta.url)('@cubejs-backend/shared/dist/src/env.js') as {
    getEnv: (key: string, options?: unknown) => unknown;
  };
  const getEnv = env.getEnv;
  const read = new Map<string, unknown>();
  env.getEnv = (key, options) => {
    if (options !== undefined || !(READ_ONCE as readonly string[]).includes(key)) return getEnv(key, options);
    if (!read.has(key)) read.set(key, getEnv(key));
    return read.get(key);
  };
}
