// Threshold-free scores of real-valued detectors: ROC-AUC, PR-AUC and average precision equal to
// TimeEval's and TSB-AD's own figures, VUS-ROC and VUS-PR equal to TSB-AD's, all to 1e-9, on
// the fixed inputs of tests/golden/score_figures.json (made by bench/peers/score_figures.py);
// then `cli.ts score --scores`: its report and its refusals.
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import {
  affiliation,
  averagePrecision,
  type Config,
  curveScores,
  eventF1,
  eventScores,
  generate,
  prAuc,
  rocAuc,
  scoreCurves,
  vus,
} from "../mod.ts";
import { freshDir, runCli } from "./_run_cli.ts";

interface GoldenCase {
  name: string;
  labels: number[];
  scores: number[];
  windows: number[];
  roc_auc: number;
  tsb_ad_auc_roc: number;
  pr_auc: number;
  average_precision: number;
  timeeval_call_roc_auc: number;
  vus: Record<string, { vus_roc: number; vus_pr: number }>;
  flags: number[];
  affiliation_precision: number | null;
  affiliation_recall: number;
  tsb_ad_affiliation_f: number | null;
  tsb_ad_event_f1: number;
  oracle_event_f1: number;
  oracle_affiliation_f: number | null;
  oracle_affiliation: { f: number | null; precision: number | null; recall: number };
}

const GOLDEN = JSON.parse(
  await Deno.readTextFile(new URL("golden/score_figures.json", import.meta.url)),
) as { cases: GoldenCase[]; vus_opt_vs_opt_mem_max_difference: number };

function near(actual: number | null | undefined, expected: number | null, what: string): void {
  if (expected === null) strictEqual(actual, null, what);
  else {
    ok(actual != null && Math.abs(actual - expected) <= 1e-9, `${what}: ${actual} != ${expected}`);
  }
}

Deno.test("the golden file covers ties, range edges, short series and constant scores", () => {
  deepStrictEqual(GOLDEN.cases.map((c) => c.name), [
    "ties",
    "edges and close ranges, rounded scores",
    "late and lingering detector",
    "fewer samples than thresholds",
    "constant scores",
  ]);
  // TSB-AD's two VUS versions (opt, opt_mem) agree exactly on these inputs.
  strictEqual(GOLDEN.vus_opt_vs_opt_mem_max_difference, 0);
});

for (const c of GOLDEN.cases) {
  Deno.test(`ROC-AUC, PR-AUC and average precision equal TimeEval's and TSB-AD's: ${c.name}`, () => {
    near(rocAuc(c.labels, c.scores), c.roc_auc, "roc_auc (TimeEval RocAUC)");
    near(rocAuc(c.labels, c.scores), c.tsb_ad_auc_roc, "roc_auc (TSB-AD AUC-ROC)");
    near(prAuc(c.labels, c.scores), c.pr_auc, "pr_auc (TimeEval PrAUC)");
    near(averagePrecision(c.labels, c.scores), c.average_precision, "average precision");
  });
  Deno.test(`VUS-ROC and VUS-PR equal TSB-AD's at every buffer: ${c.name}`, () => {
    for (const window of c.windows) {
      const ours = vus(c.labels, c.scores, { window });
      near(ours?.vus_roc, c.vus[window].vus_roc, `vus_roc, window ${window}`);
      near(ours?.vus_pr, c.vus[window].vus_pr, `vus_pr, window ${window}`);
    }
  });
}

for (const c of GOLDEN.cases) {
  Deno.test(`affiliation and event-based F1 of 0/1 flags equal the authors' and TSB-AD's: ${c.name}`, () => {
    const ours = affiliation(c.labels, c.flags)!;
    near(ours.precision, c.affiliation_precision, "affiliation precision (pr_from_events)");
    near(ours.recall, c.affiliation_recall, "affiliation recall (pr_from_events)");
    near(ours.f1, c.tsb_ad_affiliation_f, "affiliation F (TSB-AD metric_Affiliation)");
    near(eventF1(c.labels, c.flags), c.tsb_ad_event_f1, "event F1 (TSB-AD metric_EventF1PA)");
  });
  Deno.test(`event figures at the oracle threshold equal TSB-AD's: ${c.name}`, () => {
    const ours = eventScores(c.labels, c.scores);
    near(ours.event_f1, c.oracle_event_f1, "event F1");
    near(ours.affiliation_f1, c.oracle_affiliation_f, "affiliation F");
    near(ours.affiliation_f1, c.oracle_affiliation.f, "affiliation F (the script's loop)");
    near(ours.affiliation_precision, c.oracle_affiliation.precision, "affiliation precision");
    near(
      ours.affiliation_recall,
      c.oracle_affiliation.f === null ? null : c.oracle_affiliation.recall,
      "affiliation recall",
    );
  });
}

