// `cli.ts suite`: every case of a suite into DIR/<case>/, each by the code of a plain run (a whole
// committed folder, as `cli.ts -c CASE.toml -o DIR/<case>` writes it), then the suite's index:
// DIR/suite.json (the cases, what each varied, its config's SHA-256) and, with timeeval, one
// DIR/datasets.csv over all cases, and with rcaeval one DIR/rcaeval/ tree over all cases (each
// folder's cases numbered across the cases, as RCAEval's loaders read one dataset folder). A case
// already committed from the same config is kept, so a suite cut short goes on where it stopped;
// `--case K` writes one case (a job array's task) and `--index` only the index, from the cases
// there.

import { join } from "./paths.ts";
import { type CliOptions, parseCliArgs, UsageError } from "./args.ts";
import type { CliIo } from "./io.ts";
import { describeFsError, FileError, InputError, quotePath } from "./errors.ts";
import { AtomicFile, removeEntry, removeLeftovers, type StagedTree } from "./files.ts";
import { FolderLock } from "./lock.ts";
import { Sha256 } from "./sha256.ts";
import { MANIFEST_NAME, putInPlace } from "./commit.ts";
import { MAX_MANIFEST_BYTES, openGivenFile, PIECE_BYTES, readGivenFile } from "./read.ts";
import { readConfigFile } from "./limits.ts";
import { SignalGuard } from "./signals.ts";
import { generateRun } from "./run.ts";
import { CASE_WORKER_URL, CaseWorkers } from "./cases.ts";
import { threadsFor } from "./threads.ts";
import { readToml } from "../src/config/toml.ts";
import { ConfigError, resolveConfig } from "../src/config/mod.ts";
import { isTable } from "../src/config/checker.ts";
import { SUITE_INDEX, type SuiteCase, suiteCases } from "../src/config/suite.ts";
import { FORMAT_NAMES, type FormatName, FORMATS } from "../src/formats/mod.ts";
import type { FormatSource } from "../src/formats/types.ts";
import { RCAEVAL_FOLDER } from "../src/formats/_rcaeval_names.ts";
import { quoted } from "../src/text/mod.ts";
import { VERSION } from "../src/version.ts";

/** TimeEval's index over all cases. */
const DATASETS = "datasets.csv";
/** The largest case index file read back. */
const MAX_INDEX_BYTES = 1 << 28;
/** The largest rcaeval file copied (a case's data.csv). */
const MAX_RCAEVAL_BYTES = 2 ** 40;

const SUITE_USAGE =
  `Usage: deno run -R -W=DIR cli.ts suite -c SUITE.toml -o DIR [--case K | --index] [flags]

Writes each case of the config's [suite] into DIR/<case>/ (case-0000, case-0001, ...), each
the folder a plain run of that case writes, then DIR/suite.json (the cases, what each varied,
the SHA-256 of its config) and, with --format timeeval, DIR/datasets.csv over all cases (the
collection of each case is its name); with --format rcaeval, DIR/rcaeval/<service>_<fault_type>/
<n>/ over all cases, each folder's cases numbered 1, 2, ... in case order (copies of the cases'
own files; suite.json says which case and fault each came from). A config without [suite] is one
case.

A case whose folder holds a manifest of the same config, formats and flags is kept, so a suite
cut short goes on where it stopped ("kept N, wrote M").

Options (and the flags of a plain run: --format, --seed, --samples, --decimals, --effects,
--no-faults, --missing, --no-plot, --chunk-size, -q):
      --workers N   cases written at once, each on its own thread (default: one per core
                    when two or more cases are to be written; 0: one at a time)
      --case K      write only case K (from 0): one task of a job array
                    (--case $SLURM_ARRAY_TASK_ID); no index
      --index       write only suite.json (datasets.csv, rcaeval/) from the cases already there;
                    refused while one is missing

Every case needs a seed (general.seed, varied or not, or --seed): a suite resumed or split into
tasks makes the same cases.
`;

/** Flags of a plain run that a suite sets itself or cannot take. */
const NOT_IN_SUITE: Record<string, string> = {
  "--collection": "each case's collection is its name (case-0000, ...)",
  "--shard": "a case is written whole",
  "--input": "cases from a recorded input are not in this version",
};

