/** How an interval was found. */
export type IntervalMethod = 'Byars' | 'Exact' | 'Wilson' | 'Dobson';

/** The two confidence levels every figure is published with. */
export const CONFIDENCE_LEVELS = [0.95, 0.998] as const;

/**
 * A figure with its 95% and 99.8% confidence limits. When no value can be given, value and limits are null and
 * `valueNote` says why (the reason a published table prints in its value note column).
 */
export interface Estimate {
  value: number | null;
  lower95: number | null;
  upper95: number | null;
  lower998: number | null;
  upper998: number | null;
  method: IntervalMethod | null;
  valueNote: string | null;
}

/** An estimate without a value, for the reason given. */
export function noValue(valueNote: string, method: IntervalMethod | null = null): Estimate {
  return { value: null, lower95: null, upper95: null, lower998: null, upper998: null, method, valueNote };
}
