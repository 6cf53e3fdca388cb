// The output formats: one entry each, with the files it writes. Every file is fed the same
// chunks of samples; a file is made of sections (CSV: one; metrics.om: one per series, because a
// family's samples must stay together), each receiving its bytes chunk by chunk, so memory does
// not grow with num_samples whatever order the file's text is in.

import type { ResolvedConfig } from "./config_types.ts";
import type { Chunk, ChunksOptions, DatasetGenerator, InjectedAnomaly } from "./generate.ts";
import type { ConfigIssue } from "./_checker.ts";
import { ConfigError } from "./config.ts";
import { ByteWriter } from "./_bytes.ts";
import { CsvEncoder, type CsvKind } from "./csv.ts";
import { OpenMetricsEncoder } from "./openmetrics.ts";
import { PromtoolTestsEncoder } from "./promtool.ts";
import {
  TIMEEVAL_FILE,
  TIMEEVAL_INDEX,
  timeEvalFileNames,
  TimeEvalIndexEncoder,
  TimeEvalSeriesEncoder,
} from "./timeeval.ts";

/** The formats `--format` takes. */
export type FormatName = "csv" | "openmetrics" | "promtool" | "timeeval" | "parquet";

/**
 * One output file, written in sections: `head(0)`, section 0's bytes, `head(1)`, section 1's
 * bytes, ..., then the tail. Each chunk adds bytes to every section.
 */
export interface FileEncoder {
  /** The file's name in the output folder. */
  readonly name: string;
  /** How many sections the file has. */
  readonly sections: number;
  /**
   * Whether a chunk's bytes depend on the chunks before it (runs carried over): then the chunks
   * must come in order to one encoder, never split among workers.
   */
  readonly sequential: boolean;
  /** The text that opens a section. */
  head(section: number): Uint8Array;
  /**
   * Appends a chunk's bytes for each section to `out[section]`.
   * @returns The rows (lines of data) written.
   */
  encode(chunk: Chunk, out: readonly ByteWriter[]): number;
  /**
   * Appends the bytes that close each section once every chunk is in. Only a sequential
   * encoder has anything left to close: the others write nothing here.
   * @returns The rows written.
   */
  finish(out: readonly ByteWriter[]): number;
  /**
   * On the thread that writes the file, before a part of section 0 is written at `offset`: the
   * bytes to write in its place (a Parquet row group's description is taken off and noted).
   */
  place?(part: Uint8Array, offset: number): Uint8Array;
  /** The text after the last section, in pieces made as they are asked for (each valid until the next). */
  tail(): Iterable<Uint8Array>;
  /** Rows (lines of data) in the tail. */
  readonly tailRows: number;
}

/** What the files of a format are made from. */
export interface FormatSource {
  /** The resolved config. */
  readonly config: ResolvedConfig;
  /** The faults, as the generator lists them. */
  readonly anomalies: readonly InjectedAnomaly[];
}

/** Options for {@linkcode formatEncoders}. */
export interface FormatOptions {
  /** The CSV format also writes effects.csv. @default {false} */
  effects?: boolean;
  /** The samples written, `[from, to)`: a shard's (default: all). */
  range?: { from: number; to: number };
  /**
   * Parquet: DOUBLE columns in BYTE_STREAM_SPLIT rather than PLAIN (faster, smaller; Spark's
   * vectorized reader reads it only from 2026). @default {false}
   */
  byteStreamSplit?: boolean;
}

/** A format: what it writes and what it needs. */
export interface FormatEntry {
  /** One line for `--help`. */
  readonly description: string;
  /** Every file the format may write by a fixed name. */
  readonly names: readonly string[];
  /** The names of the files it writes one per metric. */
  readonly pattern?: RegExp;
  /** What the config lacks for this format, as config problems. */
  check(config: ResolvedConfig): ConfigIssue[];
  /** The encoders of its files. */
  files(source: FormatSource, options: FormatOptions): FileEncoder[];
}

/**
 * The Parquet writer's module, loaded by {@linkcode loadFormats}: it compresses with node:zlib,
 * whose loading would triple the time to import `mod.ts`.
 */
let parquet: typeof import("./parquet.ts") | undefined;

