import { parse } from 'csv-parse/sync';
import { ENGLAND_CODE } from '../../lib/areas.js';
import { checkSum, checkWithinPopulation, type Figure } from '../../lib/consistency.js';
import { type CsvColumnSpec, normaliseHeader, openCsv } from '../../lib/csv.js';
import { daysInMonth, monthLabel, parseMonth } from '../../lib/dates.js';
import { InputError, type InputLocation } from '../../lib/errors.js';
import { readHead } from '../../lib/files.js';
import { decodeHead, isText } from '../../lib/text.js';
import { readNumber } from '../../lib/values.js';

/**
 * The two series an analyst collated from the monthly workbooks (psychty/DTOC): one row per area and month,
 * delayed days by reason for delay, or by the organisation responsible for the delay.
 */
export type CollatedKind = 'reason' | 'responsible_org';

export interface CollatedRow {
  /** 1-based line of the record in the CSV. */
  line: number;
  periodMonth: string;
  /** The Code column as published (reason file only): ONS code, DH code before 2015-07, '-' for England. */
  publishedCode: string | null;
  areaName: string;
  /** ONS code; null for the pseudo-areas (residents of Wales, Scotland, outside GB). */
  areaCode: string | null;
  /** Same categories as the workbooks' sheets: A … I, O and total; nhs, social_care, both (and total). */
  category: string;
  /** Null where the file shows '-' (no figure, as the workbook shows it). */
  delayedDays: number | null;
}

export interface CollatedFile {
  kind: CollatedKind;
  rows: CollatedRow[];
  /** Months the file holds, sorted (YYYY-MM-01). */
  months: string[];
  areaCount: number;
}

/** Finds an area by the Code or Name column in a month; throws an InputError naming `location` when unknown. */
export interface AreaResolver {
  byCode(code: string, period: string, location: InputLocation): string | null;
  byName(name: string, period: string, location: InputLocation): string | null;
}

interface Measure {
  category: string;
  headers: string[];
  required?: boolean;
}

// Reason labels as the R script wrote them, then as the workbooks print them ('A) Completion of assessment').
const REASONS: Measure[] = [
  { category: 'A', headers: ['Awaiting completion of assessment', 'A) Completion of assessment'] },
  { category: 'B', headers: ['Awaiting public funding', 'B) Awaiting public funding'] },
  { category: 'C', headers: ['Awaiting further NHS non-acute care', 'C) Awaiting further non-acute NHS care'] },
  {
    category: 'Di',
    headers: [
      'Awaiting residential home placement or availability',
      'Di) Awaiting residential home placement or availability',
    ],
  },
  {
    category: 'Dii',
    headers: [
      'Awaiting nursing home placement or availability',
      'Dii) Awaiting nursing home placement or availability',
    ],
  },
  { category: 'E', headers: ['Awaiting care package in own home', 'E) Awaiting care package in own home'] },
  {
    category: 'F',
    headers: ['Awaiting community equipment and adaptations', 'F) Awaiting community equipment and adaptations'],
  },
  { category: 'G', headers: ['Patient or family choice', 'G) Patient or family choice'] },
  { category: 'H', headers: ['Disputes', 'H) Disputes'] },
  {
    category: 'I',
    headers: [
      'Housing - Patients not covered by NHS and Community Care Act',
      'Housing - patients not covered by Care Act',
      'I) Housing - patients not covered by NHS and Community Care Act',
      'I) Housing - patients not covered by Care Act',
      'Housing',
    ],
  },
  // 'Other' (O) was added in April 2017; the R script wrote NA before then.
  { category: 'O', headers: ['Other', 'O) Other'], required: false },
  { category: 'total', headers: ['Total Delayed Transfers of Care', 'Total'] },
];

const RESPONSIBLE_ORGS: Measure[] = [
  { category: 'nhs', headers: ['NHS'] },
  { category: 'social_care', headers: ['Social Care'] },
  { category: 'both', headers: ['Both'] },
  { category: 'total', headers: ['Total'], required: false },
];

const LAYOUTS: Record<
  CollatedKind,
  { label: string; area: CsvColumnSpec; period: CsvColumnSpec; measures: Measure[] }
