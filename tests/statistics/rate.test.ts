import { describe, expect, it } from 'vitest';
import { crudeRate } from '../../etl/src/statistics/index.js';
import { expectClose, numberOrNull, readSheet } from './vectors.js';

const RATES = readSheet('testdata_Rate.xlsx', 'testdata_Rate');
const GROUPED_RATES = readSheet('testdata_Rate.xlsx', 'testdata_Rate_g');

describe("crude rates against OHID's testdata_Rate.xlsx", () => {
  it('reads all 20 rows of testdata_Rate and 12 of testdata_Rate_g', () => {
    expect(RATES).toHaveLength(20);
    expect(GROUPED_RATES).toHaveLength(12);
  });

  it.each(RATES.map((row, i) => [i + 2, row.Area, row] as const))(
    'testdata_Rate row %i (%s): value and limits at 95% and 99.8%',
    (_, area, row) => {
      const rate = crudeRate(numberOrNull(row, 'Numerator'), numberOrNull(row, 'Denominator'), {
        multiplier: numberOrNull(row, 'multiplier')!,
      });
      expectClose(rate.value, numberOrNull(row, 'value'), `${area} value`);
      expectClose(rate.lower95, numberOrNull(row, 'lower95_0cl'), `${area} lower 95`);
      expectClose(rate.upper95, numberOrNull(row, 'upper95_0cl'), `${area} upper 95`);
      expectClose(rate.lower998, numberOrNull(row, 'lower99_8cl'), `${area} lower 99.8`);
      expectClose(rate.upper998, numberOrNull(row, 'upper99_8cl'), `${area} upper 99.8`);
      if (row.value !== null) expect(rate.method).toBe(row.method);
      else expect(rate.valueNote).toMatch(/is missing/);
    },
  );

  // The grouped sheet holds phe_rate's output for testdata_Rate summed by area: its own numerator and denominator.
  it.each(GROUPED_RATES.map((row, i) => [i + 2, row.Area, row] as const))(
    'testdata_Rate_g row %i (%s): value and 95% limits',
    (_, area, row) => {
      const rate = crudeRate(numberOrNull(row, 'Numerator'), numberOrNull(row, 'Denominator'), {
        multiplier: numberOrNull(row, 'multiplier')!,
      });
      expect(row.confidence).toBe('95%');
      expectClose(rate.value, numberOrNull(row, 'value'), `${area} value`);
      expectClose(rate.lower95, numberOrNull(row, 'lowercl'), `${area} lower 95`);
      expectClose(rate.upper95, numberOrNull(row, 'uppercl'), `${area} upper 95`);
    },
  );
});

describe('crude rates: no value, and bad arguments', () => {
  it('0 events: rate 0, lower limits 0, exact upper limits (hand calculation: -ln(α/2) / n)', () => {
    const rate = crudeRate(0, 1000);
    expect(rate).toMatchObject({ value: 0, lower95: 0, lower998: 0, method: 'Exact', valueNote: null });
    expectClose(rate.upper95, (-Math.log(0.025) / 1000) * 100_000, 'upper 95');
    expectClose(rate.upper998, (-Math.log(0.001) / 1000) * 100_000, 'upper 99.8');
  });

  it('defaults to per 100,000 and allows more events than people (testdata_Rate Area12: 250 in 220)', () => {
    expect(crudeRate(5, 1000).value).toBe(500);
    expect(crudeRate(250, 220).value).toBeCloseTo(113636.36363636365, 8);
  });

  it.each([
    [5, 0, 'denominator is 0'],
    [-3, 100, 'numerator is negative (-3)'],
    [3, -100, 'denominator is negative (-100)'],
    [null, 100, 'numerator is missing'],
    [3, null, 'denominator is missing'],
  ])('%s events in %s: no value or limits, and the note %j', (numerator, denominator, note) => {
    expect(crudeRate(numerator, denominator)).toEqual({
      value: null,
      lower95: null,
      upper95: null,
      lower998: null,
      upper998: null,
      method: null,
      valueNote: note,
    });
  });

  it('throws on a value that is not a finite number or a bad multiplier, naming the argument and value', () => {
    expect(() => crudeRate(Number.NaN, 100)).toThrow('numerator must be a finite number, got NaN');
    expect(() => crudeRate(1, Number.POSITIVE_INFINITY)).toThrow('denominator must be a finite number, got Infinity');
    expect(() => crudeRate('4' as unknown as number, 100)).toThrow('numerator must be a finite number, got "4"');
    expect(() => crudeRate(1, 100, { multiplier: 0 })).toThrow('multiplier must be greater than 0, got 0');
  });
});
