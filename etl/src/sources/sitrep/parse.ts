import { checkPublishedAfterPeriod, checkSum } from '../../lib/consistency.js';
import { calendarDate } from '../../lib/dates.js';
import { InputError, type InputLocation } from '../../lib/errors.js';
import {
  type Cell,
  columnLetter,
  headerColumn,
  normaliseLabel,
  readCount,
  requireSheet,
  rowNumber,
  type Sheet,
  type Workbook,
} from '../../lib/workbook.js';

/** The two editions NHS England publishes: a workbook per month, and a national time series since April 2021. */
export type Publication = 'monthly' | 'time_series';
export type OrgLevel = 'england' | 'region' | 'icb' | 'trust';
export type Grain = 'day' | 'week' | 'month';

export type TableName =
  | 'missing_organisations'
  | 'patients_by_day'
  | 'additional_bed_days'
  | 'discharges_by_destination'
  | 'delay_reasons'
  | 'daily_series'
  | 'weekly_series';

export interface SitrepValue {
  tableName: TableName;
  sheet: string;
  rowNumber: number;
  column: string;
  orgLevel: OrgLevel;
  /** ODS code: ICB (e.g. QUE), trust (e.g. RAJ) or NHS England region (Y56…, from the region's name); null for England. */
  orgCode: string | null;
  orgName: string;
  regionName: string | null;
  metric: string;
  /** Destination (Table 4) or delay reason (Table 5, weekly series); null for single-valued metrics. */
  category: string | null;
  grain: Grain;
  /** The day, the week's first day (w/c) or the month's first day. */
  periodDate: string;
  /** Null where the publication shows '-' (the organisation did not submit). */
  value: number | null;
}

export interface SitrepWorkbook {
  publication: Publication;
  /** Inclusive range the file reports (the cover sheet's Period, widened to any dates its tables hold). */
  periodStart: string;
  periodEnd: string;
  published: string | null;
  revised: string | null;
  rows: SitrepValue[];
}

/** NHS England's seven regions (2020 onwards) as the workbooks name them, with their ODS codes. */
export const NHS_REGIONS: Record<string, string> = {
  'east of england': 'Y61',
  london: 'Y56',
  midlands: 'Y60',
  'north east and yorkshire': 'Y63',
  'north west': 'Y62',
  'south east': 'Y59',
  'south west': 'Y58',
};

export const PATIENT_METRICS = {
  notMeeting: 'patients_not_meeting_criteria_to_reside',
  discharged: 'patients_discharged',
  remaining: 'patients_remaining_in_hospital',
} as const;

const DESTINATION_METRIC = 'patients_discharged_by_destination';

/** Maps a normalised column label to the metric it holds, or undefined when the label is not one of the table's. */
function patientMetric(label: string): string | undefined {
  if (/^number of patients remaining in hospital who no longer meet the criteria to reside$/.test(label))
    return PATIENT_METRICS.remaining;
  if (/^number of patients who no longer meet the criteria to reside$/.test(label)) return PATIENT_METRICS.notMeeting;
  if (/^number of patients discharged$/.test(label)) return PATIENT_METRICS.discharged;
  return undefined;
}

function bedDaysMetric(label: string): string | undefined {
  const match = /^number of additional bed days, patients with length of stay of (\d+)\+ days$/.exec(label);
  return match ? `additional_bed_days_los_${match[1]}_plus` : undefined;
}

const BED_DAYS_METRICS = [
  'additional_bed_days_los_7_plus',
  'additional_bed_days_los_14_plus',
  'additional_bed_days_los_21_plus',
];

interface OrgTableSpec {
  tableName: TableName;
  /** The table's title (its first cell) as a pattern over the normalised text; sheets are found by title, not name. */
  title: RegExp;
  description: string;
  /** 'dated': a date (or week) heads each block of columns; 'month': one value per column for the whole period. */
  columns: 'dated' | 'month';
  grain: Grain;
  /** Metric and category of a normalised column label; undefined rejects the column. */
  column(label: string, original: string): { metric: string; category: string | null } | undefined;
  /** Metrics every dated block must have (a renamed header is an error, not a silently missing metric). */
  required: string[];
}

