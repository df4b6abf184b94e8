import { QueryRenderer } from '../../components/query-renderer';
import { useSearchParam } from '../../lib/use-search-param';
import { CouncilComparison } from './components/council-comparison';
import { councilsQuery } from './data/queries';
import { selectCouncilOptions } from './data/rows';

export function DelayedTransfersPage() {
  const [requestedCode, setRequestedCode] = useSearchParam('area');

  return (
    <>
      <h1>Delayed transfers of care</h1>
      <p className="lede">
        Days that adults spent in hospital after they were ready to leave, per 100,000 population aged 18+. Lower is
        better.
      </p>
      <QueryRenderer
        query={councilsQuery}
        select={selectCouncilOptions}
        isEmpty={(councils) => councils.length === 0}
        loadingMessage="Loading councils…"
        emptyMessage="No council has delayed transfers figures loaded yet."
      >
        {(councils) => (
          <CouncilComparison councils={councils} requestedCode={requestedCode} onSelect={setRequestedCode} />
        )}
      </QueryRenderer>
      <p className="source">
        Source: NHS England, Delayed Transfers of Care (MSitDT), Local Authority basis; ONS mid-year population
        estimates. Rate = delayed days in the month ÷ population aged 18+ × 100,000.
      </p>
    </>
  );
}
