// How many worker threads to start, one rule for the three kinds (a run's block workers, a
// suite's case workers, score's metric workers): as `--workers` asks, capped at the cores, or
// one per core when the work pays; none when the worker's module cannot be read.

import { InputError } from "./errors.ts";
import type { CliIo } from "./io.ts";

/** The cores a run uses at most. */
export const MAX_CORES = 8;

/** Whether a worker's module can be loaded: not a file, or a file read access allows. */
export function canLoad(url: URL): boolean {
  return url.protocol !== "file:" ||
    Deno.permissions.querySync({ name: "read", path: url }).state === "granted";
}

/**
 * The workers to start for `url`: `asked` (`--workers N`; more than the cores is capped, with a
 * note), else one per core when `worth` says the work pays for them. Without read access to the
 * program: refused when asked for, else 0 with a note saying what `alone` does instead.
 */
export function threadsFor(
  url: URL,
  options: { workers?: number; quiet: boolean },
  worth: boolean,
  io: CliIo,
  alone: string,
): number {
  const cores = Math.min(MAX_CORES, navigator.hardwareConcurrency ?? 1);
  let wanted = options.workers ?? (worth && cores >= 2 ? cores : 0);
  if (wanted === 0) return 0;
  if (wanted > cores) {
    if (!options.quiet) io.error(`note: --workers ${wanted}: using ${cores}, one per core`);
    wanted = cores;
  }
  if (canLoad(url)) return wanted;
  // The program's folder: a bundle's, or the source's root (the workers' modules are in cli/).
  const root = url.pathname.endsWith(".js") ? "." : "..";
  const hint = `allow reading the program (-R=${decodeURIComponent(new URL(root, url).pathname)})`;
  if (options.workers !== undefined) throw new InputError(`--workers: to start workers, ${hint}`);
  if (!options.quiet) io.error(`note: ${alone}; to use ${cores} cores, ${hint}`);
  return 0;
}
