import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { ENGLAND_CODE } from './areas.js';

const REFERENCE = new URL('../../reference/council-population-mid-2019.csv', import.meta.url);

/** A council's ONS mid-2019 population by five-year age band (etl/reference/council-population-mid-2019.csv). */
export interface CouncilPopulation {
  code: string;
  /** The ONS name ('Kingston upon Hull, City of'). */
  name: string;
  /** People in each band of the file's header, `0-4` … `90+`, in order. */
  bands: number[];
  total: number;
}

let cache: Map<string, CouncilPopulation> | undefined;

/** The 151 English councils with social services responsibilities in 2019, by ONS code. */
export function councilPopulations(): Map<string, CouncilPopulation> {
  if (cache === undefined) {
    const records = parse(fs.readFileSync(REFERENCE, 'utf8'), { columns: true }) as Record<string, string>[];
    cache = new Map(
      records.map((record) => {
        const { area_code: code, area_name: name, ...byBand } = record;
        const bands = Object.values(byBand).map(Number);
        if (bands.some((people) => !Number.isInteger(people) || people < 0)) {
          throw new Error(`etl/reference/council-population-mid-2019.csv: bad population for ${code}`);
        }
        return [code!, { code: code!, name: name!, bands, total: bands.reduce((a, b) => a + b, 0) }];
      }),
    );
  }
  return cache;
}

/** The mid-2019 population of a council or England (the sum of its councils); undefined for any other code. */
export function populationOf(areaCode: string): number | undefined {
  if (areaCode === ENGLAND_CODE) {
    let england = 0;
    for (const council of councilPopulations().values()) england += council.total;
    return england;
  }
  return councilPopulations().get(areaCode)?.total;
}
