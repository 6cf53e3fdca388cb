// Text straight into a byte buffer: CSV of millions of rows is made without building strings.

import { roundHalfEven } from "../model/round.ts";
import { writeShortest } from "./_shortest.ts";
import { POINT_LEADS, QUADS, SHORT_LENGTHS, SHORT_QUADS, writeDigits } from "./_digits.ts";

const MINUS = 45;
const ZERO = 48;
const TWO_POW_51 = 2251799813685248;

/** A growable byte buffer with writers for ASCII text and numbers. */
export class ByteWriter {
  bytes: Uint8Array;
  length = 0;
  /** The same memory as `bytes`, for writing four digits in one store. */
  #view: DataView;

  constructor(capacity = 1 << 16) {
    this.bytes = new Uint8Array(capacity);
    this.#view = new DataView(this.bytes.buffer);
  }

  /** Makes room for `extra` more bytes. */
  reserve(extra: number): void {
    const need = this.length + extra;
    if (need <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(need, Math.ceil(1.25 * this.bytes.length)));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.#view = new DataView(grown.buffer);
  }

  /** The buffer's memory as a DataView (valid until the buffer grows), for word stores. */
  get dataView(): DataView {
    return this.#view;
  }

  /** The bytes written so far (a view, valid until the next write). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  /** Appends bytes, growing the buffer as needed. */
  append(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  byte(b: number): void {
    this.bytes[this.length++] = b;
  }

  /** ASCII text; the caller has reserved room. */
  ascii(text: string): void {
    const bytes = this.bytes;
    let p = this.length;
    for (let i = 0; i < text.length; i++) bytes[p++] = text.charCodeAt(i);
    this.length = p;
  }

  /** A non-negative integer below 2^53. */
  unsigned(n: number): void {
    this.length = this.#whole(this.length, n);
  }

  /** `n` (below 10^width, below 2^31) with leading zeros to `width` digits. */
  digits(n: number, width: number): void {
    this.length += width;
    writeDigits(this.bytes, this.length, n, width);
  }

  /**
   * `x`, already rounded to `decimals` digits (scale = 10^decimals), in fixed point without
   * trailing zeros; the text reads back as `x` exactly.
   */
  fixed(x: number, decimals: number, scale: number): void {
    this.#one[0] = x;
    this.fixedAt(this.#one, 0, decimals, scale);
  }

  /** A one-value column for fixed(). */
  readonly #one = new Float64Array(1);

  /**
   * `fixed(column[i], ...)`. The hot loop calls this form: a double passed to a function the JIT
   * does not inline is boxed on the heap, an array and an index are not.
   */
  fixedAt(column: Float64Array, i: number, decimals: number, scale: number): void {
    const x = column[i];
    let y = roundHalfEven(x * scale);
    // Below 2^51, rounding x * scale recovers the integer x was divided from exactly, so the text
    // names x. Beyond, or with more than 9 decimals, the shortest exact text is written instead.
    if (!(y < TWO_POW_51 && y > -TWO_POW_51) || decimals > 9) {
      this.shortestAt(column, i);
      return;
    }
    if (y < 0) {
      this.bytes[this.length++] = MINUS;
      y = -y;
    }
    let whole = Math.floor(y / scale);
    let fraction = y - whole * scale;
    // The quotient may have rounded up to the next integer; then the fraction comes out negative.
    if (fraction < 0) {
      whole--;
      fraction += scale;
    }
    this.#wholeAndFraction(whole, fraction | 0, decimals);
  }

  /** whole (< 2^53), then the point and `d` digits of fraction (< 10^d), trailing zeros dropped. */
  #wholeAndFraction(whole: number, fraction: number, d: number): void {
    let p = this.#whole(this.length, whole);
    if (fraction === 0) {
      this.length = p;
      return;
    }
    // Left to right, each store free to spill into what the next one overwrites: the point with
    // the first d % 4 digits, then groups of four.
    const view = this.#view;
    const end = p + 1 + d;
    const lead = d & 3;
    if (d < 4) {
      view.setUint32(p, POINT_LEADS[lead * 1000 + fraction], true);
    } else if (d < 8) {
      const first = (fraction / 10000) | 0;
      view.setUint32(p, POINT_LEADS[lead * 1000 + first], true);
      view.setUint32(p + 1 + lead, QUADS[fraction - first * 10000], true);
    } else {
      const first = (fraction / 100000000) | 0;
      const rest = fraction - first * 100000000;
      const middle = (rest / 10000) | 0;
      view.setUint32(p, POINT_LEADS[lead * 1000 + first], true);
      p += 1 + lead;
      view.setUint32(p, QUADS[middle], true);
      view.setUint32(p + 4, QUADS[rest - middle * 10000], true);
    }
    const bytes = this.bytes;
    let last = end;
    while (bytes[last - 1] === ZERO) last--;
    this.length = last;
  }

  /**
   * Writes n (< 2^53) at p without leading zeros, four digits a store (the stores may spill past
   * the digits, into room the caller reserved); returns the position after it.
   */
  #whole(p: number, n: number): number {
    const view = this.#view;
    if (n >= 1e8) {
      // Above 10^8 (rare): the digits above the last eight, then those eight zero-padded.
      const high = Math.floor(n / 1e8);
      const low = (n - high * 1e8) | 0;
      const middle = (low / 10000) | 0;
      p = this.#whole(p, high);
      view.setUint32(p, QUADS[middle], true);
      view.setUint32(p + 4, QUADS[low - middle * 10000], true);
      return p + 8;
    }
    const small = n | 0;
    if (small < 10000) {
      view.setUint32(p, SHORT_QUADS[small], true);
      return p + SHORT_LENGTHS[small];
    }
    const top = (small / 10000) | 0;
    view.setUint32(p, SHORT_QUADS[top], true);
    p += SHORT_LENGTHS[top];
    view.setUint32(p, QUADS[small - top * 10000], true);
    return p + 4;
  }

  /** `shortest(column[i])`, by a faster route for most numbers (see fixedAt on why this form). */
  shortestAt(column: Float64Array, i: number): void {
    const end = writeShortest(this.bytes, this.length, column, i);
    if (end >= 0) this.length = end;
    else this.shortest(column[i]);
  }

  /** The shortest text that reads back as `x` (JavaScript's own number to string). */
  shortest(x: number): void {
    // Number to string by concatenation: the same text as String(x), measured ~20% faster.
    this.ascii(x + "");
  }
}

/** Most bytes `fixed` or `shortest` writes for one number. */
export const MAX_NUMBER_BYTES = 32;
