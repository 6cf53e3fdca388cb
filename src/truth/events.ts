// Event-level scores of 0/1 detections: affiliation precision and recall (Huet et al., KDD 2022),
// ported from the authors' code (github.com/ahstat/affiliation-metrics-py, which TSB-AD vendors
// unchanged), and TSB-AD's event-based F1; and, for real-valued scores, both at TSB-AD's oracle
// threshold. Held to the peers' own figures in tests/golden/score_figures.json.

/** A half-open interval [start, stop): an event, or a zone. */
type Interval = readonly [number, number];

/** The affiliation figures of 0/1 detections. */
export interface AffiliationScores {
  /** The mean over labelled events with a detection in their zone; null when none has one. */
  precision: number | null;
  /** The mean over labelled events of the recall probability (0 where nothing was flagged). */
  recall: number;
  /** 2pr / (p + r + 1e-15), as TSB-AD; null where precision is. */
  f1: number | null;
}

/** The event figures of real-valued scores at TSB-AD's oracle thresholds. */
export interface EventScores {
  /** TSB-AD's Event-based-F1: the best over 100 thresholds of {@linkcode eventF1}. */
  event_f1: number | null;
  /** TSB-AD's Affiliation-F: the best over 100 thresholds of the affiliation F1. */
  affiliation_f1: number | null;
  /** The affiliation precision at the first threshold giving that best F1. */
  affiliation_precision: number | null;
  /** The affiliation recall there. */
  affiliation_recall: number | null;
}

/** The affiliation code's `convert_vector_to_events`: runs of flags as [first, last + 1). */
function toEvents(flags: ArrayLike<number>): Interval[] {
  const out: Interval[] = [];
  for (let k = 0; k < flags.length;) {
    if (!(flags[k] > 0)) {
      k++;
      continue;
    }
    const first = k;
    while (k < flags.length && flags[k] > 0) k++;
    out.push([first, k]);
  }
  return out;
}

function length(i: Interval | null): number {
  return i === null ? 0 : i[1] - i[0];
}

function intersection(i: Interval | null, j: Interval | null): Interval | null {
  if (i === null || j === null) return null;
  const lo = Math.max(i[0], j[0]), hi = Math.min(i[1], j[1]);
  return lo >= hi ? null : [lo, hi];
}

/** `cut_into_three_func`: the parts of `i` before, inside and after `j`. */
function cutIntoThree(
  i: Interval | null,
  j: Interval,
): [Interval | null, Interval | null, Interval | null] {
  if (i === null) return [null, null, null];
  const inter = intersection(i, j);
  if (inter !== null && inter[0] === i[0] && inter[1] === i[1]) return [null, inter, null];
  if (i[1] <= j[0]) return [i, inter, null];
  if (i[0] >= j[1]) return [null, inter, i];
  if (i[0] <= j[0] && i[1] >= j[1]) return [[i[0], inter![0]], inter, [inter![1], i[1]]];
  if (i[0] <= j[0]) return [[i[0], inter![0]], inter, null];
  return [null, inter, [inter![1], i[1]]];
}

/** `get_pivot_j`: the border of `j` that `i`, outside it, faces. */
function pivot(i: Interval, j: Interval): number {
  return i[1] <= j[0] ? j[0] : j[1];
}

function minPiece(i: Interval, j: Interval, e: Interval): number {
  const dMin = Math.max(i[0] - j[1], j[0] - i[1]);
  const dMax = Math.max(i[1] - j[1], j[0] - i[0]);
  const m = Math.min(j[0] - e[0], e[1] - j[1]);
  const a = Math.min(dMax, m) ** 2 - Math.min(dMin, m) ** 2;
  const b = Math.max(dMax, m) - Math.max(dMin, m);
  return (1 / 2) * a + m * b;
}

function miniPrecision(i: Interval, j: Interval, e: Interval): number {
  const piece = minPiece(i, j, e);
  const dMin = Math.max(i[0] - j[1], j[0] - i[1]);
  const dMax = Math.max(i[1] - j[1], j[0] - i[0]);
  const linear = (1 / 2) * (dMax ** 2 - dMin ** 2);
  const remaining = (j[1] - j[0]) * (i[1] - i[0]);
  return (i[1] - i[0]) - (1 / (e[1] - e[0])) * (piece + linear + remaining);
}

function precisionIntegral(i: Interval, j: Interval, e: Interval): number {
  const [left, middle, right] = cutIntoThree(i, j);
  return (left === null ? 0 : miniPrecision(left, j, e)) + length(middle) +
    (right === null ? 0 : miniPrecision(right, j, e));
}

