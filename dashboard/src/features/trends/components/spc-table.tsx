import { formatMonthLong, formatRate } from '../../../lib/format';
import { POINT_TYPES, SPECIAL_CAUSE_RULES } from '../../../lib/signals';
import type { SpcPoint } from '../data/rows';

const rate = (value: number | null) => (value === null ? '–' : formatRate(value));

export function SpcTable({ points, caption }: { points: readonly SpcPoint[]; caption: string }) {
  const hasTarget = points.some((point) => point.target !== null);
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus so keyboard users can scroll it
    // biome-ignore lint/a11y/useSemanticElements: a <section> would add a landmark for a table wrapper
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Chart figures">
      <table data-testid="spc-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Value</th>
            <th scope="col">Mean</th>
            <th scope="col">Lower process limit</th>
            <th scope="col">Upper process limit</th>
            {hasTarget && <th scope="col">Target</th>}
            <th scope="col">Variation</th>
          </tr>
        </thead>
        <tbody>
          {points.map((point) => (
            <tr key={point.month} data-month={point.month}>
              <th scope="row">{formatMonthLong(point.month)}</th>
              <td data-testid="spc-value">{rate(point.value)}</td>
              <td>{rate(point.mean)}</td>
              <td>{rate(point.lowerLimit)}</td>
              <td>{rate(point.upperLimit)}</td>
              {hasTarget && <td>{rate(point.target)}</td>}
              <td data-testid="spc-point-type">
                {POINT_TYPES[point.pointType]?.label ?? point.pointType}
                {point.rule !== null && ` (${SPECIAL_CAUSE_RULES[point.rule] ?? point.rule})`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
