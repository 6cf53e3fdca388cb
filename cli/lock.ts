// One writer per output folder. The lock is `.chaos-datagen.lock`, holding the writer's pid and
// an advisory lock (flock) that the system drops when the process dies, however it dies: a lock
// file whose advisory lock can be taken belongs to a dead run and is taken over.
//
// The file appears under its name already locked: it is made under a unique name, locked, and
// then hard-linked to the lock's name, which fails when a lock is there. So a run that finds the
// lock's file unlocked knows its owner is gone, and never mistakes a lock being made for one.

import { join } from "./paths.ts";
import { InputError, quotePath } from "./errors.ts";
import { onCleanUp, randomHex } from "./files.ts";

/** The lock's name in the output folder. */
export const LOCK_NAME = ".chaos-datagen.lock";
const ATTEMPTS = 8;

/** The lock on one output folder, held until {@linkcode FolderLock.prototype.releaseSync}. */
export class FolderLock {
  readonly #path: string;
  readonly #file: Deno.FsFile;
  readonly #forget: () => void;
  #released = false;

  private constructor(path: string, file: Deno.FsFile) {
    this.#path = path;
    this.#file = file;
    this.#forget = onCleanUp({ abortSync: () => this.releaseSync() });
  }

  /**
   * Takes the lock of `directory`, taking over one left by a dead run.
   *
   * @throws {InputError} When a live run holds it: `another run (pid N) is writing to DIR`.
   */
  static acquire(directory: string): FolderLock {
    const path = join(directory, LOCK_NAME);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const mine = FolderLock.#make(directory);
      try {
        Deno.linkSync(mine.path, path);
        return new FolderLock(path, mine.file);
      } catch (error) {
        mine.file.close();
        if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
      } finally {
        Deno.removeSync(mine.path);
      }
      const holder = FolderLock.#inspect(path);
      if (holder !== undefined) {
        throw new InputError(`another run (pid ${holder}) is writing to ${quotePath(directory)}`);
      }
    }
    throw new InputError(`cannot take the lock of ${quotePath(directory)}: it keeps changing`);
  }

  /** Removes the lock's name, then drops the lock. */
  releaseSync(): void {
    if (this.#released) return;
    this.#released = true;
    this.#forget();
    try {
      Deno.removeSync(this.#path);
    } catch {
      // Gone already.
    }
    this.#file.close();
  }

  /** A new locked file under a unique name, holding this process's pid. */
  static #make(directory: string): { path: string; file: Deno.FsFile } {
    const path = join(directory, `${LOCK_NAME}.${randomHex()}`);
    const file = Deno.openSync(path, { read: true, write: true, createNew: true });
    file.lockSync(true);
    file.writeSync(new TextEncoder().encode(`${Deno.pid}\n`));
    return { path, file };
  }

  /**
   * Looks at the lock file at `path`: returns its holder's pid while a live run holds it, or
   * removes it (a dead run's lock, or anything else planted under its name) and returns nothing.
   */
  static #inspect(path: string): number | string | undefined {
    let info: Deno.FileInfo;
    try {
      info = Deno.lstatSync(path);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return undefined;
      throw error;
    }
    // A link, a pipe or a device is never a lock of ours: remove the name, never open it.
    if (!info.isFile) {
      Deno.removeSync(path);
      return undefined;
    }
    const file = Deno.openSync(path, { read: true });
    try {
      if (!file.tryLockSync(true)) return readPid(file);
      // Ours now, so its owner is gone; remove it if it is still the file under that name.
      if (Deno.lstatSync(path).ino === file.statSync().ino) Deno.removeSync(path);
      return undefined;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return undefined;
      throw error;
    } finally {
      file.close();
    }
  }
}

function readPid(file: Deno.FsFile): number | string {
  const bytes = new Uint8Array(24);
  const read = file.readSync(bytes) ?? 0;
  const text = new TextDecoder().decode(bytes.subarray(0, read)).trim();
  return /^\d+$/.test(text) ? Number(text) : "unknown";
}
