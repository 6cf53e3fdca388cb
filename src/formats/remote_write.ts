// Prometheus remote write 1.0: the dataset as WriteRequests, protobuf compressed with Snappy's
// block format. The series are those of metrics.om: each metric under its Prometheus name and
// labels (a counter's samples with `_total`), every sample with its time in milliseconds, missing
// samples absent; then the fault truth `chaos_fault_active{metric,fault}`, 1 at every sample
// inside a window. A batch is a range of samples of some series, so a receiver sees each series
// in time order however the batches are cut. Pure: bytes from data, no I/O.

import type { ResolvedConfig } from "../config/types.ts";
import type { Chunk, InjectedAnomaly } from "../model/mod.ts";
import { ConfigError } from "../config/error.ts";
import { intervalMs } from "../model/time.ts";
import { FAULT_SERIES, faultSeries, prometheusFamilies } from "./prometheus.ts";
import { protobuf } from "./_dep_protobuf.ts";
import { snappyCompress, snappyUncompress } from "./_dep_snappy.ts";
import { LABEL_NAME, LABEL_VALUE, labelPairFields } from "./_label_pairs.ts";
import {
  NativeHistogramCounter,
  type NativeHistogramSample,
  readNativeHistogram,
  writeNativeHistogram,
} from "./_native_histogram.ts";

/** One series of a WriteRequest: its labels, sorted by name, and its samples in time order. */
export interface RemoteWriteSeries {
  /** `[name, value]` pairs, `__name__` among them, sorted by name as the protocol asks. */
  readonly labels: readonly (readonly [string, string])[];
  /** Sample times, milliseconds since 1970. */
  readonly timestamps: readonly number[];
  /** Sample values, one per time. */
  readonly values: readonly number[];
  /** A native histogram's samples, when the series is one. */
  readonly histograms?: readonly NativeHistogramSample[];
}

/** One request's body, and what it carries. */
export interface RemoteWriteBatch {
  /** The WriteRequest, protobuf, Snappy-compressed: the HTTP body. */
  readonly body: Uint8Array<ArrayBuffer>;
  /** The samples in it. */
  readonly samples: number;
  /** Its first sample's index, and the index after its last. */
  readonly from: number;
  readonly to: number;
  /** Its slice of the series: batches of one slice must reach the receiver in order. */
  readonly slice: number;
}

/**
 * A series to send: the label field bytes, and a metric's column or a fault's windows; a native
 * histogram's counter (fed from its location's observations, row after row from the first).
 */
interface Source {
  readonly labels: Uint8Array[];
  readonly column: number;
  readonly windows: readonly (readonly [number, number])[];
  readonly native?: { counter: NativeHistogramCounter; next: number };
}

const ProtoWriter = protobuf.Writer;
const ProtoReader = protobuf.Reader;

/** Field tags (number << 3 | wire type) of remote write 1.0's protobuf messages. */
const TIMESERIES = 1 << 3 | 2; // WriteRequest.timeseries
const LABEL = 1 << 3 | 2; // TimeSeries.labels
const SAMPLE = 2 << 3 | 2; // TimeSeries.samples
const SAMPLE_VALUE = 1 << 3 | 1; // Sample.value, a double
const SAMPLE_TIME = 2 << 3 | 0; // Sample.timestamp, an int64
const HISTOGRAM = 4 << 3 | 2; // TimeSeries.histograms

/**
 * Makes the WriteRequests of a dataset, chunk by chunk.
 *
 * @example One metric, two samples, read back
 * ```ts
 * import { createGenerator } from "@chaos-datagen/chaos-datagen";
 * import { decodeRemoteWrite, RemoteWriteEncoder } from "./remote_write.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const generator = createGenerator({
 *   general: { seed: 1, num_samples: 2, interval: "15s", start: "2026-01-01T00:00:00Z" },
 *   metrics: { cpu: { value: 30, prometheus: { labels: { job: "api" } } } },
 * });
 * const encoder = new RemoteWriteEncoder(generator.config, generator.anomalies);
 * const [batch] = encoder.batches(generator.chunk(0, 2), 1000);
 * deepStrictEqual(decodeRemoteWrite(batch.body), [{
 *   labels: [["__name__", "cpu"], ["job", "api"]],
 *   timestamps: [1767225600000, 1767225615000],
 *   values: [30, 30],
 * }]);
 * ```
 */
export class RemoteWriteEncoder {
  /** The series sent: metrics first, in config order, then the fault truth. */
  readonly seriesCount: number;
  /** The samples of the fault truth: one per sample inside each window of each truth series. */
  readonly truthSamples: number;
  readonly #sources: Source[];
  readonly #t0: number;
  readonly #step: number;

