// RFC 3339 UTC times written at the cost of their digits: the date is worked out once a day from
// the day number (no Date object), the time of day by integer arithmetic and a digit table. The
// text equals `new Date(ms).toISOString()`, cut to whole seconds when milliseconds are not wanted.

import { writeDigits } from "./_digits.ts";
import { hasMilliseconds, intervalMs, type SampleTiming } from "../model/time.ts";

const DAY_MS = 86_400_000;
const DASH = 45;
const T = 84;
const ZULU = 90;
/** Most bytes of a time: `+275760-09-13T00:00:00.000Z`. */
export const MAX_TIME_BYTES = 28;

/** Per second of the day, `HH:MM:SS` as two little-endian 32-bit words; made on first use. */
let clock: Uint32Array | undefined;
/** Per millisecond, `.mmm` as one little-endian 32-bit word. */
let millis: Uint32Array | undefined;

function word(text: string): number {
  return (text.charCodeAt(0) | (text.charCodeAt(1) << 8) | (text.charCodeAt(2) << 16) |
    (text.charCodeAt(3) << 24)) >>> 0;
}

function tables(): [Uint32Array, Uint32Array] {
  if (!clock || !millis) {
    clock = new Uint32Array(2 * 86_400);
    const two = (n: number) => String(n).padStart(2, "0");
    for (let s = 0; s < 86_400; s++) {
      const text = `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
      clock[2 * s] = word(text.slice(0, 4));
      clock[2 * s + 1] = word(text.slice(4));
    }
    millis = Uint32Array.from({ length: 1000 }, (_, ms) => word(`.${String(ms).padStart(3, "0")}`));
  }
  return [clock, millis];
}

/**
 * Writes the times of samples: `t0 + k * step` milliseconds since the epoch. The date is worked
 * out once per day; the time of day is two table words, the milliseconds one.
 */
export class TimeText {
  readonly #t0: number;
  readonly #step: number;
  readonly #withMs: boolean;
  readonly #clock: Uint32Array;
  readonly #millis: Uint32Array;
  #dayStart = NaN;
  #dayEnd = NaN;
  /** `YYYY-MM-DDT` of the current day as little-endian words (longer for years beyond 9999). */
  readonly #prefix = new Uint32Array(4);
  #prefixWords = 0;
  #prefixLength = 0;

  /**
   * @param t0 Time of sample 0, milliseconds since the epoch.
   * @param step Milliseconds between samples.
   * @param withMs Whether to write milliseconds.
   */
  constructor(t0: number, step: number, withMs: boolean) {
    this.#t0 = t0;
    this.#step = step;
    this.#withMs = withMs;
    [this.#clock, this.#millis] = tables();
  }

  /**
   * Writes the time of sample `k` at `p` of `view`; returns the position after it. The caller
   * has reserved {@linkcode MAX_TIME_BYTES} and 3 more: word stores may spill past the text.
   */
  write(view: DataView, p: number, k: number): number {
    const ms = this.#t0 + k * this.#step;
    if (!(ms >= this.#dayStart && ms < this.#dayEnd)) this.#setDay(Math.floor(ms / DAY_MS));
    const prefix = this.#prefix;
    for (let i = 0; i < this.#prefixWords; i++) view.setUint32(p + 4 * i, prefix[i], true);
    p += this.#prefixLength;
    const rest = ms - this.#dayStart;
    const second = (rest / 1000) | 0;
    view.setUint32(p, this.#clock[2 * second], true);
    view.setUint32(p + 4, this.#clock[2 * second + 1], true);
    p += 8;
    if (this.#withMs) {
      view.setUint32(p, this.#millis[rest - second * 1000], true);
      p += 4;
    }
    view.setUint8(p, ZULU);
    return p + 1;
  }

  #setDay(day: number): void {
    this.#dayStart = day * DAY_MS;
    this.#dayEnd = this.#dayStart + DAY_MS;
    const [year, month, date] = civilDate(day);
    const bytes = new Uint8Array(16);
    let length: number;
    if (year < 0 || year > 9999) {
      // Expanded years (+010000, -000001): rare enough for Date to write them.
      const iso = new Date(this.#dayStart).toISOString();
      const text = iso.slice(0, iso.indexOf("T") + 1);
      for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      length = text.length;
    } else {
      writeDigits(bytes, 4, year, 4);
      bytes[4] = DASH;
      writeDigits(bytes, 7, month, 2);
      bytes[7] = DASH;
      writeDigits(bytes, 10, date, 2);
      bytes[10] = T;
      length = 11;
    }
    const words = new DataView(bytes.buffer);
    this.#prefixWords = Math.ceil(length / 4);
    for (let i = 0; i < this.#prefixWords; i++) this.#prefix[i] = words.getUint32(4 * i, true);
    this.#prefixLength = length;
  }
}

/**
 * The proleptic Gregorian date of a day number (days since 1970-01-01), by Howard Hinnant's
 * `civil_from_days`: exact for every day a Date can hold.
 */
export function civilDate(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra -
    (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const date = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return [year, month, date];
}

/** The writer of a config's sample times, or undefined without `start` (samples are indices). */
export function timeTextOf(general: SampleTiming): TimeText | undefined {
  if (general.start === undefined) return undefined;
  return new TimeText(Date.parse(general.start), intervalMs(general), hasMilliseconds(general));
}
