// The baseline B(k) of a metric (SPEC sections 9 and 15): level, trend, seasons of any waveform,
// wander, jumps and a research shape, worked out for a chunk of samples at a time; and the faults
// on the seasons (SPEC section 16: amplitude, frequency, phase, shape), which move B(k) inside
// their windows.

import type { ResolvedConfig, ResolvedSeasonFault, Waveform } from "../config/types.ts";
import { fillEnvelope } from "../config/patterns.ts";
import { shapeArgs, type ShapeCurve, SHAPES } from "../config/shapes.ts";
import { UniformStream } from "../random/uniform.ts";
import { NoiseStream } from "../random/noise.ts";
import { streamKey } from "../random/mod.ts";
import { normal } from "../random/samplers.ts";
import { secondsOf } from "../text/duration.ts";

/** One season: its amplitude and waveform, its period and peak in seconds and in milliseconds. */
export type SeasonPlan = {
  amplitude: number;
  period: number;
  peak: number;
  periodMs: number;
  peakMs: number;
  waveform: Waveform;
  duty: number;
};

/** The baseline's parts that vary with time (SPEC section 9); absent when B(k) = value. */
export type BaselinePlan = {
  /** Time of sample 0 and the interval, in seconds, and in milliseconds. */
  t0: number;
  interval: number;
  t0Ms: number;
  intervalMs: number;
  /** The seasons' origin: Monday 1970-01-05 with start, else sample 0 (seconds, milliseconds). */
  origin: number;
  originMs: number;
  /** The trend's change per second. */
  slope: number;
  seasons: SeasonPlan[];
  /** The wander's stream (the mean of `window` normal draws) and its gain, scale * sqrt(window). */
  wander?: { stream: NoiseStream; gain: number };
  /** The jumps' levels. */
  jumps?: Jumps;
  /** The research shape's curve. */
  shape?: ShapeCurve;
};

/** Monday 1970-01-05T00:00:00Z, in seconds: the origin of seasons when start is set. */
const MONDAY = 345_600;

