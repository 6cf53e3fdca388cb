// Both cores, the same bytes: the files written do not depend on the number of workers or the
// block size, and the plot's aggregation merges exactly.
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { createGenerator, M4Aggregator } from "../mod.ts";
import { freshDir, runCli } from "./_run_cli.ts";

const CONFIG = `[general]
seed = 11
num_samples = 60000
start = 2026-05-01T00:00:00Z
interval = "250ms"

[metrics.a]
value = 10
noise = "gaussian"
noise_args = { scale = 2, smoothing_window = 50 }

[metrics.b]
value = 5
noise = "laplace"

[metrics.c]
value = 3
step_size = 1
noise = "uniform"
noise_args = { low = -1, high = 1 }

[[anomalies.a]]
at = 4000
anomaly_factor = 3
pattern = "oscillating"
recovery_time = 20000

[[anomalies.a]]
at = 40000
anomaly_factor = 0.2
pattern = "step"
recovery_time = 1

[[anomalies.b]]
kind = "missing"
at = 8100
recovery_time = 9000
`;

Deno.test("cli writes the same bytes in every format with 0, 1, 2 and 3 workers and any block size", async () => {
  const dir = await freshDir("workers");
  await Deno.writeTextFile(`${dir}/config.toml`, CONFIG);
  const runs: [string, string[]][] = [
    ["w0", ["--workers", "0"]],
    ["w1", ["--workers", "1", "--chunk-size", "4096"]],
    ["w2", ["--workers", "2", "--chunk-size", "8192"]],
    ["w3", ["--workers", "3", "--chunk-size", "12288"]],
    ["w2odd", ["--workers", "2", "--chunk-size", "5000"]],
  ];
  for (const [name, flags] of runs) {
    const run = await runCli([
      "-c",
      `${dir}/config.toml`,
      "-o",
      `${dir}/${name}`,
      "-q",
      "--format",
      "csv,openmetrics,promtool",
      ...flags,
    ]);
    strictEqual(run.status, 0, run.stderr.join("\n"));
  }
  const files = ["metrics.csv", "labels.csv", "metrics.om", "promtool-tests.yml", "metrics.svg"];
  for (const file of [...files, "manifest.json"]) {
    const reference = await Deno.readFile(`${dir}/w0/${file}`);
    for (const [name] of runs.slice(1)) {
      deepStrictEqual(await Deno.readFile(`${dir}/${name}/${file}`), reference, `${name}/${file}`);
    }
  }
});

Deno.test("M4 aggregations of parts, merged in any order, equal one aggregation of the whole", () => {
  const generator = createGenerator({
    general: { seed: 5, num_samples: 30000 },
    // Step-rounded values make many ties: the earlier sample must win after merging too.
    metrics: { m: { value: 3, noise: "gaussian", step_size: 1 } },
  });
  const whole = new M4Aggregator(1, 30000, { columns: 97 });
  for (const chunk of generator.chunks({ chunkSize: 1000 })) whole.add(chunk);
  const parts = [
    new M4Aggregator(1, 30000, { columns: 97 }),
    new M4Aggregator(1, 30000, { columns: 97 }),
  ];
  let i = 0;
  for (const chunk of generator.chunks({ chunkSize: 1000 })) parts[i++ % 2].add(chunk);
  const merged = new M4Aggregator(1, 30000, { columns: 97 });
  merged.merge(parts[1].snapshot());
  merged.merge(parts[0].snapshot());
  deepStrictEqual(merged.series(), whole.series());
  ok(whole.series()[0].index.length > 97);
});
