import type express from 'express';
import type pg from 'pg';
import { z } from 'zod';
import { type MetricDefinition, multiplierOf } from '../../etl/src/metrics/definitions.js';
import { monthIndex } from '../../etl/src/metrics/periods.js';
import {
  areaLevelDifferenceInDifferences,
  type BeforeAfter,
  countDifferenceInDifferences,
  logRateRatio,
} from '../../etl/src/statistics/index.js';
import { apiRoute, BadRequest } from './api-route.js';

/**
 * GET /api/evaluation: did a programme change a metric? A pioneer, a wave or a council against comparator councils
 * by difference in differences on the metric's monthly numerators and denominators (derived.metric_values), the
 * windows before and after the start with the start month left out.
 */

const month = /^\d{4}-\d{2}-\d{2}$/;
const monthsParam = (name: string) =>
  z.coerce
    .number({ message: `${name} must be a whole number of months` })
    .int(`${name} must be a whole number of months`)
    .min(6, `${name} must be at least 6 months`)
    .max(120, `${name} must be at most 120 months`)
    .default(24);

const PARAMETERS = z.object({
  metric: z.string({ message: 'metric is required' }).min(1, 'metric is required'),
  subject: z.string({ message: 'subject is required' }).min(1, 'subject is required'),
  start: z
    .string()
    .regex(month, 'start must be a date, YYYY-MM-DD')
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'start must be a real date')
    .optional(),
  comparator: z.string().min(1).default('non_pioneers'),
  before_months: monthsParam('before_months'),
  after_months: monthsParam('after_months'),
});
type Parameters = z.infer<typeof PARAMETERS>;

interface Member {
  pioneer_id: string;
  pioneer_name: string;
  wave: number;
  announced_date: string;
  council_code: string;
  council_name: string;
  coverage: string;
  footprint: string | null;
}

interface MonthRow {
  area_code: string;
  period_start: string;
  numerator: number | null;
  denominator: number | null;
}

export function evaluationRoute(options: { pool: pg.Pool; apiSecret: string }): express.RequestHandler {
  return apiRoute(options.apiSecret, PARAMETERS, (query) => evaluate(options.pool, query));
}

