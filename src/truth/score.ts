// Scoring a detector against the truth: point-wise precision, recall and F1 per metric (as
// scikit-learn computes them), point-adjusted F1, per fault whether and how soon it was found,
// and the false alarms.

import type { FaultKind, ResolvedConfig } from "../config/types.ts";
import { faultLabel } from "../config/fault_kinds.ts";
import type { InjectedAnomaly } from "../model/mod.ts";
import { intervalMs } from "../model/time.ts";
import { noiseSd } from "./mod.ts";
import { affiliation, eventF1 } from "./events.ts";

/** What detections are scored against: a dataset, or the files of a run read back. */
export interface ScoreTruth {
  /** The resolved config: times, and each metric's noise for `visible`. */
  readonly config: ResolvedConfig;
  /** Metric names, in column order. */
  readonly names: readonly string[];
  /** Per metric, 1 where a fault is active. */
  readonly labels: Readonly<Record<string, ArrayLike<number>>>;
  /** The faults. */
  readonly anomalies: readonly InjectedAnomaly[];
  /** Per metric, the deviation the faults cause; needed for `visible`. */
  readonly effects?: Readonly<Record<string, ArrayLike<number>>>;
}

/** Options for {@linkcode score}. */
export interface ScoreOptions {
  /**
   * Count as truth only the labelled samples whose |effect| is at least this many times the
   * metric's noise deviation ({@linkcode noiseSd}; without noise, any effect but 0). Labelled
   * samples below it are left out of the point-wise figures: flagging them is neither a hit nor
   * a false positive.
   */
  visible?: number;
}

/** The point-wise figures of one metric. */
export interface MetricScore {
  /** Flagged samples that are labelled, over flagged samples (0 when none is flagged). */
  precision: number;
  /** Labelled samples that are flagged, over labelled samples (0 when none is labelled). */
  recall: number;
  /** The harmonic mean of precision and recall (0 when both are 0). */
  f1: number;
  /** F1 after point adjustment: a labelled run with any flagged sample counts as flagged whole. */
  point_adjusted_f1: number;
  /**
   * TSB-AD's event-based F1 of the flags ({@linkcode eventF1}): faults found over point
   * precision; null when no sample is labelled. Over every sample (`visible` does not apply).
   */
  event_f1: number | null;
  /** The affiliation precision of the flags (Huet et al.; {@linkcode affiliation}); null as above. */
  affiliation_precision: number | null;
  /** The affiliation recall of the flags; null when no sample is labelled. */
  affiliation_recall: number | null;
  /** The affiliation F1; null when no sample is labelled or nothing is flagged. */
  affiliation_f1: number | null;
}

/** Whether and how soon one fault was found. */
export interface FaultScore {
  /** Its id, `<metric>#<n>`. */
  id: string;
  /** Its kind. */
  kind: FaultKind;
  /** What it does, as the picture labels it (`step ×2`, `frequency ×3`, `spike +8sd`). */
  label: string;
  /** The metric it hits. */
  metric: string;
  /** Its first sample. */
  first_sample: number;
  /** Its last sample. */
  last_sample: number;
  /** True when any of its samples is flagged. */
  detected: boolean;
  /** First flagged sample minus its first sample; null when not detected. */
  delay_samples: number | null;
  /** The delay in seconds, when `general.start` is set. */
  delay_seconds?: number | null;
  /**
   * Its effects on the metrics scored (SPEC section 13): whether the detections found the
   * windows it spread to, and how soon.
   */
  effects?: EffectScore[];
}

/** Whether the detections found one window a fault spread to. */
export interface EffectScore {
  /** The metric reached. */
  metric: string;
  /** The window's first sample there. */
  first_sample: number;
  /** The path from the fault's metric. */
  path: string[];
  /** True when any sample of the window is flagged on that metric. */
  detected: boolean;
  /** First flagged sample minus the window's first; null when not detected. */
  delay_samples: number | null;
}

/** Runs of flags that touch no fault window. */
export interface FalseAlarms {
  /** How many, over every metric scored. */
  count: number;
  /** How many per metric. */
  per_metric: Record<string, number>;
  /** Their rate per day of data, when `general.start` is set. */
  per_day?: number;
}

