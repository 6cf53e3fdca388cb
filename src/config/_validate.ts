// The rules of a config, checked all at once: every problem becomes one issue with its key path,
// the rule, the bad value and the way out. The result has every default filled in except the
// seed, which the caller chooses.

import type {
  NoiseArgs,
  ResolvedConfig,
  ResolvedGeneralConfig,
  ResolvedMetricConfig,
} from "./types.ts";
import {
  Checker,
  type ConfigIssue,
  describe,
  isTable,
  keyPath,
  list,
  MAX_INTEGER,
} from "./checker.ts";
import {
  metricNoiseSd,
  NOISE_ALIASES,
  NOISE_DEFAULTS,
  NOISE_LAWS,
  noiseArgs,
} from "./noise_laws.ts";
import { hasControls, quoted } from "../text/mod.ts";
import { checkAnomalies, type FaultEntry, isTemplate, type KeyValue } from "./_validate_fault.ts";
import { BASELINE_KEYS, checkBaseline } from "./_validate_baseline.ts";
import { checkCouplings, checkCycles, checkDependsOn } from "./_validate_depends.ts";
import { checkFormula } from "./_validate_formula.ts";
import { formulaBound, parseFormula } from "./formula.ts";
import { shapeArgs, SHAPES } from "./shapes.ts";
import { checkPrometheus } from "./_validate_prometheus.ts";
import { checkSeriesUse, SERIES_METRIC_KEYS, type SeriesPlan, takeSeries } from "./series.ts";
import {
  checkDistribution,
  checkDistributionUse,
  DISTRIBUTION_METRIC_KEYS,
  isObservedType,
} from "./distributions.ts";
import { SERVICE_WORD, SERVICE_WORD_RULE } from "./services.ts";
import { checkDateTime, type Timing } from "./_timing.ts";
import { durationMs, secondsOf } from "../text/duration.ts";
import type { RecordedInfo } from "../input/mod.ts";
import { didYouMean } from "../text/suggest.ts";

/** Keys a recorded metric may not have: its baseline is its recorded value. */
const NOT_ON_RECORDED = ["value", "trend", "seasonality", "wander", "jumps", "shape", "formula"];

export type { ConfigIssue } from "./checker.ts";

/**
 * A resolved config whose seed may still be missing, and whose faults placed by the seed are
 * still templates (placed once the seed is known).
 */
export type CheckedConfig = Omit<ResolvedConfig, "general" | "anomalies"> & {
  general: Omit<ResolvedGeneralConfig, "seed"> & { seed?: number };
  anomalies: Record<string, FaultEntry[]>;
};

const NOISE_NAMES = [...Object.keys(NOISE_LAWS), ...Object.keys(NOISE_ALIASES)];

const TOP_KEYS = ["general", "metrics", "anomalies"];
/** The keys of `[general]`. */
export const GENERAL_KEYS: readonly string[] = [
  "seed",
  "num_samples",
  "start",
  "interval",
  "decimals",
  "input",
];
/** The keys of a metric's table. */
export const METRIC_KEYS: readonly string[] = [
  "value",
  "formula",
  "recorded",
  "series",
  "type",
  "noise",
  "noise_args",
  "step_size",
  ...BASELINE_KEYS,
  "depends_on",
  "prometheus",
  "service",
  ...SERIES_METRIC_KEYS,
  ...DISTRIBUTION_METRIC_KEYS,
];
const METRIC_TYPES = ["gauge", "counter", "histogram", "summary"];

const MAX_DECIMALS = 15;
const MAX_SMOOTHING_WINDOW = 1_000_000;
/** The last instant a JavaScript Date can hold. */
const MAX_TIME_MS = 8.64e15;
/**
 * The largest magnitude a metric may reach. Values stay far from the largest double, so every
 * product and sum the generator computes, and every value written, stays finite.
 */
export const MAX_MAGNITUDE = 1e300;
/** First characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@]/;

/**
 * Checks a config object (as parsed from TOML, or written in code). `recorded` describes the
 * recorded input its `general.input` names, once read.
 */
