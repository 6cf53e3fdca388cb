// --format rcaeval: RCAEval's case layout, rcaeval/<service>_<fault_type>/<n>/data.csv and
// inject_time.txt, a case per fault with its normal period and only its own fault; the tree is a
// commit like every other file (staged whole, renamed into place, listed in the manifest, never
// written through a planted link); and pandas reads it as RCAEval's loader does.
import { createHash } from "node:crypto";
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { StagedTree } from "../cli/files.ts";
import { exists, freshDir, runCli } from "./_run_cli.ts";
import { python } from "./_python.ts";
import { waitFor } from "./_folder.ts";

const HAS_PANDAS = python("import pandas").ok;

/** A day of one-minute samples: two faults on the database, one gap on the API. */
const THREE_FAULTS = `[general]
seed = 3
num_samples = 100
start = 2026-03-01T00:00:00Z
interval = "1m"
decimals = 2

[metrics.db_latency]
value = 10
noise = "gaussian"
noise_args = { scale = 0.5 }

[metrics.api_latency]
value = 50
noise = "gaussian"
depends_on = { db_latency = { weight = 1, lag = 5 } }

[metrics.cpu]
service = "cart"
value = 0.3

[[anomalies.db_latency]]
at = 20
pattern = "step"
anomaly_factor = 3
recovery_time = 10
fault_type = "delay"

[[anomalies.db_latency]]
at = 80
pattern = "step"
anomaly_factor = 2
recovery_time = 5
fault_type = "delay"

[[anomalies.api_latency]]
kind = "missing"
at = 60
recovery_time = 10
fault_type = "loss"
`;

/** The first of the three, alone. */
const ONE_FAULT = THREE_FAULTS.slice(0, THREE_FAULTS.indexOf("[[anomalies.db_latency]]\nat = 80"));

const START_S = Date.parse("2026-03-01T00:00:00Z") / 1000;

/** A symbolic link, made with ln: Deno.symlink needs unscoped permissions. */
function symlink(target: string, path: string): void {
  const ln = new Deno.Command("ln", { args: ["-s", target, path] }).outputSync();
  ok(ln.success, new TextDecoder().decode(ln.stderr));
}

/** Every entry under `dir` that is not a folder (files and links), as relative paths, sorted. */
function walk(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of Deno.readDirSync(`${dir}/${prefix}`)) {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory && !entry.isSymlink) out.push(...walk(dir, path));
    else out.push(path);
  }
  return out.sort();
}

/** Asserts the folder holds exactly the files its manifest lists, with their sizes and hashes. */
function assertWholeTree(dir: string): string[] {
  const manifest = JSON.parse(Deno.readTextFileSync(`${dir}/manifest.json`));
  const listed: string[] = manifest.files.map((f: { name: string }) => f.name);
  deepStrictEqual(walk(dir), [...listed, "manifest.json"].sort(), `the files of ${dir}`);
  for (const file of manifest.files) {
    const bytes = Deno.readFileSync(`${dir}/${file.name}`);
    strictEqual(bytes.length, file.bytes, file.name);
    strictEqual(createHash("sha256").update(bytes).digest("hex"), file.sha256, file.name);
  }
  return listed;
}

