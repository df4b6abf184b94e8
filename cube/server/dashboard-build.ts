import fs from 'node:fs';
import path from 'node:path';

export const DASHBOARD_ROOT = path.resolve(import.meta.dirname, '../../dashboard');
export const DASHBOARD_DIST = path.join(DASHBOARD_ROOT, 'dist');

/** Builds the dashboard when dist/ is missing or older than any of its sources. */
export async function ensureDashboardBuilt(log: (message: string) => void): Promise<void> {
  const built = path.join(DASHBOARD_DIST, 'index.html');
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
  if (builtAt > 0 && newestSource() <= builtAt) return;
  log('Building the dashboard…');
  const { build } = await import('vite');
  // React's JSX transform follows NODE_ENV; under vitest (NODE_ENV=test) it would emit development-only calls.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(DASHBOARD_ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

function newestSource(): number {
  let newest = 0;
  const visit = (entry: string) => {
    const stat = fs.statSync(entry);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(entry))
        if (name !== 'dist' && name !== 'node_modules') visit(path.join(entry, name));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  visit(DASHBOARD_ROOT);
  return newest;
}
