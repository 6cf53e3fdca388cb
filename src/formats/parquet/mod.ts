// metrics.parquet and labels.parquet: the samples as columns. metrics: `timestamp` (TIMESTAMP in
// milliseconds, UTC) or `sample` (INT64), then a DOUBLE per metric (INT64 for a counter), null
// where a sample is missing; labels: the same first column and a BOOLEAN per metric.
//
// Each block of samples is one row group, encoded where the block is made (in the workers): a
// data page per column, PLAIN values, RLE definition levels, compressed with zstd, with column
// statistics. A row group's bytes do not depend on where it lands in the file; the main thread
// places them, notes their offsets, and writes the footer (Thrift compact) at the end.

import { countsEvents } from "../../config/distributions.ts";
import { constants, zstdCompressSync } from "node:zlib";
import type { ResolvedConfig } from "../../config/types.ts";
import type { Chunk } from "../../model/mod.ts";
import type { FileEncoder, FormatFiles, FormatOptions } from "../types.ts";
import type { ByteWriter } from "../bytes.ts";
import { firstColumn } from "../csv.ts";
import { intervalMs } from "../../model/time.ts";
import { type ThriftStruct, ThriftWriter, zigzag } from "./_thrift.ts";
import { VERSION } from "../../version.ts";
import { parquetRowGroupSize } from "./row_group.ts";
import { ByteStreamSplitter } from "./_byte_stream_split.ts";

/** Which of the two files. */
export type ParquetKind = "metrics" | "labels";

// Parquet's enumerations (parquet.thrift).
const BOOLEAN = 0;
const INT64 = 2;
const DOUBLE = 5;
const REQUIRED = 0;
const OPTIONAL = 1;
const PLAIN = 0;
const RLE = 3;
const DELTA_BINARY_PACKED = 5;
const BYTE_STREAM_SPLIT = 9;
const ZSTD = 6;
const DATA_PAGE = 0;
const TIMESTAMP_MILLIS = 9;

const MAGIC = new TextEncoder().encode("PAR1");
const TWO_POW_32 = 4294967296;

/** A column of the file. */
type ColumnSpec = { name: string; type: number; repetition: number };

/** What a row group's bytes hold, per column: sizes and statistics. */
type ChunkInfo = {
  header: number;
  uncompressed: number;
  compressed: number;
  nulls: number;
  min?: number;
  max?: number;
};
type GroupInfo = { rows: number; columns: ChunkInfo[] };

/** Writes metrics.parquet or labels.parquet, a row group per block. */
export class ParquetEncoder implements FileEncoder {
  readonly name: string;
  readonly sections = 1;
  readonly sequential = false;
  readonly tailRows = 0;
  readonly #kind: ParquetKind;
  readonly #columns: ColumnSpec[];
  readonly #t0: number;
  readonly #step: number;
  readonly #origin: number;
  readonly #end: number;
  readonly #groupRows: number;
  readonly #values: Float64Array[];
  readonly #labels: Uint8Array[];
  readonly #pages: PageBuilder;
  #groupStart = -1;
  #rows = 0;
  /** On the thread that writes the file: each row group's place and contents. */
  readonly #placed: { offset: number; info: GroupInfo }[] = [];

