import type { FileSummary } from '../sources/types.js';
import { InputError } from './errors.js';
import { PeriodSpan } from './periods.js';

/**
 * Rows of one file that share a key are bad input: the second is named with the row of the first. Keys are
 * remembered as the rows stream (files of published figures hold at most a few hundred thousand rows), and
 * the first repeat is reported once the file has been read, after the checks on single rows.
 */
export class DuplicateKeys {
  private readonly firstRows = new Map<string, number>();
  private repeat: { row: number; firstRow: number } | undefined;

  constructor(
    private readonly file: string,
    /** What the key is, for the message: 'indicator, area, sex, age, category, measure and period'. */
    private readonly keyName: string,
  ) {}

  /** Rows must come in file order, so that the first repeat found is the earliest. */
  add(key: readonly (string | number | null)[], row: number): void {
    const text = JSON.stringify(key);
    const firstRow = this.firstRows.get(text);
    if (firstRow === undefined) this.firstRows.set(text, row);
    else this.repeat ??= { row, firstRow };
  }

  /** Throws for the earliest row that repeats an earlier one's key. */
  assertNone(): void {
    if (this.repeat === undefined) return;
    throw new InputError(
      { file: this.file, row: this.repeat.row },
      `duplicate row: the same ${this.keyName} as row ${this.repeat.firstRow}`,
    );
  }
}

/** A row of a table of published figures that each cover a period. */
interface PeriodRow {
  readonly row_number: number;
  readonly period_start: string;
  readonly period_end: string;
}

/**
 * Tallies the rows of a file of published figures as they stream: how many, the span of their periods, and
 * the first whose key (`key`, columns of the row) repeats an earlier row's.
 */
export class RowTally<K extends string> {
  private count = 0;
  private readonly span = new PeriodSpan();
  private readonly duplicates: DuplicateKeys;

  constructor(
    file: string,
    keyName: string,
    private readonly key: readonly K[],
  ) {
    this.duplicates = new DuplicateKeys(file, keyName);
  }

  add(row: PeriodRow & { readonly [C in K]: string | number | null }): void {
    this.duplicates.add(
      this.key.map((column) => row[column]),
      row.row_number,
    );
    this.span.add(row.period_start, row.period_end);
    this.count++;
  }

  /** Throws for a repeated key; else what the file held (nothing when it had no rows), `describe`d. */
  summary(describe: (start: string, end: string) => string): FileSummary | undefined {
    this.duplicates.assertNone();
    const { start, end } = this.span;
    if (start === null || end === null) return undefined;
    return { rowCount: this.count, periodStart: start, periodEnd: end, describe: describe(start, end) };
  }
}
