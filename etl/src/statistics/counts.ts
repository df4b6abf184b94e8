import { assertFiniteOrNull } from './validate.js';

export type CheckedCounts = { numerator: number; denominator: number; problem: null } | { problem: string };

/**
 * A numerator and denominator that give a figure, or why they do not (missing, negative, a denominator of 0).
 * Throws when either is neither null nor a finite number.
 */
export function checkCounts(numerator: number | null, denominator: number | null): CheckedCounts {
  assertFiniteOrNull('numerator', numerator);
  assertFiniteOrNull('denominator', denominator);
  if (numerator === null) return { problem: 'numerator is missing' };
  if (denominator === null) return { problem: 'denominator is missing' };
  if (numerator < 0) return { problem: `numerator is negative (${numerator})` };
  if (denominator < 0) return { problem: `denominator is negative (${denominator})` };
  if (denominator === 0) return { problem: 'denominator is 0' };
  return { numerator, denominator, problem: null };
}
