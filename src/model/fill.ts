// Chunks filled from the plan: x_j(k) = B_j(k) * PRODUCT_i m_i(k) + A_j(k) + G_j(k) e_j(k), then
// step_size, bounds and decimals; counters integrated, flatline and missing windows applied.
// Buffers are reused from chunk to chunk, so memory does not grow with num_samples.

import { fillEnvelope } from "../config/patterns.ts";
import { applySeasonFaults, fillBaseline } from "./baseline.ts";
import type { Chunk, ObservedSamples } from "./dataset.ts";
import { type CounterPlan, fillOrder, type MetricPlan } from "./plan.ts";
import { inherit } from "./propagation.ts";
import { roundHalfEven, roundToScale } from "./round.ts";
import type { ObservedInputs } from "./observe.ts";

/** Numbers each fill, so a histogram's columns share one piece of work per fill. */
let fills = 0;

/** Buffers a chunk's baseline and faults are worked out in, shared by the metrics in turn. */
type Scratch = {
  envelope: Float64Array;
  offsets: Float64Array;
  gains: Float64Array;
  after: Float64Array;
  base: Float64Array;
};

function scratch(length: number): Scratch {
  return {
    envelope: new Float64Array(length),
    offsets: new Float64Array(length),
    gains: new Float64Array(length),
    after: new Float64Array(length),
    base: new Float64Array(length),
  };
}

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

/** Fills chunks from the metrics' plans into buffers it reuses, grown as needed. */
export class ChunkFiller {
  readonly #plans: MetricPlan[];
  readonly #order: number[];
  readonly #scale: number;
  #values: Float64Array[] = [];
  #labels: Uint8Array[] = [];
  #effects: Float64Array[] = [];
  #rates: Float64Array[] = [];
  #noise = new Float64Array(0);
  #scratch: Scratch = scratch(0);
  #views?: {
    length: number;
    values: Float64Array[];
    labels: Uint8Array[];
    effects: Float64Array[];
    noise: Float64Array;
    rates: (Float64Array | undefined)[];
  };
  readonly #withEffects: boolean;

  readonly #decimals: number | "full";

  constructor(plans: MetricPlan[], decimals: number | "full", effects: boolean) {
    this.#plans = plans;
    this.#order = fillOrder(plans);
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
      const value = window.kind === "missing"
        ? NaN
        : window.value !== undefined
        ? this.#platform(plan, window.value)
        : this.#held(plan, i);
      for (let k = lo; k < hi; k++) {
        values[k - from] = value;
        labels[k - from] = 1;
      }
      if (rates && window.kind === "missing") rates.fill(NaN, lo - from, hi - from);
    });
  }

  /** A platform's value as the metric writes values: rounded to its decimals (counters: whole). */
  #platform(plan: MetricPlan, value: number): number {
    if (plan.counter) return Math.round(value);
    return this.#scale !== 0 ? roundToScale(value, this.#scale) : value;
  }

  /** The value flatline `i` holds: the metric's sample before it, with the earlier windows. */
  #held(plan: MetricPlan, i: number): number {
    if (plan.held[i] === undefined) {
      const { at } = plan.windows[i];
      const k = at > 0 ? at - 1 : at;
      // Its own copy of a counter's state, so this look back does not move the main one.
      const counter = plan.counter && { ...plan.counter, rates: undefined };
      const before: MetricPlan = { ...plan, windows: plan.windows.slice(0, i), counter };
      if (!plan.formula) {
        const filler = new ChunkFiller([before], this.#decimals, false);
        plan.held[i] = filler.fill(k, k + 1).values[0][0];
      } else {
        // A derived metric needs the metrics it reads: all of them, their counters copied.
        const j = plan.index;
        const plans = this.#plans.map((other, m) =>
          m === j
            ? before
            : other.counter
            ? { ...other, counter: { ...other.counter, rates: undefined } }
            : other
        );
        plan.held[i] = new ChunkFiller(plans, this.#decimals, false).fill(k, k + 1).values[j][0];
      }
    }
    return plan.held[i];
  }

  /**
   * Fills samples from .. to of every metric, or with `only` of the metrics it marks (they must
   * hold every metric their formulas read): the others keep what they held.
   */
  fill(from: number, to: number, only?: Uint8Array): Chunk {
    const length = to - from;
    if (this.#noise.length < length) {
      this.#values = this.#plans.map(() => new Float64Array(length));
      this.#labels = this.#plans.map(() => new Uint8Array(length));
      if (this.#withEffects) this.#effects = this.#plans.map(() => new Float64Array(length));
      this.#rates = this.#plans.map((plan) => new Float64Array(countsOn(plan) ? length : 0));
      this.#noise = new Float64Array(length);
      this.#scratch = scratch(length);
    }
    // The views of the last length are kept: with many metrics (series), making them again for
    // every one-sample chunk of a live endpoint cost more than filling them.
    if (this.#views?.length !== length || this.#views.noise.buffer !== this.#noise.buffer) {
      this.#views = {
        length,
        values: this.#values.map((buffer) => buffer.subarray(0, length)),
        labels: this.#labels.map((buffer) => buffer.subarray(0, length)),
        effects: this.#effects.map((buffer) => buffer.subarray(0, length)),
        noise: this.#noise.subarray(0, length),
        rates: this.#plans.map((plan, j) =>
          countsOn(plan) ? this.#rates[j].subarray(0, length) : undefined
        ),
      };
    }
    const { values, labels, effects, noise, rates } = this.#views;
    const stamp = ++fills;
    let observed: (ObservedSamples | undefined)[] | undefined;
    for (const j of this.#order) {
      if (only && !only[j]) continue;
      const plan = this.#plans[j];
      if (plan.observes) {
        const { group, slot } = plan.observes;
        const source = group.source;
        const rate = group.rate;
        const inputs: ObservedInputs = {
          location: values[source],
          labels: labels[source],
          ...(rate !== undefined
            ? {
              rates: rates[rate] ?? values[rate],
              rateLabels: labels[rate],
              ...(effects.length > 0 ? { rateEffects: effects[rate] } : {}),
            }
            : {}),
        };
        const out = group.columns(stamp, from, inputs, effects.length > 0);
        values[j].set(out.values[slot]);
        if (rates[j]) rates[j]!.set(out.rates[slot]!);
        if (effects.length > 0) effects[j].set(out.effects[slot]);
        const mark = labels[j];
        mark.set(labels[source]);
        if (rate !== undefined) { for (let i = 0; i < length; i++) mark[i] |= labels[rate][i]; }
        if (!observed?.[source]) (observed ??= [])[source] = group.observed(values[source]);
        continue;
      }
      // A counter's rate is not rounded to decimals: its counts are integers.
      const scale = plan.counter ? 0 : this.#scale;
      if (plan.formula) {
        // A formula reads a counter's rate, and every other metric's final value.
        const inputs = plan.formula.inputs;
        const read = inputs.map((m) => rates[m] ?? values[m]);
        deriveBaseline(
          plan,
          read,
          inputs.map((m) => labels[m]),
          effects.length > 0 ? inputs.map((m) => effects[m]) : undefined,
          values[j],
          labels[j],
          this.#scratch.base,
        );
      }
      fillMetric(plan, from, values[j], labels[j], effects[j], noise, this.#scratch, scale);
      if (plan.counter) {
        rates[j]!.set(values[j]);
        integrate(plan, plan.counter, from, values[j], labels[j]);
      }
      if (plan.windows.length > 0) this.#applyWindows(plan, from, values[j], labels[j], rates[j]);
      if (plan.life) applyLife(plan.life, from, values[j], labels[j]);
    }
    return observed
      ? { from, to, values, labels, effects, rates, observed }
      : { from, to, values, labels, effects, rates };
  }
}

