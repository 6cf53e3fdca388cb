// The rules of [anomalies]: each fault's kind and keys (read from the table of kinds), its
// window, its pattern's arguments, and the placement keys and ranges of faults placed by the seed
// (SPEC sections 10, 16, 17). A fault given whole is resolved here; an entry with `count` or a
// range becomes a template, placed once the seed is known (placement.ts).

import type {
  AnomalyConfig,
  FaultKind,
  PatternArgs,
  PatternName,
  ResolvedAnomalyConfig,
  Waveform,
} from "./types.ts";
import { type Checker, describe, keyPath, list } from "./checker.ts";
import { PATTERNS } from "./patterns.ts";
import {
  ENVELOPE_KEYS,
  FAULT_KIND_NAMES,
  FAULT_KINDS,
  type FaultKey,
  type MetricFacts,
  PLACEMENT_KEYS,
  RCA_KEYS,
  SERIES_FAULT_KEYS,
  WAVEFORMS,
} from "./fault_kinds.ts";
import { didYouMean } from "../text/suggest.ts";
import { quoted } from "../text/mod.ts";
import { DURATION_EXAMPLES, durationMs } from "../text/duration.ts";
import { checkAt, checkSamples, type Timing } from "./_timing.ts";
import { SERVICE_WORD, SERVICE_WORD_RULE } from "./services.ts";

const PATTERN_NAMES = Object.keys(PATTERNS);
/** The most faults one entry may place: far beyond a benchmark, bounded for memory and time. */
export const MAX_COUNT = 1_000_000;

/** A key's checked value: fixed, or a range drawn per fault. */
export type KeyValue = number | string | { low: number; high: number; whole: boolean };

/**
 * An entry whose faults the seed places or whose keys it draws: `count` faults (1 with a fixed
 * `at`), starting in `between`, `min_gap` apart, each key fixed or a range.
 */
export interface FaultTemplate {
  readonly template: true;
  readonly kind: FaultKind;
  readonly count: number;
  /** The fixed start, when the entry gives `at`. */
  readonly at?: number;
  /** First and last start allowed. */
  readonly between: [number, number];
  readonly min_gap: number;
  readonly pattern?: PatternName;
  readonly pattern_args?: PatternArgs;
  /** The kind's keys (and the envelope's), in draw order. */
  readonly keys: Readonly<Record<string, KeyValue>>;
  /** What kind of fault it stands for, when the config says. */
  readonly fault_type?: string;
}

/** An entry of a metric's faults, checked: a fault whole, or a template. */
export type FaultEntry = ResolvedAnomalyConfig | FaultTemplate;

/** Whether an entry is a template. */
export function isTemplate(entry: FaultEntry): entry is FaultTemplate {
  return (entry as FaultTemplate).template === true;
}

/** Checks [anomalies]: per metric, one fault or an array of them. */
export function checkAnomalies(
  c: Checker,
  input: unknown,
  metricNames: readonly string[] | undefined,
  numSamples: number | undefined,
  timing: Timing | undefined,
  facts: (name: string) => MetricFacts | undefined = () => undefined,
): Record<string, FaultEntry[]> | undefined {
  if (input === undefined) return Object.create(null);
  if (!c.table("anomalies", input, false)) return undefined;
  const anomalies: Record<string, FaultEntry[]> = Object.create(null);
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
    const checked: FaultEntry[] = [];
    entries.forEach((entry, i) => {
      const at = Array.isArray(value) ? `${path}[${i}]` : path;
      const fault = checkFault(c, at, entry, numSamples, timing, facts(name));
      if (fault) checked.push(fault);
    });
    if (checked.length > 0) anomalies[name] = checked;
  }
  return c.issues.length === before ? anomalies : undefined;
}

