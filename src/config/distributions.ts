// Histogram and summary metrics (issue 25, part 1): a metric whose value is the location of a
// distribution of observations (a latency's median), `spread` its width, `rate` how many
// observations a second. Everything about them has its home here: the laws (one table), the
// keys and their rules, and the columns a metric becomes, each named as Prometheus names its
// series: `lat_bucket{le="0.1"}` .. `lat_bucket{le="+Inf"}`, `lat_sum`, `lat_count` for a
// histogram, `lat{quantile="0.99"}` .., `lat_sum`, `lat_count` for a summary.
//
// A fault moves the location of the observations it hits: a share `hit` of them (0.1 unless
// given) while the metric is labelled; the others keep the location the metric would have had
// without its faults. A latency fault so moves the upper quantiles first: with hit = 0.1 and the
// location 4 times larger (spread 0.5), p99 grows 2.4 times, p50 by 4%.

import type { ObservedPart, ResolvedConfig, ResolvedMetricConfig } from "./types.ts";
import { type Checker, type ConfigIssue, describe, keyPath, list } from "./checker.ts";
import { normalCdf, normalQuantile } from "./_gauss.ts";
import { defaultPrometheusName } from "./_validate_prometheus.ts";
import { formulaNames } from "./formula.ts";
import { quoted } from "../text/mod.ts";

/** The laws observations follow. */
export type DistributionName = "lognormal" | "normal";

/** The metric types that observe a distribution. */
export type ObservedType = "histogram" | "summary";

/** A law: normal in some space t(x), its location and spread read in that space. */
export interface DistributionLaw {
  /** The space the law is normal in: ln x, or x. */
  transform(x: number): number;
  /** Back from that space. */
  inverse(y: number): number;
  /** Whether the location must be > 0 (below, every observation is 0). */
  readonly positive: boolean;
  /** The mean of the law with this location and spread: what `_sum` adds per observation. */
  mean(location: number, spread: number): number;
  /** The quantile whose standard normal score is z: inverse(transform(location) + spread z). */
  quantile(location: number, spread: number, z: number): number;
  /** What `spread` is, for messages and docs. */
  readonly spread: string;
  /** The spread when none is given; undefined: it must be given. */
  readonly defaultSpread?: number;
}

/** The laws by name. */
export const DISTRIBUTION_LAWS: { readonly [name in DistributionName]: DistributionLaw } = {
  lognormal: {
    transform: Math.log,
    inverse: Math.exp,
    positive: true,
    mean: (m, s) => m * Math.exp(s * s / 2),
    quantile: (m, s, z) => m * Math.exp(s * z),
    spread: "the standard deviation of ln x (0.5: p99 is 3.2 times the median)",
    defaultSpread: 0.5,
  },
  normal: {
    transform: (x) => x,
    inverse: (y) => y,
    positive: false,
    mean: (m) => m,
    quantile: (m, s, z) => m + s * z,
    spread: "the standard deviation, in the metric's unit",
  },
};

/** Prometheus client libraries' default buckets (seconds). */
export const DEFAULT_BUCKETS: readonly number[] = [
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
];
/** A summary's quantiles when none are given. */
export const DEFAULT_QUANTILES: readonly number[] = [0.5, 0.9, 0.99];
/** Observations per second when `rate` is not given. */
export const DEFAULT_RATE = 100;
/** The share of observations a fault hits when `hit` is not given. */
export const DEFAULT_HIT = 0.1;
/** A native histogram's schema when `native = true`: buckets 2^(1/8) (9%) wide. */
export const DEFAULT_NATIVE_SCHEMA = 3;
const MAX_BUCKETS = 1000;
const MAX_QUANTILES = 100;

/** What each observed type takes besides the shared keys, and the columns it makes. */
const OBSERVED_TYPES: {
  readonly [type in ObservedType]: { readonly keys: readonly string[] };
} = {
  histogram: { keys: ["buckets", "native"] },
  summary: { keys: ["quantiles"] },
};

/** The keys every observed type takes. */
const SHARED_KEYS = ["distribution", "spread", "rate", "hit"];

/** The keys of a metric's table that describe its distribution. */
export const DISTRIBUTION_METRIC_KEYS: readonly string[] = [
  ...SHARED_KEYS,
  ...new Set(Object.values(OBSERVED_TYPES).flatMap((t) => t.keys)),
];