  /**
   * @param options The samples written (a shard's range: row groups count from its first), and
   * whether doubles are split into byte streams.
   */
  constructor(config: ResolvedConfig, kind: ParquetKind, options: FormatOptions = {}) {
    const { range, byteStreamSplit = false } = options;
    this.#pages = new PageBuilder(byteStreamSplit);
    this.name = `${kind}.parquet`;
    this.#kind = kind;
    const names = Object.keys(config.metrics);
    const first = firstColumn(config);
    this.#columns = [
      { name: first, type: INT64, repetition: REQUIRED },
      ...names.map((name) =>
        kind === "labels" ? { name, type: BOOLEAN, repetition: REQUIRED } : {
          name,
          type: countsEvents(config.metrics[name]) ? INT64 : DOUBLE,
          repetition: OPTIONAL,
        }
      ),
    ];
    this.#t0 = config.general.start === undefined ? 0 : Date.parse(config.general.start);
    this.#step = config.general.start === undefined ? 1 : intervalMs(config.general);
    this.#origin = range?.from ?? 0;
    this.#end = range?.to ?? config.general.num_samples;
    this.#groupRows = parquetRowGroupSize(names.length);
    this.#values = kind === "metrics" ? names.map(() => new Float64Array(this.#groupRows)) : [];
    this.#labels = kind === "labels" ? names.map(() => new Uint8Array(this.#groupRows)) : [];
  }

  head(): Uint8Array {
    return MAGIC;
  }

  encode(chunk: Chunk, out: readonly ByteWriter[]): number {
    const rows = chunk.to - chunk.from;
    let i = 0;
    while (i < rows) {
      const k = chunk.from + i;
      if (this.#groupStart < 0) this.#groupStart = k;
      // Row groups end at fixed distances from the first sample: the same for any blocks.
      // The last group ends with the samples: the block that makes it emits it.
      const end = Math.min(
        this.#end,
        this.#origin + (Math.floor((k - this.#origin) / this.#groupRows) + 1) * this.#groupRows,
      );
      const take = Math.min(rows - i, end - k);
      for (let j = 0; j < this.#values.length; j++) {
        this.#values[j].set(chunk.values[j].subarray(i, i + take), this.#rows);
      }
      for (let j = 0; j < this.#labels.length; j++) {
        this.#labels[j].set(chunk.labels[j].subarray(i, i + take), this.#rows);
      }
      this.#rows += take;
      i += take;
      if (k + take === end) this.#emit(out[0]);
    }
    return rows;
  }

  /** Nothing is left: each block ends a row group. */
  finish(): number {
    return 0;
  }

  /**
   * On the thread that writes the file: takes the bytes a block made, which open each row group
   * with its description, notes where each row group lands (`offset`, the file's size so far) and
   * returns the row groups' bytes alone.
   */
  place(part: Uint8Array, offset: number): Uint8Array {
    const kept: Uint8Array[] = [];
    let p = 0;
    let at = offset;
    while (p < part.length) {
      const view = new DataView(part.buffer, part.byteOffset + p, 8);
      const infoLength = view.getUint32(0, true);
      const bytesLength = view.getUint32(4, true);
      const info = JSON.parse(
        new TextDecoder().decode(part.subarray(p + 8, p + 8 + infoLength)),
      ) as GroupInfo;
      const bytes = part.subarray(p + 8 + infoLength, p + 8 + infoLength + bytesLength);
      this.#placed.push({ offset: at, info });
      kept.push(bytes);
      at += bytes.length;
      p += 8 + infoLength + bytesLength;
    }
    if (kept.length === 1) return kept[0];
    const joined = new Uint8Array(at - offset);
    let q = 0;
    for (const bytes of kept) {
      joined.set(bytes, q);
      q += bytes.length;
    }
    return joined;
  }

  /** The footer: the schema and every row group's place, sizes and statistics. */
  tail(): Iterable<Uint8Array> {
    const columns = this.#columns;
    const schema: ThriftStruct[] = [
      [[4, { string: "schema" }], [5, { i32: columns.length }]],
      ...columns.map((column, j): ThriftStruct => {
        const fields: ThriftStruct = [
          [1, { i32: column.type }],
          [3, { i32: column.repetition }],
          [4, { string: column.name }],
        ];
        if (j === 0 && column.name === "timestamp") {
          fields.push([6, { i32: TIMESTAMP_MILLIS }]);
          // LogicalType.TIMESTAMP: UTC, milliseconds.
          fields.push([10, {
            struct: [[8, {
              struct: [[1, { bool: true }], [2, { struct: [[1, { struct: [] }]] }]],
            }]],
          }]);
        }
        return fields;
      }),
    ];
    let rows = 0;
    const groups = this.#placed.map(({ offset, info }): ThriftStruct => {
      let at = offset;
      let total = 0;
      let compressed = 0;
      const chunks = info.columns.map((chunk, j): ThriftStruct => {
        const column = columns[j];
        const size = chunk.header + chunk.compressed;
        const stats: ThriftStruct = [[3, { i64: chunk.nulls }]];
        if (chunk.min !== undefined && chunk.max !== undefined) {
          stats.push([5, { binary: plainValue(column.type, chunk.max) }]);
          stats.push([6, { binary: plainValue(column.type, chunk.min) }]);
        }
        const meta: ThriftStruct = [
          [1, { i32: column.type }],
          [2, { list: { i32: this.#pages.encodings(column, j) } }],
          [3, { list: { string: [column.name] } }],
          [4, { i32: ZSTD }],
          [5, { i64: info.rows }],
          [6, { i64: chunk.header + chunk.uncompressed }],
          [7, { i64: size }],
          [9, { i64: at }],
          [12, { struct: stats }],
        ];
        const result: ThriftStruct = [[2, { i64: at }], [3, { struct: meta }]];
        at += size;
        total += chunk.header + chunk.uncompressed;
        compressed += size;
        return result;
      });
      rows += info.rows;
      return [
        [1, { list: { struct: chunks } }],
        [2, { i64: total }],
        [3, { i64: info.rows }],
        [5, { i64: offset }],
        [6, { i64: compressed }],
      ];
    });
    const footer = new ThriftWriter();
    footer.struct([
      [1, { i32: 1 }],
      [2, { list: { struct: schema } }],
      [3, { i64: rows }],
      [4, { list: { struct: groups } }],
      [6, { string: `chaos-datagen ${VERSION}` }],
      // Each column's order is its type's: without it, readers ignore min_value and max_value.
      [7, { list: { struct: columns.map((): ThriftStruct => [[1, { struct: [] }]]) } }],
    ]);
    const bytes = footer.view();
    const end = new Uint8Array(8);
    new DataView(end.buffer).setUint32(0, bytes.length, true);
    end.set(MAGIC, 4);
    return [bytes, end];
  }

  /** Encodes the row group filled so far into `out`: its description, then its bytes. */
  #emit(out: ByteWriter): void {
    const rows = this.#rows;
    if (rows === 0) return;
    const infos: ChunkInfo[] = [];
    const pieces: Uint8Array[] = [];
    for (let j = 0; j < this.#columns.length; j++) {
      // The first column is start + k * step: delta-encoded, it takes a few bytes a block.
      const page = j === 0
        ? arithmeticPage(this.#t0 + this.#groupStart * this.#step, this.#step, rows)
        : this.#pages.page(
          this.#columns[j],
          this.#kind === "metrics"
            ? this.#values[j - 1].subarray(0, rows)
            : this.#labels[j - 1].subarray(0, rows),
        );
      const compressed = compress(page.bytes);
      const header = new ThriftWriter();
      header.struct([
        [1, { i32: DATA_PAGE }],
        [2, { i32: page.bytes.length }],
        [3, { i32: compressed.length }],
        [5, {
          struct: [
            [1, { i32: rows }],
            [2, { i32: this.#pages.encoding(this.#columns[j], j) }],
            [3, { i32: RLE }],
            [4, { i32: RLE }],
          ],
        }],
      ]);
      const headerBytes = header.view().slice();
      pieces.push(headerBytes, compressed);
      infos.push({
        header: headerBytes.length,
        uncompressed: page.bytes.length,
        compressed: compressed.length,
        nulls: page.nulls,
        min: page.min,
        max: page.max,
      });
    }
    const info = new TextEncoder().encode(JSON.stringify({ rows, columns: infos }));
    const length = pieces.reduce((sum, piece) => sum + piece.length, 0);
    const lengths = new Uint8Array(8);
    new DataView(lengths.buffer).setUint32(0, info.length, true);
    new DataView(lengths.buffer).setUint32(4, length, true);
    out.append(lengths);
    out.append(info);
    for (const piece of pieces) out.append(piece);
    this.#rows = 0;
    this.#groupStart = -1;
  }
}

/**
 * The page of an arithmetic sequence (first, first + step, ...) in DELTA_BINARY_PACKED: blocks of
 * 128 deltas in 4 miniblocks, each delta equal to the block's minimum, so every miniblock has bit
 * width 0 and no bytes.
 */
function arithmeticPage(
  first: number,
  step: number,
  rows: number,
): { bytes: Uint8Array; nulls: number; min: number; max: number } {
  const out = new ThriftWriter();
  out.varint(128);
  out.varint(4);
  out.varint(rows);
  out.varint(zigzag(first));
  for (let deltas = rows - 1; deltas > 0; deltas -= 128) {
    out.varint(zigzag(step));
    for (let miniblock = 0; miniblock < 4; miniblock++) out.byte(0);
  }
  const last = first + (rows - 1) * step;
  return {
    bytes: out.view(),
    nulls: 0,
    min: Math.min(first, last),
    max: Math.max(first, last),
  };
}

/** A page's data, uncompressed, and the statistics of its values. */
type PageData = { bytes: Uint8Array; nulls: number; min?: number; max?: number };

/**
 * Builds column pages in one buffer, reused from page to page (a page is compressed before the
 * next is built): a fresh 8 MB page per column cost more in page faults than in encoding.
 */
class PageBuilder {
  #buffer = new Uint8Array(0);
  /** Splits doubles into byte streams, or undefined for PLAIN doubles. */
  readonly #splitter: ByteStreamSplitter | undefined;

  constructor(byteStreamSplit: boolean) {
    this.#splitter = byteStreamSplit ? new ByteStreamSplitter() : undefined;
  }

  /**
   * How a column's values are encoded: the first column (an arithmetic sequence) by its deltas,
   * doubles PLAIN or split into byte streams, the rest PLAIN.
   */
  encoding(column: ColumnSpec, index: number): number {
    if (index === 0) return DELTA_BINARY_PACKED;
    return column.type === DOUBLE && this.#splitter ? BYTE_STREAM_SPLIT : PLAIN;
  }

  /** The encodings a column chunk uses. */
  encodings(column: ColumnSpec, index: number): number[] {
    const values = this.encoding(column, index);
    return column.repetition === OPTIONAL ? [values, RLE] : [values];
  }

  /** A column's page data: definition levels (optional columns), then the values. */
  page(column: ColumnSpec, data: Float64Array | Uint8Array): PageData {
    return column.type === BOOLEAN
      ? this.#booleans(data as Uint8Array)
      : this.#numbers(column, data as Float64Array);
  }

  #bytes(size: number): Uint8Array {
    if (this.#buffer.length < size) this.#buffer = new Uint8Array(size);
    return this.#buffer.subarray(0, size);
  }

  /** Labels (0 or 1), bit-packed 8 rows a byte, the first row in the lowest bit. */
  #booleans(data: Uint8Array): PageData {
    const rows = data.length;
    const bytes = this.#bytes(Math.ceil(rows / 8)).fill(0);
    let ones = 0;
    const whole = rows >> 3;
    for (let q = 0; q < whole; q++) {
      const r = 8 * q;
      const a = data[r], b = data[r + 1], c = data[r + 2], d = data[r + 3];
      const e = data[r + 4], f = data[r + 5], g = data[r + 6], h = data[r + 7];
      bytes[q] = a | (b << 1) | (c << 2) | (d << 3) | (e << 4) | (f << 5) | (g << 6) | (h << 7);
      ones += a + b + c + d + e + f + g + h;
    }
    for (let r = 8 * whole; r < rows; r++) {
      bytes[r >> 3] |= data[r] << (r & 7);
      ones += data[r];
    }
    return { bytes, nulls: 0, min: ones === rows ? 1 : 0, max: ones > 0 ? 1 : 0 };
  }

  #numbers(column: ColumnSpec, values: Float64Array): PageData {
    const rows = values.length;
    let nulls = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let r = 0; r < rows; r++) {
      const x = values[r];
      if (x !== x) nulls++;
      else {
        if (x < min) min = x;
        if (x > max) max = x;
      }
    }
    const levels = column.repetition === OPTIONAL ? definitionLevels(values, nulls) : undefined;
    const bytes = this.#bytes((levels ? 4 + levels.length : 0) + 8 * (rows - nulls));
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    let p = 0;
    if (levels) {
      view.setUint32(0, levels.length, true);
      bytes.set(levels, 4);
      p = 4 + levels.length;
    }
    if (column.type === DOUBLE && this.#splitter) {
      this.#splitter.split(nulls === 0 ? values : values.filter((x) => x === x), bytes, p);
    } else if (column.type === DOUBLE && nulls === 0) {
      bytes.set(new Uint8Array(values.buffer, values.byteOffset, 8 * rows), p);
    } else {
      for (let r = 0; r < rows; r++) {
        const x = values[r];
        if (x !== x) continue;
        if (column.type === DOUBLE) view.setFloat64(p, x, true);
        else writeInt64(view, p, x);
        p += 8;
      }
    }
    return nulls === rows ? { bytes, nulls } : { bytes, nulls, min, max };
  }
}

