// A worker of the command line: generates and encodes the blocks it is sent. It imports only the
// generation (no validation: the main thread checked the config) and the encoders it is asked
// for, so it starts quickly.

import { BlockEncoder } from "../src/formats/blocks.ts";
import { formatEncoders, loadFormats } from "../src/formats/mod.ts";
import { Generation } from "../src/model/generation.ts";
import type { M4Aggregator } from "../src/picture/m4.ts";
import { MAX_PANELS } from "../src/picture/layout.ts";
import type { Reply, Request } from "./workers.ts";
import { BlockSource } from "../src/input/block_source.ts";

const scope = globalThis as unknown as {
  onmessage: (event: MessageEvent<Request>) => void;
  postMessage: (message: Reply, transfer?: Transferable[]) => void;
  close: () => void;
};

let encoder: BlockEncoder | undefined;
let m4: M4Aggregator | undefined;
let source: BlockSource | undefined;
/** Buffers the main thread has written out and handed back. */
const free: ArrayBuffer[] = [];

/** The parts packed into one buffer: a recycled one, or a new one with room to spare. */
function pack(parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.length;
  const i = free.findIndex((buffer) => buffer.byteLength >= total);
  const buffer = i >= 0 ? free.splice(i, 1)[0] : new ArrayBuffer(Math.ceil(total * 1.25) + 64);
  const bytes = new Uint8Array(buffer, 0, total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

// Messages are handled one after the other: the first (init) may wait for a format's module.
let queue: Promise<void> = Promise.resolve();
scope.onmessage = ({ data }) => {
  queue = queue.then(() => handle(data));
};

async function handle(data: Request): Promise<void> {
  try {
    if (data.type === "init") {
      const n = data.config.general.num_samples;
      const metrics = Object.keys(data.config.metrics).length;
      // The picture's reduction is loaded only for a run that draws it.
      m4 = data.columns > 0
        ? new (await import("../src/picture/m4.ts")).M4Aggregator(
          Math.min(metrics, MAX_PANELS),
          n,
          {
            columns: data.columns,
          },
        )
        : undefined;
      const { formats, effects } = data.plan;
      await loadFormats(formats);
      source = data.recorded ? new BlockSource(data.recorded) : undefined;
      // The files encoded in order stay on the main thread.
      // The main thread checked the config: the worker takes it as it is.
      const generator = new Generation(data.config, { recorded: source });
      const files = formatEncoders(generator, formats, data.plan)
        .filter((file) => !file.sequential);
      encoder = new BlockEncoder(data.config, files, { m4, effects, recorded: source });
    } else if (data.type === "block") {
      if (source && data.recorded) {
        source.set(data.from, data.recorded.columns, new Map(data.recorded.pinned));
      }
      // A copy leaves the worker; the encoder's own buffers stay for the next block.
      const { parts, rows } = encoder!.encode(data.from, data.to);
      const bytes = pack(parts);
      const lengths = parts.map((part) => part.length);
      scope.postMessage(
        { type: "block", id: data.id, bytes, lengths, rows },
        [bytes.buffer as ArrayBuffer],
      );
    } else if (data.type === "recycle") {
      // Keep a few: as many as can be in flight; the rest go to the garbage collector.
      free.push(data.buffer);
      free.splice(0, Math.max(0, free.length - 4));
    } else {
      scope.postMessage({ type: "finish", m4: m4?.snapshot() });
      scope.close();
    }
  } catch (error) {
    const message = error instanceof Error ? error.stack ?? error.message : String(error);
    scope.postMessage({ type: "error", message });
  }
}
