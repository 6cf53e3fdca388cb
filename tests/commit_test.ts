// The output folder as rsync or git would keep it: the old whole set or the new whole set, never
// a mix; one writer at a time; a planted link never redirects a write; signals and a full disk
// leave no temporary files behind.
import { deepStrictEqual, notStrictEqual, ok, strictEqual } from "node:assert/strict";
import { FolderLock, LOCK_NAME } from "../cli/lock.ts";
import { assertWholeSet, waitFor, writeBigConfig, writing } from "./_folder.ts";
import { exists, freshDir, runCli } from "./_run_cli.ts";

const SMALL = "configs/readme_example.toml";

function spawnCli(dir: string, args: string[], script = "cli.ts"): Deno.ChildProcess {
  return new Deno.Command("deno", {
    args: ["run", `-R=.,${dir}`, `-W=${dir}`, script, ...args],
    stdout: "null",
    stderr: "piped",
  }).spawn();
}

/** A symbolic link, made with ln: Deno.symlink needs unscoped permissions. */
function symlink(target: string, path: string): void {
  const ln = new Deno.Command("ln", { args: ["-s", target, path] }).outputSync();
  ok(ln.success, new TextDecoder().decode(ln.stderr));
}

async function finish(child: Deno.ChildProcess): Promise<{ code: number; stderr: string[] }> {
  const { code, stderr } = await child.output();
  const text = new TextDecoder().decode(stderr).trimEnd();
  return { code, stderr: text === "" ? [] : text.split("\n") };
}

