// Prometheus native histograms (sparse, exponential buckets) for remote write 1.0: a cumulative
// counter fed by distributions of observations, and its Histogram message, written and read.
// Field numbers and bucket rules as in prometheus/prometheus v2.42.0 (prompb/types.proto,
// model/histogram/generic.go): with schema s, base = 2^(2^-s); positive bucket i holds
// (base^(i-1), base^i], negative bucket i its mirror [-base^i, -base^(i-1)), and the zero bucket
// every |x| <= zero threshold. Pure: no I/O.

import type { protobuf } from "./_dep_protobuf.ts";
import { roundHalfEven } from "../model/round.ts";
import type { ObservedSamples } from "../model/dataset.ts";

/** A law of observations: only its distribution function is needed. */
export interface ObservedDistribution {
  /** F(x) = P(X <= x); nondecreasing, 0 at -Infinity, 1 at +Infinity. */
  cdf(x: number): number;
}

/** One Histogram message as read back: integer counts, buckets as sorted `[index, count]`. */
export interface NativeHistogramSample {
  /** Milliseconds since 1970. */
  readonly timestamp: number;
  /** Observations in all buckets. */
  readonly count: number;
  /** Sum of the observations. */
  readonly sum: number;
  /** Bucket schema, -4..8: each power of two is cut into 2^schema buckets. */
  readonly schema: number;
  /** Observations with |x| <= this are in the zero bucket. */
  readonly zeroThreshold: number;
  /** Observations in the zero bucket. */
  readonly zeroCount: number;
  /** Non-empty positive buckets, `[index, count]` by index. */
  readonly positive: [number, number][];
  /** Non-empty negative buckets, `[index, count]` by index (index of |x|). */
  readonly negative: [number, number][];
}

type Writer = InstanceType<typeof protobuf.Writer>;
type Reader = InstanceType<typeof protobuf.Reader>;

/** client_golang's DefNativeHistogramZeroThreshold, 2^-128: a bucket bound in every schema. */
const DEFAULT_ZERO_THRESHOLD = 2.938735877055719e-39;

/** Field tags (number << 3 | wire type) of prompb.Histogram and prompb.BucketSpan. */
const HISTOGRAMS = 4 << 3 | 2; // TimeSeries.histograms
const COUNT_INT = 1 << 3 | 0;
const COUNT_FLOAT = 2 << 3 | 1;
const SUM = 3 << 3 | 1;
const SCHEMA = 4 << 3 | 0; // sint32
const ZERO_THRESHOLD = 5 << 3 | 1;
const ZERO_COUNT_INT = 6 << 3 | 0;
const ZERO_COUNT_FLOAT = 7 << 3 | 1;
const NEGATIVE_SPANS = 8 << 3 | 2;
const NEGATIVE_DELTAS = 9; // field number: sint64, packed or not
const NEGATIVE_COUNTS = 10; // double, packed or not
const POSITIVE_SPANS = 11 << 3 | 2;
const POSITIVE_DELTAS = 12;
const POSITIVE_COUNTS = 13;
const TIMESTAMP = 15 << 3 | 0; // int64
const SPAN_OFFSET = 1 << 3 | 0; // sint32
const SPAN_LENGTH = 2 << 3 | 0; // uint32

/** One side's buckets: counts by index, and the indices sorted (rebuilt when one is added). */
class Side {
  readonly counts: Map<number, number>;
  #sorted: number[] | undefined;

  constructor(counts = new Map<number, number>()) {
    this.counts = counts;
  }

  add(index: number, count: number): void {
    const old = this.counts.get(index);
    if (old === undefined) this.#sorted = undefined;
    this.counts.set(index, (old ?? 0) + count);
  }

  indices(): number[] {
    return this.#sorted ??= [...this.counts.keys()].sort((a, b) => a - b);
  }

  pairs(): [number, number][] {
    return this.indices().map((i) => [i, this.counts.get(i)!]);
  }
}

/**
 * A native histogram counted since its series' start: `add` puts each sample's observations in
 * exponential buckets, integer counts that add up to the observations exactly.
 *
 * @example Observations of 1 ms to 1.9 ms at schema 0 (buckets (2^(i-1), 2^i]), one sample
 * ```ts
 * import { NativeHistogramCounter } from "./_native_histogram.ts";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const uniform = { cdf: (x: number) => Math.min(1, Math.max(0, (x - 0.001) / 0.0009)) };
 * const h = new NativeHistogramCounter(0);
 * h.add(100, uniform, 100 * 0.00145);
 * strictEqual(h.count, 100);
 * // 2^-10 = 0.0009765625 < 1 ms and 1.9 ms < 2^-9 = 0.001953125: one bucket, index -9.
 * deepStrictEqual(h.positiveBuckets, [[-9, 100]]);
 * strictEqual(h.zeroCount, 0);
 * ```
 */
