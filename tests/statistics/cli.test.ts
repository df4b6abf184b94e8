import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ESP2013_AGE_BANDS } from '../../etl/src/statistics/index.js';
import { REPO_ROOT } from '../support/paths.js';
import { tempDir } from '../support/workbooks.js';
import { expectClose, numberOrNull, readSheet, type VectorRow } from './vectors.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run stats -- <args>`, as a child process. */
function stats(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'etl/src/stats.ts', ...args], { cwd: REPO_ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function writeCsv(name: string, text: string): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, text);
  return file;
}

type OutputRecord = Record<string, string>;
const readOutput = (stdout: string): OutputRecord[] => parse(stdout, { columns: true });
const numberIn = (record: OutputRecord, key: string) => (record[key] === '' ? null : Number(record[key]));

const OUTPUT_HEADER = 'area,numerator,denominator,value,lower_95,upper_95,lower_998,upper_998,value_note';

/** The vector rows with both counts, as the CLI's input, one area per row (Area1 twice: a suffix keeps them apart). */
function inputFrom(rows: VectorRow[]): string {
  const lines = rows.map((row, i) => `${row.Area}-${i},${row.Numerator},${row.Denominator}`);
  return `area,numerator,denominator\n${lines.join('\n')}\n`;
}

function expectRowsMatch(output: OutputRecord[], rows: VectorRow[]): void {
  expect(output).toHaveLength(rows.length);
  output.forEach((record, i) => {
    const row = rows[i]!;
    expect(record.area).toBe(`${row.Area}-${i}`);
    expect(Number(record.numerator)).toBe(row.Numerator);
    expect(Number(record.denominator)).toBe(row.Denominator);
    expectClose(numberIn(record, 'value'), numberOrNull(row, 'value'), `${record.area} value`);
    expectClose(numberIn(record, 'lower_95'), numberOrNull(row, 'lower95_0cl'), `${record.area} lower 95`);
    expectClose(numberIn(record, 'upper_95'), numberOrNull(row, 'upper95_0cl'), `${record.area} upper 95`);
    expectClose(numberIn(record, 'lower_998'), numberOrNull(row, 'lower99_8cl'), `${record.area} lower 99.8`);
    expectClose(numberIn(record, 'upper_998'), numberOrNull(row, 'upper99_8cl'), `${record.area} upper 99.8`);
    expect(record.value_note).toBe('');
  });
}

const withCounts = (rows: VectorRow[]) => rows.filter((row) => row.Numerator !== null && row.Denominator !== null);

