// The command line as a user meets it: every shipped config runs, its files parse with a real
// CSV parser and agree with the manifest; bad input exits 2 with one line per problem and
// writes nothing.
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { parseConfig, resolveConfig } from "../mod.ts";
import { BAD_CONFIGS } from "./_bad_configs.ts";
import { exists, freshDir, goldenRun, runCli, SHIPPED_CONFIGS } from "./_run_cli.ts";

type Manifest = {
  seed: number;
  version: string;
  num_samples: number;
  metrics: string[];
  config: { general: { seed: number } };
  anomalies: {
    metric: string;
    first_sample: number;
    last_sample: number;
    effects?: { metric: string; first_sample: number; last_sample: number }[];
  }[];
  files: { name: string; rows: number; bytes: number; sha256: string }[];
};

for (const { name, seedFlag } of SHIPPED_CONFIGS) {
  Deno.test(`cli on configs/${name}.toml writes CSV files that agree with the config and manifest`, async () => {
    const out = await freshDir(`shipped_${name}`);
    const run = await runCli(["-c", `configs/${name}.toml`, "-o", out, ...seedFlag]);
    strictEqual(run.status, 0, run.stderr.join("\n"));
    const config = parseConfig(await Deno.readFile(`configs/${name}.toml`));
    // Its series: a metric of many series is one column per series (configs/cardinality.toml).
    const names = Object.keys(resolveConfig(config).metrics);
    const n = config.general.num_samples;

    const manifest: Manifest = JSON.parse(await Deno.readTextFile(`${out}/manifest.json`));
    deepStrictEqual(manifest.metrics, names);
    strictEqual(manifest.num_samples, n);
    strictEqual(manifest.config.general.seed, manifest.seed);
    if (config.general.seed !== undefined) strictEqual(manifest.seed, config.general.seed);
    ok(run.stderr[0].startsWith(`seed ${manifest.seed} `), run.stderr[0]);

    const metrics = parse(await Deno.readTextFile(`${out}/metrics.csv`), {
      columns: true,
      cast: false,
    }) as Record<string, string>[];
    const labels = parse(await Deno.readTextFile(`${out}/labels.csv`), { columns: true }) as Record<
      string,
      string
    >[];
    strictEqual(metrics.length, n);
    strictEqual(labels.length, n);
    const first = config.general.start ? "timestamp" : "sample";
    deepStrictEqual(Object.keys(metrics[0]), [first, ...names]);
    deepStrictEqual(Object.keys(labels[0]), [first, ...names]);
    for (const row of metrics) {
      for (const metric of names) {
        ok(Number.isFinite(Number(row[metric])), `${metric}: ${row[metric]}`);
      }
    }
    // Labels are 1 exactly inside the windows the manifest lists.
    for (const metric of names) {
      const expected = new Array(n).fill("0");
      for (const a of manifest.anomalies.filter((a) => a.metric === metric)) {
        for (let k = a.first_sample; k <= a.last_sample; k++) expected[k] = "1";
      }
      // And the windows that faults on other metrics spread to (SPEC section 13).
      for (const e of manifest.anomalies.flatMap((a) => a.effects ?? [])) {
        if (e.metric !== metric) continue;
        for (let k = e.first_sample; k <= e.last_sample; k++) expected[k] = "1";
      }
      deepStrictEqual(labels.map((row) => row[metric]), expected, metric);
    }
    // Timestamps: the sample index, or RFC 3339 when start is set.
    if (config.general.start) ok(!Number.isNaN(Date.parse(metrics[n - 1].timestamp)));
    else strictEqual(metrics[1].sample, "1");

    for (const file of manifest.files) {
      const bytes = await Deno.readFile(`${out}/${file.name}`);
      strictEqual(file.bytes, bytes.length, file.name);
      strictEqual(file.sha256, createHash("sha256").update(bytes).digest("hex"), file.name);
      strictEqual(file.rows, file.name.endsWith(".csv") ? n : 0, file.name);
    }
    deepStrictEqual(manifest.files.map((f) => f.name), [
      "metrics.csv",
      "labels.csv",
      "metrics.svg",
    ]);
    const left = [...Deno.readDirSync(out)].map((e) => e.name).sort();
    deepStrictEqual(left, ["labels.csv", "manifest.json", "metrics.csv", "metrics.svg"]);
  });

  Deno.test(`cli on configs/${name}.toml reproduces its golden files byte for byte`, async () => {
    const out = await freshDir(`golden_${name}`);
    const { flags, files } = goldenRun(SHIPPED_CONFIGS.find((c) => c.name === name)!);
    const run = await runCli(["-c", `configs/${name}.toml`, "-o", out, "-q", ...flags]);
    strictEqual(run.status, 0, run.stderr.join("\n"));
    deepStrictEqual(run.stderr, []);
    for (const file of files) {
      const golden = await Deno.readTextFile(`tests/golden/${name}/${file}`);
      ok(
        (await Deno.readTextFile(`${out}/${file}`)) === golden,
        `${name}/${file} differs from golden`,
      );
    }
    // The faults as injected (placed by the seed, arguments drawn): the manifest's list.
    const manifest = JSON.parse(await Deno.readTextFile(`${out}/manifest.json`));
    deepStrictEqual(
      manifest.anomalies,
      JSON.parse(await Deno.readTextFile(`tests/golden/${name}/anomalies.json`)),
    );
  });
}

