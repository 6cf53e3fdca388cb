// The live exposition of one sample in Prometheus' protobuf format: varint-length-delimited
// io.prometheus.client.MetricFamily messages, the only format in which Prometheus scrapes native
// histograms. The same families, series and values as the text formats show; a histogram's
// buckets, `_sum` and `_count` one Histogram message per series (with its native buckets when
// the histogram has `native`), a summary's quantiles one Summary. Field numbers and enum values
// as in prometheus/prometheus v2.42.0 prompb/io/prometheus/client/metrics.proto, which
// model/textparse/protobufparse.go reads (and prometheus/client_model's since v0.3.0; its earlier
// sparse-histogram draft numbered the native fields otherwise). Pure: bytes from data.

import type { Chunk, DatasetGenerator } from "../model/mod.ts";
import { FAULT_SERIES, faultSeries, prometheusFamilies } from "./prometheus.ts";
import { protobuf } from "./_dep_protobuf.ts";
import { labelPairFields } from "./_label_pairs.ts";
import { NativeHistogramCounter, writeNativeBuckets } from "./_native_histogram.ts";

type Writer = InstanceType<typeof protobuf.Writer>;

/** The help texts of the series chaos-datagen adds: the fault truth and the sample's index. */
export interface ExpositionHelp {
  /** `chaos_fault_active`'s. */
  readonly fault: string;
  /** `chaos_sample_index`'s. */
  readonly index: string;
}

/** MetricType's values. */
const COUNTER = 0;
const GAUGE = 1;
const SUMMARY = 2;
const HISTOGRAM = 4;

/** Field tags (number << 3 | wire type). */
const FAMILY_NAME = 1 << 3 | 2;
const FAMILY_HELP = 2 << 3 | 2;
const FAMILY_TYPE = 3 << 3 | 0;
const FAMILY_METRIC = 4 << 3 | 2;
const METRIC_LABEL = 1 << 3 | 2;
const METRIC_GAUGE = 2 << 3 | 2;
const METRIC_COUNTER = 3 << 3 | 2;
const METRIC_SUMMARY = 4 << 3 | 2;
const METRIC_HISTOGRAM = 7 << 3 | 2;
/** Gauge.value and Counter.value: a message of one double, 9 bytes. */
const VALUE = 1 << 3 | 1;
const SAMPLE_COUNT = 1 << 3 | 0; // Summary and Histogram: uint64
const SAMPLE_SUM = 2 << 3 | 1; // Summary and Histogram: double
const QUANTILE = 3 << 3 | 2; // Summary.quantile
const QUANTILE_QUANTILE = 1 << 3 | 1;
const QUANTILE_VALUE = 2 << 3 | 1;
const BUCKET = 3 << 3 | 2; // Histogram.bucket
const BUCKET_COUNT = 1 << 3 | 0; // cumulative_count, uint64
const BUCKET_BOUND = 2 << 3 | 1; // upper_bound, double
const SCHEMA = 5 << 3 | 0; // sint32
const ZERO_THRESHOLD = 6 << 3 | 1;
const ZERO_COUNT = 7 << 3 | 0; // uint64
const NEGATIVE_SPAN = 9 << 3 | 2;
const NEGATIVE_DELTA = 10; // field number: packed sint64
const POSITIVE_SPAN = 12 << 3 | 2;
const POSITIVE_DELTA = 13;

/** Rows counted into the native histograms per chunk asked of the generator. */
const BLOCK = 4096;

/** A native histogram counted since row 0. */
interface NativeState {
  readonly schema: number;
  /** The location's column, whose observations it counts. */
  readonly column: number;
  counter: NativeHistogramCounter;
}

/** One Metric message: its label fields, and its value's columns. */
interface MetricPlan {
  /** Each LabelPair's bytes (without `le` or `quantile`). */
  readonly labels: readonly Uint8Array[];
  /** A gauge's or counter's column. */
  readonly column: number;
  /** A histogram's or summary's `_sum` and `_count` columns (-1 until seen). */
  sum: number;
  count: number;
  /** A histogram's buckets, a summary's quantiles: `[bound, column]` by bound. */
  readonly parts: [number, number][];
  readonly native?: NativeState;
}

