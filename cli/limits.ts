// Limits checked before any work, each refused with one line: the config must be a regular file
// of bounded size (cli/read.ts), blocks must fit in memory, and the output must fit on the disk where the
// platform says how much room it has. None of them grows with num_samples.

import { dirname, resolve } from "./paths.ts";
import type { FileEncoder } from "../src/formats/mod.ts";
import { ByteWriter, MAX_NUMBER_BYTES } from "../src/formats/bytes.ts";
import type { DatasetGenerator } from "../src/model/mod.ts";
import { InputError, quotePath } from "./errors.ts";
import { readGivenFile } from "./read.ts";

/** The largest config read: far above any real one (10^5 metrics take about 5 MB). */
export const MAX_CONFIG_BYTES = 16 << 20;
/** Most values (samples x metrics) in one block: bounds the memory of each block in flight. */
export const MAX_BLOCK_VALUES = 1 << 22;

/** Reads the config under the rule for files given on the command line, at most 16 MiB. */
export function readConfigFile(path: string): Uint8Array {
  return readGivenFile(path, "config", MAX_CONFIG_BYTES);
}

/** Checks `--chunk-size` against the block memory bound. */
export function checkChunkSize(chunkSize: number, metrics: number): void {
  const most = Math.max(1, Math.floor(MAX_BLOCK_VALUES / metrics));
  if (chunkSize > most) {
    throw new InputError(
      `--chunk-size: at most ${most} samples for ${metrics} metrics (${MAX_BLOCK_VALUES} values a block): got ${chunkSize}`,
    );
  }
}

/** Outputs below this size are written without checking the free space first. */
export const SMALL_OUTPUT_BYTES = 64 << 20;

/**
 * At most how many bytes the files take: every value and time at its longest, in every section
 * of every file. Far above the real size, but known without making a sample.
 */
export function outputBytesBound(
  rows: number,
  metrics: number,
  files: readonly FileEncoder[],
): number {
  const sections = files.reduce((sum, file) => sum + file.sections, 0);
  return (rows * (metrics + 1) * MAX_NUMBER_BYTES + 4096) * Math.max(1, sections) * 2;
}

/** The first samples, whose text the size of the output is estimated from. */
export function estimateRows(generator: DatasetGenerator): number {
  return Math.min(generator.numSamples, Math.max(16, Math.floor(4096 / generator.names.length)));
}

/**
 * Expected bytes of the output files, from the first samples' text (effects.csv counts as
 * large as metrics.csv).
 *
 * @param files Fresh encoders of the files, used up by the estimate.
 * @param n The samples written (a shard's).
 */
export function estimateOutputBytes(
  generator: DatasetGenerator,
  files: readonly FileEncoder[],
  n: number = generator.numSamples,
): number {
  const rows = estimateRows(generator);
  const chunk = generator.chunk(0, rows);
  let bytes = 0;
  for (const file of files) {
    const sections = Array.from({ length: file.sections }, () => new ByteWriter(1024));
    file.encode(chunk, sections);
    for (let s = 0; s < file.sections; s++) {
      bytes += file.head(s).length + (sections[s].length * n) / rows;
    }
  }
  return Math.ceil(bytes);
}

/**
 * Refuses a run whose output would not fit in the free space of `directory`. Needs
 * `--allow-sys=statfs`; without it the check is skipped, with a note for large runs.
 */
export async function checkFreeSpace(
  directory: string,
  bytes: number,
  note: (line: string) => void,
): Promise<void> {
  if (!granted({ name: "sys", kind: "statfs" })) {
    if (bytes > 10e9) {
      note(
        `note: the output will take about ${
          gigabytes(bytes)
        }; run with --allow-sys=statfs to have the free space checked first`,
      );
    }
    return;
  }
  // Loaded only here: node:fs is the one module that tells the free space.
  const { statfsSync } = await import("node:fs");
  let free: number;
  try {
    const stats = statfsSync(existingAncestor(directory));
    free = stats.bavail * stats.bsize;
  } catch {
    // No answer (a path through a file, say): creating the folder will say what is wrong.
    return;
  }
  if (bytes > free) {
    throw new InputError(
      `the output needs about ${gigabytes(bytes)} and ${quotePath(directory)} has ${
        gigabytes(free)
      } free; lower num_samples or make room`,
    );
  }
}

/** The folder itself, or the nearest folder above it that exists (before it is created). */
function existingAncestor(directory: string): string {
  let path = resolve(directory);
  for (;;) {
    try {
      Deno.statSync(path);
      return path;
    } catch (error) {
      const parent = dirname(path);
      if (!(error instanceof Deno.errors.NotFound) || parent === path) throw error;
      path = parent;
    }
  }
}

function gigabytes(bytes: number): string {
  if (bytes >= 1e15) return `${bytes.toExponential(1)} bytes`;
  if (bytes >= 1e12) return `${(bytes / 1e12).toFixed(1)} TB`;
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** True when Deno may do this without asking. */
function granted(descriptor: Deno.PermissionDescriptor): boolean {
  return Deno.permissions.querySync(descriptor).state === "granted";
}

/**
 * Checks up front, before any work, that Deno may read and write the output folder, so a run
 * never stops at a prompt or fails at its last step.
 */
export function checkOutputPermission(output: string): void {
  const read = granted({ name: "read", path: output });
  const write = granted({ name: "write", path: output });
  if (read && write) return;
  const flags = [read ? "" : `-R=${output}`, write ? "" : `-W=${output}`].filter((f) => f);
  throw new InputError(
    `cannot write to output directory ${
      quotePath(output)
    }: Deno has no permission for it; run with ${flags.join(" ")}`,
  );
}
