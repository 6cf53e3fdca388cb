// Scores of a real-valued detector against the labels: ROC-AUC and PR-AUC as TimeEval computes
// them (scikit-learn's curves and trapezoids), average precision (TSB-AD's AUC-PR), VUS-ROC and
// VUS-PR as TSB-AD computes them, and the event figures of ./events.ts at TSB-AD's oracle
// threshold. Each is held to the peers' own figures in tests/golden/score_figures.json
// (bench/peers/score_figures.py).

import type { ScoreTruth } from "./score.ts";
import { eventScores } from "./events.ts";
import { rangePrAucSorted } from "./range_pr.ts";
import { sortedCopy } from "./_sort.ts";
import { labelledRuns } from "./ranges.ts";

export {
  affiliation,
  type AffiliationScores,
  eventF1,
  type EventScores,
  eventScores,
} from "./events.ts";

/** Options for {@linkcode vus} and {@linkcode scoreCurves}. */
export interface CurveOptions {
  /**
   * VUS's largest buffer, in samples: the volume is the mean over buffers 0..window. Default 100,
   * TSB-AD's `get_metrics` default (its benchmark passes each series' period instead).
   */
  window?: number;
  /** How many thresholds VUS samples from the sorted scores. Default 250, as TSB-AD. */
  thresholds?: number;
}

/** VUS-ROC and VUS-PR of one series. */
export interface VusScores {
  /** The mean over buffers of the range-ROC area. */
  vus_roc: number;
  /** The mean over buffers of the range average precision. */
  vus_pr: number;
}

/**
 * The figures of one series' scores; null where a figure is undefined: every one when the series
 * has no labelled sample (the curves and volumes also when it has no unlabelled one).
 */
export interface CurveScores {
  /** Area under the ROC curve; ties count half (the curve's diagonal step). */
  roc_auc: number | null;
  /** TimeEval's PR_AUC: the trapezoidal area under the precision-recall curve from (0, 1). */
  pr_auc: number | null;
  /** Average precision: the step area, as scikit-learn; TSB-AD's AUC-PR. */
  average_precision: number | null;
  /**
   * Range-based PR-AUC (Tatbul et al.), as TimeEval's `RangePrecisionRangeRecallAUC` with its
   * defaults ({@linkcode rangePrAuc}); 1 for a series labelled throughout.
   */
  range_pr_auc: number | null;
  /** TSB-AD's VUS-ROC. */
  vus_roc: number | null;
  /** TSB-AD's VUS-PR. */
  vus_pr: number | null;
  /** TSB-AD's Event-based-F1 at its oracle threshold ({@linkcode eventScores}). */
  event_f1: number | null;
  /** TSB-AD's Affiliation-F at its oracle threshold. */
  affiliation_f1: number | null;
  /** The affiliation precision at that threshold. */
  affiliation_precision: number | null;
  /** The affiliation recall at that threshold. */
  affiliation_recall: number | null;
}

/** The figures of a detector's scores: per metric, and their means. */
export interface CurveReport {
  /** Per metric scored. */
  metrics: Record<string, CurveScores>;
  /** Each figure's mean over the metrics where it is defined; null where it is nowhere. */
  mean: CurveScores;
  /** The VUS buffer and threshold count used. */
  vus: { window: number; thresholds: number };
}

/**
 * The figures' keys in report order, each with its column heading in `score --scores`' table.
 *
 * @example
 * ```ts
 * import { CURVE_HEADINGS } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(Object.keys(CURVE_HEADINGS)[0], "roc_auc");
 * strictEqual(CURVE_HEADINGS.range_pr_auc, "range-pr");
 * ```
 */
export const CURVE_HEADINGS: Readonly<Record<keyof CurveScores, string>> = {
  roc_auc: "roc-auc",
  pr_auc: "pr-auc",
  average_precision: "avg-prec",
  range_pr_auc: "range-pr",
  vus_roc: "vus-roc",
  vus_pr: "vus-pr",
  event_f1: "event-f1",
  affiliation_f1: "aff-f1",
  affiliation_precision: "aff-prec",
  affiliation_recall: "aff-rec",
};

