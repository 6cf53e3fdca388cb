// The formats: one entry each in one table, with the files it writes, what it needs of a config,
// and the module that makes its files, loaded only when the format is asked for. Every file is
// fed the same chunks of samples; a file is made of sections (CSV: one; metrics.om: one per
// series, because a family's samples must stay together), each receiving its bytes chunk by
// chunk, so memory does not grow with num_samples whatever order the file's text is in.
//
// What lives here: this table and the shapes formats share (types.ts); a module per format (csv,
// openmetrics, promtool with the Prometheus naming they share, timeeval and rcaeval with their
// names apart in _timeeval_names.ts and _rcaeval_names.ts, parquet/, graph; the live exposition
// (exposition.ts, its protobuf form in exposition_protobuf.ts) and remote write, with
// native histograms in _native_histogram.ts); the byte and digit
// writers they use; blocks.ts, a block of samples encoded for every file at once. It may import
// text/, config/, model/ and truth/ (labels are truth); nothing below imports it.

import type { ResolvedConfig } from "../config/types.ts";
import type { ConfigIssue } from "../config/checker.ts";
import { ConfigError } from "../config/error.ts";
import { isPlainFileName } from "../text/mod.ts";
import { checkRcaeval, RCAEVAL_FILE, RCAEVAL_FOLDER } from "./_rcaeval_names.ts";
import type { FileEncoder, FormatFiles, FormatName, FormatOptions, FormatSource } from "./types.ts";

export type {
  FileEncoder,
  FormatFiles,
  FormatName,
  FormatOptions,
  FormatSource,
  MissingPolicy,
  TrainingConfigs,
} from "./types.ts";

/**
 * The per-metric files of the timeeval format, test and training (its module holds the same
 * pattern); the multivariate file, `timeeval-multivariate.test.csv`, is one of them.
 */
const TIMEEVAL_FILE = /^timeeval-[A-Za-z0-9._-]+\.(?:test|train_no_anomaly|train_anomaly)\.csv$/;

/** A format: what it writes and what it needs. */
export interface FormatEntry {
  /** One line for `--help`. */
  readonly description: string;
  /** Every file the format may write by a fixed name. */
  readonly names: readonly string[];
  /** The names of the files it writes one per metric (per case, under `folder`). */
  readonly pattern?: RegExp;
  /**
   * The one folder its files are written under, as a tree: staged whole and renamed into place
   * at the commit. Its files' names are paths `<folder>/...` that `pattern` matches in full.
   */
  readonly folder?: string;
  /**
   * Whether every one of its files is encoded in order, on one thread (runs carried over from
   * block to block), as their encoders say too: a run of such formats alone starts no workers.
   */
  readonly sequential?: boolean;
  /** What the config lacks for this format, as config problems. */
  check(config: ResolvedConfig): ConfigIssue[];
  /** Loads the module that makes its files. */
  load(): Promise<FormatFiles>;
}

/** The formats whose modules are loaded, and how each makes its files. */
const loaded: Partial<Record<FormatName, FormatFiles>> = {};

/**
 * Loads the modules of the formats asked for, which {@linkcode formatEncoders} needs first. The
 * command line loads only the formats a run writes; {@linkcode encodeFormats} has the light ones
 * (all but parquet, which compresses with node:zlib) at hand already.
 *
 * @param formats The formats.
 *
 * @example
 * ```ts
 * import { createGenerator, encodeFormats, loadFormats } from "@chaos-datagen/chaos-datagen";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * await loadFormats(["parquet"]);
 * const generator = createGenerator({ general: { num_samples: 3 }, metrics: { cpu: { value: 1 } } });
 * const files = encodeFormats(generator, ["parquet"]);
 * deepStrictEqual(files.map((f) => [f.name, new TextDecoder().decode(f.bytes.subarray(0, 4))]), [
 *   ["metrics.parquet", "PAR1"],
 *   ["labels.parquet", "PAR1"],
 * ]);
 * ```
 */
export async function loadFormats(formats: readonly FormatName[]): Promise<void> {
  for (const format of formats) loaded[format] ??= await FORMATS[format].load();
}

