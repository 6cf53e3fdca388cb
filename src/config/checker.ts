// The checks every part of a config uses: one issue per problem, with its key path, the rule,
// the bad value (escaped and cut) and the way out.

import { didYouMean } from "../text/suggest.ts";
import { cut, escapeControls, MAX_SHOWN, quoted } from "../text/mod.ts";

/** One problem in a config. */
export interface ConfigIssue {
  /** Key path of the problem, such as `anomalies.cpu.pattern`. */
  readonly path: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

/** The largest integer a config may hold. */
export const MAX_INTEGER = Number.MAX_SAFE_INTEGER;

/** Collects the problems of a config. */
export class Checker {
  readonly issues: ConfigIssue[] = [];

  add(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  table(path: string, value: unknown, required: boolean): value is Record<string, unknown> {
    if (value === undefined) {
      if (required) this.add(path, "missing; this table is required");
      return false;
    }
    if (isTable(value)) return true;
    this.add(path, `must be a table: got ${describe(value)}`);
    return false;
  }

  keys(
    path: string,
    table: Record<string, unknown>,
    allowed: readonly string[],
    what = "key",
    owner?: string,
  ): void {
    for (const key of Object.keys(table)) {
      if (allowed.includes(key) || table[key] === undefined) continue;
      if (allowed.length === 0) {
        this.add(path, `unknown ${what} ${quoted(key)}; ${owner} takes none`);
      } else {
        // Keys are few: all of them are named (list() cuts long lists of metric names).
        const takes = owner ? `${owner} takes ${allowed.join(", ")}` : allowed.join(", ");
        this.add(path, `unknown ${what} ${quoted(key)}${didYouMean(key, allowed)} (${takes})`);
      }
    }
  }

  finite(path: string, value: unknown, required: boolean): number | undefined {
    if (value === undefined) {
      if (required) this.add(path, "missing; a number is required");
      return undefined;
    }
    const n = typeof value === "bigint" ? Number(value) : value;
    if (typeof n === "number" && Number.isFinite(n)) return n;
    this.add(path, `must be a finite number: got ${describe(value)}`);
    return undefined;
  }

  integer(
    path: string,
    value: unknown,
    min: number,
    max: number,
    required: boolean,
    alternative = "",
  ): number | undefined {
    const rule = max === MAX_INTEGER
      ? `an integer >= ${min}${alternative}`
      : `an integer from ${min} to ${max}${alternative}`;
    if (value === undefined) {
      if (required) this.add(path, `missing; ${rule} is required`);
      return undefined;
    }
    const n = typeof value === "bigint" ? Number(value) : value;
    if (typeof n !== "number" || !Number.isInteger(n)) {
      this.add(path, `must be ${rule}: got ${describe(value)}`);
      return undefined;
    }
    if (n < min || n > max || (typeof value === "bigint" && BigInt(n) !== value)) {
      this.add(path, `must be ${rule}: got ${describe(value)}`);
      return undefined;
    }
    return n;
  }

  choice(
    path: string,
    value: unknown,
    allowed: readonly string[],
    what: string,
  ): string | undefined {
    if (value === undefined) {
      this.add(path, `missing; one of ${list(allowed)} is required`);
      return undefined;
    }
    if (typeof value === "string" && allowed.includes(value)) return value;
    if (typeof value === "string") {
      this.add(
        path,
        `${quoted(value)} is not a ${what}${didYouMean(value, allowed)} (${list(allowed)})`,
      );
    } else {
      this.add(path, `must be one of ${list(allowed)}: got ${describe(value)}`);
    }
    return undefined;
  }
}

export function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    !(value instanceof Date) && !ArrayBuffer.isView(value);
}

/** A key as it would be written in a TOML path: bare when it can be, else quoted and cut. */
export function keyPath(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) && key.length <= MAX_SHOWN ? key : quoted(key);
}

export function list(names: readonly string[]): string {
  const shown = names.slice(0, 10).map((name) => escapeControls(cut(name, 30))).join(", ");
  return names.length > 10 ? `${shown}, ... ${names.length - 10} more` : shown;
}

/** A bad value as the user wrote it, for messages. */
export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return quoted(value);
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") {
    return String(value);
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null) return "null";
  return "a table";
}
