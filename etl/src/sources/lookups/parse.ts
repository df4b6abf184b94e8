import { checkAreaCode } from '../../lib/areas.js';
import { checkAreaName, knownAreaNames } from '../../lib/consistency.js';
import { defineTable, type Table } from '../../lib/copy.js';
import { InputError, type InputLocation } from '../../lib/errors.js';

/** The shape of an ONS code family, checked on every cell of a code column. */
interface CodeRule {
  label: string;
  pattern: RegExp;
}

const CODES = {
  lsoa: { label: 'an LSOA code (E01 or W01 followed by 6 digits)', pattern: /^[EW]01\d{6}$/ },
  ccg: { label: 'a CCG code (E38 followed by 6 digits)', pattern: /^E38\d{6}$/ },
  lad: {
    label: 'a local authority district code (E06, E07, E08, E09 or W06 followed by 6 digits)',
    pattern: /^(E0[6-9]|W06)\d{6}$/,
  },
  utla: {
    label: 'an upper-tier local authority code (E06, E08, E09, E10 or W06 followed by 6 digits)',
    pattern: /^(E0[689]|E10|W06)\d{6}$/,
  },
  region: { label: 'a region code (E12 followed by 6 digits)', pattern: /^E12\d{6}$/ },
  stp: { label: 'an STP/ICB code (E54 followed by 6 digits)', pattern: /^E54\d{6}$/ },
  nhsRegion: { label: 'an NHS England region code (E40 followed by 6 digits)', pattern: /^E40\d{6}$/ },
  nhsLocalOffice: { label: 'an NHS England local office code (E39 followed by 6 digits)', pattern: /^E39\d{6}$/ },
  ods: { label: 'an NHS ODS code (3 to 5 letters or digits, e.g. 07L)', pattern: /^[A-Z0-9]{3,5}$/ },
} satisfies Record<string, CodeRule>;

/** ONS column stems accepted for each geography (later editions renamed CCGs 'sub-ICB locations' and STPs 'ICBs'). */
const STEMS = {
  lsoa: ['LSOA'],
  ccg: ['CCG', 'SICBL', 'LOC'],
  lad: ['LAD'],
  ltla: ['LTLA'],
  utla: ['UTLA'],
  region: ['RGN'],
  stp: ['STP', 'ICB'],
  nhsRegion: ['NHSER'],
  nhsLocalOffice: ['NHSRLO'],
} as const;

type Geography = keyof typeof STEMS;

interface ColumnSpec {
  /** Column in the raw table. */
  column: string;
  geography: Geography;
  suffix: 'CD' | 'CDH' | 'NM';
  required: boolean;
  rule?: CodeRule;
}

export type LookupKindName =
  | 'lsoa_ccg_lad'
  | 'ccg_lad'
  | 'ccg_nhs_region'
  | 'ccg_stp'
  | 'lad_region'
  | 'ltla_utla'
  | 'names';

export interface LookupKind {
  kind: LookupKindName;
  label: string;
  table: string;
  /** Geographies whose code columns must all be present for a header to be this kind. */
  requires: Geography[];
  /** Geographies that must be absent (so that a more detailed file is not taken for a simpler one). */
  excludes?: Geography[];
  columns: ColumnSpec[];
  /** Columns whose values identify a row: a second row with the same values is a duplicate. */
  key: string[];
}

const code = (column: string, geography: Geography, rule: CodeRule, required = true): ColumnSpec => ({
  column,
  geography,
  suffix: 'CD',
  required,
  rule,
});
const ods = (column: string, geography: Geography, required = false): ColumnSpec => ({
  column,
  geography,
  suffix: 'CDH',
  required,
  rule: CODES.ods,
});
const name = (column: string, geography: Geography, required = true): ColumnSpec => ({
  column,
  geography,
  suffix: 'NM',
  required,
});

/**
 * The ONS lookups the source accepts, most detailed first (the first whose required columns are all in the
 * header wins). Column names carry the code vintage ('CCG19CD'), matched here for any two-digit year.
 */
