/** Cube's values as the pages use them: text trimmed (blank is none), numbers from the strings Cube sends. */

export function toText(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

// Cube returns numeric measures as strings; null means no figure, never zero.
export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : null;
}
