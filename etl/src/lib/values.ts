import { InputError, type InputLocation } from './errors.js';

/** A published figure: a number, or no number and the reason the publisher gave for it. */
export interface Measured {
  value: number | null;
  missingReason: string | null;
}

/** Markers publishers put where there is no figure, with what each means (GSS guidance on symbols). */
const MARKERS: Record<string, string> = {
  '': 'blank: no value published',
  na: 'not available (NA)',
  'n/a': 'not available (n/a)',
  '[x]': 'not available ([x])',
  x: 'not available (x)',
  '[c]': 'suppressed for confidentiality ([c])',
  c: 'suppressed for confidentiality (c)',
  '[z]': 'not applicable ([z])',
  '[low]': 'rounds to zero ([low])',
  '*': 'suppressed (*)',
  '..': 'not available (..)',
  ':': 'not available (:)',
  '-': 'nil or not applicable (-)',
};

const NUMBER = /^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][-+]?\d+)?$|^-?\.\d+$/;

/**
 * Reads a figure: a number (thousands separators allowed) or a missing-value marker, kept with its reason
 * so that a suppressed figure never reads as zero. Anything else is bad input. `nonNegative` for counts.
 */
export function readMeasured(
  raw: unknown,
  location: InputLocation,
  options: { nonNegative?: boolean; what?: string } = {},
): Measured {
  if (typeof raw === 'number') return checkSign(raw, location, options);
  const text = String(raw ?? '').trim();
  const marker = MARKERS[text.toLowerCase()];
  if (marker !== undefined) return { value: null, missingReason: marker };
  if (!NUMBER.test(text))
    throw new InputError(
      location,
      `expected a number or a missing-value marker (NA, [x], [c], *, ..), found '${text}'`,
    );
  return checkSign(Number(text.replace(/,/g, '')), location, options);
}

function checkSign(
  value: number,
  location: InputLocation,
  options: { nonNegative?: boolean; what?: string },
): Measured {
  if (!Number.isFinite(value)) throw new InputError(location, `expected a finite number, found ${value}`);
  if (options.nonNegative && value < 0)
    throw new InputError(location, `expected ${options.what ?? 'a count'} of 0 or more, found ${value}`);
  return { value, missingReason: null };
}

/** An optional figure: blank or a marker gives null (a reason is only kept for the main value). */
export function readOptional(
  raw: string | undefined,
  location: InputLocation,
  options: { nonNegative?: boolean; what?: string } = {},
): number | null {
  if (raw === undefined) return null;
  return readMeasured(raw, location, options).value;
}
