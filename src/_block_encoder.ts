// One block of samples generated and encoded for every output at once: the unit of work of the
// command line, on the main thread or in a worker.

import type { ResolvedConfig } from "./config_types.ts";
import { CsvEncoder } from "./csv.ts";
import { createGenerator, type DatasetGenerator } from "./generate.ts";
import type { M4Aggregator } from "./m4.ts";

/** A block's bytes for metrics.csv and labels.csv. */
export interface EncodedBytes {
  metrics: Uint8Array;
  labels: Uint8Array;
}

/** Generates and encodes blocks of samples, feeding the plot's aggregation on the way. */
export class BlockEncoder {
  readonly #generator: DatasetGenerator;
  /** Pairs of encoders (metrics, labels) used in turn, each with its own buffers. */
  readonly #encoders: [CsvEncoder, CsvEncoder][];
  readonly #m4: M4Aggregator | undefined;
  #turn = 0;

  /** `buffers` sets of output buffers are used in turn: 2 lets one be written while the next is
   * encoded. */
  constructor(config: ResolvedConfig, m4?: M4Aggregator, buffers = 1) {
    this.#generator = createGenerator(config);
    this.#encoders = Array.from(
      { length: buffers },
      () => [new CsvEncoder(config), new CsvEncoder(config, { kind: "labels" })],
    );
    this.#m4 = m4;
  }

  /** The bytes of samples from .. to: views into buffers reused `buffers` calls later. */
  encode(from: number, to: number): EncodedBytes {
    const chunk = this.#generator.chunk(from, to);
    this.#m4?.add(chunk);
    const [metrics, labels] = this.#encoders[this.#turn];
    this.#turn = (this.#turn + 1) % this.#encoders.length;
    return { metrics: metrics.encode(chunk), labels: labels.encode(chunk) };
  }
}