Deno.test("cli output does not depend on --chunk-size", async () => {
  const outA = await freshDir("chunk_a");
  const outB = await freshDir("chunk_b");
  await runCli(["-c", "configs/faults_and_time.toml", "-o", outA, "-q", "--chunk-size", "7"]);
  await runCli(["-c", "configs/faults_and_time.toml", "-o", outB, "-q", "--chunk-size", "100000"]);
  for (const file of ["metrics.csv", "labels.csv", "metrics.svg", "manifest.json"]) {
    deepStrictEqual(await Deno.readFile(`${outA}/${file}`), await Deno.readFile(`${outB}/${file}`));
  }
});

Deno.test("cli flags replace seed, samples and decimals, and the manifest records them", async () => {
  const out = await freshDir("overrides");
  const run = await runCli([
    "-c",
    "configs/config.toml",
    "-o",
    out,
    "--seed",
    "0",
    "--samples",
    "900",
    "--decimals",
    "2",
  ]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  const manifest: Manifest = JSON.parse(await Deno.readTextFile(`${out}/manifest.json`));
  strictEqual(manifest.seed, 0);
  strictEqual(manifest.num_samples, 900);
  const rows = parse(await Deno.readTextFile(`${out}/metrics.csv`), { columns: true }) as Record<
    string,
    string
  >[];
  strictEqual(rows.length, 900);
  ok(rows.every((row) => !/\.\d{3}/.test(row.metric_1)));
  ok(run.stderr[0].startsWith("seed 0 (from --seed)"));
});

Deno.test("cli draws a seed when the config has none, and says how to repeat the run", async () => {
  const out = await freshDir("drawn");
  const run = await runCli(["-c", "configs/config_2.toml", "-o", out]);
  strictEqual(run.status, 0);
  const manifest: Manifest = JSON.parse(await Deno.readTextFile(`${out}/manifest.json`));
  strictEqual(
    run.stderr[0],
    `seed ${manifest.seed} (drawn at random; add it to the config to repeat this run)`,
  );
  const again = await freshDir("drawn_again");
  await runCli(["-c", "configs/config_2.toml", "-o", again, "--seed", String(manifest.seed)]);
  deepStrictEqual(
    await Deno.readFile(`${again}/metrics.csv`),
    await Deno.readFile(`${out}/metrics.csv`),
  );
});

for (const [i, [what, toml, messages]] of BAD_CONFIGS.entries()) {
  Deno.test(`cli refuses a config with ${what}: exit 2, the key path, nothing written`, async () => {
    const dir = await freshDir(`bad_${i}`);
    await Deno.writeTextFile(`${dir}/bad.toml`, toml);
    const run = await runCli(["-c", `${dir}/bad.toml`, "-o", `${dir}/out`]);
    strictEqual(run.status, 2);
    deepStrictEqual(run.stderr, messages.map((m) => `error: ${dir}/bad.toml: ${m}`));
    strictEqual(await exists(`${dir}/out`), false);
  });
}

Deno.test("cli refuses TOML syntax errors and binary files with line and column, exit 2", async () => {
  const dir = await freshDir("syntax");
  await Deno.writeTextFile(`${dir}/a.toml`, "[general]\nnum_samples = = 3\n");
  await Deno.writeFile(`${dir}/b.toml`, new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0xff]));
  const a = await runCli(["-c", `${dir}/a.toml`, "-o", `${dir}/out`]);
  const b = await runCli(["-c", `${dir}/b.toml`, "-o", `${dir}/out`]);
  strictEqual(a.status, 2);
  deepStrictEqual(a.stderr, [`error: ${dir}/a.toml:2:15: invalid TOML: invalid value`]);
  strictEqual(b.status, 2);
  deepStrictEqual(b.stderr, [
    `error: ${dir}/b.toml: not a TOML file: the bytes are not UTF-8 text`,
  ]);
  strictEqual(await exists(`${dir}/out`), false);
});

