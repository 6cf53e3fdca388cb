/**
 * The picture of a dataset: one panel per metric, every fault's window shaded and labelled, drawn
 * with Observable Plot on linkedom's DOM (no browser needed). On its own export path, so that a
 * test importing the generator does not load the plotting stack.
 *
 * @example The picture of a dataset
 * ```ts
 * import { generate } from "@chaos-datagen/chaos-datagen";
 * import { plotDataset } from "@chaos-datagen/chaos-datagen/svg";
 * import { ok } from "node:assert/strict";
 *
 * const data = generate({
 *   general: { seed: 1, num_samples: 50 },
 *   metrics: { cpu: { value: 30 } },
 *   anomalies: { cpu: { at: 10, anomaly_factor: 2, pattern: "step", recovery_time: 5 } },
 * });
 * ok(plotDataset(data).startsWith("<svg"));
 * ```
 *
 * @module
 */
export * from "./src/picture/mod.ts";