export async function evaluate(pool: pg.Pool, parameters: Parameters) {
  const definition = await metricOf(pool, parameters.metric);
  const members = (
    await pool.query<Member>(
      `SELECT pioneer_id, pioneer_name, wave, announced_date::text, council_code, council_name, coverage, footprint
       FROM marts.dim_programme ORDER BY pioneer_id, council_code`,
    )
  ).rows;
  const councils = await councilsWithData(pool, definition.metric_id);
  const subject = subjectOf(parameters.subject, members, councils);
  const start = parameters.start ?? subject.start;
  if (start === undefined) {
    throw new BadRequest(`start: ${subject.name} is not a pioneer; give the date its change began (YYYY-MM-DD)`);
  }
  const startMonth = `${start.slice(0, 7)}-01`;
  const windows = {
    before: window(startMonth, -parameters.before_months, -1),
    after: window(startMonth, 1, parameters.after_months),
  };
  const pioneers = new Set(members.map((member) => member.council_code));
  const comparator = await comparatorOf(pool, parameters.comparator, subject.councils, pioneers, councils);

  const codes = [...subject.councils.map((council) => council.code), ...comparator.councils];
  const rows = (
    await pool.query<MonthRow>(
      `SELECT area_code, period_start::text, numerator::float8 AS numerator, denominator::float8 AS denominator
       FROM derived.metric_values
       WHERE metric_id = $1 AND period_type = 'month' AND area_code = ANY($2::text[]) AND numerator IS NOT NULL
       ORDER BY area_code, period_start`,
      [definition.metric_id, codes],
    )
  ).rows;
  const warnings: string[] = [];
  const filled = fillDenominators(rows);
  if (filled.length > 0) {
    warnings.push(
      `No denominator for ${filled.length} council-months (the population is not loaded for their years): each is held at the council's nearest month with one (${filled.slice(0, 3).join(', ')}${filled.length > 3 ? ', …' : ''}).`,
    );
  }
  const byCouncil = new Map<string, MonthRow[]>();
  for (const row of rows) byCouncil.set(row.area_code, [...(byCouncil.get(row.area_code) ?? []), row]);

  const totals = (code: string) => beforeAfter(byCouncil.get(code) ?? [], windows);
  const subjectTotals = subject.councils.map((council) => ({ code: council.code, ...totals(council.code) }));
  const comparatorTotals = comparator.councils.map((code) => ({ code, ...totals(code) }));
  for (const [label, group] of [
    ['subject', subjectTotals],
    ['comparator', comparatorTotals],
  ] as const) {
    const short = group.filter(
      (council) =>
        (council.beforeMonths > 0 || council.afterMonths > 0) &&
        (council.beforeMonths < windows.before.months || council.afterMonths < windows.after.months),
    );
    if (short.length > 0) {
      warnings.push(
        `Missing months in the ${label}: ${short
          .slice(0, 5)
          .map(
            (council) =>
              `${council.code} (${council.beforeMonths} of ${windows.before.months} before, ${council.afterMonths} of ${windows.after.months} after)`,
          )
          .join(', ')}${short.length > 5 ? `, and ${short.length - 5} more` : ''}.`,
      );
    }
  }
  const noneInWindows = comparatorTotals.filter((council) => council.beforeMonths === 0 || council.afterMonths === 0);
  if (noneInWindows.length > 0) {
    warnings.push(
      `${noneInWindows.length} comparator councils have no ${definition.metric_id} before or after and are left out (${noneInWindows
        .slice(0, 5)
        .map((council) => council.code)
        .join(', ')}${noneInWindows.length > 5 ? ', …' : ''}).`,
    );
  }
  const usable = (group: typeof subjectTotals) =>
    group.filter((council) => council.beforeMonths > 0 && council.afterMonths > 0 && logRateRatio(council) !== null);
  const subjectUsable = usable(subjectTotals);
  const comparatorUsable = usable(comparatorTotals);
  if (subjectUsable.length === 0) {
    throw new BadRequest(
      `start: no ${definition.metric_id} for ${subject.name} in both windows (before ${windows.before.from} to ${windows.before.to}, after ${windows.after.from} to ${windows.after.to}); the data cover ${await coverage(pool, definition.metric_id)}`,
    );
  }
  if (comparatorUsable.length === 0) {
    throw new BadRequest(`comparator: no comparator council has ${definition.metric_id} in both windows`);
  }
  const unused = subject.councils.filter((council) => !subjectUsable.some((used) => used.code === council.code));
  if (unused.length > 0) {
    warnings.push(
      `No ${definition.metric_id} in both windows for ${unused.length} of the ${subject.councils.length} subject councils, left out: ${unused
        .slice(0, 5)
        .map((council) => council.name)
        .join(', ')}${unused.length > 5 ? ', …' : ''}.`,
    );
  }
  const partial = subject.councils.filter(
    (council) => council.coverage === 'part' && subjectUsable.some((used) => used.code === council.code),
  );
  if (partial.length > 0) {
    warnings.push(
      `Partial footprint: ${partial.map((council) => `${council.name} (${council.code}; only ${council.footprint ?? 'part of it'})`).join(', ')} is counted whole, though the programme covered only part of it.`,
    );
  }
  warnings.push(...(await boundaryChanges(pool, codes, windows.before.from, windows.after.to)));

  const pooled = (group: readonly BeforeAfter[]): BeforeAfter => ({
    beforeNumerator: sum(group.map((council) => council.beforeNumerator)),
    beforeDenominator: sum(group.map((council) => council.beforeDenominator)),
    afterNumerator: sum(group.map((council) => council.afterNumerator)),
    afterDenominator: sum(group.map((council) => council.afterDenominator)),
  });
  const [subjectPooled, comparatorPooled] = [pooled(subjectUsable), pooled(comparatorUsable)];
  // Between councils where there are councils to compare on both sides; one council's counts otherwise.
  const areaLevel = subjectUsable.length >= 2 && comparatorUsable.length >= 2;
  const result = areaLevel
    ? areaLevelDifferenceInDifferences(
        subjectUsable.map((council) => logRateRatio(council)!),
        comparatorUsable.map((council) => logRateRatio(council)!),
      )
    : countDifferenceInDifferences(subjectPooled, comparatorPooled);
  const multiplier = multiplierOf({
    method: definition.method as MetricDefinition['method'],
    multiplier: definition.multiplier ?? undefined,
  });
  const rates = (group: BeforeAfter) => ({
    before: {
      numerator: group.beforeNumerator,
      denominator: group.beforeDenominator,
      rate: rate(group.beforeNumerator, group.beforeDenominator, multiplier),
    },
    after: {
      numerator: group.afterNumerator,
      denominator: group.afterDenominator,
      rate: rate(group.afterNumerator, group.afterDenominator, multiplier),
    },
  });

  return {
    metric: {
      id: definition.metric_id,
      name: definition.metric_name,
      unit: definition.unit,
      polarity: definition.polarity,
    },
    subject: {
      id: parameters.subject,
      kind: subject.kind,
      name: subject.name,
      councils: subject.councils.map((council) => ({
        ...council,
        used: subjectUsable.some((used) => used.code === council.code),
      })),
    },
    comparator: { id: parameters.comparator, kind: comparator.kind, councils: comparatorUsable.map((c) => c.code) },
    start,
    windows,
    groups: { subject: rates(subjectPooled), comparator: rates(comparatorPooled) },
    estimate: result?.estimate ?? null,
    lower_95: result?.lower ?? null,
    upper_95: result?.upper ?? null,
    method: areaLevel
      ? `Difference in differences between councils: each council's after/before rate ratio (${windows.before.months} months before the start month, ${windows.after.months} after it), the mean of the ${subjectUsable.length} subject councils' log ratios against the mean of the ${comparatorUsable.length} comparators', with Welch's t interval, so that the interval includes how much councils' changes differ from one another (a count-based interval would not: councils differ far more than their counts' noise). Estimate: exp(difference) − 1.`
      : `Difference in differences by counts: the subject's after/before rate ratio (${windows.before.months} months before the start month, ${windows.after.months} after it) over the ${comparatorUsable.length} comparator councils' pooled ratio, minus 1; the 95% interval from the log-variance of the four counts (1/a + 1/b + 1/c + 1/d, Poisson).`,
    warnings,
    event_study: eventStudy(
      subjectUsable.map((c) => c.code),
      comparatorUsable.map((c) => c.code),
      byCouncil,
      windows,
    ),
  };
}

