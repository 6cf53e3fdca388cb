// End-to-end benchmark: the command line against the Python peers (numpy generation written by
// polars or pandas), interleaved in one session, medians and ratios measured in the same run.
//
//   deno task bench            the micro-benchmarks, then this
//   deno run -R -W=bench/out --allow-run=deno,python3,env,promtool,sh,git,/usr/bin/time \
//     bench/compare.ts [--large] [--cases=a,b,...] [--against=REV] [--rounds=N]
//
// It installs nothing: where python3, numpy, polars, pandas or GNU time are missing it says so
// and measures what it can. --large adds 5 metrics x 10^8 samples (about 8 GB of CSV, written
// and deleted) to the memory and scaling table.
//
// --against=REV measures this version against another: REV (a commit, a tag, a branch) is
// checked out in a temporary worktree under bench/out, and every run of ours in every case is
// made by both, A then B then B then A, round after round; each case prints the ratio of the
// medians and the spread of the rounds' ratios, and a table of them closes the run. The Python
// peers are left out: they are the same for both.

import { join } from "node:path";
import { chainConfig } from "./chain_config.ts";
import { couplingConfig } from "./coupling_config.ts";
import { part2Config } from "./part2_config.ts";
import { zooConfig } from "./zoo_config.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const OUT = join(ROOT, "bench/out");
const PEERS = join(ROOT, "bench/peers");
/** `--rounds=N`: interleaved rounds per comparison (5 by default). */
const ROUNDS = Number(Deno.args.find((arg) => arg.startsWith("--rounds="))?.slice(9) ?? 5);
const large = Deno.args.includes("--large");
/** `--cases=i,j` runs only those cases (letters as printed); all by default. */
const cases = Deno.args.find((arg) => arg.startsWith("--cases="))?.slice("--cases=".length).split(
  ",",
);
const want = (name: string) => !cases || cases.includes(name);
/** `--against=REV`: the revision this version is measured against. */
const against = Deno.args.find((arg) => arg.startsWith("--against="))?.slice("--against=".length);

interface Tool {
  name: string;
  command: (config: string, out: string) => string[];
  /** Not ours (a Python peer, promtool): the same for any version, so --against skips it. */
  external?: boolean;
}

/** The folder whose cli.ts runs ours: this one, or with --against the other version's. */
let cliRoot = ROOT;

interface Sample {
  seconds: number;
  rssMb?: number;
}

const ours = (...flags: string[]): Tool["command"] => (config, out) => [
  "deno",
  "run",
  `-R=${cliRoot},${OUT}`,
  `-W=${OUT}`,
  join(cliRoot, "cli.ts"),
  "-c",
  config,
  "-o",
  out,
  "-q",
  ...flags,
];
// numpy is measured without this machine's OpenBLAS overrides, which slow a current numpy.
const pythonPeer = (script: string, ...flags: string[]): Tool["command"] => (config, out) => [
  "env",
  "-u",
  "OPENBLAS_CORETYPE",
  "-u",
  "OPENBLAS_L2_SIZE",
  "python3",
  join(PEERS, script),
  config,
  "-o",
  out,
  ...flags,
];
const peer = (writer: string) => pythonPeer("reference_numpy.py", "--writer", writer);
const external = (name: string, command: Tool["command"]): Tool => ({
  name,
  command,
  external: true,
});

async function succeeds(command: string[]): Promise<boolean> {
  try {
    const { success } = await new Deno.Command(command[0], {
      args: command.slice(1),
      stdout: "null",
      stderr: "null",
    }).output();
    return success;
  } catch {
    return false;
  }
}

const hasTime = await succeeds(["/usr/bin/time", "-f", "%M", "true"]);
const hasPython = await succeeds(["python3", "-c", "import numpy"]);
const hasPolars = hasPython && await succeeds(["python3", "-c", "import polars"]);
const hasPandas = hasPython && await succeeds(["python3", "-c", "import pandas"]);
const missing = [
  hasTime ? "" : "GNU time at /usr/bin/time (peak memory; apt-get install time)",
  hasPython ? "" : "python3 with numpy (the peers; pip install numpy)",
  hasPython && !hasPolars ? "polars (pip install polars)" : "",
  hasPython && !hasPandas ? "pandas (pip install pandas)" : "",
].filter((m) => m);
if (missing.length > 0) console.log(`missing, so not measured: ${missing.join("; ")}\n`);

