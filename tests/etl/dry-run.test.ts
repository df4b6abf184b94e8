import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etl } from '../support/cli.js';
import { createTestDatabase, sequenceValues, type TestDatabase, warehouseContents } from '../support/database.js';
import { publishedMar } from '../support/mar.js';
import { REPO_ROOT, sharedFile } from '../support/paths.js';
import { ascofWorkbookRows, csvRows, editCsv } from '../support/programme-metrics.js';
import { editedSitrep, sitrepFile } from '../support/sitrep.js';
import { cellOf, editedWorkbook, tempDir, textFile, truncatedCopy } from '../support/workbooks.js';

// `--dry-run` reads and checks a file as a load does and writes nothing: for every source and format, a valid
// file leaves every table and view as it was, and a bad one fails with the very message a load gives.

const DTOC_NOVEMBER = sharedFile('dtoc/dtoc-la-2018-11.xls');
const RESPONSIBLE_ORG = sharedFile('dtoc/DToC_Days_Responsible_Organisation_excl-2019-10.csv');
const MYE_2019 = sharedFile('population/ukmidyearestimates20192020ladcodes.xls');
const CCG_POPULATION = sharedFile('population/ccg21_population_estimates_broad_age.csv');
const LAD_REGIONS = sharedFile('lookups/LAD18_to_RGN18_Dec2018_lookup_EN.csv');
const CCG_NAMES = sharedFile('lookups/CCG20_names_codes_Apr2020_EN.csv');
const MAR_JUNE = sharedFile('admissions_mar/mar-commissioner-2018-06.xls');
const ASCOF_WORKBOOK = sharedFile('ascof/meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx');
const ADMISSIONS_TIDY = sharedFile('ascof/trafford_admissions_care_homes_65p.csv');
const PIONEERS = sharedFile('pioneers/integration_pioneers_compiled.csv');
const BCF = sharedFile('bcf/hf_bcf_intermediate_care_by_la_2023-24.csv');
const PLANS_TEMPLATE = path.join(REPO_ROOT, 'etl/templates/plans-template.csv');

const ADMISSIONS_HEADER =
  'person_id,admission_date,discharge_date,admission_method,admission_source,age,sex,council_code,lsoa_code,primary_diagnosis,secondary_diagnoses,discharge_destination';

/** A file's lines (a last line break, LF or CRLF, dropped). */
const linesOf = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .replace(/\r?\n$/, '')
    .split(/\r?\n/);

/** A copy of a CSV with one of its lines (1-based) repeated at the end, named as the original. */
function withRepeatedLine(file: string, line: number): string {
  const lines = linesOf(file);
  return textFile(path.basename(file), `${[...lines, lines[line - 1]!].join('\n')}\n`);
}

/** A copy of a CSV with one field of one line replaced, named as the original. */
const withField = (file: string, line: number, column: string, value: string) =>
  textFile(path.basename(file), `${editCsv(fs.readFileSync(file, 'utf8'), line, column, value)}\n`);

/** The ASCOF workbook's sheet saved as CSV, as the open data is also published. */
const ascofCsv = () => {
  const workbook = XLSX.read(fs.readFileSync(ASCOF_WORKBOOK));
  const csv = XLSX.utils.sheet_to_csv(workbook.Sheets[workbook.SheetNames[0]!]!, { blankrows: false });
  return textFile('meas-from-asc-of-eng-2021-open-data-csv_v2.csv', `${csv}\n`);
};

