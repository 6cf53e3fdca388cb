/**
 * Suites: a config with `[suite]` makes many cases, each a config of its own. Case i takes, for
 * each key path of `[suite.vary]`, item i mod the length of its list; for each of `[suite.draw]`,
 * a value drawn from its range, and for each of `[suite.pick]`, one of its choices, both from a
 * stream keyed by `suite.seed`, "suite", the key path and i alone (so case i is the same whatever
 * the number of cases or the other keys); everything else it shares with the suite. Cases are
 * named `case-0000`, `case-0001`, ... (wider for suites past 10^4 cases), names that sort in the
 * cases' order.
 *
 * The making of the cases, pure; the rules of `[suite]` are checked in _validate_suite.ts, each
 * case's config by the checks of every config.
 *
 * @module
 */

import { Checker, isTable } from "./checker.ts";
import { ConfigError } from "./error.ts";
import { checkSuite } from "./_validate_suite.ts";
import { drawInRange } from "./placement.ts";
import { streamKey, Xoshiro128 } from "../random/mod.ts";

export { MAX_CASES } from "./_validate_suite.ts";

/** One case of a suite. */
export interface SuiteCase {
  /** Its number, from 0. */
  readonly index: number;
  /** Its name and folder: `case-0000`, ... */
  readonly name: string;
  /** Its config: the suite's without `[suite]`, with the varied values set. */
  readonly config: Record<string, unknown>;
  /**
   * What varied: key path -> the value this case took, in the order of `[suite.vary]`, then
   * `[suite.draw]`, then `[suite.pick]`.
   */
  readonly varied: Readonly<Record<string, unknown>>;
  /**
   * The first case with the same config: case i and case i + p are the same config when p is a
   * multiple of every list's length, so only the cases below that period need checking. With
   * draws or picks every case is its own.
   */
  readonly sameAs: number;
}

/**
 * The cases of a config: those its `[suite]` makes, or the config itself as case 0 when it has
 * none.
 *
 * @param input The config, as parsed from TOML.
 * @param options The file name, put in front of every problem.
 * @returns The cases, in order.
 * @throws {ConfigError} When `[suite]` breaks a rule (every problem at once); the cases' own
 * configs are not checked here.
 *
 * @example Case i takes item i mod each list's length
 * ```ts
 * import { suiteCases } from "./suite.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const cases = suiteCases({
 *   general: { num_samples: 10 },
 *   metrics: { db: { value: 1 }, api: { value: 2 } },
 *   suite: { cases: 3, vary: { "general.seed": [1, 2], "metrics.db.value": [5] } },
 * });
 * deepStrictEqual(cases.map((c) => c.name), ["case-0000", "case-0001", "case-0002"]);
 * deepStrictEqual(cases[2].varied, { "general.seed": 1, "metrics.db.value": 5 });
 * deepStrictEqual(cases[2].config.general, { num_samples: 10, seed: 1 });
 * deepStrictEqual(cases[2].sameAs, 0);
 * ```
 *
 * @example Draws and picks, per case from the suite's seed
 * ```ts
 * import { suiteCases } from "./suite.ts";
 * import { ok } from "node:assert/strict";
 *
 * const cases = suiteCases({
 *   general: { num_samples: 10 },
 *   metrics: { db: { value: 1 } },
 *   suite: {
 *     cases: 50,
 *     seed: 3,
 *     draw: { "metrics.db.value": [5, 6], "general.num_samples": [10, 12] },
 *     pick: { "metrics.db.noise": ["gaussian", "laplace"] },
 *   },
 * });
 * ok(cases.every((c) => (c.varied["metrics.db.value"] as number) >= 5));
 * ok(cases.every((c) => [10, 11, 12].includes(c.varied["general.num_samples"] as number)));
 * ok(cases.every((c) => ["gaussian", "laplace"].includes(c.varied["metrics.db.noise"] as string)));
 * ```
 */
