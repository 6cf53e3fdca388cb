// A resolved config's samples, made on demand: the machinery behind every generator. It takes a
// config checked already (by the public generator, or by the command line before it hands the
// config to its workers), so that a worker loads no validation.

import type { ResolvedConfig } from "../config/types.ts";
import type { RecordedSource } from "../input/mod.ts";
import type { Chunk, ChunksOptions, InjectedAnomaly } from "./dataset.ts";
import { listAnomalies } from "./faults.ts";
import { ChunkFiller } from "./fill.ts";
import { type MetricPlan, planMetrics } from "./plan.ts";

/** What a generation computes besides the values, and where it reads recorded ones. */
export interface GenerationOptions {
  /** Also compute each sample's effect truth. @default {false} */
  effects?: boolean;
  /** The values of the recorded metrics. */
  recorded?: RecordedSource;
  /**
   * Leave the noise out, and count no counter (its values are its rates): what the effects alone
   * need, at a fraction of the cost. @default {false}
   */
  noiseFree?: boolean;
}

/** Samples per chunk when none is given. */
const DEFAULT_CHUNK_SIZE = 65536;

/** The samples of a resolved config, chunk by chunk or by random access. */
export class Generation {
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
  readonly #noiseFree: boolean;

  /**
   * Prepares to generate a config resolved already.
   *
   * @param config The resolved config: trusted, not checked again.
   * @param options Whether to compute the effects, and where recorded values are read.
   */
  constructor(config: ResolvedConfig, options: GenerationOptions = {}) {
    this.config = config;
    this.seed = this.config.general.seed;
    this.names = Object.keys(this.config.metrics);
    this.numSamples = this.config.general.num_samples;
    this.anomalies = listAnomalies(this.config);
    this.#effects = options.effects ?? false;
    this.#recorded = options.recorded;
    this.#noiseFree = options.noiseFree ?? false;
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
   * @param only The metrics to fill (with every metric their formulas read); all by default.
   * @returns The chunk; its arrays are reused by the next call of `chunk`.
   */
  chunk(from: number, to: number, only?: Uint8Array): Chunk {
    this.#checkRange(from, to);
    this.#filler ??= new ChunkFiller(this.#plans(), this.config.general.decimals, this.#effects);
    return this.#filler.fill(from, to, only);
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
    const decimals = this.config.general.decimals;
    const plans = planMetrics(
      this.config,
      (name) => this.#recordedOf(name),
      (some) => new ChunkFiller(some, decimals, false),
    );
    if (this.#noiseFree) {
      for (const plan of plans) {
        plan.noise = undefined;
        plan.counter = undefined;
      }
    }
    return plans;
  }
}