/** One MetricFamily: its name, help and type, and its metrics. */
interface FamilyPlan {
  readonly name: string;
  readonly help: string;
  readonly type: number;
  readonly metrics: readonly MetricPlan[];
  /** A gauge's or counter's, made once: a scrape of many series then copies bytes it has. */
  readonly values?: ValuePlan;
}

/**
 * A gauge or counter family's bytes but its values: its name, help and type fields, and each
 * Metric's bytes before its value (a double, its last 8 bytes, as a Gauge or Counter message of
 * one field ends it), laid end to end.
 */
interface ValuePlan {
  readonly head: Uint8Array;
  readonly templates: Uint8Array;
  /** Where each Metric's bytes end in `templates`. */
  readonly ends: Uint32Array;
  readonly columns: Int32Array;
}

/**
 * Encodes the exposition of one sample at a time as delimited MetricFamily messages. It keeps the
 * native histograms' counts: asked for a sample past the last one counted it counts on from
 * there, asked for an earlier one (a series served again from its start) it counts from row 0.
 *
 * @example A gauge, read back
 * ```ts
 * import { createGenerator } from "@chaos-datagen/chaos-datagen";
 * import { ProtobufExposition } from "./exposition_protobuf.ts";
 * import { protobuf } from "./_dep_protobuf.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * const generator = createGenerator({ general: { num_samples: 2 }, metrics: { cpu: { value: 3 } } });
 * const bytes = new ProtobufExposition(generator, { fault: "f", index: "i" }).encode(1);
 * const r = protobuf.Reader.create(bytes);
 * const end = r.uint32() + r.pos;
 * strictEqual(r.uint32(), 1 << 3 | 2); // MetricFamily.name
 * strictEqual(r.string(), "cpu");
 * r.pos = end; // the next family: chaos_sample_index
 * r.uint32();
 * r.uint32();
 * strictEqual(r.string(), "chaos_sample_index");
 * ```
 */
export class ProtobufExposition {
  readonly #generator: DatasetGenerator;
  readonly #families: FamilyPlan[];
  readonly #natives: NativeState[];
  /** The rows the native histograms have counted: 0 .. counted - 1. */
  #counted = 0;
  readonly #faults: { labels: Uint8Array[]; windows: readonly (readonly [number, number])[] }[];
  readonly #help: ExpositionHelp;

