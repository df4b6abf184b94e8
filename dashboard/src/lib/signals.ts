/**
 * The words and colours of the signals, in one place: Making Data Count's variation and assurance (NHS England's
 * icon colours) and Fingertips' benchmark colours. Every page reads them from here; a colour never stands alone.
 */

export const MDC_COLOURS = {
  concern: '#FF6600',
  improvement: '#0072C6',
  commonCause: '#A6A6A6',
  neutral: '#8000C0',
} as const;

export const BENCHMARK_COLOURS = {
  better: '#00703C',
  similar: '#FFDD00',
  worse: '#D4351C',
  better998: '#85994B',
  similar998: '#FFDD00',
  worse998: '#831504',
  lower: '#5694CA',
  higher: '#003078',
} as const;

/** A chart point's type (metric_spc.point_type): its words and colour. */
export const POINT_TYPES: Readonly<Record<string, { label: string; colour: string }>> = {
  common_cause: { label: 'Common cause', colour: MDC_COLOURS.commonCause },
  special_cause_improvement: { label: 'Special cause: improvement', colour: MDC_COLOURS.improvement },
  special_cause_concern: { label: 'Special cause: concern', colour: MDC_COLOURS.concern },
  special_cause_neutral_high: { label: 'Special cause: high', colour: MDC_COLOURS.neutral },
  special_cause_neutral_low: { label: 'Special cause: low', colour: MDC_COLOURS.neutral },
};

/** The variation icon of a series' latest point (metric_spc.variation_icon), in words. */
export const VARIATION_ICONS: Readonly<Record<string, { label: string; colour: string }>> = {
  common_cause: { label: 'Common cause variation: no significant change', colour: MDC_COLOURS.commonCause },
  improvement_high: { label: 'Special cause variation: improving (higher)', colour: MDC_COLOURS.improvement },
  improvement_low: { label: 'Special cause variation: improving (lower)', colour: MDC_COLOURS.improvement },
  concern_high: { label: 'Special cause variation: of concern (higher)', colour: MDC_COLOURS.concern },
  concern_low: { label: 'Special cause variation: of concern (lower)', colour: MDC_COLOURS.concern },
  neutral_high: { label: 'Special cause variation: higher', colour: MDC_COLOURS.neutral },
  neutral_low: { label: 'Special cause variation: lower', colour: MDC_COLOURS.neutral },
};

/** The assurance icon against a plan's target (metric_spc.assurance_icon), in words. */
export const ASSURANCE_ICONS: Readonly<Record<string, { label: string; colour: string }>> = {
  pass: { label: 'Assurance: will consistently meet the target', colour: MDC_COLOURS.improvement },
  fail: { label: 'Assurance: will consistently miss the target', colour: MDC_COLOURS.concern },
  inconsistent: { label: 'Assurance: may or may not meet the target', colour: MDC_COLOURS.commonCause },
};

/** The special-cause rule a point is part of (metric_spc.special_cause_rule), in words. */
export const SPECIAL_CAUSE_RULES: Readonly<Record<string, string>> = {
  outside_limits: 'outside the process limits',
  trend: 'a trend of 7 points rising or falling',
  two_in_three: 'two of three points near a limit',
  run: 'a run of 7 points on one side of the mean',
};

/** A comparison with England or the region at 95% (metrics.compared_to_england), in words and Fingertips' colours. */
export const COMPARISONS: Readonly<Record<string, { label: string; colour: string }>> = {
  better: { label: 'Better than England', colour: BENCHMARK_COLOURS.better },
  similar: { label: 'Similar to England', colour: BENCHMARK_COLOURS.similar },
  worse: { label: 'Worse than England', colour: BENCHMARK_COLOURS.worse },
  lower: { label: 'Lower than England', colour: BENCHMARK_COLOURS.lower },
  higher: { label: 'Higher than England', colour: BENCHMARK_COLOURS.higher },
  not_compared: { label: 'Not compared', colour: MDC_COLOURS.commonCause },
};
