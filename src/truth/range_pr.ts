// Range-based PR-AUC of real-valued scores: the area under the curve of range precision and range
// recall (Tatbul et al., NeurIPS 2018, "Precision and Recall for Time Series") as TimeEval's
// `RangePrecisionRangeRecallAUC` computes it with the community code `prts` (github.com/CompML/PRTS).
// Held to their own figures in tests/golden/range_pr_figures.json
// (bench/peers/range_pr_figures.py).

import { sortedCopy } from "./_sort.ts";
import { labelledRuns } from "./ranges.ts";

/** Options for {@linkcode rangePrAuc}; each default is `RangePrecisionRangeRecallAUC`'s. */
export interface RangePrOptions {
  /**
   * The threshold budget: of the m distinct scores above the lowest, all when m <= maxSamples,
   * else every floor(m / (maxSamples - 1))-th from the lowest of them, and the highest. Default 50.
   */
  maxSamples?: number;
  /** Weight of the existence reward in range recall, in [0, 1]. Default 0.5. */
  rAlpha?: number;
  /** Weight of the existence reward in range precision, in [0, 1]. Default 0. */
  pAlpha?: number;
  /**
   * The cardinality factor of a range that `c > 1` ranges of the other side overlap: `1 / c`
   * ("reciprocal", the default) or 1 ("one"). The positional bias is always "flat".
   */
  cardinality?: "reciprocal" | "one";
}

/** The labelled ranges, inclusive, in order. */
interface Ranges {
  starts: Int32Array;
  ends: Int32Array;
  count: number;
}

/** prts' `_prepare_data` of the labels: the runs of 1s as [first, last], in typed arrays. */
function labelRanges(labels: ArrayLike<number>): Ranges {
  const runs = labelledRuns(labels);
  return {
    starts: Int32Array.from(runs, ([first]) => first),
    ends: Int32Array.from(runs, ([, last]) => last),
    count: runs.length,
  };
}

/**
 * TimeEval's thresholds: the sorted distinct scores without the lowest (which flags every sample
 * and is the curve's fixed first point), sampled down to about `maxSamples`.
 */
function sampledThresholds(sorted: Float64Array, maxSamples: number): Float64Array {
  const unique = new Float64Array(sorted.length);
  let distinct = 0;
  for (let k = 0; k < sorted.length; k++) {
    // -0 and 0 are one value, as numpy's unique has them.
    if (k === 0 || sorted[k] !== unique[distinct - 1]) unique[distinct++] = sorted[k];
  }
  const all = unique.subarray(1, Math.max(distinct, 1));
  if (all.length <= maxSamples) return all.slice();
  // thresholds[::every_nth], then the highest when the stride missed it.
  const every = Math.floor(all.length / (maxSamples - 1));
  const picked: number[] = [];
  for (let k = 0; k < all.length; k += every) picked.push(all[k]);
  if (picked[picked.length - 1] !== all[all.length - 1]) picked.push(all[all.length - 1]);
  return Float64Array.from(picked);
}

function checkOptions(options: RangePrOptions): Required<RangePrOptions> {
  const { maxSamples = 50, rAlpha = 0.5, pAlpha = 0, cardinality = "reciprocal" } = options;
  if (!Number.isSafeInteger(maxSamples) || maxSamples < 2) {
    throw new RangeError(`maxSamples: must be an integer >= 2: got ${maxSamples}`);
  }
  for (const [name, alpha] of [["rAlpha", rAlpha], ["pAlpha", pAlpha]] as const) {
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new RangeError(`${name}: must be a number in [0, 1]: got ${alpha}`);
    }
  }
  if (cardinality !== "reciprocal" && cardinality !== "one") {
    throw new RangeError(`cardinality: must be "reciprocal" or "one": got ${String(cardinality)}`);
  }
  return { maxSamples, rAlpha, pAlpha, cardinality };
}

