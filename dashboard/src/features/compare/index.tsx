import { Link } from 'react-router';
import { DownloadCsvButton } from '../../components/download-csv-button';
import { QueryRenderer } from '../../components/query-renderer';
import { SelectField } from '../../components/select-field';
import { formatMonthLong, formatRate } from '../../lib/format';
import { polarityStatement } from '../../lib/measure-meta';
import { useSearchParam } from '../../lib/use-search-param';
import { Caterpillar } from './components/caterpillar';
import { ComparisonTable } from './components/comparison-table';
import { areasQuery, DEFAULT_METRIC, definitionsQuery, periodsQuery, programmesQuery } from './data/queries';
import {
  type Comparison,
  comparisonCsv,
  type MetricChoice,
  type Programme,
  programmeCouncils,
  ranked,
  selectComparison,
  selectMetrics,
  selectMonths,
  selectProgrammes,
} from './data/rows';

/** /compare?metric=&period=&region=&programme=: every council for one metric and period, against England. */
export function ComparePage() {
  const [requestedMetric, setMetric] = useSearchParam('metric');
  return (
    <>
      <h1>Compare areas</h1>
      <p className="lede">Every council for one metric and period, with its 95% interval, against England.</p>
      <QueryRenderer
        query={definitionsQuery}
        select={selectMetrics}
        isEmpty={(metrics) => metrics.length === 0}
        emptyMessage="No metric is defined."
      >
        {(metrics) => {
          const metric =
            metrics.find((m) => m.metricId === requestedMetric) ??
            metrics.find((m) => m.metricId === DEFAULT_METRIC) ??
            metrics[0]!;
          return (
            <QueryRenderer
              query={periodsQuery(metric.metricId, metric.periodType)}
              select={selectMonths}
              isEmpty={(months) => months.length === 0}
              emptyMessage={`No ${metric.metricName} figures are loaded yet.`}
              loadingMessage="Loading periods…"
            >
              {(months) => <MetricComparison metrics={metrics} metric={metric} months={months} onMetric={setMetric} />}
            </QueryRenderer>
          );
        }}
      </QueryRenderer>
    </>
  );
}

function MetricComparison({
  metrics,
  metric,
  months,
  onMetric,
}: {
  metrics: readonly MetricChoice[];
  metric: MetricChoice;
  months: readonly string[];
  onMetric: (id: string) => void;
}) {
  const [requestedPeriod, setPeriod] = useSearchParam('period');
  const month = months.includes(requestedPeriod ?? '') ? requestedPeriod! : months.at(-1)!;
  return (
    <>
      <div className="filters">
        <SelectField
          label="Metric"
          testId="metric-select"
          value={metric.metricId}
          options={metrics.map((m) => ({ value: m.metricId, label: m.metricName }))}
          onChange={onMetric}
        />
        <SelectField
          label="Period"
          testId="period-select"
          value={month}
          options={[...months].reverse().map((m) => ({ value: m, label: periodLabel(m, metric.periodType) }))}
          onChange={setPeriod}
        />
      </div>
      <QueryRenderer query={programmesQuery} select={selectProgrammes} isEmpty={() => false} emptyMessage="">
        {(programmes) => (
          <QueryRenderer
            query={areasQuery(metric.metricId, metric.periodType, month)}
            select={selectComparison}
            isEmpty={(comparison) => comparison.councils.length === 0}
            emptyMessage={`No council has ${metric.metricName} for this period.`}
            loadingMessage="Loading the councils…"
          >
            {(comparison) => <Councils metric={metric} month={month} comparison={comparison} programmes={programmes} />}
          </QueryRenderer>
        )}
      </QueryRenderer>
    </>
  );
}

function Councils({
  metric,
  month,
  comparison,
  programmes,
}: {
  metric: MetricChoice;
  month: string;
  comparison: Comparison;
  programmes: readonly Programme[];
}) {
  const [requestedRegion, setRegion] = useSearchParam('region');
  const [requestedProgramme, setProgramme] = useSearchParam('programme');
  const region = requestedRegion ? comparison.regions.get(requestedRegion) : undefined;
  const highlighted = programmeCouncils(programmes, requestedProgramme);
  const councils = ranked(
    comparison.councils.filter((council) => region === undefined || council.regionCode === region.code),
    comparison.polarity,
  );
  const period =
    metric.periodType === 'financial_year' ? `the year from ${formatMonthLong(month)}` : formatMonthLong(month);
  const caption = `${metric.metricName}, ${region ? `councils of ${region.name}` : 'every council'}, ${period}, ranked, with 95% intervals${highlighted ? '; the programme’s councils outlined' : ''}.`;
  return (
    <>
      <div className="filters">
        <SelectField
          label="Region"
          testId="region-select"
          value={region?.code ?? ''}
          options={[
            { value: '', label: 'England (every region)' },
            ...[...comparison.regions.values()]
              .sort((a, b) => a.name.localeCompare(b.name))
              .map((r) => ({ value: r.code, label: r.name })),
          ]}
          onChange={setRegion}
        />
        <SelectField
          label="Programme"
          testId="programme-select"
          value={requestedProgramme ?? ''}
          options={[
            { value: '', label: 'None' },
            { value: 'wave_1', label: 'Integration pioneers, wave 1' },
            { value: 'wave_2', label: 'Integration pioneers, wave 2' },
            ...programmes.map((p) => ({ value: p.id, label: p.name })),
          ]}
          onChange={setProgramme}
        />
      </div>
      <p>
        {comparison.unit && `Values are ${comparison.unit}. `}
        {polarityStatement(comparison.polarity)}
        {comparison.england?.value != null && ` England: ${formatRate(comparison.england.value)}.`}
        {region?.value != null && ` ${region.name}: ${formatRate(region.value)}.`}
      </p>
      <Caterpillar
        councils={councils}
        england={comparison.england?.value ?? null}
        region={region?.value != null ? { name: region.name, value: region.value } : null}
        highlighted={highlighted}
        caption={caption}
      />
      <DownloadCsvButton
        csv={() => comparisonCsv(metric.metricId, month, councils)}
        fileName={`${metric.metricId}-${month}-councils.csv`}
      />
      <ComparisonTable councils={councils} highlighted={highlighted} caption={caption} />
      <p className="source">
        Colours are Fingertips’: better, similar or worse than England by the 95% interval, with the words in the table.{' '}
        <Link to={`/metrics/${encodeURIComponent(metric.metricId)}`}>How {metric.metricName} is defined</Link>.
      </p>
    </>
  );
}

/** A period as the page names it: a month, or a financial year (2018-19) for a metric by financial year. */
function periodLabel(month: string, periodType: string): string {
  if (periodType !== 'financial_year') return formatMonthLong(month);
  return `${month.slice(0, 4)}-${String(Number(month.slice(2, 4)) + 1).padStart(2, '0')}`;
}
