// The layout TimeEval and GutenTAG use: one CSV per metric in TimeEval's canonical format
// (`timestamp,value-0,is_anomaly`: an integer index or an RFC 3339 time, the value, 0 or 1), and
// the index TimeEval's DatasetManager reads, `datasets.csv`, a row per metric with its length,
// contamination, anomaly lengths, mean and deviation.

import type { ResolvedConfig } from "../config/types.ts";
import type { Chunk } from "../model/mod.ts";
import type { FileEncoder, FormatFiles, FormatSource } from "./types.ts";
import { type ByteWriter, MAX_NUMBER_BYTES } from "./bytes.ts";
import { isWholeColumn } from "./csv.ts";
import { MAX_TIME_BYTES, type TimeText, timeTextOf } from "./_time_text.ts";
import { quoteCsvField } from "../text/csv_fields.ts";

/** The header of TimeEval's index file. */
const INDEX_HEADER = "collection_name,dataset_name,train_path,test_path,dataset_type," +
  "datetime_index,split_at,train_type,train_is_normal,input_type,length,dimensions," +
  "contamination,num_anomalies,min_anomaly_length,median_anomaly_length,max_anomaly_length," +
  "mean,stddev,trend,stationarity,period_size\n";

/** The name of the index file. */
export const TIMEEVAL_INDEX = "datasets.csv";
/** The names of the per-metric files: `timeeval-<name>.test.csv`. */
export const TIMEEVAL_FILE: RegExp = /^timeeval-[A-Za-z0-9._-]+\.test\.csv$/;

const encoder = new TextEncoder();

/**
 * The file of each metric, its name made safe for any file system: characters outside
 * `[A-Za-z0-9._-]` become `_`, and a name taken already gets `-2`, `-3`, ...
 */