> = {
  reason: {
    label: 'delayed days by reason for delay',
    area: { key: 'area', headers: ['Code', 'ONS Geography', 'ONS Code', 'Area Code'] },
    period: { key: 'period', headers: ['Period', 'Period_year', 'Month'] },
    measures: REASONS,
  },
  responsible_org: {
    label: 'delayed days by responsible organisation',
    area: { key: 'area', headers: ['Name', 'Area Name', 'Local Authority'] },
    period: { key: 'period', headers: ['Period_year', 'Period', 'Month'] },
    measures: RESPONSIBLE_ORGS,
  },
};

const MISSING = new Set(['-', '..', '*']);
const NOT_COLLECTED = 'NA';

export const COLLATED_HEADERS_HINT =
  "a header with 'Total Delayed Transfers of Care' and 'Period' (reasons for delay) or 'Name', 'NHS', 'Social Care', 'Both' and 'Period_year' (responsible organisation)";

/**
 * Which collated series a file is, from its first line; null when the file is not text (a workbook) or is
 * empty, so that the workbook reader reports it. Throws when it is text with neither header.
 */
export function detectCollatedCsv(file: string): CollatedKind | null {
  let head: Buffer;
  try {
    head = readHead(file, 64 * 1024);
  } catch {
    return null;
  }
  if (head.length === 0 || !isText(head)) return null;
  const text = decodeHead(head);
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  let header: string[] = [];
  try {
    header = (parse(firstLine, { relax_quotes: true, relax_column_count: true }) as string[][])[0] ?? [];
  } catch {
    header = firstLine.split(',');
  }
  const kind = collatedKindOf(header);
  if (kind === null) {
    throw new InputError(
      { file },
      `not an Excel workbook (.xls or .xlsx) nor a collated DToC CSV: expected ${COLLATED_HEADERS_HINT}; found '${firstLine.slice(0, 200)}'`,
    );
  }
  return kind;
}

export function collatedKindOf(header: string[]): CollatedKind | null {
  const names = new Set(header.map((name) => normaliseHeader(name.trim())));
  const has = (label: string) => names.has(normaliseHeader(label));
  if (has('Total Delayed Transfers of Care') || (has('Awaiting completion of assessment') && has('Period')))
    return 'reason';
  if (has('NHS') && has('Social Care') && has('Both')) return 'responsible_org';
  return null;
}

