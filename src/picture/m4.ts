// M4 aggregation for plotting: per pixel column, the first, last, minimum and maximum sample.
// A line through these points draws the same pixels as a line through all samples (Jugel et al.,
// "M4: a visualization-oriented time series data aggregation", VLDB 2014), so a one-sample spike
// in 10^8 samples is still drawn, and the picture's size does not grow with the series.

import type { Chunk } from "../model/mod.ts";

/** One metric's points after aggregation, in sample order. */
export interface AggregatedSeries {
  /** Sample indices of the points kept. */
  readonly index: Float64Array;
  /** Values at those samples. */
  readonly value: Float64Array;
}

/** An aggregator's state, to merge aggregations of parts of a series made apart (workers). */
export interface M4Snapshot {
  /** Per metric and column: value of the column's first sample, or NaN if not seen. */
  readonly first: readonly Float64Array[];
  /** Per metric and column: value of the column's last sample, or NaN if not seen. */
  readonly last: readonly Float64Array[];
  /** Per metric and column: least value seen. */
  readonly min: readonly Float64Array[];
  /** Per metric and column: greatest value seen. */
  readonly max: readonly Float64Array[];
  /** Per metric and column: sample of the least value, or -1. */
  readonly minAt: readonly Float64Array[];
  /** Per metric and column: sample of the greatest value, or -1. */
  readonly maxAt: readonly Float64Array[];
  /** Per metric and column: the first missing (NaN) sample, or -1: a gap in the line. */
  readonly gap: readonly Float64Array[];
}

/** Options for {@linkcode M4Aggregator}. */
export interface M4Options {
  /**
   * Pixel columns to aggregate into; at most four points are kept per column.
   * @default {1000}
   */
  columns?: number;
}

/**
 * Reduces series, chunk by chunk, to the points a line chart of `columns` pixel columns needs.
 *
 * @example A one-sample spike survives aggregation
 * ```ts
 * import { M4Aggregator } from "@chaos-datagen/chaos-datagen";
 * import { ok, strictEqual } from "node:assert/strict";
 *
 * const values = new Float64Array(1_000_000).fill(1);
 * values[654_321] = 100;
 * const m4 = new M4Aggregator(1, values.length, { columns: 500 });
 * m4.add({ from: 0, to: values.length, values: [values] });
 * const [series] = m4.series();
 * ok(series.index.length <= 4 * 500);
 * strictEqual(series.value[series.index.indexOf(654_321)], 100);
 * ```
 */
export class M4Aggregator {
  readonly #n: number;
  readonly #columns: number;
  readonly #first: Float64Array[];
  readonly #last: Float64Array[];
  readonly #min: Float64Array[];
  readonly #max: Float64Array[];
  readonly #minAt: Float64Array[];
  readonly #maxAt: Float64Array[];
  readonly #gap: Float64Array[];
  /** Per column, the index of its first sample. */
  readonly #start: Float64Array;

