// Scoring: exact figures on small cases, the command line's report with its JSON keys, the
// point-wise figures equal to scikit-learn's, and effect truth with --visible.
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { affiliation, type Config, faultWindows, generate, noiseSd, score } from "../mod.ts";
import { python } from "./_python.ts";
import { freshDir, runCli } from "./_run_cli.ts";

const CONFIG: Config = {
  general: { seed: 1, num_samples: 12, start: "2026-01-01T00:00:00Z", interval: "1h" },
  metrics: { cpu: { value: 10 }, mem: { value: 5 } },
  anomalies: {
    cpu: [
      { at: 2, anomaly_factor: 2, pattern: "step", recovery_time: 3 },
      { at: 8, anomaly_factor: 3, pattern: "step", recovery_time: 2 },
    ],
  },
};

Deno.test("a perfect detector scores 1 everywhere and raises no alarm", () => {
  const data = generate(CONFIG);
  const report = score(data, { cpu: data.labels.cpu, mem: data.labels.mem });
  // TSB-AD's F1s are 2pr / (p + r + 1e-15): a hair under 1 for a perfect detector.
  const tsbOne = 2 / (2 + 1e-15);
  deepStrictEqual(report.metrics.cpu, {
    precision: 1,
    recall: 1,
    f1: 1,
    point_adjusted_f1: 1,
    event_f1: tsbOne,
    affiliation_precision: 1,
    affiliation_recall: 1,
    affiliation_f1: tsbOne,
  });
  // mem has no fault and no flag: scikit-learn's zero_division gives 0; the event and
  // affiliation figures are undefined (null) without a fault.
  deepStrictEqual(report.metrics.mem, {
    precision: 0,
    recall: 0,
    f1: 0,
    point_adjusted_f1: 0,
    event_f1: null,
    affiliation_precision: null,
    affiliation_recall: null,
    affiliation_f1: null,
  });
  deepStrictEqual(report.faults.map((f) => [f.first_sample, f.delay_samples, f.delay_seconds]), [
    [2, 0, 0],
    [8, 0, 0],
  ]);
  deepStrictEqual(report.false_alarms, { count: 0, per_metric: { cpu: 0, mem: 0 }, per_day: 0 });
});

Deno.test("flags outside every window are false alarms, counted per run, with a rate per day", () => {
  const data = generate(CONFIG);
  //          0  1  2  3  4  5  6  7  8  9 10 11
  const cpu = [1, 1, 0, 0, 1, 1, 0, 1, 0, 0, 0, 1];
  const report = score(data, { cpu });
  // Runs: 0-1 (alarm), 4-5 (touches the first fault), 7 (alarm), 11 (alarm).
  strictEqual(report.false_alarms.count, 3);
  strictEqual(report.false_alarms.per_day, 3 / (12 / 24));
  deepStrictEqual(report.faults.map((f) => [f.detected, f.delay_samples, f.delay_seconds]), [
    [true, 2, 7200],
    [false, null, null],
  ]);
  // tp = 1 (4), fp = 5 (0, 1, 5, 7, 11), fn = 4 (2, 3, 8, 9).
  const near = affiliation(data.labels.cpu, cpu)!;
  deepStrictEqual(report.metrics.cpu, {
    precision: 1 / 6,
    recall: 1 / 5,
    f1: 2 / 11,
    // The first window is found whole (tp 3), the second not (fn 2); fp stays 5.
    point_adjusted_f1: 6 / 13,
    // One of the two faults found (event recall 1/2) at point precision 1/6.
    event_f1: (2 * (1 / 6) * (1 / 2)) / (1 / 6 + 1 / 2 + 1e-15),
    // The affiliation figures of the same flags (their definition is tested in score_curves_test).
    affiliation_precision: near.precision,
    affiliation_recall: near.recall,
    affiliation_f1: near.f1,
  });
  ok(near.precision! > 0 && near.precision! < 1 && near.recall! > 0 && near.recall! < 1);
});

Deno.test("faultWindows merges overlapping and adjacent faults per metric", () => {
  const data = generate({
    ...CONFIG,
    anomalies: {
      cpu: [
        { at: 2, anomaly_factor: 2, pattern: "step", recovery_time: 3 },
        { at: 5, anomaly_factor: 2, pattern: "step", recovery_time: 2 },
        { at: 9, anomaly_factor: 2, pattern: "step", recovery_time: 1 },
      ],
    },
  });
  deepStrictEqual(faultWindows(data), {
    cpu: [{ first_sample: 2, last_sample: 6 }, { first_sample: 9, last_sample: 9 }],
    mem: [],
  });
});

