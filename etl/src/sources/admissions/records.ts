import { csvField, splitCsvLine } from '../../lib/lines.js';
import type { EpisodeColumn } from './columns.js';
import { cell, MonthlyCounts } from './counts.js';
import {
  CARE_HOME_CODES,
  conformSex,
  DIED,
  ELECTIVE_METHODS,
  EMERGENCY_METHODS,
  fiveYearBand,
  hasFallCause,
  isChronicAcsc,
  isIcd10,
  isInjury,
  KNOWN_DESTINATIONS,
  KNOWN_SOURCES,
  normaliseIcd10,
  OTHER_METHODS,
  USUAL_RESIDENCE,
} from './definitions.js';
import type { RecordSink } from './duplicates.js';
import type { Geography } from './geography.js';

/** Columns kept in raw.admission_episodes, in its order. */
export const STORED: readonly EpisodeColumn[] = [
  'person_id',
  'admission_date',
  'discharge_date',
  'admission_method',
  'admission_source',
  'age',
  'sex',
  'council_code',
  'lsoa_code',
  'primary_diagnosis',
  'secondary_diagnoses',
  'discharge_destination',
];

export type RejectRecord = (
  line: number,
  column: EpisodeColumn | undefined,
  value: string | null,
  rule: string,
) => void;

/**
 * Reads the records of an admissions extract: validates each one, adds it to the monthly counts and the
 * duplicate filter, and turns the good ones into COPY text for raw.admission_episodes.
 *
 * This runs for every record of a national extract, so it reads fields where they lie in the line (offsets,
 * char codes, lookup tables) instead of splitting each line into strings; only a quoted line is split first.
 * A record goes to COPY as it was written unless a value had to be conformed (a DD/MM/YYYY date, an age
 * written '07') or the file has columns we do not keep.
 */
export class EpisodeReader {
  readonly counts = new MonthlyCounts();
  /** Columns of the COPY, in the order of the text it is given. */
  readonly copyColumns: readonly EpisodeColumn[];
  rows = 0;
  rejectedRows = 0;
  /** Months since January 1900 of the first and last admission. */
  firstMonth = Number.MAX_SAFE_INTEGER;
  lastMonth = -1;

  private readonly width: number;
  private readonly passThrough: boolean;
  /** Position in the file of each stored column (-1: not in the file), and of the COPY columns. */
  private readonly at: Record<EpisodeColumn, number>;
  private readonly copyPositions: number[];
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /** Conformed values replacing what the line has (by file position), for the record being read. */
  private readonly conformed: (string | undefined)[];
  private readonly councilIndexes = new Map<string, number>();

  /** Today as yyyymmdd: no record can be admitted or discharged later. */
  private readonly today = todayAsNumber();

  constructor(
    header: readonly string[],
    columns: ReadonlyMap<EpisodeColumn, number>,
    private readonly geography: Geography,
    private readonly loadId: string,
    private readonly reject: RejectRecord,
    /** Where each good record goes to find repeats: the filter while loading, an exact check to verify it. */
    readonly duplicates: RecordSink,
  ) {
    this.width = header.length;
    this.at = Object.fromEntries(STORED.map((column) => [column, columns.get(column) ?? -1])) as Record<
      EpisodeColumn,
      number
    >;
    this.copyColumns = copyColumns(header, columns);
    // Every column of the file is stored, in its order: lines pass straight through.
    this.passThrough = this.copyColumns.length === header.length;
    this.copyPositions = this.copyColumns.map((column) => columns.get(column)!);
    this.starts = new Int32Array(this.width);
    this.ends = new Int32Array(this.width);
    this.conformed = new Array<string | undefined>(this.width).fill(undefined);
  }

  /** COPY text (CSV: load_id, line_number, then copyColumns) for the good records among `lines`. */
  read(lines: readonly string[], firstLine: number, from = 0): string {
    let out = '';
    for (let k = from; k < lines.length; k++) {
      const text = lines[k]!;
      if (text.length === 0) continue;
      const record = this.readRecord(text, firstLine + k);
      if (record !== null) out += record;
    }
    this.duplicates.flush();
    this.counts.flush();
    return out;
  }

