import { chiSquaredQuantile, zForConfidence } from './quantiles.js';
import { assertConfidence, assertFinite } from './validate.js';

/**
 * Lower confidence limit for an observed count by Byar's approximation to the Poisson (Breslow and Day 1987),
 * as PHEindicatormethods' `byars_lower`: O(1 - 1/(9O) - z/(3√O))³. Null where the approximation fails (a count of
 * 0, or a small count at a high confidence level, where it would be negative), as `byars_lower` gives NA.
 */
export function byarsLower(count: number, confidence: number): number | null {
  assertCount(count);
  const z = zForConfidence(confidence);
  if (count === 0) return null;
  const lower = count * (1 - 1 / (9 * count) - z / (3 * Math.sqrt(count))) ** 3;
  return lower < 0 ? null : lower;
}

/**
 * Upper confidence limit for an observed count by Byar's approximation (Breslow and Day 1987), as
 * PHEindicatormethods' `byars_upper`: (O+1)(1 - 1/(9(O+1)) + z/(3√(O+1)))³.
 */
export function byarsUpper(count: number, confidence: number): number {
  assertCount(count);
  const z = zForConfidence(confidence);
  const next = count + 1;
  return next * (1 - 1 / (9 * next) + z / (3 * Math.sqrt(next))) ** 3;
}

/**
 * Exact lower Poisson limit for an observed count (Armitage and Berry 2002), as `phe_rate` for counts below 10:
 * qchisq(α/2, 2O) / 2, which is 0 for a count of 0.
 */
export function exactPoissonLower(count: number, confidence: number): number {
  assertCount(count);
  assertConfidence(confidence);
  return chiSquaredQuantile((1 - confidence) / 2, 2 * count) / 2;
}

/** Exact upper Poisson limit for an observed count (Armitage and Berry 2002): qchisq(1 - α/2, 2O + 2) / 2. */
export function exactPoissonUpper(count: number, confidence: number): number {
  assertCount(count);
  assertConfidence(confidence);
  return chiSquaredQuantile(confidence + (1 - confidence) / 2, 2 * count + 2) / 2;
}

function assertCount(count: number): void {
  assertFinite('count', count);
  if (count < 0) throw new Error(`count must be 0 or more, got ${count}`);
}
