// RCAEval's layout (github.com/phamquiluan/RCAEval): a case per fault, each in its own folder
// `rcaeval/<service>_<fault_type>/<n>/` with `data.csv` (a `time` column in Unix seconds, then a
// column `<service>_<metric>` per metric) and `inject_time.txt` (the fault's first second, an
// integer). RCAEval's loader splits the folder's name on `_` into the root cause's service and
// fault, reads the first line of inject_time.txt with int(), and its methods take the rows before
// that second as normal and the rest as anomalous. So each case holds one fault: its rows run
// from just after every other fault that ended before it to just before the next one starts.

import { hasRate } from "../config/distributions.ts";
import type { ResolvedConfig } from "../config/types.ts";
import { keyPath } from "../config/checker.ts";
import { ConfigError } from "../config/error.ts";
import type { Chunk } from "../model/mod.ts";
import { intervalMs } from "../model/time.ts";
import { quoteCsvField } from "../text/csv_fields.ts";
import { quoted } from "../text/mod.ts";
import { type ByteWriter, MAX_NUMBER_BYTES } from "./bytes.ts";
import { isWholeColumn } from "./csv.ts";
import { RCAEVAL_FILE, RCAEVAL_FOLDER, rcaevalColumns } from "./_rcaeval_names.ts";
import type { FileEncoder, FormatFiles, FormatSource } from "./types.ts";
import { TextFileEncoder } from "./_text_file.ts";

/**
 * Most cases a run writes. Every case's two files are open and buffered while the samples go by
 * (measured: 1000 cases of 20 metrics over 200 000 samples took 0.6 GB and 2.4 s, where csv alone
 * took 0.1 GB and 0.7 s); RCAEval's own datasets have a few hundred cases each.
 */
export const MAX_RCAEVAL_CASES = 1000;

/** One case: a fault, and the samples written around it. */
export interface RcaevalCase {
  /** The case's folder under `rcaeval/`: `<service>_<fault_type>` of the fault. */
  folder: string;
  /** The case's number in its folder, from 1, in fault order (0 for a case not written). */
  number: number;
  /**
   * Whether it is written: a fault with no normal rows before it (at sample 0, or right after
   * another fault or effect ends) has no case, as RCAEval's methods fail without normal rows.
   */
  written: boolean;
  /** The fault's id, `<metric>#<n>`. */
  fault: string;
  /** The first sample written: after every other fault that ended before this one. */
  first: number;
  /** The last sample written: before the next other fault starts. */
  last: number;
  /** The fault's first sample. */
  inject: number;
  /** The time of the fault's first sample in Unix seconds, rounded down: inject_time.txt. */
  injectTime: number;
  /** The other fault whose window or effect ends right before `first`, when one does. */
  afterFault?: string;
  /** The other fault that starts right after `last`, when one does. */
  beforeFault?: string;
}

/**
 * The cases of a run, one per fault in fault order. A case's rows start after the last sample of
 * any other fault (its own window or an effect's) that ends before this fault's first sample, and
 * end before the first sample of the next other fault to start after it: each case has its normal
 * period and only its own fault (faults that overlap it stay in it).
 *
 * @param source The config and faults.
 * @returns The cases.
 *
 * @example Two faults, and the effect of the first on another metric
 * ```ts
 * import { createGenerator } from "@chaos-datagen/chaos-datagen";
 * import { rcaevalCases } from "./rcaeval.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const generator = createGenerator({
 *   general: { seed: 1, num_samples: 100 },
 *   metrics: {
 *     db_latency: { value: 10 },
 *     api_latency: { value: 50, depends_on: { db_latency: { lag: 5 } } },
 *   },
 *   anomalies: {
 *     db_latency: { at: 20, anomaly_factor: 3, pattern: "step", recovery_time: 10 },
 *     api_latency: { at: 60, anomaly_factor: 2, pattern: "step", recovery_time: 10 },
 *   },
 * });
 * const cases = rcaevalCases(generator);
 * deepStrictEqual(cases.map((c) => [c.folder, c.number, c.first, c.inject, c.last]), [
 *   ["db_pattern", 1, 0, 20, 59],
 *   ["api_pattern", 1, 35, 60, 99],
 * ]);
 * ```
 */
