// Decimal digits of small integers straight into bytes, two at a time.

const ZERO = 48;
const DOT = 46;

/** "00" to "99": two digits per lookup halve the divisions. */
const PAIRS = new Uint8Array(200);
/** 0000 .. 9999, four ASCII digits packed little-endian: one 32-bit store writes them. */
export const QUADS: Uint32Array = new Uint32Array(10000);
/** 0 .. 9999 without leading zeros, packed the same way, left-aligned; SHORT_LENGTHS their digits. */
export const SHORT_QUADS: Uint32Array = new Uint32Array(10000);
/** Digits of 0 .. 9999. */
export const SHORT_LENGTHS: Uint8Array = new Uint8Array(10000);
/**
 * The point and the first `length` (0 to 3) digits of a fraction, packed like QUADS: entry
 * `length * 1000 + n` is "." then n zero-padded to `length` digits.
 */
export const POINT_LEADS: Uint32Array = new Uint32Array(4000);

// The tables are built from two-digit words with no allocation: this runs at every start, once,
// in the interpreter (a version making an array per entry took 7 ms of a small run).
function buildTables(): void {
  /** "00" .. "99" as 16-bit little-endian words. */
  const two = new Uint16Array(100);
  for (let i = 0; i < 100; i++) {
    const tens = (i / 10) | 0;
    PAIRS[2 * i] = ZERO + tens;
    PAIRS[2 * i + 1] = ZERO + i - 10 * tens;
    two[i] = PAIRS[2 * i] | (PAIRS[2 * i + 1] << 8);
  }
  for (let n = 0; n < 10000; n++) {
    const high = (n / 100) | 0;
    const low = n - 100 * high;
    QUADS[n] = (two[high] | (two[low] << 16)) >>> 0;
    if (n < 10) {
      SHORT_QUADS[n] = ZERO + n;
      SHORT_LENGTHS[n] = 1;
    } else if (n < 100) {
      SHORT_QUADS[n] = two[n];
      SHORT_LENGTHS[n] = 2;
    } else if (n < 1000) {
      SHORT_QUADS[n] = (ZERO + high) | (two[low] << 8);
      SHORT_LENGTHS[n] = 3;
    } else {
      SHORT_QUADS[n] = QUADS[n];
      SHORT_LENGTHS[n] = 4;
    }
  }
  POINT_LEADS[0] = DOT;
  for (let n = 0; n < 1000; n++) {
    if (n < 10) POINT_LEADS[1000 + n] = DOT | ((ZERO + n) << 8);
    if (n < 100) POINT_LEADS[2000 + n] = DOT | (two[n] << 8);
    const high = (n / 100) | 0;
    POINT_LEADS[3000 + n] = (DOT | ((ZERO + high) << 8) | (two[n - 100 * high] << 16)) >>> 0;
  }
}
buildTables();

/**
 * Writes the last `count` digits of n (>= 0, < 2^31), zero-padded, two at a time, ending just
 * before position p; returns what is left of n.
 */
export function writeDigits(bytes: Uint8Array, p: number, n: number, count: number): number {
  for (; count >= 2; count -= 2) {
    const q = (n / 100) | 0;
    const r = (n - q * 100) << 1;
    bytes[--p] = PAIRS[r + 1];
    bytes[--p] = PAIRS[r];
    n = q;
  }
  if (count === 1) {
    const q = (n / 10) | 0;
    bytes[--p] = ZERO + n - q * 10;
    n = q;
  }
  return n;
}
