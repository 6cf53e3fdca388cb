// TOML text to a plain object, its syntax errors as one-line SyntaxErrors with line and column.
// The command line reads a config's raw keys (general.input) before validating it.

import { parseToml, TomlError } from "./_dep_toml.ts";

/** The TOML object of `text` (or of its bytes, which must be UTF-8). */
export function readToml(text: string | Uint8Array, fileName = "config"): unknown {
  if (typeof text !== "string") {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(text);
    } catch {
      throw new SyntaxError(`${fileName}: not a TOML file: the bytes are not UTF-8 text`);
    }
  }
  try {
    return parseToml(text, { integersAsBigInt: true });
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const what = error.message.split("\n")[0].replace(/^Invalid TOML document: /, "");
    throw new SyntaxError(`${fileName}:${error.line}:${error.column}: invalid TOML: ${what}`);
  }
}
