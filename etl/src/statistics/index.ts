export {
  areaLevelDifferenceInDifferences,
  type BeforeAfter,
  countDifferenceInDifferences,
  logRateRatio,
  type RelativeChange,
} from './difference-in-differences.js';
export { type AgeBandCounts, DSR_MINIMUM_EVENTS, type DsrEstimate, directlyStandardisedRate } from './dsr.js';
export { ESP2013, ESP2013_AGE_BANDS, type Esp2013AgeBand, isEsp2013AgeBand } from './esp2013.js';
export { CONFIDENCE_LEVELS, type Estimate, type IntervalMethod } from './estimate.js';
export { byarsLower, byarsUpper, exactPoissonLower, exactPoissonUpper } from './poisson.js';
export { proportion } from './proportion.js';
export { chiSquaredQuantile, normalQuantile, studentTQuantile, zForConfidence } from './quantiles.js';
export { crudeRate, EXACT_POISSON_BELOW } from './rate.js';
export {
  ASSURANCE_ICONS,
  type AssuranceIcon,
  IMPROVEMENT_DIRECTIONS,
  type ImprovementDirection,
  MINIMUM_FIX_AFTER_N_POINTS,
  MOVING_RANGE_SCREEN,
  NEAR_LIMIT_MOVING_RANGES,
  POINT_TYPES,
  type PointType,
  PROCESS_LIMIT_MOVING_RANGES,
  RULE_POINTS,
  SHORT_GROUP_POINTS,
  SHORT_GROUP_WARNING,
  SPECIAL_CAUSE_RULES,
  type SpcOptions,
  type SpcPoint,
  type SpcResult,
  type SpecialCauseRule,
  VARIATION_ICONS,
  type VariationIcon,
  xmrChart,
} from './spc.js';
export {
  type IntervalTrendPoint,
  type ProportionTrendPoint,
  proportionTrend,
  type RecentTrend,
  regressionTrend,
  TREND_CHI_SQUARED_THRESHOLD,
  TREND_POINTS,
  type TrendMarker,
} from './trend.js';
export { wilsonLower, wilsonUpper } from './wilson.js';
