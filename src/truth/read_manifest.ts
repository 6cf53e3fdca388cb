// A run's manifest read back, for score: trusted in nothing, checked whole against the config it
// holds.

import type { ResolvedConfig } from "../config/types.ts";
import { ConfigError, resolveConfig } from "../config/mod.ts";
import { Checker, describe, isTable, list, MAX_INTEGER } from "../config/checker.ts";
import type { RecordedSource } from "../input/mod.ts";
import { createGenerator, type InjectedAnomaly } from "../model/mod.ts";
import { isPlainFilePath, quoted } from "../text/mod.ts";
import type { FileRecord, ManifestDetails } from "./manifest.ts";

/** A run's manifest read back: what its files were made from, checked. */
export interface RunManifest {
  /** The resolved config, as validated again. */
  config: ResolvedConfig;
  /** The metrics, in column order. */
  names: string[];
  /** The faults, as its config makes them. */
  anomalies: InjectedAnomaly[];
  /** The files it lists, each a name a format writes. */
  files: FileRecord[];
  /** A shard's place in the run, for a shard's folder. */
  shard?: ManifestDetails["shard"];
}

/** A recorded source for reading a manifest back: its faults need no recorded values. */
const NO_VALUES: RecordedSource = {
  fill(metric) {
    throw new TypeError(`recorded values of "${metric}" are not read back from a manifest`);
  },
};

/**
 * Reads a run's manifest back, trusting nothing in it: its config is validated again, its
 * metrics must be the config's, its faults those the config makes, its files plain names (never
 * a path) with sizes and SHA-256 digests.
 *
 * @param text The manifest's text.
 * @param fileName The file, for messages.
 * @returns What it describes.
 * @throws {ConfigError} Naming every problem, each at its key path.
 *
 * @example A manifest read back, and one edited by hand
 * ```ts
 * import { ConfigError, encodeManifest, generate, readManifest } from "@chaos-datagen/chaos-datagen";
 * import { deepStrictEqual, throws } from "node:assert/strict";
 *
 * const data = generate({
 *   general: { seed: 1, num_samples: 10 },
 *   metrics: { cpu: { value: 30 } },
 *   anomalies: { cpu: { at: 4, anomaly_factor: 2, pattern: "step", recovery_time: 3 } },
 * });
 * const text = encodeManifest(data, []);
 * deepStrictEqual(readManifest(text).anomalies, data.anomalies);
 * const edited = text.replace('"last_sample": 6', '"last_sample": 9');
 * throws(() => readManifest(edited, "manifest.json"), ConfigError);
 * ```
 */
export function readManifest(text: string, fileName?: string): RunManifest {
  const c = new Checker();
  const fail = (): never => {
    throw new ConfigError(c.issues, fileName);
  };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    c.add("", `not JSON: ${(error as Error).message}; is it a run's manifest.json?`);
    fail();
  }
  if (!isTable(body) || body.tool !== "chaos-datagen") {
    c.add(
      "",
      `not a chaos-datagen manifest (an object whose "tool" is "chaos-datagen"): got ${
        describe(isTable(body) ? body.tool : body)
      }`,
    );
    fail();
  }
  const manifest = body as Record<string, unknown>;
  let config: ResolvedConfig | undefined;
  // A run's config carries the seed it was made with: none is drawn here.
  const general = isTable(manifest.config) ? manifest.config.general : undefined;
  const seed = isTable(general) ? general.seed : undefined;
  try {
    if (!isTable(manifest.config)) {
      c.add("config", `must be the run's config (a table): got ${describe(manifest.config)}`);
    } else if (c.integer("config.general.seed", seed, 0, MAX_INTEGER, true) !== undefined) {
      config = resolveConfig(manifest.config);
    }
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const issue of error.issues) {
      c.add(issue.path === "" ? "config" : `config.${issue.path}`, issue.message);
    }
  }
  const files = checkFiles(c, manifest.files);
  let shard: RunManifest["shard"];
  if (manifest.shard !== undefined) {
    if (!c.table("shard", manifest.shard, true)) fail();
    const s = manifest.shard as Record<string, unknown>;
    const index = c.integer("shard.index", s.index, 0, MAX_INTEGER, true);
    const count = c.integer("shard.count", s.count, 1, MAX_INTEGER, true);
    const first = c.integer("shard.first_sample", s.first_sample, 0, MAX_INTEGER, true);
    const last = c.integer("shard.last_sample", s.last_sample, 0, MAX_INTEGER, true);
    if (index !== undefined && count !== undefined && first !== undefined && last !== undefined) {
      shard = { index, count, first_sample: first, last_sample: last };
    }
  }
  if (!config) return fail();
  const names = Object.keys(config.metrics);
  if (
    !Array.isArray(manifest.metrics) || manifest.metrics.length !== names.length ||
    manifest.metrics.some((name, j) => name !== names[j])
  ) {
    c.add("metrics", `must list the config's metrics in order (${list(names)})`);
  }
  const anomalies = createGenerator(config, { recorded: NO_VALUES }).anomalies;
  // Manifests written before faults had ids: numbered as the generator numbers them.
  const given = Array.isArray(manifest.anomalies)
    ? manifest.anomalies.map((fault, i) =>
      isTable(fault) && fault.id === undefined ? { ...fault, id: anomalies[i]?.id } : fault
    )
    : undefined;
  if (!given || JSON.stringify(given) !== JSON.stringify(anomalies)) {
    c.add(
      "anomalies",
      "not the faults its config makes: the manifest was edited, or written by another version",
    );
  }
  if (c.issues.length > 0) fail();
  return { config, names, anomalies: [...anomalies], files, ...(shard ? { shard } : {}) };
}

function checkFiles(c: Checker, value: unknown): FileRecord[] {
  if (!Array.isArray(value)) {
    c.add("files", `must be an array of the files written: got ${describe(value)}`);
    return [];
  }
  const files: FileRecord[] = [];
  const seen = new Set<string>();
  for (const [i, file] of value.entries()) {
    const path = `files[${i}]`;
    if (!c.table(path, file, true)) continue;
    const { name, rows, bytes, sha256 } = file;
    if (typeof name !== "string" || !isPlainFilePath(name)) {
      c.add(
        `${path}.name`,
        `must be a plain file name, or plain names joined by "/" (rcaeval's tree), never an absolute path or "..": got ${
          describe(name)
        }`,
      );
      continue;
    }
    if (seen.has(name)) c.add(`${path}.name`, `${quoted(name)} is listed twice`);
    seen.add(name);
    const r = c.integer(`${path}.rows`, rows, 0, MAX_INTEGER, true);
    const b = c.integer(`${path}.bytes`, bytes, 0, MAX_INTEGER, true);
    if (typeof sha256 !== "string" || !/^[0-9a-f]{64}$/.test(sha256)) {
      c.add(`${path}.sha256`, `must be 64 lowercase hex digits: got ${describe(sha256)}`);
      continue;
    }
    if (r !== undefined && b !== undefined) files.push({ name, rows: r, bytes: b, sha256 });
  }
  return files;
}
