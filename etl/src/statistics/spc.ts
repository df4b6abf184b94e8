import { assertFinite } from './validate.js';

/**
 * NHS England "Making Data Count" XmR statistical process control, ported line by line from NHSRplotthedots 0.2.2
 * (github.com/nhs-r-community/NHSRplotthedots, commit 050b07d, Sep 2025): R/ptd_spc_standard.R for the limits,
 * R/ptd_calculate_point_type.R for the special-cause rules, R/ptd_add_short_group_warnings.R,
 * R/ptd_calculate_assurance_type.R and R/geom_ptd_icon.R (`ptd_get_icons`) for the icons.
 */

export const IMPROVEMENT_DIRECTIONS = ['increase', 'decrease', 'neutral'] as const;
/** `increase`: high is good; `decrease`: low is good; `neutral`: no judgement. */
export type ImprovementDirection = (typeof IMPROVEMENT_DIRECTIONS)[number];

export const POINT_TYPES = [
  'common_cause',
  'special_cause_improvement',
  'special_cause_concern',
  'special_cause_neutral_high',
  'special_cause_neutral_low',
] as const;
export type PointType = (typeof POINT_TYPES)[number];

/** The special-cause rules in the order the package tries them: a point takes the first that it is part of. */
export const SPECIAL_CAUSE_RULES = ['outside_limits', 'trend', 'two_in_three', 'run'] as const;
export type SpecialCauseRule = (typeof SPECIAL_CAUSE_RULES)[number];

export const VARIATION_ICONS = [
  'common_cause',
  'improvement_high',
  'improvement_low',
  'concern_high',
  'concern_low',
  'neutral_high',
  'neutral_low',
] as const;
export type VariationIcon = (typeof VARIATION_ICONS)[number];

/** The package's `consistent_pass`, `consistent_fail` and `inconsistent`, named as its icon files are. */
export const ASSURANCE_ICONS = ['pass', 'fail', 'inconsistent'] as const;
export type AssuranceIcon = (typeof ASSURANCE_ICONS)[number];

/** Process limits are the mean ± 2.66 mean moving ranges. */
export const PROCESS_LIMIT_MOVING_RANGES = 2.66;
/** The near limits are two thirds of the way from the mean to the process limits. */
export const NEAR_LIMIT_MOVING_RANGES = 2 * (PROCESS_LIMIT_MOVING_RANGES / 3);
/** A moving range of this many mean moving ranges or more is left out of the mean moving range when screening. */
export const MOVING_RANGE_SCREEN = 3.267;
/** Points in a trend (all steps strictly up or strictly down) and in a run on one side of the mean. */
export const RULE_POINTS = 7;
/** The package refuses `fix_after_n_points` below 12. */
export const MINIMUM_FIX_AFTER_N_POINTS = 12;
/** A rebase group of fewer points than this draws the short-group warning. */
export const SHORT_GROUP_POINTS = 13;
/** The package's warning, word for word (its text says 12 though its threshold is 13). */
export const SHORT_GROUP_WARNING =
  "Some groups have 'n < 12' observations. These have trial limits, which will be revised with each additional " +
  "observation until 'n = fix_after_n_points' has been reached.";

export interface SpcOptions {
  improvementDirection: ImprovementDirection;
  /** Indices of the points where a new group starts, with its own mean and limits; no rule looks across one. */
  rebaseAt?: readonly number[];
  /** Each group's mean and limits from its first N points only (at least 12); null or absent: from all its points. */
  fixAfterNPoints?: number | null;
  /** Leave large moving ranges out of the mean moving range (the package's default, true). */
  screenOutliers?: boolean;
  target?: number | null;
}

export interface SpcPoint {
  value: number;
  mean: number;
  /** NaN, as in the package, when the group has no moving range left to average (one point, or all ranges screened). */
  lowerProcessLimit: number;
  upperProcessLimit: number;
  lowerNearLimit: number;
  upperNearLimit: number;
  /** The group's mean moving range after screening, from which its limits are drawn (NaN as for the limits). */
  meanMovingRange: number;
  /** |value − previous value| within the group; null at the group's first point. */
  movingRange: number | null;
  /** Whether `movingRange` went into the mean moving range (not after the fixing point, nor screened out). */
  movingRangeUsed: boolean;
  /** 0 for the points before the first rebase, one more at each rebase (a rebase at index 0 makes the first 1). */
  rebaseGroup: number;
  /** The group has fewer than 13 points: its limits are trial limits. */
  shortGroup: boolean;
  specialCause: boolean;
  specialCauseRule: SpecialCauseRule | null;
  pointType: PointType;
  /** The sign of value − mean. */
  relativeToMean: -1 | 0 | 1;
}

