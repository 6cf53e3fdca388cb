// Native histograms as Prometheus reads them: with schema s, positive bucket i holds
// (2^((i-1)/2^s), 2^(i/2^s)], negative bucket i the mirror [-2^(i/2^s), -2^((i-1)/2^s)), the zero
// bucket |x| <= threshold; a sample's n observations are spread by differences of round(n F)
// (half to even) at the bounds, integers adding up to n, with work bounded by the buckets used.
// The Histogram message carries spans (offset: the gap after the previous span) and deltas; a real
// Prometheus 2.42 takes it by remote write and answers histogram_quantile and histogram_count.
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { protobuf } from "../src/formats/_dep_protobuf.ts";
import { snappyCompress } from "../src/formats/_dep_snappy.ts";
import {
  NativeHistogramCounter,
  type ObservedDistribution,
  readNativeHistogram,
  writeNativeHistogram,
} from "../src/formats/_native_histogram.ts";
import { available, startPrometheus } from "./_receivers.ts";
import { freshDir } from "./_run_cli.ts";

/** Point masses: `[x, weight]`, weights adding up to 1. */
function atoms(...points: [number, number][]): ObservedDistribution {
  return { cdf: (x) => points.reduce((f, [at, weight]) => at <= x ? f + weight : f, 0) };
}

/** Uniform on (a, b). */
function uniform(a: number, b: number): ObservedDistribution {
  return { cdf: (x) => x <= a ? 0 : x >= b ? 1 : (x - a) / (b - a) };
}

/** erfc by Numerical Recipes' Chebyshev fit: relative error below 1.2e-7, enough here. */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(
    -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
                  t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
                                  t * (-0.82215223 + t * 0.17087277)))))))),
  );
  return x >= 0 ? r : 2 - r;
}

function normal(mean: number, sd: number): ObservedDistribution {
  return { cdf: (x) => 0.5 * erfc(-(x - mean) / (sd * Math.SQRT2)) };
}

function lognormal(median: number, sigma: number): ObservedDistribution {
  return { cdf: (x) => x <= 0 ? 0 : 0.5 * erfc(-Math.log(x / median) / (sigma * Math.SQRT2)) };
}

/** Counts the calls of `cdf`. */
function counted(dist: ObservedDistribution): { dist: ObservedDistribution; calls: () => number } {
  let calls = 0;
  return {
    dist: {
      cdf: (x) => {
        calls++;
        return dist.cdf(x);
      },
    },
    calls: () => calls,
  };
}

function total(h: NativeHistogramCounter): number {
  return h.zeroCount + [...h.positiveBuckets, ...h.negativeBuckets].reduce((s, [, c]) => s + c, 0);
}

Deno.test("a point mass on a bound falls in the bucket it closes, at every schema", () => {
  for (let schema = -4; schema <= 8; schema++) {
    const h = new NativeHistogramCounter(schema);
    h.add(7, atoms([1, 1]), 7);
    deepStrictEqual(h.positiveBuckets, [[0, 7]], `schema ${schema}`);
    // 2^16 closes bucket 16 * 2^schema; the next double opens the next bucket.
    const g = new NativeHistogramCounter(schema);
    g.add(3, atoms([65536, 1]), 3);
    g.add(2, atoms([65536 * (1 + 2 ** -52), 1]), 2);
    const at = 16 * 2 ** schema;
    deepStrictEqual(g.positiveBuckets, [[at, 3], [at + 1, 2]], `schema ${schema}`);
    deepStrictEqual([g.count, g.sum, g.zeroCount, g.negativeBuckets], [5, 5, 0, []]);
  }
});

Deno.test("a point mass costs a gallop and a bisection, not a walk from the smallest double", () => {
  const { dist, calls } = counted(atoms([1000, 1]));
  const h = new NativeHistogramCounter(8);
  h.add(1e9, dist, 1e12);
  // 1000 = 2^(2551.2/256) is in (2^(2551/256), 2^(2552/256)].
  deepStrictEqual(h.positiveBuckets, [[2552, 1e9]]);
  ok(calls() < 100, `${calls()} cdf calls`);
});

