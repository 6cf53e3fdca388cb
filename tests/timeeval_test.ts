// --format timeeval: TimeEval's canonical format, a CSV per metric (`timestamp,value-0,is_anomaly`)
// holding exactly the values and labels of metrics.csv and labels.csv, and the datasets.csv index
// TimeEval's DatasetManager reads, with the statistics of each series as TimeEval's own
// DatasetAnalyzer computes them (timeeval/datasets/analyzer.py, _find_base_metadata): runs of
// is_anomaly = 1, lengths 0 without any, the median as int(np.median(...)), pandas' mean and std
// (NaN skipped, ddof 1). Names TimeEval can key, a collection per run, and a policy for missing
// samples. bench/peers/timeeval_check.py checks the same with TimeEval's code, by hand.
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { createGenerator, encodeFormats, type FormatOptions, parseConfig } from "../mod.ts";
import { freshDir, runCli } from "./_run_cli.ts";
import { python } from "./_python.ts";

/** The header of TimeEval's index, as its own tests write it. */
const TIMEEVAL_INDEX_HEADER =
  "collection_name,dataset_name,train_path,test_path,dataset_type,datetime_index,split_at,train_type,train_is_normal,input_type,length,dimensions,contamination,num_anomalies,min_anomaly_length,median_anomaly_length,max_anomaly_length,mean,stddev,trend,stationarity,period_size";

const lines = async (path: string) => (await Deno.readTextFile(path)).trimEnd().split("\n");

