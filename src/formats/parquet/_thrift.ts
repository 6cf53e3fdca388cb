// Thrift's compact protocol, as much of it as a Parquet footer and page header need: structs of
// integer, string, boolean, binary, list and struct fields. Its varints (ULEB128) and zigzag are
// also those of Parquet's RLE and delta encodings, which write through the same writer.

/** A value of a Thrift field. */
export type ThriftValue =
  | { i32: number }
  | { i64: number }
  | { bool: boolean }
  | { binary: Uint8Array }
  | { string: string }
  | { list: ThriftList }
  | { struct: ThriftStruct };

/** A struct: field id to value, in id order. */
export type ThriftStruct = [number, ThriftValue][];

/** A list: its element type and elements. */
export type ThriftList =
  | { i32: number[] }
  | { string: string[] }
  | { struct: ThriftStruct[] };

const I32 = 5;
const I64 = 6;
const BINARY = 8;
const LIST = 9;
const STRUCT = 12;
const TRUE = 1;
const FALSE = 2;

const encoder = new TextEncoder();

/** Writes Thrift compact bytes (and the varints of Parquet's encodings). */
export class ThriftWriter {
  #bytes = new Uint8Array(256);
  length = 0;

  /** The bytes written. */
  view(): Uint8Array {
    return this.#bytes.subarray(0, this.length);
  }

  /** Writes a struct (and its end). */
  struct(fields: ThriftStruct): void {
    let last = 0;
    for (const [id, value] of fields) {
      const type = "i32" in value
        ? I32
        : "i64" in value
        ? I64
        : "bool" in value
        ? (value.bool ? TRUE : FALSE)
        : "binary" in value || "string" in value
        ? BINARY
        : "list" in value
        ? LIST
        : STRUCT;
      const delta = id - last;
      if (delta > 0 && delta <= 15) this.byte((delta << 4) | type);
      else {
        this.byte(type);
        this.varint(zigzag(id));
      }
      last = id;
      this.#value(value);
    }
    this.byte(0);
  }

  #value(value: ThriftValue): void {
    if ("i32" in value) this.varint(zigzag(value.i32));
    else if ("i64" in value) this.varint(zigzag(value.i64));
    else if ("bool" in value) return;
    else if ("binary" in value) this.#binary(value.binary);
    else if ("string" in value) this.#binary(encoder.encode(value.string));
    else if ("list" in value) this.#list(value.list);
    else this.struct(value.struct);
  }

  #list(list: ThriftList): void {
    const [type, items]: [number, unknown[]] = "i32" in list
      ? [I32, list.i32]
      : "string" in list
      ? [BINARY, list.string]
      : [STRUCT, list.struct];
    if (items.length < 15) this.byte((items.length << 4) | type);
    else {
      this.byte(0xf0 | type);
      this.varint(items.length);
    }
    for (const item of items) {
      if (type === I32) this.varint(zigzag(item as number));
      else if (type === BINARY) this.#binary(encoder.encode(item as string));
      else this.struct(item as ThriftStruct);
    }
  }

  #binary(bytes: Uint8Array): void {
    this.varint(bytes.length);
    this.#reserve(bytes.length);
    this.#bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** One byte. */
  byte(b: number): void {
    this.#reserve(1);
    this.#bytes[this.length++] = b;
  }

  /** An unsigned varint below 2^53 (division, not bit operations: values pass 2^31). */
  varint(n: number): void {
    this.#reserve(10);
    while (n >= 128) {
      this.#bytes[this.length++] = (n % 128) | 128;
      n = Math.floor(n / 128);
    }
    this.#bytes[this.length++] = n;
  }

  #reserve(extra: number): void {
    if (this.length + extra <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(this.length + extra, 2 * this.#bytes.length));
    grown.set(this.#bytes.subarray(0, this.length));
    this.#bytes = grown;
  }
}

/** Zigzag: 0, -1, 1, -2 ... as 0, 1, 2, 3 ..., for integers of magnitude below 2^52. */
export function zigzag(n: number): number {
  return n >= 0 ? 2 * n : -2 * n - 1;
}
