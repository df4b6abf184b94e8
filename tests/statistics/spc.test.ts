import { describe, expect, it } from 'vitest';
import {
  ASSURANCE_ICONS,
  type ImprovementDirection,
  POINT_TYPES,
  SHORT_GROUP_WARNING,
  SPECIAL_CAUSE_RULES,
  type SpcOptions,
  type SpcResult,
  VARIATION_ICONS,
  xmrChart,
} from '../../etl/src/statistics/index.js';
import {
  assuranceIcon,
  partOfSeven,
  partOfTwoInThree,
  type SpecialCause,
  sevenPointsOneSideOfMean,
  sevenPointTrend,
  specialCauseTypes,
  twoInThree,
} from '../../etl/src/statistics/spc.js';

// Sources: NHSRplotthedots 0.2.2 (github.com/nhs-r-community/NHSRplotthedots, commit 050b07d), tests/testthat/.
// Where a series is the package's `set.seed(123); rnorm(n)`, its values are written out to 17 significant digits
// (R 4.2, the default Mersenne-Twister and inversion); the first four agree with _snaps/ptd_spc_standard.md.

/** `set.seed(123); rnorm(24)`: the first 20 are test-ptd_spc_standard.R's and test-ptd_spc.R's `data$y`. */
const RNORM_24 = [
  -0.5604756465522126, -0.23017748948327996, 1.558708314149124, 0.070508391424576003, 0.12928773516094624,
  1.715064986883281, 0.4609162059892023, -1.265061234606534, -0.68685285189352607, -0.44566197009995806,
  1.2240817974394615, 0.35981382705736381, 0.40077145059405217, 0.11068271594511971, -0.55584113475407493,
  1.7869131368030782, 0.49785047822923939, -1.9666171566296382, 0.70135590156368555, -0.47279140772793404,
  -1.0678237059868452, -0.21797491465829513, -1.0260044483072397, -0.72889122929114025,
];
const RNORM_20 = RNORM_24.slice(0, 20);
/** test-geom_ptd_icon.R: `d$y[d$f == 1] <- rnorm(12, 5)`, the next 12 draws after RNORM_24, plus 5. */
const SECOND_HALF_PLUS_5 = [
  4.3749607321507433, 3.3133066892575869, 5.837787044494525, 5.153373117836515, 3.8618630629880526, 6.2538149210699263,
  5.426464221476814, 4.7049285170077288, 5.8951256610450224, 5.8781334875330424, 5.8215810816374871, 5.6886402541000907,
];
/** Then `d$y[d$f == 1] <- rnorm(12, -5)`, the 12 draws after those, minus 5. */
const SECOND_HALF_MINUS_5 = [
  -4.4460823464624113, -5.0619117105767213, -5.3059626637399164, -5.3804710010123831, -5.6947069789205127,
  -5.2079172780195986, -6.2653963515682642, -2.8310440346614874, -3.7920380016950093, -6.1231085832033489,
  -5.4028848352990764, -5.466655353623219,
];

const increase = { improvementDirection: 'increase' } as const;
const chart = (values: readonly number[], options: Partial<SpcOptions> = {}): SpcResult =>
  xmrChart(values, { ...increase, ...options });
const rules = (result: SpcResult) => result.points.map((point) => point.specialCauseRule);
const types = (result: SpcResult) => result.points.map((point) => point.pointType);
const indicesWith = (result: SpcResult, rule: string) =>
  result.points.flatMap((point, i) => (point.specialCauseRule === rule ? [i] : []));
/** R prints the value to this many significant digits. */
const expectPrinted = (actual: number, printed: number, significantDigits: number) =>
  expect(Number(actual.toPrecision(significantDigits))).toBe(printed);
const repeat = (pattern: number[], times: number) => Array.from({ length: times }, () => pattern).flat();

