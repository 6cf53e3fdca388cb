// Recorded series as baselines: CSV in each time form, Prometheus query_range answers, irregular
// input refused, missing samples kept, faults that multiply exactly the recorded values in their
// windows, and the fault-free twin (--no-faults).
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import {
  type ConfigError,
  createGenerator,
  CsvInputReader,
  readPrometheusInput,
  recordedArrays,
  RecordedInputError,
  validateConfig,
} from "../mod.ts";
import { freshDir, runCli } from "./_run_cli.ts";

function readCsv(text: string, pieceLength = 7) {
  const reader = new CsvInputReader("in.csv", { keepValues: true });
  for (let i = 0; i < text.length; i += pieceLength) reader.push(text.slice(i, i + pieceLength));
  const info = reader.end();
  return { info, columns: reader.take().map((column) => [...column]) };
}

Deno.test("recorded CSV: times as RFC 3339, epoch seconds, epoch milliseconds or sample indices, read in any pieces", () => {
  const forms: [string, string, string | undefined, number | undefined][] = [
    [
      "timestamp\n2026-01-01T00:00:00Z\n2026-01-01T00:00:15Z\n",
      "rfc3339",
      "2026-01-01T00:00:00Z",
      15000,
    ],
    [
      "time\n2026-01-01T01:00:00+01:00\n2026-01-01T01:00:15+01:00\n",
      "rfc3339",
      "2026-01-01T00:00:00Z",
      15000,
    ],
    ["t\n1767225600\n1767225615\n", "epoch_seconds", "2026-01-01T00:00:00Z", 15000],
    ["t\n1767225600000\n1767225600250\n", "epoch_milliseconds", "2026-01-01T00:00:00Z", 250],
    ["sample\n0\n1\n", "index", undefined, undefined],
  ];
  for (const [times, form, start, interval] of forms) {
    const [header, first, second] = times.trim().split("\n");
    const text = `${header},cpu,"a,b"\r\n${first},1.5,\r\n${second},NaN,-2\r\n`;
    for (const piece of [1, 7, 1000]) {
      const { info, columns } = readCsv(text, piece);
      deepStrictEqual(
        [info.times, info.start, info.intervalMs, info.numSamples, info.names],
        [form, start, interval, 2, ["cpu", "a,b"]],
        `${form} in pieces of ${piece}`,
      );
      deepStrictEqual(columns, [[1.5, NaN], [NaN, -2]]);
      deepStrictEqual(info.maxAbs, { cpu: 1.5, "a,b": 2 });
    }
  }
});

Deno.test("recorded CSV: irregular times are refused with the line and both times", () => {
  const gap = "t,cpu\n1767225600,1\n1767225615,1\n1767225660,1\n";
  throws(() => readCsv(gap), (error: RecordedInputError) => {
    strictEqual(
      error.message,
      `in.csv: line 4: samples must be regular, every 15000 ms: got "1767225660" where 2026-01-01T00:00:30.000Z was expected (a gap or jitter beyond 5% of the interval)`,
    );
    return true;
  });
  // Jitter within 5% of the interval is taken as the grid's time.
  strictEqual(readCsv("t,cpu\n1767225600,1\n1767225615,1\n1767225630.5,1\n").info.numSamples, 3);
  const cases: [string, string][] = [
    ["t,cpu\n1767225600,1\n1767225600,1\n", "line 3: the second time"],
    [
      "t,cpu\n1767225600,1\n1767225615,x\n",
      `line 3, column "cpu": not a finite decimal number: "x"`,
    ],
    [
      "t,cpu\n2026-01-01T00:00:00,1\n",
      "line 2: the time must be an RFC 3339 date-time with an offset",
    ],
    ["t,cpu\n1767225600,1,2\n", "line 2: 3 cells, the header has 2"],
    ["sample,cpu\n0,1\n2,1\n", `line 3: sample "2" where 1 was expected`],
    ["t,cpu,cpu\n1,1,1\n", `line 1: two columns are named "cpu"`],
    ["t,cpu\n", "has a header and no rows"],
  ];
  for (const [text, message] of cases) {
    throws(() => readCsv(text), (error: RecordedInputError) => {
      ok(error.message.startsWith(`in.csv: ${message}`), error.message);
      return true;
    });
  }
});

