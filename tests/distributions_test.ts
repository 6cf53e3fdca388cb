// Histograms and summaries (issue 25, part 1): a metric whose value is the location of its
// observations becomes one column per bucket or quantile, `_sum` and `_count`, named as
// Prometheus names the series; a fault moves the share `hit` of the observations, so a latency
// fault moves the upper quantiles first; the columns are exact, chunk for chunk, and SciPy's
// log-normal gives the same buckets and quantiles.
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  type Config,
  ConfigError,
  createGenerator,
  encodeFormats,
  generate,
  prometheusFamilies,
  resolveConfig,
} from "../mod.ts";
import { parse } from "csv-parse/sync";
import { readToml } from "../src/config/toml.ts";
import { DISTRIBUTION_LAWS, mixtureCdf } from "../src/config/distributions.ts";
import { freshDir, runCli } from "./_run_cli.ts";
import { python } from "./_python.ts";
import {
  available,
  type Receiver,
  seriesKey,
  startPrometheus,
  startVictoriaMetrics,
} from "./_receivers.ts";

const GENERAL = { seed: 5, num_samples: 60 };

function messages(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  throw new Error("no ConfigError");
}

Deno.test("a histogram becomes its location, a column per bucket (+Inf last), _sum and _count", () => {
  const config = resolveConfig({
    general: GENERAL,
    metrics: { lat: { type: "histogram", value: 0.1, buckets: [0.1, 0.5] }, cpu: { value: 1 } },
  });
  deepStrictEqual(Object.keys(config.metrics), [
    "lat",
    'lat_bucket{le="0.1"}',
    'lat_bucket{le="0.5"}',
    'lat_bucket{le="+Inf"}',
    "lat_sum",
    "lat_count",
    "cpu",
  ]);
  deepStrictEqual(config.metrics['lat_bucket{le="0.5"}'].observes, {
    of: "lat",
    part: "bucket",
    bound: 0.5,
  });
  const lat = config.metrics.lat;
  deepStrictEqual(
    [lat.distribution, lat.spread, lat.rate, lat.hit],
    ["lognormal", 0.5, 100, 0.1],
  );
});

Deno.test("a summary becomes its location, a column per quantile, _sum and _count", () => {
  const config = resolveConfig({
    general: GENERAL,
    metrics: { lat: { type: "summary", value: 0.1 } },
  });
  deepStrictEqual(Object.keys(config.metrics), [
    "lat",
    'lat{quantile="0.5"}',
    'lat{quantile="0.9"}',
    'lat{quantile="0.99"}',
    "lat_sum",
    "lat_count",
  ]);
});

Deno.test("a histogram of many series has its columns per series, le after the series labels", () => {
  const config = resolveConfig({
    general: GENERAL,
    metrics: { lat: { type: "histogram", value: 0.1, buckets: [1], labels: { pod: 2 } } },
  });
  deepStrictEqual(Object.keys(config.metrics), [
    'lat{pod="pod-0"}',
    'lat_bucket{pod="pod-0",le="1"}',
    'lat_bucket{pod="pod-0",le="+Inf"}',
    'lat_sum{pod="pod-0"}',
    'lat_count{pod="pod-0"}',
    'lat{pod="pod-1"}',
    'lat_bucket{pod="pod-1",le="1"}',
    'lat_bucket{pod="pod-1",le="+Inf"}',
    'lat_sum{pod="pod-1"}',
    'lat_count{pod="pod-1"}',
  ]);
});

Deno.test("without faults, each sample adds round(n F(le)) to a bucket, n to _count, n x mean to _sum", () => {
  // ln-normal, median 0.1, spread 0.5: F(0.1) = 1/2 exactly; n = 10 a sample; mean 0.1 e^(1/8).
  const data = generate({
    general: { seed: 1, num_samples: 4, decimals: "full" },
    metrics: { lat: { type: "histogram", value: 0.1, buckets: [0.1], rate: 10 } },
  });
  deepStrictEqual([...data.values['lat_bucket{le="0.1"}']], [5, 10, 15, 20]);
  deepStrictEqual([...data.values['lat_bucket{le="+Inf"}']], [10, 20, 30, 40]);
  deepStrictEqual([...data.values.lat_count], [10, 20, 30, 40]);
  const mean = 0.1 * Math.exp(0.125);
  let sum = 0;
  const sums = [0, 1, 2, 3].map(() => sum += 10 * mean);
  deepStrictEqual([...data.values.lat_sum], sums);
});

