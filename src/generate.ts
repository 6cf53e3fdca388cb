// The generator: x_j(k) = v_j * PRODUCT_i m_i(k) + e_j(k), then step_size, then decimals, made
// chunk by chunk so memory does not grow with num_samples.

import type {
  Config,
  FaultKind,
  PatternArgs,
  PatternName,
  ResolvedAnomalyConfig,
  ResolvedConfig,
  ResolvedPatternFault,
  ResolvedWindowFault,
} from "./config_types.ts";
import { resolveConfig } from "./config.ts";
import { NoiseStream } from "./_noise.ts";
import { streamKey } from "./_prng.ts";
import { NOISE_LAWS, noiseArgs } from "./_noise_laws.ts";
import { normal } from "./_samplers.ts";
import { secondsOf } from "./_duration.ts";
import { fillEnvelope } from "./_recovery.ts";
import { inherit, type Parent, spreads, type SpreadSource } from "./_propagation.ts";
import { roundHalfEven, roundToScale } from "./_round.ts";
import { sampleTime, sampleTimeMs } from "./time.ts";
import type { RecordedInfo, RecordedSource } from "./recorded.ts";

/** Options for {@linkcode generate} and {@linkcode createGenerator}. */
export interface GenerateOptions {
  /** Replaces `general.seed`. */
  seed?: number;
  /** Replaces `general.num_samples`. */
  numSamples?: number;
  /** Replaces `general.decimals`. */
  decimals?: number | "full";
  /**
   * Also compute each sample's effect truth ({@linkcode Chunk.effects}). {@linkcode generate}
   * always does.
   * @default {false}
   */
  effects?: boolean;
  /** The values of the recorded metrics (`recorded: true`), such as {@linkcode recordedArrays}. */
  recorded?: RecordedSource;
  /** What the recorded input holds, as {@linkcode ConfigOptions.recorded}. */
  recordedInfo?: RecordedInfo;
  /** Leaves every fault out (after checking them): the fault-free twin. */
  noFaults?: boolean;
}

/** Options for {@linkcode DatasetGenerator.prototype.chunks}. */
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
   * Per metric, a counter's rate per second (before counting; NaN where a sample is missing),
   * else undefined: what the picture draws. Reused like `values`.
   */
  readonly rates: readonly (Float64Array | undefined)[];
  /**
   * Per metric, the deviation the faults cause: the noise-free value minus the noise-free value
   * without faults, `value * (M - 1)`, rounded to `decimals` (before `step_size`). Empty unless
   * the generator was made with `effects: true`; reused like `values`.
   */
  readonly effects: readonly Float64Array[];
}

/** One fault as injected: where it is, in samples and (with `start`) in time. */
export type InjectedAnomaly = InjectedPatternFault | InjectedWindowFault | InjectedResetFault;

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
  /** Index of its first sample (the config's `at`). */
  first_sample: number;
  /** Index of its last sample. */
  last_sample: number;
  /** Time of its first sample, when `general.start` is set. */
  first_time?: string;
  /** Time of its last sample, when `general.start` is set. */
  last_time?: string;
}

