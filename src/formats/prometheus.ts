// How a dataset is named in Prometheus: each metric a series of a family (its name, labels and
// type), and the fault truth as `chaos_fault_active{metric,fault}` series. Shared by
// metrics.om, promtool-tests.yml and the live /metrics endpoint.

import type { ResolvedConfig } from "../config/types.ts";
import type { Dataset } from "../model/mod.ts";
import { ConfigError } from "../config/error.ts";
import { keyPath } from "../config/checker.ts";
import type { ConfigIssue } from "../config/checker.ts";
import { cut, quoted } from "../text/mod.ts";
import { mergeRanges } from "../truth/ranges.ts";
import { defaultPrometheusName } from "../config/_validate_prometheus.ts";

export { defaultPrometheusName };

/** The series of fault truth: 1 inside a fault's window on a metric. */
export const FAULT_SERIES = "chaos_fault_active";

/** One metric as a Prometheus series. */
export interface PrometheusSeries {
  /** The metric's key in the config. */
  readonly metric: string;
  /** Its column: its place in config order. */
  readonly column: number;
  /** Its labels as written between braces, `{job="api"}`, or empty. */
  readonly labels: string;
}

/** Metrics sharing a name: one `# TYPE`, one `# HELP`, their series together. */
export interface PrometheusFamily {
  /** The family's name (a counter's samples add `_total`). */
  readonly name: string;
  /** Gauge or counter (SPEC section 12). */
  readonly type: "gauge" | "counter";
  /** The name its samples carry: the family's, and `_total` after it for a counter. */
  readonly sample: string;
  /** Its help text: a metric's `prometheus.help`, else where the family comes from. */
  readonly help: string;
  /** Its series, in config order. */
  readonly series: readonly PrometheusSeries[];
}

/** A fault's truth on one metric: its own metric, or one its effects reached. */
export interface FaultSeries {
  /** The metric (config key). */
  readonly metric: string;
  /** The fault's id, `<metric>#<n>`. */
  readonly fault: string;
  /** `{metric="...",fault="..."}`. */
  readonly labels: string;
  /** Its windows on the metric, inclusive sample ranges in order, merged where they touch. */
  readonly windows: readonly (readonly [number, number])[];
}

/**
 * The metrics as Prometheus families, in order of first appearance. Refuses, naming every
 * problem at once, metrics whose names and labels collide, families that mix gauges and
 * counters or give two helps, and names chaos-datagen writes itself.
 *
 * @param config The resolved config.
 * @returns The families.
 * @throws {ConfigError} When names collide.
 *
 * @example Two metrics with one name are one family
 * ```ts
 * import { prometheusFamilies, resolveConfig } from "@chaos-datagen/chaos-datagen";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const config = resolveConfig({
 *   general: { num_samples: 1 },
 *   metrics: {
 *     api_cpu: { value: 1, prometheus: { name: "cpu", labels: { job: "api" } } },
 *     db_cpu: { value: 1, prometheus: { name: "cpu", labels: { job: "db" } } },
 *   },
 * });
 * deepStrictEqual(prometheusFamilies(config).map((f) => [f.name, f.series.length]), [["cpu", 2]]);
 * ```
 */
