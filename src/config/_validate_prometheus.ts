// The rules of `metrics.<name>.prometheus`: a valid metric name, valid label names, and label
// values and help without control characters. Whether names collide is checked by the formats
// that write Prometheus names (src/formats/prometheus.ts): a CSV run does not care.

import type { PrometheusConfig } from "./types.ts";
import { type Checker, describe, keyPath } from "./checker.ts";
import { hasControls, quoted } from "../text/mod.ts";

const PROMETHEUS_KEYS = ["name", "labels", "help"];

/** A Prometheus metric name. */
export const METRIC_NAME: RegExp = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** A Prometheus label name; those beginning with `__` are Prometheus's own. */
export const LABEL_NAME: RegExp = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** The series chaos-datagen adds beside the metrics. */
export const RESERVED_NAMES: readonly string[] = ["chaos_fault_active", "chaos_sample_index"];
/** Longest name, label or help accepted: far beyond any real one, short enough to show. */
const MAX_TEXT = 1024;

/**
 * The metric name a key gets by default: each character outside `[a-zA-Z0-9_:]` made `_`, and
 * `_` before a leading digit.
 *
 * @param key A metric's key in the config.
 * @returns A valid Prometheus metric name.
 *
 * @example
 * ```ts
 * import { defaultPrometheusName } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(defaultPrometheusName("api.latency-p99"), "api_latency_p99");
 * strictEqual(defaultPrometheusName("5xx"), "_5xx");
 * ```
 */
export function defaultPrometheusName(key: string): string {
  const name = key.replace(/[^a-zA-Z0-9_:]/g, "_");
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** Checks `metrics.<name>.prometheus`; returns it when valid. */
export function checkPrometheus(
  c: Checker,
  path: string,
  input: unknown,
): PrometheusConfig | undefined {
  const at = `${path}.prometheus`;
  if (input === undefined || !c.table(at, input, false)) return undefined;
  const before = c.issues.length;
  c.keys(at, input, PROMETHEUS_KEYS);
  const result: PrometheusConfig = {};
  const name = text(c, `${at}.name`, input.name);
  if (name !== undefined) {
    if (!METRIC_NAME.test(name)) {
      c.add(
        `${at}.name`,
        `must be a Prometheus metric name, [a-zA-Z_:][a-zA-Z0-9_:]*: got ${quoted(name)}`,
      );
    } else if (RESERVED_NAMES.includes(name)) {
      c.add(`${at}.name`, `${quoted(name)} is a series chaos-datagen writes itself`);
    }
    result.name = name;
  }
  const help = text(c, `${at}.help`, input.help);
  if (help !== undefined) result.help = help;
  if (input.labels !== undefined && c.table(`${at}.labels`, input.labels, false)) {
    const labels: Record<string, string> = {};
    for (const [label, value] of Object.entries(input.labels)) {
      const where = `${at}.labels.${keyPath(label)}`;
      if (!LABEL_NAME.test(label)) {
        c.add(where, `a label name must match [a-zA-Z_][a-zA-Z0-9_]*: got ${quoted(label)}`);
      } else if (label.startsWith("__")) {
        c.add(where, `label names beginning with "__" are Prometheus's own: got ${quoted(label)}`);
      }
      const checked = text(c, where, value);
      if (checked !== undefined) labels[label] = checked;
    }
    result.labels = labels;
  }
  return c.issues.length === before ? result : undefined;
}

function text(c: Checker, path: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") {
    c.add(path, `must be a string: got ${describe(value)}`);
    return undefined;
  }
  return labelText(c, path, value);
}

/**
 * A name, help or label value as Prometheus's formats can carry it: no control characters and
 * at most MAX_TEXT characters; undefined, with the problem added, otherwise.
 */
export function labelText(c: Checker, path: string, value: string): string | undefined {
  if (hasControls(value)) c.add(path, "must not hold control characters");
  else if (value.length > MAX_TEXT) {
    c.add(path, `must be at most ${MAX_TEXT} characters: got ${value.length}`);
  } else return value;
  return undefined;
}
