// Rounding half to even, as numpy's round: the fast path equals the plain definition everywhere.
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { roundHalfEven } from "../src/model/round.ts";
import { Xoshiro128 } from "../src/random/mod.ts";

/** The definition: nearest integer, ties to the even one, and 0 rather than -0. */
function reference(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  const r = diff > 0.5 ? floor + 1 : diff < 0.5 ? floor : floor % 2 === 0 ? floor : floor + 1;
  return r + 0;
}

Deno.test("roundHalfEven() sends ties to the even integer and never returns -0", () => {
  deepStrictEqual(
    [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, -0.3, -0, 2 ** 51 + 0.5, 2 ** 52 + 1]
      .map(roundHalfEven),
    [0, 2, 2, 0, -2, -2, 0, 0, 0, 2 ** 51, 2 ** 52 + 1],
  );
  strictEqual(Object.is(roundHalfEven(-0.3), 0), true);
});

Deno.test("roundHalfEven() equals the definition on a million doubles of every magnitude", () => {
  const rng = new Xoshiro128(3, 1, 4, 1);
  for (let i = 0; i < 1_000_000; i++) {
    const magnitude = 2 ** Math.floor(rng.nextDouble() * 70 - 10);
    const x = (rng.nextDouble() - 0.5) * magnitude;
    // Half of the cases on or next to a tie.
    const y = i % 2 ? x : Math.floor(x) + 0.5;
    if (!Object.is(roundHalfEven(y), reference(y))) {
      throw new Error(`${y}: got ${roundHalfEven(y)}, want ${reference(y)}`);
    }
  }
});
