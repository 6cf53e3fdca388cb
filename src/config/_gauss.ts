// The standard normal distribution function and its inverse, to double precision: what the
// distributions of histogram and summary metrics are made of (a log-normal is a normal of ln x).

import { ERFCX, PIECES, TERMS } from "./_erfcx_table.ts";

/**
 * erfc(x) e^(x^2) for x >= 0: with t = 2 / (2 + x) in (0, 1], t times a Chebyshev polynomial of
 * the piece of (0, 1] t lies in (fitted in 40 digits by bench/peers/erfcx_table.py; 3e-16 apart
 * from the true value). Clenshaw's recurrence evaluates it.
 */
function erfcx(x: number): number {
  const t = 2 / (2 + x);
  const piece = Math.min(PIECES - 1, Math.floor(t * PIECES));
  // u in [-1, 1] across the piece.
  const u = 2 * (t * PIECES - piece) - 1;
  const base = piece * TERMS;
  let b1 = 0;
  let b2 = 0;
  for (let n = TERMS - 1; n > 0; n--) {
    const b0 = 2 * u * b1 - b2 + ERFCX[base + n];
    b2 = b1;
    b1 = b0;
  }
  return t * (u * b1 - b2 + ERFCX[base]);
}

/** e^(-z^2 / 2), with z^2 split so that its rounding does not reach the exponent. */
function gaussian(z: number): number {
  const high = Math.trunc(z * 16) / 16;
  return Math.exp(-high * high / 2) * Math.exp(-(z - high) * (z + high) / 2);
}

/**
 * Φ(z), the standard normal distribution function, with full relative precision in both tails.
 *
 * @param z Any number; NaN gives NaN.
 * @returns P(Z <= z).
 *
 * @example
 * ```ts
 * import { normalCdf } from "./_gauss.ts";
 * import { ok, strictEqual } from "node:assert/strict";
 *
 * strictEqual(normalCdf(0), 0.5);
 * // scipy.stats.norm.cdf(-10) = 7.619853024160527e-24
 * ok(Math.abs(normalCdf(-10) / 7.619853024160527e-24 - 1) < 1e-13);
 * ```
 */
export function normalCdf(z: number): number {
  // Beyond 40 deviations the tail is below the smallest double.
  if (z > 40) return 1;
  if (z < -40) return 0;
  if (z !== z) return NaN;
  if (z === 0) return 0.5;
  // Φ(z) = erfc(-z / sqrt 2) / 2: the tail on the side of z, then its complement.
  const tail = gaussian(z) * erfcx(Math.abs(z) / Math.SQRT2) / 2;
  return z < 0 ? tail : 1 - tail;
}

/**
 * Φ⁻¹(p): bisection to a bracket, then Newton's steps (Φ' is the normal density).
 *
 * @param p A probability, 0 < p < 1.
 * @returns z with Φ(z) = p.
 *
 * @example
 * ```ts
 * import { normalQuantile } from "./_gauss.ts";
 * import { ok } from "node:assert/strict";
 *
 * // scipy.stats.norm.ppf(0.99) = 2.3263478740408408
 * ok(Math.abs(normalQuantile(0.99) - 2.3263478740408408) < 1e-14);
 * ```
 */
export function normalQuantile(p: number): number {
  // The median exactly: a summary's p50 is then the location itself.
  if (p === 0.5) return 0;
  let lo = -40;
  let hi = 40;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  let z = (lo + hi) / 2;
  for (let i = 0; i < 8; i++) {
    const density = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
    const step = (normalCdf(z) - p) / density;
    if (!Number.isFinite(step)) break;
    z -= step;
    if (Math.abs(step) < 1e-15 * Math.max(1, Math.abs(z))) break;
  }
  return z;
}
