import crypto from 'node:crypto';
import pg from 'pg';
import { readModels } from '../../../warehouse/src/models.js';
import { ENGLAND_CODE } from '../lib/areas.js';
import { type BaseRow, computeMetric, type Geography, type MetricValue } from './compute.js';
import { definitionFor, type MetricDefinition, readDefinitions } from './definitions.js';
import { insertDerivedRows } from './derived-rows.js';
import { affectedWindow, isPeriodType } from './periods.js';
import { refreshPlanStatus } from './plan-status.js';
import { refreshSpc, SPC_TABLES_READ } from './spc.js';

/** Relations a query names: schema-qualified staging, marts and raw relations. */
const RELATION = /\b(raw|staging|marts)\.([a-z_][a-z0-9_]*)\b/g;

function relationsIn(sql: string): Set<string> {
  return new Set([...sql.matchAll(RELATION)].map((match) => `${match[1]}.${match[2]}`));
}

/** Every relation a metric reads, through the models it names down to the raw tables. */
export function tablesRead(definition: MetricDefinition, models = readModels()): Set<string> {
  const byName = new Map(models.map((model) => [model.name, model]));
  const read = new Set<string>();
  const visit = (relation: string) => {
    if (read.has(relation)) return;
    read.add(relation);
    const model = byName.get(relation);
    if (model !== undefined) for (const next of relationsIn(model.sql)) visit(next);
  };
  for (const relation of relationsIn(definition.query)) visit(relation);
  return read;
}

/** What the metric definitions say, as one checksum: a change means every metric is computed again. */
export function definitionsChecksum(definitions: readonly MetricDefinition[]): string {
  return crypto.createHash('sha256').update(JSON.stringify(definitions)).digest('hex');
}

export interface RefreshResult {
  metrics: string[];
  rows: number;
}

export interface RefreshScope {
  /** The tables and views a load or revert changed: the metrics that read any are computed; all without. */
  tables?: readonly string[];
  /**
   * The period the change covered: only the rows it touches are computed again (see affectedWindow). Without it
   * (a change to the geography or populations, which reach every period), every period.
   */
  periods?: { start: string; end: string };
  definitions?: MetricDefinition[];
}

/**
 * Computes again, on the caller's client (inside a load's transaction, so that the API never sees new rows beside
 * old figures), the metrics that read any of `tables`; every metric without `tables`. Also writes the definitions.
 */
export async function refreshMetrics(
  client: pg.ClientBase,
  { tables, periods, definitions = readDefinitions() }: RefreshScope = {},
): Promise<RefreshResult> {
  // Computed tables are written whole (every plan's status, a metric's SPC): two loads of different sources must
  // not write them at once. Held to the end of the caller's transaction.
  await client.query("SELECT pg_advisory_xact_lock(hashtext('joined-up:derived'))");
  const models = readModels();
  const affected =
    tables === undefined
      ? definitions
      : definitions.filter((definition) => {
          const read = tablesRead(definition, models);
          return tables.some((table) => read.has(table));
        });
  await writeDefinitions(
    client,
    definitions.filter((definition) => !definition.family),
    definitions.map((definition) => definition.file),
  );
  // A plan's target is on the SPC charts and in its status: a plans load charts again every metric it did not
  // compute again, and every plan's status follows any change.
  const plansChanged =
    tables === undefined || tables.some((table) => (SPC_TABLES_READ as readonly string[]).includes(table));
  if (plansChanged && tables !== undefined) {
    await refreshSpcOf(client, definitions, new Set(affected.map((definition) => definition.id)));
  }
  if (affected.length === 0) {
    if (plansChanged) await refreshPlanStatus(client, definitions);
    return { metrics: [], rows: 0 };
  }
  const geography = await readGeography(client);
  let rows = 0;
  const metrics: string[] = [];
  for (const definition of affected) {
    const window = windowOf(definition, periods);
    const base = (
      await client.query<BaseRow>({
        ...windowedQuery(definition.query, window),
        types: BASE_ROW_TYPES,
      })
    ).rows;
    const members = definition.family ? familyMembers(definition, base) : [{ definition, rows: base }];
    if (window === null) {
      for (const table of ['derived.metric_values', 'derived.metric_spc']) {
        await client.query(`DELETE FROM ${table} WHERE metric_id = $1 OR starts_with(metric_id, $1 || ':')`, [
          definition.id,
        ]);
      }
    } else {
      await client.query(
        `DELETE FROM derived.metric_values WHERE metric_id = $1 AND (
           (period_type = $2 AND period_start BETWEEN $3 AND $4) OR (period_type <> $2 AND period_start <= $6 AND period_end >= $5))`,
        [definition.id, window.grain, window.grainFrom, window.grainTo, window.longerFrom, window.longerTo],
      );
    }
    for (const member of members) {
      const computed = computeMetric(member.definition, member.rows, geography);
      const values = window === null ? computed : computed.filter((value) => inWindow(value, window));
      await insertDerivedRows(client, 'derived.metric_values', values, VALUE_COLUMNS);
      await refreshSpc(client, member.definition);
      rows += values.length;
      metrics.push(member.definition.id);
    }
    if (definition.family) {
      await client.query('DELETE FROM derived.metric_definitions WHERE file = $1', [definition.file]);
      await insertDefinitions(
        client,
        members.map((member) => member.definition),
      );
    }
  }
  await refreshPlanStatus(client, definitions);
  return { metrics, rows };
}

