import fs from 'node:fs';
import { copyRows } from '../../lib/copy.js';
import { InputError } from '../../lib/errors.js';
import { deleteFromLoads, unionOfLoads } from '../../lib/replace.js';
import { readWorkbook } from '../../lib/workbook.js';
import { GEOGRAPHY_VIEWS, refreshGeography } from '../lookups/refresh.js';
import type { ParsedFile, Source } from '../types.js';
import { parsePopulationWorkbook } from './parse.js';
import { parseCcgPopulation } from './parse-ccg.js';

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
  return {
    periodStart: `${midYear}-06-30`,
    periodEnd: `${midYear}-06-30`,
    edition: workbook.title,
    rowCount: rows.length,
    describe: `mid-${midYear}, ${new Set(rows.map((r) => r.areaCode)).size} areas`,
    async deletePeriod(client) {
      const areas = await deleteFromLoads(client, 'DELETE FROM raw.population_areas WHERE mid_year = $1', [midYear]);
      const estimates = await deleteFromLoads(client, 'DELETE FROM raw.population_estimates WHERE mid_year = $1', [
        midYear,
      ]);
      return unionOfLoads(areas, estimates);
    },
    async write(client, loadId) {
      const areas = new Map(rows.map((r) => [r.areaCode, r]));
      await copyRows(
        client,
        'raw.population_areas',
        ['load_id', 'mid_year', 'area_code', 'area_name', 'geography'],
        [...areas.values()].map((r) => [loadId, midYear, r.areaCode, r.areaName, r.geography]),
      );
      await copyRows(
        client,
        'raw.population_estimates',
        ['load_id', 'mid_year', 'area_code', 'sex', 'age', 'people'],
        rows.map((r) => [loadId, midYear, r.areaCode, r.sex, r.age, r.people]),
      );
      await refreshGeography(client);
    },
    tables: ['raw.population_areas', 'raw.population_estimates', ...GEOGRAPHY_VIEWS],
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
      return deleteFromLoads(client, 'DELETE FROM raw.population_ccg_estimates WHERE boundary_year = $1', [
        boundaryYear,
      ]);
    },
    async write(client, loadId) {
      await copyRows(
        client,
        'raw.population_ccg_estimates',
        [
          'load_id',
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
        ],
        rows.map((r) => [
          loadId,
          midYear,
          boundaryYear,
          r.ccgCode,
          r.ccgName,
          r.stpCode,
          r.stpName,
          r.nhsRegionCode,
          r.nhsRegionName,
          r.ageBand,
          r.minAge,
          r.maxAge,
          r.people,
        ]),
      );
      await refreshGeography(client);
    },
    tables: ['raw.population_ccg_estimates', ...GEOGRAPHY_VIEWS],
  };
}

/** A CSV (text) rather than a workbook: CSVs are read as CCG estimates, anything else as a workbook. */
function isText(file: string): boolean {
  let head: Buffer;
  try {
    const handle = fs.openSync(file, 'r');
    head = Buffer.alloc(512);
    const bytes = fs.readSync(handle, head, 0, 512, 0);
    fs.closeSync(handle);
    head = head.subarray(0, bytes);
  } catch (error) {
    throw new InputError({ file }, `cannot read file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (head.length === 0) return /\.csv$/i.test(file);
  return /\.csv$/i.test(file) && !head.includes(0);
}
