// The random streams. Pinned: changing any number here changes every dataset, so it is a major
// version. Golden values in tests/prng_test.ts hold it still.
//
// What lives here: the generator and its seeding (this module), the samplers of each law
// (samplers.ts), a metric's noise stream with its smoothing (noise.ts), uniform draws read by
// index (uniform.ts: jumps, shapes), and the one draw of a seed for configs that give none
// (seed.ts). It may import nothing of ours.
//
// - Generator: xoshiro128** 1.1 (Blackman and Vigna), 32-bit words, so it runs on JavaScript's
//   integer ops without BigInt.
// - Doubles: two outputs give 27 + 26 high bits, 53 in all (as genrand_res53 does).
// - Seeding: SplitMix64's finaliser (Stafford's mix 13) chains the seed, a 64-bit FNV-1a hash of
//   the metric name and the block number into the 128-bit state.
// - Blocks: a metric's raw draws are cut into blocks of BLOCK_SIZE; each block has its own state,
//   so any block can be generated without the ones before it (workers, prefix stability).

/** Raw draws per independently seeded block. */
export const BLOCK_SIZE = 4096;

const MASK64 = (1n << 64n) - 1n;
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;

/** SplitMix64's output function on a 64-bit value. */
export function mix64(z: bigint): bigint {
  z &= MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** 64-bit FNV-1a of the UTF-8 bytes of a string. */
export function fnv1a64(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    h = ((h ^ BigInt(byte)) * 0x100000001b3n) & MASK64;
  }
  return h;
}

/** The key of a metric's stream: depends on the seed and the metric name only. */
export function streamKey(seed: number, name: string): bigint {
  const h0 = mix64(BigInt(seed) + GOLDEN_GAMMA);
  return mix64((h0 ^ fnv1a64(name)) + GOLDEN_GAMMA);
}

/** xoshiro128**: a 32-bit generator with 128 bits of state. */
export class Xoshiro128 {
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;

  constructor(s0: number, s1: number, s2: number, s3: number) {
    if ((s0 | s1 | s2 | s3) === 0) throw new RangeError("xoshiro128** state must not be all zero");
    this.#s0 = s0 | 0;
    this.#s1 = s1 | 0;
    this.#s2 = s2 | 0;
    this.#s3 = s3 | 0;
  }

  /** The generator for one block of a stream. */
  static forBlock(key: bigint, block: number): Xoshiro128 {
    const h = mix64((key ^ BigInt(block)) + GOLDEN_GAMMA);
    const a = mix64(h + GOLDEN_GAMMA);
    const b = mix64(h + 2n * GOLDEN_GAMMA);
    const words = [a & 0xffffffffn, a >> 32n, b & 0xffffffffn, b >> 32n].map(Number);
    // All four zero has probability 2^-128; keep the state legal anyway.
    if (!words.some((w) => w !== 0)) words[0] = 1;
    return new Xoshiro128(words[0], words[1], words[2], words[3]);
  }

  /** The next 32-bit output, as an unsigned integer. */
  nextU32(): number {
    const s1 = this.#s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.#s2 ^= this.#s0;
    this.#s3 ^= s1;
    this.#s1 = s1 ^ this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = rotl(this.#s3, 11);
    return result;
  }

  /** A double in [0, 1) carrying 53 random bits. */
  nextDouble(): number {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b) * TWO_POW_MINUS_53;
  }
}

/** 2^-53: the spacing of the doubles that nextDouble() returns. */
export const TWO_POW_MINUS_53 = 1 / 9007199254740992;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
