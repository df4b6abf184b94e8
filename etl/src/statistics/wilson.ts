import { zForConfidence } from './quantiles.js';
import { assertFinite } from './validate.js';

/**
 * Lower Wilson score limit for x cases out of n (Wilson 1927; Newcombe and Altman 2000), as PHEindicatormethods'
 * `wilson_lower`: (2x + z² - z√(z² + 4x(1 - x/n))) / (2(n + z²)), on the scale of a proportion of 1.
 */
export function wilsonLower(x: number, n: number, confidence: number): number {
  const { z, spread } = wilsonTerms(x, n, confidence);
  return (2 * x + z ** 2 - spread) / 2 / (n + z ** 2);
}

/** Upper Wilson score limit for x cases out of n, as `wilson_upper`: (2x + z² + z√(z² + 4x(1 - x/n))) / (2(n + z²)). */
export function wilsonUpper(x: number, n: number, confidence: number): number {
  const { z, spread } = wilsonTerms(x, n, confidence);
  return (2 * x + z ** 2 + spread) / 2 / (n + z ** 2);
}

function wilsonTerms(x: number, n: number, confidence: number): { z: number; spread: number } {
  assertFinite('x', x);
  assertFinite('n', n);
  if (x < 0) throw new Error(`x must be 0 or more, got ${x}`);
  if (n <= 0) throw new Error(`n must be greater than 0, got ${n}`);
  if (x > n) throw new Error(`x must not be greater than n, got x = ${x} and n = ${n}`);
  const z = zForConfidence(confidence);
  return { z, spread: z * Math.sqrt(z ** 2 + 4 * x * (1 - x / n)) };
}