export class NativeHistogramCounter {
  /** Bucket schema, -4..8. */
  readonly schema: number;
  /** Observations with |x| <= this go to the zero bucket. */
  readonly zeroThreshold: number;
  #count = 0;
  #sum = 0;
  #zero = 0;
  readonly #positive: Side;
  readonly #negative: Side;
  /** The first index whose bucket reaches above the zero threshold. */
  readonly #lowest: number;
  /** The last bucket's index: its upper bound, 2^1024, stands for +Infinity. */
  readonly #top: number;

  /**
   * @param schema -4..8: each power of two is cut into 2^schema buckets.
   * @param zeroThreshold >= 0, finite; client_golang's default 2^-128 when not given.
   * @throws {RangeError} For a schema or threshold out of range.
   */
  constructor(schema: number, zeroThreshold: number = DEFAULT_ZERO_THRESHOLD) {
    if (!Number.isInteger(schema) || schema < -4 || schema > 8) {
      throw new RangeError(`native histogram schema ${schema}: an integer from -4 to 8`);
    }
    if (!(zeroThreshold >= 0 && zeroThreshold < Infinity)) {
      throw new RangeError(`native histogram zero threshold ${zeroThreshold}: finite, >= 0`);
    }
    this.schema = schema;
    this.zeroThreshold = zeroThreshold;
    this.#positive = new Side();
    this.#negative = new Side();
    this.#top = 1024 * 2 ** schema;
    // log2 first, then a step or two to land on the first bound above the threshold exactly.
    let i = Math.floor(Math.log2(Math.max(zeroThreshold, Number.MIN_VALUE)) * 2 ** schema);
    while (upperBound(i, schema) > zeroThreshold) i--;
    while (upperBound(i, schema) <= zeroThreshold) i++;
    this.#lowest = i;
  }

  /** Observations so far. */
  get count(): number {
    return this.#count;
  }

  /** Sum of the observations so far, as given to `add`. */
  get sum(): number {
    return this.#sum;
  }

  /** Observations so far in the zero bucket. */
  get zeroCount(): number {
    return this.#zero;
  }

  /** Non-empty positive buckets, `[index, count]` sorted by index. */
  get positiveBuckets(): [number, number][] {
    return this.#positive.pairs();
  }

  /** Non-empty negative buckets, `[index, count]` sorted by index (the index of |x|). */
  get negativeBuckets(): [number, number][] {
    return this.#negative.pairs();
  }

  /**
   * Adds the observations of sample `i` of a chunk of a histogram (`Chunk.observed`): nothing
   * where its location is missing.
   *
   * @param observed The chunk's observations of the histogram.
   * @param i The sample's place in the chunk.
   * @returns Whether the sample has observations to show (its location is not missing).
   *
   * @example
   * ```ts
   * import { createGenerator } from "../../mod.ts";
   * import { NativeHistogramCounter } from "./_native_histogram.ts";
   * import { strictEqual } from "node:assert/strict";
   *
   * const generator = createGenerator({
   *   general: { seed: 1, num_samples: 2 },
   *   metrics: { lat: { type: "histogram", value: 0.1, rate: 10 } },
   * });
   * const observed = generator.chunk(0, 2).observed![0]!;
   * const h = new NativeHistogramCounter(3);
   * strictEqual(h.addSample(observed, 0) && h.addSample(observed, 1), true);
   * strictEqual(h.count, 20);
   * ```
   */
  addSample(observed: ObservedSamples, i: number): boolean {
    const n = observed.observations[i];
    if (n !== n) return false;
    this.add(n, observed.mixture(i), n * observed.mean(i));
    return true;
  }

