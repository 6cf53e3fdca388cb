// The layout TimeEval and GutenTAG use: one CSV per metric in TimeEval's canonical format
// (`timestamp,value-0,is_anomaly`: an integer index or an RFC 3339 time, the value, 0 or 1), and
// the index TimeEval's DatasetManager reads, `datasets.csv`, a row per metric with the figures
// TimeEval's own DatasetAnalyzer gives its file. Names TimeEval can key (a collection per run, a
// dataset per metric: _timeeval_names.ts), and a policy for missing samples, which TimeEval reads
// as NaN and scores as 0.

import type { ResolvedConfig } from "../config/types.ts";
import type { Chunk } from "../model/mod.ts";
import type { FileEncoder, FormatFiles, FormatSource, MissingPolicy } from "./types.ts";
import { type ByteWriter, MAX_NUMBER_BYTES } from "./bytes.ts";
import { isWholeColumn } from "./csv.ts";
import { MAX_TIME_BYTES, type TimeText, timeTextOf } from "./_time_text.ts";
import { secondsOf } from "../text/duration.ts";
import { quoted } from "../text/mod.ts";
import {
  DEFAULT_COLLECTION,
  MISSING_POLICIES,
  timeEvalName,
  timeEvalNameProblem,
} from "./_timeeval_names.ts";

/** The header of TimeEval's index file. */
const INDEX_HEADER = "collection_name,dataset_name,train_path,test_path,dataset_type," +
  "datetime_index,split_at,train_type,train_is_normal,input_type,length,dimensions," +
  "contamination,num_anomalies,min_anomaly_length,median_anomaly_length,max_anomaly_length," +
  "mean,stddev,trend,stationarity,period_size\n";

/** The name of the index file. */
export const TIMEEVAL_INDEX = "datasets.csv";
/** The names of the per-metric files: `timeeval-<dataset name>.test.csv`. */
export const TIMEEVAL_FILE: RegExp = /^timeeval-[A-Za-z0-9._-]+\.test\.csv$/;

const encoder = new TextEncoder();

/**
 * The dataset name of each metric in the index: its {@linkcode timeEvalName}, and a name taken
 * already (letter case aside: the metadata files may share a case-blind folder) gets `-2`, `-3`...
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { resolveConfig } from "../config/mod.ts";
 * import { timeEvalDatasetNames } from "./timeeval.ts";
 * const config = resolveConfig({
 *   general: { num_samples: 3, seed: 1 },
 *   metrics: { "a/b": { value: 1 }, a_b: { value: 2 }, "1": { value: 3 } },
 * });
 * deepStrictEqual(timeEvalDatasetNames(config), ["ts-1", "a_b", "a_b-2"]);
 * ```
 */
