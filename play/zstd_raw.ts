// A zstd frame of raw (stored) blocks: what the page's Parquet files are compressed with, since a
// browser has no zstd compressor. Every zstd reader reads it; the file is as large as its data.

/** The largest block zstd allows, and the window the frame declares (2^17 bytes). */
const BLOCK = 128 * 1024;

/**
 * Wraps bytes in a zstd frame of raw blocks, no checksum: valid zstd, stored uncompressed.
 *
 * @param bytes The bytes.
 * @returns The frame.
 *
 * @example The frame of three bytes
 * ```ts
 * import { zstdRawFrame } from "./zstd_raw.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(
 *   zstdRawFrame(new Uint8Array([1, 2, 3])),
 *   new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38, 0x19, 0x00, 0x00, 1, 2, 3]),
 * );
 * ```
 */
export function zstdRawFrame(bytes: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(bytes.length / BLOCK));
  const frame = new Uint8Array(6 + 3 * blocks + bytes.length);
  // Magic number; descriptor 0 (no content size, no checksum); window log 17.
  frame.set([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38]);
  let at = 6;
  for (let b = 0; b < blocks; b++) {
    const piece = bytes.subarray(b * BLOCK, (b + 1) * BLOCK);
    // Block header, little-endian: last-block bit, type 0 (raw), size.
    const header = (piece.length << 3) | (b === blocks - 1 ? 1 : 0);
    frame.set([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff], at);
    frame.set(piece, at + 3);
    at += 3 + piece.length;
  }
  return frame;
}
