// Both cores where it pays: workers generate and encode blocks of samples, the main thread writes
// them in order and hashes. Every sample's values depend only on its index, and a block's CSV
// bytes only on its samples, so the bytes written are the same for any number of workers.

import type { ResolvedConfig } from "../src/config_types.ts";
import type { CsvKind } from "../src/csv.ts";
import { BlockEncoder, type EncodedBytes } from "../src/_block_encoder.ts";
import { M4Aggregator, type M4Snapshot } from "../src/m4.ts";
import { BLOCK_SIZE } from "../src/_prng.ts";
import { MAX_PANELS } from "../src/svg_layout.ts";

/** One block of samples, encoded: samples from .. to. */
export interface EncodedBlock extends EncodedBytes {
  from: number;
  to: number;
}

/** How the blocks are made. */
export interface WorkOptions {
  /** Workers started for this config, or none to encode on the main thread. */
  pool?: WorkerPool;
  /** Samples per block; a multiple of the stream block size keeps blocks independent. */
  blockSize: number;
  /** Pixel columns of the plot's aggregation, or 0 for no plot. */
  columns: number;
  /** The CSV files to encode, in order. */
  kinds: readonly CsvKind[];
}

/** What the main thread sends a worker. */
export type Request =
  | { type: "init"; config: ResolvedConfig; columns: number; kinds: readonly CsvKind[] }
  | { type: "block"; id: number; from: number; to: number }
  | { type: "recycle"; buffers: ArrayBuffer[] }
  | { type: "finish" };

/** What a worker answers. */
export type Reply =
  | { type: "block"; id: number; parts: Uint8Array[] }
  | { type: "finish"; m4?: M4Snapshot }
  | { type: "error"; message: string };

/**
 * The worker's module: cli/worker.ts beside this file, or worker.js beside a bundle made by
 * `deno task bundle`.
 */
export const WORKER_URL: URL = new URL(
  import.meta.url.endsWith(".js") ? "./worker.js" : "./worker.ts",
  import.meta.url,
);

/** Bytes of CSV a block may take before it is cut smaller: bounds memory per block in flight. */
const TARGET_BLOCK_BYTES = 3 << 19;
/** Most bytes one value takes in metrics.csv, with its comma, for sizing blocks. */
const BYTES_PER_VALUE = 12;

/**
 * Samples per block for a config: about 1.5 MB of CSV, a whole number of stream blocks where
 * that fits (fewer seeks of the noise streams), else fewer samples (wide configs: the bytes of a
 * block must stay bounded however many metrics there are).
 */
export function blockSizeFor(metrics: number): number {
  const samples = Math.floor(TARGET_BLOCK_BYTES / (Math.max(1, metrics) * BYTES_PER_VALUE));
  return samples >= BLOCK_SIZE
    ? Math.floor(samples / BLOCK_SIZE) * BLOCK_SIZE
    : Math.max(1, samples);
}

/**
 * Encodes the dataset block by block, in order, on `workers` workers (or inline), and hands each
 * block to `write` in sample order. Returns the plot's aggregation when asked for.
 */
