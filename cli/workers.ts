// Both cores where it pays: workers generate and encode blocks of samples, the main thread writes
// them in order and hashes. Every sample's values depend only on its index, and a block's bytes
// only on its samples, so the bytes written are the same for any number of workers. Files whose
// bytes carry over from block to block (promtool's runs) are encoded on the main thread, in order.

import type { ResolvedConfig } from "../src/config/types.ts";
import type { FileEncoder, FormatName, FormatOptions } from "../src/formats/mod.ts";
import { BlockEncoder, type EncodedBytes } from "../src/formats/blocks.ts";
import { ByteWriter } from "../src/formats/bytes.ts";
import type { M4Aggregator, M4Snapshot } from "../src/picture/m4.ts";
import { BLOCK_SIZE } from "../src/random/mod.ts";
import { MAX_PANELS } from "../src/picture/layout.ts";
import type { BlockReader } from "./input.ts";
import { type BlockSource, pinKey } from "../src/input/block_source.ts";

/** One file's bytes for a block: its sections' parts, and the rows they hold. */
export interface FileBytes {
  parts: Uint8Array[];
  rows: number;
}

/** One block of samples, encoded: samples from .. to, the bytes of each file in order. */
export interface EncodedBlock {
  from: number;
  to: number;
  files: FileBytes[];
}

/**
 * The files to write, as a worker rebuilds them: the formats and their options (the samples
 * written are a shard's range, from whose first Parquet's row groups count).
 */
export interface OutputPlan extends FormatOptions {
  formats: readonly FormatName[];
  effects: boolean;
}

/** How the blocks are made. */
export interface WorkOptions {
  /** Workers started for this config, or none to encode on the main thread. */
  pool?: WorkerPool;
  /** Samples per block; a multiple of the stream block size keeps blocks independent. */
  blockSize: number;
  /** Pixel columns of the plot's aggregation, or 0 for no plot. */
  columns: number;
  /** The files, as the workers rebuild them. */
  plan: OutputPlan;
  /** The recorded input, read block by block as the blocks are made. */
  recorded?: RecordedFeed;
  /** The samples to make: a shard's range (default: all). */
  range?: SampleRange;
}

/** Samples `from .. to` (exclusive). */
export interface SampleRange {
  from: number;
  to: number;
}

/** Recorded values for the blocks, in order, and the samples flatlines look back to. */
export interface RecordedFeed {
  /** The recorded metrics, in input order. */
  names: readonly string[];
  reader: BlockReader;
  /** The main thread's source, set to each block before it is encoded here. */
  source: BlockSource;
  /** (column, sample) pairs to keep once read: the samples before flatline windows. */
  pins: readonly (readonly [number, number])[];
}

/** A block's recorded values as sent to a worker. */
export interface RecordedBlock {
  columns: Float64Array[];
  pinned: [string, number][];
}

/** What the main thread sends a worker. */
export type Request =
  | {
    type: "init";
    config: ResolvedConfig;
    columns: number;
    plan: OutputPlan;
    recorded?: readonly string[];
  }
  | { type: "block"; id: number; from: number; to: number; recorded?: RecordedBlock }
  | { type: "recycle"; buffer: ArrayBuffer }
  | { type: "finish" };

/** What a worker answers: a block's parts packed into one buffer, with their lengths. */
export type Reply =
  | { type: "block"; id: number; bytes: Uint8Array; lengths: number[]; rows: number[] }
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
 * Encodes the dataset block by block, in order, on workers (or inline), and hands each block to
 * `write` in sample order, then the bytes that close the files. Returns the plot's aggregation
 * when asked for.
 *
 * @param files The files' encoders on this thread: the sequential ones encode here.
 */
