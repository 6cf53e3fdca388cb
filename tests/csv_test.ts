// The CSV encoders: numbers read back as the values generated, timestamps as RFC 3339, names
// quoted when they must be.
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { parse } from "csv-parse/sync";
import { type Config, encodeCsv, generate } from "../mod.ts";
import { ByteWriter } from "../src/formats/bytes.ts";
import { roundHalfEven } from "../src/model/round.ts";
import { Xoshiro128 } from "../src/random/mod.ts";

function fixed(x: number, decimals: number): string {
  const w = new ByteWriter(64);
  w.fixed(x, decimals, 10 ** decimals);
  return new TextDecoder().decode(w.view());
}

Deno.test("fixed-point text drops trailing zeros and never writes -0", () => {
  deepStrictEqual(
    [[60.1, 6], [4, 6], [0, 6], [-0, 3], [-0.5, 1], [0.000001, 6], [1234567.89, 2], [-12.25, 2]]
      .map(([x, d]) => fixed(x, d)),
    ["60.1", "4", "0", "0", "-0.5", "0.000001", "1234567.89", "-12.25"],
  );
});

Deno.test("fixed-point text reads back as the rounded double, for every decimals 0-15", () => {
  const rng = new Xoshiro128(7, 8, 9, 10);
  for (let decimals = 0; decimals <= 15; decimals++) {
    const scale = 10 ** decimals;
    for (let i = 0; i < 2000; i++) {
      const magnitude = 10 ** Math.floor(rng.nextDouble() * 24 - 8);
      const raw = (rng.nextDouble() - 0.5) * magnitude;
      const x = roundHalfEven(raw * scale) / scale;
      const text = fixed(x, decimals);
      strictEqual(Number(text), x, `${x} at ${decimals} decimals`);
      if (Math.abs(x * scale) < 2 ** 51 && decimals <= 9) {
        // The same digits as JavaScript's own exact toFixed, without trailing zeros.
        const reference = x.toFixed(decimals).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
        strictEqual(text, reference === "-0" ? "0" : reference, `${x} at ${decimals} decimals`);
      }
    }
  }
});

Deno.test("integers beyond 2^31 are written digit for digit", () => {
  deepStrictEqual(
    [2147483648, 9007199254740991, 1e15 + 7].map((x) => fixed(x, 0)),
    ["2147483648", "9007199254740991", "1000000000000007"],
  );
});

Deno.test("row numbers are written digit for digit, beyond 10^8 and 2^31 too", () => {
  const numbers = [0, 9, 10000, 99999999, 100000000, 100000007, 2147483648, 9007199254740991];
  const w = new ByteWriter(64);
  deepStrictEqual(
    numbers.map((n) => {
      w.length = 0;
      w.unsigned(n);
      return new TextDecoder().decode(w.view());
    }),
    numbers.map(String),
  );
});

const CONFIG: Config = {
  general: { seed: 4, num_samples: 4 },
  metrics: { "cpu,total": { value: 1.5 }, 'say "hi"': { value: 2 } },
  anomalies: { "cpu,total": { at: 2, anomaly_factor: 2, pattern: "step", recovery_time: 1 } },
};

Deno.test("metric names with commas or quotes are quoted in the header", () => {
  const text = encodeCsv(generate(CONFIG));
  strictEqual(text.split("\n")[0], `sample,"cpu,total","say ""hi"""`);
  const rows = parse(text, { columns: true }) as Record<string, string>[];
  deepStrictEqual(rows.map((row) => row["cpu,total"]), ["1.5", "1.5", "3.0", "1.5"]);
  deepStrictEqual(rows.map((row) => row['say "hi"']), ["2.0", "2.0", "2.0", "2.0"]);
});

Deno.test("a column that can hold non-integers writes whole values with a point; one whole by construction does not", () => {
  const column = (metric: Config["metrics"][string], decimals = 6) =>
    encodeCsv(generate({ general: { seed: 1, num_samples: 3, decimals }, metrics: { m: metric } }))
      .split("\n").slice(1, 4).map((row) => row.split(",")[1]);
  deepStrictEqual(column({ value: 3 }), ["3.0", "3.0", "3.0"]);
  deepStrictEqual(column({ value: 3 }, 0), ["3", "3", "3"]);
  deepStrictEqual(column({ value: 3.4, step_size: 2 }), ["4", "4", "4"]);
  deepStrictEqual(column({ value: 3.4, step_size: 0.5 }), ["3.5", "3.5", "3.5"]);
  deepStrictEqual(column({ value: 3 }, 12), ["3.0", "3.0", "3.0"]);
  deepStrictEqual(column({ value: 1e21 }), ["1e+21", "1e+21", "1e+21"]);
  deepStrictEqual(column({ value: -12345678901234567000 }), [
    "-12345678901234567000.0",
    "-12345678901234567000.0",
    "-12345678901234567000.0",
  ]);
});

Deno.test("the labels file has the same shape, with 0 or 1 per metric", () => {
  strictEqual(
    encodeCsv(generate(CONFIG), { kind: "labels" }),
    `sample,"cpu,total","say ""hi"""\n0,0,0\n1,0,0\n2,1,0\n3,0,0\n`,
  );
});

Deno.test("timestamps are RFC 3339 UTC, with milliseconds only when needed", () => {
  const times = (general: Partial<Config["general"]>) =>
    (parse(
      encodeCsv(
        generate({
          general: { seed: 1, num_samples: 3, ...general },
          metrics: { m: { value: 1 } },
        }),
      ),
      { columns: true },
    ) as Record<string, string>[]).map((row) => row.timestamp ?? `sample ${row.sample}`);
  deepStrictEqual(times({}), ["sample 0", "sample 1", "sample 2"]);
  deepStrictEqual(times({ start: "2026-01-01T23:59:45Z", interval: "15s" }), [
    "2026-01-01T23:59:45Z",
    "2026-01-02T00:00:00Z",
    "2026-01-02T00:00:15Z",
  ]);
  deepStrictEqual(times({ start: "2026-01-01T00:00:00Z", interval: "500ms" }), [
    "2026-01-01T00:00:00.000Z",
    "2026-01-01T00:00:00.500Z",
    "2026-01-01T00:00:01.000Z",
  ]);
});

Deno.test("decimals = full writes the shortest text that reads back as the same double", () => {
  const data = generate({
    general: { seed: 6, num_samples: 1000, decimals: "full" },
    metrics: { m: { value: 1, noise: "gaussian" } },
  });
  const rows = parse(encodeCsv(data), { columns: true }) as { m: string }[];
  deepStrictEqual(rows.map((row) => Number(row.m)), [...data.values.m]);
});

Deno.test("with 6 decimals, the CSV reads back as the in-memory values exactly", () => {
  const data = generate({
    general: { seed: 6, num_samples: 1000 },
    metrics: {
      a: { value: 0.006, noise: "exponential", noise_args: { scale: 0.0001 }, step_size: 0.00001 },
      b: { value: -10000, noise: "laplace", noise_args: { scale: 100 } },
    },
  });
  const rows = parse(encodeCsv(data), { columns: true }) as { a: string; b: string }[];
  deepStrictEqual(rows.map((row) => Number(row.a)), [...data.values.a]);
  deepStrictEqual(rows.map((row) => Number(row.b)), [...data.values.b]);
});
