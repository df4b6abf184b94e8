const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

const rateFormat = new Intl.NumberFormat('en-GB', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

const countFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

function monthName(month: string): { name: string; year: string } {
  const [year, monthNumber] = month.split('-');
  const name = MONTH_NAMES[Number(monthNumber) - 1];
  if (!year || !name) throw new RangeError(`Not a YYYY-MM month: ${month}`);
  return { name, year };
}

// Fixed month names rather than Intl: newer ICU data abbreviates September as "Sept" in en-GB.
export function formatMonth(month: string): string {
  const { name, year } = monthName(month);
  return `${name.slice(0, 3)} ${year}`;
}

export function formatMonthLong(month: string): string {
  const { name, year } = monthName(month);
  return `${name} ${year}`;
}

export function formatRate(value: number): string {
  return rateFormat.format(value);
}

export function formatCount(value: number): string {
  return countFormat.format(value);
}
