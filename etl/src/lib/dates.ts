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

/**
 * A cover's publication date as an ISO date: '9th August 2018', '9 August 2018', '2023-05-11' or '14/12/2023';
 * null for anything else ('-', blank), which then checks nothing.
 */
export function publicationDate(text: string | null): string | null {
  const value = (text ?? '').trim().toLowerCase();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const dayMonthYear = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const written = /^(\d{1,2})(?:st|nd|rd|th)? ([a-z]+) (\d{4})$/.exec(value);
  const parts = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : dayMonthYear
      ? [Number(dayMonthYear[3]), Number(dayMonthYear[2]), Number(dayMonthYear[1])]
      : written && MONTHS.includes(written[2]!)
        ? [Number(written[3]), MONTHS.indexOf(written[2]!) + 1, Number(written[1])]
        : null;
  if (!parts) return null;
  const [year, month, day] = parts as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date.toISOString().slice(0, 10) : null;
}

/** The number of days in a month ('2019-02-01' → 28). */
export function daysInMonth(month: string): number {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
}