/**
 * TimeEval's `RangePrecisionRangeRecallAUC` of one series, with its defaults (`max_samples=50`,
 * `r_alpha=0.5`, `p_alpha=0`, `cardinality="reciprocal"`, `bias="flat"`: the metric TimeEval's
 * `DefaultMetrics.FIXED_RANGE_PR_AUC`; its `DefaultMetrics.RANGE_PR_AUC` is
 * `{ rAlpha: 0, cardinality: "one" }`). At each threshold, the samples scoring at least it are
 * flagged and prts' `ts_precision` and `ts_recall` score their runs against the labelled ranges:
 * a flagged run's precision is the share of it inside labelled ranges, a labelled range's recall
 * `rAlpha` for being touched plus `1 - rAlpha` times the share of it flagged, each share times
 * the cardinality factor; precision is the mean over flagged runs, recall over labelled ranges.
 * The points, sorted by recall (descending, ties by precision ascending), run from (recall 1,
 * precision the labelled share) to (0, 1); the area is their trapezoids, as scikit-learn's `auc`.
 * This is TimeEval's `score()`; its `__call__` gives 0 instead for constant scores.
 *
 * Equal to TimeEval's figure to the bit (numpy's pairwise sum included).
 *
 * Time O(n log n + n log T + T R + F), memory O(n): a sort for the distinct scores; one pass
 * that places each score among the T thresholds (T < 2 maxSamples) and keeps the open runs of all
 * thresholds as a stack of level steps, O(1) per sample beyond the placement; only the F runs
 * (over all thresholds) that overlap a labelled range are scored, each in O(1 + the R labelled
 * ranges it overlaps); the others only count, through a difference array. prts' own is
 * O(T (n + runs x R + overlaps x range length)). 10^6 samples: about 0.2 s, 0.1 s of it the sort.
 *
 * @param labels 1 where a fault is active, else 0.
 * @param scores The detector's score per sample, higher for more anomalous; finite.
 * @param options TimeEval's parameters; its defaults where left out.
 * @returns The area, or null when no sample is labelled (where prts fails).
 * @throws {RangeError} For lengths that differ, a score that is not finite, or bad options.
 *
 * @example A perfect detector, and TimeEval's own test (tests/metrics/test_metrics.py)
 * ```ts
 * import { rangePrAuc } from "./range_pr.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(rangePrAuc([0, 1, 1, 0, 1], [0, 1, 1, 0, 1]), 1);
 * const labels = [0, 1, 1, 1, 0, 0], scores = [0, 0.1, 1.0, 0.5, 0.1, 0];
 * // TimeEval's FIXED_RANGE_PR_AUC and RANGE_PR_AUC, which its test rounds to 0.9792 and 0.9583.
 * strictEqual(rangePrAuc(labels, scores), 0.9791666666666666);
 * strictEqual(rangePrAuc(labels, scores, { rAlpha: 0, cardinality: "one" }), 0.9583333333333333);
 * ```
 */
export function rangePrAuc(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: RangePrOptions = {},
): number | null {
  checkOptions(options);
  if (labels.length !== scores.length) {
    throw new RangeError(`${scores.length} scores for ${labels.length} labels`);
  }
  for (let k = 0; k < scores.length; k++) {
    if (!Number.isFinite(scores[k])) {
      throw new RangeError(`score ${k} is ${scores[k]}: scores must be finite numbers`);
    }
  }
  return rangePrAucSorted(labels, scores, sortedCopy(scores), options);
}

/**
 * {@linkcode rangePrAuc} of checked inputs, given the scores sorted ascending: `curveScores`
 * shares one sort among its figures.
 */
