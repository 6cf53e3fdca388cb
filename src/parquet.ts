// metrics.parquet and labels.parquet: the samples as columns. metrics: `timestamp` (TIMESTAMP in
// milliseconds, UTC) or `sample` (INT64), then a DOUBLE per metric (INT64 for a counter), null
// where a sample is missing; labels: the same first column and a BOOLEAN per metric. Row groups
// cover fixed ranges of sample indices, so the bytes do not depend on how the samples were cut
// into chunks; memory holds one row group.

import type { ResolvedConfig } from "./config_types.ts";
import type { Chunk } from "./generate.ts";
import type { FileEncoder } from "./format.ts";
import type { ByteWriter } from "./_bytes.ts";
import { ParquetBytes, ParquetWriter } from "./_dep_parquet.ts";
import { firstColumn } from "./csv.ts";
import { intervalMs } from "./time.ts";
import { VERSION } from "./version.ts";

/** Samples in a row group, at most. */
const ROW_GROUP = 1 << 20;
/** Values buffered for a row group, at most: wide configs get shorter row groups. */
const GROUP_VALUES = 1 << 23;

/** Which of the two files. */
export type ParquetKind = "metrics" | "labels";

type Column = {
  name: string;
  data: unknown;
  encoding?: "PLAIN" | "RLE" | "DELTA_BINARY_PACKED";
};

/** Writes metrics.parquet or labels.parquet, one row group at a time, in sample order. */
export class ParquetEncoder implements FileEncoder {
  readonly name: string;
  readonly sections = 1;
  /** A row group spans chunks: they must come in order. */
  readonly sequential = true;
  readonly tailRows = 0;
  readonly #kind: ParquetKind;
  readonly #counters: boolean[];
  readonly #names: string[];
  readonly #first: "timestamp" | "sample";
  readonly #t0: number;
  readonly #step: number;
  readonly #groupRows: number;
  readonly #bytes = new ParquetBytes(1 << 16);
  readonly #writer: ParquetWriter;
  /** The row group being filled: its first sample, and its rows so far. */
  #groupStart = -1;
  #rows = 0;
  readonly #values: Float64Array[];
  readonly #labels: Uint8Array[];

  constructor(config: ResolvedConfig, kind: ParquetKind) {
    this.name = `${kind}.parquet`;
    this.#kind = kind;
    this.#names = Object.keys(config.metrics);
    this.#counters = this.#names.map((name) => config.metrics[name].type === "counter");
    this.#first = firstColumn(config);
    this.#t0 = config.general.start === undefined ? 0 : Date.parse(config.general.start);
    this.#step = config.general.start === undefined ? 1 : intervalMs(config.general);
    const m = this.#names.length;
    this.#groupRows = Math.max(1, Math.min(ROW_GROUP, Math.floor(GROUP_VALUES / m)));
    this.#values = kind === "metrics"
      ? this.#names.map(() => new Float64Array(this.#groupRows))
      : [];
    this.#labels = kind === "labels" ? this.#names.map(() => new Uint8Array(this.#groupRows)) : [];
    const first = this.#first === "timestamp"
      ? {
        name: "timestamp",
        type: "INT64",
        repetition_type: "REQUIRED",
        converted_type: "TIMESTAMP_MILLIS",
        logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MILLIS" },
      }
      : { name: "sample", type: "INT64", repetition_type: "REQUIRED" };
    const columns = this.#names.map((name, j) =>
      kind === "labels"
        ? { name, type: "BOOLEAN", repetition_type: "REQUIRED" }
        : { name, type: this.#counters[j] ? "INT64" : "DOUBLE", repetition_type: "OPTIONAL" }
    );
    this.#writer = new ParquetWriter({
      writer: this.#bytes,
      // deno-lint-ignore no-explicit-any
      schema: [{ name: "root", num_children: m + 1 }, first, ...columns] as any,
      codec: "SNAPPY",
      createdBy: `chaos-datagen ${VERSION}`,
    });
  }

  head(): Uint8Array {
    return new Uint8Array();
  }

  encode(chunk: Chunk, out: readonly ByteWriter[]): number {
    const rows = chunk.to - chunk.from;
    let i = 0;
    while (i < rows) {
      const k = chunk.from + i;
      if (this.#groupStart < 0) this.#groupStart = k;
      // Row groups end at multiples of their size: the same groups for any chunking.
      const groupEnd = (Math.floor(k / this.#groupRows) + 1) * this.#groupRows;
      const take = Math.min(rows - i, groupEnd - k);
      for (let j = 0; j < this.#names.length; j++) {
        if (this.#kind === "metrics") {
          this.#values[j].set(chunk.values[j].subarray(i, i + take), this.#rows);
        } else this.#labels[j].set(chunk.labels[j].subarray(i, i + take), this.#rows);
      }
      this.#rows += take;
      i += take;
      if (k + take === groupEnd) this.#flush(out[0]);
    }
    return rows;
  }

  finish(out: readonly ByteWriter[]): number {
    this.#flush(out[0]);
    this.#writer.finish();
    this.#drain(out[0]);
    return 0;
  }

  tail(): Iterable<Uint8Array> {
    return [];
  }

  /** Writes the row group filled so far. */
  #flush(out: ByteWriter): void {
    const rows = this.#rows;
    if (rows === 0) return;
    const first = new BigInt64Array(rows);
    for (let r = 0; r < rows; r++) {
      first[r] = BigInt(this.#t0 + (this.#groupStart + r) * this.#step);
    }
    const columns: Column[] = [{
      name: this.#first,
      data: first,
      encoding: "DELTA_BINARY_PACKED",
    }];
    for (let j = 0; j < this.#names.length; j++) {
      const name = this.#names[j];
      if (this.#kind === "labels") {
        const labels = this.#labels[j];
        // The writer takes booleans (a number passes its RLE encoder, not its plain one).
        const data = new Array<boolean>(rows);
        for (let r = 0; r < rows; r++) data[r] = labels[r] === 1;
        columns.push({ name, data });
        continue;
      }
      const values = this.#values[j].subarray(0, rows);
      columns.push({ name, data: columnData(values, this.#counters[j]), encoding: "PLAIN" });
    }
    // deno-lint-ignore no-explicit-any
    this.#writer.write({ columnData: columns as any, rowGroupSize: rows });
    this.#drain(out);
    this.#rows = 0;
    this.#groupStart = -1;
  }

  /** Moves what the Parquet writer wrote into `out`; its offsets count on. */
  #drain(out: ByteWriter): void {
    out.append(this.#bytes.getBytes());
    this.#bytes.index = 0;
  }
}

/** A metric's values as the writer takes them: nulls for missing samples, BigInts for counts. */
function columnData(values: Float64Array, counter: boolean): unknown {
  let missing = false;
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== values[i]) {
      missing = true;
      break;
    }
  }
  if (counter) {
    return missing
      ? Array.from(values, (x) => (x === x ? BigInt(x) : null))
      : BigInt64Array.from(values, (x) => BigInt(x));
  }
  return missing ? Array.from(values, (x) => (x === x ? x : null)) : values.slice();
}
