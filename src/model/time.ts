// Sample times: start + k * interval, written as RFC 3339 UTC. Milliseconds are written only
// when start or interval has them, so a file's timestamps all have one width.

import type { ResolvedGeneralConfig } from "../config/types.ts";

/** What sample times depend on: `start` (RFC 3339) and `interval` (seconds). */
export type SampleTiming = Pick<ResolvedGeneralConfig, "start" | "interval">;

/**
 * The time of sample `k` in milliseconds since the epoch, or `undefined` without `start`.
 *
 * @param general The resolved `[general]` table.
 * @param k The sample index.
 * @returns Milliseconds since 1970-01-01T00:00:00Z.
 *
 * @example Quarter-second samples
 * ```ts
 * import { sampleTimeMs } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(sampleTimeMs({ start: "1970-01-01T00:00:00Z", interval: 0.25 }, 3), 750);
 * ```
 */
export function sampleTimeMs(general: SampleTiming, k: number): number | undefined {
  if (general.start === undefined) return undefined;
  return Date.parse(general.start) + k * intervalMs(general);
}

/**
 * The time of sample `k` as RFC 3339 UTC, or `undefined` without `start`.
 *
 * @param general The resolved `[general]` table.
 * @param k The sample index.
 * @returns The timestamp, with milliseconds only when start or interval has them.
 *
 * @example Fifteen-second samples
 * ```ts
 * import { sampleTime } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(sampleTime({ start: "2026-01-01T00:00:00Z", interval: 15 }, 5), "2026-01-01T00:01:15Z");
 * ```
 */
export function sampleTime(general: SampleTiming, k: number): string | undefined {
  const ms = sampleTimeMs(general, k);
  if (ms === undefined) return undefined;
  const text = new Date(ms).toISOString();
  // Years beyond 9999 have six digits and a sign, so the milliseconds are cut from the end.
  return hasMilliseconds(general) ? text : text.replace(/\.\d{3}Z$/, "Z");
}

/**
 * The interval in whole milliseconds.
 *
 * @param general The resolved `[general]` table.
 * @returns Milliseconds between samples.
 *
 * @example
 * ```ts
 * import { intervalMs } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(intervalMs({ interval: 0.25 }), 250);
 * ```
 */
export function intervalMs(general: Pick<SampleTiming, "interval">): number {
  return Math.round(general.interval * 1000);
}

/**
 * Whether timestamps need a fractional second: when start or interval is not whole seconds.
 *
 * @param general The resolved `[general]` table.
 * @returns True when timestamps are written with milliseconds.
 *
 * @example
 * ```ts
 * import { hasMilliseconds } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(hasMilliseconds({ start: "2026-01-01T00:00:00Z", interval: 0.5 }), true);
 * strictEqual(hasMilliseconds({ start: "2026-01-01T00:00:00Z", interval: 15 }), false);
 * ```
 */
export function hasMilliseconds(general: SampleTiming): boolean {
  if (general.start === undefined) return false;
  return Date.parse(general.start) % 1000 !== 0 || intervalMs(general) % 1000 !== 0;
}
