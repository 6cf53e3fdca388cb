// A config fuzzer with a fixed seed: mutants of the shipped configs (keys dropped, types swapped,
// extreme numbers, odd names, garbage bytes), each run through the command line. Every one must
// end in exit 0 with a whole set of files whose values are finite, or in exit 2 with short,
// escaped lines, no stack trace and nothing written.
import { ok, strictEqual } from "node:assert/strict";
import { parse as parseCsv } from "csv-parse/sync";
import { parse, stringify } from "smol-toml";
import { assertWholeSet } from "./_folder.ts";
import { exists, freshDir, runCli, SHIPPED_CONFIGS } from "./_run_cli.ts";
import { freePort, rawRequest, startServe } from "./_serve.ts";

const MUTANTS = 300;
const GROUP = 50;

/** mulberry32: a small seeded generator for the fuzzer's choices. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EXTREMES: unknown[] = [
  0,
  -1,
  1,
  2.5,
  -0,
  1e308,
  -1e308,
  5e-324,
  2 ** 53,
  2 ** 63,
  1e15,
  NaN,
  Infinity,
  -Infinity,
  "",
  "x",
  "1h",
  true,
  [],
  [1, 2],
  { a: 1 },
];
const ODD_NAMES = [
  "toString",
  "__proto__",
  "constructor",
  "hasOwnProperty",
  "=1+1",
  "-x",
  "@x",
  "+x",
  "a\u001b]0;t\u0007b",
  "",
  " ",
  "timestamp",
  "a,b",
  'q"uote',
  "ünïcødé",
  "x\u202ey",
  "x".repeat(3000),
  "10",
];

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    !(value instanceof Date);
}

/** Every [table, key] in the document, tables included. */
function slots(table: Table, out: [Table, string][] = []): [Table, string][] {
  for (const key of Object.keys(table)) {
    out.push([table, key]);
    const value = table[key];
    if (isTable(value)) slots(value, out);
    if (Array.isArray(value)) value.filter(isTable).forEach((t) => slots(t, out));
  }
  return out;
}

