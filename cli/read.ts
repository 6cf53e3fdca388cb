// Files named on the command line (a config, a recorded input, a run's manifest and labels, a
// detections file), read by one rule:
//
// - Deno must be allowed to read the file where it really is: a link (or a linked folder on the
//   way) that leads out of the folders granted with -R is refused, not followed.
// - It must be a regular file: a pipe, a socket or a device (/dev/zero) could block or never end.
// - It must be no larger than its cap; a file read whole is read up to one byte past the cap, in
//   case it grows while it is read.

import { basename, dirname, join, resolve, SEP as sep } from "./paths.ts";
import { describeFsError, FileError, InputError, quotePath } from "./errors.ts";

/** The largest manifest read: one of 10^5 metrics and 10^5 faults takes about 100 MB. */
export const MAX_MANIFEST_BYTES = 1 << 28;

/** Bytes read at a time from a file read in pieces. */
export const PIECE_BYTES = 1 << 20;

/** A file opened for reading under the rule, with its size when it was opened. */
export interface GivenFile {
  readonly file: Deno.FsFile;
  readonly size: number;
}

/**
 * Checks that Deno may read `path` where it really is (links resolved) and that it is a regular
 * file of at most `maxBytes`; returns its size. `what` names it in messages ("config",
 * "input").
 */
export function checkGivenFile(path: string, what: string, maxBytes: number): number {
  const problem = (why: string) => new InputError(`cannot read ${what} ${quotePath(path)}: ${why}`);
  if (!granted(path)) {
    throw problem(`Deno has no permission for it; run with -R=${path}`);
  }
  let info: Deno.FileInfo;
  let real: string;
  try {
    // stat follows links but never opens: opening a pipe would wait for a writer.
    info = Deno.statSync(path);
    real = Deno.realPathSync(path);
  } catch (error) {
    throw problem(describeFsError(error, "-R"));
  }
  if (!insideGrantedFolder(path, real)) {
    throw problem(
      `it leads by a link to ${
        quotePath(real)
      }, which Deno may not read (-R); give that file, or grant it with -R=${real}`,
    );
  }
  if (info.isDirectory) throw problem("it is a directory, not a file");
  if (!info.isFile) throw problem("not a regular file (a pipe or a device?)");
  if (info.size > maxBytes) throw problem(tooLarge(info.size, maxBytes, what));
  return info.size;
}

/** Opens a file under the rule, to read in pieces. */
export function openGivenFile(path: string, what: string, maxBytes: number): GivenFile {
  const size = checkGivenFile(path, what, maxBytes);
  try {
    const file = Deno.openSync(path, { read: true });
    // The file opened must still be a regular file (it may have been replaced since stat).
    if (!file.statSync().isFile) {
      file.close();
      throw new InputError(
        `cannot read ${what} ${quotePath(path)}: not a regular file (a pipe or a device?)`,
      );
    }
    return { file, size };
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read ${what} ${quotePath(path)}: ${describeFsError(error, "-R")}`);
  }
}

/** Reads a whole file under the rule: at most `maxBytes`. */
export function readGivenFile(path: string, what: string, maxBytes: number): Uint8Array {
  const { file, size } = openGivenFile(path, what, maxBytes);
  try {
    const bytes = new Uint8Array(Math.min(size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const read = file.readSync(bytes.subarray(length));
      if (read === null || read === 0) break;
      length += read;
      if (length === bytes.length) {
        throw new InputError(
          `cannot read ${what} ${quotePath(path)}: ${tooLarge(length, maxBytes, what)}`,
        );
      }
    }
    return bytes.subarray(0, length);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw FileError.from(error, "cannot read", path);
  } finally {
    file.close();
  }
}

/** A file's bytes in pieces of {@linkcode PIECE_BYTES}, each a fresh buffer. */
export async function* readPieces(file: Deno.FsFile, name: string): AsyncGenerator<Uint8Array> {
  for (;;) {
    const buffer = new Uint8Array(PIECE_BYTES);
    let read: number | null;
    try {
      read = await file.read(buffer);
    } catch (error) {
      throw FileError.from(error, "cannot read", name);
    }
    if (read === null) return;
    yield buffer.subarray(0, read);
  }
}

/**
 * Checks up front that Deno may read `path` (`what` names it in the message), so a run never
 * stops at a permission prompt.
 */
export function checkReadPermission(path: string, what = ""): void {
  if (granted(path)) return;
  throw new InputError(
    `cannot read ${what}${quotePath(path)}: Deno has no permission for it; run with -R=${path}`,
  );
}

/**
 * Whether `real` (the file's path with every link resolved) lies inside the folder granted for
 * `path`: the topmost folder above `path` that Deno may read, itself resolved. A link above that
 * folder (macOS's /tmp, a linked home) is the user's own doing and changes nothing.
 */
function insideGrantedFolder(path: string, real: string): boolean {
  if (granted(real)) return true;
  const file = resolve(path);
  let root = file;
  for (let up = dirname(root); up !== root && granted(up); up = dirname(up)) root = up;
  try {
    // Only the file itself is granted: it must not be a link.
    if (root === file) return real === join(Deno.realPathSync(dirname(file)), basename(file));
    const realRoot = Deno.realPathSync(root);
    return real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
  } catch {
    return false;
  }
}

function granted(path: string): boolean {
  return Deno.permissions.querySync({ name: "read", path }).state === "granted";
}

function tooLarge(bytes: number, maxBytes: number, what: string): string {
  const cap = maxBytes >= 1 << 20 ? `${maxBytes / (1 << 20)} MiB` : `${maxBytes} bytes`;
  return `larger than ${cap} (${bytes} bytes or more); is it a ${what}?`;
}
