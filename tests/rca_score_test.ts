// Scoring a root-cause method: AC@k and Avg@k (RCAEval's definitions) exact on a hand-made case,
// services collapsed from a ranking of metrics, every bad ranking refused in one line with exit
// 2, and `score --rca` end to end on configs/checkout_cascade.toml.
import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import { type Config, generate, type RcaRanking, scoreRca } from "../mod.ts";
import { freshDir, runCli } from "./_run_cli.ts";

/** Three services, one of them (cache) named by the `service` key; four faults. */
const CONFIG: Config = {
  general: { seed: 1, num_samples: 100 },
  metrics: {
    db_latency_ms: { value: 10 },
    db_cpu: { value: 30 },
    api_latency_ms: { value: 50, depends_on: { db_latency_ms: { lag: 2 } } },
    api_errors: { value: 1 },
    web_latency_ms: { value: 90 },
    hits: { value: 5, service: "cache" },
  },
  anomalies: {
    db_latency_ms: { at: 10, anomaly_factor: 3, pattern: "step", recovery_time: 10 },
    api_latency_ms: { at: 30, anomaly_factor: 2, pattern: "step", recovery_time: 5 },
    web_latency_ms: { at: 50, anomaly_factor: 2, pattern: "step", recovery_time: 5 },
    api_errors: { at: 70, anomaly_factor: 4, pattern: "step", recovery_time: 5 },
  },
};

/** Metric ranks 3, 2, 6 and none; service ranks 2, 1, 4 and none (see each line). */
const RANKING: RcaRanking = {
  // Services api, db: the metric at 3, its service at 2.
  "db_latency_ms#1": ["api_latency_ms", "db_cpu", "db_latency_ms"],
  // Services api: the metric at 2, its service at 1.
  "api_latency_ms#1": ["api_errors", "api_latency_ms"],
  // Services db, api, cache, web: the metric at 6 (past AC@5), its service at 4.
  "web_latency_ms#1": [
    "db_latency_ms",
    "api_latency_ms",
    "db_cpu",
    "api_errors",
    "hits",
    "web_latency_ms",
  ],
  // api_errors#1 is not ranked: a miss at every k.
};

Deno.test("AC@k is the share of faults whose truth is in the top k, Avg@k the mean of AC@1..k", () => {
  const report = scoreRca(generate(CONFIG), RANKING);
  strictEqual(report.faults, 4);
  deepStrictEqual(report.unranked, ["api_errors#1"]);
  // Metric ranks 3, 2, 6, none: hits at k = 1..5 are 0, 1, 2, 2, 2 of 4.
  // Avg@k: 0, (0 + 1/4) / 2, (0 + 1/4 + 1/2) / 3, (3/4 + 1/2) / 4, (5/4 + 1/2) / 5.
  deepStrictEqual(report.metric, {
    "AC@1": 0,
    "AC@2": 0.25,
    "AC@3": 0.5,
    "AC@4": 0.5,
    "AC@5": 0.5,
    "Avg@1": 0,
    "Avg@2": 0.125,
    "Avg@3": 0.25,
    "Avg@4": 0.3125,
    "Avg@5": 0.35,
  });
  // Service ranks 2, 1, 4, none: hits at k = 1..5 are 1, 2, 2, 3, 3 of 4.
  // Avg@k: 1/4, 3/4 / 2, 5/4 / 3 (= 5/12), 2 / 4, 11/4 / 5.
  deepStrictEqual(report.service, {
    "AC@1": 0.25,
    "AC@2": 0.5,
    "AC@3": 0.5,
    "AC@4": 0.75,
    "AC@5": 0.75,
    "Avg@1": 0.25,
    "Avg@2": 0.375,
    "Avg@3": 5 / 12,
    "Avg@4": 0.5,
    "Avg@5": 0.55,
  });
  deepStrictEqual(report.per_fault, [
    {
      fault: "db_latency_ms#1",
      metric: "db_latency_ms",
      service: "db",
      metric_rank: 3,
      service_rank: 2,
    },
    {
      fault: "api_latency_ms#1",
      metric: "api_latency_ms",
      service: "api",
      metric_rank: 2,
      service_rank: 1,
    },
    {
      fault: "web_latency_ms#1",
      metric: "web_latency_ms",
      service: "web",
      metric_rank: 6,
      service_rank: 4,
    },
    {
      fault: "api_errors#1",
      metric: "api_errors",
      service: "api",
      metric_rank: null,
      service_rank: null,
    },
  ]);
});