/** Whether a metric's chunks carry a rate: a counter's, a histogram's or summary's counts'. */
function countsOn(plan: MetricPlan): boolean {
  return plan.counter !== undefined || plan.observes?.counts === true;
}

/** A series outside its life has no samples (NaN), and no label (its faults fit in its life). */
function applyLife(
  life: readonly [number, number],
  from: number,
  values: Float64Array,
  labels: Uint8Array,
): void {
  const n = values.length;
  const before = Math.min(n, Math.max(0, life[0] - from));
  const after = Math.max(0, Math.min(n, life[1] + 1 - from));
  values.fill(NaN, 0, before);
  labels.fill(0, 0, before);
  values.fill(NaN, after, n);
  labels.fill(0, after, n);
}

/**
 * A derived metric's B(k) (SPEC section 15): its formula over what it reads, into `values`; it is
 * labelled where any of them is. With effects, `base` gets the formula over what they would be
 * without their faults (each value less its effect): the twin its own effect is measured from.
 */
function deriveBaseline(
  plan: MetricPlan,
  read: readonly Float64Array[],
  inputLabels: readonly Uint8Array[],
  inputEffects: readonly Float64Array[] | undefined,
  values: Float64Array,
  labels: Uint8Array,
  base: Float64Array,
): void {
  const formula = plan.formula!;
  const n = values.length;
  formula.program.evaluate(read, values);
  labels.fill(0);
  for (const input of inputLabels) for (let i = 0; i < n; i++) labels[i] |= input[i];
  if (!inputEffects) return;
  if (formula.twins.length === 0 || formula.twins[0].length < n) {
    formula.twins = read.map(() => new Float64Array(n));
  }
  const twins = read.map((x, m) => {
    const twin = formula.twins[m].subarray(0, n);
    const effect = inputEffects[m];
    for (let i = 0; i < n; i++) twin[i] = x[i] - effect[i];
    return twin;
  });
  formula.program.evaluate(twins, base.subarray(0, n));
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
  else if (plan.formula) {
    // deriveBaseline has made B(k), its labels and (with effects) its twin in scratch.base.
  } else if (plan.baseline) fillBaseline(plan.baseline, plan.value, from, values, scratch.after);
  else values.fill(plan.value);
  // The effects need B(k) once the faults have moved it.
  const base = effects && (plan.baseline || plan.recorded || plan.formula)
    ? scratch.base.subarray(0, length)
    : undefined;
  if (!plan.formula) {
    base?.set(values);
    labels.fill(0);
  }
  // Faults on the seasons move B(k) itself: what pattern faults then multiply.
  if (plan.seasonFaults.length > 0 && plan.baseline) {
    applySeasonFaults(
      plan.baseline,
      plan.seasonFaults,
      plan.value,
      from,
      values,
      labels,
      scratch.after,
    );
  }
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
  // An extremum is one sample's offset: size noise deviations.
  for (const { at, add } of plan.extrema) {
    if (at >= from && at < from + length) {
      values[at - from] += add;
      labels[at - from] = 1;
    }
  }
  // Windows only labelled here (decouple acts on the coupling of the noise).
  for (const { at, length: span } of plan.marks) {
    const lo = Math.max(from, at);
    const hi = Math.min(from + length, at + span);
    if (lo < hi) labels.fill(1, lo - from, hi - from);
  }
  if (effects !== undefined) {
    const v = plan.value;
    for (let i = 0; i < length; i++) {
      const effect = values[i] - (base ? base[i] : v);
      // A derived metric is missing where what it reads is: no deviation to give there.
      effects[i] = effect !== effect ? 0 : scale !== 0 ? roundToScale(effect, scale) : effect;
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
