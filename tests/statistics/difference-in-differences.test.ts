import { describe, expect, it } from 'vitest';
import {
  areaLevelDifferenceInDifferences,
  countDifferenceInDifferences,
  logRateRatio,
} from '../../etl/src/statistics/difference-in-differences.js';

// Reference values from R 4.2 (stats): the count method by its formula with qnorm, the area-level method by
// t.test(subject, comparator) (Welch): exp(conf.int) - 1.
//   l <- log((80/1000)/(100/1000) / ((1100/10000)/(1000/10000))); se <- sqrt(1/100 + 1/80 + 1/1000 + 1/1100)
//   exp(l + c(0, -1, 1) * qnorm(0.975) * se) - 1

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('difference in differences', () => {
  it('gives the ratio of rate ratios of one area and its comparator with the count-based interval', () => {
    const result = countDifferenceInDifferences(
      { beforeNumerator: 100, beforeDenominator: 1000, afterNumerator: 80, afterDenominator: 1000 },
      { beforeNumerator: 1000, beforeDenominator: 10000, afterNumerator: 1100, afterDenominator: 10000 },
    )!;
    expect(relative(result.estimate, -0.2727272727272727)).toBeLessThan(1e-12);
    expect(relative(result.lower, -0.4645602573754455)).toBeLessThan(1e-9);
    expect(relative(result.upper, -0.01216593067580984)).toBeLessThan(1e-9);
    expect(relative(result.standardError, 0.1562340900990911)).toBeLessThan(1e-12);
  });

  it('gives no estimate when a count is 0', () => {
    const none = { beforeNumerator: 0, beforeDenominator: 1000, afterNumerator: 5, afterDenominator: 1000 };
    const some = { beforeNumerator: 10, beforeDenominator: 1000, afterNumerator: 5, afterDenominator: 1000 };
    expect(countDifferenceInDifferences(none, some)).toBeNull();
    expect(logRateRatio(none)).toBeNull();
    expect(logRateRatio(some)).toBeCloseTo(Math.log(0.5), 12);
  });

  it("compares areas' log rate ratios with Welch's interval, as R's t.test", () => {
    const result = areaLevelDifferenceInDifferences([-0.3, -0.2, -0.25, -0.1], [0, 0.05, -0.05, 0.02, 0.1])!;
    expect(relative(result.estimate, -0.2106141176980311)).toBeLessThan(1e-12);
    expect(relative(result.lower, -0.3050444437858472)).toBeLessThan(1e-9);
    expect(relative(result.upper, -0.1033526308182529)).toBeLessThan(1e-9);
    expect(relative(result.degreesOfFreedom, 4.974264834739966)).toBeLessThan(1e-12);
  });

  it('needs two areas on each side for the area-level interval', () => {
    expect(areaLevelDifferenceInDifferences([-0.3], [0, 0.1])).toBeNull();
  });
});
