// Faults placed by the seed (SPEC section 17). Each metric's faults given at a sample are placed
// first, where they are; then every entry with `count`, in config order, places its faults
// n = 1..count: each draws its ranged keys (in the order of its kind's keys, then recovery_time,
// onset, hold) and then its start, uniform over the starts in `between` whose window fits before
// the end and keeps `min_gap` from every window already on the metric. The draws come from the
// metric's `place` stream, keyed by the seed, the metric's name, "place", the entry's index and
// n, so a fault's place does not move when other metrics or entries change.
//
// A start is drawn uniformly from `between` and kept if it fits (a binary search among the
// windows placed); after 64 misses the starts that fit are listed and one is drawn among them:
// either way uniform over the starts that fit, and 10^4 faults are placed in milliseconds.

import type { ResolvedAnomalyConfig } from "./types.ts";
import type { ConfigIssue } from "./checker.ts";
import { keyPath } from "./checker.ts";
import { FAULT_KINDS } from "./fault_kinds.ts";
import {
  type FaultEntry,
  type FaultTemplate,
  isTemplate,
  resolvedFault,
} from "./_validate_fault.ts";
import { streamKey, Xoshiro128 } from "../random/mod.ts";

/** Draws before the starts that fit are listed. */
const TRIES = 64;

/**
 * Places every template of `anomalies` for a run of `numSamples` samples with `seed`: the faults
 * of each metric in config order, templates expanded where they stand.
 */
export function placeFaults(
  anomalies: Readonly<Record<string, readonly FaultEntry[]>>,
  numSamples: number,
  seed: number,
): { anomalies: Record<string, ResolvedAnomalyConfig[]>; issues: ConfigIssue[] } {
  const placed: Record<string, ResolvedAnomalyConfig[]> = Object.create(null);
  const issues: ConfigIssue[] = [];
  for (const [name, entries] of Object.entries(anomalies)) {
    if (!entries.some(isTemplate)) {
      placed[name] = entries as ResolvedAnomalyConfig[];
      continue;
    }
    const windows = new Windows();
    const results: (ResolvedAnomalyConfig | ResolvedAnomalyConfig[])[] = new Array(entries.length);
    // Faults at a given sample first, where they are.
    entries.forEach((entry, i) => {
      if (isTemplate(entry) && entry.at === undefined) return;
      const fault = isTemplate(entry) ? draw(entry, seed, name, i, 1, entry.at!)! : entry;
      windows.add(fault.at, fault.at + FAULT_KINDS[fault.kind].span(fault) - 1);
      results[i] = fault;
    });
    entries.forEach((entry, i) => {
      if (!isTemplate(entry) || entry.at !== undefined) return;
      const list: ResolvedAnomalyConfig[] = [];
      for (let n = 1; n <= entry.count; n++) {
        const fault = draw(entry, seed, name, i, n, undefined, windows, numSamples);
        if (!fault) {
          const path = `anomalies.${keyPath(name)}${entries.length > 1 ? `[${i}]` : ""}.count`;
          issues.push({
            path,
            message: `no room for fault ${n} of ${entry.count}: ${n - 1} placed between samples ` +
              `${entry.between[0]} and ${
                entry.between[1]
              } with min_gap ${entry.min_gap} samples; ` +
              `lower count or min_gap, or widen between`,
          });
          break;
        }
        windows.add(fault.at, fault.at + FAULT_KINDS[fault.kind].span(fault) - 1);
        list.push(fault);
      }
      results[i] = list;
    });
    placed[name] = results.flat();
  }
  return { anomalies: placed, issues };
}

/**
 * The value of a range at the uniform draw `u` in [0, 1): whole values low..high, each as likely,
 * when the key takes whole samples; otherwise uniform on [low, high). The one rule of every range
 * drawn by the seed (a fault's keys, a suite's `draw`).
 *
 * @example
 * ```ts
 * import { drawInRange } from "./placement.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(drawInRange({ low: 10, high: 19, whole: true }, 0.999), 19);
 * strictEqual(drawInRange({ low: 1, high: 3, whole: false }, 0.5), 2);
 * ```
 */
export function drawInRange(
  range: { readonly low: number; readonly high: number; readonly whole: boolean },
  u: number,
): number {
  return range.whole
    ? range.low + Math.floor(u * (range.high - range.low + 1))
    : range.low + u * (range.high - range.low);
}

/**
 * One fault of a template: its ranged keys drawn, then its start (given, or drawn among those
 * that fit); undefined when no start fits.
 */