describe('the rule helpers, as test-ptd_calculate_point_type.R tests them (its 0/1 as false/true)', () => {
  it('ptd_seven_point_one_side_mean', () => {
    expect(sevenPointsOneSideOfMean([])).toEqual([]);
    expect(sevenPointsOneSideOfMean([1, 1, 1, 1, 1, 1])).toEqual([0, 0, 0, 0, 0, 0]);
    expect(sevenPointsOneSideOfMean([1, 1, 1, 1, 1, 1, -1])).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(sevenPointsOneSideOfMean([1, 1, 1, 1, 1, 1, 1, 1, -1])).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 0]);
    expect(sevenPointsOneSideOfMean([-1, -1, -1, -1, -1, -1, -1, -1, 1])).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 0]);
  });

  it('ptd_part_of_seven_trend', () => {
    const flags = (ones: number) => Array.from({ length: ones }, () => true);
    expect(partOfSeven([])).toEqual([]);
    expect(partOfSeven([0, 0, 0, 0, 0, 0])).toEqual([false, false, false, false, false, false]);
    expect(partOfSeven([0, 0, 0, 0, 0, 0, 1, 0])).toEqual([...flags(7), false]);
    expect(partOfSeven([0, 0, 0, 0, 0, 0, 0, 1, 0])).toEqual([false, ...flags(7), false]);
    expect(partOfSeven([0, 0, 0, 0, 0, 0, -1, 0])).toEqual([...flags(7), false]);
    expect(partOfSeven([0, 0, 0, 0, 0, 0, 0, -1, 0])).toEqual([false, ...flags(7), false]);
  });

  it('ptd_seven_point_trend: 7 points, 6 strict steps; a tie breaks it', () => {
    expect(sevenPointTrend([])).toEqual([]);
    expect(sevenPointTrend([1, 2, 3, 4, 5, 6])).toEqual([0, 0, 0, 0, 0, 0]);
    expect(sevenPointTrend([1, 2, 3, 3, 4, 5, 6])).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(sevenPointTrend([1, 2, 3, 4, 5, 6, 7])).toEqual([0, 0, 0, 0, 0, 0, 1]);
    expect(sevenPointTrend([2, 1, 2, 3, 4, 5, 6, 7, 3])).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 0]);
    expect(sevenPointTrend([7, 6, 5, 4, 3, 2, 1])).toEqual([0, 0, 0, 0, 0, 0, -1]);
    expect(sevenPointTrend([2, 7, 6, 5, 4, 3, 2, 1, 3])).toEqual([0, 0, 0, 0, 0, 0, 0, -1, 0]);
  });

  it('ptd_two_in_three', () => {
    const close = (flags: number[]) => flags.map((flag) => flag === 1);
    const asFlags = (ones: number[]) => ones.map((one) => one === 1);
    expect(twoInThree([], [])).toEqual([]);
    // The package passes a relative-to-mean of length 1 here; zeros of full length mean the same to it.
    expect(twoInThree(close([0, 0, 0]), [0, 0, 0])).toEqual(asFlags([0, 0, 0]));
    for (const flags of [
      [1, 0, 1],
      [0, 1, 1],
      [1, 1, 0],
    ]) {
      expect(twoInThree(close(flags), [1, 1, 1])).toEqual(asFlags([1, 1, 1]));
    }
    expect(twoInThree(close([0, 0, 1, 0, 1, 0, 0]), [1, 1, 1, 1, 1, 1, 1])).toEqual(asFlags([0, 0, 1, 1, 1, 0, 0]));
    expect(twoInThree(close([0, 0, 1, 1, 0, 0, 0]), [1, 1, 1, 1, 1, 1, 1])).toEqual(asFlags([0, 1, 1, 1, 1, 0, 0]));
  });

  it('ptd_two_in_three: not when the points are on opposite sides of the mean', () => {
    const close = (flags: number[]) => flags.map((flag) => flag === 1);
    for (const flags of [
      [1, 0, 1],
      [0, 1, 1],
      [1, 1, 0],
    ]) {
      expect(twoInThree(close(flags), [1, -1, 1])).toEqual([false, false, false]);
    }
    expect(twoInThree(close([0, 0, 1, 0, 1, 0, 0]), [1, -1, 1, -1, 1, -1, 1])).toEqual(Array(7).fill(false));
    expect(twoInThree(close([0, 0, 1, 1, 0, 0, 0]), [-1, 1, -1, 1, -1, 1, -1])).toEqual(Array(7).fill(false));
  });

  it('ptd_part_of_two_in_three: only the points close to the limits', () => {
    const cases: [close: number[], expected: number[]][] = [
      [
        [1, 0, 1],
        [1, 0, 1],
      ],
      [
        [0, 1, 1],
        [0, 1, 1],
      ],
      [
        [1, 1, 0],
        [1, 1, 0],
      ],
      [
        [0, 0, 1, 0, 1, 0, 0],
        [0, 0, 1, 0, 1, 0, 0],
      ],
      [
        [0, 0, 1, 1, 0, 0, 0],
        [0, 0, 1, 1, 0, 0, 0],
      ],
      [
        [1, 0, 0, 1],
        [0, 0, 0, 0],
      ],
      [
        [1, 0, 0, 1, 1],
        [0, 0, 0, 1, 1],
      ],
    ];
    for (const [flags, expected] of cases) {
      const close = flags.map((flag) => flag === 1);
      const sameSide = flags.map(() => 1);
      expect(partOfTwoInThree(twoInThree(close, sameSide), close)).toEqual(expected.map((one) => one === 1));
    }
  });

  it('ptd_special_cause_type: outside the limits, then trend, then two in three, then run', () => {
    // The package's test mocks the three part-of vectors; these are its mocks' values (a non-zero as true).
    const causes = specialCauseTypes(
      [1, 2, 3, 4, 5, 6, 7, 8],
      [1, 1, 1, 1, -1, -1, -1, -1],
      [0, 0, 0, 0, 0, 1, -1, 0].map(Boolean),
      {
        trend: [1, -1, 0, 0, 0, 0, 0, 0].map(Boolean),
        run: [0, 0, 1, -1, 0, 0, 0, 0].map(Boolean),
        twoInThree: [0, 0, 0, 0, 1, 0, 0, 0].map(Boolean),
      },
    );
    const PACKAGE_LABELS: Record<string, SpecialCause | null> = {
      '7 Point Trend (Increasing)': { rule: 'trend', side: 1 },
      '7 Points Above CL': { rule: 'run', side: 1 },
      '2 in 3 Below CL': { rule: 'two_in_three', side: -1 },
      'Below LCL': { rule: 'outside_limits', side: -1 },
      'Common Cause': null,
    };
    const expected = [
      '7 Point Trend (Increasing)',
      '7 Point Trend (Increasing)',
      '7 Points Above CL',
      '7 Points Above CL',
      '2 in 3 Below CL',
      'Below LCL',
      'Below LCL',
      'Common Cause',
    ];
    expect(causes).toEqual(expected.map((label) => PACKAGE_LABELS[label]));
  });
});

