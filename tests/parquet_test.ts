// --format parquet, read back by the real DuckDB and polars: every value bit-equal to the library's
// Float64Array, nulls where samples are missing, counters as INT64, labels as BOOLEAN, times as
// UTC milliseconds; row groups of 2^20 samples; shards read together equal one run.
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { createGenerator, parseConfig } from "../mod.ts";
import { python } from "./_python.ts";
import { assertSameBytes } from "./_same_bytes.ts";
import { freshDir, generateInto, runCli } from "./_run_cli.ts";

const HAS_READERS = python("import duckdb, polars, pytz").ok;

const CONFIG = `[general]
seed = 8
num_samples = 1100000
start = 2026-04-01T00:00:00Z
interval = "1s"
decimals = "full"

[metrics.latency]
value = 40
noise = "gaussian"
noise_args = { scale = 3 }

[metrics.requests]
type = "counter"
value = 9
noise = "uniform"

[[anomalies.latency]]
kind = "missing"
at = 1048570
recovery_time = 10

[[anomalies.latency]]
at = 500
anomaly_factor = 3
pattern = "step"
recovery_time = 100
`;

/** Each double's 8 bytes as hex, as Python's struct writes them. */
function hex(values: Float64Array): string[] {
  const view = new DataView(new ArrayBuffer(8));
  return Array.from(values, (x) => {
    view.setFloat64(0, x, true);
    return Array.from(new Uint8Array(view.buffer), (b) => b.toString(16).padStart(2, "0")).join("");
  });
}

for (const split of [false, true]) {
  Deno.test({
    name: split
      ? "with --byte-stream-split the doubles are BYTE_STREAM_SPLIT, and DuckDB and polars read the same exact values"
      : "metrics.parquet and labels.parquet read by DuckDB and polars hold exactly the library's values, nulls, counts and labels",
    ignore: !HAS_READERS,
    async fn() {
      const dir = await freshDir(split ? "parquet-split" : "parquet");
      const encoding = split ? ["--byte-stream-split"] : [];
      await generateInto(dir, CONFIG, "parquet", ...encoding);
      // The run above is made in workers, which rebuild the encoders from the run's plan: one
      // thread, with the encoders as the command line made them, writes the same bytes.
      const oneThread = await freshDir(split ? "parquet-split-one-thread" : "parquet-one-thread");
      await generateInto(oneThread, CONFIG, "parquet", "--workers", "0", ...encoding);
      assertSameBytes(
        await Deno.readFile(`${oneThread}/out/metrics.parquet`),
        await Deno.readFile(`${dir}/out/metrics.parquet`),
        "metrics.parquet on one thread against workers",
      );
      const generator = createGenerator(parseConfig(CONFIG));
      // Samples around the missing window and the first row group's end, and a few others.
      const picks = [
        0,
        1,
        499,
        500,
        599,
        600,
        1048569,
        1048570,
        1048575,
        1048576,
        1048580,
        1099999,
      ];
      // A chunk's arrays are reused by the next call: keep its numbers.
      const expected = picks.map((k) => {
        const chunk = generator.chunk(k, k + 1);
        return {
          latency: chunk.values[0][0],
          requests: chunk.values[1][0],
          label: chunk.labels[0][0],
        };
      });
      const out = python(`
import duckdb, polars as pl, struct, json
path = "${dir}/out/metrics.parquet"
picks = ${JSON.stringify(picks)}
con = duckdb.connect()
rows = con.sql(f"select epoch_ms(timestamp), latency, requests from '{path}'").fetchall()
frame = pl.read_parquet(path)
groups = con.sql(f"select row_group_id, max(row_group_num_rows) from parquet_metadata('{path}') group by all order by 1").fetchall()
types = [str(t) for t in frame.dtypes]
frame["latency"].fill_null(float("nan")).to_numpy().tofile("${dir}/latency.f64")
encodings = con.sql(f"select distinct path_in_schema, encodings from parquet_metadata('{path}') order by 1").fetchall()
labels = pl.read_parquet("${dir}/out/labels.parquet")
h = lambda x: None if x is None else struct.pack('<d', x).hex()
print(json.dumps({
  "n": len(rows),
  "duckdb": [[rows[k][0], h(rows[k][1]), rows[k][2]] for k in picks],
  "polars": [h(frame["latency"][k]) for k in picks],
  "types": types,
  "label_types": [str(t) for t in labels.dtypes],
  "labels": [int(labels["latency"][k]) for k in picks],
  "groups": [g[1] for g in groups],
  "encodings": [list(e) for e in encodings],
}))
`);
      strictEqual(out.ok, true, out.out);
      const read = JSON.parse(out.out);
      strictEqual(read.n, 1_100_000);
      const latency = expected.map((sample) => sample.latency);
      const bits = hex(Float64Array.from(latency)).map((h, i) =>
        Number.isNaN(latency[i]) ? null : h
      );
      deepStrictEqual(read.duckdb.map((row: unknown[]) => row[1]), bits);
      deepStrictEqual(read.polars, bits);
      deepStrictEqual(
        read.duckdb.map((row: unknown[]) => [row[0], row[2]]),
        picks.map((k, i) => [Date.UTC(2026, 3, 1) + 1000 * k, expected[i].requests]),
      );
      deepStrictEqual(read.types, [
        "Datetime(time_unit='ms', time_zone='UTC')",
        "Float64",
        "Int64",
      ]);
      deepStrictEqual(read.label_types, [
        "Datetime(time_unit='ms', time_zone='UTC')",
        "Boolean",
        "Boolean",
      ]);
      deepStrictEqual(read.labels, expected.map((sample) => sample.label));
      deepStrictEqual(read.groups, [1 << 20, 1_100_000 - (1 << 20)]);
      deepStrictEqual(read.encodings, [
        ["latency", split ? "BYTE_STREAM_SPLIT, RLE" : "PLAIN, RLE"],
        ["requests", "PLAIN, RLE"],
        ["timestamp", "DELTA_BINARY_PACKED"],
      ]);
      // Every value, not only the picks: polars' column, nulls as NaN, against the library's.
      const whole = new Float64Array((await Deno.readFile(`${dir}/latency.f64`)).buffer);
      const library = generator.chunk(0, 1_100_000).values[0];
      strictEqual(whole.length, library.length);
      const differing = whole.findIndex((x, k) => !Object.is(x, library[k]));
      strictEqual(
        differing,
        -1,
        `sample ${differing}: ${whole[differing]} != ${library[differing]}`,
      );
    },
  });
}

