// A suite's case workers, seen from the main thread: each runs whole cases (cli/case_worker.ts),
// so a suite's cases run in parallel, one per core. Signals stay with the main thread, which asks
// the workers to stop and waits until each has finished any commit it was in and cleaned up.

import type { CliOptions } from "./args.ts";
import { FileError, InputError } from "./errors.ts";

/** What the main thread asks a case worker. */
export type CaseRequest =
  | { type: "case"; options: CliOptions; raw: unknown; fileName: string }
  | { type: "stop" };

/** What a case worker answers. */
export type CaseReply =
  | { type: "done"; status: number }
  | {
    type: "failed";
    kind: "io" | "permission" | "input" | "unexpected";
    message: string;
  }
  | { type: "say"; line: string }
  | { type: "stopped"; committed: boolean };

/** The case worker's module: beside this file, or case_worker.js beside a bundle. */
export const CASE_WORKER_URL: URL = new URL(
  import.meta.url.endsWith(".js") ? "./case_worker.js" : "./case_worker.ts",
  import.meta.url,
);

/** How long a stopping worker may take to finish its commit and clean up before it is ended. */
const STOP_WAIT_MS = 30_000;

/** One case worker: a case at a time. */
class CaseWorker {
  readonly #worker: Worker;
  #busy: { resolve: (status: number) => void; reject: (error: Error) => void } | undefined;
  #stopped: ((committed: boolean) => void) | undefined;

  constructor(say: (line: string) => void) {
    this.#worker = new Worker(CASE_WORKER_URL.href, { type: "module" });
    this.#worker.onmessage = (event: MessageEvent<CaseReply>) => {
      const reply = event.data;
      if (reply.type === "say") return say(reply.line);
      if (reply.type === "stopped") return this.#stopped?.(reply.committed);
      const busy = this.#busy;
      this.#busy = undefined;
      if (reply.type === "done") busy?.resolve(reply.status);
      else busy?.reject(caseError(reply.kind, reply.message));
    };
    this.#worker.onerror = (event) => {
      event.preventDefault();
      const busy = this.#busy;
      this.#busy = undefined;
      busy?.reject(new Error(`case worker failed: ${event.message}`));
    };
  }

  get busy(): boolean {
    return this.#busy !== undefined;
  }

  run(options: CliOptions, raw: unknown, fileName: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#busy = { resolve, reject };
      this.#worker.postMessage({ type: "case", options, raw, fileName } as CaseRequest);
    });
  }

  /** Asks a busy worker to stop; resolves once it has (and ends it), or after the wait. */
  stop(): Promise<void> {
    if (!this.busy) {
      this.#worker.terminate();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, STOP_WAIT_MS);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#stopped = () => {
        this.#worker.terminate();
        done();
      };
      this.#worker.postMessage({ type: "stop" } as CaseRequest);
    });
  }

  terminate(): void {
    this.#worker.terminate();
  }
}

/** The error main() reports for a case worker's failure, of the class that gives its status. */
function caseError(kind: string, message: string): Error {
  if (kind === "io") return new FileError(message);
  if (kind === "permission") return new Deno.errors.NotCapable(message);
  if (kind === "input") return new InputError(message);
  return new Error(message);
}

/** A pool of case workers running the cases given to {@linkcode CaseWorkers.run}. */
export class CaseWorkers {
  readonly #workers: CaseWorker[];
  readonly #idle: CaseWorker[];

  /** How many cases run at once. */
  readonly size: number;

  constructor(count: number, say: (line: string) => void) {
    this.size = count;
    this.#workers = Array.from({ length: count }, () => new CaseWorker(say));
    this.#idle = [...this.#workers];
  }

  /**
   * Runs a case on an idle worker; resolves with its exit status. The caller runs at most `size`
   * cases at once (it stops starting them after a failure), so a worker is always idle here.
   */
  async run(options: CliOptions, raw: unknown, fileName: string): Promise<number> {
    const worker = this.#idle.pop();
    if (!worker) throw new Error(`more than ${this.size} cases at once on ${this.size} workers`);
    try {
      return await worker.run(options, raw, fileName);
    } finally {
      this.#idle.push(worker);
    }
  }

  /** Stops every worker, letting a commit under way finish (on a signal). */
  async stop(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.stop()));
  }

  terminate(): void {
    for (const worker of this.#workers) worker.terminate();
  }
}