  /**
   * @param config The resolved config; it needs `general.start`, the samples' times.
   * @param anomalies The faults, for the truth series.
   * @throws {ConfigError} Without `general.start`, or when Prometheus names collide.
   */
  constructor(config: ResolvedConfig, anomalies: readonly InjectedAnomaly[]) {
    if (config.general.start === undefined) {
      throw new ConfigError([{
        path: "general.start",
        message: "remote write sends every sample with its time: set start, such as " +
          `start = "2026-01-01T00:00:00Z"`,
      }]);
    }
    this.#t0 = Date.parse(config.general.start);
    this.#step = intervalMs(config.general);
    this.#sources = [];
    // A histogram with a native schema is also one native series (the family's name, its
    // labels), after the float series.
    const natives: Source[] = [];
    const columns = new Map(Object.keys(config.metrics).map((name, j) => [name, j]));
    for (const family of prometheusFamilies(config)) {
      for (const series of family.series) {
        this.#sources.push({
          labels: labelFields([["__name__", series.sample], ...series.pairs]),
          column: series.column,
          windows: [],
        });
        const observes = config.metrics[series.metric].observes;
        const schema = observes && config.metrics[observes.of].native;
        if (observes?.part !== "sum" || schema === undefined) continue;
        natives.push({
          labels: labelFields([["__name__", family.name], ...series.pairs]),
          column: columns.get(observes.of)!,
          windows: [],
          native: { counter: new NativeHistogramCounter(schema), next: 0 },
        });
      }
    }
    this.#sources.push(...natives);
    for (const series of faultSeries({ config, anomalies })) {
      this.#sources.push({
        labels: labelFields([
          ["__name__", FAULT_SERIES],
          ["metric", series.metric],
          ["fault", series.fault],
        ]),
        column: -1,
        windows: series.windows,
      });
    }
    this.seriesCount = this.#sources.length;
    this.truthSamples = this.#sources.reduce(
      (sum, s) => sum + s.windows.reduce((n, [first, last]) => n + last - first + 1, 0),
      0,
    );
  }

  /**
   * The chunk's samples as batches of about `maxSamples` each: rows in blocks of `maxRows` at
   * most, and the series in slices of equal size, as few as a batch of whole blocks allows but
   * at least `slices` when there are series enough; each batch one slice's samples of one
   * block, as a WriteRequest. Batches of one slice come in time order: sent one after the
   * other, a series reaches the receiver in order. Made one at a time, as asked for.
   *
   * @param chunk Samples from the generator.
   * @param maxSamples Samples per batch at most (the fault truth may add some), >= 1.
   * @param slices How many slices to cut the series into at least (when there are as many), >= 1.
   * @param maxRows Rows per block at most, >= 1: a receiver that takes samples only within a
   * window of its newest one (Prometheus: an hour) needs the blocks in flight to span less.
   * @returns The batches, block by block; those with no samples are left out.
   */
  *batches(
    chunk: Chunk,
    maxSamples: number,
    slices = 1,
    maxRows = Infinity,
  ): Generator<RemoteWriteBatch> {
    const count = this.#sources.length;
    // Few series with many rows each: a receiver pays per series of a request more than per
    // sample. Yet at least `slices` slices when there are series enough, to send in parallel.
    const want = Math.max(1, Math.min(maxRows, chunk.to - chunk.from));
    const size = Math.max(1, Math.min(Math.floor(maxSamples / want), Math.ceil(count / slices)));
    const rows = Math.max(1, Math.min(maxRows, Math.floor(maxSamples / size)));
    for (let a = chunk.from; a < chunk.to; a += rows) {
      const b = Math.min(chunk.to, a + rows);
      for (let s = 0; s < count; s += size) {
        const batch = this.#encode(chunk, a, b, s, Math.min(count, s + size), s / size);
        if (batch.samples > 0) yield batch;
      }
    }
  }

  /** Rows `a..b` of sources `s..e` (slice `slice`) as one compressed WriteRequest. */
  #encode(
    chunk: Chunk,
    a: number,
    b: number,
    s: number,
    e: number,
    slice: number,
  ): RemoteWriteBatch {
    const w = ProtoWriter.create();
    let samples = 0;
    for (let i = s; i < e; i++) {
      const source = this.#sources[i];
      // A series with no sample in the range is left out whole (a native histogram counts
      // nothing where its location is missing).
      if (!hasSamples(source, chunk, a, b)) {
        if (source.native) source.native.next = b;
        continue;
      }
      w.uint32(TIMESERIES).fork();
      for (const label of source.labels) w.uint32(LABEL).bytes(label);
      if (source.native) {
        samples += this.#histograms(w, source.native, chunk, source.column, a, b);
      } else if (source.column >= 0) {
        const values = chunk.values[source.column];
        for (let k = a; k < b; k++) {
          const value = values[k - chunk.from];
          // A missing sample is not sent.
          if (value !== value) continue;
          this.#sample(w, k, value);
          samples++;
        }
      } else {
        for (const [first, last] of source.windows) {
          for (let k = Math.max(a, first); k <= Math.min(b - 1, last); k++) {
            this.#sample(w, k, 1);
            samples++;
          }
        }
      }
      w.ldelim();
    }
    return { body: snappyCompress(w.finish()), samples, from: a, to: b, slice };
  }

  /**
   * A native histogram's samples of rows a..b: each row's observations added to its counter (in
   * row order from the first: batches come block after block), sent where the location is not
   * missing.
   */
  #histograms(
    w: InstanceType<typeof ProtoWriter>,
    native: NonNullable<Source["native"]>,
    chunk: Chunk,
    column: number,
    a: number,
    b: number,
  ): number {
    const observed = chunk.observed?.[column];
    if (!observed || native.next !== a) {
      throw new RangeError(
        `a native histogram is counted row after row from the first: rows ${a}..${b} came ` +
          `after row ${native.next - 1}`,
      );
    }
    let samples = 0;
    for (let k = a; k < b; k++) {
      if (!native.counter.addSample(observed, k - chunk.from)) continue;
      writeNativeHistogram(w, native.counter, this.#t0 + k * this.#step);
      samples++;
    }
    native.next = b;
    return samples;
  }

  #sample(w: InstanceType<typeof ProtoWriter>, k: number, value: number): void {
    w.uint32(SAMPLE).fork()
      .uint32(SAMPLE_VALUE).double(value)
      .uint32(SAMPLE_TIME).int64(this.#t0 + k * this.#step)
      .ldelim();
  }
}

