// The config's shape, mirroring the TOML file key for key, so a test author writes the same
// object in code as in a file.

/** Names of the noise laws; `normal` is an alias of `gaussian`. */
export type NoiseName = "gaussian" | "normal" | "uniform" | "exponential" | "logistic" | "laplace";

/** Names of the anomaly patterns. */
export type PatternName = "linear" | "exponential" | "oscillating" | "step";

/** The `[general]` table. */
export interface GeneralConfig {
  /** Integer >= 0. When absent, one is drawn and reported. */
  seed?: number;
  /** Number of samples, integer >= 1. */
  num_samples: number;
  /** Time of sample 0: an RFC 3339 date-time with offset, or a `Date`. */
  start?: string | Date;
  /**
   * Time between samples: seconds as a number, or `"250ms"`, `"15s"`, `"5m"`, `"1h"`.
   * @default {1}
   */
  interval?: number | string;
  /**
   * Digits after the point in the output, or `"full"` for the shortest text that reads back as
   * the same double.
   * @default {6}
   */
  decimals?: number | "full";
}

/** `noise_args`: numpy's parameter names, plus the smoothing window. */
export interface NoiseArgs {
  /** Location of gaussian, logistic and laplace. @default {0} */
  loc?: number;
  /** Scale of gaussian, exponential, logistic and laplace, >= 0. @default {1} */
  scale?: number;
  /** Lower bound of uniform. @default {0} */
  low?: number;
  /** Upper bound of uniform, >= low. @default {1} */
  high?: number;
  /** The noise is the mean of this many raw draws, integer >= 1. @default {1} */
  smoothing_window?: number;
}

/** One `[metrics.<name>]` table. */
export interface MetricConfig {
  /** Base value, finite. */
  value: number;
  /** Noise law; no noise when absent. */
  noise?: NoiseName;
  /** Arguments of the noise law; numpy's defaults for what is absent. */
  noise_args?: NoiseArgs;
  /** When set (> 0), values are rounded to a multiple of it. */
  step_size?: number;
}

/** `pattern_args`: only `oscillating` takes one. */
export interface PatternArgs {
  /** Angular frequency of `oscillating`, radians per sample, > 0. @default {3} */
  frequency?: number;
}

/** One `[anomalies.<metric>]` table: a multiplier that jumps at `at` and recovers. */
export interface AnomalyConfig {
  /** Index of the first sample of the fault, 0 <= at < num_samples. */
  at: number;
  /** How far the base value is pushed: 2 doubles it, 0.5 halves it. */
  anomaly_factor: number;
  /** How the multiplier recovers. */
  pattern: PatternName;
  /** Length of the fault in samples, integer >= 1; at + recovery_time <= num_samples. */
  recovery_time: number;
  /** Arguments of the pattern. */
  pattern_args?: PatternArgs;
}

/** A whole config: what a TOML file holds, as an object. */
export interface Config {
  /** Seed, length, timestamps and output precision. */
  general: GeneralConfig;
  /** The metrics by name; their order is the column order. */
  metrics: Record<string, MetricConfig>;
  /** Faults by metric name: one table, or an array of tables for several faults. */
  anomalies?: Record<string, AnomalyConfig | AnomalyConfig[]>;
}

/** `[general]` with every default filled in and the seed chosen. */
export interface ResolvedGeneralConfig extends GeneralConfig {
  /** The seed used: the config's, an override, or one drawn at random. */
  seed: number;
  /** Normalised to RFC 3339 UTC (`2026-01-01T00:00:00Z`). */
  start?: string;
  /** Seconds. */
  interval: number;
  /** Digits after the point, or `"full"`. */
  decimals: number | "full";
}

/** A metric with its noise law's arguments filled in. */
export interface ResolvedMetricConfig extends MetricConfig {
  /** The canonical law (`normal` becomes `gaussian`). */
  noise?: Exclude<NoiseName, "normal">;
}

/** An anomaly with its pattern's arguments filled in. */
export interface ResolvedAnomalyConfig extends AnomalyConfig {
  /** The pattern's arguments, defaults filled in (empty for patterns without arguments). */
  pattern_args: PatternArgs;
}

/** A valid config with every default filled in: what the generator runs on. */
export interface ResolvedConfig extends Config {
  /** Seed, length, timestamps and output precision, all set. */
  general: ResolvedGeneralConfig;
  /** The metrics by name, in column order. */
  metrics: Record<string, ResolvedMetricConfig>;
  /** Every metric with faults, each with its list of faults in config order. */
  anomalies: Record<string, ResolvedAnomalyConfig[]>;
}
