import path from 'node:path';
import { type CsvReader, normaliseHeader, openCsv } from '../../lib/csv.js';
import { InputError } from '../../lib/errors.js';
import { readNumber } from '../../lib/values.js';

export interface CcgPopulationRow {
  line: number;
  ccgCode: string;
  ccgName: string;
  stpCode: string | null;
  stpName: string | null;
  nhsRegionCode: string | null;
  nhsRegionName: string | null;
  ageBand: string;
  minAge: number;
  maxAge: number | null;
  people: number;
}

export interface CcgPopulationFile {
  /** Year of the CCG boundaries, from the column names (STP21 Code) or the file name (ccg21_…). */
  boundaryYear: number;
  /** ONS publishes CCG estimates for mid-year Y on the boundaries of April Y+1 (mid-2020 on CCG21). */
  midYear: number;
  rows: CcgPopulationRow[];
}

const CCG_COLUMNS = [
  { key: 'ccgCode', headers: ['CCG Code', 'CCG21CD', 'CCG20CD', 'CCG19CD', 'CCG CD', 'Code'] },
  { key: 'ccgName', headers: ['CCG Name', 'CCG21NM', 'CCG20NM', 'CCG19NM', 'CCG NM', 'Name'] },
  { key: 'allAges', headers: ['All Ages', 'All ages', 'Total'] },
];

const CCG_CODE = /^E38\d{6}$/;
const CODE_RULES: Record<string, RegExp> = { stpCode: /^E54\d{6}$/, nhsRegionCode: /^E40\d{6}$/ };

/** 'Age 0-17' → 0..17, 'Age 66+' → 66..null. */
function ageBandOf(header: string): { ageBand: string; minAge: number; maxAge: number | null } | null {
  const match = /^(?:aged?\s*)?(\d{1,2})\s*(?:(?:-|to)\s*(\d{1,2})|(\+|\s*and over))$/i.exec(header.trim());
  if (!match) return null;
  const minAge = Number(match[1]);
  const maxAge = match[2] === undefined ? null : Number(match[2]);
  return { ageBand: maxAge === null ? `${minAge}+` : `${minAge}-${maxAge}`, minAge, maxAge };
}

/** A header such as 'STP21 Code' or 'CCG21CD', or else a file name such as 'ccg21_…', gives the boundary year. */
function boundaryYearOf(header: string[], file: string): number | null {
  for (const name of header) {
    const match = /^(?:CCG|STP|ICB|NHSER|SICBL)(\d{2})(?:\s*(?:CD|Code))/i.exec(name.trim());
    if (match) return 2000 + Number(match[1]);
  }
  const fromName = /ccg[-_]?(\d{2})(?!\d)/i.exec(path.basename(file));
  return fromName ? 2000 + Number(fromName[1]) : null;
}

/** Whether a CSV header is that of CCG population estimates (so the population source can tell its files apart). */
export async function openCcgPopulation(file: string): Promise<CsvReader> {
  return openCsv(file, CCG_COLUMNS);
}

export async function parseCcgPopulation(file: string): Promise<CcgPopulationFile> {
  const reader = await openCcgPopulation(file);
  const boundaryYear = boundaryYearOf(reader.header, file);
  if (boundaryYear === null) {
    throw new InputError(
      { file, row: 1 },
      "cannot tell the CCG boundary year: no column such as 'STP21 Code' or 'CCG21CD', and the file name has no 'ccgYY'",
    );
  }
  const optional = (names: string[]) =>
    reader.header.find((h) => names.some((n) => normaliseHeader(n) === normaliseHeader(h.replace(/\d{2}/, ''))));
  const columns = {
    ccgCode: reader.columns.ccgCode!,
    ccgName: reader.columns.ccgName!,
    allAges: reader.columns.allAges!,
    stpCode: optional(['STP Code', 'ICB Code', 'STPCD', 'ICBCD']),
    stpName: optional(['STP Name', 'ICB Name', 'STPNM', 'ICBNM']),
    nhsRegionCode: optional(['NHSER Code', 'NHSERCD']),
    nhsRegionName: optional(['NHSER Name', 'NHSERNM']),
  };
  const bands = reader.header.flatMap((header) => {
    const band = ageBandOf(header);
    return band ? [{ header, ...band }] : [];
  });
  if (bands.length === 0) {
    throw new InputError(
      { file, row: 1 },
      `no age band columns such as 'Age 0-17' or 'Age 66+' (found: ${reader.header.join(', ')})`,
    );
  }
  for (const band of bands) {
    const first = bands.find((other) => other.ageBand === band.ageBand)!;
    if (first !== band)
      throw new InputError(
        { file, row: 1, column: band.header },
        `column '${band.header}' repeats the age band ${band.ageBand} of column '${first.header}'`,
      );
  }

  const rows: CcgPopulationRow[] = [];
  const seen = new Map<string, number>();
  for await (const record of reader.records) {
    const at = (column: string) => ({ file, row: record.line, column });
    const text = (column: string | undefined) => (column === undefined ? null : record.values[column]?.trim() || null);
    const ccgCode = text(columns.ccgCode) ?? '';
    if (!CCG_CODE.test(ccgCode))
      throw new InputError(at(columns.ccgCode), `expected a CCG code (E38 followed by 6 digits), found '${ccgCode}'`);
    const earlier = seen.get(ccgCode);
    if (earlier !== undefined)
      throw new InputError(at(columns.ccgCode), `duplicate row: CCG '${ccgCode}' is already on line ${earlier}`);
    seen.set(ccgCode, record.line);
    const ccgName = text(columns.ccgName);
    if (ccgName === null) throw new InputError(at(columns.ccgName), 'a CCG name is required here, found a blank cell');
    for (const key of ['stpCode', 'nhsRegionCode'] as const) {
      const value = text(columns[key]);
      if (value !== null && !CODE_RULES[key]!.test(value)) {
        throw new InputError(
          at(columns[key]!),
          `expected ${key === 'stpCode' ? 'an STP/ICB code (E54…)' : 'an NHS England region code (E40…)'}, found '${value}'`,
        );
      }
    }
    const count = (column: string) => {
      const raw = record.values[column]?.trim() ?? '';
      if (raw === '') throw new InputError(at(column), 'expected a whole number of people, found a blank cell');
      return readNumber(raw, at(column), { count: true, expected: 'a whole number of people' });
    };
    const base = {
      line: record.line,
      ccgCode,
      ccgName,
      stpCode: text(columns.stpCode),
      stpName: text(columns.stpName),
      nhsRegionCode: text(columns.nhsRegionCode),
      nhsRegionName: text(columns.nhsRegionName),
    };
    const allAges = count(columns.allAges);
    let sum = 0;
    for (const band of bands) {
      const people = count(band.header);
      sum += people;
      rows.push({ ...base, ageBand: band.ageBand, minAge: band.minAge, maxAge: band.maxAge, people });
    }
    if (sum !== allAges) {
      throw new InputError(at(columns.allAges), `All Ages (${allAges}) is not the sum of the age bands (${sum})`);
    }
    rows.push({ ...base, ageBand: 'All ages', minAge: 0, maxAge: null, people: allAges });
  }
  if (rows.length === 0) throw new InputError({ file, row: 2 }, 'no rows of estimates below the header');
  return { boundaryYear, midYear: boundaryYear - 1, rows };
}
