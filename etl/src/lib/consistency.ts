import { knownAreas } from './areas.js';
import { councilPopulations, populationOf } from './council-population.js';
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
  /**
   * Parts of the total that the file does not hold ('City of London, the Isles of Scilly and residents outside
   * England'): the parts given must then not exceed the total, as when a part is not published.
   */
  notInFile?: string;
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
  if (published.length < parts.length || options.notInFile !== undefined) {
    if (sum <= total.value + allowed) return 'partial';
    const missing = [
      ...(published.length < parts.length ? [`${unpublished(parts)} not published`] : []),
      ...(options.notInFile !== undefined ? [`${options.notInFile} not in the file`] : []),
    ];
    throw new InputError(
      location,
      `${describeParts(published, sum, options, published.length < parts.length ? 'published ' : '')} is more than ${describeTotal(total)}${within(allowed)} (${missing.join('; ')})`,
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
    for (const council of councilPopulations().values()) names.get(council.code)?.push(council.name);
  }
  return names.get(code) ?? [];
}

/**
 * Throws unless the name published with a code is one of the names that code is known by, or that name joined
 * with another area's, as boards that share a council publish it ('Cornwall & Scilly' for Cornwall).
 */
export function checkAreaName(
  location: InputLocation,
  code: string,
  name: string,
  knownNames: readonly string[],
): void {
  const key = areaNameKey(name);
  const matches = (known: string) => key === areaNameKey(known) || key.startsWith(`${areaNameKey(known)}and`);
  if (knownNames.length === 0 || knownNames.some(matches)) return;
  throw new InputError(
    location,
    `'${name}' is not the name of ${code} (${[...new Set(knownNames)].map((known) => `'${known}'`).join(' or ')})`,
  );
}

/** The scale a measure or unit names: 100 for a percentage, N for 'per N' ('per 100,000 population'). */
export function rateMultiplier(label: string | null): number | undefined {
  if (label === null) return undefined;
  if (/^(percentage|per ?cent|%)\b|\(%\)|\bpercentage\b|^%$/i.test(label)) return 100;
  const per = /\bper\s+(\d{1,3}(?:,\d{3})+|\d+)\b/i.exec(label);
  return per === null ? undefined : Number(per[1]!.replace(/,/g, ''));
}

/**
 * A rate above its multiplier (a percentage above 100, more than 100,000 per 100,000) is a figure in the wrong
 * column or on the wrong scale: a measure cannot happen to more people than there are.
 */
export function checkRate(location: InputLocation, value: number | null, label: string | null): void {
  const multiplier = rateMultiplier(label);
  if (value === null || multiplier === undefined || value <= multiplier) return;
  const most =
    multiplier === 100 ? 'the most a percentage' : `the most a rate per ${multiplier.toLocaleString('en-GB')}`;
  throw new InputError(
    location,
    `${value} is above ${multiplier.toLocaleString('en-GB')}, ${most} ('${label}') can be`,
  );
}

/**
 * How far above an area's mid-2019 population a count of its people may go before it is implausible: populations
 * grow (about 7% a decade in England), so a quarter more still flags a figure that is wrong by a digit.
 */
const POPULATION_MARGIN = 1.25;

/**
 * A count of an area's people (or, given `perPerson`, of their days: delayed days in a month) cannot exceed its
 * population (councils and England, from etl/reference/council-population-mid-2019.csv; other areas unchecked).
 */
