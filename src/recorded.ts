// Recorded series as baselines: what a recorded input holds (its metrics, length and times), and
// the values themselves, read from CSV text in a stream or from a Prometheus query_range answer.
// Pure: the command line reads the file and hands the text over in pieces.

import { quoted } from "./_text.ts";
import { splitCsvHeader } from "./_csv_fields.ts";

/** What a recorded input holds, known from a first reading. */
export interface RecordedInfo {
  /** Which reader read it. */
  format: "csv" | "prometheus";
  /** How its first column gave times (CSV), or `prometheus`. */
  times: "rfc3339" | "epoch_seconds" | "epoch_milliseconds" | "index" | "prometheus";
  /** The recorded metrics, in input order. */
  names: string[];
  /** Samples (rows). */
  numSamples: number;
  /** Time of sample 0 (RFC 3339 UTC), unless the input holds sample indices. */
  start?: string;
  /** Milliseconds between samples, unless the input holds sample indices. */
  intervalMs?: number;
  /** Per metric, the largest |value| recorded (0 when all are missing). */
  maxAbs: Record<string, number>;
  /** Per metric, the Prometheus name and labels it was recorded under (Prometheus input). */
  prometheus?: Record<string, { name: string; labels: Record<string, string> }>;
}

/** Where a generator reads recorded values: the baseline of the metrics marked `recorded`. */
export interface RecordedSource {
  /**
   * Fills `into` with the recorded values of `metric` from sample `from` on: NaN where the
   * input has no sample.
   */
  fill(metric: string, from: number, into: Float64Array): void;
}

/**
 * A recorded source over whole arrays in memory.
 *
 * @param arrays Per metric, its recorded values (NaN where missing).
 * @returns The source.
 *
 * @example Recorded CPU with a fault on top
 * ```ts
 * import { createGenerator, recordedArrays } from "@chaos-datagen/chaos-datagen";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const cpu = Float64Array.from([10, 12, 11, 13]);
 * const generator = createGenerator(
 *   {
 *     general: { seed: 1, num_samples: 4 },
 *     metrics: { cpu: { recorded: true } },
 *     anomalies: { cpu: { at: 2, anomaly_factor: 2, pattern: "step", recovery_time: 1 } },
 *   },
 *   { recorded: recordedArrays({ cpu }) },
 * );
 * deepStrictEqual([...generator.chunk(0, 4).values[0]], [10, 12, 22, 13]);
 * ```
 */
export function recordedArrays(arrays: Record<string, ArrayLike<number>>): RecordedSource {
  return {
    fill(metric, from, into) {
      const values = arrays[metric];
      if (!values) throw new RangeError(`no recorded values for metric "${metric}"`);
      for (let i = 0; i < into.length; i++) {
        const k = from + i;
        into[i] = k < values.length ? values[k] : NaN;
      }
    },
  };
}

/**
 * A problem with a recorded input: one line, with the line of the file and what was found.
 *
 * @example
 * ```ts
 * import { CsvInputReader, RecordedInputError } from "@chaos-datagen/chaos-datagen";
 * import { throws } from "node:assert/strict";
 *
 * const reader = new CsvInputReader("cpu.csv");
 * throws(() => reader.push("timestamp,cpu\nyesterday,1\n"), RecordedInputError);
 * ```
 */
export class RecordedInputError extends Error {
  /**
   * Makes the error.
   *
   * @param message The problem, one line.
   */
  constructor(message: string) {
    super(message);
    this.name = "RecordedInputError";
  }
}

/**
 * Times may stray from start + k * interval by this share of the interval.
 *
 * @example
 * ```ts
 * import { TIME_TOLERANCE } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(TIME_TOLERANCE, 0.05);
 * ```
 */
export const TIME_TOLERANCE = 0.05;
/** Numeric times from this on are milliseconds, below it seconds (10^11 s is the year 5138). */
const MILLISECONDS_FROM = 1e11;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}/;

