// Inclusive ranges of samples merged where they overlap or touch: the windows of the truth.

/** `[first, last]` ranges in order of first sample, overlapping and adjacent ones merged. */
export function mergeRanges(
  ranges: readonly (readonly [number, number])[],
): [number, number][] {
  const merged: [number, number][] = [];
  for (const [first, last] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const previous = merged[merged.length - 1];
    if (previous && first <= previous[1] + 1) previous[1] = Math.max(previous[1], last);
    else merged.push([first, last]);
  }
  return merged;
}

/**
 * The labelled runs, `[first, last]` of each run of 1s in order (TSB-AD's `range_convers_new`,
 * prts' `_prepare_data`).
 */
export function labelledRuns(labels: ArrayLike<number>): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < labels.length;) {
    if (labels[k] !== 1) {
      k++;
      continue;
    }
    const first = k;
    while (k < labels.length && labels[k] === 1) k++;
    out.push([first, k - 1]);
  }
  return out;
}
