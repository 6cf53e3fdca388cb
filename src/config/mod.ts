// Validating configs written as objects: one error listing every problem. TOML text is read by
// parse.ts, so the generator (and each worker) loads no TOML parser.
//
// What lives here: what a config can say and its rules: the types (types.ts), TOML reading
// (toml.ts, parse.ts), the checks (one file per concept, _validate_*.ts, sharing checker.ts),
// and the tables of kinds, each entry its arguments and rules beside its meaning (the recovery
// patterns' curves in patterns.ts, the noise laws' samplers in noise_laws.ts, the fault kinds in
// fault_kinds.ts, the research shapes' curves in shapes.ts); the formula language (formula.ts),
// the placing of faults by the seed (placement.ts), the making of a metric's many series
// (series.ts), and histograms and summaries: their laws, keys and columns (distributions.ts,
// with the normal distribution function in _gauss.ts). It may import text/, random/ and input/ (what a recorded input holds, to check a
// config against it); never the model, which reads it.

import type { AnomalyConfig, Config, GeneralConfig, ResolvedConfig } from "./types.ts";
import { checkConfig, type CheckedConfig } from "./_validate.ts";
import { isTemplate, templateConfig } from "./_validate_fault.ts";
import { placeFaults } from "./placement.ts";
import { expandSeries, type SeriesPlan, withSeriesKeys } from "./series.ts";
import { expandDistributions } from "./distributions.ts";
import { drawSeed } from "../random/seed.ts";
import type { RecordedInfo } from "../input/mod.ts";

export type { ConfigIssue } from "./_validate.ts";
export { ConfigError } from "./error.ts";
import { ConfigError } from "./error.ts";

/** Values that replace the config's own, as the command line's `--seed`, `--samples`, `--input` do. */
export type ConfigOverrides = Pick<GeneralConfig, "seed" | "num_samples" | "decimals" | "input">;

/** Options for {@linkcode parseConfig}, {@linkcode validateConfig} and {@linkcode resolveConfig}. */
export interface ConfigOptions {
  /** Name of the file the config came from, put in front of every message. */
  fileName?: string;
  /** Values that replace the `[general]` ones before the config is checked. */
  overrides?: Partial<ConfigOverrides>;
  /**
   * What the recorded input of `general.input` holds, as read by {@linkcode CsvInputReader} or
   * {@linkcode readPrometheusInput}: its series become recorded metrics, and it fixes the length
   * and times.
   */
  recorded?: RecordedInfo;
  /** Leaves every fault out (after checking them): the run's fault-free twin. */
  noFaults?: boolean;
}

/**
 * Validates a config written as an object, the same shape as the TOML file.
 *
 * @param input The config object.
 * @param options The file name for messages, and overrides.
 * @returns The config with every default filled in, seed as given.
 * @throws {ConfigError} When the config breaks any rule: every problem at once.
 *
 * @example Validating a config written in code
 * ```ts
 * import { validateConfig } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * const config = validateConfig({
 *   general: { num_samples: 10 },
 *   metrics: { cpu: { value: 30, noise: "normal" } },
 * });
 * strictEqual(config.metrics.cpu.noise, "gaussian");
 * strictEqual(config.metrics.cpu.noise_args?.scale, 1);
 * ```
 */
export function validateConfig(input: unknown, options: ConfigOptions = {}): Config {
  const { config: checked, series } = check(input, options);
  // Faults the seed places stay as entries (with count, between, ranges), checked.
  const anomalies: Record<string, AnomalyConfig[]> = Object.create(null);
  for (const [name, entries] of Object.entries(checked.anomalies)) {
    anomalies[name] = entries.map((entry) => isTemplate(entry) ? templateConfig(entry) : entry);
  }
  // A metric's series are made once the seed is known: its keys stay as checked.
  return withSeriesKeys({ ...checked, anomalies }, series) as Config;
}

/**
 * Validates a config and chooses its seed: the override, else the config's, else a new random
 * one (reported in the result, so the run can be repeated).
 *
 * @param input The config object.
 * @param options The file name for messages, and overrides.
 * @returns The config the generator runs on, frozen: a generator made from it does not check it
 * again.
 * @throws {ConfigError} When the config breaks any rule: every problem at once.
 *
 * @example The seed is always filled in
 * ```ts
 * import { resolveConfig } from "@chaos-datagen/chaos-datagen";
 * import { ok } from "node:assert/strict";
 *
 * const config = resolveConfig({ general: { num_samples: 10 }, metrics: { cpu: { value: 1 } } });
 * ok(Number.isInteger(config.general.seed));
 * ```
 */
export function resolveConfig(input: unknown, options: ConfigOptions = {}): ResolvedConfig {
  // A config resolved already, asked for as it is, is not checked again (the command line makes
  // a generator of the config it validated, and each block encoder another).
  if (RESOLVED.has(input as object) && !asksForChange(options)) return input as ResolvedConfig;
  const { config: checked, series } = check(input, options);
  const seed = checked.general.seed ?? drawSeed();
  // Faults given by count or with ranges are placed and drawn now the seed is known.
  const placed = placeFaults(checked.anomalies, checked.general.num_samples, seed);
  if (placed.issues.length > 0) throw new ConfigError(placed.issues, options.fileName);
  // The seed leads [general], so it is the first thing a reader of the manifest sees.
  // A metric of many series becomes one metric per series, its placed faults shared among them.
  const expanded = expandSeries(
    {
      ...checked,
      general: { seed, ...checked.general },
      anomalies: placed.anomalies,
    },
    checked.anomalies,
    series,
  );
  if (expanded.issues.length > 0) throw new ConfigError(expanded.issues, options.fileName);
  // A histogram or summary gains its columns, after its series are made.
  const observed = expandDistributions(expanded.config);
  if (observed.issues.length > 0) throw new ConfigError(observed.issues, options.fileName);
  const config: ResolvedConfig = observed.config;
  RESOLVED.add(deepFreeze(config));
  return config;
}

/** The configs resolveConfig made: frozen, so that what was checked stays as it was checked. */
const RESOLVED = new WeakSet<object>();

function asksForChange(options: ConfigOptions): boolean {
  const overrides = Object.values(options.overrides ?? {}).some((value) => value !== undefined);
  return overrides || options.recorded !== undefined || options.noFaults === true;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function check(
  input: unknown,
  options: ConfigOptions,
): { config: CheckedConfig; series: SeriesPlan } {
  const { config, issues, series } = checkConfig(
    withOverrides(input, options.overrides),
    options.recorded,
  );
  if (!config || !series) throw new ConfigError(issues, options.fileName);
  // The twin keeps everything but the faults: the noise depends on the seed and names alone.
  return { config: options.noFaults ? { ...config, anomalies: {} } : config, series };
}

function withOverrides(input: unknown, overrides: Partial<ConfigOverrides> = {}): unknown {
  const given = Object.entries(overrides).filter(([, value]) => value !== undefined);
  if (given.length === 0 || typeof input !== "object" || input === null) return input;
  const config = input as Record<string, unknown>;
  const general = config.general;
  if (typeof general !== "object" || general === null) return input;
  return { ...config, general: { ...general, ...Object.fromEntries(given) } };
}
export { serviceOf } from "./services.ts";
