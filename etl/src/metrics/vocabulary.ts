import type { ImprovementDirection, TrendMarker } from '../statistics/index.js';
import type { MetricDefinition } from './definitions.js';

/**
 * The words of the metrics view's comparison and trend columns, as Fingertips uses them: the one list the
 * refresh writes, the README documents and the dashboard colours.
 */
export const COMPARISONS = ['better', 'similar', 'worse', 'lower', 'higher', 'not_compared'] as const;
export type Comparison = (typeof COMPARISONS)[number];

export const TRENDS = [
  'increasing_getting_better',
  'increasing_getting_worse',
  'decreasing_getting_better',
  'decreasing_getting_worse',
  'increasing',
  'decreasing',
  'no_significant_change',
  'cannot_be_calculated',
] as const;
export type Trend = (typeof TRENDS)[number];

type Polarity = MetricDefinition['polarity'];

/**
 * An area against a comparator's value: lower when its upper limit is below it, higher when its lower limit is
 * above it, else similar; polarity makes lower and higher better or worse. No limits or no comparator: not compared.
 */
export function comparison(
  lower: number | null,
  upper: number | null,
  comparator: number | null,
  polarity: Polarity,
): Comparison {
  if (lower === null || upper === null || comparator === null) return 'not_compared';
  const side = upper < comparator ? 'lower' : lower > comparator ? 'higher' : 'similar';
  if (side === 'similar' || polarity === 'no_judgement') return side;
  return (side === 'lower') === (polarity === 'low_is_good') ? 'better' : 'worse';
}

/** A significant trend with the metric's polarity: increasing and getting better where high is good. */
export function trendWithPolarity(trend: { marker: TrendMarker }, polarity: Polarity): Trend {
  const { marker } = trend;
  if (marker !== 'increasing' && marker !== 'decreasing') return marker;
  if (polarity === 'no_judgement') return marker;
  const better = (marker === 'increasing') === (polarity === 'high_is_good');
  return `${marker}_getting_${better ? 'better' : 'worse'}`;
}

/** Making Data Count's improvement direction of a metric: which way is better, from its polarity. */
export function improvementDirectionOf(polarity: Polarity): ImprovementDirection {
  return polarity === 'high_is_good' ? 'increase' : polarity === 'low_is_good' ? 'decrease' : 'neutral';
}