/** The distinct thresholds, highest first: positives and negatives scoring at least each. */
interface Curve {
  /** Cumulative true positives at each distinct score, highest first. */
  tps: Float64Array;
  /** Cumulative false positives, likewise. */
  fps: Float64Array;
  /** Labelled samples. */
  positives: number;
  /** Unlabelled samples. */
  negatives: number;
}

function check(labels: ArrayLike<number>, scores: ArrayLike<number>): void {
  if (labels.length !== scores.length) {
    throw new RangeError(`${scores.length} scores for ${labels.length} labels`);
  }
  for (let k = 0; k < scores.length; k++) {
    if (!Number.isFinite(scores[k])) {
      throw new RangeError(`score ${k} is ${scores[k]}: scores must be finite numbers`);
    }
  }
}

/** scikit-learn's `_binary_clf_curve`: counts at each distinct score, highest first. */
function curve(labels: ArrayLike<number>, scores: ArrayLike<number>): Curve {
  check(labels, scores);
  return countsOf(splitSorted(labels, scores));
}

/** The scores of labelled and of unlabelled samples, each sorted ascending. */
function splitSorted(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
): { pos: Float64Array; neg: Float64Array } {
  let p = 0;
  for (let k = 0; k < labels.length; k++) if (labels[k] === 1) p++;
  const pos = new Float64Array(p);
  const neg = new Float64Array(labels.length - p);
  for (let k = 0, i = 0, j = 0; k < labels.length; k++) {
    if (labels[k] === 1) pos[i++] = scores[k];
    else neg[j++] = scores[k];
  }
  return { pos: sortedCopy(pos), neg: sortedCopy(neg) };
}

/** The curve's counts from the sorted scores: descending, by walking from the end. */
function countsOf({ pos, neg }: { pos: Float64Array; neg: Float64Array }): Curve {
  const tps: number[] = [];
  const fps: number[] = [];
  let i = pos.length - 1, j = neg.length - 1, tp = 0, fp = 0;
  while (i >= 0 || j >= 0) {
    const t = Math.max(i >= 0 ? pos[i] : -Infinity, j >= 0 ? neg[j] : -Infinity);
    // -0 and 0 are one threshold, as numpy compares them.
    while (i >= 0 && pos[i] === t) i--, tp++;
    while (j >= 0 && neg[j] === t) j--, fp++;
    tps.push(tp);
    fps.push(fp);
  }
  return {
    tps: Float64Array.from(tps),
    fps: Float64Array.from(fps),
    positives: pos.length,
    negatives: neg.length,
  };
}