const BAD_INPUT: [string, string[], string[]][] = [
  ["a missing config file", ["-c", "tests/tmp/nope.toml"], [
    `error: cannot read config "tests/tmp/nope.toml": no such file or directory`,
  ]],
  ["a directory given as config", ["-c", "configs"], [
    `error: cannot read config "configs": it is a directory, not a file`,
  ]],
  ["no config", [], [
    "error: -c/--config is required: the config file to generate from",
    "Run with --help for usage.",
  ]],
  ["an unknown flag", ["-c", "configs/config.toml", "--sed", "1"], [
    `error: unknown option --sed; did you mean "--seed"?`,
    "Run with --help for usage.",
  ]],
  ["a bad --seed", ["-c", "configs/config.toml", "--seed=-3"], [
    `error: --seed: must be an integer >= 0: got "-3"`,
    "Run with --help for usage.",
  ]],
  ["a negative number as a flag's value", ["-c", "configs/config.toml", "--seed", "-3"], [
    `error: --seed: must be an integer >= 0: got "-3"`,
    "Run with --help for usage.",
  ]],
  ["a flag value that looks like a flag", ["-c", "configs/config.toml", "--seed", "--quiet"], [
    `error: --seed needs a value; for one that starts with "-", write --seed=VALUE`,
    "Run with --help for usage.",
  ]],
  ["a bad --samples and --decimals", [
    "-c",
    "configs/config.toml",
    "--samples",
    "1e3",
    "--decimals",
    "16",
  ], [
    `error: --samples: must be an integer >= 1: got "1e3"`,
    `error: --decimals: must be an integer from 0 to 15 or "full": got "16"`,
    "Run with --help for usage.",
  ]],
  ["a flag without its value", ["-c"], [
    "error: -c, --config needs a value",
    "Run with --help for usage.",
  ]],
  ["an unknown format", ["-c", "configs/config.toml", "--format", "csv,openmetric"], [
    `error: --format: "openmetric" is not a format; did you mean "openmetrics"? (csv, openmetrics, promtool, parquet, timeeval, graph, rcaeval)`,
    "Run with --help for usage.",
  ]],
  ["--effects without csv", ["-c", "configs/config.toml", "--format", "promtool", "--effects"], [
    "error: --effects writes effects.csv: add csv to --format",
    "Run with --help for usage.",
  ]],
  ["--byte-stream-split without parquet", ["-c", "configs/config.toml", "--byte-stream-split"], [
    "error: --byte-stream-split changes how Parquet is written: add parquet to --format",
    "Run with --help for usage.",
  ]],
  ["openmetrics without start", ["-c", "configs/config.toml", "--format", "openmetrics"], [
    `error: configs/config.toml: general.start: the openmetrics format needs the samples' times: set start, such as start = "2026-01-01T00:00:00Z" (Prometheus drops blocks older than its retention, 15 days by default: pick a recent start)`,
  ]],
  ["a stray argument", ["configs/config.toml"], [
    `error: unexpected argument "configs/config.toml"; give the config with -c FILE`,
    "Run with --help for usage.",
  ]],
  [
    "--samples too small for the config's faults",
    ["-c", "configs/config.toml", "--samples", "100"],
    [
      "error: configs/config.toml: anomalies.metric_1.at: must be less than num_samples (100): got 400",
      "error: configs/config.toml: anomalies.metric_2.at: must be less than num_samples (100): got 200",
    ],
  ],
];

for (const [what, args, stderr] of BAD_INPUT) {
  Deno.test(`cli refuses ${what} with exit 2 and a one-line reason`, async () => {
    const run = await runCli(args);
    strictEqual(run.status, 2);
    deepStrictEqual(run.stderr.slice(0, stderr.length), stderr);
    ok(run.stderr.length <= stderr.length + 3);
    ok(!run.stderr.join("\n").includes("    at "), "no stack trace");
  });
}

Deno.test("cli refuses an output directory it cannot create, exit 2", async () => {
  const dir = await freshDir("unwritable");
  await Deno.writeTextFile(`${dir}/file`, "in the way");
  const run = await runCli(["-c", "configs/config.toml", "-o", `${dir}/file/sub`]);
  strictEqual(run.status, 2);
  strictEqual(run.stderr.length, 1);
  ok(
    run.stderr[0].startsWith(`error: cannot write to output directory "${dir}/file/sub": `),
    run.stderr[0],
  );
});