export function rcaevalCases(source: FormatSource): RcaevalCase[] {
  const { config, anomalies } = source;
  const n = config.general.num_samples;
  // The last sample of every fault's spans (own window and effects) and every fault's first, each
  // with its fault, sorted: each case's bounds are two binary searches. A fault's own spans all end at or
  // after its first sample, so they never bound its case.
  const spans = anomalies.flatMap((fault, i) =>
    [fault.last_sample, ...fault.effects.map((e) => e.last_sample)].map((last) => [last, i])
  ).sort((a, b) => a[0] - b[0]);
  const starts = anomalies.map((fault, i) => [fault.first_sample, i]).sort((a, b) => a[0] - b[0]);
  const lasts = Float64Array.from(spans, ([last]) => last);
  const firsts = Float64Array.from(starts, ([first]) => first);
  const numbers = new Map<string, number>();
  const t0 = config.general.start === undefined ? 0 : Date.parse(config.general.start);
  const step = intervalMs(config.general);
  return anomalies.map((fault) => {
    const folder = `${fault.service}_${fault.fault_type}`;
    const inject = fault.first_sample;
    const before = below(lasts, inject);
    const after = above(firsts, inject);
    const first = before < 0 ? 0 : lasts[before] + 1;
    const written = first < inject;
    const number = written ? (numbers.get(folder) ?? 0) + 1 : 0;
    if (written) numbers.set(folder, number);
    return {
      folder,
      number,
      written,
      fault: fault.id,
      first,
      last: after < firsts.length ? firsts[after] - 1 : n - 1,
      inject,
      injectTime: Math.floor((t0 + inject * step) / 1000),
      ...(before < 0 ? {} : { afterFault: anomalies[spans[before][1]].id }),
      ...(after < firsts.length ? { beforeFault: anomalies[starts[after][1]].id } : {}),
    };
  });
}

