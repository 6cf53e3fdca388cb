// The rules of a config's [suite]: how many cases, and what each case varies, draws or picks. A
// key path of `vary`, `draw` or `pick` must name a key a config can hold (its metric or fault table
// must exist in the config), so that a typo is found before any case is made; what the values do
// to a case is checked when the case's own config is.

import { type Checker, describe, isTable, keyPath, list, MAX_INTEGER } from "./checker.ts";
import { didYouMean } from "../text/suggest.ts";
import { quoted } from "../text/mod.ts";
import { durationMs } from "../text/duration.ts";
import { GENERAL_KEYS, METRIC_KEYS } from "./_validate.ts";

/** The most cases a suite may have. */
export const MAX_CASES = 100_000;
/** The keys of `[suite]`. */
export const SUITE_KEYS: readonly string[] = ["cases", "seed", "vary", "draw", "pick"];
/** The tables a key path of `[suite.vary]`, `[suite.draw]` or `[suite.pick]` may start with. */
const VARIED_TABLES = ["general", "metrics", "anomalies"];
/**
 * The keys, by their last segment, that take whole numbers (samples or counts): a range drawn
 * for one of them draws whole values, as a fault's range of samples does. Kept beside the checks
 * of general and a metric (general.seed, num_samples, decimals; noise_args.smoothing_window;
 * wander.window).
 */
export const WHOLE_KEYS: readonly string[] = [
  "seed",
  "num_samples",
  "decimals",
  "smoothing_window",
  "window",
];

/**
 * `[suite]`: a config that makes `cases` cases. Each key path of `vary` (`"general.seed"`,
 * `"metrics.db.value"`, `anomalies`) maps to a non-empty list, and case i takes item i mod the
 * list's length; each key path of `draw` maps to a range `[low, high]` drawn per case, and each of
 * `pick` to a non-empty list one item of which is picked per case, both from `seed`. A case is the
 * config without `[suite]`, with those values set.
 */
export interface SuiteConfig {
  /** How many cases, from 1 to 100000. */
  cases: number;
  /** The seed of the draws and picks; required with `draw` or `pick`. */
  seed?: number;
  /** Per key path, the values the cases take in turn. */
  vary?: Record<string, unknown[]>;
  /** Per key path, the range `[low, high]` a value is drawn from per case. */
  draw?: Record<string, [number, number]>;
  /** Per key path, the choices one of which is picked per case. */
  pick?: Record<string, unknown[]>;
}

/** A key path of a suite, checked: its text and its segments. */
export interface SuitePath {
  path: string;
  keys: string[];
}

/**
 * A checked `[suite]`: the number of cases, the seed, and per key path its segments and values
 * (`vary`, `pick`) or range (`draw`).
 */
export interface CheckedSuite {
  cases: number;
  seed?: number;
  vary: (SuitePath & { values: unknown[] })[];
  draw: (SuitePath & { low: number; high: number; whole: boolean })[];
  pick: (SuitePath & { values: unknown[] })[];
}

type Section = "vary" | "draw" | "pick";

/**
 * Checks `[suite]` of the config `config` (the whole table, for the names of its metrics).
 * Returns undefined, with the problems added, when it breaks a rule.
 */