export async function encodeBlocks(
  config: ResolvedConfig,
  files: readonly FileEncoder[],
  options: WorkOptions,
  write: (block: EncodedBlock) => Promise<void>,
): Promise<M4Aggregator | undefined> {
  const n = config.general.num_samples;
  const { from: first, to: end } = options.range ?? { from: 0, to: n };
  const names = Object.keys(config.metrics);
  // The picture's reduction is loaded only for a run that draws it.
  const m4 = options.columns > 0
    ? new (await import("../src/picture/m4.ts")).M4Aggregator(
      Math.min(names.length, MAX_PANELS),
      n,
      {
        columns: options.columns,
      },
    )
    : undefined;
  const effects = options.plan.effects;
  // Blocks are computed from their number, never listed: memory does not grow with n.
  const size = options.blockSize;
  const count = Math.ceil((end - first) / size);
  const range = (i: number): [number, number] => [
    first + i * size,
    Math.min(end, first + (i + 1) * size),
  ];
  // Recorded values are read in sample order, whatever order the blocks are finished in.
  const feed = options.recorded;
  const pinned = new Map<string, number>();
  const load = async (from: number, to: number): Promise<RecordedBlock | undefined> => {
    if (!feed) return undefined;
    const columns = await feed.reader.read(from, to);
    for (const [j, k] of feed.pins) {
      if (k >= from && k < to) pinned.set(pinKey(j, k), columns[j][k - from]);
    }
    return { columns, pinned: [...pinned] };
  };
  // A shard starts mid-input: the rows before it are read (for the samples flatlines look back
  // to) and dropped, a block at a time.
  for (let k = 0; feed && k < first; k += size) await load(k, Math.min(first, k + size));
  const show = (from: number, recorded: RecordedBlock | undefined) => {
    if (feed && recorded) feed.source.set(from, recorded.columns, new Map(recorded.pinned));
  };
  if (!options.pool) {
    // A block is written (on the runtime's I/O thread) while the next is encoded.
    const local = new BlockEncoder(config, files, {
      m4,
      buffers: 2,
      effects,
      recorded: feed?.source,
    });
    let writing = Promise.resolve();
    for (let i = 0; i < count; i++) {
      const [from, to] = range(i);
      show(from, await load(from, to));
      const block = { from, to, files: split(files, local.encode(from, to)) };
      await writing;
      writing = write(block);
    }
    await writing;
    await write({ from: end, to: end, files: finishFiles(files) });
    return m4;
  }
  const pool = options.pool.clients;
  const parallel = files.filter((file) => !file.sequential);
  const sequential = files.filter((file) => file.sequential);
  const here = sequential.length > 0
    ? new BlockEncoder(config, sequential, { effects, recorded: feed?.source })
    : undefined;
  try {
    // Two blocks in flight per worker: one being encoded, one waiting, while the main thread
    // writes and hashes; memory stays bounded by that. The main thread encodes nothing itself
    // (unless a file must be encoded in order): measured, helping made the workers wait for
    // their next block and ran slower.
    const inFlight = 2 * pool.length;
    const pending: Promise<EncodedBytes>[] = [];
    const recordedOf = new Map<number, RecordedBlock | undefined>();
    let reading: Promise<unknown> = Promise.resolve();
    const submit = (i: number) => {
      const [from, to] = range(i);
      const recorded = reading.then(() => load(from, to));
      reading = recorded;
      pending[i] = recorded.then((block) => {
        recordedOf.set(i, block);
        return pool[i % pool.length].block(i, from, to, block);
      });
      // A failure is reported once, by the block awaited first; the others must not go unheard.
      pending[i].catch(() => {});
    };
    for (let i = 0; i < Math.min(inFlight, count); i++) submit(i);
    for (let i = 0; i < count; i++) {
      const bytes = await pending[i];
      delete pending[i];
      if (i + inFlight < count) submit(i + inFlight);
      const [from, to] = range(i);
      const fromWorkers = split(parallel, bytes);
      show(from, recordedOf.get(i));
      recordedOf.delete(i);
      const fromHere = here ? split(sequential, here.encode(from, to)) : [];
      const byFile = new Map<FileEncoder, FileBytes>();
      parallel.forEach((file, f) => byFile.set(file, fromWorkers[f]));
      sequential.forEach((file, f) => byFile.set(file, fromHere[f]));
      await write({ from, to, files: files.map((file) => byFile.get(file)!) });
      // Hand the buffer back, so the worker fills it again instead of making garbage.
      pool[i % pool.length].recycle(bytes.parts[0]?.buffer as ArrayBuffer | undefined);
    }
    for (const client of pool) {
      const snapshot = await client.finish();
      if (m4 && snapshot) m4.merge(snapshot);
    }
    await write({ from: end, to: end, files: finishFiles(files) });
    return m4;
  } finally {
    options.pool.terminate();
  }
}

/** Flat parts and rows per file, as one entry per file. */
function split(files: readonly FileEncoder[], bytes: EncodedBytes): FileBytes[] {
  let p = 0;
  return files.map((file, f) => {
    const parts = bytes.parts.slice(p, p + file.sections);
    p += file.sections;
    return { parts, rows: bytes.rows[f] };
  });
}

/** The bytes that close each file's sections. */
function finishFiles(files: readonly FileEncoder[]): FileBytes[] {
  return files.map((file) => {
    const writers = Array.from({ length: file.sections }, () => new ByteWriter(64));
    const rows = file.finish(writers);
    return { parts: writers.map((writer) => writer.view()), rows };
  });
}

/** Workers, started as early as the config is known so they load while the main thread works. */
export class WorkerPool {
  readonly clients: readonly WorkerClient[];

  constructor(
    config: ResolvedConfig,
    workers: number,
    columns: number,
    plan: OutputPlan,
    recorded?: readonly string[],
  ) {
    this.clients = Array.from(
      { length: workers },
      () => new WorkerClient(config, columns, plan, recorded),
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

  constructor(
    config: ResolvedConfig,
    columns: number,
    plan: OutputPlan,
    recorded: readonly string[] | undefined,
  ) {
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
    this.#post({ type: "init", config, columns, plan, recorded });
  }

  async block(
    id: number,
    from: number,
    to: number,
    recorded: RecordedBlock | undefined,
  ): Promise<EncodedBytes> {
    const reply = await this.#ask(id, { type: "block", id, from, to, recorded });
    if (reply.type !== "block") throw new Error("a worker answered out of turn");
    // Views of the one buffer the worker packed the parts in.
    let offset = 0;
    const parts = reply.lengths.map((length) => {
      const part = reply.bytes.subarray(offset, offset + length);
      offset += length;
      return part;
    });
    return { parts, rows: reply.rows };
  }

  recycle(buffer: ArrayBuffer | undefined): void {
    if (buffer && !this.#failure) {
      this.#worker.postMessage({ type: "recycle", buffer }, [buffer]);
    }
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
