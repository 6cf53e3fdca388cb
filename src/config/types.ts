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
  /**
   * The service the metric belongs to, for root-cause layouts and scoring: letters, digits, `.`
   * and `-` (no `_`: RCA tools split `<service>_<metric>` on it). @default the name's part before
   * its first `_` (the whole name without one)
   */
  service?: string;
  /** Random switches among levels, added to the baseline (autoscaling, failovers). */
  jumps?: JumpsConfig;
  /** A research shape of GutenTAG, added to the baseline. */
  shape?: ShapeConfig;
  /**
   * A derived metric: its baseline is this formula over other metrics' final values at the same
   * sample (`+ - * / ( )`, numbers, metric names, `min`, `max`, `abs`), such as
   * `"errors_rate / max(requests_rate, 1)"`. Excludes `value`, `trend`, `seasonality`, `wander`,
   * `jumps` and `shape`.
   */
  formula?: string;
  /**
   * Makes the metric this many series, with a label `instance` = `instance-0` ..
   * `instance-(n-1)`: integer from 1 to 10^6.
   */
  instances?: number;
  /**
   * Makes the metric one series per combination of label values: a list of values, or a count
   * `n` for `<label>-0` .. `<label>-(n-1)` (`{ region = ["eu", "us"], pod = 20 }`: 40 series).
   */
  labels?: Record<string, number | string[]>;
  /**
   * Every period (a duration or samples) `churn_share` of the series end and new ones take their
   * place, their counted labels numbered (`pod-3-r1`), as pods are replaced.
   */
  churn?: Samples;
  /** The share of the series churn replaces each period, > 0 and <= 1. @default {0.1} */
  churn_share?: number;
  /** The samples the metric has, `[first, last]`: missing before and after (churn sets it). */
  life?: [number, number];
  /**
   * A histogram's or summary's law of observations: `lognormal` (its value the median) or
   * `normal` (its value the mean). @default {"lognormal"}
   */
  distribution?: "lognormal" | "normal";
  /**
   * A histogram's or summary's width: for `lognormal` the standard deviation of ln x, for
   * `normal` the standard deviation. @default {0.5} for lognormal; required for normal
   */
  spread?: number;
  /**
   * A histogram's or summary's observations per second (>= 0), or the name of a counter whose
   * events are the observations. @default {100}
   */
  rate?: number | string;
  /** The share of observations a fault on a histogram or summary hits, > 0 and <= 1. @default {0.1} */
  hit?: number;
  /**
   * A histogram's bucket upper bounds, increasing (`+Inf` is added). @default Prometheus'
   * default buckets, 0.005 .. 10
   */
  buckets?: number[];
  /** A summary's quantiles, increasing, each > 0 and < 1. @default {[0.5, 0.9, 0.99]} */
  quantiles?: number[];
  /**
   * A histogram also as a native (exponential) histogram where the format carries one (remote
   * write): `true` (schema 3) or its schema, -4 to 8.
   */
  native?: boolean | number;
}

/**
 * Jumps: the level switches at random samples, each a jump with probability `interval / every`,
 * to one of the other levels, uniformly; it starts at `levels[0]`.
 */
export interface JumpsConfig {
  /** At least 2 finite levels. */
  levels: number[];
  /** The mean time between jumps, longer than the interval: a duration, or samples. */
  every: Samples;
}

/** The research shapes of GutenTAG. */
export type ShapeKind = "ecg" | "cbf" | "mls" | "dirichlet" | "polynomial";

/** A research shape of GutenTAG with its arguments (GutenTAG's names and defaults). */
export type ShapeConfig =
  | EcgShapeConfig
  | CbfShapeConfig
  | MlsShapeConfig
  | DirichletShapeConfig
  | PolynomialShapeConfig;

/** Heart beats: neurokit's "simple" ECG, as GutenTAG's `ecg`. */
export interface EcgShapeConfig {
  /** The shape. */
  kind: "ecg";
  /** Beats per 100 samples, 1/60 <= frequency < 100. @default {10} */
  frequency?: number;
  /** The beat's scale, > 0. @default {1} */
  amplitude?: number;
  /** Only `"simple"`. @default {"simple"} */
  "ecg-sim-method"?: "simple";
}