export interface SpcResult {
  points: SpcPoint[];
  /** From the type of the latest point. */
  variationIcon: VariationIcon;
  /** From the latest group's limits; null without a target, or when the direction is neutral. */
  assuranceIcon: AssuranceIcon | null;
  warnings: string[];
}

/**
 * An XmR chart of `values`, oldest first, at their own grain, as NHSRplotthedots' `ptd_spc` computes it for one facet.
 * Values must be finite: the package has no defined handling of missing values (its trend rule stops on an NA).
 */
export function xmrChart(values: readonly number[], options: SpcOptions): SpcResult {
  const { improvementDirection, screenOutliers = true } = options;
  if (!IMPROVEMENT_DIRECTIONS.includes(improvementDirection)) {
    throw new RangeError(
      `improvementDirection must be one of ${IMPROVEMENT_DIRECTIONS.join(', ')}, got ${String(improvementDirection)}`,
    );
  }
  if (values.length === 0) throw new RangeError('values must hold at least one point');
  for (const [i, value] of values.entries()) assertFinite(`values[${i}]`, value);
  const fixAfterNPoints = checkedFixAfterNPoints(options.fixAfterNPoints);
  const target = options.target ?? null;
  if (target !== null) assertFinite('target', target);
  const groups = rebaseGroups(values.length, options.rebaseAt ?? []);

  const points: SpcPoint[] = [];
  for (const { group, start, end } of groups) {
    points.push(...groupPoints(values.slice(start, end), group, fixAfterNPoints, screenOutliers, improvementDirection));
  }
  const latest = points[points.length - 1]!;
  return {
    points,
    variationIcon: variationIcon(latest.pointType, improvementDirection),
    assuranceIcon: assuranceIcon(latest, target, improvementDirection),
    warnings: points.some((point) => point.shortGroup) ? [SHORT_GROUP_WARNING] : [],
  };
}

function checkedFixAfterNPoints(fixAfterNPoints: number | null | undefined): number {
  if (fixAfterNPoints === null || fixAfterNPoints === undefined) return Number.POSITIVE_INFINITY;
  if (typeof fixAfterNPoints !== 'number' || !(fixAfterNPoints >= MINIMUM_FIX_AFTER_N_POINTS)) {
    throw new RangeError(
      `fixAfterNPoints must be a number greater than or equal to ${MINIMUM_FIX_AFTER_N_POINTS}, got ${String(fixAfterNPoints)}`,
    );
  }
  return fixAfterNPoints;
}

/** Consecutive runs of points, numbered as the package's `cumsum(rebase)` numbers them. */
function rebaseGroups(length: number, rebaseAt: readonly number[]): { group: number; start: number; end: number }[] {
  for (const index of rebaseAt) {
    if (!Number.isInteger(index) || index < 0 || index >= length) {
      throw new RangeError(`rebaseAt must hold indices of points (0 to ${length - 1}), got ${String(index)}`);
    }
  }
  const starts = [...new Set(rebaseAt)].sort((a, b) => a - b);
  const bounds = starts[0] === 0 ? starts : [0, ...starts];
  const firstGroup = starts[0] === 0 ? 1 : 0;
  return bounds.map((start, i) => ({ group: firstGroup + i, start, end: bounds[i + 1] ?? length }));
}

