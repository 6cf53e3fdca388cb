// The random stream is part of the API: these golden values come from the reference C code of
// xoshiro128** and SplitMix64 (compiled separately), and change only with a major version.
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { BLOCK_SIZE, fnv1a64, mix64, streamKey, Xoshiro128 } from "../src/random/mod.ts";

Deno.test("xoshiro128** matches the reference C output for state (1, 2, 3, 4)", () => {
  const rng = new Xoshiro128(1, 2, 3, 4);
  const outputs = Array.from({ length: 6 }, () => rng.nextU32());
  deepStrictEqual(outputs, [11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
});

Deno.test("mix64 matches SplitMix64's first output for seeds 0 and 42", () => {
  strictEqual(mix64(0x9e3779b97f4a7c15n), 16294208416658607535n);
  strictEqual(mix64(42n + 0x9e3779b97f4a7c15n), 13679457532755275413n);
});

Deno.test("a stream is keyed by seed and metric name as documented", () => {
  strictEqual(fnv1a64("cpu"), 17701673320873923785n);
  strictEqual(streamKey(42, "cpu"), 1670762208101708345n);
});

Deno.test("each block of a stream starts from its own pinned state", () => {
  const key = streamKey(42, "cpu");
  const block0 = Xoshiro128.forBlock(key, 0);
  deepStrictEqual(
    Array.from({ length: 4 }, () => block0.nextU32()),
    [3023886238, 295808148, 2316636554, 32495937],
  );
  strictEqual(block0.nextDouble(), 0.39981626622201061);
  const block1 = Xoshiro128.forBlock(key, 1);
  deepStrictEqual(
    Array.from({ length: 4 }, () => block1.nextU32()),
    [854639286, 103543229, 2671235228, 4132457602],
  );
  strictEqual(block1.nextDouble(), 0.78343907475642027);
});

Deno.test("nextDouble() carries 53 random bits in [0, 1)", () => {
  const rng = Xoshiro128.forBlock(streamKey(1, "bits"), 0);
  let lowBitSet = 0;
  for (let i = 0; i < 10000; i++) {
    const u = rng.nextDouble();
    ok(u >= 0 && u < 1);
    const k = u * 2 ** 53;
    strictEqual(Number.isInteger(k), true);
    if (k % 2 === 1) lowBitSet++;
  }
  // The 53rd bit is random: set about half the time (binomial sd 50).
  ok(Math.abs(lowBitSet - 5000) < 250, `low bit set ${lowBitSet} times in 10000`);
});

Deno.test("the seed and the name each change the stream; the state is never all zero", () => {
  const first = (seed: number, name: string) =>
    Xoshiro128.forBlock(streamKey(seed, name), 0).nextU32();
  const values = new Set([first(0, "a"), first(1, "a"), first(0, "b"), first(1, "b")]);
  strictEqual(values.size, 4);
  strictEqual(BLOCK_SIZE, 4096);
});