Deno.test("a summary's quantiles are the law's: median x e^(spread z_q) for a log-normal", () => {
  const data = generate({
    general: { seed: 1, num_samples: 2, decimals: "full" },
    metrics: { lat: { type: "summary", value: 0.2, spread: 0.3, quantiles: [0.5, 0.99] } },
  });
  deepStrictEqual([...data.values['lat{quantile="0.5"}']], [0.2, 0.2]);
  // z(0.99) = 2.3263478740408408 (scipy.stats.norm.ppf(0.99)).
  const p99 = data.values['lat{quantile="0.99"}'][0];
  ok(Math.abs(p99 - 0.2 * Math.exp(0.3 * 2.3263478740408408)) < 1e-14, String(p99));
});

Deno.test("a normal law's location is its mean and spread its deviation", () => {
  const data = generate({
    general: { seed: 1, num_samples: 1, decimals: "full" },
    metrics: {
      temp: { type: "summary", distribution: "normal", value: 20, spread: 2, quantiles: [0.5] },
      lat: {
        type: "histogram",
        distribution: "normal",
        value: 0,
        spread: 1,
        buckets: [0],
        rate: 7,
      },
    },
  });
  strictEqual(data.values['temp{quantile="0.5"}'][0], 20);
  // F(0) = 1/2 of 7: round half to even gives 4 (3.5).
  strictEqual(data.values['lat_bucket{le="0"}'][0], 4);
});

Deno.test("a fault hits `hit` of the observations: a latency fault moves p99 and barely p50", () => {
  const config = {
    general: { seed: 3, num_samples: 30, decimals: "full" as const },
    metrics: { lat: { type: "summary" as const, value: 0.1, quantiles: [0.5, 0.9, 0.99] } },
    anomalies: {
      lat: { at: 10, pattern: "step" as const, anomaly_factor: 4, recovery_time: 10 },
    },
  };
  const data = generate(config);
  const at = (q: string, k: number) => data.values[`lat{quantile="${q}"}`][k];
  // The location itself is 4 times larger inside the window.
  strictEqual(data.values.lat[15], 0.4);
  const ratio = (q: string) => at(q, 15) / at(q, 5);
  ok(ratio("0.5") < 1.1, `p50 x${ratio("0.5")}`);
  // p99 is the hit tenth's p90: 2.37 times the healthy p99.
  ok(ratio("0.99") > 2.3, `p99 x${ratio("0.99")}`);
  ok(ratio("0.5") < ratio("0.9") && ratio("0.9") < ratio("0.99"));
  // Each quantile is the mixture's: 0.9 F(x; 0.1) + 0.1 F(x; 0.4) = q there.
  const law = DISTRIBUTION_LAWS.lognormal;
  for (const q of [0.5, 0.9, 0.99]) {
    const F = mixtureCdf(law, 0.5, 0.4, 0.1, 0.1, at(String(q), 15));
    ok(Math.abs(F - q) < 1e-12, `F(Q(${q})) = ${F}`);
  }
  // Outside the window the quantiles are the healthy ones, and the columns are labelled with it.
  strictEqual(at("0.5", 25), 0.1);
  deepStrictEqual([...data.labels['lat{quantile="0.99"}']], [...data.labels.lat]);
  // hit = 1 moves the whole distribution: every quantile 4 times.
  const whole = generate({
    ...config,
    metrics: { lat: { ...config.metrics.lat, hit: 1 } },
  });
  const w = (q: string, k: number) => whole.values[`lat{quantile="${q}"}`][k];
  for (const q of ["0.5", "0.9", "0.99"]) {
    ok(Math.abs(w(q, 15) / w(q, 5) - 4) < 1e-12, `${q}: x${w(q, 15) / w(q, 5)}`);
  }
});

