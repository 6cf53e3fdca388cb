// Suites: a config's [suite] makes N cases (case i takes item i mod each list's length), and
// `cli.ts suite` writes each into DIR/<case>/ exactly as a plain run of that case's config would,
// then DIR/suite.json and, with timeeval, one DIR/datasets.csv over all cases. A suite resumes,
// splits into --case K tasks and an --index step that together write the same bytes, refuses bad
// input with one line per problem, and a signal keeps every committed case and no partial one.
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { stringify } from "smol-toml";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "smol-toml";
import { caseName, MAX_CASES, suiteCases } from "../src/config/suite.ts";
import { SUITE_KEYS } from "../src/config/_validate_suite.ts";
import { METRIC_KEYS } from "../src/config/_validate.ts";
import { ConfigError, validateConfig } from "../src/config/mod.ts";
import { readToml } from "../src/config/toml.ts";
import { exists, freshDir, runCli } from "./_run_cli.ts";
import { assertWholeSet, folderBytes, waitFor, writing } from "./_folder.ts";

const BASE = `[general]
num_samples = 200
seed = 1

[metrics.db]
value = 20
noise = "gaussian"

[metrics.api]
value = 80
noise = "gaussian"
noise_args = { scale = 3 }
`;

/** A suite of `cases` cases over 4 seeds, 2 values of db and which metric holds the fault. */
function suiteToml(cases: number, extra = ""): string {
  return `[suite]
cases = ${cases}
[suite.vary]
"general.seed" = [11, 12, 13, 14]
"metrics.db.value" = [20, 30]
anomalies = [
  { db = [{ at = 100, anomaly_factor = 4, pattern = "step", recovery_time = 20 }] },
  { api = [{ at = 120, anomaly_factor = 3, pattern = "step", recovery_time = 30 }] },
  { api = [{ at = 50, anomaly_factor = 2, pattern = "exponential", recovery_time = 40 }] },
]
${extra}
${BASE}`;
}

function writeConfig(dir: string, name: string, text: string): string {
  const path = `${dir}/${name}`;
  Deno.writeTextFileSync(path, text);
  return path;
}

function mtimes(dir: string): Record<string, number> {
  const times: Record<string, number> = {};
  for (const name of Object.keys(folderBytes(dir))) {
    times[name] = Deno.statSync(`${dir}/${name}`).mtime!.getTime();
  }
  return times;
}

const FLAGS = ["-q", "--format", "csv,timeeval"];

Deno.test("case i takes item i mod each list's length; names count from case-0000 and sort", () => {
  const cases = suiteCases({
    general: { num_samples: 10 },
    metrics: { db: { value: 1 } },
    suite: {
      cases: 7,
      vary: { "general.seed": [1, 2], "metrics.db.value": [10, 20, 30] },
    },
  });
  deepStrictEqual(cases.map((c) => c.name), [
    "case-0000",
    "case-0001",
    "case-0002",
    "case-0003",
    "case-0004",
    "case-0005",
    "case-0006",
  ]);
  deepStrictEqual(
    cases.map((c) => [c.varied["general.seed"], c.varied["metrics.db.value"]]),
    [[1, 10], [2, 20], [1, 30], [2, 10], [1, 20], [2, 30], [1, 10]],
  );
  deepStrictEqual(cases[5].config, {
    general: { num_samples: 10, seed: 2 },
    metrics: { db: { value: 30 } },
  });
  // Periodic after lcm(2, 3) = 6: case 6 is case 0's config.
  deepStrictEqual(cases.map((c) => c.sameAs), [0, 1, 2, 3, 4, 5, 0]);
  deepStrictEqual(cases[6].config, cases[0].config);
  // Names sort as the cases do, past 10^4 cases too.
  deepStrictEqual([caseName(9_999, 10_000), caseName(10_000, 10_001)], ["case-9999", "case-10000"]);
});