/**
 * The area under the ROC curve, as TimeEval's `RocAUC` (scikit-learn's `roc_curve` and `auc`) and
 * TSB-AD's AUC-ROC compute it: a trapezoid over the distinct thresholds, so tied scores count half.
 *
 * @param labels 1 where a fault is active, else 0.
 * @param scores The detector's score per sample, higher for more anomalous; finite.
 * @returns The area, or null when every label is 0 or every label is 1.
 * @throws {RangeError} For lengths that differ or a score that is not finite.
 *
 * @example A detector that ranks one normal sample above one anomalous one
 * ```ts
 * import { rocAuc } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(rocAuc([0, 1, 1, 0], [0.1, 0.4, 0.35, 0.8]), 0.5);
 * strictEqual(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4]), 1);
 * ```
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number | null {
  return rocArea(curve(labels, scores));
}

function rocArea({ tps, fps, positives, negatives }: Curve): number | null {
  if (positives === 0 || negatives === 0) return null;
  let area = 0, x = 0, y = 0;
  for (let k = 0; k < tps.length; k++) {
    const x1 = fps[k] / negatives, y1 = tps[k] / positives;
    area += (x1 - x) * (y + y1) / 2;
    x = x1;
    y = y1;
  }
  return area;
}

/**
 * TimeEval's PR_AUC (`PrAUC`): scikit-learn's `precision_recall_curve`, then the trapezoidal
 * `auc` over it, from the curve's start at recall 0 and precision 1. It runs above
 * {@linkcode averagePrecision}, which TimeEval calls an approximation of it.
 *
 * @param labels 1 where a fault is active, else 0.
 * @param scores The detector's score per sample, higher for more anomalous; finite.
 * @returns The area, or null when every label is 0 or every label is 1.
 * @throws {RangeError} For lengths that differ or a score that is not finite.
 *
 * @example Two faults, one ranked first and one tied with a normal sample
 * ```ts
 * import { prAuc } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * // Points (recall, precision): (0, 1), (0.5, 1), (1, 2/3), (1, 0.5).
 * strictEqual(prAuc([1, 1, 0, 0], [0.9, 0.5, 0.5, 0.1]), 0.5 + 0.5 * (1 + 2 / 3) / 2);
 * ```
 */
export function prAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number | null {
  return prArea(curve(labels, scores));
}

function prArea({ tps, fps, positives, negatives }: Curve): number | null {
  if (positives === 0 || negatives === 0) return null;
  let area = 0, recall = 0, precision = 1;
  for (let k = 0; k < tps.length; k++) {
    const r = tps[k] / positives, p = tps[k] / (tps[k] + fps[k]);
    area += (r - recall) * (precision + p) / 2;
    recall = r;
    precision = p;
  }
  return area;
}

/**
 * Average precision, as scikit-learn's `average_precision_score` (TSB-AD's AUC-PR, TimeEval's
 * AVERAGE_PRECISION): the precision at each distinct threshold weighted by the recall it adds.
 *
 * @param labels 1 where a fault is active, else 0.
 * @param scores The detector's score per sample, higher for more anomalous; finite.
 * @returns The average precision, or null when every label is 0 or every label is 1.
 * @throws {RangeError} For lengths that differ or a score that is not finite.
 *
 * @example Constant scores give the share of labelled samples
 * ```ts
 * import { averagePrecision } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(averagePrecision([1, 0, 0, 0], [7, 7, 7, 7]), 0.25);
 * strictEqual(averagePrecision([1, 1, 0, 0], [0.9, 0.5, 0.5, 0.1]), 0.5 + 0.5 * (2 / 3));
 * ```
 */
export function averagePrecision(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
): number | null {
  return precisionSteps(curve(labels, scores));
}

function precisionSteps({ tps, fps, positives, negatives }: Curve): number | null {
  if (positives === 0 || negatives === 0) return null;
  let sum = 0, recall = 0;
  for (let k = 0; k < tps.length; k++) {
    const r = tps[k] / positives;
    sum += (r - recall) * (tps[k] / (tps[k] + fps[k]));
    recall = r;
  }
  return sum;
}

/** TSB-AD's `new_sequence`: the runs widened by window/2 each side, merged where they meet. */
function widened(n: number, seq: [number, number][], window: number): [number, number][] {
  const half = Math.floor(window / 2);
  const out: [number, number][] = [];
  let a = Math.max(seq[0][0] - half, 0);
  for (let i = 0; i < seq.length - 1; i++) {
    if (seq[i][1] + half < seq[i + 1][0] - half) {
      out.push([a, seq[i][1] + half]);
      a = seq[i + 1][0] - half;
    }
  }
  out.push([a, Math.min(seq[seq.length - 1][1] + half, n - 1)]);
  return out;
}

/** numpy's `linspace(0, n - 1, count).astype(int)`, rounding included. */
function sampledIndices(n: number, count: number): Int32Array {
  const out = new Int32Array(count);
  const step = (n - 1) / (count - 1);
  for (let k = 0; k < count; k++) {
    out[k] = Math.trunc(step === 0 ? (k / (count - 1)) * (n - 1) : k * step);
  }
  if (count > 1) out[count - 1] = n - 1;
  return out;
}

