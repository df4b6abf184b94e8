import { describe, expect, it } from 'vitest';
import {
  type IntervalTrendPoint,
  proportionTrend,
  regressionTrend,
  TREND_CHI_SQUARED_THRESHOLD,
} from '../../etl/src/statistics/index.js';

/** [count, denominator, value, lower 95, upper 95], oldest first. */
type Row = [number, number, number, number, number];
const intervals = (rows: Row[]): IntervalTrendPoint[] =>
  rows.map(([, , value, lower95, upper95]) => ({ value, lower95, upper95 }));
const counts = (rows: Row[]) => rows.map(([numerator, denominator]) => ({ numerator, denominator }));

// Fingertips' own unit tests: PholioVisualisationWS/AnalysisTest/TrendMarkerCalculatorTest.cs
// (github.com/ukhsa-collaboration/fingertips-open, commit 6780897), data sets reordered oldest first.
const FINGERTIPS_SET_1: Row[] = [
  [994, 40299, 24.67, 23.16, 26.25],
  [1023, 41527, 24.6, 23.15, 26.19],
  [1199, 42811, 28, 26.44, 29.64],
  [1332, 44064, 30.2, 28.63, 31.9],
  [1367, 44701, 30.6, 28.98, 32.25],
];
const FINGERTIPS_SET_2: Row[] = [
  [209, 1017, 20.5506, 18.1803, 23.1427],
  [213, 1087, 19.5952, 17.3444, 22.0602],
  [213, 1119, 19.0349, 16.8421, 21.4394],
  [239, 1117, 21.3966, 19.0918, 23.8975],
  [210, 1139, 18.4372, 16.2925, 20.7941],
];

describe('the recent trend against Fingertips TrendMarkerCalculatorTest', () => {
  it('TestIsSignificantReturnsTrue: weighted regression, χ² 46.77, significant', () => {
    const trend = regressionTrend(intervals(FINGERTIPS_SET_1));
    expect(trend.chiSquared!.toFixed(2)).toBe('46.77');
    expect(trend.marker).toBe('increasing');
  });

  it('TestIsSignificantReturnsFalse: weighted regression, not significant', () => {
    expect(regressionTrend(intervals(FINGERTIPS_SET_2)).marker).toBe('no_significant_change');
  });

  it('TestIsSignificantForProportionsReturnsTrue: χ² test for trend, 47.9, significant', () => {
    const trend = proportionTrend(counts(FINGERTIPS_SET_1));
    expect(trend.chiSquared!.toFixed(2)).toBe('47.90');
    expect(trend.marker).toBe('increasing');
  });

  it('TestIsSignificantForProportionsCannotBeCalculated: a count equal to its denominator', () => {
    const rows: [number, number][] = [
      [5, 5],
      [3, 5],
      [1, 5],
      [1, 4],
      [2, 4],
    ];
    const trend = proportionTrend(rows.map(([numerator, denominator]) => ({ numerator, denominator })));
    expect(trend).toMatchObject({ marker: 'cannot_be_calculated', chiSquared: null });
  });

  it('the threshold is χ² on 1 degree of freedom at 99.8% (Fingertips: ChiSquareConfidence = 9.54953570608324)', () => {
    expect(TREND_CHI_SQUARED_THRESHOLD).toBeCloseTo(9.54953570608324, 12);
  });
});

// FingertipsNext's unit tests of the same calculator on published England series, with the marker the Fingertips
// site shows: trend-analysis/TrendAnalysisApp.UnitTests/Calculator/{TrendCalculatorTests,IndicatorTestData}.cs
// (github.com/dhsc-govuk/FingertipsNext, commit d1600f4), oldest first. FingertipsNext runs every value type,
// proportions too, through the weighted regression.
const DIABETES_PREVALENCE: Row[] = [
  [3455176, 48783947, 7.0826, 7.0754, 7.094],
  [3491868, 49122259, 7.1085, 7.1013, 7.1199],
  [3625401, 49956777, 7.2571, 7.2499, 7.2684],
  [3774801, 50649129, 7.4528, 7.4456, 7.4643],
  [3938080, 51441896, 7.6554, 7.6481, 7.6669],
];
const YORKSHIRE_MMR_COVERAGE: Row[] = [
  [57274, 61834, 92.6254, 92.4168, 92.8288],
  [55865, 60511, 92.3221, 92.1072, 92.5315],
  [53681, 59074, 90.8708, 90.6358, 91.1004],
  [51767, 57508, 90.017, 89.7694, 90.2594],
  [53185, 59028, 90.1013, 89.8578, 90.3396],
];
const DIABETIC_EYE_DISEASE: Row[] = [
  [1416, 48246126, 2.935, 2.7841, 3.0919],
  [935, 48440507, 1.93028, 1.8085, 2.058],
  [1344, 48753376, 2.7567, 2.6113, 2.9082],
  [1415, 49300918, 2.8701, 2.7225, 3.0237],
  [1502, 49866388, 3.0121, 2.8616, 3.1683],
];
// The 2023 value is written 120/7742 upstream (C# integer division, so 0): read as 120.7742, inside its interval.
const UNDER_75_CANCER_MORTALITY: Row[] = [
  [61807, 51510878, 126.9341, 125.9343, 127.94],
  [61740, 51530437, 125.829, 124.8371, 126.8268],
  [60202, 51653460, 121.5234, 120.5533, 122.4993],
  [60192, 51966274, 122.3782, 121.4012, 123.361],
  [59423, 52380101, 120.7742, 119.8035, 121.7507],
];