Deno.test("timeeval: a file per metric with exactly the values and labels of the CSV files, and an index with their statistics", async () => {
  const dir = await freshDir("timeeval");
  const run = await runCli([
    "-c",
    "configs/checkout_cascade.toml",
    "-o",
    dir,
    "-q",
    "--no-plot",
    "--format",
    "csv,timeeval",
  ]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  const [header, ...rows] = await lines(`${dir}/metrics.csv`);
  const [, ...labelRows] = await lines(`${dir}/labels.csv`);
  const metrics = header.split(",").slice(1);
  const index = await lines(`${dir}/datasets.csv`);
  strictEqual(index[0], TIMEEVAL_INDEX_HEADER);
  strictEqual(index.length, metrics.length + 1);
  for (const [j, metric] of metrics.entries()) {
    const file = `timeeval-${metric}.test.csv`;
    const expected = rows.map((row, k) => {
      const cells = row.split(",");
      return `${cells[0]},${cells[j + 1]},${labelRows[k].split(",")[j + 1]}`;
    });
    deepStrictEqual(await lines(`${dir}/${file}`), ["timestamp,value-0,is_anomaly", ...expected]);
    // The index row: length, contamination, the anomalies' count and lengths, mean and deviation.
    const labels = labelRows.map((row) => Number(row.split(",")[j + 1]));
    const runs: number[] = [];
    labels.forEach((label, k) => {
      if (label === 1 && (k === 0 || labels[k - 1] === 0)) runs.push(0);
      if (label === 1) runs[runs.length - 1]++;
    });
    const values = rows.map((row) => Number(row.split(",")[j + 1]));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    // pandas' std: ddof 1.
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
    const cells = index[j + 1].split(",");
    deepStrictEqual(cells.slice(0, 12), [
      "checkout_cascade",
      metric,
      "",
      file,
      "synthetic",
      "True",
      "",
      "unsupervised",
      "False",
      "univariate",
      "1440",
      "1",
    ]);
    const sorted = [...runs].sort((a, b) => a - b);
    strictEqual(Number(cells[12]), labels.filter((l) => l === 1).length / 1440);
    strictEqual(Number(cells[13]), runs.length);
    // Integers as TimeEval stores them, 0 without faults; the median as int(np.median(...)).
    const half = sorted.length / 2;
    const median = sorted.length === 0
      ? 0
      : sorted.length % 2 === 1
      ? sorted[(sorted.length - 1) / 2]
      : Math.trunc((sorted[half - 1] + sorted[half]) / 2);
    deepStrictEqual(cells.slice(14, 17), [
      String(sorted[0] ?? 0),
      String(median),
      String(sorted[sorted.length - 1] ?? 0),
    ]);
    ok(Math.abs(Number(cells[17]) - mean) <= 1e-9 * Math.abs(mean), `${metric} mean`);
    ok(
      Math.abs(Number(cells[18]) - sd) <= 1e-6 * sd,
      `${metric} stddev ${cells[18]} against ${sd}`,
    );
    // No trend or stationarity estimated; no season in this config.
    deepStrictEqual(cells.slice(19), ["", "", ""]);
  }
  // The config has a metric without faults: its row has the zeros checked above.
  ok(index.slice(1).some((row) => row.split(",")[13] === "0"));
});

Deno.test("timeeval files are the same bytes for any worker count and block size", async () => {
  const dir = await freshDir("timeeval-workers");
  const outputs: Uint8Array[][] = [];
  for (const flags of [["--workers", "0"], ["--workers", "2", "--chunk-size", "100"]]) {
    const out = `${dir}/w${outputs.length}`;
    const run = await runCli([
      "-c",
      "configs/web_service_week.toml",
      "-o",
      out,
      "-q",
      "--no-plot",
      "--format",
      "timeeval",
      ...flags,
    ]);
    strictEqual(run.status, 0, run.stderr.join("\n"));
    const names = [...Deno.readDirSync(out)].map((e) => e.name).sort();
    outputs.push(await Promise.all(names.map((name) => Deno.readFile(`${out}/${name}`))));
  }
  deepStrictEqual(outputs[1], outputs[0]);
});

Deno.test("a new run into a folder removes the old run's per-metric files", async () => {
  const dir = await freshDir("timeeval-replace");
  await Deno.writeTextFile(
    `${dir}/a.toml`,
    `[general]\nnum_samples = 5\nseed = 1\n[metrics.a]\nvalue = 1\n[metrics.b]\nvalue = 2\n`,
  );
  await Deno.writeTextFile(
    `${dir}/c.toml`,
    `[general]\nnum_samples = 5\nseed = 1\n[metrics."c/d"]\nvalue = 3\n`,
  );
  for (const config of ["a", "c"]) {
    const run = await runCli([
      "-c",
      `${dir}/${config}.toml`,
      "-o",
      `${dir}/out`,
      "-q",
      "--no-plot",
      "--format",
      "timeeval",
    ]);
    strictEqual(run.status, 0, run.stderr.join("\n"));
  }
  deepStrictEqual([...Deno.readDirSync(`${dir}/out`)].map((e) => e.name).sort(), [
    "datasets.csv",
    "manifest.json",
    "timeeval-c_d.test.csv",
  ]);
  deepStrictEqual(await lines(`${dir}/out/timeeval-c_d.test.csv`), [
    "timestamp,value-0,is_anomaly",
    "0,3.0,0",
    "1,3.0,0",
    "2,3.0,0",
    "3,3.0,0",
    "4,3.0,0",
  ]);
});

/** Runs the command line on a config written to `dir/name.toml`; returns the output folder. */
async function generate(dir: string, name: string, toml: string, flags: string[] = []) {
  await Deno.writeTextFile(`${dir}/${name}.toml`, toml);
  const out = `${dir}/${name}-out`;
  const run = await runCli([
    "-c",
    `${dir}/${name}.toml`,
    "-o",
    out,
    "-q",
    "--no-plot",
    "--format",
    "timeeval",
    ...flags,
  ]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  return out;
}

const indexRows = async (out: string) =>
  (await lines(`${out}/datasets.csv`)).slice(1).map((row) => row.split(","));

Deno.test("the collection is the config file's name, or --collection: runs loaded together need different ones", async () => {
  const dir = await freshDir("timeeval-collection");
  const toml = `[general]\nnum_samples = 3\nseed = 1\n[metrics.cpu]\nvalue = 1\n`;
  const byName = await generate(dir, "node-7.v2", toml);
  strictEqual((await indexRows(byName))[0][0], "node-7.v2");
  const given = await generate(dir, "x", toml, ["--collection", "seed_11"]);
  deepStrictEqual((await indexRows(given))[0].slice(0, 2), ["seed_11", "cpu"]);
  // A file name TimeEval cannot key is made one, as dataset names are.
  strictEqual((await indexRows(await generate(dir, "2026 run", toml)))[0][0], "ts-2026_run");
});

Deno.test("a bad --collection, or --collection or --missing without timeeval, is one line and exit 2", async () => {
  for (
    const [flags, message] of [
      [
        ["--format", "timeeval", "--collection", "a/b"],
        'error: --collection: must be a letter, then letters, digits, ".", "_" or "-" (100 at most): got "a/b"',
      ],
      [
        ["--format", "timeeval", "--collection", "NaN"],
        'error: --collection: must not be a word pandas reads as missing, boolean or infinite (NaN, None, True, inf...): got "NaN"',
      ],
      [
        ["--format", "timeeval", "--missing", "interpolated"],
        'error: --missing: must be one of interpolate, drop, keep: got "interpolated"; did you mean "interpolate"?',
      ],
      [
        ["--collection", "a"],
        "error: --collection changes what TimeEval's files hold: add timeeval to --format",
      ],
      [
        ["--missing", "drop"],
        "error: --missing changes what TimeEval's files hold: add timeeval to --format",
      ],
    ] as const
  ) {
    const run = await runCli([
      "-c",
      "configs/checkout_cascade.toml",
      "-o",
      "tests/tmp/never",
      ...flags,
    ]);
    strictEqual(run.status, 2);
    deepStrictEqual(run.stderr.slice(0, 1), [message]);
    strictEqual(run.stderr.length <= 2, true, run.stderr.join("\n"));
  }
});

Deno.test("dataset names are what TimeEval can key and name files by: no /, a letter first, unique in the run", async () => {
  const dir = await freshDir("timeeval-names");
  const out = await generate(
    dir,
    "names",
    `[general]\nnum_samples = 3\nseed = 1\n` +
      `[metrics."c/d"]\nvalue = 1\n[metrics.c_d]\nvalue = 2\n[metrics.C_D]\nvalue = 3\n` +
      `[metrics."1"]\nvalue = 4\n[metrics.null]\nvalue = 5\n`,
  );
  const rows = await indexRows(out);
  // "1" comes first: TOML tables keep integer-like keys first, as JavaScript objects do.
  deepStrictEqual(rows.map((row) => [row[1], row[3]]), [
    ["ts-1", "timeeval-ts-1.test.csv"],
    ["c_d", "timeeval-c_d.test.csv"],
    ["c_d-2", "timeeval-c_d-2.test.csv"],
    ["C_D-3", "timeeval-C_D-3.test.csv"],
    ["ts-null", "timeeval-ts-null.test.csv"],
  ]);
  // Each file holds its own metric.
  for (const [j, row] of rows.entries()) {
    deepStrictEqual((await lines(`${out}/${row[3]}`)).slice(1, 2), [`0,${[4, 1, 2, 3, 5][j]}.0,0`]);
  }
});

Deno.test("period_size is the metric's longest season in whole samples (cut down, as GutenTAG's), empty without seasons", async () => {
  const dir = await freshDir("timeeval-period");
  const out = await generate(
    dir,
    "period",
    `[general]\nnum_samples = 5\nseed = 1\nstart = "2026-01-05T00:00:00Z"\ninterval = "1m"\n` +
      `[metrics.daily]\nvalue = 10\nseasonality = { period = "1d", amplitude = 1 }\n` +
      `[metrics.both]\nvalue = 10\nseasonality = [{ period = "1d", amplitude = 1 }, { period = "1w", amplitude = 1 }]\n` +
      `[metrics.samples]\nvalue = 10\nseasonality = { period = "12m30s", amplitude = 1 }\n` +
      `[metrics.flat]\nvalue = 10\n`,
  );
  deepStrictEqual((await indexRows(out)).map((row) => row[21]), ["1440", "10080", "12", ""]);
});

/** A metric on a line, 10 + k, with three gaps of two samples: at the start, inside, at the end. */
const GAPS = `[general]\nnum_samples = 10\nseed = 1\n` +
  `[metrics.a]\nvalue = 10\ntrend = { change = 9, over = 9 }\n` +
  `[metrics.b]\nvalue = 1\n` +
  [0, 4, 8].map((at) => `[[anomalies.a]]\nkind = "missing"\nat = ${at}\nrecovery_time = 2\n`)
    .join("");

/** pandas' std of the numbers: ddof 1. */
const std = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
};

const close = (a: string, b: number) =>
  ok(Math.abs(Number(a) - b) <= 1e-12 * b, `${a} against ${b}`);

Deno.test("--missing interpolate (the default): the line between the values around a gap, the nearest at the ends; labels stay", async () => {
  const dir = await freshDir("timeeval-interpolate");
  const out = await generate(dir, "gaps", GAPS);
  const values = [12, 12, 12, 13, 14, 15, 16, 17, 17, 17];
  const labels = [1, 1, 0, 0, 1, 1, 0, 0, 1, 1];
  deepStrictEqual(await lines(`${out}/timeeval-a.test.csv`), [
    "timestamp,value-0,is_anomaly",
    ...values.map((x, k) => `${k},${x}.0,${labels[k]}`),
  ]);
  const [a, b] = await indexRows(out);
  deepStrictEqual(a.slice(10, 18), ["10", "1", "0.6", "3", "2", "2", "2", "14.5"]);
  close(a[18], std(values));
  // A metric no missing fault reaches is written as always.
  deepStrictEqual(b.slice(10, 19), ["10", "1", "0", "0", "0", "0", "0", "1", "0"]);
  // The gaps' rows wait for the value after them: any chunk size and worker count, same bytes.
  for (const flags of [["--chunk-size", "1"], ["--chunk-size", "3", "--workers", "2"]]) {
    const other = await generate(dir, `gaps${flags.join("")}`, GAPS, flags);
    for (const name of ["timeeval-a.test.csv", "timeeval-b.test.csv"]) {
      deepStrictEqual(
        await Deno.readFile(`${other}/${name}`),
        await Deno.readFile(`${out}/${name}`),
      );
    }
    deepStrictEqual(
      (await indexRows(other)).map((row) => row.slice(1)),
      [a, b].map((row) => row.slice(1)),
    );
  }
});

Deno.test("--missing drop: no row for a missing sample, and the index counts the rows written", async () => {
  const dir = await freshDir("timeeval-drop");
  const out = await generate(dir, "gaps", GAPS, ["--missing", "drop"]);
  deepStrictEqual(await lines(`${out}/timeeval-a.test.csv`), [
    "timestamp,value-0,is_anomaly",
    "2,12.0,0",
    "3,13.0,0",
    "6,16.0,0",
    "7,17.0,0",
  ]);
  const [a] = await indexRows(out);
  deepStrictEqual(a.slice(10, 18), ["4", "1", "0", "0", "0", "0", "0", "14.5"]);
  close(a[18], std([12, 13, 16, 17]));
  // The workers that encode the files in parallel get the policy too.
  const other = await generate(dir, "gaps-workers", GAPS, [
    "--missing",
    "drop",
    "--workers",
    "2",
    "--chunk-size",
    "3",
  ]);
  deepStrictEqual(
    await Deno.readFile(`${other}/timeeval-a.test.csv`),
    await Deno.readFile(`${out}/timeeval-a.test.csv`),
  );
});

Deno.test("the library: collection and missing in the format options, chaos-datagen and interpolate by default", () => {
  const generator = createGenerator(parseConfig(GAPS));
  const text = (options: FormatOptions) =>
    Object.fromEntries(
      encodeFormats(generator, ["timeeval"], options).map((file) => [
        file.name,
        new TextDecoder().decode(file.bytes),
      ]),
    );
  const byDefault = text({});
  strictEqual(byDefault["datasets.csv"].split("\n")[1].split(",")[0], "chaos-datagen");
  strictEqual(byDefault["timeeval-a.test.csv"].split("\n")[1], "0,12.0,1");
  const given = text({ collection: "lib", missing: "drop" });
  strictEqual(given["datasets.csv"].split("\n")[1].split(",")[0], "lib");
  strictEqual(given["timeeval-a.test.csv"].split("\n")[1], "2,12.0,0");
  throws(() => text({ collection: "a/b" }), /collection: must be a letter/);
});

Deno.test("--missing keep: an empty cell, skipped by the mean and deviation as pandas skips NaN", async () => {
  const dir = await freshDir("timeeval-keep");
  const out = await generate(dir, "gaps", GAPS, ["--missing", "keep"]);
  deepStrictEqual((await lines(`${out}/timeeval-a.test.csv`)).slice(1, 4), [
    "0,,1",
    "1,,1",
    "2,12.0,0",
  ]);
  const [a] = await indexRows(out);
  deepStrictEqual(a.slice(10, 18), ["10", "1", "0.6", "3", "2", "2", "2", "14.5"]);
  close(a[18], std([12, 13, 16, 17]));
});

const HAS_PANDAS = python("import pandas").ok;

Deno.test({
  name:
    "pandas reads the index as TimeEval's DatasetManager does: string keys, integer counts and lengths",
  ignore: !HAS_PANDAS,
  fn: async () => {
    const dir = await freshDir("timeeval-pandas");
    const out = await generate(
      dir,
      "keys",
      `[general]\nnum_samples = 9\nseed = 1\n[metrics."1"]\nvalue = 1\n` +
        `[metrics.null]\nvalue = 2\nseasonality = { period = 4, amplitude = 1 }\n` +
        `[[anomalies.null]]\nkind = "missing"\nat = 1\nrecovery_time = 2\n` +
        `[[anomalies.null]]\nkind = "missing"\nat = 5\nrecovery_time = 3\n`,
    );
    const result = python(`
import pandas as pd
df = pd.read_csv("${out}/datasets.csv", index_col=["collection_name", "dataset_name"]).sort_index()
print(list(df.index))
print({c: str(df[c].dtype) for c in ["length", "num_anomalies", "min_anomaly_length", "median_anomaly_length", "max_anomaly_length", "period_size"]})
print(int(df.loc[("keys", "ts-null"), "median_anomaly_length"]), int(df.loc[("keys", "ts-null"), "period_size"]))
`);
    ok(result.ok, result.out);
    deepStrictEqual(result.out.split("\n"), [
      "[('keys', 'ts-1'), ('keys', 'ts-null')]",
      "{'length': 'int64', 'num_anomalies': 'int64', 'min_anomaly_length': 'int64', 'median_anomaly_length': 'int64', 'max_anomaly_length': 'int64', 'period_size': 'float64'}",
      // Runs of 2 and 3: np.median gives 2.5, TimeEval's int() 2.
      "2 4",
    ]);
  },
});
