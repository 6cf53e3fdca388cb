// One block of samples generated and encoded for every output at once: the unit of work of the
// command line, on the main thread or in a worker.

import type { ResolvedConfig } from "./config_types.ts";
import { ByteWriter } from "./_bytes.ts";
import { CsvEncoder } from "./csv.ts";
import { createGenerator, type DatasetGenerator } from "./generate.ts";
import type { M4Aggregator } from "./m4.ts";

/** A block's bytes for metrics.csv and labels.csv. */
export interface EncodedBytes {
  metrics: Uint8Array;
  labels: Uint8Array;
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
  readonly #metrics: CsvEncoder;
  readonly #labels: CsvEncoder;
  /** Output buffers (metrics, labels) used in turn. */
  readonly #buffers: [ByteWriter, ByteWriter][];
  readonly #m4: M4Aggregator | undefined;
  readonly #piece: number;
  #turn = 0;

  /** `buffers` sets of output buffers are used in turn: 2 lets one be written while the next is
   * encoded. */
  constructor(config: ResolvedConfig, m4?: M4Aggregator, buffers = 1) {
    this.#generator = createGenerator(config);
    this.#metrics = new CsvEncoder(config);
    this.#labels = new CsvEncoder(config, { kind: "labels" });
    this.#buffers = Array.from({ length: buffers }, () => [new ByteWriter(), new ByteWriter()]);
    this.#m4 = m4;
    const metrics = Object.keys(config.metrics).length;
    this.#piece = Math.max(1, Math.min(PIECE, Math.floor(PIECE_VALUES / metrics)));
  }

  /** The bytes of samples from .. to: views into buffers reused `buffers` calls later. */
  encode(from: number, to: number): EncodedBytes {
    const [metrics, labels] = this.#buffers[this.#turn];
    this.#turn = (this.#turn + 1) % this.#buffers.length;
    metrics.length = 0;
    labels.length = 0;
    const piece = this.#piece;
    for (let start = from; start < to; start += piece) {
      const chunk = this.#generator.chunk(start, Math.min(to, start + piece));
      this.#m4?.add(chunk);
      metrics.append(this.#metrics.encode(chunk));
      labels.append(this.#labels.encode(chunk));
    }
    return { metrics: metrics.view(), labels: labels.view() };
  }
}
