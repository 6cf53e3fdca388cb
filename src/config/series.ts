// One metric, many series (issue 25, part 2). `instances` and `labels` make a metric one series
// per combination of label values; each series is a metric of its own, named as Prometheus names
// it (`cpu{instance="instance-0",region="eu"}`), so its noise stream is keyed by its labels and
// every format, truth and score sees plain metrics. A fault goes to every series of its metric, to
// a `share` of them or to those that `match`; `churn` replaces a share of the series every period
// with new ones, and a series is missing outside its `life`.
//
// The keys are taken off the config as written (takeSeries) before the other checks, which see
// one metric; the series are made once the seed is known and faults are placed (expandSeries):
// an entry is placed once and its faults shared by the series it picks, as one outage hits many
// pods at once.

import type { ResolvedAnomalyConfig, ResolvedConfig, ResolvedMetricConfig } from "./types.ts";
import { type Checker, type ConfigIssue, describe, isTable, keyPath, list } from "./checker.ts";
import { checkSamples, type Timing } from "./_timing.ts";
import { defaultPrometheusName, LABEL_NAME, labelText } from "./_validate_prometheus.ts";
import { FAULT_KINDS, SERIES_FAULT_KEYS } from "./fault_kinds.ts";
import { type FaultEntry, isTemplate } from "./_validate_fault.ts";
import { formulaNames } from "./formula.ts";
import { didYouMean } from "../text/suggest.ts";
import { quoted } from "../text/mod.ts";
import { streamKey, Xoshiro128 } from "../random/mod.ts";

/** The most series a config may make, churn's replacements included. */
export const MAX_SERIES = 1_000_000;
/** The keys of a metric's table that make its series. */
export const SERIES_METRIC_KEYS: readonly string[] = [
  "instances",
  "labels",
  "churn",
  "churn_share",
  "life",
];
/** The share of the series churn replaces each period when `churn_share` is absent. */
export const DEFAULT_CHURN_SHARE = 0.1;

/** One label of a metric's series: its values, and whether they were counted (`pod = 20`). */
export interface SeriesLabel {
  readonly name: string;
  readonly values: readonly string[];
  /** Counted values (`pod-0` ..) take a replacement's number when churn replaces the series. */
  readonly counted: boolean;
}

/** What a metric's series keys say, checked. */
export interface MetricSeries {
  /** In order: `instance` first, then `labels` as given. Empty: one series (with a `life`). */
  readonly labels: readonly SeriesLabel[];
  /** The product of the labels' value counts. */
  readonly count: number;
  readonly churn?: { readonly period: number; readonly share: number };
  readonly life?: readonly [number, number];
  /** The keys as checked, given back by validateConfig. */
  readonly given: Readonly<Record<string, unknown>>;
}

/** Which series of its metric a fault entry is on. */
export interface FaultSelection {
  readonly share?: number;
  /** Per label, the values accepted. */
  readonly match?: Readonly<Record<string, readonly string[]>>;
  readonly given: Readonly<Record<string, unknown>>;
}

/** The series keys of a config, taken off its tables. */
export interface SeriesPlan {
  readonly metrics: Map<string, MetricSeries>;
  /** Per metric, per entry (config order), its selection when it gives one. */
  readonly faults: Map<string, (FaultSelection | undefined)[]>;
}

/**
 * Takes the series keys off the metrics' and faults' tables, checking them; the tables come back
 * without them, for the checks of one metric.
 *
 * @param c Where problems go.
 * @param metricsInput `[metrics]` as written.
 * @param anomaliesInput `[anomalies]` as written.
 * @param timing The interval, for `churn` as a duration (undefined when [general] is bad).
 * @param numSamples The length, for `life`.
 * @returns The tables without the series keys, and what those said.
 *
 * @example
 * ```ts
 * import { Checker } from "./checker.ts";
 * import { takeSeries } from "./series.ts";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const c = new Checker();
 * const taken = takeSeries(c, { cpu: { value: 1, instances: 2 } }, undefined, undefined, 10);
 * deepStrictEqual(taken.metrics, { cpu: { value: 1 } });
 * strictEqual(taken.plan.metrics.get("cpu")?.count, 2);
 * strictEqual(c.issues.length, 0);
 * ```
 */
