// How hard a fault is to find (issue: difficulty in the truth): the signal-to-noise of its own
// deviation and of each effect, the peak |noise-free deviation| in the window over the metric's
// noise sd, and whether an effect is louder than its cause (where z-score rankings go wrong).
// Worked out from the plan, without noise (effects need none), over the faults' windows.

import type { ResolvedConfig } from "../config/types.ts";
import { metricNoiseSd } from "../config/noise_laws.ts";
import type { InjectedAnomaly } from "../model/mod.ts";
import { Generation } from "../model/generation.ts";
import { columnInputs } from "../config/distributions.ts";

/** How visible one fault and its effects are. */
export interface FaultDifficulty {
  /** The fault's id. */
  fault: string;
  /** The metric it hits. */
  metric: string;
  /**
   * Peak |deviation| in its window over its metric's noise sd (3 decimals); null for a metric
   * without noise. 0 for kinds that move no value (flatline, missing, decouple).
   */
  snr: number | null;
  /** Each effect, in the order of the fault's `effects`. */
  effects: {
    /** The metric reached. */
    metric: string;
    /** Peak |deviation| in the effect's window over that metric's noise sd. */
    snr: number | null;
    /** Whether the effect stands out more than the fault on its own metric. */
    louder_than_cause: boolean;
  }[];
}

/** Samples a range is filled in at most at a time, so memory stays bounded by it. */
const STEP = 4096;

/**
 * The difficulty of each fault of a run: the manifest's `difficulty`.
 *
 * @param config The resolved config (a run from recorded input has no values here: not for it).
 * @param anomalies The faults, as the generator lists them.
 * @returns One entry per fault, in the same order.
 *
 * @example A tenfold slowdown of a quiet database is loud; its effect on a noisy API is not
 * ```ts
 * import { createGenerator, faultDifficulty } from "@chaos-datagen/chaos-datagen";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const generator = createGenerator({
 *   general: { num_samples: 20 },
 *   metrics: {
 *     db: { value: 10, noise: "gaussian", noise_args: { scale: 1 } },
 *     api: { value: 100, noise: "gaussian", noise_args: { scale: 50 }, depends_on: { db: { weight: 0.1 } } },
 *   },
 *   anomalies: { db: { at: 5, anomaly_factor: 10, pattern: "step", recovery_time: 3 } },
 * });
 * deepStrictEqual(faultDifficulty(generator.config, generator.anomalies), [{
 *   fault: "db#1",
 *   metric: "db",
 *   snr: 90,
 *   effects: [{ metric: "api", snr: 1.8, louder_than_cause: false }],
 * }]);
 * ```
 */
export function faultDifficulty(
  config: ResolvedConfig,
  anomalies: readonly InjectedAnomaly[],
): FaultDifficulty[] {
  if (anomalies.length === 0) return [];
  // Noise-free and unrounded: the deviation itself, at a fraction of a run's cost.
  const exact = { ...config, general: { ...config.general, decimals: "full" as const } };
  const generator = new Generation(exact, { effects: true, noiseFree: true });
  const column = new Map(generator.names.map((name, j) => [name, j]));
  // Every window to measure, a fault's own first: [lo, hi) on a metric, with where its peak goes.
  const windows = anomalies.flatMap((fault, f) =>
    [fault, ...fault.effects].map((w, i) => ({
      f,
      i,
      j: column.get(w.metric)!,
      lo: w.first_sample,
      hi: w.last_sample + 1,
    }))
  ).sort((a, b) => a.lo - b.lo);
  const peaks = anomalies.map((fault) => new Float64Array(1 + fault.effects.length));
  const reads = generator.names.map((name) =>
    columnInputs(generator.config.metrics[name], generator.config.metrics).map((input) =>
      column.get(input)!
    )
  );
  const wanted = new Uint8Array(generator.names.length);
  const mark = (j: number): void => {
    if (wanted[j]) return;
    wanted[j] = 1;
    for (const input of reads[j]) mark(input);
  };
  // One walk forward over the windows' union, so the generator carries its state from chunk to
  // chunk where it can.
  let next = 0;
  let active: typeof windows = [];
  let from = windows[0].lo;
  while (next < windows.length || active.length > 0) {
    if (active.length === 0) from = Math.max(from, windows[next].lo);
    while (next < windows.length && windows[next].lo <= from) active.push(windows[next++]);
    // A chunk ends where a window starts or ends, so it fills only the metrics measured in it.
    let to = Math.min(from + STEP, generator.numSamples);
    if (next < windows.length) to = Math.min(to, windows[next].lo);
    for (const w of active) to = Math.min(to, w.hi);
    // Only the metrics measured here, and what their formulas read.
    wanted.fill(0);
    for (const w of active) mark(w.j);
    const { effects } = generator.chunk(from, to, wanted);
    for (const w of active) {
      const e = effects[w.j];
      const peak = peaks[w.f];
      const hi = Math.min(to, w.hi);
      for (let k = Math.max(from, w.lo); k < hi; k++) {
        const size = Math.abs(e[k - from]);
        if (size > peak[w.i]) peak[w.i] = size;
      }
    }
    active = active.filter((w) => w.hi > to);
    from = to;
  }
  const sd = (metric: string) => metricNoiseSd(config.metrics[metric]);
  return anomalies.map((fault, f) => {
    const ratio = (i: number) =>
      peaks[f][i] / sd(i === 0 ? fault.metric : fault.effects[i - 1].metric);
    const snr = (i: number) => {
      const r = ratio(i);
      return Number.isFinite(r) ? Math.round(r * 1000) / 1000 : r !== r ? 0 : null;
    };
    return {
      fault: fault.id,
      metric: fault.metric,
      snr: snr(0),
      effects: fault.effects.map((effect, i) => ({
        metric: effect.metric,
        snr: snr(i + 1),
        louder_than_cause: ratio(i + 1) > ratio(0),
      })),
    };
  });
}
