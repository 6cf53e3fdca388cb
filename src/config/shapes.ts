// The research shapes of GutenTAG (SPEC section 15), one table: each shape's arguments (GutenTAG's
// names, defaults and meaning), the largest value it reaches, and its curve. A shape adds to
// B(k); one with random draws reads them from the metric's own `shape` stream by index, so any
// sample of it is found without the samples before its piece. Validation, generation, the
// schema's test and the docs read this table; a new shape is one entry here (and its name in
// config/types.ts and config.schema.json, which tests hold equal).
//
// GutenTAG's time is "100 points = 1 second" over the whole series (numpy's linspace, which
// depends on the series' length), and its ECG fits a whole number of beats into whole seconds and
// stretches them over the series; here sample k is at k / 100 seconds and the ECG beats every
// 6000 / int(60 frequency) samples, so a prefix of a series is the shorter series. GutenTAG's `variance`, `offset` and `trend`, which every one of its
// shapes takes, are the metric's own noise (gaussian, scale = variance), value and trend here.

import type { ShapeConfig, ShapeKind } from "./types.ts";
import { UniformStream } from "../random/uniform.ts";

/** One numeric argument: its default (none: required), its rule, and whether it is an integer. */
interface ShapeArg {
  readonly default?: number;
  readonly rule: string;
  readonly valid: (x: number) => boolean;
  readonly integer?: boolean;
}

/** A shape's values, added into a piece of samples. */
export interface ShapeCurve {
  /** Adds the shape's value at samples from, from + 1, ... to `out`. */
  add(from: number, out: Float64Array): void;
}

/** One research shape. */
interface Shape {
  /** What it is, for the docs. */
  readonly about: string;
  /** Its numeric arguments. */
  readonly args: Readonly<Record<string, ShapeArg>>;
  /** Its arguments that are lists of numbers, at least one item each. */
  readonly lists?: readonly string[];
  /** Its arguments that take one of some words. */
  readonly words?: Readonly<
    Record<
      string,
      { readonly default: string; readonly allowed: readonly string[]; readonly rule: string }
    >
  >;
  /** The largest |value| over samples 0 .. numSamples - 1. */
  bound(args: ShapeArgs, numSamples: number): number;
  /** Its curve; `key` keys the metric's `shape` stream. */
  curve(args: ShapeArgs, key: bigint): ShapeCurve;
}

/** A shape's arguments, defaults filled in. */
export type ShapeArgs = Readonly<Record<string, number | readonly number[] | string>>;

const positive = { rule: "> 0", valid: (x: number) => x > 0 };

/** The shapes by kind. */
export const SHAPES: { readonly [kind in ShapeKind]: Shape } = {
  ecg: {
    about: "heart beats (GutenTAG's ecg, method simple): frequency beats per 100 samples",
    args: {
      frequency: {
        default: 10,
        rule: "from 1/60 to below 100 (beats per 100 samples: int(60 frequency) a minute)",
        valid: (x) => x >= 1 / 60 && x < 100,
      },
      amplitude: { default: 1, ...positive },
    },
    words: {
      "ecg-sim-method": {
        default: "simple",
        allowed: ["simple"],
        rule: `"simple" (the ecgsyn model is not built)`,
      },
    },
    bound: (a) => (a.amplitude as number) * maxAbs(ecgCoefficients()),
    curve: (a) => ecgCurve(a.frequency as number, a.amplitude as number),
  },
  cbf: {
    about: "cylinder, bell and funnel patterns one after another (GutenTAG's cylinder-bell-funnel)",
    args: {
      amplitude: { default: 1, rule: "finite (the patterns' mean height)", valid: () => true },
      "avg-pattern-length": {
        default: 10,
        rule: "an integer from 1 to 10^9 (samples)",
        valid: (x) => x >= 1 && x <= 1e9,
        integer: true,
      },
      "variance-pattern-length": {
        default: 0,
        rule: "from 0 to 10^9 (the deviation of a pattern's length)",
        valid: (x) => x >= 0 && x <= 1e9,
      },
      "variance-amplitude": {
        default: 2,
        rule: ">= 0 (the deviation of a pattern's height)",
        valid: (x) => x >= 0,
      },
    },
    bound: (a) =>
      Math.abs(a.amplitude as number) + MAX_NORMAL * (a["variance-amplitude"] as number),
    curve: (a, key) => new CbfCurve(a, key),
  },
  mls: {
    about:
      "a maximum-length-sequence random walk of 2^complexity - 1 steps, repeated (GutenTAG's mls)",
    args: {
      amplitude: { default: 1, ...positive },
      complexity: {
        default: 7,
        rule: "an integer from 2 to 15 (bits of the shift register)",
        valid: (x) => x >= 2 && x <= 15,
        integer: true,
      },
      smoothing: {
        default: 0.01,
        rule: "0, or from 0.01 to 10 (a Gaussian window of int(100 smoothing) samples)",
        valid: (x) => x === 0 || (Math.trunc(x * 100) >= 1 && x <= 10),
      },
    },
    bound: (a) => a.amplitude as number,
    curve: (a, key) => mlsCurve(a, key),
  },
  dirichlet: {
    about: "Dirichlet kernels (GutenTAG's dirichlet): frequency periods per 100 samples",
    args: {
      frequency: { default: 10, rule: "> 0 (periods per 100 samples)", valid: (x) => x > 0 },
      amplitude: { default: 1, ...positive },
      periodicity: {
        default: 6,
        rule: "an integer from 2 to 10^6 (the kernel's order)",
        valid: (x) => x >= 2 && x <= 1e6,
        integer: true,
      },
    },
    bound: (a) => a.amplitude as number,
    curve: (a) => dirichletCurve(a),
  },
  polynomial: {
    about: "a polynomial of the sample index, coefficients from degree 0 up (GutenTAG's)",
    args: {},
    lists: ["polynomial"],
    bound: (a, n) => {
      const c = a.polynomial as readonly number[];
      let bound = 0;
      for (let i = 0; i < c.length; i++) bound += Math.abs(c[i]) * (n - 1) ** i;
      return bound;
    },
    curve: (a) => polynomialCurve(a.polynomial as readonly number[]),
  },
};

