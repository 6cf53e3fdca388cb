// manifest.json: what was generated, from what, and the checksums of the files written. Read back
// (checked) by read_manifest.ts.

import type { Dataset } from "../model/mod.ts";
import { VERSION } from "../version.ts";
import { trueGraph } from "./graph.ts";
import type { FaultDifficulty } from "./difficulty.ts";

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
  /** How hard each fault is to find ({@linkcode faultDifficulty}). */
  difficulty?: FaultDifficulty[];
}

/** What the manifest describes: a dataset or a generator (its seed, config and faults). */
export type ManifestSource = Pick<Dataset, "seed" | "config" | "names" | "anomalies">;

/**
 * Encodes the manifest: tool and version, the seed used, the resolved config, the injected
 * faults, the true graph ({@linkcode trueGraph}), each fault's difficulty when given, and the
 * files written.
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
    graph: trueGraph(source.config),
    ...(details.difficulty && details.difficulty.length > 0
      ? { difficulty: details.difficulty }
      : {}),
    files,
  };
  return JSON.stringify(manifest, null, 2) + "\n";
}