describe('mean, moving ranges and limits (test-ptd_spc_standard.R, _snaps/ptd_spc_standard.md, _snaps/ptd_spc.md)', () => {
  it('rnorm(20): mean 0.1416238, limits -3.01138 and 3.294627, all common cause', () => {
    const result = chart(RNORM_20);
    const first = result.points[0]!;
    expectPrinted(first.mean, 0.1416238, 7);
    expectPrinted(first.lowerProcessLimit, -3.01138, 7);
    expectPrinted(first.upperProcessLimit, 3.294627, 7);
    // glimpse shows the first 15 relative_to_mean; the rest follow from the values.
    expect(result.points.slice(0, 15).map((point) => point.relativeToMean)).toEqual([
      -1, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1, 1, -1, -1,
    ]);
    expect(result.points.every((point) => point.rebaseGroup === 0)).toBe(true);
    // _snaps/ptd_spc.md (summary): n 20, common_cause 20, variation_type common_cause.
    expect(types(result)).toEqual(Array(20).fill('common_cause'));
    expect(result.variationIcon).toBe('common_cause');
  });

  it('the near limits are two thirds of the way from the mean to each process limit', () => {
    const { mean, lowerNearLimit, upperNearLimit, lowerProcessLimit, upperProcessLimit } = chart(RNORM_20).points[0]!;
    expect(upperNearLimit - mean).toBeCloseTo((2 / 3) * (upperProcessLimit - mean), 12);
    expect(mean - lowerNearLimit).toBeCloseTo((2 / 3) * (mean - lowerProcessLimit), 12);
  });

  it('y[15] <- 10 screened: mean 0.6694159, limits -2.383666 and 3.722497; unscreened -4.596625 and 5.935457', () => {
    const values = RNORM_20.with(14, 10);
    const screened = chart(values).points[0]!;
    expectPrinted(screened.mean, 0.6694159, 7);
    expectPrinted(screened.lowerProcessLimit, -2.383666, 7);
    expectPrinted(screened.upperProcessLimit, 3.722497, 7);
    expect(
      chart(values)
        .points.slice(0, 14)
        .map((point) => point.relativeToMean),
    ).toEqual([-1, -1, 1, -1, -1, 1, -1, -1, -1, -1, 1, -1, -1, -1]);
    const unscreened = chart(values, { screenOutliers: false }).points[0]!;
    expectPrinted(unscreened.mean, 0.6694159, 7);
    expectPrinted(unscreened.lowerProcessLimit, -4.596625, 7);
    expectPrinted(unscreened.upperProcessLimit, 5.935457, 7);
    expect(unscreened.upperProcessLimit - unscreened.lowerProcessLimit).toBeGreaterThan(
      screened.upperProcessLimit - screened.lowerProcessLimit,
    );
    // The two moving ranges either side of the 10 are the ones screened out.
    expect(chart(values).points.map((point) => point.movingRangeUsed)).toEqual(
      values.map((_, i) => i !== 0 && i !== 14 && i !== 15),
    );
  });

  it('fix_after_n_points = 12 changes the limits', () => {
    const all = chart(RNORM_20).points[0]!;
    const fixed = chart(RNORM_20, { fixAfterNPoints: 12 }).points[0]!;
    expect(fixed.lowerProcessLimit).not.toBe(all.lowerProcessLimit);
    expect(fixed.upperProcessLimit).not.toBe(all.upperProcessLimit);
  });

  it('summary by facet: first ten 0.0746, -2.60, 2.75; last ten 0.209, -3.28, 3.70; all common cause', () => {
    for (const [values, [mean, lower, upper]] of [
      [RNORM_20.slice(0, 10), [0.0746, -2.6, 2.75]],
      [RNORM_20.slice(10), [0.209, -3.28, 3.7]],
    ] as const) {
      const result = chart(values);
      expectPrinted(result.points[0]!.mean, mean, 3);
      expectPrinted(result.points[0]!.lowerProcessLimit, lower, 3);
      expectPrinted(result.points[0]!.upperProcessLimit, upper, 3);
      expect(result.points.every((point) => point.pointType === 'common_cause')).toBe(true);
    }
  });

  it('screening leaves out a moving range of 3.267 mean moving ranges or more', () => {
    // 9, 11 six times, then 17, 3: mean 140/14 = 10. Moving ranges: eleven of 2, |17 - 11| = 6, |3 - 17| = 14;
    // their mean 42/13 = 3.2308, times 3.267 = 10.555, so the 14 goes: mean moving range 28/12 = 2.3333.
    const values = [...repeat([9, 11], 6), 17, 3];
    const screened = chart(values).points;
    expect(screened[13]!.movingRange).toBe(14);
    expect(screened[13]!.movingRangeUsed).toBe(false);
    expect(screened[12]!.movingRangeUsed).toBe(true);
    expect(screened[0]!.movingRange).toBeNull();
    expect(screened[0]!.meanMovingRange).toBeCloseTo(28 / 12, 12);
    expect(chart(values, { screenOutliers: false }).points[0]!.meanMovingRange).toBeCloseTo(42 / 13, 12);
  });
});

