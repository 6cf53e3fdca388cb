// A recorded input's problem, on its own so that the command line can tell it apart without
// loading the readers.

/**
 * A problem with a recorded input: one line, with the line of the file and what was found.
 *
 * @example
 * ```ts
 * import { CsvInputReader, RecordedInputError } from "@chaos-datagen/chaos-datagen";
 * import { throws } from "node:assert/strict";
 *
 * const reader = new CsvInputReader("cpu.csv");
 * throws(() => reader.push("timestamp,cpu\nyesterday,1\n"), RecordedInputError);
 * ```
 */
export class RecordedInputError extends Error {
  /**
   * Makes the error.
   *
   * @param message The problem, one line.
   */
  constructor(message: string) {
    super(message);
    this.name = "RecordedInputError";
  }
}