export function rangePrAucSorted(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  sorted: Float64Array,
  options: RangePrOptions = {},
): number | null {
  const { maxSamples, rAlpha, pAlpha, cardinality } = checkOptions(options);
  const real = labelRanges(labels);
  const R = real.count;
  if (R === 0) return null;
  const n = labels.length;
  let positives = 0;
  for (let j = 0; j < R; j++) positives += real.ends[j] - real.starts[j] + 1;
  const thresholds = sampledThresholds(sorted, maxSamples);
  const T = thresholds.length;
  const gamma = (c: number): number => cardinality === "reciprocal" && c > 1 ? 1 / c : 1;

  // Per threshold: its runs' precision sum, and the first labelled range whose recall is not yet
  // added, with that range's overlaps so far.
  const precisionSum = new Float64Array(T), recallSum = new Float64Array(T);
  const next = new Int32Array(T), omega = new Float64Array(T), touched = new Int32Array(T);
  // prts adds alpha x existence + (1 - alpha) x (gamma x omega) per range: a range nothing
  // touches adds 0, so only touched ones are added, in range order as prts does.
  const closeRange = (i: number): void => {
    if (touched[i] > 0) {
      recallSum[i] += rAlpha * 1 + (1 - rAlpha) * (gamma(touched[i]) * omega[i]);
    }
    omega[i] = 0;
    touched[i] = 0;
    next[i]++;
  };
  // A flagged run [a, b] at threshold i that overlaps a labelled range ends; one threshold's
  // runs end in position order. (A run that overlaps none adds 0 to prts' precision sum.)
  const endRun = (i: number, a: number, b: number): void => {
    while (next[i] < R && real.ends[next[i]] < a) closeRange(i);
    const length = b - a + 1;
    let overlap = 0, count = 0;
    for (let j = next[i]; j < R && real.starts[j] <= b; j++) {
      // The ranges a run overlaps are consecutive: the one before is done with.
      if (j > next[i]) closeRange(i);
      const o = Math.min(b, real.ends[j]) - Math.max(a, real.starts[j]) + 1;
      overlap += o / length;
      count++;
      omega[i] += o / (real.ends[j] - real.starts[j] + 1);
      touched[i]++;
    }
    precisionSum[i] += pAlpha * 1 + (1 - pAlpha) * (gamma(count) * overlap);
  };
  // A sample is flagged at threshold i exactly when i < its level (the thresholds at or below
  // its score). Where the level rises from p to q a run begins for the thresholds in [p, q):
  // one entry of a stack whose levels only grow, and +1 in a difference array of run counts.
  // Where it falls to q the runs above q end, entry by entry from the top; only those that
  // reach back to a labelled sample are scored, so a threshold costs its runs over faults.
  const runs = new Float64Array(T + 1);
  const stackAt = new Int32Array(T), stackFrom = new Int32Array(T), stackTo = new Int32Array(T);
  let top = 0, previous = 0, lastLabelled = -1;
  for (let k = 0; k <= n; k++) {
    let level = 0;
    if (k < n) {
      const s = scores[k];
      let hi = T;
      while (level < hi) {
        const mid = (level + hi) >>> 1;
        if (thresholds[mid] <= s) level = mid + 1;
        else hi = mid;
      }
    }
    if (level > previous) {
      stackAt[top] = k;
      stackFrom[top] = previous;
      stackTo[top++] = level;
      runs[previous]++;
      runs[level]--;
    } else if (level < previous) {
      while (top > 0 && stackTo[top - 1] > level) {
        const e = top - 1, from = Math.max(stackFrom[e], level);
        if (stackAt[e] <= lastLabelled) {
          for (let i = from; i < stackTo[e]; i++) endRun(i, stackAt[e], k - 1);
        }
        if (stackFrom[e] < level) {
          stackTo[e] = level;
          break;
        }
        top--;
      }
    }
    previous = level;
    if (labels[k] === 1) lastLabelled = k;
  }
  for (let i = 1; i < T; i++) runs[i] += runs[i - 1];
  const recalls = new Float64Array(T), precisions = new Float64Array(T);
  for (let i = 0; i < T; i++) {
    if (next[i] < R) closeRange(i);
    recalls[i] = recallSum[i] / R;
    // Every threshold flags at least the highest score.
    precisions[i] = precisionSum[i] / runs[i];
  }
  const order = Array.from({ length: T }, (_, i) => i).sort((u, v) =>
    recalls[v] - recalls[u] || precisions[u] - precisions[v]
  );
  // From (1, labelled share) through the points to (0, 1): scikit-learn's auc, numpy's
  // trapezoid over falling recall, each term (r - r') x (p + p') / 2.
  const terms = new Float64Array(T + 1);
  let r = 1, p = positives / n;
  for (let k = 0; k <= T; k++) {
    const r1 = k < T ? recalls[order[k]] : 0, p1 = k < T ? precisions[order[k]] : 1;
    terms[k] = ((r - r1) * (p + p1)) / 2;
    r = r1;
    p = p1;
  }
  return pairwise(terms);
}

/**
 * numpy's `add.reduce` of a float64 array: a pairwise sum, eight running sums per block of at
 * most 128 terms, so that the area is numpy's to the bit.
 */
function pairwise(a: Float64Array): number {
  const n = a.length;
  if (n < 8) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += a[k];
    return sum;
  }
  if (n <= 128) {
    const r = a.slice(0, 8);
    let k = 8;
    for (; k < n - (n % 8); k += 8) for (let j = 0; j < 8; j++) r[j] += a[k + j];
    let sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; k < n; k++) sum += a[k];
    return sum;
  }
  const half = Math.floor(n / 2) - (Math.floor(n / 2) % 8);
  return pairwise(a.subarray(0, half)) + pairwise(a.subarray(half));
}
