// The command line's failures by meaning, each printed as one line: what the user gave that
// cannot be used (exit 2), and what went wrong with a file (exit 1). Paths and reasons are
// escaped, so a crafted file name cannot reach the terminal raw.

import { escapeControls } from "../src/text/mod.ts";

/** Something the user gave cannot be used: a file, a flag's value, the output folder. Exit 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** Reading or writing a file failed (out of space, I/O error). Exit 1. */
export class FileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FileError";
  }

  /** `<doing> "<path>": <the system's reason>`. */
  static from(error: unknown, doing: string, path: string): FileError {
    if (error instanceof FileError) return error;
    return new FileError(`${doing} ${quotePath(path)}: ${describeFsError(error)}`);
  }
}

/** A path in a message. */
export function quotePath(path: string): string {
  return `"${escapeControls(path)}"`;
}

/** The system's reason for a failed file operation, in a few words. */
export function describeFsError(error: unknown, flag?: "-R" | "-W"): string {
  if (error instanceof Deno.errors.NotFound) return "no such file or directory";
  if (error instanceof Deno.errors.IsADirectory) return "it is a directory, not a file";
  if (error instanceof Deno.errors.NotCapable) {
    return `Deno has no permission for it; run with ${flag ?? "-R/-W"}=<path>`;
  }
  if (error instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (error instanceof Deno.errors.AlreadyExists) return "a file of that name is in the way";
  if (error instanceof Deno.errors.NotADirectory) {
    return "a part of the path is a file, not a directory";
  }
  const message = error instanceof Error ? error.message : String(error);
  // Deno appends the operation and path ("...: write '/x'"); the caller names the path.
  return escapeControls(message.replace(/(\(os error \d+\)).*$/s, "$1"));
}
