// `score` over a suite: SUITE_DIR and a folder with <case>.csv per case, each case scored by the
// same code as `score DIR/<case> <case>.csv`, then one table: a row per case, the faults pooled
// by kind over the cases, and the mean over the cases; as text, JSON and CSV. Bad input is
// refused one line each, exit 2.
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { freshDir, runCli } from "./_run_cli.ts";
import type { ScoreReport } from "../src/truth/score.ts";
import type { CurveReport } from "../src/truth/curves.ts";

const SUITE = `[suite]
cases = 3
[suite.vary]
"general.seed" = [11, 12, 13]
anomalies = [
  { db = [{ at = 100, anomaly_factor = 4, pattern = "step", recovery_time = 20 }], api = [{ at = 50, kind = "extremum", size = 8 }] },
  { api = [{ at = 120, anomaly_factor = 3, pattern = "step", recovery_time = 30 }] },
  { db = [{ at = 60, anomaly_factor = 4, pattern = "step", recovery_time = 20 }, { at = 150, kind = "extremum", size = 8 }] },
]

[general]
num_samples = 200

[metrics.db]
value = 20
noise = "gaussian"

[metrics.api]
value = 80
noise = "gaussian"
noise_args = { scale = 3 }
`;

const CASES = ["case-0000", "case-0001", "case-0002"];

/**
 * Flags per case and metric as [first, last] runs: case 0 finds its step 2 samples late and
 * raises a false alarm at 10, misses the spike; case 1 flags its step whole; case 2 finds its
 * step 1 sample late and misses the spike.
 */
const FLAGS: Record<string, Record<string, [number, number][]>> = {
  "case-0000": { db: [[10, 10], [102, 105]], api: [] },
  "case-0001": { db: [], api: [[120, 149]] },
  "case-0002": { db: [[61, 79]], api: [] },
};

function detectionsCsv(runs: Record<string, [number, number][]>, cell = (x: number) => `${x}`) {
  const lines = ["sample,db,api"];
  for (let k = 0; k < 200; k++) {
    const flag = (m: string) => runs[m].some(([a, b]) => a <= k && k <= b) ? 1 : 0;
    lines.push(`${k},${cell(flag("db"))},${cell(flag("api"))}`);
  }
  return lines.join("\n") + "\n";
}

const root = await freshDir("suite_score");
const suite = `${root}/suite`;
Deno.writeTextFileSync(`${root}/suite.toml`, SUITE);
const made = await runCli([
  "suite",
  "-c",
  `${root}/suite.toml`,
  "-o",
  suite,
  "--format",
  "csv",
  "-q",
]);
strictEqual(made.status, 0, made.stderr.join("\n"));

/** A detections folder under root holding `files` (name -> text). */
function detectionsDir(name: string, files: Record<string, string>): string {
  const dir = `${root}/${name}`;
  Deno.mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) Deno.writeTextFileSync(`${dir}/${file}`, text);
  return dir;
}

const GOOD = Object.fromEntries(CASES.map((c) => [`${c}.csv`, detectionsCsv(FLAGS[c])]));
const good = detectionsDir("good", GOOD);

const VARIED = JSON.parse(Deno.readTextFileSync(`${suite}/suite.json`)).cases.map(
  (c: { varied: unknown }) => c.varied,
);

async function json(args: string[]) {
  const run = await runCli(args);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  return JSON.parse(run.stdout.join("\n"));
}

