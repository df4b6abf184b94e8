import { checkDistinctHeader, normaliseHeader } from '../../lib/csv.js';
import { InputError } from '../../lib/errors.js';

export type EpisodeColumn =
  | 'person_id'
  | 'admission_date'
  | 'discharge_date'
  | 'admission_method'
  | 'admission_source'
  | 'age'
  | 'sex'
  | 'council_code'
  | 'lsoa_code'
  | 'primary_diagnosis'
  | 'secondary_diagnoses'
  | 'discharge_destination';

/** Header names accepted for each column (HES / SUS field names too), compared ignoring case and punctuation. */
const HEADERS: Record<EpisodeColumn, { names: string[]; required: boolean }> = {
  person_id: {
    names: ['person_id', 'pseudonymised person id', 'pseudo_id', 'patient_id', 'token_person_id'],
    required: true,
  },
  admission_date: { names: ['admission_date', 'admidate', 'date of admission', 'admitted'], required: true },
  discharge_date: { names: ['discharge_date', 'disdate', 'date of discharge', 'discharged'], required: false },
  admission_method: { names: ['admission_method', 'admimeth', 'method of admission'], required: true },
  admission_source: { names: ['admission_source', 'admisorc', 'source of admission'], required: false },
  age: { names: ['age', 'startage', 'age_at_admission', 'age on admission'], required: true },
  sex: { names: ['sex', 'gender', 'person gender code'], required: false },
  council_code: {
    names: ['council_code', 'la_code', 'local_authority_code', 'resladst_ons', 'council'],
    required: false,
  },
  lsoa_code: { names: ['lsoa_code', 'lsoa11', 'lsoa11cd', 'lsoa'], required: false },
  primary_diagnosis: { names: ['primary_diagnosis', 'diag_01', 'diag_4_01', 'primary diagnosis'], required: true },
  secondary_diagnoses: {
    names: ['secondary_diagnoses', 'secondary diagnoses', 'diag_concat', 'other_diagnoses'],
    required: false,
  },
  discharge_destination: { names: ['discharge_destination', 'disdest', 'destination on discharge'], required: false },
};

/** Finds each column by name; names the missing ones (and what the file has) in the error. */
export function findColumns(file: string, header: string[]): Map<EpisodeColumn, number> {
  checkDistinctHeader(file, header);
  const positions = new Map(header.map((name, i) => [normaliseHeader(name), i]));
  const found = new Map<EpisodeColumn, number>();
  const missing: string[] = [];
  for (const [column, { names, required }] of Object.entries(HEADERS) as [
    EpisodeColumn,
    (typeof HEADERS)[EpisodeColumn],
  ][]) {
    const position = names.map((name) => positions.get(normaliseHeader(name))).find((p) => p !== undefined);
    if (position !== undefined) found.set(column, position);
    else if (required) missing.push(column);
  }
  if (!found.has('council_code') && !found.has('lsoa_code')) missing.push('council_code or lsoa_code');
  if (missing.length > 0) {
    throw new InputError(
      { file, row: 1 },
      `not an admissions extract: missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')} (header: ${header.join(', ')})`,
    );
  }
  return found;
}
