import { describe, expect, it } from 'vitest';
import {
  byarsLower,
  byarsUpper,
  chiSquaredQuantile,
  exactPoissonLower,
  exactPoissonUpper,
  normalQuantile,
  wilsonLower,
  wilsonUpper,
  zForConfidence,
} from '../../etl/src/statistics/index.js';
import { confidenceOf, expectClose, numberOrNull, readSheet } from './vectors.js';

const BYARS_WILSON = readSheet('testdata_Byars_Wilson.xlsx', 'testdata_B_W');

describe("Byar's and Wilson limits against OHID's testdata_Byars_Wilson.xlsx", () => {
  it('reads all 13 rows of the sheet (7 Byars, 6 Wilson)', () => {
    expect(BYARS_WILSON).toHaveLength(13);
    expect(BYARS_WILSON.filter((row) => row.method === 'Byars')).toHaveLength(7);
    expect(BYARS_WILSON.filter((row) => row.method === 'Wilson')).toHaveLength(6);
  });

  it.each(BYARS_WILSON.map((row, i) => [i + 2, row] as const))('row %i', (_, row) => {
    const x = numberOrNull(row, 'x')!;
    const confidence = confidenceOf(row);
    const label = `${row.method} x=${x} n=${row.n} at ${row.confidence}`;
    if (row.method === 'Byars') {
      // The last row (x = 1 at 99.8%) has no lower limit: Byar's approximation goes negative there.
      expectClose(byarsLower(x, confidence), numberOrNull(row, 'lowercl'), `${label} lower`);
      expectClose(byarsUpper(x, confidence), numberOrNull(row, 'uppercl'), `${label} upper`);
    } else {
      const n = numberOrNull(row, 'n')!;
      expectClose(wilsonLower(x, n, confidence), numberOrNull(row, 'lowercl'), `${label} lower`);
      expectClose(wilsonUpper(x, n, confidence), numberOrNull(row, 'uppercl'), `${label} upper`);
    }
  });
});

describe('quantiles', () => {
  // Closed forms, independent of jStat: qchisq(p, 2) = -2 ln(1 - p); qchisq(p, 1) = qnorm((1 + p) / 2)².
  it.each([0.001, 0.025, 0.5, 0.975, 0.999])('chi-squared with 2 degrees of freedom at %f', (p) => {
    expectClose(chiSquaredQuantile(p, 2), -2 * Math.log(1 - p), `qchisq(${p}, 2)`);
  });

  it('R values of qnorm, and qchisq(0.998, 1) as Fingertips states it', () => {
    expectClose(normalQuantile(0.975), 1.959963984540054, 'qnorm(0.975)');
    expectClose(normalQuantile(0.999), 3.090232306167813, 'qnorm(0.999)');
    expectClose(zForConfidence(0.95), 1.959963984540054, 'z at 95%');
    expectClose(chiSquaredQuantile(0.998, 1), 9.54953570608324, 'qchisq(0.998, 1)');
  });

  it('0 degrees of freedom is the point mass at 0', () => {
    expect(chiSquaredQuantile(0.025, 0)).toBe(0);
  });

  it('refuses probabilities and confidence levels outside (0, 1), naming the argument', () => {
    expect(() => normalQuantile(1)).toThrow('p must be a probability between 0 and 1 (exclusive), got 1');
    expect(() => zForConfidence(95)).toThrow('confidence must be a fraction between 0 and 1 (0.95 for 95%), got 95');
    expect(() => chiSquaredQuantile(0.5, -1)).toThrow('degreesOfFreedom must be 0 or more, got -1');
  });
});

describe('exact Poisson limits', () => {
  it('a count of 0 has lower limit 0 and upper limit -ln(α/2) (hand calculation: qchisq(1 - α/2, 2) / 2)', () => {
    expect(exactPoissonLower(0, 0.95)).toBe(0);
    expect(exactPoissonLower(0, 0.998)).toBe(0);
    expectClose(exactPoissonUpper(0, 0.95), -Math.log(0.025), 'upper at 95%');
    expectClose(exactPoissonUpper(0, 0.998), -Math.log(0.001), 'upper at 99.8%');
  });

  it("Byar's lower limit of 0 events is undefined (NA in PHEindicatormethods)", () => {
    expect(byarsLower(0, 0.95)).toBeNull();
  });

  it('refuses a negative or non-finite count, naming it', () => {
    expect(() => byarsUpper(-1, 0.95)).toThrow('count must be 0 or more, got -1');
    expect(() => exactPoissonLower(Number.NaN, 0.95)).toThrow('count must be a finite number, got NaN');
  });
});

describe('Wilson helpers', () => {
  it('refuses x > n, n of 0 and negative x, naming them', () => {
    expect(() => wilsonLower(11, 10, 0.95)).toThrow('x must not be greater than n, got x = 11 and n = 10');
    expect(() => wilsonUpper(0, 0, 0.95)).toThrow('n must be greater than 0, got 0');
    expect(() => wilsonUpper(-1, 10, 0.95)).toThrow('x must be 0 or more, got -1');
  });
});