interface MetricRow {
  metric_id: string;
  metric_name: string;
  unit: string;
  polarity: string;
  method: string;
  grain: string;
  multiplier: number | null;
}

async function metricOf(pool: pg.Pool, metricId: string): Promise<MetricRow> {
  const { rows } = await pool.query<MetricRow>(
    `SELECT metric_id, metric_name, unit, polarity, method, grain, multiplier::float8 AS multiplier
     FROM derived.metric_definitions WHERE metric_id = $1`,
    [metricId],
  );
  const definition = rows[0];
  if (definition === undefined) {
    throw new BadRequest(`metric: no metric "${metricId}" (the view metric_definitions lists them)`);
  }
  if (definition.grain !== 'month' || !['crude_rate', 'proportion'].includes(definition.method)) {
    throw new BadRequest(
      `metric: ${metricId} is a ${definition.method} by ${definition.grain}; the evaluation needs monthly numerators and denominators (a crude rate or a proportion)`,
    );
  }
  return definition;
}

async function councilsWithData(pool: pg.Pool, metricId: string): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ area_code: string; area_name: string }>(
    `SELECT DISTINCT area_code, area_name FROM marts.metrics
     WHERE metric_id = $1 AND period_type = 'month' AND area_type = 'council' AND numerator IS NOT NULL`,
    [metricId],
  );
  return new Map(rows.map((row) => [row.area_code, row.area_name]));
}

interface SubjectCouncil {
  code: string;
  name: string;
  coverage: string;
  footprint: string | null;
}

