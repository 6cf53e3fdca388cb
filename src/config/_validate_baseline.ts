// The rules of a metric's baseline (SPEC section 9): trend, seasons, wander and bounds.

import type {
  ResolvedMetricConfig,
  Samples,
  SeasonConfig,
  ShapeConfig,
  ShapeKind,
  Waveform,
} from "./types.ts";
import { type Checker, describe } from "./checker.ts";
import { WAVEFORMS } from "./fault_kinds.ts";
import { SHAPE_KINDS, SHAPES } from "./shapes.ts";
import { checkSamples, checkTime, type Timing } from "./_timing.ts";

/** The baseline keys of a metric table. */
export const BASELINE_KEYS = ["trend", "seasonality", "wander", "jumps", "shape", "min", "max"];
const JUMPS_KEYS = ["levels", "every"];
/** Most levels jumps may take, and most coefficients of a polynomial. */
const MAX_LEVELS = 1000;
const MAX_COEFFICIENTS = 64;
const TREND_KEYS = ["change", "over"];
const SEASON_KEYS = ["period", "amplitude", "peak", "waveform", "duty"];
const WANDER_KEYS = ["scale", "window"];

type Baseline = Pick<
  ResolvedMetricConfig,
  "trend" | "seasonality" | "wander" | "jumps" | "shape" | "min" | "max"
>;

/** Checks the baseline keys of `input` (a metric table at `path`); returns those given. */
export function checkBaseline(
  c: Checker,
  path: string,
  input: Record<string, unknown>,
  timing: Timing | undefined,
): Baseline {
  const baseline: Baseline = {};
  if (input.trend !== undefined && c.table(`${path}.trend`, input.trend, false)) {
    const at = `${path}.trend`;
    c.keys(at, input.trend, TREND_KEYS);
    const change = c.finite(`${at}.change`, input.trend.change, true);
    const over = checkTime(c, `${at}.over`, input.trend.over, timing, false, true);
    if (change !== undefined && over !== undefined) {
      baseline.trend = { change, over: asGiven(input.trend.over) };
    }
  }
  if (input.seasonality !== undefined) {
    const list = Array.isArray(input.seasonality) ? input.seasonality : [input.seasonality];
    const seasons: NonNullable<Baseline["seasonality"]> = [];
    list.forEach((season, i) => {
      const at = Array.isArray(input.seasonality)
        ? `${path}.seasonality[${i}]`
        : `${path}.seasonality`;
      if (!c.table(at, season, true)) return;
      c.keys(at, season, SEASON_KEYS);
      const period = checkTime(c, `${at}.period`, season.period, timing, false, true);
      const amplitude = c.finite(`${at}.amplitude`, season.amplitude, true);
      const peak = checkTime(c, `${at}.peak`, season.peak ?? 0, timing, true, false);
      const waveform = season.waveform === undefined
        ? "cosine"
        : c.choice(`${at}.waveform`, season.waveform, WAVEFORMS, "waveform") as
          | Waveform
          | undefined;
      let duty: number | undefined;
      if (season.duty !== undefined) {
        if (waveform !== "square") {
          c.add(`${at}.duty`, `is for waveform = "square" only`);
        } else {
          duty = c.finite(`${at}.duty`, season.duty, true);
          if (duty !== undefined && !(duty > 0 && duty < 1)) {
            c.add(
              `${at}.duty`,
              `must be between 0 and 1 (the share of the period high): got ${duty}`,
            );
          }
        }
      }
      // A waveform other than cosine works in whole milliseconds (SPEC section 15).
      if (waveform !== undefined && waveform !== "cosine" && timing && period !== undefined) {
        for (const [key, seconds] of [["period", period], ["peak", peak]] as const) {
          if (seconds !== undefined && !Number.isInteger(Math.round(seconds * 1e6) / 1e3)) {
            c.add(
              `${at}.${key}`,
              `must be a whole number of milliseconds with a ${waveform} waveform`,
            );
          }
        }
      }
      if (period !== undefined && amplitude !== undefined && peak !== undefined && waveform) {
        const resolved: SeasonConfig = {
          period: asGiven(season.period),
          amplitude,
          peak: asGiven(season.peak ?? 0),
        };
        // Left out when cosine, so configs before waveforms resolve as they did.
        if (waveform !== "cosine") resolved.waveform = waveform;
        if (waveform === "square") resolved.duty = duty ?? 0.5;
        seasons.push(resolved);
      }
    });
    baseline.seasonality = seasons;
  }
  if (input.wander !== undefined && c.table(`${path}.wander`, input.wander, false)) {
    const at = `${path}.wander`;
    c.keys(at, input.wander, WANDER_KEYS);
    const scale = c.finite(`${at}.scale`, input.wander.scale, true);
    if (scale !== undefined && scale < 0) c.add(`${at}.scale`, `must be >= 0: got ${scale}`);
    const window = checkSamples(c, `${at}.window`, input.wander.window, timing, 2, true);
    if (scale !== undefined && scale >= 0 && window !== undefined) {
      baseline.wander = { scale, window };
    }
  }
  if (input.jumps !== undefined && c.table(`${path}.jumps`, input.jumps, false)) {
    const at = `${path}.jumps`;
    c.keys(at, input.jumps, JUMPS_KEYS);
    const levels = checkNumbers(c, `${at}.levels`, input.jumps.levels, 2, MAX_LEVELS, "levels");
    const every = checkTime(c, `${at}.every`, input.jumps.every, timing, false, true);
    const interval = timing && timing.intervalMs / 1000;
    if (every !== undefined && interval !== undefined && !(every > interval)) {
      c.add(
        `${at}.every`,
        `must be longer than the interval (${interval} s): a sample jumps with probability interval / every: got ${
          describe(input.jumps.every)
        }`,
      );
    } else if (levels && every !== undefined) {
      baseline.jumps = { levels, every: asGiven(input.jumps.every) };
    }
  }
  if (input.shape !== undefined && c.table(`${path}.shape`, input.shape, false)) {
    const shape = checkShape(c, `${path}.shape`, input.shape);
    if (shape) baseline.shape = shape;
  }
  const min = c.finite(`${path}.min`, input.min, false);
  const max = c.finite(`${path}.max`, input.max, false);
  if (min !== undefined && max !== undefined && min > max) {
    c.add(`${path}.max`, `must be >= min (${min}): got ${max}`);
  }
  if (min !== undefined) baseline.min = min;
  if (max !== undefined) baseline.max = max;
  return baseline;
}