async function generate(dir: string, toml: string, ...flags: string[]): Promise<string[]> {
  await Deno.writeTextFile(`${dir}/config.toml`, toml);
  const run = await runCli(["-c", `${dir}/config.toml`, "-o", `${dir}/out`, "-q", ...flags]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  return run.stderr;
}

Deno.test("rcaeval: the exact files of a small config, a time column in Unix seconds and a counter as its rate", async () => {
  const dir = await freshDir("rcaeval_exact");
  await generate(
    dir,
    `[general]
num_samples = 8
start = 2026-01-01T00:00:00Z
interval = "15s"
[metrics.db_cpu]
value = 0.5
[metrics.mem]
service = "cart"
value = 100
step_size = 1
[metrics.orders_total]
type = "counter"
value = 2
[[anomalies.db_cpu]]
at = 5
pattern = "step"
anomaly_factor = 2
recovery_time = 2
fault_type = "cpu"
`,
    "--format",
    "rcaeval",
    "--no-plot",
  );
  const out = `${dir}/out`;
  deepStrictEqual(walk(out), [
    "manifest.json",
    "rcaeval/db_cpu/1/data.csv",
    "rcaeval/db_cpu/1/inject_time.txt",
  ]);
  const t = (k: number) => 1767225600 + 15 * k;
  const rows = [0, 1, 2, 3, 4, 5, 6, 7].map((k) =>
    `${t(k)},${k === 5 || k === 6 ? "1.0" : "0.5"},100,2.0`
  );
  strictEqual(
    await Deno.readTextFile(`${out}/rcaeval/db_cpu/1/data.csv`),
    ["time,db_cpu,cart_mem,orders_total", ...rows].join("\n") + "\n",
  );
  strictEqual(await Deno.readTextFile(`${out}/rcaeval/db_cpu/1/inject_time.txt`), `${t(5)}\n`);
  const manifest = JSON.parse(await Deno.readTextFile(`${out}/manifest.json`));
  deepStrictEqual(
    manifest.files.map((f: { name: string; rows: number }) => [f.name, f.rows]),
    [["rcaeval/db_cpu/1/data.csv", 8], ["rcaeval/db_cpu/1/inject_time.txt", 1]],
  );
  assertWholeTree(out);
});

Deno.test("rcaeval: without start, time counts seconds from 0, with 3 decimals when the interval is not whole; a missing sample is an empty cell", async () => {
  const dir = await freshDir("rcaeval_no_start");
  await generate(
    dir,
    `[general]
num_samples = 4
interval = 0.5
[metrics.cpu]
value = 1
[[anomalies.cpu]]
kind = "missing"
at = 2
recovery_time = 1
`,
    "--format",
    "rcaeval",
    "--no-plot",
  );
  const out = `${dir}/out/rcaeval/cpu_missing/1`;
  strictEqual(
    await Deno.readTextFile(`${out}/data.csv`),
    "time,cpu_cpu\n0.000,1.0\n0.500,1.0\n1.000,\n1.500,1.0\n",
  );
  // RCAEval reads it with int(): the second the fault starts in, rounded down.
  strictEqual(await Deno.readTextFile(`${out}/inject_time.txt`), "1\n");
});

Deno.test("rcaeval: three faults make three cases, each from after the last other fault (or its effect) that ended before it to before the next one starts", async () => {
  const dir = await freshDir("rcaeval_windows");
  await generate(dir, THREE_FAULTS, "--format", "csv,rcaeval", "--no-plot");
  const out = `${dir}/out`;
  const cases: [string, number, number, number][] = [
    // folder, first sample, fault's first sample, last sample
    ["db_delay/1", 0, 20, 59], // ends before the API's gap at 60
    ["api_loss/1", 35, 60, 79], // after db_latency#1's effect on the API (25-34)
    ["db_delay/2", 70, 80, 99], // after the API's gap (60-69)
  ];
  const [header, ...rows] = (await Deno.readTextFile(`${out}/metrics.csv`)).trimEnd().split("\n");
  strictEqual(header, "timestamp,db_latency,api_latency,cpu");
  for (const [folder, first, inject, last] of cases) {
    const text = await Deno.readTextFile(`${out}/rcaeval/${folder}/data.csv`);
    const [caseHeader, ...caseRows] = text.trimEnd().split("\n");
    strictEqual(caseHeader, "time,db_latency,api_latency,cart_cpu", folder);
    // The rows are metrics.csv's samples first..last, with the time in Unix seconds.
    deepStrictEqual(
      caseRows,
      rows.slice(first, last + 1).map((row, i) =>
        [START_S + 60 * (first + i), ...row.split(",").slice(1)].join(",")
      ),
      folder,
    );
    strictEqual(
      await Deno.readTextFile(`${out}/rcaeval/${folder}/inject_time.txt`),
      `${START_S + 60 * inject}\n`,
    );
  }
  // Each case holds one fault: the labels of its rows are its own fault's and its effects'.
  const labels = (await Deno.readTextFile(`${out}/labels.csv`)).trimEnd().split("\n").slice(1);
  const labelled = (from: number, to: number) =>
    labels.slice(from, to + 1).flatMap((row, i) =>
      row.split(",").slice(1).some((cell) => cell === "1") ? [from + i] : []
    );
  const span = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
  deepStrictEqual(labelled(0, 59), span(20, 34));
  deepStrictEqual(labelled(35, 79), span(60, 69));
  deepStrictEqual(labelled(70, 99), span(80, 89));
});

Deno.test("rcaeval: the manifest lists every file of the tree, and a second run with fewer faults leaves exactly its own set", async () => {
  const dir = await freshDir("rcaeval_second_run");
  const out = `${dir}/out`;
  await generate(dir, THREE_FAULTS, "--format", "rcaeval");
  deepStrictEqual(assertWholeTree(out), [
    "rcaeval/db_delay/1/data.csv",
    "rcaeval/db_delay/1/inject_time.txt",
    "rcaeval/db_delay/2/data.csv",
    "rcaeval/db_delay/2/inject_time.txt",
    "rcaeval/api_loss/1/data.csv",
    "rcaeval/api_loss/1/inject_time.txt",
    "metrics.svg",
  ]);
  const stderr = await generate(dir, ONE_FAULT, "--format", "rcaeval", "--no-plot");
  deepStrictEqual(stderr, []);
  deepStrictEqual(assertWholeTree(out), [
    "rcaeval/db_delay/1/data.csv",
    "rcaeval/db_delay/1/inject_time.txt",
  ]);
  // A run without the format takes the old tree away, and leaves nothing staged.
  await generate(dir, ONE_FAULT, "--format", "csv", "--no-plot");
  deepStrictEqual(assertWholeTree(out), ["metrics.csv", "labels.csv"]);
  deepStrictEqual([...Deno.readDirSync(out)].map((e) => e.name).sort(), [
    "labels.csv",
    "manifest.json",
    "metrics.csv",
  ]);
});

Deno.test("rcaeval: an old manifest's names are untrusted: a path out of the tree removes nothing, and an rcaeval folder no manifest lists is kept", async () => {
  const dir = await freshDir("rcaeval_untrusted");
  const out = `${dir}/out`;
  await Deno.mkdir(`${out}/rcaeval/x_y/1`, { recursive: true });
  await Deno.writeTextFile(`${out}/rcaeval/x_y/1/data.csv`, "mine");
  await Deno.writeTextFile(`${out}/victim.txt`, "precious");
  // Unlisted: a run that does not write rcaeval leaves the folder alone.
  await generate(dir, ONE_FAULT, "--format", "csv", "--no-plot");
  strictEqual(await Deno.readTextFile(`${out}/rcaeval/x_y/1/data.csv`), "mine");
  // Listed, beside names that leave the tree: the tree goes, nothing else does.
  const manifest = JSON.parse(await Deno.readTextFile(`${out}/manifest.json`));
  manifest.files.push(
    { name: "rcaeval/../victim.txt", rows: 0, bytes: 0, sha256: "0".repeat(64) },
    { name: "rcaeval/x_y/1/data.csv", rows: 0, bytes: 4, sha256: "0".repeat(64) },
  );
  await Deno.writeTextFile(`${out}/manifest.json`, JSON.stringify(manifest));
  await generate(dir, ONE_FAULT, "--format", "csv", "--no-plot");
  strictEqual(await exists(`${out}/rcaeval`), false);
  strictEqual(await Deno.readTextFile(`${out}/victim.txt`), "precious");
});

Deno.test("rcaeval: a link planted at rcaeval is replaced by the tree, and its target is untouched", async () => {
  const dir = await freshDir("rcaeval_planted_link");
  const out = `${dir}/out`;
  await Deno.mkdir(`${dir}/target/db_delay/1`, { recursive: true });
  await Deno.writeTextFile(`${dir}/target/db_delay/1/data.csv`, "precious");
  await Deno.mkdir(out);
  symlink("../target", `${out}/rcaeval`);
  await generate(dir, ONE_FAULT, "--format", "rcaeval", "--no-plot");
  const info = await Deno.lstat(`${out}/rcaeval`);
  ok(info.isDirectory && !info.isSymlink, "rcaeval is a real folder");
  deepStrictEqual(walk(`${dir}/target`), ["db_delay/1/data.csv"]);
  strictEqual(await Deno.readTextFile(`${dir}/target/db_delay/1/data.csv`), "precious");
  assertWholeTree(out);
});

Deno.test("rcaeval: a link planted at the staging folder's name is never written through: the folder is made exclusively, and a run unlinks what a killed run left", async () => {
  const dir = await freshDir("rcaeval_planted_staging");
  const out = `${dir}/out`;
  await Deno.mkdir(`${dir}/target`);
  await Deno.mkdir(out);
  // The staging name is random: pinned here by pinning the random bytes to zeros.
  const planted = `${out}/.rcaeval.0000000000000000.partial`;
  symlink("../target", planted);
  const random = crypto.getRandomValues;
  // deno-lint-ignore no-explicit-any
  (crypto as any).getRandomValues = <T extends ArrayBufferView | null>(array: T): T => {
    new Uint8Array(array!.buffer).fill(0);
    return array;
  };
  try {
    throws(() => StagedTree.of(out, "rcaeval"), /cannot create/);
  } finally {
    crypto.getRandomValues = random;
  }
  deepStrictEqual(walk(`${dir}/target`), []);
  strictEqual((await Deno.lstat(planted)).isSymlink, true);
  // The name matches what a killed run leaves: the next run unlinks it before it stages.
  await generate(dir, ONE_FAULT, "--format", "rcaeval", "--no-plot");
  strictEqual(await exists(planted), false);
  deepStrictEqual(walk(`${dir}/target`), []);
  assertWholeTree(out);
});

Deno.test("rcaeval: SIGTERM while the tree is staged removes the staging folder and keeps the old set", async () => {
  const dir = await freshDir("rcaeval_signal");
  const out = `${dir}/out`;
  await generate(dir, ONE_FAULT, "--format", "rcaeval", "--no-plot");
  const before = assertWholeTree(out);
  const big = `[general]\nseed = 1\nnum_samples = 3000000\n[metrics.a_cpu]\nvalue = 1\n` +
    `noise = "gaussian"\n[[anomalies.a_cpu]]\nat = 2000000\npattern = "step"\n` +
    `anomaly_factor = 2\nrecovery_time = 10\n`;
  await Deno.writeTextFile(`${dir}/big.toml`, big);
  const child = new Deno.Command("deno", {
    args: ["run", `-R=.,${dir}`, `-W=${dir}`, "cli.ts", "-c", `${dir}/big.toml`, "-o", out, "-q"]
      .concat(["--format", "rcaeval", "--no-plot"]),
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const staging = () => {
    try {
      return [...Deno.readDirSync(out)].some((e) =>
        /^\.rcaeval\.[0-9a-f]{16}\.partial$/.test(e.name)
      );
    } catch {
      return false;
    }
  };
  await waitFor(staging);
  child.kill("SIGTERM");
  const { code, stderr } = await child.output();
  strictEqual(code, 143, new TextDecoder().decode(stderr));
  strictEqual(staging(), false);
  deepStrictEqual(assertWholeTree(out), before);
});

Deno.test("rcaeval refuses, with one line and exit 2, a shard, --no-faults, a config without faults, and a run where no fault has normal rows", async () => {
  const dir = await freshDir("rcaeval_refused");
  await Deno.writeTextFile(`${dir}/three.toml`, THREE_FAULTS);
  await Deno.writeTextFile(
    `${dir}/none.toml`,
    "[general]\nnum_samples = 10\n[metrics.cpu]\nvalue = 1\n",
  );
  // The second fault starts right after the first one's window (5-6) ends.
  await Deno.writeTextFile(
    `${dir}/bare.toml`,
    `[general]\nnum_samples = 20\n[metrics.a_cpu]\nvalue = 1\n[metrics.b_cpu]\nvalue = 1\n` +
      `[[anomalies.a_cpu]]\nat = 5\npattern = "step"\nanomaly_factor = 2\nrecovery_time = 2\n` +
      `[[anomalies.b_cpu]]\nat = 7\npattern = "step"\nanomaly_factor = 2\nrecovery_time = 2\n`,
  );
  await Deno.writeTextFile(
    `${dir}/first.toml`,
    `[general]\nnum_samples = 20\n[metrics.a_cpu]\nvalue = 1\n` +
      `[[anomalies.a_cpu]]\nat = 0\npattern = "step"\nanomaly_factor = 2\nrecovery_time = 2\n`,
  );
  const cases: [string[], string][] = [
    [
      ["-c", `${dir}/three.toml`, "--shard", "0/2"],
      "error: --shard: rcaeval holds whole series; shards write csv, openmetrics and parquet",
    ],
    [
      ["-c", `${dir}/three.toml`, "--no-faults"],
      "error: --no-faults leaves no fault, and --format rcaeval writes a case per fault",
    ],
    [
      ["-c", `${dir}/none.toml`],
      "error: --format rcaeval writes a case per fault, and the config has none",
    ],
    [
      ["-c", `${dir}/first.toml`],
      `error: ${dir}/first.toml: anomalies.a_cpu: no fault has normal rows before it (fault ` +
      `"a_cpu#1" starts at sample 0): the rcaeval format writes no case; leave a gap before a fault`,
    ],
  ];
  for (const [flags, line] of cases) {
    const run = await runCli([...flags, "-o", `${dir}/out`, "-q", "--format", "rcaeval"]);
    strictEqual(run.status, 2, flags.join(" "));
    strictEqual(run.stderr[0], line);
    ok(run.stderr.length === 1 || run.stderr[1] === "Run with --help for usage.", run.stderr[1]);
    strictEqual(await exists(`${dir}/out/rcaeval`), false);
  }
  // A fault right after another has no case of its own; the others are written, and it is named.
  const run = await runCli(["-c", `${dir}/bare.toml`, "-o", `${dir}/out`, "--format", "rcaeval"]);
  strictEqual(run.status, 0);
  strictEqual(
    run.stderr[0],
    `note: rcaeval: no case for 1 of 2 faults, which have no normal rows before them (at sample ` +
      `0, or right after another fault or effect): b_cpu#1`,
  );
  strictEqual(await exists(`${dir}/out/rcaeval/a_pattern/1/data.csv`), true);
  strictEqual(await exists(`${dir}/out/rcaeval/b_pattern`), false);
});

Deno.test({
  name:
    "rcaeval: pandas reads every case as RCAEval's loader does: service and fault from the folder, inject_time with int(), normal rows before it",
  ignore: !HAS_PANDAS,
  fn: async () => {
    const dir = await freshDir("rcaeval_pandas");
    await generate(dir, THREE_FAULTS, "--format", "rcaeval", "--no-plot");
    // RCAEval's reading, in our words: the case's parent folder split on "_" into exactly a
    // service and a fault, data.csv by read_csv, the first line of inject_time.txt by int(), the
    // rows before it normal, the rest anomalous; a column's service is its part before "_".
    const run = python(`
import glob, json, os
import pandas as pd
cases = []
for path in sorted(glob.glob(os.path.join(${
      JSON.stringify(`${dir}/out`)
    }, "**", "data.csv"), recursive=True)):
    service, fault = os.path.basename(os.path.dirname(os.path.dirname(path))).split("_")
    data = pd.read_csv(path)
    with open(os.path.join(os.path.dirname(path), "inject_time.txt")) as f:
        inject_time = int(f.readlines()[0].strip())
    normal = data[data["time"] < inject_time]
    anomalous = data[data["time"] >= inject_time]
    cases.append({
        "case": [service, fault, os.path.basename(os.path.dirname(path))],
        "dtypes": [str(t) for t in data.dtypes],
        "services": sorted({c.split("_")[0] for c in data.columns if c != "time"}),
        "rows": [len(normal), len(anomalous)],
        "first": int(data["time"].iloc[0]) - inject_time,
        "missing": {c: int(n) for c, n in data.isna().sum().items() if n > 0},
        "root_column": service + "_latency" in data.columns,
    })
print(json.dumps(cases))
`);
    ok(run.ok, run.out);
    const floats = ["int64", "float64", "float64", "float64"];
    deepStrictEqual(JSON.parse(run.out), [
      {
        case: ["api", "loss", "1"],
        dtypes: floats,
        services: ["api", "cart", "db"],
        rows: [25, 20],
        first: -25 * 60,
        missing: { api_latency: 10 },
        root_column: true,
      },
      {
        case: ["db", "delay", "1"],
        dtypes: floats,
        services: ["api", "cart", "db"],
        rows: [20, 40],
        first: -20 * 60,
        missing: {},
        root_column: true,
      },
      {
        case: ["db", "delay", "2"],
        dtypes: floats,
        services: ["api", "cart", "db"],
        rows: [10, 20],
        first: -10 * 60,
        missing: {},
        root_column: true,
      },
    ]);
  },
});
