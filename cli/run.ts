// One plain run: a config into its output folder, every format's files encoded in one pass over
// the samples (on workers when it pays), closed, hashed and committed with the manifest as a
// whole. `cli.ts` runs it for the command line, a suite once per case (on its case workers).

import { dirname, isAbsolute, join } from "./paths.ts";
import type { CliOptions } from "./args.ts";
import { commitFiles, MANIFEST_NAME } from "./commit.ts";
import { describeFsError, InputError, quotePath } from "./errors.ts";
import { AtomicFile, removeLeftovers } from "./files.ts";
import { SectionedFile } from "./output.ts";
import type { CliIo } from "./io.ts";
import {
  checkChunkSize,
  checkFreeSpace,
  checkOutputPermission,
  estimateOutputBytes,
  estimateRows,
  outputBytesBound,
  readConfigFile,
  SMALL_OUTPUT_BYTES,
} from "./limits.ts";
import { FolderLock } from "./lock.ts";
import { Progress } from "./progress.ts";
import { SignalGuard } from "./signals.ts";
import { threadsFor } from "./threads.ts";
import {
  blockSizeFor,
  encodeBlocks,
  type OutputPlan,
  WORKER_URL,
  WorkerPool,
  type WorkOptions,
} from "./workers.ts";
// The library's parts one by one, not mod.ts: the plotting library is loaded only to draw.
import { ConfigError, resolveConfig } from "../src/config/mod.ts";
import { timeEvalTraining } from "../src/formats/_timeeval_names.ts";
import { BlockSource } from "../src/input/block_source.ts";
import { readToml } from "../src/config/toml.ts";
import { type FileEncoder, formatEncoders, FORMATS, loadFormats } from "../src/formats/mod.ts";
import { parquetRowGroupSize } from "../src/formats/parquet/row_group.ts";
import { createGenerator, type DatasetGenerator } from "../src/model/mod.ts";
import { encodeManifest, type FileRecord } from "../src/truth/manifest.ts";
import { faultDifficulty } from "../src/truth/difficulty.ts";
import { MAX_PANELS, plotColumns } from "../src/picture/layout.ts";

/** What holds a stop back while a run commits: the run's own signal guard, or a suite's. */
export interface CommitGuard {
  /** Runs `body` (the commit) with a stop held back until it ends. */
  hold<T>(body: () => Promise<T>): Promise<T>;
}

/** A config given by a suite to a run: its case's config, where its problems go, the guard. */
export interface GivenConfig {
  /** The case's config, as parsed from TOML. */
  raw: unknown;
  /** What its problems are reported under: `SUITE.toml: case 3`. */
  fileName: string;
  /** The guard of the suite (or of its case worker), used by the run's commit. */
  guard: CommitGuard;
}

/**
 * One run: the config of `options` (or `given`, a suite's case) into its output folder, committed
 * as a whole. A suite calls it once per case.
 */