/**
 * The SPC charts whose targets a plans load may have changed: the metrics planned now or with a target before,
 * but those in `skip` (computed again anyway).
 */
async function refreshSpcOf(client: pg.ClientBase, definitions: readonly MetricDefinition[], skip: Set<string>) {
  const { rows } = await client.query<{ metric_id: string }>(
    `SELECT metric_id FROM marts.plans
     UNION SELECT metric_id FROM derived.metric_spc WHERE target IS NOT NULL
     ORDER BY 1`,
  );
  for (const { metric_id } of rows) {
    const definition = definitionFor(definitions, metric_id);
    if (definition === undefined || skip.has(metric_id) || skip.has(metric_id.split(':')[0]!)) continue;
    await refreshSpc(client, definition);
  }
}

/** Where a query says which periods of its source rows it needs (`period_month BETWEEN {{from}} AND {{to}}`). */
const WINDOW_PLACEHOLDER = /\{\{(from|to)\}\}/g;

/**
 * A definition's query for the base rows of a window: its {{from}} and {{to}} bound to the window's first and
 * last day (all time without a window), so that the filter sits where the query's author put it; a query without
 * them is read whole and filtered (MATERIALIZED, lest the filter reach into a plan that it makes slower).
 */
function windowedQuery(query: string, window: ReturnType<typeof affectedWindow> | null) {
  const [from, to] = window === null ? ['-infinity', 'infinity'] : [window.inputFrom, window.inputTo];
  if (query.search(WINDOW_PLACEHOLDER) >= 0) {
    return {
      text: query.replace(WINDOW_PLACEHOLDER, (_, bound) => (bound === 'from' ? '$1::date' : '$2::date')),
      values: [from, to],
    };
  }
  if (window === null) return { text: query, values: [] };
  return {
    text: `WITH base AS MATERIALIZED (${query}) SELECT * FROM base WHERE period_start BETWEEN $1 AND $2`,
    values: [from, to],
  };
}

/** The part of a metric a change to `periods` touches; null for all of it. */
function windowOf(definition: MetricDefinition, periods: RefreshScope['periods']) {
  const bounded = periods !== undefined && /^\d{4}-/.test(periods.start) && /^\d{4}-/.test(periods.end);
  if (!bounded || definition.family || !isPeriodType(definition.grain)) return null;
  return affectedWindow(definition, periods.start, periods.end);
}

function inWindow(value: MetricValue, window: ReturnType<typeof affectedWindow>): boolean {
  if (value.period_type === window.grain)
    return value.period_start >= window.grainFrom && value.period_start <= window.grainTo;
  return value.period_start <= window.longerTo && value.period_end >= window.longerFrom;
}

/** A family's metrics, one per `metric_key` of its query, named and with the unit as the rows give them. */
function familyMembers(family: MetricDefinition, rows: BaseRow[]) {
  const byKey = new Map<string, BaseRow[]>();
  for (const row of rows) {
    const key = String((row as unknown as Record<string, unknown>).metric_key);
    byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }
  return [...byKey].map(([key, memberRows]) => {
    const first = memberRows[0] as unknown as Record<string, string | null>;
    const name = first.metric_name ?? key;
    return {
      definition: {
        ...family,
        id: `${family.id}:${key}`,
        name,
        short_name: name,
        unit: first.metric_unit ?? family.unit,
      },
      rows: memberRows,
    };
  });
}

/**
 * Every metric again when its definitions changed since the last refresh (a definition file edited, added or
 * removed): run after migrating, before a command or the server uses the warehouse.
 */