/** Where a spreading fault reached another metric: the root cause of that window is the fault. */
export interface FaultEffect {
  /** The metric reached. */
  metric: string;
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

/** A flatline or missing window as injected. */
export interface InjectedWindowFault extends InjectedFault {
  /** Which. */
  kind: "flatline" | "missing";
  /** Its length in samples. */
  recovery_time: number;
}

/** A pattern fault as injected: its envelope and effects, and where it is. */
export interface InjectedPatternFault extends InjectedFault {
  /** A pattern fault. */
  kind: "pattern";
  /**
   * Where it spread (SPEC section 13): every metric it reached through `depends_on`, with the
   * window there and the path from its own metric. Empty when its anomaly_factor is 1.
   */
  effects: FaultEffect[];
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
  /** Per counter, its rate per second at each sample (see `Chunk`). */
  readonly rates: Readonly<Record<string, Float64Array>>;
  /** Time of each sample in milliseconds since the epoch, when `general.start` is set. */
  readonly times?: Float64Array;
  /** The faults, in config order. */
  readonly anomalies: readonly InjectedAnomaly[];
}

/** Samples per chunk when none is given. */
const DEFAULT_CHUNK_SIZE = 65536;

/** The baseline's parts that vary with time (SPEC section 9); absent when B(k) = value. */
type BaselinePlan = {
  /** Time of sample 0 and the interval, in seconds. */
  t0: number;
  interval: number;
  /** The seasons' origin: Monday 1970-01-05 with start, else sample 0. */
  origin: number;
  /** The trend's change per second. */
  slope: number;
  seasons: { amplitude: number; period: number; peak: number }[];
  /** The wander's stream (the mean of `window` normal draws) and its gain, scale * sqrt(window). */
  wander?: { stream: NoiseStream; gain: number };
};

type MetricPlan = {
  value: number;
  /** A recorded metric's baseline: its recorded values from sample `from` on. */
  recorded?: (from: number, into: Float64Array) => void;
  baseline?: BaselinePlan;
  noise?: NoiseStream;
  stepSize?: number;
  /** Bounds of the final value (SPEC section 11), infinite when not set. */
  min: number;
  max: number;
  faults: ResolvedPatternFault[];
  /** Flatline and missing windows, in config order, and the values flatlines hold (memoised). */
  windows: ResolvedWindowFault[];
  held: number[];
  /** A counter's plan: its resets, and the count through the last sample integrated. */
  counter?: CounterPlan;
  /** The metrics whose faults reach this one. */
  parents: Parent[];
  /** Every metric's plan, and this one's place among them: what spreading reads. */
  sources: readonly SpreadSource[];
  index: number;
  /** Whether any fault adds an offset or scales the noise: those need buffers of their own. */
  offsets: boolean;
  gains: boolean;
};

/** Buffers a chunk's baseline and faults are worked out in, shared by the metrics in turn. */
type Scratch = {
  envelope: Float64Array;
  offsets: Float64Array;
  gains: Float64Array;
  wander: Float64Array;
  base: Float64Array;
};

/**
 * A config ready to generate: the seed chosen, the faults listed, and the samples made on demand
 * chunk by chunk.
 *
 * @example Streaming a series in chunks
 * ```ts
 * import { createGenerator } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * const generator = createGenerator({
 *   general: { seed: 1, num_samples: 10 },
 *   metrics: { cpu: { value: 30 } },
 *   anomalies: { cpu: { at: 4, anomaly_factor: 2, pattern: "step", recovery_time: 2 } },
 * });
 * let total = 0;
 * for (const chunk of generator.chunks({ chunkSize: 3 })) {
 *   for (const v of chunk.values[0]) total += v;
 * }
 * strictEqual(total, 8 * 30 + 2 * 60);
 * ```
 */
export class DatasetGenerator {
  /** The config, defaults filled in and seed chosen. */
  readonly config: ResolvedConfig;
  /** The seed used. */
  readonly seed: number;
  /** Metric names, in column order. */
  readonly names: readonly string[];
  /** Number of samples. */
  readonly numSamples: number;
  /** The faults, in config order. */
  readonly anomalies: readonly InjectedAnomaly[];
  readonly #effects: boolean;
  readonly #recorded: RecordedSource | undefined;

  /**
   * Validates the config and prepares to generate it.
   *
   * @param config The config, as from {@linkcode parseConfig} or written in code.
   * @param options Overrides of seed, length and decimals.
   */
  constructor(config: Config, options: GenerateOptions = {}) {
    this.config = resolveConfig(config, {
      overrides: {
        seed: options.seed,
        num_samples: options.numSamples,
        decimals: options.decimals,
      },
      recorded: options.recordedInfo,
      noFaults: options.noFaults,
    });
    this.seed = this.config.general.seed;
    this.names = Object.keys(this.config.metrics);
    this.numSamples = this.config.general.num_samples;
    this.anomalies = listAnomalies(this.config);
    this.#effects = options.effects ?? false;
    this.#recorded = options.recorded;
    // A missing source is found now, not at the first chunk.
    for (const name of this.names) {
      if (this.config.metrics[name].recorded) this.#recordedOf(name);
    }
  }

