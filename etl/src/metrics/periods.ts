import type { MetricDefinition } from './definitions.js';

/** The period types a metric's rows are computed at: its grain, and the longer ones it re-aggregates to. */
export type PeriodType = Exclude<MetricDefinition['grain'], 'as_published'>;

const MONTHS: Record<PeriodType, number> = { month: 1, quarter: 3, financial_year: 12 };

/** A period type whose consecutive periods the trend test can tell (not a published value's own). */
export const isPeriodType = (type: string): type is PeriodType => type in MONTHS;

const parts = (date: string) => date.split('-').map(Number) as [number, number, number];
const iso = (year: number, month: number, day: number) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** Months since year 0 of a date's month: consecutive periods of a type differ by its length in months. */
export function monthIndex(date: string): number {
  const [year, month] = parts(date);
  return year * 12 + (month - 1);
}

/** The start of the period of a type that holds a date: its month, its quarter (Jan, Apr, Jul, Oct), its April. */
export function periodStartOf(date: string, type: PeriodType): string {
  const [year, month] = parts(date);
  if (type === 'month') return iso(year, month, 1);
  if (type === 'quarter') return iso(year, month - ((month - 1) % 3), 1);
  return month >= 4 ? iso(year, 4, 1) : iso(year - 1, 4, 1);
}

/** The last day of a period that starts on `start`. */
export function periodEndOf(start: string, type: PeriodType): string {
  const [year, month] = parts(start);
  const end = new Date(Date.UTC(year, month - 1 + MONTHS[type], 0));
  return end.toISOString().slice(0, 10);
}

/** How many periods of a type lie between two starts: 1 for consecutive periods. */
export function periodsBetween(earlier: string, later: string, type: PeriodType): number {
  return (monthIndex(later) - monthIndex(earlier)) / MONTHS[type];
}

/** How many months of the grain make one period of a longer type (3 months a quarter). */
export function monthsIn(type: PeriodType, grain: PeriodType): number {
  return MONTHS[type] / MONTHS[grain];
}

/** The period types a metric's rows are given at: its grain, and the longer ones when it re-aggregates. */
export function periodTypesOf(definition: MetricDefinition): PeriodType[] {
  const { grain } = definition;
  if (!isPeriodType(grain)) return [];
  const types = (Object.keys(MONTHS) as PeriodType[]).filter((type) => MONTHS[type] >= MONTHS[grain]);
  return definition.aggregate === undefined ? [grain] : types;
}

/** The start of the period `count` periods of a type after (or, negative, before) the one starting on `start`. */
export function periodsAfter(start: string, type: PeriodType, count: number): string {
  const [year, month] = parts(start);
  const shifted = new Date(Date.UTC(year, month - 1 + count * MONTHS[type], 1));
  return shifted.toISOString().slice(0, 10);
}

/**
 * What a change to the figures of [start, end] touches in a metric's rows: its grain's periods from `start` to
 * four after `end` (the trend of each covers the four before it), and the longer periods overlapping [start,
 * end]; and the base rows those need, `from` `to`.
 */
export function affectedWindow(definition: MetricDefinition, start: string, end: string) {
  const grain = definition.grain as PeriodType;
  const longest = periodTypesOf(definition).at(-1)!;
  const firstOut = periodStartOf(start, grain);
  const lastOut = periodsAfter(periodStartOf(end, grain), grain, TREND_REACH);
  const earliest = periodsAfter(firstOut, grain, -TREND_REACH);
  const longestStart = periodStartOf(start, longest);
  const longestEnd = periodEndOf(periodStartOf(end, longest), longest);
  const lastOutEnd = periodEndOf(lastOut, grain);
  // ISO dates compare as text.
  return {
    grain,
    grainFrom: firstOut,
    grainTo: lastOut,
    longerFrom: start,
    longerTo: end,
    // biome-ignore lint/complexity/useMathMinMax: ISO dates, compared as text
    inputFrom: earliest < longestStart ? earliest : longestStart,
    // biome-ignore lint/complexity/useMathMinMax: ISO dates, compared as text
    inputTo: lastOutEnd > longestEnd ? lastOutEnd : longestEnd,
  };
}

/** The recent trend reads the four points before its own. */
const TREND_REACH = 4;
