import type { Estimate } from './estimate.js';

/** The columns of `npm run stats` output, in order. */
export const OUTPUT_COLUMNS = [
  'area',
  'numerator',
  'denominator',
  'value',
  'lower_95',
  'upper_95',
  'lower_998',
  'upper_998',
  'value_note',
] as const;

export interface OutputRow {
  area: string;
  numerator: number | null;
  denominator: number | null;
  estimate: Estimate;
}

/** CSV text with a header: numbers at full precision, no value as an empty field. */
export function formatCsv(rows: readonly OutputRow[]): string {
  const lines = rows.map(({ area, numerator, denominator, estimate }) =>
    [
      area,
      numerator,
      denominator,
      estimate.value,
      estimate.lower95,
      estimate.upper95,
      estimate.lower998,
      estimate.upper998,
      estimate.valueNote,
    ]
      .map(field)
      .join(','),
  );
  return `${[OUTPUT_COLUMNS.join(','), ...lines].join('\n')}\n`;
}

function field(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