/** Cylinder, bell and funnel patterns (GutenTAG's `cylinder-bell-funnel`). */
export interface CbfShapeConfig {
  /** The shape. */
  kind: "cbf";
  /** The patterns' mean height. @default {1} */
  amplitude?: number;
  /** Their mean length and the largest gap between them, in samples. @default {10} */
  "avg-pattern-length"?: number;
  /** The deviation of their length, >= 0. @default {0} */
  "variance-pattern-length"?: number;
  /** The deviation of their height, >= 0. @default {2} */
  "variance-amplitude"?: number;
}

/** A maximum-length-sequence random walk, repeated (GutenTAG's `mls`). */
export interface MlsShapeConfig {
  /** The shape. */
  kind: "mls";
  /** Its values span [-amplitude, amplitude], > 0. @default {1} */
  amplitude?: number;
  /** Bits of the shift register, 2 to 15: the walk repeats every 2^complexity - 1 samples. @default {7} */
  complexity?: number;
  /** A Gaussian window of int(100 smoothing) samples; 0 or 0.01 to 10. @default {0.01} */
  smoothing?: number;
}

/** Dirichlet kernels (GutenTAG's `dirichlet`). */
export interface DirichletShapeConfig {
  /** The shape. */
  kind: "dirichlet";
  /** Periods per 100 samples, > 0. @default {10} */
  frequency?: number;
  /** > 0. @default {1} */
  amplitude?: number;
  /** The kernel's order, an integer >= 2. @default {6} */
  periodicity?: number;
}

/** A polynomial of the sample index (GutenTAG's `polynomial`). */
export interface PolynomialShapeConfig {
  /** The shape. */
  kind: "polynomial";
  /** Coefficients from degree 0 up: `[1, 0.5]` is 1 + 0.5 k. */
  polynomial: number[];
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
  /**
   * How closely the metric's noise follows the parent's, lag samples later (SPEC section 18): the
   * correlation, in [-1, 1]; the squares of a metric's couplings sum to less than 1. @default {0}
   */
  coupling?: number;
}

/** A trend: the baseline grows by `change` every `over`. */
export interface TrendConfig {
  /** Change of the baseline over `over`, finite. */
  change: number;
  /** A time > 0: a duration, or a number of samples. */
  over: Samples;
}

/**
 * The shape of a season over its period: `cosine` (the default), `square` (high for `duty` of the
 * period: a batch job, a cron window), `triangle` (ramps up and down), `sawtooth` (fills up, then
 * drops: disk, heap, log rotation). Every one peaks at the season's `peak`.
 */
export type Waveform = "cosine" | "square" | "triangle" | "sawtooth";

/** A season: `amplitude * cos(2 pi (t - origin - peak) / period)`, or another waveform. */
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
  /** Its shape over the period. @default {"cosine"} */
  waveform?: Waveform;
  /** The share of the period a `square` season is high, 0 < duty < 1. @default {0.5} */
  duty?: number;
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
 * samples; reset restarts a counter; extremum is one sample off by `size` noise deviations;
 * amplitude, frequency, phase and shape change the metric's seasons; decouple stops it following
 * its parents.
 */
export type FaultKind =
  | "pattern"
  | "flatline"
  | "missing"
  | "reset"
  | "extremum"
  | "amplitude"
  | "frequency"
  | "phase"
  | "shape"
  | "decouple";

/**
 * What a metric's values are: a gauge, a counter whose value is a rate per second, or a histogram
 * or summary whose value is the location of its observations.
 */
export type MetricType = "gauge" | "counter" | "histogram" | "summary";

/**
 * One `[anomalies.<metric>]` table: a pattern fault (the default kind), a window fault, a reset,
 * an extremum or a fault on the seasons; with `count`, that many faults placed by the seed.
 */
export type AnomalyConfig =
  | PatternFaultConfig
  | WindowFaultConfig
  | ResetFaultConfig
  | ExtremumFaultConfig
  | SeasonFaultConfig;

/**
 * A numeric key given as a range `[low, high]`: drawn per fault, uniformly (whole samples for
 * keys that count samples).
 */
export type Ranged<T> = T | [T, T];

/**
 * Many faults from one entry, placed by the seed (SPEC section 17): `count` faults instead of
 * `at`, each starting in `between`, at least `min_gap` from every other window of the metric.
 */
