import { ENGLAND_CODE } from '../lib/areas.js';
import {
  crudeRate,
  directlyStandardisedRate,
  type Estimate,
  proportion,
  proportionTrend,
  type RecentTrend,
  regressionTrend,
} from '../statistics/index.js';
import { type MetricDefinition, multiplierOf } from './definitions.js';
import {
  isPeriodType,
  monthsIn,
  type PeriodType,
  periodEndOf,
  periodStartOf,
  periodsBetween,
  periodTypesOf,
} from './periods.js';
import { type Comparison, comparison, type Trend, trendWithPolarity } from './vocabulary.js';

/** A row of a definition's query: one area × period (× age band for a DSR). */
export interface BaseRow {
  area_code: string;
  period_start: string;
  /** A published value's own period, where it is not one of the grain's (a calendar year, three years). */
  period_end?: string | null;
  period_type?: string | null;
  age_band?: string | null;
  numerator?: number | null;
  denominator?: number | null;
  value?: number | null;
  lower_95?: number | null;
  upper_95?: number | null;
  lower_998?: number | null;
  upper_998?: number | null;
  value_note?: string | null;
}

/** Which areas are councils, the region each lies in, and how many a region (or England) had in a period. */
export interface Geography {
  regionOf(councilCode: string): string | undefined;
  /** Councils of a region, or of England (E92000001), in existence on a day. */
  councilsIn(areaCode: string, day: string): number;
}

/** How an area's figure was come by. */
export type AreaBasis = 'published' | 'from_councils';

export interface MetricValue {
  metric_id: string;
  /** Built from fewer councils than the area had (England, a region): never a comparator. Not stored. */
  partial?: boolean;
  area_code: string;
  period_start: string;
  period_end: string;
  /** The grain or a longer type it re-aggregates to; a published value's own type with grain as_published. */
  period_type: string;
  area_basis: AreaBasis;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  lower_95: number | null;
  upper_95: number | null;
  lower_998: number | null;
  upper_998: number | null;
  value_note: string | null;
  compared_to_england: Comparison;
  compared_to_england_998: Comparison;
  compared_to_region: Comparison;
  trend: Trend;
}

interface Counts {
  numerator: number | null;
  denominator: number | null;
}

/** One area × period before its figure is computed: counts by age band ('' without bands), or a published figure. */
interface Cell {
  areaCode: string;
  periodStart: string;
  periodEnd: string;
  periodType: string;
  basis: AreaBasis;
  bands: Map<string, Counts>;
  published?: BaseRow;
  note: string | null;
  /** An England or region built from fewer councils than it had: shown with a note, never a comparator. */
  partial?: boolean;
}

const isRegion = (code: string) => /^E12\d{6}$/.test(code);

/**
 * A metric's rows from its definition's base rows: each area's figure and limits by the definition's method (the
 * statistics module), England and regions built from their councils where not published, the longer periods the
 * definition allows, then the comparisons with England and the region and the recent trend.
 */
export function computeMetric(
  definition: MetricDefinition,
  rows: readonly BaseRow[],
  geography: Geography,
): MetricValue[] {
  const grainCells = withAggregateAreas(definition, cellsOf(definition, rows), geography);
  const cells = [...grainCells];
  for (const type of periodTypesOf(definition)) {
    if (type !== definition.grain)
      cells.push(...reaggregated(definition, grainCells, definition.grain as PeriodType, type));
  }
  const values = cells.map((cell) => metricValue(definition, cell));
  compare(definition, values, geography);
  addTrends(definition, values);
  return values;
}

function cellsOf(definition: MetricDefinition, rows: readonly BaseRow[]): Cell[] {
  const cells = new Map<string, Cell>();
  const { grain } = definition;
  for (const row of rows) {
    const period = isPeriodType(grain)
      ? { start: periodStartOf(row.period_start, grain), type: grain as string, end: '' }
      : { start: row.period_start, type: row.period_type ?? 'unknown', end: row.period_end ?? row.period_start };
    if (isPeriodType(grain)) period.end = periodEndOf(period.start, grain);
    const periodStart = period.start;
    const key = `${row.area_code}|${period.type}|${periodStart}|${period.end}`;
    let cell = cells.get(key);
    if (cell === undefined) {
      cell = {
        areaCode: row.area_code,
        periodStart,
        periodEnd: period.end,
        periodType: period.type,
        basis: 'published',
        bands: new Map(),
        note: null,
      };
      cells.set(key, cell);
    }
    const band = definition.method === 'dsr' ? (row.age_band ?? '') : '';
    if (cell.bands.has(band) || cell.published !== undefined) {
      throw new Error(
        `${definition.file}: the query gives ${row.area_code} for ${periodStart}${band ? ` (${band})` : ''} twice`,
      );
    }
    if (definition.method === 'published_value') cell.published = row;
    else cell.bands.set(band, { numerator: row.numerator ?? null, denominator: row.denominator ?? null });
    cell.note ??= row.value_note ?? null;
  }
  return [...cells.values()];
}

