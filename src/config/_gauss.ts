// The standard normal distribution function and its inverse, to double precision: what the
// distributions of histogram and summary metrics are made of (a log-normal is a normal of ln x).

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const ONE_OVER_SQRT_PI = 1 / Math.sqrt(Math.PI);
/**
 * Where erfc switches from 1 - erf by its series to the continued fraction: each takes at most
 * about 40 steps there, and 1 - erf loses nothing that counts (its absolute error stays 1e-16).
 */
const SERIES_BELOW = 2.5;

/**
 * erfc(x) for x >= 0: the series of erf below 2.5 (all its terms positive, so nothing cancels),
 * the continued fraction above, where it converges in a few dozen steps.
 */
function erfcPositive(x: number): number {
  if (x < SERIES_BELOW) {
    // erf(x) = 2/sqrt(pi) e^(-x^2) sum 2^n x^(2n+1) / (1 3 5 .. (2n+1))
    const x2 = 2 * x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= x2 / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return 1 - TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
  }
  // erfc(x) = e^(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ..)))), by Lentz's method.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 5000; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? 1 / tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return ONE_OVER_SQRT_PI * Math.exp(-x * x) / f;
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
  const x = -z / Math.SQRT2;
  return x >= 0 ? 0.5 * erfcPositive(x) : 1 - 0.5 * erfcPositive(-x);
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
