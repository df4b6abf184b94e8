import fs from 'node:fs';
import { once } from 'node:events';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyRows } from '../../lib/copy.js';
import { normaliseHeader } from '../../lib/csv.js';
import { InputError } from '../../lib/errors.js';
import { csvField, readLineBatches, splitCsvLine } from '../../lib/lines.js';
import type { Source, WriteContext } from '../types.js';
import { type EpisodeColumn, findColumns } from './columns.js';
import { MonthlyCounts } from './counts.js';
import {
  CARE_HOME_CODES,
  DIED,
  EMERGENCY_METHODS,
  ELECTIVE_METHODS,
  KNOWN_DESTINATIONS,
  KNOWN_SOURCES,
  OTHER_METHODS,
  USUAL_RESIDENCE,
  conformSex,
  fiveYearBand,
  hasFallCause,
  isChronicAcsc,
  isIcd10,
  isInjury,
  normaliseIcd10,
} from './definitions.js';
import { type Geography, readGeography } from './geography.js';

export const admissions: Source = {
  name: 'admissions',
  kind: 'records',
  coverageSql: 'SELECT DISTINCT area_code, period_month FROM marts.admission_counts WHERE admissions > 0',
  description:
    'record-level admissions extracts (CSV: person id, admission/discharge dates, method, source, age, sex, council or LSOA, ICD-10 diagnoses, discharge destination)',
  async parse(file, context) {
    if (!fs.existsSync(file)) throw new InputError({ file }, 'no such file');
    const geography = await readGeography(context.client);
    return {
      periodStart: null,
      periodEnd: null,
      edition: null,
      rowCount: null,
      describe: 'admissions extract',
      tables: ['raw.admission_episodes', 'marts.admission_counts'],
      write: (client, loadId, io) => writeExtract(file, client, loadId, io, geography),
      async deletePeriod(client, { start, end }, loadId) {
        const episodes = await client.query(
          `DELETE FROM raw.admission_episodes
           WHERE load_id <> $3 AND admission_date >= $1 AND admission_date < ($2::date + interval '1 month')`,
          [start, end, loadId],
        );
        await client.query('DELETE FROM marts.admission_counts WHERE load_id <> $3 AND period_month BETWEEN $1 AND $2', [start, end, loadId]);
        return episodes.rowCount ?? 0;
      },
    };
  },
};

const STORED: EpisodeColumn[] = [
  'person_id',
  'admission_date',
  'discharge_date',
  'admission_method',
  'admission_source',
  'age',
  'sex',
  'council_code',
  'lsoa_code',
  'primary_diagnosis',
  'secondary_diagnoses',
  'discharge_destination',
];

