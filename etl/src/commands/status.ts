import { Command } from 'commander';
import type pg from 'pg';
import { z } from 'zod';
import { handleError } from '../errors.js';
import { SOURCES } from '../sources/index.js';
import { withWarehouseClient } from '../warehouse-client.js';

const statusOptionsSchema = z.object({
  source: z
    .enum(Object.keys(SOURCES) as [string, ...string[]], {
      error: `source must be one of: ${Object.keys(SOURCES).join(', ')}`,
    })
    .optional(),
  rejects: z.coerce.number().int().positive().optional(),
});

export type StatusOptions = z.input<typeof statusOptionsSchema>;

export const status = new Command('status')
  .description('List the loads, the coverage gaps (area × month) and the rejected rows')
  .argument('[source]', 'only this source')
  .option('--rejects <n>', 'list up to n rejected rows (default: a count by rule)')
  .action(async (source: string | undefined, opts: { rejects?: string }) => {
    try {
      await runStatus({ source, rejects: opts.rejects });
    } catch (error) {
      handleError(error);
    }
  });

export async function runStatus(input: StatusOptions, log: (line: string) => void = console.log): Promise<void> {
  const options = statusOptionsSchema.parse(input);
  await withWarehouseClient((client) => reportStatus(client, options, log));
}

interface LoadRow {
  load_id: string;
  source: string;
  file_name: string;
  period_start: string;
  period_end: string;
  edition: string | null;
  row_count: number;
  rejected_count: number;
  loaded_at: string;
  superseded_by: string | null;
  revises: string | null;
  reverted_at: string | null;
  /** What `etl revert` would reinstate: the rows this load replaced, by the load they came from. */
  kept: string | null;
}

export async function reportStatus(
  client: pg.ClientBase,
  input: StatusOptions,
  log: (line: string) => void,
): Promise<void> {
  const options = statusOptionsSchema.parse(input);
  const { rows: loads } = await client.query<LoadRow>(
    `SELECT l.load_id, l.source, l.file_name, l.period_start::text, l.period_end::text, l.edition, l.row_count, l.rejected_count,
            to_char(l.loaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS loaded_at, l.superseded_by,
            (SELECT string_agg(p.load_id::text, ', ' ORDER BY p.load_id) FROM raw.loads AS p WHERE p.superseded_by = l.load_id) AS revises,
            to_char(l.reverted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS reverted_at,
            (SELECT string_agg(format('%s rows of load %s', to_char(k.n, 'FM999,999,999,999'), k.load_id), ', ' ORDER BY k.load_id)
             FROM (SELECT load_id, count(*) AS n FROM raw.replaced_rows WHERE replaced_by = l.load_id GROUP BY load_id) AS k) AS kept
     FROM raw.loads AS l
     WHERE $1::text IS NULL OR l.source = $1
     ORDER BY l.source, l.period_start, l.load_id`,
    [options.source ?? null],
  );
  if (loads.length === 0) {
    log(options.source ? `no ${options.source} loads yet` : 'no loads yet: see `npm run etl -- load --help`');
    return;
  }

  log('Loads');
  log(
    table(
      ['load', 'source', 'file', 'period', 'rows', 'rejected', 'loaded (UTC)', 'note'],
      loads.map((l) => [
        l.load_id,
        l.source,
        l.file_name,
        l.period_start === l.period_end ? month(l.period_start) : `${month(l.period_start)} to ${month(l.period_end)}`,
        l.row_count.toLocaleString('en-GB'),
        l.rejected_count ? l.rejected_count.toLocaleString('en-GB') : '',
        l.loaded_at,
        [
          l.reverted_at && `reverted ${l.reverted_at}`,
          l.superseded_by && `replaced by load ${l.superseded_by}`,
          l.revises && `revision of load ${l.revises}`,
          l.kept && !l.superseded_by && `revert would reinstate ${l.kept}`,
        ]
          .filter(Boolean)
          .join('; '),
      ]),
    ),
  );

  log('');
  log('Coverage gaps (area × month)');
  for (const [name, source] of Object.entries(SOURCES)) {
    if (options.source && name !== options.source) continue;
    if (!source.coverageSql || !loads.some((l) => l.source === name)) continue;
    log(`  ${name}: ${await describeGaps(client, source.coverageSql)}`);
  }

  log('');
  const rejects = await client.query<{ source: string; rule: string; column_name: string; n: string; example: string }>(
    `SELECT l.source, r.rule, r.column_name, count(*) AS n, min(l.file_name || ' line ' || r.row_number) AS example
     FROM raw.rejected_rows AS r INNER JOIN raw.loads AS l ON l.load_id = r.load_id
     WHERE $1::text IS NULL OR l.source = $1
     GROUP BY 1, 2, 3 ORDER BY 1, 4 DESC`,
    [options.source ?? null],
  );
  if (rejects.rows.length === 0) {
    log('Rejected rows: none');
    return;
  }
  log('Rejected rows (kept in raw.rejected_rows)');
  log(
    table(
      ['source', 'column', 'rule', 'rows', 'e.g.'],
      rejects.rows.map((r) => [r.source, r.column_name, r.rule, Number(r.n).toLocaleString('en-GB'), r.example]),
    ),
  );
  if (options.rejects) {
    const listed = await client.query<{
      file_name: string;
      row_number: number;
      column_name: string;
      value: string | null;
      rule: string;
    }>(
      `SELECT l.file_name, r.row_number, r.column_name, r.value, r.rule
       FROM raw.rejected_rows AS r INNER JOIN raw.loads AS l ON l.load_id = r.load_id
       WHERE $1::text IS NULL OR l.source = $1
       ORDER BY l.load_id, r.row_number LIMIT $2`,
      [options.source ?? null, options.rejects],
    );
    log('');
    log(
      table(
        ['file', 'line', 'column', 'value', 'rule'],
        listed.rows.map((r) => [r.file_name, String(r.row_number), r.column_name, r.value ?? '', r.rule]),
      ),
    );
  }
}

