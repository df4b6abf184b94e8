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

/**
 * The one number rule for every figure read from a file. Accepted: plain decimals (`1234.5`, `-0.25`, `.5`),
 * thousands separated by commas as NHS England and ONS publish them (`1,234,567`), and exponents (`1.2E+06`, as
 * Excel writes a long number into a CSV). Refused, with what was found: locale forms (`1.234,5`, `1 234`, `1,5`),
 * non-finite values (`Infinity`, `NaN`) and magnitudes of 10^15 or more (`1e308`: beyond any published figure, and
 * beyond the whole numbers a double holds exactly). `-0` reads as 0. A count is a whole number, 0 or more.
 */
const NUMBER = /^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][-+]?\d+)?$|^-?\.\d+([eE][-+]?\d+)?$/;
const LOCALE_NUMBER = /^-?\d{1,3}([.\s\u00a0\u202f'\u2019]\d{3})+(,\d+)?$|^-?\d+,\d+$|^-?\d+(\s\d{3})+([.,]\d+)?$/;
const NON_FINITE = /^[-+]?(inf(inity)?|nan)$/i;
const EXCEL_ERROR = /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A)$/i;
const LARGEST_NUMBER = 1e15;

export interface NumberRule {
  /** A whole number, 0 or more. */
  count?: boolean;
  /** 0 or more. */
  nonNegative?: boolean;
  /** What the number is, in messages ('a count', 'planned spend'). */
  what?: string;
  /** What a message says was expected when the text is not a number at all. */
  expected?: string;
}

/** A number cell or text read by the number rule (above); an InputError naming what was found otherwise. */
export function readNumber(raw: number | string, location: InputLocation, rule: NumberRule = {}): number {
  const text = String(raw).trim();
  if (typeof raw === 'string' && !NUMBER.test(text)) {
    throw new InputError(location, `expected ${rule.expected ?? 'a number'}, found '${text}'${notNumberReason(text)}`);
  }
  const value = typeof raw === 'number' ? raw : Number(text.replace(/,/g, ''));
  if (!Number.isFinite(value)) throw new InputError(location, `expected a finite number, found '${text}'`);
  if (Math.abs(value) >= LARGEST_NUMBER)
    throw new InputError(location, `expected a number below 10^15 in size, found '${text}' (out of range)`);
  const what = rule.what ?? 'a count';
  if (rule.count && !Number.isInteger(value))
    throw new InputError(location, `expected ${what} as a whole number, found ${text}`);
  if ((rule.count || rule.nonNegative) && value < 0)
    throw new InputError(location, `expected ${what} of 0 or more, found ${value}`);
  return value === 0 ? 0 : value;
}

function notNumberReason(text: string): string {
  if (NON_FINITE.test(text)) return ' (not a finite number)';
  if (EXCEL_ERROR.test(text))
    return ' (an Excel error value: correct the formula in the workbook, or type the figure, and save it again)';
  if (LOCALE_NUMBER.test(text))
    return " (a number with locale separators: write decimals with '.' and thousands with ',' or nothing, as 1234.5 or 1,234.5)";
  return '';
}

/**
 * Reads a figure: a number (the number rule above) or a missing-value marker, kept with its reason so that a
 * suppressed figure never reads as zero. Anything else is bad input. `nonNegative` or `count` for counts.
 */
export function readMeasured(raw: unknown, location: InputLocation, rule: NumberRule = {}): Measured {
  if (typeof raw === 'number') return { value: readNumber(raw, location, rule), missingReason: null };
  const text = String(raw ?? '').trim();
  const marker = MARKERS[text.toLowerCase()];
  if (marker !== undefined) return { value: null, missingReason: marker };
  const expected = 'a number or a missing-value marker (NA, [x], [c], *, ..)';
  return { value: readNumber(text, location, { expected, ...rule }), missingReason: null };
}

/** An optional figure: blank or a marker gives null (a reason is only kept for the main value). */
export function readOptional(raw: string | undefined, location: InputLocation, rule: NumberRule = {}): number | null {
  if (raw === undefined) return null;
  return readMeasured(raw, location, rule).value;
}