/**
 * A checked time as the config gave it (a duration, or samples), kept so that the resolved config
 * reads the same when checked again; TOML's integers arrive as bigints and become numbers.
 */
function asGiven(value: unknown): Samples {
  return typeof value === "bigint" ? Number(value) : value as Samples;
}

/** A list of `least` to `most` finite numbers. */
function checkNumbers(
  c: Checker,
  path: string,
  value: unknown,
  least: number,
  most: number,
  what: string,
): number[] | undefined {
  const rule = `an array of ${least} to ${most} finite numbers`;
  if (value === undefined) {
    c.add(path, `missing; ${rule} is required`);
    return undefined;
  }
  if (!Array.isArray(value) || value.length < least || value.length > most) {
    c.add(path, `must be ${rule} (the ${what}): got ${describe(value)}`);
    return undefined;
  }
  const numbers: number[] = [];
  value.forEach((item, i) => {
    const x = c.finite(`${path}[${i}]`, item, true);
    if (x !== undefined) numbers.push(x);
  });
  return numbers.length === value.length ? numbers : undefined;
}

/** A research shape (SPEC section 15): its kind, and the arguments that kind takes (SHAPES). */
function checkShape(
  c: Checker,
  path: string,
  input: Record<string, unknown>,
): ShapeConfig | undefined {
  const kind = c.choice(`${path}.kind`, input.kind, SHAPE_KINDS, "shape") as ShapeKind | undefined;
  if (kind === undefined) return undefined;
  const entry = SHAPES[kind];
  const words = entry.words ?? {};
  const lists = entry.lists ?? [];
  c.keys(
    path,
    input,
    ["kind", ...Object.keys(entry.args), ...lists, ...Object.keys(words)],
    "key",
    `shape ${kind}`,
  );
  const before = c.issues.length;
  const shape: Record<string, unknown> = { kind };
  for (const [name, arg] of Object.entries(entry.args)) {
    const value = input[name];
    if (value === undefined) continue;
    const at = `${path}.${name}`;
    const x = c.finite(at, value, true);
    if (x === undefined) continue;
    if ((arg.integer && !Number.isInteger(x)) || !arg.valid(x)) {
      c.add(at, `must be ${arg.rule}: got ${describe(value)}`);
    } else shape[name] = x;
  }
  for (const name of lists) {
    const numbers = checkNumbers(
      c,
      `${path}.${name}`,
      input[name],
      1,
      MAX_COEFFICIENTS,
      "coefficients",
    );
    if (numbers) shape[name] = numbers;
  }
  for (const [name, word] of Object.entries(words)) {
    const value = input[name];
    if (value === undefined) continue;
    if (typeof value !== "string" || !word.allowed.includes(value)) {
      c.add(`${path}.${name}`, `must be ${word.rule}: got ${describe(value)}`);
    } else shape[name] = value;
  }
  return c.issues.length === before ? shape as unknown as ShapeConfig : undefined;
}
