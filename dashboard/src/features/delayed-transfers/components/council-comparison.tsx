import { ComparisonChart } from '../../../components/comparison-chart';
import { CouncilSelect } from '../../../components/council-select';
import { DownloadCsvButton } from '../../../components/download-csv-button';
import { QueryRenderer } from '../../../components/query-renderer';
import type { CouncilOption } from '../../../lib/areas';
import type { MeasureMeta } from '../../../lib/measure-meta';
import { monthlyComparisonQuery } from '../data/queries';
import { chooseCouncil, csvFileName, selectMonthlyRows, summarise, toComparisonPoints, toCsv } from '../data/rows';
import { MonthlyTable } from './monthly-table';

export function CouncilComparison({
  councils,
  requestedCode,
  onSelect,
  rate,
}: {
  councils: readonly CouncilOption[];
  requestedCode: string | null;
  onSelect: (code: string) => void;
  rate: MeasureMeta;
}) {
  const council = chooseCouncil(councils, requestedCode);
  if (!council) return null;

  return (
    <>
      <CouncilSelect councils={councils} value={council.code} onChange={onSelect} />
      <QueryRenderer
        query={monthlyComparisonQuery(council.code)}
        select={(resultSet) => selectMonthlyRows(resultSet, council.code)}
        isEmpty={(rows) => rows.length === 0}
        loadingMessage={`Loading figures for ${council.name}…`}
        emptyMessage={`There are no delayed transfers figures for ${council.name}.`}
      >
        {(rows) => (
          <>
            <p className="summary" data-testid="summary">
              {summarise(rows, council.name, rate)}
            </p>
            <ComparisonChart
              points={toComparisonPoints(rows)}
              areaName={council.name}
              caption={`Delayed days ${rate.unit}, by month: ${council.name} and England. The table below has the same figures.`}
            />
            <MonthlyTable rows={rows} council={council} rateUnit={rate.unit} />
            <DownloadCsvButton csv={() => toCsv(rows, council)} fileName={csvFileName(council)} />
          </>
        )}
      </QueryRenderer>
    </>
  );
}
