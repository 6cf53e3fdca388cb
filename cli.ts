/**
 * The command line: reads a config, writes `metrics.csv`, `labels.csv`, `metrics.svg` and
 * `manifest.json`.
 *
 * ```sh
 * deno run -R=configs,output -W=output cli.ts -c configs/config.toml -o output
 * ```
 *
 * @module
 */
import { type CliOptions, parseCliArgs, USAGE, UsageError } from "./cli/args.ts";
import { AtomicFile, writeFileAtomic } from "./cli/files.ts";
import {
  ConfigError,
  createGenerator,
  CsvEncoder,
  type DatasetGenerator,
  encodeManifest,
  type FileRecord,
  M4Aggregator,
  parseConfig,
  plotColumns,
  renderSvg,
  VERSION,
} from "./mod.ts";

/** Where messages go; tests pass their own. */
export interface CliIo {
  /** Writes one line of progress or error text. */
  error(line: string): void;
  /** Writes one line of requested output (help, version). */
  print(line: string): void;
}

const consoleIo: CliIo = {
  error: (line) => console.error(line),
  print: (line) => console.log(line),
};

/**
 * Runs the command line.
 *
 * @param args The arguments, without the program name.
 * @param io Where messages go.
 * @returns The exit status: 0 done, 2 bad flags or config, 1 unexpected failure.
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
  try {
    return await run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      for (const line of error.message.split("\n")) io.error(`error: ${line}`);
      io.error("Run with --help for usage.");
      return 2;
    }
    if (
      error instanceof ConfigError || error instanceof SyntaxError || error instanceof InputError
    ) {
      for (const line of error.message.split("\n")) io.error(`error: ${line}`);
      return 2;
    }
    if (error instanceof Deno.errors.NotCapable) {
      io.error(`error: ${error.message.replace(/, run again with.*$/, "")}`);
      io.error(
        `Run with read access to the config and output (-R=CONFIG,DIR) and write access to the output (-W=DIR).`,
      );
      return 2;
    }
    io.error(`error: unexpected failure: ${error instanceof Error ? error.stack : String(error)}`);
    return 1;
  }
}

/** A file the user named cannot be used. */
class InputError extends Error {}

async function run(args: string[], io: CliIo): Promise<number> {
  const options = parseCliArgs(args);
  if (options.help) {
    io.print(USAGE.trimEnd());
    return 0;
  }
  if (options.version) {
    io.print(`chaos-datagen ${VERSION}`);
    return 0;
  }
  const started = performance.now();
  const configPath = options.config!;
  const config = parseConfig(await readConfig(configPath), {
    fileName: configPath,
    overrides: { seed: options.seed, num_samples: options.samples, decimals: options.decimals },
  });
  const generator = createGenerator(config);
  await prepareOutput(options.output);
  const files = await writeDataset(generator, options.output, options);
  await writeFileAtomic(options.output, "manifest.json", encodeManifest(generator, files));
  if (!options.quiet) {
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const source = options.seed !== undefined
      ? "from --seed"
      : config.general.seed !== undefined
      ? "from the config"
      : "drawn at random; add it to the config to repeat this run";
    io.error(`seed ${generator.seed} (${source})`);
    io.error(
      `wrote ${generator.numSamples} rows x ${generator.names.length} metrics to ${options.output}: ` +
        `${[...files.map((f) => f.name), "manifest.json"].join(", ")} in ${seconds} s`,
    );
  }
  return 0;
}

async function readConfig(path: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (error) {
    throw new InputError(`cannot read config "${path}": ${describeFsError(error, "-R")}`);
  }
}

async function prepareOutput(directory: string): Promise<void> {
  try {
    await Deno.mkdir(directory, { recursive: true });
    const probe = await AtomicFile.create(directory, "probe");
    await probe.abort();
  } catch (error) {
    throw new InputError(
      `cannot write to output directory "${directory}": ${describeFsError(error, "-W")}`,
    );
  }
}

/** Streams the chunks once into every output: both CSV files and the plot's aggregation. */
async function writeDataset(
  generator: DatasetGenerator,
  directory: string,
  options: Pick<CliOptions, "chunkSize" | "plot">,
): Promise<FileRecord[]> {
  const csv = [
    { name: "metrics.csv", encoder: new CsvEncoder(generator.config) },
    { name: "labels.csv", encoder: new CsvEncoder(generator.config, { kind: "labels" }) },
  ];
  const m4 = options.plot
    ? new M4Aggregator(generator.names.length, generator.numSamples, { columns: plotColumns() })
    : undefined;
  const files: AtomicFile[] = [];
  try {
    for (const { name, encoder } of csv) {
      files.push(await AtomicFile.create(directory, name));
      await files[files.length - 1].write(encoder.header());
    }
    for (const chunk of generator.chunks({ chunkSize: options.chunkSize })) {
      for (let i = 0; i < csv.length; i++) {
        await files[i].write(csv[i].encoder.encode(chunk), chunk.to - chunk.from);
      }
      m4?.add(chunk);
    }
    if (m4) {
      files.push(await AtomicFile.create(directory, "metrics.svg"));
      await files[files.length - 1].write(
        new TextEncoder().encode(renderSvg(generator, m4.series())),
      );
    }
    const records: FileRecord[] = [];
    for (const file of files) records.push(await file.commit());
    return records;
  } catch (error) {
    for (const file of files) await file.abort();
    throw error;
  }
}

function describeFsError(error: unknown, flag: string): string {
  if (error instanceof Deno.errors.NotFound) return "no such file or directory";
  if (error instanceof Deno.errors.IsADirectory) return "it is a directory, not a file";
  if (error instanceof Deno.errors.NotCapable) {
    return `Deno has no permission for it; run with ${flag}=<path>`;
  }
  if (error instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (error instanceof Deno.errors.AlreadyExists) return "a file of that name is in the way";
  if (error instanceof Deno.errors.NotADirectory) {
    return "a part of the path is a file, not a directory";
  }
  return error instanceof Error ? error.message : String(error);
}

if (import.meta.main) Deno.exit(await main(Deno.args));
