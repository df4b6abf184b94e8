/** Progress of one file's load: a bar with rows/s on a terminal, nothing otherwise. */
export interface FileProgress {
  setTotal(total: number): void;
  advance(rows: number, units?: number): void;
  done(): void;
}

export interface ProgressReporter {
  start(label: string): FileProgress;
}

const NOTHING: FileProgress = { setTotal() {}, advance() {}, done() {} };

export const silentProgress: ProgressReporter = { start: () => NOTHING };

/**
 * A progress bar on `stream` (stderr) when it is a terminal, redrawn at most every 100 ms:
 * `population.xls [########------------]  42%  1,234,567 rows  456,789 rows/s`.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (!stream.isTTY) return silentProgress;
  return {
    start(label) {
      const started = performance.now();
      let total = 0;
      let units = 0;
      let rows = 0;
      let lastDrawn = 0;
      const draw = (force = false) => {
        const now = performance.now();
        if (!force && now - lastDrawn < 100) return;
        lastDrawn = now;
        const seconds = Math.max((now - started) / 1000, 0.001);
        const width = 24;
        const fraction = total > 0 ? Math.min(units / total, 1) : 0;
        const bar =
          total > 0
            ? `[${'#'.repeat(Math.round(fraction * width)).padEnd(width, '-')}] ${String(Math.floor(fraction * 100)).padStart(3)}%  `
            : '';
        const line = `${label} ${bar}${rows.toLocaleString('en-GB')} rows  ${Math.round(rows / seconds).toLocaleString('en-GB')} rows/s`;
        stream.write(`\r${line.slice(0, (stream.columns || 100) - 1)}\x1b[K`);
      };
      return {
        setTotal(value) {
          total = value;
        },
        advance(moreRows, moreUnits = moreRows) {
          rows += moreRows;
          units += moreUnits;
          draw();
        },
        done() {
          if (lastDrawn > 0) stream.write('\r\x1b[K');
        },
      };
    },
  };
}
