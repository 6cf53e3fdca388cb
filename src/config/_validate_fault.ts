// The rules of [anomalies]: each fault's keys, its window, its pattern's arguments.

import type {
  PatternArgs,
  PatternName,
  ResolvedAnomalyConfig,
  ResolvedPatternFault,
  ResolvedResetFault,
  ResolvedWindowFault,
} from "./types.ts";
import { type Checker, describe, keyPath, list } from "./checker.ts";
import { PATTERNS } from "./patterns.ts";
import { didYouMean } from "../text/suggest.ts";
import { quoted } from "../text/mod.ts";
import { checkAt, checkSamples, type Timing } from "./_timing.ts";

const PATTERN_NAMES = Object.keys(PATTERNS);

const KINDS = ["pattern", "flatline", "missing", "reset"];
const WINDOW_KEYS = ["kind", "at", "recovery_time"];
const ANOMALY_KEYS = [
  "kind",
  "at",
  "onset",
  "hold",
  "recovery_time",
  "pattern",
  "pattern_args",
  "anomaly_factor",
  "offset",
  "noise_factor",
];

/** Checks [anomalies]: per metric, one fault or an array of them. */
export function checkAnomalies(
  c: Checker,
  input: unknown,
  metricNames: readonly string[] | undefined,
  numSamples: number | undefined,
  timing: Timing | undefined,
  counters: ReadonlySet<string> = new Set(),
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
      const anomaly = checkAnomaly(c, at, entry, numSamples, timing, counters.has(name));
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
  timing: Timing | undefined,
  counter = false,
): ResolvedAnomalyConfig | undefined {
  if (!c.table(path, input, true)) return undefined;
  const kind = input.kind === undefined
    ? "pattern"
    : c.choice(`${path}.kind`, input.kind, KINDS, "kind");
  if (kind === "reset") return checkReset(c, path, input, numSamples, timing, counter);
  if (kind === "flatline" || kind === "missing") {
    return checkWindowFault(c, path, input, kind, numSamples, timing);
  }
  return checkPatternFault(c, path, input, numSamples, timing);
}

/** A counter's reset: `at` only. */
function checkReset(
  c: Checker,
  path: string,
  input: Record<string, unknown>,
  numSamples: number | undefined,
  timing: Timing | undefined,
  counter: boolean,
): ResolvedResetFault | undefined {
  const before = c.issues.length;
  if (!counter) {
    c.add(`${path}.kind`, `"reset" restarts a counter; this metric is a gauge (type = "counter")`);
  }
  c.keys(path, input, ["kind", "at"], "key", "a reset");
  const at = checkAt(c, `${path}.at`, input.at, timing);
  if (numSamples !== undefined && at !== undefined && at >= numSamples) {
    c.add(`${path}.at`, `must be less than num_samples (${numSamples}): got ${at}`);
  }
  if (c.issues.length > before || at === undefined) return undefined;
  return { kind: "reset", at };
}

/** A flatline or missing window: `at` and `recovery_time` only. */
function checkWindowFault(
  c: Checker,
  path: string,
  input: Record<string, unknown>,
  kind: "flatline" | "missing",
  numSamples: number | undefined,
  timing: Timing | undefined,
): ResolvedWindowFault | undefined {
  const before = c.issues.length;
  c.keys(path, input, WINDOW_KEYS, "key", `a ${kind} fault`);
  const at = checkAt(c, `${path}.at`, input.at, timing);
  const length = checkSamples(c, `${path}.recovery_time`, input.recovery_time, timing, 1, true);
  if (numSamples !== undefined && at !== undefined) {
    if (at >= numSamples) {
      c.add(`${path}.at`, `must be less than num_samples (${numSamples}): got ${at}`);
    } else if (length !== undefined && at + length > numSamples) {
      c.add(
        `${path}.recovery_time`,
        `at + recovery_time must be at most num_samples (${numSamples}): got ${at} + ${length} = ${
          at + length
        }`,
      );
    }
  }
  if (c.issues.length > before || at === undefined || length === undefined) return undefined;
  return { kind, at, recovery_time: length };
}