/** Definition levels (1 present, 0 null) in the RLE/bit-packed hybrid: runs of each. */
function definitionLevels(values: Float64Array, nulls: number): Uint8Array {
  const out = new ThriftWriter();
  // An RLE run: its length shifted left by one (the low bit 0 marks RLE), then its value.
  const run = (count: number, level: number) => {
    out.varint(count * 2);
    out.byte(level);
  };
  if (nulls === 0) run(values.length, 1);
  else {
    let start = 0;
    for (let r = 1; r <= values.length; r++) {
      const present = values[r - 1] === values[r - 1];
      if (r === values.length || (values[r] === values[r]) !== present) {
        run(r - start, present ? 1 : 0);
        start = r;
      }
    }
  }
  return out.view();
}

/** An integer below 2^53 as a little-endian INT64. */
function writeInt64(view: DataView, p: number, x: number): void {
  if (x >= 0) {
    const high = Math.floor(x / TWO_POW_32);
    view.setUint32(p, x - high * TWO_POW_32, true);
    view.setUint32(p + 4, high, true);
  } else view.setBigInt64(p, BigInt(x), true);
}

/** A statistic's value in the column's plain encoding. */
function plainValue(type: number, x: number): Uint8Array {
  if (type === BOOLEAN) return Uint8Array.of(x);
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  if (type === DOUBLE) view.setFloat64(0, x, true);
  else writeInt64(view, 0, x);
  return bytes;
}

/**
 * zstd at level 1: most of the ratio for a fraction of the time. The output is collected in one
 * piece the size of the page, not node's 16 KiB pieces joined after (measured 15% faster).
 */
function compress(bytes: Uint8Array): Uint8Array {
  const level = (constants as Record<string, number>).ZSTD_c_compressionLevel;
  const chunkSize = Math.max(1 << 16, bytes.length);
  const options = level === undefined ? { chunkSize } : { chunkSize, params: { [level]: 1 } };
  const result = zstdCompressSync(bytes, options);
  return new Uint8Array(result.buffer, result.byteOffset, result.length);
}

/** The parquet format's files: metrics.parquet and labels.parquet. */
export const parquetFiles: FormatFiles = ({ config }, options) => [
  new ParquetEncoder(config, "metrics", options),
  new ParquetEncoder(config, "labels", options),
];
