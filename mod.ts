/**
 * chaos-datagen makes synthetic metric time series with faults whose truth is known: a config
 * says which metrics exist (a base value plus a noise law) and which faults hit them (a
 * multiplier that jumps at a sample and recovers in a pattern). Use it to test anomaly
 * detectors, alert rules, dashboards and root-cause tools.
 *
 * The numbers are pinned: the same config and seed give the same values, bit for bit, on any
 * machine and for any chunk size. Each metric draws from its own xoshiro128** stream, seeded
 * from the seed and the metric's name.
 *
 * @example A step fault in a Deno test
 * ```ts
 * import { generate } from "@chaos-datagen/chaos-datagen";
 * import { deepStrictEqual, ok } from "node:assert/strict";
 *
 * const data = generate({
 *   general: { seed: 42, num_samples: 100 },
 *   metrics: { latency_ms: { value: 20, noise: "gaussian", noise_args: { scale: 0.5 } } },
 *   anomalies: {
 *     latency_ms: { at: 60, anomaly_factor: 5, pattern: "step", recovery_time: 10 },
 *   },
 * });
 * const latency = data.values.latency_ms;
 * ok(latency[59] < 25 && latency[60] > 90);
 * deepStrictEqual(data.anomalies.map((a) => [a.first_sample, a.last_sample]), [[60, 69]]);
 * ```
 *
 * The picture lives on its own path, `@chaos-datagen/chaos-datagen/svg`, and the command line on
 * `@chaos-datagen/chaos-datagen/cli`: importing this module loads neither.
 *
 * @module
 */
export * from "./src/config/types.ts";
export * from "./src/config/mod.ts";
export * from "./src/config/parse.ts";
export * from "./src/model/mod.ts";
export type { Mixture } from "./src/config/distributions.ts";
export * from "./src/model/pattern.ts";
export * from "./src/model/time.ts";
export {
  CsvEncoder,
  type CsvKind,
  type CsvOptions,
  encodeCsv,
  firstColumn,
  isWholeColumn,
} from "./src/formats/csv.ts";
export * from "./src/input/mod.ts";
export { type EncodedFile, encodeFormats } from "./src/formats/encode.ts";
export {
  FORMAT_NAMES,
  type FormatName,
  type FormatOptions,
  isFormatFileName,
  loadFormats,
  type MissingPolicy,
  type TrainingConfigs,
} from "./src/formats/mod.ts";
export {
  defaultPrometheusName,
  type FamilyType,
  FAULT_SERIES,
  type FaultSeries,
  faultSeries,
  prometheusFamilies,
  type PrometheusFamily,
  type PrometheusSeries,
} from "./src/formats/prometheus.ts";
export * from "./src/truth/mod.ts";
export * from "./src/truth/graph.ts";
export * from "./src/truth/difficulty.ts";
export * from "./src/truth/score.ts";
export * from "./src/truth/curves.ts";
export { rangePrAuc, type RangePrOptions } from "./src/truth/range_pr.ts";
export * from "./src/truth/suite_score.ts";
export {
  type RcaFaultScore,
  type RcaK,
  type RcaLevel,
  type RcaRanking,
  type RcaReport,
  type RcaScores,
  type RcaTruth,
  scoreRca,
} from "./src/truth/rca.ts";
export * from "./src/truth/manifest.ts";
export * from "./src/truth/read_manifest.ts";
export * from "./src/version.ts";
export * from "./src/picture/m4.ts";
export * from "./src/picture/layout.ts";
