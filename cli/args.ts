// The command line's flags: parsed strictly, every value checked, one message per problem.

import { FORMAT_NAMES, type FormatName, FORMATS } from "../src/formats/mod.ts";
import { didYouMean } from "../src/text/suggest.ts";
import { quoted } from "../src/text/mod.ts";
import { parseFlags, UsageError } from "./flags.ts";
import type { MissingPolicy } from "../src/formats/types.ts";
import {
  MISSING_POLICIES,
  timeEvalName,
  timeEvalNameProblem,
} from "../src/formats/_timeeval_names.ts";

export { UsageError } from "./flags.ts";

/** What the flags ask for. */
export interface CliOptions {
  config?: string;
  output: string;
  seed?: number;
  samples?: number;
  decimals?: number | "full";
  chunkSize?: number;
  workers?: number;
  plot: boolean;
  effects: boolean;
  formats: FormatName[];
  /** `--byte-stream-split`: Parquet's doubles in BYTE_STREAM_SPLIT. */
  byteStreamSplit: boolean;
  /** `--collection`: TimeEval's collection name (default: the config file's name, made one). */
  collection?: string;
  /** `--missing`: what TimeEval's files make of a missing sample. */
  missing?: MissingPolicy;
  /** TimeEval's training files (not `--no-train`). */
  train: boolean;
  input?: string;
  noFaults: boolean;
  /** `--shard K/N`: shard K (from 0) of N. */
  shard?: { index: number; count: number };
  quiet: boolean;
  help: boolean;
  version: boolean;
}

export const USAGE = `chaos-datagen: synthetic metric time series with faults whose truth is known

Usage:
  deno run -R=configs,output -W=output cli.ts -c configs/config.toml -o output
  deno run -R cli.ts score OUTPUT_DIR [DETECTIONS.csv] [--rca RANKING.csv] [--json] [--visible K]
                                                                           (score --help)
  deno run -R -N=127.0.0.1 cli.ts serve -c CONFIG [--listen HOST:PORT] [--speed N] [--loop]
                                                                           (serve --help)
  deno run -R -N=HOST cli.ts push -c CONFIG --url URL [--speed N | --backfill]
                                                                            (push --help)
  deno run -R -W=DIR cli.ts suite -c SUITE.toml -o DIR [--case K | --index] [--format LIST ...]
                                                                           (suite --help)
  deno run -R --allow-run=deno -N=127.0.0.1 cli.ts play [--listen HOST:PORT]
                                                                            (play --help)

Options:
  -c, --config FILE       the config (TOML); required
  -o, --output DIR        where to write, created if missing (default: output)
      --seed N            seed, integer >= 0; replaces general.seed
      --samples N         number of samples, integer >= 1; replaces general.num_samples
      --decimals N|full   digits after the point (0-15), or "full" for the shortest exact text;
                          replaces general.decimals
      --chunk-size N      samples generated at a time (default: about 4 MiB of CSV); the
                          output is the same for any value
      --workers N         threads that generate (default: one per core for large runs; 0: none);
                          the output is the same for any number
      --format LIST       what to write, comma-separated (default: csv):
${
  FORMAT_NAMES.map((name) =>
    `                            ${name.padEnd(12)}${FORMATS[name].description}`
  ).join("\n")
}
      --byte-stream-split Parquet's DOUBLE columns in BYTE_STREAM_SPLIT, not PLAIN: written
                          1.3-1.4x faster, 0.87 of the size; Spark's vectorized reader reads it
                          only from 2026 (before: spark.sql.parquet.enableVectorizedReader=false)
      --collection NAME   timeeval: the collection_name in datasets.csv (default: the config
                          file's name without .toml): runs loaded together need different ones.
                          A letter, then letters, digits, ".", "_" or "-"
      --missing POLICY    timeeval: what a missing sample becomes (default: interpolate):
                            interpolate  the straight line between the values around the gap:
                                         every row stays (row k is sample k, labels unmoved)
                                         and every detector sees numbers; the gap is labelled
                            drop         no row: a shorter file whose times skip the gap, and
                                         the gap's labels go with its rows
                            keep         an empty cell (NaN): detectors that do not skip NaN
                                         score nothing, and TimeEval counts a NaN score as 0
      --no-train          timeeval: no training files (train_no_anomaly, train_anomaly: the
                          config drawn again with other seeds) and only unsupervised rows;
                          needed for recorded metrics, which cannot be drawn again
      --effects           also write effects.csv: per sample, the deviation the faults cause
      --input FILE        recorded series (CSV, or Prometheus query_range JSON) as baselines;
                          replaces general.input
      --no-faults         leave every fault out: the run's fault-free twin
      --shard K/N         write only shard K (0 <= K < N) of N: samples
                          [floor(K*n/N), floor((K+1)*n/N)); formats csv, openmetrics, parquet
      --no-plot           do not write metrics.svg
  -q, --quiet             print nothing but errors
  -h, --help              show this help
      --version           show the version

Writes the files of the formats asked for, DIR/metrics.svg and DIR/manifest.json, all at once:
the folder keeps its previous set until the new one is whole. One run writes to a folder at a
time. With --allow-sys=statfs, a run that would not fit on the disk is refused first.

Exit status: 0 done; 2 bad flags, config or output folder; 1 a file could not be read or
written; 130, 143, 129 stopped by SIGINT, SIGTERM, SIGHUP.
`;