function subjectOf(id: string, members: readonly Member[], councils: ReadonlyMap<string, string>) {
  const asCouncils = (list: readonly Member[]): SubjectCouncil[] =>
    [...new Map(list.map((m) => [m.council_code, m])).values()].map((m) => ({
      code: m.council_code,
      name: m.council_name,
      coverage: m.coverage,
      footprint: m.footprint,
    }));
  const earliest = (list: readonly Member[]) => list.map((m) => m.announced_date).sort()[0];
  const wave = /^wave_(\d)$/.exec(id);
  if (wave) {
    const list = members.filter((member) => member.wave === Number(wave[1]));
    if (list.length === 0) throw new BadRequest(`subject: no pioneers of wave ${wave[1]} are loaded`);
    return {
      kind: 'wave' as const,
      name: `wave ${wave[1]} pioneers`,
      councils: asCouncils(list),
      start: earliest(list),
    };
  }
  const pioneer = members.filter((member) => member.pioneer_id === id);
  if (pioneer.length > 0) {
    return {
      kind: 'pioneer' as const,
      name: pioneer[0]!.pioneer_name,
      councils: asCouncils(pioneer),
      start: earliest(pioneer),
    };
  }
  if (councils.has(id)) {
    const memberships = members.filter((member) => member.council_code === id);
    return {
      kind: 'council' as const,
      name: councils.get(id)!,
      councils: [{ code: id, name: councils.get(id)!, coverage: 'whole', footprint: null }],
      start: earliest(memberships),
    };
  }
  const pioneerIds = [...new Set(members.map((member) => member.pioneer_id))];
  throw new BadRequest(
    `subject: no pioneer, wave or council "${id}" with data; give wave_1, wave_2, a council code, or a pioneer: ${pioneerIds.slice(0, 8).join(', ')}${pioneerIds.length > 8 ? ', …' : ''}`,
  );
}

async function comparatorOf(
  pool: pg.Pool,
  comparator: string,
  subject: readonly SubjectCouncil[],
  pioneers: ReadonlySet<string>,
  councils: ReadonlyMap<string, string>,
) {
  const inSubject = new Set(subject.map((council) => council.code));
  if (comparator === 'non_pioneers') {
    return {
      kind: 'non_pioneers' as const,
      councils: [...councils.keys()].filter((code) => !pioneers.has(code) && !inSubject.has(code)).sort(),
    };
  }
  if (comparator === 'region') {
    const { rows } = await pool.query<{ area_code: string; region_code: string | null }>(
      'SELECT area_code, region_code FROM marts.areas WHERE area_code = ANY($1::text[])',
      [[...councils.keys()]],
    );
    const regions = new Set(rows.filter((row) => inSubject.has(row.area_code)).map((row) => row.region_code));
    return {
      kind: 'region' as const,
      councils: rows
        .filter((row) => regions.has(row.region_code) && !pioneers.has(row.area_code) && !inSubject.has(row.area_code))
        .map((row) => row.area_code)
        .sort(),
    };
  }
  const codes = comparator.split(',').map((code) => code.trim());
  const unknown = codes.filter((code) => !councils.has(code));
  if (unknown.length > 0) {
    throw new BadRequest(
      `comparator: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a council' : 'are not councils'} with this metric's data; give non_pioneers, region, or council codes`,
    );
  }
  const overlap = codes.filter((code) => inSubject.has(code));
  if (overlap.length > 0) throw new BadRequest(`comparator: ${overlap.join(', ')} is in the subject`);
  return { kind: 'codes' as const, councils: [...new Set(codes)].sort() };
}

function window(startMonth: string, fromOffset: number, toOffset: number) {
  return {
    from: addMonths(startMonth, fromOffset),
    to: addMonths(startMonth, toOffset),
    months: toOffset - fromOffset + 1,
  };
}

function addMonths(monthStart: string, months: number): string {
  const [year, month] = monthStart.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1 + months, 1)).toISOString().slice(0, 10);
}

type Windows = { before: ReturnType<typeof window>; after: ReturnType<typeof window> };

