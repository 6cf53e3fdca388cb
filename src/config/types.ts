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
  /**
   * A file of recorded series (CSV, or a Prometheus query_range answer in JSON), relative to the
   * config file: each becomes a recorded metric. Read by the command line (`--input`); in code,
   * read it and pass `recorded` in the options.
   */
  input?: string;
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
  /** Base value, finite; required unless the metric is recorded. */
  value?: number;
  /**
   * The baseline is recorded values, not `value`, `trend`, `seasonality` or `wander`: set on
   * every series of `general.input`; in code, give the values in the generator's `recorded`
   * option.
   */
  recorded?: true;
  /** Noise law; no noise when absent. */
  noise?: NoiseName;
  /** Arguments of the noise law; numpy's defaults for what is absent. */
  noise_args?: NoiseArgs;
  /** When set (> 0), values are rounded to a multiple of it. */
  step_size?: number;
  /** A straight-line drift of the baseline: `change` every `over`. */
  trend?: TrendConfig;
  /** Seasons added to the baseline: one table, or an array of tables. */
  seasonality?: SeasonConfig | SeasonConfig[];
  /** A slow random drift of the baseline. */
  wander?: WanderConfig;
  /** The final value is clamped to at least this. */
  min?: number;
  /** The final value is clamped to at most this. */
  max?: number;
  /**
   * The metrics whose pattern faults reach this one: each parent's multiplier arrives `lag`
   * samples later, scaled by `weight` (a negative weight turns it around).
   */
  depends_on?: Record<string, DependencyConfig>;
  /**
   * `counter`: the value is a rate per second, and the output is the running count of events,
   * `round(max(0, rate) * interval)` a sample. @default {"gauge"}
   */
  type?: MetricType;
  /** How the metric is named in Prometheus formats (`openmetrics`, `promtool`, `serve`). */
  prometheus?: PrometheusConfig;
}

/**
 * A metric's Prometheus name, labels and help. Metrics may share a name with different labels:
 * they are one family.
 */
export interface PrometheusConfig {
  /**
   * The metric name, `[a-zA-Z_:][a-zA-Z0-9_:]*`; a counter's samples add `_total`. By default
   * the metric's key, each character outside `[a-zA-Z0-9_:]` made `_`.
   */
  name?: string;
  /** Labels of the metric's series. */
  labels?: Record<string, string>;
  /** The family's `# HELP` text. */
  help?: string;
}

/** How a metric depends on a parent. */
export interface DependencyConfig {
  /** How much of the parent's multiplier arrives, finite. @default {1} */
  weight?: number;
  /** After how many samples: an integer or a duration. @default {0} */
  lag?: Samples;
}

/** A trend: the baseline grows by `change` every `over`. */
export interface TrendConfig {
  /** Change of the baseline over `over`, finite. */
  change: number;
  /** A time > 0: a duration, or a number of samples. */
  over: Samples;
}

/** A season: `amplitude * cos(2 pi (t - origin - peak) / period)`. */
export interface SeasonConfig {
  /** Its period, a time > 0: a duration ("1d", "1w"), or a number of samples. */
  period: Samples;
  /** Its amplitude, finite. */
  amplitude: number;
  /**
   * Where it peaks, from its origin: Monday 1970-01-05T00:00:00Z with `start` (so "14h" peaks at
   * 14:00 UTC every day), else sample 0. @default {0}
   */
  peak?: Samples;
}

/** Wander: a stationary random drift of std `scale`, correlated over about `window` samples. */
export interface WanderConfig {
  /** Its standard deviation, >= 0. */
  scale: number;
  /** Samples it is smooth over, >= 2. */
  window: Samples;
}

/** `pattern_args`: only `oscillating` takes one. */
export interface PatternArgs {
  /** Angular frequency of `oscillating`, radians per sample, > 0. @default {3} */
  frequency?: number;
}

/**
 * A span of samples: an integer counts samples; a duration (`"90s"`, `"1d12h"`) must be a whole
 * number of samples.
 */
export type Samples = number | string;

