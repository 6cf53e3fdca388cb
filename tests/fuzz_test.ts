// A config fuzzer with a fixed seed: mutants of the shipped configs (keys dropped, types swapped,
// extreme numbers, odd names, garbage bytes), each run through the command line. Every one must
// end in exit 0 with a whole set of files whose values are finite, or in exit 2 with short,
// escaped lines, no stack trace and nothing written.
import { ok, strictEqual } from "node:assert/strict";
import { parse as parseCsv } from "csv-parse/sync";
import { parse, stringify } from "smol-toml";
import { assertWholeSet } from "./_folder.ts";
import { exists, freshDir, runCli, SHIPPED_CONFIGS } from "./_run_cli.ts";

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

/** One mutant of `text`: its TOML text, or raw bytes for the garbage kind. */
function mutate(rng: () => number, text: string): string | Uint8Array {
  const kind = Math.floor(rng() * 7);
  if (kind === 6) {
    const bytes = new TextEncoder().encode(text);
    const at = Math.floor(rng() * bytes.length);
    const garbage = Uint8Array.from({ length: 1 + Math.floor(rng() * 8) }, () => rng() * 256);
    return rng() < 0.5
      ? new Uint8Array([...bytes.subarray(0, at), ...garbage, ...bytes.subarray(at)])
      : bytes.subarray(0, at);
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
