// Where a config's problem is in its text: the line of the key a problem's path names. The checks
// report key paths (`metrics.cpu.noise`), not lines, so the page finds the lines itself.

/**
 * The first line (from 1) of each key path a TOML text sets: `[table]` and `[[array]]` headers,
 * `key = value` and dotted keys under the table in force. Quotes around key parts are dropped.
 *
 * @param text The TOML text.
 * @returns Each key path's first line.
 *
 * @example
 * ```ts
 * import { keyLines } from "./lines.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * const lines = keyLines('[general]\nseed = 1\n[metrics."cpu"]\nvalue = 3\n');
 * strictEqual(lines.get("general.seed"), 2);
 * strictEqual(lines.get("metrics.cpu.value"), 4);
 * ```
 */
export function keyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let table = "";
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?/.exec(line);
    if (header) {
      table = keyPath(header[1]);
      if (!lines.has(table)) lines.set(table, i + 1);
      return;
    }
    const assignment =
      /^((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=/
        .exec(line);
    if (!assignment) return;
    const path = (table ? `${table}.` : "") + keyPath(assignment[1]);
    if (!lines.has(path)) lines.set(path, i + 1);
  });
  return lines;
}

/** A dotted TOML key as a path: parts unquoted, spaces around the dots dropped. */
function keyPath(key: string): string {
  return key.split(/\s*\.\s*(?=(?:[^"']|"[^"]*"|'[^']*')*$)/).map((part) =>
    part.trim().replace(/^"(.*)"$|^'(.*)'$/, (_, a, b) => a ?? b)
  ).join(".");
}

/**
 * The line a problem's key path points at: the key's own line, else that of the nearest key
 * above it that the text sets (a missing key is reported at its table), else line 1.
 *
 * @param lines The text's key lines, from {@linkcode keyLines}.
 * @param path The problem's key path, such as `anomalies.cpu[1].at`.
 * @returns The line, from 1.
 *
 * @example A missing key is shown at its table
 * ```ts
 * import { keyLines, lineOf } from "./lines.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * const lines = keyLines("[general]\nseed = 1\n\n[metrics.cpu]\nnoise = 'x'\n");
 * strictEqual(lineOf(lines, "metrics.cpu.value"), 4);
 * strictEqual(lineOf(lines, "metrics.cpu.noise"), 5);
 * strictEqual(lineOf(lines, "general.num_samples"), 1);
 * ```
 */
export function lineOf(lines: ReadonlyMap<string, number>, path: string): number {
  // Array items (`[1]`) are found at their array's key.
  const parts = path.replace(/\[\d+\]/g, "").split(".").filter((part) => part !== "");
  for (let end = parts.length; end > 0; end--) {
    const line = lines.get(parts.slice(0, end).join("."));
    if (line !== undefined) return line;
  }
  return 1;
}
