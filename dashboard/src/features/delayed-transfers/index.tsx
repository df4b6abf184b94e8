import { QueryRenderer, RequestRenderer } from '../../components/query-renderer';
import { formatCount } from '../../lib/format';
import { polarityStatement } from '../../lib/measure-meta';
import { useMeasureMeta } from '../../lib/use-measure-meta';
import { useSearchParam } from '../../lib/use-search-param';
import { CouncilComparison } from './components/council-comparison';
import { councilsQuery, members } from './data/queries';
import { selectCouncilOptions } from './data/rows';

export function DelayedTransfersPage() {
  const [requestedCode, setRequestedCode] = useSearchParam('area');
  const rateMeta = useMeasureMeta(members.ratePer100k);

  return (
    <>
      <h1>Delayed transfers of care</h1>
      <RequestRenderer state={rateMeta}>
        {(rate) => (
          <>
            <p className="lede">
              Days that adults spent in hospital after they were ready to leave, {rate.unit}.{' '}
              {polarityStatement(rate.polarity)}
            </p>
            <QueryRenderer
              query={councilsQuery}
              select={selectCouncilOptions}
              isEmpty={(councils) => councils.length === 0}
              loadingMessage="Loading councils…"
              emptyMessage="No council has delayed transfers figures loaded yet."
            >
              {(councils) => (
                <CouncilComparison
                  councils={councils}
                  requestedCode={requestedCode}
                  onSelect={setRequestedCode}
                  rate={rate}
                />
              )}
            </QueryRenderer>
            <p className="source">
              Source: NHS England, Delayed Transfers of Care (MSitDT), Local Authority basis; ONS mid-year population
              estimates.
              {rate.multiplier !== undefined &&
                ` Rate = delayed days in the month ÷ population aged 18+ × ${formatCount(rate.multiplier)}.`}
            </p>
          </>
        )}
      </RequestRenderer>
    </>
  );
}
