// Faults that spread (SPEC section 13): the multiplier of every pattern fault that reaches a
// parent reaches its children `lag` samples later, scaled by `weight`,
//
//     M_j(k) = M_j_own(k) * PRODUCT_p (1 + weight_jp * (M_p(k - lag_jp) - 1)),
//
// worked out in closed form for any range of samples (a parent's multiplier at k - lag from its
// own faults and its parents'), so random access, chunks and workers stay exact.

import type { ResolvedPatternFault } from "../config/types.ts";
import { fillEnvelope } from "../config/patterns.ts";

/** One dependency: the parent's index among the metrics, its weight and its lag in samples. */
export interface Parent {
  readonly index: number;
  readonly weight: number;
  readonly lag: number;
}

/** What spreading needs of a metric: its pattern faults and its parents. */
export interface SpreadSource {
  readonly faults: readonly ResolvedPatternFault[];
  readonly parents: readonly Parent[];
}

/** A pattern fault spreads when it moves the multiplier (anomaly_factor != 1). */
export function spreads(fault: ResolvedPatternFault): boolean {
  return fault.anomaly_factor !== 1;
}

/**
 * Multiplies `out` (samples from .. from + out.length) by what metric `j` inherits from its
 * parents, and marks in `spread` the samples a spreading fault reaches it at.
 */
export function inherit(
  sources: readonly SpreadSource[],
  j: number,
  from: number,
  out: Float64Array,
  spread: Uint8Array,
): void {
  for (const { index, weight, lag } of sources[j].parents) {
    const parent = new Float64Array(out.length);
    const reached = new Uint8Array(out.length);
    total(sources, index, from - lag, parent, reached);
    for (let i = 0; i < out.length; i++) out[i] *= 1 + weight * (parent[i] - 1);
    if (weight !== 0) { for (let i = 0; i < out.length; i++) spread[i] |= reached[i]; }
  }
}

/** M_j over from .. from + out.length (1 before sample 0), and where spreading faults reach j. */
function total(
  sources: readonly SpreadSource[],
  j: number,
  from: number,
  out: Float64Array,
  reached: Uint8Array,
): void {
  out.fill(1);
  const to = from + out.length;
  for (const fault of sources[j].faults) {
    if (!spreads(fault)) continue;
    const lo = Math.max(from, fault.at);
    const hi = Math.min(to, fault.at + fault.onset + fault.hold + fault.recovery_time);
    if (lo >= hi) continue;
    const e = new Float64Array(hi - lo);
    fillEnvelope(fault, lo - fault.at, e);
    for (let k = lo; k < hi; k++) {
      out[k - from] *= 1 + (fault.anomaly_factor - 1) * e[k - lo];
      reached[k - from] = 1;
    }
  }
  inherit(sources, j, from, out, reached);
}