/** The index of the last value below `x` in sorted `values`, or -1. */
function below(values: Float64Array, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The index of the first value above `x` in sorted `values` (its length when none is). */
function above(values: Float64Array, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const encoder = new TextEncoder();

/** A case's data.csv: `time,<columns>`, a row per sample of the case. */
class CaseDataEncoder implements FileEncoder {
  readonly name: string;
  readonly sections = 1;
  readonly sequential = false;
  readonly tailRows = 0;
  readonly #header: string;
  readonly #first: number;
  readonly #end: number;
  readonly #decimals: number;
  readonly #scale: number;
  /** Per column, 1 when it can hold non-integers: its whole values are written with `.0`. */
  readonly #floats: Uint8Array;
  /** Milliseconds of sample 0 since the epoch (0 without `start`), and between samples. */
  readonly #t0: number;
  readonly #step: number;
  /** Whether every time is whole seconds: then written as integers, else with 3 decimals. */
  readonly #wholeSeconds: boolean;

  constructor(
    config: ResolvedConfig,
    name: string,
    columns: string[],
    first: number,
    last: number,
  ) {
    this.name = name;
    this.#header = ["time", ...columns].map(quoteCsvField).join(",") + "\n";
    this.#first = first;
    this.#end = last + 1;
    const decimals = config.general.decimals;
    this.#decimals = decimals === "full" ? -1 : decimals;
    this.#scale = decimals === "full" ? 0 : 10 ** decimals;
    // A counter's rate is not whole: its column is written with points.
    this.#floats = Uint8Array.from(
      Object.keys(config.metrics),
      (metric) => !hasRate(config.metrics[metric]) && isWholeColumn(config, metric) ? 0 : 1,
    );
    this.#t0 = config.general.start === undefined ? 0 : Date.parse(config.general.start);
    this.#step = intervalMs(config.general);
    this.#wholeSeconds = this.#t0 % 1000 === 0 && this.#step % 1000 === 0;
  }

  head(): Uint8Array {
    return encoder.encode(this.#header);
  }

  encode(chunk: Chunk, out: readonly ByteWriter[]): number {
    const from = Math.max(chunk.from, this.#first);
    const to = Math.min(chunk.to, this.#end);
    if (from >= to) return 0;
    const w = out[0];
    // A counter's column is its rate per second, as metrics.svg draws it: RCAEval's datasets hold
    // rates of Prometheus counters, and a running count would stand out after any fault.
    const values = chunk.values.map((column, j) => chunk.rates[j] ?? column);
    const m = values.length;
    const rowMax = 32 + m * (MAX_NUMBER_BYTES + 3);
    for (let k = from; k < to; k++) {
      if (((k - from) & 63) === 0) w.reserve(64 * rowMax);
      this.#time(w, k);
      const i = k - chunk.from;
      for (let j = 0; j < m; j++) {
        w.byte(44);
        const x = values[j][i];
        // A missing sample is an empty cell, which pandas reads as NaN.
        if (x !== x) continue;
        if (this.#decimals >= 0) w.fixedAt(values[j], i, this.#decimals, this.#scale);
        else w.shortestAt(values[j], i);
        if (this.#floats[j] === 1 && Math.floor(x) === x && x < 1e21 && x > -1e21) w.ascii(".0");
      }
      w.byte(10);
    }
    return to - from;
  }

  /** Sample k's time in Unix seconds: an integer, or with 3 decimals when not whole. */
  #time(w: ByteWriter, k: number): void {
    let ms = this.#t0 + k * this.#step;
    if (ms < 0) {
      w.byte(45);
      ms = -ms;
    }
    const seconds = Math.floor(ms / 1000);
    w.unsigned(seconds);
    if (!this.#wholeSeconds) {
      w.byte(46);
      w.digits(ms - seconds * 1000, 3);
    }
  }

  finish(): number {
    return 0;
  }

  tail(): Iterable<Uint8Array> {
    return [];
  }
}

/**
 * The rcaeval format's files: per fault, its case's data.csv and inject_time.txt. A run without
 * faults has no cases (the command line refuses it).
 *
 * @example A fault at 00:00:45 in a minute of 15-second samples
 * ```ts
 * import { createGenerator, encodeFormats, loadFormats } from "@chaos-datagen/chaos-datagen";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * await loadFormats(["rcaeval"]);
 * const generator = createGenerator({
 *   general: { num_samples: 4, start: "2026-01-01T00:00:00Z", interval: "15s" },
 *   metrics: { db_cpu: { value: 0.5 } },
 *   anomalies: {
 *     db_cpu: { at: 3, anomaly_factor: 2, pattern: "step", recovery_time: 1, fault_type: "cpu" },
 *   },
 * });
 * const files = encodeFormats(generator, ["rcaeval"]);
 * deepStrictEqual(files.map((f) => [f.name, new TextDecoder().decode(f.bytes)]), [
 *   [
 *     "rcaeval/db_cpu/1/data.csv",
 *     "time,db_cpu\n1767225600,0.5\n1767225615,0.5\n1767225630,0.5\n1767225645,1.0\n",
 *   ],
 *   ["rcaeval/db_cpu/1/inject_time.txt", "1767225645\n"],
 * ]);
 * ```
 */
export const rcaevalFiles: FormatFiles = (source) => {
  const columns = rcaevalColumns(source.config);
  const cases = rcaevalCases(source);
  if (cases.length > MAX_RCAEVAL_CASES) {
    throw new ConfigError([{
      path: "anomalies",
      message: `the rcaeval format writes a case (two files, open at once) per fault: ` +
        `${cases.length} faults, at most ${MAX_RCAEVAL_CASES}`,
    }]);
  }
  // RCAEval's methods take the rows before the fault as normal, and fail when there are none:
  // such a fault has no case (the command line names them). A run left with none is refused.
  if (cases.length > 0 && cases.every((c) => !c.written)) {
    const c = cases[0];
    const fault = source.anomalies.find((f) => f.id === c.fault)!;
    throw new ConfigError([{
      path: `anomalies.${keyPath(fault.metric)}`,
      message: `no fault has normal rows before it (fault ${
        quoted(c.fault)
      } starts at sample ${c.inject}${
        c.afterFault === undefined ? "" : `, right after fault ${quoted(c.afterFault)} ends`
      }): the rcaeval format writes no case; leave a gap before a fault`,
    }]);
  }
  return cases.filter((c) => c.written).flatMap((c) => {
    const folder = `${RCAEVAL_FOLDER}/${c.folder}/${c.number}`;
    const files = [
      new CaseDataEncoder(source.config, `${folder}/data.csv`, columns, c.first, c.last),
      // The fault's first second, one line.
      new TextFileEncoder(`${folder}/inject_time.txt`, () => `${c.injectTime}\n`, {
        sequential: false,
        rows: 1,
      }),
    ];
    // The names come from checked services and fault types; a name outside the pattern would be
    // a defect here, and the commit trusts only names the pattern passes.
    for (const file of files) {
      if (!RCAEVAL_FILE.test(file.name)) throw new Error(`bad rcaeval file name ${file.name}`);
    }
    return files;
  });
};
