/**
 * The outcome shifts built into the synthetic extract, as the integration literature reports them.
 * Documented in the README ("Synthetic national data"); tests check the loaded data shows them.
 */
export const SHIFT_START = '2016-04-01';

export const SHIFTS = {
  /** Integrated care for older people: non-elective admissions of the 65+ cohort fall 23% after the start date. */
  cohortNonElective: { councils: ['E06000027'], names: ['Torbay'], minAge: 65, reduction: 0.23 },
  /** Enhanced health in care homes: emergency admissions from care homes down 13%. */
  careHomeEmergency: { councils: ['E09000029'], names: ['Sutton'], reduction: 0.13 },
  /** Home-first discharge: permanent care-home admissions (discharges to a care home of people not admitted from one) down 20%. */
  permanentCareHome: { councils: ['E08000035'], names: ['Leeds'], reduction: 0.2 },
} as const;