export function takeSeries(
  c: Checker,
  metricsInput: unknown,
  anomaliesInput: unknown,
  timing: Timing | undefined,
  numSamples: number | undefined,
): { metrics: unknown; anomalies: unknown; plan: SeriesPlan } {
  const plan: SeriesPlan = { metrics: new Map(), faults: new Map() };
  let metrics = metricsInput;
  if (isTable(metricsInput)) {
    metrics = Object.fromEntries(
      Object.entries(metricsInput).map(([name, table]) => {
        if (!isTable(table) || !SERIES_METRIC_KEYS.some((key) => table[key] !== undefined)) {
          return [name, table];
        }
        const path = `metrics.${keyPath(name)}`;
        const series = checkMetricSeries(c, path, table, timing, numSamples);
        if (series) plan.metrics.set(name, series);
        return [name, without(table, SERIES_METRIC_KEYS)];
      }),
    );
  }
  let anomalies = anomaliesInput;
  if (isTable(anomaliesInput)) {
    anomalies = Object.fromEntries(
      Object.entries(anomaliesInput).map(([name, value]) => {
        const entries = Array.isArray(value) ? value : [value];
        if (!entries.some((e) => isTable(e) && SERIES_FAULT_KEYS.some((k) => e[k] !== undefined))) {
          return [name, value];
        }
        const path = `anomalies.${keyPath(name)}`;
        plan.faults.set(
          name,
          entries.map((entry, i) =>
            isTable(entry) && SERIES_FAULT_KEYS.some((k) => entry[k] !== undefined)
              ? checkSelection(
                c,
                Array.isArray(value) ? `${path}[${i}]` : path,
                entry,
                plan.metrics.get(name),
              )
              : undefined
          ),
        );
        const strip = (entry: unknown) =>
          isTable(entry) ? without(entry, SERIES_FAULT_KEYS) : entry;
        return [name, Array.isArray(value) ? value.map(strip) : strip(value)];
      }),
    );
  }
  return { metrics, anomalies, plan };
}

function without(table: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(table).filter(([key]) => !keys.includes(key)));
}

function checkMetricSeries(
  c: Checker,
  path: string,
  table: Record<string, unknown>,
  timing: Timing | undefined,
  numSamples: number | undefined,
): MetricSeries | undefined {
  const before = c.issues.length;
  const labels: SeriesLabel[] = [];
  const given: Record<string, unknown> = {};
  const own = isTable(table.prometheus) && isTable(table.prometheus.labels)
    ? Object.keys(table.prometheus.labels)
    : [];
  if (table.instances !== undefined) {
    const n = c.integer(`${path}.instances`, table.instances, 1, MAX_SERIES, false);
    if (n !== undefined) {
      labels.push(counted("instance", n));
      given.instances = n;
    }
  }
  if (table.labels !== undefined && c.table(`${path}.labels`, table.labels, false)) {
    const checked: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(table.labels)) {
      const at = `${path}.labels.${keyPath(name)}`;
      if (!LABEL_NAME.test(name) || name.startsWith("__")) {
        c.add(
          at,
          `a label name must match [a-zA-Z_][a-zA-Z0-9_]* and not begin with "__": got ${
            quoted(name)
          }`,
        );
        continue;
      }
      if (name === "instance" && table.instances !== undefined) {
        c.add(at, `instances makes the label "instance" already; give one of them`);
        continue;
      }
      if (own.includes(name)) {
        c.add(at, `is also in prometheus.labels: a series has one value per label`);
        continue;
      }
      const label = checkLabel(c, at, name, spec);
      if (label) {
        labels.push(label);
        checked[name] = label.counted ? label.values.length : [...label.values];
      }
    }
    if (Object.keys(table.labels).length === 0) {
      c.add(`${path}.labels`, `must give at least one label, such as labels = { pod = 20 }`);
    }
    given.labels = checked;
  }
  const count = labels.reduce((product, label) => product * label.values.length, 1);
  if (count > MAX_SERIES) {
    c.add(
      path,
      `makes ${count} series (${
        labels.map((l) => `${l.name}: ${l.values.length}`).join(" x ")
      }), more than the ${MAX_SERIES} a config may have`,
    );
  }
  let churn: MetricSeries["churn"];
  if (table.churn !== undefined) {
    const period = checkSamples(c, `${path}.churn`, table.churn, timing, 1, false);
    let share = DEFAULT_CHURN_SHARE;
    if (table.churn_share !== undefined) {
      share = checkShare(c, `${path}.churn_share`, table.churn_share) ?? share;
    }
    if (!labels.some((label) => label.counted)) {
      c.add(
        `${path}.churn`,
        `replaces series by new ones with new label values: give instances or a counted label ` +
          `(labels = { pod = 20 })`,
      );
    }
    if (table.type === "counter") {
      c.add(`${path}.churn`, `is for gauges: a counter born mid-run would not count from 0`);
    }
    if (period !== undefined) {
      churn = { period, share };
      given.churn = period;
      given.churn_share = share;
    }
  } else if (table.churn_share !== undefined) {
    c.add(`${path}.churn_share`, `given without churn; add churn = "10m" (a duration or samples)`);
  }
  let life: MetricSeries["life"];
  if (table.life !== undefined) {
    life = checkLife(c, `${path}.life`, table.life, numSamples);
    if (churn) c.add(`${path}.life`, "churn gives each series its life: give one of them");
    if (table.type === "counter") {
      c.add(`${path}.life`, `is for gauges: a counter born mid-run would not count from 0`);
    }
    if (life) given.life = [...life];
  }
  if (c.issues.length > before) return undefined;
  return { labels, count, ...(churn ? { churn } : {}), ...(life ? { life } : {}), given };
}

