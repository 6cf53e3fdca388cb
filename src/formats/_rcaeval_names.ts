// The names of the rcaeval format, apart from its module so that the format table checks a config
// and the commit trusts a file name without loading the encoders: the files' pattern, the column
// of each metric, and what a config lacks for them.

import type { ResolvedConfig } from "../config/types.ts";
import { type ConfigIssue, keyPath } from "../config/checker.ts";
import { SERVICE_WORD, SERVICE_WORD_RULE, serviceOf } from "../config/services.ts";
import { quoted } from "../text/mod.ts";

/** The folder the format writes its cases under, in the output folder. */
export const RCAEVAL_FOLDER = "rcaeval";

/** A service or fault type as part of a pattern: {@linkcode SERVICE_WORD} without its anchors. */
const WORD = SERVICE_WORD.source.replace(/^\^/, "").replace(/\$$/, "");

/**
 * The names of the format's files, relative to the output folder: exactly
 * `rcaeval/<service>_<fault_type>/<n>/data.csv` or `.../inject_time.txt`, each part a plain
 * name (a service and a fault type never hold `_`, `/` or a leading `.`).
 */
export const RCAEVAL_FILE: RegExp = new RegExp(
  `^${RCAEVAL_FOLDER}/${WORD}_${WORD}/[1-9][0-9]{0,8}/(?:data\\.csv|inject_time\\.txt)$`,
);

/**
 * The column of each metric in data.csv, in config order: its name when it starts with
 * `<service>_` already, else `<service>_<name>`, so that RCAEval finds the service before the
 * first `_` (`db_cpu` stays `db_cpu`; `mem` of service `cart` becomes `cart_mem`).
 *
 * @param config The resolved config.
 * @returns The column names.
 *
 * @example
 * ```ts
 * import { resolveConfig } from "@chaos-datagen/chaos-datagen";
 * import { rcaevalColumns } from "./_rcaeval_names.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const config = resolveConfig({
 *   general: { num_samples: 1 },
 *   metrics: { db_cpu: { value: 1 }, mem: { value: 1, service: "cart" }, cpu: { value: 1 } },
 * });
 * deepStrictEqual(rcaevalColumns(config), ["db_cpu", "cart_mem", "cpu_cpu"]);
 * ```
 */
export function rcaevalColumns(config: ResolvedConfig): string[] {
  return Object.entries(config.metrics).map(([name, metric]) => {
    const service = serviceOf(name, metric);
    return name.startsWith(`${service}_`) ? name : `${service}_${name}`;
  });
}

/**
 * What a config lacks for the rcaeval format: every metric's service must be a word RCAEval can
 * split from a column's or a folder's name, and no two columns may share a name. (None is `time`:
 * every column holds a `_`.)
 *
 * @param config The resolved config.
 * @returns The problems, as config problems.
 *
 * @example A service taken from a name that is not a word, and two metrics with one column
 * ```ts
 * import { resolveConfig } from "@chaos-datagen/chaos-datagen";
 * import { checkRcaeval } from "./_rcaeval_names.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const config = resolveConfig({
 *   general: { num_samples: 1 },
 *   metrics: { "GET /": { value: 1 }, db_cpu: { value: 1 }, cpu: { value: 1, service: "db" } },
 * });
 * deepStrictEqual(checkRcaeval(config).map((issue) => issue.path), ['metrics."GET /"', "metrics.cpu"]);
 * ```
 */
export function checkRcaeval(config: ResolvedConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const columns = rcaevalColumns(config);
  // Column name -> the metric that has it.
  const taken = new Map<string, string>();
  Object.entries(config.metrics).forEach(([name, metric], j) => {
    const path = `metrics.${keyPath(name)}`;
    const service = serviceOf(name, metric);
    if (!SERVICE_WORD.test(service)) {
      issues.push({
        path,
        message: `the rcaeval format names columns and folders by service; this metric's ` +
          `service ${quoted(service)} (from its name) ${SERVICE_WORD_RULE}: set service`,
      });
      return;
    }
    const column = columns[j];
    const other = taken.get(column);
    if (other !== undefined) {
      issues.push({
        path,
        message: `its rcaeval column ${quoted(column)} is also ${quoted(other)}'s: ` +
          `rename the metric or set service`,
      });
      return;
    }
    taken.set(column, name);
  });
  return issues;
}