  private readRecord(text: string, line: number): string | null {
    const { starts, ends, at, conformed } = this;
    let source = text;
    let rewrite = false;
    // PostgreSQL's text cannot hold NUL: refused here with its line rather than failing the COPY.
    if (text.includes('\0'))
      return this.rejected(line, undefined, null, 'the record holds a NUL character (binary data?)');
    if (text.includes('"')) {
      const fields = splitCsvLine(text);
      if (fields === null) return this.rejected(line, undefined, null, 'unterminated quote');
      if (fields.length !== this.width)
        return this.rejected(line, undefined, null, `${fields.length} fields where the header has ${this.width}`);
      if (fields.some((field) => field.includes(SEPARATOR)))
        return this.rejected(line, undefined, null, 'a field holds a control character (U+001F)');
      source = fields.join(SEPARATOR);
      rewrite = true;
      this.locate(source, SEPARATOR_CODE);
    } else {
      const count = this.locate(text, COMMA);
      if (count !== this.width)
        return this.rejected(line, undefined, null, `${count} fields where the header has ${this.width}`);
    }
    conformed.fill(undefined);

    const iPerson = at.person_id;
    if (ends[iPerson] === starts[iPerson]) return this.rejected(line, 'person_id', '', 'person id is missing');

    const iAdmitted = at.admission_date;
    const admitted = this.dateAt(source, iAdmitted, line, 'admission_date', 'admission date');
    if (admitted < 0) return null;
    if (conformed[iAdmitted] !== undefined) rewrite = true;
    if (admitted < EARLIEST_ADMISSION || admitted > this.today) {
      return this.rejected(
        line,
        'admission_date',
        this.value(source, iAdmitted),
        'admission date before April 1990 or after today (a placeholder date?)',
      );
    }
    const iDischarged = at.discharge_date;
    let discharged = -1;
    if (iDischarged >= 0 && ends[iDischarged]! > starts[iDischarged]!) {
      discharged = this.dateAt(source, iDischarged, line, 'discharge_date', 'discharge date');
      if (discharged < 0) return null;
      if (conformed[iDischarged] !== undefined) rewrite = true;
      if (discharged > this.today) {
        return this.rejected(line, 'discharge_date', this.value(source, iDischarged), 'discharge date after today');
      }
      if (discharged < admitted) {
        return this.rejected(
          line,
          'discharge_date',
          this.value(source, iDischarged),
          `discharge date before the admission date ${this.value(source, iAdmitted)}`,
        );
      }
    }

    const iMethod = at.admission_method;
    const method = CODES[code2(source, starts[iMethod]!, ends[iMethod]!)]! & METHOD_MASK;
    if (method === 0) {
      return this.rejected(
        line,
        'admission_method',
        this.value(source, iMethod),
        'unknown admission method (NHS Data Dictionary codes 11-13, 21-28, 2A-2D, 31-32, 81-83, 99)',
      );
    }
    const isEmergency = method === EMERGENCY;
    const isElective = method === ELECTIVE;

    const iSource = at.admission_source;
    let fromCareHome = false;
    if (iSource >= 0 && ends[iSource]! > starts[iSource]!) {
      const flags = CODES[code2(source, starts[iSource]!, ends[iSource]!)]!;
      if ((flags & KNOWN_SOURCE) === 0)
        return this.rejected(line, 'admission_source', this.value(source, iSource), 'unknown source of admission code');
      fromCareHome = (flags & CARE_HOME) !== 0;
    }

    const iAge = at.age;
    let age = digitsAt(source, starts[iAge]!, ends[iAge]!);
    if (age < 0 || (ends[iAge]! - starts[iAge]! > 1 && source.charCodeAt(starts[iAge]!) === 48)) {
      // Not plain digits, or a leading zero: Number() decides (' 7', '7.0'), and the age is stored as digits.
      const value = source.slice(starts[iAge], ends[iAge]);
      age = value.trim() === '' ? -1 : Number(value);
      if (!Number.isInteger(age) || age < 0 || age > 120)
        return this.rejected(line, 'age', value, 'age must be a whole number of years from 0 to 120');
      conformed[iAge] = String(age);
      rewrite = true;
    } else if (age > 120) {
      return this.rejected(line, 'age', this.value(source, iAge), 'age must be a whole number of years from 0 to 120');
    }

    const iSex = at.sex;
    const sex = iSex < 0 ? UNKNOWN : sexAt(source, starts[iSex]!, ends[iSex]!);
    if (sex < 0)
      return this.rejected(line, 'sex', this.value(source, iSex), 'sex must be 1/M, 2/F, or 0/9/blank for not known');

    const councilIndex = this.council(source, line);
    if (councilIndex < 0) return null;

    const iPrimary = at.primary_diagnosis;
    const primaryText = source.slice(starts[iPrimary], ends[iPrimary]);
    const primary = normaliseIcd10(primaryText);
    if (!isIcd10(primary))
      return this.rejected(line, 'primary_diagnosis', primaryText, 'primary diagnosis is not an ICD-10 code');

    const iSecondary = at.secondary_diagnoses;
    let secondary = NONE;
    if (iSecondary >= 0 && ends[iSecondary]! > starts[iSecondary]!) {
      secondary = splitDiagnoses(source.slice(starts[iSecondary], ends[iSecondary]));
      const bad = secondary.find((code) => !isIcd10(code));
      if (bad !== undefined)
        return this.rejected(line, 'secondary_diagnoses', bad, 'secondary diagnosis is not an ICD-10 code');
    }

    const iDestination = at.discharge_destination;
    let destination = NO_DESTINATION;
    if (iDestination >= 0 && ends[iDestination]! > starts[iDestination]!) {
      destination = code2(source, starts[iDestination]!, ends[iDestination]!);
      if ((CODES[destination]! & KNOWN_DESTINATION) === 0) {
        return this.rejected(
          line,
          'discharge_destination',
          this.value(source, iDestination),
          'unknown discharge destination code',
        );
      }
    }

    // The record is good: count it.
    const band = fiveYearBand(age);
    const admittedMonth = monthIndex(admitted);
    if (admittedMonth < this.firstMonth) this.firstMonth = admittedMonth;
    if (admittedMonth > this.lastMonth) this.lastMonth = admittedMonth;
    const offset = cell(band, sex);
    let admission = 1;
    if (isElective) admission |= 1 << 1;
    if (isEmergency) {
      admission |= 1 << 2;
      if (fromCareHome) admission |= 1 << 3;
      if (isInjury(primary) && hasFallCause(secondary)) admission |= 1 << 4;
      if (isChronicAcsc(primary, secondary)) admission |= 1 << 5;
    }
    if (discharged >= 0 && destination !== NO_DESTINATION) {
      let discharge = 1 << 6;
      if (destination !== DIED_CODE) discharge |= 1 << 7;
      if (destination === USUAL_RESIDENCE_CODE) discharge |= 1 << 8;
      if (!fromCareHome && (CODES[destination]! & CARE_HOME) !== 0) discharge |= 1 << 9;
      const dischargedMonth = monthIndex(discharged);
      if (dischargedMonth === admittedMonth) admission |= discharge;
      else this.counts.add(dischargedMonth, councilIndex, offset, discharge);
    }
    this.counts.add(admittedMonth, councilIndex, offset, admission);

    const record = this.passThrough && !rewrite ? text : this.rebuild(source);
    this.duplicates.add(record, source.slice(starts[iPerson], ends[iPerson]), line);
    this.rows++;
    return `${this.loadId},${line},${record}\n`;
  }

