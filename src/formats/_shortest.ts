// The shortest decimal text that reads back as the same double: the same text as JavaScript's
// own number to string, without making a string (about 1.5x faster), for most doubles with
// 1e-6 <= |x| < 1e15.
//
// With e digits before the point and k = 17 - e, X = x * 10^k is found exactly as a sum of two
// doubles (Dekker's product). C, X rounded to an integer, has 17 digits: always enough to read
// back as x. The 16-digit candidate (C/10 rounded by X) reads back when it lies within half an
// ulp of x, which is a comparison of small exact numbers, no division; so do the 15- and 14-digit
// ones. The closest candidate of a length reads back whenever any of that length does (the
// interval is symmetric but for powers of two, which are left out), so the shortest length is
// one more than the first that fails. Everything else (14 digits or fewer, near ties, powers of
// two, a carry into the next decade) returns -1 and the caller uses the engine's text; tests
// compare both on millions of doubles.

import { writeDigits } from "./_digits.ts";

/** Exact powers of ten, 10^0 .. 10^22. */
const POW10 = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);
/** Dekker's split of each power of ten into a high part of 26 bits and the rest. */
const SPLITTER = 134217729;
const POW10_HIGH = POW10.map((p) => SPLITTER * p - (SPLITTER * p - p));
const POW10_LOW = POW10.map((p, k) => p - POW10_HIGH[k]);
/** Half the spacing of the doubles with each biased exponent. */
const HALF_ULP = Float64Array.from({ length: 2048 }, (_, e) => 2 ** (Math.max(e, 1) - 1076));
const LOG10_2 = Math.log10(2);
/** Margin for decisions made on a rounded offset (whose error is below 10^-12). */
const NEAR = 1e-9;
/** The doubles nearest 10^-8 .. 10^16, for finding a number's decade. */
const DECADE_OFFSET = 8;
const DECADES = Float64Array.from({ length: 25 }, (_, n) => Number(`1e${n - DECADE_OFFSET}`));

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const LOW_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

const ZERO = 48;
const DOT = 46;
const MINUS = 45;

/**
 * Writes the shortest round-trip text of `column[i]` at `bytes[p]` and returns the position after
 * it, or -1 (nothing meaningful written) where the engine's `String(x)` must be used instead. The
 * caller reserves 25 bytes.
 */
export function writeShortest(
  bytes: Uint8Array,
  p: number,
  column: Float64Array,
  i: number,
): number {
  let x = column[i];
  const negative = x < 0;
  if (negative) x = -x;
  if (!(x >= 1e-6 && x < 1e15)) return -1;
  bits[0] = x;
  const high = words[1 - LOW_WORD];
  if (words[LOW_WORD] === 0 && (high & 0xfffff) === 0) return -1;
  // e: digits before the point (<= 0 for 0.0...), from the binary exponent and one comparison.
  // A wrong guess at a decade (10^-n is not exact) shows up as X out of range below.
  const guess = Math.floor(((high >>> 20) - 1023) * LOG10_2) + 1;
  const e = x >= DECADES[guess + DECADE_OFFSET] ? guess + 1 : guess;
  const k = 17 - e;
  if (k > 22) return -1;

  // X = hi + lo exactly: hi = fl(x * 10^k), lo the rounding error (Dekker and Veltkamp).
  const s = POW10[k];
  const hi = x * s;
  if (!(hi >= 1e16 && hi < 1e17)) return -1;
  const t = SPLITTER * x;
  const xh = t - (t - x);
  const xl = x - xh;
  const sh = POW10_HIGH[k];
  const sl = POW10_LOW[k];
  const lo = ((xh * sh - hi) + xh * sl + xl * sh) + xl * sl;
  // hi >= 10^16 is an integer; C = hi + r, r = lo rounded, and X - C = lo - r.
  if (lo - Math.floor(lo) === 0.5) return -1;
  const r = Math.round(lo);
  const delta = lo - r;

  // C = q * 10^8 + rem. q * 10^8 = q * 390625 * 2^8 needs under 50 bits: exact, and so is rem.
  let q = Math.floor(hi * 1e-8);
  let rem = hi - q * 1e8 + r;
  if (rem < 0) {
    rem += 1e8;
    q--;
  } else if (rem >= 1e8) {
    rem -= 1e8;
    q++;
  }
  if (!(q >= 1e8 && q < 1e9 && rem >= 0 && rem < 1e8)) return -1;
  let low = rem | 0;

  // A shorter candidate reads back as x when it lies within half an ulp of x; in units of 10^-k
  // that is an exact power of two times 10^k. The 16-digit candidates are the multiples of 10:
  // X lies `offset16` (C's last digit plus delta) above one, so the nearest is
  // |5 - |offset16 - 5|| away; likewise 15 digits with multiples of 100, 14 with 1000.
  // Branch-free where the outcome is random; near ties, where the rounded offset cannot decide,
  // the engine decides.
  const halfUlp = HALF_ULP[high >>> 20] * s;
  const last = low % 10;
  const offset16 = last + delta;
  const miss16 = Math.abs(5 - Math.abs(offset16 - 5)) - halfUlp;
  if (Math.abs(miss16) < NEAR || Math.abs(offset16 - 5) < NEAR) return -1;
  let length = 17;
  if (miss16 < 0) {
    const lastTwo = low % 100;
    const offset15 = lastTwo + delta;
    const miss15 = Math.abs(50 - Math.abs(offset15 - 50)) - halfUlp;
    if (Math.abs(miss15) < NEAR || Math.abs(offset15 - 50) < NEAR) return -1;
    if (miss15 >= 0) {
      length = 16;
      low = (low - last) / 10 + (offset16 > 5 ? 1 : 0);
    } else {
      const lastThree = low % 1000;
      const offset14 = lastThree + delta;
      const miss14 = Math.abs(500 - Math.abs(offset14 - 500)) - halfUlp;
      // Fourteen digits or fewer (or too close to call): the engine finds them.
      if (miss14 < NEAR || Math.abs(offset14 - 500) < NEAR) return -1;
      length = 15;
      low = (low - lastTwo) / 100 + (offset15 > 50 ? 1 : 0);
    }
    // The rounding carried into q: 10^7 (or 10^6) is the next q and a zero remainder.
    if (low === 10 ** (length - 9)) {
      low = 0;
      q++;
      if (q === 1e9) return -1;
    }
  }

  // An integer (15 digits, all before the point): rare, and the engine writes it.
  if (e >= length) return -1;

  // The digits, one place to the right, then the whole part moved left to make room for the point.
  if (negative) bytes[p++] = MINUS;
  if (e <= 0) {
    bytes[p++] = ZERO;
    bytes[p++] = DOT;
    for (let z = e; z < 0; z++) bytes[p++] = ZERO;
    const end = p + length;
    writeDigits(bytes, end, low, length - 9);
    writeDigits(bytes, end - length + 9, q | 0, 9);
    return end;
  }
  const end = p + length + 1;
  writeDigits(bytes, end, low, length - 9);
  writeDigits(bytes, end - length + 9, q | 0, 9);
  for (let d = 0; d < e; d++) bytes[p + d] = bytes[p + d + 1];
  bytes[p + e] = DOT;
  return end;
}
