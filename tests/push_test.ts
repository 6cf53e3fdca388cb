// `push` as a receiver meets it: Prometheus remote write 1.0 (protobuf, Snappy), each metric one
// series named as in metrics.om, missing samples left out, the fault truth beside them. Real
// receivers (Debian's prometheus and victoria-metrics, started here on loopback) hold exactly
// the samples of metrics.csv afterwards; fake ones (Deno.serve, raw sockets) answer 5xx, 429,
// 400, slowly, by closing the connection, or not at all, and push retries where the protocol
// says, reports one line per problem and says by its exit status whether everything arrived.
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { parse } from "csv-parse/sync";
import { createGenerator } from "../src/model/mod.ts";
import { resolveConfig } from "../src/config/mod.ts";
import type { Config } from "../src/config/types.ts";
import { readToml } from "../src/config/toml.ts";
import { decodeRemoteWrite, RemoteWriteEncoder } from "../src/formats/remote_write.ts";
import { freshDir, runCli } from "./_run_cli.ts";
import { freePort } from "./_serve.ts";
import {
  available,
  type Receiver,
  seriesKey,
  startPrometheus,
  startVictoriaMetrics,
  type StoredSamples,
} from "./_receivers.ts";

/** Three metrics: a gauge with labels, a counter, and a gauge with missing samples and a fault. */
const SMALL = `[general]
seed = 3
num_samples = 40
interval = "15s"
start = "2026-01-01T00:00:00Z"

[metrics.cpu]
value = 50
noise = "gaussian"
prometheus = { name = "cpu_percent", labels = { job = "api", az = "b" } }

[metrics.requests]
value = 10
type = "counter"

[metrics.latency]
value = 20
noise = "uniform"

[[anomalies.latency]]
kind = "missing"
at = 10
recovery_time = 5

[[anomalies.cpu]]
at = 30
anomaly_factor = 2
pattern = "step"
recovery_time = 4
`;

Deno.test("a WriteRequest holds each metric as one series, labels sorted, missing samples left out", () => {
  const generator = createGenerator(resolveConfig(parseToml(SMALL)));
  const encoder = new RemoteWriteEncoder(generator.config, generator.anomalies);
  const batches = [...encoder.batches(generator.chunk(0, 40), 1_000_000)];
  strictEqual(batches.length, 1);
  const series = decodeRemoteWrite(batches[0].body);
  deepStrictEqual(series.map((s) => s.labels), [
    [["__name__", "cpu_percent"], ["az", "b"], ["job", "api"]],
    [["__name__", "requests_total"]],
    [["__name__", "latency"]],
    [["__name__", "chaos_fault_active"], ["fault", "latency#1"], ["metric", "latency"]],
    [["__name__", "chaos_fault_active"], ["fault", "cpu#1"], ["metric", "cpu"]],
  ]);
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  deepStrictEqual(series[0].timestamps, Array.from({ length: 40 }, (_, k) => t0 + k * 15000));
  deepStrictEqual(series[0].values, [...generator.chunk(0, 40).values[0]]);
  // Samples 10..14 of latency are missing: 35 sent, none at those times.
  strictEqual(series[2].values.length, 35);
  ok(series[2].timestamps.every((t) => t < t0 + 10 * 15000 || t >= t0 + 15 * 15000));
  // A missing window is a fault too: its truth is 1 where the samples are missing.
  deepStrictEqual(series[3].timestamps, [10, 11, 12, 13, 14].map((k) => t0 + k * 15000));
  deepStrictEqual(series[4].timestamps, [30, 31, 32, 33].map((k) => t0 + k * 15000));
  deepStrictEqual(series[4].values, [1, 1, 1, 1]);
  strictEqual(batches[0].samples, 40 + 40 + 35 + 4 + 5);
  strictEqual(encoder.truthSamples, 9);
});

