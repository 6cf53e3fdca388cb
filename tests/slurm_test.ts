// A real cluster: a suite run as a Slurm job array (`suite --case $SLURM_ARRAY_TASK_ID`, then
// `suite --index`) and a plain run as `--shard $SLURM_ARRAY_TASK_ID/4` array tasks write the same
// bytes as one local run. It needs a Slurm cluster with an idle node (`bash .ci/slurm.sh start`,
// which .ci/run does); without one its tests are ignored.
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { freshDir, runCli } from "./_run_cli.ts";
import { folderBytes } from "./_folder.ts";

const decoder = new TextDecoder();
const REPO = Deno.cwd();
const DENO = Deno.execPath();
// Slurm ends a task that runs longer (minutes); the test kills `sbatch --wait` a little later.
const TASK_MINUTES = 5;
const WAIT_MS = (TASK_MINUTES * 60 + 60) * 1000;

/** Why there is no cluster to run on, or "" when `sinfo` shows an idle node. */
function noCluster(): string {
  try {
    const { success, stdout, stderr } = new Deno.Command("sinfo", {
      args: ["-h", "-N", "-o", "%T"],
    })
      .outputSync();
    if (!success) return `sinfo failed: ${decoder.decode(stderr).trim().split("\n")[0]}`;
    if (!decoder.decode(stdout).split("\n").includes("idle")) return "sinfo shows no idle node";
    new Deno.Command("sbatch", { args: ["--version"], stdout: "null" }).outputSync();
    return "";
  } catch (error) {
    return error instanceof Deno.errors.NotFound ? "sbatch or sinfo is missing" : String(error);
  }
}

const NO_CLUSTER = noCluster();
if (NO_CLUSTER) {
  console.warn(
    `slurm_test.ts: no Slurm cluster (${NO_CLUSTER}; bash .ci/slurm.sh start makes one): its tests are ignored`,
  );
}

/**
 * Runs `command` as the tasks 0..tasks-1 of one Slurm job array from the repository's folder and
 * waits for all to end; each task's output goes to `logs`. Fails with the logs if any task fails.
 */
async function jobArray(tasks: number, command: string, logs: string): Promise<void> {
  const { code, stdout, stderr } = await new Deno.Command("sbatch", {
    args: [
      `--array=0-${tasks - 1}`,
      "--wait",
      `--time=${TASK_MINUTES}`,
      `--chdir=${REPO}`,
      "--job-name=chaos-datagen-test",
      `--output=${REPO}/${logs}/task-%a.log`,
      `--wrap=${command}`,
    ],
    signal: AbortSignal.timeout(WAIT_MS),
  }).output();
  const logText = [...Deno.readDirSync(logs)].map((entry) =>
    `${entry.name}: ${Deno.readTextFileSync(`${logs}/${entry.name}`)}`
  ).join("\n");
  strictEqual(code, 0, `${decoder.decode(stdout)}${decoder.decode(stderr)}\n${logText}`);
}

/** The deno command line a task runs: absolute paths, since a job has no shell profile. */
function cli(args: string): string {
  return `${DENO} run -R -W=${REPO}/tests/tmp ${REPO}/cli.ts ${args}`;
}

/** A CSV's rows under one header: the header of the first, the bodies of all. */
function concatenated(paths: string[]): string {
  const texts = paths.map((path) => Deno.readTextFileSync(path));
  const header = texts[0].slice(0, texts[0].indexOf("\n") + 1);
  return header + texts.map((text) => text.slice(text.indexOf("\n") + 1)).join("");
}

Deno.test({
  name:
    "a suite as a Slurm job array of --case tasks, then --index, is one local suite run byte for byte",
  ignore: NO_CLUSTER !== "",
  async fn() {
    const dir = await freshDir("slurm-suite");
    await Deno.mkdir(`${dir}/logs`);
    const config = "configs/suite_example.toml";
    const flags = "--format csv,timeeval -q";
    await jobArray(
      4,
      cli(
        `suite -c ${REPO}/${config} -o ${REPO}/${dir}/array ${flags} --case $SLURM_ARRAY_TASK_ID`,
      ),
      `${dir}/logs`,
    );
    const index = await runCli([
      "suite",
      "-c",
      config,
      "-o",
      `${dir}/array`,
      ...flags.split(" "),
      "--index",
    ]);
    strictEqual(index.status, 0, index.stderr.join("\n"));
    const local = await runCli(["suite", "-c", config, "-o", `${dir}/local`, ...flags.split(" ")]);
    strictEqual(local.status, 0, local.stderr.join("\n"));

    const array = folderBytes(`${dir}/array`);
    const whole = folderBytes(`${dir}/local`);
    deepStrictEqual(Object.keys(array), Object.keys(whole));
    for (const name of Object.keys(whole)) deepStrictEqual(array[name], whole[name], name);
  },
});

Deno.test({
  name:
    "a shipped config as four Slurm array tasks of --shard K/4: their CSV bodies under one header are the local run",
  ignore: NO_CLUSTER !== "",
  async fn() {
    const dir = await freshDir("slurm-shards");
    await Deno.mkdir(`${dir}/logs`);
    const config = "configs/web_service_week.toml";
    await jobArray(
      4,
      cli(
        `-c ${REPO}/${config} -o ${REPO}/${dir}/shard=$SLURM_ARRAY_TASK_ID --shard $SLURM_ARRAY_TASK_ID/4 -q`,
      ),
      `${dir}/logs`,
    );
    const local = await runCli(["-c", config, "-o", `${dir}/all`, "-q", "--no-plot"]);
    strictEqual(local.status, 0, local.stderr.join("\n"));
    for (const file of ["metrics.csv", "labels.csv"]) {
      const shards = [0, 1, 2, 3].map((k) => `${dir}/shard=${k}/${file}`);
      strictEqual(concatenated(shards), Deno.readTextFileSync(`${dir}/all/${file}`), file);
    }
  },
});
