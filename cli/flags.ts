// Flags read strictly: `--name value`, `--name=value`, `-x value`, `-xvalue`, boolean flags alone
// (short ones grouped, `-qh`), `--` before positionals. Our own reader, not node:util's parseArgs:
// loading any node: module starts Deno's Node compatibility layer, about 8 ms of a small run, and
// its messages (three lines for `--speed -1`) are not ours. A value that starts with "-" is taken
// when it is a number (`--speed -1`), so the flag's own rule judges it.

import { didYouMean } from "../src/text/suggest.ts";
import { cut, escapeControls, quoted } from "../src/text/mod.ts";

/** One flag: whether it takes a value, its one-letter form, its default. */
export interface FlagSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
  readonly default?: string | boolean;
}

/** The values of the flags in `S`: booleans, strings, and strings that may be absent. */
export type FlagValues<S extends Record<string, FlagSpec>> = {
  [K in keyof S]: S[K] extends { type: "boolean" } ? boolean
    : S[K] extends { default: string } ? string
    : string | undefined;
};

/** What a command line holds: its flags' values and its positional arguments. */
export interface ParsedFlags<S extends Record<string, FlagSpec>> {
  values: FlagValues<S>;
  positionals: string[];
}

/** A usage error: wrong flags or flag values; one line per problem. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Whether a value that starts with "-" is a number, and so a value rather than a flag. */
const NEGATIVE_NUMBER = /^-(\d|\.\d|Infinity$|NaN$)/;

/**
 * Reads `args` against `spec`.
 *
 * @param positionalHint What a stray positional should have been, for its message; with
 * `allowPositionals` they are collected instead.
 * @throws {UsageError} At the first flag that cannot be read.
 */
export function parseFlags<S extends Record<string, FlagSpec>>(
  args: readonly string[],
  spec: S,
  options: { allowPositionals?: boolean; positionalHint?: string } = {},
): ParsedFlags<S> {
  const values: Record<string, string | boolean | undefined> = {};
  for (const [name, flag] of Object.entries(spec)) {
    values[name] = flag.default ?? (flag.type === "boolean" ? false : undefined);
  }
  const byShort = new Map(
    Object.entries(spec).filter(([, flag]) => flag.short).map((
      [name, flag],
    ) => [flag.short!, name]),
  );
  const positionals: string[] = [];
  const positional = (arg: string) => {
    if (!options.allowPositionals) {
      throw new UsageError(
        `unexpected argument ${quoted(arg)}${
          options.positionalHint ? `; ${options.positionalHint}` : ""
        }`,
      );
    }
    positionals.push(arg);
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      for (const rest of args.slice(i + 1)) positional(rest);
      break;
    }
    let name: string | undefined;
    let inline: string | undefined;
    let shown: string;
    if (arg.startsWith("--")) {
      const equals = arg.indexOf("=");
      name = equals < 0 ? arg.slice(2) : arg.slice(2, equals);
      inline = equals < 0 ? undefined : arg.slice(equals + 1);
      shown = `--${name}`;
      if (!Object.hasOwn(spec, name)) {
        throw new UsageError(
          `unknown option --${escapeControls(cut(name))}${
            didYouMean(name, Object.keys(spec)).replace('"', '"--')
          }`,
        );
      }
    } else if (arg.startsWith("-") && arg.length > 1 && !NEGATIVE_NUMBER.test(arg)) {
      const letters = arg.slice(1);
      name = byShort.get(letters[0]);
      shown = `-${letters[0]}, --${name}`;
      if (name === undefined) {
        throw new UsageError(`unknown option ${escapeControls(cut(arg))}`);
      }
      if (letters.length > 1) {
        if (spec[name].type === "string") inline = letters.slice(1);
        else {
          // Booleans grouped: -qh.
          for (const letter of letters) {
            const grouped = byShort.get(letter);
            if (grouped === undefined || spec[grouped].type !== "boolean") {
              throw new UsageError(`unknown option -${escapeControls(letter)} in ${quoted(arg)}`);
            }
            values[grouped] = true;
          }
          continue;
        }
      }
    } else {
      positional(arg);
      continue;
    }
    if (spec[name].type === "boolean") {
      if (inline !== undefined) throw new UsageError(`${shown} takes no value`);
      values[name] = true;
      continue;
    }
    if (inline !== undefined) {
      values[name] = inline;
      continue;
    }
    const next = args[i + 1];
    if (next === undefined) throw new UsageError(`${shown} needs a value`);
    if (next.startsWith("-") && next !== "-" && !NEGATIVE_NUMBER.test(next)) {
      throw new UsageError(
        `${shown} needs a value; for one that starts with "-", write --${name}=VALUE`,
      );
    }
    values[name] = next;
    i++;
  }
  return { values: values as FlagValues<S>, positionals };
}

/**
 * `--listen HOST:PORT` (or `[IPv6]:PORT`), or the problem with it; `example` is the port shown in
 * the message.
 */
export function parseListen(
  text: string,
  examplePort: number,
): { hostname: string; port: number } | string {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\[\]\s]+)):(\d{1,5})$/.exec(text);
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65535) {
    return `--listen: must be HOST:PORT, such as 127.0.0.1:${examplePort} or [::1]:${examplePort}, ` +
      `port 0-65535: got ${quoted(text)}`;
  }
  return { hostname: match[1] ?? match[2], port };
}