export function suiteCases(input: unknown, options: { fileName?: string } = {}): SuiteCase[] {
  if (!isTable(input) || input.suite === undefined) {
    const config = isTable(input) ? input : {};
    return [{ index: 0, name: caseName(0, 1), config, varied: {}, sameAs: 0 }];
  }
  const c = new Checker();
  const suite = checkSuite(c, input.suite, input);
  if (!suite) throw new ConfigError(c.issues, options.fileName);
  const { suite: _, ...base } = input;
  const drawn = suite.draw.length + suite.pick.length > 0;
  const period = suite.vary.reduce((p, { values }) => lcm(p, values.length), 1);
  const cases: SuiteCase[] = [];
  for (let i = 0; i < suite.cases; i++) {
    let config: Record<string, unknown> = base;
    const varied: Record<string, unknown> = {};
    const set = (path: string, keys: readonly string[], value: unknown) => {
      varied[path] = value;
      config = withValue(config, keys, value);
    };
    for (const { path, keys, values } of suite.vary) set(path, keys, values[i % values.length]);
    for (const { path, keys, ...range } of suite.draw) {
      set(path, keys, drawInRange(range, caseDraw(suite.seed!, keys, i)));
    }
    for (const { path, keys, values } of suite.pick) {
      const u = caseDraw(suite.seed!, keys, i);
      set(path, keys, values[Math.floor(u * values.length)]);
    }
    const sameAs = drawn ? i : i % period;
    cases.push({ index: i, name: caseName(i, suite.cases), config, varied, sameAs });
  }
  return cases;
}

/**
 * The uniform draw in [0, 1) of case `index` for the key path of `keys`: the first double of the
 * stream keyed by the suite's seed, "suite", the key path's keys (however the path was quoted) and
 * the case's index, and by nothing else.
 *
 * @example
 * ```ts
 * import { caseDraw } from "./suite.ts";
 * import { ok, strictEqual } from "node:assert/strict";
 *
 * const u = caseDraw(7, ["metrics", "db", "value"], 3);
 * ok(u >= 0 && u < 1);
 * strictEqual(caseDraw(7, ["metrics", "db", "value"], 3), u);
 * ```
 */
export function caseDraw(seed: number, keys: readonly string[], index: number): number {
  const name = ["suite", ...keys, String(index)].join("\u0000");
  return Xoshiro128.forBlock(streamKey(seed, name), 0).nextDouble();
}

/** The suite's record, `suite.json`, beside its case folders. */
export const SUITE_INDEX = "suite.json";

/** The names {@linkcode caseName} makes, and no other: no path can hide in one. */
export const CASE_NAME: RegExp = /^case-[0-9]{4,}$/;

/**
 * The name of case `index` of `count`: `case-` and the number, four digits or as many as the
 * last case needs, so that names sort as the cases do.
 *
 * @example
 * ```ts
 * import { caseName } from "./suite.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(caseName(7, 8), "case-0007");
 * strictEqual(caseName(7, 20_000), "case-00007");
 * ```
 */
export function caseName(index: number, count: number): string {
  const width = Math.max(4, String(count - 1).length);
  return `case-${String(index).padStart(width, "0")}`;
}

/**
 * `config` with the value at `keys` set: the tables on the way are copied, never changed, so
 * every case shares what it does not vary. A key on the way that holds no table is left as it
 * is, for the case's own checks to report.
 */
function withValue(
  config: Record<string, unknown>,
  keys: readonly string[],
  value: unknown,
): Record<string, unknown> {
  const [key, ...rest] = keys;
  if (rest.length === 0) return { ...config, [key]: value };
  const inner = config[key] ?? {};
  if (!isTable(inner)) return config;
  return { ...config, [key]: withValue(inner, rest, value) };
}

function lcm(a: number, b: number): number {
  let [x, y] = [a, b];
  while (y !== 0) [x, y] = [y, x % y];
  // Past the largest suite the period no longer matters: every case is checked anyway.
  return Math.min((a / x) * b, Number.MAX_SAFE_INTEGER);
}
