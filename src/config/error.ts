// An invalid config's error, on its own so that a module can throw or catch it without loading
// the checks.

import type { ConfigIssue } from "./checker.ts";

/**
 * An invalid config: `issues` lists every problem, and the message has one line per problem.
 *
 * @example Listing the problems
 * ```ts
 * import { ConfigError, validateConfig } from "@chaos-datagen/chaos-datagen";
 * import { deepStrictEqual, throws } from "node:assert/strict";
 *
 * throws(() => validateConfig({ general: {}, metrics: { cpu: {} } }), (error: unknown) => {
 *   deepStrictEqual((error as ConfigError).issues.map((issue) => issue.path), [
 *     "general.num_samples",
 *     "metrics.cpu.value",
 *   ]);
 *   return true;
 * });
 * ```
 */
export class ConfigError extends Error {
  /** Every problem found, in the order of the config. */
  readonly issues: readonly ConfigIssue[];
  /** The file the config came from, when known. */
  readonly fileName?: string;

  /**
   * Makes the error from its problems.
   *
   * @param issues The problems, at least one.
   * @param fileName The file they were found in.
   */
  constructor(issues: readonly ConfigIssue[], fileName?: string) {
    super(issues.map((issue) => formatIssue(issue, fileName)).join("\n"));
    this.name = "ConfigError";
    this.issues = issues;
    this.fileName = fileName;
  }
}

function formatIssue(issue: ConfigIssue, fileName?: string): string {
  const where = [fileName, issue.path].filter((part) => part).join(": ");
  return where === "" ? issue.message : `${where}: ${issue.message}`;
}