export const LOOKUP_KINDS: LookupKind[] = [
  {
    kind: 'lsoa_ccg_lad',
    label: 'LSOA to CCG to local authority district',
    table: 'raw.lookup_lsoa_ccg_lads',
    requires: ['lsoa', 'ccg', 'lad'],
    columns: [
      code('lsoa_code', 'lsoa', CODES.lsoa),
      name('lsoa_name', 'lsoa', false),
      code('ccg_code', 'ccg', CODES.ccg),
      ods('ccg_ods_code', 'ccg'),
      name('ccg_name', 'ccg'),
      code('lad_code', 'lad', CODES.lad),
      name('lad_name', 'lad'),
    ],
    key: ['lsoa_code'],
  },
  {
    kind: 'ccg_lad',
    label: 'CCG to local authority district pairs',
    table: 'raw.lookup_ccg_lads',
    requires: ['ccg', 'lad'],
    excludes: ['lsoa'],
    columns: [
      code('ccg_code', 'ccg', CODES.ccg),
      ods('ccg_ods_code', 'ccg'),
      name('ccg_name', 'ccg'),
      code('lad_code', 'lad', CODES.lad),
      name('lad_name', 'lad'),
    ],
    key: ['ccg_code', 'lad_code'],
  },
  {
    kind: 'ccg_nhs_region',
    label: 'CCG to NHS England region',
    table: 'raw.lookup_ccg_nhs_regions',
    requires: ['ccg', 'nhsRegion'],
    excludes: ['lsoa', 'lad'],
    columns: [
      code('ccg_code', 'ccg', CODES.ccg),
      ods('ccg_ods_code', 'ccg'),
      name('ccg_name', 'ccg'),
      code('local_office_code', 'nhsLocalOffice', CODES.nhsLocalOffice, false),
      ods('local_office_ods_code', 'nhsLocalOffice'),
      name('local_office_name', 'nhsLocalOffice', false),
      code('nhs_region_code', 'nhsRegion', CODES.nhsRegion),
      ods('nhs_region_ods_code', 'nhsRegion'),
      name('nhs_region_name', 'nhsRegion'),
    ],
    key: ['ccg_code'],
  },
  {
    kind: 'ccg_stp',
    label: 'CCG to STP (ICB)',
    table: 'raw.lookup_ccg_stps',
    requires: ['ccg', 'stp'],
    excludes: ['lsoa', 'lad'],
    columns: [
      code('ccg_code', 'ccg', CODES.ccg),
      ods('ccg_ods_code', 'ccg'),
      name('ccg_name', 'ccg'),
      code('stp_code', 'stp', CODES.stp),
      ods('stp_ods_code', 'stp'),
      name('stp_name', 'stp'),
    ],
    key: ['ccg_code'],
  },
  {
    kind: 'lad_region',
    label: 'local authority district to region',
    table: 'raw.lookup_lad_regions',
    requires: ['lad', 'region'],
    columns: [
      code('lad_code', 'lad', CODES.lad),
      name('lad_name', 'lad'),
      code('region_code', 'region', CODES.region),
      name('region_name', 'region'),
    ],
    key: ['lad_code'],
  },
  {
    kind: 'ltla_utla',
    label: 'lower tier to upper tier local authority',
    table: 'raw.lookup_council_tiers',
    requires: ['ltla', 'utla'],
    columns: [
      code('lower_tier_code', 'ltla', CODES.lad),
      name('lower_tier_name', 'ltla'),
      code('upper_tier_code', 'utla', CODES.utla),
      name('upper_tier_name', 'utla'),
    ],
    key: ['lower_tier_code'],
  },
];

/** 'Names and codes' files name one geography only; its code rule comes from here. */
const NAMED_GEOGRAPHIES: { geography: Geography; rule: CodeRule; areaType: string }[] = [
  { geography: 'ccg', rule: CODES.ccg, areaType: 'ccg' },
  { geography: 'stp', rule: CODES.stp, areaType: 'stp' },
  { geography: 'lad', rule: CODES.lad, areaType: 'lad' },
  { geography: 'ltla', rule: CODES.lad, areaType: 'lad' },
  { geography: 'utla', rule: CODES.utla, areaType: 'utla' },
  { geography: 'region', rule: CODES.region, areaType: 'region' },
  { geography: 'nhsRegion', rule: CODES.nhsRegion, areaType: 'nhs_region' },
];

export const ACCEPTED_KINDS = [
  ...LOOKUP_KINDS.map((k) => `${k.label} (${k.requires.map((g) => `${STEMS[g][0]}yyCD`).join(' + ')})`),
  `names and codes of one geography (e.g. CCGyyCD + CCGyyNM)`,
];

export interface LookupLayout {
  kind: LookupKind;
  /** Year of the codes, e.g. 2019 for CCG19CD (the newest year when columns differ, as LSOA11 with CCG19). */
  vintageYear: number;
  /** 1 April of the vintage year: ONS code changes take effect then. */
  vintage: string;
  /** For 'names' files: the area type named. */
  areaType: string | null;
  /** Raw column → header name in the file. */
  headers: Record<string, string>;
}

interface HeaderColumn {
  header: string;
  geography: Geography;
  year: number;
  suffix: string;
}

function readHeaderColumn(header: string): HeaderColumn | null {
  const match = /^([A-Z]+?)(\d{2})(CDH|CD|NM)$/.exec(header.trim().toUpperCase());
  if (!match) return null;
  const geography = (Object.keys(STEMS) as Geography[]).find((g) =>
    (STEMS[g] as readonly string[]).includes(match[1]!),
  );
  if (!geography) return null;
  return { header, geography, year: 2000 + Number(match[2]), suffix: match[3]! };
}

