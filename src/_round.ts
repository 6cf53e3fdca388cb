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
