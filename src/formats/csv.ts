// metrics.csv and labels.csv: a `sample` column (the index), or `timestamp` with general.start,
// then one column per metric in config order. A column that can hold non-integers writes every
// value with a point (`3.0`), so typed readers (DuckDB, polars, pandas) infer a float column from
// any rows they sample; a column whole by construction writes integers.

import { countsEvents } from "../config/distributions.ts";
import type { ResolvedConfig } from "../config/types.ts";
import type { Chunk, Dataset } from "../model/mod.ts";
import { ByteWriter, MAX_NUMBER_BYTES } from "./bytes.ts";
import { MAX_TIME_BYTES, type TimeText, timeTextOf } from "./_time_text.ts";
import { quoteCsvField } from "../text/csv_fields.ts";
import type { FileEncoder, FormatFiles } from "./types.ts";

/** Which CSV file to write: the values, the labels, or the effect truth (`Chunk.effects`). */
export type CsvKind = "metrics" | "labels" | "effects";

/** Options for {@linkcode CsvEncoder} and {@linkcode encodeCsv}. */
export interface CsvOptions {
  /**
   * `metrics` writes the values, `labels` writes 1 where a fault is active and 0 elsewhere,
   * `effects` the deviation the faults cause (the generator must be made with `effects: true`).
   * @default {"metrics"}
   */
  kind?: CsvKind;
}

const COMMA = 44;
const NEWLINE = 10;
const ZERO = 48;
const DOT = 46;

/**
 * Encodes chunks of a dataset as CSV bytes: the header once, then each chunk's rows. The bytes
 * do not depend on how the samples were cut into chunks.
 *
 * @example Encoding a stream of chunks
 * ```ts
 * import { createGenerator, CsvEncoder } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * const generator = createGenerator({
 *   general: { seed: 1, num_samples: 3 },
 *   metrics: { cpu: { value: 30 }, mem: { value: 0.5 } },
 * });
 * const encoder = new CsvEncoder(generator.config);
 * let text = new TextDecoder().decode(encoder.header());
 * for (const chunk of generator.chunks()) text += new TextDecoder().decode(encoder.encode(chunk));
 * strictEqual(text, "sample,cpu,mem\n0,30.0,0.5\n1,30.0,0.5\n2,30.0,0.5\n");
 * ```
 */
export class CsvEncoder {
  readonly #config: ResolvedConfig;
  readonly #kind: CsvKind;
  readonly #writer = new ByteWriter();
  readonly #decimals: number | "full";
  readonly #scale: number;
  /** Per column, 1 when it can hold non-integers: its whole values are written with `.0`. */
  readonly #floats: Uint8Array;
  /** Whether any metric has missing samples (NaN), written as empty cells. */
  readonly #gaps: boolean;
  readonly #times: TimeText | undefined;

  /**
   * Makes an encoder for one file.
   *
   * @param config The resolved config of the dataset.
   * @param options Which file.
   */
  constructor(config: ResolvedConfig, options: CsvOptions = {}) {
    this.#config = config;
    this.#kind = options.kind ?? "metrics";
    this.#decimals = config.general.decimals;
    this.#scale = this.#decimals === "full" ? 0 : 10 ** this.#decimals;
    this.#times = timeTextOf(config.general);
    const names = Object.keys(config.metrics);
    // Recorded series may miss samples of their own, and a series outside its life (churn).
    this.#gaps = this.#kind === "metrics" &&
      (Object.values(config.anomalies).some((faults) => faults.some((f) => f.kind === "missing")) ||
        Object.values(config.metrics).some((metric) => metric.recorded || metric.life));
    // Effects are not rounded to step_size: only decimals = 0 makes them whole.
    const whole = (name: string) =>
      this.#kind === "effects" ? config.general.decimals === 0 : isWholeColumn(config, name);
    this.#floats = Uint8Array.from(names, (name) => whole(name) ? 0 : 1);
  }

