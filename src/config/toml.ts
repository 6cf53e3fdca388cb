// TOML text to a plain object, its syntax errors as one-line SyntaxErrors with line and column.
// The command line reads a config's raw keys (general.input) before validating it.

import { parseToml, TomlError } from "./_dep_toml.ts";
import { daysInMonth, monthLength } from "../text/datetime.ts";

/** The TOML object of `text` (or of its bytes, which must be UTF-8). */
export function readToml(text: string | Uint8Array, fileName = "config"): unknown {
  if (typeof text !== "string") {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(text);
    } catch {
      throw new SyntaxError(`${fileName}: not a TOML file: the bytes are not UTF-8 text`);
    }
  }
  let parsed: unknown;
  try {
    parsed = parseToml(text, { integersAsBigInt: true });
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const what = error.message.split("\n")[0].replace(/^Invalid TOML document: /, "");
    throw new SyntaxError(`${fileName}:${error.line}:${error.column}: invalid TOML: ${what}`);
  }
  // Only a day 29, 30 or 31 can be past its month's end: most texts need no scan.
  const impossible = /\d{4}-\d{2}-(?:29|3[01])/.test(text) ? impossibleDate(text) : undefined;
  if (impossible) {
    throw new SyntaxError(
      `${fileName}:${impossible.line}:${impossible.column}: invalid TOML: ${impossible.why}`,
    );
  }
  return parsed;
}

/**
 * The first date value of valid TOML text whose day is past its month's end (2026-02-30), which
 * the TOML reader would move to the next month. Strings, comments and keys are passed over.
 */
function impossibleDate(
  text: string,
): { line: number; column: number; why: string } | undefined {
  let line = 1;
  let lineStart = 0;
  // Inside a value: after "=" on this line, or inside brackets opened in a value.
  let inValue = false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") {
      line++;
      lineStart = i + 1;
      if (depth === 0) inValue = false;
    } else if (c === "#") {
      const end = text.indexOf("\n", i);
      i = (end < 0 ? text.length : end) - 1;
    } else if (c === '"' || c === "'") {
      const quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < text.length && !text.startsWith(quote, j)) {
        j += c === '"' && text[j] === "\\" ? 2 : 1;
      }
      // A multi-line string ends with up to two more quotes.
      j += quote.length;
      while (quote.length === 3 && text[j] === c) j++;
      for (let k = i; k < j; k++) {
        if (text[k] === "\n") {
          line++;
          lineStart = k + 1;
        }
      }
      i = j - 1;
    } else if (c === "=") inValue = true;
    else if (inValue && (c === "[" || c === "{")) depth++;
    else if (inValue && (c === "]" || c === "}")) depth--;
    else if (inValue && c >= "0" && c <= "9" && !/[\w.+:-]/.test(text[i - 1] ?? " ")) {
      const date = /^(\d{4})-(\d{2})-(\d{2})(?![\w-]*\s*[=.])/.exec(text.slice(i, i + 40));
      if (date) {
        const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
        if (month >= 1 && month <= 12 && day > daysInMonth(year, month)) {
          return {
            line,
            column: i - lineStart + 1,
            why: `invalid date ${date[0]}: ${monthLength(year, month)}`,
          };
        }
        i += 9;
      }
    }
  }
  return undefined;
}