/** The shape kinds, as configs name them. */
export const SHAPE_KINDS: readonly ShapeKind[] = Object.keys(SHAPES) as ShapeKind[];

/** A shape's arguments with the defaults filled in, from a checked config. */
export function shapeArgs(shape: ShapeConfig): ShapeArgs {
  const entry = SHAPES[shape.kind];
  const given = shape as unknown as Record<string, number | number[] | string>;
  const args: Record<string, number | readonly number[] | string> = {};
  for (const [name, arg] of Object.entries(entry.args)) args[name] = given[name] ?? arg.default!;
  for (const name of entry.lists ?? []) args[name] = given[name];
  for (const [name, word] of Object.entries(entry.words ?? {})) {
    args[name] = given[name] ?? word.default;
  }
  return args;
}

/** The largest |normal draw| from two 53-bit uniforms: sqrt(-2 ln 2^-53). */
const MAX_NORMAL = Math.sqrt(2 * 53 * Math.LN2);

/** A standard normal draw from two uniforms (Box and Muller's cosine). */
function normalOf(u1: number, u2: number): number {
  return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
}

function maxAbs(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]));
  return max;
}

// --- ecg ---------------------------------------------------------------------------------------

/** Daubechies-10's low-pass filter: the beat of neurokit's "simple" ECG, which GutenTAG calls. */
const DAUBECHIES_10 = [
  0.026670057900555589,
  0.18817680007769175,
  0.52720118893172663,
  0.68845903945360531,
  0.28117234366057986,
  -0.24984642432731471,
  -0.19594627437737769,
  0.12736934033579150,
  0.093057364603571668,
  -0.071394147166397290,
  -0.029457536821876958,
  0.033212674059340364,
  0.0036065535669556744,
  -0.010733175483330762,
  0.0013953517470528813,
  0.0019924052951850544,
  -0.00068585669495971086,
  -0.00011646685512928550,
  0.000093588670320069687,
  -0.000013264202894521256,
];

/** Raw samples of one beat: the filter times 10, then 10 zeros. */
const BEAT = 30;

let ecgCoefficientsMemo: Float64Array | undefined;

/**
 * The periodic cubic B-spline coefficients of one beat (Unser's recursive filter, pole
 * sqrt(3) - 2, gain 6): the spline through the beat's 30 samples, repeated.
 */
export function ecgCoefficients(): Float64Array {
  if (ecgCoefficientsMemo) return ecgCoefficientsMemo;
  const z = Math.sqrt(3) - 2;
  const n = BEAT;
  const s = new Float64Array(n);
  for (let i = 0; i < DAUBECHIES_10.length; i++) s[i] = 6 * 10 * DAUBECHIES_10[i];
  const zn = z ** n;
  // Causal: c+(k) = s(k) + z c+(k - 1), the sum before sample 0 wrapped round the period.
  const causal = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += z ** i * s[(n - i) % n];
  causal[0] = sum / (1 - zn);
  for (let k = 1; k < n; k++) causal[k] = s[k] + z * causal[k - 1];
  // Anticausal: c(k) = z (c(k + 1) - c+(k)), the sum after the last sample wrapped likewise.
  const c = new Float64Array(n);
  sum = 0;
  for (let i = 0; i < n; i++) sum += z ** i * causal[(n - 1 + i) % n];
  c[n - 1] = -z * sum / (1 - zn);
  for (let k = n - 2; k >= 0; k--) c[k] = z * (c[k + 1] - causal[k]);
  ecgCoefficientsMemo = c;
  return c;
}