Deno.test("effects are the noise-free deviation the faults cause, zero outside them", () => {
  const data = generate({
    general: { seed: 3, num_samples: 6, decimals: 3 },
    metrics: { m: { value: 10, noise: "gaussian", noise_args: { scale: 5 } } },
    anomalies: { m: { at: 1, anomaly_factor: 1.5, pattern: "linear", recovery_time: 3 } },
  });
  deepStrictEqual([...data.effects.m], [0, 5, 2.5, 0, 0, 0]);
});

Deno.test("noise deviation per law, divided by the root of the smoothing window", () => {
  const sd = (noise: "gaussian" | "uniform" | "exponential" | "logistic" | "laplace", args = {}) =>
    noiseSd({ value: 0, noise, noise_args: { scale: 2, low: 0, high: 6, ...args } });
  strictEqual(sd("gaussian"), 2);
  strictEqual(sd("exponential"), 2);
  strictEqual(sd("uniform"), 6 / Math.sqrt(12));
  strictEqual(sd("logistic"), (2 * Math.PI) / Math.sqrt(3));
  strictEqual(sd("laplace"), 2 * Math.SQRT2);
  strictEqual(sd("gaussian", { smoothing_window: 16 }), 0.5);
  strictEqual(noiseSd({ value: 1 }), 0);
});

/** Seeded 0/1 flags: the labels kept with probability `keep`, and random ones at `noise`. */
function detector(labels: Uint8Array, seed: number, keep: number, noise: number): number[] {
  let a = seed;
  const rng = () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
  return Array.from(labels, (l) => (l === 1 && rng() < keep) || rng() < noise ? 1 : 0);
}

Deno.test({
  name: "cli score: the JSON keys asked for, and point-wise figures equal to scikit-learn's",
  ignore: !python("import sklearn").ok,
  async fn() {
    const dir = await freshDir("score_cli");
    const gen = await runCli(["-c", "configs/faults_and_time.toml", "-o", `${dir}/out`, "-q"]);
    strictEqual(gen.status, 0, gen.stderr.join("\n"));
    const data = generate(
      (await import("../mod.ts")).parseConfig(
        await Deno.readTextFile("configs/faults_and_time.toml"),
      ),
    );
    const scored = ["latency_p99_ms", "request_rate"];
    const flags = scored.map((name, j) => detector(data.labels[name], 7 + j, 0.6, 0.03));
    const times = (await Deno.readTextFile(`${dir}/out/labels.csv`)).split("\n").slice(1, -1)
      .map((row) => row.split(",")[0]);
    const csv = [
      `timestamp,${scored.join(",")}`,
      ...times.map((t, k) => `${t},${flags.map((f) => f[k]).join(",")}`),
    ].join("\n") + "\n";
    await Deno.writeTextFile(`${dir}/detections.csv`, csv);
    const run = await runCli(["score", `${dir}/out`, `${dir}/detections.csv`, "--json"]);
    strictEqual(run.status, 0, run.stderr.join("\n"));
    const report = JSON.parse(run.stdout.join("\n"));
    deepStrictEqual(Object.keys(report), ["metrics", "faults", "kinds", "false_alarms"]);
    deepStrictEqual(Object.keys(report.metrics), scored);
    for (const name of scored) {
      deepStrictEqual(Object.keys(report.metrics[name]), [
        "precision",
        "recall",
        "f1",
        "point_adjusted_f1",
        "event_f1",
        "affiliation_precision",
        "affiliation_recall",
        "affiliation_f1",
      ]);
    }
    for (const fault of report.faults) {
      ok(["metric", "first_sample", "detected", "delay_samples"].every((k) => k in fault));
    }
    ok("count" in report.false_alarms && "per_day" in report.false_alarms);
    const sklearn = python(`
import csv, json
from sklearn.metrics import precision_score, recall_score, f1_score
labels = list(csv.DictReader(open("${dir}/out/labels.csv")))
detections = list(csv.DictReader(open("${dir}/detections.csv")))
out = {}
for name in ${JSON.stringify(scored)}:
    y = [int(r[name]) for r in labels]; p = [int(r[name]) for r in detections]
    out[name] = [precision_score(y, p), recall_score(y, p), f1_score(y, p)]
print(json.dumps(out))
`);
    strictEqual(sklearn.ok, true, sklearn.out);
    const expected = JSON.parse(sklearn.out);
    for (const name of scored) {
      const m = report.metrics[name];
      const [p, r, f] = expected[name];
      ok(Math.abs(m.precision - p) < 1e-12, `${name} precision ${m.precision} vs ${p}`);
      ok(Math.abs(m.recall - r) < 1e-12, `${name} recall ${m.recall} vs ${r}`);
      ok(Math.abs(m.f1 - f) < 1e-12, `${name} f1 ${m.f1} vs ${f}`);
    }
    // The readable table names each metric and the false alarms.
    const table = await runCli(["score", `${dir}/out`, `${dir}/detections.csv`]);
    ok(table.stdout[0].startsWith("metric"), table.stdout[0]);
    ok(table.stdout.at(-1)!.startsWith("false alarms: "), table.stdout.at(-1));
  },
});

