// The recovery patterns, one table: each pattern's arguments (with their defaults and rules) and
// its curve s(d). Validation, generation and the schema's test read it; a new pattern is one
// entry here (and its name in config/types.ts and config.schema.json, which tests hold equal).
// A loop per pattern keeps doubles in registers; a call per sample would box each on the heap.

import type { PatternArgs, PatternName } from "./types.ts";

/** One argument of a pattern: its default and the rule it must meet. */
interface PatternArg {
  readonly default: number;
  /** The rule, as messages say it. */
  readonly rule: string;
  /** Whether a value meets the rule. */
  readonly valid: (x: number) => boolean;
}

/** One pattern. */
interface Pattern {
  readonly args: Readonly<Partial<Record<keyof PatternArgs, PatternArg>>>;
  /** Writes s(d) for d = first, first + 1, ... into out, for a recovery of `r` samples. */
  fill(r: number, first: number, out: Float64Array, args: Required<PatternArgs>): void;
}

/** u = d / (R - 1), 0 when R = 1. */
const uOf = (r: number, d: number) => r > 1 ? d / (r - 1) : 0;

/** The patterns by name. */
export const PATTERNS: { readonly [name in PatternName]: Pattern } = {
  linear: {
    args: {},
    fill(r, first, out) {
      for (let i = 0; i < out.length; i++) out[i] = 1 - uOf(r, first + i);
    },
  },
  exponential: {
    args: {},
    fill(r, first, out) {
      if (r === 1) out.fill(1);
      else {for (let i = 0; i < out.length; i++) {
          out[i] = (Math.pow(r, 1 - uOf(r, first + i)) - 1) / (r - 1);
        }}
    },
  },
  oscillating: {
    args: {
      frequency: { default: 3, rule: "> 0 (radians per sample)", valid: (x) => x > 0 },
    },
    fill(r, first, out, args) {
      for (let i = 0; i < out.length; i++) {
        const d = first + i;
        out[i] = (Math.pow(r, 1 - uOf(r, d)) - 1) / r * Math.sin(args.frequency * d);
      }
    },
  },
  step: {
    args: {},
    fill: (_r, _first, out) => out.fill(1),
  },
};

/** Writes s(d) for d = first, first + 1, ... into out, for a fault of `recoveryTime` samples. */
export function fillRecoveryCurve(
  pattern: PatternName,
  recoveryTime: number,
  first: number,
  out: Float64Array,
  frequency = 3,
): void {
  PATTERNS[pattern].fill(recoveryTime, first, out, { frequency });
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
