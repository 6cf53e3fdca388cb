// Everything the generator knows about a noise law, in one table: its arguments, its sampler,
// its standard deviation and the largest draw it can make. Validation, generation, the scorer's
// visible truth and the magnitude bound all read it; a new law is one entry here (and its name
// in config/types.ts and config.schema.json, which tests hold equal to this table).

import type { NoiseArgs, NoiseName, ResolvedMetricConfig } from "./types.ts";
import * as samplers from "../random/samplers.ts";

/** A law's arguments with numpy's defaults filled in. */
type Args = Required<NoiseArgs>;

/** One noise law. */
interface NoiseLaw {
  /** The arguments it takes besides smoothing_window. */
  readonly args: readonly (keyof NoiseArgs)[];
  /** Its sampler. */
  sampler(a: Args): samplers.Sampler;
  /** Its standard deviation (of one raw draw). */
  sd(a: Args): number;
  /**
   * The largest |draw| it can make. Uniforms carry 53 bits, so logarithms of them are at most
   * 53 ln 2 (36.8) in size; the ziggurat's tail adds at most 36.8 / 3.44 to 3.44.
   */
  bound(a: Args): number;
}

/** The laws by canonical name. */
export const NOISE_LAWS: { readonly [law in Exclude<NoiseName, "normal">]: NoiseLaw } = {
  gaussian: {
    args: ["loc", "scale"],
    sampler: (a) => samplers.normal(a.loc, a.scale),
    sd: (a) => a.scale,
    bound: (a) => Math.abs(a.loc) + 15 * a.scale,
  },
  uniform: {
    args: ["low", "high"],
    sampler: (a) => samplers.uniform(a.low, a.high),
    sd: (a) => (a.high - a.low) / Math.sqrt(12),
    // low + (high - low) * u: the width must be finite too.
    bound: (a) => Math.max(Math.abs(a.low), Math.abs(a.high), Math.abs(a.high - a.low)),
  },
  exponential: {
    args: ["scale"],
    sampler: (a) => samplers.exponential(a.scale),
    sd: (a) => a.scale,
    bound: (a) => 37 * a.scale,
  },
  logistic: {
    args: ["loc", "scale"],
    sampler: (a) => samplers.logistic(a.loc, a.scale),
    sd: (a) => (a.scale * Math.PI) / Math.sqrt(3),
    bound: (a) => Math.abs(a.loc) + 37 * a.scale,
  },
  laplace: {
    args: ["loc", "scale"],
    sampler: (a) => samplers.laplace(a.loc, a.scale),
    sd: (a) => a.scale * Math.SQRT2,
    bound: (a) => Math.abs(a.loc) + 37 * a.scale,
  },
};

/** Other names a config may use for a law. */
export const NOISE_ALIASES: Readonly<Record<string, Exclude<NoiseName, "normal">>> = {
  normal: "gaussian",
};

/** numpy's defaults. */
export const NOISE_DEFAULTS: Args = { loc: 0, scale: 1, low: 0, high: 1, smoothing_window: 1 };

/** A metric's noise arguments with the defaults filled in. */
export function noiseArgs(args: NoiseArgs | undefined): Args {
  return { ...NOISE_DEFAULTS, ...args };
}

/**
 * A metric's noise deviation (SPEC section 10's table): its law's, over the root of the smoothing
 * window; 0 without noise. What extrema are sized in and `--visible` counts in.
 */
export function metricNoiseSd(metric: Pick<ResolvedMetricConfig, "noise" | "noise_args">): number {
  if (!metric.noise) return 0;
  const args = noiseArgs(metric.noise_args);
  return NOISE_LAWS[metric.noise].sd(args) / Math.sqrt(args.smoothing_window);
}
