import { ESP2013, ESP2013_AGE_BANDS, isEsp2013AgeBand } from './esp2013.js';
import { type Estimate, noValue } from './estimate.js';
import { byarsLower, byarsUpper } from './poisson.js';
import { assertFinite, assertFiniteOrNull, assertMultiplier } from './validate.js';

/** Below this many events in all a directly standardised rate is not published. */
export const DSR_MINIMUM_EVENTS = 10;

/** One age band of an area: its events, its population and (optionally) its standard population. */
export interface AgeBandCounts {
  ageBand: string;
  /** Events in the band; a missing count is taken as 0 events, as `calculate_dsr` takes it. */
  numerator: number | null;
  denominator: number | null;
  /** The band's standard population; when no band gives one, each band's ESP2013 weight. */
  standardPopulation?: number;
}

export interface DsrEstimate extends Estimate {
  /** Events over all bands. */
  totalCount: number;
  /** Population over all bands, or null when a band's is missing. */
  totalPopulation: number | null;
}

/**
 * Directly standardised rate per `multiplier` with 95% and 99.8% limits by Dobson's method (Dobson et al., Stat Med
 * 1991; 10: 457-62), as PHEindicatormethods' `calculate_dsr` (formerly `phe_dsr`): Byar's limits on the total count
 * scaled by the standard error of the weighted sum. Standard population ESP2013 unless every band gives its own;
 * bands absent from the list are absent from the standard too (65-69 to 90+ standardise to ESP2013 aged 65 and over).
 * Fewer than 10 events in all: no value or limits, and a note, as published.
 */
export function directlyStandardisedRate(
  bands: readonly AgeBandCounts[],
  { multiplier = 100_000 }: { multiplier?: number } = {},
): DsrEstimate {
  assertMultiplier(multiplier);
  const weights = standardWeights(bands);
  for (const band of bands) {
    assertFiniteOrNull(`numerator of age band ${band.ageBand}`, band.numerator);
    assertFiniteOrNull(`denominator of age band ${band.ageBand}`, band.denominator);
  }
  const totalCount = bands.reduce((sum, band) => sum + (band.numerator ?? 0), 0);
  const totalPopulation = bands.some((band) => band.denominator === null)
    ? null
    : bands.reduce((sum, band) => sum + (band.denominator ?? 0), 0);
  const totals = { totalCount, totalPopulation };

  const problem = bands.map(bandProblem).find((note) => note !== null);
  if (problem) return { ...noValue(problem, 'Dobson'), ...totals };
  if (totalCount < DSR_MINIMUM_EVENTS) {
    return {
      ...noValue(`not published: fewer than ${DSR_MINIMUM_EVENTS} events (${totalCount})`, 'Dobson'),
      ...totals,
    };
  }

  let weightedRate = 0;
  let variance = 0;
  bands.forEach((band, i) => {
    const events = band.numerator ?? 0;
    const weightPerPerson = weights[i]! / band.denominator!;
    weightedRate += events * weightPerPerson;
    variance += events * weightPerPerson ** 2;
  });
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  const value = (weightedRate / totalWeight) * multiplier;
  const spread = Math.sqrt(variance / totalWeight ** 2 / totalCount) * multiplier;
  const limit = (countLimit: number | null) =>
    countLimit === null ? null : value + spread * (countLimit - totalCount);
  return {
    value,
    lower95: limit(byarsLower(totalCount, 0.95)),
    upper95: limit(byarsUpper(totalCount, 0.95)),
    lower998: limit(byarsLower(totalCount, 0.998)),
    upper998: limit(byarsUpper(totalCount, 0.998)),
    method: 'Dobson',
    valueNote: null,
    ...totals,
  };
}

/** Each band's standard population, in the bands' order; throws on a band list the standard cannot weight. */
function standardWeights(bands: readonly AgeBandCounts[]): number[] {
  if (bands.length === 0) throw new Error('bands must list at least one age band');
  const seen = new Set<string>();
  for (const { ageBand } of bands) {
    if (seen.has(ageBand)) throw new Error(`age band ${ageBand} is listed twice`);
    seen.add(ageBand);
  }
  const given = bands.filter((band) => band.standardPopulation !== undefined).length;
  if (given > 0 && given < bands.length) {
    const without = bands.find((band) => band.standardPopulation === undefined)!;
    throw new Error(
      `standardPopulation is given for some age bands but not for ${without.ageBand}: give it for all or none`,
    );
  }
  const weights = bands.map(({ ageBand, standardPopulation }) => {
    if (standardPopulation !== undefined) {
      assertFinite(`standardPopulation of age band ${ageBand}`, standardPopulation);
      if (standardPopulation < 0) {
        throw new Error(`standardPopulation of age band ${ageBand} must be 0 or more, got ${standardPopulation}`);
      }
      return standardPopulation;
    }
    if (!isEsp2013AgeBand(ageBand)) {
      throw new Error(`unknown age band ${JSON.stringify(ageBand)}: ESP2013 bands are ${ESP2013_AGE_BANDS.join(', ')}`);
    }
    return ESP2013[ageBand];
  });
  if (weights.every((weight) => weight === 0)) throw new Error('the standard population of the age bands is 0 in all');
  return weights;
}

function bandProblem({ ageBand, numerator, denominator }: AgeBandCounts): string | null {
  if (numerator !== null && numerator < 0) return `numerator is negative in age band ${ageBand} (${numerator})`;
  if (denominator === null) return `denominator is missing in age band ${ageBand}`;
  if (denominator < 0) return `denominator is negative in age band ${ageBand} (${denominator})`;
  if (denominator === 0) return `denominator is 0 in age band ${ageBand}`;
  return null;
}