/** The tidy Trafford file's figures as a Fingertips 'Export data' CSV would give them. */
const fingertipsExport = () => {
  const quote = (value: string) => (/[",]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const rows = csvRows(ADMISSIONS_TIDY).map((r) =>
    ['90000', r.indicator!, r.area_code!, r.area_name!, 'County & UA', r.unit!, '65+ yrs', r.period!]
      .concat(r.value === 'NA' ? ['', 'Value not available'] : [r.value!, ''])
      .map(quote)
      .join(','),
  );
  const header = 'Indicator ID,Indicator Name,Area Code,Area Name,Area Type,Sex,Age,Time period,Value,Value note';
  return textFile('fingertips-permanent-admissions.csv', `${[header, ...rows].join('\r\n')}\r\n`);
};

/** A synthetic extract from `etl generate`, in its own folder. */
async function generated(rows: number, seed: number): Promise<string> {
  const file = path.join(tempDir(), `admissions-${rows}-seed-${seed}.csv`);
  const result = await etl('generate', '--rows', String(rows), '--seed', String(seed), '--out', file);
  expect(result.exitCode).toBe(0);
  return file;
}

interface Format {
  source: string;
  format: string;
  /** A valid file: a real published file, or a real file's content in another of the source's formats. */
  valid: () => string | Promise<string>;
  /** The rows it holds, counted from the file itself. */
  rows?: (file: string) => number;
  /** The valid file edited into a bad one, and the error it must give. */
  bad: { edit: string; file: (valid: string) => string; message: RegExp };
}

const FORMATS: Format[] = [
  {
    source: 'dtoc',
    format: 'monthly workbook',
    valid: () => DTOC_NOVEMBER,
    bad: {
      edit: 'text in a number column',
      file: (valid) => editedWorkbook(valid, [{ sheet: 'LA - by type of care', cell: 'F40', value: 'twelve' }]),
      message:
        /^error: dtoc-la-2018-11\.xls, sheet 'LA - by type of care', row 40, column F \(Acute\): expected a number, found 'twelve'$/,
    },
  },
  {
    source: 'dtoc',
    format: 'collated responsible-organisation CSV',
    valid: () => RESPONSIBLE_ORG,
    // NHS, Social Care and Both on every line; no Total column.
    rows: (file) => csvRows(file).length * 3,
    bad: {
      edit: 'a duplicated row',
      file: (valid) => withRepeatedLine(valid, 3),
      message:
        /^error: DToC_Days_Responsible_Organisation_excl-2019-10\.csv, row 15699, column Name: duplicate row: Derby \(E06000015\) for 2019-04 is also on line 3$/,
    },
  },
  {
    source: 'population',
    format: 'UK mid-year estimates workbook',
    valid: () => MYE_2019,
    bad: {
      edit: 'an All ages total that is not the sum of the ages',
      file: (valid) =>
        editedWorkbook(valid, [
          { sheet: 'MYE2 - Persons', cell: cellOf(valid, 'MYE2 - Persons', 'E06000001', 'All ages'), value: 1 },
        ]),
      message:
        /^error: ukmidyearestimates20192020ladcodes\.xls, sheet 'MYE2 - Persons', row \d+, column D \(All ages\): All ages \(1\) is not the sum of the single years of age \(\d+\) in mid-2019$/,
    },
  },
  {
    source: 'population',
    format: 'CCG estimates CSV',
    valid: () => CCG_POPULATION,
    // Five age bands and All ages per CCG.
    rows: (file) => csvRows(file).length * 6,
    bad: {
      edit: 'a cut-off file',
      file: (valid) => truncatedCopy(valid),
      message: /^error: ccg21_population_estimates_broad_age\.csv, row \d+: \d+ fields where the header has 12 /,
    },
  },
  {
    source: 'lookups',
    format: 'LAD to region lookup',
    valid: () => LAD_REGIONS,
    rows: (file) => linesOf(file).length - 1,
    bad: {
      edit: 'a duplicated row',
      file: (valid) => withRepeatedLine(valid, 2),
      message:
        /^error: LAD18_to_RGN18_Dec2018_lookup_EN\.csv, row 328, column LAD18CD: duplicate row: LAD18CD 'E09000001' is already on line 2$/,
    },
  },
  {
    source: 'lookups',
    format: 'names and codes',
    valid: () => CCG_NAMES,
    rows: (file) => linesOf(file).length - 1,
    bad: {
      edit: 'a cut-off file',
      file: (valid) => truncatedCopy(valid),
      message: /^error: CCG20_names_codes_Apr2020_EN\.csv: the file ends in the middle of a line: it looks truncated/,
    },
  },
  {
    source: 'mar',
    format: 'commissioner workbook',
    valid: () => MAR_JUNE,
    // England and each commissioner, 14 measures each.
    rows: (file) => (publishedMar(file).commissioners.length + 1) * 14,
    bad: {
      edit: 'an England total that the commissioners do not add up to',
      file: (valid) =>
        editedWorkbook(valid, [
          {
            sheet: 'Commissioner',
            cell: cellOf(valid, 'Commissioner', 'England', 'Elective G&A Ordinary Admissions (FFCEs)'),
            value: 1,
          },
        ]),
      message:
        /^error: mar-commissioner-2018-06\.xls, sheet 'Commissioner', row 15, column H \(Elective G&A Ordinary Admissions \(FFCEs\)\): the \d+ commissioner rows sum to \d+ but the England row says 1: rows are missing, added or edited$/,
    },
  },
  {
    source: 'sitrep',
    format: 'monthly workbook',
    valid: () => sitrepFile('april2023'),
    bad: {
      edit: 'a day given twice (its date heading repeated)',
      file: (valid) => editedSitrep(valid, [{ sheet: 'Table 2', cell: 'H4', value: '01/04/2023' }]),
      message:
        /^error: acute-discharge-sitrep-april2023\.xlsx, sheet 'Table 2', row 6, column H: a second value for patients not meeting criteria to reside on 2023-04-01 \(the first is at row 6, column E\)$/,
    },
  },
  {
    source: 'sitrep',
    format: 'national time series',
    valid: () => sitrepFile('latest_time_series'),
    bad: {
      edit: 'text in a number column',
      file: (valid) => editedSitrep(valid, [{ sheet: 'Daily Series', cell: 'C10', value: 'many' }]),
      message:
        /^error: acute-discharge-sitrep-latest_time_series\.xlsx, sheet 'Daily Series', row 10, column C .*expected a number, found 'many'$/,
    },
  },
  {
    source: 'ascof',
    format: 'open data workbook',
    valid: () => ASCOF_WORKBOOK,
    rows: (file) => ascofWorkbookRows(file).length,
    bad: {
      edit: 'text in a number column',
      file: (valid) =>
        editedWorkbook(valid, [{ sheet: 'in', cell: cellOf(valid, 'in', 'Cumbria', 'Measure Value'), value: 'lots' }]),
      message:
        /^error: meas-from-asc-of-eng-2021-open-data-csv_v2\.xlsx, sheet 'in', row 2, column H \(Measure Value\): expected a number or a missing-value marker .*, found 'lots'$/,
    },
  },
  {
    source: 'ascof',
    format: 'open data CSV',
    valid: ascofCsv,
    rows: () => ascofWorkbookRows(ASCOF_WORKBOOK).length,
    bad: {
      edit: 'a duplicated row',
      file: (valid) => withRepeatedLine(valid, 2),
      message:
        /^error: meas-from-asc-of-eng-2021-open-data-csv_v2\.csv, row 48972: duplicate row: the same year, area, measure code, disaggregation and measure type as row 2$/,
    },
  },
  {
    source: 'indicators',
    format: 'tidy CSV',
    valid: () => ADMISSIONS_TIDY,
    rows: (file) => csvRows(file).length,
    bad: {
      edit: 'a duplicated row',
      file: (valid) => withRepeatedLine(valid, 2),
      message:
        /^error: trafford_admissions_care_homes_65p\.csv, row 172: duplicate row: the same indicator, area, sex, age, category, measure and period as row 2$/,
    },
  },
  {
    source: 'indicators',
    format: 'Fingertips export',
    valid: fingertipsExport,
    rows: (file) => csvRows(file).length,
    bad: {
      edit: 'text in a number column',
      file: (valid) => withField(valid, 5, 'Value', 'lots'),
      message:
        /^error: fingertips-permanent-admissions\.csv, row 5, column Value: expected a number or a missing-value marker .*, found 'lots'$/,
    },
  },
  {
    source: 'pioneers',
    format: 'compiled list',
    valid: () => PIONEERS,
    bad: {
      edit: 'text in a number column',
      file: (valid) => withField(valid, 3, 'wave', 'two'),
      message:
        /^error: integration_pioneers_compiled\.csv, row 3, column wave: expected a wave number \(1, 2…\), found 'two'$/,
    },
  },
  {
    source: 'plans',
    format: 'BCF intermediate care extract',
    valid: () => BCF,
    // Two planned spends per line, the Total line's included.
    rows: (file) => csvRows(file).length * 2,
    bad: {
      edit: 'a Total that the councils do not add up to',
      file: (valid) => withField(valid, linesOf(valid).length, 'Bed based intermediate Care Services', '1'),
      message:
        /^error: hf_bcf_intermediate_care_by_la_2023-24\.csv, row 153, column Bed based intermediate Care Services: the sum of the 151 council rows \([\d.]+\) is not the Total \(1\), beyond the publisher's rounding \(±1\)$/,
    },
  },
  {
    source: 'plans',
    format: 'plans template',
    valid: () => PLANS_TEMPLATE,
    rows: (file) => csvRows(file).length,
    bad: {
      edit: 'text in a number column',
      file: (valid) => withField(valid, 2, 'planned_value', 'lots'),
      message:
        /^error: plans-template\.csv, row 2, column planned_value: expected a number or a missing-value marker .*, found 'lots'$/,
    },
  },
  {
    source: 'admissions',
    format: 'extract from etl generate',
    valid: () => generated(4000, 5),
    rows: () => 4000,
    bad: {
      edit: 'a duplicated record',
      file: (valid) => withRepeatedLine(valid, 2),
      message: /^error: admissions-4000-seed-5\.csv, row 4002: duplicate record: line 4002 repeats line 2$/,
    },
  },
];

const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('etl load --dry-run', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    process.env.DATABASE_URL = db.url;
    // Something of every source already loaded, periods overlapping the files below: a dry run that replaced
    // or superseded anything would show.
    const baseline: [string, ...string[]][] = [
      [
        'lookups',
        sharedFile('lookups/LTLA19_to_UTLA19_Apr2019_lookup_EW.csv'),
        sharedFile('lookups/CCG19_to_STP19_Apr2019_lookup_EN.csv'),
      ],
      ['population', sharedFile('population/ukmidyearestimates20182019ladcodes.xls')],
      ['dtoc', sharedFile('dtoc/dtoc-la-2018-05.xls')],
      ['mar', sharedFile('admissions_mar/mar-commissioner-2018-05.xls')],
      ['sitrep', sitrepFile('april2022')],
      ['indicators', sharedFile('ascof/trafford_social_care_satisfaction.csv')],
      ['admissions', await generated(3000, 1)],
    ];
    for (const [source, ...files] of baseline) {
      const result = await etl('load', source, ...files);
      expect(result, source).toMatchObject({ exitCode: 0, err: '' });
    }
  }, 300_000);
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    await db.drop();
  });

  /** A dry run of a file: it leaves every table and view as it was, and does not even try to insert. */
  async function dryRun(source: string, file: string, ...options: string[]) {
    const contents = await warehouseContents(db.client);
    const sequences = await sequenceValues(db.client);
    const result = await etl('load', source, '--dry-run', ...options, file);
    expect(await sequenceValues(db.client)).toEqual(sequences);
    expect(await warehouseContents(db.client)).toEqual(contents);
    return result;
  }

  /** A dry run, then a load, of a bad file: the same error from both, and nothing written by either. */
  async function dryRunAndLoad(source: string, file: string, ...options: string[]): Promise<string> {
    const contents = await warehouseContents(db.client);
    const sequences = await sequenceValues(db.client);
    const checked = await etl('load', source, '--dry-run', ...options, file);
    expect(await sequenceValues(db.client)).toEqual(sequences);
    const loaded = await etl('load', source, ...options, file);
    expect([checked.exitCode, loaded.exitCode]).toEqual([1, 1]);
    expect(loaded.err).toBe(checked.err);
    expect(await warehouseContents(db.client)).toEqual(contents);
    return checked.err;
  }

  describe.each(FORMATS)('$source, $format', ({ source, valid, rows, bad }) => {
    let file: string;
    beforeAll(async () => {
      file = await valid();
    });

    it('a valid file: exit 0, "valid … nothing written", and every table and view as it was', async () => {
      const result = await dryRun(source, file);
      expect(result.err).toBe('');
      expect(result.exitCode).toBe(0);
      const count = rows ? literally(rows(file).toLocaleString('en-GB')) : '[\\d,]+';
      expect(result.out).toMatch(
        new RegExp(
          `^${literally(path.basename(file))}: valid, ${count} rows \\(.+\\); nothing written \\(--dry-run\\)$`,
          'm',
        ),
      );
      expect(result.out).toMatch(new RegExp(`^${source}: 1 of 1 files validated`, 'm'));
    });

    it(`a bad file (${bad.edit}): the same error from a dry run as from a load, nothing written`, async () => {
      expect(await dryRunAndLoad(source, bad.file(file))).toMatch(bad.message);
    });
  });

  describe('admissions: rejected records and repeats, as a load finds them', () => {
    it('counts rejects as a load does: within --max-rejects the file is valid, beyond it the same error', async () => {
      const extract = await generated(3000, 7);
      fs.appendFileSync(extract, 'P-BAD,2018-05-01,2018-05-02,21,19,seventy,1,E06000027,,R55,,19\n');
      const within = await dryRun('admissions', extract);
      expect(within.exitCode).toBe(0);
      expect(within.out).toMatch(
        /^admissions-3000-seed-7\.csv: valid, 3,000 rows \(.+\), 1 rows rejected \(see 'etl status --rejects'\); nothing written \(--dry-run\)$/m,
      );
      expect(await dryRunAndLoad('admissions', extract, '--max-rejects', '0')).toMatch(
        /^error: admissions-3000-seed-7\.csv, row 3002, column age: age must be a whole number of years from 0 to 120 \('seventy'\) — 1 rejected rows so far, 0 allowed \(--max-rejects\); nothing was loaded from this file$/,
      );
    });

    it('refuses a file cut in the middle of a record as a load does', async () => {
      const extract = await generated(3000, 8);
      const cut = textFile('cut.csv', fs.readFileSync(extract, 'utf8').slice(0, -20));
      expect(await dryRunAndLoad('admissions', cut)).toMatch(
        /^error: cut\.csv, row 3001: the file ends in the middle of a line \(truncated\?\)/,
      );
    });

    it('finds the repeat the load finds when there are too many repeats to check one by one', async () => {
      // 110,000 records, then all of them again: more candidates than the filter holds, so a load groups the
      // whole file in SQL. The record whose repeat comes first is line 2's, repeated on line 110,002.
      const records = Array.from(
        { length: 110_000 },
        (_, i) => `P${i},2018-04-${String((i % 28) + 1).padStart(2, '0')},,21,19,${i % 100},1,E10000032,,S72.0,,`,
      );
      const extract = textFile('repeated.csv', `${[ADMISSIONS_HEADER, ...records, ...records].join('\n')}\n`);
      expect(await dryRunAndLoad('admissions', extract)).toBe(
        'error: repeated.csv, row 110002: duplicate record: line 110002 repeats line 2',
      );
    }, 120_000);
  });
});