/**
 * Whether a metric type observes a distribution.
 *
 * @param type A metric's type.
 * @returns True for histogram and summary.
 *
 * @example
 * ```ts
 * import { isObservedType } from "./distributions.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(["histogram", "counter"].map(isObservedType), [true, false]);
 * ```
 */
export function isObservedType(type: unknown): type is ObservedType {
  return typeof type === "string" && Object.hasOwn(OBSERVED_TYPES, type);
}

/** The distribution keys of a metric, checked, with defaults filled in. */
export interface CheckedDistribution {
  distribution: DistributionName;
  spread: number;
  rate: number | string;
  hit: number;
  buckets?: number[];
  quantiles?: number[];
  native?: number;
}

/**
 * Checks a metric's distribution keys: those of its type, with their rules; on a gauge or a
 * counter, each one given is refused.
 *
 * @param c Where problems go.
 * @param path The metric's key path.
 * @param input The metric's table as written.
 * @param type Its type, checked (undefined: a gauge).
 * @returns The keys with defaults, for a histogram or summary.
 *
 * @example
 * ```ts
 * import { Checker } from "./checker.ts";
 * import { checkDistribution } from "./distributions.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const c = new Checker();
 * deepStrictEqual(checkDistribution(c, "metrics.lat", { value: 0.1, rate: 5 }, "summary"), {
 *   distribution: "lognormal",
 *   spread: 0.5,
 *   rate: 5,
 *   hit: 0.1,
 *   quantiles: [0.5, 0.9, 0.99],
 * });
 * checkDistribution(c, "metrics.cpu", { value: 1, spread: 2 }, undefined);
 * deepStrictEqual(c.issues.map((i) => i.path), ["metrics.cpu.spread"]);
 * ```
 */
export function checkDistribution(
  c: Checker,
  path: string,
  input: Record<string, unknown>,
  type: string | undefined,
): CheckedDistribution | undefined {
  if (!isObservedType(type)) {
    for (const key of DISTRIBUTION_METRIC_KEYS) {
      if (input[key] !== undefined) {
        c.add(
          `${path}.${key}`,
          `is for type = "histogram" or "summary": this metric is a ${type ?? "gauge"}`,
        );
      }
    }
    return undefined;
  }
  for (const [other, { keys }] of Object.entries(OBSERVED_TYPES)) {
    if (other === type) continue;
    for (const key of keys) {
      if (input[key] !== undefined && !OBSERVED_TYPES[type].keys.includes(key)) {
        c.add(`${path}.${key}`, `is for type = ${quoted(other)}: this metric is a ${type}`);
      }
    }
  }
  for (const key of ["formula", "recorded"]) {
    if (input[key] !== undefined) {
      c.add(
        `${path}.${key}`,
        `a ${type}'s value is the location of its observations, made here: ${key} is for gauges`,
      );
    }
  }
  const law = (input.distribution === undefined ? "lognormal" : c.choice(
    `${path}.distribution`,
    input.distribution,
    Object.keys(DISTRIBUTION_LAWS),
    "distribution",
  )) as DistributionName | undefined;
  let spread = law && DISTRIBUTION_LAWS[law].defaultSpread;
  if (input.spread !== undefined || (law && spread === undefined)) {
    const s = c.finite(`${path}.spread`, input.spread, true);
    if (s !== undefined && !(s > 0)) {
      c.add(
        `${path}.spread`,
        `must be > 0 (${law ? DISTRIBUTION_LAWS[law].spread : "a width"}): got ${
          describe(input.spread)
        }`,
      );
    } else if (s !== undefined) spread = s;
    else spread = undefined;
  }
  const rate = checkRate(c, `${path}.rate`, input.rate);
  let hit = DEFAULT_HIT;
  if (input.hit !== undefined) {
    const h = c.finite(`${path}.hit`, input.hit, true);
    if (h !== undefined && !(h > 0 && h <= 1)) {
      c.add(
        `${path}.hit`,
        `must be the share of observations a fault hits, > 0 and <= 1: got ${describe(input.hit)}`,
      );
    } else if (h !== undefined) hit = h;
  }
  const checked: Partial<CheckedDistribution> = { distribution: law, spread, rate, hit };
  if (type === "histogram") {
    checked.buckets = input.buckets === undefined
      ? [...DEFAULT_BUCKETS]
      : checkBounds(c, `${path}.buckets`, input.buckets, "bucket");
    if (input.native !== undefined && input.native !== false) {
      checked.native = input.native === true
        ? DEFAULT_NATIVE_SCHEMA
        : c.integer(`${path}.native`, input.native, -4, 8, true, ", a native schema, or true");
    }
  } else {
    checked.quantiles = input.quantiles === undefined
      ? [...DEFAULT_QUANTILES]
      : checkBounds(c, `${path}.quantiles`, input.quantiles, "quantile");
  }
  const complete = Object.entries(checked).every(([key, value]) =>
    value !== undefined || (key === "native" && input.native === undefined)
  );
  if (!complete) return undefined;
  if (checked.native === undefined) delete checked.native;
  return checked as CheckedDistribution;
}

