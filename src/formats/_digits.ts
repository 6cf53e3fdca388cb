// Decimal digits of small integers straight into bytes, two at a time.

const ZERO = 48;
const DOT = 46;

/** "00" to "99": two digits per lookup halve the divisions. */
const PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  PAIRS[2 * i] = ZERO + Math.floor(i / 10);
  PAIRS[2 * i + 1] = ZERO + (i % 10);
}

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
for (let length = 0; length < 4; length++) {
  for (let n = 0; n < 10 ** length; n++) {
    let word = DOT;
    for (let k = 0; k < length; k++) {
      const digit = Math.floor(n / 10 ** (length - 1 - k)) % 10;
      word |= (ZERO + digit) << (8 * (k + 1));
    }
    POINT_LEADS[length * 1000 + n] = word;
  }
}
for (let n = 0; n < 10000; n++) {
  const digits = [Math.floor(n / 1000), Math.floor(n / 100) % 10, Math.floor(n / 10) % 10, n % 10];
  const length = n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : 4;
  for (let k = 0; k < 4; k++) {
    QUADS[n] |= (ZERO + digits[k]) << (8 * k);
    if (k < length) SHORT_QUADS[n] |= (ZERO + digits[4 - length + k]) << (8 * k);
  }
  SHORT_LENGTHS[n] = length;
}

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