const ORG_TABLES: OrgTableSpec[] = [
  {
    tableName: 'patients_by_day',
    title: /number of patients who no longer meet (the )?criteria to reside and number of patients who were/,
    description: 'patients who no longer meet the criteria to reside, per day',
    columns: 'dated',
    grain: 'day',
    column: (label) => ({ metric: patientMetric(label) ?? slug(label), category: null }),
    required: Object.values(PATIENT_METRICS),
  },
  {
    tableName: 'additional_bed_days',
    title: /number of additional days in total patients have remained in hospital/,
    description: 'additional bed days by length of stay, weekly snapshots',
    columns: 'dated',
    grain: 'week',
    column: (label) => ({ metric: bedDaysMetric(label) ?? slug(label), category: null }),
    required: BED_DAYS_METRICS,
  },
  {
    tableName: 'discharges_by_destination',
    title: /number of patients discharged by their intended discharge destination/,
    description: 'patients discharged in the month by intended destination (pathway)',
    columns: 'month',
    grain: 'month',
    column: (label, original) =>
      /^p\d+[a-z]? - /.test(label) ? { metric: DESTINATION_METRIC, category: tidy(original) } : undefined,
    required: [],
  },
  {
    tableName: 'delay_reasons',
    title:
      /length of stay 14 days or over who no longer meet the criteria to reside but were not discharged, broken down by the reasons/,
    description: 'average people per day with a stay of 14+ days not discharged, by reason',
    columns: 'month',
    grain: 'month',
    column: (_label, original) => ({ metric: 'average_patients_los_14_plus_not_discharged', category: tidy(original) }),
    required: [],
  },
];

export function parseSitrepWorkbook(workbook: Workbook): SitrepWorkbook {
  const cover = requireSheet(workbook, 'Cover Sheet', 'Cover');
  const title = String(coverCells(cover, 'Title:')[0] ?? '');
  if (!/discharge situation report|discharge sitrep/i.test(title)) {
    throw new InputError(
      { file: workbook.file, sheet: cover.name, field: 'Title:' },
      `not an acute discharge situation report workbook (Title: '${title.trim() || 'none'}')`,
    );
  }
  const period = coverPeriod(cover);
  const published = coverDate(cover, 'Published:');
  checkPublishedAfterPeriod({ file: workbook.file, sheet: cover.name, field: 'Period:' }, period.start, published);
  const revised = coverDate(cover, 'Revised:');
  const dailySeries = findTitledSheet(workbook, /^daily series\b/);

  if (dailySeries) {
    const weeklySeries = findTitledSheet(workbook, /^weekly series\b/);
    if (!weeklySeries)
      throw new InputError({ file: workbook.file }, "the time series workbook has no 'Weekly Series' sheet");
    const rows = [...parseDailySeries(dailySeries), ...parseWeeklySeries(weeklySeries)];
    checkOneValueEach(workbook.file, rows);
    const dates = rows.map((r) => r.periodDate).sort();
    return {
      publication: 'time_series',
      periodStart: [period.start, dates[0]!].sort()[0]!,
      periodEnd: [period.end, dates.at(-1)!].sort().at(-1)!,
      published,
      revised,
      rows,
    };
  }

  const rows: SitrepValue[] = parseMissingOrganisations(workbook, period);
  for (const spec of ORG_TABLES) {
    const sheet = findTitledSheet(workbook, spec.title);
    if (!sheet) {
      throw new InputError(
        { file: workbook.file },
        `no sheet holds the table of ${spec.description} (looked for a title like '${spec.title.source.replace(/\\|\(the \)\?/g, '')}'; sheets: ${workbook.sheetNames.join(', ')})`,
      );
    }
    rows.push(...parseOrgTable(sheet, spec, period));
  }
  checkOneValueEach(workbook.file, rows);
  return { publication: 'monthly', periodStart: period.start, periodEnd: period.end, published, revised, rows };
}

/**
 * One value per table, organisation, metric, category and date, as the warehouse keys them: a repeated
 * heading or a block of columns pasted twice fails here, naming both cells.
 */