Deno.test("uniform on (1, 4) at schema 0: 1/3 in (1, 2], 2/3 in (2, 4], rounded", () => {
  const h = new NativeHistogramCounter(0);
  h.add(10, uniform(1, 4), 25);
  // round(10 / 3) = 3 up to 2, all 10 up to 4.
  deepStrictEqual(h.positiveBuckets, [[1, 3], [2, 7]]);
});

Deno.test("a cumulative count on a half rounds to even: 2.5 -> 2, 3.5 -> 4", () => {
  const five = new NativeHistogramCounter(0);
  five.add(5, uniform(1, 3), 10);
  deepStrictEqual(five.positiveBuckets, [[1, 2], [2, 3]]);
  const seven = new NativeHistogramCounter(0);
  seven.add(7, uniform(1, 3), 14);
  deepStrictEqual(seven.positiveBuckets, [[1, 4], [2, 3]]);
});

Deno.test("negative observations fill mirrored buckets; |x| <= threshold the zero bucket", () => {
  const zt = 2 ** -128;
  const h = new NativeHistogramCounter(0, zt);
  h.add(
    16,
    atoms(
      [-3, 2 / 16], // [-4, -2): negative bucket 2
      [-2, 1 / 16], // -2 closes [-2, -1): negative bucket 1
      [-1, 3 / 16], // [-1, -0.5): negative bucket 0
      [-(2 ** -127), 1 / 16], // just beyond the threshold: negative bucket -127
      [-zt, 1 / 16], // on the threshold: zero bucket
      [0, 2 / 16],
      [2 ** -130, 1 / 16],
      [2 ** -127, 1 / 16], // positive bucket -127
      [0.75, 4 / 16], // (0.5, 1]: positive bucket 0
    ),
    0,
  );
  deepStrictEqual(h.negativeBuckets, [[-127, 1], [0, 3], [1, 1], [2, 2]]);
  strictEqual(h.zeroCount, 4);
  deepStrictEqual(h.positiveBuckets, [[-127, 1], [0, 4]]);
  strictEqual(h.count, 16);
});

Deno.test("with threshold 0 only exact zeros go to the zero bucket", () => {
  const h = new NativeHistogramCounter(1, 0);
  h.add(4, atoms([0, 0.5], [Number.MIN_VALUE, 0.25], [-Number.MIN_VALUE, 0.25]), 0);
  strictEqual(h.zeroCount, 2);
  // 2^-1074 closes bucket -2148 at schema 1.
  deepStrictEqual(h.positiveBuckets, [[-2148, 1]]);
  deepStrictEqual(h.negativeBuckets, [[-2148, 1]]);
});

Deno.test("a normal law around 0: half the observations each side, none in the zero bucket", () => {
  const h = new NativeHistogramCounter(2);
  h.add(1000, normal(0, 1), 0);
  strictEqual(h.zeroCount, 0);
  strictEqual(h.negativeBuckets.reduce((s, [, c]) => s + c, 0), 500);
  strictEqual(h.positiveBuckets.reduce((s, [, c]) => s + c, 0), 500);
  // Bucket -3 is (0.5, 2^(-3/4)]: Phi(0.5) = 0.69146, Phi(0.59460) = 0.72395 (tables), so
  // round(723.95) - round(691.46) = 33 observations.
  deepStrictEqual(h.positiveBuckets.find(([i]) => i === -3), [-3, 33]);
});

Deno.test("bucket counts add up to n exactly, n up to 1e9, at work bounded by the buckets", () => {
  for (
    const [schema, n, dist] of [
      [8, 1_000_000_000, lognormal(0.2, 1)],
      [3, 12345, lognormal(3, 0.1)],
      [-4, 999, normal(5, 100)],
      [0, 1, lognormal(1, 2)],
      [5, 777, normal(-1e-3, 1e-3)],
    ] as const
  ) {
    const { dist: d, calls } = counted(dist);
    const h = new NativeHistogramCounter(schema);
    h.add(n, d, 0);
    const buckets = h.positiveBuckets.length + h.negativeBuckets.length;
    strictEqual(total(h), n, `schema ${schema}`);
    ok(h.positiveBuckets.every(([, c]) => c > 0) && h.negativeBuckets.every(([, c]) => c > 0));
    ok(calls() <= 3 * buckets + 150, `${calls()} calls for ${buckets} buckets`);
  }
});

