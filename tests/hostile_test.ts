// Input as an attacker or a careless script would give it: names that are object keys, files
// that are not configs, sizes that do not fit, numbers at the edge of the doubles. Each ends in
// a run that works, or exit 2 with one line per problem and nothing written.
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { parse } from "csv-parse/sync";
import { generate } from "../mod.ts";
import { MAX_CONFIG_BYTES } from "../cli/limits.ts";
import { MAX_PANELS } from "../src/picture/layout.ts";
import { assertWholeSet } from "./_folder.ts";
import { exists, freshDir, runCli } from "./_run_cli.ts";

const OBJECT_KEYS = ["toString", "constructor", "valueOf", "hasOwnProperty", "__proto__"];

function namesConfig(): string {
  let toml = "[general]\nseed = 1\nnum_samples = 6\n";
  OBJECT_KEYS.forEach((name, i) => toml += `[metrics.${name}]\nvalue = ${i + 1}\n`);
  return toml +
    `[anomalies.toString]\nat = 2\nanomaly_factor = 10\npattern = "step"\nrecovery_time = 2\n`;
}

Deno.test("metrics named like object keys (toString, __proto__) are metrics like any other", async () => {
  const dir = await freshDir("object_keys");
  await Deno.writeTextFile(`${dir}/c.toml`, namesConfig());
  const run = await runCli(["-c", `${dir}/c.toml`, "-o", `${dir}/out`, "-q"]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  const metrics = (await Deno.readTextFile(`${dir}/out/metrics.csv`)).split("\n");
  strictEqual(metrics[0], `sample,${OBJECT_KEYS.join(",")}`);
  deepStrictEqual(metrics.slice(1, 4), [
    "0,1.0,2.0,3.0,4.0,5.0",
    "1,1.0,2.0,3.0,4.0,5.0",
    "2,10.0,2.0,3.0,4.0,5.0",
  ]);
  const labels = (await Deno.readTextFile(`${dir}/out/labels.csv`)).split("\n");
  deepStrictEqual(labels.slice(2, 5), ["1,0,0,0,0,0", "2,1,0,0,0,0", "3,1,0,0,0,0"]);
  assertWholeSet(`${dir}/out`);
});

Deno.test("generate() takes metrics named like object keys in a config written in code", () => {
  const metrics = Object.fromEntries(OBJECT_KEYS.map((name) => [name, { value: 1 }]));
  const data = generate({ general: { num_samples: 2 }, metrics });
  deepStrictEqual([...data.names], OBJECT_KEYS);
  for (const name of OBJECT_KEYS) deepStrictEqual([...data.values[name]], [1, 1]);
});

Deno.test("a device or a pipe given as config is refused at once, exit 2, nothing written", async () => {
  const dir = await freshDir("not_a_file");
  const fifo = `${dir}/fifo.toml`;
  const made = new Deno.Command("mkfifo", { args: [fifo] }).outputSync();
  ok(made.success);
  for (const path of ["/dev/zero", fifo]) {
    const run = await runCli(["-c", path, "-o", `${dir}/out`]);
    strictEqual(run.status, 2);
    deepStrictEqual(run.stderr, [
      `error: cannot read config "${path}": not a regular file (a pipe or a device?)`,
    ]);
  }
  strictEqual(await exists(`${dir}/out`), false);
});

Deno.test("a config larger than the cap is refused without being read whole", async () => {
  const dir = await freshDir("too_large");
  const path = `${dir}/big.toml`;
  await Deno.writeTextFile(path, "# " + "x".repeat(MAX_CONFIG_BYTES) + "\n");
  const run = await runCli(["-c", path, "-o", `${dir}/out`]);
  strictEqual(run.status, 2);
  deepStrictEqual(run.stderr, [
    `error: cannot read config "${path}": larger than 16 MiB (${
      MAX_CONFIG_BYTES + 3
    } bytes or more); is it a config?`,
  ]);
});

Deno.test("num_samples of 10^15 is refused for want of space before anything is allocated or written", async () => {
  const dir = await freshDir("too_many_samples");
  await Deno.writeTextFile(
    `${dir}/c.toml`,
    "[general]\nnum_samples = 1000000000000000\n[metrics.a]\nvalue = 1\n",
  );
  const run = await runCli(["-c", `${dir}/c.toml`, "-o", `${dir}/out/sub`]);
  strictEqual(run.status, 2);
  strictEqual(run.stderr.length, 1);
  ok(
    /^error: the output needs about 1\.\de\+16 bytes and "[^"]+" has .* free; lower num_samples/
      .test(run.stderr[0]),
    run.stderr[0],
  );
  strictEqual(await exists(`${dir}/out`), false);
});