export function checkConfig(
  input: unknown,
  recorded?: RecordedInfo,
): { config?: CheckedConfig; issues: ConfigIssue[]; series?: SeriesPlan } {
  const c = new Checker();
  if (!isTable(input)) {
    c.add("", `a config must be a table with [general] and [metrics]: got ${describe(input)}`);
    return { issues: c.issues };
  }
  // [suite] is known, and said apart below; the keys named in messages are a config's own.
  const { suite: _, ...tables } = input;
  c.keys("", tables, TOP_KEYS);
  // A suite is many configs: its cases are made by suiteCases (src/suite), each without [suite].
  if (input.suite !== undefined) {
    c.add(
      "suite",
      `a suite makes many cases, not one run: run them with "cli.ts suite -c FILE -o DIR" ` +
        `(one case: --case K)`,
    );
  }
  const general = checkGeneral(
    c,
    recorded ? fromRecorded(c, input.general, recorded) : input.general,
  );
  const timing: Timing | undefined = general && {
    intervalMs: Math.round(general.interval * 1000),
    startMs: general.start === undefined ? undefined : Date.parse(general.start),
  };
  // The keys that make a metric many series are taken off: the checks below see one metric.
  const series = takeSeries(c, input.metrics, input.anomalies, timing, general?.num_samples);
  const metricsInput = recorded ? withRecorded(c, series.metrics, recorded) : series.metrics;
  const metrics = checkMetrics(c, metricsInput, timing);
  const metricNames = isTable(metricsInput) ? Object.keys(metricsInput) : undefined;
  const anomalies = checkAnomalies(
    c,
    series.anomalies,
    metricNames,
    general?.num_samples,
    timing,
    (name) => {
      const metric = metrics?.[name];
      return metric && {
        counter: metric.type === "counter",
        seasons: metric.seasonality?.length ?? 0,
        noiseSd: metricNoiseSd(metric),
        noise: metric.noise !== undefined,
        parents: Object.keys(metric.depends_on ?? {}).length,
        coupled: Object.values(metric.depends_on ?? {}).filter((d) => d.coupling !== 0).length,
      };
    },
  );
  if (c.issues.length > 0 || !general || !metrics || !anomalies) return { issues: c.issues };
  checkSeriesUse(c, series.plan, metrics, anomalies, general.num_samples);
  checkDistributionUse(
    c,
    metrics,
    (name) => (series.plan.metrics.get(name)?.labels.length ?? 0) > 0,
    (name) => series.plan.metrics.get(name)?.labels.map((label) => label.name) ?? [],
  );
  checkMagnitudes(c, metrics, anomalies, general, recorded);
  if (c.issues.length > 0) return { issues: c.issues };
  return { config: { general, metrics, anomalies }, issues: [], series: series.plan };
}

function checkGeneral(c: Checker, input: unknown): CheckedConfig["general"] | undefined {
  if (!c.table("general", input, true)) return undefined;
  c.keys("general", input, GENERAL_KEYS);
  const seed = c.integer("general.seed", input.seed, 0, MAX_INTEGER, false);
  const numSamples = c.integer("general.num_samples", input.num_samples, 1, MAX_INTEGER, true);
  const start = checkStart(c, input.start);
  const interval = checkInterval(c, input.interval);
  const decimals = checkDecimals(c, input.decimals);
  let source: string | undefined;
  if (input.input !== undefined) {
    if (typeof input.input !== "string" || input.input.trim() === "") {
      c.add("general.input", `must name a file of recorded series: got ${describe(input.input)}`);
    } else source = input.input;
  }
  if (start !== undefined && interval !== undefined && numSamples !== undefined) {
    const last = Date.parse(start) + (numSamples - 1) * interval * 1000;
    if (!(last <= MAX_TIME_MS)) {
      c.add("general.start", `the last sample's time is past year 275760: got ${start}`);
    }
  }
  if (numSamples === undefined || interval === undefined || decimals === undefined) {
    return undefined;
  }
  const general: CheckedConfig["general"] = { num_samples: numSamples, interval, decimals };
  if (seed !== undefined) general.seed = seed;
  if (start !== undefined) general.start = start;
  if (source !== undefined) general.input = source;
  return general;
}

function checkStart(c: Checker, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const ms = checkDateTime(c, "general.start", value);
  return ms === undefined ? undefined : new Date(ms).toISOString().replace(".000Z", "Z");
}