/**
 * What a fault does: a pattern fault moves the value; flatline and missing hold it or drop
 * samples; reset restarts a counter.
 */
export type FaultKind = "pattern" | "flatline" | "missing" | "reset";

/** What a metric's values are: a gauge, or a counter whose value is a rate per second. */
export type MetricType = "gauge" | "counter";

/**
 * One `[anomalies.<metric>]` table: a pattern fault (the default kind) or a window fault.
 */
export type AnomalyConfig = PatternFaultConfig | WindowFaultConfig | ResetFaultConfig;

/** A counter's restart: the count starts again from 0 at `at` (a process restart). */
export interface ResetFaultConfig {
  /** A reset. */
  kind: "reset";
  /** The sample the count restarts at, as for a pattern fault. */
  at: Samples | Date;
}

/**
 * A fault whose window holds the metric at its last value (`flatline`: a stuck exporter) or has
 * no samples (`missing`: a scrape gap): empty CSV cells, `NaN` in arrays.
 */
export interface WindowFaultConfig {
  /** Which. */
  kind: "flatline" | "missing";
  /** First sample of the window, as for a pattern fault. */
  at: Samples | Date;
  /** Length of the window, >= 1 sample. */
  recovery_time: Samples;
}

/**
 * A pattern fault: an envelope that ramps up over `onset`, holds, and recovers in a pattern over
 * `recovery_time`, acting through `anomaly_factor`, `offset` and `noise_factor`.
 */
export interface PatternFaultConfig {
  /** The kind, `pattern` when absent. */
  kind?: "pattern";
  /**
   * First sample of the fault, 0 <= at < num_samples: an index, a duration from sample 0, or a
   * date-time (with `start`) that falls on a sample.
   */
  at: Samples | Date;
  /** Samples of linear ramp from no effect to full effect. @default {0} */
  onset?: Samples;
  /** Samples at full effect, after the onset. @default {0} */
  hold?: Samples;
  /** Length of the recovery, >= 1 sample; the window must end by num_samples. */
  recovery_time: Samples;
  /** How the effect recovers. */
  pattern: PatternName;
  /** Arguments of the pattern. */
  pattern_args?: PatternArgs;
  /**
   * How far the baseline is pushed: 2 doubles it, 0.5 halves it. At least one of
   * `anomaly_factor`, `offset`, `noise_factor` is needed.
   * @default {1}
   */
  anomaly_factor?: number;
  /** Added to the value at full effect: a fault on a baseline of 0. @default {0} */
  offset?: number;
  /** The noise's amplitude multiplier at full effect, >= 0. @default {1} */
  noise_factor?: number;
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
  /** Its seasons, as a list. */
  seasonality?: SeasonConfig[];
  /** Its wander, the window in samples. */
  wander?: { scale: number; window: number };
  /** Its dependencies, weight and lag (in samples) filled in. */
  depends_on?: Record<string, { weight: number; lag: number }>;
}

/** A fault with every default filled in and its spans in samples. */
export type ResolvedAnomalyConfig = ResolvedPatternFault | ResolvedWindowFault | ResolvedResetFault;

/** A reset, resolved. */
export interface ResolvedResetFault extends ResetFaultConfig {
  /** The sample the count restarts at. */
  at: number;
}

/** A window fault, resolved. */
export interface ResolvedWindowFault extends WindowFaultConfig {
  /** First sample. */
  at: number;
  /** Samples of the window. */
  recovery_time: number;
}

/** A pattern fault with every default filled in and its spans in samples. */
export interface ResolvedPatternFault extends PatternFaultConfig {
  /** Always set. */
  kind: "pattern";
  /** First sample. */
  at: number;
  /** Samples of onset. */
  onset: number;
  /** Samples of hold. */
  hold: number;
  /** Samples of recovery. */
  recovery_time: number;
  /** The pattern's arguments, defaults filled in (empty for patterns without arguments). */
  pattern_args: PatternArgs;
  /** The baseline multiplier at full effect. */
  anomaly_factor: number;
  /** The offset at full effect. */
  offset: number;
  /** The noise multiplier at full effect. */
  noise_factor: number;
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
