// `serve` in Prometheus' protobuf exposition: delimited io.prometheus.client.MetricFamily
// messages, read back here with protobufjs' Reader (field numbers of metrics.proto as in
// prometheus/prometheus v2.42.0), the values those of the text rendering, a native histogram's
// buckets those `push` sends; and a real Prometheus 2.42 scraping native histograms from `serve`.
// Every server is started and stopped here, on loopback; the scrape is skipped without Debian's
// prometheus.
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { createGenerator, parseConfig } from "../mod.ts";
import { CONTENT_TYPES, ExpositionRenderer, negotiateFormat } from "../src/formats/exposition.ts";
import { decodeRemoteWrite, RemoteWriteEncoder } from "../src/formats/remote_write.ts";
import { protobuf } from "../src/formats/_dep_protobuf.ts";
import { freshDir } from "./_run_cli.ts";
import { freePort, startServe } from "./_serve.ts";
import { type PrometheusServer, startPrometheus } from "./_prometheus_server.ts";
import { available } from "./_receivers.ts";
import { boundText } from "../src/config/distributions.ts";

type Reader = InstanceType<typeof protobuf.Reader>;

interface Histogram {
  count: number;
  sum: number;
  buckets: [number, number][];
  schema?: number;
  zeroThreshold?: number;
  zeroCount?: number;
  positive: [number, number][];
  negative: [number, number][];
}

interface Metric {
  labels: [string, string][];
  gauge?: number;
  counter?: number;
  summary?: { count: number; sum: number; quantiles: [number, number][] };
  histogram?: Histogram;
}

interface Family {
  name: string;
  help: string;
  type: number;
  metrics: Metric[];
}

/** An int64 as read: a Long when the long package is loaded, else a number. */
function num(value: number | { low: number; high: number }): number {
  return typeof value === "number" ? value : value.high * 2 ** 32 + (value.low >>> 0);
}

/** Reads the fields of a message ending at `end`, calling `on` with each field number. */
function fields(r: Reader, end: number, on: (field: number, wire: number) => boolean): void {
  while (r.pos < end) {
    const tag = r.uint32();
    if (!on(tag >>> 3, tag & 7)) r.skipType(tag & 7);
  }
}

/** Packed or not, each value of a repeated scalar field. */
function repeated(r: Reader, wire: number, read: () => number, into: number[]): void {
  if (wire !== 2) into.push(read());
  else for (const stop = r.uint32() + r.pos; r.pos < stop;) into.push(read());
}

/** Spans and deltas as `[index, count]`. */
function sparse(spans: [number, number][], deltas: number[]): [number, number][] {
  const out: [number, number][] = [];
  let index = 0;
  let count = 0;
  let k = 0;
  spans.forEach(([offset, length], s) => {
    index = s === 0 ? offset : index + offset;
    for (let j = 0; j < length; j++) out.push([index++, count += deltas[k++]]);
  });
  return out;
}

function readHistogram(r: Reader, end: number): Histogram {
  const h: Histogram = { count: 0, sum: 0, buckets: [], positive: [], negative: [] };
  const spans: [number, number][][] = [[], []];
  const deltas: number[][] = [[], []];
  fields(r, end, (field, wire) => {
    if (field === 1) h.count = num(r.uint64());
    else if (field === 2) h.sum = r.double();
    else if (field === 3) {
      let bound = 0;
      let count = 0;
      fields(r, r.uint32() + r.pos, (f) => {
        if (f === 1) count = num(r.uint64());
        else if (f === 2) bound = r.double();
        else return false;
        return true;
      });
      h.buckets.push([bound, count]);
    } else if (field === 5) h.schema = r.sint32();
    else if (field === 6) h.zeroThreshold = r.double();
    else if (field === 7) h.zeroCount = num(r.uint64());
    else if (field === 9 || field === 12) {
      let offset = 0;
      let length = 0;
      fields(r, r.uint32() + r.pos, (f) => {
        if (f === 1) offset = r.sint32();
        else if (f === 2) length = r.uint32();
        else return false;
        return true;
      });
      spans[field === 12 ? 0 : 1].push([offset, length]);
    } else if (field === 10 || field === 13) {
      repeated(r, wire, () => num(r.sint64()), deltas[field === 13 ? 0 : 1]);
    } else return false;
    return true;
  });
  h.positive = sparse(spans[0], deltas[0]);
  h.negative = sparse(spans[1], deltas[1]);
  return h;
}