/** The interval in seconds, a whole number of milliseconds. */
function checkInterval(c: Checker, value: unknown): number | undefined {
  if (value === undefined) return 1;
  const path = "general.interval";
  const allowed = `seconds as a number > 0, or a duration such as "250ms", "15s", "5m", "1h"`;
  let ms: number | undefined;
  if (typeof value === "number" || typeof value === "bigint") {
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds > 0) ms = seconds * 1000;
  } else if (typeof value === "string") {
    ms = durationMs(value.trim());
    if (ms === 0) ms = undefined;
  }
  if (ms === undefined) {
    c.add(path, `must be ${allowed}: got ${describe(value)}`);
    return undefined;
  }
  const wholeMs = Math.round(ms);
  if (Math.abs(ms - wholeMs) > 1e-6 * Math.max(1, ms) || wholeMs < 1) {
    c.add(path, `must be a whole number of milliseconds: got ${describe(value)}`);
    return undefined;
  }
  return wholeMs / 1000;
}

function checkDecimals(c: Checker, value: unknown): number | "full" | undefined {
  if (value === undefined) return 6;
  if (value === "full") return "full";
  if (typeof value === "string") {
    c.add(
      "general.decimals",
      `must be an integer from 0 to ${MAX_DECIMALS} or "full": got ${describe(value)}`,
    );
    return undefined;
  }
  return c.integer("general.decimals", value, 0, MAX_DECIMALS, true, ` or "full"`);
}

function checkMetrics(
  c: Checker,
  input: unknown,
  timing: Timing | undefined,
): Record<string, ResolvedMetricConfig> | undefined {
  if (!c.table("metrics", input, true)) return undefined;
  const names = Object.keys(input);
  if (names.length === 0) c.add("metrics", "must hold at least one metric, such as [metrics.cpu]");
  // No prototype: a metric may be called "toString" or "__proto__".
  const metrics: Record<string, ResolvedMetricConfig> = Object.create(null);
  let ok = true;
  for (const name of names) {
    const metric = checkMetric(c, `metrics.${keyPath(name)}`, name, input[name], timing, names);
    if (metric) metrics[name] = metric;
    else ok = false;
  }
  if (ok) {
    checkCycles(c, metrics);
    checkCouplings(c, metrics);
  }
  return ok ? metrics : undefined;
}

function checkMetric(
  c: Checker,
  path: string,
  name: string,
  input: unknown,
  timing: Timing | undefined,
  metricNames: readonly string[],
): ResolvedMetricConfig | undefined {
  const before = c.issues.length;
  if (name.trim() === "") c.add(path, "a metric needs a non-empty name");
  else if (hasControls(name)) {
    c.add(path, "a metric name must not hold control characters (they would reach terminals)");
  } else if (FORMULA_START.test(name)) {
    c.add(
      path,
      `a metric name must not begin with "=", "+", "-" or "@": spreadsheets read such a column header as a formula`,
    );
  }
  if (name === "timestamp" || name === "sample") {
    c.add(path, `"${name}" is the name of the CSV files' first column; rename the metric`);
  }
  if (!c.table(path, input, true)) return undefined;
  c.keys(path, input, METRIC_KEYS);
  const recorded = input.recorded === true;
  if (input.series !== undefined) {
    c.add(`${path}.series`, "names a series of a recorded input: set general.input (or --input)");
  }
  if (input.recorded !== undefined && input.recorded !== true) {
    c.add(`${path}.recorded`, `must be true, or left out: got ${describe(input.recorded)}`);
  }
  if (recorded) {
    for (const key of NOT_ON_RECORDED) {
      if (input[key] !== undefined) {
        c.add(
          `${path}.${key}`,
          `a recorded metric's baseline is its recorded value: ${key} is for synthetic metrics`,
        );
      }
    }
    if (input.type === "counter") {
      c.add(`${path}.type`, "a recorded metric is taken as a gauge: its values are not rates");
    }
  }
  const derived = !recorded && input.formula !== undefined;
  let metric: ResolvedMetricConfig;
  if (recorded) metric = { recorded: true };
  else if (derived) {
    const formula = checkFormula(c, path, name, input, metricNames);
    metric = formula === undefined ? {} : { formula };
  } else metric = { value: c.finite(`${path}.value`, input.value, true) ?? 0 };
  let type: string | undefined;
  if (input.type !== undefined) {
    type = c.choice(`${path}.type`, input.type, METRIC_TYPES, "metric type");
    if (type === "counter" || type === "histogram" || type === "summary") metric.type = type;
    if (type === "counter" && input.step_size !== undefined) {
      c.add(`${path}.step_size`, "a counter counts whole events; step_size is for gauges");
    }
  }
  const distribution = checkDistribution(c, path, input, type);
  if (distribution) Object.assign(metric, distribution);
  if (input.step_size !== undefined) {
    const step = c.finite(`${path}.step_size`, input.step_size, true);
    if (step !== undefined && step <= 0) {
      c.add(`${path}.step_size`, `must be > 0: got ${describe(input.step_size)}`);
    }
    if (step !== undefined) metric.step_size = step;
  }
  const noise = input.noise;
  if (noise !== undefined) {
    const law = c.choice(`${path}.noise`, noise, NOISE_NAMES, "noise");
    if (law !== undefined) {
      const canonical = NOISE_ALIASES[law] ?? law as keyof typeof NOISE_LAWS;
      metric.noise = canonical;
      metric.noise_args = checkNoiseArgs(c, `${path}.noise_args`, law, input.noise_args);
    } else if (input.noise_args !== undefined) {
      c.table(`${path}.noise_args`, input.noise_args, false);
    }
  } else if (input.noise_args !== undefined) {
    c.add(`${path}.noise_args`, `given without noise; add noise = "gaussian" or another law`);
  }
  Object.assign(metric, checkBaseline(c, path, input, timing));
  const dependsOn = checkDependsOn(c, path, name, input.depends_on, metricNames, timing);
  if (dependsOn) metric.depends_on = dependsOn;
  const prometheus = checkPrometheus(c, path, input.prometheus);
  if (prometheus) metric.prometheus = prometheus;
  if (input.service !== undefined) {
    if (typeof input.service === "string" && SERVICE_WORD.test(input.service)) {
      metric.service = input.service;
    } else c.add(`${path}.service`, `${SERVICE_WORD_RULE}: got ${describe(input.service)}`);
  }
  return c.issues.length === before ? metric : undefined;
}