/** `rate`: observations per second (a finite number >= 0), or a counter metric's name. */
function checkRate(c: Checker, path: string, value: unknown): number | string | undefined {
  if (value === undefined) return DEFAULT_RATE;
  if (typeof value === "string") return value;
  const rate = c.finite(path, value, true);
  if (rate === undefined) return undefined;
  if (rate < 0) {
    c.add(path, `must be observations per second (>= 0) or a counter's name: got ${rate}`);
    return undefined;
  }
  return rate;
}

/** Bucket bounds or quantiles: increasing; quantiles inside 0..1; `inf` ends buckets. */
function checkBounds(
  c: Checker,
  path: string,
  value: unknown,
  what: "bucket" | "quantile",
): number[] | undefined {
  const max = what === "bucket" ? MAX_BUCKETS : MAX_QUANTILES;
  const rule = what === "bucket"
    ? `must be a list of 1 to ${max} increasing upper bounds (+Inf is added)`
    : `must be a list of 1 to ${max} increasing quantiles, each > 0 and < 1`;
  if (!Array.isArray(value) || value.length === 0 || value.length > max) {
    c.add(path, `${rule}: got ${describe(value)}`);
    return undefined;
  }
  const out: number[] = [];
  const before = c.issues.length;
  value.forEach((x, i) => {
    const n = typeof x === "bigint" ? Number(x) : x;
    const last = i === value.length - 1;
    if (what === "bucket" && last && n === Infinity) return;
    if (typeof n !== "number" || !Number.isFinite(n)) {
      c.add(`${path}[${i}]`, `${rule}: got ${describe(x)}`);
    } else if (what === "quantile" && !(n > 0 && n < 1)) {
      c.add(`${path}[${i}]`, `a quantile must be > 0 and < 1: got ${describe(x)}`);
    } else if (out.length > 0 && !(n > out[out.length - 1])) {
      c.add(`${path}[${i}]`, `${rule}: ${n} follows ${out[out.length - 1]}`);
    } else out.push(n);
  });
  if (what === "bucket" && out.length === 0 && c.issues.length === before) {
    c.add(path, `${rule}: give at least one finite bound`);
  }
  return c.issues.length > before ? undefined : out;
}

/**
 * Checks what a histogram or summary reads and is named: `rate` naming a counter of one series,
 * and no label `le` or `quantile` of its own (Prometheus adds those).
 *
 * @param c Where problems go.
 * @param metrics The metrics, checked.
 * @param many Whether a metric is many series (instances, labels).
 * @param seriesLabels A metric's series label names.
 *
 * @example
 * ```ts
 * import { Checker } from "./checker.ts";
 * import { checkDistributionUse } from "./distributions.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * const c = new Checker();
 * checkDistributionUse(c, { cpu: { value: 1 }, lat: { type: "histogram", rate: "cpu" } }, () => false, () => []);
 * strictEqual(c.issues[0].path, "metrics.lat.rate");
 * ```
 */