/** `cut_J_based_on_mean_func`. */
function cutAt(j: Interval | null, mean: number): [Interval | null, Interval | null] {
  if (j === null) return [null, null];
  if (mean >= j[1]) return [j, null];
  if (mean <= j[0]) return [null, j];
  return [[j[0], mean], [mean, j[1]]];
}

function miniRecall(i: Interval, j: Interval, e: Interval): number {
  const p = pivot(j, i);
  if (p <= e[0] || p >= e[1]) return 0;
  const [before, after] = cutAt(j, (e[0] + e[1]) / 2);
  const [bb, ba] = cutAt(before, (e[0] + p) / 2);
  const [ab, aa] = cutAt(after, (e[1] + p) / 2);
  const lo = (x: Interval | null) => x === null ? NaN : x[0];
  const hi = (x: Interval | null) => x === null ? NaN : x[1];
  const [bb0, bb1, ba0, ba1] = [lo(bb), hi(bb), lo(ba), hi(ba)];
  const [ab0, ab1, aa0, aa1] = [lo(ab), hi(ab), lo(aa), hi(aa)];
  let parts: number[];
  if (p >= j[1]) {
    parts = [
      (p - e[0]) * (bb1 - bb0),
      2 * p * (ba1 - ba0) - (ba1 ** 2 - ba0 ** 2),
      2 * p * (ab1 - ab0) - (ab1 ** 2 - ab0 ** 2),
      (e[1] + p) * (aa1 - aa0) - (aa1 ** 2 - aa0 ** 2),
    ];
  } else {
    parts = [
      (bb1 ** 2 - bb0 ** 2) - (e[0] + p) * (bb1 - bb0),
      (ba1 ** 2 - ba0 ** 2) - 2 * p * (ba1 - ba0),
      (ab1 ** 2 - ab0 ** 2) - 2 * p * (ab1 - ab0),
      (e[1] - p) * (aa1 - aa0),
    ];
  }
  let sum = 0;
  for (const part of parts) if (part === part) sum += part;
  return (j[1] - j[0]) - (1 / (e[1] - e[0])) * sum;
}

function recallIntegral(i: Interval, j: Interval | null, e: Interval): number {
  const [left, middle, right] = cutIntoThree(j, i);
  return (left === null ? 0 : miniRecall(i, left, e)) + length(middle) +
    (right === null ? 0 : miniRecall(i, right, e));
}

/** `get_all_E_gt_func`: each event's zone, from midway to its neighbours (mirrored at the ends). */
function zones(events: readonly Interval[], range: Interval): Interval[] {
  const n = events.length;
  const start = (j: number): number => j === n ? 2 * range[1] - stop(n - 1) : events[j][0];
  const stop = (j: number): number => j === -1 ? 2 * range[0] - start(0) : events[j][1];
  return events.map((_, j) => [(stop(j - 1) + start(j)) / 2, (stop(j) + start(j + 1)) / 2]);
}

/** Events as [starts[i], stops[i]), i < count: typed arrays, reused across thresholds. */
interface EventList {
  starts: Float64Array;
  stops: Float64Array;
  count: number;
}

/** Room for the events of a series of n samples (at most one per two samples). */
function eventList(n: number): EventList {
  const size = Math.ceil(n / 2) + 1;
  return { starts: new Float64Array(size), stops: new Float64Array(size), count: 0 };
}

/** `convert_vector_to_events` of the samples for which `flagged(k)` holds, into `out`. */
function fillEvents(n: number, flagged: (k: number) => boolean, out: EventList): EventList {
  let count = 0;
  for (let k = 0; k < n;) {
    if (!flagged(k)) {
      k++;
      continue;
    }
    out.starts[count] = k;
    while (k < n && flagged(k)) k++;
    out.stops[count++] = k;
  }
  out.count = count;
  return out;
}

/** `integral_interval_probaCDF_precision` of the part [a, b) of a zone, its event j. */
function precisionPart(a: number, b: number, j: Interval, zone: Interval): number {
  // The common cases without the general cut: inside the event, or wholly before or after it.
  if (a >= j[0] && b <= j[1]) return b - a;
  if (b <= j[0] || a >= j[1]) return miniPrecision([a, b], j, zone);
  return precisionIntegral([a, b], j, zone);
}

/**
 * The affiliation code's `pr_from_events`, precision and recall only. Zones are ordered and
 * adjacent, so a pointer walks the predictions once; the predictions that miss a zone, and the
 * parts of the event nearer other predictions, add only zeros in the authors' code and are
 * skipped here.
 */