  /** Finds where each field starts and ends; returns the number of fields. */
  private locate(text: string, separator: number): number {
    const { starts, ends, width } = this;
    const char = String.fromCharCode(separator);
    let start = 0;
    for (let i = 0; i < width; i++) {
      const end = text.indexOf(char, start);
      starts[i] = start;
      if (end < 0) {
        ends[i] = text.length;
        return i + 1;
      }
      ends[i] = end;
      start = end + 1;
    }
    // More separators than fields: count them for the message.
    let count = width + 1;
    for (let end = text.indexOf(char, start); end >= 0; end = text.indexOf(char, end + 1)) count++;
    return count;
  }

  /** The council a record lives in (by its code, or its LSOA), as an index in the counts; -1 when rejected. */
  private council(source: string, line: number): number {
    const { starts, ends, at } = this;
    const iCouncil = at.council_code;
    if (iCouncil >= 0 && ends[iCouncil]! > starts[iCouncil]!) {
      const code = source.slice(starts[iCouncil], ends[iCouncil]);
      const known = this.councilIndexes.get(code);
      if (known !== undefined) return known;
      if (!this.geography.councils.has(code)) {
        this.rejected(
          line,
          'council_code',
          code,
          'unknown council code (expected the ONS code of an English council with social services responsibilities)',
        );
        return -1;
      }
      const index = this.counts.councilIndex(code);
      this.councilIndexes.set(code, index);
      return index;
    }
    const iLsoa = at.lsoa_code;
    const lsoa = iLsoa >= 0 ? source.slice(starts[iLsoa], ends[iLsoa]) : '';
    if (lsoa === '') {
      this.rejected(line, 'council_code', '', 'neither council nor LSOA given');
      return -1;
    }
    const council = this.geography.councilOfLsoa(lsoa);
    if (council === undefined) {
      this.rejected(line, 'lsoa_code', lsoa, 'unknown LSOA code (load the ONS LSOA lookup with `etl load lookups`)');
      return -1;
    }
    return this.counts.councilIndex(council);
  }