/** Reads and validates a whole collated CSV: every bad value is an InputError naming its line and column. */
export async function parseCollatedCsv(file: string, kind: CollatedKind, areas: AreaResolver): Promise<CollatedFile> {
  const layout = LAYOUTS[kind];
  const spec: CsvColumnSpec[] = [
    layout.area,
    { key: 'name', headers: ['Name'], required: kind === 'reason' },
    layout.period,
    ...layout.measures.map((m) => ({ key: m.category, headers: m.headers, required: m.required !== false })),
  ];
  const csv = await openCsv(file, spec);
  const column = (key: string) => csv.columns[key];
  const rows: CollatedRow[] = [];
  const seen = new Map<string, number>();
  const englandMonths = new Set<string>();
  const months = new Set<string>();
  const areaCodes = new Set<string>();
  const england = new Map<string, { line: number; values: Map<string, number | null> }>();
  const areaSums = new Map<string, Map<string, Figure[]>>();

  for await (const record of csv.records) {
    const at = (key: string): InputLocation => ({ file, row: record.line, column: column(key) });
    const periodMonth = parseMonth(record.values[column('period')!], at('period'));
    const name = kind === 'reason' ? record.values[column('name')!]! : record.values[column('area')!]!;
    const areaValue = record.values[column('area')!]!;
    if (areaValue === '') throw new InputError(at('area'), 'the area is blank');
    const isEngland = /^england$/i.test(name.trim()) || areaValue === ENGLAND_CODE;
    // '-' is England's code; a pseudo-area (residents of Wales…) with no code is found by its name.
    const areaCode = isEngland
      ? ENGLAND_CODE
      : kind === 'reason' && areaValue !== '-'
        ? areas.byCode(areaValue, periodMonth, at('area'))
        : areas.byName(name, periodMonth, kind === 'reason' ? at('name') : at('area'));

    const key = `${periodMonth}|${areaCode ?? name.toLowerCase()}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new InputError(
        at('area'),
        `duplicate row: ${name} (${areaCode ?? areaValue}) for ${periodMonth.slice(0, 7)} is also on line ${earlier}`,
      );
    }
    seen.set(key, record.line);
    months.add(periodMonth);
    if (isEngland) englandMonths.add(periodMonth);
    else if (areaCode !== null) areaCodes.add(areaCode);

    const values = new Map<string, number | null>();
    for (const measure of layout.measures) {
      const header = column(measure.category);
      if (header === undefined) continue;
      const location = { file, row: record.line, column: header };
      const value = readCollatedCount(record.values[header]!, location);
      if (value === undefined) continue;
      checkWithinPopulation(location, areaCode, value, 'delayed days', {
        most: daysInMonth(periodMonth),
        unit: 'days',
      });
      values.set(measure.category, value);
      rows.push({
        line: record.line,
        periodMonth,
        publishedCode: kind === 'reason' ? areaValue : null,
        areaName: name,
        areaCode,
        category: measure.category,
        delayedDays: value,
      });
    }
    checkTotal(values, { file, row: record.line, column: column('total') });
    if (isEngland) england.set(periodMonth, { line: record.line, values });
    else addToMonth(areaSums, periodMonth, name, values);
  }

  if (rows.length === 0) throw new InputError({ file }, 'the file holds a header but no rows');
  const missingEngland = [...months].filter((month) => !englandMonths.has(month)).sort();
  if (missingEngland.length > 0) {
    throw new InputError(
      { file },
      `no England row for ${missingEngland.map((m) => m.slice(0, 7)).join(', ')}: every month of the collated series starts with one (a truncated or filtered file?)`,
    );
  }
  checkEnglandAgainstAreas(file, england, areaSums, column);
  return { kind, rows, months: [...months].sort(), areaCount: areaCodes.size };
}

/** Each area's figures of a month, by category, as the parts of England's. */
function addToMonth(
  sums: Map<string, Map<string, Figure[]>>,
  month: string,
  area: string,
  values: Map<string, number | null>,
) {
  const byCategory = sums.get(month) ?? new Map<string, Figure[]>();
  sums.set(month, byCategory);
  for (const [category, value] of values) {
    const parts = byCategory.get(category) ?? [];
    parts.push({ label: area, value: value ?? 0 });
    byCategory.set(category, parts);
  }
}

/**
 * England's row of a month is at least the sum of the area rows: the collated files leave out City of London,
 * the Isles of Scilly and the residents of Wales, Scotland and outside GB, so only an excess can be told.
 */
function checkEnglandAgainstAreas(
  file: string,
  england: Map<string, { line: number; values: Map<string, number | null> }>,
  areaSums: Map<string, Map<string, Figure[]>>,
  column: (key: string) => string | undefined,
) {
  for (const [month, { line, values }] of england) {
    for (const [category, parts] of areaSums.get(month) ?? []) {
      if (!values.has(category)) continue;
      checkSum(
        { file, row: line, column: column(category) },
        parts,
        { label: 'England', value: values.get(category) ?? 0 },
        { partsName: 'area rows', notInFile: 'some areas' },
      );
    }
  }
}

/** A count as the R script wrote it: digits; '-' where the workbook shows no figure; 'NA' where the column did not exist that month (undefined: no row). */
export function readCollatedCount(value: string, location: InputLocation): number | null | undefined {
  const text = value.trim();
  if (text === NOT_COLLECTED) return undefined;
  if (MISSING.has(text)) return null;
  if (text === '') throw new InputError(location, 'expected a number, found a blank value');
  return readNumber(text, location, { count: true });
}

/** The published total is the sum of the categories ('-' counting as 0): a shifted or damaged row fails here. */
function checkTotal(values: Map<string, number | null>, location: InputLocation) {
  if (!values.has('total')) return;
  const parts = [...values].filter(([category]) => category !== 'total');
  checkSum(
    location,
    parts.map(([category, value]) => ({ label: category, value: value ?? 0 })),
    { label: 'total', value: values.get('total') ?? 0 },
    { partsName: 'categories' },
  );
}

export function describeCollated(file: CollatedFile): string {
  const first = monthLabel(file.months[0]!);
  const last = monthLabel(file.months.at(-1)!);
  return `collated ${LAYOUTS[file.kind].label}, ${first} to ${last} (${file.months.length} months, ${file.areaCount} councils)`;
}