  /**
   * Prepares to aggregate.
   *
   * @param metrics Number of series (metrics) to aggregate: the first `metrics` of each chunk.
   * @param numSamples Length of each series.
   * @param options Number of pixel columns.
   */
  constructor(metrics: number, numSamples: number, options: M4Options = {}) {
    this.#n = numSamples;
    this.#columns = Math.max(1, Math.min(options.columns ?? 1000, numSamples));
    const columns = this.#columns;
    const make = (fill: number) =>
      Array.from({ length: metrics }, () => new Float64Array(columns).fill(fill));
    this.#first = make(NaN);
    this.#last = make(NaN);
    this.#min = make(Infinity);
    this.#max = make(-Infinity);
    this.#minAt = make(-1);
    this.#maxAt = make(-1);
    this.#gap = make(-1);
    this.#start = Float64Array.from(
      { length: columns + 1 },
      (_, c) => Math.floor((c * numSamples) / columns),
    );
  }

  /**
   * Adds a chunk; chunks must come in sample order and cover the series once. A counter is
   * aggregated as its rate (`chunk.rates`), so its picture shows what happens, not a ramp.
   *
   * @param chunk A chunk of every metric's values.
   */
  add(chunk: Pick<Chunk, "from" | "to" | "values"> & Partial<Pick<Chunk, "rates">>): void {
    const start = this.#start;
    let column = this.#columnOf(chunk.from);
    let k = chunk.from;
    while (k < chunk.to) {
      const end = Math.min(chunk.to, start[column + 1]);
      for (let j = 0; j < this.#min.length; j++) {
        const values = chunk.rates?.[j] ?? chunk.values[j];
        const offset = chunk.from;
        let gap = this.#gap[j][column];
        let min = this.#min[j][column];
        let max = this.#max[j][column];
        let minAt = this.#minAt[j][column];
        let maxAt = this.#maxAt[j][column];
        for (let i = k; i < end; i++) {
          const v = values[i - offset];
          if (v !== v) {
            if (gap < 0) gap = i;
            continue;
          }
          if (v < min) {
            min = v;
            minAt = i;
          }
          if (v > max) {
            max = v;
            maxAt = i;
          }
        }
        if (k === start[column]) this.#first[j][column] = values[k - offset];
        if (end === start[column + 1]) this.#last[j][column] = values[end - 1 - offset];
        this.#min[j][column] = min;
        this.#max[j][column] = max;
        this.#minAt[j][column] = minAt;
        this.#maxAt[j][column] = maxAt;
        this.#gap[j][column] = gap;
      }
      k = end;
      column++;
    }
  }

  /**
   * The aggregator's state, for {@linkcode M4Aggregator.prototype.merge} elsewhere.
   *
   * @returns The state (shared, not copied).
   */
  snapshot(): M4Snapshot {
    return {
      first: this.#first,
      last: this.#last,
      min: this.#min,
      max: this.#max,
      minAt: this.#minAt,
      maxAt: this.#maxAt,
      gap: this.#gap,
    };
  }

  /**
   * Merges the state of an aggregator of the same shape that saw other chunks of the series.
   * The result is what one aggregator seeing all the chunks would hold: on equal values, the
   * earlier sample wins, as it does within one aggregator.
   *
   * @param other The other aggregator's snapshot.
   */
  merge(other: M4Snapshot): void {
    this.#first.forEach((_, j) => {
      for (let c = 0; c < this.#columns; c++) {
        if (Number.isNaN(this.#first[j][c])) this.#first[j][c] = other.first[j][c];
        if (Number.isNaN(this.#last[j][c])) this.#last[j][c] = other.last[j][c];
        const minAt = other.minAt[j][c];
        if (minAt >= 0) {
          const v = other.min[j][c];
          if (v < this.#min[j][c] || (v === this.#min[j][c] && minAt < this.#minAt[j][c])) {
            this.#min[j][c] = v;
            this.#minAt[j][c] = minAt;
          }
        }
        const gap = other.gap[j][c];
        if (gap >= 0 && (this.#gap[j][c] < 0 || gap < this.#gap[j][c])) this.#gap[j][c] = gap;
        const maxAt = other.maxAt[j][c];
        if (maxAt >= 0) {
          const v = other.max[j][c];
          if (v > this.#max[j][c] || (v === this.#max[j][c] && maxAt < this.#maxAt[j][c])) {
            this.#max[j][c] = v;
            this.#maxAt[j][c] = maxAt;
          }
        }
      }
    });
  }

  #columnOf(k: number): number {
    // Largest column whose start is <= k.
    let c = Math.min(this.#columns - 1, Math.floor((k * this.#columns) / this.#n));
    while (c > 0 && this.#start[c] > k) c--;
    while (c < this.#columns - 1 && this.#start[c + 1] <= k) c++;
    return c;
  }

  /**
   * The points kept per series: first, minimum, maximum and last of every column, in sample
   * order, each sample once.
   *
   * @returns One series per metric.
   */
  series(): AggregatedSeries[] {
    return this.#first.map((_, j) => {
      const index: number[] = [];
      const value: number[] = [];
      for (let c = 0; c < this.#columns; c++) {
        const points: [number, number, boolean][] = [
          [this.#start[c], this.#first[j][c], false],
          [this.#minAt[j][c], this.#min[j][c], false],
          [this.#maxAt[j][c], this.#max[j][c], false],
          [this.#start[c + 1] - 1, this.#last[j][c], false],
          // A missing sample: a NaN point, where the line breaks.
          [this.#gap[j][c], NaN, true],
        ];
        points.sort((a, b) => a[0] - b[0]);
        for (const [k, v, gap] of points) {
          if (k < 0 || (Number.isNaN(v) && !gap) || index[index.length - 1] === k) continue;
          index.push(k);
          value.push(v);
        }
      }
      return { index: Float64Array.from(index), value: Float64Array.from(value) };
    });
  }
}
