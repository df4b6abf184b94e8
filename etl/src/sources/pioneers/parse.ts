import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { checkAreaCode, knownAreas } from '../../lib/areas.js';
import type { CsvColumnSpec, CsvRecord } from '../../lib/csv.js';
import { InputError, type InputLocation } from '../../lib/errors.js';
import { parsePeriod } from '../../lib/periods.js';

const FOOTPRINTS = new URL('../../../reference/pioneer-footprints.csv', import.meta.url);

export const PIONEER_COLUMNS: CsvColumnSpec[] = [
  { key: 'name', headers: ['pioneer_name', 'pioneer', 'name'] },
  { key: 'wave', headers: ['wave'] },
  { key: 'announced', headers: ['announced', 'announced_date'] },
  { key: 'variants', headers: ['name_variants_in_sources', 'name_variants'], required: false },
  { key: 'councilCodes', headers: ['la_codes_indicative', 'la_codes', 'council_codes'], required: false },
  { key: 'sources', headers: ['source_urls', 'sources'], required: false },
];

export type Coverage = 'whole' | 'part' | 'unverified';
/** How a member council compares with the file's indicative codes. */
export type IndicativeCheck = 'confirmed' | 'added' | 'not_in_footprint' | 'unverified';

export interface Footprint {
  pioneerName: string;
  wave: number;
  councilCode: string;
  councilName: string;
  coverage: 'whole' | 'part';
  footprint: string;
  note: string;
  source: string;
}

export interface PioneerRow {
  rowNumber: number;
  pioneerName: string;
  wave: number;
  announcedDate: string;
  announcedEnd: string;
  announcedPrecision: 'day' | 'month';
  nameVariants: string[];
  indicativeCodes: string[];
  sourceUrls: string | null;
}

export interface MemberRow {
  pioneerName: string;
  councilCode: string;
  councilName: string;
  coverage: Coverage;
  footprint: string | null;
  note: string | null;
  source: string | null;
  indicativeCheck: IndicativeCheck;
  isMember: boolean;
}