/**
 * Beats of the spline at int(60 f) a minute, 100 samples a second: sample k reads the beat at
 * x = 30 (k * rate mod 6000) / 6000, exactly, so the beat never drifts however long the series.
 */
function ecgCurve(frequency: number, amplitude: number): ShapeCurve {
  const c = ecgCoefficients();
  // GutenTAG's heart rate, int(frequency / 100 * sampling_rate * 60) at 100 samples a second, as
  // Python rounds it (6.85 gives 410, where frequency * 60 would give 411).
  const rate = Math.trunc((frequency / 100) * 100 * 60) % 6000;
  return {
    add(from, out) {
      let m = ((from % 6000) * rate) % 6000;
      for (let i = 0; i < out.length; i++) {
        const x = m / 200;
        const j = Math.floor(x);
        const t = x - j;
        const t1 = 1 - t;
        const w0 = (t1 * t1 * t1) / 6;
        const w1 = (3 * t * t * t - 6 * t * t + 4) / 6;
        const w2 = (3 * t1 * t1 * t1 - 6 * t1 * t1 + 4) / 6;
        const w3 = 1 - w0 - w1 - w2;
        out[i] += amplitude * (
          c[(j + BEAT - 1) % BEAT] * w0 + c[j] * w1 + c[(j + 1) % BEAT] * w2 +
          c[(j + 2) % BEAT] * w3
        );
        m += rate;
        if (m >= 6000) m -= 6000;
      }
    },
  };
}

// --- cbf ---------------------------------------------------------------------------------------

/** Draws of the `shape` stream per pattern: its gap, length (2), kind, height (2) and sign. */
const CBF_DRAWS = 8;

/**
 * Cylinder-bell-funnel: pattern e starts a gap of int(u P) after the last one ends (the first
 * int(u P) after sample 0), lasts max(1, ceil(P + sd_len z)) samples, is a bell (rising), a funnel
 * (falling) or a cylinder (flat), of height A + sd_amp z, negated with probability 1/2; 0 between.
 * Pattern e reads draws 8e .. 8e + 6 of the stream. A cursor keeps the pattern last reached, so a
 * run walks the patterns once; a piece behind it walks again from the first.
 */
class CbfCurve implements ShapeCurve {
  readonly #uniform: UniformStream;
  readonly #amplitude: number;
  readonly #length: number;
  readonly #lengthSd: number;
  readonly #amplitudeSd: number;
  #e = 0;
  #start = 0;
  #end = 0;

  constructor(args: ShapeArgs, key: bigint) {
    this.#uniform = new UniformStream(key);
    this.#amplitude = args.amplitude as number;
    this.#length = args["avg-pattern-length"] as number;
    this.#lengthSd = args["variance-pattern-length"] as number;
    this.#amplitudeSd = args["variance-amplitude"] as number;
    this.#first();
  }