function readMetric(r: Reader, end: number): Metric {
  const m: Metric = { labels: [] };
  fields(r, end, (field) => {
    const stop = r.uint32() + r.pos;
    if (field === 1) {
      const pair: [string, string] = ["", ""];
      fields(r, stop, (f) => f <= 2 && (pair[f - 1] = r.string(), true));
      m.labels.push(pair);
    } else if (field === 2 || field === 3) {
      let value = 0;
      fields(r, stop, (f) => f === 1 && (value = r.double(), true));
      m[field === 2 ? "gauge" : "counter"] = value;
    } else if (field === 4) {
      const s = { count: 0, sum: 0, quantiles: [] as [number, number][] };
      fields(r, stop, (f) => {
        if (f === 1) s.count = num(r.uint64());
        else if (f === 2) s.sum = r.double();
        else if (f === 3) {
          const q: [number, number] = [0, 0];
          fields(r, r.uint32() + r.pos, (g) => g <= 2 && (q[g - 1] = r.double(), true));
          s.quantiles.push(q);
        } else return false;
        return true;
      });
      m.summary = s;
    } else if (field === 7) m.histogram = readHistogram(r, stop);
    else r.pos = stop;
    return true;
  });
  return m;
}

/** Delimited MetricFamily messages, read back. */
function decode(bytes: Uint8Array): Family[] {
  const r = protobuf.Reader.create(bytes);
  const out: Family[] = [];
  while (r.pos < r.len) {
    const end = r.uint32() + r.pos;
    const family: Family = { name: "", help: "", type: 0, metrics: [] };
    fields(r, end, (field) => {
      if (field === 1) family.name = r.string();
      else if (field === 2) family.help = r.string();
      else if (field === 3) family.type = r.uint32();
      else if (field === 4) family.metrics.push(readMetric(r, r.uint32() + r.pos));
      else return false;
      return true;
    });
    out.push(family);
  }
  return out;
}

/** The samples the families stand for, `name{labels} value`, as the text format writes them. */
function samples(families: Family[]): string[] {
  const lines: string[] = [];
  const series = (name: string, labels: [string, string][], value: number) =>
    lines.push(
      `${name}${
        labels.length ? `{${labels.map(([n, v]) => `${n}="${v}"`).join(",")}}` : ""
      } ${value}`,
    );
  for (const { name, metrics } of families) {
    for (const m of metrics) {
      if (m.gauge !== undefined) series(name, m.labels, m.gauge);
      if (m.counter !== undefined) series(name, m.labels, m.counter);
      if (m.histogram) {
        for (const [bound, count] of m.histogram.buckets) {
          series(`${name}_bucket`, [...m.labels, ["le", boundText(bound)]], count);
        }
        series(`${name}_sum`, m.labels, m.histogram.sum);
        series(`${name}_count`, m.labels, m.histogram.count);
      }
      if (m.summary) {
        for (const [q, value] of m.summary.quantiles) {
          series(name, [...m.labels, ["quantile", boundText(q)]], value);
        }
        series(`${name}_sum`, m.labels, m.summary.sum);
        series(`${name}_count`, m.labels, m.summary.count);
      }
    }
  }
  return lines;
}

const TINY = `[general]
seed = 3
num_samples = 30
interval = "15s"
start = "2026-01-01T00:00:00Z"

[metrics.cpu]
value = 40
noise = "gaussian"
noise_args = { scale = 2 }
instances = 20  # a family of more than 127 bytes: a length of two varint bytes

[metrics.requests]
type = "counter"
value = 20

[metrics.lat]
type = "histogram"
value = 0.1
rate = 4
buckets = [0.05, 0.1, 0.25]
native = 2
prometheus = { labels = { job = "api" }, help = "Latency" }

[metrics.pay]
type = "summary"
value = 0.3
rate = 2

[anomalies.lat]
at = 10
anomaly_factor = 4
pattern = "step"
recovery_time = 5
`;