Deno.test("batches hold at most the batch size, each slice in time order, all samples once", () => {
  const generator = createGenerator(resolveConfig(parseToml(SMALL)));
  const encoder = new RemoteWriteEncoder(generator.config, generator.anomalies);
  const batches = [...encoder.batches(generator.chunk(0, 40), 7, 2)];
  const seen = new Map<string, number[]>();
  for (const batch of batches) {
    const series = decodeRemoteWrite(batch.body);
    const count = series.reduce((n, s) => n + s.values.length, 0);
    strictEqual(count, batch.samples);
    ok(batch.samples <= 7, `${batch.samples} samples in a batch of 7`);
    for (const s of series) {
      const key = JSON.stringify(s.labels);
      seen.set(key, [...(seen.get(key) ?? []), ...s.timestamps]);
    }
  }
  strictEqual(seen.size, 5);
  for (const times of seen.values()) {
    deepStrictEqual(times, [...times].sort((a, b) => a - b));
    strictEqual(new Set(times).size, times.length);
  }
  strictEqual(batches.reduce((n, b) => n + b.samples, 0), 40 + 40 + 35 + 4 + 5);
});

// ---- fake receivers ----

interface Fake {
  url: string;
  /** Each request: its headers, its series, when it came (performance.now()). */
  requests: { headers: Headers; series: ReturnType<typeof decodeRemoteWrite>; at: number }[];
  stop(): Promise<void>;
}