function prFromEvents(
  predicted: EventList,
  truth: readonly Interval[],
  range: Interval,
): { precision: number; recall: number } {
  const areas = zones(truth, range);
  const { starts, stops, count } = predicted;
  const pa = new Float64Array(count), pb = new Float64Array(count);
  let precisionSum = 0, precisionCount = 0, recallSum = 0;
  let first = 0;
  for (let j = 0; j < truth.length; j++) {
    const zone = areas[j], event = truth[j];
    const [z0, z1] = zone;
    while (first < count && stops[first] <= z0) first++;
    let m = 0, integral = 0, lengths = 0;
    for (let i = first; i < count && starts[i] < z1; i++) {
      const a = Math.max(starts[i], z0), b = Math.min(stops[i], z1);
      if (a >= b) continue;
      pa[m] = a;
      pb[m++] = b;
      integral += precisionPart(a, b, event, zone);
      lengths += b - a;
    }
    if (m === 0) continue;
    precisionSum += integral / lengths;
    precisionCount++;
    // Each part's own zone within this one (`get_all_E_gt_func(Is, E)`), cut against the event.
    let recall = 0;
    for (let i = 0; i < m; i++) {
      const before = i === 0 ? 2 * z0 - pa[0] : pb[i - 1];
      const after = i === m - 1 ? 2 * z1 - pb[m - 1] : pa[i + 1];
      const lo = Math.max(event[0], (before + pa[i]) / 2);
      const hi = Math.min(event[1], (pb[i] + after) / 2);
      if (lo >= event[1]) break;
      if (lo < hi) recall += recallIntegral([pa[i], pb[i]], [lo, hi], zone);
    }
    recallSum += recall / length(event);
  }
  return {
    precision: precisionCount > 0 ? precisionSum / precisionCount : NaN,
    recall: recallSum / truth.length,
  };
}

function checkFlags(labels: ArrayLike<number>, flags: ArrayLike<number>, what: string): void {
  if (labels.length !== flags.length) {
    throw new RangeError(`${flags.length} ${what} for ${labels.length} labels`);
  }
}

/**
 * Affiliation precision, recall and F1 (Huet et al., KDD 2022) of 0/1 detections, as the
 * authors' `pr_from_events` computes them over the series [0, n) and TSB-AD combines them: each
 * labelled event owns the zone of time closer to it than to its neighbours; precision is how near
 * the detections in a zone fall to its event, recall how near the event's instants fall to the
 * detections, each as a probability against a detection drawn at random in the zone.
 *
 * @param labels 1 where a fault is active, else 0.
 * @param flags 1 where the detector flagged the sample, else 0.
 * @returns The three figures; null when no sample is labelled.
 * @throws {RangeError} For lengths that differ.
 *
 * @example A detection two samples after a fault's end
 * ```ts
 * import { affiliation } from "@chaos-datagen/chaos-datagen";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const labels = [0, 0, 1, 1, 0, 0, 0, 0, 0, 0];
 * deepStrictEqual(affiliation(labels, labels), { precision: 1, recall: 1, f1: 2 / (2 + 1e-15) });
 * const late = affiliation(labels, [0, 0, 0, 0, 0, 1, 0, 0, 0, 0])!;
 * deepStrictEqual([late.precision, late.recall], [0.5, 0.6125]);
 * ```
 */
export function affiliation(
  labels: ArrayLike<number>,
  flags: ArrayLike<number>,
): AffiliationScores | null {
  checkFlags(labels, flags, "flags");
  const truth = toEvents(labels);
  if (truth.length === 0) return null;
  const n = labels.length;
  const predicted = fillEvents(n, (k) => flags[k] > 0, eventList(n));
  const { precision, recall } = prFromEvents(predicted, truth, [0, n]);
  if (precision !== precision) return { precision: null, recall, f1: null };
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall + 1e-15) };
}

/** TSB-AD's `_get_events`, whose last event, when the series ends in it, loses its last sample. */
function tsbEvents(labels: ArrayLike<number>): Interval[] {
  const out: Interval[] = [];
  let previous = 0, start = 0;
  for (let k = 0; k < labels.length; k++) {
    if (labels[k] === 1) {
      if (previous !== 1) start = k;
    } else if (previous === 1) out.push([start, k - 1]);
    previous = labels[k] === 1 ? 1 : 0;
  }
  if (previous === 1) out.push([start, labels.length - 2]);
  return out;
}

