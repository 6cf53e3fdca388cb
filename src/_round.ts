/**
 * Rounds to the nearest integer, ties to even, as numpy's `round` does; never returns -0, which
 * would not survive a trip through text.
 */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return (r - x === 0.5 && r % 2 !== 0 ? r - 1 : r) + 0;
}