/** How a detector did on the faults of one kind: which kinds it misses is the first question. */
export interface KindScore {
  /** Faults of the kind on the metrics scored. */
  faults: number;
  /** Of them, those detected. */
  detected: number;
  /** detected / faults. */
  recall: number;
  /** The mean delay of those detected, in samples; null when none was. */
  mean_delay_samples: number | null;
}

/** The scores of a detector's output. */
export interface ScoreReport {
  /** Per metric scored, its point-wise figures. */
  metrics: Record<string, MetricScore>;
  /** Per fault on a metric scored. */
  faults: FaultScore[];
  /** Per kind of fault, in the order kinds first appear. */
  kinds: Record<string, KindScore>;
  /** The false alarms. */
  false_alarms: FalseAlarms;
}

/**
 * Scores detections (0/1 per sample, for any subset of the metrics) against the truth.
 *
 * @param truth A dataset from {@linkcode generate}, or a run's files read back.
 * @param detections Per metric scored, 1 where the detector flagged the sample.
 * @param options Which samples count as truth.
 * @returns The figures per metric, per fault, and the false alarms.
 * @throws {RangeError} For a metric that does not exist or a length that is not `num_samples`.
 *
 * @example A detector that finds the fault two samples late
 * ```ts
 * import { generate, score } from "@chaos-datagen/chaos-datagen";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const data = generate({
 *   general: { seed: 1, num_samples: 10 },
 *   metrics: { cpu: { value: 30 } },
 *   anomalies: { cpu: { at: 4, anomaly_factor: 2, pattern: "step", recovery_time: 4 } },
 * });
 * const report = score(data, { cpu: [0, 0, 0, 0, 0, 0, 1, 1, 0, 1] });
 * const { precision, recall, f1, point_adjusted_f1, event_f1 } = report.metrics.cpu;
 * deepStrictEqual([precision, recall, f1, point_adjusted_f1], [2 / 3, 0.5, 4 / 7, 8 / 9]);
 * // The one fault found, at point precision 2/3 (TSB-AD's F1 adds 1e-15 below).
 * strictEqual(event_f1, (2 * (2 / 3) * 1) / (2 / 3 + 1 + 1e-15));
 * strictEqual(report.faults[0].delay_samples, 2);
 * strictEqual(report.false_alarms.count, 1);
 * ```
 */
export function score(
  truth: ScoreTruth,
  detections: Readonly<Record<string, ArrayLike<number>>>,
  options: ScoreOptions = {},
): ScoreReport {
  const general = truth.config.general;
  const n = general.num_samples;
  const metrics: Record<string, MetricScore> = {};
  const faults: FaultScore[] = [];
  const perMetric: Record<string, number> = {};
  for (const name of Object.keys(detections)) {
    if (!truth.names.includes(name)) throw new RangeError(`no metric "${name}" in the truth`);
    const flags = detections[name];
    if (flags.length !== n) {
      throw new RangeError(`detections of "${name}": ${flags.length} samples, not ${n}`);
    }
    const labels = truth.labels[name];
    const counted = countedSamples(truth, name, options.visible);
    metrics[name] = pointScores(labels, flags, counted);
    perMetric[name] = falseAlarms(labels, flags);
    for (const fault of truth.anomalies.filter((a) => a.metric === name)) {
      const score = faultScore(fault, flags, general.start !== undefined ? intervalMs(general) : 0);
      if (fault.effects.length > 0) {
        score.effects = fault.effects.filter((e) => e.metric in detections).map((e) => {
          const first = firstFlag(detections[e.metric], e.first_sample, e.last_sample);
          return {
            metric: e.metric,
            first_sample: e.first_sample,
            path: e.path,
            detected: first >= 0,
            delay_samples: first < 0 ? null : first - e.first_sample,
          };
        });
      }
      faults.push(score);
    }
  }
  const kinds: Record<string, KindScore> = {};
  const delays = new Map<string, number>();
  for (const fault of faults) {
    const kind = kinds[fault.kind] ??= {
      faults: 0,
      detected: 0,
      recall: 0,
      mean_delay_samples: null,
    };
    kind.faults++;
    if (fault.detected) {
      kind.detected++;
      delays.set(fault.kind, (delays.get(fault.kind) ?? 0) + fault.delay_samples!);
    }
  }
  for (const [name, kind] of Object.entries(kinds)) {
    kind.recall = kind.detected / kind.faults;
    kind.mean_delay_samples = kind.detected > 0 ? delays.get(name)! / kind.detected : null;
  }
  const count = Object.values(perMetric).reduce((a, b) => a + b, 0);
  const false_alarms: FalseAlarms = { count, per_metric: perMetric };
  if (general.start !== undefined) {
    false_alarms.per_day = count / ((n * intervalMs(general)) / 86_400_000);
  }
  return { metrics, faults, kinds, false_alarms };
}