Deno.test("a whole table varies as one value, and the suite's other tables are shared, not copied", () => {
  const raw = readToml(new TextEncoder().encode(suiteToml(3)), "suite.toml");
  const cases = suiteCases(raw);
  deepStrictEqual(Object.keys(cases[1].config.anomalies as object), ["api"]);
  deepStrictEqual("suite" in cases[0].config, false);
  const metrics = (c: number) => (cases[c].config.metrics as Record<string, unknown>);
  strictEqual(metrics(0).api, metrics(1).api);
  deepStrictEqual(metrics(1).db, { value: 30n, noise: "gaussian" });
});

Deno.test("a config without [suite] is one case, case-0000, itself", () => {
  const config = { general: { num_samples: 10 }, metrics: { db: { value: 1 } } };
  deepStrictEqual(suiteCases(config), [
    { index: 0, name: "case-0000", config, varied: {}, sameAs: 0 },
  ]);
});

Deno.test("bad [suite] tables: one issue each, with the key path and the way out", () => {
  const issues = (suite: unknown) => {
    try {
      suiteCases({ general: { num_samples: 10 }, metrics: { db: { value: 1 } }, suite });
    } catch (error) {
      ok(error instanceof ConfigError);
      return error.message.split("\n");
    }
    throw new Error("accepted");
  };
  // Refused up front, with what it would write: 10^7 folders, 3 x 10^7 files, 10^8 rows.
  deepStrictEqual(issues({ cases: 10_000_000 }), [
    "suite.cases: must be an integer from 1 to 100000: got 10000000, a suite that would write " +
    "10000000 folders and at least 3.0e+7 files, 1.0e+8 rows of 1 metrics in all; make it " +
    "several suites of at most 100000 cases",
  ]);
  deepStrictEqual(issues({ cases: 2, vary: { "general.sed": [1] } }), [
    `suite.vary."general.sed": unknown key "sed" of [general]; did you mean "seed"? ` +
    "(seed, num_samples, start, interval, decimals, input)",
  ]);
  deepStrictEqual(issues({ cases: 2, vary: { "metrics.dbb.value": [1] } }), [
    `suite.vary."metrics.dbb.value": unknown metric "dbb"; did you mean "db"? (the config has db)`,
  ]);
  deepStrictEqual(issues({ cases: 2, vary: { "metrics.db.valu": [1] } }), [
    `suite.vary."metrics.db.valu": unknown key "valu" of a metric; did you mean "value"? (${
      METRIC_KEYS.join(", ")
    })`,
  ]);
  deepStrictEqual(issues({ cases: 2, vary: { anomalie: [{}] } }), [
    `suite.vary.anomalie: unknown table "anomalie"; did you mean "anomalies"? ` +
    "(a key path starts with general, metrics, anomalies)",
  ]);
  deepStrictEqual(issues({ cases: 2, vary: { "general.seed": [] } }), [
    `suite.vary."general.seed": must be a non-empty list: case i takes item i mod its length`,
  ]);
  deepStrictEqual(issues({ cases: 2, vary: { "general.seed": 3 } }), [
    `suite.vary."general.seed": must be a list of values, case i taking item i mod its length: ` +
    "got 3",
  ]);
  deepStrictEqual(issues({ cases: 2, vary: { metrics: [{}], "metrics.db": [{}] } }), [
    `suite.vary."metrics.db": lies inside "metrics", also varied: vary one or the other`,
  ]);
  deepStrictEqual(issues({ cases: 2, vary: { "suite.cases": [1] } }), [
    `suite.vary."suite.cases": the suite cannot vary itself`,
  ]);
  deepStrictEqual(issues({ cases: 2, vary: { "anomalies.db.0.at": [1] } }), [
    `suite.vary."anomalies.db.0.at": anomalies.db is a list of faults: vary it whole`,
  ]);
  deepStrictEqual(issues({ cases: 2, vary: { "general..seed": [1] } }), [
    `suite.vary."general..seed": must be a key path such as "general.seed" or 'metrics."a.b".value'`,
  ]);
  deepStrictEqual(issues({ cases: 2, kases: 3 }), [
    `suite: unknown key "kases"; did you mean "cases"? (cases, seed, vary, draw, pick)`,
  ]);
});