/** `pod-0` .. `pod-(n-1)`. */
function counted(name: string, n: number): SeriesLabel {
  return { name, values: Array.from({ length: n }, (_, i) => `${name}-${i}`), counted: true };
}

function checkLabel(
  c: Checker,
  path: string,
  name: string,
  spec: unknown,
): SeriesLabel | undefined {
  const rule = `must be a count (an integer >= 1: ${name}-0, ${name}-1, ..) or a list of ` +
    `distinct strings`;
  if (!Array.isArray(spec)) {
    if (typeof spec === "number" || typeof spec === "bigint") {
      const n = c.integer(path, spec, 1, MAX_SERIES, true);
      return n === undefined ? undefined : counted(name, n);
    }
    c.add(path, `${rule}: got ${describe(spec)}`);
    return undefined;
  }
  if (spec.length === 0) {
    c.add(path, `${rule}: got an empty list`);
    return undefined;
  }
  const values: string[] = [];
  const seen = new Set<string>();
  spec.forEach((value, i) => {
    const at = `${path}[${i}]`;
    if (typeof value !== "string" || value === "") {
      c.add(at, `a label value must be a non-empty string: got ${describe(value)}`);
    } else if (labelText(c, at, value) !== undefined) {
      if (seen.has(value)) c.add(at, `${quoted(value)} is given twice`);
      else {
        seen.add(value);
        values.push(value);
      }
    }
  });
  return values.length === spec.length ? { name, values, counted: false } : undefined;
}

/** A share: 0 < x <= 1. */
function checkShare(c: Checker, path: string, value: unknown): number | undefined {
  const x = c.finite(path, value, true);
  if (x === undefined) return undefined;
  if (x > 0 && x <= 1) return x;
  c.add(path, `must be a share of the series, > 0 and <= 1: got ${describe(value)}`);
  return undefined;
}

function checkLife(
  c: Checker,
  path: string,
  value: unknown,
  numSamples: number | undefined,
): [number, number] | undefined {
  const last = (numSamples ?? Number.MAX_SAFE_INTEGER) - 1;
  if (!Array.isArray(value) || value.length !== 2) {
    c.add(path, `must be [first, last]: the samples the series has: got ${describe(value)}`);
    return undefined;
  }
  const first = c.integer(`${path}[0]`, value[0], 0, last, true);
  const end = c.integer(`${path}[1]`, value[1], 0, last, true);
  if (first === undefined || end === undefined) return undefined;
  if (first > end) {
    c.add(path, `first must not be after last: got ${first} > ${end}`);
    return undefined;
  }
  return [first, end];
}

