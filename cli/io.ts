// Where the command line's messages go: the console, or a test's own lines.

import type { CommitHook } from "./commit.ts";

/** Where messages go; tests pass their own. */
export interface CliIo {
  /** Writes one line of progress or error text. */
  error(line: string): void;
  /** Writes one line of requested output (help, version). */
  print(line: string): void;
  /** Shows a progress line in place, or clears it (empty text); only on a terminal. */
  progress?(text: string): void;
  /** Called between the steps of the final commit; tests pause there to send signals. */
  commitHook?: CommitHook;
}
