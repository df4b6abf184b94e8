export { type AgeBandCounts, DSR_MINIMUM_EVENTS, type DsrEstimate, directlyStandardisedRate } from './dsr.js';
export { ESP2013, ESP2013_AGE_BANDS, type Esp2013AgeBand, isEsp2013AgeBand } from './esp2013.js';
export { CONFIDENCE_LEVELS, type Estimate, type IntervalMethod } from './estimate.js';
export { byarsLower, byarsUpper, exactPoissonLower, exactPoissonUpper } from './poisson.js';
export { proportion } from './proportion.js';
export { chiSquaredQuantile, normalQuantile, zForConfidence } from './quantiles.js';
export { crudeRate, EXACT_POISSON_BELOW } from './rate.js';
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