/** Options for {@linkcode CsvInputReader}. */
export interface CsvInputOptions {
  /**
   * Keep the values read, for {@linkcode CsvInputReader.prototype.take}; a first reading that
   * only finds the shape keeps none, so its memory does not grow with the rows.
   * @default {false}
   */
  keepValues?: boolean;
  /**
   * Check the times and learn the interval from them; a second reading of a file checked once
   * already can skip that.
   * @default {true}
   */
  checkTimes?: boolean;
}

/**
 * Reads a recorded CSV given in pieces, line by line: a header, then per row a time and one
 * number per metric (an empty cell, or `NaN`, is a missing sample). The first column holds RFC
 * 3339 date-times with offsets, epoch seconds, or epoch milliseconds (numbers from 10^11 on), or
 * sample indices 0, 1, 2, ... under the header `sample`. Times must be regular, within
 * {@linkcode TIME_TOLERANCE} of the interval.
 *
 * @example Reading in pieces
 * ```ts
 * import { CsvInputReader } from "@chaos-datagen/chaos-datagen";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const reader = new CsvInputReader("cpu.csv", { keepValues: true });
 * reader.push("timestamp,cpu\n1767225600,0.5\n17672256");
 * reader.push("15,\n1767225630,0.75\n");
 * const info = reader.end();
 * deepStrictEqual([info.times, info.start, info.intervalMs, info.numSamples], [
 *   "epoch_seconds", "2026-01-01T00:00:00Z", 15000, 3,
 * ]);
 * deepStrictEqual(reader.take().map((column) => [...column]), [[0.5, NaN, 0.75]]);
 * ```
 */
export class CsvInputReader {
  readonly #fileName: string;
  #rest = "";
  #row = 0;
  #line = 0;
  #names: string[] | undefined;
  #times: RecordedInfo["times"] | undefined;
  #t0 = 0;
  #step = 0;
  #maxAbs: number[] = [];
  /** The rows read since the last take(), as columns. */
  #columns: Float64Array[] = [];
  /** Rows held in #columns. */
  #held = 0;

  readonly #keep: boolean;
  readonly #checkTimes: boolean;

  /**
   * Makes a reader for one file.
   *
   * @param fileName The file, for messages.
   * @param options Whether to keep the values.
   */
  constructor(fileName: string, options: CsvInputOptions = {}) {
    this.#fileName = fileName;
    this.#keep = options.keepValues ?? false;
    this.#checkTimes = options.checkTimes ?? true;
  }

  /** The metrics' names, once the header is read. */
  get names(): readonly string[] {
    return this.#names ?? [];
  }

  /** Rows read so far. */
  get rows(): number {
    return this.#row;
  }

  /** Reads the complete lines of `text` (with what was left of the last piece). */
  push(text: string): void {
    let start = 0;
    let end = text.indexOf("\n");
    if (end < 0) {
      this.#rest += text;
      return;
    }
    this.#readLine(this.#rest + text.slice(0, end));
    start = end + 1;
    for (;;) {
      end = text.indexOf("\n", start);
      if (end < 0) break;
      this.#readLine(text.slice(start, end));
      start = end + 1;
    }
    this.#rest = text.slice(start);
  }

