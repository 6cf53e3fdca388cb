// RCAEval's tree for RCA suites: with --format rcaeval, the suite's index writes DIR/rcaeval/
// <service>_<fault_type>/<n>/ over all cases, each folder's entries numbered 1, 2, ... across the
// cases in case order (one dataset folder, as RCAEval's loaders read it), each a copy byte for
// byte of a case's own entry, listed in suite.json with its case and fault; committed as one
// staged tree, and the same from a whole run, a rerun and --case tasks then --index.
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "smol-toml";
import { suiteCases } from "../src/config/suite.ts";
import { readToml } from "../src/config/toml.ts";
import { exists, freshDir, runCli } from "./_run_cli.ts";
import { folderBytes } from "./_folder.ts";

/** Case i takes seed i mod 3 and fault set i mod 2: two db faults, or one api fault. */
function suiteToml(seeds = "11, 12, 13"): string {
  return `[suite]
cases = 3
[suite.vary]
"general.seed" = [${seeds}]
anomalies = [
  { db_cpu = [
    { at = 100, anomaly_factor = 4, pattern = "step", recovery_time = 20, fault_type = "cpu" },
    { at = 150, anomaly_factor = 4, pattern = "step", recovery_time = 20, fault_type = "cpu" },
  ] },
  { api_mem = [
    { at = 120, anomaly_factor = 3, pattern = "step", recovery_time = 30, fault_type = "mem" },
  ] },
]

[general]
num_samples = 200

[metrics.db_cpu]
value = 20
noise = "gaussian"

[metrics.api_mem]
value = 80
noise = "gaussian"
`;
}

const FLAGS = ["-q", "--format", "csv,rcaeval", "--no-plot"];

/** What suite.json lists of each entry of the tree, for the suite above. */
const ENTRIES = [
  { path: "rcaeval/db_cpu/1", case: "case-0000", fault: "db_cpu#1" },
  { path: "rcaeval/db_cpu/2", case: "case-0000", fault: "db_cpu#2" },
  { path: "rcaeval/api_mem/1", case: "case-0001", fault: "api_mem#1" },
  { path: "rcaeval/db_cpu/3", case: "case-0002", fault: "db_cpu#1" },
  { path: "rcaeval/db_cpu/4", case: "case-0002", fault: "db_cpu#2" },
].map((e) => ({ ...e, from: `${e.case}/rcaeval/${e.path.split("/")[1]}/${e.fault.at(-1)}` }));

