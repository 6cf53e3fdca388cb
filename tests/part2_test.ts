// SPEC Part II against its executable reading (bench/peers/reference_part2.py, numpy): without
// noise and wander, its numbers and labels must equal ours, to the rounding of the last digit.
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { createGenerator, encodeCsv, generate, parseConfig } from "../mod.ts";
import { python } from "./_python.ts";
import { assertSameForAnyWorkers, freshDir } from "./_run_cli.ts";

const HAS_NUMPY = python("import numpy").ok;

/** The reference's metrics and labels for a config, as numbers per column. */
async function reference(toml: string, name: string) {
  const dir = await freshDir(`part2_${name}`);
  await Deno.writeTextFile(`${dir}/c.toml`, toml);
  const run = python(
    `import sys, runpy; sys.argv = ["ref", "${dir}/c.toml", "-o", "${dir}/ref", "--writer", "csv"]; runpy.run_path("bench/peers/reference_part2.py", run_name="__main__")`,
  );
  strictEqual(run.ok, true, run.out);
  const read = async (file: string) => {
    const [header, ...rows] = (await Deno.readTextFile(`${dir}/ref/${file}`)).trim().split(/\r?\n/);
    const names = header.split(",").slice(1);
    return Object.fromEntries(
      names.map((
        n,
        j,
      ) => [n, rows.map((r) => r.split(",")[j + 1]).map((c) => c === "" ? NaN : Number(c))]),
    );
  };
  const manifest = JSON.parse(await Deno.readTextFile(`${dir}/ref/manifest.json`));
  return { values: await read("metrics.csv"), labels: await read("labels.csv"), manifest };
}

async function assertSameAsReference(toml: string, name: string) {
  const ours = generate(parseConfig(toml));
  const ref = await reference(toml, name);
  for (const metric of ours.names) {
    deepStrictEqual([...ours.labels[metric]], ref.labels[metric], `${metric} labels`);
    const ourValues = ours.values[metric];
    ref.values[metric].forEach((x, k) => {
      ok(
        (Number.isNaN(x) && Number.isNaN(ourValues[k])) ||
          Math.abs(ourValues[k] - x) <= 1.5e-6 * Math.max(1, Math.abs(x)),
        `${metric}[${k}]: ${ourValues[k]} vs the reference's ${x}`,
      );
    });
  }
}

Deno.test({
  name: "fault envelopes (onset, hold, recovery), offsets and durations equal the reference",
  ignore: !HAS_NUMPY,
  async fn() {
    await assertSameAsReference(
      `[general]
seed = 1
num_samples = 240
start = 2026-03-01T00:00:00Z
interval = "15s"

[metrics.latency]
value = 100
[metrics.errors]
value = 0
[metrics.queue]
value = 40

[[anomalies.latency]]
at = "5m"
onset = 6
hold = "1m30s"
recovery_time = 30
pattern = "exponential"
anomaly_factor = 3

[[anomalies.latency]]
at = 2026-03-01T00:40:00Z
onset = "1m"
recovery_time = 20
pattern = "oscillating"
pattern_args = { frequency = 0.7 }
anomaly_factor = 0.5
offset = -10

[anomalies.errors]
at = 100
hold = 10
recovery_time = 15
pattern = "linear"
offset = 2.5

[anomalies.queue]
at = 200
onset = 10
recovery_time = 1
pattern = "step"
anomaly_factor = 4
noise_factor = 3
`,
      "envelope",
    );
  },
});

Deno.test({
  name: "trends, daily and weekly seasons and bounds equal the reference, with and without start",
  ignore: !HAS_NUMPY,
  async fn() {
    const metrics = `
[metrics.requests]
value = 250
trend = { change = 30, over = "1d" }
min = 0
max = 600
[[metrics.requests.seasonality]]
period = "1d"
amplitude = 120
peak = "14h"
[[metrics.requests.seasonality]]
period = "1w"
amplitude = 40
peak = "2d14h"
[metrics.cpu]
value = 70
max = 100
step_size = 0.5
seasonality = [{ period = 96, amplitude = 25 }]
[anomalies.cpu]
at = "1d"
onset = 4
hold = 8
recovery_time = 12
pattern = "linear"
anomaly_factor = 1.6
`;
    await assertSameAsReference(
      `[general]
seed = 2
num_samples = 1000
start = 2026-01-07T09:30:00Z
interval = "15m"
${metrics}`,
      "baseline_timed",
    );
    await assertSameAsReference(
      `[general]
seed = 2
num_samples = 1000
interval = "15m"
${metrics}`,
      "baseline_untimed",
    );
  },
});