function beforeAfter(rows: readonly MonthRow[], windows: Windows) {
  const within = (w: Windows['before']) =>
    rows.filter((row) => row.period_start >= w.from && row.period_start <= w.to && row.denominator !== null);
  const [before, after] = [within(windows.before), within(windows.after)];
  return {
    beforeNumerator: sum(before.map((row) => row.numerator!)),
    beforeDenominator: sum(before.map((row) => row.denominator!)),
    afterNumerator: sum(after.map((row) => row.numerator!)),
    afterDenominator: sum(after.map((row) => row.denominator!)),
    beforeMonths: before.length,
    afterMonths: after.length,
  };
}

/** A month with a count but no denominator takes the council's nearest month that has one (rows in area, month order). */
function fillDenominators(rows: MonthRow[]): string[] {
  const filled: string[] = [];
  let start = 0;
  while (start < rows.length) {
    let end = start;
    while (end < rows.length && rows[end]!.area_code === rows[start]!.area_code) end++;
    const known = rows.slice(start, end).filter((row) => row.denominator !== null);
    let k = 0;
    for (const row of rows.slice(start, end)) {
      if (row.denominator !== null || known.length === 0) continue;
      const month = monthIndex(row.period_start);
      // known is in month order: move on while the next one is at least as near.
      while (
        k + 1 < known.length &&
        Math.abs(monthIndex(known[k + 1]!.period_start) - month) <= Math.abs(monthIndex(known[k]!.period_start) - month)
      )
        k++;
      row.denominator = known[k]!.denominator;
      filled.push(`${row.area_code} ${row.period_start.slice(0, 7)}`);
    }
    start = end;
  }
  return filled;
}

async function boundaryChanges(pool: pg.Pool, codes: readonly string[], from: string, to: string): Promise<string[]> {
  const { rows } = await pool.query<{ area_code: string; area_name: string; valid_from: string; valid_to: string }>(
    `SELECT area_code, area_name, valid_from::text, valid_to::text FROM marts.areas
     WHERE area_code = ANY($1::text[]) AND (valid_from BETWEEN $2 AND $3 OR valid_to BETWEEN $2 AND $3)`,
    [codes, from, to],
  );
  return rows.map(
    (row) =>
      `${row.area_name} (${row.area_code}) changed boundary within the windows (valid ${row.valid_from ?? '…'} to ${row.valid_to ?? '…'}): its before and after may not cover the same area.`,
  );
}

function eventStudy(
  subject: readonly string[],
  comparator: readonly string[],
  byCouncil: ReadonlyMap<string, MonthRow[]>,
  windows: Windows,
) {
  const months = new Map<string, { subject: [number, number]; comparator: [number, number] }>();
  for (const [group, codes] of [
    ['subject', subject],
    ['comparator', comparator],
  ] as const) {
    for (const code of codes) {
      for (const row of byCouncil.get(code) ?? []) {
        if (row.period_start < windows.before.from || row.period_start > windows.after.to || row.denominator === null)
          continue;
        const entry = months.get(row.period_start) ?? { subject: [0, 0], comparator: [0, 0] };
        entry[group][0] += row.numerator!;
        entry[group][1] += row.denominator;
        months.set(row.period_start, entry);
      }
    }
  }
  const ratios = [...months]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([monthStart, entry]) => ({
      month: monthStart,
      ratio: entry.subject[0] / entry.subject[1] / (entry.comparator[0] / entry.comparator[1]),
    }))
    .filter((point) => Number.isFinite(point.ratio));
  const beforeRatios = ratios.filter((point) => point.month <= windows.before.to);
  const base = beforeRatios.reduce((total, point) => total + point.ratio, 0) / beforeRatios.length;
  return ratios.map((point) => ({ month: point.month, ratio_index: point.ratio / base }));
}

async function coverage(pool: pg.Pool, metricId: string): Promise<string> {
  const { rows } = await pool.query<{ first: string | null; last: string | null }>(
    `SELECT min(period_start)::text AS first, max(period_start)::text AS last FROM derived.metric_values
     WHERE metric_id = $1 AND period_type = 'month' AND numerator IS NOT NULL`,
    [metricId],
  );
  return rows[0]?.first ? `${rows[0].first.slice(0, 7)} to ${rows[0].last!.slice(0, 7)}` : 'no months';
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
const rate = (numerator: number, denominator: number, multiplier: number) =>
  denominator > 0 ? (numerator / denominator) * multiplier : null;
