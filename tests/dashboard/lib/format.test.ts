import { describe, expect, it } from 'vitest';
import { formatCount, formatMonth, formatMonthLong, formatRate } from '../../../dashboard/src/lib/format';

describe('formatMonth', () => {
  it('formats a YYYY-MM month as a short month and year', () => {
    expect(formatMonth('2018-06')).toBe('Jun 2018');
    expect(formatMonth('2019-09')).toBe('Sep 2019');
  });

  it('throws on a value that is not a month', () => {
    expect(() => formatMonth('2018-13')).toThrow(RangeError);
  });
});

describe('formatMonthLong', () => {
  it('formats a YYYY-MM month with the full month name', () => {
    expect(formatMonthLong('2018-06')).toBe('June 2018');
  });
});

describe('formatRate', () => {
  it('shows one decimal place with thousands separators', () => {
    expect(formatRate(371.8234)).toBe('371.8');
    expect(formatRate(250)).toBe('250.0');
    expect(formatRate(1234.56)).toBe('1,234.6');
  });
});

describe('formatCount', () => {
  it('shows whole numbers with thousands separators', () => {
    expect(formatCount(138000)).toBe('138,000');
    expect(formatCount(2550)).toBe('2,550');
  });
});