describe('the recent trend against FingertipsNext TrendCalculatorTests', () => {
  it.each([
    ['diabetes prevalence (proportion)', DIABETES_PREVALENCE, 'increasing'],
    ['Yorkshire MMR coverage (proportion)', YORKSHIRE_MMR_COVERAGE, 'decreasing'],
    ['preventable sight loss from diabetic eye disease (crude rate)', DIABETIC_EYE_DISEASE, 'increasing'],
    ['under 75 mortality from cancer (DSR)', UNDER_75_CANCER_MORTALITY, 'decreasing'],
  ] as const)('%s: weighted regression gives %s', (_, rows, marker) => {
    expect(regressionTrend(intervals(rows)).marker).toBe(marker);
  });

  it.each([
    ['diabetes prevalence', DIABETES_PREVALENCE, 'increasing'],
    ['Yorkshire MMR coverage', YORKSHIRE_MMR_COVERAGE, 'decreasing'],
  ] as const)('%s: the χ² test for trend on its counts agrees with the site (%s)', (_, rows, marker) => {
    expect(proportionTrend(counts(rows)).marker).toBe(marker);
  });

  it('TestTrendCannotBeCalculatedWhenInsufficientDataPointsProvided: four points', () => {
    const trend = regressionTrend(intervals(UNDER_75_CANCER_MORTALITY.slice(1)));
    expect(trend).toEqual({ marker: 'cannot_be_calculated', chiSquared: null, note: 'fewer than 5 points (4)' });
  });
});

describe('the recent trend: hand calculations and cases it cannot judge', () => {
  // Values 1..5, each with SE 1 (interval width 3.92): slope 1, slope variance 1 / Σ(t - 3)² = 1/10, so χ² = 10.
  const line = (se: number) =>
    [1, 2, 3, 4, 5].map((value) => ({ value, lower95: value - 1.96 * se, upper95: value + 1.96 * se }));

  it('a straight rise with SE 1: χ² = 10, above 9.5495, increasing', () => {
    const trend = regressionTrend(line(1));
    expect(trend.chiSquared).toBeCloseTo(10, 10);
    expect(trend.marker).toBe('increasing');
  });

  it('the same rise with SE 1.1: χ² = 10 / 1.21 = 8.26, no significant change', () => {
    const trend = regressionTrend(line(1.1));
    expect(trend.chiSquared).toBeCloseTo(10 / 1.21, 10);
    expect(trend.marker).toBe('no_significant_change');
  });

  it('a falling series is decreasing', () => {
    expect(regressionTrend(line(1).reverse()).marker).toBe('decreasing');
  });

  it('no significant change when leaving out one point turns the slope round (the outlier check)', () => {
    // All five: the jump at the end makes a steep rise; without the last point, 12, 10, 10, 10 falls.
    const points = [12, 10, 10, 10, 30].map((value) => ({ value, lower95: value - 0.5, upper95: value + 0.5 }));
    const trend = regressionTrend(points);
    expect(trend.chiSquared).toBeGreaterThan(TREND_CHI_SQUARED_THRESHOLD);
    expect(trend.marker).toBe('no_significant_change');
  });

  it('uses the five most recent points only', () => {
    const older = [{ value: null, lower95: null, upper95: null }, ...line(1)];
    expect(regressionTrend(older).marker).toBe('increasing');
  });

  it.each([
    ['a point without an interval', [...line(1).slice(0, 4), { value: 6, lower95: null, upper95: null }]],
    ['a point without a value', [...line(1).slice(0, 4), { value: null, lower95: 5, upper95: 7 }]],
    ['an interval of no width', [...line(1).slice(0, 4), { value: 6, lower95: 6, upper95: 6 }]],
  ])('cannot be calculated with %s among the five', (_, points) => {
    expect(regressionTrend(points)).toMatchObject({ marker: 'cannot_be_calculated', chiSquared: null });
  });

  it('cannot be calculated across a gap in the periods', () => {
    const points = line(1).map((point, i) => ({ ...point, period: [2015, 2016, 2017, 2019, 2020][i]! }));
    expect(regressionTrend(points)).toEqual({
      marker: 'cannot_be_calculated',
      chiSquared: null,
      note: 'a gap between periods 2017 and 2019 in the 5 most recent points',
    });
    const consecutive = line(1).map((point, i) => ({ ...point, period: 2016 + i }));
    expect(regressionTrend(consecutive).marker).toBe('increasing');
  });

  it('a proportion with a count of 0 cannot be calculated (no log odds)', () => {
    const points = [0, 5, 10, 15, 20].map((numerator) => ({ numerator, denominator: 100 }));
    expect(proportionTrend(points).marker).toBe('cannot_be_calculated');
  });

  it('throws on points out of order or periods given for some points only', () => {
    const points = line(1).map((point, i) => ({ ...point, period: [2015, 2016, 2018, 2017, 2019][i]! }));
    expect(() => regressionTrend(points)).toThrow('points must be oldest first: period 2017 comes after period 2018');
    const some = [{ ...line(1)[0]!, period: 2015 }, ...line(1).slice(1)];
    expect(() => regressionTrend(some)).toThrow('period must be given for every point or for none');
  });
});