Deno.test("the counter is cumulative: adds sum per bucket, copies stay as they were", () => {
  const h = new NativeHistogramCounter(0);
  h.add(4, atoms([1, 0.5], [3, 0.5]), 8);
  const first = h.copy();
  h.add(6, atoms([3, 0.5], [100, 0.5]), 309);
  deepStrictEqual(h.positiveBuckets, [[0, 2], [2, 5], [7, 3]]);
  deepStrictEqual([h.count, h.sum], [10, 317]);
  deepStrictEqual(first.positiveBuckets, [[0, 2], [2, 2]]);
  deepStrictEqual([first.count, first.sum], [4, 8]);
  // n = 0 adds nothing but the sum given.
  h.add(0, atoms([1, 1]), 0);
  strictEqual(h.count, 10);
});

Deno.test("bad schema, threshold, n or cdf: RangeError", () => {
  throws(() => new NativeHistogramCounter(9), RangeError);
  throws(() => new NativeHistogramCounter(-5), RangeError);
  throws(() => new NativeHistogramCounter(0.5), RangeError);
  throws(() => new NativeHistogramCounter(0, -1), RangeError);
  throws(() => new NativeHistogramCounter(0, Infinity), RangeError);
  const h = new NativeHistogramCounter(0);
  throws(() => h.add(-1, atoms([1, 1]), 0), RangeError);
  throws(() => h.add(1.5, atoms([1, 1]), 0), RangeError);
  throws(() => h.add(2, { cdf: () => NaN }, 0), /cdf\(.*\) is NaN/);
});

/** The raw fields of one written Histogram message, read by hand (not by the module's reader). */
function rawFields(bytes: Uint8Array): Map<number, (number | [number, number])[]> {
  const r = protobuf.Reader.create(bytes);
  strictEqual(r.uint32(), 4 << 3 | 2, "TimeSeries.histograms, length-delimited");
  const end = r.uint32() + r.pos;
  strictEqual(end, bytes.length);
  const out = new Map<number, (number | [number, number])[]>();
  const put = (field: number, value: number | [number, number]) =>
    out.set(field, [...out.get(field) ?? [], value]);
  const num = (v: number | { low: number; high: number }) =>
    typeof v === "number" ? v : v.high * 2 ** 32 + (v.low >>> 0);
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if (field === 1 || field === 6) put(field, num(r.uint64()));
    else if (field === 3 || field === 5) put(field, r.double());
    else if (field === 4) put(field, r.sint32());
    else if (field === 15) put(field, num(r.int64()));
    else if (field === 8 || field === 11) {
      const stop = r.uint32() + r.pos;
      const span: [number, number] = [0, 0];
      while (r.pos < stop) {
        const inner = r.uint32();
        if (inner === (1 << 3 | 0)) span[0] = r.sint32();
        else if (inner === (2 << 3 | 0)) span[1] = r.uint32();
        else throw new Error(`span field ${inner}`);
      }
      put(field, span);
    } else if (field === 9 || field === 12) {
      strictEqual(tag & 7, 2, "deltas packed");
      for (const stop = r.uint32() + r.pos; r.pos < stop;) put(field, num(r.sint64()));
    } else throw new Error(`unexpected tag ${tag}`);
  }
  return out;
}