  /**
   * Generates the samples in chunks. Each call starts afresh; the values of a sample do not
   * depend on the chunk size or the range asked for.
   *
   * @param options Chunk size and sample range.
   * @returns The chunks, in order; their arrays are reused from one chunk to the next.
   */
  *chunks(options: ChunksOptions = {}): Generator<Chunk> {
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    const from = options.from ?? 0;
    const to = options.to ?? this.numSamples;
    if (!Number.isInteger(chunkSize) || chunkSize < 1) {
      throw new RangeError(`chunkSize must be an integer >= 1: got ${chunkSize}`);
    }
    this.#checkRange(from, to);
    const filler = new ChunkFiller(this.#plans(), this.config.general.decimals, this.#effects);
    for (let start = from; start < to; start += chunkSize) {
      yield filler.fill(start, Math.min(to, start + chunkSize));
    }
  }

  /**
   * The samples `from .. to` as one chunk, for random access: blocks of samples can be made in
   * any order, on any thread, and equal the same samples of a full run.
   *
   * @param from First sample.
   * @param to End of the range, exclusive.
   * @returns The chunk; its arrays are reused by the next call of `chunk`.
   *
   * @example Any range, in any order
   * ```ts
   * import { createGenerator } from "@chaos-datagen/chaos-datagen";
   * import { deepStrictEqual } from "node:assert/strict";
   *
   * const generator = createGenerator({
   *   general: { seed: 1, num_samples: 100 },
   *   metrics: { cpu: { value: 30, noise: "gaussian" } },
   * });
   * const late = generator.chunk(90, 100).values[0].slice();
   * const [all] = generator.chunks({ chunkSize: 100 });
   * deepStrictEqual(late, all.values[0].slice(90));
   * ```
   */
  chunk(from: number, to: number): Chunk {
    this.#checkRange(from, to);
    this.#filler ??= new ChunkFiller(this.#plans(), this.config.general.decimals, this.#effects);
    return this.#filler.fill(from, to);
  }

  #filler: ChunkFiller | undefined;

  #checkRange(from: number, to: number): void {
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > this.numSamples) {
      throw new RangeError(`from and to must lie in 0 .. ${this.numSamples}: got ${from} .. ${to}`);
    }
  }

  /** Where a recorded metric's baseline is read. */
  #recordedOf(name: string): (from: number, into: Float64Array) => void {
    const source = this.#recorded;
    if (!source) {
      throw new TypeError(
        `metric "${name}" is recorded: give its values in the generator's recorded option`,
      );
    }
    return (from, into) => source.fill(name, from, into);
  }

  #plans(): MetricPlan[] {
    const plans: MetricPlan[] = [];
    for (const [index, name] of this.names.entries()) {
      const metric = this.config.metrics[name];
      const faults = this.config.anomalies[name] ?? [];
      const plan: MetricPlan = {
        index,
        sources: plans,
        value: metric.value ?? 0,
        recorded: metric.recorded ? this.#recordedOf(name) : undefined,
        stepSize: metric.step_size,
        faults: faults.filter(isPatternFault),
        parents: Object.entries(metric.depends_on ?? {}).map(([parent, { weight, lag }]) => ({
          index: this.names.indexOf(parent),
          weight,
          lag,
        })),
        windows: faults.filter(isWindowFault),
        counter: metric.type === "counter"
          ? {
            interval: this.config.general.interval,
            resets: new Set(faults.filter((f) => f.kind === "reset").map((f) => f.at)),
            through: -1,
            count: 0,
          }
          : undefined,
        held: [],
        offsets: false,
        gains: false,
        min: metric.min ?? -Infinity,
        max: metric.max ?? Infinity,
        baseline: baselinePlan(this.config.general, this.seed, name, metric),
      };
      plan.offsets = plan.faults.some((fault) => fault.offset !== 0);
      plan.gains = plan.faults.some((fault) => fault.noise_factor !== 1);
      if (metric.noise) {
        const args = noiseArgs(metric.noise_args);
        const sampler = NOISE_LAWS[metric.noise].sampler(args);
        plan.noise = new NoiseStream(streamKey(this.seed, name), sampler, args.smoothing_window);
      }
      plans.push(plan);
    }
    return plans;
  }
}

