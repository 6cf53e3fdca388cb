// The recovery curves s(d) of the spec, filled a run at a time: the one place the formulas live.
// A loop per pattern keeps doubles in registers; a call per sample would box each on the heap.

import type { PatternName } from "./config_types.ts";

/** Writes s(d) for d = first, first + 1, ... into out, for a fault of `recoveryTime` samples. */
export function fillRecoveryCurve(
  pattern: PatternName,
  recoveryTime: number,
  first: number,
  out: Float64Array,
  frequency = 3,
): void {
  const r = recoveryTime;
  const n = out.length;
  // u = d / (R - 1), 0 when R = 1.
  const uOf = (d: number) => r > 1 ? d / (r - 1) : 0;
  switch (pattern) {
    case "step":
      out.fill(1);
      return;
    case "linear":
      for (let i = 0; i < n; i++) out[i] = 1 - uOf(first + i);
      return;
    case "exponential":
      if (r === 1) out.fill(1);
      else for (let i = 0; i < n; i++) out[i] = (Math.pow(r, 1 - uOf(first + i)) - 1) / (r - 1);
      return;
    case "oscillating":
      for (let i = 0; i < n; i++) {
        const d = first + i;
        out[i] = (Math.pow(r, 1 - uOf(d)) - 1) / r * Math.sin(frequency * d);
      }
      return;
    default: {
      // A pattern added to PatternName but not here does not compile.
      const unknown: never = pattern;
      throw new TypeError(`unknown pattern ${unknown}`);
    }
  }
}

/** A fault's envelope: its onset, hold and recovery, and its pattern. */
export interface Envelope {
  onset: number;
  hold: number;
  recovery_time: number;
  pattern: PatternName;
  pattern_args: { frequency?: number };
}

/**
 * Writes the envelope e(d) for d = first, first + 1, ... into out (SPEC section 10): a linear
 * ramp (d + 1) / (onset + 1) over the onset, 1 over the hold, then the pattern's s(d).
 */
export function fillEnvelope(fault: Envelope, first: number, out: Float64Array): void {
  const { onset, hold } = fault;
  const n = out.length;
  let i = 0;
  for (; i < n && first + i < onset; i++) out[i] = (first + i + 1) / (onset + 1);
  for (; i < n && first + i < onset + hold; i++) out[i] = 1;
  if (i < n) {
    fillRecoveryCurve(
      fault.pattern,
      fault.recovery_time,
      first + i - onset - hold,
      out.subarray(i),
      fault.pattern_args.frequency,
    );
  }
}