Deno.test("constant scores keep the curves' values, where TimeEval's __call__ returns 0", () => {
  const c = GOLDEN.cases.find((c) => c.name === "constant scores")!;
  strictEqual(rocAuc(c.labels, c.scores), 0.5);
  strictEqual(c.timeeval_call_roc_auc, 0);
  strictEqual(averagePrecision(c.labels, c.scores), 0.1);
});

Deno.test("ties count half: one positive tied with one negative gives ROC-AUC 0.5", () => {
  strictEqual(rocAuc([1, 0], [3, 3]), 0.5);
  strictEqual(rocAuc([1, 0, 0], [3, 3, 1]), 0.75);
  // -0 and 0 are one threshold, as numpy compares them.
  strictEqual(rocAuc([1, 0], [-0, 0]), 0.5);
});

Deno.test("every figure is null without a labelled sample; the curves also without an unlabelled one", () => {
  const curves = { roc_auc: null, pr_auc: null, average_precision: null, vus_roc: null };
  deepStrictEqual(curveScores([0, 0, 0], [1, 2, 3]), {
    ...curves,
    range_pr_auc: null,
    vus_pr: null,
    event_f1: null,
    affiliation_f1: null,
    affiliation_precision: null,
    affiliation_recall: null,
  });
  // Faulty throughout: no curve, but flagging samples 1-2 finds the event.
  deepStrictEqual(curveScores([1, 1, 1], [1, 2, 3]), {
    ...curves,
    // TimeEval's range PR curve is defined there: every flagged run lies in the one range.
    range_pr_auc: 1,
    vus_pr: null,
    event_f1: 2 / (2 + 1e-15),
    affiliation_f1: (2 * 11 / 12) / (1 + 11 / 12 + 1e-15),
    affiliation_precision: 1,
    affiliation_recall: 11 / 12,
  });
  strictEqual(affiliation([0, 0], [1, 1]), null);
  strictEqual(eventF1([0, 0], [1, 1]), null);
});

Deno.test("scores that are not finite, or of another length, are refused", () => {
  throws(() => rocAuc([0, 1], [0, NaN]), /score 1 is NaN: scores must be finite numbers/);
  throws(() => vus([0, 1], [Infinity, 0]), /score 0 is Infinity/);
  throws(() => prAuc([0, 1, 0], [0, 1]), /2 scores for 3 labels/);
  throws(() => eventScores([0, 1], [0, -Infinity]), /score 1 is -Infinity/);
  throws(() => affiliation([0, 1], [0]), /1 flags for 2 labels/);
  throws(() => vus([0, 1], [0, 1], { window: -1 }), /window: must be an integer >= 0: got -1/);
});

const RUN_TOML = `[general]
seed = 3
num_samples = 300
[metrics.m]
value = 10
noise = "gaussian"
noise_args = { scale = 1 }
[metrics.quiet]
value = 5
[anomalies.m]
at = 100
anomaly_factor = 1.15
pattern = "step"
recovery_time = 30
`;

/** A run of RUN_TOML in a fresh folder, and a scores file writer for it. */
async function scoredRun(name: string) {
  const dir = await freshDir(name);
  await Deno.writeTextFile(`${dir}/c.toml`, RUN_TOML);
  const gen = await runCli(["-c", `${dir}/c.toml`, "-o", `${dir}/out`, "-q"]);
  strictEqual(gen.status, 0, gen.stderr.join("\n"));
  const write = async (file: string, header: string, rows: string[]) => {
    await Deno.writeTextFile(`${dir}/${file}`, `${header}\n${rows.join("\n")}\n`);
    return `${dir}/${file}`;
  };
  return { dir, write };
}

