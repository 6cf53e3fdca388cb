// The columns of a histogram or summary metric, filled from the metric's location (its final
// value), the location it would have had without its faults (its twin), and the observations
// each sample adds: n(k) = round_half_even(max(0, rate(k)) * interval). While the metric is
// labelled a share `hit` of them sit at the location, the rest at the twin's; otherwise all at the
// location. A bucket adds round_half_even(n F(le)) a sample (monotone in le, n at +Inf), `_sum`
// n times the mixture's mean, `_count` n; each counts on from the first sample. A quantile is the
// mixture's at that sample. Where the location is missing, so are the columns, and nothing is
// counted.

import type { ResolvedConfig } from "../config/types.ts";
import {
  DEFAULT_HIT,
  DISTRIBUTION_LAWS,
  type DistributionLaw,
  mixtureCdf,
  mixtureQuantile,
  normalScores,
} from "../config/distributions.ts";
import { roundHalfEven, roundToScale } from "./round.ts";
import { normalCdf } from "../config/_gauss.ts";
import type { Chunk, ObservedSamples } from "./dataset.ts";

/** What an observed column is made from, once per chunk: see the module's comment. */
export interface ObservedInputs {
  /** The location, final (NaN: missing). */
  readonly location: Float64Array;
  /** Where the location is labelled. */
  readonly labels: Uint8Array;
  /** The counter's rates, when `rate` names one. */
  readonly rates?: Float64Array;
  /** The counter's labels, when `rate` names one. */
  readonly rateLabels?: Uint8Array;
  /** The counter's effects (its rate's deviation), when effects are asked for. */
  readonly rateEffects?: Float64Array;
}

/** Fills some metrics of a run's plans (a chunk filler), those `only` marks. */
export interface SourceFiller {
  fill(from: number, to: number, only: Uint8Array): Chunk;
}

/** Samples counted up per fill when a histogram counts up to a chunk that does not follow. */
const CATCH_UP_BLOCK = 4096;

/**
 * What every histogram and summary of a run reads besides the chunk being filled, filled once for
 * all of them: their locations and rates from the first sample (a block made alone counts up to
 * its start), and their twins. Each filler is made of fresh plans, whose noise streams and counts
 * are not the run's, and fills every location (and rate) at once, so a config of many histograms
 * counts up in one pass, not one per histogram.
 */
export class ObservedSources {
  readonly #groups: ObservedGroup[] = [];
  readonly #inputMask: Uint8Array;
  readonly #twinMask: Uint8Array;
  readonly #makeInputs: () => SourceFiller;
  readonly #makeTwin: () => SourceFiller;
  #inputs?: SourceFiller;
  #twin?: SourceFiller;
  /** The twins' range last filled, and their values (the filler's buffers: good until the next). */
  #twinFrom = -1;
  #twinTo = -1;
  #twinValues: readonly Float64Array[] = [];

  /**
   * @param metrics How many metrics (columns) the run has.
   * @param inputs Makes a filler of the run's plans.
   * @param twin Makes a filler of the plans of the run without faults.
   */
  constructor(metrics: number, inputs: () => SourceFiller, twin: () => SourceFiller) {
    this.#inputMask = new Uint8Array(metrics);
    this.#twinMask = new Uint8Array(metrics);
    this.#makeInputs = inputs;
    this.#makeTwin = twin;
  }

  /** Registers a histogram: its location and rate are filled from now on. */
  add(group: ObservedGroup): void {
    this.#groups.push(group);
    this.#inputMask[group.source] = 1;
    this.#twinMask[group.source] = 1;
    if (group.rate !== undefined) this.#inputMask[group.rate] = 1;
  }

  /** Every twin location of samples from .. to (filled once per range). */
  twins(from: number, to: number): readonly Float64Array[] {
    if (from !== this.#twinFrom || to !== this.#twinTo) {
      this.#twin ??= this.#makeTwin();
      this.#twinValues = this.#twin.fill(from, to, this.#twinMask).values;
      this.#twinFrom = from;
      this.#twinTo = to;
    }
    return this.#twinValues;
  }

  /** Counts every histogram not yet through sample from - 1 up to it (from the start if ahead). */
  catchUp(from: number): void {
    const lagging = this.#groups.filter((group) => group.through !== from - 1);
    let start = from;
    for (const group of lagging) {
      if (group.through > from - 1) group.reset();
      start = Math.min(start, group.through + 1);
    }
    if (start >= from) return;
    this.#inputs ??= this.#makeInputs();
    for (let k = start; k < from; k += CATCH_UP_BLOCK) {
      const to = Math.min(from, k + CATCH_UP_BLOCK);
      const chunk = this.#inputs.fill(k, to, this.#inputMask);
      for (const group of lagging) {
        const first = group.through + 1;
        if (first >= to) continue;
        const inputs = group.inputsOf(chunk, first - k);
        const twin = group.needsTwin(inputs.labels, false)
          ? this.twins(k, to)[group.source].subarray(first - k)
          : undefined;
        group.count(first, inputs, twin);
      }
    }
  }
}

