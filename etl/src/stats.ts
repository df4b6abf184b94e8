import { Argument, Command, InvalidArgumentError } from 'commander';
import { handleError } from './errors.js';
import { type CsvColumnSpec, type CsvRecord, normaliseHeader, openCsv } from './lib/csv.js';
import { InputError } from './lib/errors.js';
import { readNumber } from './lib/values.js';
import {
  type AgeBandCounts,
  crudeRate,
  directlyStandardisedRate,
  ESP2013_AGE_BANDS,
  isEsp2013AgeBand,
  proportion,
} from './statistics/index.js';
import { formatCsv, type OutputRow } from './statistics/output.js';

type Statistic = 'rate' | 'proportion' | 'dsr';

const DEFAULT_MULTIPLIER: Record<Statistic, number> = { rate: 100_000, proportion: 100, dsr: 100_000 };

const column = (key: string, required = true): CsvColumnSpec => ({ key, headers: [key], required });
const COLUMNS: Record<Statistic, CsvColumnSpec[]> = {
  rate: [column('area'), column('numerator'), column('denominator')],
  proportion: [column('area'), column('numerator'), column('denominator')],
  dsr: [
    column('area'),
    column('age_band'),
    column('numerator'),
    column('denominator'),
    column('standard_population', false),
  ],
};

/** Reads every record first: nothing is written unless the whole file is good. */
async function run(statistic: Statistic, file: string, multiplier: number): Promise<string> {
  const reader = await openCsv(file, COLUMNS[statistic]);
  const allowed = new Set(COLUMNS[statistic].map(({ key }) => normaliseHeader(key)));
  const unexpected = reader.header.find((name) => !allowed.has(normaliseHeader(name)));
  if (unexpected !== undefined) {
    const names = COLUMNS[statistic].map(({ key, required }) => (required ? key : `[${key}]`)).join(', ');
    throw new InputError({ file, row: 1, column: unexpected }, `unexpected column: the columns are ${names}`);
  }
  const records: CsvRecord[] = [];
  for await (const record of reader.records) records.push(record);
  if (records.length === 0) throw new InputError({ file }, 'no data rows below the header');

  const cell = (record: CsvRecord, key: string) => {
    const name = reader.columns[key]!;
    return { raw: record.values[name] ?? '', at: { file, row: record.line, column: name } };
  };
  const nonNegative = (record: CsvRecord, key: 'numerator' | 'denominator' | 'standard_population') => {
    const { raw, at } = cell(record, key);
    return readNumber(raw, at, { nonNegative: true, what: `a ${key.replace('_', ' ')}` });
  };
  const area = (record: CsvRecord) => {
    const { raw, at } = cell(record, 'area');
    if (raw === '') throw new InputError(at, 'the area is blank');
    return raw;
  };

  if (statistic !== 'dsr') {
    const rows = records.map((record): OutputRow => {
      const [name, numerator, denominator] = [
        area(record),
        nonNegative(record, 'numerator'),
        nonNegative(record, 'denominator'),
      ];
      if (statistic === 'proportion' && numerator > denominator) {
        throw new InputError(
          cell(record, 'numerator').at,
          `numerator ${numerator} is greater than the denominator ${denominator}: a proportion's numerator is part of its denominator`,
        );
      }
      const estimate =
        statistic === 'rate'
          ? crudeRate(numerator, denominator, { multiplier })
          : proportion(numerator, denominator, { multiplier });
      return { area: name, numerator, denominator, estimate };
    });
    return formatCsv(rows);
  }

  const customStandard = reader.columns.standard_population !== undefined;
  // Each area's bands, and the row each band is on (to name it when a band comes twice).
  const areas = new Map<string, { bands: AgeBandCounts[]; rows: Map<string, number> }>();
  for (const record of records) {
    const name = area(record);
    const band = cell(record, 'age_band');
    if (!customStandard && !isEsp2013AgeBand(band.raw)) {
      throw new InputError(
        band.at,
        `unknown age band '${band.raw}': the ESP2013 bands are ${ESP2013_AGE_BANDS.join(', ')} (or give a standard_population column)`,
      );
    }
    const group = areas.get(name) ?? { bands: [], rows: new Map<string, number>() };
    areas.set(name, group);
    const earlier = group.rows.get(band.raw);
    if (earlier !== undefined) {
      throw new InputError(band.at, `age band ${band.raw} of area ${name} is already on row ${earlier}`);
    }
    group.rows.set(band.raw, record.line);
    group.bands.push({
      ageBand: band.raw,
      numerator: nonNegative(record, 'numerator'),
      denominator: nonNegative(record, 'denominator'),
      ...(customStandard ? { standardPopulation: nonNegative(record, 'standard_population') } : {}),
    });
  }
  const rows = [...areas].map(([name, { bands }]): OutputRow => {
    let estimate: ReturnType<typeof directlyStandardisedRate>;
    try {
      estimate = directlyStandardisedRate(bands, { multiplier });
    } catch (error) {
      throw new InputError({ file }, `area ${name}: ${(error as Error).message}`);
    }
    return { area: name, numerator: estimate.totalCount, denominator: estimate.totalPopulation, estimate };
  });
  return formatCsv(rows);
}

function parseMultiplier(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError('expected a number greater than 0, such as 1000');
  }
  return value;
}

const program = new Command('stats')
  .description(
    'Value and 95% and 99.8% confidence limits, as CSV on stdout (`npm run --silent stats` for the CSV alone)',
  )
  .addHelpText(
    'after',
    `
Input columns and methods:
  rate        area,numerator,denominator: Byar's limits, exact Poisson below 10 events; per 100,000
  proportion  area,numerator,denominator: Wilson limits; per 100 (a percentage)
  dsr         area,age_band,numerator,denominator[,standard_population], one row per band, grouped by
              area: Dobson limits; per 100,000; ESP2013 bands 0-4 ... 85-89, 90+ unless
              standard_population is given; no value below 10 events
Output columns: area,numerator,denominator,value,lower_95,upper_95,lower_998,upper_998,value_note`,
  )
  .addArgument(new Argument('<statistic>', 'rate, proportion or dsr').choices(['rate', 'proportion', 'dsr']))
  .argument('<input>', 'CSV file with a header row')
  .option(
    '--multiplier <n>',
    'express the value per n (default: 100000 for rate and dsr, 100 for proportion)',
    parseMultiplier,
  )
  .action(async (statistic: Statistic, input: string, options: { multiplier?: number }) => {
    try {
      process.stdout.write(await run(statistic, input, options.multiplier ?? DEFAULT_MULTIPLIER[statistic]));
    } catch (error) {
      handleError(error);
    }
  });

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
});

await program.parseAsync(process.argv);