function checkOneValueEach(file: string, rows: SitrepValue[]): void {
  const seen = new Map<string, SitrepValue>();
  for (const row of rows) {
    const key = JSON.stringify([
      row.tableName,
      row.orgLevel,
      row.orgCode ?? '',
      row.metric,
      row.category ?? '',
      row.periodDate,
    ]);
    const first = seen.get(key);
    if (first !== undefined) {
      const what = `${row.metric.replace(/_/g, ' ')}${row.category ? ` (${row.category})` : ''}`;
      throw new InputError(
        { file, sheet: row.sheet, row: row.rowNumber, column: row.column },
        `a second value for ${what} on ${row.periodDate} (the first is at row ${first.rowNumber}, column ${first.column})`,
      );
    }
    seen.set(key, row);
  }
}

interface Period {
  start: string;
  end: string;
}

/** The cells to the right of a cover-sheet label, blanks dropped. */
function coverCells(sheet: Sheet, label: string): Cell[] {
  const wanted = normaliseLabel(label);
  for (const row of sheet.rows.slice(0, 30)) {
    const index = row.findIndex((cell) => normaliseLabel(cell) === wanted);
    if (index >= 0) return row.slice(index + 1).filter((cell) => cell !== null && String(cell).trim() !== '');
  }
  return [];
}

function coverPeriod(sheet: Sheet): Period {
  const dates = coverCells(sheet, 'Period:')
    .map((cell) => toIsoDate(cell))
    .filter((d): d is string => d !== null);
  if (dates.length !== 2 || dates[0]! > dates[1]!) {
    throw new InputError(
      { file: sheet.file, sheet: sheet.name, field: 'Period:' },
      `expected 'Period:' followed by a start and an end date, found ${dates.length ? dates.join(' – ') : 'none'}`,
    );
  }
  return { start: dates[0]!, end: dates[1]! };
}

function coverDate(sheet: Sheet, label: string): string | null {
  const cell = coverCells(sheet, label)[0];
  if (cell === undefined || normaliseLabel(cell) === '-') return null;
  return toIsoDate(cell) ?? String(cell).trim();
}

/** The sheet whose title (one of its first rows) matches, whatever the sheet is called. */
function findTitledSheet(workbook: Workbook, title: RegExp): Sheet | undefined {
  for (const name of workbook.sheetNames) {
    // The contents sheet repeats every title.
    if (/^(contents|cover)/.test(normaliseLabel(name))) continue;
    const sheet = workbook.sheet(name)!;
    const titled = sheet.rows
      .slice(0, 8)
      .some((row) =>
        row
          .slice(0, 8)
          .some(
            (cell) => typeof cell === 'string' && title.test(normaliseLabel(cell).replace(/^table \d+[a-z]?: /, '')),
          ),
      );
    if (titled) return sheet;
  }
  return undefined;
}

function parseMissingOrganisations(workbook: Workbook, period: Period): SitrepValue[] {
  const sheet = findTitledSheet(workbook, /number of organisations for whom no data was submitted/);
  // Table 1 is context (how complete each day is), so older or newer editions without it still load.
  if (!sheet) return [];
  const header = findRow(
    sheet,
    (labels) => labels.includes('date') && labels.some((l) => l.startsWith('missing organisations')),
    'Date, Missing organisations',
  );
  const labels = sheet.rows[header]!.map(normaliseLabel);
  const dateColumn = headerColumn(sheet, header, 'date');
  const countColumn = labels.findIndex((l) => l.startsWith('missing organisations'));
  const rows: SitrepValue[] = [];
  for (let i = header + 1; i < sheet.rows.length; i++) {
    const cell = sheet.rows[i]![dateColumn] ?? null;
    if (cell === null || String(cell).trim() === '') continue;
    const date = requireDate(sheet, i, dateColumn, cell, 'Date');
    checkInPeriod(sheet, i, dateColumn, date, period, 0);
    rows.push({
      tableName: 'missing_organisations',
      sheet: sheet.name,
      rowNumber: rowNumber(i),
      column: columnLetter(countColumn),
      orgLevel: 'england',
      orgCode: null,
      orgName: 'England',
      regionName: null,
      metric: 'organisations_not_submitted',
      category: null,
      grain: 'day',
      periodDate: date,
      value: readCount(sheet, i, countColumn, String(sheet.rows[header]![countColumn])),
    });
  }
  return rows;
}