export function timeEvalFileNames(config: ResolvedConfig): string[] {
  const taken = new Set<string>();
  return Object.keys(config.metrics).map((metric) => {
    const base = `timeeval-${metric.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 100)}`;
    let name = `${base}.test.csv`;
    for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}-${i}.test.csv`;
    taken.add(name.toLowerCase());
    return name;
  });
}

/** One metric's file: `timestamp,value-0,is_anomaly`, a row per sample. */
export class TimeEvalSeriesEncoder implements FileEncoder {
  readonly name: string;
  readonly sections = 1;
  readonly sequential = false;
  readonly tailRows = 0;
  readonly #column: number;
  readonly #decimals: number;
  readonly #scale: number;
  readonly #float: boolean;
  readonly #times: TimeText | undefined;

  constructor(source: FormatSource, column: number, name: string) {
    const { config } = source;
    this.name = name;
    this.#column = column;
    const decimals = config.general.decimals;
    this.#decimals = decimals === "full" ? -1 : decimals;
    this.#scale = decimals === "full" ? 0 : 10 ** decimals;
    this.#float = !isWholeColumn(config, Object.keys(config.metrics)[column]);
    this.#times = timeTextOf(config.general);
  }

  head(): Uint8Array {
    return encoder.encode("timestamp,value-0,is_anomaly\n");
  }

  encode(chunk: Chunk, out: readonly ByteWriter[]): number {
    const w = out[0];
    const values = chunk.values[this.#column];
    const labels = chunk.labels[this.#column];
    const rows = chunk.to - chunk.from;
    for (let i = 0; i < rows; i++) {
      if ((i & 63) === 0) w.reserve(64 * (MAX_TIME_BYTES + MAX_NUMBER_BYTES + 16));
      const k = chunk.from + i;
      if (this.#times !== undefined) w.length = this.#times.write(w.dataView, w.length, k);
      else w.unsigned(k);
      w.byte(44);
      const x = values[i];
      // A missing sample is an empty cell, which pandas reads as NaN.
      if (x === x) {
        if (this.#decimals >= 0) w.fixedAt(values, i, this.#decimals, this.#scale);
        else w.shortestAt(values, i);
        if (this.#float && Math.floor(x) === x && x < 1e21 && x > -1e21) w.ascii(".0");
      }
      w.byte(44);
      w.byte(48 + labels[i]);
      w.byte(10);
    }
    return rows;
  }

  finish(): number {
    return 0;
  }

  tail(): Iterable<Uint8Array> {
    return [];
  }
}

/**
 * `datasets.csv`: a row per metric. Its mean and deviation are sums over every sample in order,
 * so it is encoded in order, on one thread: the same bytes for any chunk size.
 */
export class TimeEvalIndexEncoder implements FileEncoder {
  readonly name = TIMEEVAL_INDEX;
  readonly sections = 1;
  readonly sequential = true;
  readonly #config: ResolvedConfig;
  readonly #files: string[];
  readonly #count: Float64Array;
  readonly #sum: Float64Array;
  readonly #squares: Float64Array;
  /** Per metric, the lengths of its runs of labels, and the run going on. */
  readonly #runs: number[][];
  readonly #run: Float64Array;

  constructor(source: FormatSource, files: string[]) {
    this.#config = source.config;
    this.#files = files;
    const m = files.length;
    this.#count = new Float64Array(m);
    this.#sum = new Float64Array(m);
    this.#squares = new Float64Array(m);
    this.#runs = files.map(() => []);
    this.#run = new Float64Array(m);
  }

  get tailRows(): number {
    return this.#files.length;
  }

  head(): Uint8Array {
    return encoder.encode(INDEX_HEADER);
  }

  encode(chunk: Chunk): number {
    for (let j = 0; j < this.#files.length; j++) {
      const values = chunk.values[j];
      let count = this.#count[j];
      let sum = this.#sum[j];
      let squares = this.#squares[j];
      const labels = chunk.labels[j];
      let run = this.#run[j];
      for (let i = 0; i < chunk.to - chunk.from; i++) {
        if (labels[i] === 1) run++;
        else if (run > 0) {
          this.#runs[j].push(run);
          run = 0;
        }
        const x = values[i];
        if (x !== x) continue;
        count++;
        sum += x;
        squares += x * x;
      }
      this.#count[j] = count;
      this.#sum[j] = sum;
      this.#squares[j] = squares;
      this.#run[j] = run;
    }
    return 0;
  }

  finish(): number {
    return 0;
  }

  tail(): Iterable<Uint8Array> {
    const config = this.#config;
    const n = config.general.num_samples;
    const names = Object.keys(config.metrics);
    const rows = names.map((metric, j) => {
      // The anomalies are the runs of is_anomaly = 1: own faults and spread effects alike.
      const lengths = [...this.#runs[j], ...(this.#run[j] > 0 ? [this.#run[j]] : [])]
        .sort((a, b) => a - b);
      const anomalous = lengths.reduce((a, b) => a + b, 0);
      const count = this.#count[j];
      const mean = count > 0 ? this.#sum[j] / count : NaN;
      const variance = count > 0 ? Math.max(0, this.#squares[j] / count - mean * mean) : NaN;
      const median = lengths.length === 0
        ? ""
        : lengths.length % 2 === 1
        ? lengths[(lengths.length - 1) / 2]
        : (lengths[lengths.length / 2 - 1] + lengths[lengths.length / 2]) / 2;
      return [
        "chaos-datagen",
        quoteCsvField(metric),
        "",
        quoteCsvField(this.#files[j]),
        "synthetic",
        config.general.start !== undefined ? "True" : "False",
        "",
        "unsupervised",
        "False",
        "univariate",
        n,
        1,
        anomalous / n,
        lengths.length,
        lengths[0] ?? "",
        median,
        lengths[lengths.length - 1] ?? "",
        Number.isNaN(mean) ? "" : mean,
        Number.isNaN(variance) ? "" : Math.sqrt(variance),
        "",
        "",
        "",
      ].join(",");
    });
    return [encoder.encode(rows.join("\n") + "\n")];
  }
}

/** The timeeval format's files: a CSV per metric and the datasets.csv index. */
export const timeEvalFiles: FormatFiles = (source) => {
  const names = timeEvalFileNames(source.config);
  return [
    ...names.map((name, j) => new TimeEvalSeriesEncoder(source, j, name)),
    new TimeEvalIndexEncoder(source, names),
  ];
};
