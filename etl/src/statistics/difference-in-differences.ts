import { studentTQuantile, zForConfidence } from './quantiles.js';
import { assertConfidence } from './validate.js';

/** Events and their denominator (a population over the months, or the cases at risk) before and after a start. */
export interface BeforeAfter {
  beforeNumerator: number;
  beforeDenominator: number;
  afterNumerator: number;
  afterDenominator: number;
}

export interface RelativeChange {
  /** The subject's after/before rate ratio over the comparator's, minus 1: −0.23 is 23% below the comparator's trend. */
  estimate: number;
  lower: number;
  upper: number;
  /** Standard error of the log ratio of rate ratios. */
  standardError: number;
}

const rateRatio = (group: BeforeAfter) =>
  group.afterNumerator / group.afterDenominator / (group.beforeNumerator / group.beforeDenominator);

/**
 * One area against a comparator by its four counts: the ratio of rate ratios, with the interval of its log from the
 * Poisson variances of the counts, var = 1/a + 1/b + 1/c + 1/d (as for a ratio of two incidence rate ratios; e.g.
 * Altman and Bland, BMJ 2003;326:219). Null when a count is 0.
 */
export function countDifferenceInDifferences(
  subject: BeforeAfter,
  comparator: BeforeAfter,
  confidence = 0.95,
): RelativeChange | null {
  assertConfidence(confidence);
  const counts = [subject, comparator].flatMap((group) => [group.beforeNumerator, group.afterNumerator]);
  const denominators = [subject, comparator].flatMap((group) => [group.beforeDenominator, group.afterDenominator]);
  if (counts.some((count) => !(count > 0)) || denominators.some((denominator) => !(denominator > 0))) return null;
  const logRatio = Math.log(rateRatio(subject) / rateRatio(comparator));
  const standardError = Math.sqrt(counts.reduce((sum, count) => sum + 1 / count, 0));
  const z = zForConfidence(confidence);
  return {
    estimate: Math.exp(logRatio) - 1,
    lower: Math.exp(logRatio - z * standardError) - 1,
    upper: Math.exp(logRatio + z * standardError) - 1,
    standardError,
  };
}

/** Each area's log after/before rate ratio: the unit of the area-level comparison. Null when a count is 0. */
export function logRateRatio(group: BeforeAfter): number | null {
  const ratio = rateRatio(group);
  return Number.isFinite(ratio) && ratio > 0 ? Math.log(ratio) : null;
}

/**
 * Several areas against several: the mean of the subject areas' log rate ratios against the comparators', with
 * Welch's t interval, so that the interval holds the variation between areas (each area's own change, which
 * differs far more than its counts' Poisson noise says) and not the counts alone. Needs two areas on each side.
 */
export function areaLevelDifferenceInDifferences(
  subjectLogRatios: readonly number[],
  comparatorLogRatios: readonly number[],
  confidence = 0.95,
): (RelativeChange & { degreesOfFreedom: number }) | null {
  assertConfidence(confidence);
  if (subjectLogRatios.length < 2 || comparatorLogRatios.length < 2) return null;
  const [s, c] = [summary(subjectLogRatios), summary(comparatorLogRatios)];
  const [vs, vc] = [s.variance / s.n, c.variance / c.n];
  const standardError = Math.sqrt(vs + vc);
  const degreesOfFreedom = (vs + vc) ** 2 / (vs ** 2 / (s.n - 1) + vc ** 2 / (c.n - 1));
  const difference = s.mean - c.mean;
  const t = standardError === 0 ? 0 : studentTQuantile(confidence + (1 - confidence) / 2, degreesOfFreedom);
  return {
    estimate: Math.exp(difference) - 1,
    lower: Math.exp(difference - t * standardError) - 1,
    upper: Math.exp(difference + t * standardError) - 1,
    standardError,
    degreesOfFreedom,
  };
}

function summary(values: readonly number[]) {
  const n = values.length;
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1);
  return { n, mean, variance };
}
