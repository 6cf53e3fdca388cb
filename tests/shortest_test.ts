// The shortest round-trip text (decimals = "full") is JavaScript's own number to string, digit for
// digit, whether the fast route or the engine writes it.
import { ok, strictEqual } from "node:assert/strict";
import { ByteWriter } from "../src/formats/bytes.ts";
import { Xoshiro128 } from "../src/random/mod.ts";
import { writeShortest } from "../src/formats/_shortest.ts";

const decoder = new TextDecoder();

/** Writes each value with shortestAt and returns the values whose text differs from String(x). */
function mismatches(values: Float64Array): string[] {
  const writer = new ByteWriter(64);
  const wrong: string[] = [];
  for (let i = 0; i < values.length; i++) {
    writer.length = 0;
    writer.shortestAt(values, i);
    const text = decoder.decode(writer.view());
    if (text !== String(values[i])) wrong.push(`${values[i]} written as ${text}`);
  }
  return wrong;
}

function fastShare(values: Float64Array): number {
  const bytes = new Uint8Array(64);
  let fast = 0;
  for (let i = 0; i < values.length; i++) if (writeShortest(bytes, 0, values, i) >= 0) fast++;
  return fast / values.length;
}

const rng = new Xoshiro128(11, 12, 13, 14);

Deno.test("shortest text equals String(x) for 10^6 doubles from 1e-8 to 1e17, both signs", () => {
  const values = Float64Array.from(
    { length: 1_000_000 },
    () => (rng.nextDouble() - 0.5) * 10 ** (rng.nextDouble() * 25 - 8),
  );
  strictEqual(mismatches(values).slice(0, 5).join("; "), "");
  ok(fastShare(values) > 0.7);
});

Deno.test("shortest text equals String(x) for doubles with 16 digits or fewer", () => {
  // Decimals of 1 to 16 digits: the 16- and 15-digit decisions and the engine's share.
  const values = Float64Array.from({ length: 300_000 }, (_, i) => {
    const digits = 1 + (i % 16);
    const x = (rng.nextDouble() + 0.1) * 10 ** (rng.nextDouble() * 12 - 4);
    return Number(x.toPrecision(digits));
  });
  strictEqual(mismatches(values).slice(0, 5).join("; "), "");
});

Deno.test("shortest text equals String(x) for raw bit patterns of every exponent", () => {
  const bits = new Uint32Array(2);
  const view = new Float64Array(bits.buffer);
  const values = Float64Array.from({ length: 300_000 }, () => {
    bits[0] = rng.nextU32();
    bits[1] = rng.nextU32();
    return view[0];
  });
  strictEqual(mismatches(values).slice(0, 5).join("; "), "");
});

Deno.test("shortest text equals String(x) at the edges of the fast route", () => {
  const edges = [
    1e-6,
    0.000001,
    9.99999999999999e-7,
    1.0000000000000002e-6,
    999999999999999.9,
    1e15,
    0.1,
    0.1 + 0.2,
    1 / 3,
    2 / 3,
    100 / 3,
    123456789.12345679,
    9007199254740991,
    9007199254740993,
    4503599627370497,
    5e-324,
    2 ** -20,
    1024,
    0.5,
    1.5,
    1 + 2 ** -52,
    10 - 2 ** -49,
    99.99999999999999,
    9.999999999999998,
    0,
    -0,
    NaN,
    Infinity,
    -Infinity,
    1e21,
    1e-7,
    -123.456,
    -0.000123456789,
  ];
  const values = Float64Array.from(edges.flatMap((x) => [x, -x]));
  strictEqual(mismatches(values).join("; "), "");
});

Deno.test("the fast route writes most noisy values and leaves short ones to the engine", () => {
  const noisy = Float64Array.from({ length: 100_000 }, () => 100 + rng.nextDouble() - 0.5);
  ok(fastShare(noisy) > 0.99, `fast share ${fastShare(noisy)}`);
  // Below 1 about one double in nine has a 15-digit text: the fast route writes those too.
  const small = Float64Array.from({ length: 100_000 }, () => 0.5 + rng.nextDouble() / 2);
  ok(fastShare(small) > 0.97, `fast share ${fastShare(small)}`);
  strictEqual(fastShare(Float64Array.of(30, 0.1, 100.5, 1e-7, 2 ** 40, NaN, 123456789012345)), 0);
});