/** A receiver on loopback answering each request as `answer` says (by its number from 0). */
function fakeReceiver(answer: (n: number) => Promise<Response> | Response): Fake {
  const requests: Fake["requests"] = [];
  let n = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (r) => {
    const body = new Uint8Array(await r.arrayBuffer());
    requests.push({ headers: r.headers, series: decodeRemoteWrite(body), at: performance.now() });
    return await answer(n++);
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/api/v1/write`,
    requests,
    stop: () => server.shutdown(),
  };
}

/** The samples of accepted requests, by series key. */
function received(requests: Fake["requests"], accepted: (n: number) => boolean): number {
  return requests.filter((_, i) => accepted(i))
    .reduce((n, r) => n + r.series.reduce((m, s) => m + s.values.length, 0), 0);
}

async function smallConfig(name: string): Promise<string> {
  const dir = await freshDir(`push_${name}`);
  await Deno.writeTextFile(`${dir}/config.toml`, SMALL);
  return `${dir}/config.toml`;
}

// The metrics' samples, and the truth: 4 of cpu's step fault, 5 of latency's missing window.
const ALL = 40 + 40 + 35 + 4 + 5;

Deno.test("push sends the remote write 1.0 headers, and exits 0 when every sample is accepted", async () => {
  const fake = fakeReceiver(() => new Response(null, { status: 204 }));
  try {
    const cli = await runCli([
      "push",
      "-c",
      await smallConfig("ok"),
      "--url",
      fake.url,
      "--batch",
      "30",
    ]);
    strictEqual(cli.status, 0, cli.stderr.join("\n"));
    const headers = fake.requests[0].headers;
    strictEqual(headers.get("content-encoding"), "snappy");
    strictEqual(headers.get("content-type"), "application/x-protobuf");
    strictEqual(headers.get("x-prometheus-remote-write-version"), "0.1.0");
    ok(headers.get("user-agent")!.startsWith("chaos-datagen/"));
    strictEqual(received(fake.requests, () => true), ALL);
    strictEqual(cli.stderr.length, 1);
    ok(
      cli.stderr[0].includes(`${ALL} samples accepted, 0 rejected, 0 not sent`),
      cli.stderr[0],
    );
  } finally {
    await fake.stop();
  }
});

Deno.test("push retries a 500 and a 429, and everything arrives", async () => {
  // Requests 0 and 1 fail (500, then 429 with Retry-After: 0), the rest succeed.
  const fake = fakeReceiver((n) =>
    n === 0
      ? new Response("tsdb busy\n", { status: 500 })
      : n === 1
      ? new Response("slow down\n", { status: 429, headers: { "retry-after": "0" } })
      : new Response(null, { status: 204 })
  );
  try {
    const cli = await runCli([
      "push",
      "-c",
      await smallConfig("retry"),
      "--url",
      fake.url,
      "--concurrency",
      "1",
    ]);
    strictEqual(cli.status, 0, cli.stderr.join("\n"));
    // The one batch was sent three times; only the third was kept.
    strictEqual(fake.requests.length, 3);
    deepStrictEqual(fake.requests[2].series, fake.requests[0].series);
    strictEqual(received(fake.requests, (i) => i === 2), ALL);
    ok(cli.stderr.at(-1)!.includes("3 requests, 2 retries"), cli.stderr.at(-1));
  } finally {
    await fake.stop();
  }
});

Deno.test("a 400 rejects its batch for good: one line, no retry, exit 1, the others arrive", async () => {
  const fake = fakeReceiver((n) =>
    n === 1
      ? new Response("out of order sample\n", { status: 400, statusText: "Bad Request" })
      : new Response(null, { status: 204 })
  );
  try {
    const cli = await runCli([
      "push",
      "-c",
      await smallConfig("reject"),
      "--url",
      fake.url,
      "--batch",
      "30",
      "--concurrency",
      "1",
    ]);
    strictEqual(cli.status, 1);
    const rejected = received(fake.requests, (i) => i === 1);
    const accepted = received(fake.requests, (i) => i !== 1);
    strictEqual(rejected + accepted, ALL);
    strictEqual(cli.stderr.length, 2, cli.stderr.join("\n"));
    ok(
      /^error: samples \d+-\d+ \(\d+ samples\): rejected with 400 Bad Request: out of order sample \(not tried again: a 4xx is final\)$/
        .test(cli.stderr[0]),
      cli.stderr[0],
    );
    ok(
      cli.stderr[1].includes(`${accepted} samples accepted, ${rejected} rejected, 0 not sent`),
      cli.stderr[1],
    );
    ok(cli.stderr[1].includes("0 retries"), cli.stderr[1]);
  } finally {
    await fake.stop();
  }
});

Deno.test("a receiver slower than --timeout is tried again, then given up: exit 1", async () => {
  const fake = fakeReceiver(async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return new Response(null, { status: 204 });
  });
  try {
    const cli = await runCli([
      "push",
      "-c",
      await smallConfig("slow"),
      "--url",
      fake.url,
      "--timeout",
      "0.05",
      "--concurrency",
      "1",
      "--retries",
      "1",
    ]);
    strictEqual(cli.status, 1);
    ok(
      /^error: http:\/\/127\.0\.0\.1:\d+\/api\/v1\/write: gave up on samples 0-39 \(124 samples\) after 2 tries: no answer within 0\.05 s$/
        .test(cli.stderr[0]),
      cli.stderr[0],
    );
    ok(cli.stderr.at(-1)!.includes(`0 samples accepted, 0 rejected, ${ALL} not sent`));
  } finally {
    await fake.stop();
  }
});

Deno.test("a slow receiver within --timeout gets everything: exit 0", async () => {
  const fake = fakeReceiver(async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    return new Response(null, { status: 200 });
  });
  try {
    const cli = await runCli([
      "push",
      "-c",
      await smallConfig("slow_ok"),
      "--url",
      fake.url,
      "--batch",
      "20",
      "-q",
    ]);
    strictEqual(cli.status, 0, cli.stderr.join("\n"));
    deepStrictEqual(cli.stderr, []);
    strictEqual(received(fake.requests, () => true), ALL);
  } finally {
    await fake.stop();
  }
});

Deno.test("a receiver that closes the connection: retried, then one line and exit 1", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  let connections = 0;
  const closing = (async () => {
    for await (const connection of listener) {
      connections++;
      await connection.read(new Uint8Array(64 * 1024)).catch(() => null);
      connection.close();
    }
  })();
  try {
    const port = (listener.addr as Deno.NetAddr).port;
    const cli = await runCli([
      "push",
      "-c",
      await smallConfig("closed"),
      "--url",
      `http://127.0.0.1:${port}/api/v1/write`,
      "--concurrency",
      "1",
      "--retries",
      "2",
    ]);
    strictEqual(cli.status, 1);
    strictEqual(connections, 3);
    ok(
      cli.stderr[0].endsWith("after 3 tries: the connection closed before an answer"),
      cli.stderr[0],
    );
    ok(cli.stderr.at(-1)!.includes(`${ALL} not sent`), cli.stderr.at(-1));
  } finally {
    listener.close();
    await closing.catch(() => {});
  }
});

