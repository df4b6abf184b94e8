import { vi } from 'vitest';
import { createProgram } from '../../etl/src/program.js';

export interface EtlRun {
  exitCode: number;
  /** What it printed to stdout and stderr, a line each. */
  out: string;
  err: string;
}

/** Runs `npm run etl -- <args>` in this process (DATABASE_URL says which warehouse), capturing what it prints. */
export async function etl(...args: string[]): Promise<EtlRun> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line) => void out.push(String(line)));
  const error = vi.spyOn(console, 'error').mockImplementation((line) => void err.push(String(line)));
  process.exitCode = 0;
  try {
    await createProgram()
      .exitOverride()
      .parseAsync(['node', 'etl', ...args]);
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { exitCode, out: out.join('\n'), err: err.join('\n') };
}

/** Loads each `[source, file]` with the CLI, in order; each must load without a word on stderr. */
export async function loadAll(loads: readonly (readonly [string, string])[]): Promise<void> {
  for (const [source, file] of loads) {
    const run = await etl('load', source, file);
    if (run.exitCode !== 0 || run.err !== '') {
      throw new Error(`fixture: loading ${file} (${source}) failed: exit ${run.exitCode}\n${run.err}`);
    }
  }
}