Deno.test("a config with [suite] is not one config: validateConfig refuses it with the way out", () => {
  throws(
    () =>
      validateConfig({
        general: { num_samples: 10 },
        metrics: { db: { value: 1 } },
        suite: { cases: 2 },
      }),
    {
      message: `suite: a suite makes many cases, not one run: run them with ` +
        `"cli.ts suite -c FILE -o DIR" (one case: --case K)`,
    },
  );
});

Deno.test("config.schema.json takes [suite] with the validator's keys and limit; the example passes", () => {
  const schema = JSON.parse(Deno.readTextFileSync("config.schema.json"));
  const suite = schema.properties.suite;
  deepStrictEqual(Object.keys(suite.properties).sort(), [...SUITE_KEYS].sort());
  strictEqual(suite.properties.cases.maximum, MAX_CASES);
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  const validate = ajv.compile(schema);
  const json = (text: string) => JSON.parse(JSON.stringify(parse(text)));
  ok(validate(json(Deno.readTextFileSync("configs/suite_example.toml"))), "the example");
  ok(validate(json(suiteToml(8))), "the test suite");
  strictEqual(validate(json(suiteToml(8).replace("cases = 8", "cases = 100001"))), false);
  strictEqual(
    validate(
      json(suiteToml(8).replace('"general.seed" = [11, 12, 13, 14]', '"general.seed" = []')),
    ),
    false,
  );
});