export async function generateRun(
  options: CliOptions,
  io: CliIo,
  given?: GivenConfig,
): Promise<number> {
  const started = performance.now();
  const configPath = options.config!;
  const directory = options.output;
  // The TOML is read once: its general.input names the recorded input, read first, which fixes
  // the length, the times and the recorded metrics.
  const raw = given ? given.raw : readToml(readConfigFile(configPath), configPath);
  const fileName = given?.fileName ?? configPath;
  // The recorded input's reader is loaded only for a run that has one.
  const inputPath = recordedInputPath(configPath, raw, options.input);
  const inputs = inputPath !== undefined ? await import("./input.ts") : undefined;
  const input = inputPath !== undefined ? await inputs!.RecordedInput.open(inputPath) : undefined;
  // Resolved once: the generators made of it (here and in each block encoder) do not check it again.
  const resolving = {
    fileName,
    overrides: {
      seed: options.seed,
      num_samples: options.samples,
      decimals: options.decimals,
      input: options.input,
    },
    recorded: input?.info,
    noFaults: options.noFaults,
  };
  const config = resolveConfig(raw, resolving);
  // The recorded metrics as the config names them (series = "..." may rename them).
  const recordedNames = Object.keys(config.metrics).filter((name) => config.metrics[name].recorded);
  const source = input ? new BlockSource(recordedNames) : undefined;
  // The effect truth is computed only for effects.csv (and its size estimate).
  const generator = createGenerator(config, { effects: options.effects, recorded: source });
  const range = shardRange(options, generator.numSamples);
  if (options.formats.includes("rcaeval") && generator.anomalies.length === 0) {
    throw new InputError("--format rcaeval writes a case per fault, and the config has none");
  }
  const plan: OutputPlan = {
    formats: options.formats,
    effects: options.effects,
    range,
    byteStreamSplit: options.byteStreamSplit,
    collection: options.collection,
    missing: options.missing,
    // TimeEval's training series: the config as read, resolved again with other seeds.
    train: options.formats.includes("timeeval") && options.train
      ? timeEvalTraining(raw, resolving, config)
      : undefined,
  };
  const rows = range.to - range.from;
  const metrics = generator.names.length;
  if (options.chunkSize !== undefined) checkChunkSize(options.chunkSize, metrics);
  // A Parquet row group is a block, made whole in one place: blocks then have its size.
  const blockSize = options.formats.includes("parquet")
    ? parquetRowGroupSize(metrics)
    : options.chunkSize ?? blockSizeFor(metrics);
  const blocks = Math.ceil(rows / blockSize);
  // Shortest round-trip text costs about twice the fixed-point kind: count it so.
  const weight = generator.config.general.decimals === "full" ? 2 : 1;
  const work = rows * metrics * weight;
  // Files encoded in order stay on the main thread: workers help only with the others.
  const parallel = plan.formats.some((format) => !FORMATS[format].sequential);
  const workers = parallel ? workerCount(options, work, blocks, io) : 0;
  // A shard draws no picture: the picture is of a whole run.
  const columns = options.plot && !options.shard ? plotColumns() : 0;
  // Workers start loading now, while the formats are loaded and the output is prepared.
  const pool = workers > 0
    ? new WorkerPool(generator.config, workers, columns, plan, input && recordedNames)
    : undefined;
  let encoders: () => FileEncoder[];
  let encoded: FileEncoder[];
  try {
    await loadFormats(plan.formats);
    encoders = () => withFileName(() => formatEncoders(generator, plan.formats, plan), fileName);
    encoded = encoders();
    checkOutputPermission(directory);
  } catch (error) {
    pool?.terminate();
    throw error;
  }
  if (columns > 0 && metrics > MAX_PANELS && !options.quiet) {
    io.error(`note: metrics.svg draws the first ${MAX_PANELS} of the ${metrics} metrics`);
  }
  if (options.formats.includes("rcaeval") && !options.quiet) {
    const { rcaevalCases } = await import("../src/formats/rcaeval.ts");
    const bare = rcaevalCases(generator).filter((c) => !c.written).map((c) => c.fault);
    if (bare.length > 0) {
      io.error(
        `note: rcaeval: no case for ${bare.length} of ${generator.anomalies.length} faults, ` +
          `which have no normal rows before them (at sample 0, or right after another fault or ` +
          `effect): ${bare.slice(0, 5).join(", ")}${bare.length > 5 ? ", ..." : ""}`,
      );
    }
  }
  // A suite's guard covers its cases: one guard, so a signal waits for a case's commit too.
  const own = given ? undefined : new SignalGuard(
    io.error,
    (signal, committed) =>
      committed
        ? `stopped by ${signal} after the new files were committed to ${quotePath(directory)}`
        : `stopped by ${signal}; ${quotePath(directory)} keeps the files it had`,
  );
  own?.install();
  const guard: CommitGuard = given?.guard ?? own!;
  let lock: FolderLock | undefined;
  let files: AtomicFile[] = [];
  try {
    if (input && source) await inputs!.showFirstRows(input, source, estimateRows(generator));
    // Only an output that could be large is estimated and checked against the free space: the
    // estimate makes the first rows, and the check loads node:fs (15 ms of a small run).
    if (outputBytesBound(rows, metrics, encoded) > SMALL_OUTPUT_BYTES) {
      await checkFreeSpace(directory, estimateOutputBytes(generator, encoders(), rows), io.error);
    }
    lock = prepareOutput(directory);
    const recorded = input && source
      ? { names: recordedNames, reader: input.blocks(), source, pins: inputs!.pinsOf(generator) }
      : undefined;
    try {
      files = await writeDataset(
        generator,
        encoded,
        directory,
        { pool, columns, blockSize, plan, recorded, range },
        io,
      );
    } finally {
      recorded?.reader.close();
    }
    // Closed and hashed together; the records keep the files' order.
    const records: FileRecord[] = await settleAll(files.map((file) => file.close()));
    const manifest = AtomicFile.create(directory, MANIFEST_NAME);
    files.push(manifest);
    const shard = options.shard && {
      index: options.shard.index,
      count: options.shard.count,
      first_sample: range.from,
      last_sample: range.to - 1,
    };
    // A recorded baseline is read once, as it streams by: no second look for the difficulty.
    const difficulty = input ? undefined : faultDifficulty(generator.config, generator.anomalies);
    const details = { input: input?.record, noFaults: options.noFaults, shard, difficulty };
    await manifest.write(new TextEncoder().encode(encodeManifest(generator, records, details)));
    await manifest.close();
    await guard.hold(() => commitFiles(directory, files.slice(0, -1), manifest, io.commitHook));
    if (!options.quiet) {
      const configSeed = (raw as { general?: { seed?: unknown } }).general?.seed;
      report(io, options, generator, rows, records, started, configSeed !== undefined);
    }
  } catch (error) {
    // Whatever was not renamed into place goes; the folder keeps a whole set or no manifest.
    for (const file of files) await file.abort();
    throw error;
  } finally {
    pool?.terminate();
    lock?.releaseSync();
    own?.remove();
  }
  return 0;
}

