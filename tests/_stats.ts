// Distribution helpers for the statistical tests: CDFs of the noise laws and the
// Kolmogorov-Smirnov statistic.

/** erf, Abramowitz and Stegun 7.1.26 (error < 1.5e-7, far below the KS tolerances used). */
export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t * Math.exp(-a * a);
  return sign * y;
}

export const cdf = {
  normal: (loc: number, scale: number) => (x: number) =>
    0.5 * (1 + erf((x - loc) / (scale * Math.SQRT2))),
  uniform: (low: number, high: number) => (x: number) =>
    x <= low ? 0 : x >= high ? 1 : (x - low) / (high - low),
  exponential: (scale: number) => (x: number) => x <= 0 ? 0 : 1 - Math.exp(-x / scale),
  logistic: (loc: number, scale: number) => (x: number) => 1 / (1 + Math.exp(-(x - loc) / scale)),
  laplace: (loc: number, scale: number) => (x: number) =>
    x < loc ? 0.5 * Math.exp((x - loc) / scale) : 1 - 0.5 * Math.exp(-(x - loc) / scale),
};

/** The Kolmogorov-Smirnov statistic D of a sample against a CDF. */
export function ksStatistic(sample: Float64Array, f: (x: number) => number): number {
  const sorted = Float64Array.from(sample).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const F = f(sorted[i]);
    d = Math.max(d, F - i / n, (i + 1) / n - F);
  }
  return d;
}

/** The KS critical value at significance 0.001 for n samples (asymptotic). */
export function ksCritical(n: number): number {
  return 1.949 / Math.sqrt(n);
}

export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

export function std(x: ArrayLike<number>): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) ** 2;
  return Math.sqrt(s / (x.length - 1));
}

export function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
