import { useState } from 'react';
import { formatRate } from '../../../lib/format';
import { COMPARISONS } from '../../../lib/signals';
import type { AreaFigure } from '../data/rows';

type SortKey = 'rank' | 'name' | 'value';
const rate = (value: number | null) => (value === null ? '–' : formatRate(value));

/** The caterpillar's figures, sortable by rank, name or value. */
export function ComparisonTable({
  councils,
  highlighted,
  caption,
}: {
  councils: readonly AreaFigure[];
  highlighted: ReadonlySet<string> | null;
  caption: string;
}) {
  const [sort, setSort] = useState<SortKey>('rank');
  const rows = councils.map((council, rank) => ({ ...council, rank: rank + 1 }));
  if (sort === 'name') rows.sort((a, b) => a.name.localeCompare(b.name));
  if (sort === 'value') rows.sort((a, b) => (a.value ?? 0) - (b.value ?? 0));
  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort === key ? 'ascending' : 'none'}>
      <button type="button" className="sort-button" onClick={() => setSort(key)}>
        {label}
      </button>
    </th>
  );
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus so keyboard users can scroll it
    // biome-ignore lint/a11y/useSemanticElements: a <section> would add a landmark for a table wrapper
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Council figures">
      <table data-testid="comparison-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {header('rank', 'Rank')}
            {header('name', 'Council')}
            {header('value', 'Value')}
            <th scope="col">95% interval</th>
            <th scope="col">Compared with England</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((council) => (
            <tr
              key={council.code}
              data-area={council.code}
              className={highlighted?.has(council.code) ? 'highlighted' : undefined}
            >
              <td>{council.rank}</td>
              <th scope="row">
                {council.name}
                {highlighted?.has(council.code) && <span className="tag"> pioneer</span>}
              </th>
              <td data-testid="compare-value">{rate(council.value)}</td>
              <td>
                {rate(council.lower95)} to {rate(council.upper95)}
              </td>
              <td>
                <span
                  className="signal-swatch"
                  style={{ background: (COMPARISONS[council.comparedToEngland] ?? COMPARISONS.not_compared!).colour }}
                  aria-hidden="true"
                />{' '}
                {(COMPARISONS[council.comparedToEngland] ?? COMPARISONS.not_compared!).label}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