/**
 * Φ(z), exactly 0 or 1 beyond 9 deviations: there a whole count n (< 2^53) times the tail rounds
 * to the same, and Φ itself rounds to 1 in doubles.
 */
function cdfOf(z: number): number {
  return z > 9 ? 1 : z < -9 ? 0 : normalCdf(z);
}

/**
 * One histogram or summary: the state its columns share, and their values chunk by chunk. The plan
 * makes one per histogram; a chunk's `observed` gives its samples' observations.
 *
 * @example Ten observations a sample, half of them below the median
 * ```ts
 * import { createGenerator } from "../../mod.ts";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const generator = createGenerator({
 *   general: { seed: 1, num_samples: 3 },
 *   metrics: { lat: { type: "histogram", value: 0.1, buckets: [0.1], rate: 10 } },
 * });
 * const chunk = generator.chunk(0, 3);
 * deepStrictEqual([...chunk.values[1]], [5, 10, 15]); // lat_bucket{le="0.1"}
 * const observed = chunk.observed![0]!;
 * deepStrictEqual([...observed.observations], [10, 10, 10]);
 * strictEqual(observed.mixture(0).cdf(0.1), 0.5);
 * ```
 */
export class ObservedGroup {
  readonly source: number;
  readonly rate: number | undefined;
  readonly #rateValue: number;
  readonly #interval: number;
  readonly #law: DistributionLaw;
  readonly #spread: number;
  readonly #hit: number;
  /** Bucket upper bounds (+Inf last), or quantiles. */
  readonly #bounds: number[];
  /** The bounds in the law's space (ln le for a log-normal; -Infinity for le <= 0). */
  readonly #tBounds: number[];
  readonly #scores: number[];
  readonly #histogram: boolean;
  readonly #scale: number;
  /** Through which sample the counts run (-1: none yet), and the counts. */
  #through = -1;
  #counts: Float64Array;
  #sum = 0;
  #count = 0;
  /** The last chunk's columns: bounds (buckets or quantiles), then sum, then count. */
  #out: Float64Array[] = [];
  /** The last chunk's counts per second, of the columns that count (buckets, sum, count). */
  #rates: (Float64Array | undefined)[] = [];
  #effects: Float64Array[] = [];
  /** The last chunk's observations, twin locations and hit shares, per sample. */
  #n = new Float64Array(0);
  #h = new Float64Array(0);
  #w = new Float64Array(0);
  #stamp = -1;
  readonly #sources: ObservedSources;