/**
 * Event-based F1, as TSB-AD's `metric_EventF1PA` with given predictions: recall over labelled
 * events (an event counts when any of its samples is flagged), precision over samples
 * (scikit-learn's, 0 when nothing is flagged), F1 = 2pr / (p + r + 1e-15). As TSB-AD, an event
 * running to the series' last sample is taken without that sample.
 *
 * @param labels 1 where a fault is active, else 0.
 * @param flags 1 where the detector flagged the sample, else 0.
 * @returns The F1, or null when no sample is labelled.
 * @throws {RangeError} For lengths that differ.
 *
 * @example Both faults found, half the flags on them
 * ```ts
 * import { eventF1 } from "@chaos-datagen/chaos-datagen";
 * import { ok } from "node:assert/strict";
 *
 * const f1 = eventF1([0, 1, 1, 0, 0, 1, 0, 0], [1, 1, 0, 0, 1, 1, 0, 0])!;
 * ok(Math.abs(f1 - (2 * 1 * 0.5) / 1.5) < 1e-12);
 * ```
 */
export function eventF1(labels: ArrayLike<number>, flags: ArrayLike<number>): number | null {
  checkFlags(labels, flags, "flags");
  let labelled = 0, flagged = 0, hits = 0;
  for (let k = 0; k < labels.length; k++) {
    if (labels[k] === 1) labelled++;
    if (flags[k] === 1) {
      flagged++;
      if (labels[k] === 1) hits++;
    }
  }
  if (labelled === 0) return null;
  const events = tsbEvents(labels);
  let found = 0;
  for (const [a, b] of events) {
    for (let k = a; k <= b; k++) {
      if (flags[k] === 1) {
        found++;
        break;
      }
    }
  }
  const recall = found / events.length;
  const precision = flagged === 0 ? 0 : hits / flagged;
  return (2 * recall * precision) / (recall + precision + 1e-15);
}

/**
 * Each score's level: how many of the ascending `thresholds` lie below it, so that score k is
 * above threshold i exactly when i < level[k]. (Only numpy's forced last threshold, the highest
 * score, may break the order; no score is above it, so the count stays a prefix.)
 */
function levels(scores: ArrayLike<number>, thresholds: Float64Array): Uint8Array {
  const out = new Uint8Array(scores.length);
  for (let k = 0; k < scores.length; k++) {
    const s = scores[k];
    let lo = 0, hi = thresholds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (thresholds[mid] < s) lo = mid + 1;
      else hi = mid;
    }
    out[k] = lo;
  }
  return out;
}

/** The level before sample k and at it, 0 outside the series. */
function edge(level: Uint8Array, k: number): [number, number] {
  return [k === 0 ? 0 : level[k - 1], k === level.length ? 0 : level[k]];
}

/**
 * The runs of samples above each threshold i in [from, to), as
 * `convert_vector_to_events` finds them: where the level rises from p to q a run starts for the
 * thresholds in [p, q), where it falls a run stops for those in [q, p). Bucketed by threshold in
 * position order, so `positions[offsets[i - from] ...]` alternates start, stop.
 */
function runsAbove(
  level: Uint8Array,
  from: number,
  to: number,
  counts: Float64Array,
): { positions: Int32Array; offsets: Int32Array } {
  const offsets = new Int32Array(to - from + 1);
  for (let i = from; i < to; i++) offsets[i - from + 1] = offsets[i - from] + counts[i];
  const positions = new Int32Array(offsets[to - from]), cursor = offsets.slice(0, -1);
  for (let k = 0; k <= level.length; k++) {
    const [p, q] = edge(level, k);
    if (p === q) continue;
    const lo = Math.max(Math.min(p, q), from), hi = Math.min(Math.max(p, q), to);
    for (let i = lo; i < hi; i++) positions[cursor[i - from]++] = k;
  }
  return { positions, offsets };
}

/** Bounds the run positions held at once (4 bytes each) when many thresholds cut many runs. */
const RUN_BLOCK = 1 << 22;

/** numpy's `linspace(low, high, count)`. */
function linspace(low: number, high: number, count: number): Float64Array {
  const out = new Float64Array(count);
  const delta = high - low, step = delta / (count - 1);
  for (let k = 0; k < count; k++) {
    out[k] = (step === 0 ? (k / (count - 1)) * delta : k * step) + low;
  }
  out[count - 1] = high;
  return out;
}