function pick<T>(rng: () => number, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

function swapType(value: unknown): unknown {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return Number(value) || 7;
  if (typeof value === "boolean") return 1;
  if (isTable(value)) return [value];
  return { value };
}

function renameMetric(rng: () => number, doc: Table): void {
  const metrics = doc.metrics;
  if (!isTable(metrics)) return;
  const from = pick(rng, Object.keys(metrics));
  if (from === undefined) return;
  const to = pick(rng, ODD_NAMES);
  for (const part of [metrics, doc.anomalies]) {
    if (!isTable(part) || !(from in part)) continue;
    const value = part[from];
    delete part[from];
    Object.defineProperty(part, to, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
}

/** `bytes` with a few random bytes put in at a random place, or cut there. */
function garbled(rng: () => number, bytes: Uint8Array, insert: boolean): Uint8Array {
  const at = Math.floor(rng() * bytes.length);
  if (!insert) return bytes.subarray(0, at);
  const garbage = Uint8Array.from({ length: 1 + Math.floor(rng() * 8) }, () => rng() * 256);
  return new Uint8Array([...bytes.subarray(0, at), ...garbage, ...bytes.subarray(at)]);
}

/** One mutant of `text`: its TOML text, or raw bytes for the garbage kind. */
function mutate(rng: () => number, text: string): string | Uint8Array {
  const kind = Math.floor(rng() * 7);
  if (kind === 6) {
    return garbled(rng, new TextEncoder().encode(text), rng() < 0.5);
  }
  const doc = parse(text) as Table;
  const times = 1 + Math.floor(rng() * 3);
  for (let i = 0; i < times; i++) {
    const all = slots(doc);
    const [table, key] = pick(rng, all);
    switch (kind) {
      case 0:
        delete table[key];
        break;
      case 1:
      case 2:
        table[key] = pick(rng, EXTREMES);
        break;
      case 3:
        table[key] = swapType(table[key]);
        break;
      case 4:
        renameMetric(rng, doc);
        break;
      default:
        Object.defineProperty(table, pick(rng, ODD_NAMES), {
          value: pick(rng, EXTREMES),
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
  }
  try {
    return stringify(doc);
  } catch {
    // Not expressible in TOML (NaN in an array, say): the unmutated text, then cut short.
    return text.slice(0, Math.floor(rng() * text.length));
  }
}

const sources = SHIPPED_CONFIGS.map(({ name }) => Deno.readTextFileSync(`configs/${name}.toml`));
// deno-lint-ignore no-control-regex -- control characters are what it finds
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/;

for (let group = 0; group < MUTANTS / GROUP; group++) {
  const first = group * GROUP;
  Deno.test(`fuzzed configs ${first}-${first + GROUP - 1}: exit 0 with a whole set, or exit 2 with short escaped lines and nothing written`, async () => {
    const rng = random(20261128 + group);
    const dir = await freshDir(`fuzz_${group}`);
    let accepted = 0;
    for (let i = first; i < first + GROUP; i++) {
      const mutant = mutate(rng, pick(rng, sources));
      const path = `${dir}/${i}.toml`;
      if (typeof mutant === "string") await Deno.writeTextFile(path, mutant);
      else await Deno.writeFile(path, mutant);
      const out = `${dir}/out_${i}`;
      const run = await runCli(["-c", path, "-o", out, "-q", ...(i % 3 ? ["--no-plot"] : [])]);
      const where = `mutant ${i} (${path}): exit ${run.status}\n${run.stderr.join("\n")}`;
      ok(run.status === 0 || run.status === 2, where);
      for (const line of run.stderr) {
        ok(!UNSAFE.test(line), `control character in: ${where}`);
        ok(line.length <= 1000, `a line of ${line.length} characters: ${where}`);
        ok(line.startsWith("error: ") || line.startsWith("note: "), where);
        ok(!line.includes("unexpected failure") && !/^\s+at /.test(line), where);
      }
      if (run.status === 2) {
        strictEqual(await exists(out), false, `wrote something: ${where}`);
        continue;
      }
      accepted++;
      assertWholeSet(out);
      const rows = parseCsv(await Deno.readTextFile(`${out}/metrics.csv`), {
        columns: true,
      }) as Record<string, string>[];
      for (const row of rows) {
        for (const cell of Object.values(row)) {
          ok(cell === "" || /^[-+.:0-9eTZ]+$/.test(cell), where);
        }
      }
    }
    // Some mutants must stay valid, or the fuzzer tests only the refusals.
    ok(accepted > 0, "no mutant was accepted");
  });
}

// The other doors, fuzzed the same way: recorded inputs (CSV and Prometheus JSON), detections
// files for score, and raw HTTP requests to serve.

const ODD_CELLS = [
  "",
  " ",
  "NaN",
  "nan",
  "0x10",
  "0b1",
  "1e999",
  "-1e308",
  "Infinity",
  "1_0",
  "-",
  ".",
  "1.2.3",
  '"1"',
  "2026-02-30T00:00:00Z",
  "2026-01-01T24:00:00Z",
  "9000000000000000",
  "-1",
  "\u0000",
  "a\u001b[2Jb",
  "x".repeat(5000),
  "1,2",
  "true",
];

const FINE_CELLS = ["", "NaN", "-0", "1e5", "0.000001", "-7", " 3 ", "1", "0"];

/** A line-level and byte-level mutant of `text`: cells, lines and bytes changed. */
function mutateLines(rng: () => number, text: string): string | Uint8Array {
  const kind = Math.floor(rng() * 6);
  if (kind === 5) {
    return garbled(rng, new TextEncoder().encode(text), rng() < 0.5);
  }
  const lines = text.split("\n");
  const times = 1 + Math.floor(rng() * 3);
  for (let i = 0; i < times; i++) {
    const line = Math.floor(rng() * lines.length);
    const cells = lines[line].split(",");
    switch (kind) {
      case 0:
        // A value that reads, in a value's place: the run must take it.
        if (line > 0 && cells.length > 1) {
          cells[1 + Math.floor(rng() * (cells.length - 1))] = pick(rng, FINE_CELLS);
          lines[line] = cells.join(",");
        }
        break;
      case 1:
        cells[Math.floor(rng() * cells.length)] = pick(rng, ODD_CELLS);
        lines[line] = cells.join(",");
        break;
      case 2:
        lines.splice(line, 1);
        break;
      case 3:
        lines.splice(line, 0, lines[Math.floor(rng() * lines.length)]);
        break;
      default:
        lines[line] = cells.concat(pick(rng, ODD_CELLS)).join(",");
    }
  }
  return lines.join("\n");
}

/** A mutant of a Prometheus answer: a value anywhere in it replaced, or its text cut. */
function mutateJson(rng: () => number, text: string): string | Uint8Array {
  if (rng() < 0.2) return mutateLines(rng, text);
  const doc = JSON.parse(text);
  const places: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        places.push([value, i]);
        walk(item);
      });
    } else if (isTable(value)) {
      for (const key of Object.keys(value)) {
        places.push([value, key]);
        walk(value[key]);
      }
    }
  };
  walk(doc);
  const times = 1 + Math.floor(rng() * 3);
  for (let i = 0; i < times; i++) {
    const [holder, key] = pick(rng, places);
    const odd = pick(rng, [...EXTREMES, ...ODD_CELLS, null, [[1, "1"]], { __name__: "m" }]);
    (holder as Record<string | number, unknown>)[key] = odd;
  }
  return JSON.stringify(doc);
}

/** Checks what a run of the command line printed and left, by the rule. */
async function checkRun(
  run: { status: number; stderr: string[] },
  where: string,
  out?: string,
): Promise<void> {
  ok(run.status === 0 || run.status === 2, where);
  for (const line of run.stderr) {
    ok(!UNSAFE.test(line), `control character in: ${where}`);
    ok(line.length <= 1000, `a line of ${line.length} characters: ${where}`);
    ok(
      line.startsWith("error: ") || line.startsWith("note: ") ||
        line.startsWith("Run with --help"),
      where,
    );
    ok(!line.includes("unexpected failure") && !/^\s+at /.test(line), where);
  }
  ok(run.stderr.length <= 102, `${run.stderr.length} lines: ${where}`);
  if (out && run.status === 2) strictEqual(await exists(out), false, `wrote something: ${where}`);
  if (out && run.status === 0) assertWholeSet(out);
}

const CSV_INPUTS = [
  "timestamp,cpu,mem\n" +
  Array.from({ length: 30 }, (_, k) => `${1767225600 + 60 * k},${k % 7}.5,${100 + k}`).join("\n"),
  "timestamp,cpu\n" +
  Array.from({ length: 30 }, (_, k) => `${new Date(1767225600000 + 15000 * k).toISOString()},${k}`)
    .join("\n"),
  "sample,a,b\n" + Array.from({ length: 30 }, (_, k) => `${k},${k * 2},`).join("\n"),
];
const JSON_INPUT = JSON.stringify({
  status: "success",
  data: {
    resultType: "matrix",
    result: [
      {
        metric: { __name__: "up", job: "api" },
        values: Array.from({ length: 20 }, (_, k) => [1767225600 + 15 * k, String(k % 2)]),
      },
      {
        metric: { __name__: "load" },
        values: Array.from({ length: 20 }, (_, k) => [1767225600 + 15 * k, `${k}.25`]),
      },
    ],
  },
});

Deno.test("fuzzed recorded inputs (CSV and Prometheus JSON): exit 0 with a whole set, or exit 2 with short escaped lines and nothing written", async () => {
  const rng = random(20261203);
  const dir = await freshDir("fuzz_inputs");
  let accepted = 0;
  for (let i = 0; i < 160; i++) {
    const json = i % 4 === 3;
    const mutant = json ? mutateJson(rng, JSON_INPUT) : mutateLines(rng, pick(rng, CSV_INPUTS));
    const input = `${dir}/in_${i}.${json ? "json" : "csv"}`;
    if (typeof mutant === "string") await Deno.writeTextFile(input, mutant);
    else await Deno.writeFile(input, mutant);
    const config = `${dir}/c_${i}.toml`;
    await Deno.writeTextFile(
      config,
      `[general]\nseed = 1\ninput = "in_${i}.${
        json ? "json" : "csv"
      }"\n[metrics.extra]\nvalue = 2\n`,
    );
    const out = `${dir}/out_${i}`;
    const run = await runCli(["-c", config, "-o", out, "-q", "--no-plot"]);
    const where = `mutant ${i} (${input}): exit ${run.status}\n${run.stderr.join("\n")}`;
    await checkRun(run, where, out);
    if (run.status === 0) accepted++;
  }
  ok(accepted > 0, "no mutant was accepted");
});

Deno.test("fuzzed detections files for score: a report, or exit 2 with short escaped lines", async () => {
  const rng = random(20261204);
  const dir = await freshDir("fuzz_detections");
  const out = `${dir}/run`;
  const made = await runCli(["-c", "configs/faults_and_time.toml", "-o", out, "-q", "--no-plot"]);
  strictEqual(made.status, 0, made.stderr.join("\n"));
  const labels = await Deno.readTextFile(`${out}/labels.csv`);
  let scored = 0;
  for (let i = 0; i < 120; i++) {
    const mutant = mutateLines(rng, labels);
    const path = `${dir}/d_${i}.csv`;
    if (typeof mutant === "string") await Deno.writeTextFile(path, mutant);
    else await Deno.writeFile(path, mutant);
    const flags = pick(rng, [[], ["--json"], ["--visible", pick(rng, ["1", "-1", "x", ""])]]);
    const run = await runCli(["score", out, path, ...flags]);
    await checkRun(run, `mutant ${i} (${path}): exit ${run.status}\n${run.stderr.join("\n")}`);
    if (run.status === 0) scored++;
  }
  ok(scored > 0, "no mutant was scored");
});

Deno.test("fuzzed HTTP requests to serve: every answer a status below 500, the server serving on", async () => {
  const rng = random(20261205);
  const dir = await freshDir("fuzz_serve");
  await Deno.writeTextFile(
    `${dir}/a.toml`,
    "[general]\nseed = 1\nnum_samples = 100\n[metrics.a]\nvalue = 1\n" +
      `[anomalies.a]\nat = 10\nanomaly_factor = 2\npattern = "step"\nrecovery_time = 5\n`,
  );
  const port = freePort();
  const serve = await startServe(`${dir}/a.toml`, port, ["--speed", "1000", "--loop"]);
  const methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "GE T", "", "\u0000"];
  const targets = [
    "/metrics",
    "/healthz",
    "/",
    "*",
    "http://x/metrics",
    "/%zz",
    "//..//..",
    "/metrics?x=%",
    "/" + "a".repeat(9000),
  ];
  const headers = [
    "Host: 127.0.0.1",
    "Host: a b",
    "Host: [::1",
    "Host:",
    "Accept: application/openmetrics-text; version=1.0.0",
    "Accept: \u00ff",
    "Content-Length: 5",
    "Content-Length: -1",
    "Transfer-Encoding: chunked",
    "X: " + "y".repeat(20000),
    ": nothing",
  ];
  const statuses = new Set<number>();
  try {
    for (let i = 0; i < 150; i++) {
      let request = `${pick(rng, methods)} ${pick(rng, targets)} ${
        pick(rng, ["HTTP/1.1", "HTTP/1.0", "HTTP/9", ""])
      }\r\n`;
      const count = Math.floor(rng() * 4);
      for (let h = 0; h < count; h++) request += `${pick(rng, headers)}\r\n`;
      request += "Connection: close\r\n\r\n";
      const plain = new TextEncoder().encode(request);
      const bytes = rng() < 0.2 ? garbled(rng, plain, true) : plain;
      const status = await rawRequest(port, bytes);
      // 0: the connection closed without an answer (a request too broken to answer).
      ok(status < 500, `request ${i} ${JSON.stringify(request)}: status ${status}`);
      statuses.add(status);
    }
    // Both the good requests and the broken ones were answered.
    ok(statuses.has(200) && statuses.has(400), [...statuses].join(", "));
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    strictEqual(await health.text(), "ok\n");
  } finally {
    serve.kill("SIGTERM");
  }
  const { code, stderr } = await serve.output();
  strictEqual(code, 0);
  const lines = new TextDecoder().decode(stderr).trim().split("\n");
  ok(lines.every((line) => !/^\s+at /.test(line) && !line.startsWith("error")), lines.join("\n"));
});
