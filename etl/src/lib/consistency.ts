import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { knownAreas } from './areas.js';
import { publicationDate } from './dates.js';
import { InputError, type InputLocation } from './errors.js';

/**
 * Checks of a published aggregate against itself — parts against their total, the same figure on two sheets,
 * one code once per sheet, a code against its name, a percentage within 100, a period that has begun — each
 * failing with the rule named and the figures that break it.
 */

/** A published figure with the label it has in the file; null where the publisher put a marker ('-', '..'). */
export interface Figure {
  label: string;
  value: number | null;
}

/**
 * How far a total may be from the sum of its parts: none for exact counts, the publisher's rounding otherwise
 * (`absolute`, or `relative` to the total, whichever allows more).
 */
export interface Tolerance {
  absolute?: number;
  relative?: number;
}

export interface SumOptions {
  tolerance?: Tolerance;
  /** What the parts are (`regions`, `commissioner rows`): given, the message counts them rather than listing each. */
  partsName?: string;
}

/**
 * What a sum check could verify. A part with no figure does not switch the check off: the published parts must
 * then not exceed the total ('partial'). Only a total with no figure leaves nothing to check against.
 */
export type SumVerdict = 'verified' | 'partial' | 'unverifiable';

/** Parts listed in a message up to this many; beyond it (or given a partsName) the message gives their count and sum. */
const LISTED_PARTS = 12;

const allowance = (total: number, { absolute = 0, relative = 0 }: Tolerance = {}) =>
  Math.max(absolute, relative * Math.abs(total));

const round = (value: number) => Number(value.toFixed(6));

/** Throws unless the parts add up to the total (within the tolerance); see SumVerdict for missing figures. */
export function checkSum(
  location: InputLocation,
  parts: readonly Figure[],
  total: Figure,
  options: SumOptions = {},
): SumVerdict {
  if (total.value === null) return 'unverifiable';
  const published = parts.filter((part) => part.value !== null);
  const sum = round(published.reduce((acc, part) => acc + part.value!, 0));
  const allowed = allowance(total.value, options.tolerance);
  if (published.length < parts.length) {
    if (sum <= total.value + allowed) return 'partial';
    throw new InputError(
      location,
      `${describeParts(published, sum, options, 'published ')} is more than ${describeTotal(total)}${within(allowed)} (${unpublished(parts)} not published)`,
    );
  }
  if (Math.abs(sum - total.value) <= allowed) return 'verified';
  throw new InputError(
    location,
    `${describeParts(parts, sum, options)} is not ${describeTotal(total)}${within(allowed)}`,
  );
}

/** Throws if a part exceeds what contains it (G&A referrals within all specialties): a part above its whole. */
export function checkWithin(location: InputLocation, part: Figure, whole: Figure): void {
  if (part.value === null || whole.value === null || part.value <= whole.value) return;
  throw new InputError(location, `${part.label} (${part.value}) is more than ${whole.label} (${whole.value})`);
}

/** 'acute (12) + non-acute (30)', with their sum when more than two; or 'the sum of the 152 area rows (1234)'. */
function describeParts(parts: readonly Figure[], sum: number, { partsName }: SumOptions, published = ''): string {
  if (partsName !== undefined || parts.length > LISTED_PARTS) {
    return `the sum of the ${parts.length} ${published}${partsName ?? 'parts'} (${sum})`;
  }
  const listed = parts.map((part) => `${part.label} (${part.value})`).join(' + ');
  return parts.length > 2 ? `${listed} = ${sum}` : listed;
}

const describeTotal = (total: Figure) => `${total.label === 'total' ? 'the total' : total.label} (${total.value})`;

function unpublished(parts: readonly Figure[]): string {
  const labels = parts.filter((part) => part.value === null).map((part) => part.label);
  return labels.length > LISTED_PARTS ? `${labels.length} of them` : labels.join(', ');
}

const within = (allowed: number) => (allowed > 0 ? `, beyond the publisher's rounding (±${round(allowed)})` : '');

/**
 * The same figure published on several sheets of one workbook (an area's total on each breakdown sheet) must be
 * the same everywhere. Figures are keyed by what they are of; the first sheet's figure is the reference.
 */
export class SameFigureAcrossSheets {
  private readonly first = new Map<string, { value: number | null; location: InputLocation }>();

  /** `what` names the figure for the message: 'total delayed days'. */
  constructor(private readonly what: string) {}