/**
 * Runs `cli.ts suite ARGS`.
 *
 * @param args The arguments after `suite`.
 * @param io Where messages go.
 * @returns The exit status, as a plain run's.
 */
export async function runSuite(args: string[], io: CliIo): Promise<number> {
  const { rest, caseText, index } = suiteFlags(args);
  const options = parseCliArgs(rest);
  if (options.help) {
    io.print(SUITE_USAGE.trimEnd());
    return 0;
  }
  const started = performance.now();
  const path = options.config!;
  const directory = options.output;
  const cases = suiteCases(readToml(readConfigFile(path), path), { fileName: path });
  let only: number | undefined;
  if (caseText !== undefined) {
    only = /^\d+$/.test(caseText.trim()) ? Number(caseText) : NaN;
    if (!Number.isSafeInteger(only) || only >= cases.length) {
      throw new UsageError(
        `--case: the suite has ${cases.length} case${cases.length === 1 ? "" : "s"}, numbered ` +
          `0 to ${cases.length - 1}: got ${quoted(caseText)}`,
      );
    }
  }
  // A task resolves its own case only; a whole suite or its index, every case, up front.
  const { hashes, sizes } = await resolveCases(
    only !== undefined ? [cases[cases[only].sameAs]] : cases,
    options,
    path,
  );
  const committed = (c: SuiteCase) =>
    isCommitted(join(directory, c.name), hashes.get(c.sameAs)!, options);
  if (index) {
    const missing: SuiteCase[] = [];
    for (const c of cases) if (!await committed(c)) missing.push(c);
    if (missing.length > 0) {
      const first = missing[0];
      throw new InputError(
        `--index: ${missing.length} of ${cases.length} cases are not committed from this config ` +
          `(first: ${quotePath(join(directory, first.name))}); write them with --case ` +
          `${first.index}, or without --index`,
      );
    }
  }
  let kept = 0;
  let wrote = 0;
  const todo = index ? [] : only !== undefined ? [cases[only]] : cases;
  const pending: SuiteCase[] = [];
  for (const c of todo) {
    if (await committed(c)) kept++;
    else pending.push(c);
  }
  const work = pending.reduce((sum, c) => sum + sizes.get(c.sameAs)! + CASE_WORK, 0);
  const count = caseWorkerCount(options, pending.length, work, io);
  const pool = count > 0 ? new CaseWorkers(count, io.error) : undefined;
  let current: string | undefined;
  let draining: Promise<void> | undefined;
  const guard = new SignalGuard(
    io.error,
    (signal, committed) => {
      const where = current === undefined
        ? ""
        : committed
        ? ` after ${current} was committed`
        : ` during ${current}`;
      return `stopped by ${signal}${where}; the cases committed are kept in ${
        quotePath(directory)
      }`;
    },
    // Case workers finish a commit under way, then clean up, before the suite ends.
    () => pool && (draining ??= pool.stop()),
  );
  let lock: FolderLock | undefined;
  try {
    // One writer of the suite's own files: a whole suite and --index take DIR's lock. A task of
    // a job array writes its case only, under that case's lock, beside the other tasks.
    lock = prepareFolder(directory, only === undefined);
    guard.install();
    const caseOptions = (c: SuiteCase): CliOptions => ({
      ...options,
      output: join(directory, c.name),
      collection: c.name,
      quiet: true,
      // On case workers, a case is generated on its worker's thread alone.
      workers: pool ? 0 : options.workers,
    });
    const fileName = (c: SuiteCase) => `${path}: case ${c.index}`;
    if (pool) {
      const status = await runOnWorkers(pool, pending, (c) => {
        return pool.run(caseOptions(c), c.config, fileName(c));
      }, (done) => {
        if (!options.quiet) io.progress?.(`${done} of ${pending.length} cases written`);
      });
      if (status !== 0) return status;
      wrote = pending.length;
    }
    for (const c of pool ? [] : pending) {
      current = c.name;
      // On a terminal only: which case is being written (a case's own progress shares the line).
      if (!options.quiet) io.progress?.(`case ${c.index + 1} of ${cases.length} (${c.name})`);
      const given = { raw: c.config, fileName: fileName(c), guard };
      const status = await generateRun(caseOptions(c), io, given);
      if (status !== 0) return status;
      current = undefined;
      wrote++;
    }
    if (only === undefined) await writeIndex(directory, cases, hashes, options, guard);
  } finally {
    if (!options.quiet) io.progress?.("");
    pool?.terminate();
    lock?.releaseSync();
    guard.remove();
  }
  if (!options.quiet) {
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const indexNames = only !== undefined
      ? ""
      : `; index ${SUITE_INDEX}${options.formats.includes("timeeval") ? `, ${DATASETS}` : ""}${
        options.formats.includes("rcaeval") ? `, ${RCAEVAL_FOLDER}/` : ""
      }`;
    io.error(
      `suite of ${cases.length} case${cases.length === 1 ? "" : "s"} in ${
        quotePath(directory)
      }: kept ${kept}, wrote ${wrote}${indexNames} in ${seconds} s`,
    );
  }
  return 0;
}

