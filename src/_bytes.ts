// Text straight into a byte buffer: CSV of millions of rows is made without building strings.

import { roundHalfEven } from "./_round.ts";
import { writeShortest } from "./_shortest.ts";
import {
  digitCount,
  POINT_LEADS,
  QUADS,
  SHORT_LENGTHS,
  SHORT_QUADS,
  writeDigits,
  writeWhole,
} from "./_digits.ts";

const DOT = 46;
const MINUS = 45;
const ZERO = 48;
const TWO_POW_31 = 2147483648;
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
    if (n < 1e8) {
      this.length = this.#whole(this.length, n | 0);
      return;
    }
    if (n < TWO_POW_31) {
      this.#smallUnsigned(n | 0);
      return;
    }
    const high = Math.floor(n / 1e9);
    this.#smallUnsigned(high);
    this.digits(n - high * 1e9, 9);
  }

  #smallUnsigned(n: number): void {
    this.length += digitCount(n);
    writeWhole(this.bytes, this.length, n);
  }

  /** `n` (below 10^width, below 2^31) with leading zeros to `width` digits. */
  digits(n: number, width: number): void {
    const bytes = this.bytes;
    let p = this.length + width;
    this.length = p;
    for (let i = 0; i < width; i++) {
      const q = (n / 10) | 0;
      bytes[--p] = ZERO + n - q * 10;
      n = q;
    }
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
    if (whole < 1e8) this.#wholeAndFraction(whole | 0, fraction | 0, decimals);
    else if (y < TWO_POW_31) this.#scaledSmall(y | 0, decimals);
    else {
      const high = Math.floor(y / 1e9);
      this.#scaledLarge(high, (y - high * 1e9) | 0, decimals);
    }
  }

  /** whole (< 10^8), then the point and `d` digits of fraction (< 10^d), trailing zeros dropped. */
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
   * Writes n (< 10^8) at p without leading zeros, four digits a store (the stores may spill past
   * the digits, into room the caller reserved); returns the position after it.
   */
  #whole(p: number, n: number): number {
    const view = this.#view;
    if (n < 10000) {
      view.setUint32(p, SHORT_QUADS[n], true);
      return p + SHORT_LENGTHS[n];
    }
    const top = (n / 10000) | 0;
    view.setUint32(p, SHORT_QUADS[top], true);
    p += SHORT_LENGTHS[top];
    view.setUint32(p, QUADS[n - top * 10000], true);
    return p + 4;
  }

  /** Integer n (< 2^31) divided by 10^d, trailing zeros dropped. */
  #scaledSmall(n: number, d: number): void {
    while (d > 0) {
      const q = (n / 10) | 0;
      if (n !== q * 10) break;
      n = q;
      d--;
    }
    const digits = digitCount(n);
    const whole = digits > d ? digits - d : 1;
    const end = this.length + whole + (d > 0 ? d + 1 : 0);
    this.length = end;
    const bytes = this.bytes;
    n = writeDigits(bytes, end, n, d);
    if (d > 0) bytes[end - d - 1] = DOT;
    writeWhole(bytes, end - d - (d > 0 ? 1 : 0), n);
  }

  /** (high * 10^9 + low) / 10^d for d <= 9 and high >= 1: the fraction lies within low. */
  #scaledLarge(high: number, low: number, d: number): void {
    let width = 9;
    while (d > 0) {
      const q = (low / 10) | 0;
      if (low !== q * 10) break;
      low = q;
      d--;
      width--;
    }
    const point = d > 0 ? 1 : 0;
    const end = this.length + digitCount(high) + width + point;
    this.length = end;
    const bytes = this.bytes;
    // The fraction's d digits, the point, the rest of low's digits zero-padded, then high.
    low = writeDigits(bytes, end, low, d);
    if (point) bytes[end - d - 1] = DOT;
    writeDigits(bytes, end - d - point, low, width - d);
    writeWhole(bytes, end - width - point, high);
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
