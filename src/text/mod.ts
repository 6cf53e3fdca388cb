// Text from a config or the command line, made safe to echo in a one-line message: control
// characters escaped (a crafted key must not retitle or clear a terminal) and long text cut.
//
// What lives here: the readers and writers of text every door shares: messages (this module:
// escaping, cutting, bounded lists of problems), did-you-mean (suggest.ts), decimal numbers
// (numbers.ts), RFC 3339 date-times (datetime.ts), durations (duration.ts), CSV fields
// (csv_fields.ts). It may import nothing of ours: every other folder reads it.

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

/** Problems shown in one report; the rest are counted. */
export const MAX_PROBLEMS = 100;

/**
 * The problems of one input, for a report of one line each: the first
 * {@linkcode MAX_PROBLEMS} are kept (their text made only then), the rest counted.
 */
export class ProblemList {
  readonly #lines: string[] = [];
  #more = 0;

  /** Adds a problem; `line` may be a function, called only while lines are kept. */
  add(line: string | (() => string)): void {
    if (this.#lines.length < MAX_PROBLEMS) {
      this.#lines.push(typeof line === "string" ? line : line());
    } else this.#more++;
  }

  /** Whether there is any problem. */
  get empty(): boolean {
    return this.#lines.length === 0;
  }

  /** The report: a line per problem kept, then how many more there were. */
  text(): string {
    const more = this.#more > 0 ? [`... and ${this.#more} more problems`] : [];
    return [...this.#lines, ...more].join("\n");
  }
}

/**
 * The lines of a report of problems as shown: the first {@linkcode MAX_PROBLEMS}, then how many
 * more there were (counting those a {@linkcode ProblemList} already left out).
 */
export function shownProblems(message: string): string[] {
  const lines = message.split("\n");
  const summary = /^\.\.\. and (\d+) more problems$/.exec(lines[lines.length - 1]);
  const problems = summary ? lines.slice(0, -1) : lines;
  const more = Math.max(0, problems.length - MAX_PROBLEMS) + (summary ? Number(summary[1]) : 0);
  const shown = problems.slice(0, MAX_PROBLEMS);
  return more > 0 ? [...shown, `... and ${more} more problems`] : shown;
}

/** A plain file name: no folder, no "." or "..", nothing a file system reads specially. */
const PLAIN_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

/** Whether `name` is a plain file name, never a path: what a manifest may name. */
export function isPlainFileName(name: string): boolean {
  return PLAIN_FILE_NAME.test(name);
}

/**
 * Whether `path` is a relative path of plain names (`rcaeval/db_cpu/1/data.csv`), at most 8
 * deep: never absolute, never "." or "..", what a format that writes a tree may name.
 */
export function isPlainFilePath(path: string): boolean {
  const parts = path.split("/");
  return parts.length <= 8 && parts.every((part) => PLAIN_FILE_NAME.test(part));
}