/**
 * VUS-ROC and VUS-PR (Paparrizos et al., VLDB 2022) as TSB-AD computes them
 * (`generate_curve`, version `opt`): for each buffer 0..window, the labels grow slopes of
 * sqrt-decay buffer/2 samples each side; at 250 thresholds sampled from the sorted scores, the
 * range recall (times the share of widened ranges hit) against the range false-positive rate
 * and the precision give a ROC trapezoid and a step precision area; each volume is the mean over
 * buffers. Time O(n log n + window x (thresholds x ranges + s)), s the samples within a
 * buffer of a range; TSB-AD's own is O(window x thresholds x s).
 *
 * @param labels 1 where a fault is active, else 0.
 * @param scores The detector's score per sample, higher for more anomalous; finite.
 * @param options The largest buffer and the threshold count.
 * @returns Both volumes, or null when every label is 0 or every label is 1.
 * @throws {RangeError} For lengths that differ, a score that is not finite, or bad options.
 *
 * @example A perfect detector scores 1 at buffer 0
 * ```ts
 * import { vus } from "@chaos-datagen/chaos-datagen";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(vus([0, 0, 1, 1, 0, 0], [0, 0, 1, 1, 0, 0], { window: 0 }), {
 *   vus_roc: 1,
 *   vus_pr: 1,
 * });
 * ```
 */
export function vus(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: CurveOptions = {},
): VusScores | null {
  check(labels, scores);
  return volumesOf(labels, scores, sortedCopy(scores), options);
}

/** {@linkcode vus} given the scores sorted ascending. */
function volumesOf(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  sorted: Float64Array,
  options: CurveOptions,
): VusScores | null {
  const { window: maxWindow, thresholds: count } = curveOptions(options);
  const n = labels.length;
  const seq = labelledRuns(labels);
  let positives = 0;
  for (const [a, b] of seq) positives += b - a + 1;
  if (positives === 0 || positives === n) return null;
  const outer = widened(n, seq, maxWindow);
  // The thresholds: sorted descending, at numpy's sampled indices.
  const picks = sampledIndices(n, count);
  const thresholds = new Float64Array(count);
  const predicted = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    const t = sorted[n - 1 - picks[j]];
    thresholds[j] = t;
    predicted[j] = n - lowerBound(sorted, t);
  }
  // Hits inside the labelled runs do not depend on the buffer; slope samples (unlabelled, within
  // the widest buffer) are sorted by score once, so that each threshold takes a suffix of them.
  const runScores = new Float64Array(positives);
  const around: number[] = [];
  for (let r = 0, i = 0; r < outer.length; r++) {
    for (let k = outer[r][0]; k <= outer[r][1]; k++) {
      if (labels[k] === 1) runScores[i++] = scores[k];
      else around.push(k);
    }
  }
  runScores.sort();
  around.sort((a, b) => scores[a] - scores[b]);
  const aroundScores = Float64Array.from(around, (k) => scores[k]);
  const inRuns = new Float64Array(count);
  const firstAround = new Int32Array(count);
  for (let j = 0; j < count; j++) {
    inRuns[j] = positives - lowerBound(runScores, thresholds[j]);
    firstAround[j] = lowerBound(aroundScores, thresholds[j]);
  }
  const suffix = new Float64Array(around.length + 1);
  const extended = new Float64Array(n);
  const tpr = new Float64Array(count + 2);
  const fpr = new Float64Array(count + 2);
  const precision = new Float64Array(count + 1);
  let rocSum = 0, prSum = 0;
  for (let window = 0; window <= maxWindow; window++) {
    // TSB-AD's `sequencing`: slopes added run by run (after, then before), capped at 1.
    for (const [a, b] of outer) for (let k = a; k <= b; k++) extended[k] = labels[k];
    const half = Math.floor(window / 2);
    for (const [s, e] of seq) {
      for (let x = e + 1; x < Math.min(e + half + 1, n); x++) {
        extended[x] += Math.sqrt(1 - (x - e) / window);
      }
      for (let x = Math.max(s - half, 0); x < s; x++) {
        extended[x] += Math.sqrt(1 - (s - x) / window);
      }
    }
    for (const [a, b] of outer) for (let k = a; k <= b; k++) if (extended[k] > 1) extended[k] = 1;
    for (let i = around.length - 1; i >= 0; i--) suffix[i] = suffix[i + 1] + extended[around[i]];
    const ranges = widened(n, seq, window);
    const rangeMax = ranges.map(([a, b]) => {
      let max = -Infinity;
      for (let k = a; k <= b; k++) if (scores[k] > max) max = scores[k];
      return max;
    });
    for (let j = 0; j < count; j++) {
      const t = thresholds[j];
      const onSlopes = suffix[firstAround[j]];
      let existence = 0;
      for (const max of rangeMax) if (max >= t) existence++;
      const tp = inRuns[j] + onSlopes;
      const labelled = positives + onSlopes;
      const pNew = (positives + labelled) / 2;
      const recall = Math.min(tp / pNew, 1);
      tpr[j + 1] = recall * (existence / ranges.length);
      fpr[j + 1] = (predicted[j] - tp) / (n - pNew);
      precision[j + 1] = tp / predicted[j];
    }
    tpr[count + 1] = 1;
    fpr[count + 1] = 1;
    let roc = 0, ap = 0;
    for (let j = 1; j <= count + 1; j++) roc += (fpr[j] - fpr[j - 1]) * (tpr[j] + tpr[j - 1]) / 2;
    for (let j = 1; j <= count; j++) ap += (tpr[j] - tpr[j - 1]) * precision[j];
    rocSum += roc;
    prSum += ap;
  }
  return { vus_roc: rocSum / (maxWindow + 1), vus_pr: prSum / (maxWindow + 1) };
}