Deno.test("cli without write permission for the output says which flag it needs, exit 2", async () => {
  const run = await runCli([
    "-c",
    "configs/config.toml",
    "-o",
    "/var/tmp/chaos-datagen-no-permission",
  ]);
  strictEqual(run.status, 2);
  ok(run.stderr[0].includes("Deno has no permission"), run.stderr[0]);
  ok(run.stderr[0].includes("-W="), run.stderr[0]);
});

Deno.test("cli keeps the previous files when a new run is refused", async () => {
  const out = await freshDir("keep");
  await runCli(["-c", "configs/readme_example.toml", "-o", out, "-q"]);
  const before = await Deno.readFile(`${out}/metrics.csv`);
  const run = await runCli(["-c", "configs/readme_example.toml", "-o", out, "--samples", "20"]);
  strictEqual(run.status, 2);
  deepStrictEqual(await Deno.readFile(`${out}/metrics.csv`), before);
});

Deno.test("cli --help and --version print to stdout and exit 0", async () => {
  const help = await runCli(["--help"]);
  strictEqual(help.status, 0);
  ok(help.stdout[0].includes("Usage:"));
  const version = await runCli(["--version"]);
  strictEqual(version.status, 0);
  const denoJson = JSON.parse(await Deno.readTextFile("deno.json"));
  deepStrictEqual(version.stdout, [`chaos-datagen ${denoJson.version}`]);
});

Deno.test("cli --no-plot writes no picture and lists none in the manifest", async () => {
  const out = await freshDir("no_plot");
  const run = await runCli(["-c", "configs/readme_example.toml", "-o", out, "--no-plot"]);
  strictEqual(run.status, 0);
  strictEqual(await exists(`${out}/metrics.svg`), false);
  const manifest: Manifest = JSON.parse(await Deno.readTextFile(`${out}/manifest.json`));
  deepStrictEqual(manifest.files.map((f) => f.name), ["metrics.csv", "labels.csv"]);
});

Deno.test("cli -q prints nothing on success", async () => {
  const run = await runCli([
    "-c",
    "configs/readme_example.toml",
    "-o",
    await freshDir("quiet"),
    "-q",
  ]);
  deepStrictEqual([run.status, run.stdout, run.stderr], [0, [], []]);
});

Deno.test("cli as a real process: exit status 2 and no stack trace for a bad config", async () => {
  const dir = await freshDir("process");
  await Deno.writeTextFile(
    `${dir}/bad.toml`,
    `[general]\nnum_samples = 10\n[metrics.m]\nvalue = 1\nnoise = "gausian"\n`,
  );
  const command = new Deno.Command("deno", {
    args: ["run", `-R=${dir}`, `-W=${dir}`, "cli.ts", "-c", `${dir}/bad.toml`, "-o", `${dir}/out`],
    stdout: "piped",
    stderr: "piped",
  });
  const { code, stdout, stderr } = await command.output();
  strictEqual(code, 2);
  strictEqual(new TextDecoder().decode(stdout), "");
  strictEqual(
    new TextDecoder().decode(stderr),
    `error: ${dir}/bad.toml: metrics.m.noise: "gausian" is not a noise; did you mean "gaussian"? (gaussian, uniform, exponential, logistic, laplace, normal)\n`,
  );
});

Deno.test("cli interrupted by Ctrl-C exits 130 and leaves neither final nor partial files", async () => {
  const dir = await freshDir("interrupt");
  await Deno.writeTextFile(
    `${dir}/big.toml`,
    `[general]\nseed = 1\nnum_samples = 5000000\n[metrics.a]\nvalue = 1\nnoise = "gaussian"\n[metrics.b]\nvalue = 2\nnoise = "laplace"\n`,
  );
  const child = new Deno.Command("deno", {
    args: [
      "run",
      `-R=.,${dir}`,
      `-W=${dir}`,
      "cli.ts",
      "-c",
      `${dir}/big.toml`,
      "-o",
      `${dir}/out`,
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  // Wait until the run is writing, then interrupt it.
  const writing = () => {
    try {
      return [...Deno.readDirSync(`${dir}/out`)].some((e) => e.name.startsWith(".metrics.csv."));
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 2000 && !writing(); i++) await new Promise((r) => setTimeout(r, 5));
  child.kill("SIGINT");
  const status = await child.status;
  strictEqual(status.code, 130);
  deepStrictEqual([...Deno.readDirSync(`${dir}/out`)].map((e) => e.name), []);
});