/** Whether a series has a sample in rows `a..b`: a value not missing, or a window. */
function hasSamples(source: Source, chunk: Chunk, a: number, b: number): boolean {
  if (source.column < 0) return source.windows.some(([first, last]) => first < b && last >= a);
  const values = chunk.values[source.column];
  for (let k = a; k < b; k++) if (values[k - chunk.from] === values[k - chunk.from]) return true;
  return false;
}

/** Each label's field bytes (name and value), sorted by name as remote write 1.0 asks. */
function labelFields(labels: readonly (readonly [string, string])[]): Uint8Array[] {
  return labelPairFields([...labels].sort(([x], [y]) => x < y ? -1 : x > y ? 1 : 0));
}

/**
 * Reads a remote write body back: Snappy, then the WriteRequest's series (labels and samples;
 * other fields skipped). For receivers in tests, and to check what was sent.
 *
 * @param body A request body as sent.
 * @returns Its series, in order.
 * @throws {Error} When the body is not a Snappy-compressed WriteRequest.
 *
 * @example An empty request
 * ```ts
 * import { decodeRemoteWrite } from "./remote_write.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(decodeRemoteWrite(new Uint8Array([0])), []);
 * ```
 */
export function decodeRemoteWrite(body: Uint8Array): RemoteWriteSeries[] {
  const r = ProtoReader.create(snappyUncompress(body));
  const out: RemoteWriteSeries[] = [];
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag !== TIMESERIES) {
      r.skipType(tag & 7);
      continue;
    }
    const end = r.uint32() + r.pos;
    const labels: [string, string][] = [];
    const timestamps: number[] = [];
    const values: number[] = [];
    const histograms: NativeHistogramSample[] = [];
    while (r.pos < end) {
      const field = r.uint32();
      if (field === HISTOGRAM) {
        histograms.push(readNativeHistogram(r, r.uint32() + r.pos));
        continue;
      }
      if (field === LABEL || field === SAMPLE) {
        const stop = r.uint32() + r.pos;
        let first: string | number = "";
        let second: string | number = field === LABEL ? "" : 0;
        while (r.pos < stop) {
          const inner = r.uint32();
          if (field === LABEL && inner === LABEL_NAME) first = r.string();
          else if (field === LABEL && inner === LABEL_VALUE) second = r.string();
          else if (field === SAMPLE && inner === SAMPLE_VALUE) first = r.double();
          else if (field === SAMPLE && inner === SAMPLE_TIME) second = int64(r.int64());
          else r.skipType(inner & 7);
        }
        if (field === LABEL) labels.push([first as string, second as string]);
        else {
          values.push(first === "" ? 0 : first as number);
          timestamps.push(second as number);
        }
      } else r.skipType(field & 7);
    }
    out.push({ labels, timestamps, values, ...(histograms.length > 0 ? { histograms } : {}) });
  }
  return out;
}

/** An int64 as read: protobufjs gives a Long when the long package is loaded, else a number. */
function int64(value: number | { low: number; high: number }): number {
  return typeof value === "number" ? value : value.high * 2 ** 32 + (value.low >>> 0);
}
