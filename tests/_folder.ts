// What a test checks of an output folder: that it holds exactly the files its manifest lists,
// with those hashes, and nothing of a run in progress.
import { createHash } from "node:crypto";
import { deepStrictEqual, strictEqual } from "node:assert/strict";

export interface FolderState {
  /** The manifest's seed, or undefined when there is no manifest. */
  seed?: number;
  /** Every entry of the folder, sorted. */
  entries: string[];
}

/** Asserts the folder is a whole set (or holds no manifest at all) and returns its state. */
export function assertWholeSet(dir: string): FolderState {
  const entries = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  if (!entries.includes("manifest.json")) return { entries };
  const manifest = JSON.parse(Deno.readTextFileSync(`${dir}/manifest.json`));
  const listed = manifest.files.map((f: { name: string }) => f.name);
  deepStrictEqual(entries, [...listed, "manifest.json"].sort(), `entries of ${dir}`);
  for (const file of manifest.files) {
    const bytes = Deno.readFileSync(`${dir}/${file.name}`);
    strictEqual(createHash("sha256").update(bytes).digest("hex"), file.sha256, file.name);
    strictEqual(Deno.lstatSync(`${dir}/${file.name}`).isFile, true, `${file.name} is a file`);
  }
  return { seed: manifest.seed, entries };
}

/** Writes a config of `samples` samples of two noisy metrics; returns its path. */
export function writeBigConfig(dir: string, samples: number): string {
  const path = `${dir}/big.toml`;
  Deno.writeTextFileSync(
    path,
    `[general]\nseed = 1\nnum_samples = ${samples}\n[metrics.a]\nvalue = 1\nnoise = "gaussian"\n[metrics.b]\nvalue = 2\nnoise = "laplace"\n`,
  );
  return path;
}

/** Waits until `ready()` holds, for at most `ms` milliseconds. */
export async function waitFor(ready: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** True when the folder holds a temporary file of a run in progress. */
export function writing(dir: string, name = "metrics.csv"): boolean {
  try {
    return [...Deno.readDirSync(dir)].some((e) =>
      e.name.startsWith(`.${name}.`) && e.name.endsWith(".partial")
    );
  } catch {
    return false;
  }
}

/**
 * Every entry under `dir` (recursively, links not followed), by its path inside it, with its
 * bytes; a link (or anything but a file or folder) as the text "a link".
 */
export function folderBytes(dir: string): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  const walk = (at: string, prefix: string) => {
    for (const entry of [...Deno.readDirSync(at)].sort((a, b) => a.name < b.name ? -1 : 1)) {
      const path = `${at}/${entry.name}`;
      if (entry.isDirectory) walk(path, `${prefix}${entry.name}/`);
      else if (entry.isFile) files[`${prefix}${entry.name}`] = Deno.readFileSync(path);
      else files[`${prefix}${entry.name}`] = new TextEncoder().encode("a link");
    }
  };
  walk(dir, "");
  return files;
}