Deno.test("the suite's table is the three single-run reports combined: per case the mean over its metrics with a fault, its faults, detected, mean delay and false alarms", async () => {
  const runs: ScoreReport[] = [];
  for (const c of CASES) {
    runs.push(await json(["score", `${suite}/${c}`, `${good}/${c}.csv`, "--json"]));
  }
  const { suite: table } = await json(["score", suite, good, "--json"]);
  // A fault-free metric's recall and F1 are 0 by definition: a case's figures leave it out.
  const half = (r: ScoreReport, k: "precision" | "recall" | "f1" | "point_adjusted_f1") => {
    const faulted = ["db", "api"].filter((m) => r.faults.some((f) => f.metric === m));
    return faulted.reduce((sum, m) => sum + r.metrics[m][k], 0) / faulted.length;
  };
  const expected = runs.map((r, i) => ({
    name: CASES[i],
    varied: VARIED[i],
    precision: half(r, "precision"),
    recall: half(r, "recall"),
    f1: half(r, "f1"),
    point_adjusted_f1: half(r, "point_adjusted_f1"),
    faults: r.faults.length,
    detected: r.faults.filter((f) => f.detected).length,
    mean_delay_samples: [2, 0, 1][i],
    false_alarms: r.false_alarms.count,
  }));
  deepStrictEqual(table.cases, expected);
  // The figures themselves, by hand: case 0's db has 4 of 20 labelled samples flagged and one
  // flag outside (P 4/5, R 4/20), its api (a spike) no flag (0, 0); case 1's only fault is on
  // api, flagged whole (F1 1): its fault-free db is left out, not counted 0.
  deepStrictEqual(
    [table.cases[0].precision, table.cases[0].recall, table.cases[1].f1],
    [0.4, 0.1, 1],
  );
  deepStrictEqual(table.cases.map((c: { faults: number }) => c.faults), [2, 1, 2]);
  deepStrictEqual(table.cases.map((c: { false_alarms: number }) => c.false_alarms), [1, 0, 0]);
  const mean = (k: keyof (typeof expected)[number]) =>
    expected.reduce((s, c) => s + (c[k] as number), 0) / 3;
  deepStrictEqual(table.mean, {
    precision: mean("precision"),
    recall: mean("recall"),
    f1: mean("f1"),
    point_adjusted_f1: mean("point_adjusted_f1"),
    faults: 5 / 3,
    detected: 1,
    mean_delay_samples: 1,
    false_alarms: 1 / 3,
  });
});

Deno.test("faults are pooled by kind over the cases: 3 steps all found (delays 2, 0, 1), 2 spikes missed", async () => {
  const { suite: table } = await json(["score", suite, good, "--json"]);
  deepStrictEqual(table.kinds, [
    { kind: "pattern", faults: 3, detected: 3, recall: 1, mean_delay_samples: 1 },
    { kind: "extremum", faults: 2, detected: 0, recall: 0, mean_delay_samples: null },
  ]);
  // Each single run's per-kind table, summed: the same counts.
  const counts: Record<string, [number, number]> = {};
  for (const c of CASES) {
    const r: ScoreReport = await json(["score", `${suite}/${c}`, `${good}/${c}.csv`, "--json"]);
    for (const [kind, k] of Object.entries(r.kinds)) {
      counts[kind] = [(counts[kind]?.[0] ?? 0) + k.faults, (counts[kind]?.[1] ?? 0) + k.detected];
    }
  }
  deepStrictEqual(counts, { pattern: [3, 3], extremum: [2, 0] });
});

Deno.test("the text table: a row per case with what it varied last, the mean, then the kinds", async () => {
  const run = await runCli(["score", suite, good]);
  strictEqual(run.status, 0);
  const rows = run.stdout.map((line) =>
    line.split("  ").filter((x) => x !== "").map((x) => x.trim())
  );
  deepStrictEqual(rows[0].slice(0, 5), ["case", "precision", "recall", "f1", "pa-f1"]);
  deepStrictEqual(rows[1].slice(0, 9), [
    "case-0000",
    "0.400",
    "0.100",
    "0.160",
    "0.488",
    "2",
    "1",
    "2.0",
    "1",
  ]);
  strictEqual(rows[1][9], `general.seed=11 anomalies=${JSON.stringify(VARIED[0].anomalies)}`);
  deepStrictEqual(rows[4], [
    "mean",
    "0.800",
    "0.668",
    "0.703",
    "0.821",
    "1.67",
    "1.00",
    "1.0",
    "0.33",
  ]);
  deepStrictEqual(run.stdout.slice(6, 9), [
    "kind         faults  detected  recall  mean delay (samples)",
    "pattern           3         3   1.000                   1.0",
    "extremum          2         0   0.000                     -",
  ]);
});

