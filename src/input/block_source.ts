// The recorded values a generator reads while it makes one block, handed to it block by block
// (by the command line's reader, on the main thread or in a worker), with the few samples before
// the block that flatlines look back to.

import type { RecordedSource } from "./mod.ts";

/**
 * The recorded values a generator reads while it makes one block: that block's, and the few
 * samples before it that flatlines hold (pinned as they are read).
 */
export class BlockSource implements RecordedSource {
  readonly #index: ReadonlyMap<string, number>;
  #from = 0;
  #columns: readonly Float64Array[] = [];
  #pinned = new Map<string, number>();

  constructor(names: readonly string[]) {
    this.#index = new Map(names.map((name, j) => [name, j]));
  }

  /** Sets the block generated next, and the samples pinned so far. */
  set(from: number, columns: readonly Float64Array[], pinned: ReadonlyMap<string, number>): void {
    this.#from = from;
    this.#columns = columns;
    this.#pinned = new Map(pinned);
  }

  fill(metric: string, from: number, into: Float64Array): void {
    const j = this.#index.get(metric)!;
    const start = from - this.#from;
    const column = this.#columns[j];
    if (column && start >= 0 && start + into.length <= column.length) {
      into.set(column.subarray(start, start + into.length));
      return;
    }
    const pinned = into.length === 1 ? this.#pinned.get(pinKey(j, from)) : undefined;
    if (pinned === undefined) {
      throw new Error(`recorded sample ${from} of "${metric}" is not at hand`);
    }
    into[0] = pinned;
  }
}

/** The key of a pinned sample. */
export function pinKey(column: number, sample: number): string {
  return `${column}:${sample}`;
}