Deno.test("a receiver that is down: one line, nothing sent, exit 1", async () => {
  const port = freePort();
  const cli = await runCli([
    "push",
    "-c",
    await smallConfig("down"),
    "--url",
    `http://127.0.0.1:${port}/api/v1/write`,
    "--concurrency",
    "1",
    "--retries",
    "1",
  ]);
  strictEqual(cli.status, 1);
  deepStrictEqual(cli.stderr.slice(0, -1), [
    `error: http://127.0.0.1:${port}/api/v1/write: gave up on samples 0-39 (124 samples) after 2 ` +
    "tries: connection refused (is the receiver running?)",
  ]);
  ok(cli.stderr.at(-1)!.includes(`0 samples accepted, 0 rejected, ${ALL} not sent`));
});

Deno.test("push --help prints its usage and exit statuses to stdout, exit 0", async () => {
  const cli = await runCli(["push", "--help"]);
  strictEqual(cli.status, 0);
  deepStrictEqual(cli.stderr, []);
  const lines = cli.stdout.join("\n").split("\n");
  strictEqual(lines[0], "chaos-datagen push: the series sent by Prometheus remote write");
  ok(lines.some((line) => line.startsWith("Exit status: 0 every sample accepted; 1 some")));
});

Deno.test("bad flags exit 2, one line per problem", async () => {
  const cli = await runCli([
    "push",
    "--url",
    "ftp://x",
    "--speed",
    "0",
    "--batch",
    "0",
    "--start",
    "yesterday",
  ]);
  strictEqual(cli.status, 2);
  deepStrictEqual(cli.stderr, [
    "error: -c/--config is required: the config file to push",
    'error: --url: must be an http:// or https:// URL, such as http://127.0.0.1:9090/api/v1/write: got "ftp://x"',
    'error: --speed: must be a number from 0.000001 to 1000000000: got "0"',
    'error: --start: must be a date-time such as 2026-01-01T00:00:00Z, or now: got "yesterday"',
    'error: --batch: must be an integer from 1 to 1000000: got "0"',
    "Run with --help for usage.",
  ]);
});

Deno.test("a config without general.start exits 2: the samples need their times", async () => {
  const dir = await freshDir("push_nostart");
  await Deno.writeTextFile(
    `${dir}/config.toml`,
    "[general]\nnum_samples = 5\n[metrics.cpu]\nvalue = 1\n",
  );
  const cli = await runCli(["push", "-c", `${dir}/config.toml`, "--url", "http://127.0.0.1:1/"]);
  strictEqual(cli.status, 2);
  deepStrictEqual(cli.stderr, [
    `error: ${dir}/config.toml: general.start: remote write sends every sample with its time: ` +
    'set start, such as start = "2026-01-01T00:00:00Z"',
  ]);
});