function groupPoints(
  values: readonly number[],
  group: number,
  fixAfterNPoints: number,
  screenOutliers: boolean,
  improvementDirection: ImprovementDirection,
): SpcPoint[] {
  // The package blanks every value after the fixing point (`fix_y`), so moving ranges that touch one are left out too.
  const withinFix = (i: number) => i + 1 <= fixAfterNPoints;
  const mean = rMean(values.filter((_, i) => withinFix(i)));
  const movingRanges = values.map((value, i) => (i === 0 ? null : Math.abs(value - values[i - 1]!)));
  let used = movingRanges.map((range, i) => range !== null && withinFix(i));
  const averageOfUsed = () => rMean(movingRanges.filter((range, i): range is number => used[i]! && range !== null));
  if (screenOutliers) {
    const unscreened = averageOfUsed();
    used = used.map((isUsed, i) => isUsed && movingRanges[i]! < MOVING_RANGE_SCREEN * unscreened);
  }
  const meanMovingRange = averageOfUsed();
  const limits = {
    lowerProcessLimit: mean - PROCESS_LIMIT_MOVING_RANGES * meanMovingRange,
    upperProcessLimit: mean + PROCESS_LIMIT_MOVING_RANGES * meanMovingRange,
    lowerNearLimit: mean - NEAR_LIMIT_MOVING_RANGES * meanMovingRange,
    upperNearLimit: mean + NEAR_LIMIT_MOVING_RANGES * meanMovingRange,
  };
  const outsideLimits = values.map((value) => value > limits.upperProcessLimit || value < limits.lowerProcessLimit);
  const relativeToMean = values.map((value) => Math.sign(value - mean) as -1 | 0 | 1);
  const closeToLimits = values.map(
    (value, i) => !outsideLimits[i] && (value < limits.lowerNearLimit || value > limits.upperNearLimit),
  );
  const causes = specialCauses(values, relativeToMean, closeToLimits, outsideLimits);

  return values.map((value, i) => {
    const cause = causes[i]!;
    return {
      value,
      mean,
      ...limits,
      meanMovingRange,
      movingRange: movingRanges[i]!,
      movingRangeUsed: used[i]!,
      rebaseGroup: group,
      shortGroup: values.length < SHORT_GROUP_POINTS,
      specialCause: cause !== null,
      specialCauseRule: cause?.rule ?? null,
      pointType: pointType(cause?.side ?? null, improvementDirection),
      relativeToMean: relativeToMean[i]!,
    };
  });
}

/** The rule a special-cause point is flagged by, and the side it counts for: 1 above or increasing, −1 below or decreasing. */
export interface SpecialCause {
  rule: SpecialCauseRule;
  side: 1 | -1;
}

function specialCauses(
  values: readonly number[],
  relativeToMean: readonly number[],
  closeToLimits: readonly boolean[],
  outsideLimits: readonly boolean[],
): (SpecialCause | null)[] {
  return specialCauseTypes(values, relativeToMean, outsideLimits, {
    trend: partOfSeven(sevenPointTrend(values)),
    twoInThree: partOfTwoInThree(twoInThree(closeToLimits, relativeToMean), closeToLimits),
    run: partOfSeven(sevenPointsOneSideOfMean(relativeToMean)),
  });
}

// The package's rule helpers, exported so that its own unit tests (tests/testthat/test-ptd_calculate_point_type.R)
// can be ported as they are.

/**
 * `ptd_special_cause_type`: for each point of one group, the first rule it is part of, in the package's order:
 * outside the limits, a trend, two in three, a run.
 */
export function specialCauseTypes(
  values: readonly number[],
  relativeToMean: readonly number[],
  outsideLimits: readonly boolean[],
  partOf: { trend: readonly boolean[]; twoInThree: readonly boolean[]; run: readonly boolean[] },
): (SpecialCause | null)[] {
  const aboveOrBelow = (i: number): 1 | -1 => (relativeToMean[i]! > 0 ? 1 : -1);
  return values.map((value, i) => {
    if (outsideLimits[i]) return { rule: 'outside_limits', side: relativeToMean[i] === 1 ? 1 : -1 };
    if (partOf.trend[i]) {
      // The package takes the step to the next point when that point is in a trend too, else the step from the
      // previous point; a step that is not up counts as decreasing.
      const step =
        partOf.trend[i + 1] === true
          ? Math.sign(values[i + 1]! - value)
          : i === 0
            ? 0
            : Math.sign(value - values[i - 1]!);
      return { rule: 'trend', side: step === 1 ? 1 : -1 };
    }
    if (partOf.twoInThree[i]) return { rule: 'two_in_three', side: aboveOrBelow(i) };
    if (partOf.run[i]) return { rule: 'run', side: aboveOrBelow(i) };
    return null;
  });
}