Deno.test("the protobuf exposition holds the text rendering's families, series and values, and chaos_fault_active and chaos_sample_index", () => {
  const renderer = new ExpositionRenderer(createGenerator(parseConfig(TINY)));
  for (const k of [0, 12, 29]) {
    const families = decode(renderer.render(k, "protobuf"));
    // MetricType: COUNTER 0, GAUGE 1, SUMMARY 2, HISTOGRAM 4; a counter named with _total.
    deepStrictEqual(families.map((f) => [f.name, f.type]), [
      ["cpu", 1],
      ["requests_total", 0],
      ["lat", 4],
      ["pay", 2],
      ["chaos_fault_active", 1],
      ["chaos_sample_index", 1],
    ]);
    strictEqual(families[2].help, "Latency");
    const text = renderer.render(k, "text").split("\n").filter((l) => l && !l.startsWith("#"));
    deepStrictEqual(samples(families), text);
  }
  const at12 = decode(renderer.render(12, "protobuf"));
  deepStrictEqual(at12[4].metrics, [{ labels: [["metric", "lat"], ["fault", "lat#1"]], gauge: 1 }]);
  deepStrictEqual(at12[5].metrics, [{ labels: [], gauge: 12 }]);
  // Sample 12: 13 samples of round(4 x 15) = 60 observations.
  const lat = at12[2].metrics[0];
  deepStrictEqual(lat.labels, [["job", "api"]]);
  strictEqual(lat.histogram!.count, 780);
  deepStrictEqual(lat.histogram!.buckets.map(([bound]) => bound), [0.05, 0.1, 0.25, Infinity]);
  strictEqual(at12[3].metrics[0].summary!.count, 390);
  deepStrictEqual(at12[3].metrics[0].summary!.quantiles.map(([q]) => q), [0.5, 0.9, 0.99]);
});

Deno.test("a native histogram's fields in the exposition are those push sends at the same sample, counted from row 0", () => {
  const generator = createGenerator(parseConfig(TINY));
  const series = decodeRemoteWrite(
    [...new RemoteWriteEncoder(generator.config, generator.anomalies).batches(
      generator.chunk(0, 30),
      1e6,
    )][0].body,
  );
  const pushed = series.find((s) => s.histograms)!.histograms!;
  const renderer = new ExpositionRenderer(createGenerator(parseConfig(TINY)));
  // Forward, backward (serve --loop starting over) and forward again.
  for (const k of [3, 20, 29, 2, 2, 17]) {
    const h = decode(renderer.render(k, "protobuf"))[2].metrics[0].histogram!;
    const push = pushed[k];
    strictEqual(h.schema, 2);
    strictEqual(h.zeroThreshold, 2 ** -128);
    strictEqual(h.zeroCount, push.zeroCount);
    deepStrictEqual(h.positive, push.positive);
    deepStrictEqual(h.negative, []);
    // The native count is the classic one; so is the total of the buckets.
    strictEqual(push.count, h.count);
    strictEqual(h.positive.reduce((sum, [, c]) => sum + c, h.zeroCount!), h.count);
    strictEqual(h.count, 60 * (k + 1));
  }
});

Deno.test("a missing sample leaves its metric out of the protobuf exposition, as of the text", () => {
  const config = parseConfig(`[general]
seed = 1
num_samples = 10
[metrics.a]
value = 1
[metrics.lat]
type = "histogram"
value = 0.2
native = true
[[anomalies.a]]
kind = "missing"
at = 2
recovery_time = 3
[[anomalies.lat]]
kind = "missing"
at = 4
recovery_time = 1
`);
  const renderer = new ExpositionRenderer(createGenerator(config));
  const at4 = decode(renderer.render(4, "protobuf"));
  deepStrictEqual(at4.map((f) => [f.name, f.metrics.length]), [
    ["a", 0],
    ["lat", 0],
    ["chaos_fault_active", 2],
    ["chaos_sample_index", 1],
  ]);
  const at5 = decode(renderer.render(5, "protobuf"));
  deepStrictEqual(at5.map((f) => f.metrics.length), [1, 1, 2, 1]);
  // Nothing observed at sample 4: 5 samples of 100 a second.
  strictEqual(at5[1].metrics[0].histogram!.count, 500);
  strictEqual(at5[1].metrics[0].histogram!.positive.reduce((sum, [, c]) => sum + c, 0), 500);
});

