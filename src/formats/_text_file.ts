// A file whose whole text is known from the config and the faults, not from the samples (the true
// graph, a case's inject_time.txt): no section content, its text written as the tail once every
// chunk is in.

import type { FileEncoder } from "./types.ts";

const encoder = new TextEncoder();

/** A file of known text: the samples do not change it. */
export class TextFileEncoder implements FileEncoder {
  readonly name: string;
  readonly sections = 1;
  readonly sequential: boolean;
  readonly tailRows: number;
  readonly #text: () => string;

  /**
   * @param name The file's name.
   * @param text Its text, made when the file is written.
   * @param options Whether it goes with files encoded in order (a format of such files alone
   * starts no workers), and the rows it counts.
   */
  constructor(
    name: string,
    text: () => string,
    options: { sequential: boolean; rows: number },
  ) {
    this.name = name;
    this.#text = text;
    this.sequential = options.sequential;
    this.tailRows = options.rows;
  }

  head(): Uint8Array {
    return new Uint8Array(0);
  }

  encode(): number {
    return 0;
  }

  finish(): number {
    return 0;
  }

  tail(): Iterable<Uint8Array> {
    return [encoder.encode(this.#text())];
  }
}
