import { copyRows } from '../../lib/copy.js';
import { readWorkbook } from '../../lib/workbook.js';
import type { Source } from '../types.js';
import { parsePopulationWorkbook } from './parse.js';

export const population: Source = {
  name: 'population',
  kind: 'published',
  description: 'ONS mid-year population estimates by single year of age and sex (MYE2 sheets of the UK workbook)',
  async parse(file) {
    const workbook = parsePopulationWorkbook(readWorkbook(file));
    const { midYear, rows } = workbook;
    return {
      periodStart: `${midYear}-06-30`,
      periodEnd: `${midYear}-06-30`,
      edition: workbook.title,
      rowCount: rows.length,
      describe: `mid-${midYear}, ${new Set(rows.map((r) => r.areaCode)).size} areas`,
      async deletePeriod(client) {
        await client.query('DELETE FROM raw.population_areas WHERE mid_year = $1', [midYear]);
        const result = await client.query('DELETE FROM raw.population_estimates WHERE mid_year = $1', [midYear]);
        return result.rowCount ?? 0;
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
      },
      tables: ['raw.population_areas', 'raw.population_estimates'],
    };
  },
};