describe('each special-cause rule, triggered and just not', () => {
  it('outside the limits: 17 and 3 are, 15 and 5 are not', () => {
    // As above: limits 10 ± 2.66 × 2.3333 = 3.7933 and 16.2067.
    const outside = chart([...repeat([9, 11], 6), 17, 3]);
    expect(outside.points[0]!.lowerProcessLimit).toBeCloseTo(10 - 2.66 * (28 / 12), 12);
    expect(indicesWith(outside, 'outside_limits')).toEqual([12, 13]);
    expect(types(outside).slice(12)).toEqual(['special_cause_improvement', 'special_cause_concern']);
    // 15, 5: moving ranges 22 + 4 + 10 = 36, mean 2.7692, times 3.267 = 9.05, so the 10 goes: 26/12 = 2.1667;
    // limits 10 ± 5.7633 = 4.2367 and 15.7633. Both are close to them but on opposite sides: common cause.
    const inside = chart([...repeat([9, 11], 6), 15, 5]);
    expect(inside.points[0]!.upperProcessLimit).toBeCloseTo(10 + 2.66 * (26 / 12), 12);
    expect(rules(inside)).toEqual(Array(14).fill(null));
  });

  it('a trend: 7 points strictly rising, not 6', () => {
    // 3, 7, 3, 7, 1…7, 3, 7, 3: mean 61/14 = 4.357, moving ranges 36/13 = 2.769 (none screened), limits -3.009 and
    // 11.72, near limits -0.55 and 9.27: nothing near or outside, and at most 4 points on one side of the mean.
    const seven = chart([3, 7, 3, 7, 1, 2, 3, 4, 5, 6, 7, 3, 7, 3]);
    expect(indicesWith(seven, 'trend')).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(rules(seven).filter((rule) => rule !== null && rule !== 'trend')).toEqual([]);
    expect(types(seven)[4]).toBe('special_cause_improvement');
    // Where low is good the same rising trend is a concern.
    expect(types(chart([3, 7, 3, 7, 1, 2, 3, 4, 5, 6, 7, 3, 7, 3], { improvementDirection: 'decrease' }))[4]).toBe(
      'special_cause_concern',
    );
    // 3, 7, 3, 7, 3, 2…7, 3, 7, 3: only 6 rising points (mean 4.5, limits -2.457 and 11.46).
    expect(rules(chart([3, 7, 3, 7, 3, 2, 3, 4, 5, 6, 7, 3, 7, 3]))).toEqual(Array(14).fill(null));
  });

  it('two in three: two of three close to a limit, all three on one side of the mean', () => {
    // 1, -1 six times, 1, then 5.5, 1, 5.5: mean 13/16 = 0.8125; moving ranges twelve of 2 and three of 4.5,
    // 37.5/15 = 2.5; limits 0.8125 ± 6.65, near limits 0.8125 ± 4.4333 = 5.2458 above. The two 5.5s are near the
    // upper limit and the 1 between them is above the mean: the 5.5s are flagged, not the 1.
    const triggered = chart([...repeat([1, -1], 6), 1, 5.5, 1, 5.5]);
    expect(indicesWith(triggered, 'two_in_three')).toEqual([13, 15]);
    expect(rules(triggered).filter((rule) => rule !== null && rule !== 'two_in_three')).toEqual([]);
    expect(types(triggered)[13]).toBe('special_cause_improvement');
    // 1, 5.5, 1, 1: one point near a limit only (mean 0.53125, near limit 4.4326).
    expect(rules(chart([...repeat([1, -1], 6), 1, 5.5, 1, 1]))).toEqual(Array(16).fill(null));
  });

  it('two in three needs one side of the mean (test-ptd_spc_standard.R, 5.5 then -5.5)', () => {
    // rep(c(1, -1), 8) with 5.5, -5.5 last: mean 0; moving ranges thirteen of 2, 6.5 and 11, mean 2.9, times 3.267
    // = 9.47, so the 11 goes: 32.5/14 = 2.3214; limits ±6.175, near limits ±4.1167. Both last points are near a limit.
    const result = chart([...repeat([1, -1], 7), 5.5, -5.5]);
    expect(result.points[0]!.upperProcessLimit).toBeCloseTo(6.175, 12);
    expect(types(result).slice(-2)).toEqual(['common_cause', 'common_cause']);
  });

  it('a run: 7 points on one side of the mean, not 6, and a point on the mean breaks it', () => {
    // 8, 2 three times, 6, 7, 6, 7, 6, 7, 6, then 2, 1, 2: sum 80, mean 5; moving ranges 46/15 = 3.067, limits
    // -3.157 and 13.16, near limits -0.44 and 10.44: the only rule is the 7 points above 5.
    const seven = chart([8, 2, 8, 2, 8, 2, 6, 7, 6, 7, 6, 7, 6, 2, 1, 2]);
    expect(seven.points[0]!.mean).toBe(5);
    expect(indicesWith(seven, 'run')).toEqual([6, 7, 8, 9, 10, 11, 12]);
    expect(rules(seven).filter((rule) => rule !== null && rule !== 'run')).toEqual([]);
    expect(types(seven)[6]).toBe('special_cause_improvement');
    // The middle 7 made 5, the mean (the last point 4 keeps the sum 80): two runs of 3.
    const onMean = chart([8, 2, 8, 2, 8, 2, 6, 7, 6, 5, 6, 7, 6, 2, 1, 4]);
    expect(onMean.points[9]!.relativeToMean).toBe(0);
    expect(rules(onMean)).toEqual(Array(16).fill(null));
    // The last 6 made 4 (and 2, 1, 2 made 2, 1, 4): 6 above, then 4 below.
    expect(rules(chart([8, 2, 8, 2, 8, 2, 6, 7, 6, 7, 6, 7, 4, 2, 1, 4]))).toEqual(Array(16).fill(null));
  });
});

