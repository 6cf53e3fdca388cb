// Durations in configs: "250ms", "15s", "5m", "1h", "1d", "1w" and compounds such as "1d12h"
// (SPEC section 8), read exactly: each part in whole or decimal units, summed in milliseconds.

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;

/** The examples shown when a duration is refused. */
export const DURATION_EXAMPLES = `"250ms", "15s", "5m", "1h", "1d", "1w", "1d12h"`;

/** A duration's length in milliseconds, or undefined when the text is not a duration. */
export function durationMs(text: string): number | undefined {
  PART.lastIndex = 0;
  let ms = 0;
  let parts = 0;
  while (PART.lastIndex < text.length) {
    const match = PART.exec(text);
    if (!match) return undefined;
    ms += Number(match[1]) * UNIT_MS[match[2]];
    parts++;
  }
  return parts > 0 ? ms : undefined;
}

/**
 * A key that measures time, in seconds: a duration, or an integer number of samples of
 * `interval` seconds. For values validated already.
 */
export function secondsOf(value: number | string, interval: number): number {
  return typeof value === "string" ? durationMs(value.trim())! / 1000 : Number(value) * interval;
}