/**
 * Loads what the formats asked for need before their files can be made: the parquet format's
 * writer, which `mod.ts` does not import up front (it would triple the time to import it).
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
  if (formats.includes("parquet")) parquet ??= await import("./parquet.ts");
}

/** The formats, one entry each. */
export const FORMATS: Readonly<Record<FormatName, FormatEntry>> = {
  csv: {
    description: "metrics.csv and labels.csv (and effects.csv with --effects)",
    names: ["metrics.csv", "labels.csv", "effects.csv"],
    check: () => [],
    files: ({ config }, { effects }) => {
      const kinds: CsvKind[] = ["metrics", "labels", ...(effects ? ["effects" as const] : [])];
      return kinds.map((kind) => new CsvFile(config, kind));
    },
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
    files: (source, { range }) => [new OpenMetricsEncoder(source, range)],
  },
  promtool: {
    description: "promtool-tests.yml: the series as input_series of a promtool rule test",
    names: ["promtool-tests.yml"],
    check: () => [],
    files: (source) => [new PromtoolTestsEncoder(source)],
  },
  parquet: {
    description: "metrics.parquet and labels.parquet: columns, for DuckDB, polars, Spark",
    names: ["metrics.parquet", "labels.parquet"],
    check: () => [],
    files: ({ config }, options) => {
      if (!parquet) {
        throw new Error(
          `the parquet format loads its writer on demand: await loadFormats(["parquet"]) first`,
        );
      }
      return [
        new parquet.ParquetEncoder(config, "metrics", options),
        new parquet.ParquetEncoder(config, "labels", options),
      ];
    },
  },
  timeeval: {
    description: "a CSV per metric in TimeEval's format, and its datasets.csv index",
    names: [TIMEEVAL_INDEX],
    pattern: TIMEEVAL_FILE,
    check: () => [],
    files: (source) => {
      const names = timeEvalFileNames(source.config);
      return [
        ...names.map((name, j) => new TimeEvalSeriesEncoder(source, j, name)),
        new TimeEvalIndexEncoder(source, names),
      ];
    },
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
 * deepStrictEqual(FORMAT_NAMES, ["csv", "openmetrics", "promtool", "parquet", "timeeval"]);
 * ```
 */
export const FORMAT_NAMES: readonly FormatName[] = Object.keys(FORMATS) as FormatName[];

/** A plain file name: no folder, no "." or "..", nothing a file system reads specially. */
const PLAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

/**
 * Whether a format could have written a file of this name: a plain name (never a path), one of
 * a format's fixed names or of its per-metric pattern. Names read back from a manifest are
 * trusted, and removed, only when they pass.
 *
 * @param name The name.
 * @returns True when a format writes files of this name.
 *
 * @example
 * ```ts
 * import { isFormatFileName } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(isFormatFileName("metrics.csv"), true);
 * strictEqual(isFormatFileName("timeeval-cpu.test.csv"), true);
 * strictEqual(isFormatFileName("timeeval-/../../x.test.csv"), false);
 * strictEqual(isFormatFileName("../passwd"), false);
 * ```
 */
export function isFormatFileName(name: string): boolean {
  if (!PLAIN_NAME.test(name)) return false;
  return Object.values(FORMATS).some((format) =>
    format.names.includes(name) || (format.pattern?.test(name) ?? false)
  );
}

/**
 * The file encoders of the formats asked for, in order. Refuses, naming every problem, a config
 * a format cannot be written from (openmetrics without `start`, Prometheus names that collide).
 */
export function formatEncoders(
  source: FormatSource,
  formats: readonly FormatName[],
  options: FormatOptions = {},
): FileEncoder[] {
  const issues = formats.flatMap((format) => FORMATS[format].check(source.config));
  if (issues.length > 0) throw new ConfigError(issues);
  return formats.flatMap((format) => FORMATS[format].files(source, options));
}

/** One file of a format, whole. */
export interface EncodedFile {
  /** Its name, as the command line writes it. */
  name: string;
  /** Its bytes. */
  bytes: Uint8Array;
}

/**
 * Encodes the files of the formats asked for in memory, chunk by chunk: the bytes the command
 * line writes, for tests and datasets that fit in memory.
 *
 * @param generator The generator (made with `effects: true` for effects.csv).
 * @param formats The formats.
 * @param options Options of the formats.
 * @returns Each file's name and bytes, in order.
 * @throws {ConfigError} When a format cannot be written from the config (openmetrics without
 * `start`, Prometheus names that collide).
 *
 * @example metrics.om for Prometheus
 * ```ts
 * import { createGenerator, encodeFormats } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * const generator = createGenerator({
 *   general: { num_samples: 2, start: "2026-01-01T00:00:00Z", interval: "15s" },
 *   metrics: { cpu: { value: 0.5, prometheus: { labels: { job: "api" }, help: "CPU" } } },
 * });
 * const [om] = encodeFormats(generator, ["openmetrics"]);
 * strictEqual(
 *   new TextDecoder().decode(om.bytes),
 *   '# HELP cpu CPU\n# TYPE cpu gauge\ncpu{job="api"} 0.5 1767225600\ncpu{job="api"} 0.5 1767225615\n# EOF\n',
 * );
 * ```
 */
export function encodeFormats(
  generator: DatasetGenerator,
  formats: readonly FormatName[],
  options: FormatOptions & ChunksOptions = {},
): EncodedFile[] {
  return formatEncoders(generator, formats, options).map((encoder) => ({
    name: encoder.name,
    bytes: encodeFile(encoder, generator.chunks({ chunkSize: options.chunkSize })),
  }));
}

/** Encodes a whole file from chunks in order, in memory. */
export function encodeFile(encoder: FileEncoder, chunks: Iterable<Chunk>): Uint8Array {
  const sections = Array.from({ length: encoder.sections }, () => new ByteWriter(1024));
  for (const chunk of chunks) encoder.encode(chunk, sections);
  encoder.finish(sections);
  const whole = new ByteWriter(1024);
  sections.forEach((section, s) => {
    whole.append(encoder.head(s));
    const bytes = section.view();
    whole.append(s === 0 && encoder.place ? encoder.place(bytes, whole.length) : bytes);
  });
  for (const piece of encoder.tail()) whole.append(piece);
  return whole.view().slice();
}

/** A CSV file as a file of one section. */
class CsvFile implements FileEncoder {
  readonly name: string;
  readonly sections = 1;
  readonly sequential = false;
  readonly tailRows = 0;
  readonly #encoder: CsvEncoder;

  constructor(config: ResolvedConfig, kind: CsvKind) {
    this.name = `${kind}.csv`;
    this.#encoder = new CsvEncoder(config, { kind });
  }

  head(): Uint8Array {
    return this.#encoder.header();
  }

  encode(chunk: Chunk, out: readonly ByteWriter[]): number {
    out[0].append(this.#encoder.encode(chunk));
    return chunk.to - chunk.from;
  }

  finish(): number {
    return 0;
  }

  tail(): Iterable<Uint8Array> {
    return [];
  }
}
