/** The European Standard Population 2013's five-year age bands, youngest first. */
export const ESP2013_AGE_BANDS = [
  '0-4',
  '5-9',
  '10-14',
  '15-19',
  '20-24',
  '25-29',
  '30-34',
  '35-39',
  '40-44',
  '45-49',
  '50-54',
  '55-59',
  '60-64',
  '65-69',
  '70-74',
  '75-79',
  '80-84',
  '85-89',
  '90+',
] as const;

export type Esp2013AgeBand = (typeof ESP2013_AGE_BANDS)[number];

/**
 * European Standard Population 2013 (Eurostat, Revision of the European Standard Population, 2013), per 100,000:
 * the weights of PHEindicatormethods' `esp2013` vector, band by band.
 */
export const ESP2013: Readonly<Record<Esp2013AgeBand, number>> = {
  '0-4': 5000,
  '5-9': 5500,
  '10-14': 5500,
  '15-19': 5500,
  '20-24': 6000,
  '25-29': 6000,
  '30-34': 6500,
  '35-39': 7000,
  '40-44': 7000,
  '45-49': 7000,
  '50-54': 7000,
  '55-59': 6500,
  '60-64': 6000,
  '65-69': 5500,
  '70-74': 5000,
  '75-79': 4000,
  '80-84': 2500,
  '85-89': 1500,
  '90+': 1000,
};

export function isEsp2013AgeBand(band: string): band is Esp2013AgeBand {
  return Object.hasOwn(ESP2013, band);
}