function checkNoiseArgs(c: Checker, path: string, law: string, input: unknown): NoiseArgs {
  const canonical = NOISE_ALIASES[law] ?? law as keyof typeof NOISE_LAWS;
  const names = [...NOISE_LAWS[canonical].args, "smoothing_window"] as (keyof NoiseArgs)[];
  const args: NoiseArgs = {};
  for (const name of names) args[name] = NOISE_DEFAULTS[name];
  if (input === undefined) return args;
  if (!c.table(path, input, false)) return args;
  c.keys(path, input, names, "argument", law);
  for (const name of names) {
    if (input[name] === undefined) continue;
    const value = name === "smoothing_window"
      ? c.integer(`${path}.${name}`, input[name], 1, MAX_SMOOTHING_WINDOW, true)
      : c.finite(`${path}.${name}`, input[name], true);
    if (value !== undefined) args[name] = value;
  }
  if (args.scale !== undefined && args.scale < 0) {
    c.add(`${path}.scale`, `must be >= 0: got ${describe(input.scale)}`);
  }
  if (args.high! < args.low!) {
    c.add(`${path}.high`, `must be >= low (${args.low}): got ${args.high}`);
  }
  return args;
}

/**
 * Refuses metrics that could reach a value too large to compute and write exactly: the base
 * value times every factor that could act at once, plus the largest noise draw. Known from the
 * config alone, so a run never meets an infinite value halfway.
 */
