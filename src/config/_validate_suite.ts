// The rules of a config's [suite]: how many cases, and what each case varies. A key path of
// `vary` must name a key a config can hold (its metric or fault table must exist in the config),
// so that a typo is found before any case is made; what the values do to a case is checked when
// the case's own config is.

import { type Checker, describe, isTable, keyPath, list } from "./checker.ts";
import { didYouMean } from "../text/suggest.ts";
import { quoted } from "../text/mod.ts";
import { GENERAL_KEYS, METRIC_KEYS } from "./_validate.ts";

/** The most cases a suite may have. */
export const MAX_CASES = 100_000;
/** The keys of `[suite]`. */
export const SUITE_KEYS: readonly string[] = ["cases", "vary"];
/** The tables a key path of `[suite.vary]` may start with. */
const VARIED_TABLES = ["general", "metrics", "anomalies"];

/**
 * `[suite]`: a config that makes `cases` cases. Each key path of `vary` (`"general.seed"`,
 * `"metrics.db.value"`, `anomalies`) maps to a non-empty list, and case i takes item i mod the
 * list's length; a case is the config without `[suite]`, with those values set.
 */
export interface SuiteConfig {
  /** How many cases, from 1 to 100000. */
  cases: number;
  /** Per key path, the values the cases take in turn. */
  vary?: Record<string, unknown[]>;
}

/** A checked `[suite]`: the number of cases and, per key path, its segments and values. */
export interface CheckedSuite {
  cases: number;
  vary: { path: string; keys: string[]; values: unknown[] }[];
}

/**
 * Checks `[suite]` of the config `config` (the whole table, for the names of its metrics).
 * Returns undefined, with the problems added, when it breaks a rule.
 */
export function checkSuite(c: Checker, input: unknown, config: unknown): CheckedSuite | undefined {
  if (!c.table("suite", input, true)) return undefined;
  const before = c.issues.length;
  c.keys("suite", input, SUITE_KEYS);
  const cases = c.integer("suite.cases", input.cases, 1, MAX_CASES, true);
  const vary: CheckedSuite["vary"] = [];
  if (input.vary !== undefined && c.table("suite.vary", input.vary, false)) {
    for (const [path, values] of Object.entries(input.vary)) {
      const at = `suite.vary.${keyPath(path)}`;
      const keys = splitKeyPath(path);
      if (keys === undefined) {
        c.add(at, `must be a key path such as "general.seed" or 'metrics."a.b".value'`);
        continue;
      }
      const problem = keyPathProblem(keys, config);
      if (problem !== undefined) c.add(at, problem);
      if (!Array.isArray(values)) {
        c.add(
          at,
          `must be a list of values, case i taking item i mod its length: got ${describe(values)}`,
        );
      } else if (values.length === 0) {
        c.add(at, "must be a non-empty list: case i takes item i mod its length");
      } else if (problem === undefined) vary.push({ path, keys, values });
    }
    // A key path inside another would set one value twice.
    for (const outer of vary) {
      for (const inner of vary) {
        if (inner !== outer && inner.keys.length > outer.keys.length && isPrefix(outer, inner)) {
          c.add(
            `suite.vary.${keyPath(inner.path)}`,
            `lies inside ${quoted(outer.path)}, also varied: vary one or the other`,
          );
        }
      }
    }
  }
  if (c.issues.length > before || cases === undefined) return undefined;
  return { cases, vary };
}

function isPrefix(
  outer: { keys: string[] },
  inner: { keys: string[] },
): boolean {
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
function keyPathProblem(keys: string[], config: unknown): string | undefined {
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
      ? `anomalies.${keyPath(name)} is a list of faults: vary it whole`
      : undefined;
  }
  if (key !== undefined && !METRIC_KEYS.includes(key)) {
    return `unknown key ${quoted(key)} of a metric${didYouMean(key, METRIC_KEYS)} (${
      METRIC_KEYS.join(", ")
    })`;
  }
  return undefined;
}
