import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, sharedFile } from '../support/paths.js';

/** The ETL CLI in a process of its own, on the embedded warehouse in `dataDir`. */
function cli(
  dataDir: string,
  ...args: string[]
): { child: ChildProcess; done: Promise<{ code: number; output: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'etl/src/index.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: '', JOINED_UP_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const done = new Promise<{ code: number; output: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output })),
  );
  return { child, done };
}

/** Processes whose command line mentions the folder: a postgres left running shows up here. */
function processesUsing(folder: string): string[] {
  return execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(folder));
}

async function eventually(check: () => boolean, seconds: number): Promise<boolean> {
  for (let waited = 0; waited < seconds * 10; waited++) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

describe('the embedded warehouse shared by several processes', () => {
  const folders: string[] = [];
  const dataDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'joined-up-embedded-'));
    folders.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lets two loads run at once with no server running, and the last one out stops PostgreSQL', async () => {
    const dir = dataDir();
    const runs = [
      cli(dir, 'load', 'dtoc', sharedFile('dtoc/dtoc-la-2018-06.xls')),
      cli(dir, 'load', 'dtoc', sharedFile('dtoc/dtoc-la-2018-07.xls')),
      cli(dir, 'load', 'population', sharedFile('population/ukmidyearestimates20182019ladcodes.xls')),
    ];
    const results = await Promise.all(runs.map((run) => run.done));
    for (const result of results) expect(result, result.output).toMatchObject({ code: 0 });
    expect(results.map((r) => r.output).join('\n')).toMatch(/dtoc-la-2018-06\.xls: loaded/);
    expect(results.map((r) => r.output).join('\n')).toMatch(/dtoc-la-2018-07\.xls: loaded/);
    expect(processesUsing(dir)).toEqual([]);

    const status = await cli(dir, 'status').done;
    expect(status.code).toBe(0);
    expect(status.output).toMatch(/dtoc-la-2018-06\.xls/);
    expect(status.output).toMatch(/dtoc-la-2018-07\.xls/);
    expect(status.output).toMatch(/ukmidyearestimates20182019ladcodes\.xls/);
    expect(processesUsing(dir)).toEqual([]);
  });

  it('stops PostgreSQL soon after a CLI that started it is killed with SIGKILL', async () => {
    const dir = dataDir();
    const run = cli(
      dir,
      'load',
      'dtoc',
      ...['06', '07', '08', '09'].map((m) => sharedFile(`dtoc/dtoc-la-2018-${m}.xls`)),
    );
    const pidFile = path.join(dir, 'postgres', 'postmaster.pid');
    expect(await eventually(() => fs.existsSync(pidFile), 60)).toBe(true);
    run.child.kill('SIGKILL');
    await run.done;
    expect(await eventually(() => processesUsing(dir).length === 0, 15)).toBe(true);

    // The next command finds the cluster as it was left and uses it.
    const status = await cli(dir, 'status').done;
    expect(status.code, status.output).toBe(0);
    expect(processesUsing(dir)).toEqual([]);
  });

  it('creates the cluster again when its first start was killed part-way', async () => {
    const dir = dataDir();
    // What a start killed during initdb leaves: a cluster folder, its password, and the marker of a start under way.
    fs.mkdirSync(path.join(dir, 'postgres'));
    fs.writeFileSync(path.join(dir, 'postgres', 'PG_VERSION'), '18\n');
    fs.writeFileSync(path.join(dir, 'postgres-password'), 'left-from-the-killed-start');
    fs.writeFileSync(path.join(dir, 'postgres-initialising'), 'started by pid 1\n');
    const status = await cli(dir, 'status').done;
    expect(status.code, status.output).toBe(0);
    expect(status.output).toMatch(
      /first start in .* was interrupted before the warehouse was ready; creating it again/,
    );
    expect(fs.existsSync(path.join(dir, 'postgres-initialising'))).toBe(false);
    expect(processesUsing(dir)).toEqual([]);
  });
});