Deno.test({
  name: "flatline and missing windows equal the reference, chained in config order",
  ignore: !HAS_NUMPY,
  async fn() {
    await assertSameAsReference(
      `[general]
seed = 3
num_samples = 300
[metrics.cpu]
value = 50
trend = { change = 10, over = 100 }
[metrics.mem]
value = 7
seasonality = [{ period = 50, amplitude = 2 }]

[[anomalies.cpu]]
at = 40
recovery_time = 20
pattern = "linear"
anomaly_factor = 2
[[anomalies.cpu]]
kind = "flatline"
at = 50
recovery_time = 30
[[anomalies.cpu]]
kind = "missing"
at = 120
recovery_time = 10
[[anomalies.cpu]]
kind = "flatline"
at = 130
recovery_time = 5

[[anomalies.mem]]
kind = "flatline"
at = 0
recovery_time = 12
[[anomalies.mem]]
kind = "missing"
at = 290
recovery_time = 10
`,
      "windows",
    );
  },
});

Deno.test("missing samples are empty cells and NaN; a flatline holds across any chunking", () => {
  const toml = `[general]
seed = 4
num_samples = 40
[metrics.m]
value = 5
noise = "laplace"
` +
    `[[anomalies.m]]
kind = "flatline"
at = 17
recovery_time = 9
` +
    `[[anomalies.m]]
kind = "missing"
at = 30
recovery_time = 3
`;
  const data = generate(parseConfig(toml));
  const m = data.values.m;
  ok(m.subarray(17, 26).every((x) => x === m[16]), "held at the value of sample 16");
  ok(m[26] !== m[16]);
  ok(m.subarray(30, 33).every(Number.isNaN) && !Number.isNaN(m[29]) && !Number.isNaN(m[33]));
  deepStrictEqual([...data.labels.m].map((l, k) => l === 1 ? k : -1).filter((k) => k >= 0), [
    ...Array.from({ length: 9 }, (_, i) => 17 + i),
    30,
    31,
    32,
  ]);
  const rows = encodeCsv(data).split("\n");
  strictEqual(rows[31], "30,");
  // Chunks of 1, 5 and 7 samples give the same values (the held value comes from before).
  const generator = createGenerator(parseConfig(toml));
  for (const chunkSize of [1, 5, 7]) {
    const got: number[] = [];
    for (const chunk of generator.chunks({ chunkSize })) got.push(...chunk.values[0]);
    deepStrictEqual(got, [...m], `chunkSize ${chunkSize}`);
  }
});

const COUNTER = `[general]
seed = 6
num_samples = 3000
start = 2026-01-05T00:00:00Z
interval = "1m"
[metrics.requests]
type = "counter"
value = 40
trend = { change = 5, over = "1d" }
seasonality = [{ period = "1d", amplitude = 25, peak = "14h" }]
[metrics.errors]
type = "counter"
value = 0.05
[[anomalies.requests]]
kind = "reset"
at = "10h"
[[anomalies.requests]]
at = 1200
onset = 10
hold = 30
recovery_time = 60
pattern = "exponential"
anomaly_factor = 0.2
[[anomalies.requests]]
kind = "flatline"
at = 2000
recovery_time = 15
[[anomalies.requests]]
kind = "reset"
at = 2400
[[anomalies.errors]]
at = 1500
recovery_time = 40
pattern = "step"
offset = 3
[[anomalies.errors]]
kind = "missing"
at = 2990
recovery_time = 10
`;

Deno.test({
  name: "counters, their resets, flatlines and gaps equal the reference",
  ignore: !HAS_NUMPY,
  async fn() {
    await assertSameAsReference(COUNTER, "counter");
  },
});

