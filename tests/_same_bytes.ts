// Whole files compared byte for byte. deepStrictEqual on megabytes that differ spends minutes
// building its diff; this names the first differing byte instead.
import { fail } from "node:assert/strict";

/** Fails, naming the first byte that differs, unless `actual` and `expected` are equal. */
export function assertSameBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  const length = Math.min(actual.length, expected.length);
  let i = 0;
  while (i < length && actual[i] === expected[i]) i++;
  if (i === length && actual.length === expected.length) return;
  fail(
    `${what}: ${actual.length} bytes against ${expected.length}, first different at byte ${i}`,
  );
}