export function checkDistributionUse(
  c: Checker,
  metrics: Readonly<Record<string, ResolvedMetricConfig>>,
  many: (name: string) => boolean,
  seriesLabels: (name: string) => readonly string[],
): void {
  const names = Object.keys(metrics);
  for (const [name, metric] of Object.entries(metrics)) {
    if (!isObservedType(metric.type)) continue;
    const path = `metrics.${keyPath(name)}`;
    if (typeof metric.rate === "string") {
      const source = metrics[metric.rate];
      if (!source) {
        c.add(`${path}.rate`, `no metric ${quoted(metric.rate)} (${list(names)})`);
      } else if (source.type !== "counter") {
        c.add(
          `${path}.rate`,
          `${quoted(metric.rate)} is a ${source.type ?? "gauge"}: name a counter, whose events ` +
            `are the observations`,
        );
      } else if (many(metric.rate)) {
        c.add(
          `${path}.rate`,
          `${quoted(metric.rate)} is many series (instances, labels): which one is not ` +
            `defined; name a counter of one series, or give a number`,
        );
      }
    }
    const own = [...Object.keys(metric.prometheus?.labels ?? {}), ...seriesLabels(name)];
    const reserved = metric.type === "histogram" ? "le" : "quantile";
    if (own.includes(reserved)) {
      c.add(path, `a ${metric.type}'s series carry the label ${quoted(reserved)}: rename yours`);
    }
  }
}

/** A series key split: `lat{pod="p-0"}` into `lat` and `pod="p-0"`. */
function splitKey(key: string): [string, string] {
  const brace = key.indexOf("{");
  return brace < 0 ? [key, ""] : [key.slice(0, brace), key.slice(brace + 1, -1)];
}

/**
 * A bound as a label value, as Prometheus' clients write it: shortest digits, `+Inf`.
 *
 * @param bound A bucket's upper bound or a quantile.
 * @returns Its text.
 *
 * @example
 * ```ts
 * import { boundText } from "./distributions.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual([0.005, 1, Infinity].map(boundText), ["0.005", "1", "+Inf"]);
 * ```
 */
export function boundText(bound: number): string {
  return bound === Infinity ? "+Inf" : String(bound);
}

/**
 * The columns of a histogram or summary metric (or one of its series), in order: buckets
 * (increasing, `+Inf` last) or quantiles, then `_sum` and `_count`; each named as Prometheus
 * names its series.
 *
 * @param key The metric's key (a series' key, `lat{pod="p-0"}`).
 * @param metric The metric, checked.
 * @returns Each column's name and part.
 *
 * @example A histogram's columns
 * ```ts
 * import { observedColumns } from "./distributions.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const metric = { type: "histogram" as const, buckets: [0.1, 1] };
 * deepStrictEqual(observedColumns("lat", metric).map(([name]) => name), [
 *   'lat_bucket{le="0.1"}',
 *   'lat_bucket{le="1"}',
 *   'lat_bucket{le="+Inf"}',
 *   "lat_sum",
 *   "lat_count",
 * ]);
 * ```
 */
export function observedColumns(
  key: string,
  metric: Pick<ResolvedMetricConfig, "type" | "buckets" | "quantiles">,
): [string, ObservedPart][] {
  const [base, inner] = splitKey(key);
  const braces = inner === "" ? "" : `{${inner}}`;
  const labelled = (name: string, label: string, bound: number) =>
    `${name}{${inner === "" ? "" : inner + ","}${label}="${boundText(bound)}"}`;
  const out: [string, ObservedPart][] = [];
  if (metric.type === "histogram") {
    for (const bound of [...metric.buckets ?? [], Infinity]) {
      out.push([labelled(`${base}_bucket`, "le", bound), { of: key, part: "bucket", bound }]);
    }
  } else {
    for (const bound of metric.quantiles ?? []) {
      out.push([labelled(base, "quantile", bound), { of: key, part: "quantile", bound }]);
    }
  }
  out.push([`${base}_sum${braces}`, { of: key, part: "sum" }]);
  out.push([`${base}_count${braces}`, { of: key, part: "count" }]);
  return out;
}

/**
 * Gives each histogram and summary metric its columns, right after it: the metric itself stays,
 * its value the location of the observations.
 *
 * @param config The resolved config, its series made.
 * @returns The config with the columns, and names that clash with other metrics.
 *
 * @example
 * ```ts
 * import { resolveConfig } from "./mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * // resolveConfig expands them: the location first, then its columns.
 * const config = resolveConfig({
 *   general: { num_samples: 1 },
 *   metrics: { lat: { type: "summary", value: 1, quantiles: [0.5] } },
 * });
 * deepStrictEqual(Object.keys(config.metrics), ["lat", 'lat{quantile="0.5"}', "lat_sum", "lat_count"]);
 * ```
 */