Deno.test("the truth follows a fault into its histogram's columns", () => {
  const data = generate({
    general: GENERAL,
    metrics: {
      requests: { type: "counter", value: 5 },
      lat: { type: "histogram", value: 0.1, buckets: [0.2], rate: "requests" },
    },
    anomalies: {
      lat: { at: 10, pattern: "step", anomaly_factor: 3, recovery_time: 5 },
      requests: { at: 30, pattern: "step", anomaly_factor: 2, recovery_time: 5 },
    },
  });
  const reached = (id: string) =>
    data.anomalies.find((a) => a.id === id)!.effects.map((e) => e.metric);
  deepStrictEqual(reached("lat#1"), [
    'lat_bucket{le="0.2"}',
    'lat_bucket{le="+Inf"}',
    "lat_sum",
    "lat_count",
  ]);
  // The counter's fault changes how many are observed: every column but none of the location.
  deepStrictEqual(reached("requests#1"), reached("lat#1"));
  // _count is the counter's events, sample for sample.
  deepStrictEqual([...data.values.lat_count], [...data.values.requests]);
  // The effects: the extra events counted at the second fault (5 a second more), none at +Inf
  // outside the windows.
  strictEqual(data.effects.lat_count[32], 5);
  strictEqual(data.effects.lat_count[20], 0);
  ok(data.effects['lat_bucket{le="0.2"}'][12] < 0, "fewer observations under 0.2 s in the fault");
});

Deno.test("the columns are the same for any chunk size and for random access", () => {
  const config = {
    general: { seed: 11, num_samples: 500 },
    metrics: {
      requests: { type: "counter" as const, value: 40, noise: "gaussian" as const },
      lat: {
        type: "histogram" as const,
        value: 0.2,
        noise: "gaussian" as const,
        noise_args: { scale: 0.01 },
        rate: "requests",
        buckets: [0.1, 0.2, 0.4],
      },
      db: { type: "summary" as const, value: 0.05, hit: 0.3 },
    },
    anomalies: {
      lat: { at: 100, pattern: "step" as const, anomaly_factor: 3, recovery_time: 60 },
      db: [{ at: 300, pattern: "step" as const, anomaly_factor: 2, recovery_time: 50 }, {
        kind: "missing" as const,
        at: 420,
        recovery_time: 5,
      }],
    },
  };
  const whole = generate(config);
  const generator = createGenerator(config);
  for (const chunkSize of [1, 7, 128]) {
    const seen: Record<string, number[]> = {};
    for (const chunk of generator.chunks({ chunkSize })) {
      generator.names.forEach((name, j) => (seen[name] ??= []).push(...chunk.values[j]));
    }
    for (const name of generator.names) deepStrictEqual(seen[name], [...whole.values[name]], name);
  }
  // Out of order: a block inside the fault, then one before it.
  for (const [from, to] of [[120, 140], [40, 50], [415, 430]]) {
    const chunk = generator.chunk(from, to);
    generator.names.forEach((name, j) =>
      deepStrictEqual([...chunk.values[j]], [...whole.values[name].subarray(from, to)], name)
    );
  }
  // Where the location is missing so are the columns, and nothing is counted there.
  ok(Number.isNaN(whole.values.db_count[421]));
  strictEqual(whole.values.db_count[425], whole.values.db_count[419] + 100);
});

