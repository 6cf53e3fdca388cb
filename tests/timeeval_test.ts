// --format timeeval: TimeEval's canonical format, a CSV per metric (`timestamp,value-0,is_anomaly`)
// holding exactly the values and labels of metrics.csv and labels.csv, and the datasets.csv index
// TimeEval's DatasetManager reads, with the statistics of each series.
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { freshDir, runCli } from "./_run_cli.ts";

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
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    const cells = index[j + 1].split(",");
    deepStrictEqual(cells.slice(0, 12), [
      "chaos-datagen",
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
    if (runs.length > 0) {
      deepStrictEqual([Number(cells[14]), Number(cells[16])], [
        sorted[0],
        sorted[sorted.length - 1],
      ]);
    }
    ok(Math.abs(Number(cells[17]) - mean) <= 1e-9 * Math.abs(mean), `${metric} mean`);
    ok(
      Math.abs(Number(cells[18]) - sd) <= 1e-6 * sd,
      `${metric} stddev ${cells[18]} against ${sd}`,
    );
  }
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