function draw(
  template: FaultTemplate,
  seed: number,
  name: string,
  entry: number,
  n: number,
  at: number | undefined,
  windows?: Windows,
  numSamples?: number,
): ResolvedAnomalyConfig | undefined {
  const keyed = Xoshiro128.forBlock(
    streamKey(seed, `${name}\u0000place\u0000${entry}\u0000${n}`),
    0,
  );
  const values: Record<string, number | string> = {};
  for (const [key, value] of Object.entries(template.keys)) {
    if (typeof value !== "object") {
      values[key] = value;
      continue;
    }
    values[key] = drawInRange(value, keyed.nextDouble());
  }
  const fault = (start: number) =>
    resolvedFault(
      template.kind,
      start,
      values,
      template.pattern,
      template.pattern_args ?? {},
      template.fault_type,
    );
  if (at !== undefined) return fault(at);
  const length = FAULT_KINDS[template.kind].span(fault(0));
  const first = template.between[0];
  const last = Math.min(template.between[1], numSamples! - length);
  if (last < first) return undefined;
  const start = windows!.pick(first, last, length, template.min_gap, () => keyed.nextDouble());
  return start === undefined ? undefined : fault(start);
}

/** A metric's windows, sorted by start, merged where they overlap: what a new one must keep off. */
class Windows {
  #starts = new Float64Array(16);
  #ends = new Float64Array(16);
  #size = 0;

  /** Adds [first, last], merging it with what it overlaps. */
  add(first: number, last: number): void {
    const i = this.#firstEndingFrom(first);
    // Merge with every window it overlaps.
    let j = i;
    while (j < this.#size && this.#starts[j] <= last) {
      first = Math.min(first, this.#starts[j]);
      last = Math.max(last, this.#ends[j]);
      j++;
    }
    const removed = j - i;
    if (removed === 0) this.#insert(i, first, last);
    else {
      this.#starts[i] = first;
      this.#ends[i] = last;
      this.#starts.copyWithin(i + 1, j, this.#size);
      this.#ends.copyWithin(i + 1, j, this.#size);
      this.#size -= removed - 1;
    }
  }

  /** Whether [start, start + length) keeps `gap` samples from every window. */
  fits(start: number, length: number, gap: number): boolean {
    const i = this.#firstEndingFrom(start - gap);
    return i >= this.#size || this.#starts[i] > start + length - 1 + gap;
  }

  /**
   * A start in [first, last] for a window of `length` keeping `gap` from every window, uniform
   * over those that fit; undefined when none does.
   */
  pick(
    first: number,
    last: number,
    length: number,
    gap: number,
    random: () => number,
  ): number | undefined {
    const width = last - first + 1;
    for (let t = 0; t < TRIES; t++) {
      const start = first + Math.floor(random() * width);
      if (this.fits(start, length, gap)) return start;
    }
    // The starts that fit, as intervals: [first, last] less each window's reach.
    const free: [number, number][] = [];
    let from = first;
    for (let i = this.#firstEndingFrom(first - gap); i < this.#size && from <= last; i++) {
      const blockedFrom = this.#starts[i] - gap - length + 1;
      const blockedTo = this.#ends[i] + gap;
      if (blockedFrom > from) free.push([from, Math.min(last, blockedFrom - 1)]);
      from = Math.max(from, blockedTo + 1);
    }
    if (from <= last) free.push([from, last]);
    const total = free.reduce((sum, [a, b]) => sum + b - a + 1, 0);
    if (total === 0) return undefined;
    let index = Math.floor(random() * total);
    for (const [a, b] of free) {
      if (index <= b - a) return a + index;
      index -= b - a + 1;
    }
    return undefined;
  }

  /** The first window whose end is at or after `at` (binary search). */
  #firstEndingFrom(at: number): number {
    let lo = 0;
    let hi = this.#size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#ends[mid] < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #insert(i: number, first: number, last: number): void {
    if (this.#size === this.#starts.length) {
      const starts = new Float64Array(this.#size * 2);
      const ends = new Float64Array(this.#size * 2);
      starts.set(this.#starts);
      ends.set(this.#ends);
      this.#starts = starts;
      this.#ends = ends;
    }
    this.#starts.copyWithin(i + 1, i, this.#size);
    this.#ends.copyWithin(i + 1, i, this.#size);
    this.#starts[i] = first;
    this.#ends[i] = last;
    this.#size++;
  }
}
