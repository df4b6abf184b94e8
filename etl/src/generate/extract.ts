import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { councilPopulations } from '../lib/council-population.js';
import { createRandom, cumulate, pick } from './random.js';
import { SHIFT_START, SHIFTS } from './shifts.js';

export interface GenerateOptions {
  rows: number;
  seed: number;
  /** First and last month of admission, 'YYYY-MM'. */
  from: string;
  to: string;
  /** Only these councils (ONS codes); default every English council. */
  councils?: string[];
  out: string;
  onProgress?: (rows: number) => void;
}

export const EXTRACT_HEADER =
  'person_id,admission_date,discharge_date,admission_method,admission_source,age,sex,council_code,lsoa_code,primary_diagnosis,secondary_diagnoses,discharge_destination';

/** Admissions per person per year by five-year band (England, HES-like orders of magnitude). */
const EMERGENCY_RATE = [
  0.18, 0.05, 0.05, 0.08, 0.08, 0.08, 0.08, 0.07, 0.07, 0.08, 0.09, 0.1, 0.12, 0.15, 0.19, 0.25, 0.33, 0.45, 0.6,
];
const ELECTIVE_RATE = [
  0.05, 0.03, 0.03, 0.04, 0.05, 0.06, 0.08, 0.09, 0.11, 0.13, 0.16, 0.2, 0.25, 0.3, 0.35, 0.35, 0.3, 0.22, 0.15,
];
const OTHER_RATE = [0.01, 0, 0, 0.01, 0.03, 0.04, 0.04, 0.02, 0.01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const FEMALE_SHARE = [
  0.49, 0.49, 0.49, 0.5, 0.55, 0.6, 0.6, 0.55, 0.52, 0.5, 0.5, 0.5, 0.5, 0.51, 0.52, 0.55, 0.58, 0.63, 0.7,
];
const CARE_HOME_SOURCES = ['54', '65', '85', '86'];
const EMERGENCY_METHODS = ['21', '21', '21', '21', '22', '22', '23', '24', '28', '2A', '2B', '2D'];
const ELECTIVE_METHODS = ['11', '11', '12', '13'];
const OTHER_METHODS = ['31', '32', '81', '82', '83'];
const ACSC = [
  'J44.1',
  'J44.0',
  'J45.9',
  'I50.0',
  'I50.9',
  'E11.9',
  'E10.1',
  'I20.9',
  'I25.1',
  'G40.9',
  'R56.8',
  'F03',
  'I10',
  'D50.9',
];
const OTHER_EMERGENCY = [
  'R07.4',
  'J18.9',
  'N39.0',
  'R10.4',
  'K59.0',
  'A41.9',
  'R55',
  'J22',
  'L03.1',
  'K80.2',
  'R06.0',
  'I48.9',
];
const INJURIES = ['S72.0', 'S72.1', 'S06.0', 'S52.5', 'S32.5', 'S42.2', 'T14.9', 'S01.0'];
const FALL_CAUSES = ['W01', 'W06', 'W10', 'W18', 'W19', 'W19'];
const ELECTIVE_DIAGNOSES = [
  'H25.9',
  'M17.1',
  'M16.1',
  'Z51.1',
  'K80.2',
  'N40',
  'C50.9',
  'K40.9',
  'Z45.0',
  'I83.9',
  'D12.6',
];
const SECONDARY = ['I10', 'E11.9', 'Z86.7', 'N18.3', 'F32.9', 'Z92.2', 'E78.0', 'J44.9', 'I48.9'];

interface Cell {
  council: string;
  band: number;
  kind: 0 | 1 | 2;
}

/**
 * Writes a seeded synthetic England admissions extract: councils and ages weighted by the ONS mid-2019
 * population and national admission rates, emergency admissions peaking in winter, and the documented
 * outcome shifts (./shifts.ts) in their named councils from SHIFT_START.
 */
export async function generateExtract(options: GenerateOptions): Promise<{ rows: number; file: string }> {
  const random = createRandom(options.seed);
  const population = [...councilPopulations().values()].filter(
    (c) => !options.councils || options.councils.includes(c.code),
  );
  if (population.length === 0)
    throw new Error(
      `none of the councils ${options.councils?.join(', ')} is an English council in the mid-2019 estimates`,
    );

  const cells: Cell[] = [];
  const weights: number[] = [];
  for (const { code, bands } of population) {
    bands.forEach((people, band) => {
      [EMERGENCY_RATE, ELECTIVE_RATE, OTHER_RATE].forEach((rates, kind) => {
        if (rates[band]! > 0) {
          cells.push({ council: code, band, kind: kind as 0 | 1 | 2 });
          weights.push(people * rates[band]!);
        }
      });
    });
  }
  const cellPicker = cumulate(weights);
  const months = monthsBetween(options.from, options.to);
  // Emergencies peak in January (+12%); planned work dips in August and December.
  const emergencyMonths = cumulate(months.map((m) => 1 + 0.12 * Math.cos((2 * Math.PI * (m.month - 1)) / 12)));
  const electiveMonths = cumulate(months.map((m) => (m.month === 8 || m.month === 12 ? 0.88 : 1)));
  const people = Math.max(1, Math.round(options.rows / 1.7));

  fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
  const stream = fs.createWriteStream(options.out);
  const choose = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
  let written = 0;
  let chunk = `${EXTRACT_HEADER}\n`;
  while (written < options.rows) {
    const cell = cells[pick(cellPicker, random())]!;
    const month = months[pick(cell.kind === 0 ? emergencyMonths : electiveMonths, random())]!;
    const day = 1 + Math.floor(random() * month.days);
    const admitted = `${month.key}-${day < 10 ? '0' : ''}${day}`;
    const age = cell.band === 18 ? 90 + Math.floor(random() * 11) : cell.band * 5 + Math.floor(random() * 5);
    const emergency = cell.kind === 0;
    const afterStart = admitted >= SHIFT_START;
    let source = '19';
    if (age >= 65 && random() < (age >= 85 ? 0.15 : age >= 75 ? 0.08 : 0.02) * (emergency ? 1 : 0.2))
      source = choose(CARE_HOME_SOURCES);
    const fromCareHome = source !== '19';

    if (emergency && afterStart) {
      const cohort = SHIFTS.cohortNonElective;
      if (age >= cohort.minAge && cohort.councils.includes(cell.council as never) && random() < cohort.reduction)
        continue;
      const careHomes = SHIFTS.careHomeEmergency;
      if (fromCareHome && careHomes.councils.includes(cell.council as never) && random() < careHomes.reduction)
        continue;
    }

    const method = emergency
      ? choose(EMERGENCY_METHODS)
      : cell.kind === 1
        ? choose(ELECTIVE_METHODS)
        : choose(OTHER_METHODS);
    const secondary: string[] = [];
    let primary: string;
    if (emergency) {
      const u = random();
      if (u < (age >= 65 ? 0.14 : 0.1)) {
        primary = choose(INJURIES);
        if (random() < (age >= 65 ? 0.6 : 0.25)) secondary.push(choose(FALL_CAUSES));
      } else if (u < 0.27) primary = choose(ACSC);
      else primary = choose(OTHER_EMERGENCY);
    } else primary = cell.kind === 1 ? choose(ELECTIVE_DIAGNOSES) : 'O80';
    const extra = Math.floor(random() * (age >= 65 ? 4 : 2));
    for (let i = 0; i < extra; i++) secondary.push(choose(SECONDARY));

    const meanStay = emergency ? (age >= 65 ? 9 : 4) : random() < 0.6 ? 0 : 3;
    const stay = meanStay === 0 ? 0 : Math.floor(-Math.log(1 - random()) * meanStay);
    const discharged = addDays(admitted, stay);
    let destination = '19';
    const u = random();
    if (emergency && u < (age >= 85 ? 0.07 : age >= 65 ? 0.035 : 0.005)) destination = '79';
    else if (fromCareHome) destination = source;
    else if (age >= 65 && u < (age >= 85 ? 0.14 : 0.06)) {
      destination = choose(CARE_HOME_SOURCES);
      const homeFirst = SHIFTS.permanentCareHome;
      if (
        discharged >= SHIFT_START &&
        homeFirst.councils.includes(cell.council as never) &&
        random() < homeFirst.reduction
      )
        destination = '19';
    } else if (u > 0.97) destination = choose(['29', '51', '49']);

    const female = random() < FEMALE_SHARE[cell.band]!;
    const person = `P${(Math.floor(random() * people) * 7919 + options.seed).toString(36).toUpperCase()}`;
    chunk += `${person},${admitted},${discharged},${method},${source},${age},${female ? 2 : 1},${cell.council},,${primary},${secondary.join(';')},${destination}\n`;
    written++;
    if (chunk.length > 1 << 20) {
      if (!stream.write(chunk)) await once(stream, 'drain');
      chunk = '';
      options.onProgress?.(written);
    }
  }
  stream.end(chunk);
  await once(stream, 'finish');
  options.onProgress?.(written);
  return { rows: written, file: options.out };
}

function monthsBetween(from: string, to: string) {
  const months: { key: string; month: number; days: number }[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  const [endYear, endMonth] = to.split('-').map(Number) as [number, number];
  while (year < endYear || (year === endYear && month <= endMonth)) {
    months.push({
      key: `${year}-${String(month).padStart(2, '0')}`,
      month,
      days: new Date(Date.UTC(year, month, 0)).getUTCDate(),
    });
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  if (months.length === 0) throw new Error(`--from ${from} is after --to ${to}`);
  return months;
}

function addDays(iso: string, days: number): string {
  if (days === 0) return iso;
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
