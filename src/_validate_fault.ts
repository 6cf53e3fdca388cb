// The rules of [anomalies]: each fault's keys, its window, its pattern's arguments.

import type { PatternArgs, ResolvedAnomalyConfig } from "./config_types.ts";
import { type Checker, describe, keyPath, list, MAX_INTEGER } from "./_checker.ts";
import { didYouMean } from "./_suggest.ts";
import { quoted } from "./_text.ts";

/** Patterns and the arguments each takes. */
export const PATTERN_ARGS: Readonly<Record<string, readonly (keyof PatternArgs)[]>> = {
  linear: [],
  exponential: [],
  oscillating: ["frequency"],
  step: [],
};
const PATTERN_NAMES = Object.keys(PATTERN_ARGS);
const PATTERN_DEFAULTS: Required<PatternArgs> = { frequency: 3 };

const ANOMALY_KEYS = ["at", "anomaly_factor", "pattern", "recovery_time", "pattern_args"];

/** Checks [anomalies]: per metric, one fault or an array of them. */
export function checkAnomalies(
  c: Checker,
  input: unknown,
  metricNames: readonly string[] | undefined,
  numSamples: number | undefined,
): Record<string, ResolvedAnomalyConfig[]> | undefined {
  if (input === undefined) return Object.create(null);
  if (!c.table("anomalies", input, false)) return undefined;
  const anomalies: Record<string, ResolvedAnomalyConfig[]> = Object.create(null);
  const before = c.issues.length;
  for (const [name, value] of Object.entries(input)) {
    const path = `anomalies.${keyPath(name)}`;
    if (metricNames && !metricNames.includes(name)) {
      c.add(
        path,
        `no metric ${quoted(name)}${didYouMean(name, metricNames)} (${list(metricNames)})`,
      );
    }
    const entries = Array.isArray(value) ? value : [value];
    const list_: ResolvedAnomalyConfig[] = [];
    entries.forEach((entry, i) => {
      const at = Array.isArray(value) ? `${path}[${i}]` : path;
      const anomaly = checkAnomaly(c, at, entry, numSamples);
      if (anomaly) list_.push(anomaly);
    });
    if (list_.length > 0) anomalies[name] = list_;
  }
  return c.issues.length === before ? anomalies : undefined;
}

function checkAnomaly(
  c: Checker,
  path: string,
  input: unknown,
  numSamples: number | undefined,
): ResolvedAnomalyConfig | undefined {
  if (!c.table(path, input, true)) return undefined;
  c.keys(path, input, ANOMALY_KEYS);
  const at = c.integer(`${path}.at`, input.at, 0, MAX_INTEGER, true);
  const factor = c.finite(`${path}.anomaly_factor`, input.anomaly_factor, true);
  const pattern = c.choice(`${path}.pattern`, input.pattern, PATTERN_NAMES, "pattern");
  const recovery = c.integer(`${path}.recovery_time`, input.recovery_time, 1, MAX_INTEGER, true);
  if (numSamples !== undefined && at !== undefined) {
    if (at >= numSamples) {
      c.add(`${path}.at`, `must be less than num_samples (${numSamples}): got ${at}`);
    } else if (recovery !== undefined && at + recovery > numSamples) {
      c.add(
        `${path}.recovery_time`,
        `at + recovery_time must be at most num_samples (${numSamples}): got ${at} + ${recovery} = ${
          at + recovery
        }`,
      );
    }
  }
  let patternArgs: PatternArgs = {};
  if (pattern !== undefined) {
    patternArgs = checkPatternArgs(c, `${path}.pattern_args`, pattern, input.pattern_args);
  }
  if (at === undefined || factor === undefined || pattern === undefined || !recovery) {
    return undefined;
  }
  return {
    at,
    anomaly_factor: factor,
    pattern: pattern as ResolvedAnomalyConfig["pattern"],
    recovery_time: recovery,
    pattern_args: patternArgs,
  };
}

function checkPatternArgs(c: Checker, path: string, pattern: string, input: unknown): PatternArgs {
  const names = PATTERN_ARGS[pattern];
  const args: PatternArgs = {};
  for (const name of names) args[name] = PATTERN_DEFAULTS[name];
  if (input === undefined || !c.table(path, input, false)) return args;
  c.keys(path, input, names, "argument", pattern);
  if (names.includes("frequency") && input.frequency !== undefined) {
    const frequency = c.finite(`${path}.frequency`, input.frequency, true);
    if (frequency !== undefined && frequency <= 0) {
      c.add(
        `${path}.frequency`,
        `must be > 0 (radians per sample): got ${describe(input.frequency)}`,
      );
    } else if (frequency !== undefined) {
      args.frequency = frequency;
    }
  }
  return args;
}