export function timeEvalDatasetNames(config: ResolvedConfig): string[] {
  const taken = new Set<string>();
  return Object.keys(config.metrics).map((metric) => {
    const base = timeEvalName(metric);
    let name = base;
    for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}-${i}`;
    taken.add(name.toLowerCase());
    return name;
  });
}

/**
 * The file of each metric: `timeeval-<dataset name>.test.csv`.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { resolveConfig } from "../config/mod.ts";
 * import { timeEvalFileNames } from "./timeeval.ts";
 * const config = resolveConfig({ general: { num_samples: 3, seed: 1 }, metrics: { "c/d": { value: 1 } } });
 * deepStrictEqual(timeEvalFileNames(config), ["timeeval-c_d.test.csv"]);
 * ```
 */
export function timeEvalFileNames(config: ResolvedConfig): string[] {
  return timeEvalDatasetNames(config).map((name) => `timeeval-${name}.test.csv`);
}

/**
 * Per metric, whether a missing sample can occur there: a `missing` fault's own metric and every
 * metric it reached. Only these are interpolated, and their files encoded in order.
 */
function missingMetrics(source: FormatSource): boolean[] {
  const reached = new Set<string>();
  for (const fault of source.anomalies) {
    if (fault.kind !== "missing") continue;
    reached.add(fault.metric);
    for (const effect of fault.effects) reached.add(effect.metric);
  }
  return Object.keys(source.config.metrics).map((metric) => reached.has(metric));
}

/** How a metric's interpolated values are rounded: as its written values are. */
function roundingOf(config: ResolvedConfig, metric: string): (x: number) => number {
  if (isWholeColumn(config, metric)) return Math.round;
  const decimals = config.general.decimals;
  if (decimals === "full") return (x) => x;
  const scale = 10 ** decimals;
  return (x) => Math.round(x * scale) / scale;
}

/**
 * Sample `g` (from 0) of a gap of `gap` missing samples between the values `a` before it and `b`
 * after it: on the straight line between them, rounded; with no value on one side, the other's.
 */
function filled(a: number, b: number, g: number, gap: number, round: (x: number) => number) {
  if (a !== a) return b;
  if (b !== b) return a;
  return round(a + (b - a) * (g + 1) / (gap + 1));
}

/** The policy for each metric: interpolation only where a missing sample can occur. */
function missingModes(source: FormatSource, policy: MissingPolicy): MissingPolicy[] {
  return missingMetrics(source).map((can) => policy === "interpolate" && !can ? "keep" : policy);
}

/**
 * One metric's file: `timestamp,value-0,is_anomaly`, a row per sample (none for a dropped
 * missing sample). Interpolating, it is encoded in order: a gap's rows wait for the value after it.
 */
export class TimeEvalSeriesEncoder implements FileEncoder {
  readonly name: string;
  readonly sections = 1;
  readonly sequential: boolean;
  readonly tailRows = 0;
  readonly #column: number;
  readonly #decimals: number;
  readonly #scale: number;
  readonly #float: boolean;
  readonly #times: TimeText | undefined;
  readonly #mode: MissingPolicy;
  readonly #round: (x: number) => number;
  /** Interpolating: the last value written, the first sample of the gap open and its labels. */
  #last = NaN;
  #gapFrom = 0;
  readonly #gapLabels: number[] = [];
  readonly #one = new Float64Array(1);

  constructor(source: FormatSource, column: number, name: string, mode: MissingPolicy = "keep") {
    const { config } = source;
    this.name = name;
    this.#column = column;
    const decimals = config.general.decimals;
    this.#decimals = decimals === "full" ? -1 : decimals;
    this.#scale = decimals === "full" ? 0 : 10 ** decimals;
    const metric = Object.keys(config.metrics)[column];
    this.#float = !isWholeColumn(config, metric);
    this.#times = timeTextOf(config.general);
    this.#mode = mode;
    this.sequential = mode === "interpolate";
    this.#round = roundingOf(config, metric);
  }

  head(): Uint8Array {
    return encoder.encode("timestamp,value-0,is_anomaly\n");
  }

  encode(chunk: Chunk, out: readonly ByteWriter[]): number {
    if (this.#mode === "interpolate") return this.#interpolate(chunk, out[0]);
    const w = out[0];
    const values = chunk.values[this.#column];
    const labels = chunk.labels[this.#column];
    const rows = chunk.to - chunk.from;
    const drop = this.#mode === "drop";
    let written = 0;
    for (let i = 0; i < rows; i++) {
      if ((i & 63) === 0) w.reserve(64 * (MAX_TIME_BYTES + MAX_NUMBER_BYTES + 16));
      const x = values[i];
      if (drop && x !== x) continue;
      this.#row(w, chunk.from + i, values, i, labels[i]);
      written++;
    }
    return written;
  }

  /** Sample k's row; values[i] NaN is an empty cell. Room must be reserved. */
  #row(w: ByteWriter, k: number, values: Float64Array, i: number, label: number): void {
    if (this.#times !== undefined) w.length = this.#times.write(w.dataView, w.length, k);
    else w.unsigned(k);
    w.byte(44);
    const x = values[i];
    if (x === x) {
      if (this.#decimals >= 0) w.fixedAt(values, i, this.#decimals, this.#scale);
      else w.shortestAt(values, i);
      if (this.#float && Math.floor(x) === x && x < 1e21 && x > -1e21) w.ascii(".0");
    }
    w.byte(44);
    w.byte(48 + label);
    w.byte(10);
  }

  #interpolate(chunk: Chunk, w: ByteWriter): number {
    const values = chunk.values[this.#column];
    const labels = chunk.labels[this.#column];
    let written = 0;
    for (let i = 0; i < chunk.to - chunk.from; i++) {
      const x = values[i];
      if (x !== x) {
        if (this.#gapLabels.length === 0) this.#gapFrom = chunk.from + i;
        this.#gapLabels.push(labels[i]);
        continue;
      }
      written += this.#closeGap(w, x);
      w.reserve(MAX_TIME_BYTES + MAX_NUMBER_BYTES + 16);
      this.#row(w, chunk.from + i, values, i, labels[i]);
      this.#last = x;
      written++;
    }
    return written;
  }

  /** Writes the open gap's rows, up to the value `next` (NaN: none after it). */
  #closeGap(w: ByteWriter, next: number): number {
    const gap = this.#gapLabels.length;
    for (let g = 0; g < gap; g++) {
      if ((g & 63) === 0) w.reserve(64 * (MAX_TIME_BYTES + MAX_NUMBER_BYTES + 16));
      this.#one[0] = filled(this.#last, next, g, gap, this.#round);
      this.#row(w, this.#gapFrom + g, this.#one, 0, this.#gapLabels[g]);
    }
    this.#gapLabels.length = 0;
    return gap;
  }

  finish(out: readonly ByteWriter[]): number {
    // A gap at the end takes the last value (a metric with none keeps its empty cells).
    return this.#mode === "interpolate" ? this.#closeGap(out[0], NaN) : 0;
  }

  tail(): Iterable<Uint8Array> {
    return [];
  }
}

/**
 * `datasets.csv`: a row per metric, with the figures TimeEval's own `DatasetAnalyzer` gives its
 * file (`_find_base_metadata`): runs of is_anomaly = 1, their lengths (0 with none; the median
 * as `int(np.median(...))`), mean and deviation (pandas: NaN skipped, ddof 1) of the values
 * written, interpolated ones included. They are sums over every sample in order, so it is
 * encoded in order, on one thread: the same bytes for any chunk size.
 */
export class TimeEvalIndexEncoder implements FileEncoder {
  readonly name = TIMEEVAL_INDEX;
  readonly sections = 1;
  readonly sequential = true;
  readonly #config: ResolvedConfig;
  readonly #files: string[];
  readonly #datasets: string[];
  readonly #collection: string;
  readonly #modes: MissingPolicy[];
  readonly #rounds: ((x: number) => number)[];
  /** Per metric: rows written, values counted, the first (sums are of x - first: no cancelling). */
  readonly #rows: Float64Array;
  readonly #count: Float64Array;
  readonly #shift: Float64Array;
  readonly #sum: Float64Array;
  readonly #squares: Float64Array;
  /** Per metric, the lengths of its runs of labels, and the run going on. */
  readonly #runs: number[][];
  readonly #run: Float64Array;
  /** Interpolating: the last value and the missing samples since. */
  readonly #last: Float64Array;
  readonly #gap: Float64Array;

  constructor(
    source: FormatSource,
    files: string[],
    options: { datasets?: string[]; collection?: string; modes?: MissingPolicy[] } = {},
  ) {
    this.#config = source.config;
    this.#files = files;
    this.#datasets = options.datasets ?? timeEvalDatasetNames(source.config);
    this.#collection = options.collection ?? DEFAULT_COLLECTION;
    const m = files.length;
    this.#modes = options.modes ?? files.map(() => "keep");
    const names = Object.keys(source.config.metrics);
    this.#rounds = names.map((metric) => roundingOf(source.config, metric));
    this.#rows = new Float64Array(m);
    this.#count = new Float64Array(m);
    this.#shift = new Float64Array(m);
    this.#sum = new Float64Array(m);
    this.#squares = new Float64Array(m);
    this.#runs = files.map(() => []);
    this.#run = new Float64Array(m);
    this.#last = new Float64Array(m).fill(NaN);
    this.#gap = new Float64Array(m);
  }

  get tailRows(): number {
    return this.#files.length;
  }

  head(): Uint8Array {
    return encoder.encode(INDEX_HEADER);
  }

  /** Counts value x of metric j. */
  #add(j: number, x: number): void {
    if (this.#count[j] === 0) this.#shift[j] = x;
    const d = x - this.#shift[j];
    this.#count[j]++;
    this.#sum[j] += d;
    this.#squares[j] += d * d;
  }

  /** Counts the open gap of metric j, up to the value `next` (NaN: none after it). */
  #closeGap(j: number, next: number): void {
    const gap = this.#gap[j];
    for (let g = 0; g < gap; g++) {
      this.#add(j, filled(this.#last[j], next, g, gap, this.#rounds[j]));
    }
    this.#gap[j] = 0;
  }

  encode(chunk: Chunk): number {
    for (let j = 0; j < this.#files.length; j++) {
      const values = chunk.values[j];
      const labels = chunk.labels[j];
      const mode = this.#modes[j];
      let run = this.#run[j];
      let rows = this.#rows[j];
      for (let i = 0; i < chunk.to - chunk.from; i++) {
        const x = values[i];
        // A dropped sample has no row: the runs on either side of it meet, as in the file.
        if (x !== x && mode === "drop") continue;
        rows++;
        if (labels[i] === 1) run++;
        else if (run > 0) {
          this.#runs[j].push(run);
          run = 0;
        }
        if (x !== x) {
          if (mode === "interpolate") this.#gap[j]++;
          continue;
        }
        if (this.#gap[j] > 0) this.#closeGap(j, x);
        this.#add(j, x);
        this.#last[j] = x;
      }
      this.#run[j] = run;
      this.#rows[j] = rows;
    }
    return 0;
  }

  finish(): number {
    for (let j = 0; j < this.#files.length; j++) if (this.#gap[j] > 0) this.#closeGap(j, NaN);
    return 0;
  }

  tail(): Iterable<Uint8Array> {
    const config = this.#config;
    const names = Object.keys(config.metrics);
    const rows = names.map((metric, j) => {
      // The anomalies are the runs of is_anomaly = 1: own faults and spread effects alike.
      const lengths = [...this.#runs[j], ...(this.#run[j] > 0 ? [this.#run[j]] : [])]
        .sort((a, b) => a - b);
      const anomalous = lengths.reduce((a, b) => a + b, 0);
      const length = this.#rows[j];
      const count = this.#count[j];
      const sum = this.#sum[j];
      const mean = count > 0 ? this.#shift[j] + sum / count : NaN;
      // pandas' std: ddof 1, NaN below two values.
      const variance = count > 1
        ? Math.max(0, (this.#squares[j] - sum * sum / count) / (count - 1))
        : NaN;
      const half = lengths.length / 2;
      // int(np.median(...)): the mean of the middle two, truncated (lengths are positive).
      const median = lengths.length === 0
        ? 0
        : lengths.length % 2 === 1
        ? lengths[(lengths.length - 1) / 2]
        : Math.floor((lengths[half - 1] + lengths[half]) / 2);
      return [
        this.#collection,
        this.#datasets[j],
        "",
        this.#files[j],
        "synthetic",
        config.general.start !== undefined ? "True" : "False",
        "",
        "unsupervised",
        "False",
        "univariate",
        length,
        1,
        length > 0 ? anomalous / length : 0,
        lengths.length,
        lengths[0] ?? 0,
        median,
        lengths[lengths.length - 1] ?? 0,
        Number.isNaN(mean) ? "" : mean,
        Number.isNaN(variance) ? "" : Math.sqrt(variance),
        "",
        "",
        periodSize(config, metric),
      ].join(",");
    });
    return [encoder.encode(rows.join("\n") + "\n")];
  }
}

/**
 * A metric's `period_size`: its longest season in whole samples, cut down as GutenTAG's
 * `calc_period_length` does (`int(100 / frequency)`); empty without seasons.
 */
function periodSize(config: ResolvedConfig, metric: string): number | "" {
  const seasons = config.metrics[metric].seasonality ?? [];
  if (seasons.length === 0) return "";
  const { interval } = config.general;
  const longest = Math.max(...seasons.map((season) => secondsOf(season.period, interval)));
  return Math.max(1, Math.floor(longest / interval));
}

/**
 * The timeeval format's files: a CSV per metric and the datasets.csv index.
 * `options.collection` must pass {@linkcode timeEvalNameProblem}.
 */
export const timeEvalFiles: FormatFiles = (source, options) => {
  const collection = options.collection ?? DEFAULT_COLLECTION;
  const problem = timeEvalNameProblem(collection);
  if (problem !== undefined) {
    throw new RangeError(`collection: ${problem}: got ${quoted(collection)}`);
  }
  const policy = options.missing ?? "interpolate";
  if (!MISSING_POLICIES.includes(policy)) {
    throw new RangeError(
      `missing: must be one of ${MISSING_POLICIES.join(", ")}: got ${quoted(String(policy))}`,
    );
  }
  const datasets = timeEvalDatasetNames(source.config);
  const files = datasets.map((name) => `timeeval-${name}.test.csv`);
  const modes = missingModes(source, policy);
  return [
    ...files.map((name, j) => new TimeEvalSeriesEncoder(source, j, name, modes[j])),
    new TimeEvalIndexEncoder(source, files, { datasets, collection, modes }),
  ];
};