  #first(): void {
    this.#e = 0;
    this.#start = Math.floor(this.#uniform.at(0) * this.#length);
    this.#end = this.#start + this.#lengthOf(0);
  }

  #lengthOf(e: number): number {
    const u = this.#uniform;
    const z = normalOf(u.at(CBF_DRAWS * e + 1), u.at(CBF_DRAWS * e + 2));
    return Math.max(1, Math.ceil(this.#length + this.#lengthSd * z));
  }

  #next(): void {
    const e = ++this.#e;
    this.#start = this.#end + Math.floor(this.#uniform.at(CBF_DRAWS * e) * this.#length);
    this.#end = this.#start + this.#lengthOf(e);
  }

  add(from: number, out: Float64Array): void {
    const to = from + out.length;
    if (from < this.#start) this.#first();
    while (this.#end <= from) this.#next();
    const u = this.#uniform;
    while (this.#start < to) {
      const e = this.#e;
      const kind = Math.floor(u.at(CBF_DRAWS * e + 3) * 3);
      let height = this.#amplitude +
        this.#amplitudeSd * normalOf(u.at(CBF_DRAWS * e + 4), u.at(CBF_DRAWS * e + 5));
      if (u.at(CBF_DRAWS * e + 6) > 0.5) height = -height;
      const length = this.#end - this.#start;
      const lo = Math.max(from, this.#start);
      const hi = Math.min(to, this.#end);
      for (let k = lo; k < hi; k++) {
        const d = k - this.#start;
        out[k - from] += kind === 0
          ? height * d / length
          : kind === 1
          ? height * (length - 1 - d) / length
          : height;
      }
      if (this.#end > to) break;
      this.#next();
    }
  }
}

// --- mls ---------------------------------------------------------------------------------------

/**
 * GutenTAG's mls: 1 or 2 taps drawn in 1 .. c, a start state of a 1 then c - 1 drawn bits (draws
 * 0, 1-2, 3 .. c + 1 of the stream); scipy's shift register gives 2^c - 1 bits, each a step of +1
 * or -1 of a walk; the walk, repeated, is smoothed by a Gaussian window of int(100 smoothing)
 * samples and scaled to [-A, A] over a whole period (GutenTAG scales over its series, which is
 * the same once the series holds a period).
 */
function mlsCurve(args: ShapeArgs, key: bigint): ShapeCurve {
  const u = new UniformStream(key);
  const bits = args.complexity as number;
  const amplitude = args.amplitude as number;
  const tapCount = 1 + Math.floor(u.at(0) * 2);
  const taps = new Set<number>();
  for (let i = 0; i < tapCount; i++) taps.add(1 + Math.floor(u.at(1 + i) * bits));
  const state = new Uint8Array(bits);
  state[0] = 1;
  for (let j = 1; j < bits; j++) state[j] = Math.floor(u.at(2 + j) * 2);
  const period = 2 ** bits - 1;
  const walk = new Float64Array(period);
  let idx = 0;
  let level = 0;
  const tapList = [...taps].sort((a, b) => b - a);
  for (let i = 0; i < period; i++) {
    let feedback = state[idx];
    level += 2 * feedback - 1;
    walk[i] = level;
    for (const t of tapList) feedback ^= state[(t + idx) % bits];
    state[idx] = feedback;
    idx = (idx + 1) % bits;
  }
  const width = Math.trunc((args.smoothing as number) * 100);
  const smooth = new Float64Array(period);
  if (width <= 1) smooth.set(walk);
  else {
    // numpy's convolve('valid') of the repeated walk with pdf(linspace(-1.5, 1.4, F)) / its sum.
    const kernel = new Float64Array(width);
    let total = 0;
    for (let j = 0; j < width; j++) {
      const x = -1.5 + j * (2.9 / (width - 1));
      kernel[j] = Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
      total += kernel[j];
    }
    for (let j = 0; j < width; j++) kernel[j] /= total;
    for (let i = 0; i < period; i++) {
      let sum = 0;
      for (let j = 0; j < width; j++) sum += walk[(i + width - 1 - j) % period] * kernel[j];
      smooth[i] = sum;
    }
  }
  let min = Infinity;
  let max = -Infinity;
  for (const x of smooth) [min, max] = [Math.min(min, x), Math.max(max, x)];
  const table = new Float64Array(period);
  for (let i = 0; i < period; i++) {
    table[i] = max > min
      ? ((smooth[i] - min) / (max - min)) * 2 * amplitude - amplitude
      : -amplitude;
  }
  return {
    add(from, out) {
      let r = from % period;
      for (let i = 0; i < out.length; i++) {
        out[i] += table[r];
        if (++r === period) r = 0;
      }
    },
  };
}

// --- dirichlet ---------------------------------------------------------------------------------

/**
 * A D_p(2 pi f k / 100), D_p(x) = sin(p x / 2) / (p sin(x / 2)), as scipy's diric: where
 * |sin(x / 2)| < 1e-7, (-1)^(round(x / 2 pi) (p - 1)).
 */
function dirichletCurve(args: ShapeArgs): ShapeCurve {
  const amplitude = args.amplitude as number;
  const p = args.periodicity as number;
  const w = (2 * Math.PI * (args.frequency as number)) / 100;
  return {
    add(from, out) {
      for (let i = 0; i < out.length; i++) {
        const x = w * (from + i);
        const half = Math.sin(x / 2);
        const d = Math.abs(half) < 1e-7
          ? (Math.round(x / (2 * Math.PI)) * (p - 1)) % 2 === 0 ? 1 : -1
          : Math.sin((p * x) / 2) / (p * half);
        out[i] += amplitude * d;
      }
    },
  };
}

// --- polynomial --------------------------------------------------------------------------------

/** c0 + c1 k + c2 k^2 + ..., by Horner's rule as numpy's polyval. */
function polynomialCurve(coefficients: readonly number[]): ShapeCurve {
  const c = [...coefficients];
  return {
    add(from, out) {
      for (let i = 0; i < out.length; i++) {
        const k = from + i;
        let y = c[c.length - 1];
        for (let j = c.length - 2; j >= 0; j--) y = y * k + c[j];
        out[i] += y;
      }
    },
  };
}
