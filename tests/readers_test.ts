// The CSV files as typed readers meet them: DuckDB's read_csv_auto and polars' read_csv sample the
// first rows to choose a column's type. A metric whose only fractional values come late (a fault
// in the last thousand of 10^6 rows) must still be read as a float, its peak exactly.
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { python } from "./_python.ts";
import { freshDir, runCli } from "./_run_cli.ts";

const HAS_READERS = python("import duckdb, polars").ok;

Deno.test({
  name: "DuckDB and polars read a late-fractional column as DOUBLE / Float64, its peak exactly",
  ignore: !HAS_READERS,
  async fn() {
    const dir = await freshDir("typed_readers");
    await Deno.writeTextFile(
      `${dir}/late.toml`,
      `[general]\nseed = 1\nnum_samples = 1000000\n[metrics.plain]\nvalue = 3\n` +
        `[metrics.pods]\nvalue = 3\nstep_size = 1\n` +
        `[anomalies.plain]\nat = 999000\nanomaly_factor = 1.5\npattern = "step"\nrecovery_time = 1000\n`,
    );
    const run = await runCli(["-c", `${dir}/late.toml`, "-o", `${dir}/out`, "-q", "--no-plot"]);
    strictEqual(run.status, 0, run.stderr.join("\n"));
    const csv = `${dir}/out/metrics.csv`;
    const result = python(`
import duckdb, polars, json
d = duckdb.sql("select * from read_csv_auto('${csv}')")
types = dict(zip(d.columns, [str(t) for t in d.types]))
peak = duckdb.sql("select max(plain), sum(plain) from read_csv_auto('${csv}')").fetchone()
p = polars.read_csv('${csv}')
print(json.dumps({"duckdb": types, "duckdb_peak": list(peak),
  "polars": {k: str(v) for k, v in p.schema.items()},
  "polars_peak": [p["plain"].max(), p["plain"].sum()]}))
`);
    strictEqual(result.ok, true, result.out);
    const read = JSON.parse(result.out);
    deepStrictEqual(read.duckdb, { sample: "BIGINT", plain: "DOUBLE", pods: "BIGINT" });
    deepStrictEqual(read.polars, { sample: "Int64", plain: "Float64", pods: "Int64" });
    const sum = 999_000 * 3 + 1000 * 4.5;
    deepStrictEqual(read.duckdb_peak, [4.5, sum]);
    deepStrictEqual(read.polars_peak, [4.5, sum]);
  },
});