/** The formats, one entry each. */
export const FORMATS: Readonly<Record<FormatName, FormatEntry>> = {
  csv: {
    description: "metrics.csv and labels.csv (and effects.csv with --effects)",
    names: ["metrics.csv", "labels.csv", "effects.csv"],
    check: () => [],
    load: async () => (await import("./csv.ts")).csvFiles,
  },
  openmetrics: {
    description: "metrics.om: OpenMetrics text with timestamps, for promtool tsdb create-blocks",
    names: ["metrics.om"],
    check: (config) =>
      config.general.start === undefined
        ? [{
          path: "general.start",
          message: `the openmetrics format needs the samples' times: set start, such as ` +
            `start = "2026-01-01T00:00:00Z" (Prometheus drops blocks older than its retention, ` +
            `15 days by default: pick a recent start)`,
        }]
        : [],
    load: async () => (await import("./openmetrics.ts")).openMetricsFiles,
  },
  promtool: {
    description: "promtool-tests.yml: the series as input_series of a promtool rule test",
    names: ["promtool-tests.yml"],
    sequential: true,
    check: () => [],
    load: async () => (await import("./promtool.ts")).promtoolFiles,
  },
  parquet: {
    description: "metrics.parquet and labels.parquet: columns, for DuckDB, polars, Spark",
    names: ["metrics.parquet", "labels.parquet"],
    check: () => [],
    load: async () => (await import("./parquet/mod.ts")).parquetFiles,
  },
  timeeval: {
    description: "TimeEval's test and training CSVs, per metric and multivariate, and datasets.csv",
    names: ["datasets.csv"],
    pattern: TIMEEVAL_FILE,
    check: () => [],
    load: async () => (await import("./timeeval.ts")).timeEvalFiles,
  },
  graph: {
    description: "graph.json and graph.dot: the true graph (dependencies, couplings, formulas)",
    names: ["graph.json", "graph.dot"],
    sequential: true,
    check: () => [],
    load: async () => (await import("./graph.ts")).graphFiles,
  },
  rcaeval: {
    description: "RCAEval's layout: a case per fault, rcaeval/<service>_<fault_type>/<n>/",
    names: [],
    pattern: RCAEVAL_FILE,
    folder: RCAEVAL_FOLDER,
    check: checkRcaeval,
    load: async () => (await import("./rcaeval.ts")).rcaevalFiles,
  },
};

/**
 * The format names, in table order.
 *
 * @example
 * ```ts
 * import { FORMAT_NAMES } from "@chaos-datagen/chaos-datagen";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(FORMAT_NAMES, [
 *   "csv",
 *   "openmetrics",
 *   "promtool",
 *   "parquet",
 *   "timeeval",
 *   "graph",
 *   "rcaeval",
 * ]);
 * ```
 */
export const FORMAT_NAMES: readonly FormatName[] = Object.keys(FORMATS) as FormatName[];

/**
 * Whether a format could have written a file of this name: a plain name, one of a format's fixed
 * names or of its per-metric pattern; or a path in a format's folder that its pattern matches
 * in full, every part a plain name. Names read back from a manifest are trusted, and removed,
 * only when they pass.
 *
 * @param name The name, relative to the output folder (`/` between the parts of a path).
 * @returns True when a format writes files of this name.
 *
 * @example
 * ```ts
 * import { isFormatFileName } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(isFormatFileName("metrics.csv"), true);
 * strictEqual(isFormatFileName("timeeval-cpu.test.csv"), true);
 * strictEqual(isFormatFileName("timeeval-cpu.train_anomaly.csv"), true);
 * strictEqual(isFormatFileName("timeeval-cpu.train.csv"), false);
 * strictEqual(isFormatFileName("rcaeval/db_cpu/1/data.csv"), true);
 * strictEqual(isFormatFileName("timeeval-/../../x.test.csv"), false);
 * strictEqual(isFormatFileName("rcaeval/../x_y/1/data.csv"), false);
 * strictEqual(isFormatFileName("../passwd"), false);
 * ```
 */
export function isFormatFileName(name: string): boolean {
  if (name.includes("/")) {
    // A path: in a format's folder, matched whole, with no part that is not a plain name.
    return name.split("/").every(isPlainFileName) &&
      Object.values(FORMATS).some((format) =>
        format.folder !== undefined && name.startsWith(`${format.folder}/`) &&
        (format.pattern?.test(name) ?? false)
      );
  }
  if (!isPlainFileName(name)) return false;
  return Object.values(FORMATS).some((format) =>
    format.folder === undefined &&
    (format.names.includes(name) || (format.pattern?.test(name) ?? false))
  );
}

/**
 * The file encoders of the formats asked for, in order. Refuses, naming every problem, a config
 * a format cannot be written from (openmetrics without `start`, Prometheus names that collide).
 *
 * @param source The config and faults.
 * @param formats The formats, loaded by {@linkcode loadFormats} or given in `modules`.
 * @param options Options of the formats.
 * @param modules How formats make their files, beside those loaded.
 * @returns The encoders.
 */
export function formatEncoders(
  source: FormatSource,
  formats: readonly FormatName[],
  options: FormatOptions = {},
  modules: Partial<Record<FormatName, FormatFiles>> = loaded,
): FileEncoder[] {
  const issues = formats.flatMap((format) => FORMATS[format].check(source.config));
  if (issues.length > 0) throw new ConfigError(issues);
  return formats.flatMap((format) => {
    const files = modules[format] ?? loaded[format];
    if (!files) {
      throw new Error(`the ${format} format is loaded on demand: await loadFormats(["${format}"])`);
    }
    return files(source, options);
  });
}