/** `ptd_seven_point_trend`: 1 or −1 at the last of 7 points whose 6 steps are all strictly up or all strictly down. */
export function sevenPointTrend(values: readonly number[]): (-1 | 0 | 1)[] {
  return values.map((_, i) => {
    if (i < RULE_POINTS - 1) return 0;
    const steps = Array.from({ length: RULE_POINTS - 1 }, (_, k) => Math.sign(values[i - k]! - values[i - k - 1]!));
    if (steps.every((step) => step === 1)) return 1;
    if (steps.every((step) => step === -1)) return -1;
    return 0;
  });
}

/** `ptd_seven_point_one_side_mean`: 1 at the last of 7 points on one side of the mean (a point on it breaks a run). */
export function sevenPointsOneSideOfMean(relativeToMean: readonly number[]): (0 | 1)[] {
  return relativeToMean.map((side, i) => {
    if (i < RULE_POINTS - 1 || side === 0) return 0;
    return relativeToMean.slice(i - (RULE_POINTS - 1), i).every((previous) => previous === side) ? 1 : 0;
  });
}

/** `ptd_part_of_seven_trend`: a point is part of a 7 if the 7 ends at it or at one of the next 6 points. */
export function partOfSeven(ends: readonly number[]): boolean[] {
  return ends.map((_, i) => ends.slice(i, i + RULE_POINTS).some((end) => Math.abs(end) === 1));
}

/**
 * `ptd_two_in_three`: the point is in some window of 3 consecutive points of which at least 2 are close to the limits
 * and all 3 on one side of the mean.
 */
export function twoInThree(closeToLimits: readonly boolean[], relativeToMean: readonly number[]): boolean[] {
  const windowFlags = (first: number) => {
    const indices = [first, first + 1, first + 2];
    if (indices.some((i) => i < 0 || i >= closeToLimits.length)) return false;
    const close = indices.filter((i) => closeToLimits[i]).length;
    const side = indices.reduce((sum, i) => sum + relativeToMean[i]!, 0);
    return close >= 2 && Math.abs(side) === 3;
  };
  return closeToLimits.map((_, i) => windowFlags(i - 2) || windowFlags(i - 1) || windowFlags(i));
}

/** `ptd_part_of_two_in_three`: of such a window only the points close to the limits are flagged, not the third. */
export function partOfTwoInThree(inTwoInThree: readonly boolean[], closeToLimits: readonly boolean[]): boolean[] {
  return inTwoInThree.map((flag, i) => flag && closeToLimits[i] === true);
}

/** `ptd_point_type`. */
export function pointType(side: 1 | -1 | null, improvementDirection: ImprovementDirection): PointType {
  if (side === null) return 'common_cause';
  if (improvementDirection === 'neutral') return side > 0 ? 'special_cause_neutral_high' : 'special_cause_neutral_low';
  const improving = side === (improvementDirection === 'increase' ? 1 : -1);
  return improving ? 'special_cause_improvement' : 'special_cause_concern';
}

/** `ptd_get_icons`: high or low follows from the improvement direction, not from where the point lies. */
export function variationIcon(type: PointType, improvementDirection: ImprovementDirection): VariationIcon {
  const high = improvementDirection === 'increase';
  switch (type) {
    case 'common_cause':
      return 'common_cause';
    case 'special_cause_neutral_high':
      return 'neutral_high';
    case 'special_cause_neutral_low':
      return 'neutral_low';
    case 'special_cause_concern':
      return high ? 'concern_low' : 'concern_high';
    case 'special_cause_improvement':
      return high ? 'improvement_high' : 'improvement_low';
  }
}

/**
 * `ptd_calculate_assurance_type`, on the latest point's (so the latest group's) limits: a target on a limit, or limits
 * of NaN, leave it inconsistent.
 */
export function assuranceIcon(
  latest: Pick<SpcPoint, 'lowerProcessLimit' | 'upperProcessLimit'>,
  target: number | null,
  improvementDirection: ImprovementDirection,
): AssuranceIcon | null {
  if (target === null || improvementDirection === 'neutral') return null;
  const increasing = improvementDirection === 'increase';
  if (target > latest.upperProcessLimit) return increasing ? 'fail' : 'pass';
  if (target < latest.lowerProcessLimit) return increasing ? 'pass' : 'fail';
  return 'inconsistent';
}

/** R's `mean`: the sum over n, then the mean of the residuals added (R does both in long double); NaN when empty. */
function rMean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const first = values.reduce((sum, value) => sum + value, 0) / values.length;
  return first + values.reduce((sum, value) => sum + (value - first), 0) / values.length;
}