Deno.test("cli score --visible counts only the labelled samples whose effect stands out of the noise", async () => {
  const dir = await freshDir("score_visible");
  await Deno.writeTextFile(
    `${dir}/c.toml`,
    `[general]\nseed = 1\nnum_samples = 20\n[metrics.m]\nvalue = 10\nnoise = "gaussian"\n` +
      `noise_args = { scale = 1 }\n[anomalies.m]\nat = 5\nanomaly_factor = 2\npattern = "linear"\nrecovery_time = 11\n`,
  );
  const without = await runCli(["-c", `${dir}/c.toml`, "-o", `${dir}/plain`, "-q"]);
  strictEqual(without.status, 0);
  const gen = await runCli(["-c", `${dir}/c.toml`, "-o", `${dir}/out`, "-q", "--effects"]);
  strictEqual(gen.status, 0);
  // Effects 10, 9, ..., 0 over samples 5..15: at K = 3 only 5..12 (effect >= 3) are truth.
  const flags = Array.from({ length: 20 }, (_, k) => (k >= 5 && k <= 12 ? 1 : 0));
  await Deno.writeTextFile(
    `${dir}/d.csv`,
    "sample,m\n" + flags.map((f, k) => `${k},${f}`).join("\n") + "\n",
  );
  const plain = JSON.parse(
    (await runCli(["score", `${dir}/out`, `${dir}/d.csv`, "--json"])).stdout.join("\n"),
  );
  strictEqual(plain.metrics.m.recall, 8 / 11);
  const visible = JSON.parse(
    (await runCli(["score", `${dir}/out`, `${dir}/d.csv`, "--json", "--visible", "3"])).stdout
      .join("\n"),
  );
  const { precision, recall, f1, point_adjusted_f1, event_f1 } = visible.metrics.m;
  deepStrictEqual([precision, recall, f1, point_adjusted_f1], [1, 1, 1, 1]);
  // The event figures take every labelled sample: --visible does not apply to them.
  strictEqual(event_f1, plain.metrics.m.event_f1);
  const missing = await runCli(["score", `${dir}/plain`, `${dir}/d.csv`, "--visible", "3"]);
  strictEqual(missing.status, 2);
  deepStrictEqual(missing.stderr, [
    `error: "${dir}/plain/manifest.json" lists no effects.csv: --visible needs it: generate the run with --effects`,
  ]);
});

Deno.test("cli score refuses detections that do not fit the run, one line each, exit 2", async () => {
  const dir = await freshDir("score_bad");
  await runCli(["-c", "configs/readme_example.toml", "-o", `${dir}/out`, "-q"]);
  await Deno.writeTextFile(`${dir}/a.csv`, "sample,cpu_usag\n0,1\n");
  const a = await runCli(["score", `${dir}/out`, `${dir}/a.csv`]);
  strictEqual(a.status, 2);
  deepStrictEqual(a.stderr, [
    `error: "${dir}/a.csv": no metric "cpu_usag" in the run; did you mean "cpu_usage"?`,
    `error: "${dir}/a.csv": 1 rows, but the run has 150 samples`,
  ]);
  const rows = Array.from({ length: 150 }, (_, k) => `${k},${k === 3 ? "yes" : 0}`);
  await Deno.writeTextFile(`${dir}/b.csv`, "sample,instances\n" + rows.join("\n") + "\n");
  const b = await runCli(["score", `${dir}/out`, `${dir}/b.csv`]);
  strictEqual(b.status, 2);
  deepStrictEqual(b.stderr, [
    `error: "${dir}/b.csv": line 5, column "instances": must be 0 or 1 (or true or false): got "yes"`,
  ]);
  const c = await runCli(["score", `${dir}/out`]);
  strictEqual(c.status, 2);
});