Deno.test("--csv prints the same table as one CSV: a row per case, per kind and the mean, full precision", async () => {
  const { suite: table } = await json(["score", suite, good, "--json"]);
  const run = await runCli(["score", suite, good, "--csv"]);
  strictEqual(run.status, 0);
  const cell = (x: unknown) => x === null ? "" : String(x);
  const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;
  const figures = (f: Record<string, unknown>) =>
    ["precision", "recall", "f1", "point_adjusted_f1", "faults", "detected"].map((k) => cell(f[k]))
      .concat(["", cell(f.mean_delay_samples), cell(f.false_alarms)]);
  deepStrictEqual(run.stdout, [
    "row,name,varied,precision,recall,f1,point_adjusted_f1,faults,detected,fault_recall,mean_delay_samples,false_alarms",
    ...table.cases.map((c: Record<string, unknown>, i: number) =>
      ["case", CASES[i], quote(JSON.stringify(VARIED[i])), ...figures(c)].join(",")
    ),
    "kind,pattern,,,,,,3,3,1,1,",
    "kind,extremum,,,,,,2,0,0,,",
    ["mean", "mean", "", ...figures(table.mean)].join(","),
  ]);
});

Deno.test("--scores over a suite: each case's mean over its metrics, as single-run --scores gives it, and their mean", async () => {
  // The labels as scores, db's raised by up to 0.6 x (case + 1) on a cycle: figures of 1 and
  // of less than 1, so that the mean is not trivially 1.
  const scores = Object.fromEntries(CASES.map((c, i) => {
    const labels = Deno.readTextFileSync(`${suite}/${c}/labels.csv`).trimEnd().split("\n");
    const rows = labels.map((line, k) => {
      if (k === 0) return line;
      const [s, db, api] = line.split(",");
      return `${s},${Number(db) + (k % (i + 2)) * 0.6},${api}`;
    });
    return [`${c}.csv`, rows.join("\n") + "\n"];
  }));
  const dir = detectionsDir("scores", scores);
  const runs: CurveReport[] = [];
  for (const c of CASES) {
    runs.push(
      (await json(["score", `${suite}/${c}`, `${dir}/${c}.csv`, "--scores", "--json"])).curves,
    );
  }
  const { suite: table } = await json(["score", suite, dir, "--scores", "--json"]);
  deepStrictEqual(
    table.cases,
    runs.map((r, i) => ({ name: CASES[i], varied: VARIED[i], ...r.mean })),
  );
  deepStrictEqual(table.kinds, []);
  const keys = Object.keys(runs[0].mean) as (keyof CurveReport["mean"])[];
  deepStrictEqual(
    table.mean,
    Object.fromEntries(keys.map((k) => {
      const defined = runs.map((r) => r.mean[k]).filter((x) => x !== null) as number[];
      return [k, defined.reduce((a, b) => a + b, 0) / defined.length];
    })),
  );
  // Not every figure is 1: the test can tell a case from another.
  strictEqual(table.cases.some((c: { roc_auc: number }) => c.roc_auc < 1), true);
});

/** The one line of a refused `score` over the suite, which must exit 2. */
async function refused(args: string[]): Promise<string[]> {
  const run = await runCli(["score", ...args]);
  strictEqual(run.status, 2, run.stdout.join("\n"));
  return run.stderr;
}

Deno.test("a case file with the wrong header or the wrong length is refused, one line naming it", async () => {
  const header = detectionsDir("header", {
    ...GOOD,
    "case-0001.csv": GOOD["case-0001.csv"].replace("sample,db,api", "sample,dbb,api"),
  });
  deepStrictEqual(await refused([suite, header]), [
    `error: "${header}/case-0001.csv": no metric "dbb" in the run; did you mean "db"?`,
  ]);
  const lines = GOOD["case-0002.csv"].trimEnd().split("\n");
  const short = detectionsDir("short", {
    ...GOOD,
    "case-0002.csv": lines.slice(0, -1).join("\n") + "\n",
  });
  deepStrictEqual(await refused([suite, short]), [
    `error: "${short}/case-0002.csv": 199 rows, but the run has 200 samples`,
  ]);
});

