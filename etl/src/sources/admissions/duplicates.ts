/**
 * Finds records repeated within an extract while it streams, in memory that does not grow with the file:
 * a blocked Bloom filter over each record's text. A record it may have seen before is a candidate; the
 * loader checks candidates exactly against the rows already copied (one scan, only when there are any).
 * Equal records always have equal text (dates and ages are written one way before hashing), so no
 * duplicate is missed; a false positive costs only that check.
 */
/** Where an extract's reader sends each good record (its text as copied, its person and line) to find repeats. */
export interface RecordSink {
  add(text: string, person: string, line: number): void;
  /** Called after each batch of records. */
  flush(): void;
}

export class RecordFilter implements RecordSink {
  /** 512-bit blocks (one cache line each): one memory access per record, not one per hash function. */
  private readonly words: Int32Array;
  private readonly blockMask: number;
  /** Persons of the candidate records (second occurrences), for the exact check. */
  readonly candidates = new Set<string>();
  /** More candidates than it is sensible to hold: the loader then checks the whole load in SQL. */
  overflowed = false;
  /**
   * Hashes of records added since the last flush (block, then three words of bit positions each). Setting
   * bits for a batch at a time lets the processor overlap the cache misses of a large filter.
   */
  private pending = new Int32Array(4 * 4096);
  private pendingPersons: string[] = [];
  private pendingCount = 0;

  /**
   * `expectedRecords`: an estimate (from the file's size); about 48 bits per record up to `maxBytes`
   * (64 MB: 10 million records), so false positives stay rare for a national extract.
   */
  constructor(
    expectedRecords: number,
    private readonly maxCandidates = 100_000,
    maxBytes = 64 << 20,
  ) {
    let bytes = 64 << 10;
    while (bytes < maxBytes && bytes * 8 < expectedRecords * 48) bytes *= 2;
    this.words = new Int32Array(bytes / 4);
    this.blockMask = bytes / 64 - 1;
  }

  get bytes(): number {
    return this.words.byteLength;
  }

  /** Adds a record (checked at the next flush). */
  add(text: string, person: string): void {
    // Two 32-bit hashes in one pass, two characters at a time (xor, rotate, multiply: the rotation carries
    // high bits down), each finished with MurmurHash3's mixer; two more mixed from them.
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c;
    const n = text.length;
    const even = n & ~1;
    for (let i = 0; i < even; i += 2) {
      const k = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16);
      const x = h1 ^ k;
      h1 = Math.imul((x << 15) | (x >>> 17), 0x9e3779b1);
      const y = h2 ^ k;
      h2 = Math.imul((y << 13) | (y >>> 19), 0x85ebca77);
    }
    if (even < n) {
      const k = text.charCodeAt(even);
      h1 = Math.imul(h1 ^ k, 0x9e3779b1);
      h2 = Math.imul(h2 ^ k, 0x85ebca77);
    }
    h1 = fmix(h1 ^ n);
    h2 = fmix(h2 ^ Math.imul(n, 0x85ebca6b));
    const h3 = fmix(h1 ^ (h2 + 0x9e3779b9));
    const h4 = fmix(h2 ^ (h3 + 0x7f4a7c15));
    if (this.pendingCount * 4 === this.pending.length) {
      const grown = new Int32Array(this.pending.length * 2);
      grown.set(this.pending);
      this.pending = grown;
    }
    const at = this.pendingCount * 4;
    this.pending[at] = (h1 & this.blockMask) << 4;
    this.pending[at + 1] = h2;
    this.pending[at + 2] = h3;
    this.pending[at + 3] = h4;
    this.pendingPersons[this.pendingCount++] = person;
  }

  /** Sets the bits of the records added since the last flush, in order; those whose bits were all set are candidates. */
  flush(): void {
    const { pending, words } = this;
    for (let r = 0; r < this.pendingCount; r++) {
      const at = r * 4;
      const base = pending[at]!;
      const h2 = pending[at + 1]!;
      const h3 = pending[at + 2]!;
      const h4 = pending[at + 3]!;
      // Eight bits in the block, each from its own nine bits of h2, h3 and h4 (72 bits, with the block's 10 to 20).
      const missing =
        setBit(words, base, h2) +
        setBit(words, base, h2 >>> 9) +
        setBit(words, base, h2 >>> 18) +
        setBit(words, base, h3) +
        setBit(words, base, h3 >>> 9) +
        setBit(words, base, h3 >>> 18) +
        setBit(words, base, h4) +
        setBit(words, base, h4 >>> 9);
      if (missing === 0) {
        if (this.candidates.size < this.maxCandidates) this.candidates.add(this.pendingPersons[r]!);
        else this.overflowed = true;
      }
    }
    this.pendingCount = 0;
    this.pendingPersons.length = 0;
  }
}

/** Sets bit `bits & 511` of the block at `base`; 1 if it was not set. */
function setBit(words: Int32Array, base: number, bits: number): number {
  const bit = bits & 511;
  const word = base + (bit >>> 5);
  const mask = 1 << (bit & 31);
  const was = words[word]!;
  if ((was & mask) !== 0) return 0;
  words[word] = was | mask;
  return 1;
}

/** MurmurHash3's finaliser: spreads every input bit over the output. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * The earliest record that repeats an earlier one, among the persons `select` picks (records come in file order):
 * the filter's candidates checked without copied rows to check them against (a dry run), with the verdict of
 * findDuplicate's query over the candidates' rows.
 */
export class FirstRepeat implements RecordSink {
  private readonly firstLines = new Map<string, number>();
  repeat: { line: number; firstLine: number } | null = null;

  constructor(private readonly select: (person: string) => boolean) {}

  add(text: string, person: string, line: number): void {
    if (this.repeat !== null || !this.select(person)) return;
    const firstLine = this.firstLines.get(text);
    if (firstLine === undefined) this.firstLines.set(text, line);
    else this.repeat = { line, firstLine };
  }

  flush(): void {}
}

/**
 * Records grouped by their text, among the persons `select` picks, as findDuplicate groups a whole load when
 * the filter had too many candidates: of the repeated records, the one whose last repeat comes first, with
 * its first line.
 */
export class RepeatedGroups implements RecordSink {
  private readonly groups = new Map<string, { firstLine: number; line: number }>();

  constructor(private readonly select: (person: string) => boolean) {}

  add(text: string, person: string, line: number): void {
    if (!this.select(person)) return;
    const group = this.groups.get(text);
    if (group === undefined) this.groups.set(text, { firstLine: line, line });
    else group.line = line;
  }

  flush(): void {}

  get repeat(): { line: number; firstLine: number } | null {
    let first: { line: number; firstLine: number } | null = null;
    for (const group of this.groups.values())
      if (group.line > group.firstLine && (first === null || group.line < first.line)) first = group;
    return first;
  }
}
