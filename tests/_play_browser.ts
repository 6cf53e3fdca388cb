// The browser half of tests/play_test.ts, in its own process: puppeteer reads the environment,
// which the test suite is not allowed. Run as
//   deno run -R -W=tests/tmp,/tmp --allow-env --allow-net=127.0.0.1 --allow-run=/usr/bin/chromium \
//     --allow-sys tests/_play_browser.ts URL DIR
// it prints `ok: BEHAVIOUR` after each behaviour seen and the keystroke-to-redraw figures, and
// exits 1 at the first that is not as it should be.

import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { generateInto, runCli } from "./_run_cli.ts";

const CHROMIUM = "/usr/bin/chromium";

/** The config typed into the page: two metrics, one fault each, a seed. */
const CONFIG = `[general]
seed = 11
num_samples = 600

[metrics.cpu]
value = 40
noise = "gaussian"

[metrics.latency_ms]
value = 120
noise = "uniform"

[anomalies.cpu]
at = 200
anomaly_factor = 2
pattern = "step"
recovery_time = 60

[anomalies.latency_ms]
at = 400
anomaly_factor = 3
pattern = "exponential"
recovery_time = 90
`;

/** A week of one-minute samples for 10 metrics: the size a keystroke must redraw quickly. */
const WEEK = `[general]
seed = 3
num_samples = 10080
start = "2026-01-05T00:00:00Z"
interval = "1m"
${
  Array.from({ length: 10 }, (_, i) => `
[metrics.m${i}]
value = ${10 + i}
noise = "gaussian"
`).join("")
}
[anomalies.m0]
at = 3000
anomaly_factor = 2
pattern = "step"
recovery_time = 200
`;

/**
 * Replaces the editor's text: all but the last character put in place, then that one typed, so
 * that one keystroke (and no half-typed text) makes the redraw.
 */
async function typeConfig(page: Page, text: string): Promise<void> {
  await page.focus("#config");
  await page.$eval("#config", (area, value) => {
    (area as unknown as { value: string }).value = value;
  }, text.slice(0, -1));
  await page.keyboard.type(text.slice(-1));
}

/** Waits until the page has drawn more than `draws` times; its count of draws. */
async function nextDraw(page: Page, draws: number): Promise<number> {
  await page.waitForFunction(`Number(document.body.dataset.draws ?? 0) > ${draws}`, {
    timeout: 20_000,
  });
  return await page.$eval("body", (body) => Number(body.dataset.draws));
}

const draws = (page: Page) => page.$eval("body", (body) => Number(body.dataset.draws ?? 0));

const [url, dir] = Deno.args;
const say = (behaviour: string) => console.log(`ok: ${behaviour}`);
/** Selects the character at `at` of the editor (run in the page: it may use nothing outside). */
const SELECT = (area: unknown, at: number) =>
  (area as { setSelectionRange(from: number, to: number): void }).setSelectionRange(at, at + 1);