  /**
   * Adds `n` observations drawn from `dist`: with C(x) = round(n F(x)) (half to even), a bucket
   * gets C at its upper end minus C at its lower end, so counts are integers adding up to `n`.
   * Work grows with the buckets that get observations (a gallop and a bisection to each), not
   * with `n` nor with the empty buckets between.
   *
   * @param n Observations, an integer >= 0.
   * @param dist Their law.
   * @param sum Their sum (n times the mean), added to the running sum.
   * @throws {RangeError} When `n` is not an integer >= 0, or `dist.cdf` gives NaN.
   */
  add(n: number, dist: ObservedDistribution, sum: number): void {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`native histogram observations ${n}: an integer >= 0`);
    }
    this.#sum += sum;
    if (n === 0) return;
    this.#count += n;
    const cumulative = (x: number): number => {
      const f = dist.cdf(x);
      if (f !== f) throw new RangeError(`native histogram: cdf(${x}) is NaN`);
      return roundHalfEven(n * (f < 0 ? 0 : f > 1 ? 1 : f));
    };
    const s = this.schema;
    // Below -threshold (exclusive), and up to +threshold (inclusive).
    const negative = cumulative(below(-this.zeroThreshold));
    // max: a cdf a rounding error from monotone must not make counts negative.
    const upToZero = Math.max(negative, cumulative(this.zeroThreshold));
    this.#zero += upToZero - negative;
    // Positive bucket i ends at upperBound(i): what lies above it.
    this.#walk(this.#positive, n - upToZero, (i) => n - cumulative(upperBound(i, s)));
    // Negative bucket i ends (outward) at -upperBound(i), included: what lies below it.
    this.#walk(this.#negative, negative, (i) => cumulative(below(-upperBound(i, s))));
  }

  /**
   * Buckets from the lowest index outward, each getting what `beyond` loses at its end; `beyond`
   * is nonincreasing in the index and 0 at the top. The next bucket with a count is found by
   * galloping then bisecting, so empty stretches cost their logarithm.
   */
  #walk(side: Side, start: number, beyond: (index: number) => number): void {
    const top = this.#top;
    const past = (i: number): number => i >= top ? 0 : beyond(i);
    let left = start;
    let i = this.#lowest;
    while (left > 0) {
      let j = i;
      let rest = past(j);
      if (rest >= left) {
        // past(a) >= left > past(b): gallop b outward, then bisect.
        let a = j;
        let step = 1;
        for (;;) {
          const b = Math.min(a + step, top);
          const r = past(b);
          if (r < left) {
            j = b;
            rest = r;
            break;
          }
          a = b;
          step *= 2;
        }
        while (j - a > 1) {
          const m = a + Math.floor((j - a) / 2);
          const r = past(m);
          if (r < left) {
            j = m;
            rest = r;
          } else a = m;
        }
      }
      side.add(j, left - rest);
      left = rest;
      i = j + 1;
    }
  }

  /**
   * An independent copy: adding to one leaves the other as it was.
   *
   * @example
   * ```ts
   * import { NativeHistogramCounter } from "./_native_histogram.ts";
   * import { strictEqual } from "node:assert/strict";
   *
   * const at1 = { cdf: (x: number) => x >= 1 ? 1 : 0 };
   * const h = new NativeHistogramCounter(3);
   * h.add(5, at1, 5);
   * const before = h.copy();
   * h.add(5, at1, 5);
   * strictEqual(before.count, 5);
   * strictEqual(h.count, 10);
   * ```
   */
  copy(): NativeHistogramCounter {
    const out = new NativeHistogramCounter(this.schema, this.zeroThreshold);
    out.#count = this.#count;
    out.#sum = this.#sum;
    out.#zero = this.#zero;
    for (const [i, c] of this.#positive.counts) out.#positive.counts.set(i, c);
    for (const [i, c] of this.#negative.counts) out.#negative.counts.set(i, c);
    return out;
  }
}

/**
 * The upper bound of |x| in bucket `index`: 2^(index / 2^schema); Infinity for the top bucket
 * (2^1024), which Prometheus bounds by the largest double.
 */
function upperBound(index: number, schema: number): number {
  if (schema <= 0) return 2 ** (index * 2 ** -schema);
  const per = 2 ** schema;
  const whole = Math.floor(index / per);
  return 2 ** whole * 2 ** ((index - whole * per) / per);
}

const SCRATCH = new DataView(new ArrayBuffer(8));

/** The double just below `x` (<= 0): F there is P(X < x), for a bucket that includes -bound. */
function below(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  SCRATCH.setFloat64(0, x);
  // A negative double grows in magnitude with its bit pattern.
  SCRATCH.setBigUint64(0, SCRATCH.getBigUint64(0) + 1n);
  return SCRATCH.getFloat64(0);
}

/**
 * Writes the counter as one Histogram message under TimeSeries.histograms (field 4), integer
 * counts: buckets as spans of consecutive indices (the first span's offset its start index, each
 * next one's the gap after the previous span) and deltas (the first count, then differences).
 *
 * @param w The writer, inside a TimeSeries message.
 * @param counter The histogram so far.
 * @param timestampMs The sample's time, milliseconds since 1970.
 *
 * @example Written and read back
 * ```ts
 * import { protobuf } from "./_dep_protobuf.ts";
 * import {
 *   NativeHistogramCounter,
 *   readNativeHistogram,
 *   writeNativeHistogram,
 * } from "./_native_histogram.ts";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const h = new NativeHistogramCounter(0);
 * h.add(3, { cdf: (x: number) => x >= 0.75 ? 1 : 0 }, 2.25);
 * const w = protobuf.Writer.create();
 * writeNativeHistogram(w, h, 1767225600000);
 * const r = protobuf.Reader.create(w.finish());
 * strictEqual(r.uint32(), 4 << 3 | 2);
 * const end = r.uint32() + r.pos;
 * const sample = readNativeHistogram(r, end);
 * strictEqual(sample.count, 3);
 * deepStrictEqual(sample.positive, [[0, 3]]); // 0.75 is in (0.5, 1]
 * ```
 */
export function writeNativeHistogram(
  w: Writer,
  counter: NativeHistogramCounter,
  timestampMs: number,
): void {
  w.uint32(HISTOGRAMS).fork()
    .uint32(COUNT_INT).uint64(counter.count)
    .uint32(SUM).double(counter.sum)
    .uint32(SCHEMA).sint32(counter.schema)
    .uint32(ZERO_THRESHOLD).double(counter.zeroThreshold)
    .uint32(ZERO_COUNT_INT).uint64(counter.zeroCount);
  writeNativeBuckets(w, NEGATIVE_SPANS, NEGATIVE_DELTAS, counter.negativeBuckets);
  writeNativeBuckets(w, POSITIVE_SPANS, POSITIVE_DELTAS, counter.positiveBuckets);
  w.uint32(TIMESTAMP).int64(timestampMs).ldelim();
}

/**
 * One side's buckets as spans and deltas, the encoding remote write's Histogram and the
 * exposition's io.prometheus.client.Histogram share (under other field numbers): a BucketSpan
 * (offset 1, sint32; length 2, uint32) per run of consecutive indices, the first span's offset
 * its start index and each next one's the gap after the previous span; then the counts as packed
 * sint64 deltas (the first count, then differences). Nothing for no buckets.
 *
 * @param w The writer, inside the Histogram message.
 * @param spans The spans' tag (field number << 3 | 2).
 * @param deltas The deltas' field number.
 * @param buckets Non-empty buckets, `[index, count]` sorted by index.
 *
 * @example Buckets 2, 3 and 6: spans (2, 2) and (2, 1), deltas 5, -1, -3
 * ```ts
 * import { protobuf } from "./_dep_protobuf.ts";
 * import { writeNativeBuckets } from "./_native_histogram.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const w = protobuf.Writer.create();
 * writeNativeBuckets(w, 12 << 3 | 2, 13, [[2, 5], [3, 4], [6, 1]]);
 * deepStrictEqual([...w.finish()], [98, 4, 8, 4, 16, 2, 98, 4, 8, 4, 16, 1, 106, 3, 10, 1, 5]);
 * ```
 */
export function writeNativeBuckets(
  w: Writer,
  spans: number,
  deltas: number,
  buckets: readonly (readonly [number, number])[],
): void {
  if (buckets.length === 0) return;
  let end = 0;
  for (let a = 0; a < buckets.length;) {
    let b = a + 1;
    while (b < buckets.length && buckets[b][0] === buckets[b - 1][0] + 1) b++;
    const start = buckets[a][0];
    w.uint32(spans).fork()
      .uint32(SPAN_OFFSET).sint32(a === 0 ? start : start - end)
      .uint32(SPAN_LENGTH).uint32(b - a)
      .ldelim();
    end = start + (b - a);
    a = b;
  }
  w.uint32(deltas << 3 | 2).fork();
  let previous = 0;
  for (const [, count] of buckets) {
    const delta = count - previous;
    // Zigzag varints of sint32 and sint64 agree on int32 values; sint32 skips protobufjs' LongBits.
    if (delta === (delta | 0)) w.sint32(delta);
    else w.sint64(delta);
    previous = count;
  }
  w.ldelim();
}

/**
 * Reads one Histogram message, its tag and length already read: integer counts (deltas) or float
 * ones, repeated fields packed or not; unknown fields skipped.
 *
 * @param r The reader, at the message's first field.
 * @param end Where the message ends (its length plus the position after it).
 * @returns The sample, buckets as sorted `[index, count]`.
 *
 * @example An empty histogram
 * ```ts
 * import { protobuf } from "./_dep_protobuf.ts";
 * import {
 *   NativeHistogramCounter,
 *   readNativeHistogram,
 *   writeNativeHistogram,
 * } from "./_native_histogram.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const w = protobuf.Writer.create();
 * writeNativeHistogram(w, new NativeHistogramCounter(-4, 0), 0);
 * const r = protobuf.Reader.create(w.finish());
 * r.uint32();
 * deepStrictEqual(readNativeHistogram(r, r.uint32() + r.pos), {
 *   timestamp: 0, count: 0, sum: 0, schema: -4, zeroThreshold: 0, zeroCount: 0,
 *   positive: [], negative: [],
 * });
 * ```
 */
export function readNativeHistogram(r: Reader, end: number): NativeHistogramSample {
  let timestamp = 0;
  let count = 0;
  let sum = 0;
  let schema = 0;
  let zeroThreshold = 0;
  let zeroCount = 0;
  const spans: [number, number][][] = [[], []]; // positive, negative
  const deltas: number[][] = [[], []];
  const counts: number[][] = [[], []];
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    const packed = (tag & 7) === 2;
    if (tag === COUNT_INT) count = toNumber(r.uint64());
    else if (tag === COUNT_FLOAT) count = r.double();
    else if (tag === SUM) sum = r.double();
    else if (tag === SCHEMA) schema = r.sint32();
    else if (tag === ZERO_THRESHOLD) zeroThreshold = r.double();
    else if (tag === ZERO_COUNT_INT) zeroCount = toNumber(r.uint64());
    else if (tag === ZERO_COUNT_FLOAT) zeroCount = r.double();
    else if (tag === TIMESTAMP) timestamp = toNumber(r.int64());
    else if (tag === POSITIVE_SPANS || tag === NEGATIVE_SPANS) {
      const stop = r.uint32() + r.pos;
      let offset = 0;
      let length = 0;
      while (r.pos < stop) {
        const inner = r.uint32();
        if (inner === SPAN_OFFSET) offset = r.sint32();
        else if (inner === SPAN_LENGTH) length = r.uint32();
        else r.skipType(inner & 7);
      }
      spans[tag === POSITIVE_SPANS ? 0 : 1].push([offset, length]);
    } else if (field === POSITIVE_DELTAS || field === NEGATIVE_DELTAS) {
      const into = deltas[field === POSITIVE_DELTAS ? 0 : 1];
      if (!packed) into.push(toNumber(r.sint64()));
      else for (const stop = r.uint32() + r.pos; r.pos < stop;) into.push(toNumber(r.sint64()));
    } else if (field === POSITIVE_COUNTS || field === NEGATIVE_COUNTS) {
      const into = counts[field === POSITIVE_COUNTS ? 0 : 1];
      if (!packed) into.push(r.double());
      else for (const stop = r.uint32() + r.pos; r.pos < stop;) into.push(r.double());
    } else r.skipType(tag & 7);
  }
  const [positive, negative] = [0, 1].map((side) => {
    const out: [number, number][] = [];
    let index = 0;
    let k = 0;
    let running = 0;
    spans[side].forEach(([offset, length], s) => {
      index = s === 0 ? offset : index + offset;
      for (let j = 0; j < length; j++, k++, index++) {
        // Integer histograms carry deltas, float ones absolute counts.
        const c = counts[side].length > 0 ? counts[side][k] : (running += deltas[side][k]);
        out.push([index, c]);
      }
    });
    return out;
  });
  return { timestamp, count, sum, schema, zeroThreshold, zeroCount, positive, negative };
}

/** An int64 as read: protobufjs gives a Long when the long package is loaded, else a number. */
function toNumber(value: number | { low: number; high: number }): number {
  return typeof value === "number" ? value : value.high * 2 ** 32 + (value.low >>> 0);
}
