// BYTE_STREAM_SPLIT as Parquet defines it: byte b of value i lands at b * n + i.
import { deepStrictEqual } from "node:assert/strict";
import { ByteStreamSplitter } from "../src/formats/parquet/_byte_stream_split.ts";

Deno.test("byte streams put byte b of value i at b * n + i, for any count and offset", () => {
  const splitter = new ByteStreamSplitter();
  for (const n of [0, 1, 2, 3, 4, 5, 7, 8, 9, 13, 1027]) {
    const values = Float64Array.from({ length: n }, (_, i) => (i + 1) * 1.000001 - 0.5 * i * i);
    const bytes = new Uint8Array(values.buffer);
    const offset = n % 3;
    const out = new Uint8Array(offset + 8 * n + 2).fill(0xee);
    splitter.split(values, out, offset);
    const expected = new Uint8Array(out.length).fill(0xee);
    for (let i = 0; i < n; i++) {
      for (let b = 0; b < 8; b++) expected[offset + b * n + i] = bytes[8 * i + b];
    }
    deepStrictEqual(out, expected, `n = ${n}`);
  }
});

Deno.test("byte streams of a view read only the view's values", () => {
  const all = Float64Array.from([1.5, 2.5, 3.5, 4.5, 5.5, 6.5]);
  const out = new Uint8Array(8 * 4);
  new ByteStreamSplitter().split(all.subarray(1, 5), out, 0);
  const expected = new Uint8Array(8 * 4);
  new ByteStreamSplitter().split(Float64Array.from([2.5, 3.5, 4.5, 5.5]), expected, 0);
  deepStrictEqual(out, expected);
  deepStrictEqual(out[7 * 4 + 0], new Uint8Array(Float64Array.of(2.5).buffer)[7]);
});
