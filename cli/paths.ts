// The few path operations the command line needs, on Deno's own terms. node:path would do, but the
// first node: module a process imports starts Deno's Node compatibility layer, about 8 ms of a run
// of a thousand samples; a run loads none now (node:crypto, node:fs and node:zlib only where a run
// needs them).

const WINDOWS = Deno.build.os === "windows";

/** The platform's separator. */
export const SEP: string = WINDOWS ? "\\" : "/";

function isSeparator(c: string): boolean {
  return c === "/" || (WINDOWS && c === "\\");
}

/** Whether `path` is absolute (`/x`; on Windows also `C:\x`, `C:/x` and `\\server\share`). */
export function isAbsolute(path: string): boolean {
  if (path.startsWith("/")) return true;
  return WINDOWS && (/^[A-Za-z]:[\\/]/.test(path) || path.startsWith("\\\\"));
}

/** `parts` joined by the separator ("" parts left out); no normalising is needed by its callers. */
export function join(...parts: string[]): string {
  let joined = "";
  for (const part of parts) {
    if (part === "") continue;
    joined = joined === "" || isSeparator(joined[joined.length - 1])
      ? joined + part
      : joined + SEP + part;
  }
  return joined === "" ? "." : joined;
}

/** The folder of `path`: "." for a bare name, the root for a file at the root. */
export function dirname(path: string): string {
  let end = path.length;
  while (end > 1 && isSeparator(path[end - 1])) end--;
  let i = end - 1;
  while (i >= 0 && !isSeparator(path[i])) i--;
  if (i < 0) return WINDOWS && /^[A-Za-z]:/.test(path) ? path.slice(0, 2) : ".";
  while (i > 0 && isSeparator(path[i - 1])) i--;
  if (i === 0) return path[0];
  if (WINDOWS && i === 2 && path[1] === ":") return path.slice(0, 3);
  return path.slice(0, i);
}

/** The last part of `path`. */
export function basename(path: string): string {
  let end = path.length;
  while (end > 1 && isSeparator(path[end - 1])) end--;
  let i = end - 1;
  while (i >= 0 && !isSeparator(path[i])) i--;
  return path.slice(i + 1, end);
}

/** `path` made absolute against the working folder, with "." and ".." parts worked out. */
export function resolve(path: string): string {
  const absolute = isAbsolute(path) ? path : join(Deno.cwd(), path);
  const [root, rest] = splitRoot(absolute);
  const parts: string[] = [];
  for (const part of rest.split(WINDOWS ? /[\\/]/ : "/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return root + parts.join(SEP);
}

/** The root of an absolute path ("/", "C:\", "\\server\share\") and the rest. */
function splitRoot(path: string): [string, string] {
  if (!WINDOWS) return ["/", path];
  const drive = /^[A-Za-z]:[\\/]/.exec(path);
  if (drive) return [path.slice(0, 2) + SEP, path.slice(3)];
  const unc = /^\\\\[^\\/]+[\\/][^\\/]+[\\/]?/.exec(path);
  if (unc) return [unc[0].replace(/[\\/]?$/, SEP), path.slice(unc[0].length)];
  return [SEP, path];
}
