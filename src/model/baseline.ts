// The baseline B(k) of a metric (SPEC section 9): level, trend, seasons and wander, worked out
// for a chunk of samples at a time.

import type { ResolvedConfig } from "../config/types.ts";
import { NoiseStream } from "../random/noise.ts";
import { streamKey } from "../random/mod.ts";
import { normal } from "../random/samplers.ts";
import { secondsOf } from "../text/duration.ts";

/** The baseline's parts that vary with time (SPEC section 9); absent when B(k) = value. */
export type BaselinePlan = {
  /** Time of sample 0 and the interval, in seconds. */
  t0: number;
  interval: number;
  /** The seasons' origin: Monday 1970-01-05 with start, else sample 0. */
  origin: number;
  /** The trend's change per second. */
  slope: number;
  seasons: { amplitude: number; period: number; peak: number }[];
  /** The wander's stream (the mean of `window` normal draws) and its gain, scale * sqrt(window). */
  wander?: { stream: NoiseStream; gain: number };
};

/** Monday 1970-01-05T00:00:00Z, in seconds: the origin of seasons when start is set. */
const MONDAY = 345_600;

export function baselinePlan(
  general: ResolvedConfig["general"],
  seed: number,
  name: string,
  metric: ResolvedConfig["metrics"][string],
): BaselinePlan | undefined {
  const { trend, seasonality = [], wander } = metric;
  if (!trend && seasonality.length === 0 && !wander) return undefined;
  const interval = general.interval;
  const timed = general.start !== undefined;
  const plan: BaselinePlan = {
    t0: timed ? Date.parse(general.start!) / 1000 : 0,
    interval,
    origin: timed ? MONDAY : 0,
    slope: trend ? trend.change / secondsOf(trend.over, interval) : 0,
    seasons: seasonality.map((season) => ({
      amplitude: season.amplitude,
      period: secondsOf(season.period, interval),
      peak: secondsOf(season.peak ?? 0, interval),
    })),
  };
  if (wander) {
    // Its own stream, keyed by the seed, the name and "wander": independent of the noise.
    const stream = new NoiseStream(
      streamKey(seed, `${name}\u0000wander`),
      normal(0, 1),
      wander.window,
    );
    plan.wander = { stream, gain: wander.scale * Math.sqrt(wander.window) };
  }
  return plan;
}

/** B(k) for the chunk's samples, into values (SPEC section 9). */
export function fillBaseline(
  plan: BaselinePlan,
  value: number,
  from: number,
  values: Float64Array,
  wander: Float64Array,
): void {
  const n = values.length;
  const { t0, interval, slope } = plan;
  for (let i = 0; i < n; i++) values[i] = value + slope * ((from + i) * interval);
  for (const { amplitude, period, peak } of plan.seasons) {
    const shift = plan.origin + peak;
    for (let i = 0; i < n; i++) {
      const t = t0 + (from + i) * interval;
      values[i] += amplitude * Math.cos((2 * Math.PI * (t - shift)) / period);
    }
  }
  if (plan.wander) {
    const w = wander.subarray(0, n);
    plan.wander.stream.fill(w, from);
    const gain = plan.wander.gain;
    for (let i = 0; i < n; i++) values[i] += gain * w[i];
  }
}
