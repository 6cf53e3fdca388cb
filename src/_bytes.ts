// Text straight into a byte buffer: CSV of millions of rows is made without building strings.

const DOT = 46;
const MINUS = 45;
const ZERO = 48;
const TWO_POW_31 = 2147483648;
const TWO_POW_53 = 9007199254740992;

/** A growable byte buffer with writers for ASCII text and numbers. */
export class ByteWriter {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity = 1 << 16) {
    this.bytes = new Uint8Array(capacity);
  }

  /** Makes room for `extra` more bytes. */
  reserve(extra: number): void {
    const need = this.length + extra;
    if (need <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(need, 2 * this.bytes.length));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** The bytes written so far (a view, valid until the next write). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
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
    if (n < TWO_POW_31) {
      this.#smallUnsigned(n | 0);
      return;
    }
    const high = Math.floor(n / 1e9);
    this.#smallUnsigned(high);
    this.#padded(n - high * 1e9, 9);
  }

  #smallUnsigned(n: number): void {
    const bytes = this.bytes;
    let digits = 1;
    for (let t = n; t >= 10; t = (t / 10) | 0) digits++;
    let p = this.length + digits;
    this.length = p;
    do {
      const q = (n / 10) | 0;
      bytes[--p] = ZERO + n - q * 10;
      n = q;
    } while (n > 0);
  }

  /** `n` (below 10^width, below 2^31) with leading zeros to `width` digits. */
  #padded(n: number, width: number): void {
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
    const y = Math.round(x * scale);
    // Past about 15 significant digits the decimal text would name a different double: there
    // the shortest exact text is written instead.
    if (!(Math.abs(y) < TWO_POW_53) || decimals > 9 || y / scale !== x) {
      this.shortest(x);
      return;
    }
    if (y === 0) {
      this.byte(ZERO);
      return;
    }
    let a = y;
    if (a < 0) {
      this.byte(MINUS);
      a = -a;
    }
    const whole = Math.floor(a / scale);
    let fraction = a - whole * scale;
    this.unsigned(whole);
    if (fraction === 0) return;
    let width = decimals;
    while (fraction % 10 === 0) {
      fraction /= 10;
      width--;
    }
    this.byte(DOT);
    this.#padded(fraction, width);
  }

  /** The shortest text that reads back as `x` (JavaScript's own number to string). */
  shortest(x: number): void {
    this.ascii(String(x));
  }
}

/** Most bytes `fixed` or `shortest` writes for one number. */
export const MAX_NUMBER_BYTES = 32;