function checkMagnitudes(
  c: Checker,
  metrics: Readonly<Record<string, ResolvedMetricConfig>>,
  anomalies: Readonly<Record<string, readonly FaultEntry[]>>,
  general: CheckedConfig["general"],
  recorded: RecordedInfo | undefined,
): void {
  // The largest |M| each metric's faults and parents can make: |1 + w (M_p - 1)| <= 1 + |w| (|M_p| + 1).
  const spread = new Map<string, number>();
  const multiplier = (name: string): number => {
    if (spread.has(name)) return spread.get(name)!;
    spread.set(name, Infinity); // A cycle was refused already; this only stops a loop.
    let m = 1;
    for (const fault of anomalies[name] ?? []) {
      if (fault.kind === "pattern") m *= Math.max(1, largest(fault, "anomaly_factor"));
    }
    for (const [parent, { weight }] of Object.entries(metrics[name].depends_on ?? {})) {
      m *= 1 + Math.abs(weight) * (multiplier(parent) + 1);
    }
    spread.set(name, m);
    return m;
  };
  // The largest |final value| of each metric, worked out once: a formula reads its inputs'.
  const bounds = new Map<string, { base: number; noise: number }>();
  const boundOf = (name: string): { base: number; noise: number } => {
    const known = bounds.get(name);
    if (known) return known;
    bounds.set(name, { base: Infinity, noise: 0 }); // A cycle was refused already.
    const metric = metrics[name];
    // A recorded baseline is bounded by what was recorded (unknown in code without its info).
    const baseline = metric.recorded
      ? recorded?.maxAbs[name] ?? 0
      : metric.formula !== undefined
      ? formulaBound(parseFormula(metric.formula), (input) => {
        const { base, noise } = boundOf(input);
        return base + noise;
      })
      : baselineBound(metric, general);
    let base = baseline * multiplier(name);
    let noise = noiseBound(metric);
    const seasons = (metric.seasonality ?? []).reduce((sum, s) => sum + Math.abs(s.amplitude), 0);
    for (const fault of anomalies[name] ?? []) {
      if (fault.kind === "pattern") {
        base += largest(fault, "offset");
        noise *= Math.max(1, largest(fault, "noise_factor"));
      } else if (fault.kind === "amplitude") {
        // Seasons scaled by up to |factor| more than they were.
        base += seasons * Math.max(0, largest(fault, "factor") - 1) * multiplier(name);
      } else if (fault.kind === "extremum") {
        base += largest(fault, "size") * metricNoiseSd(metric);
      } else if (fault.kind === "flatline") {
        base = Math.max(base, largest(fault, "value"));
      }
    }
    const bound = { base, noise };
    bounds.set(name, bound);
    return bound;
  };
  for (const name of Object.keys(metrics)) {
    const metric = metrics[name];
    const path = `metrics.${keyPath(name)}`;
    const { base, noise } = boundOf(name);
    const bound = base + noise;
    const events = bound * general.interval * general.num_samples;
    if (
      metric.type === "counter" && bound <= MAX_MAGNITUDE && !(events <= Number.MAX_SAFE_INTEGER)
    ) {
      c.add(
        path,
        `a counter's count must stay below 2^53 to be exact: its rate (up to ${
          bound.toPrecision(3)
        }/s) over ${general.num_samples} samples could count ${events.toPrecision(3)} events`,
      );
    }
    if (isObservedType(metric.type) && typeof metric.rate === "number") {
      const observed = metric.rate * general.interval * general.num_samples;
      if (!(observed <= Number.MAX_SAFE_INTEGER)) {
        c.add(
          `${path}.rate`,
          `a ${metric.type}'s counts must stay below 2^53 to be exact: ${metric.rate}/s over ` +
            `${general.num_samples} samples counts ${observed.toPrecision(3)} observations`,
        );
      }
    }
    if (!(bound <= MAX_MAGNITUDE)) {
      const what = !(noise <= MAX_MAGNITUDE)
        ? `its noise (${metric.noise}) can reach ${magnitude(noise)}`
        : `its baseline x its multiplier (its faults, and what its parents pass on) plus offsets can reach ${
          magnitude(base)
        }`;
      c.add(path, `values must stay within +-${MAX_MAGNITUDE} to be computed exactly: ${what}`);
    } else if (metric.step_size !== undefined && !(bound / metric.step_size <= MAX_MAGNITUDE)) {
      c.add(
        `${path}.step_size`,
        `too small for values up to ${
          bound.toPrecision(3)
        }: value / step_size must stay within ${MAX_MAGNITUDE}: got ${metric.step_size}`,
      );
    }
  }
}

/** The largest |value| a fault's key may take: its value, or its range's larger end. */
function largest(fault: FaultEntry, key: string): number {
  const value =
    (isTemplate(fault) ? fault.keys[key] : (fault as unknown as Record<string, unknown>)[key]) as
      | KeyValue
      | undefined;
  if (typeof value === "number") return Math.abs(value);
  if (typeof value === "object") return Math.max(Math.abs(value.low), Math.abs(value.high));
  return 0;
}

