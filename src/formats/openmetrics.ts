// metrics.om: the dataset as OpenMetrics text with timestamps, what `promtool tsdb
// create-blocks-from openmetrics` backfills. Each family's `# HELP` and `# TYPE`, then its
// series one after the other, every sample with its time in seconds; missing samples (SPEC 10)
// are absent. The fault truth follows as `chaos_fault_active{metric,fault}`, 1 at every sample
// inside a window and absent outside; then `# EOF`.

import type { Chunk } from "../model/mod.ts";
import type { FileEncoder, FormatFiles, FormatSource } from "./types.ts";
import { ByteWriter, MAX_NUMBER_BYTES } from "./bytes.ts";
import {
  escapeHelp,
  FAULT_SERIES,
  type FaultSeries,
  faultSeries,
  prometheusFamilies,
} from "./prometheus.ts";
import { intervalMs } from "../model/time.ts";

const NEWLINE = 10;
const SPACE = 32;
const MINUS = 45;
const DOT = 46;
/** Most bytes of a timestamp with its space and newline: sign, 16 digits, point, 3 digits. */
const MAX_TIME_BYTES = 24;
/** Bytes of the fault truth made at a time. */
const TAIL_BYTES = 1 << 20;

const encoder = new TextEncoder();

/** Writes metrics.om, a section per series. */
export class OpenMetricsEncoder implements FileEncoder {
  readonly name = "metrics.om";
  readonly sections: number;
  readonly sequential = false;
  readonly tailRows: number;
  /** Per section: its metric's column, the text before each value, and the text that opens it. */
  readonly #columns: Int32Array;
  readonly #prefixes: Uint8Array[];
  readonly #heads: Uint8Array[];
  readonly #faults: FaultSeries[];
  readonly #decimals: number;
  readonly #scale: number;
  readonly #t0: number;
  readonly #step: number;
  /** Each row's ` <time>\n`, and where each starts. */
  readonly #times = new ByteWriter(1 << 12);
  #starts = new Int32Array(1025);

  /** `range`: the samples written (a shard's); the truth is cut to it. */
  constructor(source: FormatSource, range?: { from: number; to: number }) {
    const { config } = source;
    const families = prometheusFamilies(config);
    const columns: number[] = [];
    this.#prefixes = [];
    this.#heads = [];
    for (const family of families) {
      family.series.forEach((series, i) => {
        columns.push(series.column);
        this.#prefixes.push(encoder.encode(`${series.sample}${series.labels} `));
        this.#heads.push(
          i === 0
            ? encoder.encode(metadata(family.name, family.type, family.help))
            : new Uint8Array(),
        );
      });
    }
    this.#columns = Int32Array.from(columns);
    this.sections = columns.length;
    const from = range?.from ?? 0;
    const to = range?.to ?? config.general.num_samples;
    this.#faults = faultSeries(source).map((series) => ({
      ...series,
      windows: series.windows
        .filter(([first, last]) => last >= from && first < to)
        .map(([first, last]) => [Math.max(first, from), Math.min(last, to - 1)] as const),
    })).filter((series) => series.windows.length > 0);
    this.tailRows = this.#faults.reduce(
      (sum, s) => sum + s.windows.reduce((n, [first, last]) => n + last - first + 1, 0),
      0,
    );
    const decimals = config.general.decimals;
    this.#decimals = decimals === "full" ? -1 : decimals;
    this.#scale = decimals === "full" ? 0 : 10 ** decimals;
    this.#t0 = Date.parse(config.general.start!);
    this.#step = intervalMs(config.general);
  }

  head(section: number): Uint8Array {
    return this.#heads[section];
  }

  encode(chunk: Chunk, out: readonly ByteWriter[]): number {
    const rows = chunk.to - chunk.from;
    this.#writeTimes(chunk.from, rows);
    const times = this.#times.bytes;
    const starts = this.#starts;
    const decimals = this.#decimals;
    const scale = this.#scale;
    let lines = 0;
    for (let s = 0; s < this.sections; s++) {
      const w = out[s];
      const values = chunk.values[this.#columns[s]];
      const prefix = this.#prefixes[s];
      const lineMax = prefix.length + MAX_NUMBER_BYTES + MAX_TIME_BYTES + 4;
      for (let i = 0; i < rows; i++) {
        if ((i & 63) === 0) w.reserve(64 * lineMax);
        // A missing sample has no line.
        if (values[i] !== values[i]) continue;
        const bytes = w.bytes;
        let p = w.length;
        for (let b = 0; b < prefix.length; b++) bytes[p++] = prefix[b];
        w.length = p;
        if (decimals >= 0) w.fixedAt(values, i, decimals, scale);
        else w.shortestAt(values, i);
        p = w.length;
        for (let b = starts[i]; b < starts[i + 1]; b++) w.bytes[p++] = times[b];
        w.length = p;
        lines++;
      }
    }
    return lines;
  }

  finish(): number {
    return 0;
  }

  *tail(): Iterable<Uint8Array> {
    const w = new ByteWriter(TAIL_BYTES + 1024);
    if (this.#faults.length > 0) {
      w.append(encoder.encode(metadata(
        FAULT_SERIES,
        "gauge",
        "1 at every sample inside a fault's window on the metric (chaos-datagen's truth)",
      )));
    }
    for (const series of this.#faults) {
      const prefix = encoder.encode(`${FAULT_SERIES}${series.labels} 1`);
      for (const [first, last] of series.windows) {
        for (let k = first; k <= last; k++) {
          w.reserve(prefix.length + MAX_TIME_BYTES);
          w.bytes.set(prefix, w.length);
          w.length += prefix.length;
          writeTime(w, this.#t0 + k * this.#step);
          if (w.length >= TAIL_BYTES) {
            yield w.view();
            w.length = 0;
          }
        }
      }
    }
    w.append(encoder.encode("# EOF\n"));
    yield w.view();
  }

  /** Each row's ` <seconds>\n` into #times, once for all series of the chunk. */
  #writeTimes(from: number, rows: number): void {
    if (this.#starts.length < rows + 1) this.#starts = new Int32Array(rows + 1);
    const w = this.#times;
    w.length = 0;
    w.reserve(rows * MAX_TIME_BYTES);
    for (let i = 0; i < rows; i++) {
      this.#starts[i] = w.length;
      writeTime(w, this.#t0 + (from + i) * this.#step);
    }
    this.#starts[rows] = w.length;
  }
}

/** `# HELP` and `# TYPE` of a family. */
function metadata(name: string, type: string, help: string): string {
  return `# HELP ${name} ${escapeHelp(help, true)}\n# TYPE ${name} ${type}\n`;
}

/** ` <seconds>\n`: whole seconds, and milliseconds after a point when there are any. */
function writeTime(w: ByteWriter, ms: number): void {
  w.reserve(MAX_TIME_BYTES);
  w.byte(SPACE);
  if (ms < 0) {
    w.byte(MINUS);
    ms = -ms;
  }
  const seconds = Math.floor(ms / 1000);
  const millis = ms - seconds * 1000;
  w.unsigned(seconds);
  if (millis !== 0) {
    w.byte(DOT);
    w.digits(millis, 3);
  }
  w.byte(NEWLINE);
}

/** The openmetrics format's file: metrics.om. */
export const openMetricsFiles: FormatFiles = (source, { range }) => [
  new OpenMetricsEncoder(source, range),
];