export function expandDistributions(
  config: ResolvedConfig,
): { config: ResolvedConfig; issues: ConfigIssue[] } {
  const entries = Object.entries(config.metrics);
  if (!entries.some(([, metric]) => isObservedType(metric.type))) return { config, issues: [] };
  const taken = new Set(entries.map(([name]) => name));
  const metrics: Record<string, ResolvedMetricConfig> = Object.create(null);
  const issues: ConfigIssue[] = [];
  for (const [name, metric] of entries) {
    metrics[name] = metric;
    if (!isObservedType(metric.type)) continue;
    const prometheus = {
      ...metric.prometheus,
      name: metric.prometheus?.name ?? defaultPrometheusName(splitKey(name)[0]),
    };
    for (const [column, observes] of observedColumns(name, metric)) {
      if (taken.has(column)) {
        issues.push({
          path: `metrics.${keyPath(splitKey(name)[0])}`,
          message: `its ${metric.type} makes column ${quoted(column)}, which is also a metric ` +
            `of the config; rename one`,
        });
        continue;
      }
      taken.add(column);
      metrics[column] = {
        observes,
        prometheus,
        ...(metric.service !== undefined ? { service: metric.service } : {}),
        ...(metric.life ? { life: metric.life } : {}),
      };
    }
  }
  return { config: { ...config, metrics }, issues };
}

/**
 * Whether a column holds whole counts of events: a counter, a bucket, a count.
 *
 * @param metric The column's metric.
 * @returns True for counts.
 *
 * @example
 * ```ts
 * import { countsEvents } from "./distributions.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(
 *   [{ type: "counter" as const }, { observes: { of: "lat", part: "sum" as const } }].map(countsEvents),
 *   [true, false],
 * );
 * ```
 */
export function countsEvents(metric: Pick<ResolvedMetricConfig, "type" | "observes">): boolean {
  return metric.type === "counter" || metric.observes?.part === "bucket" ||
    metric.observes?.part === "count";
}

/**
 * Whether a column counts on (a counter; a histogram's bucket, a histogram's or summary's `_sum`
 * and `_count`): its chunks also carry what it counts a second (`Chunk.rates`), which the picture
 * draws and RCAEval's layout writes.
 *
 * @param metric The column's metric.
 * @returns True for a column that counts.
 *
 * @example
 * ```ts
 * import { hasRate } from "./distributions.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const parts = ["sum", "quantile"] as const;
 * deepStrictEqual(parts.map((part) => hasRate({ observes: { of: "lat", part } })), [true, false]);
 * ```
 */
export function hasRate(metric: Pick<ResolvedMetricConfig, "type" | "observes">): boolean {
  return metric.type === "counter" ||
    (metric.observes !== undefined && metric.observes.part !== "quantile");
}

/** A mixture of two laws of one spread: (1 - w) L(healthy) + w L(location). */
export interface Mixture {
  /** P(X <= x). */
  cdf(x: number): number;
}

/**
 * The distribution function of observations at one sample: a share `weight` at `location`, the
 * rest at `healthy`, both with `spread`; a location the law cannot have (<= 0 for a log-normal)
 * puts its observations at 0.
 *
 * @param law The law.
 * @param spread Its spread.
 * @param location Where the hit observations are.
 * @param healthy Where the others are.
 * @param weight The share hit, 0..1 (0: all at `location`, the metric unhurt).
 * @param x Where.
 * @returns F(x).
 *
 * @example A tenth hit: F at the healthy median is (1 - 0.1) / 2 + 0.1 F(0.1; 0.4)
 * ```ts
 * import { DISTRIBUTION_LAWS, mixtureCdf } from "./distributions.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * const law = DISTRIBUTION_LAWS.lognormal;
 * strictEqual(mixtureCdf(law, 0.5, 0.1, 0.1, 0, 0.1), 0.5);
 * const f = mixtureCdf(law, 0.5, 0.4, 0.1, 0.1, 0.1);
 * strictEqual(Math.abs(f - (0.45 + 0.1 * mixtureCdf(law, 0.5, 0.4, 0.4, 0, 0.1))) < 1e-15, true);
 * ```
 */