export async function encodeBlocks(
  config: ResolvedConfig,
  options: WorkOptions,
  write: (block: EncodedBlock) => Promise<void>,
): Promise<M4Aggregator | undefined> {
  const n = config.general.num_samples;
  const names = Object.keys(config.metrics);
  const m4 = options.columns > 0
    ? new M4Aggregator(Math.min(names.length, MAX_PANELS), n, { columns: options.columns })
    : undefined;
  // Blocks are computed from their number, never listed: memory does not grow with n.
  const size = options.blockSize;
  const count = Math.ceil(n / size);
  const range = (i: number): [number, number] => [i * size, Math.min(n, (i + 1) * size)];
  if (!options.pool) {
    // A block is written (on the runtime's I/O thread) while the next is encoded.
    const local = new BlockEncoder(config, options.kinds, m4, 2);
    let writing = Promise.resolve();
    for (let i = 0; i < count; i++) {
      const [from, to] = range(i);
      const bytes = local.encode(from, to);
      await writing;
      writing = write({ from, to, ...bytes });
    }
    await writing;
    return m4;
  }
  const pool = options.pool.clients;
  try {
    // Two blocks in flight per worker: one being encoded, one waiting, while the main thread
    // writes and hashes; memory stays bounded by that. The main thread encodes nothing itself:
    // measured, helping made the workers wait for their next block and ran slower.
    const inFlight = 2 * pool.length;
    const pending: Promise<EncodedBytes>[] = [];
    const submit = (i: number) => {
      pending[i] = pool[i % pool.length].block(i, ...range(i));
      // A failure is reported once, by the block awaited first; the others must not go unheard.
      pending[i].catch(() => {});
    };
    for (let i = 0; i < Math.min(inFlight, count); i++) submit(i);
    for (let i = 0; i < count; i++) {
      const bytes = await pending[i];
      delete pending[i];
      if (i + inFlight < count) submit(i + inFlight);
      const [from, to] = range(i);
      await write({ from, to, ...bytes });
      // Hand the buffers back, so the worker fills them again instead of making garbage.
      pool[i % pool.length].recycle(bytes.parts.map((part) => part.buffer as ArrayBuffer));
    }
    for (const client of pool) {
      const snapshot = await client.finish();
      if (m4 && snapshot) m4.merge(snapshot);
    }
    return m4;
  } finally {
    options.pool.terminate();
  }
}

/** Workers, started as early as the config is known so they load while the main thread works. */
export class WorkerPool {
  readonly clients: readonly WorkerClient[];

  constructor(
    config: ResolvedConfig,
    workers: number,
    columns: number,
    kinds: readonly CsvKind[],
  ) {
    this.clients = Array.from(
      { length: workers },
      () => new WorkerClient(config, columns, kinds),
    );
  }

  terminate(): void {
    for (const client of this.clients) client.terminate();
  }
}

/** The main thread's handle on one worker. */
class WorkerClient {
  readonly #worker: Worker;
  readonly #waiting = new Map<number | "finish", (reply: Reply) => void>();
  #failure: Error | undefined;

  constructor(config: ResolvedConfig, columns: number, kinds: readonly CsvKind[]) {
    this.#worker = new Worker(WORKER_URL.href, { type: "module" });
    this.#worker.onmessage = (event: MessageEvent<Reply>) => {
      const reply = event.data;
      if (reply.type === "error") return this.#fail(new Error(reply.message));
      const key = reply.type === "block" ? reply.id : "finish";
      this.#waiting.get(key)?.(reply);
      this.#waiting.delete(key);
    };
    this.#worker.onerror = (event) => {
      event.preventDefault();
      this.#fail(new Error(`worker failed: ${event.message}`));
    };
    this.#post({ type: "init", config, columns, kinds });
  }

  block(id: number, from: number, to: number): Promise<EncodedBytes> {
    return this.#ask(id, { type: "block", id, from, to }) as Promise<Reply & { type: "block" }>;
  }

  recycle(buffers: ArrayBuffer[]): void {
    if (!this.#failure) this.#worker.postMessage({ type: "recycle", buffers }, buffers);
  }

  async finish(): Promise<M4Snapshot | undefined> {
    const reply = await this.#ask("finish", { type: "finish" });
    return reply.type === "finish" ? reply.m4 : undefined;
  }

  terminate(): void {
    this.#worker.terminate();
  }

  #ask(key: number | "finish", request: Request): Promise<Reply> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#waiting.set(
        key,
        (reply) => reply.type === "error" ? reject(this.#failure) : resolve(reply),
      );
      this.#post(request);
    });
  }

  #post(request: Request): void {
    this.#worker.postMessage(request);
  }

  #fail(error: Error): void {
    this.#failure = error;
    for (const resolve of this.#waiting.values()) {
      resolve({ type: "error", message: error.message });
    }
    this.#waiting.clear();
  }
}
