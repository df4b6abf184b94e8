import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etl, loadAll } from '../support/cli.js';
import { createTestDatabase, type TestDatabase, warehouseContents } from '../support/database.js';
import { publishedMar } from '../support/mar.js';
import { REPO_ROOT, sharedFile } from '../support/paths.js';
import { editCsv } from '../support/programme-metrics.js';
import { editedSitrep, sitrepFile } from '../support/sitrep.js';
import { cellOf, editedWorkbook, textFile } from '../support/workbooks.js';

// A published aggregate is checked against itself before anything is written: parts against totals, the same
// figure on several sheets, England against its areas, one code once per sheet, periods inside their wave. Each
// bad file is a real shared file with a few cells edited; the load and the dry run refuse it with the same
// message, and every raw, staging and mart relation is as it was.

const DTOC = sharedFile('dtoc/dtoc-la-2018-11.xls');
const MAR = sharedFile('admissions_mar/mar-commissioner-2018-06.xls');
const MYE_2018 = sharedFile('population/ukmidyearestimates20182019ladcodes.xls');
const PIONEERS = sharedFile('pioneers/integration_pioneers_compiled.csv');
const BCF = sharedFile('bcf/hf_bcf_intermediate_care_by_la_2023-24.csv');
const PLANS_TEMPLATE = path.join(REPO_ROOT, 'etl/templates/plans-template.csv');
const ASCOF = sharedFile('ascof/meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx');
const SITREP_APRIL_2023 = sitrepFile('april2023');

const TYPE_OF_CARE = 'LA - by type of care';
const RESPONSIBLE_ORG = 'LA - by responsible org';
const REASON = 'LA - by reason';

/** A copy of a shared CSV with one field of one line (1-based) replaced, named as the original. */
const withField = (file: string, line: number, column: string, value: string) =>
  textFile(path.basename(file), editCsv(fs.readFileSync(file, 'utf8'), line, column, value));

const workbooks = new Map<string, XLSX.WorkBook>();

/** A sheet's cells from A1, so that indexes are Excel's row and column less one. */
function sheetRows(file: string, sheet: string): unknown[][] {
  if (!workbooks.has(file)) workbooks.set(file, XLSX.read(fs.readFileSync(file)));
  const worksheet = workbooks.get(file)!.Sheets[sheet]!;
  const { e } = XLSX.utils.decode_range(worksheet['!ref']!);
  const range = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e });
  return XLSX.utils.sheet_to_json<unknown[]>(worksheet, { header: 1, defval: null, range });
}

/** The cell of an area's row in a column (both found by their text), its row number and its value. */
function figure(file: string, sheet: string, rowText: string, columnText: string) {
  const cell = cellOf(file, sheet, rowText, columnText);
  const { r, c } = XLSX.utils.decode_cell(cell);
  return { sheet, cell, row: r + 1, column: cell.replace(/\d+$/, ''), value: Number(sheetRows(file, sheet)[r]![c]) };
}

/** A DToC sheet's category cells of an area's row: label as the checks name it, cell and value (Total last). */
function dtocCategories(sheet: string, area: string) {
  const rows = sheetRows(DTOC, sheet);
  const header = rows.findIndex((row) => row.includes('Total'));
  const row = rows.findIndex((cells) => cells.includes(area));
  const [first, total] = [rows[header]!.indexOf('Name') + 1, rows[header]!.indexOf('Total')];
  return rows[header]!.slice(first, total + 1).map((label, i) => ({
    label: String(label)
      .replace(/\).*$/, '')
      .replace(/^Non-Acute$/, 'non-acute')
      .replace(/^(Acute|NHS|Social Care|Both|Total)$/, (text) => text.toLowerCase()),
    cell: XLSX.utils.encode_cell({ r: row, c: first + i }),
    value: Number(rows[row]![first + i]),
  }));
}

