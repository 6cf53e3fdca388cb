// Text from a config or the command line, made safe to echo in a one-line message: control
// characters escaped (a crafted key must not retitle or clear a terminal) and long text cut.

/** Characters that must not reach a terminal raw: C0, DEL, C1, line separators, bidi controls. */
// deno-lint-ignore no-control-regex -- control characters are what it finds
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** Characters of user text shown in a message before it is cut. */
export const MAX_SHOWN = 60;

/** True when `text` holds a character that {@linkcode escapeControls} would escape. */
export function hasControls(text: string): boolean {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text);
}

/** `text` with every unsafe character written as `\uXXXX`. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** `text` cut to `max` characters, saying how much was left out. */
export function cut(text: string, max = MAX_SHOWN): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}... (${text.length} characters)`;
}

/** User text as it appears in a message: quoted, escaped, cut. */
export function quoted(text: string): string {
  return `"${escapeControls(cut(text)).replaceAll('"', '\\"')}"`;
}