async function writeExtract(file: string, client: pg.ClientBase, loadId: string, io: WriteContext, geography: Geography) {
  io.progress.setTotal(fs.statSync(file).size);
  const batches = readLineBatches(file);
  const first = await batches.next();
  if (first.done || first.value.lines[0]!.trim() === '') throw new InputError({ file }, 'the file is empty');
  const headerLine = first.value.lines[0]!;
  if (headerLine.includes('\0')) throw new InputError({ file }, 'not a CSV text file (it holds binary data)');
  const header = splitCsvLine(headerLine);
  if (header === null) throw new InputError({ file, row: 1 }, 'the header line has an unterminated quote');
  const columns = findColumns(file, header);
  const width = header.length;
  const index = (column: EpisodeColumn) => columns.get(column) ?? -1;
  const [iPerson, iAdmitted, iDischarged, iMethod, iSource, iAge, iSex, iCouncil, iLsoa, iPrimary, iSecondary, iDestination] = STORED.map(index) as [
    number, number, number, number, number, number, number, number, number, number, number, number,
  ];
  // The file's own columns in its own order, when every one of them is stored: lines then pass straight through.
  const storedInFileOrder = header.map((_, i) => STORED.find((column) => columns.get(column) === i));
  const passThrough = storedInFileOrder.every((column) => column !== undefined);
  const copyColumns = passThrough ? (storedInFileOrder as EpisodeColumn[]) : STORED.filter((column) => columns.has(column));

  const copy = client.query(copyFrom(`COPY raw.admission_episodes (load_id, line_number, ${copyColumns.join(', ')}) FROM STDIN (FORMAT csv)`));
  const copyDone = new Promise<void>((resolve, reject) => {
    copy.on('finish', resolve);
    copy.on('error', reject);
  });
  const counts = new MonthlyCounts();
  let rows = 0;
  let minDate = '9999-12-31';
  let maxDate = '0000-00-00';

  let rejected = 0;
  const reject = (line: number, column: EpisodeColumn | undefined, value: string | null, rule: string) => {
    rejected++;
    io.reject({ location: { file, row: line, column: column ?? undefined }, value, rule });
  };

  const processBatch = async (lines: string[], firstLine: number, skipFirst: boolean) => {
    let out = '';
    for (let k = skipFirst ? 1 : 0; k < lines.length; k++) {
      const text = lines[k]!;
      const line = firstLine + k;
      if (text.length === 0) continue;
      const fields = splitCsvLine(text);
      if (fields === null) {
        reject(line, undefined, null, 'unterminated quote');
        continue;
      }
      if (fields.length !== width) {
        reject(line, undefined, null, `${fields.length} fields where the header has ${width}`);
        continue;
      }
      const person = fields[iPerson]!;
      if (person === '') {
        reject(line, 'person_id', '', 'person id is missing');
        continue;
      }
      let admitted = fields[iAdmitted]!;
      let rewrite = false;
      if (!isIsoDate(admitted)) {
        const converted = fromDayMonthYear(admitted);
        if (converted === null) {
          reject(line, 'admission_date', admitted, 'admission date is not a date (YYYY-MM-DD or DD/MM/YYYY)');
          continue;
        }
        fields[iAdmitted] = admitted = converted;
        rewrite = true;
      }
      let discharged = iDischarged >= 0 ? fields[iDischarged]! : '';
      if (discharged !== '' && !isIsoDate(discharged)) {
        const converted = fromDayMonthYear(discharged);
        if (converted === null) {
          reject(line, 'discharge_date', discharged, 'discharge date is not a date (YYYY-MM-DD or DD/MM/YYYY)');
          continue;
        }
        fields[iDischarged] = discharged = converted;
        rewrite = true;
      }
      if (discharged !== '' && discharged < admitted) {
        reject(line, 'discharge_date', discharged, `discharge date before the admission date ${admitted}`);
        continue;
      }
      const method = fields[iMethod]!;
      const isEmergency = EMERGENCY_METHODS.has(method);
      const isElective = !isEmergency && ELECTIVE_METHODS.has(method);
      if (!isEmergency && !isElective && !OTHER_METHODS.has(method)) {
        reject(line, 'admission_method', method, 'unknown admission method (NHS Data Dictionary codes 11-13, 21-28, 2A-2D, 31-32, 81-83, 99)');
        continue;
      }
      const source = iSource >= 0 ? fields[iSource]! : '';
      if (source !== '' && !KNOWN_SOURCES.has(source)) {
        reject(line, 'admission_source', source, 'unknown source of admission code');
        continue;
      }
      const ageText = fields[iAge]!;
      const age = Number(ageText);
      if (ageText === '' || !Number.isInteger(age) || age < 0 || age > 120) {
        reject(line, 'age', ageText, 'age must be a whole number of years from 0 to 120');
        continue;
      }
      const sex = conformSex(iSex >= 0 ? fields[iSex]! : '');
      if (sex === null) {
        reject(line, 'sex', fields[iSex]!, 'sex must be 1/M, 2/F, or 0/9/blank for not known');
        continue;
      }
      const councilText = iCouncil >= 0 ? fields[iCouncil]! : '';
      let council: string | undefined;
      if (councilText !== '') {
        council = geography.councils.has(councilText) ? councilText : undefined;
        if (council === undefined) {
          reject(line, 'council_code', councilText, 'unknown council code (expected the ONS code of an English council with social services responsibilities)');
          continue;
        }
      } else {
        const lsoa = iLsoa >= 0 ? fields[iLsoa]! : '';
        council = lsoa === '' ? undefined : geography.councilOfLsoa(lsoa);
        if (council === undefined) {
          reject(line, lsoa === '' ? 'council_code' : 'lsoa_code', lsoa, lsoa === '' ? 'neither council nor LSOA given' : 'unknown LSOA code (load the ONS LSOA lookup with `etl load lookups`)');
          continue;
        }
      }
      const primaryText = fields[iPrimary]!;
      const primary = normaliseIcd10(primaryText);
      if (!isIcd10(primary)) {
        reject(line, 'primary_diagnosis', primaryText, 'primary diagnosis is not an ICD-10 code');
        continue;
      }
      const secondaryText = iSecondary >= 0 ? fields[iSecondary]! : '';
      const secondary = secondaryText === '' ? NONE : splitDiagnoses(secondaryText);
      const badSecondary = secondary.find((code) => !isIcd10(code));
      if (badSecondary !== undefined) {
        reject(line, 'secondary_diagnoses', badSecondary, 'secondary diagnosis is not an ICD-10 code');
        continue;
      }
      const destination = iDestination >= 0 ? fields[iDestination]! : '';
      if (destination !== '' && !KNOWN_DESTINATIONS.has(destination)) {
        reject(line, 'discharge_destination', destination, 'unknown discharge destination code');
        continue;
      }

      const band = fiveYearBand(age);
      if (admitted < minDate) minDate = admitted;
      if (admitted > maxDate) maxDate = admitted;
      const fromCareHome = CARE_HOME_CODES.has(source);
      const admission = counts.at(admitted, council, band, sex);
      admission[0]!++;
      if (isElective) admission[1]!++;
      if (isEmergency) {
        admission[2]!++;
        if (fromCareHome) admission[3]!++;
        if (isInjury(primary) && hasFallCause(secondary)) admission[4]!++;
        if (isChronicAcsc(primary, secondary)) admission[5]!++;
      }
      if (discharged !== '' && destination !== '') {
        const discharge = counts.at(discharged, council, band, sex);
        discharge[6]!++;
        if (destination !== DIED) discharge[7]!++;
        if (destination === USUAL_RESIDENCE) discharge[8]!++;
        if (!fromCareHome && CARE_HOME_CODES.has(destination)) discharge[9]!++;
      }

      if (passThrough && !rewrite) out += `${loadId},${line},${text}\n`;
      else out += `${loadId},${line},${copyColumns.map((column) => csvField(fields[columns.get(column)!]!)).join(',')}\n`;
      rows++;
    }
    // Let a few megabytes queue so that PostgreSQL ingests one batch while the next is parsed.
    if (out.length > 0 && !copy.write(out) && copy.writableLength > 8 << 20) await Promise.race([once(copy, 'drain'), copyDone]);
  };

  try {
    await processBatch(first.value.lines, first.value.firstLine, true);
    io.progress.advance(first.value.lines.length - 1, first.value.bytesRead);
    let bytesBefore = first.value.bytesRead;
    for await (const batch of batches) {
      // A last line without a line break is fine if it is a whole record; a cut-off one means a truncated file.
      const rejectedBefore = rejected;
      await processBatch(batch.lines, batch.firstLine, false);
      if (batch.unterminated && rejected > rejectedBefore) throw truncated(file, batch.firstLine);
      io.progress.advance(batch.lines.length, batch.bytesRead - bytesBefore);
      bytesBefore = batch.bytesRead;
    }
    copy.end();
    await copyDone;
  } catch (error) {
    copy.destroy();
    await copyDone.catch(() => undefined);
    throw error;
  }
  if (rows === 0) throw new InputError({ file }, 'no usable records (the file has a header only, or every record was rejected)');

  // A record repeated in the extract would be counted twice. The hash aggregate over millions of records fits in memory with a larger work_mem (PostgreSQL's, not ours).
  await client.query("SET LOCAL work_mem = '256MB'");
  const duplicate = await client.query<{ first_line: number; line: number }>(
    `SELECT min(line_number) AS first_line, max(line_number) AS line
     FROM raw.admission_episodes WHERE load_id = $1
     GROUP BY ${STORED.join(', ')} HAVING count(*) > 1
     ORDER BY 2 LIMIT 1`,
    [loadId],
  );
  if (duplicate.rows[0]) {
    const { first_line, line } = duplicate.rows[0];
    throw new InputError({ file, row: line }, `duplicate record: line ${line} repeats line ${first_line}`);
  }

  await copyRows(
    client,
    'marts.admission_counts',
    [
      'load_id',
      'period_month',
      'area_code',
      'age_band',
      'sex',
      'admissions',
      'elective_admissions',
      'emergency_admissions',
      'emergency_admissions_from_care_homes',
      'emergency_admissions_falls_injury',
      'emergency_admissions_chronic_acsc',
      'discharges',
      'discharges_alive',
      'discharges_to_usual_residence',
      'discharges_to_care_home_from_elsewhere',
    ],
    counts.rows(loadId),
  );
  const [minMonth, maxMonth] = [minDate.slice(0, 7), maxDate.slice(0, 7)];
  return {
    rowCount: rows,
    periodStart: `${minMonth}-01`,
    periodEnd: `${maxMonth}-01`,
    describe: `admissions ${minMonth} to ${maxMonth}, ${counts.areaCount} councils`,
  };
}

const NONE: string[] = [];

/** 'W19;I10' or 'W19|I10' or 'W19 I10' → ['W19', 'I10'] (dots dropped). */
function splitDiagnoses(text: string): string[] {
  const codes = text.split(text.includes(';') ? ';' : text.includes('|') ? '|' : ' ');
  const out: string[] = [];
  for (const code of codes) {
    const trimmed = code.trim();
    if (trimmed !== '') out.push(normaliseIcd10(trimmed));
  }
  return out;
}

function truncated(file: string, line: number): InputError {
  return new InputError({ file, row: line }, 'the file ends in the middle of a line (truncated?); nothing was loaded');
}

/** YYYY-MM-DD with a real calendar day from 1900 on (read digit by digit: this runs twice per record). */
function isIsoDate(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return false;
    year = year * 10 + digit;
  }
  const m1 = value.charCodeAt(5) - 48;
  const m2 = value.charCodeAt(6) - 48;
  const d1 = value.charCodeAt(8) - 48;
  const d2 = value.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return false;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  return year >= 1900 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

function fromDayMonthYear(value: string): string | null {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (!match) return null;
  const iso = `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

function daysIn(year: number, month: number): number {
  return month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}
