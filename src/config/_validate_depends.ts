// The rules of depends_on (SPEC section 13): each parent an existing metric other than itself,
// a finite weight, a lag in samples, and no cycle.

import type { ResolvedMetricConfig } from "./types.ts";
import { type Checker, keyPath, list } from "./checker.ts";
import { didYouMean } from "../text/suggest.ts";
import { quoted } from "../text/mod.ts";
import { checkSamples, type Timing } from "./_timing.ts";
import { formulaNames } from "./formula.ts";
import { metricNoiseSd } from "./noise_laws.ts";

const DEPENDENCY_KEYS = ["weight", "lag", "coupling"];

type Dependencies = NonNullable<ResolvedMetricConfig["depends_on"]>;

/** Checks `metrics.<name>.depends_on`; returns the dependencies, defaults filled in. */
export function checkDependsOn(
  c: Checker,
  path: string,
  name: string,
  input: unknown,
  metricNames: readonly string[],
  timing: Timing | undefined,
): Dependencies | undefined {
  const at = `${path}.depends_on`;
  if (input === undefined || !c.table(at, input, false)) return undefined;
  const dependencies: Dependencies = Object.create(null);
  for (const [parent, value] of Object.entries(input)) {
    const where = `${at}.${keyPath(parent)}`;
    if (parent === name) {
      c.add(where, "a metric cannot depend on itself");
      continue;
    }
    if (!metricNames.includes(parent)) {
      c.add(
        where,
        `no metric ${quoted(parent)}${didYouMean(parent, metricNames)} (${list(metricNames)})`,
      );
      continue;
    }
    if (!c.table(where, value, true)) continue;
    c.keys(where, value, DEPENDENCY_KEYS);
    const weight = value.weight === undefined ? 1 : c.finite(`${where}.weight`, value.weight, true);
    const lag = checkSamples(c, `${where}.lag`, value.lag ?? 0, timing, 0, false);
    const coupling = value.coupling === undefined
      ? 0
      : c.finite(`${where}.coupling`, value.coupling, true);
    if (coupling !== undefined && !(coupling >= -1 && coupling <= 1)) {
      c.add(`${where}.coupling`, `must be from -1 to 1 (a correlation): got ${coupling}`);
    } else if (weight !== undefined && lag !== undefined && coupling !== undefined) {
      dependencies[parent] = { weight, lag, coupling };
    }
  }
  return { ...dependencies };
}

/**
 * The rules of coupling across metrics (SPEC section 18): a metric's couplings have squares that
 * sum to less than 1 (its own noise keeps a share), and both ends of a coupling have noise (a
 * fluctuation to follow, and one to follow it with).
 */
export function checkCouplings(
  c: Checker,
  metrics: Readonly<Record<string, ResolvedMetricConfig>>,
): void {
  for (const [name, metric] of Object.entries(metrics)) {
    const coupled = Object.entries(metric.depends_on ?? {}).filter(([, d]) => d.coupling !== 0);
    if (coupled.length === 0) continue;
    const at = `metrics.${keyPath(name)}.depends_on`;
    for (const [parent] of coupled) {
      if (!(metricNoiseSd(metrics[parent]) > 0)) {
        c.add(
          `${at}.${keyPath(parent)}.coupling`,
          `${quoted(parent)} has no noise to follow${
            metrics[parent].noise === undefined ? "" : " (its noise sd is 0)"
          }: give it noise, or leave coupling out`,
        );
      }
    }
    if (!(metricNoiseSd(metric) > 0)) {
      c.add(
        `${at}.${keyPath(coupled[0][0])}.coupling`,
        `${
          quoted(name)
        } has no noise to follow its parents with: give it noise, or leave coupling out`,
      );
    }
    const squares = coupled.reduce((sum, [, d]) => sum + d.coupling * d.coupling, 0);
    if (!(squares < 1)) {
      c.add(
        at,
        `the squares of the couplings must sum to less than 1 (the metric keeps some noise of its own): ${
          coupled.map(([, d]) => d.coupling < 0 ? `(${d.coupling})^2` : `${d.coupling}^2`).join(
            " + ",
          )
        } = ${Number(squares.toPrecision(6))}`,
      );
    }
  }
}

/**
 * Refuses a cycle of dependencies and formulas (SPEC sections 13 and 15), naming it
 * (`a -> b -> a`) at the key of its first metric that leads round it.
 */
export function checkCycles(
  c: Checker,
  metrics: Readonly<Record<string, ResolvedMetricConfig>>,
): void {
  const state = new Map<string, "visiting" | "done">();
  const reported = new Set<string>();
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") {
      const cycle = [...trail.slice(trail.indexOf(name)), name];
      const key = [...cycle.slice(0, -1)].sort().join("\n");
      if (!reported.has(key)) {
        reported.add(key);
        const first = metrics[cycle[0]];
        const byFormula = !(cycle[1] in (first.depends_on ?? {}));
        c.add(
          `metrics.${keyPath(cycle[0])}.${byFormula ? "formula" : "depends_on"}`,
          `a cycle of ${
            first.formula !== undefined || cycle.some((m) => metrics[m].formula !== undefined)
              ? "dependencies and formulas"
              : "dependencies"
          }: ${cycle.join(" -> ")}`,
        );
      }
      return;
    }
    state.set(name, "visiting");
    const reads = metrics[name].formula === undefined ? [] : formulaNames(metrics[name].formula!);
    for (const parent of [...Object.keys(metrics[name].depends_on ?? {}), ...reads]) {
      if (parent in metrics) visit(parent, [...trail, name]);
    }
    state.set(name, "done");
  };
  for (const name of Object.keys(metrics)) visit(name, []);
}