describe('priority: the first rule a point is part of wins', () => {
  it('a rising trend below the mean is an improvement, though the same points are a run below', () => {
    // 13, 7 three times, 1…7, 13, 7, 13: mean 121/16 = 7.5625, moving ranges 60/15 = 4, limits -3.08 and 18.2.
    // Points 5 to 12 (7, then 1…7) are 8 below the mean; points 6 to 13 (1…7, 13) rise.
    const result = chart([13, 7, 13, 7, 13, 7, 1, 2, 3, 4, 5, 6, 7, 13, 7, 13]);
    expect(rules(result).slice(5, 14)).toEqual(['run', ...Array(8).fill('trend')]);
    expect(types(result)[5]).toBe('special_cause_concern');
    expect(types(result).slice(6, 14)).toEqual(Array(8).fill('special_cause_improvement'));
  });

  it('the last point of a trend outside the limits counts as outside', () => {
    // 13, 7 three times, 8…13, 40: mean 163/13 = 12.54; moving ranges 30 + 6 + 27 = 63, mean 5.25, times 3.267 =
    // 17.15, so the 27 goes: 36/11 = 3.273; upper limit 21.24. Points 5 to 12 (7…13, 40) rise.
    const result = chart([13, 7, 13, 7, 13, 7, 8, 9, 10, 11, 12, 13, 40]);
    expect(rules(result).slice(5)).toEqual([...Array(7).fill('trend'), 'outside_limits']);
  });

  it("the package's trend direction: a flat step between two trends reads as decreasing", () => {
    // 1…7, 7…13: two rising trends of 7 that meet at a tie. ptd_special_cause_type takes the step to the next point
    // for a point whose next point is in a trend too: for the first 7 that is the flat step 7 → 7, not up, so
    // "7 Point Trend (Decreasing)", a concern where high is good. Mean 98/14 = 7; moving ranges 12/13, limits 4.54
    // and 9.46, so 1…4 and 10…13 are outside the limits first.
    const result = chart([1, 2, 3, 4, 5, 6, 7, 7, 8, 9, 10, 11, 12, 13]);
    expect(rules(result)).toEqual([
      ...Array(4).fill('outside_limits'),
      ...Array(6).fill('trend'),
      ...Array(4).fill('outside_limits'),
    ]);
    expect(types(result).slice(4, 10)).toEqual([
      'special_cause_improvement',
      'special_cause_improvement',
      'special_cause_concern',
      'special_cause_improvement',
      'special_cause_improvement',
      'special_cause_improvement',
    ]);
  });
});

