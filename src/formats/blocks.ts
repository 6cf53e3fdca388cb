// One block of samples generated and encoded for every output file at once: the unit of work of
// the command line, on the main thread or in a worker.

import type { ResolvedConfig } from "../config/types.ts";
import type { RecordedSource } from "../input/mod.ts";
import type { Chunk } from "../model/dataset.ts";
import { Generation } from "../model/generation.ts";
import { ByteWriter } from "./bytes.ts";
import type { FileEncoder } from "./types.ts";

/** What else a block's chunks are shown to on the way: the picture's aggregation. */
export interface ChunkObserver {
  /** Takes a chunk in; it is reused once this returns. */
  add(chunk: Chunk): void;
}

/** A block's bytes: every file's sections, one after the other, and each file's rows. */
export interface EncodedBytes {
  parts: Uint8Array[];
  rows: number[];
}

/**
 * Samples generated and encoded at a time within a block. Small pieces keep the work in the
 * cache and make the JIT optimise sooner (measured: a 1.5 MB block made in pieces of 1024
 * samples is encoded faster than in one piece, and the first blocks much faster).
 */
const PIECE = 1024;
/** Values in a piece at most: wide configs take fewer samples a piece, so memory stays bounded. */
const PIECE_VALUES = 1 << 18;

/** Generates and encodes blocks of samples, feeding the plot's aggregation on the way. */
export class BlockEncoder {
  readonly #generator: Generation;
  readonly #files: readonly FileEncoder[];
  /** Output buffers, one per section of each file, used in turn. */
  readonly #buffers: ByteWriter[][][];
  readonly #m4: ChunkObserver | undefined;
  readonly #piece: number;
  #turn = 0;

  /**
   * `buffers` sets of output buffers are used in turn: 2 lets one be written while the next is
   * encoded. `effects` makes the generator compute the effect truth (effects.csv); `recorded`
   * is where recorded metrics are read.
   */
  constructor(
    config: ResolvedConfig,
    files: readonly FileEncoder[],
    options: {
      m4?: ChunkObserver;
      buffers?: number;
      effects?: boolean;
      recorded?: RecordedSource;
    } = {},
  ) {
    // The config was resolved before it came here: it is not checked again.
    this.#generator = new Generation(config, {
      effects: options.effects ?? false,
      recorded: options.recorded,
    });
    this.#files = files;
    this.#buffers = Array.from(
      { length: options.buffers ?? 1 },
      // Files of many sections (a series each) start small: wide configs have thousands.
      () =>
        files.map((file) => {
          const capacity = file.sections === 1 ? 1 << 16 : 1 << 10;
          return Array.from({ length: file.sections }, () => new ByteWriter(capacity));
        }),
    );
    this.#m4 = options.m4;
    const metrics = Object.keys(config.metrics).length;
    this.#piece = Math.max(1, Math.min(PIECE, Math.floor(PIECE_VALUES / metrics)));
  }

  /** The bytes of samples from .. to: views into buffers reused `buffers` calls later. */
  encode(from: number, to: number): EncodedBytes {
    const writers = this.#next();
    const files = this.#files;
    const rows = files.map(() => 0);
    const piece = this.#piece;
    for (let start = from; start < to; start += piece) {
      const chunk = this.#generator.chunk(start, Math.min(to, start + piece));
      this.#m4?.add(chunk);
      for (let f = 0; f < files.length; f++) rows[f] += files[f].encode(chunk, writers[f]);
    }
    return { parts: writers.flat().map((writer) => writer.view()), rows };
  }

  #next(): ByteWriter[][] {
    const writers = this.#buffers[this.#turn];
    this.#turn = (this.#turn + 1) % this.#buffers.length;
    for (const file of writers) for (const writer of file) writer.length = 0;
    return writers;
  }
}
