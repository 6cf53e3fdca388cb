// Recorded series as baselines: what a recorded input holds (its metrics, length and times), and
// the values themselves, read from CSV text in a stream or from a Prometheus query_range answer.
// Pure: the command line reads the file and hands the text over in pieces.
//
// What lives here: the two readers, the shape of what they read (RecordedInfo, which the config's
// checks compare with the config) and the source a generator reads recorded values from; the
// block-by-block source the command line feeds (block_source.ts). It may import text/ only.

import { RecordedInputError } from "./error.ts";
import { quoted } from "../text/mod.ts";
import { splitCsvHeader } from "../text/csv_fields.ts";
import { DATE_TIME_FORM, dateTimeMs, dateTimeProblem, timeRangeProblem } from "../text/datetime.ts";
import { NON_NUMBERS, parseDecimal } from "../text/numbers.ts";

export { RecordedInputError } from "./error.ts";

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
/** The longest line read: far above any real row, it bounds what one line holds in memory. */
const MAX_LINE_CHARS = 1 << 24;

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
      if (this.#rest.length + text.length > MAX_LINE_CHARS) throw this.#longLine();
      this.#rest += text;
      return;
    }
    if (this.#rest.length + end > MAX_LINE_CHARS) throw this.#longLine();
    this.#readLine(this.#rest + text.slice(0, end));
    start = end + 1;
    for (;;) {
      end = text.indexOf("\n", start);
      if (end < 0) break;
      if (end - start > MAX_LINE_CHARS) throw this.#longLine();
      this.#readLine(text.slice(start, end));
      start = end + 1;
    }
    if (text.length - start > MAX_LINE_CHARS) throw this.#longLine();
    this.#rest = text.slice(start);
  }

  #longLine(): RecordedInputError {
    return this.#problem(
      `line ${this.#line + 1} is longer than ${
        MAX_LINE_CHARS >> 20
      } Mi characters; is it a CSV file?`,
    );
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

  /**
   * The values read since the last call, one array per metric (none before the header is
   * read), and forgets them.
   */
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
      const x = parseDecimal(cell);
      // A blank cell and "NaN" are missing samples.
      if (x !== x) {
        const trimmed = cell.trim();
        if (trimmed !== "" && trimmed !== "NaN") {
          throw this.#problem(
            `line ${this.#line}, column ${quoted(names[j])}: not a finite decimal number: ${
              quoted(trimmed)
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
    let why: string | undefined;
    if (this.#times === "rfc3339") {
      ms = dateTimeMs(cell);
      if (ms !== ms) why = dateTimeProblem(cell);
    } else if (/^-?\d+(\.\d+)?$/.test(cell)) {
      ms = this.#times === "epoch_seconds" ? Math.round(Number(cell) * 1000) : Number(cell);
      why = timeRangeProblem(ms);
      if (why) ms = NaN;
    }
    if (ms !== ms) {
      const form = this.#times === "rfc3339"
        ? DATE_TIME_FORM
        : this.#times === "epoch_seconds"
        ? "epoch seconds"
        : "epoch milliseconds";
      throw this.#problem(
        `line ${this.#line}: the time must be ${form}: got ${quoted(cell)}${why ? `; ${why}` : ""}`,
      );
    }
    return ms;
  }

  #problem(what: string): RecordedInputError {
    return new RecordedInputError(`${this.#fileName}: ${what}`);
  }
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
  // Its shape is checked before it is parsed, so that parsing stays within bounds.
  const shape = jsonShape(text, MAX_JSON_DEPTH);
  if (shape.depth > MAX_JSON_DEPTH) {
    throw problem(
      `nested more than ${MAX_JSON_DEPTH} levels deep: not a Prometheus query_range answer (5 levels)`,
    );
  }
  if (shape.series > MAX_SERIES) {
    throw problem(`holds ${shape.series} series: at most ${MAX_SERIES} are read`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw problem(`not JSON: ${(error as Error).message}`);
  }
  if (isObject(body) && body.status === "error") {
    throw problem(
      `a Prometheus error answer: ${quoted(String(body.error ?? body.errorType ?? "no reason"))}`,
    );
  }
  const data = isObject(body) ? body.data : undefined;
  if (!isObject(data) || data.resultType !== "matrix" || !Array.isArray(data.result)) {
    throw problem(
      `not a Prometheus query_range answer: "data.resultType" must be "matrix", with "data.result"`,
    );
  }
  const result: unknown[] = data.result;
  if (result.length === 0) throw problem("holds no series");
  if (result.length > MAX_SERIES) {
    throw problem(`holds ${result.length} series: at most ${MAX_SERIES} are read`);
  }
  // Every series checked first: its labels, and its points in increasing time.
  const series: { metric: Record<string, string>; points: [number, number][] }[] = [];
  const times = new Set<number>();
  let pointCount = 0;
  for (const [i, s] of result.entries()) {
    const where = `series ${i + 1}`;
    if (!isObject(s) || !isObject(s.metric) || !Array.isArray(s.values)) {
      throw problem(
        `${where}: must be an object with "metric" (its labels) and "values" (its points)`,
      );
    }
    const metric: Record<string, string> = {};
    for (const [label, value] of Object.entries(s.metric)) {
      if (typeof value !== "string") {
        throw problem(`${where}: label ${quoted(label)} must be a string: got ${kindOf(value)}`);
      }
      metric[label] = value;
    }
    const points: [number, number][] = [];
    let last = -Infinity;
    for (const [p, point] of (s.values as unknown[]).entries()) {
      if (
        !Array.isArray(point) || point.length !== 2 || typeof point[0] !== "number" ||
        typeof point[1] !== "string"
      ) {
        throw problem(`${where}, point ${p + 1}: must be [seconds, "value"]`);
      }
      const t = Math.round(point[0] * 1000);
      const outside = timeRangeProblem(t);
      if (outside) throw problem(`${where}, point ${p + 1}: time ${point[0]} is ${outside}`);
      if (t <= last) {
        throw problem(
          `${where}, point ${p + 1}: times must increase: ${point[0]} comes after ${last / 1000}${
            t === last ? " (a time twice)" : ""
          }`,
        );
      }
      last = t;
      const x = parseDecimal(point[1]);
      // NaN and the infinities, as Prometheus writes them, are missing samples.
      if (x !== x && !NON_NUMBERS.has(point[1])) {
        throw problem(
          `${where}, point ${p + 1}: value ${quoted(point[1])} is not a decimal number`,
        );
      }
      points.push([t, x]);
      times.add(t);
    }
    pointCount += points.length;
    series.push({ metric, points });
  }
  if (times.size === 0) throw problem("holds no points");
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
  // The grid comes from the shortest step: a few points far apart would make it vast.
  const cells = n * series.length;
  if (cells > Math.max(MIN_GRID_CELLS, GRID_CELLS_PER_POINT * pointCount)) {
    throw problem(
      `its ${pointCount} points span ${n} samples of ${step} ms (the shortest step between two ` +
        `times) for ${series.length} series: more than ${GRID_CELLS_PER_POINT} samples a point; ` +
        `query with a step that matches the data`,
    );
  }
  const byName = new Map<string, number>();
  for (const s of series) {
    const name = s.metric.__name__ ?? "";
    byName.set(name, (byName.get(name) ?? 0) + 1);
  }
  const names: string[] = [];
  const values: Record<string, Float64Array> = {};
  const maxAbs: Record<string, number> = {};
  const prometheus: NonNullable<RecordedInfo["prometheus"]> = {};
  const seen = new Map<string, number>();
  for (const [i, s] of series.entries()) {
    const { __name__: metricName = "", ...labels } = s.metric;
    const sortedLabels = Object.fromEntries(
      Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    const selector = `${metricName}{${
      Object.entries(sortedLabels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(",")
    }}`;
    const twin = seen.get(selector);
    if (twin !== undefined) {
      throw problem(
        `series ${twin + 1} and ${i + 1} are the same series, ${
          quoted(selector)
        }: an answer holds each series once`,
      );
    }
    seen.set(selector, i);
    const name = metricName !== "" && byName.get(metricName) === 1 ? metricName : selector;
    const column = new Float64Array(n).fill(NaN);
    let max = 0;
    for (const [t, x] of s.points) {
      if (x !== x) continue;
      column[Math.round((t - t0) / step)] = x;
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

/** Nesting a Prometheus answer may have: it has 5 levels (body, data, result, series, point). */
const MAX_JSON_DEPTH = 16;
/** The depth of a series' object: body, data, result, series. */
const SERIES_DEPTH = 4;
/** The most series read from one answer. */
const MAX_SERIES = 100_000;
/** A grid of up to this many samples is made whatever the points. */
const MIN_GRID_CELLS = 1 << 20;
/** Beyond that, a grid may have at most this many samples per point given. */
const GRID_CELLS_PER_POINT = 64;

/**
 * The deepest nesting of arrays and objects in JSON text (counted up to `max + 1`), and how many
 * objects open at the depth of a query_range answer's series.
 */
function jsonShape(text: string, max: number): { depth: number; series: number } {
  let depth = 0;
  let deepest = 0;
  let series = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth === SERIES_DEPTH && c === 123) series++;
      if (depth > deepest && (deepest = depth) > max) break;
    } else if (c === 93 || c === 125) depth--;
  }
  return { depth: deepest, series };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${quoted(String(value))}`;
}
