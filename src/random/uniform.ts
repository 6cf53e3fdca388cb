// Uniform doubles in [0, 1) by index: draw i of a stream is double i mod BLOCK_SIZE of block
// floor(i / BLOCK_SIZE), each block seeded on its own, so any draw is found without the ones
// before its block: what shapes, jumps and events read at the index of a sample or an event.

import { BLOCK_SIZE, Xoshiro128 } from "./mod.ts";

/** One stream's uniform draws, read by index; the block last read is kept. */
export class UniformStream {
  readonly #key: bigint;
  readonly #block = new Float64Array(BLOCK_SIZE);
  #number = -1;

  /** The stream keyed by `key` (from {@linkcode streamKey}). */
  constructor(key: bigint) {
    this.#key = key;
  }

  /** Draw `i` (an integer >= 0), a double in [0, 1) with 53 random bits. */
  at(i: number): number {
    const number = Math.floor(i / BLOCK_SIZE);
    if (number !== this.#number) {
      const rng = Xoshiro128.forBlock(this.#key, number);
      for (let j = 0; j < BLOCK_SIZE; j++) this.#block[j] = rng.nextDouble();
      this.#number = number;
    }
    return this.#block[i - number * BLOCK_SIZE];
  }
}