Deno.test("a ranking of metrics keeps each service at its first metric's place, so ranks close up", () => {
  const data = generate(CONFIG);
  // db, db, api, cache, web: as services db, api, cache, web.
  const report = scoreRca(data, {
    "web_latency_ms#1": ["db_cpu", "db_latency_ms", "api_errors", "hits", "web_latency_ms"],
  });
  deepStrictEqual(report.per_fault[2], {
    fault: "web_latency_ms#1",
    metric: "web_latency_ms",
    service: "web",
    metric_rank: 5,
    service_rank: 4,
  });
  // The metric is in the top 5, its service in the top 4: one fault of four either way.
  strictEqual(report.metric!["AC@5"], 0.25);
  strictEqual(report.metric!["AC@4"], 0);
  strictEqual(report.service["AC@4"], 0.25);
  strictEqual(report.service["AC@3"], 0);
  // The same ranking given as its services scores the same at service level, and only there.
  const services = scoreRca(data, { "web_latency_ms#1": ["db", "api", "cache", "web"] }, "service");
  strictEqual(services.metric, undefined);
  deepStrictEqual(services.service, report.service);
  deepStrictEqual(services.per_fault[2], {
    fault: "web_latency_ms#1",
    metric: "web_latency_ms",
    service: "web",
    service_rank: 4,
  });
  // And the hand-made ranking collapsed by hand gives its service figures.
  const collapsed = scoreRca(data, {
    "db_latency_ms#1": ["api", "db"],
    "api_latency_ms#1": ["api"],
    "web_latency_ms#1": ["db", "api", "cache", "web"],
  }, "service");
  deepStrictEqual(collapsed.service, scoreRca(data, RANKING).service);
});

Deno.test("scoreRca refuses a ranking that does not fit the truth, every problem in one line", () => {
  const data = generate(CONFIG);
  throws(
    () =>
      scoreRca(data, {
        "db_latency_ms#2": ["db_cpu"],
        "db_latency_ms#1": ["db_latncy_ms", "db_cpu", "db_cpu"],
      }),
    {
      name: "RangeError",
      message: [
        `fault "db_latency_ms#2", rank 1: no fault "db_latency_ms#2" in the run; did you mean "db_latency_ms#1"?`,
        `fault "db_latency_ms#1", rank 1: no metric "db_latncy_ms" in the run; did you mean "db_latency_ms"?`,
        `fault "db_latency_ms#1", rank 3: fault "db_latency_ms#1" ranks the metric "db_cpu" twice (ranks 2 and 3): each metric once per fault`,
      ].join("\n"),
    },
  );
  throws(() => scoreRca(data, { "db_latency_ms#1": ["dbb"] }, "service"), {
    message: `fault "db_latency_ms#1", rank 1: no service "dbb" in the run; did you mean "db"?`,
  });
  const quiet = generate({ general: { seed: 1, num_samples: 5 }, metrics: { a: { value: 1 } } });
  throws(() => scoreRca(quiet, {}), {
    message: "the run has no faults: a ranking has nothing to be scored against",
  });
});

// The command line.

/** CONFIG as TOML, for the command line. */
const CONFIG_TOML = `[general]
seed = 1
num_samples = 100
[metrics.db_latency_ms]
value = 10
[metrics.db_cpu]
value = 30
[metrics.api_latency_ms]
value = 50
depends_on = { db_latency_ms = { lag = 2 } }
[metrics.api_errors]
value = 1
[metrics.web_latency_ms]
value = 90
[metrics.hits]
value = 5
service = "cache"
[anomalies.db_latency_ms]
at = 10
anomaly_factor = 3
pattern = "step"
recovery_time = 10
[anomalies.api_latency_ms]
at = 30
anomaly_factor = 2
pattern = "step"
recovery_time = 5
[anomalies.web_latency_ms]
at = 50
anomaly_factor = 2
pattern = "step"
recovery_time = 5
[anomalies.api_errors]
at = 70
anomaly_factor = 4
pattern = "step"
recovery_time = 5
`;

