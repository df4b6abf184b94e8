import jStat from 'jstat';
import { assertConfidence, assertFinite } from './validate.js';

// jStat's inverses agree with R's qnorm and qchisq to about 1e-12 relative across the range used here
// (tests/statistics check them against R's values); other JavaScript libraries tested were wrong in the upper tail.

/** Quantile of the standard normal distribution (R's `qnorm`), by `jStat.normal.inv`. */
export function normalQuantile(p: number): number {
  assertProbability(p);
  return jStat.normal.inv(p, 0, 1);
}

/**
 * Quantile of the chi-squared distribution (R's `qchisq`), by `jStat.chisquare.inv`. With 0 degrees of freedom
 * the distribution is all at 0, as in R, which makes the exact Poisson lower limit of a count of 0 equal to 0.
 */
export function chiSquaredQuantile(p: number, degreesOfFreedom: number): number {
  assertProbability(p);
  assertFinite('degreesOfFreedom', degreesOfFreedom);
  if (degreesOfFreedom < 0) throw new Error(`degreesOfFreedom must be 0 or more, got ${degreesOfFreedom}`);
  if (degreesOfFreedom === 0) return 0;
  return jStat.chisquare.inv(p, degreesOfFreedom);
}

/** Quantile of Student's t distribution (R's `qt`), by `jStat.studentt.inv`. */
export function studentTQuantile(p: number, degreesOfFreedom: number): number {
  assertProbability(p);
  assertFinite('degreesOfFreedom', degreesOfFreedom);
  if (!(degreesOfFreedom > 0)) throw new Error(`degreesOfFreedom must be more than 0, got ${degreesOfFreedom}`);
  return jStat.studentt.inv(p, degreesOfFreedom);
}

/** The two-sided normal deviate for a confidence level, written as PHEindicatormethods writes it (1.959964 at 0.95). */
export function zForConfidence(confidence: number): number {
  assertConfidence(confidence);
  return normalQuantile(confidence + (1 - confidence) / 2);
}

function assertProbability(p: number): void {
  assertFinite('p', p);
  if (p <= 0 || p >= 1) throw new Error(`p must be a probability between 0 and 1 (exclusive), got ${p}`);
}
