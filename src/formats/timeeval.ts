// The layout TimeEval and GutenTAG use: one CSV per metric in TimeEval's canonical format
// (`timestamp,value-0,is_anomaly`: an integer index or an RFC 3339 time, the value, 0 or 1), as
// GutenTAG its training series beside it (the config drawn again with other seeds: one without
// faults, one with its own), one multivariate CSV of every metric, and the index TimeEval's
// DatasetManager reads, `datasets.csv`: rows per metric as GutenTAG writes them (unsupervised,
// semi-supervised, supervised) with the figures TimeEval's own DatasetAnalyzer gives the test
// file, and the multivariate file's row. Names TimeEval can key (a collection per run, a dataset
// per metric: _timeeval_names.ts), and a policy for missing samples, which TimeEval reads as NaN
// and scores as 0.

import type { ResolvedConfig } from "../config/types.ts";
import type { Chunk } from "../model/mod.ts";
import type {
  FileEncoder,
  FormatFiles,
  FormatSource,
  MissingPolicy,
  TrainingConfigs,
} from "./types.ts";
import { Generation } from "../model/generation.ts";
import { type ByteWriter, MAX_NUMBER_BYTES } from "./bytes.ts";
import { isWholeColumn } from "./csv.ts";
import { MAX_TIME_BYTES, type TimeText, timeTextOf } from "./_time_text.ts";
import { secondsOf } from "../text/duration.ts";
import { quoted } from "../text/mod.ts";
import {
  DEFAULT_COLLECTION,
  MISSING_POLICIES,
  MULTIVARIATE,
  timeEvalName,
  timeEvalNameProblem,
  type TrainingVariant,
} from "./_timeeval_names.ts";

/** The header of TimeEval's index file. */
const INDEX_HEADER = "collection_name,dataset_name,train_path,test_path,dataset_type," +
  "datetime_index,split_at,train_type,train_is_normal,input_type,length,dimensions," +
  "contamination,num_anomalies,min_anomaly_length,median_anomaly_length,max_anomaly_length," +
  "mean,stddev,trend,stationarity,period_size\n";

/** The name of the index file. */
export const TIMEEVAL_INDEX = "datasets.csv";
/**
 * The names of the per-metric files: `timeeval-<name>.test.csv`, `.train_no_anomaly.csv`,
 * `.train_anomaly.csv` (and the multivariate `timeeval-multivariate.test.csv`).
 */
export const TIMEEVAL_FILE: RegExp =
  /^timeeval-[A-Za-z0-9._-]+\.(?:test|train_no_anomaly|train_anomaly)\.csv$/;

/** The multivariate file's name. */
const MULTIVARIATE_FILE = `timeeval-${MULTIVARIATE}.test.csv`;

const encoder = new TextEncoder();

/**
 * The name of each metric in the index and its files: its {@linkcode timeEvalName}, and a name
 * taken already (letter case aside: the metadata files may share a case-blind folder), or
 * `multivariate` (the multivariate file's), gets `-2`, `-3`... Its datasets are
 * `<name>.unsupervised`, `<name>.semi-supervised` and `<name>.supervised`, as GutenTAG names them.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { resolveConfig } from "../config/mod.ts";
 * import { timeEvalDatasetNames } from "./timeeval.ts";
 * const config = resolveConfig({
 *   general: { num_samples: 3, seed: 1 },
 *   metrics: {
 *     "a/b": { value: 1 },
 *     a_b: { value: 2 },
 *     "1": { value: 3 },
 *     Multivariate: { value: 4 },
 *   },
 * });
 * deepStrictEqual(timeEvalDatasetNames(config), ["ts-1", "a_b", "a_b-2", "Multivariate-2"]);
 * ```
 */
