// What a generator makes: a chunk of samples, the faults as injected (the truth, worked out from
// the plan), and a whole dataset in memory.

import type {
  FaultKind,
  PatternArgs,
  PatternName,
  ResolvedConfig,
  Waveform,
} from "../config/types.ts";
import type { Mixture } from "../config/distributions.ts";

/** Samples `from .. to` (exclusive) of every metric, in config order. */
export interface Chunk {
  /** Index of the chunk's first sample. */
  readonly from: number;
  /** Index after the chunk's last sample. */
  readonly to: number;
  /** Per metric, its values; reused by the next chunk, so copy what you keep. */
  readonly values: readonly Float64Array[];
  /** Per metric, 1 where a fault is active, else 0; reused like `values`. */
  readonly labels: readonly Uint8Array[];
  /**
   * Per metric, a counter's rate per second (before counting; NaN where a sample is missing), a
   * histogram's or summary's counting column's count a second (its buckets, `_sum`, `_count`),
   * else undefined: what the picture draws. Reused like `values`.
   */
  readonly rates: readonly (Float64Array | undefined)[];
  /**
   * Per metric, the deviation the faults cause: the noise-free value minus the noise-free value
   * without faults, `value * (M - 1)`, rounded to `decimals` (before `step_size`). Empty unless
   * the generator was made with `effects: true`; reused like `values`.
   */
  readonly effects: readonly Float64Array[];
  /**
   * Per histogram metric (at its location's column), its samples' observations, when its columns
   * were filled: what a native histogram is made of. Reused like `values`.
   */
  readonly observed?: readonly (ObservedSamples | undefined)[];
}

/** The observations of a chunk's samples of one histogram. */
export interface ObservedSamples {
  /** Per sample, how many it adds; NaN where the location is missing. */
  readonly observations: Float64Array;
  /** Sample i's distribution of observations. */
  mixture(i: number): Mixture;
  /** Sample i's mean observation. */
  mean(i: number): number;
}

/** One fault as injected: where it is, in samples and (with `start`) in time. */
export type InjectedAnomaly =
  | InjectedPatternFault
  | InjectedWindowFault
  | InjectedResetFault
  | InjectedExtremumFault
  | InjectedSeasonFault;

/** An extremum as injected: one sample, `size` noise deviations off. */
export interface InjectedExtremumFault extends InjectedFault {
  /** An extremum. */
  kind: "extremum";
  /** Noise deviations off (drawn, when the config gave a range). */
  size: number;
}

/** A fault on the seasons as injected: its envelope and the arguments of its kind. */
export interface InjectedSeasonFault extends InjectedFault {
  /** Which. */
  kind: "amplitude" | "frequency" | "phase" | "shape";
  /** Its pattern. */
  pattern: PatternName;
  /** Its pattern's arguments, defaults filled in. */
  pattern_args: PatternArgs;
  /** Samples of its onset. */
  onset: number;
  /** Samples it holds at full effect. */
  hold: number;
  /** Samples of its recovery. */
  recovery_time: number;
  /** `amplitude`, `frequency`: its factor. */
  factor?: number;
  /** `phase`: its shift, samples or a duration. */
  shift?: number | string;
  /** `shape`: the waveform. */
  waveform?: Waveform;
  /** `shape` with `square`: the duty. */
  duty?: number;
}

/** A counter's reset as injected: its label marks sample `at` alone. */
export interface InjectedResetFault extends InjectedFault {
  /** A reset. */
  kind: "reset";
}

/** What every injected fault has: where it is, in samples and (with `start`) in time. */
export interface InjectedFault {
  /** `<metric>#<n>`, n counting from 1 in config order on that metric. */
  id: string;
  /** What it does. */
  kind: FaultKind;
  /** The metric it hits. */
  metric: string;
  /** The service of its metric (its `service`, else its name's part before the first `_`). */
  service: string;
  /** What kind of fault it stands for: the config's `fault_type`, else its kind. */
  fault_type: string;
  /** Index of its first sample (the config's `at`). */
  first_sample: number;
  /** Index of its last sample. */
  last_sample: number;
  /** Time of its first sample, when `general.start` is set. */
  first_time?: string;
  /** Time of its last sample, when `general.start` is set. */
  last_time?: string;
  /**
   * Where it reached other metrics, with the window there and the path from its own metric: a
   * pattern fault whose anomaly_factor is not 1 through `depends_on` (SPEC section 13), any fault
   * through the formulas that read a metric it reached (section 15). Often empty.
   */
  effects: FaultEffect[];
}

/** Where a spreading fault reached another metric: the root cause of that window is the fault. */
export interface FaultEffect {
  /** The metric reached. */
  metric: string;
  /** Its service. */
  service: string;
  /** First sample of the window there (the fault's first, plus the lags along the path). */
  first_sample: number;
  /** Last sample there, cut at the last sample of the series. */
  last_sample: number;
  /** The metrics from the fault's own to the one reached. */
  path: string[];
  /** Time of the first sample, when `general.start` is set. */
  first_time?: string;
  /** Time of the last sample, when `general.start` is set. */
  last_time?: string;
}

/** A flatline, missing or decouple window as injected. */
export interface InjectedWindowFault extends InjectedFault {
  /** Which. */
  kind: "flatline" | "missing" | "decouple";
  /** Its length in samples. */
  recovery_time: number;
  /** `flatline`: the value held, when the config gave one. */
  value?: number;
}

/** A pattern fault as injected: its envelope and effects, and where it is. */
export interface InjectedPatternFault extends InjectedFault {
  /** A pattern fault. */
  kind: "pattern";
  /** Its pattern. */
  pattern: PatternName;
  /** Its factor. */
  anomaly_factor: number;
  /** Its pattern's arguments, defaults filled in. */
  pattern_args: PatternArgs;
  /** Samples of its onset (linear ramp to full effect). */
  onset: number;
  /** Samples it holds at full effect. */
  hold: number;
  /** Samples of its recovery. */
  recovery_time: number;
  /** The value added at full effect. */
  offset: number;
  /** The noise's multiplier at full effect. */
  noise_factor: number;
}

/** A whole dataset in memory. */
export interface Dataset {
  /** The seed used. */
  readonly seed: number;
  /** The config it was made from, defaults filled in. */
  readonly config: ResolvedConfig;
  /** Metric names, in column order. */
  readonly names: readonly string[];
  /** Values per metric. */
  readonly values: Readonly<Record<string, Float64Array>>;
  /** Labels per metric: 1 where a fault is active. */
  readonly labels: Readonly<Record<string, Uint8Array>>;
  /** Effect truth per metric: the deviation the faults cause at each sample (see `Chunk`). */
  readonly effects: Readonly<Record<string, Float64Array>>;
  /** Per counter (and counting column of a histogram or summary), its rate per second at each sample (see `Chunk`). */
  readonly rates: Readonly<Record<string, Float64Array>>;
  /** Time of each sample in milliseconds since the epoch, when `general.start` is set. */
  readonly times?: Float64Array;
  /** The faults, in config order. */
  readonly anomalies: readonly InjectedAnomaly[];
}

/** Options for a generator's `chunks`. */
export interface ChunksOptions {
  /**
   * Samples per chunk. The values do not depend on it.
   * @default {65536}
   */
  chunkSize?: number;
  /** First sample. @default {0} */
  from?: number;
  /** End of the range, exclusive. @default {num_samples} */
  to?: number;
}