  /** Reads the last line, if it had no newline, and returns what the input holds. */
  end(): RecordedInfo {
    if (this.#rest !== "") this.#readLine(this.#rest);
    this.#rest = "";
    if (!this.#names) throw this.#problem("is empty: a header and at least one row are needed");
    if (this.#row === 0) throw this.#problem("has a header and no rows");
    const names = this.#names;
    const info: RecordedInfo = {
      format: "csv",
      times: this.#times!,
      names,
      numSamples: this.#row,
      maxAbs: Object.fromEntries(names.map((name, j) => [name, this.#maxAbs[j]])),
    };
    if (this.#times !== "index") {
      info.start = new Date(this.#t0).toISOString().replace(".000Z", "Z");
      if (this.#row > 1) info.intervalMs = this.#step;
    }
    return info;
  }

  /** The values read since the last call, one array per metric, and forgets them. */
  take(): Float64Array[] {
    const columns = this.#columns.map((column) => column.slice(0, this.#held));
    this.#held = 0;
    return columns;
  }

  #readLine(raw: string): void {
    this.#line++;
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (!this.#names) {
      const fields = splitCsvHeader(line);
      if (fields.length < 2) {
        throw this.#problem(
          `line 1: the header needs a time column and at least one metric: got ${quoted(line)}`,
        );
      }
      this.#names = fields.slice(1);
      const seen = new Set<string>();
      for (const name of this.#names) {
        if (name.trim() === "") throw this.#problem(`line 1: a column has no name`);
        if (seen.has(name)) throw this.#problem(`line 1: two columns are named ${quoted(name)}`);
        seen.add(name);
      }
      this.#times = fields[0].trim() === "sample" ? "index" : undefined;
      this.#maxAbs = this.#names.map(() => 0);
      this.#columns = this.#names.map(() => new Float64Array(this.#keep ? 4096 : 0));
      return;
    }
    if (line === "") return;
    const names = this.#names;
    // Cells are found with indexOf, not split: this runs for every row of files of 10^7 rows.
    let comma = line.indexOf(",");
    if (comma < 0) throw this.#cells(1);
    if (this.#checkTimes) this.#checkTime(line.slice(0, comma));
    for (let j = 0; j < names.length; j++) {
      const start = comma + 1;
      comma = line.indexOf(",", start);
      if (comma < 0) {
        if (j !== names.length - 1) throw this.#cells(j + 2);
        comma = line.length;
      }
      const cell = line.slice(start, comma);
      let x = Number(cell);
      // Number() reads an empty or blank cell as 0, and "NaN" as NaN: both are missing.
      if (x === 0 && cell.trim() === "") x = NaN;
      else if (!Number.isFinite(x)) {
        if (cell.trim() === "NaN") x = NaN;
        else {
          throw this.#problem(
            `line ${this.#line}, column ${quoted(names[j])}: not a finite number: ${
              quoted(cell.trim())
            }`,
          );
        }
      }
      if (this.#keep) this.#columns[j][this.#held] = x;
      const abs = x < 0 ? -x : x;
      if (abs > this.#maxAbs[j]) this.#maxAbs[j] = abs;
    }
    if (comma < line.length) throw this.#cells(line.split(",").length);
    if (this.#keep && ++this.#held === this.#columns[0].length) {
      this.#columns = this.#columns.map((column) => {
        const grown = new Float64Array(column.length * 2);
        grown.set(column);
        return grown;
      });
    }
    this.#row++;
  }

  #cells(count: number): RecordedInputError {
    return this.#problem(
      `line ${this.#line}: ${count} cells, the header has ${this.#names!.length + 1}`,
    );
  }

  /** Checks that row `#row` is at start + row * interval, detecting the time form on row 0. */
  #checkTime(text: string): void {
    const k = this.#row;
    const cell = text.trim();
    if (this.#times === "index") {
      if (cell !== String(k)) {
        throw this.#problem(`line ${this.#line}: sample ${quoted(cell)} where ${k} was expected`);
      }
      return;
    }
    if (k === 0) {
      this.#times = DATE_TIME.test(cell)
        ? "rfc3339"
        : Math.abs(Number(cell)) >= MILLISECONDS_FROM
        ? "epoch_milliseconds"
        : "epoch_seconds";
    }
    const ms = this.#timeMs(cell);
    if (k === 0) this.#t0 = ms;
    else if (k === 1) {
      this.#step = ms - this.#t0;
      if (!(this.#step >= 1) || !Number.isInteger(this.#step)) {
        throw this.#problem(
          `line ${this.#line}: the second time, ${quoted(cell)}, must come a whole number of ` +
            `milliseconds (at least 1) after the first`,
        );
      }
    } else {
      const expected = this.#t0 + k * this.#step;
      if (Math.abs(ms - expected) > TIME_TOLERANCE * this.#step) {
        throw this.#problem(
          `line ${this.#line}: samples must be regular, every ${this.#step} ms: got ${
            quoted(cell)
          } where ${new Date(expected).toISOString()} was expected (a gap or jitter beyond ${
            TIME_TOLERANCE * 100
          }% of the interval)`,
        );
      }
    }
  }

  #timeMs(cell: string): number {
    let ms = NaN;
    if (this.#times === "rfc3339") {
      ms = rfc3339Ms(cell);
      // An offset is required: a time without one names no instant.
      if (ms !== ms && /([Zz]|[+-]\d{2}:\d{2})$/.test(cell)) {
        ms = Date.parse(cell.replace(" ", "T"));
      }
    } else if (/^-?\d+(\.\d+)?$/.test(cell)) {
      ms = this.#times === "epoch_seconds" ? Math.round(Number(cell) * 1000) : Number(cell);
    }
    if (!Number.isFinite(ms)) {
      const form = this.#times === "rfc3339"
        ? "an RFC 3339 date-time with an offset"
        : this.#times === "epoch_seconds"
        ? "epoch seconds"
        : "epoch milliseconds";
      throw this.#problem(`line ${this.#line}: the time must be ${form}: got ${quoted(cell)}`);
    }
    return ms;
  }

  #problem(what: string): RecordedInputError {
    return new RecordedInputError(`${this.#fileName}: ${what}`);
  }
}

