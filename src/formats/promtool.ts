// promtool-tests.yml: a promtool rule-test file whose one test holds every metric, and the fault
// truth, as input_series. Sample k is at k * interval from time 0. Values are written in
// promtool's expanding notation where it shortens runs: `a+0xn` for n + 1 equal values, `a+bxn`
// for whole numbers rising by b, `_xn` for n missing samples. A missing window and the end of a
// fault window begin with `stale`, as a failed scrape does in Prometheus, so the last value does
// not linger for the 5-minute lookback.

import type { Chunk } from "../model/mod.ts";
import type { FileEncoder, FormatFiles, FormatSource } from "./types.ts";
import { type ByteWriter, MAX_NUMBER_BYTES } from "./bytes.ts";
import { FAULT_SERIES, faultSeries, prometheusFamilies } from "./prometheus.ts";
import { intervalMs } from "../model/time.ts";
import { VERSION } from "../version.ts";

const SPACE = 32;
const encoder = new TextEncoder();

/** Runs of whole numbers are written as steps only where adding the step stays exact. */
const EXACT = 2 ** 53;

/** Writes promtool-tests.yml, a section per metric; runs carry over from chunk to chunk. */
export class PromtoolTestsEncoder implements FileEncoder {
  readonly name = "promtool-tests.yml";
  readonly sections: number;
  readonly sequential = true;
  readonly tailRows: number;
  readonly #columns: Int32Array;
  readonly #heads: Uint8Array[];
  readonly #runs: RunWriter[];
  readonly #tail: string;

