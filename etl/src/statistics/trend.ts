import { zForConfidence } from './quantiles.js';
import { assertFinite, assertFiniteOrNull } from './validate.js';

export type TrendMarker = 'increasing' | 'decreasing' | 'no_significant_change' | 'cannot_be_calculated';

export interface RecentTrend {
  marker: TrendMarker;
  /** The test statistic (1 degree of freedom), or null when the trend cannot be calculated. */
  chiSquared: number | null;
  /** Why the trend cannot be calculated, or null. */
  note: string | null;
}

interface Periodic {
  /** Consecutive whole numbers (a year, a month's index) when given: a step of more than 1 is a gap. */
  period?: number;
}

export interface ProportionTrendPoint extends Periodic {
  numerator: number | null;
  denominator: number | null;
}

export interface IntervalTrendPoint extends Periodic {
  value: number | null;
  lower95: number | null;
  upper95: number | null;
}

/** The recent trend uses this many most recent points, consecutive and all with data. */
export const TREND_POINTS = 5;
/** χ² on 1 degree of freedom at 99.8%, qchisq(0.998, 1) = 9.5495 (Fingertips' `ChiSquareConfidence`). */
export const TREND_CHI_SQUARED_THRESHOLD = zForConfidence(0.998) ** 2;
// Fingertips divides the 95% interval's width by 3.92, not by 2 × 1.959964, to get a point's standard error.
const INTERVAL_WIDTH_IN_STANDARD_ERRORS = 3.92;

/**
 * Fingertips' recent trend for a proportion (PHE Fingertips, PholioVisualisationWS TrendMarkerCalculator,
 * `IsSignificantForProportions`), on the five most recent points, given oldest first: the χ² test for trend on the
 * counts and denominators; significant above 9.5495 (99.8%) and only if the slope of the log odds keeps its sign
 * whichever single point is left out. Too few points, a gap, or a count of 0 or of its whole denominator (no log odds):
 * `cannot_be_calculated`.
 */
export function proportionTrend(points: readonly ProportionTrendPoint[]): RecentTrend {
  const recent = mostRecent(points);
  if ('note' in recent) return cannotBeCalculated(recent.note);
  for (const [i, point] of recent.points.entries()) {
    assertFiniteOrNull(`numerator of point ${i + 1}`, point.numerator);
    assertFiniteOrNull(`denominator of point ${i + 1}`, point.denominator);
  }
  const counted = recent.points.flatMap((point) =>
    point.numerator !== null && point.denominator !== null && point.numerator > 0 && point.numerator < point.denominator
      ? [{ x: point.numerator, n: point.denominator }]
      : [],
  );
  if (counted.length < TREND_POINTS) {
    return cannotBeCalculated(
      `each of the ${TREND_POINTS} most recent points needs a numerator above 0 and below its denominator`,
    );
  }

  const times = counted.map((_, i) => i + 1);
  const sum = (terms: (point: { x: number; n: number }, t: number) => number) =>
    counted.reduce((total, point, i) => total + terms(point, times[i]!), 0);
  const total = sum(({ n }) => n);
  const events = sum(({ x }) => x);
  const eventsByTime = sum(({ x }, t) => x * t);
  const populationByTime = sum(({ n }, t) => n * t);
  const populationByTimeSquared = sum(({ n }, t) => n * t ** 2);
  const chiSquared =
    (total * (total * eventsByTime - events * populationByTime) ** 2) /
    (events * (total - events) * (total * populationByTimeSquared - populationByTime ** 2));

  const logOdds = counted.map(({ x, n }) => Math.log(x / (n - x)));
  const slope = consistentSlope(
    times,
    logOdds,
    times.map(() => 1),
  );
  return judge(chiSquared, slope);
}

/**
 * Fingertips' recent trend for any value with a 95% interval, a rate or a DSR (PHE Fingertips, PholioVisualisationWS
 * TrendMarkerCalculator, `IsSignificant`), on the five most recent points, given oldest first: weighted least-squares
 * regression of value on time, each point weighted by 1/SE² with SE = (upper - lower) / 3.92; χ² = (slope / SE of
 * slope)², significant above 9.5495 (99.8%) and only if the slope keeps its sign whichever single point is left out.
 * Too few points, a gap, or a point without a value or an interval of some width: `cannot_be_calculated`.
 */
