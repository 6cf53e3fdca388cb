// Exact samplers for the noise laws, each filling a run of raw draws from one generator.
// Algorithms follow numpy's where it has an exact one (logistic, laplace: inversion with a
// redraw at 0); the normal uses Doornik's ziggurat (ZIGNOR), whose layer index comes from bits
// that the 53-bit uniform does not use, so index and value are independent.

import { TWO_POW_MINUS_53, type Xoshiro128 } from "./mod.ts";

/** Fills `out[from..to)` with raw draws of one law; the arguments are its numpy arguments. */
export type Sampler = (rng: Xoshiro128, out: Float64Array, from: number, to: number) => void;

const ZIG_LAYERS = 128;
const ZIG_R = 3.442619855899;
const ZIG_V = 9.91256303526217e-3;
const ZIG_X = new Float64Array(ZIG_LAYERS + 1);
const ZIG_RATIO = new Float64Array(ZIG_LAYERS);
{
  let f = Math.exp(-0.5 * ZIG_R * ZIG_R);
  ZIG_X[0] = ZIG_V / f;
  ZIG_X[1] = ZIG_R;
  ZIG_X[ZIG_LAYERS] = 0;
  for (let i = 2; i < ZIG_LAYERS; i++) {
    ZIG_X[i] = Math.sqrt(-2 * Math.log(ZIG_V / ZIG_X[i - 1] + f));
    f = Math.exp(-0.5 * ZIG_X[i] * ZIG_X[i]);
  }
  for (let i = 0; i < ZIG_LAYERS; i++) ZIG_RATIO[i] = ZIG_X[i + 1] / ZIG_X[i];
}

/** A double in (0, 1]: for logarithms. */
function openZero(rng: Xoshiro128): number {
  return 1 - rng.nextDouble();
}

/**
 * A standard normal draw, given the first ziggurat step's uniform `u` and layer `i` that fell
 * outside the layer's core (about 1 draw in 40): the wedge or tail test, then fresh steps.
 */
function normalBeyondCore(rng: Xoshiro128, u: number, i: number): number {
  for (;;) {
    if (i === 0) return normalTail(rng, u < 0);
    const x = u * ZIG_X[i];
    const f0 = Math.exp(-0.5 * (ZIG_X[i] * ZIG_X[i] - x * x));
    const f1 = Math.exp(-0.5 * (ZIG_X[i + 1] * ZIG_X[i + 1] - x * x));
    if (f1 + rng.nextDouble() * (f0 - f1) < 1) return x;
    const a = rng.nextU32();
    const b = rng.nextU32();
    u = ((a >>> 5) * 67108864 + (b >>> 6)) * TWO_POW_MINUS_53 * 2 - 1;
    i = (a & 0x1f) | ((b & 0x3) << 5);
    if (Math.abs(u) < ZIG_RATIO[i]) return u * ZIG_X[i];
  }
}

/** Marsaglia's exact sampler for the normal tail beyond ZIG_R. */
function normalTail(rng: Xoshiro128, negative: boolean): number {
  let x: number;
  let y: number;
  do {
    x = Math.log(openZero(rng)) / ZIG_R;
    y = Math.log(openZero(rng));
  } while (-2 * y < x * x);
  return negative ? x - ZIG_R : ZIG_R - x;
}

/** Normal(loc, scale). The ziggurat's common case (a point inside a layer's core) is inline. */
export function normal(loc: number, scale: number): Sampler {
  return (rng, out, from, to) => {
    for (let k = from; k < to; k++) {
      const a = rng.nextU32();
      const b = rng.nextU32();
      const u = ((a >>> 5) * 67108864 + (b >>> 6)) * TWO_POW_MINUS_53 * 2 - 1;
      const i = (a & 0x1f) | ((b & 0x3) << 5);
      // Two stores, not one of a merged value: the merge would box the fast path's double.
      if (Math.abs(u) < ZIG_RATIO[i]) out[k] = loc + scale * (u * ZIG_X[i]);
      else out[k] = loc + scale * normalBeyondCore(rng, u, i);
    }
  };
}

/** Uniform on [low, high). */
export function uniform(low: number, high: number): Sampler {
  const width = high - low;
  return (rng, out, from, to) => {
    for (let k = from; k < to; k++) out[k] = low + width * rng.nextDouble();
  };
}

/** Exponential with mean `scale`, by inversion. */
export function exponential(scale: number): Sampler {
  return (rng, out, from, to) => {
    for (let k = from; k < to; k++) out[k] = -scale * Math.log(openZero(rng));
  };
}

/** Logistic(loc, scale), by inversion as numpy does. */
export function logistic(loc: number, scale: number): Sampler {
  return (rng, out, from, to) => {
    for (let k = from; k < to; k++) {
      let u = rng.nextDouble();
      while (u === 0) u = rng.nextDouble();
      out[k] = loc + scale * Math.log(u / (1 - u));
    }
  };
}

/** Laplace(loc, scale), by inversion as numpy does. */
export function laplace(loc: number, scale: number): Sampler {
  return (rng, out, from, to) => {
    for (let k = from; k < to; k++) {
      let u = rng.nextDouble();
      while (u === 0) u = rng.nextDouble();
      // Branch-free (the branch would be mispredicted half the time), bit for bit the same as
      // u >= 0.5 ? loc - scale * log(2 - 2u) : loc + scale * log(2u).
      const upper = +(u >= 0.5);
      out[k] = loc + (1 - 2 * upper) * (scale * Math.log(Math.abs(2 * upper - 2 * u)));
    }
  };
}
