// Shards: --shard K/N writes samples [floor(K n / N), floor((K + 1) n / N)); shards run as
// separate processes put back together equal one run, counters, flatlines and recorded inputs
// included.
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { freshDir, runCli } from "./_run_cli.ts";

const decoder = new TextDecoder();

/** Runs the command line as its own process, as a scheduler would. */
async function runProcess(args: string[]): Promise<void> {
  const { code, stderr } = await new Deno.Command("deno", {
    args: ["run", "-R", "-W=tests/tmp", "cli.ts", ...args],
    stdout: "null",
    stderr: "piped",
  }).output();
  strictEqual(code, 0, decoder.decode(stderr));
}

/** A CSV's rows under one header: the header of the first, the bodies of all. */
async function concatenated(paths: string[]): Promise<string> {
  const texts = await Promise.all(paths.map((path) => Deno.readTextFile(path)));
  const header = texts[0].slice(0, texts[0].indexOf("\n") + 1);
  return header + texts.map((text) => text.slice(text.indexOf("\n") + 1)).join("");
}

const SHARDED = `[general]
seed = 4
num_samples = 10007
start = 2026-03-01T00:00:00Z
interval = "10s"
decimals = "full"

[metrics.requests]
type = "counter"
value = 30
noise = "gaussian"
noise_args = { scale = 4 }

[metrics.latency]
value = 80
noise = "laplace"
wander = { scale = 3, window = 200 }
depends_on = { requests = { lag = 3 } }

[[anomalies.requests]]
kind = "reset"
at = 4000

[[anomalies.requests]]
at = 2490
anomaly_factor = 3
pattern = "linear"
recovery_time = 30

[[anomalies.latency]]
kind = "flatline"
at = 5002
recovery_time = 40

[[anomalies.latency]]
kind = "missing"
at = 7500
recovery_time = 20
`;

Deno.test("four shards run as separate processes: their CSV bodies under one header are the single run, byte for byte", async () => {
  const dir = await freshDir("shards");
  await Deno.writeTextFile(`${dir}/sharded.toml`, SHARDED);
  await runProcess(["-c", `${dir}/sharded.toml`, "-o", `${dir}/all`, "-q", "--no-plot"]);
  await Promise.all(
    [0, 1, 2, 3].map((k) =>
      runProcess([
        "-c",
        `${dir}/sharded.toml`,
        "-o",
        `${dir}/shard=${k}`,
        "-q",
        "--shard",
        `${k}/4`,
      ])
    ),
  );
  for (const file of ["metrics.csv", "labels.csv"]) {
    const shards = [0, 1, 2, 3].map((k) => `${dir}/shard=${k}/${file}`);
    strictEqual(await concatenated(shards), await Deno.readTextFile(`${dir}/all/${file}`), file);
  }
  const manifests = await Promise.all(
    [0, 1, 2, 3].map(async (k) =>
      JSON.parse(await Deno.readTextFile(`${dir}/shard=${k}/manifest.json`))
    ),
  );
  // floor(K * 10007 / 4): 0, 2501, 5003, 7505, 10007.
  deepStrictEqual(manifests.map((m) => [m.shard.first_sample, m.shard.last_sample]), [
    [0, 2500],
    [2501, 5002],
    [5003, 7504],
    [7505, 10006],
  ]);
  // Each shard names the whole run's faults, and draws no picture.
  const whole = JSON.parse(await Deno.readTextFile(`${dir}/all/manifest.json`));
  for (const m of manifests) {
    deepStrictEqual(m.anomalies, whole.anomalies);
    deepStrictEqual(m.files.map((f: { name: string }) => f.name), ["metrics.csv", "labels.csv"]);
  }
});

Deno.test("a shard of a recorded input reads its rows from the middle of the file, flatlines included", async () => {
  const dir = await freshDir("shards-recorded");
  const rows = Array.from({ length: 3001 }, (_, k) => `${1767225600 + 60 * k},${(k * 7) % 101}`);
  await Deno.writeTextFile(`${dir}/recorded.csv`, `t,queue\n${rows.join("\n")}\n`);
  await Deno.writeTextFile(
    `${dir}/inject.toml`,
    `[general]\nseed = 2\ninput = "recorded.csv"\n[[anomalies.queue]]\nkind = "flatline"\nat = 2001\nrecovery_time = 30\n`,
  );
  const all = await runCli(["-c", `${dir}/inject.toml`, "-o", `${dir}/all`, "-q", "--no-plot"]);
  strictEqual(all.status, 0, all.stderr.join("\n"));
  for (const k of [0, 1, 2]) {
    const run = await runCli([
      "-c",
      `${dir}/inject.toml`,
      "-o",
      `${dir}/s${k}`,
      "-q",
      "--shard",
      `${k}/3`,
      "--chunk-size",
      "64",
    ]);
    strictEqual(run.status, 0, run.stderr.join("\n"));
  }
  strictEqual(
    await concatenated([0, 1, 2].map((k) => `${dir}/s${k}/metrics.csv`)),
    await Deno.readTextFile(`${dir}/all/metrics.csv`),
  );
});

Deno.test("shard arguments are refused clearly: exit 2, one line", async () => {
  const cases: [string[], string][] = [
    [["--shard", "3/3"], `error: --shard: K counts from 0, so it must be below N (3): got "3/3"`],
    [
      ["--shard=-1/2"],
      `error: --shard: must be K/N, shard K (from 0) of N shards, such as 0/4: got "-1/2"`,
    ],
    [
      ["--shard", "a/b"],
      `error: --shard: must be K/N, shard K (from 0) of N shards, such as 0/4: got "a/b"`,
    ],
    [
      ["--shard", "0/0"],
      `error: --shard: must be K/N, shard K (from 0) of N shards, such as 0/4: got "0/0"`,
    ],
    [["--shard", "0/2000"], "error: --shard: 2000 shards of 1000 samples: at most 1000 shards"],
    [
      ["--shard", "0/2", "--format", "csv,promtool"],
      "error: --shard: promtool holds whole series; shards write csv, openmetrics and parquet",
    ],
  ];
  for (const [flags, message] of cases) {
    const run = await runCli(["-c", "configs/config.toml", "-o", "tests/tmp/never", ...flags]);
    strictEqual(run.status, 2, flags.join(" "));
    strictEqual(run.stderr[0], message);
    ok(run.stderr.length <= 2, run.stderr.join("\n"));
  }
});
