// Output files written under a temporary name, committed by cli/commit.ts when the whole set is
// complete. Temporary files are created exclusively (O_CREAT | O_EXCL, which never follows a
// symbolic link) under unpredictable names, so a planted link can never redirect a write. Each
// file is hashed as it is written, for the manifest.

import { join } from "./paths.ts";
import type { FileRecord } from "../src/truth/manifest.ts";
import { Sha256 } from "./sha256.ts";
import { FileError } from "./errors.ts";

/** Temporary files and locks not yet finished, for {@linkcode cleanUpSync} on a signal. */
const unfinished = new Set<{ abortSync(): void }>();

/** Registers something to undo if the process is stopped; returns the way to unregister it. */
export function onCleanUp(item: { abortSync(): void }): () => void {
  unfinished.add(item);
  return () => unfinished.delete(item);
}

/** Removes every temporary file not yet committed and releases the lock, synchronously. */
export function cleanUpSync(): void {
  for (const item of [...unfinished]) item.abortSync();
}

/** Matches the names of this tool's temporary files: `.<name>.<16 hex digits>.partial`. */
export const TEMPORARY_NAME = /^\..+\.[0-9a-f]{16}\.partial$/;

/** 16 random hex digits: unpredictable, so no one can plant a file under the name in advance. */
export function randomHex(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** `.<name>.<16 random hex digits>.partial`. */
export function temporaryName(name: string): string {
  return `.${name}.${randomHex()}.partial`;
}

/** A file being written: bytes go to a temporary name until the commit renames it. */
export class AtomicFile {
  /** The final name, relative to the directory. */
  readonly name: string;
  /** The final path. */
  readonly path: string;
  /** The temporary path. */
  readonly temporary: string;
  readonly #file: Deno.FsFile;
  readonly #hash = new Sha256();
  readonly #forget: () => void;
  #bytes = 0;
  #rows = 0;
  #closed = false;

  private constructor(directory: string, name: string, temporary: string, file: Deno.FsFile) {
    this.name = name;
    this.path = join(directory, name);
    this.temporary = temporary;
    this.#file = file;
    this.#forget = onCleanUp(this);
  }

  /**
   * Creates a new temporary file for `name` in `directory`. Synchronously: the file then exists
   * on disk only once it is registered for removal, as a signal handler runs between tasks,
   * never inside one.
   */
  static create(directory: string, name: string): AtomicFile {
    const temporary = join(directory, temporaryName(name));
    let file: Deno.FsFile;
    try {
      file = Deno.openSync(temporary, { write: true, createNew: true });
    } catch (error) {
      throw FileError.from(error, "cannot create", temporary);
    }
    return new AtomicFile(directory, name, temporary, file);
  }

  /** Bytes written so far. */
  get size(): number {
    return this.#bytes;
  }

  /** Appends bytes, counting `rows` data rows. */
  async write(bytes: Uint8Array, rows = 0): Promise<void> {
    await this.#hash.update(bytes);
    this.#bytes += bytes.length;
    this.#rows += rows;
    try {
      let done = 0;
      while (done < bytes.length) done += await this.#file.write(bytes.subarray(done));
    } catch (error) {
      throw FileError.from(error, "cannot write", this.temporary);
    }
  }

  /** Closes the file (flushing it) and returns its record; the commit renames it. */
  async close(): Promise<FileRecord> {
    this.#closeQuietly();
    return {
      name: this.name,
      rows: this.#rows,
      bytes: this.#bytes,
      sha256: await this.#hash.hex(),
    };
  }

  /** Called once the file is under its final name: nothing is left to clean up. */
  committed(): void {
    this.#forget();
  }

  /** Closes and removes the temporary file, leaving the final name untouched. */
  async abort(): Promise<void> {
    this.#closeQuietly();
    this.#forget();
    await Deno.remove(this.temporary).catch(() => {});
  }

  /** abort(), synchronously: for a signal handler. */
  abortSync(): void {
    this.#closeQuietly();
    this.#forget();
    try {
      Deno.removeSync(this.temporary);
    } catch {
      // Already gone, or renamed into place.
    }
  }

  #closeQuietly(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#file.close();
    } catch {
      // Already closed.
    }
  }
}
