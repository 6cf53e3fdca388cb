// The playground: what `play` serves against what `play --build` writes, and the page in a real
// browser (Debian's Chromium, driven by puppeteer-core in tests/_play_browser.ts) against
// `cli.ts play` in its own process; the browser half is skipped when Chromium is missing.

import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { freshDir, runCli } from "./_run_cli.ts";
import { python } from "./_python.ts";
import { PLAY_FILES } from "../cli/play.ts";

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = (() => {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
})();

/** Starts `play` on a free loopback port; its URL. */
async function startPlay(): Promise<{ child: Deno.ChildProcess; url: string }> {
  const child = new Deno.Command("deno", {
    args: [
      "run",
      "-R",
      "--allow-run=deno",
      "-N=127.0.0.1",
      "cli.ts",
      "play",
      "--listen",
      "127.0.0.1:0",
    ],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let said = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`play stopped: ${said}`);
    said += value;
    const url = /playground at (http:\/\/\S+\/)/.exec(said)?.[1];
    if (url) {
      // The rest is drained so the child never blocks on a full pipe.
      (async () => {
        while (!(await reader.read()).done);
      })();
      return { child, url };
    }
  }
}

Deno.test({
  name: "play serves the files play --build writes, byte for byte, and nothing else",
  async fn() {
    // Outside tests/, where `deno check tests/` would take the built scripts for its own.
    const dir = await Deno.makeTempDir({ prefix: "play_build_" });
    const built = await runCli(["play", "--build", dir, "-q"]);
    strictEqual(built.status, 0, built.stderr.join("\n"));
    const { child, url } = await startPlay();
    try {
      for (const name of Object.keys(PLAY_FILES)) {
        const response = await fetch(new URL(name, url));
        strictEqual(response.status, 200, name);
        strictEqual(response.headers.get("content-type"), PLAY_FILES[name]);
        deepStrictEqual(
          new Uint8Array(await response.arrayBuffer()),
          await Deno.readFile(`${dir}/${name}`),
          `${name} as served differs from play --build's`,
        );
      }
      deepStrictEqual(
        [...Deno.readDirSync(dir)].map((e) => e.name).sort(),
        Object.keys(PLAY_FILES).sort(),
      );
      const index = await fetch(url);
      strictEqual(await index.text(), await Deno.readTextFile(`${dir}/index.html`));
      const missing = await fetch(new URL("nothing.js", url));
      strictEqual(missing.status, 404);
      await missing.body?.cancel();
    } finally {
      child.kill("SIGTERM");
      strictEqual((await child.status).code, 0);
      await Deno.remove(dir, { recursive: true });
    }
  },
});

/** What the browser half checks, in order: each printed as `ok: ...` when seen. */
const BEHAVIOURS = [
  "the first example is drawn on load",
  "a typed config draws a panel per metric and a band per fault",
  "Enter on a fault zooms to it, Escape shows the whole series",
  "a typed error shows the command line's message at its line",
  "metrics.csv downloaded from the page equals the command line's",
  "labels.csv downloaded from the page equals the command line's",
  "metrics.parquet and manifest.json download",
  "a week of 1-minute samples for 10 metrics redraws after each of 20 keystrokes",
  "a large config says so and draws a preview",
  "Alt+H lists the shortcuts, Alt+F goes to the faults, Alt+E to the editor",
  "at 200% zoom the page fits the window's width",
  "the page asks nothing of any server but its own",
];

Deno.test({
  name: "in Chromium, the page draws a typed config, zooms to a fault, shows a problem at its " +
    "line and downloads the command line's CSV bytes",
  ignore: !haveChromium,
  async fn() {
    const dir = await freshDir("play");
    const { child, url } = await startPlay();
    try {
      const browser = await new Deno.Command("deno", {
        args: [
          "run",
          "-R",
          "-W=tests/tmp,/tmp",
          "--allow-env",
          "--allow-net=127.0.0.1",
          `--allow-run=${CHROMIUM}`,
          "--allow-sys",
          "tests/_play_browser.ts",
          url,
          dir,
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const said = new TextDecoder().decode(browser.stdout).trim().split("\n");
      // The figures, for the notes: no test asserts a duration.
      for (const line of said.filter((line) => !line.startsWith("ok: "))) console.log(line);
      deepStrictEqual(
        said.filter((line) => line.startsWith("ok: ")).map((line) => line.slice(4)),
        BEHAVIOURS,
        new TextDecoder().decode(browser.stderr),
      );
      strictEqual(browser.code, 0);
      // The page's Parquet (zstd frames of stored blocks) read by DuckDB and polars: the same
      // table as the command line's.
      const cli = await runCli(
        ["-c", `${dir}/config.toml`, "-o", `${dir}/cli`, "--format", "parquet", "-q", "--no-plot"],
      );
      strictEqual(cli.status, 0, cli.stderr.join("\n"));
      if (python("import duckdb, polars").ok) {
        const read = python(`
import duckdb, polars as pl
page, cli = "${dir}/downloads/metrics.parquet", "${dir}/cli/metrics.parquet"
print(pl.read_parquet(page).equals(pl.read_parquet(cli)), len(pl.read_parquet(page)))
print(duckdb.sql(f"select * from '{page}' except select * from '{cli}'").fetchall())
`);
        deepStrictEqual(read, { ok: true, out: "True 600\n[]" });
      }
    } finally {
      child.kill("SIGTERM");
      strictEqual((await child.status).code, 0);
    }
  },
});