/** 1 for the samples that count: all, or with `visible`, all but labelled ones too small. */
function countedSamples(truth: ScoreTruth, name: string, visible?: number): Uint8Array {
  const n = truth.config.general.num_samples;
  const counted = new Uint8Array(n).fill(1);
  if (visible === undefined) return counted;
  const effects = truth.effects?.[name];
  if (!effects) throw new RangeError("visible needs the effect truth (effects)");
  const threshold = visible * noiseSd(truth.config.metrics[name]);
  const labels = truth.labels[name];
  // A flatline or a gap is visible whatever its size: its samples always count.
  const windows = new Uint8Array(n);
  for (const fault of truth.anomalies) {
    if (fault.metric !== name || fault.kind === "pattern") continue;
    windows.fill(1, fault.first_sample, fault.last_sample + 1);
  }
  for (let k = 0; k < n; k++) {
    if (windows[k] === 1) continue;
    const size = Math.abs(effects[k]);
    if (labels[k] === 1 && !(size >= threshold && size > 0)) counted[k] = 0;
  }
  return counted;
}

function pointScores(
  labels: ArrayLike<number>,
  flags: ArrayLike<number>,
  counted: Uint8Array,
): MetricScore {
  const n = counted.length;
  let tp = 0, fp = 0, fn = 0;
  // Point adjustment: a labelled run (of counted samples) with any flag is flagged whole.
  let atp = 0, afp = 0, afn = 0;
  for (let k = 0; k < n;) {
    if (counted[k] === 1 && labels[k] === 1) {
      let end = k;
      let hits = 0;
      while (end < n && counted[end] === 1 && labels[end] === 1) hits += flags[end++] === 1 ? 1 : 0;
      const size = end - k;
      tp += hits;
      fn += size - hits;
      if (hits > 0) atp += size;
      else afn += size;
      k = end;
      continue;
    }
    if (counted[k] === 1 && flags[k] === 1) {
      fp++;
      afp++;
    }
    k++;
  }
  const { precision, recall, f1 } = figures(tp, fp, fn);
  const near = affiliation(labels, flags);
  return {
    precision,
    recall,
    f1,
    point_adjusted_f1: figures(atp, afp, afn).f1,
    event_f1: eventF1(labels, flags),
    affiliation_precision: near?.precision ?? null,
    affiliation_recall: near?.recall ?? null,
    affiliation_f1: near?.f1 ?? null,
  };
}

/** scikit-learn's definitions, with its zero_division of 0. */
function figures(tp: number, fp: number, fn: number) {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  return { precision, recall, f1 };
}

/** Runs of flags that touch no labelled sample. */
function falseAlarms(labels: ArrayLike<number>, flags: ArrayLike<number>): number {
  let count = 0;
  for (let k = 0; k < flags.length;) {
    if (flags[k] !== 1) {
      k++;
      continue;
    }
    let touches = false;
    for (; k < flags.length && flags[k] === 1; k++) if (labels[k] === 1) touches = true;
    if (!touches) count++;
  }
  return count;
}

/** The first flagged sample in first .. last, or -1. */
function firstFlag(flags: ArrayLike<number>, first: number, last: number): number {
  for (let k = first; k <= last; k++) if (flags[k] === 1) return k;
  return -1;
}

function faultScore(fault: InjectedAnomaly, flags: ArrayLike<number>, stepMs: number): FaultScore {
  const first = firstFlag(flags, fault.first_sample, fault.last_sample);
  const delay = first < 0 ? null : first - fault.first_sample;
  const result: FaultScore = {
    id: fault.id,
    kind: fault.kind,
    label: faultLabel(fault),
    metric: fault.metric,
    first_sample: fault.first_sample,
    last_sample: fault.last_sample,
    detected: first >= 0,
    delay_samples: delay,
  };
  if (stepMs > 0) result.delay_seconds = delay === null ? null : (delay * stepMs) / 1000;
  return result;
}
