// Files of the formats made whole in memory, for tests and datasets that fit in memory: the bytes
// the command line writes. The light formats are at hand here; parquet is loaded on demand.

import type { Chunk, ChunksOptions, DatasetGenerator } from "../model/mod.ts";
import { ByteWriter } from "./bytes.ts";
import { csvFiles } from "./csv.ts";
import { formatEncoders } from "./mod.ts";
import { openMetricsFiles } from "./openmetrics.ts";
import { promtoolFiles } from "./promtool.ts";
import { timeEvalFiles } from "./timeeval.ts";
import type { FileEncoder, FormatFiles, FormatName, FormatOptions } from "./types.ts";

/** The formats at hand without loading. */
const LIGHT: Partial<Record<FormatName, FormatFiles>> = {
  csv: csvFiles,
  openmetrics: openMetricsFiles,
  promtool: promtoolFiles,
  timeeval: timeEvalFiles,
};

/** One file of a format, whole. */
export interface EncodedFile {
  /** Its name, as the command line writes it. */
  name: string;
  /** Its bytes. */
  bytes: Uint8Array;
}

/**
 * Encodes the files of the formats asked for in memory, chunk by chunk: the bytes the command
 * line writes, for tests and datasets that fit in memory.
 *
 * @param generator The generator (made with `effects: true` for effects.csv).
 * @param formats The formats.
 * @param options Options of the formats.
 * @returns Each file's name and bytes, in order.
 * @throws {ConfigError} When a format cannot be written from the config (openmetrics without
 * `start`, Prometheus names that collide).
 *
 * @example metrics.om for Prometheus
 * ```ts
 * import { createGenerator, encodeFormats } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * const generator = createGenerator({
 *   general: { num_samples: 2, start: "2026-01-01T00:00:00Z", interval: "15s" },
 *   metrics: { cpu: { value: 0.5, prometheus: { labels: { job: "api" }, help: "CPU" } } },
 * });
 * const [om] = encodeFormats(generator, ["openmetrics"]);
 * strictEqual(
 *   new TextDecoder().decode(om.bytes),
 *   '# HELP cpu CPU\n# TYPE cpu gauge\ncpu{job="api"} 0.5 1767225600\ncpu{job="api"} 0.5 1767225615\n# EOF\n',
 * );
 * ```
 */
export function encodeFormats(
  generator: DatasetGenerator,
  formats: readonly FormatName[],
  options: FormatOptions & ChunksOptions = {},
): EncodedFile[] {
  return formatEncoders(generator, formats, options, LIGHT).map((encoder) => ({
    name: encoder.name,
    bytes: encodeFile(encoder, generator.chunks({ chunkSize: options.chunkSize })),
  }));
}

/** Encodes a whole file from chunks in order, in memory. */
export function encodeFile(encoder: FileEncoder, chunks: Iterable<Chunk>): Uint8Array {
  const sections = Array.from({ length: encoder.sections }, () => new ByteWriter(1024));
  for (const chunk of chunks) encoder.encode(chunk, sections);
  encoder.finish(sections);
  const whole = new ByteWriter(1024);
  sections.forEach((section, s) => {
    whole.append(encoder.head(s));
    const bytes = section.view();
    whole.append(s === 0 && encoder.place ? encoder.place(bytes, whole.length) : bytes);
  });
  for (const piece of encoder.tail()) whole.append(piece);
  return whole.view().slice();
}