function checkFault(
  c: Checker,
  path: string,
  input: unknown,
  numSamples: number | undefined,
  timing: Timing | undefined,
  metric: MetricFacts | undefined,
): FaultEntry | undefined {
  if (!c.table(path, input, true)) return undefined;
  const kind =
    (input.kind === undefined
      ? "pattern"
      : c.choice(`${path}.kind`, input.kind, FAULT_KIND_NAMES, "kind")) as FaultKind | undefined;
  if (kind === undefined) return undefined;
  const entry = FAULT_KINDS[kind];
  const before = c.issues.length;
  const need = metric && entry.needs(metric);
  if (need) c.add(`${path}.kind`, kind === "reset" ? need : `${quoted(kind)} ${need}`);
  const keys: Record<string, FaultKey> = entry.envelope ? { ...ENVELOPE_KEYS } : {};
  Object.assign(keys, entry.keys);
  const allowed = [
    "kind",
    "at",
    ...(entry.envelope ? ["onset", "hold", "recovery_time", "pattern", "pattern_args"] : []),
    ...Object.keys(entry.keys),
    ...PLACEMENT_KEYS,
    ...RCA_KEYS,
    ...SERIES_FAULT_KEYS,
  ].filter((key, i, all) => all.indexOf(key) === i);
  const owner = kind === "pattern"
    ? undefined
    : kind === "reset"
    ? "a reset"
    : `${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind} fault`;
  c.keys(path, input, allowed, "key", owner);
  let faultType: string | undefined;
  if (input.fault_type !== undefined) {
    if (typeof input.fault_type === "string" && SERVICE_WORD.test(input.fault_type)) {
      faultType = input.fault_type;
    } else c.add(`${path}.fault_type`, `${SERVICE_WORD_RULE}: got ${describe(input.fault_type)}`);
  }
  // Where the faults start: `at`, or `count` of them placed by the seed.
  const placed = input.count !== undefined;
  let at: number | undefined;
  if (placed) {
    if (input.at !== undefined) {
      c.add(`${path}.at`, "must not be given with count: the seed places the faults");
    }
  } else {
    at = checkAt(c, `${path}.at`, input.at, timing);
    for (const key of ["between", "min_gap"]) {
      if (input[key] !== undefined) {
        c.add(`${path}.${key}`, "places faults by the seed: give count");
      }
    }
  }
  const count = placed ? c.integer(`${path}.count`, input.count, 1, MAX_COUNT, true) ?? 0 : 1;
  const between = placed
    ? checkBetween(c, `${path}.between`, input.between, numSamples, timing)
    : undefined;
  const minGap = placed
    ? checkSamples(c, `${path}.min_gap`, input.min_gap ?? 0, timing, 0, false) ?? 0
    : 0;
  // The kind's keys, in draw order: its own first, then the envelope's (recovery_time, onset,
  // hold); the pattern is checked between them, as messages have always listed it.
  const values: Record<string, KeyValue> = {};
  const checkKeys = (names: readonly string[]) => {
    for (const key of names) {
      const rule = keys[key];
      if (rule.onlyWith && input[rule.onlyWith.key] !== rule.onlyWith.value) {
        if (input[key] !== undefined) {
          c.add(
            `${path}.${key}`,
            `is for ${rule.onlyWith.key} = ${quoted(rule.onlyWith.value)} only`,
          );
        }
        continue;
      }
      if (entry.oneOf?.includes(key) && input[key] === undefined) {
        if (entry.oneOf.every((k) => input[k] === undefined) && key === entry.oneOf[0]) {
          c.add(
            `${path}.${key}`,
            `missing; a fault needs ${entry.oneOf.join(", ").replace(/, (?=[^,]*$)/, " or ")}`,
          );
        }
        if (rule.default !== undefined) values[key] = rule.default;
        continue;
      }
      const value = checkKey(c, `${path}.${key}`, input[key], rule, timing);
      if (value !== undefined) values[key] = value;
    }
  };
  const own = Object.keys(entry.keys);
  checkKeys(own);
  let pattern: string | undefined;
  let patternArgs: PatternArgs = {};
  if (entry.envelope) {
    pattern = c.choice(`${path}.pattern`, input.pattern, PATTERN_NAMES, "pattern");
    checkKeys(["recovery_time", "onset", "hold"].filter((key) => !own.includes(key)));
    if (pattern !== undefined) {
      patternArgs = checkPatternArgs(c, `${path}.pattern_args`, pattern, input.pattern_args);
    }
  }
  if (c.issues.length > before || (!placed && at === undefined)) return undefined;
  const span = lowest(
    values,
    entry.envelope ? ["onset", "hold", "recovery_time"] : ["recovery_time"],
  );
  const length = entry.envelope ? span : kind === "reset" || kind === "extremum" ? 1 : span;
  if (numSamples !== undefined && at !== undefined) {
    if (at >= numSamples) {
      c.add(`${path}.at`, `must be less than num_samples (${numSamples}): got ${at}`);
      return undefined;
    }
    if (at + length > numSamples && isFixed(values)) {
      const parts = entry.envelope
        ? ([["onset", values.onset], ["hold", values.hold]] as const).filter(([, v]) => v !== 0)
        : [];
      const keyText = ["at", ...parts.map(([k]) => k), "recovery_time"].join(" + ");
      const terms = [at, ...parts.map(([, v]) => v), values.recovery_time].join(" + ");
      c.add(
        `${path}.recovery_time`,
        `${keyText} must be at most num_samples (${numSamples}): got ${terms} = ${at + length}`,
      );
      return undefined;
    }
  }
  if (!placed && isFixed(values)) {
    return resolvedFault(
      kind,
      at!,
      values,
      pattern as PatternName | undefined,
      patternArgs,
      faultType,
    );
  }
  return {
    template: true,
    kind,
    count,
    ...(at !== undefined ? { at } : {}),
    between: between ?? [at ?? 0, at ?? Math.max(0, (numSamples ?? 1) - 1)],
    min_gap: minGap,
    ...(pattern !== undefined
      ? { pattern: pattern as PatternName, pattern_args: patternArgs }
      : {}),
    keys: values,
    ...(faultType !== undefined ? { fault_type: faultType } : {}),
  };
}

