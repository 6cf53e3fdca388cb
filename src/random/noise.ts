// A metric's noise as a stream over sample indices. Raw draw r comes from block floor(r / B) of
// the metric's stream; the noise of sample k is the mean of raw draws k .. k + w - 1 (w the
// smoothing window), so every sample, the first included, averages w draws: no edge effect.
//
// The window sum is a running sum, recomputed from scratch at every multiple of RESET_PERIOD.
// Its rounding therefore depends only on k, never on where a chunk or a worker began: the same
// bits for any chunk size.

import { BLOCK_SIZE, Xoshiro128 } from "./mod.ts";
import type { Sampler } from "./samplers.ts";

/** Samples between exact recomputations of the window sum: one per block, so a range that starts
 * on a block also starts on a reset. */
export const RESET_PERIOD = BLOCK_SIZE;

/** The noise of one metric, filled chunk by chunk. */
export class NoiseStream {
  readonly #key: bigint;
  readonly #sampler: Sampler;
  readonly #window: number;
  #rng: Xoshiro128 | undefined;
  /** Index of the next raw draw the generator will make. */
  #rawNext = 0;
  /** raw[0 .. #have) holds raw draws #nextSample .. #nextSample + #have. */
  #raw = new Float64Array(0);
  #have = 0;
  /** The sample the next fill starts at, if it continues the previous one. */
  #nextSample = -1;
  #sum = 0;
  /** Raw draw nextSample - 1, which leaves the running sum first. */
  #leaving = 0;

  constructor(key: bigint, sampler: Sampler, window: number) {
    this.#key = key;
    this.#sampler = sampler;
    this.#window = window;
  }

  /** Writes the noise of samples from .. from + out.length into out. */
  fill(out: Float64Array, from: number): void {
    if (from !== this.#nextSample) this.#seek(from);
    this.#fill(out, from);
  }

  /** Restarts at the block holding `from`, which is also a reset point of the running sum. */
  #seek(from: number): void {
    const start = from - (from % BLOCK_SIZE);
    this.#rawNext = start;
    this.#have = 0;
    this.#nextSample = start;
    if (from > start) this.#fill(new Float64Array(from - start), start);
  }

  #fill(out: Float64Array, from: number): void {
    const length = out.length;
    const w = this.#window;
    const need = length + w - 1;
    if (this.#raw.length < need) {
      const grown = new Float64Array(Math.max(need, 2 * this.#raw.length));
      grown.set(this.#raw.subarray(0, this.#have));
      this.#raw = grown;
    }
    const raw = this.#raw;
    this.#generate(raw, this.#have, need - this.#have);
    if (w === 1) {
      out.set(raw.subarray(0, length));
    } else {
      let sum = this.#sum;
      let leaving = this.#leaving;
      for (let i = 0; i < length; i++) {
        if ((from + i) % RESET_PERIOD === 0) {
          sum = 0;
          for (let j = i; j < i + w; j++) sum += raw[j];
        } else {
          sum = sum - leaving + raw[i + w - 1];
        }
        out[i] = sum / w;
        leaving = raw[i];
      }
      this.#sum = sum;
      this.#leaving = leaving;
    }
    raw.copyWithin(0, length, need);
    this.#have = w - 1;
    this.#nextSample = from + length;
  }

  /** Generates `count` raw draws into raw[offset ..], crossing block boundaries. */
  #generate(raw: Float64Array, offset: number, count: number): void {
    while (count > 0) {
      // Draws always start on a block (seeks go to block starts), so the generator is seeded
      // here, once per block.
      const block = Math.floor(this.#rawNext / BLOCK_SIZE);
      if (this.#rawNext % BLOCK_SIZE === 0) this.#rng = Xoshiro128.forBlock(this.#key, block);
      const n = Math.min(count, (block + 1) * BLOCK_SIZE - this.#rawNext);
      this.#sampler(this.#rng!, raw, offset, offset + n);
      this.#rawNext += n;
      offset += n;
      count -= n;
    }
  }
}