/**
 * Gaps are months with no data at all inside the source's span, and, for each area, months missing inside
 * that area's own span (an area that starts or stops with a boundary change is not a gap).
 */
async function describeGaps(client: pg.ClientBase, coverageSql: string): Promise<string> {
  const { rows } = await client.query<{ kind: string; area_code: string | null; months: string[] }>(
    `WITH present AS (${coverageSql}),
     span AS (SELECT min(period_month) AS first_month, max(period_month) AS last_month FROM present),
     all_months AS (
       SELECT month::date AS period_month FROM span, generate_series(span.first_month, span.last_month, interval '1 month') AS month
     ),
     missing_months AS (
       SELECT m.period_month FROM all_months AS m WHERE NOT EXISTS (SELECT 1 FROM present AS p WHERE p.period_month = m.period_month)
     ),
     area_spans AS (SELECT area_code, min(period_month) AS first_month, max(period_month) AS last_month FROM present GROUP BY area_code),
     area_gaps AS (
       SELECT a.area_code, m.period_month
       FROM area_spans AS a
       INNER JOIN all_months AS m ON m.period_month BETWEEN a.first_month AND a.last_month
       WHERE NOT EXISTS (SELECT 1 FROM missing_months AS x WHERE x.period_month = m.period_month)
         AND NOT EXISTS (SELECT 1 FROM present AS p WHERE p.area_code = a.area_code AND p.period_month = m.period_month)
     )
     SELECT 'month' AS kind, NULL AS area_code, array_agg(to_char(period_month, 'YYYY-MM') ORDER BY period_month) AS months FROM missing_months HAVING count(*) > 0
     UNION ALL
     SELECT 'area', area_code, array_agg(to_char(period_month, 'YYYY-MM') ORDER BY period_month) FROM area_gaps GROUP BY area_code`,
  );
  if (rows.length === 0) return 'none';
  const parts = rows.map((r) =>
    r.kind === 'month' ? `no data for ${ranges(r.months)}` : `${r.area_code} missing ${ranges(r.months)}`,
  );
  return parts.length > 6
    ? `${parts.slice(0, 6).join('; ')}; and ${parts.length - 6} more areas with gaps`
    : parts.join('; ');
}

/** ['2019-01','2019-02','2019-03','2019-05'] → '2019-01 to 2019-03, 2019-05'. */
export function ranges(months: string[]): string {
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
  const out: string[] = [];
  let start = 0;
  for (let i = 1; i <= months.length; i++) {
    if (i === months.length || index(months[i]!) !== index(months[i - 1]!) + 1) {
      out.push(i - 1 === start ? months[start]! : `${months[start]} to ${months[i - 1]}`);
      start = i;
    }
  }
  return out.join(', ');
}

const month = (iso: string) => (/^-?infinity$/.test(iso) ? iso : iso.slice(0, 7));

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const format = (cells: string[]) => `  ${cells.map((c, i) => (c ?? '').padEnd(widths[i]!)).join('  ')}`.trimEnd();
  return [format(header), ...rows.map(format)].join('\n');
}
