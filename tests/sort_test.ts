// The scores' sort behind every threshold-free figure: the built-in sort's order, bit for bit.
import { deepStrictEqual } from "node:assert/strict";
import { sortedCopy } from "../src/truth/_sort.ts";

/** A seeded stream of uniforms (Park-Miller), so a failure repeats. */
function uniforms(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

Deno.test("sortedCopy orders doubles as Float64Array.prototype.sort does: negatives, -0 before 0, ties, infinities, tiny and huge, above and below the radix cut", () => {
  const next = uniforms(7);
  for (const n of [0, 1, 2, 4095, 4096, 100_000]) {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = next();
      values[i] = u < 0.05
        ? [-0, 0, Infinity, -Infinity, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE][
          Math.floor(next() * 8)
        ]
        : u < 0.3
        ? Math.round(next() * 10) - 5
        : (next() - 0.5) * 10 ** Math.floor(next() * 40 - 20);
    }
    const before = values.slice();
    const got = sortedCopy(values);
    const want = values.slice().sort();
    // Compared bit for bit: deepStrictEqual tells -0 from 0.
    deepStrictEqual(
      new Uint32Array(got.buffer, got.byteOffset, 2 * n),
      new Uint32Array(want.buffer, want.byteOffset, 2 * n),
    );
    deepStrictEqual(values, before);
  }
});