export function mixtureCdf(
  law: DistributionLaw,
  spread: number,
  location: number,
  healthy: number,
  weight: number,
  x: number,
): number {
  const t = law.transform(x);
  // A log-normal has nothing at or below 0, unless its location is there: then all of it at 0.
  const one = (m: number) =>
    law.positive && !(m > 0)
      ? (x >= 0 ? 1 : 0)
      : law.positive && !(x > 0)
      ? 0
      : normalCdf((t - law.transform(m)) / spread);
  const hit = weight > 0 ? one(location) : 0;
  return weight >= 1
    ? hit
    : weight > 0
    ? (1 - weight) * one(healthy) + weight * hit
    : one(location);
}

/**
 * The quantile q of the mixture: closed form for one law, else by bisection between the two
 * laws' quantiles, where the mixture's lies.
 *
 * @param law The law.
 * @param spread Its spread.
 * @param location Where the hit observations are.
 * @param healthy Where the others are.
 * @param weight The share hit, 0..1.
 * @param z Φ⁻¹(q), computed once per quantile.
 * @param q The quantile.
 * @returns x with F(x) = q.
 *
 * @example
 * ```ts
 * import { DISTRIBUTION_LAWS, mixtureCdf, mixtureQuantile, normalScores } from "./distributions.ts";
 * import { ok } from "node:assert/strict";
 *
 * const law = DISTRIBUTION_LAWS.lognormal;
 * const [z] = normalScores([0.99]);
 * const p99 = mixtureQuantile(law, 0.5, 0.4, 0.1, 0.1, z, 0.99);
 * ok(Math.abs(mixtureCdf(law, 0.5, 0.4, 0.1, 0.1, p99) - 0.99) < 1e-12);
 * ```
 */
export function mixtureQuantile(
  law: DistributionLaw,
  spread: number,
  location: number,
  healthy: number,
  weight: number,
  z: number,
  q: number,
): number {
  const one = (m: number) => law.positive && !(m > 0) ? 0 : law.quantile(m, spread, z);
  if (weight <= 0 || weight >= 1) return one(location);
  let lo = Math.min(one(location), one(healthy));
  let hi = Math.max(one(location), one(healthy));
  if (!(lo < hi)) return lo;
  for (let i = 0; i < 200; i++) {
    // Halved in ln x for a log-normal, unless a point mass at 0 is one end.
    const mid = law.positive && lo > 0 ? Math.sqrt(lo) * Math.sqrt(hi) : lo + (hi - lo) / 2;
    if (!(mid > lo && mid < hi)) break;
    if (mixtureCdf(law, spread, location, healthy, weight, mid) < q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Φ⁻¹(q) for each quantile: what a summary's closed-form quantiles need.
 *
 * @param quantiles Quantiles, 0 < q < 1.
 * @returns Their standard normal scores.
 *
 * @example
 * ```ts
 * import { normalScores } from "./distributions.ts";
 * import { ok, strictEqual } from "node:assert/strict";
 *
 * const [median, p975] = normalScores([0.5, 0.975]);
 * strictEqual(median, 0);
 * ok(Math.abs(p975 - 1.959963984540054) < 1e-14);
 * ```
 */
export function normalScores(quantiles: readonly number[]): number[] {
  return quantiles.map(normalQuantile);
}

/**
 * The metrics a column reads at the same sample: a derived metric's formula inputs; a histogram's
 * or summary's column, the metric it observes and the counter giving its rate. What the truth
 * follows a fault through, and the true graph's `formula` and `observes` edges.
 *
 * @param metric The column's metric.
 * @param config The config's metrics, for an observed metric's rate.
 * @returns Their keys; empty for a metric of its own.
 *
 * @example
 * ```ts
 * import { columnInputs } from "./distributions.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(columnInputs({ formula: "a / max(b, 1)" }, {}), ["a", "b"]);
 * ```
 */
export function columnInputs(
  metric: Pick<ResolvedMetricConfig, "formula" | "observes">,
  config: Readonly<Record<string, Pick<ResolvedMetricConfig, "rate">>>,
): string[] {
  if (metric.formula !== undefined) return formulaNames(metric.formula);
  if (!metric.observes) return [];
  const rate = config[metric.observes.of]?.rate;
  return typeof rate === "string" ? [metric.observes.of, rate] : [metric.observes.of];
}