function checkSelection(
  c: Checker,
  path: string,
  entry: Record<string, unknown>,
  series: MetricSeries | undefined,
): FaultSelection | undefined {
  if (!series || series.labels.length === 0) {
    for (const key of SERIES_FAULT_KEYS) {
      if (entry[key] !== undefined) {
        c.add(
          `${path}.${key}`,
          "picks among a metric's series: give the metric instances or labels",
        );
      }
    }
    return undefined;
  }
  const before = c.issues.length;
  const given: Record<string, unknown> = {};
  let share: number | undefined;
  if (entry.share !== undefined) {
    share = checkShare(c, `${path}.share`, entry.share);
    given.share = share;
  }
  let match: Record<string, string[]> | undefined;
  if (entry.match !== undefined && c.table(`${path}.match`, entry.match, false)) {
    match = {};
    const names = series.labels.map((label) => label.name);
    for (const [name, want] of Object.entries(entry.match)) {
      const label = series.labels.find((l) => l.name === name);
      if (!label) {
        c.add(
          `${path}.match`,
          `no series label ${quoted(name)}${didYouMean(name, names)} (${list(names)})`,
        );
        continue;
      }
      const at = `${path}.match.${keyPath(name)}`;
      const wanted = Array.isArray(want) ? want : [want];
      if (wanted.length === 0) c.add(at, "must give at least one value");
      const known = new Set(label.values);
      for (const value of wanted) {
        if (typeof value !== "string") {
          c.add(at, `must be a label value or a list of them: got ${describe(value)}`);
        } else if (!known.has(value)) {
          // Counted values are many: a guess among the first thousand is enough.
          const guess = didYouMean(value, label.values.slice(0, 1000));
          c.add(
            at,
            `${quoted(value)} is not a value of label ${name}${guess} (${list(label.values)})`,
          );
        }
      }
      match[name] = wanted as string[];
    }
    given.match = match;
  }
  return c.issues.length > before
    ? undefined
    : { ...(share !== undefined ? { share } : {}), ...(match ? { match } : {}), given };
}

/**
 * Refuses what a metric of many series cannot be yet: followed by another (`depends_on`), read by
 * a formula, recorded; and more series in all than {@linkcode MAX_SERIES}.
 *
 * @param c Where problems go.
 * @param plan The series keys, from {@linkcode takeSeries}.
 * @param metrics The metrics, checked.
 * @param anomalies The fault entries, checked: those on a metric with a `life` must lie in it.
 * @param numSamples The length, for churn's replacements.
 *
 * @example
 * ```ts
 * import { Checker } from "./checker.ts";
 * import { checkSeriesUse, takeSeries } from "./series.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * const c = new Checker();
 * const { plan } = takeSeries(c, { db: { value: 1, instances: 2 } }, undefined, undefined, 10);
 * checkSeriesUse(c, plan, {
 *   db: { value: 1 },
 *   api: { value: 1, depends_on: { db: { weight: 1, lag: 0, coupling: 0 } } },
 * }, {}, 10);
 * strictEqual(c.issues[0].path, "metrics.api.depends_on.db");
 * ```
 */
