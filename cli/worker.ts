// A worker of the command line: generates and encodes the blocks it is sent. It imports only the
// generator and encoders, so it starts quickly.

import { BlockEncoder } from "../src/_block_encoder.ts";
import { M4Aggregator } from "../src/m4.ts";
import { MAX_PANELS } from "../src/svg_layout.ts";
import type { Reply, Request } from "./workers.ts";

const scope = globalThis as unknown as {
  onmessage: (event: MessageEvent<Request>) => void;
  postMessage: (message: Reply, transfer?: Transferable[]) => void;
  close: () => void;
};

let encoder: BlockEncoder | undefined;
let m4: M4Aggregator | undefined;
/** Buffers the main thread has written out and handed back. */
const free: ArrayBuffer[] = [];

/** A copy of `bytes` in a recycled buffer (or a new one, with room to spare). */
function copyOut(bytes: Uint8Array): Uint8Array {
  const i = free.findIndex((buffer) => buffer.byteLength >= bytes.length);
  const buffer = i >= 0 ? free.splice(i, 1)[0] : new ArrayBuffer(Math.ceil(bytes.length * 1.25));
  const copy = new Uint8Array(buffer, 0, bytes.length);
  copy.set(bytes);
  return copy;
}

scope.onmessage = ({ data }) => {
  try {
    if (data.type === "init") {
      const n = data.config.general.num_samples;
      const metrics = Object.keys(data.config.metrics).length;
      m4 = data.columns > 0
        ? new M4Aggregator(Math.min(metrics, MAX_PANELS), n, { columns: data.columns })
        : undefined;
      encoder = new BlockEncoder(data.config, data.kinds, m4);
    } else if (data.type === "block") {
      // Copies leave the worker; the encoder's own buffers stay for the next block.
      const parts = encoder!.encode(data.from, data.to).parts.map(copyOut);
      scope.postMessage(
        { type: "block", id: data.id, parts },
        parts.map((part) => part.buffer as ArrayBuffer),
      );
    } else if (data.type === "recycle") {
      // Keep a few: as many as can be in flight; the rest go to the garbage collector.
      free.push(...data.buffers);
      free.splice(0, Math.max(0, free.length - 2 * data.buffers.length));
    } else {
      scope.postMessage({ type: "finish", m4: m4?.snapshot() });
      scope.close();
    }
  } catch (error) {
    const message = error instanceof Error ? error.stack ?? error.message : String(error);
    scope.postMessage({ type: "error", message });
  }
};