  /**
   * The header line.
   *
   * @returns `sample,<metric names>` (`timestamp,...` with `start`) and a newline, as UTF-8.
   */
  header(): Uint8Array {
    const first = firstColumn(this.#config);
    const names = [first, ...Object.keys(this.#config.metrics)].map(quoteCsvField);
    return new TextEncoder().encode(names.join(",") + "\n");
  }

  /**
   * The rows of one chunk.
   *
   * @param chunk A chunk from {@linkcode DatasetGenerator.prototype.chunks}.
   * @returns The rows as bytes: a view valid until the next call.
   */
  encode(chunk: Chunk): Uint8Array {
    const w = this.#writer;
    const rows = chunk.to - chunk.from;
    const columns = this.#kind === "labels" ? chunk.labels : this.#values(chunk);
    w.length = 0;
    // Room is checked every 64 rows against the longest rows possible, so the buffer grows to
    // about the chunk's real size, not its worst case.
    const rowMax = MAX_TIME_BYTES + 3 +
      columns.length * (this.#kind === "labels" ? 2 : MAX_NUMBER_BYTES + 3) + 1;
    const times = this.#times;
    const m = columns.length;
    const labels = chunk.labels;
    const values = columns as readonly Float64Array[];
    const kind = this.#kind === "labels" ? 0 : this.#decimals === "full" ? 1 : 2;
    const decimals = this.#decimals === "full" ? 0 : this.#decimals;
    const scale = this.#scale;
    const floats = this.#floats;
    const gaps = this.#gaps;
    for (let i = 0; i < rows; i++) {
      if ((i & 63) === 0) w.reserve(64 * rowMax);
      const k = chunk.from + i;
      if (times !== undefined) w.length = times.write(w.dataView, w.length, k);
      else w.unsigned(k);
      if (kind === 0) {
        const bytes = w.bytes;
        let p = w.length;
        for (let j = 0; j < m; j++) {
          bytes[p++] = COMMA;
          bytes[p++] = ZERO + labels[j][i];
        }
        bytes[p++] = NEWLINE;
        w.length = p;
        continue;
      }
      for (let j = 0; j < m; j++) {
        w.bytes[w.length++] = COMMA;
        // A missing sample is an empty cell.
        if (gaps && values[j][i] !== values[j][i]) continue;
        if (kind === 2) w.fixedAt(values[j], i, decimals, scale);
        else w.shortestAt(values[j], i);
        if (floats[j] === 1) {
          // A whole value's text has no point; from 1e21 on it has an exponent instead.
          const x = values[j][i];
          if (Math.floor(x) === x && x < 1e21 && x > -1e21) {
            w.bytes[w.length++] = DOT;
            w.bytes[w.length++] = ZERO;
          }
        }
      }
      w.bytes[w.length++] = NEWLINE;
    }
    return w.view();
  }

  #values(chunk: Chunk): readonly Float64Array[] {
    if (this.#kind === "metrics") return chunk.values;
    if (chunk.effects.length !== chunk.values.length) {
      throw new TypeError("effects.csv needs a generator made with { effects: true }");
    }
    return chunk.effects;
  }
}

/**
 * The name of the first column: `timestamp` when samples have times, else `sample`.
 *
 * @param config The resolved config.
 * @returns `"timestamp"` or `"sample"`.
 *
 * @example
 * ```ts
 * import { firstColumn, resolveConfig } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * const config = resolveConfig({ general: { num_samples: 1 }, metrics: { cpu: { value: 1 } } });
 * strictEqual(firstColumn(config), "sample");
 * ```
 */
export function firstColumn(config: Pick<ResolvedConfig, "general">): "timestamp" | "sample" {
  return config.general.start === undefined ? "sample" : "timestamp";
}

/**
 * Whether a metric's values are integers by construction (`decimals = 0`, or a whole
 * `step_size`), so its column is written as integers; every other column is written with a
 * point in each value.
 *
 * @param config The resolved config.
 * @param name The metric.
 * @returns True for a column of integers.
 *
 * @example
 * ```ts
 * import { isWholeColumn, resolveConfig } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * const config = resolveConfig({
 *   general: { num_samples: 1 },
 *   metrics: { pods: { value: 3, step_size: 1 }, cpu: { value: 3 } },
 * });
 * strictEqual(isWholeColumn(config, "pods"), true);
 * strictEqual(isWholeColumn(config, "cpu"), false);
 * ```
 */
export function isWholeColumn(config: ResolvedConfig, name: string): boolean {
  const metric = config.metrics[name];
  const step = metric.step_size;
  return countsEvents(metric) || config.general.decimals === 0 ||
    (step !== undefined && Number.isInteger(step));
}

/**
 * Encodes a whole in-memory dataset as CSV text.
 *
 * @param dataset A dataset from {@linkcode generate}.
 * @param options Which file.
 * @returns The CSV text, header included.
 *
 * @example The labels of a dataset
 * ```ts
 * import { encodeCsv, generate } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * const data = generate({
 *   general: { seed: 1, num_samples: 3 },
 *   metrics: { cpu: { value: 30 } },
 *   anomalies: { cpu: { at: 1, anomaly_factor: 2, pattern: "step", recovery_time: 1 } },
 * });
 * strictEqual(encodeCsv(data, { kind: "labels" }), "sample,cpu\n0,0\n1,1\n2,0\n");
 * ```
 */
export function encodeCsv(dataset: Dataset, options: CsvOptions = {}): string {
  const encoder = new CsvEncoder(dataset.config, options);
  const chunk: Chunk = {
    from: 0,
    to: dataset.config.general.num_samples,
    values: dataset.names.map((name) => dataset.values[name]),
    labels: dataset.names.map((name) => dataset.labels[name]),
    effects: dataset.names.map((name) => dataset.effects[name]),
    rates: [],
  };
  const decoder = new TextDecoder();
  return decoder.decode(encoder.header()) + decoder.decode(encoder.encode(chunk));
}

/** The csv format's files: metrics.csv, labels.csv, and effects.csv when asked for. */
export const csvFiles: FormatFiles = ({ config }, { effects }) => {
  const kinds: CsvKind[] = ["metrics", "labels", ...(effects ? ["effects" as const] : [])];
  return kinds.map((kind) => new CsvFile(config, kind));
};

/** A CSV file as a file of one section. */
class CsvFile implements FileEncoder {
  readonly name: string;
  readonly sections = 1;
  readonly sequential = false;
  readonly tailRows = 0;
  readonly #encoder: CsvEncoder;

  constructor(config: ResolvedConfig, kind: CsvKind) {
    this.name = `${kind}.csv`;
    this.#encoder = new CsvEncoder(config, { kind });
  }

  head(): Uint8Array {
    return this.#encoder.header();
  }

  encode(chunk: Chunk, out: readonly ByteWriter[]): number {
    out[0].append(this.#encoder.encode(chunk));
    return chunk.to - chunk.from;
  }

  finish(): number {
    return 0;
  }

  tail(): Iterable<Uint8Array> {
    return [];
  }
}