interface ValueColumn {
  column: number;
  metric: string;
  category: string | null;
  date: string;
}

interface Section {
  level: 'icb' | 'trust';
  regionColumn: number;
  codeColumn: number;
  nameColumn: number;
}

function parseOrgTable(sheet: Sheet, spec: OrgTableSpec, period: Period): SitrepValue[] {
  const location = (i?: number, column?: number, field?: string): InputLocation => ({
    file: sheet.file,
    sheet: sheet.name,
    ...(i === undefined ? {} : { row: rowNumber(i) }),
    ...(column === undefined ? {} : { column: columnLetter(column) }),
    ...(field === undefined ? {} : { field }),
  });
  const englandRow = sheet.rows.slice(0, 80).findIndex((row) => row.some(isEnglandLabel));
  if (englandRow < 0)
    throw new InputError(location(), "no 'England' row in the first 80 rows: the table looks truncated");
  const nameColumn = sheet.rows[englandRow]!.findIndex(isEnglandLabel);
  const labelRow = previousRow(sheet, englandRow, (row) =>
    row.slice(nameColumn + 1).some((cell) => typeof cell === 'string' && cell.trim() !== ''),
  );
  if (labelRow < 0) throw new InputError(location(englandRow), 'no column headings above the England row');
  const labelCells = sheet.rows[labelRow]!;

  const dates = new Map<number, string>();
  if (spec.columns === 'dated') {
    const dateRow = previousRow(sheet, labelRow, (row) =>
      row.slice(nameColumn + 1).some((cell) => headerDate(cell) !== null),
    );
    if (dateRow < 0) throw new InputError(location(labelRow), 'no row of dates above the column headings');
    let current: string | null = null;
    for (let column = nameColumn + 1; column < labelCells.length; column++) {
      const cell = sheet.rows[dateRow]![column] ?? null;
      if (cell !== null && String(cell).trim() !== '') {
        current = headerDate(cell);
        if (current === null)
          throw new InputError(location(dateRow, column), `expected a date heading, found '${String(cell)}'`);
        checkInPeriod(sheet, dateRow, column, current, period, spec.grain === 'week' ? 6 : 0);
      }
      if (current !== null) dates.set(column, current);
    }
  }

  const columns: ValueColumn[] = [];
  for (let column = nameColumn + 1; column < labelCells.length; column++) {
    const original = labelCells[column];
    if (original === null || original === undefined || String(original).trim() === '') continue;
    const label = normaliseLabel(original);
    const measure = spec.column(label, String(original));
    if (measure === undefined) {
      throw new InputError(
        location(labelRow, column),
        `unexpected column '${tidy(String(original))}' in the table of ${spec.description}`,
      );
    }
    const date = spec.columns === 'dated' ? dates.get(column) : period.start;
    if (date === undefined)
      throw new InputError(location(labelRow, column), `column '${tidy(String(original))}' has no date heading`);
    columns.push({ column, ...measure, date });
  }
  if (columns.length === 0)
    throw new InputError(location(labelRow), `no value columns in the table of ${spec.description}`);
  for (const date of new Set(columns.map((c) => c.date))) {
    for (const metric of spec.required) {
      if (!columns.some((c) => c.date === date && c.metric === metric)) {
        throw new InputError(
          location(labelRow),
          `no column for ${metric.replace(/_/g, ' ')} under ${date} (a heading was renamed or removed)`,
        );
      }
    }
  }

  const rows: SitrepValue[] = [];
  const seen = new Map<string, number>();
  let section: Section | null = null;
  let regions = 0;
  for (let i = englandRow; i < sheet.rows.length; i++) {
    const cells = sheet.rows[i]!;
    const labels = cells.map(normaliseLabel);
    if (labels.every((l) => l === '')) continue;
    const sectionHeader = readSectionHeader(labels);
    if (sectionHeader) {
      section = sectionHeader;
      continue;
    }
    let org: { level: OrgLevel; code: string | null; name: string; region: string | null; codeColumn: number };
    if (section === null) {
      const name = String(cells[nameColumn] ?? '').trim();
      if (isEnglandLabel(name)) org = { level: 'england', code: null, name, region: null, codeColumn: nameColumn };
      else if (name === '') throw new InputError(location(i, nameColumn), 'row has values but no area name');
      else {
        const code = NHS_REGIONS[normaliseLabel(name)];
        if (code === undefined) {
          throw new InputError(
            location(i, nameColumn),
            `unknown NHS region '${name}' (expected one of: ${Object.keys(NHS_REGIONS).join(', ')})`,
          );
        }
        regions++;
        org = { level: 'region', code, name, region: name, codeColumn: nameColumn };
      }
    } else {
      const code = String(cells[section.codeColumn] ?? '')
        .trim()
        .toUpperCase();
      const name = String(cells[section.nameColumn] ?? '').trim();
      const region = String(cells[section.regionColumn] ?? '').trim();
      if (code === '' && /^(notes?|source)\b/.test(labels.find((l) => l !== '') ?? '')) break;
      const field = section.level === 'icb' ? 'ICB Code' : 'Org Code';
      if (!/^[A-Z0-9]{3,5}$/.test(code)) {
        throw new InputError(
          location(i, section.codeColumn, field),
          `expected an ODS organisation code (3–5 letters or digits), found '${code}'`,
        );
      }
      if (NHS_REGIONS[normaliseLabel(region)] === undefined) {
        throw new InputError(location(i, section.regionColumn, 'Region'), `unknown NHS region '${region}'`);
      }
      if (name === '') throw new InputError(location(i, section.nameColumn), `organisation ${code} has no name`);
      org = { level: section.level, code, name, region, codeColumn: section.codeColumn };
    }
    const key = `${org.level}:${org.code ?? ''}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new InputError(
        location(i, org.codeColumn),
        `duplicate row for ${org.level} ${org.code ?? org.name} (first at row ${first})`,
      );
    }
    seen.set(key, rowNumber(i));
    for (const c of columns) {
      rows.push({
        tableName: spec.tableName,
        sheet: sheet.name,
        rowNumber: rowNumber(i),
        column: columnLetter(c.column),
        orgLevel: org.level,
        orgCode: org.code,
        orgName: org.name,
        regionName: org.region,
        metric: c.metric,
        category: c.category,
        grain: spec.grain,
        periodDate: c.date,
        value: readCount(sheet, i, c.column, tidy(String(labelCells[c.column])), DAILY_AVERAGE),
      });
    }
  }
  if (regions === 0) throw new InputError(location(englandRow), 'no NHS region rows below the England row');
  const headings = new Map(columns.map((c) => [columnLetter(c.column), tidy(String(labelCells[c.column]))]));
  checkEnglandIsItsRegions(sheet, rows, headings);
  return rows;
}

/**
 * England is the sum of the seven regions in every column of Tables 2–5 (exactly in every shared workbook; Table
 * 5's daily averages to 4 decimals, hence the allowance). ICBs and trusts are not checked: they leave out
 * discharges to hospices and some reasons for disclosure control, as the workbooks' notes say.
 */
const REGIONS_TOLERANCE = { absolute: 0.001 };

function checkEnglandIsItsRegions(sheet: Sheet, rows: SitrepValue[], headings: Map<string, string>) {
  const regionsByColumn = new Map<string, { label: string; value: number | null }[]>();
  for (const row of rows) {
    if (row.orgLevel !== 'region') continue;
    const column = regionsByColumn.get(row.column) ?? [];
    column.push({ label: row.orgName, value: row.value });
    regionsByColumn.set(row.column, column);
  }
  for (const row of rows) {
    if (row.orgLevel !== 'england') continue;
    checkSum(
      {
        file: sheet.file,
        sheet: sheet.name,
        row: row.rowNumber,
        column: row.column,
        field: headings.get(row.column),
      },
      regionsByColumn.get(row.column) ?? [],
      { label: 'England', value: row.value },
      { partsName: 'NHS regions', tolerance: REGIONS_TOLERANCE },
    );
  }
}

function readSectionHeader(labels: string[]): Section | null {
  const regionColumn = labels.indexOf('region');
  if (regionColumn < 0) return null;
  const icbColumn = labels.findIndex((l) => /^(icb|ics|stp) code$/.test(l));
  const trustColumn = labels.findIndex((l) => /^(org|organisation|trust|provider) code$/.test(l));
  const codeColumn = icbColumn >= 0 ? icbColumn : trustColumn;
  if (codeColumn < 0) return null;
  const nameColumn = labels.findIndex((l, column) => column > codeColumn && /name$/.test(l));
  if (nameColumn < 0) return null;
  return { level: icbColumn >= 0 ? 'icb' : 'trust', regionColumn, codeColumn, nameColumn };
}

function parseDailySeries(sheet: Sheet): SitrepValue[] {
  const header = findRow(
    sheet,
    (labels) => labels.includes('date') && labels.some((l) => patientMetric(l) !== undefined),
    "'Date' and the patient counts",
  );
  const labels = sheet.rows[header]!.map(normaliseLabel);
  const dateColumn = headerColumn(sheet, header, 'date');
  const columns = labels.flatMap((label, column) => {
    if (column <= dateColumn || label === '') return [];
    const original = String(sheet.rows[header]![column]);
    const metric = patientMetric(label);
    if (metric !== undefined) return [{ column, metric, category: null as string | null }];
    if (/^p\d+[a-z]? - /.test(label)) return [{ column, metric: DESTINATION_METRIC, category: tidy(original) }];
    throw new InputError(
      { file: sheet.file, sheet: sheet.name, row: rowNumber(header), column: columnLetter(column) },
      `unexpected column '${tidy(original)}' in the daily series`,
    );
  });
  for (const metric of Object.values(PATIENT_METRICS)) {
    if (!columns.some((c) => c.metric === metric)) {
      throw new InputError(
        { file: sheet.file, sheet: sheet.name, row: rowNumber(header) },
        `no column for ${metric.replace(/_/g, ' ')} (a heading was renamed or removed)`,
      );
    }
  }
  return seriesRows(sheet, header, dateColumn, columns, 'daily_series', 'day');
}

function parseWeeklySeries(sheet: Sheet): SitrepValue[] {
  const header = findRow(sheet, (labels) => labels.includes('week commencing'), "'Week commencing'");
  const labels = sheet.rows[header]!.map(normaliseLabel);
  const dateColumn = headerColumn(sheet, header, 'week commencing');
  // Columns other than bed days are delay reasons (the sheet heads them 'Number of patients delayed by reason').
  const columns = labels.flatMap((label, column) => {
    if (column <= dateColumn || label === '') return [];
    const metric = bedDaysMetric(label);
    return [
      metric
        ? { column, metric, category: null }
        : {
            column,
            metric: 'patients_los_14_plus_not_discharged',
            category: tidy(String(sheet.rows[header]![column])),
          },
    ];
  });
  for (const metric of BED_DAYS_METRICS) {
    if (!columns.some((c) => c.metric === metric)) {
      throw new InputError(
        { file: sheet.file, sheet: sheet.name, row: rowNumber(header) },
        `no column for ${metric.replace(/_/g, ' ')} (a heading was renamed or removed)`,
      );
    }
  }
  return seriesRows(sheet, header, dateColumn, columns, 'weekly_series', 'week');
}

function seriesRows(
  sheet: Sheet,
  header: number,
  dateColumn: number,
  columns: { column: number; metric: string; category: string | null }[],
  tableName: TableName,
  grain: Grain,
): SitrepValue[] {
  const rows: SitrepValue[] = [];
  const seen = new Map<string, number>();
  const dateLabel = String(sheet.rows[header]![dateColumn]);
  for (let i = header + 1; i < sheet.rows.length; i++) {
    const cells = sheet.rows[i]!;
    const cell = cells[dateColumn] ?? null;
    if (cell === null || String(cell).trim() === '') {
      if (columns.every((c) => cells[c.column] === null || cells[c.column] === undefined)) continue;
      throw new InputError(
        { file: sheet.file, sheet: sheet.name, row: rowNumber(i), column: columnLetter(dateColumn), field: dateLabel },
        'row has values but no date',
      );
    }
    const date = requireDate(sheet, i, dateColumn, cell, dateLabel);
    const first = seen.get(date);
    if (first !== undefined) {
      throw new InputError(
        { file: sheet.file, sheet: sheet.name, row: rowNumber(i), column: columnLetter(dateColumn) },
        `duplicate row for ${date} (first at row ${first})`,
      );
    }
    seen.set(date, rowNumber(i));
    // A dated row left wholly blank is a day nobody submitted (the series notes 19/06/22); one blank cell is damage.
    const notSubmitted = columns.every(
      (c) => cells[c.column] === null || cells[c.column] === undefined || String(cells[c.column]).trim() === '',
    );
    for (const c of columns) {
      rows.push({
        tableName,
        sheet: sheet.name,
        rowNumber: rowNumber(i),
        column: columnLetter(c.column),
        orgLevel: 'england',
        orgCode: null,
        orgName: 'England',
        regionName: null,
        metric: c.metric,
        category: c.category,
        grain,
        periodDate: date,
        value: notSubmitted ? null : readCount(sheet, i, c.column, tidy(String(sheet.rows[header]![c.column]))),
      });
    }
  }
  if (rows.length === 0)
    throw new InputError(
      { file: sheet.file, sheet: sheet.name, row: rowNumber(header) },
      'no dated rows below the headings: the sheet looks truncated',
    );
  return rows;
}

function findRow(sheet: Sheet, matches: (labels: string[]) => boolean, description: string, limit = 40): number {
  for (let i = 0; i < Math.min(sheet.rows.length, limit); i++) {
    if (matches(sheet.rows[i]!.map(normaliseLabel))) return i;
  }
  throw new InputError(
    { file: sheet.file, sheet: sheet.name },
    `no header row with ${description} in the first ${limit} rows`,
  );
}

function previousRow(sheet: Sheet, before: number, matches: (row: Cell[]) => boolean): number {
  for (let i = before - 1; i >= 0; i--) if (matches(sheet.rows[i]!)) return i;
  return -1;
}

function isEnglandLabel(cell: Cell | undefined): boolean {
  return typeof cell === 'string' && /^england\b/.test(normaliseLabel(cell));
}

function requireDate(sheet: Sheet, i: number, column: number, cell: Cell, field: string): string {
  const date = toIsoDate(cell);
  if (date === null) {
    throw new InputError(
      { file: sheet.file, sheet: sheet.name, row: rowNumber(i), column: columnLetter(column), field },
      `expected a date, found '${String(cell)}'`,
    );
  }
  return date;
}

function checkInPeriod(sheet: Sheet, i: number, column: number, date: string, period: Period, slackDays: number) {
  if (date > period.end || addDays(date, slackDays) < period.start) {
    throw new InputError(
      { file: sheet.file, sheet: sheet.name, row: rowNumber(i), column: columnLetter(column) },
      `date ${date} is outside the cover sheet's period ${period.start} – ${period.end}`,
    );
  }
}

/** Organisation tables may hold a month's average per day (Table 5): 0 or more, not always whole. */
const DAILY_AVERAGE = { nonNegative: true };

/** A date heading: a date cell, or text such as 'w/c 03/04/2023 (daily snapshot)'. */
function headerDate(cell: Cell | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  return toIsoDate(cell);
}

/** A Date cell or a UK 'dd/mm/yyyy' / ISO date in text → 'YYYY-MM-DD'; anything else → null. */
export function toIsoDate(cell: Cell): string | null {
  if (cell instanceof Date) return calendarDate(cell);
  if (typeof cell !== 'string') return null;
  const uk = /\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/.exec(cell);
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(cell);
  const [year, month, day] = uk ? [uk[3], uk[2], uk[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
  if (year === undefined) return null;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return null;
  return date.toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whitespace (including the line breaks some headings hold) folded to single spaces. */
function tidy(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function slug(label: string): string {
  return label.replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}
