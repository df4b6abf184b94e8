import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp } from './support/server.js';

/** Processes whose command line mentions the folder: a postgres left running would show up here. */
function processesUsing(folder: string): string[] {
  const lines = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).split('\n');
  return lines.filter((line) => line.includes(folder));
}

describe('npm start on the embedded default', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'joined-up-start-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('creates the warehouse, loads the demo data, prints the URL and leaves no postgres running after SIGTERM', async () => {
    const app = await startApp({ DATABASE_URL: '', JOINED_UP_DATA_DIR: dataDir });
    expect(app.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(app.output()).toMatch(/Creating the embedded PostgreSQL cluster/);
    expect(app.output()).toMatch(/First start: loading the bundled demo data/);
    expect((await fetch(app.url)).status).toBe(200);
    expect(processesUsing(dataDir).some((line) => /postgres/.test(line))).toBe(true);

    expect(await app.stop()).toBe(0);
    expect(processesUsing(dataDir)).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'cube-api-secret'))).toBe(true);
  });

  it('stops PostgreSQL again and exits 1 with a clear message when the port is taken', async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      await expect(startApp({ DATABASE_URL: '', JOINED_UP_DATA_DIR: dataDir, PORT: String(port) })).rejects.toThrow(
        /exited with code 1[\s\S]*error: listen EADDRINUSE/,
      );
      expect(processesUsing(dataDir)).toEqual([]);
    } finally {
      blocker.close();
    }
  });

  it('reuses the data on a second start and keeps the generated API secret', async () => {
    const secret = fs.readFileSync(path.join(dataDir, 'cube-api-secret'), 'utf8');
    const app = await startApp({ DATABASE_URL: '', JOINED_UP_DATA_DIR: dataDir });
    expect(app.output()).not.toMatch(/Creating the embedded PostgreSQL cluster|First start/);
    expect(fs.readFileSync(path.join(dataDir, 'cube-api-secret'), 'utf8')).toBe(secret);
    expect(await app.stop()).toBe(0);
    expect(processesUsing(dataDir)).toEqual([]);
  });
});
