/** Throws unless `value` is a finite number; the message names the argument and what it was. */
export function assertFinite(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${name} must be a finite number, got ${describe(value)}`);
  }
}

/** Throws unless `value` is null or a finite number. */
export function assertFiniteOrNull(name: string, value: unknown): asserts value is number | null {
  if (value !== null) assertFinite(name, value);
}

/** A confidence level is a fraction strictly between 0 and 1 (0.95, not 95). */
export function assertConfidence(confidence: unknown): asserts confidence is number {
  assertFinite('confidence', confidence);
  if (confidence <= 0 || confidence >= 1) {
    throw new Error(`confidence must be a fraction between 0 and 1 (0.95 for 95%), got ${confidence}`);
  }
}

export function assertMultiplier(multiplier: unknown): asserts multiplier is number {
  assertFinite('multiplier', multiplier);
  if (multiplier <= 0) throw new Error(`multiplier must be greater than 0, got ${multiplier}`);
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