/**
 * Event-based F1 and affiliation figures of real-valued scores, as TSB-AD's `get_metrics`
 * reports them without predictions: at each of 100 thresholds evenly spaced from the lowest
 * score to the highest, the samples scoring above it are flagged, and each F1 is its best over
 * the thresholds (TSB-AD's oracle threshold).
 *
 * @param labels 1 where a fault is active, else 0.
 * @param scores The detector's score per sample; finite.
 * @returns The figures; all null when no sample is labelled (or no threshold flags any sample).
 * @throws {RangeError} For lengths that differ or a score that is not finite.
 *
 * @example A detector that scores the fault highest
 * ```ts
 * import { eventScores } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * const figures = eventScores([0, 0, 1, 1, 0, 0], [0.1, 0.2, 0.9, 0.8, 0.3, 0.1]);
 * strictEqual(figures.affiliation_recall, 1);
 * strictEqual(figures.event_f1, 2 / (2 + 1e-15));
 * ```
 */
export function eventScores(labels: ArrayLike<number>, scores: ArrayLike<number>): EventScores {
  checkFlags(labels, scores, "scores");
  const none: EventScores = {
    event_f1: null,
    affiliation_f1: null,
    affiliation_precision: null,
    affiliation_recall: null,
  };
  const truth = toEvents(labels);
  if (truth.length === 0) return none;
  let low = Infinity, high = -Infinity;
  for (let k = 0; k < scores.length; k++) {
    if (!Number.isFinite(scores[k])) {
      throw new RangeError(`score ${k} is ${scores[k]}: scores must be finite numbers`);
    }
    if (scores[k] < low) low = scores[k];
    if (scores[k] > high) high = scores[k];
  }
  // Every figure below depends on a score only through the thresholds it is above, its level:
  // counts per level give the event F1, and the level changes the flagged runs, so a threshold
  // costs O(its runs + events), not O(n).
  const n = scores.length;
  const thresholds = linspace(low, high, 100);
  const level = levels(scores, thresholds);
  const above = new Float64Array(thresholds.length + 1), hitsAbove = new Float64Array(above.length);
  for (let k = 0; k < n; k++) {
    above[level[k]]++;
    if (labels[k] === 1) hitsAbove[level[k]]++;
  }
  const events = tsbEvents(labels);
  const foundAbove = new Float64Array(above.length);
  for (const [a, b] of events) {
    let max = 0;
    for (let k = a; k <= b; k++) if (level[k] > max) max = level[k];
    foundAbove[max]++;
  }
  // Suffix sums: how many scores (labelled, event maxima) lie above threshold i.
  for (let l = thresholds.length - 1; l >= 0; l--) {
    above[l] += above[l + 1];
    hitsAbove[l] += hitsAbove[l + 1];
    foundAbove[l] += foundAbove[l + 1];
  }
  // Run starts and stops per threshold: a difference array over each level change's range.
  const counts = new Float64Array(thresholds.length + 1);
  for (let k = 0; k <= n; k++) {
    const [p, q] = edge(level, k);
    if (p === q) continue;
    counts[Math.min(p, q)]++;
    counts[Math.max(p, q)]--;
  }
  for (let i = 1; i < counts.length; i++) counts[i] += counts[i - 1];
  const predicted = eventList(n);
  // Python's max(): the first value, replaced only by a greater one (a leading NaN stays).
  let bestEvent = NaN, bestAff = NaN, best: { precision: number; recall: number } | null = null;
  for (let from = 0; from < thresholds.length;) {
    let to = from + 1, held = counts[from];
    while (to < thresholds.length && held + counts[to] <= RUN_BLOCK) held += counts[to++];
    const { positions, offsets } = runsAbove(level, from, to, counts);
    for (let i = from; i < to; i++) {
      const flagged = above[i + 1], hits = hitsAbove[i + 1];
      const recallE = foundAbove[i + 1] / events.length;
      const precisionT = flagged === 0 ? 0 : hits / flagged;
      const event = (2 * recallE * precisionT) / (recallE + precisionT + 1e-15);
      const off = offsets[i - from], runs = (offsets[i - from + 1] - off) / 2;
      for (let r = 0; r < runs; r++) {
        predicted.starts[r] = positions[off + 2 * r];
        predicted.stops[r] = positions[off + 2 * r + 1];
      }
      predicted.count = runs;
      const pr = prFromEvents(predicted, truth, [0, n]);
      const f1 = (2 * pr.precision * pr.recall) / (pr.precision + pr.recall + 1e-15);
      if (i === 0 || event > bestEvent) bestEvent = event;
      if (i === 0 || f1 > bestAff) {
        bestAff = f1;
        best = pr;
      }
    }
    from = to;
  }
  const finite = (x: number) => x === x ? x : null;
  return {
    event_f1: finite(bestEvent),
    affiliation_f1: finite(bestAff),
    affiliation_precision: best ? finite(best.precision) : null,
    affiliation_recall: best && bestAff === bestAff ? best.recall : null,
  };
}
