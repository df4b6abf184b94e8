import type { CopyValue } from '../../lib/copy.js';
import { FIVE_YEAR_BANDS } from './definitions.js';

/** Measures per month × council × age band × sex, in marts.admission_counts column order. */
export const MEASURE_COUNT = 10;

const SEXES = ['male', 'female', 'unknown'] as const;
export type CountedSex = (typeof SEXES)[number];

/**
 * Monthly counts built while the extract streams. Its size depends on months × councils × bands × sexes,
 * never on the number of records, so memory stays flat for any size of file. Keys are numbers (month,
 * council, band and sex packed together): string keys cost more than the rest of a record's validation.
 */
export class MonthlyCounts {
  private readonly cells = new Map<number, Int32Array>();
  private readonly councils = new Map<string, number>();
  private readonly councilCodes: string[] = [];

  /** `month` is 'YYYY-MM' or a longer ISO date. */
  at(month: string, council: string, band: number, sex: CountedSex): Int32Array {
    let councilIndex = this.councils.get(council);
    if (councilIndex === undefined) {
      if (this.councilCodes.length === 512) throw new Error('more than 512 councils in one extract');
      councilIndex = this.councilCodes.push(council) - 1;
      this.councils.set(council, councilIndex);
    }
    // Months since January 1900 (11 bits to 2070), council (9 bits), band (5), sex (2): a small integer key.
    const monthIndex = monthsSince1900(month);
    const key = (((monthIndex << 9) | councilIndex) << 7) | (band << 2) | (sex === 'male' ? 0 : sex === 'female' ? 1 : 2);
    let cell = this.cells.get(key);
    if (cell === undefined) {
      cell = new Int32Array(MEASURE_COUNT);
      this.cells.set(key, cell);
    }
    return cell;
  }

  get areaCount(): number {
    return this.councilCodes.length;
  }

  *rows(loadId: string): Iterable<CopyValue[]> {
    for (const [key, cell] of this.cells) {
      const sex = key & 3;
      const band = (key >> 2) & 31;
      const councilIndex = (key >> 7) & 511;
      const monthIndex = key >> 16;
      const month = `${1900 + Math.floor(monthIndex / 12)}-${String((monthIndex % 12) + 1).padStart(2, '0')}-01`;
      yield [loadId, month, this.councilCodes[councilIndex]!, FIVE_YEAR_BANDS[band]!, SEXES[sex]!, ...cell];
    }
  }
}

function monthsSince1900(iso: string): number {
  const year = (iso.charCodeAt(0) - 48) * 1000 + (iso.charCodeAt(1) - 48) * 100 + (iso.charCodeAt(2) - 48) * 10 + (iso.charCodeAt(3) - 48);
  const month = (iso.charCodeAt(5) - 48) * 10 + (iso.charCodeAt(6) - 48);
  return (year - 1900) * 12 + month - 1;
}