Deno.test("a counter's counts are the same for any chunk size and range asked for, and integers", () => {
  const generator = createGenerator(parseConfig(COUNTER));
  const whole = generate(parseConfig(COUNTER)).values.requests;
  ok(whole.every((x) => Number.isInteger(x)));
  for (const chunkSize of [1, 7, 1000]) {
    const got: number[] = [];
    for (const chunk of generator.chunks({ chunkSize })) got.push(...chunk.values[0]);
    deepStrictEqual(got, [...whole], `chunkSize ${chunkSize}`);
  }
  // Random access, backwards and past resets.
  for (const [from, to] of [[2500, 2600], [100, 200], [2399, 2401], [0, 5], [2990, 3000]]) {
    deepStrictEqual([...generator.chunk(from, to).values[0]], [...whole.subarray(from, to)]);
  }
  const text = encodeCsv(generate(parseConfig(COUNTER))).split("\n")[601];
  ok(/^2026-01-05T10:00:00Z,\d+,\d+$/.test(text), text);
});

Deno.test("a run with counters, seasons, wander and windows is the same bytes for 0, 1 and 2 workers", async () => {
  const dir = await freshDir("part2_workers");
  await Deno.writeTextFile(
    `${dir}/c.toml`,
    COUNTER +
      `[metrics.cpu]\nvalue = 50\nnoise = "gaussian"\nwander = { scale = 3, window = 30 }\nmax = 60\n`,
  );
  await assertSameForAnyWorkers(
    dir,
    `${dir}/c.toml`,
    ["metrics.csv", "labels.csv", "effects.csv"],
    [
      "--effects",
      "--chunk-size",
      "257",
    ],
  );
});

Deno.test({
  name:
    "faults spread along depends_on with weights and lags: values, labels, ids and effects equal the reference",
  ignore: !HAS_NUMPY,
  async fn() {
    const toml = `[general]
seed = 7
num_samples = 400
start = 2026-02-02T12:00:00Z
interval = "15s"
[metrics.db]
value = 12
[metrics.api]
value = 85
depends_on = { db = { weight = 0.8, lag = "30s" } }
[metrics.web]
value = 240
[metrics.web.depends_on]
api = { weight = 0.9, lag = 1 }
db = { weight = 0.1 }
[metrics.checkouts]
type = "counter"
value = 20
depends_on = { web = { weight = -0.2, lag = "1m" } }
[metrics.cache]
value = 3
depends_on = { db = { weight = 0 } }

[[anomalies.db]]
at = 100
onset = 8
hold = 40
recovery_time = 80
pattern = "exponential"
anomaly_factor = 6
[[anomalies.db]]
at = 380
recovery_time = 20
pattern = "step"
anomaly_factor = 2
[[anomalies.api]]
at = 20
recovery_time = 10
pattern = "linear"
offset = 5
[[anomalies.web]]
kind = "missing"
at = 300
recovery_time = 5
`;
    await assertSameAsReference(toml, "cascade");
    const ref = await reference(toml, "cascade_manifest");
    const ours = generate(parseConfig(toml)).anomalies;
    const shape = (
      faults: readonly {
        id: string;
        first_sample: number;
        last_sample: number;
        effects?: readonly unknown[];
      }[],
    ) =>
      faults.map(({ id, first_sample, last_sample, effects }) => ({
        id,
        first_sample,
        last_sample,
        effects: (effects ?? []).map((e) => {
          const { metric, first_sample, last_sample, path } = e as Record<string, unknown>;
          return { metric, first_sample, last_sample, path };
        }).sort((a, b) => JSON.stringify(a) < JSON.stringify(b) ? -1 : 1),
      })).sort((a, b) => a.id < b.id ? -1 : 1);
    deepStrictEqual(shape(ours), shape(ref.manifest.anomalies));
    // The root cause of the checkouts' window is db#1, three hops and 2 + 1 + 4 samples away.
    const db1 = ours.find((f) => f.id === "db#1")!;
    ok(db1.kind === "pattern");
    deepStrictEqual(
      db1.effects.filter((e) => e.metric === "checkouts").map((e) => [e.first_sample, e.path]),
      [[107, ["db", "api", "web", "checkouts"]], [104, ["db", "web", "checkouts"]]],
    );
  },
});

Deno.test("a daily season with peak 14h peaks at 14:00 UTC every day, with start", () => {
  const data = generate(parseConfig(
    `[general]
num_samples = 96
start = 2026-05-04T00:00:00Z
interval = "1h"
decimals = "full"
` +
      `[metrics.m]
value = 0
seasonality = { period = "1d", amplitude = 10, peak = "14h" }
`,
  ));
  const values = [...data.values.m];
  for (let day = 0; day < 4; day++) {
    const hours = values.slice(24 * day, 24 * day + 24);
    strictEqual(hours.indexOf(Math.max(...hours)), 14, `day ${day}`);
    ok(Math.abs(hours[14] - 10) < 1e-9);
  }
});

