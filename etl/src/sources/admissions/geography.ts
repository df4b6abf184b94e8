import type pg from 'pg';
import { councilPopulations } from '../../lib/council-population.js';

export interface Geography {
  /** ONS codes of English councils with social services responsibilities, current and former. */
  councils: Set<string>;
  /** The council an LSOA lies in (from the ONS lookups loaded into the warehouse), if known. */
  councilOfLsoa(lsoa: string): string | undefined;
}

/** Reads the council codes and the LSOA → council lookup once per file (tens of thousands of rows). */
export async function readGeography(client: pg.ClientBase): Promise<Geography> {
  const councils = new Set<string>(councilPopulations().keys());
  const { rows } = await client.query<{ ons_code: string }>('SELECT DISTINCT ons_code FROM raw.dtoc_council_codes');
  for (const row of rows) councils.add(row.ons_code);
  const lsoaCouncils = await readLsoaCouncils(client);
  return { councils, councilOfLsoa: (lsoa) => lsoaCouncils.get(lsoa) };
}

async function readLsoaCouncils(client: pg.ClientBase): Promise<Map<string, string>> {
  const exists = await client.query<{ view: string | null }>(
    "SELECT to_regclass('staging.lsoa_councils')::text AS view",
  );
  if (exists.rows[0]?.view === null) return new Map();
  const { rows } = await client.query<{ lsoa_code: string; council_code: string }>(
    'SELECT lsoa_code, council_code FROM staging.lsoa_councils',
  );
  return new Map(rows.map((row) => [row.lsoa_code, row.council_code]));
}