export async function refreshMetricsIfChanged(
  client: pg.ClientBase,
  log: (message: string) => void = () => {},
  definitions = readDefinitions(),
): Promise<RefreshResult | null> {
  const checksum = definitionsChecksum(definitions);
  const last = await client.query<{ checksum: string }>(
    'SELECT checksum FROM derived.metric_refreshes ORDER BY refreshed_at DESC LIMIT 1',
  );
  if (last.rows[0]?.checksum === checksum) return null;
  await client.query('BEGIN');
  try {
    await client.query('LOCK TABLE derived.metric_refreshes IN EXCLUSIVE MODE');
    const again = await client.query<{ checksum: string }>(
      'SELECT checksum FROM derived.metric_refreshes ORDER BY refreshed_at DESC LIMIT 1',
    );
    if (again.rows[0]?.checksum === checksum) {
      await client.query('COMMIT');
      return null;
    }
    // An empty warehouse has nothing to compute: say so only where it takes time.
    const loads = await client.query('SELECT 1 FROM raw.loads LIMIT 1');
    if (loads.rowCount !== 0) {
      log(
        `Computing the ${definitions.length} metrics (${again.rows.length === 0 ? 'first time' : 'their definitions changed'})`,
      );
    }
    const result = await refreshMetrics(client, { definitions });
    // A definition removed takes its rows with it (a family's members are its own).
    for (const table of ['derived.metric_values', 'derived.metric_spc']) {
      await client.query(
        `DELETE FROM ${table} WHERE NOT (metric_id = ANY($1::text[]) OR split_part(metric_id, ':', 1) = ANY($2::text[]))`,
        [
          definitions.filter((definition) => !definition.family).map((definition) => definition.id),
          definitions.filter((definition) => definition.family).map((definition) => definition.id),
        ],
      );
    }
    await client.query('INSERT INTO derived.metric_refreshes (checksum, metric_count, row_count) VALUES ($1, $2, $3)', [
      checksum,
      definitions.length,
      result.rows,
    ]);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

const [DATE, INT8, NUMERIC] = [1082, 20, 1700];
/**
 * A query's dates as YYYY-MM-DD (pg's Date would be local midnight, a day early east of UTC's date line and
 * under British Summer Time when printed as UTC) and its bigint and numeric figures as numbers.
 */
const BASE_ROW_TYPES = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => {
    if (oid === DATE) return (value: string) => value;
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/** English councils, their regions and their lives (marts.dim_geography). */
async function readGeography(client: pg.ClientBase): Promise<Geography> {
  const { rows } = await client.query<{
    area_code: string;
    region_code: string;
    valid_from: string | null;
    valid_to: string | null;
  }>({
    text: `SELECT area_code, region_code, valid_from, valid_to FROM marts.dim_geography
           WHERE area_type = 'council' AND region_code LIKE 'E12%'`,
    types: BASE_ROW_TYPES,
  });
  const regions = new Map(rows.map((row) => [row.area_code, row.region_code]));
  const counts = new Map<string, number>();
  return {
    regionOf: (code) => regions.get(code),
    councilsIn(areaCode, day) {
      const key = `${areaCode}|${day}`;
      let count = counts.get(key);
      if (count === undefined) {
        count = rows.filter(
          (row) =>
            (areaCode === ENGLAND_CODE || row.region_code === areaCode) &&
            (row.valid_from === null || row.valid_from <= day) &&
            (row.valid_to === null || row.valid_to >= day),
        ).length;
        counts.set(key, count);
      }
      return count;
    },
  };
}

const VALUE_COLUMNS = [
  'metric_id',
  'area_code',
  'period_start',
  'period_end',
  'period_type',
  'area_basis',
  'numerator',
  'denominator',
  'value',
  'lower_95',
  'upper_95',
  'lower_998',
  'upper_998',
  'value_note',
  'compared_to_england',
  'compared_to_england_998',
  'compared_to_region',
  'trend',
] as const satisfies readonly (keyof MetricValue)[];

/**
 * The definitions as the files now state them: a metric's row replaced, a removed file's rows gone; the rows of a
 * family's members stay until the family is computed again.
 */
async function writeDefinitions(
  client: pg.ClientBase,
  definitions: readonly MetricDefinition[],
  files: readonly string[],
): Promise<void> {
  await client.query(
    'DELETE FROM derived.metric_definitions WHERE metric_id = ANY($1::text[]) OR NOT file = ANY($2::text[])',
    [definitions.map((definition) => definition.id), files],
  );
  await insertDefinitions(client, definitions);
}

async function insertDefinitions(client: pg.ClientBase, definitions: readonly MetricDefinition[]): Promise<void> {
  if (definitions.length === 0) return;
  await insertDerivedRows(
    client,
    'derived.metric_definitions',
    definitions.map((definition) => ({
      metric_id: definition.id,
      metric_name: definition.name,
      short_name: definition.short_name,
      description: definition.description,
      method: definition.method,
      multiplier: definition.multiplier ?? null,
      unit: definition.unit,
      polarity: definition.polarity,
      benchmark: definition.benchmark,
      grain: definition.grain,
      source: `${definition.source.publisher}: ${definition.source.name}`,
      licence: definition.source.licence,
      source_url: definition.source.url ?? null,
      valid_from: definition.valid_from,
      valid_to: definition.valid_to,
      codes: definition.codes.map((code) => `${code.framework} ${code.code}`).join(', '),
      policy_periods: definition.policy_periods.join(', '),
      standard_population: definition.standard_population ?? null,
      small_numbers:
        definition.small_numbers === undefined
          ? null
          : `counts ${definition.small_numbers.suppress_from}–${definition.small_numbers.suppress_to} suppressed`,
      definition,
      file: definition.file,
    })),
  );
}