export function regressionTrend(points: readonly IntervalTrendPoint[]): RecentTrend {
  const recent = mostRecent(points);
  if ('note' in recent) return cannotBeCalculated(recent.note);
  for (const [i, point] of recent.points.entries()) {
    assertFiniteOrNull(`value of point ${i + 1}`, point.value);
    assertFiniteOrNull(`lower95 of point ${i + 1}`, point.lower95);
    assertFiniteOrNull(`upper95 of point ${i + 1}`, point.upper95);
  }
  const measured = recent.points.flatMap(({ value, lower95, upper95 }) =>
    value !== null && lower95 !== null && upper95 !== null && upper95 > lower95 ? [{ value, lower95, upper95 }] : [],
  );
  if (measured.length < TREND_POINTS) {
    return cannotBeCalculated(`each of the ${TREND_POINTS} most recent points needs a value and a 95% interval`);
  }
  const times = measured.map((_, i) => i + 1);
  const weights = measured.map(
    ({ lower95, upper95 }) => 1 / ((upper95 - lower95) / INTERVAL_WIDTH_IN_STANDARD_ERRORS) ** 2,
  );
  const fit = weightedFit(
    times,
    measured.map(({ value }) => value),
    weights,
  );
  const chiSquared = fit.slope ** 2 / fit.slopeVariance;
  const slope = consistentSlope(
    times,
    measured.map(({ value }) => value),
    weights,
  );
  return judge(chiSquared, slope);
}

function judge(chiSquared: number, slope: number | null): RecentTrend {
  if (slope === null || !(chiSquared > TREND_CHI_SQUARED_THRESHOLD) || slope === 0) {
    return { marker: 'no_significant_change', chiSquared, note: null };
  }
  return { marker: slope > 0 ? 'increasing' : 'decreasing', chiSquared, note: null };
}

function cannotBeCalculated(note: string): RecentTrend {
  return { marker: 'cannot_be_calculated', chiSquared: null, note };
}

/** The last TREND_POINTS points if they are consecutive; throws when periods are given out of order or for some only. */
function mostRecent<T extends Periodic>(points: readonly T[]): { points: T[] } | { note: string } {
  const withPeriod = points.filter((point) => point.period !== undefined);
  if (withPeriod.length > 0 && withPeriod.length < points.length) {
    throw new Error('period must be given for every point or for none');
  }
  for (const [i, point] of withPeriod.entries()) {
    assertFinite(`period of point ${i + 1}`, point.period);
    const previous = withPeriod[i - 1]?.period;
    if (previous !== undefined && point.period! <= previous) {
      throw new Error(`points must be oldest first: period ${point.period} comes after period ${previous}`);
    }
  }
  if (points.length < TREND_POINTS) {
    return { note: `fewer than ${TREND_POINTS} points (${points.length})` };
  }
  const recent = points.slice(-TREND_POINTS);
  for (let i = 1; i < recent.length; i++) {
    const [before, after] = [recent[i - 1]!.period, recent[i]!.period];
    if (before !== undefined && after !== undefined && after - before !== 1) {
      return { note: `a gap between periods ${before} and ${after} in the ${TREND_POINTS} most recent points` };
    }
  }
  return { points: recent };
}

/** Weighted least-squares slope of y on t and its variance (the weights being 1 / variance of each y). */
function weightedFit(t: number[], y: number[], w: number[]): { slope: number; slopeVariance: number } {
  let [sw, swt, swy, swty, swtt] = [0, 0, 0, 0, 0];
  for (let i = 0; i < t.length; i++) {
    sw += w[i]!;
    swt += w[i]! * t[i]!;
    swy += w[i]! * y[i]!;
    swty += w[i]! * t[i]! * y[i]!;
    swtt += w[i]! * t[i]! ** 2;
  }
  const determinant = sw * swtt - swt ** 2;
  return { slope: (sw * swty - swt * swy) / determinant, slopeVariance: sw / determinant };
}

/**
 * The slope over all points, or null if leaving out some one point turns it round (Fingertips' outlier check:
 * the all-points slope and each leave-one-out slope must have one sign, 0 counting as rising).
 */
function consistentSlope(t: number[], y: number[], w: number[]): number | null {
  const slope = weightedFit(t, y, w).slope;
  const rising = slope >= 0;
  for (let left = 0; left < t.length; left++) {
    const keep = (_: number, i: number) => i !== left;
    const without = weightedFit(t.filter(keep), y.filter(keep), w.filter(keep)).slope;
    if (without >= 0 !== rising) return null;
  }
  return slope;
}