Deno.test("--speed paces the samples by the wall clock: no sample arrives before it is due", async () => {
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  const fake = fakeReceiver(() => new Response(null, { status: 204 }));
  try {
    // 40 samples of 15 s at 1500 times: one every 10 ms, the last due after 390 ms.
    const config = await smallConfig("speed");
    const begin = performance.now();
    const cli = await runCli([
      "push",
      "-c",
      config,
      "--url",
      fake.url,
      "--speed",
      "1500",
      "-q",
    ]);
    const ms = performance.now() - begin;
    strictEqual(cli.status, 0, cli.stderr.join("\n"));
    ok(ms >= 390, `took ${ms} ms`);
    strictEqual(received(fake.requests, () => true), ALL);
    // Each request's arrival, and the index of its latest sample.
    const arrivals = fake.requests.map(({ at, series }) => ({
      ms: at - begin,
      last: (Math.max(...series.flatMap((s) => s.timestamps)) - t0) / 15000,
    }));
    // A tenth of a second of samples at a time: four times or more, spread over the run.
    ok(arrivals.length >= 4, `${arrivals.length} requests`);
    for (const { ms, last } of arrivals) ok(ms >= last * 10, `sample ${last} arrived at ${ms} ms`);
    ok(arrivals[0].ms < 250, `the first request came at ${arrivals[0].ms} ms`);
  } finally {
    await fake.stop();
  }
});

// ---- real receivers ----

/** Many series, an hour at 15 s, ending a few minutes ago (Prometheus takes recent samples). */
function manyConfig(start: string, samples: number, metrics = 200): string {
  const lines = [
    `[general]\nseed = 11\nnum_samples = ${samples}\ninterval = "15s"\nstart = "${start}"\n`,
  ];
  for (let m = 0; m < metrics; m++) {
    const kind = m % 4;
    lines.push(`[metrics.m${m}]`);
    lines.push(`value = ${10 + m}`);
    if (kind === 1) lines.push(`type = "counter"`);
    else lines.push(`noise = "${kind === 2 ? "uniform" : "gaussian"}"`);
    if (kind === 3) lines.push(`prometheus = { name = "shared", labels = { i = "${m}" } }`);
    lines.push("");
  }
  lines.push(`[[anomalies.m0]]\nkind = "missing"\nat = 100\nrecovery_time = 20\n`);
  lines.push(
    `[[anomalies.m2]]\nat = 50\nanomaly_factor = 3\npattern = "step"\nrecovery_time = 30\n`,
  );
  return lines.join("\n");
}

/** metrics.csv as stored series, named as push names them. */
function expectedFromCsv(csv: string, toml: string): StoredSamples {
  const rows = parse(csv) as string[][];
  const config = resolveConfig(parseToml(toml));
  const out: StoredSamples = new Map();
  rows[0].slice(1).forEach((metric, i) => {
    const m = config.metrics[metric];
    const base = m.prometheus?.name ?? metric;
    const name = m.type === "counter" ? `${base}_total` : base;
    const key = seriesKey({ __name__: name, ...(m.prometheus?.labels ?? {}) });
    const timestamps: number[] = [];
    const values: number[] = [];
    for (const row of rows.slice(1)) {
      if (row[i + 1] === "") continue;
      timestamps.push(Date.parse(row[0]));
      values.push(Number(row[i + 1]));
    }
    out.set(key, { timestamps, values });
  });
  return out;
}

