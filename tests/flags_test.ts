// The command line's own readers of flags and paths (they replace node:util and node:path, whose
// loading costs a small run about 8 ms): the same answers, one-line messages.
import * as node from "node:path";
import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import { parseFlags, UsageError } from "../cli/flags.ts";
import { basename, dirname, isAbsolute, join, resolve } from "../cli/paths.ts";

const SPEC = {
  config: { type: "string", short: "c" },
  output: { type: "string", short: "o", default: "output" },
  speed: { type: "string" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
} as const;

Deno.test("flags take a value after them, after =, or glued to a short name; booleans alone or grouped", () => {
  const { values } = parseFlags(["-c", "a.toml", "--speed=2", "-qh"], SPEC);
  deepStrictEqual(values, {
    config: "a.toml",
    output: "output",
    speed: "2",
    quiet: true,
    help: true,
  });
  deepStrictEqual(parseFlags(["-ca.toml", "--output", "out"], SPEC).values.config, "a.toml");
  // A negative number is a value, for the flag's own rule to judge.
  strictEqual(parseFlags(["--speed", "-1"], SPEC).values.speed, "-1");
  strictEqual(parseFlags(["--speed", "-.5"], SPEC).values.speed, "-.5");
  deepStrictEqual(
    parseFlags(["x", "--", "-q"], SPEC, { allowPositionals: true }).positionals,
    ["x", "-q"],
  );
});

Deno.test("a flag that cannot be read is refused in one line, naming it", () => {
  const cases: [string[], string][] = [
    [["--sped", "1"], `unknown option --sped; did you mean "--speed"?`],
    [["-x"], "unknown option -x"],
    [["--speed"], "--speed needs a value"],
    [
      ["--speed", "--quiet"],
      `--speed needs a value; for one that starts with "-", write --speed=VALUE`,
    ],
    [["--quiet=yes"], "--quiet takes no value"],
    [["stray"], `unexpected argument "stray"; give the config with -c FILE`],
    [["-qz"], `unknown option -z in "-qz"`],
  ];
  for (const [args, message] of cases) {
    throws(
      () => parseFlags(args, SPEC, { positionalHint: "give the config with -c FILE" }),
      (error: unknown) => error instanceof UsageError && error.message === message,
      args.join(" "),
    );
  }
});

Deno.test("paths are worked out as node:path works them out", () => {
  const cases = [
    "a/b/c.txt",
    "/a/b/",
    "a",
    "/a",
    "/",
    "",
    ".",
    "..",
    "./x/../y",
    "../../z",
    "/a/b/../../..",
    "tests/tmp/../x",
    "a/b/",
  ];
  for (const path of cases) {
    strictEqual(dirname(path), node.dirname(path), `dirname ${path}`);
    strictEqual(basename(path), node.basename(path), `basename ${path}`);
    strictEqual(isAbsolute(path), node.isAbsolute(path), `isAbsolute ${path}`);
    strictEqual(resolve(path), node.resolve(path), `resolve ${path}`);
  }
  for (const [a, b] of [["a", "b"], ["/a/", "b"], ["a", ""], ["", "b"], ["out", "manifest.json"]]) {
    strictEqual(join(a, b), node.join(a, b), `join ${a} ${b}`);
  }
});
