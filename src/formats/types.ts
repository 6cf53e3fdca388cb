// The shapes every format shares: a file made in sections from chunks of samples, what its
// files are made from, and the options formats take. Apart from the table, so that an encoder
// and the table never import each other.

import type { ResolvedConfig } from "../config/types.ts";
import type { Chunk, InjectedAnomaly } from "../model/mod.ts";
import type { ByteWriter } from "./bytes.ts";

/** The formats `--format` takes. */
export type FormatName =
  | "csv"
  | "openmetrics"
  | "promtool"
  | "timeeval"
  | "parquet"
  | "graph"
  | "rcaeval";

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

/** Options of the formats. */
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
  /**
   * TimeEval: the `collection_name` of the index rows, a letter then letters, digits, `.`, `_`
   * or `-`. @default {"chaos-datagen"}
   */
  collection?: string;
  /**
   * TimeEval: what a missing sample becomes: a value interpolated from its neighbours, no row,
   * or an empty cell. @default {"interpolate"}
   */
  missing?: MissingPolicy;
  /**
   * TimeEval: the configs of the training series (`timeEvalTraining`), written beside each test
   * file with their index rows; none without. Plain data, so that workers get it with the plan.
   */
  train?: TrainingConfigs;
}

/** The configs TimeEval's training series are generated from (see {@linkcode FormatOptions.train}). */
export interface TrainingConfigs {
  /** The same config with another seed and no faults. */
  train_no_anomaly: ResolvedConfig;
  /** The same config with another seed, its placed faults placed again. */
  train_anomaly: ResolvedConfig;
}

/** What the timeeval format makes of a missing sample (see {@linkcode FormatOptions.missing}). */
export type MissingPolicy = "interpolate" | "drop" | "keep";

/** How a format makes the encoders of its files. */
export type FormatFiles = (source: FormatSource, options: FormatOptions) => FileEncoder[];