const downloads = `${Deno.cwd()}/${dir}/downloads`;
await Deno.mkdir(downloads, { recursive: true });
// Chromium's profile, outside tests/: nothing of it is the tests' own.
const profile = await Deno.makeTempDir({ prefix: "play_profile_" });
let browser: Browser | undefined;
try {
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu"],
    userDataDir: profile,
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const requests: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.goto(url);
  // The first example is drawn on load.
  await page.waitForFunction("Number(document.body.dataset.draws ?? 0) > 0");
  await page.screenshot({ path: `${dir}/example.png` });
  say("the first example is drawn on load");

  // A typed config: two panels, a band per fault, the faults listed.
  let n = await draws(page);
  await typeConfig(page, CONFIG);
  n = await nextDraw(page, n);
  strictEqual(await page.$eval("body", (b) => b.dataset.panels), "2");
  deepStrictEqual(
    await page.$$eval(
      "#picture rect.band",
      (rects) => rects.map((r) => r.getAttribute("data-fault")),
    ),
    ["cpu#1", "latency_ms#1"],
  );
  deepStrictEqual(
    await page.$$eval("#faults button", (buttons) => buttons.map((b) => b.textContent)),
    [
      "cpu#1: step ×2 (pattern), samples 200-259, from sample 200",
      "latency_ms#1: exponential ×3 (pattern), samples 400-489, from sample 400",
    ],
  );
  await page.screenshot({ path: `${dir}/config.png` });
  say("a typed config draws a panel per metric and a band per fault");

  // Enter on a fault zooms the picture to it; Escape shows the whole series again.
  await page.focus("#faults button[data-fault='latency_ms#1']");
  await page.keyboard.press("Enter");
  n = await nextDraw(page, n);
  strictEqual(await page.$eval("body", (b) => b.dataset.zoom), "310-580");
  await page.screenshot({ path: `${dir}/zoom.png` });
  await page.keyboard.press("Escape");
  n = await nextDraw(page, n);
  strictEqual(await page.$eval("body", (b) => b.dataset.zoom), undefined);
  say("Enter on a fault zooms to it, Escape shows the whole series");

  // An error typed: the command line's message, beside line 7 (the noise's).
  const bad = CONFIG.replace('noise = "gaussian"', 'noise = "gausian"');
  await Deno.writeTextFile(`${dir}/bad.toml`, bad);
  const cli = await runCli(["-c", `${dir}/bad.toml`, "-o", `${dir}/bad`, "-q"]);
  strictEqual(cli.status, 2);
  const expected = cli.stderr.map((line) => line.replace(`error: ${dir}/bad.toml: `, ""));
  deepStrictEqual(expected, [
    'metrics.cpu.noise: "gausian" is not a noise; did you mean "gaussian"? (gaussian, uniform, exponential, logistic, laplace, normal)',
  ]);
  const at = CONFIG.indexOf('gaussian"') + 4;
  await page.focus("#config");
  await page.$eval("#config", SELECT, at);
  await page.keyboard.press("Backspace");
  n = await nextDraw(page, n);
  deepStrictEqual(
    await page.$$eval(
      ".inline-problem",
      (notes) => notes.map((note) => [note.getAttribute("data-line"), note.textContent]),
    ),
    [["7", expected[0]]],
  );
  strictEqual(await page.$eval("#gutter .bad", (line) => line.textContent), "7");
  await page.screenshot({ path: `${dir}/problem.png` });
  await page.keyboard.type("s");
  n = await nextDraw(page, n);
  strictEqual(await page.$eval("body", (b) => b.dataset.problems), "0");
  say("a typed error shows the command line's message at its line");

  // Downloads made in the page: the command line's bytes.
  const out = await generateInto(dir, CONFIG, "csv");
  const session = await page.createCDPSession();
  await session.send("Browser.setDownloadBehavior", {
    behavior: "allow",
    downloadPath: downloads,
  });
  for (const name of ["metrics.csv", "labels.csv"]) {
    await page.click(`button[data-download='${name}']`);
    const path = `${downloads}/${name}`;
    await waitForFile(path);
    deepStrictEqual(await Deno.readFile(path), await Deno.readFile(`${out}/${name}`), name);
    say(`${name} downloaded from the page equals the command line's`);
  }
  await page.click("button[data-download='metrics.parquet']");
  await waitForFile(`${downloads}/metrics.parquet`);
  const parquet = await Deno.readFile(`${downloads}/metrics.parquet`);
  deepStrictEqual([...parquet.subarray(0, 4), ...parquet.subarray(-4)], [
    80,
    65,
    82,
    49,
    80,
    65,
    82,
    49,
  ]);
  await page.click("button[data-download='manifest.json']");
  await waitForFile(`${downloads}/manifest.json`);
  const manifest = JSON.parse(await Deno.readTextFile(`${downloads}/manifest.json`));
  deepStrictEqual(manifest.anomalies.map((a: { id: string }) => a.id), [
    "cpu#1",
    "latency_ms#1",
  ]);
  deepStrictEqual(manifest.files.map((f: { name: string }) => f.name), [
    "metrics.csv",
    "labels.csv",
  ]);
  say("metrics.parquet and manifest.json download");

  // Keystroke to redraw for a week of 1-minute samples, 10 metrics: printed, not asserted.
  await typeConfig(page, WEEK);
  n = await nextDraw(page, n);
  strictEqual(await page.$eval("body", (b) => b.dataset.panels), "10");
  await page.screenshot({ path: `${dir}/week.png` });
  const times: number[] = [];
  const work: number[] = [];
  const render: number[] = [];
  const digit = WEEK.indexOf("value = 15") + 9;
  for (let i = 0; i < 20; i++) {
    await page.$eval("#config", SELECT, digit);
    await page.keyboard.type(String(i % 10));
    n = await nextDraw(page, n);
    times.push(await page.$eval("body", (b) => Number(b.dataset.redrawMs)));
    work.push(await page.$eval("body", (b) => Number(b.dataset.workMs)));
    render.push(await page.$eval("body", (b) => Number(b.dataset.renderMs)));
  }
  const median = (xs: number[]) => {
    const sorted = xs.toSorted((a, b) => a - b);
    return ((sorted[9] + sorted[10]) / 2).toFixed(1);
  };
  console.log(
    `keystroke to redraw on screen, 10080 samples x 10 metrics, 20 edits: median ` +
      `${median(times)} ms (min ${Math.min(...times)}, max ${Math.max(...times)}); ` +
      `in the worker ${median(work)} ms, drawing ${median(render)} ms`,
  );
  say("a week of 1-minute samples for 10 metrics redraws after each of 20 keystrokes");

  // A large config says so and draws a preview.
  await typeConfig(page, WEEK.replace("num_samples = 10080", "num_samples = 5000000"));
  n = await nextDraw(page, n);
  const status = await page.$eval("#status", (s) => s.textContent);
  ok(status!.includes("large config: a preview"), status!);
  say("a large config says so and draws a preview");

  // The shortcuts: Alt+H lists them, Alt+F goes to the faults, Alt+E back to the editor.
  await page.keyboard.down("Alt");
  await page.keyboard.press("h");
  await page.keyboard.up("Alt");
  strictEqual(await page.$eval("#shortcuts", (d) => d.hasAttribute("open")), true);
  await page.keyboard.press("Escape");
  strictEqual(await page.$eval("#shortcuts", (d) => d.hasAttribute("open")), false);
  await page.keyboard.down("Alt");
  await page.keyboard.press("f");
  await page.keyboard.up("Alt");
  strictEqual(await page.evaluate("document.activeElement.dataset.fault"), "m0#1");
  await page.keyboard.down("Alt");
  await page.keyboard.press("e");
  await page.keyboard.up("Alt");
  strictEqual(await page.evaluate("document.activeElement.id"), "config");
  say("Alt+H lists the shortcuts, Alt+F goes to the faults, Alt+E to the editor");

  // 200% zoom of a 1280x900 window: a 640x450 window of 2 device pixels per pixel. Nothing is
  // cut off sideways: the panes stack.
  await page.setViewport({ width: 640, height: 450, deviceScaleFactor: 2 });
  await typeConfig(page, CONFIG);
  n = await nextDraw(page, n);
  strictEqual(
    await page.evaluate("document.documentElement.scrollWidth <= innerWidth"),
    true,
    "wider than the window at 200%",
  );
  await page.evaluate("scrollTo(0, 0)");
  await page.screenshot({ path: `${dir}/zoom200.png` });
  say("at 200% zoom the page fits the window's width");

  // Nothing but the page's own server was asked.
  ok(requests.length > 0);
  deepStrictEqual(requests.filter((r) => !r.startsWith(url) && !r.startsWith("blob:")), []);
  say("the page asks nothing of any server but its own");
} catch (error) {
  console.log(`failed: ${error instanceof Error ? error.message : error}`);
  Deno.exitCode = 1;
} finally {
  await browser?.close();
  await Deno.remove(profile, { recursive: true });
}

async function waitForFile(path: string, seconds = 20): Promise<void> {
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    try {
      // Chromium writes NAME.crdownload and renames it when done.
      if (Deno.statSync(path).isFile) return;
    } catch {
      // Not yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${path} was not downloaded within ${seconds} s`);
}
