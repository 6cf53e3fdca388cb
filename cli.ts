/**
 * The command line: reads a config, writes `metrics.csv`, `labels.csv`, `metrics.svg` and
 * `manifest.json`.
 *
 * ```sh
 * deno run -R=. -W=output cli.ts -c configs/config.toml -o output
 * ```
 *
 * @module
 */
import { type CliOptions, parseCliArgs, USAGE, UsageError } from "./cli/args.ts";
import { AtomicFile, removePartialFiles, writeFileAtomic } from "./cli/files.ts";
import { Progress } from "./cli/progress.ts";
import { blockSizeFor, encodeBlocks, WORKER_URL, WorkerPool } from "./cli/workers.ts";
// The library's parts one by one, not mod.ts: the plotting library is loaded only to draw.
import { ConfigError } from "./src/config.ts";
import { parseConfig } from "./src/parse.ts";
import { CsvEncoder } from "./src/csv.ts";
import { createGenerator, type DatasetGenerator } from "./src/generate.ts";
import { encodeManifest, type FileRecord } from "./src/manifest.ts";
import { plotColumns } from "./src/svg_layout.ts";
import { VERSION } from "./src/version.ts";

/** Where messages go; tests pass their own. */
export interface CliIo {
  /** Writes one line of progress or error text. */
  error(line: string): void;
  /** Writes one line of requested output (help, version). */
  print(line: string): void;
  /** Shows a progress line in place, or clears it (empty text); only on a terminal. */
  progress?(text: string): void;
}

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
  // Workers start loading now, while the output is prepared.
  const blockSize = options.chunkSize ?? blockSizeFor(generator.names.length);
  const blocks = Math.ceil(generator.numSamples / blockSize);
  // Shortest round-trip text costs about twice the fixed-point kind: count it so.
  const weight = generator.config.general.decimals === "full" ? 2 : 1;
  const work = generator.numSamples * generator.names.length * weight;
  const workers = workerCount(options, work, blocks, io);
  const columns = options.plot ? plotColumns() : 0;
  const pool = workers > 0 ? new WorkerPool(generator.config, workers, columns) : undefined;
  try {
    await prepareOutput(options.output);
  } catch (error) {
    pool?.terminate();
    throw error;
  }
  // Ctrl-C leaves no partial files behind (and never a truncated file under a final name).
  const interrupted = () => {
    removePartialFiles();
    Deno.exit(130);
  };
  Deno.addSignalListener("SIGINT", interrupted);
  try {
    const files = await writeDataset(generator, options.output, { pool, columns, blockSize }, io);
    await writeFileAtomic(options.output, "manifest.json", encodeManifest(generator, files));
    if (!options.quiet) report(io, options, generator, files, started, config.general.seed);
  } finally {
    Deno.removeSignalListener("SIGINT", interrupted);
  }
  return 0;
}

function report(
  io: CliIo,
  options: CliOptions,
  generator: DatasetGenerator,
  files: FileRecord[],
  started: number,
  configSeed: number | undefined,
): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const source = options.seed !== undefined
    ? "from --seed"
    : configSeed !== undefined
    ? "from the config"
    : "drawn at random; add it to the config to repeat this run";
  io.error(`seed ${generator.seed} (${source})`);
  io.error(
    `wrote ${generator.numSamples} rows x ${generator.names.length} metrics to ${options.output}: ` +
      `${[...files.map((f) => f.name), "manifest.json"].join(", ")} in ${seconds} s`,
  );
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
    const probe = AtomicFile.create(directory, "probe");
    await probe.abort();
  } catch (error) {
    throw new InputError(
      `cannot write to output directory "${directory}": ${describeFsError(error, "-W")}`,
    );
  }
}

/** Encodes the samples once for every output: both CSV files and the plot's aggregation. */
async function writeDataset(
  generator: DatasetGenerator,
  directory: string,
  options: { pool?: WorkerPool; columns: number; blockSize: number },
  io: CliIo,
): Promise<FileRecord[]> {
  const config = generator.config;
  const files: AtomicFile[] = [];
  const progress = new Progress(io.progress, generator.numSamples);
  try {
    const metrics = AtomicFile.create(directory, "metrics.csv");
    files.push(metrics);
    const labels = AtomicFile.create(directory, "labels.csv");
    files.push(labels);
    await metrics.write(new CsvEncoder(config).header());
    await labels.write(new CsvEncoder(config, { kind: "labels" }).header());
    const m4 = await encodeBlocks(config, {
      pool: options.pool,
      blockSize: options.blockSize,
      columns: options.columns,
    }, async (block) => {
      await Promise.all([
        metrics.write(block.metrics, block.to - block.from),
        labels.write(block.labels, block.to - block.from),
      ]);
      progress.update(block.to);
    });
    progress.done();
    if (m4) {
      // Loaded only now, once the workers are gone, so its memory does not add to theirs.
      const { renderSvg } = await import("./src/svg.ts");
      const svg = AtomicFile.create(directory, "metrics.svg");
      files.push(svg);
      await svg.write(new TextEncoder().encode(renderSvg(generator, m4.series())));
    }
    const records: FileRecord[] = [];
    for (const file of files) records.push(await file.commit());
    return records;
  } catch (error) {
    progress.done();
    options.pool?.terminate();
    for (const file of files) await file.abort();
    throw error;
  }
}

/**
 * Work (samples x metrics, fixed-point values) below which workers cost more to start and warm
 * up than they save. Measured on 2 cores (medians of 8 interleaved runs): 2 x 10^6 values took
 * 197 ms on one thread and 226 ms on two workers, 5 x 10^6 values 339 and 314 ms; with decimals
 * = "full", 295 against 301 ms and 631 against 478 ms.
 */
const WORKER_THRESHOLD = 4_000_000;

/**
 * The workers to start: as asked, or one per core for runs large enough to pay for them, never
 * more than there are blocks. Workers load cli/worker.ts, which needs read access to it.
 */
function workerCount(options: CliOptions, work: number, blocks: number, io: CliIo): number {
  const cores = Math.min(8, navigator.hardwareConcurrency ?? 1);
  const wanted = options.workers ?? (work < WORKER_THRESHOLD || cores < 2 ? 0 : cores);
  if (wanted === 0) return 0;
  const readable = WORKER_URL.protocol !== "file:" ||
    Deno.permissions.querySync({ name: "read", path: WORKER_URL }).state === "granted";
  if (!readable) {
    const program = decodeURIComponent(new URL(".", import.meta.url).pathname);
    const hint = `allow reading the program (-R=${program})`;
    if (options.workers !== undefined) throw new InputError(`--workers: to start workers, ${hint}`);
    if (!options.quiet) {
      io.error(`note: generating on one thread; to use all ${cores} cores, ${hint}`);
    }
    return 0;
  }
  return Math.min(wanted, blocks);
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
