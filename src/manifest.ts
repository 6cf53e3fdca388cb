// manifest.json: what was generated, from what, and the checksums of the files written; and the
// same read back, checked, for score.

import type { ResolvedConfig } from "./config_types.ts";
import { ConfigError, resolveConfig } from "./config.ts";
import { createGenerator, type Dataset, type InjectedAnomaly } from "./generate.ts";
import type { RecordedSource } from "./recorded.ts";
import { isFormatFileName } from "./format.ts";
import { Checker, describe, isTable, list, MAX_INTEGER } from "./_checker.ts";
import { quoted } from "./_text.ts";
import { VERSION } from "./version.ts";

/** A file written for a dataset. */
export interface FileRecord {
  /** File name, relative to the output directory. */
  name: string;
  /** Data rows (the CSV header is not counted; 0 for files without rows). */
  rows: number;
  /** Size in bytes. */
  bytes: number;
  /** SHA-256 of the file's bytes, lowercase hex. */
  sha256: string;
}

/** What else a run records: its recorded input, and whether faults were left out. */
export interface ManifestDetails {
  /** The recorded input: its name, format, time form, rows, bytes and SHA-256. */
  input?: {
    name: string;
    format: string;
    times: string;
    rows: number;
    bytes: number;
    sha256: string;
  };
  /** True for a run made with `--no-faults`: the config's faults were checked and left out. */
  noFaults?: boolean;
  /** A shard's place in the run: shard `index` of `count`, its first and last samples. */
  shard?: { index: number; count: number; first_sample: number; last_sample: number };
}

/** What the manifest describes: a dataset or a generator (its seed, config and faults). */
export type ManifestSource = Pick<Dataset, "seed" | "config" | "names" | "anomalies">;

/**
 * Encodes the manifest: tool and version, the seed used, the resolved config, the injected
 * faults and the files written.
 *
 * @param source The dataset or generator.
 * @param files The files written, with their checksums.
 * @param details The recorded input, whether faults were left out, the shard.
 * @returns The manifest as JSON text, ending with a newline.
 *
 * @example The manifest carries the seed that was used
 * ```ts
 * import { encodeManifest, generate } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * const data = generate({ general: { num_samples: 3 }, metrics: { cpu: { value: 1 } } });
 * const manifest = JSON.parse(encodeManifest(data, []));
 * strictEqual(manifest.seed, data.seed);
 * strictEqual(manifest.config.general.seed, data.seed);
 * ```
 */
export function encodeManifest(
  source: ManifestSource,
  files: readonly FileRecord[],
  details: ManifestDetails = {},
): string {
  const manifest = {
    tool: "chaos-datagen",
    version: VERSION,
    seed: source.seed,
    num_samples: source.config.general.num_samples,
    metrics: source.names,
    ...(details.input ? { input: details.input } : {}),
    ...(details.noFaults ? { no_faults: true } : {}),
    ...(details.shard ? { shard: details.shard } : {}),
    config: source.config,
    anomalies: source.anomalies,
    files,
  };
  return JSON.stringify(manifest, null, 2) + "\n";
}

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
 * metrics must be the config's, its faults those the config makes, its files names a format
 * writes (never a path) with sizes and SHA-256 digests.
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
    if (typeof name !== "string" || (!isFormatFileName(name) && name !== "metrics.svg")) {
      c.add(
        `${path}.name`,
        `must name a file a format writes, never a path: got ${describe(name)}`,
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
