import { InputError, type InputLocation } from './errors.js';

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/**
 * The calendar date ('2019-10-01') of a date cell. Workbooks are read with each date as UTC (see `readWorkbook`),
 * so the UTC date is the one in the cell in every time zone; an invalid date gives null.
 */
export function calendarDate(date: Date): string | null {
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
}

/** 'October 2019', 'Oct 2019' or a Date → '2019-10-01'. */
export function parseMonth(value: unknown, location: InputLocation): string {
  const date = value instanceof Date ? calendarDate(value) : null;
  if (date !== null) return `${date.slice(0, 7)}-01`;
  const match = /^\s*([a-z]+)\.?\s+(\d{4})\s*$/i.exec(String(value ?? ''));
  const month = match ? MONTHS.findIndex((m) => m.startsWith(match[1]!.toLowerCase()) && match[1]!.length >= 3) : -1;
  if (!match || month < 0)
    throw new InputError(location, `expected a month such as 'October 2019', found '${String(value)}'`);
  return `${match[2]}-${pad(month + 1)}-01`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** '2018-06-01' → 'June 2018'. */
export function monthLabel(month: string): string {
  return new Date(`${month}T00:00:00Z`).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}
