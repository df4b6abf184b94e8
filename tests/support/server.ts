import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { REPO_ROOT } from './paths.js';

export interface RunningApp {
  url: string;
  output(): string;
  /** Sends SIGTERM and waits for the process to exit; resolves to its exit code. */
  stop(): Promise<number | null>;
  process: ChildProcess;
}

/** Starts `npm start`'s entry point as a real child process and waits for it to print its URL. */
export async function startApp(env: Record<string, string>, timeoutMs = 150_000): Promise<RunningApp> {
  const dataDir = env.JOINED_UP_DATA_DIR ?? fs.mkdtempSync(path.join(inject('scratchDir'), 'app-'));
  const child = spawn(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), ['cube/server/start.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: '', PORT: '0', JOINED_UP_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start in time:\n${output}`)), timeoutMs);
    const check = () => {
      const match = /Joined Up is ready: (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited with code ${code}:\n${output}`));
    });
  });
  return {
    url,
    output: () => output,
    process: child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
