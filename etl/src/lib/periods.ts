// biome-ignore-all lint/suspicious/noAssignInExpressions: a chain of regex tests, each keeping its match
export type PeriodType =
  | 'day'
  | 'month'
  | 'months'
  | 'calendar_quarter'
  | 'financial_quarter'
  | 'calendar_year'
  | 'calendar_years'
  | 'financial_year'
  | 'financial_years';

export interface Period {
  start: string;
  end: string;
  type: PeriodType;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const pad = (n: number) => String(n).padStart(2, '0');
const firstDay = (year: number, month: number) => `${year}-${pad(month)}-01`;
const lastDay = (year: number, month: number) =>
  `${year}-${pad(month)}-${pad(new Date(Date.UTC(year, month, 0)).getUTCDate())}`;

function monthIndex(name: string): number {
  const lower = name.toLowerCase().replace(/\.$/, '');
  const index = MONTHS.findIndex((m) => lower.startsWith(m));
  // 'sept' is common; 'ma' alone is not a month.
  return lower.length >= 3 && index >= 0 && MONTHS[index] === lower.slice(0, 3) ? index + 1 : 0;
}

/** The second year of a financial year written with two or four digits, when it follows the first. */
function followingYear(first: number, second: string): boolean {
  const value = Number(second);
  return second.length === 2 ? value === (first + 1) % 100 : value === first + 1;
}

function fullYear(first: number, second: string): number {
  if (second.length === 4) return Number(second);
  const century = Math.floor(first / 100) * 100;
  const year = century + Number(second);
  return year < first ? year + 100 : year;
}

const financialYear = (year: number): Period => ({
  start: firstDay(year, 4),
  end: lastDay(year + 1, 3),
  type: 'financial_year',
});

/**
 * Reads a period label as publishers write it: '2019/20' or '2019-20' (financial year), '2019' (calendar year),
 * '2017 - 19' (calendar years pooled), '2016/17 - 18/19' (financial years pooled), 'Q1 2019/20' or
 * '2019/20 Q1' (financial quarter, Q1 = April-June), '2019 Q1' or 'Q1 2019' (calendar quarter), 'Apr 2019',
 * 'April 2019' or '2019-04' (month), 'Jan - Mar 2019' or 'Apr 2019 - Mar 2020' (months), '2019-04-01' (day).
 * Returns null when the label is none of these.
 */
export function parsePeriod(label: string): Period | null {
  const text = label.trim().replace(/\s+/g, ' ');
  let m: RegExpExecArray | null;

  if ((m = /^(\d{4})\/(\d{2}|\d{4})$/.exec(text)) || (m = /^(\d{4})-(\d{2})$/.exec(text))) {
    const first = Number(m[1]);
    if (followingYear(first, m[2]!)) return financialYear(first);
    if (text.includes('/')) return null;
    // '2019-04' is a month.
    const month = Number(m[2]);
    return month >= 1 && month <= 12
      ? { start: firstDay(first, month), end: lastDay(first, month), type: 'month' }
      : null;
  }
  if ((m = /^(\d{4})-(\d{4})$/.exec(text)) && followingYear(Number(m[1]), m[2]!)) return financialYear(Number(m[1]));
  if ((m = /^(\d{4})$/.exec(text))) return { start: `${m[1]}-01-01`, end: `${m[1]}-12-31`, type: 'calendar_year' };
  if ((m = /^(\d{4}) - (\d{2}|\d{4})$/.exec(text))) {
    const first = Number(m[1]);
    const last = fullYear(first, m[2]!);
    return last > first ? { start: `${first}-01-01`, end: `${last}-12-31`, type: 'calendar_years' } : null;
  }
  if ((m = /^(\d{4})\/(\d{2}) ?- ?(\d{2}|\d{4})\/(\d{2})$/.exec(text))) {
    const first = Number(m[1]);
    const lastStart = fullYear(first, m[3]!);
    if (!followingYear(first, m[2]!) || !followingYear(lastStart, m[4]!) || lastStart <= first) return null;
    return { start: firstDay(first, 4), end: lastDay(lastStart + 1, 3), type: 'financial_years' };
  }
  if ((m = /^Q([1-4]) (\d{4})\/(\d{2})$/i.exec(text)) || (m = /^(\d{4})\/(\d{2}) Q([1-4])$/i.exec(text))) {
    const [quarter, year, second] = m[0].toUpperCase().startsWith('Q') ? [m[1], m[2], m[3]] : [m[3], m[1], m[2]];
    if (!followingYear(Number(year), second!)) return null;
    const startMonth = 4 + (Number(quarter) - 1) * 3;
    const startYear = Number(year) + (startMonth > 12 ? 1 : 0);
    const month = ((startMonth - 1) % 12) + 1;
    return { start: firstDay(startYear, month), end: lastDay(startYear, month + 2), type: 'financial_quarter' };
  }
  if ((m = /^Q([1-4]) (\d{4})$/i.exec(text)) || (m = /^(\d{4}) Q([1-4])$/i.exec(text))) {
    const [quarter, year] = m[0].toUpperCase().startsWith('Q') ? [m[1], m[2]] : [m[2], m[1]];
    const month = (Number(quarter) - 1) * 3 + 1;
    return { start: firstDay(Number(year), month), end: lastDay(Number(year), month + 2), type: 'calendar_quarter' };
  }
  if ((m = /^([A-Za-z]+\.?) (\d{4})$/.exec(text))) {
    const month = monthIndex(m[1]!);
    return month ? { start: firstDay(Number(m[2]), month), end: lastDay(Number(m[2]), month), type: 'month' } : null;
  }
  if ((m = /^([A-Za-z]+\.?) (\d{4})? ?- ?([A-Za-z]+\.?) (\d{4})$/.exec(text))) {
    const from = monthIndex(m[1]!);
    const to = monthIndex(m[3]!);
    const endYear = Number(m[4]);
    const startYear = m[2] ? Number(m[2]) : from <= to ? endYear : endYear - 1;
    if (!from || !to || startYear * 12 + from >= endYear * 12 + to) return null;
    return { start: firstDay(startYear, from), end: lastDay(endYear, to), type: 'months' };
  }
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text))) {
    const date = new Date(`${text}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) return null;
    return { start: text, end: text, type: 'day' };
  }
  return null;
}

/**
 * The financial year a file is about, from its name: NHS Digital names files '…-2021-…' for 2020-21 (YYZZ);
 * '2020-21', '2020_21' and '202021' are read too. Null when the name has none.
 */
export function financialYearFromName(name: string): Period | null {
  let m = /(?<!\d)(20\d{2})[-_ ]?(\d{2})(?!\d)/.exec(name);
  if (m && followingYear(Number(m[1]), m[2]!)) return financialYear(Number(m[1]));
  const pattern = /(?<!\d)(\d{2})(\d{2})(?!\d)/g;
  while ((m = pattern.exec(name))) {
    if (followingYear(Number(m[1]), m[2]!)) return financialYear(2000 + Number(m[1]));
  }
  return null;
}

/** '2020-21' for the financial year starting in April 2020. */
export const financialYearLabel = (start: string): string => {
  const year = Number(start.slice(0, 4));
  return `${year}-${pad((year + 1) % 100)}`;
};

/** The span of the periods a file holds: the earliest start and the latest end seen (ISO dates). */
export class PeriodSpan {
  start: string | null = null;
  end: string | null = null;

  add(start: string, end: string): void {
    if (this.start === null || start < this.start) this.start = start;
    if (this.end === null || end > this.end) this.end = end;
  }
}
