import { type ComponentType, lazy, Suspense } from 'react';
import { QueryRenderer } from '../../../components/query-renderer';
import { monthlyComparisonQuery } from '../data/queries';
import { type CouncilOption, chooseCouncil, selectMonthlyRows, summarise } from '../data/rows';
import { CouncilSelect } from './council-select';
import { DownloadCsvButton } from './download-csv-button';
import type { MonthlyChartProps } from './monthly-chart';
import { MonthlyTable } from './monthly-table';

function ChartUnavailable() {
  return <p className="chart-placeholder">The chart could not be loaded; the table has the same figures.</p>;
}

// Recharts is most of the page's JavaScript: fetch it alongside the first queries, not before them.
const monthlyChartModule: Promise<{ default: ComponentType<MonthlyChartProps> }> = import('./monthly-chart').then(
  (module) => ({ default: module.MonthlyChart }),
  () => ({ default: ChartUnavailable }),
);
const MonthlyChart = lazy(() => monthlyChartModule);

export function CouncilComparison({
  councils,
  requestedCode,
  onSelect,
}: {
  councils: readonly CouncilOption[];
  requestedCode: string | null;
  onSelect: (code: string) => void;
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
              {summarise(rows, council.name)}
            </p>
            <Suspense fallback={<p className="chart-placeholder">Loading chart…</p>}>
              <MonthlyChart rows={rows} council={council} />
            </Suspense>
            <MonthlyTable rows={rows} council={council} />
            <DownloadCsvButton rows={rows} council={council} />
          </>
        )}
      </QueryRenderer>
    </>
  );
}
