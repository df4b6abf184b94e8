import { describe, expect, it } from 'vitest';
import { proportion } from '../../etl/src/statistics/index.js';
import { expectClose, numberOrNull, readSheet } from './vectors.js';

const PROPORTIONS = readSheet('testdata_Proportion.xlsx', 'testdata_Prop');
const GROUPED_PROPORTIONS = readSheet('testdata_Proportion.xlsx', 'testdata_Prop_g');

describe("proportions against OHID's testdata_Proportion.xlsx", () => {
  it('reads all 19 rows of testdata_Prop and 11 of testdata_Prop_g', () => {
    expect(PROPORTIONS).toHaveLength(19);
    expect(GROUPED_PROPORTIONS).toHaveLength(11);
  });

  it.each(PROPORTIONS.map((row, i) => [i + 2, row.Area, row.multiplier, row] as const))(
    'testdata_Prop row %i (%s, multiplier %i): value and Wilson limits at 95% and 99.8%',
    (_, area, __, row) => {
      const result = proportion(numberOrNull(row, 'Numerator'), numberOrNull(row, 'Denominator'), {
        multiplier: numberOrNull(row, 'multiplier')!,
      });
      expectClose(result.value, numberOrNull(row, 'value'), `${area} value`);
      expectClose(result.lower95, numberOrNull(row, 'lower95_0cl'), `${area} lower 95`);
      expectClose(result.upper95, numberOrNull(row, 'upper95_0cl'), `${area} upper 95`);
      expectClose(result.lower998, numberOrNull(row, 'lower99_8cl'), `${area} lower 99.8`);
      expectClose(result.upper998, numberOrNull(row, 'upper99_8cl'), `${area} upper 99.8`);
      if (row.value !== null) expect(result.method).toBe('Wilson');
      else expect(result.valueNote).toMatch(/is missing/);
    },
  );

  it.each(GROUPED_PROPORTIONS.map((row, i) => [i + 2, row.Area, row] as const))(
    'testdata_Prop_g row %i (%s): value and 95% limits',
    (_, area, row) => {
      const result = proportion(numberOrNull(row, 'Numerator'), numberOrNull(row, 'Denominator'), {
        multiplier: numberOrNull(row, 'multiplier')!,
      });
      expect(row.confidence).toBe('95%');
      expectClose(result.value, numberOrNull(row, 'value'), `${area} value`);
      expectClose(result.lower95, numberOrNull(row, 'lowercl'), `${area} lower 95`);
      expectClose(result.upper95, numberOrNull(row, 'uppercl'), `${area} upper 95`);
    },
  );
});

describe('proportions: edge cases and no value', () => {
  it('defaults to a proportion of 1; 0 of n and n of n keep Wilson limits inside [0, 1]', () => {
    expect(proportion(1, 4).value).toBe(0.25);
    const none = proportion(0, 50);
    expect(none.value).toBe(0);
    expectClose(none.lower95, 0, 'lower of 0 of 50');
    const all = proportion(50, 50);
    expect(all.value).toBe(1);
    expectClose(all.upper95, 1, 'upper of 50 of 50');
  });

  it.each([
    [11, 10, 'numerator (11) is greater than denominator (10)'],
    [0, 0, 'denominator is 0'],
    [-1, 10, 'numerator is negative (-1)'],
    [1, null, 'denominator is missing'],
  ])('%s of %s: no value or limits, and the note %j', (numerator, denominator, note) => {
    const result = proportion(numerator, denominator, { multiplier: 100 });
    expect(result).toMatchObject({ value: null, lower95: null, upper998: null, valueNote: note });
  });

  it('throws on a bad multiplier or a value that is not a number, naming it', () => {
    expect(() => proportion(1, 10, { multiplier: -100 })).toThrow('multiplier must be greater than 0, got -100');
    expect(() => proportion(1, Number.NaN)).toThrow('denominator must be a finite number, got NaN');
  });
});
