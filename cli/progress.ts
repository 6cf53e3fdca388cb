// The progress line: only on a terminal, only for runs longer than about a second.

/** A progress line on a terminal, for runs longer than about a second. */
export class Progress {
  readonly #show: ((text: string) => void) | undefined;
  readonly #total: number;
  readonly #now: () => number;
  readonly #started: number;
  #shown = 0;

  /** `show` writes a line in place (absent: no terminal, no progress); `now` is the clock. */
  constructor(
    show: ((text: string) => void) | undefined,
    total: number,
    now = () => performance.now(),
  ) {
    this.#show = show;
    this.#total = total;
    this.#now = now;
    this.#started = now();
  }

  /** Reports that samples 0 .. done are written; shown at most five times a second. */
  update(done: number): void {
    const now = this.#now();
    if (!this.#show || now - this.#started < 1000 || now - this.#shown < 200) return;
    this.#shown = now;
    const percent = Math.floor((100 * done) / this.#total);
    const seconds = ((now - this.#started) / 1000).toFixed(1);
    this.#show(`${percent}% of ${this.#total} samples, ${seconds} s`);
  }

  /** Clears the line, if one was shown. */
  done(): void {
    if (this.#shown > 0) this.#show?.("");
  }
}