/** Two ascending arrays merged into one, ascending. */
function merged(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0, j = 0, k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

/** The first index of ascending `sorted` whose value is at least `t`. */
function lowerBound(sorted: Float64Array, t: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function curveOptions(options: CurveOptions): { window: number; thresholds: number } {
  const window = options.window ?? 100;
  const thresholds = options.thresholds ?? 250;
  if (!Number.isSafeInteger(window) || window < 0) {
    throw new RangeError(`window: must be an integer >= 0: got ${window}`);
  }
  if (!Number.isSafeInteger(thresholds) || thresholds < 2) {
    throw new RangeError(`thresholds: must be an integer >= 2: got ${thresholds}`);
  }
  return { window, thresholds };
}

/**
 * The figures of one series' scores: {@linkcode rocAuc}, {@linkcode prAuc},
 * {@linkcode averagePrecision}, {@linkcode vus} and {@linkcode eventScores}.
 *
 * @param labels 1 where a fault is active, else 0.
 * @param scores The detector's score per sample, higher for more anomalous; finite.
 * @param options VUS's buffer and threshold count.
 * @returns Every figure; see {@linkcode CurveScores} for which are null when.
 * @throws {RangeError} For lengths that differ, a score that is not finite, or bad options.
 *
 * @example
 * ```ts
 * import { curveScores } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * const figures = curveScores([0, 1, 1, 0], [0.1, 0.4, 0.35, 0.8], { window: 0 });
 * strictEqual(figures.roc_auc, 0.5);
 * strictEqual(curveScores([0, 0], [1, 2]).vus_pr, null);
 * ```
 */
export function curveScores(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: CurveOptions = {},
): CurveScores {
  check(labels, scores);
  // One sort serves the three curves and, merged, the volumes.
  const split = splitSorted(labels, scores);
  const counts = countsOf(split);
  const sorted = merged(split.pos, split.neg);
  const volumes = volumesOf(labels, scores, sorted, options);
  return {
    roc_auc: rocArea(counts),
    pr_auc: prArea(counts),
    average_precision: precisionSteps(counts),
    range_pr_auc: rangePrAucSorted(labels, scores, sorted),
    vus_roc: volumes?.vus_roc ?? null,
    vus_pr: volumes?.vus_pr ?? null,
    ...eventScores(labels, scores),
  };
}

/**
 * Scores a detector's real-valued scores (per sample, for any subset of the metrics) against the
 * truth's labels: the figures of {@linkcode curveScores} per metric, and their means.
 *
 * @param truth A dataset from {@linkcode generate}, or a run's files read back.
 * @param scores Per metric scored, the detector's score per sample; finite.
 * @param options VUS's buffer and threshold count.
 * @returns The figures per metric and their means over the metrics where each is defined.
 * @throws {RangeError} For a metric that does not exist, a length that is not `num_samples`, or
 * a score that is not finite.
 *
 * @example A detector whose score is the value itself
 * ```ts
 * import { generate, scoreCurves } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * const data = generate({
 *   general: { seed: 1, num_samples: 200 },
 *   metrics: { cpu: { value: 30, noise: "gaussian", noise_args: { scale: 1 } } },
 *   anomalies: { cpu: { at: 100, anomaly_factor: 3, pattern: "step", recovery_time: 20 } },
 * });
 * const report = scoreCurves(data, { cpu: data.values.cpu }, { window: 10 });
 * strictEqual(report.metrics.cpu.roc_auc, 1);
 * strictEqual(report.mean.roc_auc, 1);
 * ```
 */
export function scoreCurves(
  truth: ScoreTruth,
  scores: Readonly<Record<string, ArrayLike<number>>>,
  options: CurveOptions = {},
): CurveReport {
  const vusOptions = curveOptions(options);
  const n = truth.config.general.num_samples;
  const metrics: Record<string, CurveScores> = {};
  for (const name of Object.keys(scores)) {
    if (!truth.names.includes(name)) throw new RangeError(`no metric "${name}" in the truth`);
    const column = scores[name];
    if (column.length !== n) {
      throw new RangeError(`scores of "${name}": ${column.length} samples, not ${n}`);
    }
    try {
      metrics[name] = curveScores(truth.labels[name], column, vusOptions);
    } catch (error) {
      throw new RangeError(`scores of "${name}": ${(error as Error).message}`);
    }
  }
  return { metrics, mean: meanCurves(metrics), vus: vusOptions };
}

/**
 * Each figure's mean over the series where it is defined (null where it is nowhere): the `mean`
 * of {@linkcode scoreCurves}, for figures worked out elsewhere (one series at a time, or in
 * parallel).
 *
 * @param metrics Per series, its figures from {@linkcode curveScores}.
 * @returns The means, in report order.
 *
 * @example A figure defined on one series of two
 * ```ts
 * import { curveScores, meanCurves } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * const found = curveScores([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.2], { window: 0 });
 * const clean = curveScores([0, 0, 0, 0], [0.1, 0.9, 0.8, 0.2], { window: 0 });
 * strictEqual(meanCurves({ found, clean }).roc_auc, 1);
 * strictEqual(meanCurves({ clean }).roc_auc, null);
 * ```
 */
export function meanCurves(metrics: Readonly<Record<string, CurveScores>>): CurveScores {
  const mean = {} as CurveScores;
  for (const key of Object.keys(CURVE_HEADINGS) as (keyof CurveScores)[]) {
    const defined = Object.values(metrics).map((m) => m[key]).filter((x) => x !== null);
    mean[key] = defined.length === 0 ? null : defined.reduce((a, b) => a + b, 0) / defined.length;
  }
  return mean;
}
