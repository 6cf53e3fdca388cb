// Metrics that move together (SPEC section 18): a coupled metric's noise follows its parents',
//
//     n'_j(k) = sqrt(1 - SUM_p c_jp^2) * n_j(k) + SUM_p c_jp * sd_j / sd_p * n'_p(k - lag_jp),
//
// with n'_p = 0 before sample 0 and n'_j = n_j inside a decouple window of j. n'_j(k) is a
// function of k alone (each n_j(k) is, and the sum is made in one order), so a chunk may start
// anywhere: each metric keeps the stretch of n' its children's lags still read, and works the
// rest out again, from its own stream and its parents', where a range does not follow on.

import type { NoiseStream } from "../random/noise.ts";

/** A metric's noise as the chunks read it: its own stream, or its coupled noise. */
export interface NoiseSource {
  /** Writes the noise of samples from .. from + out.length into out. */
  fill(out: Float64Array, from: number): void;
}

/** A coupled parent: its noise, c_jp * sd_j / sd_p, and its lag in samples. */
export interface CoupledParent {
  readonly noise: CoupledNoise;
  readonly coefficient: number;
  readonly lag: number;
}

/** The noise n' of a metric that follows its parents' or is followed by its children. */
export class CoupledNoise implements NoiseSource {
  readonly #own: NoiseStream;
  /** sqrt(1 - SUM_p c_jp^2): exactly 1 for a metric that only leads. */
  readonly #ownScale: number;
  readonly #parents: readonly CoupledParent[];
  /** Decouple windows: [at, at + length) of samples where n' is the own noise alone. */
  readonly #decoupled: readonly { at: number; length: number }[];
  /** Samples before a range's start to keep: the longest total lag a reader asks for. */
  readonly #keep: number;
  /** n' over [#first, #end). */
  #buffer = new Float64Array(0);
  #first = 0;
  #end = 0;
  #ownNoise = new Float64Array(0);

  /**
   * @param own The metric's own noise n_j.
   * @param ownScale sqrt(1 - the sum of its couplings' squares).
   * @param parents Its coupled parents, in its depends_on order.
   * @param decoupled Its decouple windows.
   * @param keep The longest total lag at which it is read, along any path of couplings.
   */
  constructor(
    own: NoiseStream,
    ownScale: number,
    parents: readonly CoupledParent[],
    decoupled: readonly { at: number; length: number }[],
    keep: number,
  ) {
    this.#own = own;
    this.#ownScale = ownScale;
    this.#parents = parents;
    this.#decoupled = decoupled;
    this.#keep = keep;
  }

  fill(out: Float64Array, from: number): void {
    out.set(this.range(from, from + out.length));
  }

  /** n' over samples a .. b; valid until the next call. */
  range(a: number, b: number): Float64Array {
    if (a >= this.#first && b <= this.#end) {
      return this.#buffer.subarray(a - this.#first, b - this.#first);
    }
    // A range that starts before the stretch held, or far beyond it, starts afresh, `keep`
    // samples early: the children's lags read those next (a block of a worker, a shard).
    if (a < this.#first || a - this.#keep > this.#end) this.#first = this.#end = a - this.#keep;
    const first = Math.max(this.#first, a - this.#keep);
    const end = Math.max(b, this.#end);
    if (this.#buffer.length < end - first) {
      const grown = new Float64Array(Math.max(end - first, 2 * this.#buffer.length));
      grown.set(this.#buffer.subarray(first - this.#first, this.#end - this.#first));
      this.#buffer = grown;
    } else {
      this.#buffer.copyWithin(0, first - this.#first, this.#end - this.#first);
    }
    const from = this.#end;
    this.#first = first;
    this.#end = end;
    this.#compute(from, end, this.#buffer.subarray(from - first, end - first));
    return this.#buffer.subarray(a - first, b - first);
  }

  /** n' over lo .. hi into out, in one order of operations whatever the range. */
  #compute(lo: number, hi: number, out: Float64Array): void {
    // Before sample 0 there is no noise.
    const start = Math.min(Math.max(0, lo), hi);
    out.fill(0, 0, start - lo);
    if (start === hi) return;
    const length = hi - start;
    if (this.#ownNoise.length < length) this.#ownNoise = new Float64Array(length);
    const own = this.#ownNoise.subarray(0, length);
    this.#own.fill(own, start);
    const mixed = out.subarray(start - lo);
    const scale = this.#ownScale;
    for (let i = 0; i < length; i++) mixed[i] = scale * own[i];
    for (const { noise, coefficient, lag } of this.#parents) {
      const parent = noise.range(start - lag, hi - lag);
      for (let i = 0; i < length; i++) mixed[i] += coefficient * parent[i];
    }
    for (const { at, length: span } of this.#decoupled) {
      const from = Math.max(start, at);
      const to = Math.min(hi, at + span);
      for (let k = from; k < to; k++) mixed[k - start] = own[k - start];
    }
  }
}
