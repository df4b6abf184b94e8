import type pg from 'pg';
import { areaNameKey } from '../../lib/consistency.js';
import { defineTable, tableRows } from '../../lib/copy.js';
import { councilPopulations } from '../../lib/council-population.js';
import { InputError } from '../../lib/errors.js';
import { deleteFromLoads } from '../../lib/replace.js';
import type { ParsedFile, SourceContext } from '../types.js';
import { type AreaResolver, type CollatedKind, describeCollated, parseCollatedCsv } from './collated.js';
import { PSEUDO_AREAS } from './parse.js';

export const COLLATED_DELAYED_DAYS = defineTable(
  'raw.dtoc_collated_delayed_days',
  [
    'collated_kind',
    'period_month',
    'line_number',
    'published_code',
    'area_code',
    'area_name',
    'category',
    'delayed_days',
  ] as const,
  { origin: { row: 'line_number' } },
);

interface CouncilCode {
  dh_code: string;
  ons_code: string;
  area_name: string;
  valid_from: string | null;
  valid_to: string | null;
}

/**
 * A collated CSV as a ParsedFile: its rows go to their own table, so they never replace the finer rows of
 * a monthly workbook, and a file replaces only the months it holds of its own kind.
 */
export async function parseCollatedFile(file: string, kind: CollatedKind, context: SourceContext): Promise<ParsedFile> {
  const areas = await collatedAreaResolver(context.client);
  const collated = await parseCollatedCsv(file, kind, areas);
  const { rows, months } = collated;
  return {
    periodStart: months[0]!,
    periodEnd: months.at(-1)!,
    edition: null,
    rowCount: rows.length,
    describe: describeCollated(collated),
    async deletePeriod(client, range, loadId) {
      return deleteFromLoads(
        client,
        `DELETE FROM ${COLLATED_DELAYED_DAYS.name}
         WHERE collated_kind = $1 AND period_month = ANY($2::date[]) AND period_month BETWEEN $3 AND $4 AND load_id <> $5`,
        [kind, months, range.start, range.end, loadId],
      );
    },
    read(io) {
      io.progress.advance(rows.length);
      const table = rows.map((r) => ({
        collated_kind: kind,
        period_month: r.periodMonth,
        line_number: r.line,
        published_code: r.publishedCode,
        area_code: r.areaCode,
        area_name: r.areaName,
        category: r.category,
        delayed_days: r.delayedDays,
      }));
      return { tables: [tableRows(COLLATED_DELAYED_DAYS, table)] };
    },
  };
}

/**
 * Areas of the collated series: the Code column (ONS code, or before July 2015 the DH code) or, in the
 * responsible-organisation file, the council's name. Names match the DToC spelling in
 * warehouse/reference/dtoc-council-codes.csv or the ONS name in etl/reference/council-population-mid-2019.csv
 * ('Medway' is 'Medway Towns' in DToC), ignoring case, punctuation, '&'/'and' and a ' UA' suffix.
 */
export async function collatedAreaResolver(client: pg.ClientBase): Promise<AreaResolver> {
  const { rows } = await client.query<CouncilCode>(
    'SELECT dh_code, ons_code, area_name, valid_from::text, valid_to::text FROM raw.dtoc_council_codes',
  );
  const onsNames = new Map([...councilPopulations().values()].map((council) => [council.code, council.name]));
  const onsCodes = new Set(rows.map((c) => c.ons_code));
  const pseudoNames = new Map(Object.values(PSEUDO_AREAS).map((name) => [areaNameKey(name), name]));
  const inForce = new Map<string, { byDhCode: Map<string, string>; byName: Map<string, Set<string>> }>();

  const councilsIn = (period: string) => {
    let councils = inForce.get(period);
    if (councils === undefined) {
      const current = rows.filter((c) => (c.valid_from ?? '0000') <= period && period <= (c.valid_to ?? '9999'));
      const byName = new Map<string, Set<string>>();
      const addName = (name: string | undefined, code: string) => {
        if (name === undefined) return;
        const key = areaNameKey(name);
        byName.set(key, (byName.get(key) ?? new Set()).add(code));
      };
      for (const council of current) {
        addName(council.area_name, council.ons_code);
        addName(onsNames.get(council.ons_code), council.ons_code);
      }
      councils = { byDhCode: new Map(current.map((c) => [c.dh_code, c.ons_code])), byName };
      inForce.set(period, councils);
    }
    return councils;
  };

  return {
    byCode(code, period, location) {
      if (code in PSEUDO_AREAS) return null;
      if (/^E\d{8}$/.test(code)) {
        if (!onsCodes.has(code)) {
          throw new InputError(
            location,
            `unknown area code '${code}' (not an English council with social services responsibilities)`,
          );
        }
        return code;
      }
      const resolved = councilsIn(period).byDhCode.get(code);
      if (resolved === undefined) {
        throw new InputError(
          location,
          `unknown council code '${code}' for ${period.slice(0, 7)} (see warehouse/reference/dtoc-council-codes.csv)`,
        );
      }
      return resolved;
    },
    byName(name, period, location) {
      const key = areaNameKey(name);
      if (pseudoNames.has(key)) return null;
      const codes = councilsIn(period).byName.get(key);
      if (codes === undefined) {
        throw new InputError(
          location,
          `unknown council name '${name}' for ${period.slice(0, 7)} (names are matched to warehouse/reference/dtoc-council-codes.csv and the ONS names in etl/reference/council-population-mid-2019.csv)`,
        );
      }
      if (codes.size > 1)
        throw new InputError(
          location,
          `ambiguous council name '${name}' for ${period.slice(0, 7)}: ${[...codes].join(', ')}`,
        );
      return [...codes][0]!;
    },
  };
}