/** England and each region from the councils of a period, where the query does not publish them. */
function withAggregateAreas(definition: MetricDefinition, cells: Cell[], geography: Geography): Cell[] {
  if (definition.method === 'published_value') return cells;
  const published = new Set(cells.map((cell) => `${cell.areaCode}|${cell.periodStart}`));
  const aggregates = new Map<string, { cell: Cell; councils: number }>();
  for (const cell of cells) {
    const region = geography.regionOf(cell.areaCode);
    if (region === undefined) continue;
    for (const area of [region, ENGLAND_CODE]) {
      const key = `${area}|${cell.periodStart}`;
      if (published.has(key)) continue;
      let aggregate = aggregates.get(key);
      if (aggregate === undefined) {
        aggregate = {
          cell: { ...cell, areaCode: area, basis: 'from_councils', bands: new Map(), note: null },
          councils: 0,
        };
        aggregates.set(key, aggregate);
      }
      aggregate.councils++;
      addCounts(aggregate.cell.bands, cell.bands);
    }
  }
  for (const { cell, councils } of aggregates.values()) {
    const expected = geography.councilsIn(cell.areaCode, cell.periodEnd);
    if (councils < expected) {
      cell.partial = true;
      cell.note = `from ${councils} of its ${expected} councils (the others have no figure): not a comparator`;
    }
  }
  return [...cells, ...[...aggregates.values()].map(({ cell }) => cell)];
}

function addCounts(into: Map<string, Counts>, from: Map<string, Counts>, denominatorWeight = 1): void {
  for (const [band, counts] of from) {
    const sum = into.get(band) ?? { numerator: 0, denominator: 0 };
    into.set(band, {
      numerator: sum.numerator === null || counts.numerator === null ? null : sum.numerator + counts.numerator,
      denominator:
        sum.denominator === null || counts.denominator === null
          ? null
          : sum.denominator + counts.denominator * denominatorWeight,
    });
  }
}