export function prometheusFamilies(config: ResolvedConfig): PrometheusFamily[] {
  const issues: ConfigIssue[] = [];
  const families = new Map<string, {
    name: string;
    type: "gauge" | "counter";
    help?: string;
    helpFrom?: string;
    series: PrometheusSeries[];
    keys: Map<string, string>;
  }>();
  for (const [column, metric] of Object.keys(config.metrics).entries()) {
    const { prometheus = {}, type = "gauge" } = config.metrics[metric];
    const path = `metrics.${keyPath(metric)}`;
    let name = prometheus.name ?? defaultPrometheusName(metric);
    if (type === "counter" && name.endsWith("_total") && name !== "_total") {
      name = name.slice(0, -"_total".length);
    }
    if (FAULT_SERIES === name || name === "chaos_sample_index") {
      issues.push({
        path,
        message: `its Prometheus name ${quoted(name)} is a series chaos-datagen writes itself; ` +
          `set prometheus.name`,
      });
      continue;
    }
    const labels = labelText(Object.entries(prometheus.labels ?? {}));
    let family = families.get(name);
    if (!family) {
      family = { name, type, series: [], keys: new Map() };
      families.set(name, family);
    } else if (family.type !== type) {
      const other = family.series[0]?.metric ?? "";
      issues.push({
        path,
        message:
          `its Prometheus name ${quoted(name)} is also ${quoted(other)}'s, a ${family.type}: ` +
          `a family is all gauges or all counters; set prometheus.name`,
      });
      continue;
    }
    const twin = family.keys.get(labels);
    if (twin !== undefined) {
      issues.push({
        path,
        message: `its Prometheus series ${quoted(name + labels)} is also ${quoted(twin)}'s; ` +
          `set prometheus.name or prometheus.labels to tell them apart`,
      });
      continue;
    }
    if (prometheus.help !== undefined) {
      if (family.help !== undefined && family.help !== prometheus.help) {
        issues.push({
          path: `${path}.prometheus.help`,
          message: `family ${quoted(name)} has one help, and ${quoted(family.helpFrom!)} ` +
            `gives another: ${quoted(family.help)}`,
        });
      } else {
        family.help = prometheus.help;
        family.helpFrom = metric;
      }
    }
    family.keys.set(labels, metric);
    family.series.push({ metric, column, labels });
  }
  // A gauge named x_total and a counter x would write the same samples.
  for (const family of families.values()) {
    if (family.type !== "counter") continue;
    const clash = families.get(`${family.name}_total`);
    if (clash) {
      issues.push({
        path: `metrics.${keyPath(clash.series[0].metric)}`,
        message: `its Prometheus name ${quoted(clash.name)} is the sample name of counter ` +
          `${quoted(family.series[0].metric)}; set prometheus.name`,
      });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return [...families.values()].map(({ name, type, help, series }) => ({
    name,
    type,
    sample: type === "counter" ? `${name}_total` : name,
    help: help ?? defaultHelp(series.map((s) => s.metric)),
    series,
  }));
}

/** A family's help when no metric of it gives one: where it comes from. */
function defaultHelp(metrics: readonly string[]): string {
  const keys = metrics.length === 1 ? `metric ${metrics[0]}` : `metrics ${metrics.join(", ")}`;
  return cut(`Synthetic ${keys} (chaos-datagen)`, 200);
}

/**
 * The fault truth as series: one per fault and metric it covers (its own, and each one its
 * effects reached), in config order, with its windows cut at the end of the series.
 *
 * @param source A dataset or generator.
 * @returns The series.
 *
 * @example A fault and its effect downstream
 * ```ts
 * import { faultSeries, generate } from "@chaos-datagen/chaos-datagen";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const data = generate({
 *   general: { seed: 1, num_samples: 20 },
 *   metrics: { db: { value: 1 }, api: { value: 1, depends_on: { db: { lag: 2 } } } },
 *   anomalies: { db: { at: 5, anomaly_factor: 2, pattern: "step", recovery_time: 3 } },
 * });
 * deepStrictEqual(faultSeries(data).map((s) => [s.labels, s.windows]), [
 *   ['{metric="db",fault="db#1"}', [[5, 7]]],
 *   ['{metric="api",fault="db#1"}', [[7, 9]]],
 * ]);
 * ```
 */
export function faultSeries(source: Pick<Dataset, "anomalies" | "config">): FaultSeries[] {
  const last = source.config.general.num_samples - 1;
  const byKey = new Map<string, { metric: string; fault: string; windows: [number, number][] }>();
  const add = (metric: string, fault: string, first: number, end: number) => {
    const key = `${metric}\0${fault}`;
    let series = byKey.get(key);
    if (!series) byKey.set(key, series = { metric, fault, windows: [] });
    if (first <= last) series.windows.push([first, Math.min(end, last)]);
  };
  for (const anomaly of source.anomalies) {
    add(anomaly.metric, anomaly.id, anomaly.first_sample, anomaly.last_sample);
    for (const effect of anomaly.effects) {
      add(effect.metric, anomaly.id, effect.first_sample, effect.last_sample);
    }
  }
  return [...byKey.values()].map(({ metric, fault, windows }) => ({
    metric,
    fault,
    labels: labelText([["metric", metric], ["fault", fault]]),
    windows: mergeRanges(windows),
  }));
}

/** `{a="x",b="y"}` with values escaped, or empty for no labels. */
function labelText(labels: readonly (readonly [string, string])[]): string {
  if (labels.length === 0) return "";
  return `{${labels.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(",")}}`;
}

/** A label value as the exposition formats write it: `\`, `"` and newline escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => c === "\n" ? "\\n" : `\\${c}`);
}

/** A help text as the exposition formats write it: `\` and newline escaped (and `"` in OM). */
export function escapeHelp(help: string, openMetrics: boolean): string {
  return help.replace(
    openMetrics ? /[\\"\n]/g : /[\\\n]/g,
    (c) => c === "\n" ? "\\n" : `\\${c}`,
  );
}
