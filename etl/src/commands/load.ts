import fs from 'node:fs';
import { Command } from 'commander';
import type pg from 'pg';
import { z } from 'zod';
import { handleError } from '../errors.js';
import { InputError } from '../lib/errors.js';
import { type ProgressReporter, terminalProgress } from '../lib/progress.js';
import { formatResult, loadFile, type RejectLimit } from '../load.js';
import { SOURCES } from '../sources/index.js';
import { withWarehouseClient } from '../warehouse-client.js';

const loadOptionsSchema = z.object({
  source: z.enum(Object.keys(SOURCES) as [string, ...string[]], {
    error: `source must be one of: ${Object.keys(SOURCES).join(', ')}`,
  }),
  files: z.array(z.string().min(1)).min(1),
  dryRun: z.boolean().default(false),
  maxRejects: z
    .string()
    .regex(/^\d+(\.\d+)?%?$/, { error: '--max-rejects must be a count (e.g. 10) or a percentage of rows (e.g. 0.1%)' })
    .transform(
      (value): RejectLimit =>
        value.endsWith('%') ? { fraction: Number(value.slice(0, -1)) / 100 } : { count: Number(value) },
    )
    .optional(),
});

export type LoadOptions = z.input<typeof loadOptionsSchema> & { progress?: ProgressReporter };

export const load = new Command('load')
  .description('Load published files into the warehouse, one transaction per file')
  .argument(
    '<source>',
    `one of: ${Object.entries(SOURCES)
      .map(([name, s]) => `${name} (${s.description})`)
      .join('; ')}`,
  )
  .argument('<file...>', 'files to load')
  .option('--dry-run', 'validate the files without writing anything')
  .option(
    '--max-rejects <limit>',
    'record-level extracts: rejected rows tolerated, a count or a percentage (default 0.1%); rejected rows are kept with their reasons',
  )
  .action(async (source: string, files: string[], opts: { dryRun?: boolean; maxRejects?: string }) => {
    try {
      const failures = await runLoad({ source, files, ...opts, progress: terminalProgress() });
      if (failures > 0) process.exitCode = 1;
    } catch (error) {
      handleError(error);
    }
  });

export async function runLoad(input: LoadOptions, log: (line: string) => void = console.log): Promise<number> {
  const options = loadOptionsSchema.parse(input);
  for (const file of options.files) {
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new InputError({ file }, 'no such file');
  }
  return withWarehouseClient((client) => loadFiles(client, input, log));
}

/** Loads each file; a bad file is reported and leaves the warehouse as it was, and the others still load. */
export async function loadFiles(
  client: pg.ClientBase,
  input: LoadOptions,
  log: (line: string) => void,
): Promise<number> {
  const options = { ...loadOptionsSchema.parse(input), progress: input.progress };
  const source = SOURCES[options.source]!;
  const started = performance.now();
  let failures = 0;
  let rows = 0;
  let rejected = 0;
  for (const file of options.files) {
    try {
      const result = await loadFile(client, source, file, options);
      rows += result.rowCount;
      rejected += result.rejectedCount;
      log(formatResult(result));
    } catch (error) {
      failures++;
      handleError(error);
    }
  }
  const verb = options.dryRun ? 'validated' : 'loaded';
  const seconds = (performance.now() - started) / 1000;
  log(
    `${options.source}: ${options.files.length - failures} of ${options.files.length} files ${verb}, ${rows.toLocaleString('en-GB')} rows` +
      `${rejected ? `, ${rejected.toLocaleString('en-GB')} rejected` : ''}` +
      ` in ${seconds.toFixed(1)}s (${Math.round(rows / Math.max(seconds, 0.001)).toLocaleString('en-GB')} rows/s)` +
      `${failures ? `, ${failures} failed (nothing written for those)` : ''}`,
  );
  return failures;
}