/** Tells which ONS lookup a CSV header belongs to, and its code vintage. */
export function detectLookup(header: string[], file: string): LookupLayout {
  const columns = header.map(readHeaderColumn).filter((c): c is HeaderColumn => c !== null);
  const has = (geography: Geography) => columns.some((c) => c.geography === geography && c.suffix === 'CD');
  const find = (geography: Geography, suffix: string) =>
    columns.find((c) => c.geography === geography && c.suffix === suffix);
  const unknown = () =>
    new InputError(
      { file, row: 1 },
      `not an ONS lookup this source knows (header: ${header.join(', ')}); accepted: ${ACCEPTED_KINDS.join('; ')}`,
    );

  let kind = LOOKUP_KINDS.find((k) => k.requires.every(has) && !(k.excludes ?? []).some(has));
  let areaType: string | null = null;
  if (!kind) {
    const coded = [...new Set(columns.filter((c) => c.suffix === 'CD').map((c) => c.geography))];
    // A names file names one geography only: a column of another (RGN19NM without RGN19CD) means a renamed header.
    const geographies = new Set(columns.map((c) => c.geography));
    const named =
      coded.length === 1 && geographies.size === 1
        ? NAMED_GEOGRAPHIES.find((g) => g.geography === coded[0])
        : undefined;
    if (!named || !find(named.geography, 'NM')) throw unknown();
    areaType = named.areaType;
    kind = {
      kind: 'names',
      label: `${STEMS[named.geography][0]} names and codes`,
      table: 'raw.lookup_area_names',
      requires: [named.geography],
      columns: [
        code('area_code', named.geography, named.rule),
        ods('org_code', named.geography),
        name('area_name', named.geography),
      ],
      key: ['area_code'],
    };
  }

  const headers: Record<string, string> = {};
  const missing: string[] = [];
  for (const spec of kind.columns) {
    const found = find(spec.geography, spec.suffix);
    if (found) headers[spec.column] = found.header;
    else if (spec.required) missing.push(`${STEMS[spec.geography][0]}yy${spec.suffix}`);
  }
  if (missing.length > 0) {
    throw new InputError(
      { file, row: 1 },
      `looks like a ${kind.label} lookup but has no ${missing.join(', ')} column (header: ${header.join(', ')})`,
    );
  }
  const years = kind.columns
    .filter((spec) => headers[spec.column] !== undefined && spec.geography !== 'lsoa')
    .map((spec) => readHeaderColumn(headers[spec.column]!)!.year);
  const vintageYear = Math.max(...years);
  return { kind, vintageYear, vintage: `${vintageYear}-04-01`, areaType, headers };
}

export type LookupRow = Record<string, string | null>;

/**
 * Validates one record and returns the raw row (null for absent optional values). Throws an InputError naming
 * the file, line and column for a code that is not of its ONS family or a blank required value.
 */
export function readLookupRecord(
  layout: LookupLayout,
  values: Record<string, string>,
  location: InputLocation,
): LookupRow {
  const row: LookupRow = {};
  for (const spec of layout.kind.columns) {
    const header = layout.headers[spec.column];
    const value = header === undefined ? '' : (values[header] ?? '').trim();
    if (value === '') {
      if (spec.required)
        throw new InputError({ ...location, column: header }, 'a value is required here, found a blank cell');
      row[spec.column] = null;
      continue;
    }
    if (spec.rule && !spec.rule.pattern.test(value)) {
      throw new InputError({ ...location, column: header }, `expected ${spec.rule.label}, found '${value}'`);
    }
    row[spec.column] = value;
  }
  checkEnglishAreas(layout, row, location);
  return row;
}

/** English council and region codes of the lookups: listed ones (not only of the right shape). */
const ENGLISH_AREA = /^E(0[6-9]|1[02])\d{6}$/;

/** Each English council or region code is a known one, and the name beside it is one that code is known by. */
function checkEnglishAreas(layout: LookupLayout, row: LookupRow, location: InputLocation) {
  for (const spec of layout.kind.columns) {
    const value = row[spec.column];
    if (spec.suffix !== 'CD' || value == null || !ENGLISH_AREA.test(value)) continue;
    const at = { ...location, column: layout.headers[spec.column] };
    checkAreaCode(value, at);
    const nameSpec = layout.kind.columns.find((s) => s.geography === spec.geography && s.suffix === 'NM');
    const name = nameSpec === undefined ? null : row[nameSpec.column];
    if (name != null)
      checkAreaName({ ...location, column: layout.headers[nameSpec!.column] }, value, name, knownAreaNames(value));
  }
}

/** Remembers each row's key so that a repeated row is reported with the line it repeats. */
export function duplicateChecker(layout: LookupLayout) {
  const seen = new Map<string, number>();
  return (row: LookupRow, location: InputLocation & { row: number }) => {
    const key = layout.kind.key.map((column) => row[column]).join('|');
    const first = seen.get(key);
    if (first !== undefined) {
      const described = layout.kind.key.map((column) => `${layout.headers[column]} '${row[column]}'`).join(', ');
      throw new InputError(
        { ...location, column: layout.headers[layout.kind.key[0]!] },
        `duplicate row: ${described} is already on line ${first}`,
      );
    }
    seen.set(key, location.row);
  };
}

/** The raw table of a lookup's kind, its columns those of the kind (and a names file's area type). */
export function lookupTable(layout: LookupLayout): Table {
  const columns = layout.kind.columns.map((spec) => spec.column);
  return defineTable(layout.kind.table, [
    'vintage',
    ...columns,
    ...(layout.kind.kind === 'names' ? ['area_type'] : []),
  ]);
}
