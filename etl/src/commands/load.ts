import fs from 'node:fs';
import { Command } from 'commander';
import type pg from 'pg';
import { z } from 'zod';
import { handleError } from '../errors.js';
import { InputError } from '../lib/errors.js';
import { formatResult, loadFile } from '../load.js';
import { SOURCES } from '../sources/index.js';
import { withWarehouseClient } from '../warehouse-client.js';

const loadOptionsSchema = z.object({
  source: z.enum(Object.keys(SOURCES) as [string, ...string[]], {
    error: `source must be one of: ${Object.keys(SOURCES).join(', ')}`,
  }),
  files: z.array(z.string().min(1)).min(1),
  dryRun: z.boolean().default(false),
});

export type LoadOptions = z.infer<typeof loadOptionsSchema>;

export const load = new Command('load')
  .description('Load published files into the warehouse, one transaction per file')
  .argument('<source>', `one of: ${Object.entries(SOURCES).map(([name, s]) => `${name} (${s.description})`).join('; ')}`)
  .argument('<file...>', 'files to load')
  .option('--dry-run', 'validate the files without writing anything')
  .action(async (source: string, files: string[], opts: { dryRun?: boolean }) => {
    try {
      const options = loadOptionsSchema.parse({ source, files, ...opts });
      const failures = await runLoad(options);
      if (failures > 0) process.exitCode = 1;
    } catch (error) {
      handleError(error);
    }
  });

export async function runLoad(options: LoadOptions, log: (line: string) => void = console.log): Promise<number> {
  for (const file of options.files) {
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new InputError({ file }, 'no such file');
  }
  return withWarehouseClient((client) => loadFiles(client, options, log));
}

/** Loads each file; a bad file is reported and leaves the warehouse as it was, and the others still load. */
export async function loadFiles(client: pg.ClientBase, options: LoadOptions, log: (line: string) => void): Promise<number> {
  const source = SOURCES[options.source]!;
  let failures = 0;
  let rows = 0;
  for (const file of options.files) {
    try {
      const result = await loadFile(client, source, file, { dryRun: options.dryRun });
      rows += result.rowCount;
      log(formatResult(result));
    } catch (error) {
      failures++;
      handleError(error);
    }
  }
  const verb = options.dryRun ? 'validated' : 'loaded';
  log(`${options.source}: ${options.files.length - failures} of ${options.files.length} files ${verb}, ${rows.toLocaleString('en-GB')} rows${failures ? `, ${failures} failed (nothing written for those)` : ''}`);
  return failures;
}
