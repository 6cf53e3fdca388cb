// Output files written under a temporary name and renamed into place when complete, so an
// interrupted run never leaves a truncated file under a final name. Each file is hashed as it
// is written, for the manifest.

import { join } from "node:path";
import type { FileRecord } from "../mod.ts";
import { Sha256 } from "./sha256.ts";

/** Files being written, for removePartialFiles() on an interrupt. */
const unfinished = new Set<AtomicFile>();

/** Removes every temporary file not yet committed (on Ctrl-C), synchronously. */
export function removePartialFiles(): void {
  for (const file of unfinished) file.abortSync();
}

/** A file being written: bytes go to a temporary name until commit(). */
export class AtomicFile {
  readonly name: string;
  readonly #path: string;
  readonly #temporary: string;
  readonly #file: Deno.FsFile;
  readonly #hash = new Sha256();
  #bytes = 0;
  #rows = 0;

  private constructor(directory: string, name: string, temporary: string, file: Deno.FsFile) {
    this.name = name;
    this.#path = join(directory, name);
    this.#temporary = temporary;
    this.#file = file;
  }

  /**
   * Creates the temporary file `.<name>.partial` in `directory`. Synchronously: the file then
   * exists on disk only once it is registered for removal, as a Ctrl-C handler runs between
   * tasks, never inside one (an asynchronous open let an interrupt leave a partial file behind).
   */
  static create(directory: string, name: string): AtomicFile {
    const temporary = join(directory, `.${name}.partial`);
    const file = Deno.openSync(temporary, { write: true, create: true, truncate: true });
    const atomic = new AtomicFile(directory, name, temporary, file);
    unfinished.add(atomic);
    return atomic;
  }

  /** Appends bytes, counting `rows` data rows. */
  async write(bytes: Uint8Array, rows = 0): Promise<void> {
    await this.#hash.update(bytes);
    this.#bytes += bytes.length;
    this.#rows += rows;
    let done = 0;
    while (done < bytes.length) done += await this.#file.write(bytes.subarray(done));
  }

  /** Closes the file and renames it into place. */
  async commit(): Promise<FileRecord> {
    unfinished.delete(this);
    this.#file.close();
    await Deno.rename(this.#temporary, this.#path);
    return {
      name: this.name,
      rows: this.#rows,
      bytes: this.#bytes,
      sha256: await this.#hash.hex(),
    };
  }

  /** Closes and removes the temporary file, leaving the final name untouched. */
  async abort(): Promise<void> {
    this.#close();
    await Deno.remove(this.#temporary).catch(() => {});
  }

  /** abort(), synchronously: for a signal handler. */
  abortSync(): void {
    this.#close();
    try {
      Deno.removeSync(this.#temporary);
    } catch {
      // Already gone.
    }
  }

  #close(): void {
    unfinished.delete(this);
    try {
      this.#file.close();
    } catch {
      // Already closed.
    }
  }
}

/** Writes a whole small file atomically. */
export async function writeFileAtomic(
  directory: string,
  name: string,
  text: string,
): Promise<void> {
  const file = AtomicFile.create(directory, name);
  try {
    await file.write(new TextEncoder().encode(text));
    await file.commit();
  } catch (error) {
    await file.abort();
    throw error;
  }
}
