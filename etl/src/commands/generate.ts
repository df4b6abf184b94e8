import path from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import { handleError } from '../errors.js';
import { generateExtract } from '../generate/extract.js';
import { SHIFT_START, SHIFTS } from '../generate/shifts.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const generateOptionsSchema = z.object({
  rows: z.coerce.number().int().positive({ error: '--rows must be a positive whole number' }),
  seed: z.coerce.number().int().nonnegative({ error: '--seed must be a whole number' }),
  from: z.string().regex(MONTH, { error: '--from must be a month, YYYY-MM' }),
  to: z.string().regex(MONTH, { error: '--to must be a month, YYYY-MM' }),
  councils: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((code) => code.trim())
        .filter(Boolean),
    )
    .optional(),
  out: z.string().min(1).optional(),
});

export type GenerateCommandOptions = z.input<typeof generateOptionsSchema>;

export const generate = new Command('generate')
  .description('Write a seeded synthetic England admissions extract (CSV) with the documented outcome shifts built in')
  .option('--rows <n>', 'records to write (10000000 for scale runs)', '100000')
  .option('--seed <n>', 'random seed: the same seed gives the same file', '2013')
  .option('--from <YYYY-MM>', 'first month of admission', '2014-04')
  .option('--to <YYYY-MM>', 'last month of admission', '2019-03')
  .option('--councils <codes>', 'only these councils (comma-separated ONS codes)')
  .option('--out <file>', 'where to write (default .data/generated/admissions-<rows>-seed-<seed>.csv)')
  .action(async (opts: GenerateCommandOptions) => {
    try {
      await runGenerate(opts);
    } catch (error) {
      handleError(error);
    }
  });

export async function runGenerate(
  input: GenerateCommandOptions,
  log: (line: string) => void = console.log,
): Promise<string> {
  const options = generateOptionsSchema.parse(input);
  const out = options.out ?? path.join('.data', 'generated', `admissions-${options.rows}-seed-${options.seed}.csv`);
  const started = performance.now();
  const tty = process.stderr.isTTY;
  const { rows, file } = await generateExtract({
    ...options,
    out,
    onProgress: (done) => {
      if (tty)
        process.stderr.write(
          `\r${path.basename(out)}: ${Math.floor((100 * done) / options.rows)}%  ${done.toLocaleString('en-GB')} rows\x1b[K`,
        );
    },
  });
  if (tty) process.stderr.write('\r\x1b[K');
  const seconds = (performance.now() - started) / 1000;
  log(
    `${file}: ${rows.toLocaleString('en-GB')} synthetic records (seed ${options.seed}, ${options.from} to ${options.to}) in ${seconds.toFixed(1)}s`,
  );
  log(
    `built-in shifts from ${SHIFT_START}: ${SHIFTS.cohortNonElective.names.join(', ')} 65+ non-elective -${SHIFTS.cohortNonElective.reduction * 100}%; ` +
      `${SHIFTS.careHomeEmergency.names.join(', ')} emergency admissions from care homes -${SHIFTS.careHomeEmergency.reduction * 100}%; ` +
      `${SHIFTS.permanentCareHome.names.join(', ')} permanent care-home admissions -${SHIFTS.permanentCareHome.reduction * 100}%`,
  );
  log(`load it with: npm run etl -- load admissions ${file}`);
  return file;
}
