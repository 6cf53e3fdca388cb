/**
 * Suites: a config with `[suite]` makes many cases, each a config of its own. Case i takes, for
 * each key path of `[suite.vary]`, item i mod the length of its list; everything else it shares
 * with the suite. Cases are named `case-0000`, `case-0001`, ... (wider for suites past 10^4
 * cases), names that sort in the cases' order.
 *
 * The making of the cases, pure; the rules of `[suite]` are checked in _validate_suite.ts, each
 * case's config by the checks of every config.
 *
 * @module
 */

import { Checker, isTable } from "./checker.ts";
import { ConfigError } from "./error.ts";
import { checkSuite } from "./_validate_suite.ts";

export { MAX_CASES } from "./_validate_suite.ts";

/** One case of a suite. */
export interface SuiteCase {
  /** Its number, from 0. */
  readonly index: number;
  /** Its name and folder: `case-0000`, ... */
  readonly name: string;
  /** Its config: the suite's without `[suite]`, with the varied values set. */
  readonly config: Record<string, unknown>;
  /** What varied: key path -> the value this case took, in the order of `[suite.vary]`. */
  readonly varied: Readonly<Record<string, unknown>>;
  /**
   * The first case with the same config: case i and case i + p are the same config when p is a
   * multiple of every list's length, so only the cases below that period need checking.
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
  const period = suite.vary.reduce((p, { values }) => lcm(p, values.length), 1);
  const cases: SuiteCase[] = [];
  for (let i = 0; i < suite.cases; i++) {
    let config: Record<string, unknown> = base;
    const varied: Record<string, unknown> = {};
    for (const { path, keys, values } of suite.vary) {
      const value = values[i % values.length];
      varied[path] = value;
      config = withValue(config, keys, value);
    }
    cases.push({ index: i, name: caseName(i, suite.cases), config, varied, sameAs: i % period });
  }
  return cases;
}

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
