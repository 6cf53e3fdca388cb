// SHA-256 of a file as it is written. Small files are hashed whole by WebCrypto, which costs
// nothing to load; node:crypto's incremental hash is loaded only once a file outgrows that, since
// loading it takes about 12 ms, a quarter of a small run.

import type { Hash } from "node:crypto";

/** Bytes kept for a one-shot digest before switching to the incremental hash. */
const SMALL = 1 << 20;

/** An incremental SHA-256 that loads node:crypto only for large inputs. */
export class Sha256 {
  #chunks: Uint8Array[] = [];
  #size = 0;
  #hash: Hash | undefined;

  /** Adds bytes; they are copied or hashed at once, so the caller may reuse the buffer. */
  async update(bytes: Uint8Array): Promise<void> {
    if (!this.#hash && this.#size + bytes.length > SMALL) {
      const { createHash } = await import("node:crypto");
      this.#hash = createHash("sha256");
      for (const chunk of this.#chunks) this.#hash.update(chunk);
      this.#chunks = [];
    }
    if (this.#hash) this.#hash.update(bytes);
    else this.#chunks.push(bytes.slice());
    this.#size += bytes.length;
  }

  /** The digest of all bytes added, as lowercase hex. */
  async hex(): Promise<string> {
    if (this.#hash) return this.#hash.digest("hex");
    const whole = new Uint8Array(this.#size);
    let offset = 0;
    for (const chunk of this.#chunks) {
      whole.set(chunk, offset);
      offset += chunk.length;
    }
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", whole));
    return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
  }
}
