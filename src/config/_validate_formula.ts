// The rules of a derived metric's formula (SPEC section 15): it parses, every name it reads is
// another metric, and it stands alone as the metric's baseline.

import { type Checker, describe, list } from "./checker.ts";
import { formulaInputs, FormulaSyntaxError, parseFormula } from "./formula.ts";
import { didYouMean } from "../text/suggest.ts";
import { quoted } from "../text/mod.ts";

/** Keys a derived metric may not have: its baseline is its formula. */
export const NOT_BESIDE_FORMULA = ["value", "trend", "seasonality", "wander", "jumps", "shape"];

/** Checks `metrics.<name>.formula`; returns the formula when it is good. */
export function checkFormula(
  c: Checker,
  path: string,
  name: string,
  input: Record<string, unknown>,
  metricNames: readonly string[],
): string | undefined {
  const at = `${path}.formula`;
  const text = input.formula;
  for (const key of NOT_BESIDE_FORMULA) {
    if (input[key] !== undefined) {
      c.add(
        `${path}.${key}`,
        `a derived metric's baseline is its formula: ${key} is for other metrics`,
      );
    }
  }
  if (input.type === "counter") {
    c.add(`${path}.type`, "a derived metric is a gauge: give its formula over rates as a gauge");
  }
  if (typeof text !== "string" || text.trim() === "") {
    c.add(
      at,
      `must be a formula over other metrics, such as "errors / max(requests, 1)": got ${
        describe(text)
      }`,
    );
    return undefined;
  }
  let inputs: { name: string; column: number }[];
  try {
    inputs = formulaInputs(parseFormula(text));
  } catch (error) {
    if (!(error instanceof FormulaSyntaxError)) throw error;
    c.add(at, error.message);
    return undefined;
  }
  const before = c.issues.length;
  for (const { name: used, column } of inputs) {
    if (used === name) {
      c.add(at, `a formula cannot read its own metric (${quoted(used)} at column ${column})`);
    } else if (!metricNames.includes(used)) {
      c.add(
        at,
        `unknown metric ${quoted(used)} at column ${column}${didYouMean(used, metricNames)} (${
          list(metricNames)
        })`,
      );
    }
  }
  return c.issues.length === before ? text : undefined;
}