export interface PlacementConfig {
  /**
   * What kind of fault this stands for, for root-cause layouts and scoring (`cpu`, `mem`,
   * `delay`, `loss`, `disk`, or any word of letters, digits and `-`). @default the fault's kind
   */
  fault_type?: string;
  /**
   * On a metric of many series: the share of them the fault is on (> 0, <= 1), picked by the
   * seed. @default every series
   */
  share?: number;
  /** On a metric of many series: only those whose labels match, `{ region = "eu" }`. */
  match?: Record<string, string | string[]>;
  /** How many faults this entry makes, >= 1; replaces `at`. */
  count?: number;
  /** Where they may start, `[first, last]` (samples, durations or date-times). @default whole series */
  between?: [Samples | Date, Samples | Date];
  /** The least distance between two windows of the metric. @default {0} */
  min_gap?: Samples;
}

/**
 * What a fault with an envelope says of its window (SPEC section 10): it ramps up over `onset`,
 * holds, and recovers in a pattern over `recovery_time`.
 */
export interface EnvelopeConfig extends PlacementConfig {
  /**
   * First sample of the fault, 0 <= at < num_samples: an index, a duration from sample 0, or a
   * date-time (with `start`) that falls on a sample. Required unless `count` places the faults.
   */
  at?: Samples | Date;
  /** Samples of linear ramp from no effect to full effect. @default {0} */
  onset?: Ranged<Samples>;
  /** Samples at full effect, after the onset. @default {0} */
  hold?: Ranged<Samples>;
  /** Length of the recovery, >= 1 sample; the window must end by num_samples. */
  recovery_time: Ranged<Samples>;
  /** How the effect recovers. */
  pattern: PatternName;
  /** Arguments of the pattern. */
  pattern_args?: PatternArgs;
}

/** One sample off by `size` noise deviations of the metric: a spike (or a dip). */
export interface ExtremumFaultConfig extends PlacementConfig {
  /** An extremum. */
  kind: "extremum";
  /** The sample, as for a pattern fault. */
  at?: Samples | Date;
  /** How far, in the metric's noise deviations: finite, not 0 (negative: a dip). */
  size: Ranged<number>;
}

/**
 * A fault on the metric's seasons, through the envelope of a pattern fault: `amplitude`
 * multiplies them by `1 + (factor - 1) e`, `frequency` runs them `factor` times faster in the
 * window, `phase` shifts them later by `shift * e`, `shape` blends them into `waveform`.
 */
export interface SeasonFaultConfig extends EnvelopeConfig {
  /** Which. */
  kind: "amplitude" | "frequency" | "phase" | "shape";
  /** `amplitude`: the seasons' multiplier at full effect; `frequency`: the speed-up, > 0. */
  factor?: Ranged<number>;
  /** `phase`: how much later the seasons run at full effect: samples or a duration, may be negative. */
  shift?: Ranged<Samples>;
  /** `shape`: the waveform the seasons take. */
  waveform?: Waveform;
  /** `shape` with `square`: the share of the period it is high. @default {0.5} */
  duty?: Ranged<number>;
}

/** A counter's restart: the count starts again from 0 at `at` (a process restart). */
export interface ResetFaultConfig extends PlacementConfig {
  /** A reset. */
  kind: "reset";
  /** The sample the count restarts at, as for a pattern fault. */
  at?: Samples | Date;
}

/**
 * A fault whose window holds the metric at its last value, or at `value` (`flatline`: a stuck
 * exporter, a platform), has no samples (`missing`: a scrape gap: empty CSV cells, `NaN` in
 * arrays), or in which the metric stops following its parents (`decouple`).
 */
export interface WindowFaultConfig extends PlacementConfig {
  /** Which. */
  kind: "flatline" | "missing" | "decouple";
  /** First sample of the window, as for a pattern fault. */
  at?: Samples | Date;
  /** Length of the window, >= 1 sample. */
  recovery_time: Ranged<Samples>;
  /** `flatline`: the value held, instead of the last one (a platform). */
  value?: Ranged<number>;
}

/**
 * A pattern fault: an envelope that ramps up over `onset`, holds, and recovers in a pattern over
 * `recovery_time`, acting through `anomaly_factor`, `offset` and `noise_factor`.
 */