function report(
  io: CliIo,
  options: CliOptions,
  generator: DatasetGenerator,
  rows: number,
  files: FileRecord[],
  started: number,
  seedInConfig: boolean,
): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const source = options.seed !== undefined
    ? "from --seed"
    : seedInConfig
    ? "from the config"
    : "drawn at random; add it to the config to repeat this run";
  io.error(`seed ${generator.seed} (${source})`);
  io.error(
    `wrote ${rows} rows x ${generator.names.length} metrics to ${options.output}: ` +
      `${[...shownNames(files), "manifest.json"].join(", ")} in ${seconds} s`,
  );
}

/** The files' names as reported: a format's tree once, as `rcaeval/ (N files)`. */
function shownNames(files: FileRecord[]): string[] {
  const trees = new Map<string, number>();
  const names: string[] = [];
  for (const { name } of files) {
    const slash = name.indexOf("/");
    if (slash < 0) names.push(name);
    else {
      const folder = name.slice(0, slash + 1);
      if (!trees.has(folder)) names.push(folder);
      trees.set(folder, (trees.get(folder) ?? 0) + 1);
    }
  }
  return names.map((name) => trees.has(name) ? `${name} (${trees.get(name)} files)` : name);
}

/**
 * The recorded input of a run: `--input` (relative to the working folder), else the config's
 * `general.input` (relative to the config file), else none.
 */
function recordedInputPath(
  configPath: string,
  config: unknown,
  flag: string | undefined,
): string | undefined {
  if (flag !== undefined) return flag;
  const given = (config as { general?: { input?: unknown } } | undefined)?.general?.input;
  // A bad value is reported by the config's checks, with the others.
  if (typeof given !== "string" || given.trim() === "") return undefined;
  return isAbsolute(given) ? given : join(dirname(configPath), given);
}

/**
 * Creates the output folder, takes its lock and removes temporary files that killed runs left.
 */
function prepareOutput(directory: string): FolderLock {
  let lock: FolderLock;
  try {
    Deno.mkdirSync(directory, { recursive: true });
    lock = FolderLock.acquire(directory);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      `cannot write to output directory ${quotePath(directory)}: ${describeFsError(error, "-W")}`,
    );
  }
  removeLeftovers(directory);
  return lock;
}

/**
 * Encodes the samples once for every output: every format's files and the plot's aggregation.
 * Returns the files under their temporary names, complete but not closed; on failure, removes
 * them.
 */