/**
 * `YYYY-MM-DDTHH:MM:SS[.fff]Z` (or an offset `+HH:MM`) in milliseconds since the epoch, read
 * field by field, which is several times faster than Date.parse; NaN for any other form (which
 * Date.parse then reads).
 */
function rfc3339Ms(text: string): number {
  const digits = (from: number, count: number): number => {
    let n = 0;
    for (let i = from; i < from + count; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return NaN;
      n = n * 10 + d;
    }
    return n;
  };
  if (text.length < 20 || text[4] !== "-" || text[7] !== "-" || text[13] !== ":") return NaN;
  if (text[16] !== ":") return NaN;
  const year = digits(0, 4);
  const month = digits(5, 2);
  const day = digits(8, 2);
  const seconds = digits(11, 2) * 3600 + digits(14, 2) * 60 + digits(17, 2);
  let p = 19;
  let fraction = 0;
  if (text[p] === ".") {
    let scale = 100;
    for (p++; p < text.length && text.charCodeAt(p) >= 48 && text.charCodeAt(p) <= 57; p++) {
      fraction += (text.charCodeAt(p) - 48) * scale;
      scale /= 10;
    }
  }
  let offset = 0;
  const zone = text[p];
  if ((zone === "Z" || zone === "z") && p === text.length - 1) offset = 0;
  else if ((zone === "+" || zone === "-") && p === text.length - 6 && text[p + 3] === ":") {
    offset = (zone === "-" ? -1 : 1) * (digits(p + 1, 2) * 60 + digits(p + 4, 2)) * 60_000;
  } else return NaN;
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31)) return NaN;
  // Days from 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  return days * 86_400_000 + seconds * 1000 + Math.round(fraction) - offset;
}

/** A Prometheus `query_range` answer, read whole: its shape and every series on one time grid. */
export interface PrometheusInput {
  /** What it holds. */
  info: RecordedInfo;
  /** Per metric, its values on the grid (NaN where the series has no sample). */
  values: Record<string, Float64Array>;
}

/**
 * Reads the JSON of a Prometheus `/api/v1/query_range` answer (`resultType` matrix). Each series
 * becomes a metric, named by its `__name__` when no other series has that name, else as Prometheus
 * prints it (`up{instance="a",job="b"}`). The interval is the shortest step between two times of
 * the answer; a time absent from a series is a missing sample.
 *
 * @param text The JSON text.
 * @param fileName The file, for messages.
 * @returns Its shape and values.
 *
 * @example
 * ```ts
 * import { readPrometheusInput } from "@chaos-datagen/chaos-datagen";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const { info, values } = readPrometheusInput(JSON.stringify({
 *   status: "success",
 *   data: {
 *     resultType: "matrix",
 *     result: [
 *       { metric: { __name__: "up", job: "api" }, values: [[1767225600, "1"], [1767225630, "0"]] },
 *       { metric: { __name__: "load" }, values: [[1767225600, "2"], [1767225615, "3"]] },
 *     ],
 *   },
 * }), "query.json");
 * deepStrictEqual([info.names, info.start, info.intervalMs], [
 *   ["up", "load"], "2026-01-01T00:00:00Z", 15000,
 * ]);
 * // A time one series lacks is a missing sample there.
 * deepStrictEqual([...values.up], [1, NaN, 0]);
 * ```
 */