  /** The record as CSV of the COPY columns, conformed values in place of what the line had. */
  private rebuild(source: string): string {
    const { starts, ends, conformed } = this;
    let out = '';
    for (let c = 0; c < this.copyPositions.length; c++) {
      const i = this.copyPositions[c]!;
      if (c > 0) out += ',';
      out += csvField(conformed[i] ?? source.slice(starts[i], ends[i]));
    }
    return out;
  }

  private value(source: string, i: number): string {
    return source.slice(this.starts[i], this.ends[i]);
  }

  /** A date field as yyyymmdd, a DD/MM/YYYY one conformed in place; -1 when the record was rejected for it. */
  private dateAt(source: string, index: number, line: number, column: EpisodeColumn, what: string): number {
    const { starts, ends } = this;
    const date = isoDateAt(source, starts[index]!, ends[index]!);
    if (date >= 0) return date;
    const value = source.slice(starts[index], ends[index]);
    const converted = fromDayMonthYear(value);
    if (converted === null) {
      this.rejected(line, column, value, `${what} is not a date (YYYY-MM-DD or DD/MM/YYYY, 1900 to 2099)`);
      return -1;
    }
    this.conformed[index] = converted;
    return isoDateAt(converted, 0, 10);
  }

  private rejected(line: number, column: EpisodeColumn | undefined, value: string | null, rule: string): null {
    this.rejectedRows++;
    this.reject(line, column, value, rule);
    return null;
  }
}

/**
 * The columns a reader's COPY text holds, in its order: the file's own columns in the file's order when every one
 * of them is stored (lines then pass straight through), else the stored columns the file has.
 */
export function copyColumns(header: readonly string[], columns: ReadonlyMap<EpisodeColumn, number>): EpisodeColumn[] {
  const storedInFileOrder = header.map((_, i) => STORED.find((column) => columns.get(column) === i));
  if (storedInFileOrder.every((column) => column !== undefined)) return storedInFileOrder as EpisodeColumn[];
  return STORED.filter((column) => columns.has(column));
}

const COMMA = 44;
const SEPARATOR_CODE = 0x1f;
const SEPARATOR = String.fromCharCode(SEPARATOR_CODE);
const NONE: string[] = [];

// Two-character codes (admission method, source of admission, discharge destination) index one table of flags.
const ELECTIVE = 1;
const EMERGENCY = 2;
const OTHER_METHOD = 3;
const METHOD_MASK = 3;
const KNOWN_SOURCE = 4;
const KNOWN_DESTINATION = 8;
const CARE_HOME = 16;
/** Index of a code that is not two ASCII characters: flags 0, so unknown to every table. */
const NOT_A_CODE = 0;
const NO_DESTINATION = -1;
const CODES = new Uint8Array(1 << 14);
const flag = (codes: Iterable<string>, value: number) => {
  for (const code of codes) {
    const index = code2(code, 0, code.length);
    CODES[index] = CODES[index]! | value;
  }
};
flag(ELECTIVE_METHODS, ELECTIVE);
flag(EMERGENCY_METHODS, EMERGENCY);
flag(OTHER_METHODS, OTHER_METHOD);
flag(KNOWN_SOURCES, KNOWN_SOURCE);
flag(KNOWN_DESTINATIONS, KNOWN_DESTINATION);
flag(CARE_HOME_CODES, CARE_HOME);
const DIED_CODE = code2(DIED, 0, 2);
const USUAL_RESIDENCE_CODE = code2(USUAL_RESIDENCE, 0, 2);