export function timeEvalDatasetNames(config: ResolvedConfig): string[] {
  const taken = new Set<string>([MULTIVARIATE]);
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
 * const config = resolveConfig({
 *   general: { num_samples: 3, seed: 1 },
 *   metrics: { "c/d": { value: 1 } },
 * });
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

/** Sample k's time: its index, or its RFC 3339 time. Room must be reserved. */
function writeTime(w: ByteWriter, times: TimeText | undefined, k: number): void {
  if (times !== undefined) w.length = times.write(w.dataView, w.length, k);
  else w.unsigned(k);
}

/**
 * values[i] as metrics.csv writes it (a float column's whole numbers with `.0`, so pandas reads
 * floats); NaN is an empty cell. Room must be reserved.
 */
function writeValue(
  w: ByteWriter,
  values: Float64Array,
  i: number,
  decimals: number,
  scale: number,
  float: boolean,
): void {
  const x = values[i];
  if (x !== x) return;
  if (decimals >= 0) w.fixedAt(values, i, decimals, scale);
  else w.shortestAt(values, i);
  if (float && Math.floor(x) === x && x < 1e21 && x > -1e21) w.ascii(".0");
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
    writeTime(w, this.#times, k);
    w.byte(44);
    writeValue(w, values, i, this.#decimals, this.#scale, this.#float);
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
 * A training series' samples, made from its own config for the range of each chunk the test
 * files are given: every training file of one variant asks for the same range in turn, and the
 * chunk made for the first is kept for the others. So training files are encoded wherever the
 * test files are (workers, any chunk size) and hold the same bytes.
 */
class TrainingChunks {
  readonly #generation: Generation;
  #from = -1;
  #to = -1;
  #chunk: Chunk | undefined;

  constructor(generation: Generation) {
    this.#generation = generation;
  }

  chunk(from: number, to: number): Chunk {
    if (this.#chunk === undefined || from !== this.#from || to !== this.#to) {
      this.#chunk = this.#generation.chunk(from, to);
      this.#from = from;
      this.#to = to;
    }
    return this.#chunk;
  }
}

/**
 * A training file, `timeeval-<name>.<variant>.csv`: the encoder of a test file (a metric's, or
 * the multivariate one) fed with the training series' samples of the range of each chunk.
 */
class TimeEvalTrainingEncoder implements FileEncoder {
  readonly name: string;
  readonly sections = 1;
  readonly sequential: boolean;
  readonly tailRows = 0;
  readonly #chunks: TrainingChunks;
  readonly #series: FileEncoder;

  constructor(chunks: TrainingChunks, series: FileEncoder) {
    this.name = series.name;
    this.sequential = series.sequential;
    this.#chunks = chunks;
    this.#series = series;
  }

  head(section: number): Uint8Array {
    return this.#series.head(section);
  }

  encode(chunk: Chunk, out: readonly ByteWriter[]): number {
    return this.#series.encode(this.#chunks.chunk(chunk.from, chunk.to), out);
  }

  finish(out: readonly ByteWriter[]): number {
    return this.#series.finish(out);
  }

  tail(): Iterable<Uint8Array> {
    return [];
  }
}

/**
 * The multivariate file, `timeeval-multivariate.test.csv`: `timestamp,value-0,...,value-<m-1>,
 * is_anomaly`, value-j the j-th metric, is_anomaly 1 where any metric is labelled. Missing
 * samples as in the metrics' files: interpolated (the rows wait until every gap open is closed:
 * encoded in order), dropped (a row with any missing sample is left out), or kept empty.
 */
class TimeEvalMultivariateEncoder implements FileEncoder {
  readonly name: string;
  readonly sections = 1;
  readonly sequential: boolean;
  readonly tailRows = 0;
  readonly #m: number;
  readonly #decimals: number;
  readonly #scale: number;
  readonly #floats: boolean[];
  readonly #times: TimeText | undefined;
  readonly #modes: MissingPolicy[];
  readonly #rounds: ((x: number) => number)[];
  readonly #drop: boolean;
  /** Interpolating: rows from #first not written yet (m values each) and their labels. */
  #first = 0;
  readonly #values: number[] = [];
  readonly #labels: number[] = [];
  /** Per metric, the last value and the first sample of its open gap (-1: none). */
  readonly #last: Float64Array;
  readonly #gapFrom: Float64Array;
  readonly #one = new Float64Array(1);

  constructor(source: FormatSource, modes: MissingPolicy[], name: string = MULTIVARIATE_FILE) {
    const { config } = source;
    const names = Object.keys(config.metrics);
    this.name = name;
    this.#m = names.length;
    const decimals = config.general.decimals;
    this.#decimals = decimals === "full" ? -1 : decimals;
    this.#scale = decimals === "full" ? 0 : 10 ** decimals;
    this.#floats = names.map((metric) => !isWholeColumn(config, metric));
    this.#times = timeTextOf(config.general);
    this.#modes = modes;
    this.#rounds = names.map((metric) => roundingOf(config, metric));
    this.#drop = modes.includes("drop");
    this.sequential = modes.includes("interpolate");
    this.#last = new Float64Array(this.#m).fill(NaN);
    this.#gapFrom = new Float64Array(this.#m).fill(-1);
  }

  head(): Uint8Array {
    const columns = Array.from({ length: this.#m }, (_, j) => `value-${j}`);
    return encoder.encode(`timestamp,${columns.join(",")},is_anomaly\n`);
  }

  #reserve(w: ByteWriter): void {
    w.reserve(MAX_TIME_BYTES + this.#m * (MAX_NUMBER_BYTES + 3) + 16);
  }

  encode(chunk: Chunk, out: readonly ByteWriter[]): number {
    if (this.sequential) return this.#interpolate(chunk, out[0]);
    const w = out[0];
    const m = this.#m;
    let written = 0;
    for (let i = 0; i < chunk.to - chunk.from; i++) {
      let label = 0;
      let missing = false;
      for (let j = 0; j < m; j++) {
        label |= chunk.labels[j][i];
        const x = chunk.values[j][i];
        if (x !== x) missing = true;
      }
      if (missing && this.#drop) continue;
      this.#reserve(w);
      writeTime(w, this.#times, chunk.from + i);
      for (let j = 0; j < m; j++) {
        w.byte(44);
        writeValue(w, chunk.values[j], i, this.#decimals, this.#scale, this.#floats[j]);
      }
      w.ascii(label === 1 ? ",1\n" : ",0\n");
      written++;
    }
    return written;
  }

  #interpolate(chunk: Chunk, w: ByteWriter): number {
    const m = this.#m;
    let written = 0;
    for (let i = 0; i < chunk.to - chunk.from; i++) {
      const k = chunk.from + i;
      let label = 0;
      for (let j = 0; j < m; j++) {
        label |= chunk.labels[j][i];
        const x = chunk.values[j][i];
        this.#values.push(x);
        if (this.#modes[j] !== "interpolate") continue;
        if (x !== x) {
          if (this.#gapFrom[j] < 0) this.#gapFrom[j] = k;
        } else {
          if (this.#gapFrom[j] >= 0) this.#closeGap(j, k, x);
          this.#last[j] = x;
        }
      }
      this.#labels.push(label);
      written += this.#flush(w, this.#ready(k + 1));
    }
    return written;
  }

  /** Fills metric j's open gap, up to sample `to` (exclusive), toward `next` (NaN: none). */
  #closeGap(j: number, to: number, next: number): void {
    const from = this.#gapFrom[j];
    const gap = to - from;
    for (let g = 0; g < gap; g++) {
      this.#values[(from + g - this.#first) * this.#m + j] = filled(
        this.#last[j],
        next,
        g,
        gap,
        this.#rounds[j],
      );
    }
    this.#gapFrom[j] = -1;
  }

  /** The rows before the first open gap, up to `end`: they are whole. */
  #ready(end: number): number {
    for (let j = 0; j < this.#m; j++) {
      if (this.#gapFrom[j] >= 0 && this.#gapFrom[j] < end) end = this.#gapFrom[j];
    }
    return end;
  }

  /** Writes the rows kept from #first up to `end` (exclusive). */
  #flush(w: ByteWriter, end: number): number {
    const m = this.#m;
    const rows = end - this.#first;
    for (let r = 0; r < rows; r++) {
      this.#reserve(w);
      writeTime(w, this.#times, this.#first + r);
      for (let j = 0; j < m; j++) {
        w.byte(44);
        this.#one[0] = this.#values[r * m + j];
        writeValue(w, this.#one, 0, this.#decimals, this.#scale, this.#floats[j]);
      }
      w.ascii(this.#labels[r] === 1 ? ",1\n" : ",0\n");
    }
    if (rows > 0) {
      this.#values.splice(0, rows * m);
      this.#labels.splice(0, rows);
      this.#first = end;
    }
    return rows;
  }

  finish(out: readonly ByteWriter[]): number {
    if (!this.sequential) return 0;
    // A gap at the end takes the last value (a metric with none keeps its empty cells).
    const end = this.#first + this.#labels.length;
    for (let j = 0; j < this.#m; j++) if (this.#gapFrom[j] >= 0) this.#closeGap(j, end, NaN);
    return this.#flush(out[0], end);
  }

  tail(): Iterable<Uint8Array> {
    return [];
  }
}

/** Per column: values counted, the first, and sums of x - first and its squares (no cancelling). */
class Moments {
  readonly #count: Float64Array;
  readonly #shift: Float64Array;
  readonly #sum: Float64Array;
  readonly #squares: Float64Array;

  constructor(columns: number) {
    this.#count = new Float64Array(columns);
    this.#shift = new Float64Array(columns);
    this.#sum = new Float64Array(columns);
    this.#squares = new Float64Array(columns);
  }

  add(j: number, x: number): void {
    if (this.#count[j] === 0) this.#shift[j] = x;
    const d = x - this.#shift[j];
    this.#count[j]++;
    this.#sum[j] += d;
    this.#squares[j] += d * d;
  }

  /** pandas' mean: NaN skipped, NaN without values. */
  mean(j: number): number {
    const count = this.#count[j];
    return count > 0 ? this.#shift[j] + this.#sum[j] / count : NaN;
  }

  /** pandas' std: NaN skipped, ddof 1, NaN below two values. */
  sd(j: number): number {
    const count = this.#count[j];
    const sum = this.#sum[j];
    return count > 1
      ? Math.sqrt(Math.max(0, (this.#squares[j] - sum * sum / count) / (count - 1)))
      : NaN;
  }
}

/** Runs of 1 in a column of labels, fed in order. */
class Runs {
  readonly lengths: number[] = [];
  #run = 0;

  add(label: number): void {
    if (label === 1) this.#run++;
    else if (this.#run > 0) {
      this.lengths.push(this.#run);
      this.#run = 0;
    }
  }

  /** The lengths, sorted, the run going on included. */
  sorted(): number[] {
    return [...this.lengths, ...(this.#run > 0 ? [this.#run] : [])].sort((a, b) => a - b);
  }
}

/**
 * The index figures of a file as TimeEval's `_find_base_metadata` finds them: length,
 * contamination, count and min/median/max lengths of the runs of is_anomaly = 1 (0 without any;
 * the median as `int(np.median(...))`).
 */
function anomalyFigures(runs: Runs, length: number): (number | string)[] {
  const lengths = runs.sorted();
  const anomalous = lengths.reduce((a, b) => a + b, 0);
  const half = lengths.length / 2;
  // int(np.median(...)): the mean of the middle two, truncated (lengths are positive).
  const median = lengths.length === 0
    ? 0
    : lengths.length % 2 === 1
    ? lengths[(lengths.length - 1) / 2]
    : Math.floor((lengths[half - 1] + lengths[half]) / 2);
  return [
    length > 0 ? anomalous / length : 0,
    lengths.length,
    lengths[0] ?? 0,
    median,
    lengths[lengths.length - 1] ?? 0,
  ];
}

/** A number for the index; NaN is an empty cell. */
const cell = (x: number): number | string => Number.isNaN(x) ? "" : x;

/**
 * `datasets.csv`: per metric the rows GutenTAG writes, `<name>.unsupervised` (test file only),
 * and with training files `<name>.semi-supervised` (trained on `train_no_anomaly`,
 * train_is_normal True) and `<name>.supervised` (on `train_anomaly`), all with the figures
 * TimeEval's own `DatasetAnalyzer` gives the test file (`_find_base_metadata`): runs of
 * is_anomaly = 1, their lengths (0 with none; the median as `int(np.median(...))`), mean and
 * deviation (pandas: NaN skipped, ddof 1) of the values written, interpolated ones included;
 * then the multivariate file's row (its mean and deviation the mean over the columns', as
 * TimeEval's `DatasetMetadata`). They are sums over every sample in order, so it is encoded in
 * order, on one thread: the same bytes for any chunk size.
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
  readonly #train: boolean;
  readonly #multivariate: boolean;
  readonly #rounds: ((x: number) => number)[];
  /** Per metric: rows written, moments of the values, runs of labels. */
  readonly #rows: Float64Array;
  readonly #moments: Moments;
  readonly #runs: Runs[];
  /** Interpolating: the last value and the missing samples since. */
  readonly #last: Float64Array;
  readonly #gap: Float64Array;
  /** The multivariate file: rows, runs, and (rows dropped) its columns' own moments. */
  #multiRows = 0;
  readonly #multiRuns = new Runs();
  readonly #multiMoments: Moments | undefined;

  constructor(
    source: FormatSource,
    files: string[],
    options: {
      datasets?: string[];
      collection?: string;
      modes?: MissingPolicy[];
      train?: boolean;
      multivariate?: boolean;
    } = {},
  ) {
    this.#config = source.config;
    this.#files = files;
    this.#datasets = options.datasets ?? timeEvalDatasetNames(source.config);
    this.#collection = options.collection ?? DEFAULT_COLLECTION;
    const m = files.length;
    this.#modes = options.modes ?? files.map(() => "keep");
    this.#train = options.train ?? false;
    this.#multivariate = options.multivariate ?? false;
    const names = Object.keys(source.config.metrics);
    this.#rounds = names.map((metric) => roundingOf(source.config, metric));
    this.#rows = new Float64Array(m);
    this.#moments = new Moments(m);
    this.#runs = files.map(() => new Runs());
    this.#last = new Float64Array(m).fill(NaN);
    this.#gap = new Float64Array(m);
    // With rows of missing samples dropped, the multivariate columns lose values their own files
    // keep: they are counted apart.
    this.#multiMoments = this.#multivariate && this.#modes.includes("drop")
      ? new Moments(m)
      : undefined;
  }

  get tailRows(): number {
    return (this.#files.length + (this.#multivariate ? 1 : 0)) * (this.#train ? 3 : 1);
  }

  head(): Uint8Array {
    return encoder.encode(INDEX_HEADER);
  }

  /** Counts the open gap of metric j, up to the value `next` (NaN: none after it). */
  #closeGap(j: number, next: number): void {
    const gap = this.#gap[j];
    for (let g = 0; g < gap; g++) {
      this.#moments.add(j, filled(this.#last[j], next, g, gap, this.#rounds[j]));
    }
    this.#gap[j] = 0;
  }

  encode(chunk: Chunk): number {
    const rows = chunk.to - chunk.from;
    for (let j = 0; j < this.#files.length; j++) {
      const values = chunk.values[j];
      const labels = chunk.labels[j];
      const mode = this.#modes[j];
      const runs = this.#runs[j];
      let written = this.#rows[j];
      for (let i = 0; i < rows; i++) {
        const x = values[i];
        // A dropped sample has no row: the runs on either side of it meet, as in the file.
        if (x !== x && mode === "drop") continue;
        written++;
        runs.add(labels[i]);
        if (x !== x) {
          if (mode === "interpolate") this.#gap[j]++;
          continue;
        }
        if (this.#gap[j] > 0) this.#closeGap(j, x);
        this.#moments.add(j, x);
        this.#last[j] = x;
      }
      this.#rows[j] = written;
    }
    if (this.#multivariate) this.#countMultivariate(chunk);
    return 0;
  }

  /** The multivariate file's rows: a row per sample, none where one is dropped. */
  #countMultivariate(chunk: Chunk): void {
    const m = this.#files.length;
    const moments = this.#multiMoments;
    for (let i = 0; i < chunk.to - chunk.from; i++) {
      let label = 0;
      let missing = false;
      for (let j = 0; j < m; j++) {
        label |= chunk.labels[j][i];
        const x = chunk.values[j][i];
        if (x !== x) missing = true;
      }
      if (moments !== undefined) {
        if (missing) continue;
        for (let j = 0; j < m; j++) moments.add(j, chunk.values[j][i]);
      }
      this.#multiRows++;
      this.#multiRuns.add(label);
    }
  }

  finish(): number {
    for (let j = 0; j < this.#files.length; j++) if (this.#gap[j] > 0) this.#closeGap(j, NaN);
    return 0;
  }

  tail(): Iterable<Uint8Array> {
    const config = this.#config;
    const rows = Object.keys(config.metrics).flatMap((metric, j) => {
      const length = this.#rows[j];
      // The anomalies are the runs of is_anomaly = 1: own faults and spread effects alike.
      const figures = [
        length,
        1,
        ...anomalyFigures(this.#runs[j], length),
        cell(this.#moments.mean(j)),
        cell(this.#moments.sd(j)),
      ];
      return this.#variants(this.#datasets[j], "univariate", figures, periodSize(config, metric));
    });
    if (this.#multivariate) rows.push(...this.#multivariateRows());
    return [encoder.encode(rows.join("\n") + "\n")];
  }

  /**
   * The rows of a test file, as GutenTAG writes them: `<name>.unsupervised`, and with training
   * files `<name>.semi-supervised` (train_no_anomaly, train_is_normal True) and
   * `<name>.supervised` (train_anomaly); `figures` from length to stddev.
   */
  #variants(
    name: string,
    input: string,
    figures: (number | string)[],
    period: number | string,
  ): string[] {
    const datetime = this.#config.general.start !== undefined ? "True" : "False";
    const test = `timeeval-${name}.test.csv`;
    const row = (type: string, train: string, normal: string) =>
      [
        this.#collection,
        `${name}.${type}`,
        train,
        test,
        "synthetic",
        datetime,
        "",
        type,
        normal,
        input,
        ...figures,
        "",
        "",
        period,
      ].join(",");
    return [
      row("unsupervised", "", "False"),
      ...(this.#train
        ? [
          row("semi-supervised", trainFile(name, "train_no_anomaly"), "True"),
          row("supervised", trainFile(name, "train_anomaly"), "False"),
        ]
        : []),
    ];
  }

  /**
   * The multivariate file's rows: its mean and deviation are the means of its columns' (NaN if
   * one is), as TimeEval's `DatasetMetadata.mean` and `.stddev`; `period_size` the lower median
   * of the metrics' (those with seasons): one of their seasons.
   */
  #multivariateRows(): string[] {
    const m = this.#files.length;
    const moments = this.#multiMoments ?? this.#moments;
    let mean = 0;
    let sd = 0;
    for (let j = 0; j < m; j++) {
      mean += moments.mean(j) / m;
      sd += moments.sd(j) / m;
    }
    const periods = Object.keys(this.#config.metrics).map((metric) =>
      periodSize(this.#config, metric)
    ).filter((p): p is number => p !== "").sort((a, b) => a - b);
    // The lower median: a season of one of the metrics (a day and a week do not make 4 days).
    const period = periods.length === 0 ? "" : periods[Math.floor((periods.length - 1) / 2)];
    const length = this.#multiRows;
    const figures = [
      length,
      m,
      ...anomalyFigures(this.#multiRuns, length),
      cell(mean),
      cell(sd),
    ];
    return this.#variants(MULTIVARIATE, "multivariate", figures, period);
  }
}

/** A training file: `timeeval-<name>.train_no_anomaly.csv` or `.train_anomaly.csv`. */
function trainFile(name: string, variant: TrainingVariant): string {
  return `timeeval-${name}.${variant}.csv`;
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
 * The timeeval format's files: a CSV per metric, its training files (with `options.train`), the
 * multivariate CSV (two metrics or more) and the datasets.csv index. `options.collection` must
 * pass {@linkcode timeEvalNameProblem}.
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
  const train = options.train;
  const multivariate = files.length > 1;
  return [
    ...files.map((name, j) => new TimeEvalSeriesEncoder(source, j, name, modes[j])),
    ...(train === undefined ? [] : trainingEncoders(source, train, datasets, policy, multivariate)),
    ...(multivariate ? [new TimeEvalMultivariateEncoder(source, modes)] : []),
    new TimeEvalIndexEncoder(source, files, {
      datasets,
      collection,
      modes,
      train: train !== undefined,
      multivariate,
    }),
  ];
};

/**
 * The training files: per variant, a file per metric and the multivariate one, from one
 * generator of its config.
 */
function trainingEncoders(
  source: FormatSource,
  train: TrainingConfigs,
  datasets: string[],
  policy: MissingPolicy,
  multivariate: boolean,
): FileEncoder[] {
  const names = Object.keys(source.config.metrics);
  return (["train_no_anomaly", "train_anomaly"] as const).flatMap((variant) => {
    const config = train[variant];
    const same = Object.keys(config.metrics);
    if (same.length !== names.length || same.some((name, j) => name !== names[j])) {
      throw new RangeError(`train.${variant}: must have the run's metrics, in the same order`);
    }
    const generation = new Generation(config);
    const chunks = new TrainingChunks(generation);
    const trainSource = { config, anomalies: generation.anomalies };
    const modes = missingModes(trainSource, policy);
    return [
      ...datasets.map((name, j) =>
        new TimeEvalTrainingEncoder(
          chunks,
          new TimeEvalSeriesEncoder(trainSource, j, trainFile(name, variant), modes[j]),
        )
      ),
      ...(multivariate
        ? [
          new TimeEvalTrainingEncoder(
            chunks,
            new TimeEvalMultivariateEncoder(trainSource, modes, trainFile(MULTIVARIATE, variant)),
          ),
        ]
        : []),
    ];
  });
}
