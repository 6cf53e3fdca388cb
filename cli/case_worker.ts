// A suite's case worker: runs whole cases, one at a time, each a plain run (cli/run.ts) into its
// own folder, for `cli.ts suite` with case workers. The main thread owns the signals: on one it
// asks every worker to stop; a worker in the middle of a commit finishes it first, then removes
// its temporary files and lock and closes.

/// <reference lib="deno.worker" />

import type { CaseReply, CaseRequest } from "./cases.ts";
import { cleanUpSync } from "./files.ts";
import { type CommitGuard, generateRun } from "./run.ts";
import { FileError, InputError } from "./errors.ts";
import { ConfigError } from "../src/config/mod.ts";
import { RecordedInputError } from "../src/input/error.ts";

let holding = false;
let stopping = false;

const guard: CommitGuard = {
  async hold<T>(body: () => Promise<T>): Promise<T> {
    holding = true;
    let committed = false;
    try {
      const result = await body();
      committed = true;
      return result;
    } finally {
      holding = false;
      if (stopping) stop(committed);
    }
  },
};

function post(reply: CaseReply): void {
  self.postMessage(reply);
}

function stop(committed: boolean): void {
  cleanUpSync();
  post({ type: "stopped", committed });
  self.close();
}

self.onmessage = async (event: MessageEvent<CaseRequest>) => {
  const request = event.data;
  if (request.type === "stop") {
    stopping = true;
    if (!holding) stop(false);
    return;
  }
  const io = { error: (line: string) => post({ type: "say", line }), print: () => {} };
  try {
    const given = { raw: request.raw, fileName: request.fileName, guard };
    const status = await generateRun(request.options, io, given);
    post({ type: "done", status });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // What main() makes of the error's class: exit 1 for I/O, 2 for the rest it knows.
    const kind = error instanceof FileError
      ? "io"
      : error instanceof Deno.errors.NotCapable
      ? "permission"
      : error instanceof InputError || error instanceof ConfigError ||
          error instanceof RecordedInputError || error instanceof SyntaxError
      ? "input"
      : "unexpected";
    post({ type: "failed", kind, message });
  }
};