/**
 * Runs `pending` on the case workers, as many at once as there are workers; after a failure no
 * other case starts, those under way end, and the first failure is thrown (or its status given).
 */
async function runOnWorkers(
  pool: CaseWorkers,
  pending: readonly SuiteCase[],
  run: (c: SuiteCase) => Promise<number>,
  progress: (done: number) => void,
): Promise<number> {
  const running = new Set<Promise<void>>();
  let failure: { error?: unknown; status?: number } | undefined;
  let done = 0;
  for (const c of pending) {
    while (running.size >= pool.size) await Promise.race(running);
    if (failure) break;
    const task: Promise<void> = run(c).then(
      (status) => {
        if (status !== 0) failure ??= { status };
        else progress(++done);
      },
      (error) => void (failure ??= { error }),
    ).finally(() => running.delete(task));
    running.add(task);
  }
  await Promise.all(running);
  if (failure?.error !== undefined) throw failure.error;
  return failure?.status ?? 0;
}

/**
 * What a case costs beyond its values, in values (samples x metrics): its folder, lock, files
 * created, hashed and renamed, about 25 ms a case of configs/suite_200.toml with
 * `--format csv,timeeval` (13 files), at about 8 x 10^6 values a second.
 */
const CASE_WORK = 200_000;
/**
 * Work (values plus CASE_WORK per case) below which case workers cost more to start than they
 * save: each loads the program, 0.1-0.2 s (a bundle's 2 MB, 0.5 s). Measured on 2 cores: the 4
 * small cases of configs/suite_example.toml took 0.06 s one at a time and 0.23 s on two workers;
 * the 200 of configs/suite_200.toml (4.4 x 10^7 by this count) 7.3 s and 5.7 s.
 */
const CASE_WORKER_THRESHOLD = 8_000_000;

/**
 * Case workers to start: `--workers N` (0: none, the cases one after another, each a plain run's
 * workers), else one per core when two or more cases are to be written and their work passes
 * CASE_WORKER_THRESHOLD; never more than cases. They load cli/case_worker.ts, which needs read
 * access to it.
 */
function caseWorkerCount(options: CliOptions, cases: number, work: number, io: CliIo): number {
  if (cases === 0) return 0;
  const worth = cases >= 2 && work >= CASE_WORKER_THRESHOLD;
  return Math.min(
    threadsFor(CASE_WORKER_URL, options, worth, io, "writing one case at a time"),
    cases,
  );
}

/** The suite's own flags taken out of `args`; refuses a plain run's flags a suite cannot take. */
function suiteFlags(args: string[]): { rest: string[]; caseText?: string; index: boolean } {
  const rest: string[] = [];
  let caseText: string | undefined;
  let index = false;
  const problems: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      rest.push(...args.slice(i));
      break;
    }
    const name = arg.split("=")[0];
    if (arg === "--case") {
      if (i + 1 >= args.length) problems.push("--case: needs a value, the case's number K");
      else caseText = args[++i];
    } else if (arg.startsWith("--case=")) caseText = arg.slice("--case=".length);
    else if (arg === "--index") index = true;
    else if (name in NOT_IN_SUITE) problems.push(`${name}: not with suite: ${NOT_IN_SUITE[name]}`);
    else rest.push(arg);
  }
  if (caseText !== undefined && index) {
    problems.push("--case and --index: one or the other (--index once every case is written)");
  }
  if (problems.length > 0) throw new UsageError(problems.join("\n"));
  return { rest, caseText, index };
}