export function checkSeriesUse(
  c: Checker,
  plan: SeriesPlan,
  metrics: Readonly<Record<string, ResolvedMetricConfig>>,
  anomalies: Readonly<Record<string, readonly FaultEntry[]>>,
  numSamples: number,
): void {
  const many = (name: string) => (plan.metrics.get(name)?.labels.length ?? 0) > 0;
  let total = 0;
  for (const [name, metric] of Object.entries(metrics)) {
    const path = `metrics.${keyPath(name)}`;
    for (const parent of Object.keys(metric.depends_on ?? {})) {
      if (many(parent)) {
        c.add(
          `${path}.depends_on.${keyPath(parent)}`,
          `${quoted(parent)} is many series (instances, labels): which one to follow is not ` +
            `defined; depend on a metric of one series`,
        );
      }
    }
    if (metric.formula !== undefined) {
      for (const input of formulaNames(metric.formula)) {
        if (many(input)) {
          c.add(
            `${path}.formula`,
            `reads ${quoted(input)}, which is many series (instances, labels): which one is ` +
              `not defined; read metrics of one series`,
          );
        }
      }
    }
    const series = plan.metrics.get(name);
    if (series && metric.recorded) {
      c.add(
        path,
        "a recorded metric is one recorded series: instances, labels, churn and life " +
          "are for synthetic metrics",
      );
    }
    total += series ? seriesCount(series, numSamples) : 1;
    if (series?.life) checkFaultsInLife(c, name, series.life, anomalies[name] ?? []);
  }
  if (total > MAX_SERIES) {
    c.add(
      "metrics",
      `the config makes ${total} series (churn's included), more than ${MAX_SERIES}`,
    );
  }
}

/**
 * A fault on a metric with a life must lie in it: outside, the metric has no samples to move or
 * to label. Faults placed by the seed cannot be kept to it: refused.
 */
function checkFaultsInLife(
  c: Checker,
  name: string,
  life: readonly [number, number],
  entries: readonly FaultEntry[],
): void {
  entries.forEach((entry, i) => {
    const path = `anomalies.${keyPath(name)}${entries.length > 1 ? `[${i}]` : ""}`;
    if (isTemplate(entry)) {
      if (entry.at === undefined) {
        c.add(
          `${path}.count`,
          `the metric has a life (${life[0]}..${life[1]}): give at, not count`,
        );
      }
      return;
    }
    const last = entry.at + FAULT_KINDS[entry.kind].span(entry) - 1;
    if (entry.at < life[0] || last > life[1]) {
      c.add(
        `${path}.at`,
        `the fault's window (samples ${entry.at}..${last}) must lie in the metric's life ` +
          `(${life[0]}..${life[1]})`,
      );
    }
  });
}

/** How many series a metric makes: its label combinations, and churn's replacements. */
function seriesCount(series: MetricSeries, numSamples: number): number {
  if (!series.churn) return series.count;
  const periods = Math.floor((numSamples - 1) / series.churn.period);
  return series.count + periods * replacedEach(series.count, series.churn.share);
}

/** How many series churn replaces each period: the share, at least one. */
function replacedEach(count: number, share: number): number {
  return Math.min(count, Math.max(1, Math.round(share * count)));
}

/**
 * The config's metrics as validateConfig gives them: each with its series keys as checked, and
 * each fault entry with its selection.
 *
 * @param config The config checked without its series keys.
 * @param plan The series keys, from {@linkcode takeSeries}.
 * @returns The config with them back.
 *
 * @example
 * ```ts
 * import { Checker } from "./checker.ts";
 * import { takeSeries, withSeriesKeys } from "./series.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const c = new Checker();
 * const { plan } = takeSeries(c, { cpu: { value: 1, labels: { pod: 2 } } }, undefined, undefined, 10);
 * const config = withSeriesKeys({ metrics: { cpu: { value: 1 } } }, plan);
 * deepStrictEqual(config.metrics.cpu, { value: 1, labels: { pod: 2 } });
 * ```
 */
export function withSeriesKeys<T extends { metrics: object; anomalies?: object }>(
  config: T,
  plan: SeriesPlan,
): T {
  if (plan.metrics.size === 0 && plan.faults.size === 0) return config;
  const metrics = Object.fromEntries(
    Object.entries(config.metrics).map((
      [name, metric],
    ) => [name, { ...metric, ...plan.metrics.get(name)?.given }]),
  );
  const anomalies = Object.fromEntries(
    Object.entries(config.anomalies ?? {}).map(([name, entries]: [string, object[]]) => {
      const picks = plan.faults.get(name);
      return [name, picks ? entries.map((e, i) => ({ ...e, ...picks[i]?.given })) : entries];
    }),
  );
  return { ...config, metrics, anomalies };
}