Deno.test("--workers beyond the cores is capped with a note, and the bytes are the same", async () => {
  const dir = await freshDir("many_workers");
  const one = await runCli(["-c", "configs/config.toml", "-o", `${dir}/a`, "--workers", "0"]);
  const many = await runCli(["-c", "configs/config.toml", "-o", `${dir}/b`, "--workers", "1000"]);
  strictEqual(one.status, 0);
  strictEqual(many.status, 0);
  const cores = Math.min(8, navigator.hardwareConcurrency);
  ok(many.stderr.includes(`note: --workers 1000: using ${cores}, one per core`), many.stderr[0]);
  deepStrictEqual(
    await Deno.readFile(`${dir}/b/metrics.csv`),
    await Deno.readFile(`${dir}/a/metrics.csv`),
  );
});

Deno.test("--chunk-size beyond the block memory bound is refused, exit 2", async () => {
  const out = await freshDir("chunk_cap");
  const run = await runCli(["-c", "configs/config.toml", "-o", out, "--chunk-size", "100000000"]);
  strictEqual(run.status, 2);
  deepStrictEqual(run.stderr, [
    "error: --chunk-size: at most 838860 samples for 5 metrics (4194304 values a block): got 100000000",
  ]);
});

Deno.test(`the picture draws at most ${MAX_PANELS} panels and names the metrics it left out`, async () => {
  const dir = await freshDir("wide");
  let toml = "[general]\nseed = 1\nnum_samples = 20\n";
  for (let i = 0; i < 2000; i++) toml += `[metrics.m${i}]\nvalue = ${i}\nnoise = "gaussian"\n`;
  await Deno.writeTextFile(`${dir}/c.toml`, toml);
  const run = await runCli(["-c", `${dir}/c.toml`, "-o", `${dir}/out`]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  strictEqual(run.stderr[0], `note: metrics.svg draws the first ${MAX_PANELS} of the 2000 metrics`);
  const svg = await Deno.readTextFile(`${dir}/out/metrics.svg`);
  strictEqual(svg.match(/data-metric=/g)?.length, MAX_PANELS);
  ok(svg.includes(`data-metric="m49"`) && !svg.includes(`data-metric="m50"`));
  ok(svg.includes(`data-not-drawn="1950">Not drawn: m50, m51, m52, m53, m54, and 1945 more`));
  ok(svg.includes("2000 metrics (the first 50 drawn)"));
  ok(svg.length < 1_000_000, `${svg.length} bytes`);
});

Deno.test("values at the edge of the doubles are written exactly, never as Infinity or NaN", async () => {
  const dir = await freshDir("edge_numbers");
  await Deno.writeTextFile(
    `${dir}/c.toml`,
    `[general]\nseed = 1\nnum_samples = 4\ndecimals = 15\n` +
      `[metrics.big]\nvalue = 1e300\n[metrics.negative]\nvalue = -1e299\nnoise = "uniform"\n` +
      `noise_args = { low = 0, high = 1e280 }\n[metrics.mid]\nvalue = 123456789.123456789\n` +
      `[anomalies.big]\nat = 1\nanomaly_factor = 0.5\npattern = "step"\nrecovery_time = 1\n`,
  );
  const run = await runCli(["-c", `${dir}/c.toml`, "-o", `${dir}/out`, "-q"]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  const rows = parse(await Deno.readTextFile(`${dir}/out/metrics.csv`), {
    columns: true,
  }) as Record<
    string,
    string
  >[];
  deepStrictEqual(rows.map((row) => Number(row.big)), [1e300, 5e299, 1e300, 1e300]);
  for (const row of rows) {
    for (const cell of Object.values(row)) ok(Number.isFinite(Number(cell)), cell);
    strictEqual(Number(row.mid), 123456789.123456789);
  }
});

Deno.test("without read access to the output, the run stops before any work with one line", async () => {
  const dir = await freshDir("no_read_access");
  const child = new Deno.Command("deno", {
    args: [
      "run",
      "-R=configs",
      `-W=${dir}`,
      "cli.ts",
      "-c",
      "configs/config.toml",
      "-o",
      `${dir}/out`,
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  });
  const { code, stderr } = await child.output();
  strictEqual(code, 2);
  strictEqual(
    new TextDecoder().decode(stderr),
    `error: cannot write to output directory "${dir}/out": Deno has no permission for it; run with -R=${dir}/out\n`,
  );
  strictEqual(await exists(`${dir}/out`), false);
});