/**
 * Every case's config resolved as its run resolves it, each problem named with its case; cases
 * the same as an earlier one (`sameAs`) are resolved once. Returns the SHA-256 of each config
 * as its manifest holds it (JSON), by case, and its samples x metrics: only these are kept, not
 * 10^5 configs.
 */
async function resolveCases(
  cases: readonly SuiteCase[],
  options: CliOptions,
  path: string,
): Promise<{ hashes: Map<number, string>; sizes: Map<number, number> }> {
  const hashes = new Map<number, string>();
  const sizes = new Map<number, number>();
  const problems: string[] = [];
  let seedless = 0;
  for (const c of cases) {
    if (c.sameAs !== c.index) continue;
    const fileName = `${path}: case ${c.index}`;
    const general = isTable(c.config.general) ? c.config.general : {};
    if (general.input !== undefined) {
      problems.push(
        `${fileName}: general.input: cases from a recorded input are not in this version`,
      );
      continue;
    }
    if (general.seed === undefined && options.seed === undefined) {
      // Said once, of the first case without one: the others lack it for the same reason.
      if (seedless++ > 0) continue;
      problems.push(
        `${fileName}: general.seed: missing; every case of a suite needs a seed (set ` +
          `general.seed, vary it, or give --seed), so that a resumed or split suite makes ` +
          `the same cases`,
      );
      continue;
    }
    try {
      const config = resolveConfig(c.config, {
        fileName,
        overrides: { seed: options.seed, num_samples: options.samples, decimals: options.decimals },
        noFaults: options.noFaults,
      });
      hashes.set(c.index, await sha256(JSON.stringify(config)));
      sizes.set(c.index, config.general.num_samples * Object.keys(config.metrics).length);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new InputError(problems.join("\n"));
  return { hashes, sizes };
}

/** The SHA-256 of a text's UTF-8 bytes, in hex, as the files' are. */
async function sha256(text: string): Promise<string> {
  const hash = new Sha256();
  await hash.update(new TextEncoder().encode(text));
  return await hash.hex();
}

/**
 * Whether `folder` holds a committed run of the config of SHA-256 `hash` with the files `options`
 * ask for: a manifest of this version with the same resolved config, the same formats,
 * effects.csv, metrics.svg and --no-faults. (Flags that change bytes but not names, --missing and
 * --byte-stream-split, are not recorded in the manifest: change them in a new folder.)
 */
async function isCommitted(folder: string, hash: string, options: CliOptions): Promise<boolean> {
  let manifest: { version?: unknown; config?: unknown; no_faults?: unknown; files?: unknown };
  try {
    const bytes = readGivenFile(join(folder, MANIFEST_NAME), "manifest", MAX_MANIFEST_BYTES);
    manifest = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return false;
  }
  if (manifest.version !== VERSION || manifest.no_faults !== (options.noFaults || undefined)) {
    return false;
  }
  if (await sha256(JSON.stringify(manifest.config)) !== hash) return false;
  if (!Array.isArray(manifest.files)) return false;
  const names = manifest.files.map((file: { name?: unknown }) => String(file?.name));
  const formats = FORMAT_NAMES.filter((format) => names.some((name) => isOf(format, name)));
  return formats.length === options.formats.length &&
    formats.every((format) => options.formats.includes(format)) &&
    names.includes("effects.csv") === options.effects &&
    names.includes("metrics.svg") === options.plot;
}

/** Whether a file of the manifest is one of `format`'s (csv: metrics.csv, whatever else). */
function isOf(format: FormatName, name: string): boolean {
  const { names, folder, pattern } = FORMATS[format];
  if (format === "csv") return name === "metrics.csv";
  if (folder !== undefined) return name.startsWith(`${folder}/`);
  return names.includes(name) || (pattern?.test(name) ?? false);
}

/** Creates the suite's folder; takes its lock (and clears what killed suites left) when asked. */
function prepareFolder(directory: string, locked: boolean): FolderLock | undefined {
  try {
    Deno.mkdirSync(directory, { recursive: true });
    if (!locked) return undefined;
    const lock = FolderLock.acquire(directory);
    removeLeftovers(directory);
    return lock;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      `cannot write to output directory ${quotePath(directory)}: ${describeFsError(error, "-W")}`,
    );
  }
}

/**
 * Writes DIR/suite.json and, with timeeval, DIR/datasets.csv and, with rcaeval, DIR/rcaeval/, as
 * a run writes its files: under temporary names (rcaeval/ as one staged tree), then renamed into
 * place with signals held, suite.json last (an old one is removed first), so a folder with
 * suite.json holds the index that goes with it.
 */
async function writeIndex(
  directory: string,
  cases: readonly SuiteCase[],
  hashes: Map<number, string>,
  options: CliOptions,
  guard: SignalGuard,
): Promise<void> {
  const files: AtomicFile[] = [];
  try {
    const rcaeval = options.formats.includes("rcaeval")
      ? await rcaevalIndex(directory, cases, files)
      : undefined;
    const record = {
      tool: "chaos-datagen",
      version: VERSION,
      cases: cases.map((c) => ({
        name: c.name,
        varied: c.varied,
        config_sha256: hashes.get(c.sameAs),
      })),
      ...(rcaeval === undefined ? {} : { rcaeval }),
    };
    const contents: [string, string][] = [];
    if (options.formats.includes("timeeval")) {
      contents.push([DATASETS, datasetsIndex(directory, cases)]);
    }
    contents.push([SUITE_INDEX, JSON.stringify(record, tomlValue, 2) + "\n"]);
    for (const [name, text] of contents) {
      const file = AtomicFile.create(directory, name);
      files.push(file);
      await file.write(new TextEncoder().encode(text));
      await file.close();
    }
    await guard.hold(() => {
      removeEntry(join(directory, SUITE_INDEX));
      // An index of an earlier suite with timeeval or rcaeval goes with it.
      if (!options.formats.includes("timeeval")) removeEntry(join(directory, DATASETS));
      // A tree replaces the old one whole, in one rename, with its first file.
      const trees = new Set<StagedTree>();
      for (const file of files) putInPlace(file, trees);
      if (trees.size === 0) removeEntry(join(directory, RCAEVAL_FOLDER));
      return Promise.resolve();
    });
  } catch (error) {
    for (const file of files) await file.abort();
    throw error;
  }
}

/** An entry of the suite's rcaeval tree, as suite.json lists it. */
interface RcaevalEntry {
  /** The entry's folder in DIR: `rcaeval/<service>_<fault_type>/<n>`. */
  path: string;
  /** The case it came from. */
  case: string;
  /** The fault, by its id in the case's manifest. */
  fault: string;
  /** The case's own folder it was copied from, in DIR. */
  from: string;
}

/**
 * Stages DIR/rcaeval/ over all cases: each case's rcaeval entries, in case order and in the
 * case's fault order, numbered from 1 per `<service>_<fault_type>` folder across the cases (one
 * dataset folder, as RCAEval's loaders read it). The entries are copies, byte for byte, of the
 * files each case's manifest lists, checked against its SHA-256: a copy stays what was committed
 * when the case is rewritten, and a link could lead anywhere. The fault of each entry is
 * rcaeval's own case of the manifest's faults; the manifest must list exactly those files.
 * The files go into `files`, closed, so that the caller removes them on failure.
 */
async function rcaevalIndex(
  directory: string,
  cases: readonly SuiteCase[],
  files: AtomicFile[],
): Promise<RcaevalEntry[]> {
  const { rcaevalCases } = await import("../src/formats/rcaeval.ts");
  const numbers = new Map<string, number>();
  const entries: RcaevalEntry[] = [];
  // One buffer for every copy (the hash and the write are done with it when write returns):
  // a fresh one per file cost more than the copying, over thousands of small files.
  const buffer = new Uint8Array(PIECE_BYTES);
  for (const c of cases) {
    const path = join(directory, c.name, MANIFEST_NAME);
    const manifest = JSON.parse(
      new TextDecoder().decode(readGivenFile(path, "manifest", MAX_MANIFEST_BYTES)),
    );
    const bad = (why: string) => new FileError(`cannot index ${quotePath(path)}: ${why}`);
    const listed = new Map<string, string>();
    for (const file of Array.isArray(manifest?.files) ? manifest.files : []) {
      const { name, sha256 } = file ?? {};
      if (typeof name === "string" && name.startsWith(`${RCAEVAL_FOLDER}/`)) {
        listed.set(name, String(sha256));
      }
    }
    let own;
    try {
      own = rcaevalCases(manifest as FormatSource).filter((e) => e.written);
    } catch {
      throw bad("its faults are not a manifest's of this version");
    }
    if (own.length * 2 !== listed.size) {
      throw bad(`it lists ${listed.size} rcaeval files where its faults make ${own.length * 2}`);
    }
    for (const e of own) {
      const number = (numbers.get(e.folder) ?? 0) + 1;
      numbers.set(e.folder, number);
      const from = `${RCAEVAL_FOLDER}/${e.folder}/${e.number}`;
      const to = `${RCAEVAL_FOLDER}/${e.folder}/${number}`;
      for (const name of ["data.csv", "inject_time.txt"]) {
        const sha256 = listed.get(`${from}/${name}`);
        if (sha256 === undefined) throw bad(`it does not list ${from}/${name}`);
        const source = join(directory, c.name, ...from.split("/"), name);
        const file = AtomicFile.create(directory, `${to}/${name}`);
        files.push(file);
        const { file: input } = openGivenFile(source, "rcaeval file", MAX_RCAEVAL_BYTES);
        try {
          for (;;) {
            let read: number | null;
            try {
              read = input.readSync(buffer);
            } catch (error) {
              throw FileError.from(error, "cannot read", source);
            }
            if (read === null || read === 0) break;
            await file.write(buffer.subarray(0, read));
          }
        } finally {
          input.close();
        }
        if ((await file.close()).sha256 !== sha256) {
          throw new FileError(
            `cannot index ${quotePath(source)}: not the file its manifest lists (SHA-256 differs)`,
          );
        }
      }
      entries.push({ path: to, case: c.name, fault: e.fault, from: `${c.name}/${from}` });
    }
  }
  return entries;
}

/**
 * TimeEval's index over all cases: each case's rows, its collection set to the case's name and
 * its paths made relative to DIR (prefixed by the case's folder).
 */
function datasetsIndex(directory: string, cases: readonly SuiteCase[]): string {
  let header: string | undefined;
  const lines: string[] = [];
  for (const c of cases) {
    const path = join(directory, c.name, DATASETS);
    const text = new TextDecoder().decode(readGivenFile(path, "TimeEval index", MAX_INDEX_BYTES));
    const [first, ...rows] = text.split("\n").filter((line) => line !== "");
    if (header === undefined) header = first;
    if (first !== header || text.includes('"')) {
      throw new FileError(`cannot index ${quotePath(path)}: not the layout of the other cases`);
    }
    const columns = header.split(",");
    const at = (name: string) => columns.indexOf(name);
    const collection = at("collection_name");
    const paths = [at("train_path"), at("test_path")].filter((i) => i >= 0);
    for (const row of rows) {
      const fields = row.split(",");
      if (collection >= 0) fields[collection] = c.name;
      for (const i of paths) if (fields[i] !== "") fields[i] = `${c.name}/${fields[i]}`;
      lines.push(fields.join(","));
    }
  }
  return `${header ?? ""}\n${lines.map((line) => `${line}\n`).join("")}`;
}

/** A TOML value in JSON: integers (read as BigInt) as numbers, exact while they are safe. */
function tomlValue(_key: string, value: unknown): unknown {
  if (typeof value !== "bigint") return value;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value.toString();
}