function scratch(length: number): Scratch {
  return {
    envelope: new Float64Array(length),
    offsets: new Float64Array(length),
    gains: new Float64Array(length),
    wander: new Float64Array(length),
    base: new Float64Array(length),
  };
}

function isPatternFault(fault: ResolvedAnomalyConfig): fault is ResolvedPatternFault {
  return fault.kind === "pattern";
}

function isWindowFault(fault: ResolvedAnomalyConfig): fault is ResolvedWindowFault {
  return fault.kind === "flatline" || fault.kind === "missing";
}

/**
 * A counter (SPEC section 12): n(k) = round_half_even(max(0, x(k)) * interval) events a sample,
 * counted from the last reset. Counts are integers below 2^53, so sums are exact and a block's
 * counts do not depend on where blocks start.
 */
type CounterPlan = {
  interval: number;
  resets: ReadonlySet<number>;
  /** The count through sample `through` (-1: before the first). */
  through: number;
  count: number;
  /** Rates alone, for counting up to a block that does not follow the last one. */
  rates?: ChunkFiller;
};

/** Turns a chunk of rates into counts, from the count before `from`. */
function integrate(
  plan: MetricPlan,
  counter: CounterPlan,
  from: number,
  values: Float64Array,
  labels: Uint8Array,
): void {
  for (const r of counter.resets) if (r >= from && r < from + values.length) labels[r - from] = 1;
  counter.count = countOn(counter, from, values, countBefore(plan, counter, from), values);
  counter.through = from + values.length - 1;
}

/**
 * Counts on from `count` through the rates of samples from .. from + rates.length, restarting at
 * each reset; writes each sample's count into `counts` when given, and returns the last.
 */
function countOn(
  counter: CounterPlan,
  from: number,
  rates: Float64Array,
  count: number,
  counts?: Float64Array,
): number {
  const { interval, resets } = counter;
  for (let i = 0; i < rates.length; i++) {
    if (resets.has(from + i)) count = 0;
    count += roundHalfEven(Math.max(0, rates[i]) * interval);
    if (counts) counts[i] = count;
  }
  return count;
}

/** The count through sample from - 1: carried from the last chunk, or counted up to it. */
function countBefore(plan: MetricPlan, counter: CounterPlan, from: number): number {
  if (from === 0) return 0;
  if (counter.through === from - 1) return counter.count;
  let k = 0;
  let count = 0;
  if (counter.through < from - 1 && counter.through >= 0) {
    k = counter.through + 1;
    count = counter.count;
  } else {
    // Behind the last chunk: from the last reset before `from`, or from the start.
    for (const r of counter.resets) if (r < from && r > k) k = r;
  }
  counter.rates ??= new ChunkFiller(
    [{ ...plan, counter: undefined, windows: [], held: [] }],
    "full",
    false,
  );
  for (; k < from; k += 4096) {
    count = countOn(counter, k, counter.rates.fill(k, Math.min(from, k + 4096)).values[0], count);
  }
  return count;
}

/** Monday 1970-01-05T00:00:00Z, in seconds: the origin of seasons when start is set. */
const MONDAY = 345_600;