export function checkSuite(c: Checker, input: unknown, config: unknown): CheckedSuite | undefined {
  if (!c.table("suite", input, true)) return undefined;
  const before = c.issues.length;
  c.keys("suite", input, SUITE_KEYS);
  // TOML's integers may come as bigints.
  const asked = typeof input.cases === "bigint" ? Number(input.cases) : input.cases;
  const tooMany = typeof asked === "number" && Number.isInteger(asked) && asked > MAX_CASES;
  const cases = tooMany
    ? void c.add("suite.cases", tooManyCases(asked, config))
    : c.integer("suite.cases", input.cases, 1, MAX_CASES, true);
  const seed = c.integer("suite.seed", input.seed, 0, MAX_INTEGER, false);
  const vary: CheckedSuite["vary"] = [];
  const draw: CheckedSuite["draw"] = [];
  const pick: CheckedSuite["pick"] = [];
  const all: (SuitePath & { section: Section })[] = [];
  for (const section of ["vary", "draw", "pick"] as const) {
    const table = input[section];
    if (table === undefined || !c.table(`suite.${section}`, table, false)) continue;
    for (const [path, value] of Object.entries(table)) {
      const at = `suite.${section}.${keyPath(path)}`;
      const keys = splitKeyPath(path);
      if (keys === undefined) {
        c.add(at, `must be a key path such as "general.seed" or 'metrics."a.b".value'`);
        continue;
      }
      const problem = section === "draw"
        ? drawPathProblem(keys) ?? keyPathProblem(keys, config, section) ?? drawDepthProblem(keys)
        : keyPathProblem(keys, config, section);
      if (problem !== undefined) c.add(at, problem);
      if (section === "draw") {
        const range = checkRange(c, at, value, WHOLE_KEYS.includes(keys[keys.length - 1]));
        if (range && problem === undefined) draw.push({ path, keys, ...range });
      } else if (!Array.isArray(value)) {
        c.add(at, `must be a list of values, ${RULE[section]}: got ${describe(value)}`);
      } else if (value.length === 0) {
        c.add(at, `must be a non-empty list: ${NON_EMPTY[section]}`);
      } else if (problem === undefined) {
        (section === "vary" ? vary : pick).push({ path, keys, values: value });
      }
      if (problem === undefined) all.push({ path, keys, section });
    }
  }
  // As the schema's dependentRequired: a draw or pick table given at all needs the seed.
  if ((input.draw !== undefined || input.pick !== undefined) && input.seed === undefined) {
    c.add("suite.seed", "is required with suite.draw or suite.pick: the cases' draws come from it");
  }
  // A key path set twice, or inside another, would set one value twice.
  all.forEach((outer, i) => {
    for (const inner of all) {
      if (inner === outer) continue;
      const at = `suite.${inner.section}.${keyPath(inner.path)}`;
      if (inner.keys.length === outer.keys.length && isPrefix(outer, inner)) {
        if (all.indexOf(inner) > i) {
          c.add(
            at,
            `is also in suite.${outer.section}: give a key path in one of vary, draw, pick`,
          );
        }
      } else if (inner.keys.length > outer.keys.length && isPrefix(outer, inner)) {
        c.add(
          at,
          outer.section === "vary" && inner.section === "vary"
            ? `lies inside ${quoted(outer.path)}, also varied: vary one or the other`
            : `lies inside ${
              quoted(outer.path)
            } of suite.${outer.section}: give it in one of vary, draw, pick`,
        );
      }
    }
  });
  if (c.issues.length > before || cases === undefined) return undefined;
  return { cases, ...(seed === undefined ? {} : { seed }), vary, draw, pick };
}

const RULE: Record<"vary" | "pick", string> = {
  vary: "case i taking item i mod its length",
  pick: "each case picking one, uniformly, by suite.seed",
};
const NON_EMPTY: Record<"vary" | "pick", string> = {
  vary: "case i takes item i mod its length",
  pick: "each case picks one, uniformly, by suite.seed",
};

/** Why a key path cannot be drawn (faults are drawn by their own ranges), or undefined. */
function drawPathProblem(keys: string[]): string | undefined {
  return keys[0] === "anomalies"
    ? "faults are not drawn here: pick or vary a metric's list whole, or give its faults' keys " +
      "ranges"
    : undefined;
}

/** Why a key path names a table, where a range draws one value, or undefined. */
function drawDepthProblem(keys: string[]): string | undefined {
  return keys.length < (keys[0] === "general" ? 2 : 3)
    ? `names a table: a range draws one value, so name a key (such as "metrics.db.value")`
    : undefined;
}

/**
 * A range `[low, high]` of `suite.draw`: two finite numbers, low <= high, whole numbers when the
 * key takes whole values. Adds an issue and returns undefined otherwise.
 */
function checkRange(
  c: Checker,
  at: string,
  value: unknown,
  whole: boolean,
): { low: number; high: number; whole: boolean } | undefined {
  // TOML's integers come as bigints: within 2^53 they are numbers like any other.
  const ends = Array.isArray(value)
    ? value.map((end) => typeof end === "bigint" && BigInt(Number(end)) === end ? Number(end) : end)
    : [];
  if (ends.length !== 2 || !ends.every((end) => typeof end === "number" && Number.isFinite(end))) {
    const durations = ends.some((end) => typeof end === "string" && durationMs(end) !== undefined);
    c.add(
      at,
      `must be a range [low, high] of two numbers${
        durations ? " (durations: give samples)" : ""
      }: got ${describe(value)}`,
    );
    return undefined;
  }
  const [low, high] = ends as [number, number];
  if (low > high) {
    c.add(at, `a range must be [low, high] with low <= high: got ${low} > ${high}`);
    return undefined;
  }
  if (whole && !(Number.isInteger(low) && Number.isInteger(high))) {
    c.add(
      at,
      `this key takes whole values: a range's ends must be integers: got ${low}, ${high}`,
    );
    return undefined;
  }
  return { low, high, whole };
}