Deno.test("bad histogram and summary keys are refused, one line each", () => {
  deepStrictEqual(
    messages(() =>
      resolveConfig({
        general: GENERAL,
        metrics: {
          a: { type: "histogram", value: 1, buckets: [1, 0.5], quantiles: [0.5] },
          b: { type: "summary", value: 1, quantiles: [0.5, 1], hit: 0 },
          c: { value: 1, spread: 2 },
          d: { type: "summary", distribution: "normal", value: 1 },
          e: { type: "histogram", value: 1, rate: "c", native: 9 },
          f: { type: "histogram", value: 1, prometheus: { labels: { le: "x" } } },
          g: { type: "summary", value: 1, distribution: "lognormel" },
        },
      })
    ),
    [
      'metrics.a.quantiles: is for type = "summary": this metric is a histogram',
      "metrics.a.buckets[1]: must be a list of 1 to 1000 increasing upper bounds (+Inf is " +
      "added): 0.5 follows 1",
      "metrics.b.hit: must be the share of observations a fault hits, > 0 and <= 1: got 0",
      "metrics.b.quantiles[1]: a quantile must be > 0 and < 1: got 1",
      'metrics.c.spread: is for type = "histogram" or "summary": this metric is a gauge',
      "metrics.d.spread: missing; a number is required",
      "metrics.e.native: must be an integer from -4 to 8, a native schema, or true: got 9",
      'metrics.g.distribution: "lognormel" is not a distribution; did you mean "lognormal"? ' +
      "(lognormal, normal)",
    ],
  );
  deepStrictEqual(
    messages(() =>
      resolveConfig({
        general: GENERAL,
        metrics: {
          c: { value: 1 },
          e: { type: "histogram", value: 1, rate: "c" },
          f: { type: "histogram", value: 1, prometheus: { labels: { le: "x" } } },
        },
      })
    ),
    [
      'metrics.e.rate: "c" is a gauge: name a counter, whose events are the observations',
      'metrics.f: a histogram\'s series carry the label "le": rename yours',
    ],
  );
  deepStrictEqual(
    messages(() =>
      resolveConfig({
        general: GENERAL,
        metrics: { lat: { type: "histogram", value: 1, buckets: [1] }, lat_sum: { value: 1 } },
      })
    ),
    [
      'metrics.lat: its histogram makes column "lat_sum", which is also a metric of the ' +
      "config; rename one",
    ],
  );
});

Deno.test("metrics.om carries a histogram and a summary family; promtool reads it", async () => {
  const config = {
    general: { seed: 2, num_samples: 3, interval: "15s", start: "2026-01-01T00:00:00Z" },
    metrics: {
      lat: { type: "histogram" as const, value: 0.1, buckets: [0.1], rate: 1 },
      db: { type: "summary" as const, value: 0.5, quantiles: [0.5], rate: 1 },
    },
  };
  const [file] = encodeFormats(createGenerator(config), ["openmetrics"]);
  const text = new TextDecoder().decode(file.bytes);
  deepStrictEqual(text.split("\n").slice(0, 16), [
    "# HELP lat Synthetic histogram lat (chaos-datagen)",
    "# TYPE lat histogram",
    'lat_bucket{le="0.1"} 8 1767225600',
    'lat_bucket{le="0.1"} 16 1767225615',
    'lat_bucket{le="0.1"} 24 1767225630',
    'lat_bucket{le="+Inf"} 15 1767225600',
    'lat_bucket{le="+Inf"} 30 1767225615',
    'lat_bucket{le="+Inf"} 45 1767225630',
    "lat_sum 1.699723 1767225600",
    "lat_sum 3.399445 1767225615",
    "lat_sum 5.099168 1767225630",
    "lat_count 15 1767225600",
    "lat_count 30 1767225615",
    "lat_count 45 1767225630",
    "# HELP db Synthetic summary db (chaos-datagen)",
    "# TYPE db summary",
  ]);
  if (!available("promtool")) return;
  const dir = await freshDir("distributions_om");
  await Deno.writeTextFile(`${dir}/metrics.om`, text);
  const out = await new Deno.Command("promtool", {
    args: ["tsdb", "create-blocks-from", "openmetrics", `${dir}/metrics.om`, `${dir}/tsdb`],
    stdout: "piped",
    stderr: "piped",
  }).output();
  strictEqual(out.success, true, new TextDecoder().decode(out.stderr));
});