Deno.test("a suite of 8 cases writes the same bytes as 8 plain runs of the case configs", async () => {
  const dir = await freshDir("suite_plain");
  const config = writeConfig(dir, "suite.toml", suiteToml(8));
  const run = await runCli(["suite", "-c", config, "-o", `${dir}/suite`, ...FLAGS]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  const cases = suiteCases(readToml(Deno.readFileSync(config), config));
  strictEqual(cases.length, 8);
  for (const c of cases) {
    // The case's own config file, named as the case: its TimeEval collection is the name too.
    const own = writeConfig(dir, `${c.name}.toml`, stringify(c.config));
    const plain = await runCli(["-c", own, "-o", `${dir}/plain/${c.name}`, ...FLAGS]);
    strictEqual(plain.status, 0, plain.stderr.join("\n"));
    deepStrictEqual(
      folderBytes(`${dir}/suite/${c.name}`),
      folderBytes(`${dir}/plain/${c.name}`),
      c.name,
    );
  }
  // What varied is what was asked: seeds 11..14 twice, and the faults' metrics in turn.
  const manifests = cases.map((c) =>
    JSON.parse(Deno.readTextFileSync(`${dir}/suite/${c.name}/manifest.json`))
  );
  deepStrictEqual(manifests.map((m) => m.seed), [11, 12, 13, 14, 11, 12, 13, 14]);
  deepStrictEqual(
    manifests.map((m) => Object.keys(m.config.anomalies).join()),
    ["db", "api", "api", "db", "api", "api", "db", "api"],
  );
  deepStrictEqual(manifests.map((m) => m.config.metrics.db.value), [
    20,
    30,
    20,
    30,
    20,
    30,
    20,
    30,
  ]);
  // The suite's record and TimeEval's index over every case, collection = the case's name.
  const record = JSON.parse(Deno.readTextFileSync(`${dir}/suite/suite.json`));
  deepStrictEqual(Object.keys(record), ["tool", "version", "cases"]);
  deepStrictEqual(record.cases.map((c: { name: string }) => c.name), cases.map((c) => c.name));
  deepStrictEqual(record.cases[3].varied["general.seed"], 14);
  ok(/^[0-9a-f]{64}$/.test(record.cases[0].config_sha256));
  // No two of the 8 cases are the same config (the lists' lengths 4, 2, 3 repeat after 12).
  strictEqual(new Set(record.cases.map((c: { config_sha256: string }) => c.config_sha256)).size, 8);
  const index = Deno.readTextFileSync(`${dir}/suite/datasets.csv`).trimEnd().split("\n");
  const own = (c: number) =>
    Deno.readTextFileSync(`${dir}/suite/${cases[c].name}/datasets.csv`).trimEnd().split("\n");
  strictEqual(index[0], own(0)[0]);
  const columns = index[0].split(",");
  const paths = [columns.indexOf("train_path"), columns.indexOf("test_path")];
  const rows = cases.flatMap((c, i) =>
    own(i).slice(1).map((row) => {
      const fields = row.split(",");
      for (const at of paths) if (fields[at] !== "") fields[at] = `${c.name}/${fields[at]}`;
      return fields.join(",");
    })
  );
  deepStrictEqual(index.slice(1), rows);
  ok(index.slice(1).every((row) => row.startsWith("case-")), "collections are case names");
  // Every dataset path of the index is a file under the suite's folder.
  for (const row of index.slice(1)) {
    for (const at of paths) {
      const path = row.split(",")[at];
      if (path !== "") ok(await exists(`${dir}/suite/${path}`), row);
    }
  }
});

Deno.test("a suite resumed keeps its committed cases untouched and writes the missing one", async () => {
  const dir = await freshDir("suite_resume");
  const config = writeConfig(dir, "suite.toml", suiteToml(4));
  const out = `${dir}/suite`;
  strictEqual((await runCli(["suite", "-c", config, "-o", out, ...FLAGS])).status, 0);
  const whole = folderBytes(out);
  await Deno.remove(`${out}/case-0002`, { recursive: true });
  await Deno.remove(`${out}/suite.json`);
  const before = [0, 1, 3].map((i) => mtimes(`${out}/case-000${i}`));
  await new Promise((resolve) => setTimeout(resolve, 20));
  const run = await runCli(["suite", "-c", config, "-o", out, "--format", "csv,timeeval"]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  ok(
    /^suite of 4 cases in ".*": kept 3, wrote 1; index suite.json, datasets.csv in /.test(
      run.stderr[0],
    ),
    run.stderr[0],
  );
  deepStrictEqual([0, 1, 3].map((i) => mtimes(`${out}/case-000${i}`)), before);
  deepStrictEqual(folderBytes(out), whole);
  // Another seed for every case is another config: nothing is kept.
  const again = await runCli(["suite", "-c", config, "-o", out, ...FLAGS, "--seed", "5"]);
  strictEqual(again.status, 0);
  strictEqual(JSON.parse(Deno.readTextFileSync(`${out}/case-0003/manifest.json`)).seed, 5);
  // Other formats are another set of files: the case is written again, not kept.
  const csv = await runCli(["suite", "-c", config, "-o", out, "--seed", "5", "--format", "csv"]);
  ok(csv.stderr[0].includes("kept 0, wrote 4; index suite.json in"), csv.stderr[0]);
  strictEqual(await exists(`${out}/datasets.csv`), false);
  strictEqual(await exists(`${out}/case-0000/datasets.csv`), false);
});

Deno.test("--case K for every K, then --index, write the same bytes as one whole suite", async () => {
  const dir = await freshDir("suite_tasks");
  const config = writeConfig(dir, "suite.toml", suiteToml(5));
  strictEqual((await runCli(["suite", "-c", config, "-o", `${dir}/whole`, ...FLAGS])).status, 0);
  // Tasks in any order, as a job array runs them.
  for (const k of [3, 0, 4, 1, 2]) {
    const task = await runCli([
      "suite",
      "-c",
      config,
      "-o",
      `${dir}/tasks`,
      ...FLAGS,
      "--case",
      String(k),
    ]);
    strictEqual(task.status, 0, task.stderr.join("\n"));
    strictEqual(await exists(`${dir}/tasks/suite.json`), false);
  }
  const index = await runCli(["suite", "-c", config, "-o", `${dir}/tasks`, ...FLAGS, "--index"]);
  strictEqual(index.status, 0, index.stderr.join("\n"));
  const whole = folderBytes(`${dir}/whole`);
  ok("suite.json" in whole && "datasets.csv" in whole && "case-0004/manifest.json" in whole);
  deepStrictEqual(folderBytes(`${dir}/tasks`), whole);
  // A task of a case already committed keeps it.
  const again = await runCli([
    "suite",
    "-c",
    config,
    "-o",
    `${dir}/tasks`,
    "--format",
    "csv,timeeval",
    "--case",
    "2",
  ]);
  ok(
    again.stderr[0].endsWith("kept 1, wrote 0 in " + again.stderr[0].split(" in ").pop()),
    again.stderr[0],
  );
});

Deno.test("bad suite input: one line each, exit 2, nothing written", async () => {
  const dir = await freshDir("suite_bad");
  const bad = async (toml: string, flags: string[], expected: string[]) => {
    const config = writeConfig(dir, "bad.toml", toml);
    const out = `${dir}/out`;
    const run = await runCli(["suite", "-c", config, "-o", out, "-q", ...flags]);
    deepStrictEqual(run.stderr, expected);
    strictEqual(run.status, 2);
  };
  const file = `${dir}/bad.toml`;
  await bad(suiteToml(4).replace('"general.seed"', '"general.sed"'), [], [
    `error: ${file}: suite.vary."general.sed": unknown key "sed" of [general]; did you mean ` +
    `"seed"? (seed, num_samples, start, interval, decimals, input)`,
  ]);
  await bad(suiteToml(4).replace("[11, 12, 13, 14]", "[]"), [], [
    `error: ${file}: suite.vary."general.seed": must be a non-empty list: case i takes item i mod its length`,
  ]);
  await bad(suiteToml(4).replace("cases = 4", "cases = 10000000"), [], [
    `error: ${file}: suite.cases: must be an integer from 1 to 100000: got 10000000, a suite ` +
    `that would write 10000000 folders and at least 3.0e+7 files, 2.0e+9 rows of 2 metrics in ` +
    `all; make it several suites of at most 100000 cases`,
  ]);
  // Case 2's fault starts at 50 with 40 samples of recovery; -60 makes its config invalid.
  await bad(suiteToml(4).replace("at = 50", "at = -60"), [], [
    `error: ${file}: case 2: anomalies.api[0].at: must be an integer >= 0: got -60`,
  ]);
  await bad(suiteToml(4), ["--case", "4"], [
    `error: --case: the suite has 4 cases, numbered 0 to 3: got "4"`,
    "Run with --help for usage.",
  ]);
  await bad(suiteToml(4), ["--index"], [
    `error: --index: 4 of 4 cases are not committed from this config (first: ` +
    `"${dir}/out/case-0000"); write them with --case 0, or without --index`,
  ]);
  await bad(
    suiteToml(4).replace("seed = 1\n", "").replace('"general.seed" = [11, 12, 13, 14]', ""),
    [],
    [
      `error: ${file}: case 0: general.seed: missing; every case of a suite needs a seed (set ` +
      "general.seed, vary it, or give --seed), so that a resumed or split suite makes the same cases",
    ],
  );
  await bad(suiteToml(4), ["--collection", "x", "--format", "timeeval"], [
    "error: --collection: not with suite: each case's collection is its name (case-0000, ...)",
    "Run with --help for usage.",
  ]);
  strictEqual(await exists(`${dir}/out/case-0000`), false);
  // A plain run of a suite config is refused with the way to run it.
  const plain = await runCli([
    "-c",
    writeConfig(dir, "bad.toml", suiteToml(4)),
    "-o",
    `${dir}/plain`,
  ]);
  deepStrictEqual(plain.stderr, [
    `error: ${file}: suite: a suite makes many cases, not one run: run them with ` +
    `"cli.ts suite -c FILE -o DIR" (one case: --case K)`,
  ]);
  strictEqual(plain.status, 2);
});

Deno.test("--index with one case missing is refused, naming it", async () => {
  const dir = await freshDir("suite_index_missing");
  const config = writeConfig(dir, "suite.toml", suiteToml(3));
  for (const k of ["0", "2"]) {
    strictEqual(
      (await runCli(["suite", "-c", config, "-o", `${dir}/out`, "-q", "--case", k])).status,
      0,
    );
  }
  const run = await runCli(["suite", "-c", config, "-o", `${dir}/out`, "-q", "--index"]);
  deepStrictEqual(run.stderr, [
    `error: --index: 1 of 3 cases are not committed from this config (first: ` +
    `"${dir}/out/case-0001"); write them with --case 1, or without --index`,
  ]);
  strictEqual(run.status, 2);
  strictEqual(await exists(`${dir}/out/suite.json`), false);
});

Deno.test("a config without [suite] run by suite is one case", async () => {
  const dir = await freshDir("suite_one");
  const config = writeConfig(dir, "one.toml", BASE);
  const run = await runCli(["suite", "-c", config, "-o", `${dir}/out`]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  deepStrictEqual([...Deno.readDirSync(`${dir}/out`)].map((e) => e.name).sort(), [
    "case-0000",
    "suite.json",
  ]);
  deepStrictEqual(JSON.parse(Deno.readTextFileSync(`${dir}/out/suite.json`)).cases[0].varied, {});
});

Deno.test("configs/suite_example.toml: 4 cases over 2 seeds and 2 root causes", async () => {
  const dir = await freshDir("suite_example");
  const run = await runCli(["suite", "-c", "configs/suite_example.toml", "-o", dir, "-q"]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  const manifests = [0, 1, 2, 3].map((i) =>
    JSON.parse(Deno.readTextFileSync(`${dir}/case-000${i}/manifest.json`))
  );
  deepStrictEqual(manifests.map((m) => m.seed), [11, 12, 11, 12]);
  deepStrictEqual(
    manifests.map((m) => m.anomalies.map((a: { metric: string }) => a.metric)),
    [["db_latency_ms"], ["db_latency_ms"], ["api_latency_ms"], ["api_latency_ms"]],
  );
});

Deno.test("one case at a time (--workers 0): SIGTERM during case 3 of 5 exits 143 with cases 0-2 committed, no partial case, no index", async () => {
  const dir = await freshDir("suite_signal");
  // Case 3 is long enough to be caught while it writes.
  const config = writeConfig(
    dir,
    "suite.toml",
    suiteToml(5).replace(
      "[suite.vary]",
      `[suite.vary]\n"general.num_samples" = [200, 200, 200, 3000000, 200]`,
    ),
  );
  const out = `${dir}/out`;
  const child = new Deno.Command("deno", {
    args: [
      "run",
      `-R=.,${dir}`,
      `-W=${dir}`,
      "cli.ts",
      "suite",
      "-c",
      config,
      "-o",
      out,
      "-q",
      "--no-plot",
      "--workers",
      "0",
    ],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  await waitFor(() => writing(`${out}/case-0003`));
  child.kill("SIGTERM");
  const { code, stderr } = await child.output();
  strictEqual(code, 143);
  deepStrictEqual(new TextDecoder().decode(stderr).trimEnd().split("\n"), [
    `stopped by SIGTERM during case-0003; the cases committed are kept in "${out}"`,
  ]);
  for (const k of [0, 1, 2]) {
    deepStrictEqual(assertWholeSet(`${out}/case-000${k}`).entries, [
      "labels.csv",
      "manifest.json",
      "metrics.csv",
    ]);
  }
  deepStrictEqual([...Deno.readDirSync(`${out}/case-0003`)], []);
  deepStrictEqual([...Deno.readDirSync(out)].map((e) => e.name).sort(), [
    "case-0000",
    "case-0001",
    "case-0002",
    "case-0003",
  ]);
  // Resumed, the suite keeps the three and writes the other two.
  const resumed = await runCli(["suite", "-c", config, "-o", out, "--no-plot"]);
  strictEqual(resumed.status, 0, resumed.stderr.join("\n"));
  ok(resumed.stderr[0].includes("kept 3, wrote 2"), resumed.stderr[0]);
});

Deno.test("one case at a time (--workers 0): SIGINT during a case's commit waits for it: that case is whole, the next not begun", async () => {
  const dir = await freshDir("suite_commit_signal");
  const config = writeConfig(dir, "suite.toml", suiteToml(3));
  const out = `${dir}/out`;
  const marker = `${dir}/paused`;
  // The child pauses at the first commit's step (case 0's) for the signal.
  const child = new Deno.Command("deno", {
    args: [
      "run",
      `-R=.,${dir}`,
      `-W=${dir}`,
      "tests/_commit_child.ts",
      "renamed metrics.csv",
      marker,
      "suite",
      "-c",
      config,
      "-o",
      out,
      "-q",
      "--workers",
      "0",
    ],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  await waitFor(() => {
    try {
      return Deno.readTextFileSync(marker) === "renamed metrics.csv";
    } catch {
      return false;
    }
  });
  child.kill("SIGINT");
  const { code, stderr } = await child.output();
  strictEqual(code, 130);
  deepStrictEqual(new TextDecoder().decode(stderr).trimEnd().split("\n"), [
    `stopped by SIGINT after case-0000 was committed; the cases committed are kept in "${out}"`,
  ]);
  deepStrictEqual(assertWholeSet(`${out}/case-0000`).entries, [
    "labels.csv",
    "manifest.json",
    "metrics.csv",
    "metrics.svg",
  ]);
  deepStrictEqual([...Deno.readDirSync(out)].map((e) => e.name), ["case-0000"]);
});

Deno.test("suite --help says how a suite runs, split into tasks and indexed", async () => {
  const run = await runCli(["suite", "--help"]);
  strictEqual(run.status, 0);
  ok(run.stdout[0].startsWith("Usage: deno run -R -W=DIR cli.ts suite -c SUITE.toml -o DIR"));
  ok(run.stdout.some((line) => line.includes("--case $SLURM_ARRAY_TASK_ID")));
});

Deno.test("cases on two workers: SIGTERM while both write exits 143; each case folder is a whole committed set or empty, no index; resumed, the suite equals one written whole", async () => {
  const dir = await freshDir("suite_workers_signal");
  // Cases 2 and 3 are long enough to be caught while they write, on the two workers.
  const config = writeConfig(
    dir,
    "suite.toml",
    suiteToml(5).replace(
      "[suite.vary]",
      `[suite.vary]\n"general.num_samples" = [200, 200, 3000000, 3000000, 200]`,
    ),
  );
  const out = `${dir}/out`;
  const child = new Deno.Command("deno", {
    args: ["run", `-R=.,${dir}`, `-W=${dir}`, "cli.ts", "suite", "-c", config, "-o", out, "-q"]
      .concat(["--no-plot", "--workers", "2"]),
    stdout: "null",
    stderr: "piped",
  }).spawn();
  await waitFor(() => writing(`${out}/case-0002`) && writing(`${out}/case-0003`));
  child.kill("SIGTERM");
  const { code, stderr } = await child.output();
  strictEqual(code, 143);
  deepStrictEqual(new TextDecoder().decode(stderr).trimEnd().split("\n"), [
    `stopped by SIGTERM; the cases committed are kept in "${out}"`,
  ]);
  const names = [...Deno.readDirSync(out)].map((e) => e.name).sort();
  ok(!names.includes("suite.json"), names.join(", "));
  for (const name of names) {
    const { entries } = assertWholeSet(`${out}/${name}`);
    ok(
      entries.length === 0 || entries.includes("manifest.json"),
      `${name}: ${entries.join(", ")}`,
    );
  }
  deepStrictEqual([...Deno.readDirSync(`${out}/case-0002`)], []);
  deepStrictEqual([...Deno.readDirSync(`${out}/case-0003`)], []);
  const resumed = await runCli(["suite", "-c", config, "-o", out, "--no-plot", "--workers", "2"]);
  strictEqual(resumed.status, 0, resumed.stderr.join("\n"));
  const whole = await runCli(
    ["suite", "-c", config, "-o", `${dir}/whole`, "--no-plot", "--workers", "0"],
  );
  strictEqual(whole.status, 0, whole.stderr.join("\n"));
  // Every file of every case, suite.json and the index: as one case at a time writes them.
  deepStrictEqual(folderBytes(out), folderBytes(`${dir}/whole`));
});