describe('rebasing', () => {
  it('each group has its own mean and limits, and a run does not cross a rebase', () => {
    // The run series above, rebased at point 10. Group 0: 8, 2, 8, 2, 8, 2, 6, 7, 6, 7, mean 5.6, moving ranges
    // 37/9 = 4.111, limits -5.336 and 16.54. Group 1: 6, 7, 6, 2, 1, 2, mean 4, moving ranges 8/5 = 1.6 (3.267 × 1.6
    // = 5.23, none screened), limits -0.256 and 8.256. The 7 points above 5 are now 4 above 5.6 and 3 above 4.
    const values = [8, 2, 8, 2, 8, 2, 6, 7, 6, 7, 6, 7, 6, 2, 1, 2];
    const rebased = chart(values, { rebaseAt: [10] });
    expect(rebased.points.map((point) => point.rebaseGroup)).toEqual([...Array(10).fill(0), ...Array(6).fill(1)]);
    expect(rebased.points[0]!.mean).toBeCloseTo(5.6, 12);
    expect(rebased.points[0]!.upperProcessLimit).toBeCloseTo(5.6 + 2.66 * (37 / 9), 12);
    expect(rebased.points[10]!.mean).toBe(4);
    expect(rebased.points[10]!.lowerProcessLimit).toBeCloseTo(-0.256, 12);
    expect(rebased.points[10]!.upperProcessLimit).toBeCloseTo(8.256, 12);
    expect(rebased.points[10]!.movingRange).toBeNull();
    expect(rules(rebased)).toEqual(Array(16).fill(null));
    expect(indicesWith(chart(values), 'run')).toEqual([6, 7, 8, 9, 10, 11, 12]);
  });

  it('a trend does not cross a rebase', () => {
    // 1…7 rebased at point 3: 1, 2, 3 (mean 2, limits ±2.66) and 4…7 (mean 5.5, limits 2.84 and 8.16).
    const rebased = chart([1, 2, 3, 4, 5, 6, 7], { rebaseAt: [3] });
    expect(rules(rebased)).toEqual(Array(7).fill(null));
    expect(rebased.points[3]!.lowerProcessLimit).toBeCloseTo(2.84, 12);
    // Not rebased: mean 4, limits 4 ± 2.66, so 1 and 7 are outside them first and the rest are the trend.
    expect(rules(chart([1, 2, 3, 4, 5, 6, 7]))).toEqual([
      'outside_limits',
      ...Array(5).fill('trend'),
      'outside_limits',
    ]);
  });

  it("groups are numbered as the package's cumsum(rebase): a rebase at the first point makes it group 1", () => {
    expect(chart([1, 2, 3, 4], { rebaseAt: [0, 2, 2] }).points.map((point) => point.rebaseGroup)).toEqual([1, 1, 2, 2]);
    expect(chart([1, 2, 3, 4], { rebaseAt: [2] }).points.map((point) => point.rebaseGroup)).toEqual([0, 0, 1, 1]);
  });

  it('a rebase must be the index of a point', () => {
    expect(() => chart([1, 2, 3], { rebaseAt: [3] })).toThrow(RangeError);
    expect(() => chart([1, 2, 3], { rebaseAt: [1.5] })).toThrow(RangeError);
    expect(() => chart([1, 2, 3], { rebaseAt: [-1] })).toThrow(RangeError);
  });
});