  constructor(source: FormatSource) {
    const { config } = source;
    const interval = promDuration(intervalMs(config.general));
    const columns: number[] = [];
    this.#heads = [];
    const intro =
      `# A promtool rule test made by chaos-datagen ${VERSION} (seed ${config.general.seed}):\n` +
      `# sample k is at time k * ${interval}. Add the rules and what they should do, then run\n` +
      `# promtool test rules promtool-tests.yml. The test's last key is input_series, so\n` +
      `# "    alert_rule_test:" and a top-level "rule_files:" can be appended to this file.\n` +
      `evaluation_interval: ${interval}\ntests:\n  - interval: ${interval}\n    input_series:\n`;
    for (const family of prometheusFamilies(config)) {
      for (const series of family.series) {
        columns.push(series.column);
        const name = yamlQuote(series.sample + series.labels);
        const head = `      - series: ${name}\n        values: '`;
        this.#heads.push(encoder.encode(this.#heads.length === 0 ? intro + head : head));
      }
    }
    this.#columns = Int32Array.from(columns);
    this.sections = columns.length;
    const decimals = config.general.decimals;
    this.#runs = columns.map(() => new RunWriter(decimals));
    const faults = faultSeries(source);
    this.tailRows = faults.length;
    const n = config.general.num_samples;
    this.#tail = faults.map((series) =>
      `      - series: ${yamlQuote(FAULT_SERIES + series.labels)}\n` +
      `        values: '${windowValues(series.windows, n)}'\n`
    ).join("");
  }

  head(section: number): Uint8Array {
    return this.#heads[section];
  }

  encode(chunk: Chunk, out: readonly ByteWriter[]): number {
    const rows = chunk.to - chunk.from;
    for (let s = 0; s < this.sections; s++) {
      const values = chunk.values[this.#columns[s]];
      const run = this.#runs[s];
      const w = out[s];
      for (let i = 0; i < rows; i++) {
        if ((i & 63) === 0) w.reserve(64 * (2 * MAX_NUMBER_BYTES + 32));
        run.add(w, values[i]);
      }
    }
    return 0;
  }

  finish(out: readonly ByteWriter[]): number {
    for (let s = 0; s < this.sections; s++) {
      out[s].reserve(2 * MAX_NUMBER_BYTES + 32);
      this.#runs[s].flush(out[s]);
      out[s].append(encoder.encode("'\n"));
    }
    return this.sections;
  }

  tail(): Iterable<Uint8Array> {
    return [encoder.encode(this.#tail)];
  }
}

/**
 * The values of one series in expanding notation, run by run: the current run is held until a
 * value breaks it.
 */
class RunWriter {
  readonly #decimals: number;
  readonly #scale: number;
  /** 0: nothing yet; 1: a run of values; 2: a run of missing samples. */
  #state = 0;
  #first = 0;
  #last = 0;
  #step = 0;
  #count = 0;
  /** Whether anything was written: tokens after the first are spaced. */
  #started = false;

  constructor(decimals: number | "full") {
    this.#decimals = decimals === "full" ? -1 : decimals;
    this.#scale = decimals === "full" ? 0 : 10 ** decimals;
  }

  /** Adds one value (NaN: missing); writes the run it ends, if any. */
  add(w: ByteWriter, x: number): void {
    if (x !== x) {
      if (this.#state === 2) this.#count++;
      else {
        this.flush(w);
        this.#state = 2;
        this.#count = 1;
      }
      return;
    }
    if (this.#state === 1) {
      if (this.#count === 1) {
        const step = x - this.#first;
        if (step === 0 || (isExact(x) && isExact(this.#first))) {
          this.#step = step;
          this.#last = x;
          this.#count = 2;
          return;
        }
      } else if (x === this.#last + this.#step && (this.#step === 0 || isExact(x))) {
        this.#last = x;
        this.#count++;
        return;
      }
    }
    this.flush(w);
    this.#state = 1;
    this.#first = this.#last = x;
    this.#count = 1;
  }

  /** Writes the run held, if any. */
  flush(w: ByteWriter): void {
    if (this.#state === 0) return;
    if (this.#started) w.byte(SPACE);
    this.#started = true;
    if (this.#state === 2) {
      // A scrape that fails marks its series stale; the rest of the window is simply absent.
      w.ascii(this.#count === 1 ? "stale" : `stale _x${this.#count - 1}`);
    } else if (this.#count <= 2) {
      this.#number(w, this.#first);
      if (this.#count === 2) {
        w.byte(SPACE);
        this.#number(w, this.#last);
      }
    } else {
      this.#number(w, this.#first);
      w.ascii(this.#step < 0 ? "-" : "+");
      w.shortest(Math.abs(this.#step));
      w.ascii(`x${this.#count - 1}`);
    }
    this.#state = 0;
  }

  #number(w: ByteWriter, x: number): void {
    if (this.#decimals >= 0) w.fixed(x, this.#decimals, this.#scale);
    else w.shortest(x);
  }
}

function isExact(x: number): boolean {
  return Number.isInteger(x) && x < EXACT && x > -EXACT;
}

/** A fault series' values: 1 inside its windows, `stale` after each, nothing elsewhere. */
function windowValues(windows: readonly (readonly [number, number])[], n: number): string {
  const tokens: string[] = [];
  let next = 0;
  for (const [first, last] of windows) {
    const gap = first - next;
    if (gap > 0) tokens.push(next > 0 ? (gap > 1 ? `stale _x${gap - 1}` : "stale") : `_x${gap}`);
    tokens.push(last > first ? `1+0x${last - first}` : "1");
    next = last + 1;
  }
  if (next < n) tokens.push("stale");
  return tokens.join(" ");
}

/** Milliseconds as a Prometheus duration: `15s`, `1m30s`, `250ms`, `1d`. */
export function promDuration(ms: number): string {
  const units: [string, number][] = [["d", 86_400_000], ["h", 3_600_000], ["m", 60_000], [
    "s",
    1000,
  ], ["ms", 1]];
  let text = "";
  for (const [unit, size] of units) {
    const whole = Math.floor(ms / size);
    if (whole > 0) text += `${whole}${unit}`;
    ms -= whole * size;
  }
  return text === "" ? "0s" : text;
}

/** A YAML single-quoted scalar. */
function yamlQuote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The promtool format's file: promtool-tests.yml. */
export const promtoolFiles: FormatFiles = (source) => [new PromtoolTestsEncoder(source)];
