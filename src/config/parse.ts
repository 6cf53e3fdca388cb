// Reading configs from TOML text.

import type { Config } from "./types.ts";
import { readToml } from "./toml.ts";
import { type ConfigOptions, validateConfig } from "./mod.ts";

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