/**
 * Makes the series: each metric with labels becomes one metric per series (and per replacement,
 * with churn), in the metric's place; its faults, placed already, go to the series each entry
 * picks whose life holds the fault's whole window.
 *
 * @param config The config with faults placed, series keys off.
 * @param entries The fault entries as checked, for how many faults each placed.
 * @param plan The series keys.
 * @returns The config of the series, and names that clash with the config's other metrics.
 *
 * @example
 * ```ts
 * import { Checker } from "./checker.ts";
 * import { expandSeries, takeSeries } from "./series.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const c = new Checker();
 * const { plan } = takeSeries(c, { cpu: { value: 1, labels: { pod: 2 } } }, undefined, undefined, 10);
 * const general = { seed: 1, num_samples: 10, interval: 1, decimals: 6 };
 * const { config } = expandSeries({ general, metrics: { cpu: { value: 1 } }, anomalies: {} }, {}, plan);
 * deepStrictEqual(Object.keys(config.metrics), ['cpu{pod="pod-0"}', 'cpu{pod="pod-1"}']);
 * ```
 */
export function expandSeries(
  config: ResolvedConfig,
  entries: Readonly<Record<string, readonly FaultEntry[]>>,
  plan: SeriesPlan,
): { config: ResolvedConfig; issues: ConfigIssue[] } {
  if (plan.metrics.size === 0) return { config, issues: [] };
  const seed = config.general.seed;
  const numSamples = config.general.num_samples;
  const metrics: Record<string, ResolvedMetricConfig> = Object.create(null);
  const anomalies: Record<string, ResolvedAnomalyConfig[]> = Object.create(null);
  const issues: ConfigIssue[] = [];
  const names = new Set(Object.keys(config.metrics));
  for (const [name, metric] of Object.entries(config.metrics)) {
    const spec = plan.metrics.get(name);
    const faults = config.anomalies[name];
    if (!spec || spec.labels.length === 0) {
      metrics[name] = spec?.life ? { ...metric, life: [...spec.life] } : metric;
      if (faults) anomalies[name] = faults;
      continue;
    }
    // Which slots (label combinations) each placed fault is on.
    const picks = (plan.faults.get(name) ?? []).map((selection, i) =>
      selection && pickSlots(spec, selection, seed, name, i)
    );
    const perEntry = (entries[name] ?? []).map((e) =>
      isTemplate(e) && e.at === undefined ? e.count : 1
    );
    const entryOf: number[] = perEntry.flatMap((n, i) => new Array<number>(n).fill(i));
    const prometheus = {
      ...metric.prometheus,
      name: metric.prometheus?.name ?? defaultPrometheusName(name),
      help: metric.prometheus?.help ??
        `Synthetic metric ${name}, ${spec.count} series (chaos-datagen)`,
    };
    for (const series of seriesOf(spec, name, numSamples, seed)) {
      const values = labelValues(spec, series.slot, series.generation);
      const key = seriesName(name, spec.labels, values);
      if (names.has(key)) {
        issues.push({
          path: `metrics.${keyPath(name)}`,
          message: `makes series ${quoted(key)}, which is also a metric of the config`,
        });
        continue;
      }
      const labels = { ...metric.prometheus?.labels };
      spec.labels.forEach((label, l) => labels[label.name] = values[l]);
      metrics[key] = {
        ...metric,
        prometheus: { ...prometheus, labels },
        ...(series.life ? { life: series.life } : {}),
      };
      const own = (faults ?? []).filter((fault, f) => {
        const picked = picks[entryOf[f]];
        if (picked && !picked.has(series.slot)) return false;
        if (!series.life) return true;
        const last = fault.at + FAULT_KINDS[fault.kind].span(fault) - 1;
        return series.life[0] <= fault.at && last <= series.life[1];
      });
      if (own.length > 0) anomalies[key] = own;
    }
  }
  return { config: { ...config, metrics, anomalies }, issues };
}

/** A series of a metric: its slot (label combination), its replacement number and its life. */
interface SeriesSlot {
  slot: number;
  generation: number;
  life?: [number, number];
}

/**
 * A metric's series in column order: slot by slot (the last label varying fastest), each slot's
 * replacements after it. With churn, at every multiple p of the period, `churn_share` of the
 * slots (picked by the seed from the metric's `churn` stream for p) end and new series start.
 */