export function baselinePlan(
  general: ResolvedConfig["general"],
  seed: number,
  name: string,
  metric: ResolvedConfig["metrics"][string],
): BaselinePlan | undefined {
  const { trend, seasonality = [], wander, jumps, shape } = metric;
  if (!trend && seasonality.length === 0 && !wander && !jumps && !shape) return undefined;
  const interval = general.interval;
  const timed = general.start !== undefined;
  const t0Ms = timed ? Date.parse(general.start!) : 0;
  const intervalMs = Math.round(interval * 1000);
  const plan: BaselinePlan = {
    t0: t0Ms / 1000,
    interval,
    t0Ms,
    intervalMs,
    origin: timed ? MONDAY : 0,
    originMs: timed ? MONDAY * 1000 : 0,
    slope: trend ? trend.change / secondsOf(trend.over, interval) : 0,
    seasons: seasonality.map((season) => ({
      amplitude: season.amplitude,
      period: secondsOf(season.period, interval),
      peak: secondsOf(season.peak ?? 0, interval),
      periodMs: msOf(season.period, intervalMs),
      peakMs: msOf(season.peak ?? 0, intervalMs),
      waveform: season.waveform ?? "cosine",
      duty: season.duty ?? 0.5,
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
  if (jumps) {
    const p = interval / secondsOf(jumps.every, interval);
    plan.jumps = new Jumps(jumps.levels, p, streamKey(seed, `${name}\u0000jumps`));
  }
  if (shape) {
    plan.shape = SHAPES[shape.kind].curve(shapeArgs(shape), streamKey(seed, `${name}\u0000shape`));
  }
  return plan;
}

/**
 * Jumps (SPEC section 15): sample k is a jump when draw 2k of the metric's `jumps` stream is
 * below p = interval / every; the level then becomes one of the others, by draw 2k + 1. The level
 * at a piece's first sample comes from the jumps before it: a cursor keeps the level through the
 * last sample reached, so a run walks the draws once; a piece behind it walks again from 0.
 */
export class Jumps {
  readonly #levels: readonly number[];
  readonly #p: number;
  readonly #draws: UniformStream;
  /** The level's index after sample `#through` (-1: before sample 0). */
  #level = 0;
  #through = -1;

  constructor(levels: readonly number[], p: number, key: bigint) {
    this.#levels = levels;
    this.#p = p;
    this.#draws = new UniformStream(key);
  }

  /** The level's index after sample k, from the one after sample k - 1. */
  #step(k: number, level: number): number {
    if (this.#draws.at(2 * k) >= this.#p) return level;
    const other = Math.floor(this.#draws.at(2 * k + 1) * (this.#levels.length - 1));
    return other >= level ? other + 1 : other;
  }

  /** Adds the level at samples from, from + 1, ... to `out`. */
  add(from: number, out: Float64Array): void {
    if (from <= this.#through) {
      this.#level = 0;
      this.#through = -1;
    }
    let level = this.#level;
    for (let k = this.#through + 1; k < from; k++) level = this.#step(k, level);
    for (let i = 0; i < out.length; i++) {
      level = this.#step(from + i, level);
      out[i] += this.#levels[level];
    }
    this.#level = level;
    this.#through = from + out.length - 1;
  }
}

/** A time key in whole milliseconds: a duration, or samples of `intervalMs`. */
function msOf(value: number | string, intervalMs: number): number {
  return Math.round(typeof value === "string" ? secondsOf(value, 0) * 1000 : value * intervalMs);
}

/**
 * B(k) for the chunk's samples, into values (SPEC sections 9 and 15). What comes after the seasons
 * (wander, jumps, shape) is summed into `after` first, which applySeasonFaults adds again.
 */
export function fillBaseline(
  plan: BaselinePlan,
  value: number,
  from: number,
  values: Float64Array,
  after: Float64Array,
): void {
  const n = values.length;
  const { t0, interval, slope } = plan;
  for (let i = 0; i < n; i++) values[i] = value + slope * ((from + i) * interval);
  for (const season of plan.seasons) {
    const { amplitude, period, peak } = season;
    if (season.waveform === "cosine") {
      // Section 9 exactly, in seconds: the numbers of every config before waveforms.
      const shift = plan.origin + peak;
      for (let i = 0; i < n; i++) {
        const t = t0 + (from + i) * interval;
        values[i] += amplitude * Math.cos((2 * Math.PI * (t - shift)) / period);
      }
      continue;
    }
    // r(k) = mod(t_ms(k) - origin_ms - peak_ms, period_ms), in whole milliseconds (SPEC 15).
    const P = season.periodMs;
    const first = plan.t0Ms + from * plan.intervalMs - plan.originMs - season.peakMs;
    // r steps by the interval, wrapped: whole milliseconds, so the same as mod() at every k.
    const step = mod(plan.intervalMs, P);
    let r = mod(first, P);
    switch (season.waveform) {
      case "square": {
        const high = season.duty * P;
        for (let i = 0; i < n; i++) {
          values[i] += r < high ? amplitude : -amplitude;
          r += step;
          if (r >= P) r -= P;
        }
        break;
      }
      case "triangle":
        for (let i = 0; i < n; i++) {
          values[i] += amplitude * (4 * Math.abs(r / P - 0.5) - 1);
          r += step;
          if (r >= P) r -= P;
        }
        break;
      case "sawtooth":
        for (let i = 0; i < n; i++) {
          values[i] += amplitude * (r === 0 ? 1 : (2 * r) / P - 1);
          r += step;
          if (r >= P) r -= P;
        }
        break;
      default: {
        const unknown: never = season.waveform;
        throw new TypeError(`unknown waveform ${unknown}`);
      }
    }
  }
  if (!plan.wander && !plan.jumps && !plan.shape) return;
  const a = after.subarray(0, n);
  if (plan.wander) {
    plan.wander.stream.fill(a, from);
    const gain = plan.wander.gain;
    for (let i = 0; i < n; i++) a[i] *= gain;
  } else a.fill(0);
  plan.jumps?.add(from, a);
  plan.shape?.add(from, a);
  for (let i = 0; i < n; i++) values[i] += a[i];
}

/** x mod m in [0, m), for m > 0. */
function mod(x: number, m: number): number {
  const r = x % m;
  return r < 0 ? r + m : r;
}

/** A waveform at position r of its period P (0 <= r < P): 1 at r = 0 (SPEC section 15's table). */
export function wave(waveform: Waveform, duty: number, r: number, P: number): number {
  switch (waveform) {
    case "cosine":
      return Math.cos((2 * Math.PI * r) / P);
    case "square":
      return r < duty * P ? 1 : -1;
    case "triangle":
      return 4 * Math.abs(r / P - 0.5) - 1;
    case "sawtooth":
      return r === 0 ? 1 : (2 * r) / P - 1;
    default: {
      const unknown: never = waveform;
      throw new TypeError(`unknown waveform ${unknown}`);
    }
  }
}

/**
 * The faults on the seasons (SPEC section 16), for the chunk's samples in their windows: each
 * season's value there moved as the faults at that sample say (the position by `frequency` then
 * `phase`, the waveform blended by `shape`, the amplitude scaled by `amplitude`). B(k) is made
 * again there in fillBaseline's order (level and trend, each season, then what comes after them,
 * from `after` as fillBaseline left it), so a sample reads exactly as its formula says; those
 * samples are labelled.
 */
export function applySeasonFaults(
  plan: BaselinePlan,
  faults: readonly ResolvedSeasonFault[],
  value: number,
  from: number,
  values: Float64Array,
  labels: Uint8Array,
  after: Float64Array,
): void {
  const to = from + values.length;
  // Each active fault's envelope over the chunk, NaN outside its window.
  const active: { fault: ResolvedSeasonFault; e: Float64Array; lo: number; hi: number }[] = [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const fault of faults) {
    const start = Math.max(from, fault.at);
    const end = Math.min(to, fault.at + fault.onset + fault.hold + fault.recovery_time);
    if (start >= end) continue;
    const e = new Float64Array(end - start);
    fillEnvelope(fault, start - fault.at, e);
    active.push({ fault, e, lo: start, hi: end });
    lo = Math.min(lo, start);
    hi = Math.max(hi, end);
  }
  if (active.length === 0) return;
  const { t0, interval } = plan;
  for (let k = lo; k < hi; k++) {
    let x = value + plan.slope * (k * interval);
    let hit = false;
    const tMs = plan.t0Ms + k * plan.intervalMs;
    for (const season of plan.seasons) {
      let position = tMs;
      let gain = 1;
      let blend: { waveform: Waveform; duty: number; e: number } | undefined;
      for (const { fault, e, lo: start, hi: end } of active) {
        if (k < start || k >= end) continue;
        hit = true;
        const weight = e[k - start];
        switch (fault.kind) {
          case "frequency": {
            const atMs = plan.t0Ms + fault.at * plan.intervalMs;
            position = atMs + fault.factor! * (position - atMs);
            break;
          }
          case "phase":
            position -= shiftMs(fault.shift!, plan.intervalMs) * weight;
            break;
          case "amplitude":
            gain *= 1 + (fault.factor! - 1) * weight;
            break;
          case "shape":
            blend = { waveform: fault.waveform!, duty: fault.duty ?? 0.5, e: weight };
            break;
          default: {
            const unknown: never = fault.kind;
            throw new TypeError(`unknown season fault ${unknown}`);
          }
        }
      }
      const r = mod(position - plan.originMs - season.peakMs, season.periodMs);
      // Unmoved, a season reads as fillBaseline made it (section 9's cosine in seconds).
      let moved = position === tMs && season.waveform === "cosine"
        ? Math.cos(
          (2 * Math.PI * (t0 + k * interval - (plan.origin + season.peak))) / season.period,
        )
        : wave(season.waveform, season.duty, r, season.periodMs);
      if (blend) {
        moved = (1 - blend.e) * moved +
          blend.e * wave(blend.waveform, blend.duty, r, season.periodMs);
      }
      x += season.amplitude * (gain === 1 ? moved : gain * moved);
    }
    if (plan.wander || plan.jumps || plan.shape) x += after[k - from];
    if (hit) {
      values[k - from] = x;
      labels[k - from] = 1;
    }
  }
}

/** A phase fault's shift in milliseconds: samples, or a duration with an optional "-". */
function shiftMs(shift: number | string, intervalMs: number): number {
  if (typeof shift === "number") return shift * intervalMs;
  const negative = shift.startsWith("-");
  const ms = secondsOf(negative ? shift.slice(1) : shift, 0) * 1000;
  return negative ? -ms : ms;
}