Deno.test("negotiateFormat answers protobuf when the Accept header prefers delimited MetricFamily messages", () => {
  const prometheus242 =
    "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited," +
    "application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;" +
    "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
  strictEqual(negotiateFormat(prometheus242), "protobuf");
  strictEqual(
    negotiateFormat(
      "Application/Vnd.Google.Protobuf; proto=io.prometheus.client.MetricFamily; " +
        'encoding="delimited"; q=0.8, text/plain; q=0.5',
    ),
    "protobuf",
  );
  // Text preferred, another encoding, or another message: not protobuf.
  strictEqual(
    negotiateFormat(
      "text/plain;version=0.0.4,application/vnd.google.protobuf;" +
        "proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.5",
    ),
    "text",
  );
  strictEqual(
    negotiateFormat(
      "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text",
    ),
    "text",
  );
  strictEqual(
    negotiateFormat("application/vnd.google.protobuf;proto=other.Message;encoding=delimited"),
    "text",
  );
  strictEqual(negotiateFormat("application/openmetrics-text;version=1.0.0;q=0,text/plain"), "text");
  strictEqual(
    CONTENT_TYPES.protobuf,
    "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited",
  );
});

/** `[sample index, value of expr]` at each scrape of the last minute. */
async function byScrape(
  server: PrometheusServer,
  expr: string,
): Promise<[number, number][]> {
  const [index] = await server.query("chaos_sample_index[1m]");
  const out: [number, number][] = [];
  for (const [time, k] of index?.values ?? []) {
    const [at] = await server.query(expr, time);
    if (at) out.push([Number(k), Number(at.value![1])]);
  }
  return out;
}

Deno.test({
  name:
    "Prometheus 2.42 with native histograms scrapes serve's protobuf exposition: histogram_count grows as the classic _count scraped as text",
  ignore: !available("prometheus"),
  async fn() {
    const dir = await freshDir("serve-protobuf");
    await Deno.mkdir(`${dir}/native`);
    await Deno.mkdir(`${dir}/classic`);
    await Deno.writeTextFile(
      `${dir}/lat.toml`,
      `[general]
seed = 5
num_samples = 3600
interval = "1s"

[metrics.lat]
type = "histogram"
value = 0.1
spread = 0.5
rate = 100
buckets = [0.05, 0.1, 0.2, 0.4]
native = true
`,
    );
    const port = freePort();
    const serve = await startServe(`${dir}/lat.toml`, port, ["-q"]);
    const servers: PrometheusServer[] = [];
    try {
      const target = `127.0.0.1:${port}`;
      // One server asks for protobuf (native histograms), the other for text (classic buckets):
      // 2.42 keeps only the native histogram of a family it scrapes as one.
      servers.push(
        await startPrometheus(`${dir}/native`, `${dir}/native/tsdb`, target, [
          "--enable-feature=native-histograms",
        ]),
      );
      servers.push(await startPrometheus(`${dir}/classic`, `${dir}/classic/tsdb`, target));
      const [native, classic] = servers;
      await new Promise((resolve) => setTimeout(resolve, 10000));

      const counts = await byScrape(native, "histogram_count(lat)");
      ok(counts.length >= 3, `native scrapes: ${JSON.stringify(counts)}`);
      // Sample k holds k + 1 samples of 100 observations; each scrape more than the last.
      for (const [k, count] of counts) strictEqual(count, 100 * (k + 1), `sample ${k}`);
      ok(counts.every(([, c], i) => i === 0 || c > counts[i - 1][1]), JSON.stringify(counts));
      const classicCounts = await byScrape(classic, 'lat_bucket{le="+Inf"}');
      ok(classicCounts.length >= 3, `classic scrapes: ${JSON.stringify(classicCounts)}`);
      for (const [k, count] of classicCounts) strictEqual(count, 100 * (k + 1), `sample ${k}`);

      // Half the observations lie below the log-normal's median 0.1: within a bucket of schema 3
      // (a factor 2^(1/8)), and within the classic buckets around it.
      const [median] = await native.query("histogram_quantile(0.5, lat)");
      const m = Number(median.value![1]);
      ok(m > 0.1 / 2 ** 0.125 && m < 0.1 * 2 ** 0.125, `native median ${m}`);
      const [classicMedian] = await classic.query("histogram_quantile(0.5, lat_bucket)");
      const c = Number(classicMedian.value![1]);
      ok(c >= 0.05 && c <= 0.2, `classic median ${c}`);
      // The native server took the histogram as a native one: no float series of its buckets.
      deepStrictEqual(await native.query("lat_bucket"), []);
    } finally {
      for (const server of servers) await server.stop();
      serve.kill("SIGTERM");
      await serve.output();
    }
  },
});