export function readPrometheusInput(text: string, fileName: string): PrometheusInput {
  const problem = (what: string) => new RecordedInputError(`${fileName}: ${what}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw problem(`not JSON: ${(error as Error).message}`);
  }
  const data = (body as { data?: { resultType?: unknown; result?: unknown } })?.data;
  if (data?.resultType !== "matrix" || !Array.isArray(data.result)) {
    throw problem(
      `not a Prometheus query_range answer: "data.resultType" must be "matrix", with "data.result"`,
    );
  }
  const series = data.result as { metric?: Record<string, string>; values?: unknown }[];
  if (series.length === 0) throw problem("holds no series");
  const times = new Set<number>();
  for (const [i, s] of series.entries()) {
    if (!Array.isArray(s.values) || typeof s.metric !== "object") {
      throw problem(`series ${i + 1} has no "metric" and "values"`);
    }
    for (const point of s.values as unknown[]) {
      if (!Array.isArray(point) || typeof point[0] !== "number" || typeof point[1] !== "string") {
        throw problem(`series ${i + 1}: a point must be [seconds, "value"]`);
      }
      times.add(Math.round(point[0] * 1000));
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  let step = Infinity;
  for (let i = 1; i < sorted.length; i++) step = Math.min(step, sorted[i] - sorted[i - 1]);
  if (!Number.isFinite(step)) step = 1000;
  const t0 = sorted[0];
  for (const t of sorted) {
    const k = (t - t0) / step;
    if (Math.abs(k - Math.round(k)) > TIME_TOLERANCE) {
      throw problem(
        `samples must be regular, every ${step} ms: a sample at ${
          new Date(t).toISOString()
        } is off that grid`,
      );
    }
  }
  const n = Math.round((sorted[sorted.length - 1] - t0) / step) + 1;
  const byName = new Map<string, number>();
  for (const s of series) {
    const name = s.metric!.__name__ ?? "";
    byName.set(name, (byName.get(name) ?? 0) + 1);
  }
  const names: string[] = [];
  const values: Record<string, Float64Array> = {};
  const maxAbs: Record<string, number> = {};
  const prometheus: NonNullable<RecordedInfo["prometheus"]> = {};
  for (const s of series) {
    const { __name__: metricName = "", ...labels } = s.metric!;
    const sortedLabels = Object.fromEntries(
      Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    const selector = `${metricName}{${
      Object.entries(sortedLabels).map(([k, v]) => `${k}="${v}"`).join(",")
    }}`;
    const name = metricName !== "" && byName.get(metricName) === 1 ? metricName : selector;
    const column = new Float64Array(n).fill(NaN);
    let max = 0;
    for (const [t, v] of s.values as [number, string][]) {
      const x = Number(v);
      if (!Number.isFinite(x)) continue;
      column[Math.round((Math.round(t * 1000) - t0) / step)] = x;
      max = Math.max(max, Math.abs(x));
    }
    names.push(name);
    values[name] = column;
    maxAbs[name] = max;
    if (metricName !== "") prometheus[name] = { name: metricName, labels: sortedLabels };
  }
  return {
    info: {
      format: "prometheus",
      times: "prometheus",
      names,
      numSamples: n,
      start: new Date(t0).toISOString().replace(".000Z", "Z"),
      intervalMs: step,
      maxAbs,
      prometheus,
    },
    values,
  };
}
