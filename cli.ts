/**
 * The command line: reads a config, writes `metrics.csv`, `labels.csv`, `metrics.svg` and
 * `manifest.json` (and `metrics.om`, `promtool-tests.yml` with `--format`); `serve` shows the
 * series live on a Prometheus /metrics endpoint.
 *
 * ```sh
 * deno run -R=. -W=output cli.ts -c configs/config.toml -o output
 * ```
 *
 * @module
 */
import { parseCliArgs, USAGE, UsageError } from "./cli/args.ts";
import { FileError, InputError } from "./cli/errors.ts";
import type { CliIo } from "./cli/io.ts";
import { generateRun } from "./cli/run.ts";
import { ConfigError } from "./src/config/mod.ts";
import { RecordedInputError } from "./src/input/error.ts";
import { escapeControls, shownProblems } from "./src/text/mod.ts";
import { VERSION } from "./src/version.ts";

export type { CliIo } from "./cli/io.ts";

const consoleIo: CliIo = {
  error: (line) => console.error(line),
  print: (line) => console.log(line),
  progress: Deno.stderr.isTerminal()
    ? (text) => Deno.stderr.writeSync(new TextEncoder().encode(`\r\x1b[K${text}`))
    : undefined,
};

/**
 * Runs the command line.
 *
 * @param args The arguments, without the program name.
 * @param io Where messages go.
 * @returns The exit status: 0 done, 2 bad flags, config or output folder, 1 a failed read or
 * write; 130, 143 or 129 after SIGINT, SIGTERM or SIGHUP.
 *
 * @example Showing the version
 * ```ts
 * import { main } from "@chaos-datagen/chaos-datagen/cli";
 * import { strictEqual } from "node:assert/strict";
 *
 * const lines: string[] = [];
 * const status = await main(["--version"], { print: (l) => lines.push(l), error: () => {} });
 * strictEqual(status, 0);
 * strictEqual(lines[0].startsWith("chaos-datagen "), true);
 * ```
 */
export async function main(args: string[], io: CliIo = consoleIo): Promise<number> {
  // Whatever a message quotes, no control character reaches the terminal raw.
  const say = (text: string) => {
    for (const line of text.split("\n")) io.error(escapeControls(line));
  };
  const safeIo: CliIo = { ...io, error: say };
  // One line per problem, the first hundred of them, then how many more there were.
  const sayProblems = (message: string) => {
    for (const line of shownProblems(message)) say(`error: ${line}`);
  };
  try {
    return await run(args, safeIo);
  } catch (error) {
    if (error instanceof UsageError) {
      sayProblems(error.message);
      say("Run with --help for usage.");
      return 2;
    }
    if (
      error instanceof ConfigError || error instanceof SyntaxError ||
      error instanceof InputError || error instanceof RecordedInputError
    ) {
      sayProblems(error.message);
      return 2;
    }
    if (error instanceof FileError) {
      say(`error: ${error.message}`);
      return 1;
    }
    if (error instanceof Deno.errors.NotCapable) {
      say(`error: ${error.message.replace(/, run again with.*$/, "")}`);
      say(
        `Run with read access to the config and output (-R=CONFIG,DIR) and write access to the output (-W=DIR).`,
      );
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    say(`error: unexpected failure: ${message.split("\n")[0]} (please report it, with the config)`);
    return 1;
  }
}

async function run(args: string[], io: CliIo): Promise<number> {
  // Each command loads only what it uses.
  if (args[0] === "score") {
    return await (await import("./cli/score.ts")).runScore(args.slice(1), io.print);
  }
  if (args[0] === "serve") {
    return await (await import("./cli/serve.ts")).runServe(args.slice(1), io);
  }
  if (args[0] === "push") {
    return await (await import("./cli/push.ts")).runPush(args.slice(1), io);
  }
  if (args[0] === "play") {
    return await (await import("./cli/play.ts")).runPlay(args.slice(1), io);
  }
  if (args[0] === "suite") {
    return await (await import("./cli/suite.ts")).runSuite(args.slice(1), io);
  }
  const options = parseCliArgs(args);
  if (options.help) {
    io.print(USAGE.trimEnd());
    return 0;
  }
  if (options.version) {
    io.print(`chaos-datagen ${VERSION}`);
    return 0;
  }
  return await generateRun(options, io);
}

if (import.meta.main) Deno.exit(await main(Deno.args));