/** The largest |B(k)|: the value, the whole trend, every season's amplitude, the wander's reach. */
function baselineBound(metric: ResolvedMetricConfig, general: CheckedConfig["general"]): number {
  let bound = Math.abs(metric.value ?? 0);
  if (metric.trend) {
    const span = (general.num_samples - 1) * general.interval;
    bound += Math.abs(metric.trend.change) * span / secondsOf(metric.trend.over, general.interval);
  }
  for (const season of metric.seasonality ?? []) bound += Math.abs(season.amplitude);
  if (metric.jumps) bound += Math.max(...metric.jumps.levels.map(Math.abs));
  if (metric.shape) {
    bound += SHAPES[metric.shape.kind].bound(shapeArgs(metric.shape), general.num_samples);
  }
  // A wander sums `window` standard normal draws (each within 15) over the root of the window.
  if (metric.wander) bound += 15 * metric.wander.scale * Math.sqrt(metric.wander.window);
  return bound;
}

function magnitude(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(3) : "more than the largest double (1.8e308)";
}

/** The largest |draw| of a metric's noise (smoothing averages draws, so it cannot exceed it). */
function noiseBound(metric: ResolvedMetricConfig): number {
  return metric.noise ? NOISE_LAWS[metric.noise].bound(noiseArgs(metric.noise_args)) : 0;
}

/**
 * [general] as the recorded input fixes it: its length and times. Given ones must agree (the
 * times only where the input has times).
 */
function fromRecorded(c: Checker, input: unknown, recorded: RecordedInfo): unknown {
  if (!isTable(input)) return input;
  const general: Record<string, unknown> = { ...input };
  const agree = (key: string, theirs: unknown, ours: unknown, same: boolean) => {
    if (theirs === undefined) general[key] = ours;
    else if (!same) {
      c.add(
        `general.${key}`,
        `the input gives ${describe(ours)}: got ${describe(theirs)}; leave it out`,
      );
    }
  };
  agree(
    "num_samples",
    input.num_samples,
    recorded.numSamples,
    Number(input.num_samples) === recorded.numSamples,
  );
  if (recorded.start !== undefined) {
    const given = input.start instanceof Date
      ? input.start.getTime()
      : Date.parse(String(input.start));
    agree("start", input.start, recorded.start, given === Date.parse(recorded.start));
  }
  if (recorded.intervalMs !== undefined) {
    const ours = `${recorded.intervalMs}ms`;
    const given = typeof input.interval === "string"
      ? durationMs(input.interval.trim())
      : Number(input.interval) * 1000;
    agree("interval", input.interval, ours, given === recorded.intervalMs);
  }
  return general;
}

/**
 * The metrics with the recorded ones: the input's columns first, in its order (each with the
 * config's table for it, if any), then the config's own, in its order.
 */
function withRecorded(c: Checker, input: unknown, recorded: RecordedInfo): unknown {
  const given = isTable(input) ? input : {};
  // `series = "<name in the input>"` takes a recorded series under the table's own key.
  const claimed = new Map<string, string>();
  for (const [name, table] of Object.entries(given)) {
    if (!isTable(table) || table.series === undefined) continue;
    const path = `metrics.${keyPath(name)}.series`;
    const series = table.series;
    if (typeof series !== "string" || !recorded.names.includes(series)) {
      c.add(
        path,
        `must name a series of the input${
          typeof series === "string" ? didYouMean(series, recorded.names) : ""
        } (${list(recorded.names)}): got ${describe(series)}`,
      );
    } else if (claimed.has(series)) {
      c.add(path, `${quoted(series)} is taken already, by ${quoted(claimed.get(series)!)}`);
    } else claimed.set(series, name);
  }
  const metrics: Record<string, unknown> = Object.create(null);
  for (const series of recorded.names) {
    const name = claimed.get(series) ?? series;
    const table = given[name];
    const prometheus = recorded.prometheus?.[series];
    const { series: _, ...rest } = isTable(table) ? table : {};
    metrics[name] = { ...(prometheus ? { prometheus } : {}), ...rest, recorded: true };
  }
  for (const [name, table] of Object.entries(given)) {
    if (name in metrics) continue;
    if (isTable(table) && table.recorded === true) {
      c.add(
        `metrics.${keyPath(name)}`,
        `no recorded series ${quoted(name)} in the input (${list(recorded.names)})`,
      );
    }
    if (isTable(table) && table.series !== undefined) continue;
    metrics[name] = table;
  }
  return { ...metrics };
}