Deno.test("SciPy's log-normal gives the same buckets, sums and quantiles from the location column", async () => {
  const dir = await freshDir("distributions_scipy");
  const toml = `[general]
seed = 9
num_samples = 200
interval = "15s"
decimals = "full"

[metrics.lat]
type = "histogram"
value = 0.12
spread = 0.4
noise = "gaussian"
noise_args = { scale = 0.004 }
buckets = [0.05, 0.1, 0.2, 0.4, 1]
rate = 33.3
hit = 1

[metrics.db]
type = "summary"
value = 0.03
quantiles = [0.25, 0.5, 0.95, 0.999]
rate = 2

[anomalies.lat]
at = 50
pattern = "linear"
anomaly_factor = 5
onset = 10
recovery_time = 30

[anomalies.db]
at = 120
pattern = "step"
anomaly_factor = 3
recovery_time = 40
`;
  await Deno.writeTextFile(`${dir}/c.toml`, toml);
  const run = await runCli(["-c", `${dir}/c.toml`, "-o", `${dir}/out`, "--format", "csv"]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  const result = python(`
import csv, math, numpy as np
from scipy.stats import lognorm
from scipy.optimize import brentq
rows = list(csv.DictReader(open("${dir}/out/metrics.csv")))
labels = list(csv.DictReader(open("${dir}/out/labels.csv")))
def col(name): return np.array([float(r[name]) for r in rows])
bad = []
# The histogram, hit = 1: every observation at the location; n = round(33.3 * 15) = 500.
m = col("lat"); n = round(33.3 * 15)
for le in ["0.05", "0.1", "0.2", "0.4", "1"]:
    inc = np.round(n * lognorm.cdf(float(le), 0.4, scale=m))
    if not np.array_equal(np.cumsum(inc), col('lat_bucket{le="%s"}' % le)): bad.append(le)
if not np.allclose(np.cumsum(n * m * math.exp(0.08)), col("lat_sum"), rtol=1e-12): bad.append("sum")
# The summary, hit = 0.1 in its window: the healthy location is 0.03 (no noise).
d = col("db"); lab = [int(r["db"]) for r in labels]
for q in [0.25, 0.5, 0.95, 0.999]:
    got = col('db{quantile="%s"}' % q)
    for k in range(len(d)):
        w = 0.1 if lab[k] else 0.0
        F = lambda x: (1 - w) * lognorm.cdf(x, 0.5, scale=0.03) + w * lognorm.cdf(x, 0.5, scale=d[k]) - q
        want = brentq(F, 1e-9, 100, xtol=1e-15, rtol=1e-14)
        if abs(got[k] - want) > 1e-12 * want: bad.append((q, k, got[k], want)); break
print(bad)
`);
  if (!result.ok && /No module named/.test(result.out)) return;
  strictEqual(result.out, "[]");
});

Deno.test("promtool: histogram_quantile over the buckets moves inside the fault window only", async () => {
  if (!available("promtool")) return;
  const dir = await freshDir("distributions_promql");
  const toml = `[general]
seed = 4
num_samples = 120
interval = "15s"
start = "2026-01-01T00:00:00Z"

[metrics.lat]
type = "histogram"
value = 0.1
buckets = [0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6]
rate = 50

[anomalies.lat]
at = 60
pattern = "step"
anomaly_factor = 4
recovery_time = 30
`;
  await Deno.writeTextFile(`${dir}/c.toml`, toml);
  const run = await runCli(["-c", `${dir}/c.toml`, "-o", `${dir}/out`, "--format", "promtool"]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  // p99 by Prometheus' own interpolation over our buckets, at 15 s steps: the rate over 1 m
  // sees a window 4 samples wide.
  const expr = "histogram_quantile(0.99, rate(lat_bucket[1m]))";
  const times = [10, 40, 55, 70, 80, 100, 115].map((k) => k * 15);
  // Healthy p99: 0.1 e^(0.5 x 2.326) = 0.320, read as 0.382 by interpolating in (0.2, 0.4]; in
  // the fault a tenth of the observations at 0.4 make it 0.76 (read as 0.785 in (0.4, 0.8]).
  const tests = times.map((t) =>
    `      - expr: '${expr} > bool 0.5'\n        eval_time: ${t}s\n` +
    `        exp_samples:\n          - labels: '{}'\n            value: ${
      t >= 64 * 15 && t <= 90 * 15 ? 1 : 0
    }\n`
  ).join("");
  const file = `${dir}/out/promtool-tests.yml`;
  await Deno.writeTextFile(
    file,
    (await Deno.readTextFile(file)) + "    promql_expr_test:\n" + tests,
  );
  const out = await new Deno.Command("promtool", { args: ["test", "rules", file], stderr: "piped" })
    .output();
  strictEqual(out.success, true, new TextDecoder().decode(out.stderr));
});

/** A config of a histogram (classic and native) and a summary, starting `startMs`. */
function pushConfig(startMs: number): string {
  return `[general]
seed = 21
num_samples = 120
interval = "15s"
start = "${new Date(startMs).toISOString()}"

[metrics.requests]
type = "counter"
value = 50
noise = "gaussian"

[metrics.lat]
type = "histogram"
value = 0.1
noise = "gaussian"
noise_args = { scale = 0.002 }
buckets = [0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6]
rate = "requests"
native = true
prometheus = { name = "http_request_duration_seconds", labels = { job = "api" } }

[metrics.db]
type = "summary"
value = 0.02
rate = 10

[anomalies.lat]
at = 60
pattern = "step"
anomaly_factor = 4
recovery_time = 30
`;
}

/** Pushes `pushConfig` to a receiver; gives the stored samples and what metrics.csv holds. */
async function pushHistograms(
  name: string,
  start: (dir: string) => Promise<Receiver>,
  check: (receiver: Receiver, startMs: number) => Promise<void>,
): Promise<void> {
  const dir = await freshDir(`distributions_push_${name}`);
  // On a whole minute, ending five minutes ago: inside Prometheus' head.
  const startMs = Math.floor((Date.now() - (120 * 15 + 300) * 1000) / 60_000) * 60_000;
  const toml = pushConfig(startMs);
  await Deno.writeTextFile(`${dir}/c.toml`, toml);
  const files = await runCli(["-c", `${dir}/c.toml`, "-o", `${dir}/out`, "-q", "--no-plot"]);
  strictEqual(files.status, 0, files.stderr.join("\n"));
  const receiver = await start(dir);
  try {
    const push = await runCli(["push", "-c", `${dir}/c.toml`, "--url", receiver.writeUrl, "-q"]);
    strictEqual(push.status, 0, push.stderr.join("\n"));
    // Every classic series, bucket by bucket, equal to its metrics.csv column.
    const stored = await receiver.samples(startMs, startMs + 120 * 15000);
    const rows = parse(await Deno.readTextFile(`${dir}/out/metrics.csv`)) as string[][];
    const config = resolveConfig(readToml(toml) as Config);
    let compared = 0;
    for (const family of prometheusFamilies(config)) {
      for (const series of family.series) {
        const i = rows[0].indexOf(series.metric);
        const key = seriesKey({ __name__: series.sample, ...Object.fromEntries(series.pairs) });
        const kept = rows.slice(1).filter((row) => row[i] !== "");
        deepStrictEqual(stored.get(key), {
          timestamps: kept.map((row) => Date.parse(row[0])),
          values: kept.map((row) => Number(row[i])),
        }, key);
        compared++;
      }
    }
    // requests, 8 buckets, _sum, _count; 3 quantiles, _sum, _count.
    strictEqual(compared, 16);
    await check(receiver, startMs);
  } finally {
    await receiver.stop();
  }
}

/** An instant query's single value at `timeMs`. */
async function queryValue(receiver: Receiver, expr: string, timeMs: number): Promise<number> {
  const params = new URLSearchParams({ query: expr, time: String(timeMs / 1000) });
  const body = await (await fetch(`${receiver.origin}/api/v1/query?${params}`)).json();
  if (body.status !== "success") throw new Error(JSON.stringify(body).slice(0, 300));
  strictEqual(body.data.result.length, 1, `${expr}: ${JSON.stringify(body.data.result)}`);
  return Number(body.data.result[0].value[1]);
}

/** p99 of the buckets at samples 10 .. 115: above 0.5 s only while the fault is seen. */
async function assertP99MovesInTheFaultOnly(
  receiver: Receiver,
  startMs: number,
  expr: string,
): Promise<void> {
  for (let k = 10; k < 120; k += 5) {
    const p99 = await queryValue(receiver, expr, startMs + k * 15000);
    // rate over 1 m sees samples k-4 .. k; the fault holds samples 60 .. 89.
    const inside = k - 4 >= 61 && k <= 89;
    const outside = k < 60 || k - 4 > 89;
    if (inside) ok(p99 > 0.5, `sample ${k}: ${expr} = ${p99}`);
    if (outside) ok(p99 < 0.5, `sample ${k}: ${expr} = ${p99}`);
  }
}

Deno.test({
  name: "a histogram pushed to Prometheus: its buckets equal metrics.csv, and histogram_quantile " +
    "of the classic and the native histogram moves inside the fault window only",
  ignore: !available("prometheus"),
  fn: () =>
    pushHistograms(
      "prometheus",
      (dir) => startPrometheus(dir, ["--enable-feature=native-histograms"]),
      async (receiver, startMs) => {
        const name = "http_request_duration_seconds";
        await assertP99MovesInTheFaultOnly(
          receiver,
          startMs,
          `histogram_quantile(0.99, rate(${name}_bucket[1m]))`,
        );
        await assertP99MovesInTheFaultOnly(
          receiver,
          startMs,
          `histogram_quantile(0.99, rate(${name}[1m]))`,
        );
        // The native histogram counts what _count and _sum count, sample for sample.
        for (const k of [30, 70, 119]) {
          const t = startMs + k * 15000;
          strictEqual(
            await queryValue(receiver, `histogram_count(${name})`, t),
            await queryValue(receiver, `${name}_count`, t),
          );
          const sum = await queryValue(receiver, `histogram_sum(${name})`, t);
          const classic = await queryValue(receiver, `${name}_sum`, t);
          ok(Math.abs(sum - classic) < 1e-6 * classic, `${sum} vs ${classic}`);
        }
      },
    ),
});

Deno.test({
  name: "a histogram pushed to VictoriaMetrics: its buckets equal metrics.csv, and " +
    "histogram_quantile moves inside the fault window only",
  ignore: !available("victoria-metrics"),
  fn: () =>
    pushHistograms(
      "victoria",
      startVictoriaMetrics,
      (receiver, startMs) =>
        assertP99MovesInTheFaultOnly(
          receiver,
          startMs,
          "histogram_quantile(0.99, rate(http_request_duration_seconds_bucket[1m]))",
        ),
    ),
});

Deno.test("histograms sharing a Prometheus name must agree on native: Prometheus reads a family as one", () => {
  const config = resolveConfig({
    general: GENERAL,
    metrics: {
      a: {
        type: "histogram",
        value: 1,
        native: true,
        prometheus: { name: "lat", labels: { x: "a" } },
      },
      b: { type: "histogram", value: 1, prometheus: { name: "lat", labels: { x: "b" } } },
    },
  });
  deepStrictEqual(messages(() => prometheusFamilies(config)), [
    'metrics.b: its Prometheus name "lat" is also "a"\'s, whose native is 3: a family is native ' +
    "or not as a whole; give the same native",
  ]);
});

Deno.test("many histograms count up together: random access and histograms at different samples give the run's values", async () => {
  const { Generation } = await import("../src/model/generation.ts");
  const config = resolveConfig({
    general: { seed: 8, num_samples: 9000 },
    metrics: {
      requests: { type: "counter", value: 3, noise: "gaussian", noise_args: { scale: 0.5 } },
      lat: {
        type: "histogram",
        value: 0.2,
        noise: "gaussian",
        noise_args: { scale: 0.01 },
        buckets: [0.1, 0.3],
        rate: "requests",
        instances: 30,
        hit: 0.3,
      },
    },
    anomalies: {
      lat: { at: 4000, pattern: "step", anomaly_factor: 3, recovery_time: 3000, share: 0.2 },
    },
  });
  const whole = generate(config);
  // Random access far past the first catch-up block, then back inside it.
  const generator = new Generation(config);
  for (const [from, to] of [[8000, 8010], [4100, 4120]]) {
    const chunk = generator.chunk(from, to);
    generator.names.forEach((name, j) =>
      deepStrictEqual([...chunk.values[j]], [...whole.values[name].subarray(from, to)], name)
    );
  }
  // One series' columns filled alone up to 5000 (as a difficulty walk does), then all of them
  // from 6000: that series counts up from 5000, the others from 0, in one pass.
  const apart = new Generation(config);
  // A series the fault hits: its twin is read while it counts up.
  const hit = /instance="instance-\d+"/.exec(
    Object.keys(config.anomalies).find((name) => name.startsWith("lat{"))!,
  )![0];
  const only = new Uint8Array(apart.names.length);
  apart.names.forEach((name, j) => {
    if (name.includes(hit) || name === "requests") only[j] = 1;
  });
  apart.chunk(0, 5000, only);
  const chunk = apart.chunk(6000, 6010);
  apart.names.forEach((name, j) =>
    deepStrictEqual([...chunk.values[j]], [...whole.values[name].subarray(6000, 6010)], name)
  );
});