describe('npm run stats on rows of the OHID vectors', () => {
  const rates = withCounts(readSheet('testdata_Rate.xlsx', 'testdata_Rate'));
  const proportions = withCounts(readSheet('testdata_Proportion.xlsx', 'testdata_Prop'));

  it.each([
    ['rate', 100_000, rates, []],
    ['rate', 100, rates, ['--multiplier', '100']],
    ['proportion', 100, proportions, []],
    ['proportion', 1, proportions, ['--multiplier', '1']],
  ] as const)('%s per %i: every row with both counts', async (statistic, multiplier, rows, options) => {
    const sample = rows.filter((row) => row.multiplier === multiplier);
    expect(sample.length).toBeGreaterThanOrEqual(8);
    const run = await stats(statistic, writeCsv(`${statistic}.csv`, inputFrom(sample)), ...options);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(OUTPUT_HEADER);
    expectRowsMatch(readOutput(run.stdout), sample);
  });

  it('dsr: PHEindicatormethods testdata_multiarea, grouped by area, against testresults_DSR (per 10,000)', async () => {
    const population = [636, 558, 609, 543, 384, 594, 669, 843, 660, 576, 606, 522, 426, 273, 300, 288, 153, 123, 207];
    const events = {
      big: [127, 25, 18, 21, 12, 27, 48, 27, 29, 32, 32, 34, 45, 65, 38, 68, 74, 82, 91],
      tiny: [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 2, 3],
    };
    const lines = Object.entries(events).flatMap(([area, counts]) =>
      ESP2013_AGE_BANDS.map((band, i) => `${area},${band},${counts[i]},${population[i]}`),
    );
    const file = writeCsv('dsr.csv', `area,age_band,numerator,denominator\n${lines.join('\n')}\n`);
    const run = await stats('dsr', file, '--multiplier', '10000');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [big, tiny] = readOutput(run.stdout);
    expect(big).toMatchObject({ area: 'big', numerator: '895', denominator: '8970', value_note: '' });
    expectClose(numberIn(big!, 'value'), 1043.0247991469423, 'value');
    expectClose(numberIn(big!, 'lower_95'), 971.770906798568, 'lower 95');
    expectClose(numberIn(big!, 'upper_95'), 1117.894091547925, 'upper 95');
    expectClose(numberIn(big!, 'lower_998'), 932.3287880219904, 'lower 99.8');
    expectClose(numberIn(big!, 'upper_998'), 1162.0595999522059, 'upper 99.8');
    expect(tiny).toEqual({
      area: 'tiny',
      numerator: '9',
      denominator: '8970',
      value: '',
      lower_95: '',
      upper_95: '',
      lower_998: '',
      upper_998: '',
      value_note: 'not published: fewer than 10 events (9)',
    });
  });

  it('dsr with a standard_population column, and areas with a subset of the bands', async () => {
    const file = writeCsv(
      'dsr-custom.csv',
      'area,age_band,numerator,denominator,standard_population\nA,65+,20,1000,1\nA,under 65,30,2000,1\n',
    );
    const run = await stats('dsr', file, '--multiplier', '1000');
    expect(run.code).toBe(0);
    // (20/1000 + 30/2000) / 2 per person = 17.5 per 1,000.
    expect(Number(readOutput(run.stdout)[0]!.value)).toBeCloseTo(17.5, 12);
  });

  it('a denominator of 0 is a row with a note, not an error; an area with a comma is quoted', async () => {
    const file = writeCsv('zero.csv', 'area,numerator,denominator\n"Bath, NE Somerset",3,0\n');
    const run = await stats('rate', file);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${OUTPUT_HEADER}\n"Bath, NE Somerset",3,0,,,,,,denominator is 0\n`);
  });
});

describe('npm run stats on bad input: a message naming file, line and column, exit 1, nothing on stdout', () => {
  it.each([
    ['missing-column.csv', 'rate', 'area,numerator\nA,1\n', 'row 1: missing column'],
    [
      'not-a-number.csv',
      'rate',
      'area,numerator,denominator\nA,1,100\nB,one,100\n',
      "row 3, column numerator: expected a number, found 'one'",
    ],
    [
      'negative.csv',
      'rate',
      'area,numerator,denominator\nA,1,-100\n',
      'row 2, column denominator: expected a denominator of 0 or more, found -100',
    ],
    ['empty.csv', 'rate', '', 'the file is empty'],
    ['header-only.csv', 'rate', 'area,numerator,denominator\n', 'no data rows below the header'],
    [
      'extra-column.csv',
      'rate',
      'area,numerator,denominator,area_name\nA,1,100,x\n',
      'row 1, column area_name: unexpected column',
    ],
    ['blank-area.csv', 'rate', 'area,numerator,denominator\n,1,100\n', 'row 2, column area: the area is blank'],
    [
      'over.csv',
      'proportion',
      'area,numerator,denominator\nA,5,10\nB,11,10\n',
      'row 3, column numerator: numerator 11 is greater than the denominator 10',
    ],
    [
      'unknown-band.csv',
      'dsr',
      'area,age_band,numerator,denominator\nA,55-69,1,100\n',
      "row 2, column age_band: unknown age band '55-69'",
    ],
    [
      'twice.csv',
      'dsr',
      'area,age_band,numerator,denominator\nA,0-4,1,100\nA,0-4,2,100\n',
      'row 3, column age_band: age band 0-4 of area A is already on row 2',
    ],
    [
      'blank-count.csv',
      'dsr',
      'area,age_band,numerator,denominator\nA,0-4,,100\n',
      "row 2, column numerator: expected a number, found ''",
    ],
  ])('%s (%s)', async (name, statistic, text, message) => {
    const run = await stats(statistic, writeCsv(name, text));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`error: ${name}${message.startsWith('row') ? ', ' : ': '}${message}`);
  });

  it('a file that is not there', async () => {
    const run = await stats('rate', path.join(tempDir(), 'absent.csv'));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('absent.csv');
  });

  it('an unknown statistic or a bad multiplier', async () => {
    const file = writeCsv('ok.csv', 'area,numerator,denominator\nA,1,100\n');
    const unknown = await stats('ratio', file);
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toContain('Allowed choices are rate, proportion, dsr');
    const multiplier = await stats('rate', file, '--multiplier', '-5');
    expect(multiplier).toMatchObject({ code: 1, stdout: '' });
    expect(multiplier.stderr).toContain('expected a number greater than 0');
  });
});