/** A template as a config entry again: count, between, min_gap and ranges, checked. */
export function templateConfig(template: FaultTemplate): AnomalyConfig {
  const entry: Record<string, unknown> = { kind: template.kind };
  if (template.at !== undefined) entry.at = template.at;
  else {
    entry.count = template.count;
    entry.between = template.between;
    if (template.min_gap !== 0) entry.min_gap = template.min_gap;
  }
  if (template.pattern !== undefined) {
    entry.pattern = template.pattern;
    entry.pattern_args = template.pattern_args;
  }
  for (const [key, value] of Object.entries(template.keys)) {
    entry[key] = typeof value === "object" ? [value.low, value.high] : value;
  }
  if (template.fault_type !== undefined) entry.fault_type = template.fault_type;
  return entry as unknown as AnomalyConfig;
}

/** A fault from fixed key values: its resolved form, the kind's keys only. */
export function resolvedFault(
  kind: FaultKind,
  at: number,
  values: Readonly<Record<string, KeyValue>>,
  pattern: PatternName | undefined,
  patternArgs: PatternArgs,
  faultType?: string,
): ResolvedAnomalyConfig {
  const entry = FAULT_KINDS[kind];
  const fault: Record<string, unknown> = { kind, at };
  if (entry.envelope) {
    fault.onset = values.onset;
    fault.hold = values.hold;
    fault.recovery_time = values.recovery_time;
    fault.pattern = pattern;
    fault.pattern_args = patternArgs;
  }
  for (const key of Object.keys(entry.keys)) {
    if (values[key] !== undefined) fault[key] = values[key];
  }
  if (faultType !== undefined) fault.fault_type = faultType;
  return fault as unknown as ResolvedAnomalyConfig;
}

function isFixed(values: Readonly<Record<string, KeyValue>>): boolean {
  return Object.values(values).every((value) => typeof value !== "object");
}

/** The least window the keys allow: the sum of their lows. */
function lowest(values: Readonly<Record<string, KeyValue>>, keys: readonly string[]): number {
  let sum = 0;
  for (const key of keys) {
    const value = values[key];
    sum += typeof value === "object" ? value.low : typeof value === "number" ? value : 0;
  }
  return sum;
}

/** One key: its value, or `[low, high]` when the kind lets it be drawn. */
function checkKey(
  c: Checker,
  path: string,
  value: unknown,
  rule: FaultKey,
  timing: Timing | undefined,
): KeyValue | undefined {
  if (value === undefined) {
    if (rule.required) {
      const what = rule.read.type === "samples"
        ? `an integer >= ${rule.read.min}`
        : rule.read.type === "waveform"
        ? `one of ${WAVEFORMS.join(", ")}`
        : rule.read.type === "shift"
        ? "samples or a duration (may be negative)"
        : "a number";
      c.add(path, `missing; ${what} is required`);
    }
    return rule.default;
  }
  if (Array.isArray(value)) {
    if (!rule.ranged) {
      c.add(path, `must be one value, not a range: got ${describe(value)}`);
      return undefined;
    }
    if (value.length !== 2) {
      c.add(path, `a range must be [low, high]: got ${describe(value)}`);
      return undefined;
    }
    const low = checkOne(c, `${path}[0]`, value[0], rule, timing, true);
    const high = checkOne(c, `${path}[1]`, value[1], rule, timing, true);
    if (typeof low !== "number" || typeof high !== "number") return undefined;
    if (low > high) {
      c.add(
        path,
        `a range must be [low, high] with low <= high: got ${describe(value[0])} > ${
          describe(value[1])
        }`,
      );
      return undefined;
    }
    // A key that may not be 0 (an extremum's size, a phase's shift) may not be drawn as 0 either.
    const zeroRefused = rule.read.type === "shift" ||
      (rule.read.type === "number" && rule.read.valid !== undefined && !rule.read.valid(0));
    if (zeroRefused && low <= 0 && high >= 0) {
      c.add(
        path,
        `a range must not hold 0, which this key refuses: give both ends above 0 or both below: got ${
          describe(value[0])
        } .. ${describe(value[1])}`,
      );
      return undefined;
    }
    const whole = rule.read.type === "samples" || rule.read.type === "shift";
    return low === high ? low : { low, high, whole };
  }
  return checkOne(c, path, value, rule, timing, false);
}