/** A quarter or financial year of each area from its months, only where every month has a figure. */
function reaggregated(definition: MetricDefinition, cells: Cell[], grain: PeriodType, type: PeriodType): Cell[] {
  const months = monthsIn(type, grain);
  const weight = definition.aggregate?.denominator === 'mean' ? 1 / months : 1;
  const groups = new Map<string, Cell[]>();
  for (const cell of cells) {
    const key = `${cell.areaCode}|${periodStartOf(cell.periodStart, type)}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [cell]);
    else group.push(cell);
  }
  const longer: Cell[] = [];
  for (const parts of groups.values()) {
    if (parts.length < months) continue;
    const first = parts[0]!;
    const cell: Cell = {
      areaCode: first.areaCode,
      periodStart: periodStartOf(first.periodStart, type),
      periodEnd: periodEndOf(periodStartOf(first.periodStart, type), type),
      periodType: type,
      basis: first.basis,
      bands: new Map(),
      note: parts.find((part) => part.note !== null)?.note ?? null,
      partial: parts.some((part) => part.partial),
    };
    for (const part of parts) addCounts(cell.bands, part.bands, weight);
    longer.push(cell);
  }
  return longer;
}

function estimateOf(definition: MetricDefinition, cell: Cell): Estimate & Counts {
  const multiplier = multiplierOf(definition);
  if (definition.method === 'published_value') {
    const row = cell.published!;
    return {
      value: row.value ?? null,
      lower95: row.lower_95 ?? null,
      upper95: row.upper_95 ?? null,
      lower998: row.lower_998 ?? null,
      upper998: row.upper_998 ?? null,
      method: null,
      valueNote: row.value === null || row.value === undefined ? (cell.note ?? 'not published') : cell.note,
      numerator: row.numerator ?? null,
      denominator: row.denominator ?? null,
    };
  }
  if (definition.method === 'dsr') {
    const bands = [...cell.bands].map(([ageBand, counts]) => ({ ageBand, ...counts }));
    const estimate = directlyStandardisedRate(bands, { multiplier });
    return { ...estimate, numerator: estimate.totalCount, denominator: estimate.totalPopulation };
  }
  const counts = cell.bands.get('') ?? { numerator: null, denominator: null };
  if (definition.method === 'count') {
    return {
      value: counts.numerator,
      lower95: null,
      upper95: null,
      lower998: null,
      upper998: null,
      method: null,
      valueNote: counts.numerator === null ? 'numerator is missing' : null,
      ...counts,
    };
  }
  const estimate =
    definition.method === 'crude_rate'
      ? crudeRate(counts.numerator, counts.denominator, { multiplier })
      : proportion(counts.numerator, counts.denominator, { multiplier });
  return { ...estimate, ...counts };
}

function metricValue(definition: MetricDefinition, cell: Cell): MetricValue {
  const estimate = estimateOf(definition, cell);
  const notes = [estimate.valueNote, cell.note].filter((note, i, all) => note !== null && all.indexOf(note) === i);
  return {
    metric_id: definition.id,
    area_code: cell.areaCode,
    period_start: cell.periodStart,
    period_end: cell.periodEnd,
    period_type: cell.periodType,
    area_basis: cell.basis,
    numerator: estimate.numerator,
    denominator: estimate.denominator,
    value: estimate.value,
    lower_95: estimate.lower95,
    upper_95: estimate.upper95,
    lower_998: estimate.lower998,
    upper_998: estimate.upper998,
    value_note: notes.length === 0 ? null : notes.join('; '),
    compared_to_england: 'not_compared',
    compared_to_england_998: 'not_compared',
    compared_to_region: 'not_compared',
    trend: 'cannot_be_calculated',
    partial: cell.partial === true,
  };
}

/** Each area against England's value (95% and 99.8%) and a council against its region's (the metric's level). */
function compare(definition: MetricDefinition, values: MetricValue[], geography: Geography): void {
  const byKey = new Map(
    values.map((value) => [`${value.area_code}|${value.period_type}|${value.period_start}`, value]),
  );
  const comparator = (area: string, of: MetricValue) => {
    const row = byKey.get(`${area}|${of.period_type}|${of.period_start}`);
    return row === undefined || row.partial ? null : row.value;
  };
  const regionLevel = definition.benchmark === 'confidence_intervals_998' ? 'upper998' : 'upper95';
  for (const value of values) {
    if (value.area_code === ENGLAND_CODE || definition.benchmark === 'none') continue;
    const england = comparator(ENGLAND_CODE, value);
    value.compared_to_england = comparison(value.lower_95, value.upper_95, england, definition.polarity);
    value.compared_to_england_998 = comparison(value.lower_998, value.upper_998, england, definition.polarity);
    const region = isRegion(value.area_code) ? undefined : geography.regionOf(value.area_code);
    if (region === undefined) continue;
    const [lower, upper] =
      regionLevel === 'upper998' ? [value.lower_998, value.upper_998] : [value.lower_95, value.upper_95];
    value.compared_to_region = comparison(lower, upper, comparator(region, value), definition.polarity);
  }
}

/**
 * The recent trend at each point of the metric's grain: the five points of its series ending there (Fingertips'
 * test, at the series' grain; quarters and years made from months have none).
 */
function addTrends(definition: MetricDefinition, values: MetricValue[]): void {
  const series = new Map<string, MetricValue[]>();
  for (const value of values) {
    if (isPeriodType(definition.grain) && value.period_type !== definition.grain) continue;
    const key = `${value.area_code}|${value.period_type}`;
    const points = series.get(key);
    if (points === undefined) series.set(key, [value]);
    else points.push(value);
  }
  for (const points of series.values()) {
    points.sort((a, b) => a.period_start.localeCompare(b.period_start));
    const first = points[0]!;
    const type = first.period_type;
    // A published value's own periods (three-year periods) have no consecutive order the test can use.
    if (!isPeriodType(type)) return;
    points.forEach((point, i) => {
      const recent = points.slice(Math.max(0, i - 4), i + 1).map((p) => ({
        ...p,
        period: periodsBetween(first.period_start, p.period_start, type),
      }));
      point.trend = trendWithPolarity(trendOf(definition, recent), definition.polarity);
    });
  }
}

function trendOf(definition: MetricDefinition, points: (MetricValue & { period: number })[]): RecentTrend {
  if (definition.method === 'proportion') {
    return proportionTrend(points.map(({ numerator, denominator, period }) => ({ numerator, denominator, period })));
  }
  return regressionTrend(
    points.map(({ value, lower_95, upper_95, period }) => ({ value, lower95: lower_95, upper95: upper_95, period })),
  );
}
