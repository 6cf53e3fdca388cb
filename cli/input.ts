// A recorded input (general.input or --input), read twice as a stream: first to learn its shape
// (metrics, length, times, largest values) and checksum, then block by block in sample order
// while the dataset is made. A Prometheus query_range answer is small and read whole.

import { CsvInputReader, readPrometheusInput, type RecordedInfo } from "../src/input/mod.ts";
import type { BlockSource } from "../src/input/block_source.ts";
import type { DatasetGenerator } from "../src/model/mod.ts";
import { FileError, InputError } from "./errors.ts";
import { openGivenFile, readPieces } from "./read.ts";
import { Sha256 } from "./sha256.ts";

/**
 * The largest Prometheus answer read whole: about 2 x 10^6 points (a day at 15 s of 300 series);
 * parsed, it takes about 8 times its size.
 */
const MAX_JSON_BYTES = 1 << 26;

/** The input as the manifest records it. */
export interface InputRecord {
  /** The path given. */
  name: string;
  /** csv or prometheus. */
  format: RecordedInfo["format"];
  /** How times were given. */
  times: RecordedInfo["times"];
  /** Samples read. */
  rows: number;
  bytes: number;
  sha256: string;
}

/** A recorded input, its shape known, ready to be read again block by block. */
export class RecordedInput {
  readonly info: RecordedInfo;
  readonly record: InputRecord;
  readonly #path: string;
  readonly #whole: Record<string, Float64Array> | undefined;

  private constructor(
    path: string,
    info: RecordedInfo,
    record: InputRecord,
    whole: Record<string, Float64Array> | undefined,
  ) {
    this.#path = path;
    this.info = info;
    this.record = record;
    this.#whole = whole;
  }

  /** Reads the input once: its shape and checksum. */
  static async open(path: string): Promise<RecordedInput> {
    const name = path;
    const { file } = openGivenFile(path, "input", Number.MAX_SAFE_INTEGER);
    const hash = new Sha256();
    let bytes = 0;
    try {
      const head = new Uint8Array(1);
      const first = await file.read(head);
      await file.seek(0, Deno.SeekMode.Start);
      const json = first !== null && head[0] === 0x7b || path.endsWith(".json");
      const decoder = new TextDecoder("utf-8", { fatal: true });
      const csv = json ? undefined : new CsvInputReader(name);
      let text = "";
      for await (const piece of readPieces(file, name)) {
        await hash.update(piece);
        bytes += piece.length;
        if (json && bytes > MAX_JSON_BYTES) {
          throw new InputError(
            `${name}: a Prometheus answer of more than ${MAX_JSON_BYTES >> 20} MiB is not read`,
          );
        }
        const decoded = decode(decoder, piece, name, false);
        if (csv) csv.push(decoded);
        else text += decoded;
      }
      const rest = decode(decoder, new Uint8Array(), name, true);
      const record = (info: RecordedInfo) => ({
        name,
        format: info.format,
        times: info.times,
        rows: info.numSamples,
        bytes,
        sha256: "",
      });
      if (csv) {
        csv.push(rest);
        const info = csv.end();
        return new RecordedInput(
          path,
          info,
          { ...record(info), sha256: await hash.hex() },
          undefined,
        );
      }
      const { info, values } = readPrometheusInput(text + rest, name);
      return new RecordedInput(path, info, { ...record(info), sha256: await hash.hex() }, values);
    } finally {
      file.close();
    }
  }

  /** A fresh reading of the values, block after block from sample 0. */
  blocks(): BlockReader {
    if (this.#whole) {
      return new BlockReader(this.info.names, undefined, this.#whole, this.record.name);
    }
    return new BlockReader(
      this.info.names,
      openGivenFile(this.#path, "input", Number.MAX_SAFE_INTEGER).file,
      undefined,
      this.record.name,
    );
  }
}

/** Recorded values block by block, in order, and the few samples flatlines look back to. */
export class BlockReader {
  readonly #names: readonly string[];
  readonly #file: Deno.FsFile | undefined;
  /** The file's pieces, read on demand. */
  readonly #pieces: AsyncGenerator<Uint8Array> | undefined;
  readonly #whole: Record<string, Float64Array> | undefined;
  readonly #name: string;
  readonly #csv: CsvInputReader | undefined;
  readonly #decoder = new TextDecoder("utf-8", { fatal: true });
  /** Rows read but not handed out, per metric. */
  #pending: Float64Array[];
  #next = 0;
  #done = false;

  constructor(
    names: readonly string[],
    file: Deno.FsFile | undefined,
    whole: Record<string, Float64Array> | undefined,
    name: string,
  ) {
    this.#names = names;
    this.#file = file;
    this.#pieces = file ? readPieces(file, name) : undefined;
    this.#whole = whole;
    this.#name = name;
    // The first reading checked the times.
    this.#csv = file
      ? new CsvInputReader(name, { keepValues: true, checkTimes: false })
      : undefined;
    this.#pending = names.map(() => new Float64Array(0));
  }

  /**
   * The values of samples from .. to, one array per recorded metric; blocks come in order.
   */
  async read(from: number, to: number): Promise<Float64Array[]> {
    if (from !== this.#next) {
      throw new Error(`blocks must be read in order: ${from} after ${this.#next}`);
    }
    this.#next = to;
    const whole = this.#whole;
    if (whole) return this.#names.map((name) => whole[name].slice(from, to));
    const length = to - from;
    while (this.#pending[0].length < length && !this.#done) {
      const piece = await this.#pieces!.next();
      this.#done = piece.done === true;
      const bytes = piece.done ? new Uint8Array() : piece.value;
      this.#csv!.push(decode(this.#decoder, bytes, this.#name, this.#done));
      if (this.#done) this.#csv!.end();
      const taken = this.#csv!.take();
      // (No columns yet while the header is still coming: a header may span pieces.)
      if (taken.length > 0) {
        this.#pending = this.#pending.map((pending, j) => concat(pending, taken[j]));
      }
    }
    if (this.#pending[0].length < length) {
      throw new FileError(`${this.#name}: the file changed while it was read`);
    }
    const block = this.#pending.map((pending) => pending.slice(0, length));
    this.#pending = this.#pending.map((pending) => pending.subarray(length));
    return block;
  }

  close(): void {
    try {
      this.#file?.close();
    } catch {
      // Already closed.
    }
  }
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  if (a.length === 0) return b;
  const joined = new Float64Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

function decode(decoder: TextDecoder, bytes: Uint8Array, name: string, last: boolean): string {
  try {
    return decoder.decode(bytes, { stream: !last });
  } catch {
    throw new InputError(`${name}: not text: the bytes are not UTF-8`);
  }
}

/** Loads the first rows into `source`, for the size estimate. */
export async function showFirstRows(
  input: RecordedInput,
  source: BlockSource,
  rows: number,
): Promise<void> {
  const reader = input.blocks();
  try {
    source.set(0, await reader.read(0, rows), new Map());
  } finally {
    reader.close();
  }
}

/** The recorded samples flatlines hold: the one before each window on a recorded metric. */
export function pinsOf(generator: DatasetGenerator): [number, number][] {
  const recorded = generator.names.filter((name) => generator.config.metrics[name].recorded);
  const pins: [number, number][] = [];
  for (const [j, name] of recorded.entries()) {
    for (const fault of generator.config.anomalies[name] ?? []) {
      if (fault.kind === "flatline" && fault.at > 0) pins.push([j, fault.at - 1]);
    }
  }
  return pins;
}