async function suite(dir: string, out: string, text = suiteToml(), ...extra: string[]) {
  const config = `${dir}/suite.toml`;
  Deno.writeTextFileSync(config, text);
  const run = await runCli(["suite", "-c", config, "-o", out, ...FLAGS, ...extra]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  return run;
}

/** The tree as it must be: each entry of suite.json holds its case's own files. */
function assertTreeOfCases(out: string, entries: typeof ENTRIES): void {
  const tree = folderBytes(`${out}/rcaeval`);
  const expected: Record<string, Uint8Array> = {};
  for (const e of entries) {
    for (const name of ["data.csv", "inject_time.txt"]) {
      expected[`${e.path.slice("rcaeval/".length)}/${name}`] = Deno.readFileSync(
        `${out}/${e.from}/${name}`,
      );
    }
  }
  deepStrictEqual(tree, expected);
  deepStrictEqual(JSON.parse(Deno.readTextFileSync(`${out}/suite.json`)).rcaeval, entries);
}

Deno.test("suite rcaeval: the tree numbers each folder's entries across cases in case order, each a byte-for-byte copy of its case's entry, listed with case and fault", async () => {
  const dir = await freshDir("suite_rcaeval_tree");
  const run = await suite(dir, `${dir}/out`);
  deepStrictEqual(run.stderr, []);
  assertTreeOfCases(`${dir}/out`, ENTRIES);
  // Copies, not links: every entry is a regular file of its own.
  for (const e of ENTRIES) {
    const info = Deno.lstatSync(`${dir}/out/${e.path}/data.csv`);
    ok(info.isFile && !info.isSymlink);
    strictEqual(Deno.statSync(`${dir}/out/${e.from}/data.csv`).ino === info.ino, false);
  }
  // Cases 0 and 2 differ by their seed only: their copies differ too.
  ok(
    Deno.readTextFileSync(`${dir}/out/rcaeval/db_cpu/1/data.csv`) !==
      Deno.readTextFileSync(`${dir}/out/rcaeval/db_cpu/3/data.csv`),
  );
  // The summary names the tree.
  const loud = await runCli([
    "suite",
    "-c",
    `${dir}/suite.toml`,
    "-o",
    `${dir}/out`,
    ...FLAGS.slice(1),
  ]);
  ok(
    /kept 3, wrote 0; index suite\.json, rcaeval\/ in /.test(loud.stderr.at(-1)!),
    loud.stderr.at(-1),
  );
});

Deno.test("suite rcaeval: a rerun with a case changed rewrites that case and the tree from it; one without rcaeval removes the tree", async () => {
  const dir = await freshDir("suite_rcaeval_rerun");
  const out = `${dir}/out`;
  await suite(dir, out);
  const before = folderBytes(`${out}/rcaeval`);
  // Case 2's seed changes: cases 0 and 1 are kept, case 2 and its entries db_cpu/3 and 4 change.
  const run = await suite(dir, out, suiteToml("11, 12, 99"), "--workers", "1");
  deepStrictEqual(run.stderr, []);
  assertTreeOfCases(out, ENTRIES);
  const after = folderBytes(`${out}/rcaeval`);
  for (const name of Object.keys(before)) {
    const same = before[name].length === after[name].length &&
      before[name].every((b, i) => b === after[name][i]);
    // inject_time.txt is the same time in both seeds.
    strictEqual(same, !/^db_cpu\/[34]\/data\.csv$/.test(name), name);
  }
  // No staging folder is left beside the tree.
  deepStrictEqual(
    [...Deno.readDirSync(out)].map((e) => e.name).sort(),
    ["case-0000", "case-0001", "case-0002", "rcaeval", "suite.json"],
  );
  const config = `${dir}/suite.toml`;
  const csv = await runCli(["suite", "-c", config, "-o", out, "-q", "--format", "csv"]);
  strictEqual(csv.status, 0, csv.stderr.join("\n"));
  strictEqual(await exists(`${out}/rcaeval`), false);
  strictEqual("rcaeval" in JSON.parse(Deno.readTextFileSync(`${out}/suite.json`)), false);
});

Deno.test("suite rcaeval: --case K for every K, then --index, write the same bytes as one whole suite", async () => {
  const dir = await freshDir("suite_rcaeval_tasks");
  await suite(dir, `${dir}/whole`);
  for (const k of [2, 0, 1]) {
    await suite(dir, `${dir}/tasks`, suiteToml(), "--case", String(k));
    strictEqual(await exists(`${dir}/tasks/rcaeval`), false);
  }
  await suite(dir, `${dir}/tasks`, suiteToml(), "--index");
  const whole = folderBytes(`${dir}/whole`);
  ok("rcaeval/db_cpu/4/data.csv" in whole && "suite.json" in whole);
  deepStrictEqual(folderBytes(`${dir}/tasks`), whole);
});

Deno.test("suite rcaeval: a case file changed after its commit is refused by --index with one line, and the old index is kept", async () => {
  const dir = await freshDir("suite_rcaeval_changed");
  const out = `${dir}/out`;
  await suite(dir, out);
  const before = folderBytes(out);
  Deno.writeTextFileSync(`${out}/case-0001/rcaeval/api_mem/1/inject_time.txt`, "0\n");
  const config = `${dir}/suite.toml`;
  const run = await runCli(["suite", "-c", config, "-o", out, ...FLAGS, "--index"]);
  strictEqual(run.status, 1);
  deepStrictEqual(run.stderr, [
    `error: cannot index "${out}/case-0001/rcaeval/api_mem/1/inject_time.txt": not the file its ` +
    `manifest lists (SHA-256 differs)`,
  ]);
  const now = folderBytes(out);
  delete before["case-0001/rcaeval/api_mem/1/inject_time.txt"];
  delete now["case-0001/rcaeval/api_mem/1/inject_time.txt"];
  deepStrictEqual(now, before);
});

Deno.test("suite rcaeval: a link planted at DIR/rcaeval is replaced by the tree, and its target is untouched", async () => {
  const dir = await freshDir("suite_rcaeval_link");
  const out = `${dir}/out`;
  await suite(dir, out);
  Deno.mkdirSync(`${dir}/elsewhere`);
  Deno.writeTextFileSync(`${dir}/elsewhere/keep.txt`, "keep\n");
  Deno.removeSync(`${out}/rcaeval`, { recursive: true });
  // By ln: Deno's own symlink needs unscoped permissions.
  const ln = new Deno.Command("ln", {
    args: ["-s", Deno.realPathSync(`${dir}/elsewhere`), `${out}/rcaeval`],
  }).outputSync();
  ok(ln.success);
  await suite(dir, out, suiteToml(), "--index");
  ok(Deno.lstatSync(`${out}/rcaeval`).isDirectory);
  deepStrictEqual(folderBytes(`${dir}/elsewhere`), {
    "keep.txt": new TextEncoder().encode("keep\n"),
  });
  assertTreeOfCases(out, ENTRIES);
});

Deno.test("configs/suite_200.toml: 200 distinct cases, every one of 4 fault kinds over the same 50 seeds; valid under config.schema.json", async () => {
  const text = Deno.readTextFileSync("configs/suite_200.toml");
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  const validate = ajv.compile(JSON.parse(Deno.readTextFileSync("config.schema.json")));
  ok(validate(JSON.parse(JSON.stringify(parse(text)))), JSON.stringify(validate.errors));
  const cases = suiteCases(readToml(new TextEncoder().encode(text), "suite_200.toml"));
  strictEqual(cases.length, 200);
  ok(cases.every((c) => c.sameAs === c.index));
  // TOML integers are BigInt: written as text.
  const kinds = (c: (typeof cases)[number]) =>
    JSON.stringify(c.varied.anomalies, (_, v) => typeof v === "bigint" ? String(v) : v);
  const pairs = new Set(cases.map((c) => `${c.varied["general.seed"]} ${kinds(c)}`));
  strictEqual(pairs.size, 200);
  const seedsOf = new Map<string, Set<unknown>>();
  for (const c of cases) {
    seedsOf.set(kinds(c), (seedsOf.get(kinds(c)) ?? new Set()).add(c.varied["general.seed"]));
  }
  strictEqual(seedsOf.size, 4);
  const first = [...[...seedsOf.values()][0]];
  strictEqual(first.length, 50);
  for (const seeds of seedsOf.values()) deepStrictEqual([...seeds], first);
  // Why the seeds list has 200 items: lists of 50 seeds and 4 kinds repeat after lcm = 100.
  const short = text.replace(
    /"general\.seed" = \[[^\]]*\]/,
    `"general.seed" = [${first.join(", ")}]`,
  );
  const repeating = suiteCases(readToml(new TextEncoder().encode(short), "short.toml"));
  strictEqual(repeating.filter((c) => c.sameAs === c.index).length, 100);
  // Its first and last case run as they are.
  const dir = await freshDir("suite_200");
  for (const k of ["0", "199"]) {
    const run = await runCli([
      "suite",
      "-c",
      "configs/suite_200.toml",
      "-o",
      dir,
      "-q",
      "--no-plot",
      "--case",
      k,
    ]);
    strictEqual(run.status, 0, run.stderr.join("\n"));
  }
  const labels = Deno.readTextFileSync(`${dir}/case-0199/labels.csv`).split("\n");
  strictEqual(labels.length, 10002);
});
