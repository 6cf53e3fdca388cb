// The model: a config ready to generate. x_j(k) = v_j * PRODUCT_i m_i(k) + e_j(k), then
// step_size, then decimals, made chunk by chunk so memory does not grow with num_samples; a
// sample's value depends only on the seed, its metric's name and its index.
//
// What lives here: the public generator (this module, which checks a config) and the generation
// behind it (generation.ts, which takes a resolved config as it is), the plan (plan.ts),
// baselines (baseline.ts), chunk filling (fill.ts), a histogram's or summary's columns counted
// from its location (observe.ts), the faults as injected (faults.ts), propagation, rounding and
// sample times. It may import text/,
// random/, input/ (types) and config/; formats, truth and the picture read it, never the reverse.

import { hasRate } from "../config/distributions.ts";
import type { Config, ResolvedConfig } from "../config/types.ts";
import { resolveConfig } from "../config/mod.ts";
import type { RecordedInfo, RecordedSource } from "../input/mod.ts";
import type { Chunk, ChunksOptions, Dataset, InjectedAnomaly } from "./dataset.ts";
import { Generation } from "./generation.ts";
import { sampleTimeMs } from "./time.ts";

export type {
  Chunk,
  ChunksOptions,
  Dataset,
  FaultEffect,
  InjectedAnomaly,
  InjectedExtremumFault,
  InjectedFault,
  InjectedPatternFault,
  InjectedResetFault,
  InjectedSeasonFault,
  InjectedWindowFault,
  ObservedSamples,
} from "./dataset.ts";

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
  readonly #generation: Generation;

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
    this.#generation = new Generation(this.config, {
      effects: options.effects,
      recorded: options.recorded,
    });
    this.seed = this.#generation.seed;
    this.names = this.#generation.names;
    this.numSamples = this.#generation.numSamples;
    this.anomalies = this.#generation.anomalies;
  }

  /**
   * Generates the samples in chunks. Each call starts afresh; the values of a sample do not
   * depend on the chunk size or the range asked for.
   *
   * @param options Chunk size and sample range.
   * @returns The chunks, in order; their arrays are reused from one chunk to the next.
   */
  chunks(options: ChunksOptions = {}): Generator<Chunk> {
    return this.#generation.chunks(options);
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
    return this.#generation.chunk(from, to);
  }
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
  const counters = generator.names.filter((name) => hasRate(generator.config.metrics[name]));
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