Deno.test({
  name:
    "parquet shards read together by DuckDB equal one run; any block size and worker count give the same bytes",
  ignore: !HAS_READERS,
  async fn() {
    const dir = await freshDir("parquet-shards");
    await Deno.writeTextFile(
      `${dir}/config.toml`,
      CONFIG.replace("num_samples = 1100000", "num_samples = 30000").replace(
        /\[\[anomalies\.latency\]\]\nkind = "missing"\nat = 1048570/,
        '[[anomalies.latency]]\nkind = "missing"\nat = 20000',
      ),
    );
    const flags = ["-c", `${dir}/config.toml`, "-q", "--no-plot", "--format", "parquet"];
    for (
      const [name, extra] of [["all", []], ["chunked", [
        "--chunk-size",
        "777",
        "--workers",
        "2",
      ]]] as const
    ) {
      const run = await runCli([...flags, "-o", `${dir}/${name}`, ...extra]);
      strictEqual(run.status, 0, run.stderr.join("\n"));
    }
    assertSameBytes(
      await Deno.readFile(`${dir}/chunked/metrics.parquet`),
      await Deno.readFile(`${dir}/all/metrics.parquet`),
      "metrics.parquet in blocks of 777 on 2 workers against the default",
    );
    for (const k of [0, 1, 2]) {
      const run = await runCli([...flags, "-o", `${dir}/shard=${k}`, "--shard", `${k}/3`]);
      strictEqual(run.status, 0, run.stderr.join("\n"));
    }
    const out = python(`
import duckdb
con = duckdb.connect()
together = con.sql("select epoch_ms(timestamp), latency, requests from read_parquet('${dir}/shard=*/metrics.parquet') order by 1").fetchall()
one = con.sql("select epoch_ms(timestamp), latency, requests from '${dir}/all/metrics.parquet' order by 1").fetchall()
print(len(together), together == one)
`);
    strictEqual(out.out, "30000 True");
  },
});