/** One value of a key (a range's end with `inRange`: a span then counts whole samples). */
function checkOne(
  c: Checker,
  path: string,
  value: unknown,
  rule: FaultKey,
  timing: Timing | undefined,
  inRange: boolean,
): number | string | undefined {
  const read = rule.read;
  switch (read.type) {
    case "number": {
      const x = c.finite(path, value, true);
      if (x === undefined) return undefined;
      if (read.valid && !read.valid(x)) {
        c.add(path, `must be ${read.rule}: got ${describe(value)}`);
        return undefined;
      }
      return x;
    }
    case "samples":
      return checkSamples(c, path, value, timing, read.min, true);
    case "shift":
      return checkShift(c, path, value, timing, inRange);
    case "waveform":
      return c.choice(path, value, WAVEFORMS, "waveform") as Waveform | undefined;
    default: {
      const unknown: never = read;
      throw new TypeError(`unknown key type ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * A signed span: an integer of samples, or a duration with an optional "-" (kept as given, in
 * time; in a range it must be whole samples, which are drawn).
 */
function checkShift(
  c: Checker,
  path: string,
  value: unknown,
  timing: Timing | undefined,
  inRange: boolean,
): number | string | undefined {
  if (typeof value !== "string") {
    const n = typeof value === "bigint" ? Number(value) : value;
    if (typeof n === "number" && Number.isInteger(n) && n !== 0) return n;
    c.add(
      path,
      `must be a whole number of samples or a duration, not 0 (may be negative): got ${
        describe(value)
      }`,
    );
    return undefined;
  }
  const text = value.trim();
  const ms = durationMs(text.replace(/^-/, ""));
  if (ms === undefined || ms === 0) {
    c.add(
      path,
      `must be a duration such as ${DURATION_EXAMPLES}, may start with "-": got ${describe(value)}`,
    );
    return undefined;
  }
  if (!inRange) return text;
  if (!timing) return undefined;
  const samples = ms / timing.intervalMs;
  if (!Number.isInteger(samples)) {
    c.add(
      path,
      `a range's ends must be whole numbers of samples: ${
        describe(value)
      } is ${ms} ms, not a multiple of the interval (${timing.intervalMs} ms)`,
    );
    return undefined;
  }
  return text.startsWith("-") ? -samples : samples;
}

/** `between`: two positions, as `at` takes them, first <= last < num_samples. */
function checkBetween(
  c: Checker,
  path: string,
  value: unknown,
  numSamples: number | undefined,
  timing: Timing | undefined,
): [number, number] | undefined {
  if (value === undefined) return numSamples === undefined ? undefined : [0, numSamples - 1];
  if (!Array.isArray(value) || value.length !== 2) {
    c.add(
      path,
      `must be [first, last]: where faults may start (samples, durations or date-times): got ${
        describe(value)
      }`,
    );
    return undefined;
  }
  const first = checkAt(c, `${path}[0]`, value[0], timing);
  const last = checkAt(c, `${path}[1]`, value[1], timing);
  if (first === undefined || last === undefined) return undefined;
  if (first > last) {
    c.add(path, `first must not be after last: got ${first} > ${last} (samples)`);
    return undefined;
  }
  if (numSamples !== undefined && last >= numSamples) {
    c.add(`${path}[1]`, `must be less than num_samples (${numSamples}): got ${last}`);
    return undefined;
  }
  return [first, last];
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