export interface PatternFaultConfig extends EnvelopeConfig {
  /** The kind, `pattern` when absent. */
  kind?: "pattern";
  /**
   * How far the baseline is pushed: 2 doubles it, 0.5 halves it. At least one of
   * `anomaly_factor`, `offset`, `noise_factor` is needed.
   * @default {1}
   */
  anomaly_factor?: Ranged<number>;
  /** Added to the value at full effect: a fault on a baseline of 0. @default {0} */
  offset?: Ranged<number>;
  /** The noise's amplitude multiplier at full effect, >= 0. @default {1} */
  noise_factor?: Ranged<number>;
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
  /** Its dependencies, weight, lag (in samples) and coupling filled in. */
  depends_on?: Record<string, { weight: number; lag: number; coupling: number }>;
  /** Its native schema, when it has one. */
  native?: number;
  /** A column of a histogram or summary: the metric it observes, and what of it. */
  observes?: ObservedPart;
}

/** One column of a histogram or summary: which metric it observes, and what of it. */
export interface ObservedPart {
  /** The metric (series) whose distribution it observes. */
  readonly of: string;
  /** A bucket's count, the sum or count of observations, or a quantile. */
  readonly part: "bucket" | "sum" | "count" | "quantile";
  /** The bucket's upper bound (Infinity: `+Inf`), or the quantile. */
  readonly bound?: number;
}

/**
 * A fault with every default filled in, its spans in samples and its ranges drawn: faults
 * placed by the seed appear one by one, each with its `at`.
 */
export type ResolvedAnomalyConfig =
  | ResolvedPatternFault
  | ResolvedWindowFault
  | ResolvedResetFault
  | ResolvedExtremumFault
  | ResolvedSeasonFault;

/** A reset, resolved. */
export interface ResolvedResetFault {
  /** What kind of fault it stands for, when the config says. */
  fault_type?: string;
  /** A reset. */
  kind: "reset";
  /** The sample the count restarts at. */
  at: number;
}

/** A window fault, resolved. */
export interface ResolvedWindowFault {
  /** What kind of fault it stands for, when the config says. */
  fault_type?: string;
  /** Which. */
  kind: "flatline" | "missing" | "decouple";
  /** First sample. */
  at: number;
  /** Samples of the window. */
  recovery_time: number;
  /** `flatline`: the value held, when given. */
  value?: number;
}

/** An extremum, resolved. */
export interface ResolvedExtremumFault {
  /** What kind of fault it stands for, when the config says. */
  fault_type?: string;
  /** An extremum. */
  kind: "extremum";
  /** The sample. */
  at: number;
  /** Noise deviations off. */
  size: number;
}

/** What every fault with an envelope has, resolved (SPEC section 10). */
export interface ResolvedEnvelope {
  /** What kind of fault it stands for, when the config says. */
  fault_type?: string;
  /** First sample. */
  at: number;
  /** Samples of onset. */
  onset: number;
  /** Samples of hold. */
  hold: number;
  /** Samples of recovery. */
  recovery_time: number;
  /** How the effect recovers. */
  pattern: PatternName;
  /** The pattern's arguments, defaults filled in (empty for patterns without arguments). */
  pattern_args: PatternArgs;
}

/** A pattern fault with every default filled in and its spans in samples. */
export interface ResolvedPatternFault extends ResolvedEnvelope {
  /** Always set. */
  kind: "pattern";
  /** The baseline multiplier at full effect. */
  anomaly_factor: number;
  /** The offset at full effect. */
  offset: number;
  /** The noise multiplier at full effect. */
  noise_factor: number;
}

/** A fault on the seasons, resolved: the arguments of its kind, the others absent. */
export interface ResolvedSeasonFault extends ResolvedEnvelope {
  /** Which. */
  kind: "amplitude" | "frequency" | "phase" | "shape";
  /** `amplitude`, `frequency`: the factor at full effect. */
  factor?: number;
  /** `phase`: the shift at full effect: samples, or a duration as given ("-5m": earlier). */
  shift?: number | string;
  /** `shape`: the waveform. */
  waveform?: Waveform;
  /** `shape` with `square`: the duty. */
  duty?: number;
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
