// Reading configs from TOML text.

import { parseToml, TomlError } from "./_dep_toml.ts";
import type { Config } from "./config_types.ts";
import { type ConfigOptions, validateConfig } from "./config.ts";

/**
 * Parses a TOML config and validates it.
 *
 * @param text The TOML text, or its bytes (which must be UTF-8).
 * @param options The file name for messages, and overrides.
 * @returns The config with every default filled in, seed as given.
 * @throws {SyntaxError} When the text is not TOML: `file:line:column: what`.
 * @throws {ConfigError} When the config breaks any rule: every problem at once.
 *
 * @example Reading a config
 * ```ts
 * import { parseConfig } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * const config = parseConfig(`
 * [general]
 * num_samples = 100
 * [metrics.cpu]
 * value = 30
 * `);
 * strictEqual(config.general.num_samples, 100);
 * strictEqual(config.general.decimals, 6);
 * ```
 */
export function parseConfig(text: string | Uint8Array, options: ConfigOptions = {}): Config {
  return validateConfig(readToml(text, options.fileName), options);
}

function readToml(text: string | Uint8Array, fileName = "config"): unknown {
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
