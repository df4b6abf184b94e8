import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import type pg from 'pg';
import { z } from 'zod';
import { handleError } from '../errors.js';
import { knownAreas } from '../lib/areas.js';
import { InputError } from '../lib/errors.js';
import { type ProgressReporter, terminalProgress } from '../lib/progress.js';
import { formatResult, loadFile, type RejectLimit, type StatedScope } from '../load.js';
import { SOURCES } from '../sources/index.js';
import { withWarehouseClient } from '../warehouse-client.js';

const MONTHS = /^(\d{4}-(?:0[1-9]|1[0-2]))\.\.(\d{4}-(?:0[1-9]|1[0-2]))$/;
/** Councils with social services responsibilities: unitary authorities, metropolitan districts, London boroughs, counties. */
const COUNCIL_CODE = /^E(06|08|09|10)\d{6}$/;

const loadOptionsSchema = z
  .object({
    source: z.enum(Object.keys(SOURCES) as [string, ...string[]], {
      error: `source must be one of: ${Object.keys(SOURCES).join(', ')}`,
    }),
    files: z.array(z.string().min(1)).min(1),
    dryRun: z.boolean().default(false),
    maxRejects: z
      .string()
      .regex(/^\d+(\.\d+)?%?$/, {
        error: '--max-rejects must be a count (e.g. 10) or a percentage of rows (e.g. 0.1%)',
      })
      .transform(
        (value): RejectLimit =>
          value.endsWith('%') ? { fraction: Number(value.slice(0, -1)) / 100 } : { count: Number(value) },
      )
      .optional(),
    covers: z
      .string()
      .regex(MONTHS, { error: '--covers must be two months, first..last, e.g. 2019-04..2019-06' })
      .transform((value) => {
        const [, first, last] = MONTHS.exec(value)!;
        return { start: `${first}-01`, end: `${last}-01` };
      })
      .refine((months) => months.start <= months.end, {
        error: '--covers must be two months, first..last: the first month is after the last',
      })
      .optional(),
    councils: z
      .string()
      .transform((value) => value.split(',').map((code) => code.trim().toUpperCase()))
      .pipe(
        z.array(
          z.string().refine((code) => COUNCIL_CODE.test(code) && knownAreas().has(code), {
            error: (issue) =>
              `--councils takes ONS codes of councils (E06, E08, E09 or E10 in etl/reference/english-areas.csv), comma-separated; '${issue.input}' is not one`,
          }),
        ),
      )
      .optional(),
  })
  .superRefine((options, context) => {
    if (options.councils !== undefined && options.covers === undefined)
      context.addIssue({ code: 'custom', message: '--councils needs --covers (the months the extract covers)' });
    const records = Object.entries(SOURCES)
      .filter(([, source]) => source.kind === 'records')
      .map(([name]) => name);
    if (options.covers !== undefined && !records.includes(options.source))
      context.addIssue({
        code: 'custom',
        message: `--covers and --councils are for record-level extracts (${records.join(', ')}), not ${options.source}`,
      });
  })
  .transform(({ covers, councils, ...options }) => ({
    ...options,
    covers: covers && ({ ...covers, councils: councils ?? null } satisfies StatedScope),
  }));

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
  .option(
    '--covers <first..last>',
    'record-level extracts: the months the file covers, e.g. 2019-04..2019-06; the load replaces exactly those',
  )
  .option(
    '--councils <codes>',
    'with --covers: the councils the file covers, ONS codes comma-separated (e.g. E10000032,E06000001); default every council',
  )
  .action(async (source: string, files: string[], opts: Omit<LoadOptions, 'source' | 'files'>) => {
    try {
      const failures = await runLoad({ source, files, ...opts, progress: terminalProgress() });
      if (failures > 0) process.exitCode = 1;
    } catch (error) {
      handleError(error);
    }
  });

export async function runLoad(input: LoadOptions, log: (line: string) => void = console.log): Promise<number> {
  loadOptionsSchema.parse(input); // bad options fail before the warehouse is opened
  return withWarehouseClient((client) => loadFiles(client, input, log));
}

/**
 * Loads each file; a bad file, or a path that is not a readable file, is reported and leaves the warehouse as it
 * was, and the others still load.
 */
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
      checkReadableFile(file);
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

/** Why a path cannot be read as a file, in the user's terms (a Node error code means nothing to them). */
const UNREADABLE: Record<string, string> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file (part of the path is not a folder)',
  ELOOP: 'a symlink loop (the link leads back to itself), not a file',
  EACCES: 'not readable (permission denied)',
  EPERM: 'not readable (permission denied)',
};

function checkReadableFile(file: string): void {
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory())
      throw new InputError({ file }, `is a directory, not a file (to load the files in it: ${path.join(file, '*')})`);
    if (!stat.isFile()) throw new InputError({ file }, 'not a regular file');
    fs.accessSync(file, fs.constants.R_OK);
  } catch (error) {
    const reason = UNREADABLE[(error as NodeJS.ErrnoException).code ?? ''];
    if (reason === undefined) throw error;
    throw new InputError({ file }, reason);
  }
}
