// One block of samples generated and encoded for every output at once: the unit of work of the
// command line, on the main thread or in a worker.

import type { ResolvedConfig } from "./config_types.ts";
import { ByteWriter } from "./_bytes.ts";
import { CsvEncoder, type CsvKind } from "./csv.ts";
import { createGenerator, type DatasetGenerator } from "./generate.ts";
import type { M4Aggregator } from "./m4.ts";

/** A block's bytes for each CSV file, in the order of the kinds asked for. */
export interface EncodedBytes {
  parts: Uint8Array[];
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
  readonly #generator: DatasetGenerator;
  readonly #encoders: CsvEncoder[];
  /** Output buffers, one per file, used in turn. */
  readonly #buffers: ByteWriter[][];
  readonly #m4: M4Aggregator | undefined;
  readonly #piece: number;
  #turn = 0;

  /**
   * `buffers` sets of output buffers are used in turn: 2 lets one be written while the next is
   * encoded.
   */
  constructor(
    config: ResolvedConfig,
    kinds: readonly CsvKind[],
    m4?: M4Aggregator,
    buffers = 1,
  ) {
    this.#generator = createGenerator(config, { effects: kinds.includes("effects") });
    this.#encoders = kinds.map((kind) => new CsvEncoder(config, { kind }));
    this.#buffers = Array.from({ length: buffers }, () => kinds.map(() => new ByteWriter()));
    this.#m4 = m4;
    const metrics = Object.keys(config.metrics).length;
    this.#piece = Math.max(1, Math.min(PIECE, Math.floor(PIECE_VALUES / metrics)));
  }

  /** The bytes of samples from .. to: views into buffers reused `buffers` calls later. */
  encode(from: number, to: number): EncodedBytes {
    const writers = this.#buffers[this.#turn];
    this.#turn = (this.#turn + 1) % this.#buffers.length;
    for (const writer of writers) writer.length = 0;
    const piece = this.#piece;
    const encoders = this.#encoders;
    for (let start = from; start < to; start += piece) {
      const chunk = this.#generator.chunk(start, Math.min(to, start + piece));
      this.#m4?.add(chunk);
      for (let f = 0; f < encoders.length; f++) writers[f].append(encoders[f].encode(chunk));
    }
    return { parts: writers.map((writer) => writer.view()) };
  }
}
