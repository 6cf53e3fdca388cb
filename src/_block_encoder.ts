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
  readonly #metrics: CsvEncoder;
  readonly #labels: CsvEncoder;
  readonly #m4: M4Aggregator | undefined;

  constructor(config: ResolvedConfig, m4?: M4Aggregator) {
    this.#generator = createGenerator(config);
    this.#metrics = new CsvEncoder(config);
    this.#labels = new CsvEncoder(config, { kind: "labels" });
    this.#m4 = m4;
  }

  /** The bytes of samples from .. to: views into buffers the next call reuses. */
  encode(from: number, to: number): EncodedBytes {
    const chunk = this.#generator.chunk(from, to);
    this.#m4?.add(chunk);
    return { metrics: this.#metrics.encode(chunk), labels: this.#labels.encode(chunk) };
  }
}
