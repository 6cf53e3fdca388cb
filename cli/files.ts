// Output files written under a temporary name, committed by cli/commit.ts when the whole set is
// complete. Temporary files are created exclusively (O_CREAT | O_EXCL, which never follows a
// symbolic link) under unpredictable names, so a planted link can never redirect a write. Each
// file is hashed as it is written, for the manifest. A format that writes a tree of files under
// one folder (rcaeval/) stages it whole in a folder of its own, made exclusively under a
// temporary name, and the commit renames that folder into place.

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

/**
 * Removes every temporary file and staged folder not yet committed and releases the lock,
 * synchronously: the latest first, so a staged folder's files are closed before it goes and the
 * lock, taken first, is released last.
 */
export function cleanUpSync(): void {
  for (const item of [...unfinished].reverse()) item.abortSync();
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

/**
 * Removes what killed runs left in `directory`: temporary files, and staged folders with all they
 * hold. An entry is removed as what it is (lstat): a link is unlinked, never followed.
 */
export function removeLeftovers(directory: string): void {
  for (const entry of Deno.readDirSync(directory)) {
    if (!TEMPORARY_NAME.test(entry.name)) continue;
    removeEntry(join(directory, entry.name));
  }
}

/**
 * Removes whatever is at `path` without following a link there: a folder with all it holds
 * (Deno's recursive removal unlinks the links inside, never their targets), anything else
 * unlinked. Nothing there is not an error.
 */
export function removeEntry(path: string): void {
  let info: Deno.FileInfo;
  try {
    info = Deno.lstatSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw FileError.from(error, "cannot remove", path);
  }
  try {
    Deno.removeSync(path, { recursive: info.isDirectory && !info.isSymlink });
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      throw FileError.from(error, "cannot remove", path);
    }
  }
}

/**
 * A format's tree of files (everything under one folder of the output, such as `rcaeval/`),
 * staged in a folder made exclusively under a temporary name: `mkdir` fails when anything is
 * there, a link included, and so does every folder and file made inside. The commit replaces
 * the folder's old tree with it in one rename; until then a signal or a failure removes it whole.
 */
export class StagedTree {
  /** Trees being staged, by final path: one per folder and run. */
  static readonly #staging = new Map<string, StagedTree>();
  /** The folder's name in the output folder. */
  readonly name: string;
  /** The final path. */
  readonly path: string;
  /** The staging folder's path. */
  readonly temporary: string;
  /** The folders made inside, relative, with `/`. */
  readonly #folders = new Set<string>();
  readonly #forget: () => void;
  #done = false;

  private constructor(directory: string, name: string, temporary: string) {
    this.name = name;
    this.path = join(directory, name);
    this.temporary = temporary;
    this.#forget = onCleanUp(this);
  }

  /** The tree being staged for folder `name` of `directory`, made at first use. */
  static of(directory: string, name: string): StagedTree {
    const path = join(directory, name);
    const staged = StagedTree.#staging.get(path);
    if (staged) return staged;
    const temporary = join(directory, temporaryName(name));
    try {
      // Not recursive: it fails when anything is at the name, and never goes through a link.
      Deno.mkdirSync(temporary);
    } catch (error) {
      throw FileError.from(error, "cannot create", temporary);
    }
    // Registered in the same task as made: a signal cannot come in between.
    const tree = new StagedTree(directory, name, temporary);
    StagedTree.#staging.set(path, tree);
    return tree;
  }

  /**
   * Creates the file at `relative` (parts joined by `/`) in the staging folder, exclusively. On
   * failure the whole tree goes: a later run never finds a half-made one to stage into.
   */
  create(relative: string): { path: string; file: Deno.FsFile } {
    try {
      return this.#create(relative);
    } catch (error) {
      this.abortSync();
      throw error;
    }
  }

  #create(relative: string): { path: string; file: Deno.FsFile } {
    const parts = relative.split("/");
    let folder = "";
    for (const part of parts.slice(0, -1)) {
      folder = folder === "" ? part : `${folder}/${part}`;
      if (this.#folders.has(folder)) continue;
      const path = join(this.temporary, ...folder.split("/"));
      try {
        Deno.mkdirSync(path);
      } catch (error) {
        throw FileError.from(error, "cannot create", path);
      }
      this.#folders.add(folder);
    }
    const path = join(this.temporary, ...parts);
    try {
      return { path, file: Deno.openSync(path, { write: true, createNew: true }) };
    } catch (error) {
      throw FileError.from(error, "cannot create", path);
    }
  }

  /**
   * Puts the staged folder in place of the old tree: whatever is at the folder's name goes first
   * (a folder with all it holds, a link or a file unlinked, never followed), then one rename.
   * rename() of a folder onto a link or a file fails, so nothing is ever written through one.
   */
  commit(): void {
    if (this.#done) return;
    removeEntry(this.path);
    try {
      Deno.renameSync(this.temporary, this.path);
    } catch (error) {
      throw FileError.from(error, "cannot rename into place", this.path);
    }
    this.#finish();
  }

  /** Removes the staging folder and all it holds (after its files are closed). */
  abortSync(): void {
    if (this.#done) return;
    this.#finish();
    try {
      removeEntry(this.temporary);
    } catch {
      // Gone already, or not removable: the next run's leftovers sweep takes it.
    }
  }

  #finish(): void {
    this.#done = true;
    this.#forget();
    StagedTree.#staging.delete(this.path);
  }
}

/** A file being written: bytes go to a temporary name until the commit renames it. */
export class AtomicFile {
  /** The final name, relative to the directory. */
  readonly name: string;
  /** The final path. */
  readonly path: string;
  /** The temporary path. */
  readonly temporary: string;
  /** The tree the file belongs to, when its name is a path in a format's folder. */
  readonly tree: StagedTree | undefined;
  readonly #file: Deno.FsFile;
  readonly #hash = new Sha256();
  readonly #forget: () => void;
  #bytes = 0;
  #rows = 0;
  #closed = false;

  private constructor(
    directory: string,
    name: string,
    temporary: string,
    file: Deno.FsFile,
    tree?: StagedTree,
  ) {
    this.name = name;
    this.path = join(directory, ...name.split("/"));
    this.temporary = temporary;
    this.tree = tree;
    this.#file = file;
    this.#forget = onCleanUp(this);
  }

  /**
   * Creates a new temporary file for `name` in `directory`. Synchronously: the file then exists
   * on disk only once it is registered for removal, as a signal handler runs between tasks,
   * never inside one. A name with `/` (`rcaeval/db_cpu/1/data.csv`) is a path in a format's
   * folder: the file is made in that folder's staged tree, under its own name there.
   */
  static create(directory: string, name: string): AtomicFile {
    const slash = name.indexOf("/");
    if (slash > 0) {
      const tree = StagedTree.of(directory, name.slice(0, slash));
      const { path, file } = tree.create(name.slice(slash + 1));
      return new AtomicFile(directory, name, path, file, tree);
    }
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

  /**
   * Closes and removes the temporary file, leaving the final name untouched; a file of a staged
   * tree takes the whole tree with it.
   */
  async abort(): Promise<void> {
    this.#closeQuietly();
    this.#forget();
    await Deno.remove(this.temporary).catch(() => {});
    this.tree?.abortSync();
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
