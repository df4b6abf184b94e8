import { type CouncilOption, ENGLAND_CODE } from '../../../lib/areas';
import { formatCount, formatMonth, formatRate } from '../../../lib/format';
import type { MonthlyRow } from '../data/rows';

function NumberCell({
  testId,
  value,
  format,
}: {
  testId: string;
  value: number | null;
  format: (value: number) => string;
}) {
  return (
    <td className="number" data-testid={testId} data-value={value ?? ''}>
      {value === null ? <abbr title="not available">–</abbr> : format(value)}
    </td>
  );
}

export function MonthlyTable({
  rows,
  council,
  rateUnit,
}: {
  rows: readonly MonthlyRow[];
  council: CouncilOption;
  rateUnit: string;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus so keyboard users can scroll it
    // biome-ignore lint/a11y/useSemanticElements: a <section> would add a landmark for a table wrapper
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Monthly figures">
      <table>
        <caption>
          Delayed transfers of care by month, {council.name} and England. Rate is delayed days {rateUnit}.
        </caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">{council.name} delayed days</th>
            <th scope="col">{council.name} rate</th>
            <th scope="col">England delayed days</th>
            <th scope="col">England rate</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.month}>
              <th scope="row">{formatMonth(row.month)}</th>
              <NumberCell testId={`days-${council.code}-${row.month}`} value={row.councilDays} format={formatCount} />
              <NumberCell testId={`rate-${council.code}-${row.month}`} value={row.councilRate} format={formatRate} />
              <NumberCell testId={`days-${ENGLAND_CODE}-${row.month}`} value={row.englandDays} format={formatCount} />
              <NumberCell testId={`rate-${ENGLAND_CODE}-${row.month}`} value={row.englandRate} format={formatRate} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