describe('fixing the limits after N points', () => {
  // 9, 11 six times, then 16 four times.
  const values = [...repeat([9, 11], 6), 16, 16, 16, 16];

  it('the mean and limits come from the first 12 points only, and later points are judged against them', () => {
    // First 12: mean 10, moving ranges all 2, limits 10 ± 5.32 = 4.68 and 15.32: each 16 is outside.
    const fixed = chart(values, { fixAfterNPoints: 12 });
    expect(fixed.points.every((point) => point.mean === 10)).toBe(true);
    expect(fixed.points[15]!.lowerProcessLimit).toBeCloseTo(4.68, 12);
    expect(fixed.points[15]!.upperProcessLimit).toBeCloseTo(15.32, 12);
    expect(indicesWith(fixed, 'outside_limits')).toEqual([12, 13, 14, 15]);
    expect(fixed.points.map((point) => point.movingRangeUsed)).toEqual(values.map((_, i) => i > 0 && i < 12));
    // Not fixed: mean 184/16 = 11.5, moving ranges 27/15 = 1.8 (the 5 kept: 3.267 × 1.8 = 5.88), limits 6.712 and
    // 16.288: the 16s are near the upper limit (two in three) and the 9s and 11s twelve points below the mean.
    const all = chart(values);
    expect(all.points[0]!.mean).toBe(11.5);
    expect(all.points[0]!.upperProcessLimit).toBeCloseTo(16.288, 12);
    expect(rules(all)).toEqual([...Array(12).fill('run'), ...Array(4).fill('two_in_three')]);
  });

  it('fixAfterNPoints must be at least 12', () => {
    expect(() => chart(values, { fixAfterNPoints: 11 })).toThrow(RangeError);
    expect(() => chart(values, { fixAfterNPoints: Number.NaN })).toThrow(RangeError);
    expect(() => chart(values, { fixAfterNPoints: 12 })).not.toThrow();
    expect(chart(values, { fixAfterNPoints: null }).points[0]!.mean).toBe(11.5);
  });
});

describe('the short-group warning (test-ptd_add_short_group_warnings.R, threshold 13)', () => {
  it("warns, in the package's words, when a group has fewer than 13 points", () => {
    expect(SHORT_GROUP_WARNING).toBe(
      "Some groups have 'n < 12' observations. These have trial limits, which will be revised with each additional " +
        "observation until 'n = fix_after_n_points' has been reached.",
    );
    const twelve = chart(repeat([9, 11], 6));
    expect(twelve.warnings).toEqual([SHORT_GROUP_WARNING]);
    expect(twelve.points.every((point) => point.shortGroup)).toBe(true);
    const thirteen = chart([...repeat([9, 11], 6), 9]);
    expect(thirteen.warnings).toEqual([]);
    expect(thirteen.points.some((point) => point.shortGroup)).toBe(false);
  });

  it('marks only the short group, and warns once', () => {
    const result = chart(RNORM_20, { rebaseAt: [15] });
    expect(result.points.map((point) => point.shortGroup)).toEqual([...Array(15).fill(false), ...Array(5).fill(true)]);
    expect(chart(RNORM_20, { rebaseAt: [5, 10] }).warnings).toEqual([SHORT_GROUP_WARNING]);
  });
});

describe('icons (test-geom_ptd_icon.R, ptd_get_icons)', () => {
  const withSecondHalf = (half: number[]) => [...RNORM_24.slice(0, 12), ...half];
  const icons = (values: number[], improvementDirection: ImprovementDirection, target?: number) => {
    const { variationIcon, assuranceIcon } = xmrChart(values, { improvementDirection, target });
    return [variationIcon, assuranceIcon];
  };

  it('rnorm(24): common cause; with a target of 0.5, inconsistent', () => {
    expect(icons(RNORM_24, 'increase')).toEqual(['common_cause', null]);
    expect(icons(RNORM_24, 'increase', 0.5)).toEqual(['common_cause', 'inconsistent']);
  });

  it('second half rnorm(12, 5), target -3: improvement_high and pass; where low is good, concern_high and fail', () => {
    const values = withSecondHalf(SECOND_HALF_PLUS_5);
    expect(icons(values, 'increase', -3)).toEqual(['improvement_high', 'pass']);
    expect(icons(values, 'decrease', -3)).toEqual(['concern_high', 'fail']);
  });

  it('second half rnorm(12, -5), target 3: concern_low and fail; where low is good, improvement_low and pass', () => {
    const values = withSecondHalf(SECOND_HALF_MINUS_5);
    expect(icons(values, 'increase', 3)).toEqual(['concern_low', 'fail']);
    expect(icons(values, 'decrease', 3)).toEqual(['improvement_low', 'pass']);
  });

  it('neutral: neutral_low for the low series and no assurance icon, though there is a target', () => {
    expect(icons(withSecondHalf(SECOND_HALF_MINUS_5), 'neutral', 3)).toEqual(['neutral_low', null]);
    // Not in the package's tests: the high series, whose last point is above the upper limit
    // (improvement_high above), is neutral_high.
    expect(icons(withSecondHalf(SECOND_HALF_PLUS_5), 'neutral', -3)).toEqual(['neutral_high', null]);
  });
});

