// The Prometheus formats read by the real tools: promtool backfills metrics.om into blocks that
// hold exactly the samples of metrics.csv, a Prometheus server answers queries over them,
// promtool runs rule tests on promtool-tests.yml, and a Prometheus server scrapes `serve`.
// Every server is started and stopped here, on loopback. Skipped where promtool is missing
// (.ci/run installs Debian's prometheus package).
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { freshDir, generateInto, runCli } from "./_run_cli.ts";
import { freePort, startServe } from "./_serve.ts";
import { startPrometheus } from "./_prometheus_server.ts";

const HAS_PROMETHEUS = (() => {
  try {
    return new Deno.Command("promtool", { args: ["--version"] }).outputSync().success &&
      new Deno.Command("prometheus", { args: ["--version"] }).outputSync().success;
  } catch {
    return false;
  }
})();
const decoder = new TextDecoder();

/** Runs a command to its end: its status and its output, stdout then stderr. */
async function run(command: string, args: string[], stdin?: string) {
  const child = new Deno.Command(command, {
    args,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const { code, stdout, stderr } = await child.output();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

/** A config whose faults are where the Prometheus tests look for them. */
function scenario(start: string): string {
  return `[general]
seed = 7
num_samples = 1440
start = "${start}"
interval = "15s"
decimals = 3

[metrics.db_latency]
value = 20
noise = "gaussian"
noise_args = { scale = 1 }
prometheus = { name = "latency_seconds", labels = { service = "db" }, help = "Latency" }

[metrics.api_latency]
value = 50
noise = "gaussian"
noise_args = { scale = 1 }
depends_on = { db_latency = { lag = 4 } }
prometheus = { name = "latency_seconds", labels = { service = "api" } }

[metrics.requests]
value = 40
type = "counter"

[[anomalies.db_latency]]
at = 600
anomaly_factor = 4
pattern = "step"
recovery_time = 60

[[anomalies.requests]]
kind = "missing"
at = 100
recovery_time = 20
`;
}

/** A start on a whole hour two days ago: inside any retention, and its blocks cut on hours. */
function recentStart(): string {
  const hour = 3_600_000;
  return new Date(Math.floor(Date.now() / hour) * hour - 48 * hour).toISOString()
    .replace(".000Z", "Z");
}

/** metrics.csv as (series, value, millisecond time) lines, as `promtool tsdb dump` writes them. */
async function csvSamples(dir: string): Promise<string[]> {
  const [header, ...rows] = (await Deno.readTextFile(`${dir}/metrics.csv`)).trim().split("\n");
  const names: Record<string, string> = {
    db_latency: '{__name__="latency_seconds", service="db"}',
    api_latency: '{__name__="latency_seconds", service="api"}',
    requests: '{__name__="requests_total"}',
  };
  const columns = header.split(",").slice(1);
  const lines: string[] = [];
  for (const row of rows) {
    const [time, ...cells] = row.split(",");
    cells.forEach((cell, j) => {
      if (cell !== "") lines.push(`${names[columns[j]]} ${Number(cell)} ${Date.parse(time)}`);
    });
  }
  return lines;
}

/** Backfills DIR/out/metrics.om into DIR/tsdb with promtool. */
async function backfill(dir: string): Promise<string> {
  const result = await run("promtool", [
    "tsdb",
    "create-blocks-from",
    "openmetrics",
    `${dir}/out/metrics.om`,
    `${dir}/tsdb`,
  ]);
  strictEqual(result.code, 0, result.stdout + result.stderr);
  return `${dir}/tsdb`;
}

/** Every sample of a data folder, as `promtool tsdb dump` writes them. */
async function dump(tsdb: string): Promise<string[]> {
  // `tsdb dump` reads a data folder as a server leaves it, with a write-ahead log.
  await Deno.mkdir(`${tsdb}/wal`, { recursive: true });
  const result = await run("promtool", ["tsdb", "dump", tsdb]);
  strictEqual(result.code, 0, result.stderr);
  return result.stdout.trim().split("\n");
}

Deno.test({
  name:
    "promtool backfills metrics.om into blocks holding exactly metrics.csv's samples and the faults' windows",
  ignore: !HAS_PROMETHEUS,
  async fn() {
    const dir = await freshDir("prom-backfill");
    const out = await generateInto(dir, scenario("2026-01-01T00:00:00Z"), "csv,openmetrics");
    const dumped = (await dump(await backfill(dir))).map((line) =>
      // The dump writes values in Go's shortest form; the CSV's text reads back the same.
      line.replace(/ (\S+) (\d+)$/, (_, v, t) => ` ${Number(v)} ${t}`)
    );
    const metrics = dumped.filter((line) => !line.includes("chaos_fault_active"));
    deepStrictEqual(metrics.sort(), (await csvSamples(out)).sort());
    // 1440 samples of three series, less the 20 missing ones.
    strictEqual(metrics.length, 3 * 1440 - 20);
    const manifest = JSON.parse(await Deno.readTextFile(`${out}/manifest.json`));
    const om = manifest.files.find((f: { name: string }) => f.name === "metrics.om");
    strictEqual(om.rows, dumped.length);
    const faults = dumped.filter((line) => line.includes("chaos_fault_active"));
    const count = (labels: string) => faults.filter((line) => line.includes(labels)).length;
    strictEqual(count('fault="db_latency#1", metric="db_latency"'), 60);
    strictEqual(count('fault="db_latency#1", metric="api_latency"'), 60);
    strictEqual(count('fault="requests#1", metric="requests"'), 20);
  },
});

Deno.test({
  name:
    "a Prometheus server over the backfilled blocks: sample counts, a value inside the fault, chaos_fault_active",
  ignore: !HAS_PROMETHEUS,
  async fn() {
    const dir = await freshDir("prom-server");
    const start = recentStart();
    const out = await generateInto(dir, scenario(start), "csv,openmetrics");
    await backfill(dir);
    const server = await startPrometheus(dir, `${dir}/tsdb`);
    try {
      const t0 = Date.parse(start) / 1000;
      const end = t0 + 1439 * 15;
      const counts = await server.query(
        "count_over_time({__name__=~'latency_seconds|requests_total'}[6h])",
        end,
      );
      deepStrictEqual(
        counts.map((r) => [r.metric.service ?? "requests", Number(r.value[1])]).sort(),
        [["api", 1440], ["db", 1440], ["requests", 1420]],
      );
      // Sample 630 is inside db_latency#1: the value is the CSV's, and the truth says so.
      const rows = (await Deno.readTextFile(`${out}/metrics.csv`)).split("\n");
      const db = Number(rows[631].split(",")[1]);
      ok(db > 60, `db_latency at sample 630 is ${db}`);
      const inside = await server.query('latency_seconds{service="db"}', t0 + 630 * 15);
      strictEqual(Number(inside[0].value[1]), db);
      const active = await server.query("chaos_fault_active", t0 + 630 * 15);
      deepStrictEqual(
        active.map((r) => `${r.metric.metric} ${r.metric.fault} ${r.value[1]}`).sort(),
        ["api_latency db_latency#1 1", "db_latency db_latency#1 1"],
      );
      // Before the fault there is no truth series at all.
      deepStrictEqual(await server.query("chaos_fault_active", t0 + 500 * 15), []);
    } finally {
      await server.stop();
    }
  },
});

Deno.test({
  name:
    "promtool test rules on promtool-tests.yml: an alert fires inside the fault and not before or after",
  ignore: !HAS_PROMETHEUS,
  async fn() {
    const dir = await freshDir("prom-rules");
    await generateInto(dir, scenario("2026-01-01T00:00:00Z"), "promtool");
    await Deno.writeTextFile(
      `${dir}/out/rules.yml`,
      `groups:
  - name: latency
    rules:
      - alert: DbLatencyHigh
        expr: latency_seconds{service="db"} > 40
        for: 1m
        labels: {severity: page}
      - alert: RequestsAbsent
        expr: absent(requests_total)
`,
    );
    const tests = await Deno.readTextFile(`${dir}/out/promtool-tests.yml`);
    // The fault covers samples 600-659: 2h30m to 2h44m45s. The alert is pending for a minute.
    const expect = (time: string, alert: string, firing: boolean) =>
      `      - eval_time: ${time}
        alertname: ${alert}
        exp_alerts: ${
        firing
          ? alert === "DbLatencyHigh"
            ? "[{exp_labels: {severity: page, service: db}}]"
            : "[{exp_labels: {}}]"
          : "[]"
      }
`;
    const write = (cases: string) =>
      Deno.writeTextFile(
        `${dir}/out/promtool-tests.yml`,
        `${tests}    alert_rule_test:\n${cases}rule_files: [rules.yml]\n`,
      );
    await write(
      expect("2h29m", "DbLatencyHigh", false) +
        expect("2h31m", "DbLatencyHigh", true) +
        expect("2h44m", "DbLatencyHigh", true) +
        expect("2h50m", "DbLatencyHigh", false) +
        // Samples 100-119 are missing: the series is marked stale, so absent() fires at once.
        expect("24m", "RequestsAbsent", false) +
        expect("25m30s", "RequestsAbsent", true) +
        expect("30m", "RequestsAbsent", false),
    );
    const passing = await run("promtool", ["test", "rules", `${dir}/out/promtool-tests.yml`]);
    strictEqual(passing.code, 0, passing.stdout + passing.stderr);
    // The same check can fail: an alert expected before the fault is not there.
    await write(expect("2h20m", "DbLatencyHigh", true));
    const failing = await run("promtool", ["test", "rules", `${dir}/out/promtool-tests.yml`]);
    strictEqual(failing.code, 1, failing.stdout + failing.stderr);
  },
});

Deno.test({
  name:
    "serve, scraped by a real Prometheus for 10 s: up == 1, samples and fault truth stored; promtool checks its exposition; SIGTERM stops it",
  ignore: !HAS_PROMETHEUS,
  async fn() {
    const dir = await freshDir("prom-serve");
    await Deno.writeTextFile(
      `${dir}/live.toml`,
      `[general]
seed = 3
num_samples = 100000
interval = "1s"

[metrics.http_requests]
value = 20
type = "counter"
prometheus = { labels = { tier = "web" }, help = "Requests served" }

[metrics.queue_depth]
value = 5
noise = "uniform"
prometheus = { help = "Jobs waiting" }

[anomalies.queue_depth]
at = 0
anomaly_factor = 3
pattern = "step"
recovery_time = 50000
`,
    );
    const port = freePort();
    const serve = await startServe(`${dir}/live.toml`, port, ["--loop"]);
    const prometheus = await startPrometheus(dir, `${dir}/data`, `127.0.0.1:${port}`);
    try {
      const exposition = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const check = await run("promtool", ["check", "metrics"], exposition);
      strictEqual(check.code, 0, check.stdout + check.stderr);
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      const up = await prometheus.query("up");
      strictEqual(up[0]?.value[1], "1", JSON.stringify(up));
      const stored = await prometheus.query("count_over_time(queue_depth[1m])");
      ok(Number(stored[0]?.value[1]) >= 5, JSON.stringify(stored));
      const rate = await prometheus.query("rate(http_requests_total[5s])");
      strictEqual(rate[0]?.metric.tier, "web");
      const truth = await prometheus.query("chaos_fault_active");
      deepStrictEqual(truth.map((r) => [r.metric.metric, r.value[1]]), [["queue_depth", "1"]]);
      const index = await prometheus.query("chaos_sample_index");
      ok(Number(index[0].value[1]) >= 5, JSON.stringify(index));
    } finally {
      await prometheus.stop();
      // With --loop only a signal ends it.
      serve.kill("SIGTERM");
      const { code, stderr } = await serve.output();
      strictEqual(code, 0, decoder.decode(stderr));
      ok(decoder.decode(stderr).includes("stopped by SIGTERM"), decoder.decode(stderr));
    }
  },
});

Deno.test("serve exits 0 at the end of the series, answers /healthz, and 404 elsewhere", async () => {
  const dir = await freshDir("serve-end");
  await Deno.writeTextFile(
    `${dir}/short.toml`,
    `[general]\nseed = 1\nnum_samples = 20\ninterval = "1s"\n[metrics.a]\nvalue = 1\n`,
  );
  const port = freePort();
  const serve = await startServe(`${dir}/short.toml`, port, ["--speed", "4"]);
  const health = await fetch(`http://127.0.0.1:${port}/healthz`);
  strictEqual(await health.text(), "ok\n");
  const missing = await fetch(`http://127.0.0.1:${port}/other`);
  await missing.body?.cancel();
  strictEqual(missing.status, 404);
  const om = await fetch(`http://127.0.0.1:${port}/metrics`, {
    headers: { accept: "application/openmetrics-text; version=1.0.0" },
  });
  strictEqual(om.headers.get("content-type")?.startsWith("application/openmetrics-text"), true);
  ok((await om.text()).endsWith("# EOF\n"));
  const { code, stderr } = await serve.output();
  strictEqual(code, 0);
  ok(decoder.decode(stderr).includes("served all 20 samples"), decoder.decode(stderr));
});

Deno.test("serve refuses a bad address and one it cannot listen on: exit 2, one line", async () => {
  const dir = await freshDir("serve-bad");
  await Deno.writeTextFile(
    `${dir}/a.toml`,
    `[general]\nseed = 1\nnum_samples = 5\n[metrics.a]\nvalue = 1\n`,
  );
  const bad = await runCli(["serve", "-c", `${dir}/a.toml`, "--listen", "localhost"]);
  strictEqual(bad.status, 2);
  deepStrictEqual(bad.stderr, [
    `error: --listen: must be HOST:PORT, such as 127.0.0.1:9469 or [::1]:9469, port 0-65535: got "localhost"`,
    "Run with --help for usage.",
  ]);
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const { port } = taken.addr as Deno.NetAddr;
    const busy = await runCli(["serve", "-c", `${dir}/a.toml`, "--listen", `127.0.0.1:${port}`]);
    strictEqual(busy.status, 2);
    strictEqual(busy.stderr.length, 1, busy.stderr.join("\n"));
    ok(busy.stderr[0].startsWith(`error: --listen: cannot listen on 127.0.0.1:${port}: `));
  } finally {
    taken.close();
  }
});

Deno.test({
  name: "label values with quotes, an apostrophe and a backslash reach promtool as written",
  ignore: !HAS_PROMETHEUS,
  async fn() {
    const dir = await freshDir("prom-labels");
    // In TOML's literal string, the value is exactly: a"b'c\d
    await generateInto(
      dir,
      `[general]
seed = 1
num_samples = 4
start = 2026-01-01T00:00:00Z
interval = "1m"
[metrics.x]
value = 2
prometheus = { labels = { path = '''a"b'c\\d''' } }
`,
      "openmetrics,promtool",
    );
    const [first] = await dump(await backfill(dir));
    strictEqual(first, `{__name__="x", path="a\\"b'c\\\\d"} 2 1767225600000`);
    const tests = await Deno.readTextFile(`${dir}/out/promtool-tests.yml`);
    await Deno.writeTextFile(
      `${dir}/out/promtool-tests.yml`,
      `${tests}    promql_expr_test:
      - expr: x{path="a\\"b'c\\\\d"}
        eval_time: 2m
        exp_samples: [{labels: 'x{path="a\\"b''c\\\\d"}', value: 2}]
rule_files: []
`,
    );
    const test = await run("promtool", ["test", "rules", `${dir}/out/promtool-tests.yml`]);
    strictEqual(test.code, 0, test.stdout + test.stderr);
  },
});

Deno.test({
  name:
    "real recorded data: a Prometheus server scrapes itself for 30 s, its query_range answer is the input, a step fault multiplies exactly the recorded values in its window",
  ignore: !HAS_PROMETHEUS,
  async fn() {
    const dir = await freshDir("prom-recorded");
    const server = await startPrometheus(dir, `${dir}/data`, "self");
    let answer: string;
    try {
      await new Promise((resolve) => setTimeout(resolve, 30_000));
      const end = Math.floor(Date.now() / 1000) - 1;
      answer = await server.queryRange(
        '{__name__=~"go_goroutines|go_memstats_heap_alloc_bytes|up"}',
        end - 24,
        end,
      );
    } finally {
      await server.stop();
    }
    await Deno.writeTextFile(`${dir}/self.json`, answer);
    const recorded = JSON.parse(answer).data.result as {
      metric: Record<string, string>;
      values: [number, string][];
    }[];
    strictEqual(recorded.length, 3, answer.slice(0, 300));
    const out = await generateInto(
      dir,
      `[general]
seed = 1
input = "self.json"
decimals = "full"

[[anomalies.go_memstats_heap_alloc_bytes]]
at = 10
anomaly_factor = 2
pattern = "step"
recovery_time = 5
`,
      "csv,openmetrics",
    );
    const [header, ...rows] = (await Deno.readTextFile(`${out}/metrics.csv`)).trim().split("\n");
    const heap = header.split(",").indexOf("go_memstats_heap_alloc_bytes");
    ok(heap > 0, header);
    const series = recorded.find((r) => r.metric.__name__ === "go_memstats_heap_alloc_bytes")!;
    const t0 = Math.min(...recorded.flatMap((r) => r.values.map(([t]) => t)));
    const expected: (number | null)[] = new Array(rows.length).fill(null);
    for (const [t, v] of series.values) {
      const k = t - t0;
      expected[k] = (k >= 10 && k < 15 ? 2 : 1) * Number(v);
    }
    const cells = rows.map((row) => row.split(",")[heap]);
    deepStrictEqual(cells.map((cell) => cell === "" ? null : Number(cell)), expected);
    // The recorded series keep their labels in the Prometheus formats.
    const om = await Deno.readTextFile(`${out}/metrics.om`);
    ok(/^up\{instance="127\.0\.0\.1:\d+",job="chaos"\} 1 /m.test(om), om.slice(0, 400));
  },
});

Deno.test({
  name:
    "metrics.om of four shards, backfilled into one folder, holds exactly the samples of one run",
  ignore: !HAS_PROMETHEUS,
  async fn() {
    const dir = await freshDir("prom-shards");
    const toml = scenario("2026-01-01T00:00:00Z");
    await Deno.writeTextFile(`${dir}/config.toml`, toml);
    await generateInto(dir, toml, "openmetrics");
    const whole = await dump(await backfill(dir));
    for (const k of [0, 1, 2, 3]) {
      const cli = await runCli([
        "-c",
        `${dir}/config.toml`,
        "-o",
        `${dir}/shard=${k}`,
        "-q",
        "--format",
        "openmetrics",
        "--shard",
        `${k}/4`,
      ]);
      strictEqual(cli.status, 0, cli.stderr.join("\n"));
      const result = await run("promtool", [
        "tsdb",
        "create-blocks-from",
        "openmetrics",
        `${dir}/shard=${k}/metrics.om`,
        `${dir}/sharded`,
      ]);
      strictEqual(result.code, 0, result.stderr);
    }
    deepStrictEqual((await dump(`${dir}/sharded`)).sort(), whole.sort());
  },
});
