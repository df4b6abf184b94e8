import { defineTable, tableRows } from '../../lib/copy.js';
import { isTextFile } from '../../lib/files.js';
import { GEOGRAPHY } from '../../lib/refresh-geography.js';
import { deleteFromLoads, unionOfLoads } from '../../lib/replace.js';
import { readWorkbook } from '../../lib/workbook.js';
import type { ParsedFile, Source } from '../types.js';
import { parsePopulationWorkbook } from './parse.js';
import { parseCcgPopulation } from './parse-ccg.js';

const AREAS = defineTable('raw.population_areas', ['mid_year', 'area_code', 'area_name', 'geography'] as const, {
  origin: { key: ['mid_year', 'area_code'] },
});
const ESTIMATES = defineTable('raw.population_estimates', ['mid_year', 'area_code', 'sex', 'age', 'people'] as const, {
  origin: { key: ['mid_year', 'area_code', 'sex', 'age'] },
});
const CCG_ESTIMATES = defineTable(
  'raw.population_ccg_estimates',
  [
    'mid_year',
    'boundary_year',
    'ccg_code',
    'ccg_name',
    'stp_code',
    'stp_name',
    'nhs_region_code',
    'nhs_region_name',
    'age_band',
    'min_age',
    'max_age',
    'people',
  ] as const,
  { origin: { key: ['boundary_year', 'ccg_code', 'age_band'] } },
);

export const population: Source = {
  name: 'population',
  kind: 'published',
  description:
    'ONS mid-year population estimates: the UK workbook by single year of age and sex (MYE2 sheets, .xls/.xlsx), or CCG estimates by broad age band (CSV)',
  async parse(file) {
    return isText(file) ? parseCcgFile(file) : parseWorkbookFile(file);
  },
};

async function parseWorkbookFile(file: string): Promise<ParsedFile> {
  const workbook = parsePopulationWorkbook(readWorkbook(file));
  const { midYear, rows } = workbook;
  const areas = new Map(rows.map((r) => [r.areaCode, r]));
  return {
    periodStart: `${midYear}-06-30`,
    periodEnd: `${midYear}-06-30`,
    edition: workbook.title,
    rowCount: rows.length,
    describe: `mid-${midYear}, ${areas.size} areas`,
    async deletePeriod(client) {
      const areas = await deleteFromLoads(client, `DELETE FROM ${AREAS.name} WHERE mid_year = $1`, [midYear]);
      const estimates = await deleteFromLoads(client, `DELETE FROM ${ESTIMATES.name} WHERE mid_year = $1`, [midYear]);
      return unionOfLoads(areas, estimates);
    },
    read: () => ({
      tables: [
        tableRows(
          AREAS,
          [...areas.values()].map((r) => ({
            mid_year: midYear,
            area_code: r.areaCode,
            area_name: r.areaName,
            geography: r.geography,
          })),
        ),
        tableRows(
          ESTIMATES,
          rows.map((r) => ({ mid_year: midYear, area_code: r.areaCode, sex: r.sex, age: r.age, people: r.people })),
        ),
      ],
    }),
    refreshes: GEOGRAPHY,
  };
}

/**
 * CCG estimates are keyed by their boundary vintage (1 April of the CCG year), not by mid-year: the loader
 * replaces earlier loads of the same source whose period overlaps, and the UK workbook of the same mid-year
 * must not be replaced by a CCG file (nor the other way round).
 */
async function parseCcgFile(file: string): Promise<ParsedFile> {
  const { boundaryYear, midYear, rows } = await parseCcgPopulation(file);
  const period = `${boundaryYear}-04-01`;
  const ccgs = new Set(rows.map((r) => r.ccgCode)).size;
  return {
    periodStart: period,
    periodEnd: period,
    edition: `CCG population estimates, mid-${midYear}, ${boundaryYear} CCG boundaries`,
    rowCount: rows.length,
    describe: `CCG estimates mid-${midYear} (CCG${String(boundaryYear).slice(2)} boundaries), ${ccgs} CCGs`,
    async deletePeriod(client) {
      return deleteFromLoads(client, `DELETE FROM ${CCG_ESTIMATES.name} WHERE boundary_year = $1`, [boundaryYear]);
    },
    read: () => ({
      tables: [
        tableRows(
          CCG_ESTIMATES,
          rows.map((r) => ({
            mid_year: midYear,
            boundary_year: boundaryYear,
            ccg_code: r.ccgCode,
            ccg_name: r.ccgName,
            stp_code: r.stpCode,
            stp_name: r.stpName,
            nhs_region_code: r.nhsRegionCode,
            nhs_region_name: r.nhsRegionName,
            age_band: r.ageBand,
            min_age: r.minAge,
            max_age: r.maxAge,
            people: r.people,
          })),
        ),
      ],
    }),
    refreshes: GEOGRAPHY,
  };
}

/** A CSV (text) rather than a workbook: CSVs are read as CCG estimates, anything else as a workbook. */
function isText(file: string): boolean {
  return /\.csv$/i.test(file) && isTextFile(file, 512);
}