Deno.test("a Prometheus answer: series named by __name__ or by their labels, times absent from a series missing", () => {
  const { info, values } = readPrometheusInput(
    JSON.stringify({
      status: "success",
      data: {
        resultType: "matrix",
        result: [
          { metric: { __name__: "up", job: "a" }, values: [[100, "1"], [102, "1"]] },
          { metric: { __name__: "up", job: "b" }, values: [[100, "0"], [101, "1"]] },
          { metric: { __name__: "load", z: "1", a: "2" }, values: [[101.000, "NaN"]] },
        ],
      },
    }),
    "q.json",
  );
  deepStrictEqual(info.names, ['up{job="a"}', 'up{job="b"}', "load"]);
  deepStrictEqual([info.start, info.intervalMs, info.numSamples], [
    "1970-01-01T00:01:40Z",
    1000,
    3,
  ]);
  deepStrictEqual(Object.values(values).map((v) => [...v]), [[1, NaN, 1], [0, 1, NaN], [
    NaN,
    NaN,
    NaN,
  ]]);
  deepStrictEqual(info.prometheus!.load, { name: "load", labels: { a: "2", z: "1" } });
  throws(
    () => readPrometheusInput('{"data":{"resultType":"vector","result":[]}}', "q.json"),
    RecordedInputError,
  );
});

Deno.test("a recorded metric's faults multiply exactly its recorded values in the window, and nothing else", () => {
  const recorded = Float64Array.from({ length: 50 }, (_, k) => (k === 7 ? NaN : 10 + k / 4));
  const generator = createGenerator({
    general: { seed: 1, num_samples: 50, decimals: "full" },
    metrics: { cpu: { recorded: true }, other: { value: 3 } },
    anomalies: { cpu: { at: 20, anomaly_factor: 3, pattern: "step", recovery_time: 10 } },
  }, { recorded: recordedArrays({ cpu: recorded }) });
  const cpu = generator.chunk(0, 50).values[0];
  for (let k = 0; k < 50; k++) {
    const expected = k >= 20 && k < 30 ? 3 * recorded[k] : recorded[k];
    strictEqual(Object.is(cpu[k], expected), true, `sample ${k}: ${cpu[k]} against ${expected}`);
  }
});

Deno.test("a recorded metric refuses a baseline of its own; a recorded input fixes length and times", () => {
  const info = {
    format: "csv" as const,
    times: "epoch_seconds" as const,
    names: ["cpu"],
    numSamples: 10,
    start: "2026-01-01T00:00:00Z",
    intervalMs: 15000,
    maxAbs: { cpu: 5 },
  };
  throws(
    () =>
      validateConfig({
        general: { num_samples: 11, interval: "1m" },
        metrics: {
          cpu: { value: 3, trend: { change: 1, over: 2 }, type: "counter" },
          mem: { recorded: true },
        },
      }, { recorded: info }),
    (error: ConfigError) => {
      deepStrictEqual(error.issues.map((i) => `${i.path}: ${i.message}`), [
        "general.num_samples: the input gives 10: got 11; leave it out",
        `general.interval: the input gives "15000ms": got "1m"; leave it out`,
        `metrics.mem: no recorded series "mem" in the input (cpu)`,
        "metrics.cpu.value: a recorded metric's baseline is its recorded value: value is for synthetic metrics",
        "metrics.cpu.trend: a recorded metric's baseline is its recorded value: trend is for synthetic metrics",
        "metrics.cpu.type: a recorded metric is taken as a gauge: its values are not rates",
      ]);
      return true;
    },
  );
  const config = validateConfig({ general: {}, metrics: { extra: { value: 1 } } }, {
    recorded: info,
  });
  deepStrictEqual(Object.keys(config.metrics), ["cpu", "extra"]);
  deepStrictEqual(
    [config.general.num_samples, config.general.start, config.general.interval],
    [10, "2026-01-01T00:00:00Z", 15],
  );
  // A recorded value that a fault could push past 1e300 is refused, as a synthetic one is.
  throws(() =>
    validateConfig({
      general: {},
      metrics: {},
      anomalies: { cpu: { at: 1, anomaly_factor: 1e300, pattern: "step", recovery_time: 1 } },
    }, { recorded: info })
  );
});