Deno.test("wander has the std asked for, is smooth over its window, and its own stream", () => {
  const config = (wander: string) =>
    parseConfig(
      `[general]
seed = 9
num_samples = 200000
decimals = "full"
[metrics.m]
value = 0
` +
        `noise = "gaussian"
${wander}`,
    );
  const plain = generate(config("")).values.m;
  const wandering = generate(config(`wander = { scale = 3, window = 50 }`)).values.m;
  const wander = plain.map((x, k) => wandering[k] - x);
  const mean = wander.reduce((a, b) => a + b, 0) / wander.length;
  const sd = Math.sqrt(wander.reduce((a, b) => a + (b - mean) ** 2, 0) / wander.length);
  // 200000 samples of a process correlated over 50: about 4000 independent ones; sd within 10%.
  ok(Math.abs(sd - 3) < 0.3, `sd ${sd}`);
  ok(Math.abs(mean) < 0.3, `mean ${mean}`);
  // Neighbours share 49 of 50 draws: correlation 0.98.
  let lag1 = 0;
  for (let k = 1; k < wander.length; k++) lag1 += (wander[k] - mean) * (wander[k - 1] - mean);
  const rho = lag1 / (wander.length - 1) / sd ** 2;
  ok(Math.abs(rho - 0.98) < 0.01, `lag-1 correlation ${rho}`);
  // The noise did not move (else the difference would not be this smooth), and the wander's
  // stream is not the noise's: the two are uncorrelated (|r| < 4 / sqrt(independent samples)).
  let cross = 0;
  for (let k = 0; k < wander.length; k++) cross += (wander[k] - mean) * plain[k];
  const r = cross / wander.length / sd;
  ok(Math.abs(r) < 0.06, `correlation with the noise ${r}`);
});

Deno.test("noise_factor scales the noise by 1 + (noise_factor - 1) |e| inside the window only", () => {
  const config = (fault: string) =>
    parseConfig(
      `[general]\nseed = 5\nnum_samples = 60\n[metrics.m]\nvalue = 10\nnoise = "gaussian"\n` +
        `[anomalies.m]\nat = 20\nonset = 4\nhold = 5\nrecovery_time = 10\npattern = "linear"\n${fault}`,
    );
  const plain = generate(config("anomaly_factor = 1"), { decimals: "full" }).values.m;
  const louder = generate(config("noise_factor = 4"), { decimals: "full" }).values.m;
  for (let k = 0; k < 60; k++) {
    const d = k - 20;
    const e = d < 0 || d >= 19 ? 0 : d < 4 ? (d + 1) / 5 : d < 9 ? 1 : 1 - (d - 9) / 9;
    const expected = 10 + (1 + 3 * e) * (plain[k] - 10);
    ok(Math.abs(louder[k] - expected) < 1e-12, `${k}: ${louder[k]} vs ${expected}`);
  }
});

Deno.test("Part II keeps section 14: a prefix is the same for any length, a metric's numbers do not depend on others", () => {
  const base = (samples: number, extra = "") =>
    parseConfig(
      `[general]\nseed = 11\nnum_samples = ${samples}\nstart = 2026-01-05T00:00:00Z\ninterval = "1m"\n` +
        `[metrics.req]\ntype = "counter"\nvalue = 30\nnoise = "gaussian"\nwander = { scale = 4, window = 20 }\n` +
        `seasonality = [{ period = "1d", amplitude = 10 }]\n${extra}` +
        `[[anomalies.req]]\nkind = "reset"\nat = 300\n` +
        `[[anomalies.req]]\nat = 100\nonset = 5\nhold = 10\nrecovery_time = 20\npattern = "linear"\nanomaly_factor = 2\n`,
    );
  const short = generate(base(500)).values.req;
  const long = generate(base(3000)).values.req;
  deepStrictEqual([...long.subarray(0, 500)], [...short]);
  const withOthers = generate(
    base(
      500,
      `[metrics.other]\nvalue = 1\nnoise = "laplace"\nwander = { scale = 1, window = 5 }\n`,
    ),
  );
  deepStrictEqual([...withOthers.values.req], [...short]);
});
