// Keys that count samples or measure time (SPEC section 8): an integer counts samples; a duration
// ("90s", "1d12h") must be a whole number of samples where samples are counted; `at` may also be a
// date-time when general.start is set, and must then fall on a sample.

import { type Checker, describe, MAX_INTEGER } from "./checker.ts";
import { DURATION_EXAMPLES, durationMs } from "../text/duration.ts";
import { DATE_TIME_FORM, dateTimeMs, dateTimeProblem } from "../text/datetime.ts";

/** What turns times into samples: the interval, and the start when there is one. */
export interface Timing {
  /** Milliseconds between samples. */
  intervalMs: number;
  /** Time of sample 0 in milliseconds since the epoch, when `start` is set. */
  startMs?: number;
}

/** What makes a string a date-time rather than a duration, for `at`. */
const LOOKS_LIKE_DATE = /^\d{4}-\d{2}-\d{2}[Tt ]/;
const DATE_TIME = DATE_TIME_FORM;

/**
 * A date-time's milliseconds since the epoch: a TOML date-time with an offset, or such a string.
 * Adds an issue and returns undefined for anything else.
 */
export function checkDateTime(c: Checker, path: string, value: unknown): number | undefined {
  let ms: number;
  if (value instanceof Date) {
    // smol-toml's TomlDate tells local date-times and bare dates apart; they have no instant.
    const toml = value as Date & { isLocal?: () => boolean; isDateTime?: () => boolean };
    if (toml.isLocal?.() || toml.isDateTime?.() === false) {
      c.add(path, `must be ${DATE_TIME}: got a date or time without an offset`);
      return undefined;
    }
    ms = value.getTime();
  } else if (typeof value === "string" && LOOKS_LIKE_DATE.test(value)) {
    ms = dateTimeMs(value);
    if (ms !== ms) {
      c.add(path, `must be ${DATE_TIME}: got ${describe(value)}; ${dateTimeProblem(value)}`);
      return undefined;
    }
  } else {
    c.add(path, `must be ${DATE_TIME}: got ${describe(value)}`);
    return undefined;
  }
  if (!Number.isFinite(ms)) {
    c.add(path, `must be ${DATE_TIME}: got ${describe(value)}, which is not a valid date`);
    return undefined;
  }
  return ms;
}

/**
 * A key that counts samples: an integer >= `min`, or a duration that is a whole number of
 * samples. Without timing (general is invalid) a duration cannot be checked and gives nothing.
 */
export function checkSamples(
  c: Checker,
  path: string,
  value: unknown,
  timing: Timing | undefined,
  min: number,
  required: boolean,
): number | undefined {
  if (typeof value !== "string") return c.integer(path, value, min, MAX_INTEGER, required);
  const ms = durationMs(value.trim());
  if (ms === undefined) {
    c.add(
      path,
      `must be an integer >= ${min} (samples) or a duration such as ${DURATION_EXAMPLES}: got ${
        describe(value)
      }`,
    );
    return undefined;
  }
  if (!timing) return undefined;
  const samples = ms / timing.intervalMs;
  if (!Number.isInteger(samples)) {
    c.add(
      path,
      `must be a whole number of samples: ${
        describe(value)
      } is ${ms} ms, not a multiple of the interval (${timing.intervalMs} ms)`,
    );
    return undefined;
  }
  if (samples < min) {
    c.add(path, `must be at least ${min} samples: got ${describe(value)} (${samples})`);
    return undefined;
  }
  return samples;
}

/** `at`: samples, a duration from sample 0, or (with start) a date-time that falls on a sample. */
export function checkAt(
  c: Checker,
  path: string,
  value: unknown,
  timing: Timing | undefined,
): number | undefined {
  const isDateTime = value instanceof Date ||
    (typeof value === "string" && LOOKS_LIKE_DATE.test(value));
  if (!isDateTime) return checkSamples(c, path, value, timing, 0, true);
  if (timing && timing.startMs === undefined) {
    c.add(path, `a date-time needs general.start; give at as samples or a duration instead`);
    return undefined;
  }
  const ms = checkDateTime(c, path, value);
  if (ms === undefined || !timing || timing.startMs === undefined) return undefined;
  const samples = (ms - timing.startMs) / timing.intervalMs;
  if (samples < 0) {
    c.add(path, `must not be before general.start (${new Date(timing.startMs).toISOString()})`);
    return undefined;
  }
  if (!Number.isInteger(samples)) {
    c.add(
      path,
      `must fall on a sample: ${describe(value)} is ${
        ms - timing.startMs
      } ms after start, not a multiple of the interval (${timing.intervalMs} ms)`,
    );
    return undefined;
  }
  return samples;
}

/**
 * A key that measures time, in seconds: a duration, or an integer number of samples. Must be
 * > 0, or >= 0 with `allowZero`.
 */
export function checkTime(
  c: Checker,
  path: string,
  value: unknown,
  timing: Timing | undefined,
  allowZero: boolean,
  required: boolean,
): number | undefined {
  const rule = `${allowZero ? ">= 0" : "> 0"}: samples, or a duration such as ${DURATION_EXAMPLES}`;
  if (value === undefined) {
    if (required) c.add(path, `missing; a time ${rule} is required`);
    return undefined;
  }
  let seconds: number | undefined;
  if (typeof value === "string") {
    const ms = durationMs(value.trim());
    if (ms !== undefined) seconds = ms / 1000;
  } else {
    const samples = c.integer(path, value, 0, MAX_INTEGER, true);
    if (samples === undefined) return undefined;
    if (!timing) return undefined;
    seconds = (samples * timing.intervalMs) / 1000;
  }
  if (seconds === undefined || !(allowZero ? seconds >= 0 : seconds > 0)) {
    c.add(path, `must be a time ${rule}: got ${describe(value)}`);
    return undefined;
  }
  return seconds;
}
