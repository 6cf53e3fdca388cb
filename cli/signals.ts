// SIGINT, SIGTERM and SIGHUP stop a run cleanly: temporary files removed, the lock released, the
// output folder left with its previous set. While the new set is being committed, a signal waits
// until the commit is done, so the folder never holds a mix of the two sets.

import { cleanUpSync } from "./files.ts";

/** The signals handled and the exit status each gives (128 + its number). */
export const SIGNAL_EXITS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
type HandledSignal = keyof typeof SIGNAL_EXITS;

/** What is said when a signal stops the run: `committed` tells whether the new set is whole. */
export type StopMessage = (signal: HandledSignal, committed: boolean) => string;

/** Handles the signals for the length of one run. */
export class SignalGuard {
  readonly #say: (line: string) => void;
  readonly #message: StopMessage;
  readonly #drain: (() => Promise<void> | undefined) | undefined;
  readonly #listeners = new Map<HandledSignal, () => void>();
  #holding = false;
  #pending: HandledSignal | undefined;

  /**
   * @param drain Called on a signal before the process ends: a promise when something must
   * finish first (a suite's case workers, each finishing a commit under way).
   */
  constructor(
    say: (line: string) => void,
    message: StopMessage,
    drain?: () => Promise<void> | undefined,
  ) {
    this.#say = say;
    this.#message = message;
    this.#drain = drain;
  }

  /** Starts handling the signals (those the platform has). */
  install(): void {
    for (const signal of Object.keys(SIGNAL_EXITS) as HandledSignal[]) {
      const listener = () => this.#received(signal);
      try {
        Deno.addSignalListener(signal, listener);
        this.#listeners.set(signal, listener);
      } catch {
        // Not a signal on this platform (SIGHUP, SIGTERM on Windows).
      }
    }
  }

  /** Stops handling them. */
  remove(): void {
    for (const [signal, listener] of this.#listeners) Deno.removeSignalListener(signal, listener);
    this.#listeners.clear();
  }

  /**
   * Runs `body` (the commit) with signals held back; one that came meanwhile is honoured when it
   * ends, with the folder whole.
   */
  async hold<T>(body: () => Promise<T>): Promise<T> {
    this.#holding = true;
    let committed = false;
    try {
      const result = await body();
      committed = true;
      return result;
    } finally {
      this.#holding = false;
      if (this.#pending) this.#stop(this.#pending, committed);
    }
  }

  #received(signal: HandledSignal): void {
    if (this.#holding) return void (this.#pending ??= signal);
    const draining = this.#drain?.();
    if (draining) draining.finally(() => this.#stop(signal, false));
    else this.#stop(signal, false);
  }

  #stop(signal: HandledSignal, committed: boolean): never {
    cleanUpSync();
    this.#say(this.#message(signal, committed));
    Deno.exit(SIGNAL_EXITS[signal]);
  }
}