Deno.test("cli score --scores reports the figures of scoreCurves per metric and their mean", async () => {
  const { dir, write } = await scoredRun("score_curves_cli");
  const data = generate((await import("../mod.ts")).parseConfig(RUN_TOML) as Config);
  // The detector: distance from the base value, which the step lifts; quiet gets noise only.
  const m = Array.from(data.values.m, (x) => Math.abs(x - 10));
  const quiet = Array.from({ length: 300 }, (_, k) => (k * 37) % 101 / 100);
  const path = await write("s.csv", "sample,m,quiet", m.map((x, k) => `${k},${x},${quiet[k]}`));
  const run = await runCli([
    "score",
    `${dir}/out`,
    path,
    "--scores",
    "--json",
    "--vus-window",
    "20",
  ]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  const expected = scoreCurves(data, { m, quiet }, { window: 20 });
  deepStrictEqual(JSON.parse(run.stdout.join("\n")), { curves: expected });
  // quiet has no fault: every figure null, and the mean is m's alone.
  strictEqual(expected.metrics.quiet.roc_auc, null);
  deepStrictEqual(expected.mean, expected.metrics.m);
  // A fair detector, not a perfect one: the figures are not all 1.
  ok(
    expected.metrics.m.roc_auc! > 0.7 && expected.metrics.m.roc_auc! < 1,
    `${expected.metrics.m.roc_auc}`,
  );
  const table = await runCli(["score", `${dir}/out`, path, "--scores"]);
  strictEqual(table.status, 0);
  const d = scoreCurves(data, { m, quiet }).metrics.m;
  const row = Object.values(d).map((x) => `  ${x!.toFixed(3).padStart(9)}`).join("");
  deepStrictEqual(table.stdout, [
    "metric    roc-auc     pr-auc   avg-prec   range-pr    vus-roc     vus-pr   event-f1" +
    "     aff-f1   aff-prec    aff-rec",
    `m     ${row}`,
    `quiet ${"          -".repeat(10)}`,
    `mean  ${row}`,
    "",
    "VUS over buffers 0..100 at 250 thresholds; event and affiliation figures",
    `at the best of 100 thresholds (TSB-AD's oracle); "-": undefined (no fault on the metric)`,
  ]);
});

Deno.test("cli score --scores refuses NaN, infinities, empty cells and the wrong length, one line each, exit 2", async () => {
  const { dir, write } = await scoredRun("score_curves_bad");
  const rows = (bad: string) =>
    Array.from({ length: 300 }, (_, k) => `${k},${k === 7 ? bad : 0.5}`);
  for (const bad of ["NaN", "inf", "-Infinity", "", "1e999"]) {
    const path = await write("bad.csv", "sample,m", rows(bad));
    const run = await runCli(["score", `${dir}/out`, path, "--scores"]);
    strictEqual(run.status, 2, bad);
    deepStrictEqual(run.stderr, [
      `error: "${path}": line 9, column "m": must be a finite number (NaN, infinities and empty ` +
      `cells are refused): got "${bad}"`,
    ]);
  }
  const short = await write("short.csv", "sample,m", rows("0.5").slice(0, 299));
  const run = await runCli(["score", `${dir}/out`, short, "--scores"]);
  strictEqual(run.status, 2);
  deepStrictEqual(run.stderr, [`error: "${short}": 299 rows, but the run has 300 samples`]);
  // Without --scores, a number that is not 0/1 points to the flag.
  const flags = await runCli([
    "score",
    `${dir}/out`,
    await write("f.csv", "sample,m", rows("0.7")),
  ]);
  strictEqual(flags.status, 2);
  deepStrictEqual(flags.stderr, [
    `error: "${dir}/f.csv": line 2, column "m": must be 0 or 1 (or true or false): got "0.5"; ` +
    `for real-valued scores, add --scores`,
  ]);
});

Deno.test("cli score: --vus-window and --scores take what they need, and nothing else", async () => {
  const { dir, write } = await scoredRun("score_curves_flags");
  const path = await write("s.csv", "sample,m", Array.from({ length: 300 }, (_, k) => `${k},${k}`));
  const cases: [string[], string][] = [
    [
      ["--scores", "--vus-window", "x"],
      '--vus-window: must be an integer from 0 to 999999: got "x"',
    ],
    [
      ["--scores", "--vus-window", "-1"],
      '--vus-window: must be an integer from 0 to 999999: got "-1"',
    ],
    [["--vus-window", "5"], "--vus-window: it sets VUS, which needs --scores"],
    [
      ["--scores", "--visible", "2"],
      "--visible: it applies to 0/1 detections; the curves of --scores use every labelled sample",
    ],
  ];
  for (const [flags, message] of cases) {
    const run = await runCli(["score", `${dir}/out`, path, ...flags]);
    strictEqual(run.status, 2, flags.join(" "));
    strictEqual(run.stderr[0].replace(/^error: (score: )?/, ""), message);
  }
  const ok0 = await runCli([
    "score",
    `${dir}/out`,
    path,
    "--scores",
    "--vus-window",
    "0",
    "--json",
  ]);
  strictEqual(ok0.status, 0, ok0.stderr.join("\n"));
  deepStrictEqual(JSON.parse(ok0.stdout.join("\n")).curves.vus, { window: 0, thresholds: 250 });
});

Deno.test("cli score --scores reads every way of writing a number as Number() reads it: plain decimals of up to 15 digits in place, the rest (more digits, exponents, a plus sign) as text", async () => {
  const { dir, write } = await scoredRun("score_curves_cells");
  const data = generate((await import("../mod.ts")).parseConfig(RUN_TOML) as Config);
  // Cells of every form: 1 to 17 significant digits, signs, leading and trailing points.
  const forms = (x: number, k: number) => {
    const text = [
      x.toPrecision(1 + (k % 17)),
      x.toExponential(k % 10),
      `+${x.toFixed(k % 7)}`,
      x.toFixed(3).replace(/^0\./, "."),
      `${Math.round(x)}.`,
      (-x).toFixed(k % 16),
    ][k % 6];
    return text;
  };
  const cells = Array.from(data.values.m, (x, k) => forms(Math.abs(x - 10), k));
  const path = await write("s.csv", "sample,m", cells.map((c, k) => `${k},${c}`));
  const run = await runCli(["score", `${dir}/out`, path, "--scores", "--json"]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  const expected = scoreCurves(data, { m: cells.map(Number) });
  deepStrictEqual(JSON.parse(run.stdout.join("\n")), { curves: expected });
});

Deno.test("cli score --scores of 2 metrics x 5 x 10^5 samples scores them on workers, with the figures of scoreCurves on one thread; without read access to the program, on one thread, the same", async () => {
  const dir = await freshDir("score_curves_workers");
  const toml = RUN_TOML.replace("num_samples = 300", "num_samples = 500000").replace(
    "[metrics.quiet]\nvalue = 5",
    '[metrics.quiet]\nvalue = 5\nnoise = "uniform"',
  );
  await Deno.writeTextFile(`${dir}/c.toml`, toml);
  const gen = await runCli(["-c", `${dir}/c.toml`, "-o", `${dir}/out`, "-q", "--no-plot"]);
  strictEqual(gen.status, 0, gen.stderr.join("\n"));
  const data = generate((await import("../mod.ts")).parseConfig(toml) as Config);
  const m = Array.from(data.values.m, (x) => Math.abs(x - 10));
  const quiet = Array.from(data.values.quiet, (x) => Math.abs(x - 5));
  const rows = m.map((x, k) => `${k},${x},${quiet[k]}`);
  await Deno.writeTextFile(`${dir}/s.csv`, `sample,m,quiet\n${rows.join("\n")}\n`);
  const expected = { curves: scoreCurves(data, { m, quiet }) };
  ok(expected.curves.metrics.m.roc_auc! > 0.5 && expected.curves.metrics.m.roc_auc! < 1);
  const run = await runCli(["score", `${dir}/out`, `${dir}/s.csv`, "--scores", "--json"]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  deepStrictEqual(JSON.parse(run.stdout.join("\n")), expected);
  // Reading only the run and the scores: the worker's module cannot load, one thread scores.
  const child = await new Deno.Command("deno", {
    args: [
      "run",
      `-R=${dir}`,
      "cli.ts",
      "score",
      `${dir}/out`,
      `${dir}/s.csv`,
      "--scores",
      "--json",
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  strictEqual(child.code, 0, new TextDecoder().decode(child.stderr));
  deepStrictEqual(JSON.parse(new TextDecoder().decode(child.stdout)), expected);
});