async function writeDataset(
  generator: DatasetGenerator,
  encoders: readonly FileEncoder[],
  directory: string,
  options: WorkOptions,
  io: CliIo,
): Promise<AtomicFile[]> {
  const config = generator.config;
  const files: AtomicFile[] = [];
  const sectioned: SectionedFile[] = [];
  const range = options.range ?? { from: 0, to: generator.numSamples };
  const progress = new Progress(io.progress, range.to - range.from);
  try {
    // Every file is created (synchronously, in order) before its opening is written, and the
    // openings are written together: a suite's small cases would otherwise wait on each in turn.
    const created = await Promise.allSettled(
      encoders.map((encoder) => SectionedFile.create(directory, encoder)),
    );
    for (const result of created) {
      if (result.status !== "fulfilled") continue;
      sectioned.push(result.value);
      files.push(result.value.file);
    }
    const failed = created.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
    const m4 = await encodeBlocks(config, encoders, options, async (block) => {
      await Promise.all(block.files.map((bytes, f) => sectioned[f].write(bytes)));
      progress.update(block.to - range.from);
    });
    // Each file's sections and tail are its own: the files are completed together.
    await settleAll(sectioned.map((file) => file.complete()));
    progress.done();
    if (m4) {
      // Loaded only now, once the workers are gone, so its memory does not add to theirs.
      const { renderSvg } = await import("../src/picture/mod.ts");
      const svg = AtomicFile.create(directory, "metrics.svg");
      files.push(svg);
      await svg.write(new TextEncoder().encode(renderSvg(generator, m4.series())));
    }
    return files;
  } catch (error) {
    progress.done();
    options.pool?.terminate();
    for (const file of sectioned) await file.abort();
    for (const file of files) await file.abort();
    throw error;
  }
}

/**
 * The values of `promises`, in order, once every one has settled: on a failure, none is left
 * running when the caller cleans up; the first failure is thrown.
 */
async function settleAll<T>(promises: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}

/** Runs `make`, naming the config file in the problems it finds. */
function withFileName<T>(make: () => T, fileName: string): T {
  try {
    return make();
  } catch (error) {
    if (error instanceof ConfigError && error.fileName === undefined) {
      throw new ConfigError(error.issues, fileName);
    }
    throw error;
  }
}

/**
 * Work (samples x metrics, fixed-point values) below which workers cost more to start and warm
 * up than they save. Measured on 2 cores, whole runs (hyperfine, 8-10 runs each, 2026-12-03):
 * 5 x 10^6 values of case (a) took 585 ms on one thread and 589 ms on two workers (828 ms of CPU
 * against 566), configs/anomaly_zoo.toml grown to 5 x 10^6 values 820 against 931 ms (each
 * worker warms up every shape and kind it meets); at 10^7 values two workers win, 1.03 s against
 * 0.88 s for case (a)'s metrics, and 2.58 against 2.18 s for the zoo at 2 x 10^7. Decimals =
 * "full" counts twice (295 against 301 ms at 2 x 10^6, 631 against 478 ms at 5 x 10^6).
 */
const WORKER_THRESHOLD = 8_000_000;

/**
 * The workers to start: as asked, or one per core for runs large enough to pay for them, never
 * more than there are blocks. Workers load cli/worker.ts, which needs read access to it.
 */
function workerCount(options: CliOptions, work: number, blocks: number, io: CliIo): number {
  const wanted = threadsFor(
    WORKER_URL,
    options,
    work >= WORKER_THRESHOLD,
    io,
    "generating on one thread",
  );
  return Math.min(wanted, blocks);
}

/**
 * The samples a run writes: all, or with `--shard K/N` samples [floor(K n / N),
 * floor((K + 1) n / N)), which cover the run exactly, shard after shard.
 */
function shardRange(options: CliOptions, n: number): { from: number; to: number } {
  if (!options.shard) return { from: 0, to: n };
  const { index, count } = options.shard;
  if (count > n) {
    throw new InputError(`--shard: ${count} shards of ${n} samples: at most ${n} shards`);
  }
  const order = options.formats.filter((format) =>
    format !== "csv" && format !== "openmetrics" && format !== "parquet"
  );
  // (promtool and timeeval describe whole series: their runs and statistics span the run.)
  if (order.length > 0) {
    throw new InputError(
      `--shard: ${order.join(", ")} holds whole series; shards write csv, openmetrics and parquet`,
    );
  }
  // In BigInt: K n may pass 2^53.
  const at = (k: number) => Number((BigInt(k) * BigInt(n)) / BigInt(count));
  return { from: at(index), to: at(index + 1) };
}
