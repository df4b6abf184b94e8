/**
 * An XmR chart by the rules as Making Data Count and NHSRplotthedots state them, written apart from the product's
 * module (etl/src/statistics/spc.ts) for the tests to hold it to: limits from the screened mean moving range, then
 * the first rule each point is in; point types for a metric where low is good.
 */
export function expectedChart(values: readonly number[]) {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const ranges = values.slice(1).map((v, i) => Math.abs(v - values[i]!));
  const average = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const screened = ranges.filter((r) => r < 3.267 * average(ranges));
  const mr = average(screened);
  const [lpl, upl] = [mean - 2.66 * mr, mean + 2.66 * mr];
  const [lnl, unl] = [mean - (2 / 3) * 2.66 * mr, mean + (2 / 3) * 2.66 * mr];
  const side = values.map((v) => Math.sign(v - mean));
  const outside = values.map((v) => v > upl || v < lpl);
  const near = values.map((v, i) => !outside[i] && (v > unl || v < lnl));
  const inWindow = (i: number, size: number, test: (first: number) => boolean) => {
    for (let first = i - size + 1; first <= i; first++) {
      if (first >= 0 && first + size <= n && test(first)) return true;
    }
    return false;
  };
  const monotone = (first: number) => {
    const steps = values.slice(first + 1, first + 7).map((v, k) => Math.sign(v - values[first + k]!));
    return steps.every((s) => s === 1) || steps.every((s) => s === -1);
  };
  const trend = values.map((_, i) => inWindow(i, 7, monotone));
  const twoInThree = values.map(
    (_, i) =>
      near[i]! &&
      inWindow(i, 3, (first) => {
        const window = [first, first + 1, first + 2];
        return window.filter((k) => near[k]).length >= 2 && Math.abs(window.reduce((s, k) => s + side[k]!, 0)) === 3;
      }),
  );
  const run = values.map(
    (_, i) => side[i] !== 0 && inWindow(i, 7, (first) => side.slice(first, first + 7).every((s) => s === side[i])),
  );
  const points = values.map((v, i) => {
    let direction = 0;
    let rule: string | null = null;
    if (outside[i]) [rule, direction] = ['outside_limits', side[i]!];
    else if (trend[i]) {
      // NHSRplotthedots: the step to the next point when it is in the trend too, otherwise the step before.
      const step = trend[i + 1] ? Math.sign(values[i + 1]! - v) : i > 0 ? Math.sign(v - values[i - 1]!) : 0;
      [rule, direction] = ['trend', step === 1 ? 1 : -1];
    } else if (twoInThree[i]) [rule, direction] = ['two_in_three', side[i]! > 0 ? 1 : -1];
    else if (run[i]) [rule, direction] = ['run', side[i]! > 0 ? 1 : -1];
    const type = rule === null ? 'common_cause' : direction < 0 ? 'special_cause_improvement' : 'special_cause_concern';
    return { rule, type };
  });
  return { mean, lpl, upl, points };
}