  /**
   * @param config The resolved config.
   * @param name The observed metric's key.
   * @param columns Column indices of the config's metrics.
   * @param sources What the run's histograms read besides the chunk: the group registers there.
   */
  constructor(
    config: ResolvedConfig,
    name: string,
    columns: ReadonlyMap<string, number>,
    sources: ObservedSources,
  ) {
    const metric = config.metrics[name];
    this.source = columns.get(name)!;
    this.rate = typeof metric.rate === "string" ? columns.get(metric.rate) : undefined;
    this.#rateValue = typeof metric.rate === "number" ? metric.rate : 0;
    this.#interval = config.general.interval;
    this.#law = DISTRIBUTION_LAWS[metric.distribution ?? "lognormal"];
    this.#spread = metric.spread ?? DISTRIBUTION_LAWS[metric.distribution ?? "lognormal"]
      .defaultSpread!;
    this.#hit = metric.hit ?? DEFAULT_HIT;
    this.#histogram = metric.type === "histogram";
    this.#bounds = this.#histogram
      ? [...metric.buckets ?? [], Infinity]
      : [...metric.quantiles ?? []];
    this.#scores = this.#histogram ? [] : normalScores(this.#bounds);
    this.#tBounds = this.#bounds.map((le) =>
      this.#law.positive && !(le > 0) ? -Infinity : this.#law.transform(le)
    );
    this.#counts = new Float64Array(this.#histogram ? this.#bounds.length : 0);
    const decimals = config.general.decimals;
    this.#scale = decimals === "full" ? 0 : 10 ** decimals;
    this.#sources = sources;
    sources.add(this);
  }

  /** The last sample counted (-1: none yet). */
  get through(): number {
    return this.#through;
  }

  /** Forgets the counts: counting starts again from the first sample. */
  reset(): void {
    this.#through = -1;
    this.#counts.fill(0);
    this.#sum = 0;
    this.#count = 0;
  }

  /** Counts samples from .. from + inputs' length on, writing no column: counting up. */
  count(from: number, inputs: ObservedInputs, twin: Float64Array | undefined): void {
    this.#add(from, inputs, twin, undefined);
  }

  /** The group's inputs in a chunk of the run's metrics, from its sample `offset` on. */
  inputsOf(chunk: Chunk, offset: number): ObservedInputs {
    const cut = <T extends Float64Array | Uint8Array>(x: T): T =>
      (offset === 0 ? x : x.subarray(offset)) as T;
    const rate = this.rate;
    return {
      location: cut(chunk.values[this.source]),
      labels: cut(chunk.labels[this.source]),
      ...(rate !== undefined
        ? {
          rates: cut(chunk.rates[rate] ?? chunk.values[rate]),
          rateLabels: cut(chunk.labels[rate]),
        }
        : {}),
    };
  }

  /**
   * Whether the twin is read: where the location is labelled the hit share differs from it (or,
   * with effects, it is what they are measured from).
   */
  needsTwin(labels: Uint8Array, effects: boolean): boolean {
    if (this.#hit >= 1 && !effects) return false;
    return labels.includes(1);
  }

  /**
   * The group's columns for samples from .. from + length, worked out once per `stamp` (one fill).
   *
   * @param stamp The fill's number: a new one works the chunk out.
   * @param from First sample.
   * @param inputs The chunk's inputs, filled already.
   * @param effects Whether to work out the effects too.
   * @returns Per slot (bounds, sum, count), its values, what it counts a second (a column that
   * counts: as a counter's rate) and effects.
   */
  columns(
    stamp: number,
    from: number,
    inputs: ObservedInputs,
    effects: boolean,
  ): { values: Float64Array[]; rates: (Float64Array | undefined)[]; effects: Float64Array[] } {
    if (stamp !== this.#stamp) {
      this.#stamp = stamp;
      this.#work(from, inputs, effects);
    }
    return { values: this.#out, rates: this.#rates, effects: this.#effects };
  }

  #work(from: number, inputs: ObservedInputs, effects: boolean): void {
    const length = inputs.location.length;
    const slots = this.#bounds.length + 2;
    if (this.#out.length === 0 || this.#out[0].length !== length) {
      this.#out = Array.from({ length: slots }, () => new Float64Array(length));
      this.#rates = Array.from(
        { length: slots },
        (_, b) =>
          this.#histogram || b >= this.#bounds.length ? new Float64Array(length) : undefined,
      );
      this.#effects = effects ? Array.from({ length: slots }, () => new Float64Array(length)) : [];
      this.#n = new Float64Array(length);
      this.#h = new Float64Array(length);
      this.#w = new Float64Array(length);
    }
    if (this.#through !== from - 1) this.#sources.catchUp(from);
    const twin = this.needsTwin(inputs.labels, effects)
      ? this.#sources.twins(from, from + length)[this.source]
      : undefined;
    this.#add(from, inputs, twin, this.#out);
    if (effects) this.#effectsOf(inputs, twin);
  }

  /** Observations in a sample. */
  #observations(inputs: ObservedInputs, i: number): number {
    const rate = inputs.rates ? inputs.rates[i] : this.#rateValue;
    return rate === rate ? roundHalfEven(Math.max(0, rate) * this.#interval) : 0;
  }

  /** Counts samples from .. from + length on, writing the columns into `out` when given. */
  #add(
    from: number,
    inputs: ObservedInputs,
    twin: Float64Array | undefined,
    out: Float64Array[] | undefined,
  ): void {
    const { location, labels } = inputs;
    const law = this.#law;
    const spread = this.#spread;
    const bounds = this.#bounds;
    const nb = bounds.length;
    const scale = this.#scale;
    for (let i = 0; i < location.length; i++) {
      const m = location[i];
      if (m !== m) {
        if (out) {
          for (const column of out) column[i] = NaN;
          for (const column of this.#rates) if (column) column[i] = NaN;
          this.#n[i] = NaN;
        }
        continue;
      }
      const w = labels[i] && twin ? this.#hit : 0;
      const h = w > 0 ? twin![i] : m;
      // The twin is missing only outside the metric's life, where the location is too.
      const weight = h === h ? w : 1;
      const n = this.#observations(inputs, i);
      if (out) {
        this.#n[i] = n;
        this.#h[i] = h;
        this.#w[i] = weight;
      }
      // One law (no fault hits): F(le) = Φ((t(le) - t(m)) / spread), t(le) worked out once.
      const single = weight <= 0 || weight >= 1;
      const tm = single && !(law.positive && !(m > 0)) ? law.transform(m) : NaN;
      if (this.#histogram) {
        for (let b = 0; b < nb; b++) {
          const bound = bounds[b];
          const inc = bound === Infinity
            ? n
            : tm === tm
            ? roundHalfEven(n * cdfOf((this.#tBounds[b] - tm) / spread))
            : roundHalfEven(n * mixtureCdf(law, spread, m, h, weight, bound));
          this.#counts[b] += inc;
          if (out) {
            out[b][i] = this.#counts[b];
            this.#rates[b]![i] = inc / this.#interval;
          }
        }
      } else if (out) {
        for (let b = 0; b < nb; b++) {
          const q = mixtureQuantile(law, spread, m, h, weight, this.#scores[b], bounds[b]);
          out[b][i] = scale !== 0 ? roundToScale(q, scale) : q;
        }
      }
      const added = n * this.#mean(m, h, weight);
      this.#sum += added;
      this.#count += n;
      if (out) {
        out[nb][i] = scale !== 0 ? roundToScale(this.#sum, scale) : this.#sum;
        out[nb + 1][i] = this.#count;
        this.#rates[nb]![i] = added / this.#interval;
        this.#rates[nb + 1]![i] = n / this.#interval;
      }
    }
    this.#through = from + location.length - 1;
  }

  #mean(m: number, h: number, weight: number): number {
    const law = this.#law;
    const one = (x: number) => law.positive && !(x > 0) ? 0 : law.mean(x, this.#spread);
    return weight <= 0 || weight >= 1 ? one(m) : (1 - weight) * one(h) + weight * one(m);
  }

  /**
   * Each column's deviation from what it would add without the faults: the twin's location and
   * the counter's rate less its effect; 0 where neither is labelled.
   */
  #effectsOf(inputs: ObservedInputs, twin: Float64Array | undefined): void {
    const { location, labels, rates, rateLabels, rateEffects } = inputs;
    const law = this.#law;
    const spread = this.#spread;
    const bounds = this.#bounds;
    const nb = bounds.length;
    const scale = this.#scale;
    const round = (x: number) => scale !== 0 ? roundToScale(x, scale) : x;
    for (const column of this.#effects) column.fill(0);
    for (let i = 0; i < location.length; i++) {
      const m = location[i];
      if (m !== m || !(labels[i] || rateLabels?.[i])) continue;
      const h0 = twin && twin[i] === twin[i] ? twin[i] : m;
      const w = labels[i] ? this.#hit : 0;
      const h = w > 0 ? h0 : m;
      const n = this.#observations(inputs, i);
      const r0 = rates ? rates[i] - (rateEffects?.[i] ?? 0) : this.#rateValue;
      const n0 = r0 === r0 ? roundHalfEven(Math.max(0, r0) * this.#interval) : 0;
      for (let b = 0; b < nb; b++) {
        const bound = bounds[b];
        if (this.#histogram) {
          const now = bound === Infinity
            ? n
            : roundHalfEven(n * mixtureCdf(law, spread, m, h, w, bound));
          const before = bound === Infinity
            ? n0
            : roundHalfEven(n0 * mixtureCdf(law, spread, h0, h0, 0, bound));
          this.#effects[b][i] = now - before;
        } else {
          const z = this.#scores[b];
          const q = mixtureQuantile(law, spread, m, h, w, z, bound);
          this.#effects[b][i] = round(q - mixtureQuantile(law, spread, h0, h0, 0, z, bound));
        }
      }
      this.#effects[nb][i] = round(n * this.#mean(m, h, w) - n0 * this.#mean(h0, h0, 0));
      this.#effects[nb + 1][i] = n - n0;
    }
  }

  /**
   * The observations of the last chunk's samples, for a native histogram: how many each adds
   * (NaN: the location is missing), how they are spread, and the mean they add to `_sum`.
   *
   * @param location The location column of the chunk.
   * @returns The samples' observations.
   */
  observed(location: Float64Array): ObservedSamples {
    const law = this.#law;
    const spread = this.#spread;
    return {
      observations: this.#n,
      mixture: (i) => {
        const m = location[i];
        const h = this.#h[i];
        const w = this.#w[i];
        return { cdf: (x) => mixtureCdf(law, spread, m, h, w, x) };
      },
      mean: (i) => this.#mean(location[i], this.#h[i], this.#w[i]),
    };
  }
}