describe('bad input: a published aggregate that does not agree with itself', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    // Rows in every table the bad files would write to, so that a partial write would change a hash.
    await loadAll([
      ['population', MYE_2018],
      ['dtoc', sharedFile('dtoc/dtoc-la-2018-10.xls')],
      ['mar', sharedFile('admissions_mar/mar-commissioner-2018-05.xls')],
      ['pioneers', PIONEERS],
      ['ascof', ASCOF],
      ['plans', BCF],
    ] as const);
  }, 300_000);
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    await db.drop();
  });

  /** The dry run and the load refuse the file with this message, and leave every relation as it was. */
  async function expectRefused(source: string, file: string, message: string) {
    const contents = await warehouseContents(db.client);
    const checked = await etl('load', source, '--dry-run', file);
    const loaded = await etl('load', source, file);
    expect(loaded).toMatchObject({ exitCode: 1, err: `error: ${message}` });
    expect(checked).toMatchObject({ exitCode: 1, err: loaded.err });
    expect(await warehouseContents(db.client)).toEqual(contents);
  }

  describe('dtoc: parts against totals, totals across sheets, England against its areas, codes once', () => {
    it('refuses acute + non-acute that is not the total', async () => {
      const [acute, nonAcute, total] = dtocCategories(TYPE_OF_CARE, 'West Sussex');
      const file = editedWorkbook(DTOC, [{ sheet: TYPE_OF_CARE, cell: acute!.cell, value: acute!.value + 12 }]);
      await expectRefused(
        'dtoc',
        file,
        `dtoc-la-2018-11.xls, sheet '${TYPE_OF_CARE}', row ${total!.cell.slice(1)}, column H (Total): acute (${acute!.value + 12}) + non-acute (${nonAcute!.value}) is not the total (${total!.value})`,
      );
    });

    it('refuses NHS + social care + both that is not the total', async () => {
      const [nhs, social, both, total] = dtocCategories(RESPONSIBLE_ORG, 'West Sussex');
      const file = editedWorkbook(DTOC, [{ sheet: RESPONSIBLE_ORG, cell: both!.cell, value: both!.value + 5 }]);
      const sum = nhs!.value + social!.value + both!.value + 5;
      await expectRefused(
        'dtoc',
        file,
        `dtoc-la-2018-11.xls, sheet '${RESPONSIBLE_ORG}', row ${total!.cell.slice(1)}, column ${total!.cell.replace(/\d+$/, '')} (Total): nhs (${nhs!.value}) + social care (${social!.value}) + both (${both!.value + 5}) = ${sum} is not the total (${total!.value})`,
      );
    });

    it('checks the published reasons against the total when one reason is a marker', async () => {
      const [a, b, ...rest] = dtocCategories(REASON, 'West Sussex');
      const total = rest.pop()!;
      const file = editedWorkbook(DTOC, [
        { sheet: REASON, cell: a!.cell, value: '-' },
        { sheet: REASON, cell: b!.cell, value: b!.value + a!.value + 1 },
      ]);
      const published = [{ ...b!, value: b!.value + a!.value + 1 }, ...rest];
      const listed = published.map((part) => `${part.label} (${part.value})`).join(' + ');
      await expectRefused(
        'dtoc',
        file,
        `dtoc-la-2018-11.xls, sheet '${REASON}', row ${total.cell.slice(1)}, column ${total.cell.replace(/\d+$/, '')} (Total): ${listed} = ${total.value + 1} is more than the total (${total.value}) (A not published)`,
      );
    });

    it("refuses an area's total that differs between sheets", async () => {
      const [, b, ...rest] = dtocCategories(REASON, 'West Sussex');
      const total = rest.pop()!;
      const typeOfCareTotal = figure(DTOC, TYPE_OF_CARE, 'West Sussex', 'Total');
      const file = editedWorkbook(DTOC, [
        { sheet: REASON, cell: b!.cell, value: b!.value + 7 },
        { sheet: REASON, cell: total.cell, value: total.value + 7 },
      ]);
      await expectRefused(
        'dtoc',
        file,
        `dtoc-la-2018-11.xls, sheet '${REASON}', row ${total.cell.slice(1)}, column ${total.cell.replace(/\d+$/, '')} (Total): the total delayed days of 'West Sussex' (${total.value + 7}) is not the same as on sheet '${TYPE_OF_CARE}', row ${typeOfCareTotal.row} (${typeOfCareTotal.value})`,
      );
    });

    // The acute column has a council marked '-' this month, so there England need only not exceed its areas;
    // the Total column has every figure and must be exact.
    it('refuses an England row that is not the sum of the area rows', async () => {
      const [acute, , total] = dtocCategories(TYPE_OF_CARE, 'England');
      const rows = sheetRows(DTOC, TYPE_OF_CARE);
      const englandIndex = rows.findIndex((row) => row.includes('England'));
      const areaRows = rows.slice(englandIndex + 1).filter((row) => row[3] !== null && row[3] !== '');
      const file = editedWorkbook(DTOC, [
        { sheet: TYPE_OF_CARE, cell: acute!.cell, value: acute!.value + 10 },
        { sheet: TYPE_OF_CARE, cell: total!.cell, value: total!.value + 10 },
      ]);
      await expectRefused(
        'dtoc',
        file,
        `dtoc-la-2018-11.xls, sheet '${TYPE_OF_CARE}', row ${englandIndex + 1}, column H (total): the sum of the ${areaRows.length} area rows (${total!.value}) is not England (${total!.value + 10})`,
      );
    });

    it('refuses a council code published with another council’s name', async () => {
      const name = figure(DTOC, TYPE_OF_CARE, 'West Sussex', 'Name');
      const file = editedWorkbook(DTOC, [{ sheet: TYPE_OF_CARE, cell: name.cell, value: 'East Sussex' }]);
      await expectRefused(
        'dtoc',
        file,
        `dtoc-la-2018-11.xls, sheet '${TYPE_OF_CARE}', row ${name.row}, field Name: 'East Sussex' is not the name of E10000032 ('West Sussex')`,
      );
    });

    it('refuses a council code on two rows of a sheet', async () => {
      const derby = figure(DTOC, TYPE_OF_CARE, 'Derby UA', 'Code');
      const derbyshire = figure(DTOC, TYPE_OF_CARE, 'Derbyshire', 'Code');
      const code = String(sheetRows(DTOC, TYPE_OF_CARE)[derby.row - 1]![3]);
      const file = editedWorkbook(DTOC, [{ sheet: TYPE_OF_CARE, cell: derbyshire.cell, value: code }]);
      await expectRefused(
        'dtoc',
        file,
        `dtoc-la-2018-11.xls, sheet '${TYPE_OF_CARE}', row ${derbyshire.row}: council code '${code}' is already on row ${derby.row} of this sheet`,
      );
    });
  });

  describe('mar: elective parts against the total, England against commissioners with a marker', () => {
    const SHEET = 'Commissioner';
    const ORDINARY = 'Elective G&A Ordinary Admissions (FFCEs)';
    const DAYCASE = 'Elective G&A Daycase Admissions (FFCEs)';
    const ELECTIVE = 'Elective G&A Total Admissions (FFCEs)';
    const NON_ELECTIVE = 'Total Non-elective G&A Admissions (FFCEs)';

    it('refuses ordinary + daycase admissions beyond the publication’s discrepancies from the elective total', async () => {
      const ordinary = figure(MAR, SHEET, 'NHS DARLINGTON CCG', ORDINARY);
      const daycase = figure(MAR, SHEET, 'NHS DARLINGTON CCG', DAYCASE);
      const elective = figure(MAR, SHEET, 'NHS DARLINGTON CCG', ELECTIVE);
      const englandOrdinary = figure(MAR, SHEET, 'England', ORDINARY);
      // England restated with it, so that only the CCG's own parts disagree.
      const file = editedWorkbook(MAR, [
        { sheet: SHEET, cell: ordinary.cell, value: ordinary.value + 100 },
        { sheet: SHEET, cell: englandOrdinary.cell, value: englandOrdinary.value + 100 },
      ]);
      await expectRefused(
        'mar',
        file,
        `mar-commissioner-2018-06.xls, sheet 'Commissioner', row ${elective.row}, column ${elective.column} (${ELECTIVE}): ${ORDINARY} (${ordinary.value + 100}) + ${DAYCASE} (${daycase.value}) is not ${ELECTIVE} (${elective.value}), beyond the publisher's rounding (±${elective.value / 100})`,
      );
    });

    it('checks England against the commissioners when one cell is a marker', async () => {
      const darlington = figure(MAR, SHEET, 'NHS DARLINGTON CCG', NON_ELECTIVE);
      const durham = figure(MAR, SHEET, 'NHS DURHAM DALES, EASINGTON AND SEDGEFIELD CCG', NON_ELECTIVE);
      const england = figure(MAR, SHEET, 'England', NON_ELECTIVE);
      const file = editedWorkbook(MAR, [
        { sheet: SHEET, cell: darlington.cell, value: '-' },
        { sheet: SHEET, cell: durham.cell, value: durham.value + 5000 },
      ]);
      const commissioners = publishedMar(MAR).commissioners.length;
      await expectRefused(
        'mar',
        file,
        `mar-commissioner-2018-06.xls, sheet 'Commissioner', row ${england.row}, column ${england.column} (${NON_ELECTIVE}): the sum of the ${commissioners - 1} published commissioner rows (${england.value - darlington.value + 5000}) is more than the England row (${england.value}) (00C not published)`,
      );
    });
  });

  describe('population: males + females = persons, England = its regions', () => {
    const PERSONS = 'MYE2-All';
    const FEMALES = 'MYE2 - Females';
    const MALES = 'MYE2 - Males';
    /** An area's figure at an age, with its All ages cell, so that the row itself still adds up. */
    const agedForty = (sheet: string, area: string) => ({
      age: figure(MYE_2018, sheet, area, '40'),
      allAges: figure(MYE_2018, sheet, area, 'All ages'),
    });
    const raised = ({ age, allAges }: ReturnType<typeof agedForty>) => [
      { sheet: age.sheet, cell: age.cell, value: age.value + 1 },
      { sheet: allAges.sheet, cell: allAges.cell, value: allAges.value + 1 },
    ];

    it('refuses males + females that are not persons', async () => {
      const females = agedForty(FEMALES, 'West Sussex');
      const males = agedForty(MALES, 'West Sussex');
      const persons = agedForty(PERSONS, 'West Sussex');
      await expectRefused(
        'population',
        editedWorkbook(MYE_2018, raised(females)),
        `ukmidyearestimates20182019ladcodes.xls, sheet '${PERSONS}', row ${persons.age.row}, column ${persons.age.column} (age 40): males on row ${males.age.row} of '${MALES}' (${males.age.value}) + females on row ${females.age.row} of '${FEMALES}' (${females.age.value + 1}) is not persons (${persons.age.value})`,
      );
    });

    it('refuses regions that do not add up to England', async () => {
      const southEast = agedForty(PERSONS, 'SOUTH EAST');
      const england = agedForty(PERSONS, 'ENGLAND');
      await expectRefused(
        'population',
        editedWorkbook(MYE_2018, raised(southEast)),
        `ukmidyearestimates20182019ladcodes.xls, sheet '${PERSONS}', row ${england.age.row}, column ${england.age.column} (age 40): the sum of the 9 regions (${england.age.value + 1}) is not ENGLAND (E92000001) (${england.age.value})`,
      );
    });
  });

  describe('sitrep: England against its seven regions', () => {
    it('refuses regions that do not add up to England', async () => {
      const london = figure(SITREP_APRIL_2023, 'Table 2', 'LONDON', 'Number of patients discharged');
      const england = figure(SITREP_APRIL_2023, 'Table 2', 'ENGLAND (Type 1 Trusts)', 'Number of patients discharged');
      const file = editedSitrep(SITREP_APRIL_2023, [{ sheet: 'Table 2', cell: london.cell, value: london.value + 3 }]);
      await expectRefused(
        'sitrep',
        file,
        `acute-discharge-sitrep-april2023.xlsx, sheet 'Table 2', row ${england.row}, column ${england.column} (Number of patients discharged): the sum of the 7 NHS regions (${england.value + 3}) is not England (${england.value}), beyond the publisher's rounding (±0.001)`,
      );
    });
  });

  describe('plausible figures: outcomes on their scale, counts within the population, rates within their multiplier', () => {
    /** West Sussex's 2020-21 row of an ASCOF measure type (its cell in column H, Measure Value). */
    function ascofCell(measureCode: string, measureType: string) {
      const rows = sheetRows(ASCOF, 'in');
      const index = rows.findIndex((row) => row[3] === 'E10000032' && row[4] === measureCode && row[6] === measureType);
      return { cell: `H${index + 1}`, row: index + 1, value: Number(rows[index]![7]) };
    }

    it('refuses an outcome that is not its numerator over its denominator on its measure’s scale', async () => {
      const [numerator, denominator, outcome] = ['Numerator', 'Denominator', 'Outcome'].map((type) =>
        ascofCell('2A2', type),
      );
      const wrong = Number((outcome!.value / 10).toFixed(1));
      // 2A(2) is per 100,000 people aged 65+: the hand calculation of the published ratio, to four places.
      const ratio = Number(((numerator!.value / denominator!.value) * 100_000).toFixed(4));
      await expectRefused(
        'ascof',
        editedWorkbook(ASCOF, [{ sheet: 'in', cell: outcome!.cell, value: wrong }]),
        `meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx, sheet 'in', row ${outcome!.row}, column H (Measure Value): the outcome (${wrong}) is not the numerator (${numerator!.value}) over the denominator (${denominator!.value}) × 100,000 = ${ratio}, the scale of the other 164 rows of measure 2A2 (within the publisher's rounding ±0.05)`,
      );
    });

    it('refuses a count of people above the area’s population', async () => {
      const numerator = ascofCell('2A2', 'Numerator');
      await expectRefused(
        'ascof',
        editedWorkbook(ASCOF, [{ sheet: 'in', cell: numerator.cell, value: 9_999_999 }]),
        // West Sussex's mid-2019 population is 863,980 (ONS); × 1.25 = 1,079,975.
        `meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx, sheet 'in', row ${numerator.row}, column H (Measure Value): 9999999 people (numerator) is more than E10000032 could have: its population (863,980 at mid-2019, plus a quarter) is 1,079,975`,
      );
    });

    it('refuses more delayed days than a council has people for each day of the month', async () => {
      const [acute, , total] = dtocCategories(TYPE_OF_CARE, 'West Sussex');
      const file = editedWorkbook(DTOC, [
        { sheet: TYPE_OF_CARE, cell: acute!.cell, value: acute!.value + 99_000_000 },
        { sheet: TYPE_OF_CARE, cell: total!.cell, value: total!.value + 99_000_000 },
      ]);
      // November has 30 days: 863,980 × 1.25 × 30 = 32,399,250.
      await expectRefused(
        'dtoc',
        file,
        `dtoc-la-2018-11.xls, sheet '${TYPE_OF_CARE}', row ${acute!.cell.slice(1)}, column ${acute!.cell.replace(/\d+$/, '')} (acute): ${acute!.value + 99_000_000} delayed days is more than E10000032 could have: its population (863,980 at mid-2019, plus a quarter) × 30 days is 32,399,250`,
      );
    });

    it('refuses a rate above its multiplier', async () => {
      const file = sharedFile('ascof/trafford_admissions_care_homes_65p.csv');
      await expectRefused(
        'indicators',
        withField(file, 2, 'value', '150000'),
        "trafford_admissions_care_homes_65p.csv, row 2, column value: 150000 is above 100,000, the most a rate per 100,000 ('Rate per 100,000 aged 65+') can be",
      );
    });

    it('refuses a header that has a column twice', async () => {
      await expectRefused(
        'ascof',
        editedWorkbook(ASCOF, [{ sheet: 'in', cell: 'J1', value: 'Measure Value' }]),
        "meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx, sheet 'in', row 1, column J: the header has 'Measure Value' twice (columns H and J): delete or rename one of them",
      );
      const allAges = cellOf(MYE_2018, 'MYE2-All', 'All ages', 'All ages');
      const nextColumn = XLSX.utils.encode_cell({
        ...XLSX.utils.decode_cell(allAges),
        c: XLSX.utils.decode_cell(allAges).c + 1,
      });
      await expectRefused(
        'population',
        editedWorkbook(MYE_2018, [{ sheet: 'MYE2-All', cell: nextColumn, value: 'All ages' }]),
        `ukmidyearestimates20182019ladcodes.xls, sheet 'MYE2-All', row ${allAges.replace(/^[A-Z]+/, '')}, column ${nextColumn.replace(/\d+$/, '')}: the header has 'All ages' twice (columns ${allAges.replace(/\d+$/, '')} and ${nextColumn.replace(/\d+$/, '')}): delete or rename one of them`,
      );
    });
  });

  describe('CSV sources: a percentage within 100, a period begun, known codes and their names, waves', () => {
    const SATISFACTION = sharedFile('ascof/trafford_social_care_satisfaction.csv');
    const LAD_REGIONS = sharedFile('lookups/LAD18_to_RGN18_Dec2018_lookup_EN.csv');
    // The day the load runs, read when it runs (a run may cross midnight).
    const TODAY = '{today}';
    const cases = [
      {
        name: 'indicators: a percentage above 100',
        source: 'indicators',
        edit: [SATISFACTION, 2, 'value', '610'],
        message:
          "trafford_social_care_satisfaction.csv, row 2, column value: 610 is above 100, the most a percentage ('Percentage') can be",
      },
      {
        name: 'indicators: a period that starts after today',
        source: 'indicators',
        edit: [SATISFACTION, 2, 'period', '2090/91'],
        message: `trafford_social_care_satisfaction.csv, row 2, column period: the period '2090/91' starts on 2090-04-01, after today (${TODAY}): it cannot have been published yet`,
      },
      {
        name: 'lookups: a council published with another council’s name',
        source: 'lookups',
        edit: [LAD_REGIONS, 3, 'LAD18NM', 'Barnet'],
        message:
          "LAD18_to_RGN18_Dec2018_lookup_EN.csv, row 3, column LAD18NM: 'Barnet' is not the name of E09000002 ('Barking & Dagenham' or 'Barking and Dagenham')",
      },
      {
        name: 'lookups: a region code of the right shape that no region has',
        source: 'lookups',
        edit: [LAD_REGIONS, 3, 'RGN18CD', 'E12000010'],
        message:
          "LAD18_to_RGN18_Dec2018_lookup_EN.csv, row 3, column RGN18CD: unknown area code 'E12000010' (not England, a region or a council code in etl/reference/english-areas.csv)",
      },
      {
        name: 'plans: a council published with another council’s name',
        source: 'plans',
        edit: [BCF, 2, 'LA_name', 'Barnet'],
        message:
          "hf_bcf_intermediate_care_by_la_2023-24.csv, row 2, column LA_name: 'Barnet' is not the name of E06000001 ('Hartlepool')",
      },
      {
        name: 'plans: a baseline that does not come before the planned period',
        source: 'plans',
        edit: [PLANS_TEMPLATE, 2, 'baseline_period', '2021/22'],
        message:
          "plans-template.csv, row 2, column baseline_period: the baseline period '2021/22' starts on 2021-04-01, not before the planned period (from 2021-04-01): a baseline is what the plan improves on",
      },
      {
        name: 'plans: a planned rate above its multiplier',
        source: 'plans',
        edit: [PLANS_TEMPLATE, 2, 'planned_value', '600000'],
        message:
          "plans-template.csv, row 2, column planned_value: 600000 is above 100,000, the most a rate per 100,000 ('per 100,000 population aged 65+') can be",
      },
      {
        name: 'pioneers: an announcement outside its wave',
        source: 'pioneers',
        edit: [PIONEERS, 2, 'announced', '2014-11-01'],
        message:
          "integration_pioneers_compiled.csv, row 2, column announced: announced '2014-11-01' is outside wave 1, which was announced in November 2013",
      },
      {
        name: 'pioneers: a wave the programme never had',
        source: 'pioneers',
        edit: [PIONEERS, 2, 'wave', '3'],
        message:
          'integration_pioneers_compiled.csv, row 2, column wave: there is no wave 3 of the integration pioneers (wave 1, November 2013; wave 2, January 2015)',
      },
    ] as const;

    it.each(cases)('refuses $name', async ({ source, edit, message }) => {
      const today = new Date().toISOString().slice(0, 10);
      await expectRefused(source, withField(edit[0], edit[1], edit[2], edit[3]), message.replace(TODAY, today));
    });
  });
});
