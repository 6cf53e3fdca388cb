// The manifest's SHA-256: the same digest whether a file stays small (hashed whole by WebCrypto)
// or grows past the switch to node:crypto's incremental hash in the middle of a write.
import { strictEqual } from "node:assert/strict";
import { createHash } from "node:crypto";
import { Sha256 } from "../cli/sha256.ts";

function bytes(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + seed * 7 + (i >> 8)) & 0xff);
}

async function digestInPieces(data: Uint8Array, piece: number): Promise<string> {
  const hash = new Sha256();
  for (let at = 0; at < data.length; at += piece) {
    // The same buffer is filled again for every piece, as the encoders do.
    const reused = new Uint8Array(Math.min(piece, data.length - at));
    reused.set(data.subarray(at, at + reused.length));
    await hash.update(reused);
    reused.fill(0);
  }
  return await hash.hex();
}

for (const [length, piece] of [[0, 1], [3, 3], [100_000, 7_000], [3_000_000, 250_000]]) {
  Deno.test(`SHA-256 of ${length} bytes in pieces of ${piece} equals node:crypto's`, async () => {
    const data = bytes(length, length);
    const expected = createHash("sha256").update(data).digest("hex");
    strictEqual(await digestInPieces(data, piece), expected);
  });
}

Deno.test("SHA-256 of the empty input is the known constant", async () => {
  strictEqual(
    await new Sha256().hex(),
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
});
