// An anomaly's multiplier (the original tool's formulas): m(k) = 1 + (f - 1) * s(d).

import type { PatternName } from "../config/types.ts";
import { fillEnvelope, fillRecoveryCurve } from "../config/patterns.ts";

/** What the multiplier needs of an anomaly. */
export interface AnomalyShape {
  /** First sample of the fault. */
  at: number;
  /** The multiplier's value at full effect. @default {1} */
  anomaly_factor?: number;
  /** How it recovers. */
  pattern: PatternName;
  /** Samples of ramp to full effect. @default {0} */
  onset?: number;
  /** Samples at full effect. @default {0} */
  hold?: number;
  /** Length of the recovery in samples, >= 1. */
  recovery_time: number;
  /** `frequency` for oscillating (default 3). */
  pattern_args?: { frequency?: number };
}

/**
 * The recovery curve s(d) at `d` samples into a fault of `recoveryTime` samples: 1 at the jump,
 * fading to 0 (or ringing, for oscillating) by the last sample.
 *
 * @param pattern The pattern.
 * @param recoveryTime R, the fault's length in samples.
 * @param d Samples since the fault started, 0 to R - 1.
 * @param frequency Angular frequency of oscillating, radians per sample.
 * @returns s(d).
 *
 * @example Linear recovery
 * ```ts
 * import { recoveryCurve } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(recoveryCurve("linear", 5, 0), 1);
 * strictEqual(recoveryCurve("linear", 5, 2), 0.5);
 * strictEqual(recoveryCurve("linear", 5, 4), 0);
 * ```
 */
export function recoveryCurve(
  pattern: PatternName,
  recoveryTime: number,
  d: number,
  frequency = 3,
): number {
  const out = new Float64Array(1);
  fillRecoveryCurve(pattern, recoveryTime, d, out, frequency);
  return out[0];
}

/**
 * The multiplier an anomaly applies to the baseline at sample `k`: `1 + (anomaly_factor - 1) e`,
 * with e its envelope (onset ramp, hold, recovery); 1 outside its window.
 *
 * @param anomaly The anomaly.
 * @param k The sample index.
 * @returns m(k).
 *
 * @example A step doubles the value for its whole window
 * ```ts
 * import { anomalyMultiplier } from "@chaos-datagen/chaos-datagen";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const fault = { at: 2, anomaly_factor: 2, pattern: "step", recovery_time: 3 } as const;
 * deepStrictEqual([0, 1, 2, 3, 4, 5].map((k) => anomalyMultiplier(fault, k)), [1, 1, 2, 2, 2, 1]);
 * ```
 */
export function anomalyMultiplier(anomaly: AnomalyShape, k: number): number {
  const onset = anomaly.onset ?? 0;
  const hold = anomaly.hold ?? 0;
  const d = k - anomaly.at;
  if (d < 0 || d >= onset + hold + anomaly.recovery_time) return 1;
  const e = new Float64Array(1);
  fillEnvelope({ ...anomaly, onset, hold, pattern_args: anomaly.pattern_args ?? {} }, d, e);
  return 1 + ((anomaly.anomaly_factor ?? 1) - 1) * e[0];
}