const OPTIONS = {
  config: { type: "string", short: "c" },
  output: { type: "string", short: "o", default: "output" },
  seed: { type: "string" },
  samples: { type: "string" },
  decimals: { type: "string" },
  "chunk-size": { type: "string" },
  "no-plot": { type: "boolean", default: false },
  effects: { type: "boolean", default: false },
  format: { type: "string", default: "csv" },
  "byte-stream-split": { type: "boolean", default: false },
  collection: { type: "string" },
  missing: { type: "string" },
  "no-train": { type: "boolean", default: false },
  input: { type: "string" },
  "no-faults": { type: "boolean", default: false },
  shard: { type: "string" },
  workers: { type: "string" },
  quiet: { type: "boolean", short: "q", default: false },
  help: { type: "boolean", short: "h", default: false },
  version: { type: "boolean", default: false },
} as const;

/** Parses the flags; throws a UsageError naming every bad one. */
export function parseCliArgs(args: string[]): CliOptions {
  const { values } = parseFlags(args, OPTIONS, { positionalHint: "give the config with -c FILE" });
  const problems: string[] = [];
  const integer = (flag: string, text: string | undefined, min: number): number | undefined => {
    if (text === undefined) return undefined;
    const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
    if (Number.isSafeInteger(n) && n >= min) return n;
    problems.push(`--${flag}: must be an integer >= ${min}: got ${quoted(text)}`);
    return undefined;
  };
  const seed = integer("seed", values.seed, 0);
  const samples = integer("samples", values.samples, 1);
  let decimals: number | "full" | undefined;
  if (values.decimals === "full") decimals = "full";
  else if (values.decimals !== undefined) {
    decimals = integer("decimals", values.decimals, 0);
    if (decimals !== undefined && decimals > 15) {
      problems.push(
        `--decimals: must be an integer from 0 to 15 or "full": got ${quoted(values.decimals)}`,
      );
    }
  }
  const formats: FormatName[] = [];
  for (const name of values.format.split(",").map((part) => part.trim())) {
    if ((FORMAT_NAMES as readonly string[]).includes(name)) {
      if (!formats.includes(name as FormatName)) formats.push(name as FormatName);
    } else {
      problems.push(
        `--format: ${quoted(name)} is not a format${didYouMean(name, FORMAT_NAMES)} (${
          FORMAT_NAMES.join(", ")
        })`,
      );
    }
  }
  if (values.effects && !formats.includes("csv") && formats.length > 0) {
    problems.push("--effects writes effects.csv: add csv to --format");
  }
  if (values["byte-stream-split"] && !formats.includes("parquet")) {
    problems.push("--byte-stream-split changes how Parquet is written: add parquet to --format");
  }
  for (const flag of ["collection", "missing"] as const) {
    if (values[flag] !== undefined && !formats.includes("timeeval")) {
      problems.push(`--${flag} changes what TimeEval's files hold: add timeeval to --format`);
    }
  }
  let collection = values.collection;
  if (collection !== undefined) {
    const problem = timeEvalNameProblem(collection);
    if (problem !== undefined) {
      problems.push(`--collection: ${problem}: got ${quoted(collection)}`);
      collection = undefined;
    }
  } else if (values.config !== undefined) {
    // The config file's name, as TimeEval can key it: "checkout_cascade.toml" is "checkout_cascade".
    const file = values.config.split(/[\\/]/).pop()!.replace(/\.toml$/i, "");
    collection = timeEvalName(file === "" ? "config" : file);
  }
  let missing: MissingPolicy | undefined;
  if (values.missing !== undefined) {
    if ((MISSING_POLICIES as readonly string[]).includes(values.missing)) {
      missing = values.missing as MissingPolicy;
    } else {
      problems.push(
        `--missing: must be one of ${MISSING_POLICIES.join(", ")}: got ${quoted(values.missing)}${
          didYouMean(values.missing, MISSING_POLICIES)
        }`,
      );
    }
  }
  if (values["no-train"] && !formats.includes("timeeval")) {
    problems.push("--no-train leaves out TimeEval's training files: add timeeval to --format");
  }
  if (values["no-faults"] && formats.includes("rcaeval")) {
    problems.push("--no-faults leaves no fault, and --format rcaeval writes a case per fault");
  }
  let shard: CliOptions["shard"];
  if (values.shard !== undefined) {
    const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(values.shard);
    const index = match ? Number(match[1]) : NaN;
    const count = match ? Number(match[2]) : NaN;
    if (!match || !Number.isSafeInteger(count) || count < 1) {
      problems.push(
        `--shard: must be K/N, shard K (from 0) of N shards, such as 0/4: got ${
          quoted(values.shard)
        }`,
      );
    } else if (index >= count) {
      problems.push(
        `--shard: K counts from 0, so it must be below N (${count}): got ${quoted(values.shard)}`,
      );
    } else shard = { index, count };
  }
  const options: CliOptions = {
    config: values.config,
    output: values.output,
    seed,
    samples,
    decimals,
    chunkSize: integer("chunk-size", values["chunk-size"], 1),
    workers: integer("workers", values.workers, 0),
    plot: !values["no-plot"],
    effects: values.effects,
    formats,
    byteStreamSplit: values["byte-stream-split"],
    collection,
    missing,
    train: !values["no-train"],
    input: values.input,
    noFaults: values["no-faults"],
    shard,
    quiet: values.quiet,
    help: values.help,
    version: values.version,
  };
  if (!options.help && !options.version && options.config === undefined) {
    problems.push("-c/--config is required: the config file to generate from");
  }
  if (options.config === "") problems.push("-c/--config: must name a file: got an empty string");
  if (options.input === "") problems.push("--input: must name a file: got an empty string");
  if (options.output === "") {
    problems.push("-o/--output: must name a directory: got an empty string");
  }
  if (problems.length > 0) throw new UsageError(problems.join("\n"));
  return options;
}
