import { Link } from 'react-router';
import { DownloadCsvButton } from '../../components/download-csv-button';
import { QueryRenderer } from '../../components/query-renderer';
import { SelectField } from '../../components/select-field';
import { polarityStatement } from '../../lib/measure-meta';
import { ASSURANCE_ICONS, VARIATION_ICONS } from '../../lib/signals';
import { useSearchParam } from '../../lib/use-search-param';
import { SpcChart } from './components/spc-chart';
import { SpcTable } from './components/spc-table';
import { chartQuery, chartsQuery, DEFAULT_AREA_CODE, DEFAULT_METRIC } from './data/queries';
import { type ChartChoice, chartCsv, type SpcChartData, selectChartData, selectChoices } from './data/rows';

/** /trends?metric=<id>&area=<code>: one metric of one area as a Making Data Count SPC chart, with its figures. */
export function TrendsPage() {
  const [requestedMetric, setMetric] = useSearchParam('metric');
  const [requestedArea, setArea] = useSearchParam('area');
  return (
    <>
      <h1>Trends</h1>
      <p className="lede">
        A metric over time as a statistical process control chart (NHS England's Making Data Count): whether a change is
        more than the usual variation, and whether a plan's target will be met.
      </p>
      <QueryRenderer
        query={chartsQuery}
        select={selectChoices}
        isEmpty={(choices) => choices.length === 0}
        loadingMessage="Loading metrics…"
        emptyMessage="No metric has a chart yet: load some data first."
      >
        {(choices) => {
          const metrics = [...new Map(choices.map((c) => [c.metricId, c.metricName])).entries()];
          const metricId = metrics.some(([id]) => id === requestedMetric)
            ? requestedMetric!
            : metrics.some(([id]) => id === DEFAULT_METRIC)
              ? DEFAULT_METRIC
              : metrics[0]![0];
          const areas = choices.filter((choice) => choice.metricId === metricId);
          const area =
            areas.find((choice) => choice.areaCode === requestedArea) ??
            areas.find((choice) => choice.areaCode === DEFAULT_AREA_CODE) ??
            areas[0]!;
          return (
            <>
              <Choices
                metrics={metrics}
                areas={areas}
                metricId={metricId}
                area={area}
                onMetric={setMetric}
                onArea={setArea}
              />
              <QueryRenderer
                query={chartQuery(metricId, area.areaCode)}
                select={selectChartData}
                isEmpty={(data) => data.points.length === 0}
                loadingMessage="Loading the chart…"
                emptyMessage={`No ${area.metricName} figures for ${area.areaName}.`}
              >
                {(data) => <Chart data={data} choice={area} />}
              </QueryRenderer>
            </>
          );
        }}
      </QueryRenderer>
    </>
  );
}

function Choices({
  metrics,
  areas,
  metricId,
  area,
  onMetric,
  onArea,
}: {
  metrics: readonly [string, string][];
  areas: readonly ChartChoice[];
  metricId: string;
  area: ChartChoice;
  onMetric: (id: string) => void;
  onArea: (code: string) => void;
}) {
  return (
    <div className="filters">
      <SelectField
        label="Metric"
        testId="metric-select"
        value={metricId}
        options={metrics.map(([id, name]) => ({ value: id, label: name }))}
        onChange={onMetric}
      />
      <SelectField
        label="Area"
        testId="area-select"
        value={area.areaCode}
        options={areas.map((choice) => ({ value: choice.areaCode, label: choice.areaName }))}
        onChange={onArea}
      />
    </div>
  );
}

function Chart({ data, choice }: { data: SpcChartData; choice: ChartChoice }) {
  const variation = data.variationIcon === null ? undefined : VARIATION_ICONS[data.variationIcon];
  const assurance = data.assuranceIcon === null ? undefined : ASSURANCE_ICONS[data.assuranceIcon];
  const caption = `${choice.metricName}, ${choice.areaName}, by month: the values, their mean and process limits${data.points.some((p) => p.target !== null) ? ', and the plan’s target' : ''}.`;
  return (
    <>
      <ul className="signals" data-testid="signals">
        {variation && (
          <li>
            <span className="signal-swatch" style={{ background: variation.colour }} aria-hidden="true" />
            <span data-testid="variation">{variation.label}</span>
          </li>
        )}
        {assurance && (
          <li>
            <span className="signal-swatch" style={{ background: assurance.colour }} aria-hidden="true" />
            <span data-testid="assurance">{assurance.label}</span>
          </li>
        )}
      </ul>
      <p>
        {data.unit && `Values are ${data.unit}. `}
        {polarityStatement(data.polarity)}
        {data.warning && ` ${data.warning}`}
      </p>
      <SpcChart points={data.points} caption={caption} />
      <DownloadCsvButton
        csv={() => chartCsv(choice.metricId, choice.areaCode, data.points)}
        fileName={`${choice.metricId}-${choice.areaCode}-spc.csv`}
      />
      <SpcTable points={data.points} caption={caption} />
      <p className="source">
        Making Data Count rules as NHSRplotthedots applies them: mean ± 2.66 × mean moving range; special cause for a
        point outside the limits, a trend of 7, two of three near a limit, or a run of 7 on one side of the mean.{' '}
        <Link to={`/metrics/${encodeURIComponent(choice.metricId)}`}>How {choice.metricName} is defined</Link>.
      </p>
    </>
  );
}