/** Generates CONFIG_TOML into DIR/out; returns the folder. */
async function generated(dir: string): Promise<string> {
  await Deno.writeTextFile(`${dir}/c.toml`, CONFIG_TOML);
  const run = await runCli(["-c", `${dir}/c.toml`, "-o", `${dir}/out`, "-q", "--no-plot"]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  return `${dir}/out`;
}

/** A ranking file's text: the header, then `fault,rank,name` per row of `ranking`. */
function rankingCsv(ranking: RcaRanking, column = "metric"): string {
  const rows = Object.entries(ranking).flatMap(([fault, names]) =>
    names.map((name, i) => `${fault},${i + 1},${name}`)
  );
  return [`fault,rank,${column}`, ...rows].join("\n") + "\n";
}

Deno.test("cli score --rca prints the scores of the ranking file as JSON, and the same as scoreRca", async () => {
  const dir = await freshDir("rca_cli");
  const out = await generated(dir);
  // Rows in any order, CRLF line ends, a blank line: the same ranking.
  const lines = rankingCsv(RANKING).trimEnd().split("\n");
  await Deno.writeTextFile(
    `${dir}/r.csv`,
    [lines[0], ...lines.slice(1).reverse(), ""].join("\r\n") + "\r\n",
  );
  const run = await runCli(["score", out, "--rca", `${dir}/r.csv`, "--json"]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  const report = JSON.parse(run.stdout.join("\n"));
  deepStrictEqual(Object.keys(report), ["rca"]);
  deepStrictEqual(report.rca, scoreRca(generate(CONFIG), RANKING));
  deepStrictEqual(Object.keys(report.rca), [
    "faults",
    "unranked",
    "metric",
    "service",
    "per_fault",
  ]);
  // A ranking of services: the service figures alone.
  await Deno.writeTextFile(
    `${dir}/s.csv`,
    rankingCsv({ "web_latency_ms#1": ["db", "api", "cache", "web"] }, "service"),
  );
  const services = await runCli(["score", out, "--rca", `${dir}/s.csv`, "--json"]);
  strictEqual(services.status, 0, services.stderr.join("\n"));
  deepStrictEqual(Object.keys(JSON.parse(services.stdout.join("\n")).rca), [
    "faults",
    "unranked",
    "service",
    "per_fault",
  ]);
  // The table: the figures per level, then a line per fault.
  const table = await runCli(["score", out, "--rca", `${dir}/r.csv`]);
  strictEqual(table.status, 0);
  deepStrictEqual(table.stdout, [
    "root causes of 4 faults, ranked by metric; 1 not ranked (counted as missed)",
    "level       AC@1   AC@2   AC@3   AC@4   AC@5  Avg@1  Avg@2  Avg@3  Avg@4  Avg@5",
    "metric     0.000  0.250  0.500  0.500  0.500  0.000  0.125  0.250  0.313  0.350",
    "service    0.250  0.500  0.500  0.750  0.750  0.250  0.375  0.417  0.500  0.550",
    "",
    "fault db_latency_ms#1: db_latency_ms ranked 3, its service db ranked 2",
    "fault api_latency_ms#1: api_latency_ms ranked 2, its service api ranked 1",
    "fault web_latency_ms#1: web_latency_ms ranked 6, its service web ranked 4",
    "fault api_errors#1: no ranking",
  ]);
});

/** Runs score --rca on `text`; asserts exit 2 and exactly `lines` on stderr (path prefixed). */
async function refused(out: string, path: string, text: string, lines: string[]): Promise<void> {
  await Deno.writeTextFile(path, text);
  const run = await runCli(["score", out, "--rca", path]);
  deepStrictEqual(run.stderr, lines.map((line) => `error: ${line}`), text);
  strictEqual(run.status, 2);
  strictEqual(run.stdout.length, 0);
}

Deno.test("cli score --rca refuses each bad ranking in one line, exit 2", async () => {
  const dir = await freshDir("rca_bad");
  const out = await generated(dir);
  const f = `${dir}/r.csv`;
  const at = `"${f}"`;
  const cases: [string, string][] = [
    [
      "fault,rank,metric\ndb_latency_ms#3,1,db_cpu\n",
      `${at}: line 2: no fault "db_latency_ms#3" in the run; did you mean "db_latency_ms#1"?`,
    ],
    [
      "fault,rank,metric\napi_latency_ms#1,1,api_latency\n",
      `${at}: line 2: no metric "api_latency" in the run; did you mean "api_latency_ms"?`,
    ],
    [
      "fault,rank,service\napi_latency_ms#1,1,cach\n",
      `${at}: line 2: no service "cach" in the run; did you mean "cache"?`,
    ],
    [
      "fault,rank,metric\ndb_latency_ms#1,1,db_cpu\ndb_latency_ms#1,1,db_latency_ms\n",
      `${at}: line 3: fault "db_latency_ms#1" has a rank 1 already (line 2): one row per fault and rank`,
    ],
    [
      "fault,rank,metric\ndb_latency_ms#1,1,db_cpu\ndb_latency_ms#1,3,db_latency_ms\n",
      `${at}: fault "db_latency_ms#1": rank 2 is missing: a fault's ranks run 1, 2, 3, ... without a gap`,
    ],
    [
      "fault,rank,metric\ndb_latency_ms#1,2,db_cpu\n",
      `${at}: fault "db_latency_ms#1": rank 1 is missing: a fault's ranks run 1, 2, 3, ... without a gap`,
    ],
    [
      "fault,rank,metric\ndb_latency_ms#1,7,db_cpu\n",
      `${at}: line 2: fault "db_latency_ms#1": rank 7 is beyond the run's 6 metrics: each is ranked at most once`,
    ],
    [
      "fault,rank,metric\ndb_latency_ms#1,1,db_cpu\ndb_latency_ms#1,2,db_cpu\n",
      `${at}: line 3: fault "db_latency_ms#1" ranks the metric "db_cpu" twice (ranks 1 and 2): each metric once per fault`,
    ],
    [
      "fault,rank,service\ndb_latency_ms#1,1,db\ndb_latency_ms#1,2,db\n",
      `${at}: line 3: fault "db_latency_ms#1" ranks the service "db" twice (ranks 1 and 2): each service once per fault`,
    ],
    [
      "",
      `${at} is empty: a header (fault,rank,metric or fault,rank,service) and a row per fault and rank are needed`,
    ],
    ["fault,rank,metric\n", `${at}: no rows after the header: a row per fault and rank is needed`],
    [
      "fault,position,metric\ndb_latency_ms#1,1,db_cpu\n",
      `${at}: the header must be "fault,rank,metric" or "fault,rank,service": got "fault,position,metric"`,
    ],
    [
      "fault,rank\n",
      `${at}: the header must be "fault,rank,metric" or "fault,rank,service": got "fault,rank"`,
    ],
    [
      "fault,rank,metric\ndb_latency_ms#1,first,db_cpu\n",
      `${at}: line 2, column "rank": must be an integer >= 1: got "first"`,
    ],
    [
      "fault,rank,metric\ndb_latency_ms#1,0,db_cpu\n",
      `${at}: line 2, column "rank": must be an integer >= 1: got "0"`,
    ],
    ["fault,rank,metric\ndb_latency_ms#1,1\n", `${at}: line 2: 2 cells, the header has 3`],
  ];
  for (const [text, line] of cases) await refused(out, f, text, [line]);
  // Every problem of one file, in line order, then the faults whose ranks have a gap.
  await refused(
    out,
    f,
    "fault,rank,metric\nweb#1,1,db_cpu\napi_latency_ms#1,1,db\napi_latency_ms#1,3,api_errors\n",
    [
      `${at}: line 2: no fault "web#1" in the run`,
      `${at}: line 3: no metric "db" in the run; it is a service: a ranking of services has the header fault,rank,service`,
      `${at}: fault "api_latency_ms#1": rank 2 is missing: a fault's ranks run 1, 2, 3, ... without a gap`,
    ],
  );
  // A device is never opened, a file that is not UTF-8 never guessed at.
  const device = await runCli(["score", out, "--rca", "/dev/zero"]);
  deepStrictEqual(device.stderr, [
    `error: cannot read ranking "/dev/zero": not a regular file (a pipe or a device?)`,
  ]);
  strictEqual(device.status, 2);
  await Deno.writeFile(
    f,
    new Uint8Array([...new TextEncoder().encode("fault,rank,metric\n"), 0xff]),
  );
  const bytes = await runCli(["score", out, "--rca", f]);
  deepStrictEqual(bytes.stderr, [`error: ${at}: not text: the bytes are not UTF-8`]);
  strictEqual(bytes.status, 2);
  // A run without faults: nothing to score against, whatever the ranking.
  await Deno.writeTextFile(
    `${dir}/quiet.toml`,
    "[general]\nnum_samples = 5\n[metrics.a]\nvalue = 1\n",
  );
  const quiet = await runCli(["-c", `${dir}/quiet.toml`, "-o", `${dir}/quiet`, "-q", "--no-plot"]);
  strictEqual(quiet.status, 0);
  await Deno.writeTextFile(f, "fault,rank,metric\na#1,1,a\n");
  const none = await runCli(["score", `${dir}/quiet`, "--rca", f]);
  deepStrictEqual(none.stderr, [
    `error: "${dir}/quiet": the run has no faults: a ranking has nothing to be scored against`,
  ]);
  strictEqual(none.status, 2);
});

Deno.test("cli score --rca reports at most 100 problems and counts the rest", async () => {
  const dir = await freshDir("rca_many");
  const out = await generated(dir);
  const rows = Array.from({ length: 1000 }, (_, i) => `x#${i},1,db_cpu`);
  await Deno.writeTextFile(`${dir}/r.csv`, ["fault,rank,metric", ...rows].join("\n") + "\n");
  const run = await runCli(["score", out, "--rca", `${dir}/r.csv`]);
  strictEqual(run.status, 2);
  strictEqual(run.stderr.length, 101);
  strictEqual(run.stderr[0], `error: "${dir}/r.csv": line 2: no fault "x#0" in the run`);
  strictEqual(run.stderr[100], "error: ... and 900 more problems");
});

Deno.test("cli score takes detections, a ranking or both, and --visible only with detections", async () => {
  const dir = await freshDir("rca_flags");
  const out = await generated(dir);
  await Deno.writeTextFile(`${dir}/r.csv`, rankingCsv(RANKING));
  // Both: one report, the detections' keys and then rca.
  const both = await runCli([
    "score",
    out,
    `${out}/labels.csv`,
    "--rca",
    `${dir}/r.csv`,
    "--json",
  ]);
  strictEqual(both.status, 0, both.stderr.join("\n"));
  const report = JSON.parse(both.stdout.join("\n"));
  deepStrictEqual(Object.keys(report), ["metrics", "faults", "kinds", "false_alarms", "rca"]);
  strictEqual(report.metrics.db_cpu.precision, 0);
  strictEqual(report.metrics.db_latency_ms.f1, 1);
  strictEqual(report.rca.metric["AC@3"], 0.5);
  const usage = async (args: string[], line: string) => {
    const run = await runCli(["score", ...args]);
    deepStrictEqual(run.stderr, [`error: ${line}`, "Run with --help for usage."]);
    strictEqual(run.status, 2);
  };
  const takes =
    "score takes OUTPUT_DIR and DETECTIONS.csv, or OUTPUT_DIR and --rca RANKING.csv, or all three";
  await usage([out], `${takes}: got 1 argument(s)`);
  await usage([out, "a", "b", "--rca", `${dir}/r.csv`], `${takes}: got 3 argument(s)`);
  await usage(
    [out, "--rca", `${dir}/r.csv`, "--visible", "3"],
    "--visible: it scores detections: give DETECTIONS.csv too",
  );
});

Deno.test("cli score --rca on configs/checkout_cascade.toml: the hand count of a ranking of its two faults", async () => {
  const dir = await freshDir("rca_cascade");
  const out = `${dir}/out`;
  const gen = await runCli(["-c", "configs/checkout_cascade.toml", "-o", out, "-q", "--no-plot"]);
  strictEqual(gen.status, 0, gen.stderr.join("\n"));
  const manifest = JSON.parse(await Deno.readTextFile(`${out}/manifest.json`));
  deepStrictEqual(
    manifest.anomalies.map((a: { id: string; service: string }) => [a.id, a.service]),
    [["db_latency_ms#1", "db"], ["api_latency_ms#1", "api"]],
  );
  // A method that blames the loudest symptoms first finds the database fourth and says nothing
  // of the API deploy. One metric per service here: the service figures are the same.
  await Deno.writeTextFile(
    `${dir}/loud.csv`,
    "fault,rank,metric\n" +
      "db_latency_ms#1,1,web_latency_ms\ndb_latency_ms#1,2,checkouts_total\n" +
      "db_latency_ms#1,3,api_latency_ms\ndb_latency_ms#1,4,db_latency_ms\n",
  );
  const loud = await runCli(["score", out, "--rca", `${dir}/loud.csv`, "--json"]);
  strictEqual(loud.status, 0, loud.stderr.join("\n"));
  const { rca } = JSON.parse(loud.stdout.join("\n"));
  deepStrictEqual(rca.unranked, ["api_latency_ms#1"]);
  // Hits at k = 1..5: 0, 0, 0, 1, 1 of 2. Avg@4 = (0 + 0 + 0 + 1/2) / 4, Avg@5 = 1 / 5.
  const figures = {
    "AC@1": 0,
    "AC@2": 0,
    "AC@3": 0,
    "AC@4": 0.5,
    "AC@5": 0.5,
    "Avg@1": 0,
    "Avg@2": 0,
    "Avg@3": 0,
    "Avg@4": 0.125,
    "Avg@5": 0.2,
  };
  deepStrictEqual(rca.metric, figures);
  deepStrictEqual(rca.service, figures);
  // A method that ranks metrics by their first labelled sample from each fault's start (the
  // earliest symptom is the cause) reads labels.csv and finds both: db at 480, api 482 (30 s),
  // web 483; the deploy at 1080 on api, web 1081.
  const rows = (await Deno.readTextFile(`${out}/labels.csv`)).trimEnd().split("\n");
  const names = rows[0].split(",").slice(1);
  const labels = rows.slice(1).map((row) => row.split(",").slice(1).map(Number));
  const ranking = manifest.anomalies.map((fault: { id: string; first_sample: number }) => {
    const onset = (j: number) => {
      for (let k = fault.first_sample; k < labels.length; k++) if (labels[k][j] === 1) return k;
      return Infinity;
    };
    const ranked = names.map((name, j) => ({ name, at: onset(j) })).filter((m) => m.at < Infinity)
      .sort((a, b) => a.at - b.at);
    return ranked.map((m, i) => `${fault.id},${i + 1},${m.name}`);
  });
  deepStrictEqual(ranking[0].slice(0, 3), [
    "db_latency_ms#1,1,db_latency_ms",
    "db_latency_ms#1,2,api_latency_ms",
    "db_latency_ms#1,3,web_latency_ms",
  ]);
  await Deno.writeTextFile(
    `${dir}/onset.csv`,
    ["fault,rank,metric", ...ranking.flat()].join("\n") + "\n",
  );
  const onset = await runCli(["score", out, "--rca", `${dir}/onset.csv`, "--json"]);
  strictEqual(onset.status, 0, onset.stderr.join("\n"));
  const found = JSON.parse(onset.stdout.join("\n")).rca;
  strictEqual(found.metric["AC@1"], 1);
  strictEqual(found.service["Avg@5"], 1);
  deepStrictEqual(found.per_fault.map((f: { metric_rank: number }) => f.metric_rank), [1, 1]);
  // The ranking needs only the manifest: the same run written as OpenMetrics alone scores the same.
  const om = `${dir}/om`;
  const written = await runCli([
    "-c",
    "configs/checkout_cascade.toml",
    "-o",
    om,
    "-q",
    "--no-plot",
    "--format",
    "openmetrics",
  ]);
  strictEqual(written.status, 0, written.stderr.join("\n"));
  const again = await runCli(["score", om, "--rca", `${dir}/loud.csv`, "--json"]);
  strictEqual(again.status, 0, again.stderr.join("\n"));
  deepStrictEqual(JSON.parse(again.stdout.join("\n")).rca, rca);
});
