// --format timeeval: TimeEval's canonical format, a CSV per metric (`timestamp,value-0,is_anomaly`)
// holding exactly the values and labels of metrics.csv and labels.csv, and the datasets.csv index
// TimeEval's DatasetManager reads, with the statistics of each series as TimeEval's own
// DatasetAnalyzer computes them (timeeval/datasets/analyzer.py, _find_base_metadata): runs of
// is_anomaly = 1, lengths 0 without any, the median as int(np.median(...)), pandas' mean and std
// (NaN skipped, ddof 1). Names TimeEval can key, a collection per run, and a policy for missing
// samples. bench/peers/timeeval_check.py checks the same with TimeEval's code, by hand.
import { deepStrictEqual, notDeepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { createGenerator, encodeFormats, type FormatOptions, parseConfig } from "../mod.ts";
import { FORMATS, isFormatFileName } from "../src/formats/mod.ts";
import { TIMEEVAL_FILE } from "../src/formats/timeeval.ts";
import { timeEvalTrainSeed } from "../src/formats/_timeeval_names.ts";
import { streamKey } from "../src/random/mod.ts";
import { freshDir, runCli } from "./_run_cli.ts";
import { python } from "./_python.ts";

/** The header of TimeEval's index, as its own tests write it. */
const TIMEEVAL_INDEX_HEADER =
  "collection_name,dataset_name,train_path,test_path,dataset_type,datetime_index,split_at,train_type,train_is_normal,input_type,length,dimensions,contamination,num_anomalies,min_anomaly_length,median_anomaly_length,max_anomaly_length,mean,stddev,trend,stationarity,period_size";

/** The multivariate file. */
const MULTI = "timeeval-multivariate.test.csv";

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
  // Per metric, and for the multivariate file, unsupervised, semi-supervised and supervised rows.
  strictEqual(index.length, 3 * (metrics.length + 1) + 1);
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
    const cells = index[3 * j + 1].split(",");
    deepStrictEqual(cells.slice(0, 12), [
      "checkout_cascade",
      `${metric}.unsupervised`,
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
    // The training rows, as GutenTAG writes them: the test file's figures, a training file each.
    const semi = index[3 * j + 2].split(",");
    const supervised = index[3 * j + 3].split(",");
    deepStrictEqual(
      [semi.slice(1, 4), semi.slice(7, 9), supervised.slice(1, 4), supervised.slice(7, 9)],
      [
        [`${metric}.semi-supervised`, `timeeval-${metric}.train_no_anomaly.csv`, file],
        ["semi-supervised", "True"],
        [`${metric}.supervised`, `timeeval-${metric}.train_anomaly.csv`, file],
        ["supervised", "False"],
      ],
    );
    for (const row of [semi, supervised]) {
      deepStrictEqual([row.slice(4, 7), row.slice(9)], [cells.slice(4, 7), cells.slice(9)]);
    }
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
  // The first run's files are gone, its multivariate file too (one metric writes none).
  deepStrictEqual([...Deno.readDirSync(`${dir}/out`)].map((e) => e.name).sort(), [
    "datasets.csv",
    "manifest.json",
    "timeeval-c_d.test.csv",
    "timeeval-c_d.train_anomaly.csv",
    "timeeval-c_d.train_no_anomaly.csv",
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

/** The index row of the multivariate test file. */
const multiRow = async (out: string) =>
  (await indexRows(out)).find((row) => row[1] === "multivariate.unsupervised")!;

/** The index rows of the metrics' test files alone (unsupervised, univariate), in config order. */
const metricRows = async (out: string) =>
  (await indexRows(out)).filter((row) => row[7] === "unsupervised" && row[9] === "univariate");

Deno.test("the collection is the config file's name, or --collection: runs loaded together need different ones", async () => {
  const dir = await freshDir("timeeval-collection");
  const toml = `[general]\nnum_samples = 3\nseed = 1\n[metrics.cpu]\nvalue = 1\n`;
  const byName = await generate(dir, "node-7.v2", toml);
  strictEqual((await indexRows(byName))[0][0], "node-7.v2");
  const given = await generate(dir, "x", toml, ["--collection", "seed_11"]);
  deepStrictEqual((await indexRows(given))[0].slice(0, 2), ["seed_11", "cpu.unsupervised"]);
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
  const rows = await metricRows(out);
  // "1" comes first: TOML tables keep integer-like keys first, as JavaScript objects do.
  deepStrictEqual(rows.map((row) => [row[1], row[3]]), [
    ["ts-1.unsupervised", "timeeval-ts-1.test.csv"],
    ["c_d.unsupervised", "timeeval-c_d.test.csv"],
    ["c_d-2.unsupervised", "timeeval-c_d-2.test.csv"],
    ["C_D-3.unsupervised", "timeeval-C_D-3.test.csv"],
    ["ts-null.unsupervised", "timeeval-ts-null.test.csv"],
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
  deepStrictEqual((await metricRows(out)).map((row) => row[21]), ["1440", "10080", "12", ""]);
  // The multivariate file's: the lower median of the metrics' (those with seasons), one of them.
  strictEqual((await multiRow(out))[21], "1440");
  const two = await generate(
    dir,
    "two",
    `[general]\nnum_samples = 5\nseed = 1\ninterval = "1m"\n` +
      `[metrics.daily]\nvalue = 10\nseasonality = { period = "1d", amplitude = 1 }\n` +
      `[metrics.weekly]\nvalue = 10\nseasonality = { period = "1w", amplitude = 1 }\n`,
  );
  strictEqual((await multiRow(two))[21], "1440");
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
  const [a, b] = await metricRows(out);
  deepStrictEqual(a.slice(10, 18), ["10", "1", "0.6", "3", "2", "2", "2", "14.5"]);
  close(a[18], std(values));
  // A metric no missing fault reaches is written as always.
  deepStrictEqual(b.slice(10, 19), ["10", "1", "0", "0", "0", "0", "0", "1", "0"]);
  // The gaps' rows wait for the value after them: any chunk size and worker count, same bytes.
  for (const flags of [["--chunk-size", "1"], ["--chunk-size", "3", "--workers", "2"]]) {
    const other = await generate(dir, `gaps${flags.join("")}`, GAPS, flags);
    for (const name of ["timeeval-a.test.csv", "timeeval-b.test.csv", MULTI]) {
      deepStrictEqual(
        await Deno.readFile(`${other}/${name}`),
        await Deno.readFile(`${out}/${name}`),
      );
    }
    deepStrictEqual(
      (await metricRows(other)).map((row) => row.slice(1)),
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
  const [a] = await metricRows(out);
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
  const [a] = await metricRows(out);
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
print(int(df.loc[("keys", "ts-null.unsupervised"), "median_anomaly_length"]), int(df.loc[("keys", "ts-null.unsupervised"), "period_size"]))
`);
    ok(result.ok, result.out);
    deepStrictEqual(result.out.split("\n"), [
      "[('keys', 'multivariate.semi-supervised'), ('keys', 'multivariate.supervised'), " +
      "('keys', 'multivariate.unsupervised'), " +
      "('keys', 'ts-1.semi-supervised'), ('keys', 'ts-1.supervised'), ('keys', 'ts-1.unsupervised'), " +
      "('keys', 'ts-null.semi-supervised'), ('keys', 'ts-null.supervised'), ('keys', 'ts-null.unsupervised')]",
      "{'length': 'int64', 'num_anomalies': 'int64', 'min_anomaly_length': 'int64', 'median_anomaly_length': 'int64', 'max_anomaly_length': 'int64', 'period_size': 'float64'}",
      // Runs of 2 and 3: np.median gives 2.5, TimeEval's int() 2.
      "2 4",
    ]);
  },
});

/** Two metrics with noise, a fault given at a sample and two placed by the seed. */
const TRAIN = `[general]\nnum_samples = 300\nseed = 5\n` +
  `[metrics.cpu]\nvalue = 50\nnoise = "gaussian"\nnoise_args = { scale = 1 }\n` +
  `[metrics.mem]\nvalue = 10\nnoise = "uniform"\n` +
  `[[anomalies.cpu]]\nat = 20\noffset = 10\npattern = "step"\nrecovery_time = 10\n` +
  `[[anomalies.cpu]]\ncount = 2\nmin_gap = 10\noffset = 10\npattern = "step"\nrecovery_time = 5\n`;

/** The column of `metric` in a CSV run's file, and its times. */
async function csvColumn(file: string, metric: string): Promise<string[]> {
  const [header, ...rows] = await lines(file);
  const j = header.split(",").indexOf(metric);
  return rows.map((row) => `${row.split(",")[0]},${row.split(",")[j]}`);
}

Deno.test("training files are the config drawn again with another seed: train_no_anomaly without faults, train_anomaly with its own", async () => {
  const dir = await freshDir("timeeval-train");
  const out = await generate(dir, "train", TRAIN);
  const seeds = {
    normal: timeEvalTrainSeed(5, "train_no_anomaly"),
    anomalous: timeEvalTrainSeed(5, "train_anomaly"),
  };
  // The seeds as documented: the 53 high bits of the stream key of the run's seed and a name.
  strictEqual(seeds.normal, Number(streamKey(5, "timeeval/train_no_anomaly") >> 11n));
  strictEqual(seeds.anomalous, Number(streamKey(5, "timeeval/train_anomaly") >> 11n));
  // The same config run with those seeds (and --no-faults) writes the same values and labels.
  const csv = async (name: string, flags: string[]) => {
    const run = await runCli([
      "-c",
      `${dir}/train.toml`,
      "-o",
      `${dir}/${name}`,
      "-q",
      "--no-plot",
      ...flags,
    ]);
    strictEqual(run.status, 0, run.stderr.join("\n"));
    return `${dir}/${name}`;
  };
  const normal = await csv("normal", ["--seed", String(seeds.normal), "--no-faults"]);
  const anomalous = await csv("anomalous", ["--seed", String(seeds.anomalous)]);
  const test = await csv("test", []);
  const labels = async (file: string) =>
    (await lines(file)).slice(1).map((row) => Number(row.split(",")[2]));
  for (const metric of ["cpu", "mem"]) {
    const values = await csvColumn(`${normal}/metrics.csv`, metric);
    deepStrictEqual(
      (await lines(`${out}/timeeval-${metric}.train_no_anomaly.csv`)).slice(1),
      values.map((row) => `${row},0`),
    );
    const faulty = await csvColumn(`${anomalous}/metrics.csv`, metric);
    const faultyLabels = (await csvColumn(`${anomalous}/labels.csv`, metric))
      .map((row) => row.split(",")[1]);
    deepStrictEqual(
      (await lines(`${out}/timeeval-${metric}.train_anomaly.csv`)).slice(1),
      faulty.map((row, k) => `${row},${faultyLabels[k]}`),
    );
    // No leak: the training values are not the test series' (noise drawn again everywhere).
    const tested = await csvColumn(`${test}/metrics.csv`, metric);
    const same = values.filter((row, k) => row === tested[k]).length;
    ok(same < 3, `${metric}: ${same} of 300 training values equal the test series'`);
  }
  const testLabels = await labels(`${out}/timeeval-cpu.test.csv`);
  const trainLabels = await labels(`${out}/timeeval-cpu.train_anomaly.csv`);
  // The fault given at sample 20 stays there; the two placed by the seed are placed again.
  deepStrictEqual([testLabels.slice(20, 30), trainLabels.slice(20, 30)], [
    Array(10).fill(1),
    Array(10).fill(1),
  ]);
  const placed = (xs: number[]) => xs.flatMap((x, k) => x === 1 && (k < 20 || k >= 30) ? [k] : []);
  strictEqual(placed(testLabels).length, 10);
  strictEqual(placed(trainLabels).length, 10);
  notDeepStrictEqual(placed(trainLabels), placed(testLabels));
  // mem has no fault: its train_anomaly file has none either.
  deepStrictEqual(new Set(await labels(`${out}/timeeval-mem.train_anomaly.csv`)), new Set([0]));
});

Deno.test("training files are the same bytes for any worker count and chunk size, interpolated gaps included", async () => {
  const dir = await freshDir("timeeval-train-workers");
  // Placed gaps: the train_anomaly files interpolate their own.
  const toml = TRAIN +
    `[[anomalies.mem]]\ncount = 3\nkind = "missing"\nrecovery_time = [2, 6]\nmin_gap = 5\n`;
  const runs = [];
  for (const flags of [["--workers", "0"], ["--workers", "2", "--chunk-size", "7"]]) {
    const out = await generate(dir, `w${runs.length}`, toml, [...flags, "--collection", "w"]);
    const names = [...Deno.readDirSync(out)].map((e) => e.name).filter((n) => n !== "manifest.json")
      .sort();
    runs.push(
      Object.fromEntries(
        await Promise.all(names.map(async (n) => [n, await Deno.readTextFile(`${out}/${n}`)])),
      ),
    );
  }
  deepStrictEqual(runs[1], runs[0]);
  // datasets.csv, and a test file and two training files per metric and for the multivariate one.
  strictEqual(Object.keys(runs[0]).length, 1 + 3 * 3);
  // The train_anomaly file's gaps were filled: no empty cell, and 3 runs labelled.
  const mem = runs[0]["timeeval-mem.train_anomaly.csv"].trimEnd().split("\n").slice(1);
  strictEqual(mem.filter((row: string) => row.split(",")[1] === "").length, 0);
  strictEqual(
    mem.filter((row: string, k: number) =>
      row.endsWith(",1") && (k === 0 || mem[k - 1].endsWith(",0"))
    ).length,
    3,
  );
});

Deno.test("--no-train: no training files and only unsupervised rows; a recorded metric is refused without it", async () => {
  const dir = await freshDir("timeeval-no-train");
  const out = await generate(dir, "plain", TRAIN, ["--no-train"]);
  deepStrictEqual([...Deno.readDirSync(out)].map((e) => e.name).sort(), [
    "datasets.csv",
    "manifest.json",
    "timeeval-cpu.test.csv",
    "timeeval-mem.test.csv",
    MULTI,
  ]);
  deepStrictEqual((await indexRows(out)).map((row) => [row[1], row[2], row[7]]), [
    ["cpu.unsupervised", "", "unsupervised"],
    ["mem.unsupervised", "", "unsupervised"],
    ["multivariate.unsupervised", "", "unsupervised"],
  ]);
  // Recorded values cannot be drawn again: one line, exit 2, and --no-train writes the rest.
  await Deno.writeTextFile(
    `${dir}/recorded.csv`,
    `timestamp,latency\n` +
      Array.from({ length: 5 }, (_, k) => `${k * 60},${k}`).join("\n") + "\n",
  );
  await Deno.writeTextFile(
    `${dir}/rec.toml`,
    `[general]\nseed = 1\ninput = "recorded.csv"\n[metrics.latency]\n[metrics.x]\nvalue = 1\n`,
  );
  const flags = ["-c", `${dir}/rec.toml`, "-o", `${dir}/rec`, "-q", "--no-plot", "--format"];
  const refused = await runCli([...flags, "timeeval"]);
  strictEqual(refused.status, 2);
  deepStrictEqual(refused.stderr, [
    `error: ${dir}/rec.toml: general.input: --format timeeval draws its training series again ` +
    `with other seeds, and recorded metrics cannot be ("latency"): add --no-train`,
  ]);
  const plain = await runCli([...flags, "timeeval", "--no-train"]);
  strictEqual(plain.status, 0, plain.stderr.join("\n"));
  const wrong = await runCli([...flags, "csv", "--no-train"]);
  strictEqual(wrong.status, 2);
  deepStrictEqual(wrong.stderr.slice(0, 1), [
    "error: --no-train leaves out TimeEval's training files: add timeeval to --format",
  ]);
});

Deno.test("the multivariate file: a value column per metric as in its own file, is_anomaly 1 where any is labelled, its index row", async () => {
  const dir = await freshDir("timeeval-multivariate");
  // b gets a fault of its own, apart from a's gaps.
  const toml = GAPS +
    `[[anomalies.b]]\nat = 3\nanomaly_factor = 3\npattern = "step"\nrecovery_time = 2\n`;
  for (const policy of ["interpolate", "keep", "drop"]) {
    const out = await generate(dir, policy, toml, ["--missing", policy]);
    const rowsOf = async (file: string) =>
      (await lines(`${out}/${file}`)).slice(1).map((r) => r.split(","));
    // The test file, and as well each training file of the metrics' training files.
    for (const variant of ["test", "train_no_anomaly", "train_anomaly"]) {
      const [header, ...rows] = await lines(`${out}/timeeval-multivariate.${variant}.csv`);
      strictEqual(header, "timestamp,value-0,value-1,is_anomaly");
      const a = await rowsOf(`timeeval-a.${variant}.csv`);
      const b = await rowsOf(`timeeval-b.${variant}.csv`);
      // b has a row per sample: the multivariate rows are those where a has one (drop: a's gaps).
      const expected = a.map(([k, x, label]) => {
        const [, y, other] = b[Number(k)];
        return `${k},${x},${y},${label === "1" || other === "1" ? 1 : 0}`;
      });
      deepStrictEqual(rows, expected, `${policy} ${variant}`);
    }
    const [header, ...rows] = await lines(`${out}/${MULTI}`);
    const row = await multiRow(out);
    deepStrictEqual(row.slice(0, 12), [
      policy,
      "multivariate.unsupervised",
      "",
      MULTI,
      "synthetic",
      "False",
      "",
      "unsupervised",
      "False",
      "multivariate",
      String(rows.length),
      "2",
    ]);
    // Contamination, runs, and mean and deviation the means of the columns' (DatasetMetadata).
    const labels = rows.map((r) => Number(r.split(",")[3]));
    const runs = labels.filter((l, k) => l === 1 && (k === 0 || labels[k - 1] === 0)).length;
    deepStrictEqual(row.slice(12, 14).map(Number), [
      labels.filter((l) => l === 1).length / rows.length,
      runs,
    ]);
    const columns = [1, 2].map((c) =>
      rows.map((r) => r.split(",")[c]).filter((x) => x !== "").map(Number)
    );
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    close(row[17], (mean(columns[0]) + mean(columns[1])) / 2);
    close(row[18], (std(columns[0]) + std(columns[1])) / 2);
    // Its training rows, as a metric's: the same figures, a training file each.
    const training = (await indexRows(out)).filter((r) => r[1].startsWith("multivariate."));
    deepStrictEqual(training.map((r) => [r[1], r[2], r[7], r[8]]), [
      ["multivariate.unsupervised", "", "unsupervised", "False"],
      [
        "multivariate.semi-supervised",
        "timeeval-multivariate.train_no_anomaly.csv",
        "semi-supervised",
        "True",
      ],
      ["multivariate.supervised", "timeeval-multivariate.train_anomaly.csv", "supervised", "False"],
    ]);
    for (const r of training) deepStrictEqual(r.slice(9), row.slice(9));
    strictEqual(header, "timestamp,value-0,value-1,is_anomaly");
  }
});

Deno.test("every file the timeeval format writes is named by its entry in the format table", async () => {
  const dir = await freshDir("timeeval-table");
  const out = await generate(dir, "train", TRAIN);
  const names = [...Deno.readDirSync(out)].map((e) => e.name).filter((n) => n !== "manifest.json");
  strictEqual(names.length, 1 + 3 * 3);
  for (const name of names) {
    ok(isFormatFileName(name), name);
    ok(name === "datasets.csv" || FORMATS.timeeval.pattern!.test(name), name);
    ok(name === "datasets.csv" || TIMEEVAL_FILE.test(name), name);
  }
  strictEqual(FORMATS.timeeval.pattern!.source, TIMEEVAL_FILE.source);
});

Deno.test("faults the training seed finds no room for: the config's line, naming the training series", async () => {
  const dir = await freshDir("timeeval-train-room");
  // Seed 22 places four faults in 40 samples; the train_anomaly seed paints itself into a corner.
  await Deno.writeTextFile(
    `${dir}/tight.toml`,
    `[general]\nnum_samples = 40\nseed = 22\n[metrics.cpu]\nvalue = 1\n` +
      `[[anomalies.cpu]]\ncount = 4\nanomaly_factor = 2\npattern = "step"\nrecovery_time = 5\n` +
      `min_gap = 3\n`,
  );
  const flags = ["-c", `${dir}/tight.toml`, "-o", `${dir}/out`, "-q", "--no-plot", "--format"];
  strictEqual((await runCli([...flags, "csv"])).status, 0);
  const run = await runCli([...flags, "timeeval"]);
  strictEqual(run.status, 2);
  strictEqual(run.stderr.length, 1, run.stderr.join("\n"));
  ok(
    run.stderr[0].startsWith(`error: ${dir}/tight.toml: anomalies.cpu.count: no room for fault `),
    run.stderr[0],
  );
  ok(
    run.stderr[0].endsWith(
      `(in --format timeeval's train_anomaly series, seed ${
        timeEvalTrainSeed(22, "train_anomaly")
      }; or add --no-train)`,
    ),
    run.stderr[0],
  );
  strictEqual((await runCli([...flags, "timeeval", "--no-train"])).status, 0);
});