function baselinePlan(
  general: ResolvedConfig["general"],
  seed: number,
  name: string,
  metric: ResolvedConfig["metrics"][string],
): BaselinePlan | undefined {
  const { trend, seasonality = [], wander } = metric;
  if (!trend && seasonality.length === 0 && !wander) return undefined;
  const interval = general.interval;
  const timed = general.start !== undefined;
  const plan: BaselinePlan = {
    t0: timed ? Date.parse(general.start!) / 1000 : 0,
    interval,
    origin: timed ? MONDAY : 0,
    slope: trend ? trend.change / secondsOf(trend.over, interval) : 0,
    seasons: seasonality.map((season) => ({
      amplitude: season.amplitude,
      period: secondsOf(season.period, interval),
      peak: secondsOf(season.peak ?? 0, interval),
    })),
  };
  if (wander) {
    // Its own stream, keyed by the seed, the name and "wander": independent of the noise.
    const stream = new NoiseStream(
      streamKey(seed, `${name}\u0000wander`),
      normal(0, 1),
      wander.window,
    );
    plan.wander = { stream, gain: wander.scale * Math.sqrt(wander.window) };
  }
  return plan;
}

/** B(k) for the chunk's samples, into values (SPEC section 9). */
function fillBaseline(
  plan: BaselinePlan,
  value: number,
  from: number,
  values: Float64Array,
  wander: Float64Array,
): void {
  const n = values.length;
  const { t0, interval, slope } = plan;
  for (let i = 0; i < n; i++) values[i] = value + slope * ((from + i) * interval);
  for (const { amplitude, period, peak } of plan.seasons) {
    const shift = plan.origin + peak;
    for (let i = 0; i < n; i++) {
      const t = t0 + (from + i) * interval;
      values[i] += amplitude * Math.cos((2 * Math.PI * (t - shift)) / period);
    }
  }
  if (plan.wander) {
    const w = wander.subarray(0, n);
    plan.wander.stream.fill(w, from);
    const gain = plan.wander.gain;
    for (let i = 0; i < n; i++) values[i] += gain * w[i];
  }
}

/** Fills chunks from the metrics' plans into buffers it reuses, grown as needed. */
class ChunkFiller {
  readonly #plans: MetricPlan[];
  readonly #scale: number;
  #values: Float64Array[] = [];
  #labels: Uint8Array[] = [];
  #effects: Float64Array[] = [];
  #rates: Float64Array[] = [];
  #noise = new Float64Array(0);
  #scratch: Scratch = scratch(0);
  readonly #withEffects: boolean;

  readonly #decimals: number | "full";

  constructor(plans: MetricPlan[], decimals: number | "full", effects: boolean) {
    this.#plans = plans;
    this.#decimals = decimals;
    this.#scale = decimals === "full" ? 0 : 10 ** decimals;
    this.#withEffects = effects;
  }

  /**
   * Flatline and missing windows, after the value is final (SPEC section 11): a missing window
   * has no samples (NaN); a flatline repeats the value at sample at - 1 (at 0, its own), as the
   * windows before it in config order left that sample.
   */
  #applyWindows(
    plan: MetricPlan,
    from: number,
    values: Float64Array,
    labels: Uint8Array,
    rates: Float64Array | undefined,
  ): void {
    const to = from + values.length;
    plan.windows.forEach((window, i) => {
      const lo = Math.max(from, window.at);
      const hi = Math.min(to, window.at + window.recovery_time);
      if (lo >= hi) return;
      const value = window.kind === "missing" ? NaN : this.#held(plan, i);
      for (let k = lo; k < hi; k++) {
        values[k - from] = value;
        labels[k - from] = 1;
      }
      if (rates && window.kind === "missing") rates.fill(NaN, lo - from, hi - from);
    });
  }

  /** The value flatline `i` holds: the metric's sample before it, with the earlier windows. */
  #held(plan: MetricPlan, i: number): number {
    if (plan.held[i] === undefined) {
      const { at } = plan.windows[i];
      const k = at > 0 ? at - 1 : at;
      // Its own copy of a counter's state, so this look back does not move the main one.
      const counter = plan.counter && { ...plan.counter, rates: undefined };
      const before: MetricPlan = { ...plan, windows: plan.windows.slice(0, i), counter };
      const filler = new ChunkFiller([before], this.#decimals, false);
      plan.held[i] = filler.fill(k, k + 1).values[0][0];
    }
    return plan.held[i];
  }

  fill(from: number, to: number): Chunk {
    const length = to - from;
    if (this.#noise.length < length) {
      this.#values = this.#plans.map(() => new Float64Array(length));
      this.#labels = this.#plans.map(() => new Uint8Array(length));
      if (this.#withEffects) this.#effects = this.#plans.map(() => new Float64Array(length));
      this.#rates = this.#plans.map((plan) => new Float64Array(plan.counter ? length : 0));
      this.#noise = new Float64Array(length);
      this.#scratch = scratch(length);
    }
    const values = this.#values.map((buffer) => buffer.subarray(0, length));
    const labels = this.#labels.map((buffer) => buffer.subarray(0, length));
    const effects = this.#effects.map((buffer) => buffer.subarray(0, length));
    const noise = this.#noise.subarray(0, length);
    const rates = this.#plans.map((plan, j) =>
      plan.counter ? this.#rates[j].subarray(0, length) : undefined
    );
    this.#plans.forEach((plan, j) => {
      // A counter's rate is not rounded to decimals: its counts are integers.
      const scale = plan.counter ? 0 : this.#scale;
      fillMetric(plan, from, values[j], labels[j], effects[j], noise, this.#scratch, scale);
      if (plan.counter) {
        rates[j]!.set(values[j]);
        integrate(plan, plan.counter, from, values[j], labels[j]);
      }
      if (plan.windows.length > 0) this.#applyWindows(plan, from, values[j], labels[j], rates[j]);
    });
    return { from, to, values, labels, effects, rates };
  }
}