const RECORDED = `timestamp,latency,errors
${
  Array.from({ length: 400 }, (_, k) =>
    `${new Date(Date.UTC(2026, 0, 1) + k * 60_000).toISOString()},${
      k >= 100 && k < 104 ? "" : (50 + 10 * Math.sin(k / 20)).toFixed(3)
    },${k % 3}`).join("\n")
}
`;

const INJECT = `[general]
seed = 9
input = "recorded.csv"
decimals = 3

[metrics.latency]
noise = "gaussian"
noise_args = { scale = 1 }

[metrics.synthetic]
value = 5
noise = "uniform"

[[anomalies.latency]]
at = "3h"
onset = 5
hold = 10
recovery_time = 20
pattern = "exponential"
anomaly_factor = 4

[[anomalies.errors]]
kind = "flatline"
at = 250
recovery_time = 30

[[anomalies.synthetic]]
at = 300
anomaly_factor = 2
pattern = "step"
recovery_time = 30
`;

/** The rows of a CSV file without its header. */
async function rows(path: string): Promise<string[][]> {
  const lines = (await Deno.readTextFile(path)).trim().split("\n").slice(1);
  return lines.map((line) => line.split(","));
}

Deno.test("cli with a recorded CSV: missing cells stay empty, times and length come from the input, the manifest records it", async () => {
  const dir = await freshDir("recorded-cli");
  await Deno.writeTextFile(`${dir}/recorded.csv`, RECORDED);
  await Deno.writeTextFile(`${dir}/inject.toml`, INJECT);
  const run = await runCli(["-c", `${dir}/inject.toml`, "-o", `${dir}/out`, "-q", "--no-plot"]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  const out = await rows(`${dir}/out/metrics.csv`);
  strictEqual(out.length, 400);
  deepStrictEqual(out.slice(99, 105).map((row) => row[1] === ""), [
    false,
    true,
    true,
    true,
    true,
    false,
  ]);
  strictEqual(out[0][0], "2026-01-01T00:00:00Z");
  // The flatline on the recorded errors holds the recorded value before it (249 % 3), written
  // as a float: a recorded column may hold any number.
  deepStrictEqual(new Set(out.slice(250, 280).map((row) => row[2])), new Set(["0.0"]));
  const manifest = JSON.parse(await Deno.readTextFile(`${dir}/out/manifest.json`));
  const bytes = new TextEncoder().encode(RECORDED);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  deepStrictEqual(manifest.input, {
    name: `${dir}/recorded.csv`,
    format: "csv",
    times: "rfc3339",
    rows: 400,
    bytes: bytes.length,
    sha256: Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join(""),
  });
  deepStrictEqual(manifest.metrics, ["latency", "errors", "synthetic"]);
});

Deno.test("--no-faults is the exact fault-free twin: equal outside the windows, the recorded values plus noise inside", async () => {
  const dir = await freshDir("recorded-twin");
  await Deno.writeTextFile(`${dir}/recorded.csv`, RECORDED);
  await Deno.writeTextFile(`${dir}/inject.toml`, INJECT);
  const flags = ["-c", `${dir}/inject.toml`, "-q", "--no-plot", "--effects"];
  strictEqual((await runCli([...flags, "-o", `${dir}/faulted`])).status, 0);
  strictEqual((await runCli([...flags, "-o", `${dir}/twin`, "--no-faults"])).status, 0);
  const faulted = await rows(`${dir}/faulted/metrics.csv`);
  const twin = await rows(`${dir}/twin/metrics.csv`);
  const labels = await rows(`${dir}/faulted/labels.csv`);
  let inside = 0;
  for (let k = 0; k < 400; k++) {
    for (let j = 1; j <= 3; j++) {
      if (labels[k][j] === "0") strictEqual(twin[k][j], faulted[k][j], `sample ${k}, column ${j}`);
      else if (twin[k][j] !== faulted[k][j]) inside++;
    }
  }
  ok(inside > 50, `${inside} samples differ inside the windows`);
  const twinLabels = await rows(`${dir}/twin/labels.csv`);
  ok(twinLabels.every((row) => row.slice(1).every((cell) => cell === "0")));
  const manifest = JSON.parse(await Deno.readTextFile(`${dir}/twin/manifest.json`));
  deepStrictEqual([manifest.no_faults, manifest.anomalies], [true, []]);
});

Deno.test("cli with a recorded input writes the same bytes with 0 and 2 workers and any block size", async () => {
  const dir = await freshDir("recorded-workers");
  await Deno.writeTextFile(`${dir}/recorded.csv`, RECORDED);
  await Deno.writeTextFile(`${dir}/inject.toml`, INJECT);
  const outputs: Uint8Array[][] = [];
  for (
    const flags of [["--workers", "0"], ["--workers", "2", "--chunk-size", "7"], [
      "--workers",
      "1",
      "--chunk-size",
      "64",
    ]]
  ) {
    const out = `${dir}/w${outputs.length}`;
    const run = await runCli([
      "-c",
      `${dir}/inject.toml`,
      "-o",
      out,
      "-q",
      "--format",
      "csv,openmetrics,promtool",
      ...flags,
    ]);
    strictEqual(run.status, 0, run.stderr.join("\n"));
    outputs.push(
      await Promise.all(
        ["metrics.csv", "labels.csv", "metrics.om", "promtool-tests.yml", "metrics.svg"].map((f) =>
          Deno.readFile(`${out}/${f}`)
        ),
      ),
    );
  }
  deepStrictEqual(outputs[1], outputs[0]);
  deepStrictEqual(outputs[2], outputs[0]);
});

Deno.test("cli refuses a recorded input it cannot use: one line, exit 2", async () => {
  const dir = await freshDir("recorded-bad");
  await Deno.writeTextFile(
    `${dir}/irregular.csv`,
    "t,cpu\n1767225600,1\n1767225615,2\n1767225700,3\n",
  );
  await Deno.writeTextFile(
    `${dir}/a.toml`,
    `[general]\ninput = "irregular.csv"\n[metrics.x]\nvalue = 1\n`,
  );
  const irregular = await runCli(["-c", `${dir}/a.toml`, "-o", `${dir}/out`]);
  strictEqual(irregular.status, 2);
  deepStrictEqual(irregular.stderr, [
    `error: ${dir}/irregular.csv: line 4: samples must be regular, every 15000 ms: got "1767225700" where 2026-01-01T00:00:30.000Z was expected (a gap or jitter beyond 5% of the interval)`,
  ]);
  const missing = await runCli([
    "-c",
    `${dir}/a.toml`,
    "-o",
    `${dir}/out`,
    "--input",
    `${dir}/nothing.csv`,
  ]);
  strictEqual(missing.status, 2);
  strictEqual(missing.stderr.length, 1);
  ok(
    missing.stderr[0].startsWith(`error: cannot read input "${dir}/nothing.csv": `),
    missing.stderr[0],
  );
});

Deno.test("series = NAME takes a recorded series under the config's own key", () => {
  const info = {
    format: "prometheus" as const,
    times: "prometheus" as const,
    names: ['up{job="a"}', 'up{job="b"}'],
    numSamples: 3,
    start: "2026-01-01T00:00:00Z",
    intervalMs: 1000,
    maxAbs: { 'up{job="a"}': 1, 'up{job="b"}': 1 },
    prometheus: {
      'up{job="a"}': { name: "up", labels: { job: "a" } },
      'up{job="b"}': { name: "up", labels: { job: "b" } },
    },
  };
  const config = validateConfig({
    general: {},
    metrics: { api_up: { series: 'up{job="a"}', noise: "gaussian" } },
  }, { recorded: info });
  deepStrictEqual(Object.keys(config.metrics), ["api_up", 'up{job="b"}']);
  deepStrictEqual(config.metrics.api_up.prometheus, { name: "up", labels: { job: "a" } });
  strictEqual(config.metrics.api_up.noise, "gaussian");
  throws(
    () => validateConfig({ general: {}, metrics: { x: { series: "up" } } }, { recorded: info }),
    (error: ConfigError) => {
      deepStrictEqual(error.issues.map((i) => i.path), ["metrics.x.series"]);
      return true;
    },
  );
});