/** A two-character ASCII code as a table index (1..16383); NOT_A_CODE for anything else. */
function code2(text: string, start: number, end: number): number {
  if (end - start !== 2) return NOT_A_CODE;
  const a = text.charCodeAt(start);
  const b = text.charCodeAt(start + 1);
  return a < 128 && b < 128 ? (a << 7) | b : NOT_A_CODE;
}

const UNKNOWN = 2;
/** Person gender code at [start, end): 0 male, 1 female, 2 not known, -1 invalid (conformSex's rules). */
function sexAt(text: string, start: number, end: number): number {
  if (end === start) return UNKNOWN;
  if (end - start === 1) {
    switch (text.charCodeAt(start)) {
      case 49 /* 1 */:
      case 77 /* M */:
      case 109 /* m */:
        return 0;
      case 50 /* 2 */:
      case 70 /* F */:
      case 102 /* f */:
        return 1;
      case 48 /* 0 */:
      case 57 /* 9 */:
      case 88 /* X */:
      case 120 /* x */:
        return UNKNOWN;
      default:
        return -1;
    }
  }
  const sex = conformSex(text.slice(start, end));
  return sex === 'male' ? 0 : sex === 'female' ? 1 : sex === 'unknown' ? UNKNOWN : -1;
}

/** A whole number written as one to three digits at [start, end); -1 otherwise. */
function digitsAt(text: string, start: number, end: number): number {
  if (end - start < 1 || end - start > 3) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** A YYYY-MM-DD date at [start, end), 1900 to 2099, as the number yyyymmdd; -1 when it is not one. */
function isoDateAt(text: string, start: number, end: number): number {
  if (end - start !== 10 || text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45) return -1;
  let year = 0;
  for (let i = start; i < start + 4; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    year = year * 10 + digit;
  }
  const m1 = text.charCodeAt(start + 5) - 48;
  const m2 = text.charCodeAt(start + 6) - 48;
  const d1 = text.charCodeAt(start + 8) - 48;
  const d2 = text.charCodeAt(start + 9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return -1;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return -1;
  return year * 10000 + month * 100 + day;
}

/**
 * Record-level hospital data (HES) starts in 1989-90: an earlier admission date is a placeholder (1900-01-01,
 * 1901-01-01), and keeping it would make the file cover, and replace, decades it does not hold.
 */
const EARLIEST_ADMISSION = 19900401;

function todayAsNumber(): number {
  const now = new Date();
  return now.getUTCFullYear() * 10000 + (now.getUTCMonth() + 1) * 100 + now.getUTCDate();
}

/** yyyymmdd → months since January 1900. */
function monthIndex(date: number): number {
  const year = Math.floor(date / 10000);
  return (year - 1900) * 12 + (Math.floor(date / 100) % 100) - 1;
}

/** 'DD/MM/YYYY' (or D/M/YYYY) → 'YYYY-MM-DD', null when it is not a date. */
function fromDayMonthYear(value: string): string | null {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (!match) return null;
  const iso = `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
  return isoDateAt(iso, 0, 10) < 0 ? null : iso;
}

function daysIn(year: number, month: number): number {
  return month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : month === 4 || month === 6 || month === 9 || month === 11
      ? 30
      : 31;
}

/** 'W19;I10' or 'W19|I10' or 'W19 I10' → ['W19', 'I10'] (dots dropped). */
function splitDiagnoses(text: string): string[] {
  const codes = text.split(text.includes(';') ? ';' : text.includes('|') ? '|' : ' ');
  const out: string[] = [];
  for (const code of codes) {
    const trimmed = code.trim();
    if (trimmed !== '') out.push(normaliseIcd10(trimmed));
  }
  return out;
}

/** Months since January 1900 → 'YYYY-MM'. */
export function monthText(index: number): string {
  return `${1900 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