function fillMetric(
  plan: MetricPlan,
  from: number,
  values: Float64Array,
  labels: Uint8Array,
  effects: Float64Array | undefined,
  noise: Float64Array,
  scratch: Scratch,
  scale: number,
): void {
  const length = values.length;
  if (plan.recorded) plan.recorded(from, values);
  else if (plan.baseline) fillBaseline(plan.baseline, plan.value, from, values, scratch.wander);
  else values.fill(plan.value);
  // The effects need B(k) once the faults have moved it.
  const base = effects && (plan.baseline || plan.recorded)
    ? scratch.base.subarray(0, length)
    : undefined;
  base?.set(values);
  labels.fill(0);
  const offsets = plan.offsets ? scratch.offsets.subarray(0, length).fill(0) : undefined;
  const gains = plan.gains ? scratch.gains.subarray(0, length).fill(1) : undefined;
  for (const fault of plan.faults) {
    const span = fault.onset + fault.hold + fault.recovery_time;
    const lo = Math.max(from, fault.at);
    const hi = Math.min(from + length, fault.at + span);
    if (lo >= hi) continue;
    const e = scratch.envelope.subarray(0, hi - lo);
    fillEnvelope(fault, lo - fault.at, e);
    const { anomaly_factor: factor, offset, noise_factor: noiseFactor } = fault;
    // m = 1 + (factor - 1) e, a = offset e, g = 1 + (noise_factor - 1) |e| (SPEC section 10).
    for (let k = lo; k < hi; k++) {
      values[k - from] *= 1 + (factor - 1) * e[k - lo];
      labels[k - from] = 1;
    }
    if (offsets && offset !== 0) {
      for (let k = lo; k < hi; k++) offsets[k - from] += offset * e[k - lo];
    }
    if (gains && noiseFactor !== 1) {
      for (let k = lo; k < hi; k++) gains[k - from] *= 1 + (noiseFactor - 1) * Math.abs(e[k - lo]);
    }
  }
  // What the metric inherits, worked out from every plan's faults (SPEC section 13).
  if (plan.parents.length > 0) inherit(plan.sources, plan.index, from, values, labels);
  // x = B M + A + G e: the offsets join the noise-free value, the gains scale the noise.
  if (offsets) { for (let i = 0; i < length; i++) values[i] += offsets[i]; }
  if (effects !== undefined) {
    const v = plan.value;
    for (let i = 0; i < length; i++) {
      const effect = values[i] - (base ? base[i] : v);
      effects[i] = scale !== 0 ? roundToScale(effect, scale) : effect;
    }
  }
  const noisy = plan.noise !== undefined;
  if (noisy) plan.noise!.fill(noise, from);
  if (noisy && gains) { for (let i = 0; i < length; i++) noise[i] *= gains[i]; }
  const step = plan.stepSize ?? 0;
  const bounded = plan.min !== -Infinity || plan.max !== Infinity;
  if (noisy || step !== 0 || scale !== 0 || bounded) {
    addAndRound(values, noisy ? noise : undefined, step, scale, plan.min, plan.max);
  }
}