export function checkWithinPopulation(
  location: InputLocation,
  areaCode: string | null,
  count: number | null,
  what: string,
  perPerson?: { most: number; unit: string },
): void {
  if (count === null || areaCode === null) return;
  const population = populationOf(areaCode);
  if (population === undefined) return;
  const most = Math.round(population * POPULATION_MARGIN * (perPerson?.most ?? 1));
  if (count <= most) return;
  const scale = perPerson === undefined ? '' : ` × ${perPerson.most} ${perPerson.unit}`;
  throw new InputError(
    location,
    `${count} ${what} is more than ${areaCode} could have: its population (${population.toLocaleString('en-GB')} at mid-2019, plus a quarter)${scale} is ${most.toLocaleString('en-GB')}`,
  );
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

/** An outcome published beside its numerator and denominator; `at` is the outcome's cell. */
export interface PublishedRatio {
  numerator: number | null;
  denominator: number | null;
  outcome: number | null;
  at: InputLocation;
}

/** The scales an outcome may be on: a proportion, a percentage, a rate per 1,000, 10,000 or 100,000. */
const SCALES = [1, 100, 1000, 10_000, 100_000] as const;

/**
 * Outcomes are their numerator over their denominator on one scale for every area of a measure. Files do not
 * state the scale, so it is the one most of the measure's rows follow (a measure that most rows do not fit at
 * any scale, a weighted one, is left unchecked); a row off that scale is a figure mistyped or moved.
 */
export class PublishedRatios {
  private readonly byMeasure = new Map<string, PublishedRatio[]>();

  add(measure: string, ratio: PublishedRatio): void {
    const ratios = this.byMeasure.get(measure) ?? [];
    ratios.push(ratio);
    this.byMeasure.set(measure, ratios);
  }

  /** Throws for the earliest outcome off its measure's scale; else how many outcomes were and were not verified. */
  check(): { verified: number; unverifiable: number } {
    let verified = 0;
    let unverifiable = 0;
    const faults: { ratio: PublishedRatio; scale: number; following: number; measure: string }[] = [];
    for (const [measure, ratios] of this.byMeasure) {
      const checkable = ratios.filter(isCheckable);
      unverifiable += ratios.length - checkable.length;
      const fits = SCALES.map((scale) => checkable.filter((ratio) => onScale(ratio, scale)).length);
      const best = fits.indexOf(Math.max(...fits));
      if (checkable.length === 0 || fits[best]! * 2 < checkable.length) {
        unverifiable += checkable.length;
        continue;
      }
      const scale = SCALES[best]!;
      verified += fits[best]!;
      const off = checkable.filter((ratio) => !onScale(ratio, scale));
      for (const ratio of off) faults.push({ ratio, scale, following: fits[best]!, measure });
    }
    const first = faults.sort((a, b) => (a.ratio.at.row ?? 0) - (b.ratio.at.row ?? 0))[0];
    if (first !== undefined) {
      const [numerator, denominator, outcome] = [
        first.ratio.numerator!,
        first.ratio.denominator!,
        first.ratio.outcome!,
      ];
      const expected = round((numerator / denominator) * first.scale);
      throw new InputError(
        first.ratio.at,
        `the outcome (${outcome}) is not the numerator (${numerator}) over the denominator (${denominator})${first.scale === 1 ? '' : ` × ${first.scale.toLocaleString('en-GB')}`} = ${Number(expected.toFixed(4))}, the scale of the other ${first.following} rows of measure ${first.measure} (within the publisher's rounding ±${rounding(outcome)})`,
      );
    }
    return { verified, unverifiable };
  }
}

const isCheckable = (ratio: PublishedRatio) =>
  ratio.numerator !== null && ratio.denominator !== null && ratio.outcome !== null && ratio.denominator > 0;

/** Half a unit of the outcome's last published decimal: 61.9 is anything from 61.85 to 61.95. */
function rounding(outcome: number): number {
  const decimals = String(outcome).split('.')[1]?.length ?? 0;
  return 0.5 * 10 ** -decimals;
}

/** Counts published rounded to 5 (both multiples of 5) may each be 2.5 off, which widens the ratio's range. */
function onScale({ numerator, denominator, outcome }: PublishedRatio, scale: number): boolean {
  const [n, d, o] = [numerator!, denominator!, outcome!];
  const slack = n % 5 === 0 && d % 5 === 0 && d > 2.5 ? 2.5 : 0;
  const low = (Math.max(n - slack, 0) / (d + slack)) * scale;
  const high = ((n + slack) / (d - slack)) * scale;
  const allowed = rounding(o) + 1e-9 * Math.abs(o);
  return o >= low - allowed && o <= high + allowed;
}
