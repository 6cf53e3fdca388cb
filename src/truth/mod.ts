// The truth of a dataset, as evaluations read it: merged fault windows per metric, and each
// metric's noise level, against which an effect is visible or not.
//
// What lives here: windows and noise levels (this module), the manifest written and read back
// (manifest.ts), the true graph (graph.ts), how hard each fault is to find (difficulty.ts),
// scoring a detector (score.ts) and a root-cause method (rca.ts). It may import text/, config/ and model/: the
// truth comes from the plan, never from the data written.

import type { ResolvedMetricConfig } from "../config/types.ts";
import type { Dataset } from "../model/mod.ts";
import { metricNoiseSd } from "../config/noise_laws.ts";
import { mergeRanges } from "./ranges.ts";

/** Samples `first_sample ..= last_sample` of one metric covered by faults. */
export interface FaultWindow {
  /** First sample of the window. */
  first_sample: number;
  /** Last sample of the window (inclusive). */
  last_sample: number;
}

/**
 * Per metric, its fault windows, overlapping and adjacent ones merged, in sample order; a metric
 * without faults has none.
 *
 * @param source A dataset or generator (names and faults).
 * @returns The windows per metric.
 *
 * @example Two overlapping faults make one window
 * ```ts
 * import { faultWindows, generate } from "@chaos-datagen/chaos-datagen";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const data = generate({
 *   general: { seed: 1, num_samples: 100 },
 *   metrics: { cpu: { value: 1 }, mem: { value: 1 } },
 *   anomalies: {
 *     cpu: [
 *       { at: 10, anomaly_factor: 2, pattern: "step", recovery_time: 10 },
 *       { at: 15, anomaly_factor: 2, pattern: "linear", recovery_time: 10 },
 *       { at: 50, anomaly_factor: 2, pattern: "step", recovery_time: 1 },
 *     ],
 *   },
 * });
 * deepStrictEqual(faultWindows(data), {
 *   cpu: [{ first_sample: 10, last_sample: 24 }, { first_sample: 50, last_sample: 50 }],
 *   mem: [],
 * });
 * ```
 */
export function faultWindows(
  source: Pick<Dataset, "names" | "anomalies">,
): Record<string, FaultWindow[]> {
  const windows: Record<string, FaultWindow[]> = Object.create(null);
  for (const name of source.names) {
    const own = source.anomalies
      .filter((a) => a.metric === name)
      .map((a): [number, number] => [a.first_sample, a.last_sample]);
    windows[name] = mergeRanges(own).map(([first, last]) => ({
      first_sample: first,
      last_sample: last,
    }));
  }
  // A plain object for the caller: JSON and assertions treat it as any other.
  return { ...windows };
}

/**
 * The standard deviation of a metric's noise, after smoothing (the mean of `smoothing_window`
 * draws has the law's deviation divided by its square root); 0 without noise. Per law: gaussian
 * `scale`; uniform `(high - low) / sqrt(12)`; exponential `scale`; logistic `scale * pi /
 * sqrt(3)`; laplace `scale * sqrt(2)`.
 *
 * @param metric A metric of a resolved config.
 * @returns The deviation.
 *
 * @example
 * ```ts
 * import { noiseSd } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(noiseSd({ value: 1, noise: "gaussian", noise_args: { scale: 2, smoothing_window: 4 } }), 1);
 * ```
 */
export function noiseSd(metric: ResolvedMetricConfig): number {
  return metricNoiseSd(metric);
}