/**
 * One pass: the noise on top, then step_size, then decimals (0 for none). A small function of
 * its own, so the JIT inlines the rounding into it and keeps the doubles unboxed.
 */
function addAndRound(
  values: Float64Array,
  noise: Float64Array | undefined,
  step: number,
  scale: number,
  min: number,
  max: number,
): void {
  // The common case (noise, then decimals) in a loop of its own: 3x faster than the general one.
  if (noise !== undefined && step === 0 && min === -Infinity && max === Infinity && scale !== 0) {
    for (let i = 0; i < values.length; i++) values[i] = roundToScale(values[i] + noise[i], scale);
    return;
  }
  const bounded = min !== -Infinity || max !== Infinity;
  for (let i = 0; i < values.length; i++) {
    let x = values[i];
    if (noise !== undefined) x += noise[i];
    if (step !== 0) x = roundHalfEven(x / step) * step;
    // The bounds clamp after step_size (SPEC section 11).
    if (bounded) x = x < min ? min : x > max ? max : x;
    if (scale !== 0) x = roundToScale(x, scale);
    values[i] = x;
  }
}

function listAnomalies(config: ResolvedConfig): InjectedAnomaly[] {
  const list: InjectedAnomaly[] = [];
  for (const [metric, faults] of Object.entries(config.anomalies)) {
    for (const [i, fault] of faults.entries()) {
      const id = `${metric}#${i + 1}`;
      if (fault.kind === "reset") {
        list.push(withTimes(config, {
          id,
          kind: fault.kind,
          metric,
          first_sample: fault.at,
          last_sample: fault.at,
        }));
        continue;
      }
      if (fault.kind !== "pattern") {
        list.push(withTimes(config, {
          id,
          kind: fault.kind,
          metric,
          recovery_time: fault.recovery_time,
          first_sample: fault.at,
          last_sample: fault.at + fault.recovery_time - 1,
        }));
        continue;
      }
      const last = fault.at + fault.onset + fault.hold + fault.recovery_time - 1;
      const anomaly: InjectedPatternFault = {
        id,
        kind: "pattern",
        metric,
        pattern: fault.pattern,
        anomaly_factor: fault.anomaly_factor,
        pattern_args: fault.pattern_args,
        onset: fault.onset,
        hold: fault.hold,
        recovery_time: fault.recovery_time,
        offset: fault.offset,
        noise_factor: fault.noise_factor,
        first_sample: fault.at,
        last_sample: last,
        effects: [],
      };
      if (spreads(fault)) {
        anomaly.effects = effectsOf(config, metric, fault.at, last).map((e) =>
          withTimes(config, e)
        );
      }
      list.push(withTimes(config, anomaly));
    }
  }
  return list;
}

/**
 * Every window a spreading fault on `metric` over first .. last reaches, through every path of
 * dependencies with a non-zero weight; lags add up along a path, windows are cut at the end.
 */
function effectsOf(config: ResolvedConfig, metric: string, first: number, last: number) {
  const n = config.general.num_samples;
  const effects: FaultEffect[] = [];
  const visit = (node: string, lag: number, path: string[]) => {
    for (const [child, spec] of Object.entries(config.metrics)) {
      const dependency = spec.depends_on?.[node];
      if (!dependency || dependency.weight === 0) continue;
      const total = lag + dependency.lag;
      const childPath = [...path, child];
      if (first + total <= n - 1) {
        effects.push({
          metric: child,
          first_sample: first + total,
          last_sample: Math.min(last + total, n - 1),
          path: childPath,
        });
      }
      visit(child, total, childPath);
    }
  };
  visit(metric, 0, [metric]);
  return effects;
}