Deno.test("NaN and infinities in a case's scores are refused as for a run, one line", async () => {
  const nan = detectionsDir("nan", {
    ...GOOD,
    "case-0000.csv": GOOD["case-0000.csv"].replace("\n3,0,0\n", "\n3,NaN,0\n"),
  });
  deepStrictEqual(await refused([suite, nan, "--scores"]), [
    `error: "${nan}/case-0000.csv": line 5, column "db": must be a finite number (NaN, ` +
    `infinities and empty cells are refused): got "NaN"`,
  ]);
  const inf = detectionsDir("inf", {
    ...GOOD,
    "case-0001.csv": GOOD["case-0001.csv"].replace("\n3,0,0\n", "\n3,0,-Infinity\n"),
  });
  deepStrictEqual(await refused([suite, inf, "--scores"]), [
    `error: "${inf}/case-0001.csv": line 5, column "api": must be a finite number (NaN, ` +
    `infinities and empty cells are refused): got "-Infinity"`,
  ]);
});

Deno.test("a missing case file, and a file for a case the suite does not have, are refused one line each", async () => {
  const { "case-0001.csv": _, ...two } = GOOD;
  const missing = detectionsDir("missing", two);
  deepStrictEqual(await refused([suite, missing]), [
    `error: "${missing}": no case-0001.csv for case case-0001: a file per case is needed`,
  ]);
  const extra = detectionsDir("extra", { ...GOOD, "case-0003.csv": GOOD["case-0000.csv"] });
  deepStrictEqual(await refused([suite, extra]), [
    `error: "${extra}/case-0003.csv": the suite has no case "case-0003"; did you mean "case-0000"?`,
  ]);
  // Other files are not detections: left alone.
  const notes = detectionsDir("notes", { ...GOOD, "README.txt": "how these were made\n" });
  strictEqual((await runCli(["score", suite, notes, "--json"])).status, 0);
});

Deno.test("suite.json that is not a suite's index, or that lists a missing case folder, is refused one line", async () => {
  const index = `${suite}/suite.json`;
  const bytes = Deno.readFileSync(index);
  try {
    Deno.writeTextFileSync(index, "{not json");
    const [line, ...rest] = await refused([suite, good]);
    deepStrictEqual(rest, []);
    strictEqual(line.startsWith(`error: "${index}": not a suite index: `), true, line);
    Deno.writeTextFileSync(index, JSON.stringify({ cases: [{ name: "../x", varied: {} }] }));
    deepStrictEqual(await refused([suite, good]), [
      `error: "${index}": cases[0].name: must be a case folder's name, case-0000, ..., once: ` +
      `got "\\"../x\\""`,
    ]);
  } finally {
    Deno.writeFileSync(index, bytes);
  }
  Deno.renameSync(`${suite}/case-0002`, `${root}/away`);
  try {
    deepStrictEqual(await refused([suite, good]), [
      `error: "${suite}/case-0002": no such case folder, but suite.json lists it ` +
      `(write it with cli.ts suite --case 2)`,
    ]);
  } finally {
    Deno.renameSync(`${root}/away`, `${suite}/case-0002`);
  }
});

Deno.test("a suite's second argument must be a folder; --csv needs a suite and --rca a run", async () => {
  deepStrictEqual(await refused([suite, `${good}/case-0000.csv`]), [
    `error: cannot read detections "${good}/case-0000.csv": for a suite, give a folder of ` +
    `detections, a <case>.csv per case`,
  ]);
  // Flags that do not fit: the usage line, then where to find the usage.
  const usage = (line: string) => [`error: ${line}`, "Run with --help for usage."];
  deepStrictEqual(
    await refused([`${suite}/case-0000`, `${good}/case-0000.csv`, "--csv"]),
    usage("--csv: it prints a suite's table: give a suite's folder"),
  );
  deepStrictEqual(
    await refused([suite, good, "--json", "--csv"]),
    usage("--json and --csv: give one"),
  );
  deepStrictEqual(
    await refused([suite, good, "--rca", `${good}/case-0000.csv`]),
    usage("--rca: it scores one run: give a case's folder, not the suite's"),
  );
});