async function roundTrip(
  name: string,
  startReceiver: (dir: string) => Promise<Receiver>,
  samples = 240,
  flags: string[] = [],
) {
  const dir = await freshDir(`push_${name}`);
  // On a whole minute, ending at least five minutes ago.
  const startMs = Math.floor((Date.now() - (samples * 15 + 300) * 1000) / 60_000) * 60_000;
  const toml = manyConfig(new Date(startMs).toISOString(), samples);
  await Deno.writeTextFile(`${dir}/config.toml`, toml);
  const files = await runCli(["-c", `${dir}/config.toml`, "-o", `${dir}/out`, "-q", "--no-plot"]);
  strictEqual(files.status, 0, files.stderr.join("\n"));
  const receiver = await startReceiver(dir);
  try {
    const url = receiver.writeUrl;
    const cli = await runCli(["push", "-c", `${dir}/config.toml`, "--url", url, ...flags]);
    strictEqual(cli.status, 0, cli.stderr.join("\n"));
    const stored = await receiver.samples(startMs, startMs + samples * 15000);
    const expected = expectedFromCsv(await Deno.readTextFile(`${dir}/out/metrics.csv`), toml);
    const truth = stored.get('chaos_fault_active{fault="m2#1",metric="m2"}');
    deepStrictEqual(truth?.values, new Array(30).fill(1));
    stored.delete('chaos_fault_active{fault="m2#1",metric="m2"}');
    deepStrictEqual(
      stored.get('chaos_fault_active{fault="m0#1",metric="m0"}')?.values,
      new Array(20).fill(1),
    );
    stored.delete('chaos_fault_active{fault="m0#1",metric="m0"}');
    strictEqual(stored.size, 200);
    deepStrictEqual([...stored.keys()].sort(), [...expected.keys()].sort());
    for (const [key, series] of expected) deepStrictEqual(stored.get(key), series, key);
    // The gap: 20 samples of m0 were never sent.
    strictEqual(stored.get("m0")!.values.length, samples - 20);
  } finally {
    await receiver.stop();
  }
}

Deno.test({
  name: "200 series x 1 hour pushed to Prometheus read back equal to metrics.csv",
  ignore: !available("prometheus"),
  fn: () => roundTrip("prometheus", startPrometheus),
});

Deno.test({
  // Prometheus takes samples only within an hour behind its newest, and none out of order: six
  // hours in 8 parallel slices of small batches must still arrive whole.
  name: "200 series x 6 hours pushed to Prometheus in 8 parallel slices: none out of order",
  ignore: !available("prometheus"),
  fn: () =>
    roundTrip("prometheus_6h", startPrometheus, 1440, ["--concurrency", "8", "--batch", "500"]),
});

Deno.test({
  name: "200 series x 1 hour pushed to VictoriaMetrics read back equal to metrics.csv",
  ignore: !available("victoria-metrics"),
  fn: () => roundTrip("victoria", startVictoriaMetrics),
});

/** The config as the command line reads it. */
function parseToml(text: string): Config {
  return readToml(text) as Config;
}

Deno.test("SIGINT while a receiver holds a request stops the push at once: the request aborted, no retry, exit 130, the summary says what was not sent", async () => {
  let answered = false;
  const hold = Promise.withResolvers<void>();
  // The first request is held far beyond the signal (and --timeout); the others are answered.
  const fake = fakeReceiver(async (n) => {
    if (n === 0) await hold.promise;
    answered = true;
    return new Response(null, { status: 204 });
  });
  try {
    const child = new Deno.Command("deno", {
      args: ["run", "-R", "-N=127.0.0.1", "cli.ts", "push", "-c", await smallConfig("signal")]
        .concat(["--url", fake.url, "--concurrency", "1", "--timeout", "60", "-q"]),
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const started = performance.now();
    while (fake.requests.length === 0 && performance.now() - started < 30_000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    strictEqual(fake.requests.length, 1);
    child.kill("SIGINT");
    const { code, stderr } = await child.output();
    const stoppedAfter = performance.now() - started;
    strictEqual(code, 130);
    const lines = new TextDecoder().decode(stderr).trimEnd().split("\n");
    deepStrictEqual(lines[0], "stopped by SIGINT");
    ok(
      lines[1].includes(`0 samples accepted, 0 rejected, ${ALL} not sent; 1 requests, 0 retries`),
      lines[1],
    );
    // Not the 60 s timeout, nor a back-off: the push ends as the signal comes.
    ok(stoppedAfter < 20_000, `${stoppedAfter} ms`);
    strictEqual(fake.requests.length, 1);
    strictEqual(answered, false);
  } finally {
    hold.resolve();
    await fake.stop();
  }
});