function seriesOf(
  spec: MetricSeries,
  name: string,
  numSamples: number,
  seed: number,
): SeriesSlot[] {
  const out: SeriesSlot[] = [];
  if (!spec.churn) {
    for (let slot = 0; slot < spec.count; slot++) {
      out.push(spec.life ? { slot, generation: 0, life: [...spec.life] } : { slot, generation: 0 });
    }
    return out;
  }
  const { period, share } = spec.churn;
  const q = replacedEach(spec.count, share);
  const births: number[][] = [];
  for (let p = 1; p * period < numSamples; p++) {
    const random = Xoshiro128.forBlock(streamKey(seed, `${name}\u0000churn\u0000${p}`), 0);
    for (const slot of floyd(spec.count, q, random)) (births[slot] ??= []).push(p * period);
  }
  for (let slot = 0; slot < spec.count; slot++) {
    const starts = [0, ...(births[slot] ?? [])];
    starts.forEach((start, generation) => {
      const end = generation + 1 < starts.length ? starts[generation + 1] - 1 : numSamples - 1;
      out.push({ slot, generation, life: [start, end] });
    });
  }
  return out;
}

/**
 * `m` distinct integers of 0..n-1, uniformly (Floyd's algorithm: m draws, whatever n is).
 */
function floyd(n: number, m: number, random: Xoshiro128): Set<number> {
  const chosen = new Set<number>();
  for (let j = n - m; j < n; j++) {
    const t = Math.floor(random.nextDouble() * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  return chosen;
}

/**
 * The slots a fault entry is on: those whose labels match, and of them `share` (rounded, at least
 * one), picked by the seed from the entry's own `series` stream.
 */
function pickSlots(
  spec: MetricSeries,
  selection: FaultSelection,
  seed: number,
  name: string,
  entry: number,
): Set<number> {
  let slots: number[] = [];
  const match = selection.match ?? {};
  const wanted = spec.labels.map((label) =>
    match[label.name] ? new Set(match[label.name]) : undefined
  );
  for (let slot = 0; slot < spec.count; slot++) {
    const values = labelValues(spec, slot, 0);
    if (wanted.every((set, l) => !set || set.has(values[l]))) slots.push(slot);
  }
  if (selection.share !== undefined) {
    const m = Math.min(slots.length, Math.max(1, Math.round(selection.share * slots.length)));
    const random = Xoshiro128.forBlock(streamKey(seed, `${name}\u0000series\u0000${entry}`), 0);
    const picked = [...floyd(slots.length, m, random)].sort((a, b) => a - b);
    slots = picked.map((i) => slots[i]);
  }
  return new Set(slots);
}

/** A slot's label values: the slot in mixed radix, the last label fastest; replacements `-r<n>`. */
function labelValues(spec: MetricSeries, slot: number, generation: number): string[] {
  const values = new Array<string>(spec.labels.length);
  for (let l = spec.labels.length - 1; l >= 0; l--) {
    const label = spec.labels[l];
    const n = label.values.length;
    const value = label.values[slot % n];
    values[l] = generation > 0 && label.counted ? `${value}-r${generation}` : value;
    slot = Math.floor(slot / n);
  }
  return values;
}

/**
 * A series' name: the metric's key and its series labels as Prometheus writes them,
 * `cpu{instance="instance-0",region="eu"}` (`\`, `"` escaped).
 *
 * @param metric The metric's key.
 * @param labels Its series labels, in order.
 * @param values Their values.
 * @returns The name.
 *
 * @example
 * ```ts
 * import { seriesName } from "./series.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * const labels = [{ name: "pod", values: ["pod-0"], counted: true }];
 * strictEqual(seriesName("cpu", labels, ["pod-0"]), 'cpu{pod="pod-0"}');
 * ```
 */
export function seriesName(
  metric: string,
  labels: readonly SeriesLabel[],
  values: readonly string[],
): string {
  const pairs = labels.map((label, l) =>
    `${label.name}="${values[l].replace(/[\\"]/g, (ch) => `\\${ch}`)}"`
  );
  return `${metric}{${pairs.join(",")}}`;
}