/** The verified footprints (etl/reference/pioneer-footprints.csv), checked against each other when read. */
export function readFootprints(): Footprint[] {
  const records = parse(fs.readFileSync(FOOTPRINTS, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  return records.map((r) => ({
    pioneerName: r.pioneer_name!,
    wave: Number(r.wave),
    councilCode: r.council_code!,
    councilName: r.council_name!,
    coverage: r.coverage as 'whole' | 'part',
    footprint: r.footprint!,
    note: r.note!,
    source: r.source!,
  }));
}

export const normaliseName = (name: string): string =>
  name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\(.*?\)/g, ' ')
    .replace(/\bthe\b/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

const COUNCIL_CODE = /^E(06|08|09|10)\d{6}$/;

/**
 * When each wave was announced: wave 1 on 1 November 2013 (england.nhs.uk/2013/11/interg-care-pioneers/), wave 2
 * in January 2015 (the day is not known). A pioneer's announcement date must fall in its wave's month.
 */
export const WAVES: Record<number, { start: string; end: string; label: string }> = {
  1: { start: '2013-11-01', end: '2013-11-30', label: 'November 2013' },
  2: { start: '2015-01-01', end: '2015-01-31', label: 'January 2015' },
};

function checkAnnouncedInWave(
  at: (key: string) => InputLocation,
  wave: number,
  text: string,
  announced: { start: string; end: string },
) {
  const window = WAVES[wave];
  const known = Object.entries(WAVES)
    .map(([number, { label }]) => `wave ${number}, ${label}`)
    .join('; ');
  if (window === undefined) {
    throw new InputError(at('wave'), `there is no wave ${wave} of the integration pioneers (${known})`);
  }
  if (announced.start < window.start || announced.end > window.end) {
    throw new InputError(
      at('announced'),
      `announced '${text}' is outside wave ${wave}, which was announced in ${window.label}`,
    );
  }
}

export function parsePioneerRecord(
  file: string,
  columns: Record<string, string | undefined>,
  record: CsvRecord,
): PioneerRow {
  const get = (key: string) => (columns[key] ? record.values[columns[key]!]!.trim() : '');
  const at = (key: string): InputLocation => ({ file, row: record.line, column: columns[key] });
  const pioneerName = get('name');
  if (!pioneerName) throw new InputError(at('name'), 'the pioneer name is blank');
  const waveText = get('wave');
  if (!/^\d+$/.test(waveText) || Number(waveText) < 1)
    throw new InputError(at('wave'), `expected a wave number (1, 2…), found '${waveText}'`);
  const announcedText = get('announced');
  const announced = parsePeriod(announcedText);
  if (!announced || (announced.type !== 'day' && announced.type !== 'month')) {
    throw new InputError(
      at('announced'),
      `expected the announcement date as YYYY-MM-DD or YYYY-MM, found '${announcedText}'`,
    );
  }
  checkAnnouncedInWave(at, Number(waveText), announcedText, announced);
  const indicativeCodes = get('councilCodes')
    .split(/[;,\s|]+/)
    .filter(Boolean)
    .map((code) => {
      const checked = checkAreaCode(code, at('councilCodes'));
      if (!COUNCIL_CODE.test(checked))
        throw new InputError(
          at('councilCodes'),
          `'${checked}' is not an upper-tier council code (E06, E08, E09 or E10)`,
        );
      return checked;
    });
  const repeated = indicativeCodes.find((code, i) => indicativeCodes.indexOf(code) < i);
  if (repeated !== undefined) throw new InputError(at('councilCodes'), `council code '${repeated}' is listed twice`);
  return {
    rowNumber: record.line,
    pioneerName,
    wave: Number(waveText),
    announcedDate: announced.start,
    announcedEnd: announced.end,
    announcedPrecision: announced.type,
    nameVariants: get('variants')
      .split(';')
      .map((v) => v.trim())
      .filter(Boolean),
    indicativeCodes,
    sourceUrls: get('sources') || null,
  };
}

/**
 * The members of each pioneer: the verified footprint where there is one, compared with the file's indicative
 * codes so that every difference is kept and reported (a code the file gives outside the footprint is kept as
 * a non-member row, not dropped). A pioneer without a verified footprint keeps the file's codes, 'unverified'.
 */
export function reconcileMembers(file: string, pioneers: PioneerRow[], footprints: Footprint[]): MemberRow[] {
  const byPioneer = new Map<string, Footprint[]>();
  for (const footprint of footprints) {
    const key = normaliseName(footprint.pioneerName);
    byPioneer.set(key, [...(byPioneer.get(key) ?? []), footprint]);
  }
  const areas = knownAreas();
  const members: MemberRow[] = [];
  for (const pioneer of pioneers) {
    const verified = [pioneer.pioneerName, ...pioneer.nameVariants]
      .map((name) => byPioneer.get(normaliseName(name)))
      .find(Boolean);
    if (!verified) {
      for (const code of pioneer.indicativeCodes) {
        members.push({
          pioneerName: pioneer.pioneerName,
          councilCode: code,
          councilName: areas.get(code)!.areaName,
          coverage: 'unverified',
          footprint: null,
          note: "no verified footprint in etl/reference/pioneer-footprints.csv: the file's indicative code is used as given",
          source: null,
          indicativeCheck: 'unverified',
          isMember: true,
        });
      }
      continue;
    }
    if (verified[0]!.wave !== pioneer.wave) {
      throw new InputError(
        { file, row: pioneer.rowNumber, field: 'wave' },
        `${pioneer.pioneerName} is wave ${verified[0]!.wave} in the verified footprints (etl/reference/pioneer-footprints.csv), not wave ${pioneer.wave}`,
      );
    }
    const indicative = new Set(pioneer.indicativeCodes);
    for (const footprint of verified) {
      members.push({
        pioneerName: pioneer.pioneerName,
        councilCode: footprint.councilCode,
        councilName: footprint.councilName,
        coverage: footprint.coverage,
        footprint: footprint.footprint,
        note: footprint.note || null,
        source: footprint.source,
        indicativeCheck:
          pioneer.indicativeCodes.length === 0 || indicative.has(footprint.councilCode) ? 'confirmed' : 'added',
        isMember: true,
      });
    }
    const verifiedCodes = new Set(verified.map((f) => f.councilCode));
    for (const code of pioneer.indicativeCodes.filter((c) => !verifiedCodes.has(c))) {
      members.push({
        pioneerName: pioneer.pioneerName,
        councilCode: code,
        councilName: areas.get(code)!.areaName,
        coverage: 'unverified',
        footprint: null,
        note: "in the file's indicative codes but outside the verified footprint: not a member",
        source: null,
        indicativeCheck: 'not_in_footprint',
        isMember: false,
      });
    }
  }
  return members;
}

/** One line on how the file's indicative codes compare with the verified footprints. */
export function describeReconciliation(pioneers: PioneerRow[], members: MemberRow[]): string {
  const count = (check: IndicativeCheck) => members.filter((m) => m.indicativeCheck === check);
  const waves = [...new Set(pioneers.map((p) => p.wave))]
    .sort()
    .map((w) => `wave ${w}: ${pioneers.filter((p) => p.wave === w).length}`);
  const part = members.filter((m) => m.isMember && m.coverage === 'part');
  const list = (rows: MemberRow[]) => rows.map((m) => `${m.pioneerName}/${m.councilCode}`).join(', ');
  const parts = [
    `${pioneers.length} pioneers (${waves.join(', ')}), ${members.filter((m) => m.isMember).length} member councils`,
    `indicative codes: ${count('confirmed').length} confirmed`,
    `${count('added').length} added from the verified footprints${count('added').length ? ` (${list(count('added'))})` : ''}`,
    `${count('not_in_footprint').length} outside the footprint, not members${count('not_in_footprint').length ? ` (${list(count('not_in_footprint'))})` : ''}`,
    `${count('unverified').length} unverified${count('unverified').length ? ` (${list(count('unverified'))})` : ''}`,
    `${part.length} councils only partly in the footprint (${list(part)})`,
  ];
  return parts.join('; ');
}
