/**
 * How record-level admissions become the BCF / NHS Outcomes Framework measures. One place for the codes;
 * the README's "Record-level admissions" section cites the same definitions.
 *
 * Codes are NHS Data Dictionary values: admission method, source of admission and discharge destination
 * (2-character codes) and ICD-10 diagnoses written with or without the dot ('S72.0' = 'S720').
 */

/** Admission method 11-13: waiting list, booked, planned. */
export const ELECTIVE_METHODS = new Set(['11', '12', '13']);
/** Admission method 21-28 and 2A-2D: emergency (A&E, GP, bed bureau, clinic, mental health crisis team, other). */
export const EMERGENCY_METHODS = new Set(['21', '22', '23', '24', '25', '26', '27', '28', '2A', '2B', '2C', '2D']);
/** Maternity (31, 32) and other (81-83, 99 not known). Valid, but neither elective nor emergency. */
export const OTHER_METHODS = new Set(['31', '32', '81', '82', '83', '99']);

/** Source of admission / discharge destination codes for care homes (NHS-run 54, local authority 65, independent 85-86). */
export const CARE_HOME_CODES = new Set(['54', '65', '85', '86']);
export const USUAL_RESIDENCE = '19';
export const DIED = '79';
export const KNOWN_SOURCES = new Set([
  '19',
  '29',
  '39',
  '40',
  '41',
  '42',
  '49',
  '50',
  '51',
  '52',
  '53',
  '54',
  '55',
  '56',
  '65',
  '66',
  '69',
  '85',
  '86',
  '87',
  '88',
  '98',
  '99',
]);
export const KNOWN_DESTINATIONS = new Set([
  '19',
  '29',
  '30',
  '37',
  '38',
  '48',
  '49',
  '50',
  '51',
  '52',
  '53',
  '54',
  '65',
  '66',
  '79',
  '84',
  '85',
  '86',
  '87',
  '88',
  '98',
  '99',
]);

/** ICD-10 code: letter, two digits, optional dot and up to two more characters (digit, X or D/A modifiers). */
export const ICD10 = /^[A-Z]\d{2}(\.?[0-9X][0-9A-Z]?)?$/;

export function normaliseIcd10(code: string): string {
  const undotted = code.length > 3 && code.charCodeAt(3) === 46 ? code.slice(0, 3) + code.slice(4) : code;
  const first = undotted.charCodeAt(0);
  return first >= 97 && first <= 122 ? undotted.toUpperCase() : undotted;
}

/** ICD10.test for an undotted, upper-case code, by hand: it runs for every diagnosis of every record. */
export function isIcd10(code: string): boolean {
  const n = code.length;
  if (n < 3 || n > 5) return false;
  const letter = code.charCodeAt(0);
  if (letter < 65 || letter > 90) return false;
  for (let i = 1; i < 3; i++) {
    const c = code.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  if (n >= 4) {
    const c = code.charCodeAt(3);
    if (!((c >= 48 && c <= 57) || c === 88)) return false;
  }
  if (n === 5) {
    const c = code.charCodeAt(4);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) return false;
  }
  return true;
}

/** Injury (chapter XIX, S00-T98) as primary diagnosis. */
export function isInjury(primary: string): boolean {
  const c = primary.charCodeAt(0);
  if (c === 83 /* S */) return true;
  return c === 84 /* T */ && Number(primary.slice(1, 3)) <= 98;
}

/** External cause W00-W19 (falls) in any position. */
export function hasFallCause(codes: readonly string[]): boolean {
  return codes.some((code) => code.charCodeAt(0) === 87 /* W */ && Number(code.slice(1, 3)) <= 19);
}

/**
 * Chronic ambulatory care sensitive conditions as in NHS Outcomes Framework indicator 2.3.i (primary
 * diagnosis). Simplified where the specification needs procedure codes we do not receive (angina is counted
 * without its procedure exclusions) and for J20 (acute bronchitis counts only with COPD secondary codes).
 */
const ACSC_CHRONIC_PREFIXES = [
  // angina
  'I20',
  'I240',
  'I248',
  'I249',
  'I25',
  'Z034',
  // asthma
  'J45',
  'J46',
  // COPD (J20 handled below)
  'J41',
  'J42',
  'J43',
  'J44',
  'J47',
  // congestive heart failure
  'I110',
  'I50',
  'J81',
  // convulsions and epilepsy
  'G253',
  'G40',
  'G41',
  'R56',
  'O15',
  // dementia
  'F00',
  'F01',
  'F02',
  'F03',
  // diabetes complications
  'E10',
  'E11',
  'E12',
  'E13',
  'E14',
  // hypertension
  'I10',
  'I119',
  // iron-deficiency anaemia
  'D501',
  'D508',
  'D509',
  // nutritional deficiencies
  'E40',
  'E41',
  'E42',
  'E43',
  'E550',
  'E643',
];
const COPD_SECONDARY = new Set(['J41', 'J42', 'J43', 'J44', 'J47']);
const ACSC_CHRONIC = new Set(ACSC_CHRONIC_PREFIXES);

export function isChronicAcsc(primary: string, secondary: readonly string[]): boolean {
  if (primary.startsWith('J20')) return secondary.some((code) => COPD_SECONDARY.has(code.slice(0, 3)));
  return ACSC_CHRONIC.has(primary.slice(0, 3)) || ACSC_CHRONIC.has(primary.slice(0, 4));
}

/** Five-year age bands as marts.dim_age_band names them (90+ last). */
export const FIVE_YEAR_BANDS = [...Array.from({ length: 18 }, (_, i) => `${i * 5}-${i * 5 + 4}`), '90+'];
export function fiveYearBand(age: number): number {
  return age >= 90 ? 18 : Math.floor(age / 5);
}

/** Person gender code: 1/M male, 2/F female; 0, 9 and blank are 'not known' (kept, with sex 'unknown'). */
export function conformSex(value: string): 'male' | 'female' | 'unknown' | null {
  switch (value.toUpperCase()) {
    case '1':
    case 'M':
    case 'MALE':
      return 'male';
    case '2':
    case 'F':
    case 'FEMALE':
      return 'female';
    case '0':
    case '9':
    case 'X':
    case '':
      return 'unknown';
    default:
      return null;
  }
}