  /**
   * @param generator The dataset's generator.
   * @param help The help texts of `chaos_fault_active` and `chaos_sample_index`.
   * @throws {ConfigError} When Prometheus names collide.
   */
  constructor(generator: DatasetGenerator, help: ExpositionHelp) {
    const config = generator.config;
    this.#generator = generator;
    this.#natives = [];
    const columns = new Map(Object.keys(config.metrics).map((name, j) => [name, j]));
    this.#families = prometheusFamilies(config).map((family) => {
      const observed = family.type === "histogram" || family.type === "summary";
      // A counter family is named by its samples' name, as client_golang and Prometheus do.
      const name = family.type === "counter" ? family.sample : family.name;
      const type = { gauge: GAUGE, counter: COUNTER, histogram: HISTOGRAM, summary: SUMMARY }[
        family.type
      ];
      const metrics: MetricPlan[] = [];
      // A histogram's or summary's columns of one series observe one metric: one Metric each.
      const byLocation = new Map<string, MetricPlan>();
      for (const series of family.series) {
        const observes = config.metrics[series.metric].observes;
        if (!observed || !observes) {
          metrics.push({
            labels: labelPairFields(series.pairs),
            column: series.column,
            sum: -1,
            count: -1,
            parts: [],
          });
          continue;
        }
        let plan = byLocation.get(observes.of);
        if (!plan) {
          const schema = family.type === "histogram"
            ? config.metrics[observes.of].native
            : undefined;
          let native: NativeState | undefined;
          if (schema !== undefined) {
            const counter = new NativeHistogramCounter(schema);
            native = { schema, column: columns.get(observes.of)!, counter };
            this.#natives.push(native);
          }
          const own = series.pairs.filter(([label]) => label !== "le" && label !== "quantile");
          plan = {
            labels: labelPairFields(own),
            column: -1,
            sum: -1,
            count: -1,
            parts: [],
            native,
          };
          byLocation.set(observes.of, plan);
          metrics.push(plan);
        }
        if (observes.part === "sum") plan.sum = series.column;
        else if (observes.part === "count") plan.count = series.column;
        else plan.parts.push([observes.bound!, series.column]);
      }
      for (const plan of metrics) plan.parts.sort(([a], [b]) => a - b);
      const values = observed ? undefined : valuePlan(name, family.help, type, metrics);
      return { name, help: family.help, type, metrics, values };
    });
    this.#faults = faultSeries(generator).map((series) => ({
      labels: labelPairFields([["metric", series.metric], ["fault", series.fault]]),
      windows: series.windows,
    }));
    this.#help = help;
  }

  /**
   * The exposition of sample `k`: every family (those whose series are all missing with no
   * metric), then `chaos_fault_active` (when there are faults) and `chaos_sample_index`.
   *
   * @param k The sample, 0 <= k < num_samples.
   * @returns Delimited MetricFamily messages.
   */
  encode(k: number): Uint8Array<ArrayBuffer> {
    // The native histograms first: counting asks for chunks, and a chunk's arrays are reused.
    this.#countTo(k);
    const chunk = this.#generator.chunk(k, k + 1);
    const parts: Uint8Array[] = [];
    let w = protobuf.Writer.create();
    for (const family of this.#families) {
      if (family.values) {
        parts.push(w.finish(), encodeValues(family.values, chunk));
        w = protobuf.Writer.create();
        continue;
      }
      writeHead(w, family.name, family.help, family.type);
      for (const metric of family.metrics) writeMetric(w, family.type, metric, chunk);
      w.ldelim();
    }
    if (this.#faults.length > 0) {
      writeHead(w, FAULT_SERIES, this.#help.fault, GAUGE);
      for (const series of this.#faults) {
        const active = series.windows.some(([first, last]) => first <= k && k <= last);
        writeGauge(w, series.labels, METRIC_GAUGE, active ? 1 : 0);
      }
      w.ldelim();
    }
    writeHead(w, "chaos_sample_index", this.#help.index, GAUGE);
    writeGauge(w, [], METRIC_GAUGE, k);
    w.ldelim();
    parts.push(w.finish());
    const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  /** Counts every native histogram's rows up to and including `k`, in blocks. */
  #countTo(k: number): void {
    if (this.#natives.length === 0) return;
    if (k + 1 < this.#counted) {
      // An earlier sample than counted: the series began again.
      for (const native of this.#natives) {
        native.counter = new NativeHistogramCounter(native.schema);
      }
      this.#counted = 0;
    }
    for (let a = this.#counted; a <= k; a += BLOCK) {
      const b = Math.min(k + 1, a + BLOCK);
      const chunk = this.#generator.chunk(a, b);
      for (const native of this.#natives) {
        // A histogram's location column always carries its observations.
        const observed = chunk.observed![native.column]!;
        for (let i = 0; i < b - a; i++) native.counter.addSample(observed, i);
      }
      this.#counted = b;
    }
  }
}

/** A gauge or counter family's bytes but its values. */
function valuePlan(
  name: string,
  help: string,
  type: number,
  metrics: readonly MetricPlan[],
): ValuePlan {
  const field = type === GAUGE ? METRIC_GAUGE : METRIC_COUNTER;
  const pieces = metrics.map((metric) => {
    const inner = protobuf.Writer.create();
    for (const label of metric.labels) inner.uint32(METRIC_LABEL).bytes(label);
    const bytes = inner.uint32(field).uint32(9).uint32(VALUE).finish();
    const prefix = protobuf.Writer.create().uint32(FAMILY_METRIC).uint32(bytes.length + 8).finish();
    return [prefix, bytes];
  });
  const templates = new Uint8Array(pieces.reduce((n, [a, b]) => n + a.length + b.length, 0));
  const ends = new Uint32Array(metrics.length);
  let at = 0;
  pieces.forEach(([prefix, bytes], i) => {
    templates.set(prefix, at);
    templates.set(bytes, at + prefix.length);
    ends[i] = at += prefix.length + bytes.length;
  });
  return {
    head: headFields(protobuf.Writer.create(), name, help, type).finish(),
    templates,
    ends,
    columns: Int32Array.from(metrics, (metric) => metric.column),
  };
}

/** A gauge or counter family at the chunk's sample, delimited: the Metrics with a value. */
function encodeValues(plan: ValuePlan, chunk: Chunk): Uint8Array {
  const { head, templates, ends, columns } = plan;
  let length = head.length;
  for (let i = 0; i < columns.length; i++) {
    const value = chunk.values[columns[i]][0];
    if (value === value) length += ends[i] - (i === 0 ? 0 : ends[i - 1]) + 8;
  }
  const out = new Uint8Array(varintLength(length) + length);
  const view = new DataView(out.buffer);
  let at = 0;
  let v = length;
  for (; v >= 0x80; v = Math.floor(v / 128)) out[at++] = v & 0x7f | 0x80;
  out[at++] = v;
  out.set(head, at);
  at += head.length;
  for (let i = 0; i < columns.length; i++) {
    const value = chunk.values[columns[i]][0];
    if (value !== value) continue;
    for (let j = i === 0 ? 0 : ends[i - 1], end = ends[i]; j < end; j++) out[at++] = templates[j];
    view.setFloat64(at, value, true);
    at += 8;
  }
  return out;
}

/** The bytes of a varint of `n` >= 0. */
function varintLength(n: number): number {
  let length = 1;
  for (; n >= 0x80; n = Math.floor(n / 128)) length++;
  return length;
}

/** Opens a delimited MetricFamily with its name, help and type (closed by `ldelim`). */
function writeHead(w: Writer, name: string, help: string, type: number): void {
  headFields(w.fork(), name, help, type);
}

/** A MetricFamily's name, help and type fields. */
function headFields(w: Writer, name: string, help: string, type: number): Writer {
  return w.uint32(FAMILY_NAME).string(name)
    .uint32(FAMILY_HELP).string(help)
    .uint32(FAMILY_TYPE).uint32(type);
}

/** One Metric of a family at the chunk's sample; nothing when its sample is missing. */
function writeMetric(w: Writer, type: number, metric: MetricPlan, chunk: Chunk): void {
  if (type === GAUGE || type === COUNTER) {
    const value = chunk.values[metric.column][0];
    if (value === value) {
      writeGauge(w, metric.labels, type === GAUGE ? METRIC_GAUGE : METRIC_COUNTER, value);
    }
    return;
  }
  // Where the location is missing so are all the columns.
  const count = chunk.values[metric.count][0];
  const sum = chunk.values[metric.sum][0];
  if (count !== count || sum !== sum) return;
  w.uint32(FAMILY_METRIC).fork();
  for (const label of metric.labels) w.uint32(METRIC_LABEL).bytes(label);
  w.uint32(type === HISTOGRAM ? METRIC_HISTOGRAM : METRIC_SUMMARY).fork()
    .uint32(SAMPLE_COUNT).uint64(count)
    .uint32(SAMPLE_SUM).double(sum);
  for (const [bound, column] of metric.parts) {
    const value = chunk.values[column][0];
    if (value !== value) continue;
    if (type === HISTOGRAM) {
      w.uint32(BUCKET).fork()
        .uint32(BUCKET_COUNT).uint64(value)
        .uint32(BUCKET_BOUND).double(bound)
        .ldelim();
    } else {
      w.uint32(QUANTILE).fork()
        .uint32(QUANTILE_QUANTILE).double(bound)
        .uint32(QUANTILE_VALUE).double(value)
        .ldelim();
    }
  }
  const native = metric.native?.counter;
  if (native) {
    w.uint32(SCHEMA).sint32(native.schema)
      .uint32(ZERO_THRESHOLD).double(native.zeroThreshold)
      .uint32(ZERO_COUNT).uint64(native.zeroCount);
    writeNativeBuckets(w, NEGATIVE_SPAN, NEGATIVE_DELTA, native.negativeBuckets);
    writeNativeBuckets(w, POSITIVE_SPAN, POSITIVE_DELTA, native.positiveBuckets);
  }
  w.ldelim().ldelim();
}

/** A Metric of labels and one value (Gauge or Counter: a message of one double, 9 bytes). */
function writeGauge(w: Writer, labels: readonly Uint8Array[], field: number, value: number): void {
  w.uint32(FAMILY_METRIC).fork();
  for (const label of labels) w.uint32(METRIC_LABEL).bytes(label);
  w.uint32(field).uint32(9).uint32(VALUE).double(value).ldelim();
}