Deno.test("spans cover runs of buckets, offsets are gaps, deltas differences across spans", () => {
  const h = new NativeHistogramCounter(0);
  // Positive buckets -1, 0, 3, 4, 5, 9 (0.5, 1, 8, 16, 32, 512); negative 1 and 4.
  h.add(
    20,
    atoms(
      [0.5, 2 / 20],
      [1, 5 / 20],
      [8, 1 / 20],
      [16, 1 / 20],
      [32, 4 / 20],
      [512, 3 / 20],
      [-2, 3 / 20],
      [-16, 1 / 20],
    ),
    123.5,
  );
  const w = protobuf.Writer.create();
  writeNativeHistogram(w, h, 1767225600000);
  const fields = rawFields(w.finish());
  deepStrictEqual(Object.fromEntries(fields), {
    1: [20], // count_int
    3: [123.5], // sum
    4: [0], // schema
    5: [2 ** -128], // zero_threshold
    6: [0], // zero_count_int
    8: [[1, 1], [2, 1]], // negative_spans: bucket 1; then 4 = 2 past the end of the first
    9: [3, -2], // negative_deltas: 3, 1
    11: [[-1, 2], [2, 3], [3, 1]], // positive_spans: -1..0, 3..5, 9
    12: [2, 3, -4, 0, 3, -1], // positive_deltas: 2, 5, 1, 1, 4, 3
    15: [1767225600000], // timestamp
  });
});

Deno.test("write then read gives the counter back", () => {
  const h = new NativeHistogramCounter(4, 1e-3);
  h.add(100_000, normal(0, 2), 0);
  h.add(500, atoms([0, 1]), 0);
  const w = protobuf.Writer.create();
  writeNativeHistogram(w, h, 1767225615000);
  const r = protobuf.Reader.create(w.finish());
  r.uint32();
  const sample = readNativeHistogram(r, r.uint32() + r.pos);
  ok(h.zeroCount > 500);
  deepStrictEqual(sample, {
    timestamp: 1767225615000,
    count: 100_500,
    sum: 0,
    schema: 4,
    zeroThreshold: 1e-3,
    zeroCount: h.zeroCount,
    positive: h.positiveBuckets,
    negative: h.negativeBuckets,
  });
  // Counts and deltas beyond 32 bits: 4e9 then -3e9.
  const big = new NativeHistogramCounter(0);
  big.add(5e9, atoms([1, 0.8], [4, 0.2]), 8.8e9);
  const w2 = protobuf.Writer.create();
  writeNativeHistogram(w2, big, 0);
  const bytes = w2.finish();
  deepStrictEqual(rawFields(bytes).get(12), [4e9, -3e9]);
  const r2 = protobuf.Reader.create(bytes);
  r2.uint32();
  const back = readNativeHistogram(r2, r2.uint32() + r2.pos);
  deepStrictEqual([back.count, back.sum, back.positive], [5e9, 8.8e9, [[0, 4e9], [2, 1e9]]]);
});

/** One WriteRequest: a series by name with its histograms, protobuf then Snappy. */
function writeRequest(
  series: Record<string, [NativeHistogramCounter, number][]>,
): Uint8Array<ArrayBuffer> {
  const w = protobuf.Writer.create();
  for (const [name, samples] of Object.entries(series)) {
    w.uint32(1 << 3 | 2).fork(); // WriteRequest.timeseries
    w.uint32(1 << 3 | 2).fork() // TimeSeries.labels
      .uint32(1 << 3 | 2).string("__name__").uint32(2 << 3 | 2).string(name).ldelim();
    for (const [h, t] of samples) writeNativeHistogram(w, h, t);
    w.ldelim();
  }
  return snappyCompress(w.finish());
}