function isPrefix(outer: SuitePath, inner: SuitePath): boolean {
  return outer.keys.every((key, i) => inner.keys[i] === key);
}

/**
 * The keys of a dotted key path, TOML's way: `metrics.db.value` or `metrics."a.b".value`;
 * undefined when it is not one.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { splitKeyPath } from "./_validate_suite.ts";
 * deepStrictEqual(splitKeyPath('metrics."a.b".value'), ["metrics", "a.b", "value"]);
 * deepStrictEqual(splitKeyPath("general..seed"), undefined);
 * ```
 */
export function splitKeyPath(path: string): string[] | undefined {
  const keys: string[] = [];
  const part = /\s*(?:"([^"\\]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*(\.|$)/y;
  let at = 0;
  while (at < path.length) {
    part.lastIndex = at;
    const match = part.exec(path);
    if (!match) return undefined;
    keys.push(match[1] ?? match[2] ?? match[3]);
    at = part.lastIndex;
    if (match[4] === "." && at === path.length) return undefined;
  }
  return keys.length > 0 ? keys : undefined;
}

/** Why `keys` names no key a case's config can hold, or undefined when it can. */
function keyPathProblem(keys: string[], config: unknown, section: Section): string | undefined {
  const [top, name, key] = keys;
  if (!VARIED_TABLES.includes(top)) {
    return top === "suite"
      ? "the suite cannot vary itself"
      : `unknown table ${quoted(top)}${didYouMean(top, VARIED_TABLES)} (a key path starts with ${
        VARIED_TABLES.join(", ")
      })`;
  }
  if (name === undefined) return undefined;
  if (top === "general") {
    if (!GENERAL_KEYS.includes(name)) {
      return `unknown key ${quoted(name)} of [general]${didYouMean(name, GENERAL_KEYS)} (${
        GENERAL_KEYS.join(", ")
      })`;
    }
    return keys.length > 2 ? `general.${name} is a value, not a table` : undefined;
  }
  // A metric's table or its list of faults: the metric must be one of the config's.
  const metrics = isTable(config) && isTable(config.metrics) ? Object.keys(config.metrics) : [];
  if (!metrics.includes(name)) {
    return `unknown metric ${quoted(name)}${didYouMean(name, metrics)} (the config has ${
      metrics.length === 0 ? "none" : list(metrics)
    })`;
  }
  if (top === "anomalies") {
    return keys.length > 2
      ? `anomalies.${keyPath(name)} is a list of faults: ${section} it whole`
      : undefined;
  }
  if (key !== undefined && !METRIC_KEYS.includes(key)) {
    return `unknown key ${quoted(key)} of a metric${didYouMean(key, METRIC_KEYS)} (${
      METRIC_KEYS.join(", ")
    })`;
  }
  return undefined;
}

/**
 * Why a suite of `cases` cases is refused, with what it would write: a folder and at least
 * three files a case (metrics.csv, labels.csv, manifest.json), and the rows of every case.
 */
function tooManyCases(cases: number, config: unknown): string {
  const general = isTable(config) && isTable(config.general) ? config.general : {};
  const metrics = isTable(config) && isTable(config.metrics)
    ? Object.keys(config.metrics).length
    : 0;
  const samples = typeof general.num_samples === "bigint"
    ? Number(general.num_samples)
    : general.num_samples;
  const rows = typeof samples === "number" && Number.isSafeInteger(samples) && samples > 0
    ? `, ${(cases * samples).toExponential(1)} rows of ${metrics} metrics in all`
    : "";
  return `must be an integer from 1 to ${MAX_CASES}: got ${cases}, a suite that would write ` +
    `${cases} folders and at least ${(3 * cases).toExponential(1)} files${rows}; make it ` +
    `several suites of at most ${MAX_CASES} cases`;
}
