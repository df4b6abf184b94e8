import type { ResultSet } from '@cubejs-client/core';
import { toCsvText } from '../../../lib/csv';
import { toNumber, toText } from '../../../lib/cube-values';
import type { Polarity } from '../../../lib/measure-meta';
import { members } from './queries';

type CubeRow = Record<string, unknown>;

export type MetricChoice = { metricId: string; metricName: string; periodType: string };

/** The metric definitions as choices; a month-grain metric is compared month by month, others at their grain. */
export function selectMetrics(resultSet: ResultSet): MetricChoice[] {
  return resultSet.rawData().flatMap((row: CubeRow) => {
    const metricId = toText(row['metric_definitions.metric_id']);
    const grain = toText(row['metric_definitions.grain']);
    // A family's members have their own published periods; the compare page takes the defined metrics.
    if (metricId === null || grain === null || grain === 'as_published') return [];
    return [{ metricId, metricName: toText(row['metric_definitions.metric_name']) ?? metricId, periodType: grain }];
  });
}

export function selectMonths(resultSet: ResultSet): string[] {
  return resultSet
    .rawData()
    .map((row: CubeRow) => toText(row[members.periodMonth])?.slice(0, 7))
    .filter((month): month is string => month !== undefined && month !== null);
}

export type AreaFigure = {
  code: string;
  name: string;
  type: string;
  regionCode: string | null;
  value: number | null;
  lower95: number | null;
  upper95: number | null;
  comparedToEngland: string;
};

export type Comparison = {
  councils: AreaFigure[];
  england: AreaFigure | null;
  regions: Map<string, AreaFigure>;
  unit: string;
  polarity: Polarity;
};

export function toComparison(rows: readonly CubeRow[]): Comparison {
  const figures = rows.map(
    (row): AreaFigure => ({
      code: toText(row[members.areaCode]) ?? '',
      name: toText(row[members.areaName]) ?? '',
      type: toText(row[members.areaType]) ?? '',
      regionCode: toText(row[members.regionCode]),
      value: toNumber(row[members.value]),
      lower95: toNumber(row[members.lower95]),
      upper95: toNumber(row[members.upper95]),
      comparedToEngland: toText(row[members.comparedToEngland]) ?? 'not_compared',
    }),
  );
  const polarity = toText(rows[0]?.[members.polarity]);
  return {
    councils: figures.filter((figure) => figure.type === 'council'),
    england: figures.find((figure) => figure.type === 'england') ?? null,
    regions: new Map(figures.filter((figure) => figure.type === 'region').map((figure) => [figure.code, figure])),
    unit: toText(rows[0]?.[members.unit]) ?? '',
    polarity: polarity === 'high_is_good' || polarity === 'low_is_good' ? polarity : 'no_judgement',
  };
}

export const selectComparison = (resultSet: ResultSet): Comparison => toComparison(resultSet.rawData());

/** Councils with a value, ranked: the lowest first where low is good (or no judgement), the highest first otherwise. */
export function ranked(councils: readonly AreaFigure[], polarity: Polarity): AreaFigure[] {
  const withValues = councils.filter((council) => council.value !== null);
  const sign = polarity === 'high_is_good' ? -1 : 1;
  return withValues.sort((a, b) => sign * (a.value! - b.value!) || a.name.localeCompare(b.name));
}

export function comparisonCsv(metricId: string, month: string, councils: readonly AreaFigure[]): string {
  return toCsvText(
    ['metric_id', 'area_code', 'area_name', 'period', 'value', 'lower_95', 'upper_95', 'compared_to_england'],
    councils.map((c) => [metricId, c.code, c.name, month, c.value, c.lower95, c.upper95, c.comparedToEngland]),
  );
}

export type Programme = { id: string; name: string; wave: string; councils: Set<string> };

export function selectProgrammes(resultSet: ResultSet): Programme[] {
  const byId = new Map<string, Programme>();
  for (const row of resultSet.rawData() as CubeRow[]) {
    const id = toText(row['programmes.pioneer_id']);
    const council = toText(row['programmes.council_code']);
    if (id === null || council === null) continue;
    const programme = byId.get(id) ?? {
      id,
      name: toText(row['programmes.pioneer_name']) ?? id,
      wave: String(row['programmes.wave'] ?? ''),
      councils: new Set<string>(),
    };
    programme.councils.add(council);
    byId.set(id, programme);
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The councils of a programme filter: a pioneer id, or wave_1 / wave_2 (every pioneer of the wave). */
export function programmeCouncils(programmes: readonly Programme[], programme: string | null): Set<string> | null {
  if (programme === null || programme === '') return null;
  const wave = /^wave_(\d)$/.exec(programme);
  const chosen = wave ? programmes.filter((p) => p.wave === wave[1]) : programmes.filter((p) => p.id === programme);
  return new Set(chosen.flatMap((p) => [...p.councils]));
}