async function measure(tool: Tool, config: string): Promise<Sample> {
  const out = join(OUT, "run");
  await Deno.remove(out, { recursive: true }).catch(() => {});
  const rssFile = join(OUT, "rss.txt");
  const command = tool.command(config, out);
  const wrapped = hasTime ? ["/usr/bin/time", "-f", "%M", "-o", rssFile, ...command] : command;
  const started = performance.now();
  const result = await new Deno.Command(wrapped[0], {
    args: wrapped.slice(1),
    stdout: "null",
    stderr: "piped",
  }).output();
  const seconds = (performance.now() - started) / 1000;
  if (!result.success) {
    throw new Error(`${tool.name} failed: ${new TextDecoder().decode(result.stderr)}`);
  }
  const rssMb = hasTime ? Number(await Deno.readTextFile(rssFile)) / 1024 : undefined;
  await Deno.remove(out, { recursive: true }).catch(() => {});
  return { seconds, rssMb };
}

async function makeConfig(metrics: number, samples: number, decimals?: string): Promise<string> {
  const path = join(OUT, `m${metrics}_n${samples}${decimals ? "_" + decimals : ""}.toml`);
  const python = hasPython ? "python3" : "";
  if (!python) throw new Error("python3 is needed to write the benchmark configs");
  await new Deno.Command("python3", {
    args: [join(PEERS, "make_config.py"), "-m", String(metrics), "-n", String(samples), "-o", path],
  }).output();
  if (decimals) {
    const text = await Deno.readTextFile(path);
    await Deno.writeTextFile(
      path,
      text.replace("[general]\n", `[general]\ndecimals = ${decimals}\n`),
    );
  }
  return path;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs every tool `rounds` times, interleaved, after one untimed warm-up run each. */
async function compare(
  title: string,
  config: string,
  tools: Tool[],
  rounds = ROUNDS,
  referenceName = "numpy+polars",
) {
  if (againstRoot) return await compareVersions(title, config, tools, rounds);
  for (const tool of tools) await measure(tool, config);
  const samples = new Map<string, Sample[]>(tools.map((t) => [t.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const tool of tools) samples.get(tool.name)!.push(await measure(tool, config));
  }
  const reference = samples.get(referenceName);
  const referenceMedian = reference ? median(reference.map((s) => s.seconds)) : undefined;
  console.log(`${title} (${rounds} interleaved rounds)`);
  console.log(
    `  tool                      median    min - max           ${
      `vs ${referenceName}`.padEnd(Math.max(18, referenceName.length + 5))
    }max RSS (median)`,
  );
  for (const tool of tools) {
    const runs = samples.get(tool.name)!;
    const seconds = runs.map((s) => s.seconds);
    const m = median(seconds);
    const ratio = referenceMedian ? `${(m / referenceMedian).toFixed(2)}x` : "-";
    const rss = runs[0].rssMb !== undefined
      ? `${median(runs.map((s) => s.rssMb!)).toFixed(0)} MB`
      : "-";
    console.log(
      `  ${tool.name.padEnd(24)}  ${m.toFixed(3)} s   ${Math.min(...seconds).toFixed(3)} - ${
        Math.max(...seconds).toFixed(3)
      } s     ${ratio.padEnd(16)}  ${rss}`,
    );
  }
  console.log();
  return samples;
}

/** A run of `tool` by the version in `root`. */
async function measureIn(root: string, tool: Tool, config: string): Promise<Sample> {
  cliRoot = root;
  try {
    return await measure(tool, config);
  } finally {
    cliRoot = ROOT;
  }
}

/** One line of the closing table of --against. */
const versionRows: string[] = [];

/**
 * --against: each of our tools run by this version (A) and the other (B), ABBA round after
 * round, after a warm-up run of each; the ratio A/B of the medians, and of each round.
 */
async function compareVersions(title: string, config: string, tools: Tool[], rounds: number) {
  const samples = new Map<string, Sample[]>();
  const ratios = new Map<string, number[]>();
  console.log(`${title} (${rounds} rounds, this version against ${against})`);
  console.log(
    `  tool                      this       ${
      against!.slice(0, 10).padEnd(10)
    } ratio  (rounds: min - median - max)`,
  );
  for (const tool of tools.filter((t) => !t.external)) {
    await measureIn(ROOT, tool, config);
    try {
      await measureIn(againstRoot!, tool, config);
    } catch {
      // A case the other version cannot run (a feature it lacks) is left out, and said so.
      console.log(`  ${tool.name.padEnd(24)}  (${against} cannot run it)`);
      continue;
    }
    const a: number[] = [];
    const b: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? [ROOT, againstRoot!] : [againstRoot!, ROOT];
      for (const root of order) {
        const sample = await measureIn(root, tool, config);
        (root === ROOT ? a : b).push(sample.seconds);
      }
    }
    const perRound = a.map((x, i) => x / b[i]);
    const ratio = median(a) / median(b);
    const spread = `${Math.min(...perRound).toFixed(2)} - ${median(perRound).toFixed(2)} - ${
      Math.max(...perRound).toFixed(2)
    }`;
    console.log(
      `  ${tool.name.padEnd(24)}  ${median(a).toFixed(3)} s  ${median(b).toFixed(3)} s  ${
        ratio.toFixed(2)
      }x  (${spread})`,
    );
    versionRows.push(
      `| ${title} | ${tool.name} | ${median(a).toFixed(3)} s | ${median(b).toFixed(3)} s | ${
        ratio.toFixed(2)
      } | ${spread} |`,
    );
    samples.set(tool.name, a.map((seconds) => ({ seconds })));
    ratios.set(tool.name, perRound);
  }
  console.log();
  return samples;
}

/** Checks REV out in a temporary worktree; returns its folder. */
async function addWorktree(revision: string): Promise<string> {
  const folder = join(OUT, `against-${revision.replace(/[^A-Za-z0-9._-]/g, "_")}`);
  const git = (...args: string[]) =>
    new Deno.Command("git", { args: ["-C", ROOT, ...args], stdout: "null", stderr: "piped" })
      .output();
  await git("worktree", "remove", "--force", folder);
  const added = await git("worktree", "add", "--detach", folder, revision);
  if (!added.success) {
    throw new Error(`git worktree add ${revision}: ${new TextDecoder().decode(added.stderr)}`);
  }
  return folder;
}

async function removeWorktree(folder: string): Promise<void> {
  await new Deno.Command("git", {
    args: ["-C", ROOT, "worktree", "remove", "--force", folder],
    stdout: "null",
    stderr: "null",
  }).output();
}

await Deno.mkdir(OUT, { recursive: true });
const againstRoot = against ? await addWorktree(against) : undefined;

const peers: Tool[] = [
  ...(hasPolars ? [external("numpy+polars", peer("polars"))] : []),
  ...(hasPandas ? [external("numpy+pandas", peer("pandas"))] : []),
];
const tools: Tool[] = [
  { name: "chaos-datagen", command: ours("--no-plot") },
  { name: "chaos-datagen, 1 worker", command: ours("--no-plot", "--workers", "1") },
  ...peers,
];

console.log(
  `chaos-datagen benchmark, ${new Date().toISOString()}, ${navigator.hardwareConcurrency} cores`,
);
console.log("each run writes metrics.csv and labels.csv (ours also manifest.json), 6 decimals\n");

if (want("a")) {
  await compare("(a) 5 metrics x 10^6 samples", await makeConfig(5, 1_000_000), tools);
}
if (want("b")) {
  await compare("(b) 100 metrics x 10^5 samples", await makeConfig(100, 100_000), tools);
}
if (want("c")) {
  await compare(
    "(c) decimals = full, 5 metrics x 10^6 samples",
    await makeConfig(5, 1_000_000, '"full"'),
    [tools[0], ...peers.filter((p) => p.name === "numpy+polars")],
  );
}
if (want("d")) {
  await compare(
    "(d) the picture's cost, 5 metrics x 5 x 10^6 samples",
    await makeConfig(5, 5_000_000),
    [
      { name: "chaos-datagen --no-plot", command: ours("--no-plot") },
      { name: "chaos-datagen with svg", command: ours() },
    ],
  );
}

/** The config at `path` with general.start and general.interval set. */
async function timedConfig(path: string, interval: string): Promise<string> {
  const timed = path.replace(/\.toml$/, `_start_${interval}.toml`);
  const text = await Deno.readTextFile(path);
  await Deno.writeTextFile(
    timed,
    text.replace(
      "[general]\n",
      `[general]\nstart = 2026-01-01T00:00:00Z\ninterval = "${interval}"\n`,
    ),
  );
  return timed;
}

// (f) What timestamps cost: each timed run beside the same run without start, interleaved.
const timedPeer: Tool = external("numpy+polars, timestamps", pythonPeer("timed_polars.py"));
if (want("f")) {
  for (const [metrics, samples] of [[5, 1_000_000], [1, 10_000_000]]) {
    const untimed = await makeConfig(metrics, samples);
    for (const interval of ["1s", "1m", "1h"]) {
      const timed = await timedConfig(untimed, interval);
      const withPeer = hasPolars && metrics === 1 && interval === "1m";
      await compare(
        `(f) ${metrics} metric(s) x ${samples} samples, start every ${interval} against no start`,
        timed,
        [
          { name: "no start", command: (_config, out) => ours("--no-plot")(untimed, out) },
          { name: `start, every ${interval}`, command: ours("--no-plot") },
          ...(withPeer ? [timedPeer] : []),
        ],
        3,
        "no start",
      );
    }
  }
}

/** Runs ours on `candidate` against ours on `baseline`, interleaved; ratios to the baseline. */
async function compareConfigs(
  title: string,
  baseline: { name: string; config: string },
  candidate: { name: string; config: string },
): Promise<void> {
  await compare(
    title,
    candidate.config,
    [
      { name: baseline.name, command: (_config, out) => ours("--no-plot")(baseline.config, out) },
      { name: candidate.name, command: ours("--no-plot") },
    ],
    ROUNDS,
    baseline.name,
  );
}

// (g) SPEC Part II against Part I, the same size.
if (want("g")) {
  const part2 = join(OUT, "part2_m5_n1000000.toml");
  await Deno.writeTextFile(part2, part2Config(1_000_000));
  await compareConfigs(
    "(g) Part II (seasons, wander, bounds, a counter, onset faults, windows) against Part I, 5 x 10^6",
    { name: "Part I, case (a)", config: await makeConfig(5, 1_000_000) },
    { name: "Part II", config: part2 },
  );
}

// (h) Faults that spread: a chain of 5 dependent metrics against the same metrics alone.
if (want("h")) {
  const chained = join(OUT, "chain_m5_n1000000.toml");
  const alone = join(OUT, "alone_m5_n1000000.toml");
  await Deno.writeTextFile(chained, chainConfig(1_000_000, true));
  await Deno.writeTextFile(alone, chainConfig(1_000_000, false));
  await compareConfigs(
    "(h) a chain of 5 dependent metrics against the same metrics without dependencies, 5 x 10^6",
    { name: "without dependencies", config: alone },
    { name: "chain of 5", config: chained },
  );
}

// (i) Prometheus: metrics.om beside metrics.csv, 5 x 10^6 values, then promtool's ingestion.
if (want("i")) {
  const prometheusConfig = await timedConfig(await makeConfig(5, 1_000_000), "15s");
  const formats = await compare(
    "(i) metrics.om against metrics.csv (+ labels.csv), 5 metrics x 10^6 samples every 15 s",
    prometheusConfig,
    [
      { name: "csv", command: ours("--no-plot", "--format", "csv") },
      { name: "openmetrics", command: ours("--no-plot", "--format", "openmetrics") },
      { name: "csv,openmetrics", command: ours("--no-plot", "--format", "csv,openmetrics") },
    ],
    ROUNDS,
    "csv",
  );
  for (const [name, runs] of formats) {
    const values = 5e6 / median(runs.map((r) => r.seconds));
    console.log(`  ${name.padEnd(16)} ${(values / 1e6).toFixed(1)} million values/s`);
  }
  // promtool reads the whole file once per 2-hour block it makes, so its time grows with the span
  // as much as with the samples: it is measured on a day of samples (every 86 ms), 12 blocks.
  const hasPromtool = await succeeds(["promtool", "--version"]);
  // Against another version there is nothing of ours to compare: promtool is the same binary.
  if (hasPromtool && against === undefined) {
    const kept = join(OUT, "om");
    await Deno.remove(kept, { recursive: true }).catch(() => {});
    const dayConfig = await timedConfig(await makeConfig(5, 1_000_000), "86ms");
    const make = ours("--no-plot", "--format", "openmetrics")(dayConfig, kept);
    await new Deno.Command(make[0], { args: make.slice(1) }).output();
    // Each run writes its blocks into the run's own folder, removed after it.
    const ingest = external("promtool create-blocks", (_config, out) => [
      "promtool",
      "tsdb",
      "create-blocks-from",
      "openmetrics",
      join(kept, "metrics.om"),
      out,
    ]);
    console.log();
    const runs = await compare(
      "promtool tsdb create-blocks-from openmetrics, 5 metrics x 10^6 samples every 86 ms (a day)",
      dayConfig,
      [ingest],
      3,
      ingest.name,
    );
    const seconds = median(runs.get("promtool create-blocks")!.map((r) => r.seconds));
    console.log(`  ${(5e6 / seconds / 1e6).toFixed(2)} million samples/s ingested\n`);
    await Deno.remove(kept, { recursive: true }).catch(() => {});
  } else console.log("promtool missing, so its ingestion is not measured\n");
}

/** Runs `tool` once per size; prints time and peak memory against the first size. */
async function scaling(
  title: string,
  tool: Tool,
  sizes: number[],
  configFor: (samples: number) => Promise<string>,
): Promise<void> {
  console.log(`${title} (one run each${againstRoot ? `, then ${against}'s` : ""})`);
  let base: Sample | undefined;
  for (const samples of sizes) {
    const config = await configFor(samples);
    if (againstRoot) {
      const theirs = await measureIn(againstRoot, tool, config);
      console.log(
        `  10^${Math.log10(samples)} samples, ${against}: ${theirs.seconds.toFixed(2)} s, max RSS ${
          theirs.rssMb?.toFixed(0) ?? "-"
        } MB`,
      );
    }
    const result = await measure(tool, config);
    base ??= result;
    const rss = result.rssMb !== undefined ? `${result.rssMb.toFixed(0)} MB` : "-";
    console.log(
      `  10^${Math.log10(samples)} samples: ${result.seconds.toFixed(2)} s (${
        (result.seconds / base.seconds).toFixed(1)
      }x of 10^6), max RSS ${rss}`,
    );
  }
  console.log();
}

if (want("j")) {
  await scaling(
    "(j) metrics.om: memory and time against size, 5 metrics every 15 s",
    { name: "openmetrics", command: ours("--no-plot", "--format", "openmetrics") },
    [1e6, 1e7],
    async (samples) => timedConfig(await makeConfig(5, samples), "15s"),
  );
}

// (k) Recorded input: our own metrics.csv (5 metrics, a sample a second) read back as the
// baselines of a config that adds noise and a fault, against making the same size from scratch.
async function recordedConfig(samples: number): Promise<string> {
  const synthetic = await timedConfig(await makeConfig(5, samples), "1s");
  const folder = join(OUT, `recorded_${samples}`);
  const make = ours("--no-plot", "--quiet")(synthetic, folder);
  await new Deno.Command(make[0], { args: make.slice(1) }).output();
  const path = join(OUT, `inject_${samples}.toml`);
  await Deno.writeTextFile(
    path,
    `[general]\nseed = 1\ninput = "${folder}/metrics.csv"\n` +
      `[metrics.metric_1]\nnoise = "gaussian"\n` +
      `[[anomalies.metric_1]]\nat = ${samples / 2}\nanomaly_factor = 2\npattern = "linear"\n` +
      `recovery_time = ${samples / 100}\n`,
  );
  return path;
}
if (want("k")) {
  const synthetic = await timedConfig(await makeConfig(5, 1_000_000), "1s");
  const recorded = await compare(
    "(k) a recorded input of 5 metrics x 10^6 rows read, a fault injected, written, against the same size made from scratch",
    await recordedConfig(1_000_000),
    [
      { name: "synthetic", command: (_config, out) => ours("--no-plot")(synthetic, out) },
      { name: "recorded input", command: ours("--no-plot") },
    ],
    ROUNDS,
    "synthetic",
  );
  const seconds = median(recorded.get("recorded input")!.map((r) => r.seconds));
  console.log(`  recorded input: ${(1e6 / seconds / 1e3).toFixed(0)} thousand rows/s\n`);
  await scaling(
    "(k) a recorded input against size, 5 metrics",
    { name: "recorded input", command: ours("--no-plot") },
    [1e6, 1e7],
    recordedConfig,
  );
}

// (l) Parquet against CSV, and against numpy + pyarrow writing the same table.
if (want("l")) {
  const hasPyarrow = hasPython && await succeeds(["python3", "-c", "import pyarrow"]);
  for (const samples of [1_000_000, 10_000_000]) {
    await compare(
      `(l) metrics.parquet + labels.parquet against the CSV files, 5 metrics x ${samples} samples`,
      await makeConfig(5, samples),
      [
        { name: "csv", command: ours("--no-plot", "--format", "csv") },
        { name: "parquet", command: ours("--no-plot", "--format", "parquet") },
        {
          name: "parquet, split",
          command: ours("--no-plot", "--format", "parquet", "--byte-stream-split"),
        },
        ...(hasPyarrow ? [external("numpy+pyarrow", peer("pyarrow"))] : []),
      ],
      3,
      "csv",
    );
  }
  await scaling(
    "(l) parquet: memory and time against size, 5 metrics",
    { name: "parquet", command: ours("--no-plot", "--format", "parquet") },
    large ? [1e6, 1e7, 1e8] : [1e6, 1e7],
    (samples) => makeConfig(5, samples),
  );
}

// (m) Shards: the same run as 4 shards, 2 at a time with a worker each (two cores), against one
// run on both cores.
if (want("m")) {
  const shards = (format: string): Tool["command"] => (config, out) => {
    const run = (k: number) =>
      ours("--no-plot", "--format", format, "--workers", "1", "--shard", `${k}/4`)(
        config,
        join(out, `shard=${k}`),
      ).map((arg) => `'${arg}'`).join(" ");
    return ["sh", "-c", `${run(0)} & ${run(1)} & wait; ${run(2)} & ${run(3)} & wait`];
  };
  for (const format of ["csv", "parquet"]) {
    await compare(
      `(m) ${format}: 4 shards, 2 at a time, against one run, 5 metrics x 10^7 samples`,
      await makeConfig(5, 10_000_000),
      [
        { name: "one run", command: ours("--no-plot", "--format", format) },
        { name: "4 shards", command: shards(format) },
      ],
      3,
      "one run",
    );
  }
}

// (n) The three sizes a user meets first: the shipped 1000-sample config (start-up is most of
// it), and 5 metrics x 10^6 and x 10^7 samples.
if (want("n")) {
  // A copy under bench/out, which every version measured may read.
  const shipped = join(OUT, "shipped_config.toml");
  await Deno.copyFile(join(ROOT, "configs/config.toml"), shipped);
  await compare(
    "(n) configs/config.toml, 5 metrics x 1000 samples",
    shipped,
    [tools[0]],
    ROUNDS * 3,
    tools[0].name,
  );
  for (const samples of [1_000_000, 10_000_000]) {
    await compare(
      `(n) 5 metrics x ${samples} samples, 6 decimals`,
      await makeConfig(5, samples),
      [tools[0]],
      samples > 1_000_000 ? Math.max(3, Math.ceil(ROUNDS / 2)) : ROUNDS,
      tools[0].name,
    );
  }
}

// (o) SPEC Part III: configs/anomaly_zoo.toml (every fault kind and shape, one metric each) made
// as large as case (a), 5 x 10^6 values (25 metrics x 2 x 10^5 samples, faults scaled alike),
// against case (a).
if (want("o")) {
  const zoo = join(OUT, "anomaly_zoo_5e6.toml");
  await Deno.writeTextFile(
    zoo,
    zooConfig(await Deno.readTextFile(join(ROOT, "configs/anomaly_zoo.toml"))),
  );
  await compareConfigs(
    "(o) configs/anomaly_zoo.toml as 25 metrics x 2 x 10^5 samples against Part I, 5 x 10^6 values",
    { name: "Part I, case (a)", config: await makeConfig(5, 1_000_000) },
    { name: "anomaly zoo", config: zoo },
  );
}

// (p) Metrics that move together (SPEC section 18): a chain and a fan-out of 5 coupled metrics
// against the same metrics and dependencies uncoupled; the budget is 1.2x.
if (want("p")) {
  const coupled = join(OUT, "coupled_m5_n1000000.toml");
  const uncoupled = join(OUT, "uncoupled_m5_n1000000.toml");
  await Deno.writeTextFile(coupled, couplingConfig(1_000_000, true));
  await Deno.writeTextFile(uncoupled, couplingConfig(1_000_000, false));
  await compareConfigs(
    "(p) 5 coupled metrics (a chain and a fan-out) against the same metrics uncoupled, 5 x 10^6",
    { name: "uncoupled", config: uncoupled },
    { name: "coupled", config: coupled },
  );
}

if (want("e")) {
  await scaling(
    "(e) memory and time against size, 5 metrics",
    tools[0],
    large ? [1e6, 1e7, 1e8] : [1e6, 1e7],
    (samples) => makeConfig(5, samples),
  );
}

if (againstRoot) {
  await removeWorktree(againstRoot);
  console.log(`this version against ${against}: ratio of medians (below 1: this one is faster)\n`);
  console.log("| case | run | this | " + against + " | ratio | rounds: min - median - max |");
  console.log("|---|---|---|---|---|---|");
  for (const row of versionRows) console.log(row);
}