  add(key: string, of: string, value: number | null, location: InputLocation): void {
    const first = this.first.get(key);
    if (first === undefined) {
      this.first.set(key, { value, location });
      return;
    }
    if (first.value === value || first.location.sheet === location.sheet) return;
    throw new InputError(
      location,
      `the ${this.what} of ${of} (${value ?? 'not published'}) is not the same as on sheet '${first.location.sheet}', row ${first.location.row} (${first.value ?? 'not published'})`,
    );
  }
}

/** Each area code (or other key) once per sheet: a second row for it means rows were copied or mislabelled. */
export class OncePerSheet {
  private readonly rows = new Map<string, number>();

  constructor(private readonly what: string) {}

  add(code: string, location: InputLocation & { row: number }): void {
    const key = `${location.sheet ?? ''}\u0000${code}`;
    const earlier = this.rows.get(key);
    if (earlier === undefined) {
      this.rows.set(key, location.row);
      return;
    }
    throw new InputError(location, `${this.what} '${code}' is already on row ${earlier} of this sheet`);
  }
}

/** One area's name as publishers spell it: case, punctuation, '&' or 'and' and a ' UA' suffix do not matter. */
export function areaNameKey(name: string): string {
  return name
    .toLowerCase()
    .trim()
    .replace(/\s+ua$/, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '');
}

const COUNCIL_POPULATION = new URL('../../reference/council-population-mid-2019.csv', import.meta.url);
let names: Map<string, string[]> | undefined;

/**
 * The names an English area code is known by: its name in etl/reference/english-areas.csv and, for a council,
 * the ONS name in etl/reference/council-population-mid-2019.csv ('Kingston upon Hull, City of', 'County
 * Durham', 'Southend-on-Sea', 'Medway' where the list has 'Kingston Upon Hull', 'Durham', 'Southend', 'Medway
 * Towns'). Empty for a code neither lists.
 */
export function knownAreaNames(code: string): string[] {
  if (names === undefined) {
    names = new Map([...knownAreas().values()].map((area) => [area.areaCode, [area.areaName]]));
    const councils = parse(fs.readFileSync(COUNCIL_POPULATION, 'utf8'), { columns: true }) as Record<string, string>[];
    for (const council of councils) names.get(council.area_code!)?.push(council.area_name!);
  }
  return names.get(code) ?? [];
}

/** Throws unless the name published with a code is one of the names that code is known by. */
export function checkAreaName(
  location: InputLocation,
  code: string,
  name: string,
  knownNames: readonly string[],
): void {
  const key = areaNameKey(name);
  if (knownNames.length === 0 || knownNames.some((known) => areaNameKey(known) === key)) return;
  throw new InputError(
    location,
    `'${name}' is not the name of ${code} (${[...new Set(knownNames)].map((known) => `'${known}'`).join(' or ')})`,
  );
}

/** A measure labelled a percentage (its measure or unit says so). */
const PERCENTAGE = /^(percentage|per ?cent|%)\b|\(%\)|\bpercentage\b/i;

/** A percentage above 100 is a figure in the wrong column or on the wrong scale (the rate's multiplier is 100). */
export function checkPercentage(location: InputLocation, value: number | null, measure: string | null): void {
  if (value === null || measure === null || !PERCENTAGE.test(measure) || value <= 100) return;
  throw new InputError(location, `${value} is above 100, the most a percentage ('${measure}') can be`);
}

/** A published figure is for a period that has begun: one starting after the day it is read was never observed. */
export function checkPeriodBegun(location: InputLocation, label: string, start: string, today = new Date()): void {
  const day = today.toISOString().slice(0, 10);
  if (start <= day) return;
  throw new InputError(
    location,
    `the period '${label}' starts on ${start}, after today (${day}): it cannot have been published yet`,
  );
}

/**
 * A file's period begins before the file was published (and before today): figures for a month cannot come out
 * before the month starts, so a later period means a mistyped period or cover.
 */
export function checkPublishedAfterPeriod(
  location: InputLocation,
  periodStart: string,
  published: string | null,
  today = new Date(),
): void {
  checkPeriodBegun(location, periodStart.slice(0, 7), periodStart, today);
  const date = publicationDate(published);
  if (date === null || periodStart <= date) return;
  throw new InputError(
    location,
    `the period starts on ${periodStart}, after the file's publication date (${published}): figures cannot be published before their period begins`,
  );
}