Deno.test("score reports per fault whether the detections found the windows it spread to", () => {
  const data = generate({
    general: { seed: 1, num_samples: 60 },
    metrics: {
      db: { value: 10 },
      api: { value: 50, depends_on: { db: { lag: 2 } } },
      web: { value: 90, depends_on: { api: { lag: 3 } } },
    },
    anomalies: { db: { at: 10, recovery_time: 10, pattern: "step", anomaly_factor: 3 } },
  });
  const flags = (from: number, to: number) =>
    Array.from({ length: 60 }, (_, k) => k >= from && k < to ? 1 : 0);
  const report = score(data, { db: flags(11, 15), api: flags(14, 16), web: flags(0, 0) });
  deepStrictEqual(report.faults[0].effects, [
    { metric: "api", first_sample: 12, path: ["db", "api"], detected: true, delay_samples: 2 },
    {
      metric: "web",
      first_sample: 15,
      path: ["db", "api", "web"],
      detected: false,
      delay_samples: null,
    },
  ]);
  // The labels of the metrics reached cover the effect windows: api from 12, web from 15.
  strictEqual(data.labels.api.indexOf(1), 12);
  strictEqual(data.labels.web.indexOf(1), 15);
});

Deno.test("cli score takes each row's first cell as its index or its time in any form the run's times are read in, row by row, and refuses one that names another sample", async () => {
  const dir = await freshDir("score_first_cells");
  await Deno.writeTextFile(
    `${dir}/c.toml`,
    `[general]\nseed = 1\nnum_samples = 8\nstart = "2026-01-01T00:00:00Z"\ninterval = "1h"\n` +
      `[metrics.m]\nvalue = 10\n[anomalies.m]\nat = 2\nanomaly_factor = 2\npattern = "step"\n` +
      `recovery_time = 3\n`,
  );
  strictEqual((await runCli(["-c", `${dir}/c.toml`, "-o", `${dir}/out`, "-q"])).status, 0);
  const t = (k: number) => Date.UTC(2026, 0, 1, k);
  // Sample k of 8, each in another form: index, RFC 3339 (Z, a fraction, an offset, lower
  // case), epoch seconds and milliseconds, blanks around.
  const cells = [
    "0",
    "2026-01-01T01:00:00Z",
    "2026-01-01T02:00:00.000Z",
    "2026-01-01T04:00:00+01:00",
    "2026-01-01t04:00:00z",
    String(t(5) / 1000),
    String(t(6)),
    " 7 ",
  ];
  const flags = [0, 0, 1, 1, 1, 0, 0, 0];
  const rows = cells.map((c, k) => `${c},${flags[k]}`);
  await Deno.writeTextFile(`${dir}/d.csv`, `time,m\n${rows.join("\n")}\n`);
  const run = await runCli(["score", `${dir}/out`, `${dir}/d.csv`, "--json"]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  const report = JSON.parse(run.stdout.join("\n"));
  deepStrictEqual([report.metrics.m.precision, report.metrics.m.recall], [1, 1]);
  // A leading zero is not the index, nor a time: row 8 names no sample of its own.
  const zero = rows.slice(0, 7).concat([`007,0`]);
  await Deno.writeTextFile(`${dir}/e.csv`, `time,m\n${zero.join("\n")}\n`);
  const bad = await runCli(["score", `${dir}/out`, `${dir}/e.csv`]);
  strictEqual(bad.status, 2);
  deepStrictEqual(bad.stderr, [
    `error: "${dir}/e.csv": line 9: the first cell must be sample 7 or its time, ` +
    `2026-01-01T07:00:00Z: got "007" (rows in sample order, one per sample)`,
  ]);
});
