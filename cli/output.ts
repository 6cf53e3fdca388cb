// An output file of several sections, written while the blocks arrive in sample order: section 0
// goes straight into the file, the others into a spill file beside it (a temporary file like any
// other), to be copied in after it, section by section. Memory holds one block, whatever the
// number of samples; the spill's index holds a few numbers per block.

import { join } from "./paths.ts";
import type { FileEncoder } from "../src/formats/mod.ts";
import { ByteWriter } from "../src/formats/bytes.ts";
import { FileError } from "./errors.ts";
import { AtomicFile, onCleanUp, temporaryName } from "./files.ts";
import type { FileBytes } from "./workers.ts";

/** Bytes read back from the spill at a time. */
const COPY_BYTES = 1 << 22;

/** One output file being written from its encoder's sections. */
export class SectionedFile {
  /** The file, under its temporary name until the commit. */
  readonly file: AtomicFile;
  readonly #encoder: FileEncoder;
  readonly #spill: Spill | undefined;
  /** Per block written to the spill: where each of sections 1.. begins, and where the last ends. */
  readonly #blocks: Float64Array[] = [];
  /** A block's sections 1.. gathered for the spill: only a file of several sections has one. */
  readonly #gather: ByteWriter | undefined;

  private constructor(file: AtomicFile, encoder: FileEncoder, spill: Spill | undefined) {
    this.file = file;
    this.#encoder = encoder;
    this.#spill = spill;
    this.#gather = spill && new ByteWriter();
  }

  /** Creates the file (and its spill, for files of several sections) and writes its opening. */
  static async create(directory: string, encoder: FileEncoder): Promise<SectionedFile> {
    const file = AtomicFile.create(directory, encoder.name);
    let spill: Spill | undefined;
    try {
      spill = encoder.sections > 1 ? Spill.create(directory, encoder.name) : undefined;
      await file.write(encoder.head(0));
    } catch (error) {
      spill?.abortSync();
      await file.abort();
      throw error;
    }
    return new SectionedFile(file, encoder, spill);
  }

  /** Appends a block's bytes, in sample order. */
  async write(bytes: FileBytes): Promise<void> {
    const first = this.#encoder.place
      ? this.#encoder.place(bytes.parts[0], this.file.size)
      : bytes.parts[0];
    await this.file.write(first, bytes.rows);
    const spill = this.#spill;
    const gather = this.#gather;
    if (!spill || !gather) return;
    gather.length = 0;
    const offsets = new Float64Array(bytes.parts.length);
    for (let s = 1; s < bytes.parts.length; s++) {
      offsets[s - 1] = spill.length + gather.length;
      gather.append(bytes.parts[s]);
    }
    offsets[bytes.parts.length - 1] = spill.length + gather.length;
    this.#blocks.push(offsets);
    await spill.write(gather.view());
  }

  /** Copies the spilled sections in after the first, each after its opening, then the tail. */
  async complete(): Promise<void> {
    const spill = this.#spill;
    if (spill) {
      // Two buffers in turn: the next piece is read while this one is hashed and written.
      const buffers = [new Uint8Array(COPY_BYTES), new Uint8Array(COPY_BYTES)];
      let turn = 0;
      for (let s = 1; s < this.#encoder.sections; s++) {
        await this.file.write(this.#encoder.head(s));
        let writing = Promise.resolve();
        for (const offsets of this.#blocks) {
          let at = offsets[s - 1];
          const end = offsets[s];
          while (at < end) {
            const length = Math.min(COPY_BYTES, end - at);
            const piece = buffers[turn].subarray(0, length);
            turn = 1 - turn;
            await spill.readAt(at, piece);
            await writing;
            writing = this.file.write(piece);
            at += length;
          }
        }
        await writing;
      }
      spill.abortSync();
    }
    let first = true;
    for (const piece of this.#encoder.tail()) {
      await this.file.write(piece, first ? this.#encoder.tailRows : 0);
      first = false;
    }
  }

  /** Removes the spill and the file. */
  async abort(): Promise<void> {
    this.#spill?.abortSync();
    await this.file.abort();
  }
}

/** A temporary file written and then read back, removed when done or on a signal. */
class Spill {
  readonly #path: string;
  readonly #file: Deno.FsFile;
  readonly #forget: () => void;
  length = 0;
  #closed = false;

  private constructor(path: string, file: Deno.FsFile) {
    this.#path = path;
    this.#file = file;
    this.#forget = onCleanUp(this);
  }

  static create(directory: string, name: string): Spill {
    // Beside the output files, under a plain name even for a file of a tree (`a/b` -> `a-b`).
    const path = join(directory, temporaryName(`${name.replaceAll("/", "-")}.spill`));
    try {
      return new Spill(path, Deno.openSync(path, { read: true, write: true, createNew: true }));
    } catch (error) {
      throw FileError.from(error, "cannot create", path);
    }
  }

  async write(bytes: Uint8Array): Promise<void> {
    try {
      let done = 0;
      while (done < bytes.length) done += await this.#file.write(bytes.subarray(done));
    } catch (error) {
      throw FileError.from(error, "cannot write", this.#path);
    }
    this.length += bytes.length;
  }

  /** Fills `into` with the bytes at `offset`; once every write is done. */
  async readAt(offset: number, into: Uint8Array): Promise<void> {
    try {
      await this.#file.seek(offset, Deno.SeekMode.Start);
      let done = 0;
      while (done < into.length) {
        const read = await this.#file.read(into.subarray(done));
        if (read === null) throw new Error("the file is shorter than written");
        done += read;
      }
    } catch (error) {
      throw FileError.from(error, "cannot read back", this.#path);
    }
  }

  abortSync(): void {
    this.#forget();
    if (!this.#closed) {
      this.#closed = true;
      try {
        this.#file.close();
      } catch {
        // Already closed.
      }
    }
    try {
      Deno.removeSync(this.#path);
    } catch {
      // Already gone.
    }
  }
}
