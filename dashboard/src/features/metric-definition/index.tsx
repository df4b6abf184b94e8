import type { Query, ResultSet } from '@cubejs-client/core';
import { Link, useParams } from 'react-router';
import { QueryRenderer } from '../../components/query-renderer';
import { formatCount } from '../../lib/format';

const FIELDS = [
  'metric_id',
  'metric_name',
  'short_name',
  'description',
  'unit',
  'polarity',
  'method',
  'multiplier',
  'benchmark',
  'source',
  'licence',
  'source_url',
  'grain',
  'valid_from',
  'valid_to',
  'codes',
  'policy_periods',
  'standard_population',
  'small_numbers',
  'file',
] as const;
type Field = (typeof FIELDS)[number];
type Definition = Partial<Record<Field, string>>;

const member = (field: Field) => `metric_definitions.${field}`;

function definitionQuery(metricId: string): Query {
  return {
    dimensions: FIELDS.map(member),
    filters: [{ member: member('metric_id'), operator: 'equals', values: [metricId] }],
  };
}

function selectDefinition(resultSet: ResultSet): Definition | null {
  const row = resultSet.rawData()[0] as Record<string, unknown> | undefined;
  if (row === undefined) return null;
  const definition: Definition = {};
  for (const field of FIELDS) {
    const value = row[member(field)];
    if (typeof value === 'string' && value.trim() !== '') definition[field] = value.trim();
  }
  return definition;
}

const METHODS: Record<string, string> = {
  crude_rate: 'Crude rate, with Byar’s 95% and 99.8% limits (exact Poisson below 10 events)',
  proportion: 'Proportion, with Wilson score limits',
  dsr: 'Directly standardised rate (European Standard Population 2013), Dobson limits; not published below 10 events',
  count: 'Count, without limits',
  published_value: 'As published, with the publisher’s limits where given',
};
const POLARITIES: Record<string, string> = {
  low_is_good: 'Lower is better',
  high_is_good: 'Higher is better',
  no_judgement: 'Neither direction is better',
};
const BENCHMARKS: Record<string, string> = {
  confidence_intervals_95: 'Compared with England and the region by 95% limits',
  confidence_intervals_998: 'Compared with England and the region by 99.8% limits',
  none: 'Not compared',
};
const GRAINS: Record<string, string> = {
  month: 'Monthly (with quarters and financial years where its method allows)',
  quarter: 'Quarterly',
  financial_year: 'Financial year',
  as_published: 'The periods it is published for',
};
const day = (value: string | undefined) => value?.slice(0, 10);

/** /metrics/<id>: one metric's definition as its file states it (view metric_definitions). */
export function MetricDefinitionPage() {
  const { id = '' } = useParams();
  return (
    <QueryRenderer
      query={definitionQuery(id)}
      select={selectDefinition}
      isEmpty={(definition) => definition === null}
      loadingMessage="Loading the definition…"
      emptyMessage={`There is no metric “${id}”.`}
    >
      {(definition) => <DefinitionList definition={definition!} />}
    </QueryRenderer>
  );
}

function DefinitionList({ definition: d }: { definition: Definition }) {
  const rows: [string, string | undefined][] = [
    ['Id', d.metric_id],
    ['Short name', d.short_name],
    ['Numerator and denominator', d.description],
    ['Method', d.method && (METHODS[d.method] ?? d.method)],
    ['Unit', d.unit],
    ['Multiplier', d.multiplier && formatCount(Number(d.multiplier))],
    ['Polarity', d.polarity && (POLARITIES[d.polarity] ?? d.polarity)],
    ['Benchmark', d.benchmark && (BENCHMARKS[d.benchmark] ?? d.benchmark)],
    ['Grain', d.grain && (GRAINS[d.grain] ?? d.grain)],
    ['Valid', d.valid_from || d.valid_to ? `${day(d.valid_from) ?? '…'} to ${day(d.valid_to) ?? '…'}` : undefined],
    ['Codes', d.codes],
    ['Better Care Fund periods', d.policy_periods],
    ['Standard population', d.standard_population],
    ['Small numbers', d.small_numbers],
    ['Source', d.source],
    ['Licence', d.licence],
  ];
  return (
    <>
      <h1>{d.metric_name ?? d.metric_id}</h1>
      <dl className="definition" data-testid="definition">
        {rows
          .filter((row): row is [string, string] => row[1] !== undefined)
          .map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd data-field={term}>{value}</dd>
            </div>
          ))}
        {d.source_url && (
          <div>
            <dt>Publisher’s page</dt>
            <dd>
              <a href={d.source_url}>{d.source_url}</a>
            </dd>
          </div>
        )}
      </dl>
      <p className="source">
        Defined in <code>{d.file}</code>.{' '}
        <Link to={`/trends?metric=${encodeURIComponent(d.metric_id ?? '')}`}>See its trend</Link>.
      </p>
    </>
  );
}
