// Numbers in text (CSV cells, JSON strings, flag values): one reader for the recorded input,
// score and the command line. A decimal number only: Number() alone would also read "0x10",
// "0b101" and "0o17" (as 16, 5, 15), "Infinity", and a blank cell as 0.

/**
 * The finite decimal number `text` holds (surrounding blanks allowed), or NaN: for a blank, a
 * non-finite value, a hexadecimal, binary or octal literal, or anything else.
 */
export function parseDecimal(text: string): number {
  const x = Number(text);
  // NaN and the infinities fail x - x === 0.
  if (!(x - x === 0)) return NaN;
  const c0 = text.charCodeAt(0);
  if (c0 === 48) {
    // "0x", "0b", "0o" in either case ('0' and '.' are unchanged by | 0x20).
    const c1 = text.charCodeAt(1) | 0x20;
    if (c1 === 120 || c1 === 98 || c1 === 111) return NaN;
  } else if (!(c0 > 32 && c0 < 127)) {
    // Leading blanks, or a blank string (which Number() reads as 0).
    const trimmed = text.trim();
    if (trimmed === "" || /^0[xbo]/i.test(trimmed)) return NaN;
  }
  return x;
}

/** Prometheus' names for the values a float holds beside numbers, read as missing. */
export const NON_NUMBERS: ReadonlySet<string> = new Set([
  "NaN",
  "+Inf",
  "-Inf",
  "Inf",
]);
