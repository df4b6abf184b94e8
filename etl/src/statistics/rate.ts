import { checkCounts } from './counts.js';
import { type Estimate, noValue } from './estimate.js';
import { byarsLower, byarsUpper, exactPoissonLower, exactPoissonUpper } from './poisson.js';
import { assertMultiplier } from './validate.js';

/** Below this many events a rate's limits are exact Poisson limits; from it, Byar's. */
export const EXACT_POISSON_BELOW = 10;

/**
 * Crude rate O / n × multiplier with 95% and 99.8% limits, as PHEindicatormethods' `phe_rate`: limits on the count by
 * Byar's method for O ≥ 10 and exact Poisson (chi-squared) limits for O < 10, divided by n. The numerator may exceed
 * the denominator (events, not people). Missing, negative or zero-denominator input gives no value and a note.
 */
export function crudeRate(
  numerator: number | null,
  denominator: number | null,
  { multiplier = 100_000 }: { multiplier?: number } = {},
): Estimate {
  assertMultiplier(multiplier);
  const counts = checkCounts(numerator, denominator);
  if (counts.problem !== null) return noValue(counts.problem);
  const { numerator: events, denominator: population } = counts;
  const scale = (count: number | null) => (count === null ? null : (count / population) * multiplier);
  const exact = events < EXACT_POISSON_BELOW;
  const lower = (confidence: number) =>
    scale(exact ? exactPoissonLower(events, confidence) : byarsLower(events, confidence));
  const upper = (confidence: number) =>
    scale(exact ? exactPoissonUpper(events, confidence) : byarsUpper(events, confidence));
  return {
    value: scale(events),
    lower95: lower(0.95),
    upper95: upper(0.95),
    lower998: lower(0.998),
    upper998: upper(0.998),
    method: exact ? 'Exact' : 'Byars',
    valueNote: null,
  };
}
