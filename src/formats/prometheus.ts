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
import { boundText, isObservedType } from "../config/distributions.ts";

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
  /**
   * The name its samples carry: the family's; a counter's with `_total`; a histogram's column
   * `_bucket`, `_sum` or `_count` after it (a summary's quantiles carry the family's).
   */
  readonly sample: string;
  /** Its labels as pairs, in the order written (a bucket's `le`, a quantile's `quantile` last). */
  readonly pairs: readonly (readonly [string, string])[];
}

/** The types of a family. */
export type FamilyType = "gauge" | "counter" | "histogram" | "summary";

/** Metrics sharing a name: one `# TYPE`, one `# HELP`, their series together. */
export interface PrometheusFamily {
  /** The family's name (a counter's samples add `_total`). */
  readonly name: string;
  /** Gauge or counter (SPEC section 12), histogram or summary (of columns observing a metric). */
  readonly type: FamilyType;
  /** The name a gauge's or counter's samples carry: the family's, and `_total` for a counter. */
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
    type: FamilyType;
    native?: number;
    help?: string;
    helpFrom?: string;
    series: PrometheusSeries[];
    keys: Map<string, string>;
  }>();
  for (const [column, metric] of Object.keys(config.metrics).entries()) {
    const { prometheus = {}, observes } = config.metrics[metric];
    // A histogram's or summary's location is no series: its columns are.
    if (isObservedType(config.metrics[metric].type)) continue;
    const type: FamilyType = observes
      ? config.metrics[observes.of].type as FamilyType
      : config.metrics[metric].type ?? "gauge";
    const path = `metrics.${keyPath(observes?.of ?? metric)}`;
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
    const pairs: [string, string][] = Object.entries(prometheus.labels ?? {});
    if (observes?.part === "bucket") pairs.push(["le", boundText(observes.bound!)]);
    if (observes?.part === "quantile") pairs.push(["quantile", boundText(observes.bound!)]);
    const labels = labelText(pairs);
    const sample = observes && observes.part !== "quantile"
      ? `${name}_${observes.part}`
      : type === "counter"
      ? `${name}_total`
      : name;
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
          `a family is of one type; set prometheus.name`,
      });
      continue;
    }
    // Prometheus (2.42) reads a family as native histograms or classic ones by its first series.
    const native = observes ? config.metrics[observes.of].native : undefined;
    if (family.series.length === 0) family.native = native;
    else if (family.native !== native) {
      issues.push({
        path,
        message:
          `its Prometheus name ${quoted(name)} is also ${
            quoted(ownerOf(config, family.series[0].metric))
          }'s, whose native is ${family.native ?? "not set"}: a family is native or not as a ` +
          `whole; give the same native`,
      });
      continue;
    }
    const twin = family.keys.get(sample + labels);
    if (twin !== undefined) {
      issues.push({
        path,
        message: `its Prometheus series ${quoted(sample + labels)} is also ${quoted(twin)}'s; ` +
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
    family.keys.set(sample + labels, metric);
    family.series.push({ metric, column, labels, sample, pairs });
  }
  // A gauge named x_total and a counter x would write the same samples; x_bucket, x_sum and
  // x_count a histogram x's.
  for (const family of families.values()) {
    const suffixes = SAMPLE_SUFFIXES[family.type];
    for (const suffix of suffixes) {
      const clash = families.get(`${family.name}${suffix}`);
      if (!clash) continue;
      const owner = ownerOf(config, family.series[0].metric);
      issues.push({
        path: `metrics.${keyPath(ownerOf(config, clash.series[0].metric))}`,
        message: `its Prometheus name ${quoted(clash.name)} is a sample name of ${family.type} ` +
          `${quoted(owner)}; set prometheus.name`,
      });
    }
  }
  if (issues.length > 0) {
    // A histogram's columns would each say the same.
    const seen = new Set<string>();
    throw new ConfigError(issues.filter((issue) => {
      const key = `${issue.path}\0${issue.message}`;
      return !seen.has(key) && seen.add(key);
    }));
  }
  return [...families.values()].map(({ name, type, help, series }) => ({
    name,
    type,
    sample: type === "counter" ? `${name}_total` : name,
    help: help ?? defaultHelp([...new Set(series.map((s) => ownerOf(config, s.metric)))], type),
    series,
  }));
}

/** The sample names a family's own name and these make, besides its own. */
const SAMPLE_SUFFIXES: { readonly [type in FamilyType]: readonly string[] } = {
  gauge: [],
  counter: ["_total"],
  histogram: ["_bucket", "_sum", "_count"],
  summary: ["_sum", "_count"],
};

/** The metric a column belongs to: a histogram's or summary's column to the metric observed. */
function ownerOf(config: ResolvedConfig, metric: string): string {
  return config.metrics[metric].observes?.of ?? metric;
}

/** A family's help when no metric of it gives one: where it comes from. */
function defaultHelp(metrics: readonly string[], type: FamilyType): string {
  const what = type === "histogram" || type === "summary" ? type : "metric";
  const keys = metrics.length === 1 ? `${what} ${metrics[0]}` : `${what}s ${metrics.join(", ")}`;
  return cut(`Synthetic ${keys} (chaos-datagen)`, 200);
}

/**
 * The fault truth as series: one per fault and metric it covers (its own, and each one its
 * effects reached; a histogram's or summary's columns are its metric), in config order, with its
 * windows cut at the end of the series.
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
      // A histogram's or summary's columns are one family: the truth names the metric.
      const metric = source.config.metrics[effect.metric].observes?.of ?? effect.metric;
      add(metric, anomaly.id, effect.first_sample, effect.last_sample);
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
