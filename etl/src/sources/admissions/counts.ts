import { defineTable } from '../../lib/copy.js';
import { FIVE_YEAR_BANDS } from './definitions.js';

/** Measures per month × council × age band × sex, in marts.admission_counts column order. */
export const MEASURE_COUNT = 10;

/** Sex codes in `at`: 0 male, 1 female, 2 not known. */
const SEXES = ['male', 'female', 'unknown'] as const;

/**
 * Monthly counts built while the extract streams. Its size depends on months × councils (a block of
 * bands × sexes × measures each), never on the number of records, so memory stays flat for any size of
 * file. This runs for every record: blocks are found by index, not by key, and increments are queued and
 * applied a batch at a time so that the processor overlaps the cache misses of tens of megabytes of counts.
 */
export class MonthlyCounts {
  /** Blocks by month (months since January 1900), then council index. */
  private readonly months: (Int32Array | undefined)[][] = [];
  private readonly councils = new Map<string, number>();
  private readonly councilCodes: string[] = [];
  /** Queued increments: block key (month × 512 + council), cell offset, measures (bit i: measure i). */
  private pending = new Int32Array(3 * 8192);
  private pendingCount = 0;

  /** The councils the extract's records live in. */
  get councilList(): readonly string[] {
    return this.councilCodes;
  }

  /** A small number for a council code (at most 512 councils in one extract). */
  councilIndex(council: string): number {
    let index = this.councils.get(council);
    if (index === undefined) {
      if (this.councilCodes.length === 512) throw new Error('more than 512 councils in one extract');
      index = this.councilCodes.push(council) - 1;
      this.councils.set(council, index);
    }
    return index;
  }

  /**
   * Counts one in each measure whose bit is set in `measures`, for a month (months since January 1900, to
   * 2099), council (from councilIndex) and cell (from `cell(band, sex)`). Applied at the next flush.
   */
  add(monthIndex: number, councilIndex: number, cellOffset: number, measures: number): void {
    if (this.pendingCount * 3 === this.pending.length) {
      const grown = new Int32Array(this.pending.length * 2);
      grown.set(this.pending);
      this.pending = grown;
    }
    const at = this.pendingCount++ * 3;
    this.pending[at] = monthIndex * 512 + councilIndex;
    this.pending[at + 1] = cellOffset;
    this.pending[at + 2] = measures;
  }

  flush(): void {
    const { pending } = this;
    for (let r = 0; r < this.pendingCount; r++) {
      const at = r * 3;
      const key = pending[at]!;
      const block = this.block(key >>> 9, key & 511);
      const offset = pending[at + 1]!;
      for (let measures = pending[at + 2]!, m = offset; measures !== 0; measures >>>= 1, m++) {
        if ((measures & 1) !== 0) block[m]!++;
      }
    }
    this.pendingCount = 0;
  }

  private block(monthIndex: number, councilIndex: number): Int32Array {
    while (this.months.length <= monthIndex) this.months.push([]);
    const councils = this.months[monthIndex]!;
    let block = councils[councilIndex];
    if (block === undefined) {
      while (councils.length <= councilIndex) councils.push(undefined);
      block = new Int32Array(BLOCK_SIZE);
      councils[councilIndex] = block;
    }
    return block;
  }

  get areaCount(): number {
    return this.councilCodes.length;
  }

  /** The counts as COPY text (load_id, then ADMISSION_COUNTS' columns), a chunk at a time: cells with any count. */
  *copyText(loadId: string): Iterable<string> {
    this.flush();
    let chunk = '';
    for (let monthIndex = 0; monthIndex < this.months.length; monthIndex++) {
      const councils = this.months[monthIndex]!;
      const month = `${1900 + Math.floor(monthIndex / 12)}-${String((monthIndex % 12) + 1).padStart(2, '0')}-01`;
      for (let councilIndex = 0; councilIndex < councils.length; councilIndex++) {
        const block = councils[councilIndex];
        if (block === undefined) continue;
        const prefix = `${loadId}\t${month}\t${this.councilCodes[councilIndex]}\t`;
        for (let band = 0; band < FIVE_YEAR_BANDS.length; band++) {
          for (let sex = 0; sex < SEXES.length; sex++) {
            const start = cell(band, sex);
            let any = false;
            for (let m = start; m < start + MEASURE_COUNT; m++) if (block[m] !== 0) any = true;
            if (any)
              chunk += `${prefix}${FIVE_YEAR_BANDS[band]}\t${SEXES[sex]}\t${block.subarray(start, start + MEASURE_COUNT).join('\t')}\n`;
          }
        }
        if (chunk.length > 1 << 16) {
          yield chunk;
          chunk = '';
        }
      }
    }
    if (chunk.length > 0) yield chunk;
  }
}

/** The table of the counts, its columns in the order of copyText (after load_id). */
export const ADMISSION_COUNTS = defineTable('marts.admission_counts', [
  'period_month',
  'area_code',
  'age_band',
  'sex',
  'admissions',
  'elective_admissions',
  'emergency_admissions',
  'emergency_admissions_from_care_homes',
  'emergency_admissions_falls_injury',
  'emergency_admissions_chronic_acsc',
  'discharges',
  'discharges_alive',
  'discharges_to_usual_residence',
  'discharges_to_care_home_from_elsewhere',
] as const);

const BLOCK_SIZE = FIVE_YEAR_BANDS.length * SEXES.length * MEASURE_COUNT;

/** Offset of an age band and sex's counts in a block. */
export function cell(band: number, sex: number): number {
  return (band * SEXES.length + sex) * MEASURE_COUNT;
}