/** The fault with the times of its first and last samples, when `general.start` is set. */
function withTimes<T extends Pick<InjectedFault, "first_sample" | "last_sample">>(
  config: ResolvedConfig,
  fault: T,
): T {
  if (config.general.start === undefined) return fault;
  return {
    ...fault,
    first_time: sampleTime(config.general, fault.first_sample),
    last_time: sampleTime(config.general, fault.last_sample),
  };
}

/**
 * Validates a config and prepares its generator: {@linkcode DatasetGenerator.prototype.chunks}
 * then yields the samples chunk by chunk.
 *
 * @param config The config, as from {@linkcode parseConfig} or written in code.
 * @param options Overrides of seed, length and decimals.
 * @returns The generator.
 * @throws {ConfigError} When the config is invalid.
 *
 * @example The seed used is always known
 * ```ts
 * import { createGenerator } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * const config = { general: { num_samples: 5 }, metrics: { cpu: { value: 1 } } };
 * strictEqual(createGenerator(config, { seed: 7 }).seed, 7);
 * ```
 */
export function createGenerator(config: Config, options: GenerateOptions = {}): DatasetGenerator {
  return new DatasetGenerator(config, options);
}

/**
 * Generates a whole dataset in memory: per metric a `Float64Array` of values and a `Uint8Array`
 * of labels.
 *
 * @param config The config, as from {@linkcode parseConfig} or written in code.
 * @param options Overrides of seed, length and decimals.
 * @returns The dataset, with the seed used and the faults injected.
 * @throws {ConfigError} When the config is invalid.
 *
 * @example A step fault doubles the value inside its window only
 * ```ts
 * import { generate } from "@chaos-datagen/chaos-datagen";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const data = generate({
 *   general: { seed: 1, num_samples: 6 },
 *   metrics: { cpu: { value: 30 } },
 *   anomalies: { cpu: { at: 2, anomaly_factor: 2, pattern: "step", recovery_time: 3 } },
 * });
 * deepStrictEqual([...data.values.cpu], [30, 30, 60, 60, 60, 30]);
 * deepStrictEqual([...data.labels.cpu], [0, 0, 1, 1, 1, 0]);
 * ```
 */
export function generate(config: Config, options: GenerateOptions = {}): Dataset {
  const generator = new DatasetGenerator(config, { ...options, effects: true });
  const n = generator.numSamples;
  const values = generator.names.map(() => new Float64Array(n));
  const labels = generator.names.map(() => new Uint8Array(n));
  const effects = generator.names.map(() => new Float64Array(n));
  const counters = generator.names.filter((name) =>
    generator.config.metrics[name].type === "counter"
  );
  const rates = Object.fromEntries(counters.map((name) => [name, new Float64Array(n)]));
  for (const chunk of generator.chunks()) {
    chunk.rates.forEach((r, j) => r && rates[generator.names[j]].set(r, chunk.from));
    chunk.values.forEach((v, j) => values[j].set(v, chunk.from));
    chunk.labels.forEach((l, j) => labels[j].set(l, chunk.from));
    chunk.effects.forEach((e, j) => effects[j].set(e, chunk.from));
  }
  const dataset: Dataset = {
    seed: generator.seed,
    config: generator.config,
    names: generator.names,
    values: Object.fromEntries(generator.names.map((name, j) => [name, values[j]])),
    labels: Object.fromEntries(generator.names.map((name, j) => [name, labels[j]])),
    effects: Object.fromEntries(generator.names.map((name, j) => [name, effects[j]])),
    rates,
    anomalies: generator.anomalies,
  };
  const general = generator.config.general;
  if (general.start === undefined) return dataset;
  return {
    ...dataset,
    times: Float64Array.from({ length: n }, (_, k) => sampleTimeMs(general, k)!),
  };
}