Deno.test("a link planted at a final name is replaced by the file, and its target is untouched", async () => {
  const dir = await freshDir("planted_final");
  const target = `${dir}/target.txt`;
  await Deno.writeTextFile(target, "precious");
  await Deno.mkdir(`${dir}/out`);
  for (const name of ["metrics.csv", "labels.csv", "metrics.svg", "manifest.json"]) {
    symlink(`../target.txt`, `${dir}/out/${name}`);
  }
  const run = await runCli(["-c", SMALL, "-o", `${dir}/out`, "-q"]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  strictEqual(await Deno.readTextFile(target), "precious");
  assertWholeSet(`${dir}/out`);
});

Deno.test("links planted at the temporary and lock names are never written through", async () => {
  const dir = await freshDir("planted_temporary");
  const target = `${dir}/target.txt`;
  await Deno.writeTextFile(target, "precious");
  await Deno.mkdir(`${dir}/out`);
  // The names the previous version used, and the lock's name.
  for (const name of [".labels.csv.partial", ".metrics.csv.partial", ".probe.partial", LOCK_NAME]) {
    symlink(`../target.txt`, `${dir}/out/${name}`);
  }
  const run = await runCli(["-c", SMALL, "-o", `${dir}/out`, "-q"]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  strictEqual(await Deno.readTextFile(target), "precious");
  strictEqual((await Deno.lstat(`${dir}/out/labels.csv`)).isFile, true);
  strictEqual(await exists(`${dir}/out/${LOCK_NAME}`), false);
});

Deno.test("a run into a folder another run holds exits 2 with one line and touches nothing", async () => {
  const dir = await freshDir("locked");
  await runCli(["-c", SMALL, "-o", dir, "-q"]);
  const before = assertWholeSet(dir);
  const lock = FolderLock.acquire(dir);
  try {
    const run = await runCli(["-c", SMALL, "-o", dir, "--seed", "7"]);
    strictEqual(run.status, 2);
    deepStrictEqual(run.stderr, [
      `error: another run (pid ${Deno.pid}) is writing to "${dir}"`,
    ]);
  } finally {
    lock.releaseSync();
  }
  deepStrictEqual(assertWholeSet(dir), before);
});

Deno.test("a lock left by a dead run is taken over", async () => {
  const dir = await freshDir("stale_lock");
  // A lock file whose advisory lock nobody holds: its process is gone.
  await Deno.writeTextFile(`${dir}/${LOCK_NAME}`, "999999999\n");
  const run = await runCli(["-c", SMALL, "-o", dir, "-q"]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  strictEqual(await exists(`${dir}/${LOCK_NAME}`), false);
  assertWholeSet(dir);
});

Deno.test("a run killed with SIGKILL leaves a lock and temporary files that the next run clears", async () => {
  const dir = await freshDir("killed");
  const config = writeBigConfig(dir, 3_000_000);
  const child = spawnCli(dir, ["-c", config, "-o", `${dir}/out`, "-q"]);
  await waitFor(() => writing(`${dir}/out`));
  child.kill("SIGKILL");
  await child.status;
  ok(await exists(`${dir}/out/${LOCK_NAME}`));
  const run = await runCli(["-c", SMALL, "-o", `${dir}/out`, "-q"]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  assertWholeSet(`${dir}/out`);
});

Deno.test("two runs into one folder at once: one is refused or waits its turn, the set is whole", async () => {
  const dir = await freshDir("two_runs");
  const config = writeBigConfig(dir, 400_000);
  const out = `${dir}/out`;
  const first = spawnCli(dir, ["-c", config, "-o", out, "-q", "--seed", "1"]);
  await waitFor(() => writing(out));
  const second = await finish(spawnCli(dir, ["-c", config, "-o", out, "-q", "--seed", "2"]));
  const done = await finish(first);
  strictEqual(done.code, 0, done.stderr.join("\n"));
  strictEqual(second.code, 2);
  strictEqual(second.stderr.length, 1);
  ok(/^error: another run \(pid \d+\) is writing to /.test(second.stderr[0]), second.stderr[0]);
  strictEqual(assertWholeSet(out).seed, 1);
});

Deno.test("a new set drops the old set's files that it does not have", async () => {
  const dir = await freshDir("drops_picture");
  await runCli(["-c", SMALL, "-o", dir, "-q"]);
  ok(await exists(`${dir}/metrics.svg`));
  const run = await runCli(["-c", SMALL, "-o", dir, "-q", "--no-plot"]);
  strictEqual(run.status, 0);
  deepStrictEqual(assertWholeSet(dir).entries, ["labels.csv", "manifest.json", "metrics.csv"]);
});

const SIGNALS = [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]] as const;

for (const [signal, code] of SIGNALS) {
  Deno.test(`${signal} while writing: exit ${code}, one line, the old set kept, nothing left over`, async () => {
    const dir = await freshDir(`signal_${signal}`);
    const out = `${dir}/out`;
    await runCli(["-c", SMALL, "-o", out, "-q"]);
    const before = assertWholeSet(out);
    const config = writeBigConfig(dir, 4_000_000);
    const child = spawnCli(dir, ["-c", config, "-o", out, "-q"]);
    await waitFor(() => writing(out));
    child.kill(signal);
    const result = await finish(child);
    strictEqual(result.code, code);
    deepStrictEqual(result.stderr, [`stopped by ${signal}; "${out}" keeps the files it had`]);
    deepStrictEqual(assertWholeSet(out), before);
  });
}

// The commit's steps, in order; a signal at any of them is honoured once the commit is done.
const STEPS = ["removed manifest.json", "renamed metrics.csv", "renamed labels.csv"];

for (const [i, step] of STEPS.entries()) {
  const [signal, code] = SIGNALS[i];
  Deno.test(`${signal} during the commit (${step}) waits for it: the new set is whole`, async () => {
    const dir = await freshDir(`commit_signal_${i}`);
    const out = `${dir}/out`;
    await runCli(["-c", SMALL, "-o", out, "-q", "--seed", "1"]);
    const marker = `${dir}/paused`;
    const child = spawnCli(
      dir,
      [step, marker, "-c", SMALL, "-o", out, "-q", "--seed", "2"],
      "tests/_commit_child.ts",
    );
    await waitFor(() => {
      try {
        return Deno.readTextFileSync(marker) === step;
      } catch {
        return false;
      }
    });
    child.kill(signal);
    const result = await finish(child);
    strictEqual(result.code, code);
    deepStrictEqual(result.stderr, [
      `stopped by ${signal} after the new files were committed to "${out}"`,
    ]);
    strictEqual(assertWholeSet(out).seed, 2);
  });
}

/** Mounts a small tmpfs at `dir` (root only); returns whether it could. */
function mountTmpfs(dir: string, options: string): boolean {
  const mount = new Deno.Command("mount", {
    args: ["-t", "tmpfs", "-o", options, "tmpfs", dir],
    stdout: "null",
    stderr: "null",
  });
  try {
    return mount.outputSync().success;
  } catch {
    return false;
  }
}

function unmount(dir: string): void {
  new Deno.Command("umount", { args: [dir], stdout: "null", stderr: "null" }).outputSync();
}

const CAN_MOUNT = (() => {
  Deno.mkdirSync("tests/tmp/probe_mount", { recursive: true });
  const can = mountTmpfs("tests/tmp/probe_mount", "size=64k");
  if (can) unmount("tests/tmp/probe_mount");
  return can;
})();

Deno.test({
  name: "out of space while writing data: exit 1, one line naming the file, the old set kept",
  ignore: !CAN_MOUNT,
  async fn() {
    const dir = await freshDir("full_data");
    const config = writeBigConfig(await freshDir("full_data_config"), 200_000);
    ok(mountTmpfs(dir, "size=256k"));
    try {
      await runCli(["-c", SMALL, "-o", dir, "-q"]);
      const before = assertWholeSet(dir);
      // Without --allow-sys=statfs the free space is not checked first: the disk fills up.
      const run = await finish(spawnCli(dir, ["-c", config, "-o", dir, "-q"]));
      strictEqual(run.code, 1);
      strictEqual(run.stderr.length, 1);
      ok(
        /^error: cannot write "[^"]+\.partial": No space left on device \(os error 28\)$/.test(
          run.stderr[0],
        ),
        run.stderr[0],
      );
      deepStrictEqual(assertWholeSet(dir), before);
      // With it, the run is refused before it writes anything.
      const refused = await runCli(["-c", config, "-o", dir, "-q"]);
      strictEqual(refused.status, 2);
      ok(
        /^error: the output needs about [\d.]+ MB and "[^"]+" has [\d.]+ MB free/.test(
          refused.stderr[0],
        ),
      );
      deepStrictEqual(assertWholeSet(dir), before);
    } finally {
      unmount(dir);
    }
  },
});

Deno.test({
  name: "out of space for the manifest: the old set kept whole, no new file committed",
  ignore: !CAN_MOUNT,
  async fn() {
    const dir = await freshDir("full_manifest");
    // Inodes for the folder, the old set's four files, the lock and three temporary files: the
    // new manifest's temporary file is the one that cannot be made.
    ok(mountTmpfs(dir, "size=1m,nr_inodes=9"));
    try {
      await runCli(["-c", SMALL, "-o", dir, "-q", "--seed", "1"]);
      const before = assertWholeSet(dir);
      const run = await runCli(["-c", SMALL, "-o", dir, "-q", "--seed", "2"]);
      strictEqual(run.status, 1);
      deepStrictEqual(run.stderr.length, 1);
      ok(run.stderr[0].includes("manifest.json"), run.stderr[0]);
      deepStrictEqual(assertWholeSet(dir), before);
      notStrictEqual(before.seed, undefined);
    } finally {
      unmount(dir);
    }
  },
});
