import { checkCounts } from './counts.js';
import { type Estimate, noValue } from './estimate.js';
import { assertMultiplier } from './validate.js';
import { wilsonLower, wilsonUpper } from './wilson.js';

/**
 * Proportion x / n × multiplier (1 for a proportion of 1, 100 for a percentage) with 95% and 99.8% Wilson score
 * limits, as PHEindicatormethods' `phe_proportion`. Missing or negative input, a denominator of 0 or a numerator
 * greater than the denominator gives no value and a note.
 */
export function proportion(
  numerator: number | null,
  denominator: number | null,
  { multiplier = 1 }: { multiplier?: number } = {},
): Estimate {
  assertMultiplier(multiplier);
  const counts = checkCounts(numerator, denominator);
  if (counts.problem !== null) return noValue(counts.problem);
  const { numerator: x, denominator: n } = counts;
  if (x > n) return noValue(`numerator (${x}) is greater than denominator (${n})`);
  return {
    value: (x / n) * multiplier,
    lower95: wilsonLower(x, n, 0.95) * multiplier,
    upper95: wilsonUpper(x, n, 0.95) * multiplier,
    lower998: wilsonLower(x, n, 0.998) * multiplier,
    upper998: wilsonUpper(x, n, 0.998) * multiplier,
    method: 'Wilson',
    valueNote: null,
  };
}