describe('neutral direction', () => {
  it('special causes are high or low, not improvement or concern', () => {
    // The outside-the-limits series: 17 above the upper limit, 3 below the lower.
    const result = xmrChart([...repeat([9, 11], 6), 17, 3], { improvementDirection: 'neutral' });
    expect(types(result).slice(11)).toEqual([
      'common_cause',
      'special_cause_neutral_high',
      'special_cause_neutral_low',
    ]);
    expect(result.variationIcon).toBe('neutral_low');
  });
});

describe('assurance (test-ptd_calculate_assurance_type.R)', () => {
  // Target 4 against limits 1–3, 5–7 and 1–5.
  const limits = [
    { lowerProcessLimit: 1, upperProcessLimit: 3 },
    { lowerProcessLimit: 5, upperProcessLimit: 7 },
    { lowerProcessLimit: 1, upperProcessLimit: 5 },
  ];

  it('increase: fail, pass, inconsistent; decrease: pass, fail, inconsistent; neutral: none', () => {
    expect(limits.map((limit) => assuranceIcon(limit, 4, 'increase'))).toEqual(['fail', 'pass', 'inconsistent']);
    expect(limits.map((limit) => assuranceIcon(limit, 4, 'decrease'))).toEqual(['pass', 'fail', 'inconsistent']);
    expect(limits.map((limit) => assuranceIcon(limit, 4, 'neutral'))).toEqual([null, null, null]);
    expect(assuranceIcon(limits[0]!, null, 'increase')).toBeNull();
  });

  it('a target on a limit is inconsistent (the package compares strictly)', () => {
    expect(assuranceIcon({ lowerProcessLimit: 1, upperProcessLimit: 4 }, 4, 'increase')).toBe('inconsistent');
    expect(assuranceIcon({ lowerProcessLimit: 4, upperProcessLimit: 7 }, 4, 'decrease')).toBe('inconsistent');
  });

  it("uses the latest group's limits", () => {
    // The rebased run series: group 0's limits -5.34 to 16.54, group 1's -0.256 to 8.256. A target of 9 is above
    // only the latest group's upper limit.
    const values = [8, 2, 8, 2, 8, 2, 6, 7, 6, 7, 6, 7, 6, 2, 1, 2];
    expect(chart(values, { rebaseAt: [10], target: 9 }).assuranceIcon).toBe('fail');
    expect(chart(values, { target: 9 }).assuranceIcon).toBe('inconsistent');
  });
});

describe('inputs', () => {
  it('refuses a missing or non-finite value: the package has no defined handling of NA', () => {
    expect(() => chart([1, 2, Number.NaN, 4])).toThrow('values[2] must be a finite number, got NaN');
    expect(() => chart([1, null as unknown as number])).toThrow('values[1] must be a finite number');
    expect(() => chart([1, Number.POSITIVE_INFINITY])).toThrow('values[1]');
  });

  it('refuses an empty series, an unknown direction and a non-finite target', () => {
    expect(() => chart([])).toThrow(RangeError);
    expect(() => xmrChart([1, 2], { improvementDirection: 'up' as ImprovementDirection })).toThrow(RangeError);
    expect(() => chart([1, 2], { target: Number.NaN })).toThrow('target must be a finite number');
  });

  it('a single point has no moving range: its limits are NaN, as in the package', () => {
    const [point] = chart([5]).points;
    expect(point).toMatchObject({ mean: 5, movingRange: null, pointType: 'common_cause', specialCause: false });
    expect(point!.upperProcessLimit).toBeNaN();
  });
});

describe('vocabularies', () => {
  it('are read from one place', () => {
    expect(POINT_TYPES).toEqual([
      'common_cause',
      'special_cause_improvement',
      'special_cause_concern',
      'special_cause_neutral_high',
      'special_cause_neutral_low',
    ]);
    expect(VARIATION_ICONS).toHaveLength(7);
    expect(ASSURANCE_ICONS).toEqual(['pass', 'fail', 'inconsistent']);
    expect(SPECIAL_CAUSE_RULES).toEqual(['outside_limits', 'trend', 'two_in_three', 'run']);
  });
});