function checkPatternFault(
  c: Checker,
  path: string,
  input: Record<string, unknown>,
  numSamples: number | undefined,
  timing: Timing | undefined,
): ResolvedPatternFault | undefined {
  const before = c.issues.length;
  c.keys(path, input, ANOMALY_KEYS);
  const at = checkAt(c, `${path}.at`, input.at, timing);
  const effects = {
    anomaly_factor: c.finite(`${path}.anomaly_factor`, input.anomaly_factor, false),
    offset: c.finite(`${path}.offset`, input.offset, false),
    noise_factor: c.finite(`${path}.noise_factor`, input.noise_factor, false),
  };
  if ([input.anomaly_factor, input.offset, input.noise_factor].every((v) => v === undefined)) {
    c.add(
      `${path}.anomaly_factor`,
      "missing; a fault needs anomaly_factor, offset or noise_factor",
    );
  }
  const pattern = c.choice(`${path}.pattern`, input.pattern, PATTERN_NAMES, "pattern");
  const recovery = checkSamples(c, `${path}.recovery_time`, input.recovery_time, timing, 1, true);
  const onset = checkSamples(c, `${path}.onset`, input.onset ?? 0, timing, 0, false);
  const hold = checkSamples(c, `${path}.hold`, input.hold ?? 0, timing, 0, false);
  if (effects.noise_factor !== undefined && effects.noise_factor < 0) {
    c.add(
      `${path}.noise_factor`,
      `must be >= 0 (the noise's amplitude multiplier): got ${effects.noise_factor}`,
    );
  }
  if (numSamples !== undefined && at !== undefined) {
    if (at >= numSamples) {
      c.add(`${path}.at`, `must be less than num_samples (${numSamples}): got ${at}`);
    } else if (recovery !== undefined && onset !== undefined && hold !== undefined) {
      const end = at + onset + hold + recovery;
      if (end > numSamples) {
        const [keys, terms] = onset + hold === 0
          ? ["at + recovery_time", `${at} + ${recovery}`]
          : ["at + onset + hold + recovery_time", `${at} + ${onset} + ${hold} + ${recovery}`];
        c.add(
          `${path}.recovery_time`,
          `${keys} must be at most num_samples (${numSamples}): got ${terms} = ${end}`,
        );
      }
    }
  }
  let patternArgs: PatternArgs = {};
  if (pattern !== undefined) {
    patternArgs = checkPatternArgs(c, `${path}.pattern_args`, pattern, input.pattern_args);
  }
  if (
    c.issues.length > before || at === undefined || onset === undefined || hold === undefined ||
    recovery === undefined || pattern === undefined
  ) {
    return undefined;
  }
  return {
    kind: "pattern",
    at,
    onset,
    hold,
    recovery_time: recovery,
    pattern: pattern as ResolvedPatternFault["pattern"],
    pattern_args: patternArgs,
    anomaly_factor: effects.anomaly_factor ?? 1,
    offset: effects.offset ?? 0,
    noise_factor: effects.noise_factor ?? 1,
  };
}

function checkPatternArgs(c: Checker, path: string, pattern: string, input: unknown): PatternArgs {
  const rules = PATTERNS[pattern as PatternName].args;
  const names = Object.keys(rules) as (keyof PatternArgs)[];
  const args: PatternArgs = {};
  for (const name of names) args[name] = rules[name]!.default;
  if (input === undefined || !c.table(path, input, false)) return args;
  c.keys(path, input, names, "argument", pattern);
  for (const name of names) {
    if (input[name] === undefined) continue;
    const value = c.finite(`${path}.${name}`, input[name], true);
    if (value === undefined) continue;
    if (rules[name]!.valid(value)) args[name] = value;
    else c.add(`${path}.${name}`, `must be ${rules[name]!.rule}: got ${describe(input[name])}`);
  }
  return args;
}
