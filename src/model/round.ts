/** 1.5 * 2^52: adding and subtracting it rounds a double below 2^51 to an integer, ties to even. */
const MAGIC = 6755399441055744;
const TWO_POW_51 = 2251799813685248;

/**
 * Rounds to the nearest integer, ties to even, as numpy's `round` does; never returns -0, which
 * would not survive a trip through text. Below 2^51 the FPU's own round-to-nearest-even does it
 * (branch-free, which matters: it runs for every value generated); above, ties are decided by hand.
 */
export function roundHalfEven(x: number): number {
  if (x < TWO_POW_51 && x > -TWO_POW_51) return x + MAGIC - MAGIC;
  const r = Math.round(x);
  return (r - x === 0.5 && r % 2 !== 0 ? r - 1 : r) + 0;
}

const TWO_POW_52 = 4503599627370496;

/**
 * `x` rounded to a multiple of 1 / scale (scale = 10^decimals), ties to even. From 2^52 / scale
 * on, `x` has no digits at that scale to round away and is returned as it is: `x * scale` may
 * not even be finite there (1e300 at 15 decimals).
 */
export function roundToScale(x: number, scale: number): number {
  const y = x * scale;
  if (y < TWO_POW_51 && y > -TWO_POW_51) return (y + MAGIC - MAGIC) / scale;
  return y < TWO_POW_52 && y > -TWO_POW_52 ? roundHalfEven(y) / scale : x;
}