Deno.test({
  name: "Prometheus 2.42 takes native histograms by remote write: quantile and count as built",
  ignore: !available("prometheus"),
  fn: async () => {
    const dir = await freshDir("native_histogram_prometheus");
    const prometheus = await startPrometheus(dir, ["--enable-feature=native-histograms"]);
    try {
      const t0 = Date.parse("2026-01-01T00:00:00Z");
      const n = 600;
      const sigma = 0.5;
      const schema = 3;
      const h = new NativeHistogramCounter(schema);
      const samples: [NativeHistogramCounter, number][] = [];
      const mixed = new NativeHistogramCounter(0);
      mixed.add(
        20,
        atoms(
          [0.5, 2 / 20],
          [1, 5 / 20],
          [8, 1 / 20],
          [16, 1 / 20],
          [32, 2 / 20],
          [0, 2 / 20],
          [512, 3 / 20],
          [-2, 3 / 20],
          [-16, 1 / 20],
        ),
        0,
      );
      for (let k = 0; k < 40; k++) {
        // The median jumps from 0.1 s to 0.5 s for samples 20..29.
        const median = k >= 20 && k < 30 ? 0.5 : 0.1;
        h.add(n, lognormal(median, sigma), n * median * Math.exp(sigma * sigma / 2));
        samples.push([h.copy(), t0 + k * 15000]);
      }
      const response = await fetch(`${prometheus.origin}/api/v1/write`, {
        method: "POST",
        headers: {
          "content-encoding": "snappy",
          "content-type": "application/x-protobuf",
          "x-prometheus-remote-write-version": "0.1.0",
        },
        body: writeRequest({ lat_seconds: samples, mixed: [[mixed, t0]] }),
      });
      strictEqual(response.status, 204, await response.text());

      // Prometheus' own reading of spans and deltas, with gaps, negatives and the zero bucket:
      // [boundary rule (0: (a, b], 1: [a, b), 3: [a, b]), a, b, count].
      const params = new URLSearchParams({ query: "mixed", time: String(t0 / 1000) });
      const got = await (await fetch(`${prometheus.origin}/api/v1/query?${params}`)).json();
      deepStrictEqual(got.data.result[0].histogram[1], {
        count: "20",
        sum: "0",
        buckets: [
          [1, "-16", "-8", "1"],
          [1, "-2", "-1", "3"],
          [3, "-2.938735877055719e-39", "2.938735877055719e-39", "2"],
          [0, "0.25", "0.5", "2"],
          [0, "0.5", "1", "5"],
          [0, "4", "8", "1"],
          [0, "8", "16", "1"],
          [0, "16", "32", "2"],
          [0, "256", "512", "3"],
        ],
      });

      const query = async (expr: string): Promise<Map<number, number>> => {
        const params = new URLSearchParams({
          query: expr,
          start: String((t0 + 3 * 15000) / 1000),
          end: String((t0 + 39 * 15000) / 1000),
          step: "15",
        });
        const body = await (await fetch(`${prometheus.origin}/api/v1/query_range?${params}`))
          .json();
        strictEqual(body.status, "success", JSON.stringify(body).slice(0, 300));
        strictEqual(body.data.result.length, 1, JSON.stringify(body).slice(0, 300));
        const values = body.data.result[0].values as [number, string][];
        return new Map(values.map(([t, v]) => [Math.round((t * 1000 - t0) / 15000), Number(v)]));
      };
      // Prometheus 2 selects [t - 1m, t], both ends in: the rate at sample k sees the
      // observations added at k-3..k. (Prometheus 3 leaves the start out.)
      const median = (k: number) => k >= 23 && k <= 29 ? 0.5 : k <= 19 || k >= 33 ? 0.1 : NaN;
      const base = 2 ** (2 ** -schema);
      const quantiles = await query("histogram_quantile(0.5, rate(lat_seconds[1m]))");
      strictEqual(quantiles.size, 37);
      for (const [k, q] of quantiles) {
        const m = median(k);
        if (m !== m) continue;
        ok(q > m / base && q < m * base, `sample ${k}: median ${q}, want ${m} within ${base}`);
      }
      const counts = await query("histogram_count(rate(lat_seconds[1m]))");
      strictEqual(counts.size, 37);
      for (const [k, c] of counts) ok(Math.abs(c - n / 15) < 1e-9, `sample ${k}: ${c}/s`);
      const sums = await query("histogram_sum(rate(lat_seconds[1m]))");
      for (const [k, s] of sums) {
        const m = median(k);
        if (m !== m) continue;
        const want = n * m * Math.exp(sigma * sigma / 2) / 15;
        ok(Math.abs(s - want) < 1e-9 * want, `sample ${k}: sum ${s}/s, want ${want}`);
      }
    } finally {
      await prometheus.stop();
    }
  },
});
