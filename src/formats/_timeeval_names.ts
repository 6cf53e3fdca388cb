// The names the timeeval format gives, apart from its encoders: the command line checks
// --collection and --missing with them before it loads any format.

import type { MissingPolicy } from "./types.ts";

/** The collection name of a run made by the library, when none is given. */
export const DEFAULT_COLLECTION = "chaos-datagen";
/** What `missing` takes, the default first. */
export const MISSING_POLICIES: readonly MissingPolicy[] = ["interpolate", "drop", "keep"];

/**
 * Words pandas reads as a missing value, a boolean or an infinity, not as text (compared in lower
 * case): a collection or dataset name must be none of them, or TimeEval's index loses its key.
 */
const PANDAS_WORDS = new Set(["na", "nan", "null", "none", "true", "false", "inf", "infinity"]);

/**
 * Why a name cannot be a TimeEval collection or dataset name, or undefined if it can. TimeEval
 * keys its index by (collection_name, dataset_name) as pandas reads them, names the metadata file
 * `<dataset_name>.metadata.json` beside the series (`Datasets.get_detailed_metadata`) and the
 * results folder `<collection>/<dataset>`: so a letter first (no number, no `.` or `..`), then
 * letters, digits, `.`, `_` or `-`, at most 100, and no word pandas reads as NaN or a boolean.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { timeEvalNameProblem } from "./_timeeval_names.ts";
 * strictEqual(timeEvalNameProblem("checkout_cascade"), undefined);
 * strictEqual(typeof timeEvalNameProblem("a/b"), "string");
 * strictEqual(typeof timeEvalNameProblem("None"), "string");
 * ```
 */
export function timeEvalNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9._-]{0,99}$/.test(name)) {
    return 'must be a letter, then letters, digits, ".", "_" or "-" (100 at most)';
  }
  if (PANDAS_WORDS.has(name.toLowerCase())) {
    return "must not be a word pandas reads as missing, boolean or infinite (NaN, None, True, inf...)";
  }
  return undefined;
}

/**
 * A text made a TimeEval name (see {@linkcode timeEvalNameProblem}): characters outside
 * `[A-Za-z0-9._-]` become `_`, it is cut to 100, and one not starting with a letter, or a word
 * pandas reads as NaN or a boolean, gets `ts-` in front.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { timeEvalName } from "./_timeeval_names.ts";
 * strictEqual(timeEvalName("http/requests"), "http_requests");
 * strictEqual(timeEvalName("5xx"), "ts-5xx");
 * strictEqual(timeEvalName("null"), "ts-null");
 * ```
 */
export function timeEvalName(text: string): string {
  const name = text.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 100);
  return timeEvalNameProblem(name) === undefined ? name : `ts-${name}`.slice(0, 100);
}
