// Services and fault types: the names root-cause layouts and scoring group metrics and faults
// by. RCA tools write `<service>_<metric>` columns and `<service>_<fault>` folders and split them
// on the first `_`, so neither name may hold one.

import type { MetricConfig } from "./types.ts";

/** A service or fault type: a word of letters, digits, `.` and `-`, at most 64 characters. */
export const SERVICE_WORD: RegExp = /^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/;

/** What {@linkcode SERVICE_WORD} asks for, in a config problem's words. */
export const SERVICE_WORD_RULE =
  `must be a word of letters, digits, "." and "-", at most 64 characters (no "_": RCA tools split names on it)`;

/**
 * The service a metric belongs to: its `service` key, else its name's part before the first `_`,
 * else its whole name (`db_latency_ms` belongs to `db`, `checkout` to `checkout`).
 *
 * @param name The metric's name.
 * @param metric The metric's config.
 * @returns Its service.
 *
 * @example
 * ```ts
 * import { serviceOf } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(serviceOf("db_latency_ms", { value: 1 }), "db");
 * strictEqual(serviceOf("cpu", { value: 1 }), "cpu");
 * strictEqual(serviceOf("cpu", { value: 1, service: "cart" }), "cart");
 * ```
 */
export function serviceOf(name: string, metric: MetricConfig): string {
  if (metric.service !== undefined) return metric.service;
  const cut = name.indexOf("_");
  return cut > 0 ? name.slice(0, cut) : name;
}
