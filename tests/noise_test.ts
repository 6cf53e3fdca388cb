// Each noise law matches its distribution (Kolmogorov-Smirnov at n = 10^5, fixed seeds), with
// the mean and spread its arguments give; smoothing shrinks the spread by sqrt(window) with no
// edge effect.
import { ok } from "node:assert/strict";
import { generate, type NoiseArgs, type NoiseName } from "../mod.ts";
import { cdf, correlation, ksCritical, ksStatistic, mean, std } from "./_stats.ts";

const N = 100_000;

/** The pure noise of one metric: base value 0, no rounding. */
function noise(law: NoiseName, args: NoiseArgs, n = N, seed = 2026, name = "m"): Float64Array {
  const data = generate({
    general: { seed, num_samples: n, decimals: "full" },
    metrics: { [name]: { value: 0, noise: law, noise_args: args } },
  });
  return data.values[name];
}

const LAWS: {
  law: NoiseName;
  args: NoiseArgs;
  f: (x: number) => number;
  mean: number;
  std: number;
}[] = [
  { law: "gaussian", args: { loc: 3, scale: 2 }, f: cdf.normal(3, 2), mean: 3, std: 2 },
  { law: "normal", args: {}, f: cdf.normal(0, 1), mean: 0, std: 1 },
  {
    law: "uniform",
    args: { low: -1, high: 3 },
    f: cdf.uniform(-1, 3),
    mean: 1,
    std: 4 / Math.sqrt(12),
  },
  { law: "exponential", args: { scale: 0.5 }, f: cdf.exponential(0.5), mean: 0.5, std: 0.5 },
  {
    law: "logistic",
    args: { loc: 10, scale: 0.2 },
    f: cdf.logistic(10, 0.2),
    mean: 10,
    std: 0.2 * Math.PI / Math.sqrt(3),
  },
  {
    law: "laplace",
    args: { loc: -5, scale: 3 },
    f: cdf.laplace(-5, 3),
    mean: -5,
    std: 3 * Math.SQRT2,
  },
];

for (const { law, args, f, mean: m, std: s } of LAWS) {
  Deno.test(`${law} noise passes Kolmogorov-Smirnov at n = 1e5 against its CDF`, () => {
    const sample = noise(law, args);
    const d = ksStatistic(sample, f);
    ok(d < ksCritical(N), `D = ${d}, critical ${ksCritical(N)}`);
  });

  Deno.test(`${law} noise has the mean and spread its arguments give`, () => {
    const sample = noise(law, args, N, 7);
    // Standard error of the mean is s / sqrt(N); 5 of them is far beyond chance.
    ok(Math.abs(mean(sample) - m) < 5 * s / Math.sqrt(N), `mean ${mean(sample)} vs ${m}`);
    ok(Math.abs(std(sample) / s - 1) < 0.02, `std ${std(sample)} vs ${s}`);
  });
}

Deno.test("the normal sampler reaches its tails at the rate the law gives", () => {
  const sample = noise("gaussian", {}, 1_000_000, 11);
  let beyond = 0;
  for (const x of sample) if (Math.abs(x) > 3.442619855899) beyond++;
  // P(|Z| > 3.4426) = 5.76e-4: about 576 of 10^6, sd 24.
  ok(Math.abs(beyond - 576) < 120, `${beyond} beyond the ziggurat's base`);
});

Deno.test("uniform noise stays in [low, high)", () => {
  const sample = noise("uniform", { low: 2, high: 2.5 });
  ok(sample.every((x) => x >= 2 && x < 2.5));
});

Deno.test("a scale of 0 gives no noise at all", () => {
  ok(noise("gaussian", { loc: 1, scale: 0 }, 1000).every((x) => x === 1));
  ok(noise("exponential", { scale: 0 }, 1000).every((x) => x === 0));
});

Deno.test("smoothing over w draws shrinks the spread by sqrt(w) and keeps the mean", () => {
  const w = 16;
  const sample = noise("gaussian", { loc: 1, scale: 2, smoothing_window: w });
  ok(Math.abs(std(sample) - 2 / Math.sqrt(w)) < 0.05 * 2 / Math.sqrt(w), `std ${std(sample)}`);
  ok(Math.abs(mean(sample) - 1) < 0.02);
  // A moving mean of w draws has lag-1 autocorrelation (w - 1) / w.
  const r = correlation(sample.subarray(0, N - 1), sample.subarray(1));
  ok(Math.abs(r - 15 / 16) < 0.01, `lag-1 correlation ${r}`);
});

Deno.test("smoothing has no edge effect: the first sample is as spread as any other", () => {
  // Sample 0 and sample 500 of 2000 metrics (each its own stream): both spreads are 1/sqrt(w).
  const w = 25;
  const metrics = Object.fromEntries(
    Array.from({ length: 2000 }, (_, i) => [
      `m${i}`,
      { value: 0, noise: "gaussian" as const, noise_args: { smoothing_window: w } },
    ]),
  );
  const data = generate({ general: { seed: 3, num_samples: 501, decimals: "full" }, metrics });
  const first = data.names.map((name) => data.values[name][0]);
  const later = data.names.map((name) => data.values[name][500]);
  for (const [label, xs] of [["first", first], ["later", later]] as const) {
    // The sd of a sample sd over 2000 draws is about 1.6%; allow 5%.
    ok(Math.abs(std(xs) * Math.sqrt(w) - 1) < 0.05, `${label}: ${std(xs) * Math.sqrt(w)}`);
  }
});

Deno.test("two metrics with the same law draw independent noise", () => {
  const data = generate({
    general: { seed: 1234, num_samples: N, decimals: "full" },
    metrics: {
      a: { value: 0, noise: "gaussian" },
      b: { value: 0, noise: "gaussian" },
    },
  });
  // Under independence r has sd 1/sqrt(N) = 0.003.
  const r = correlation(data.values.a, data.values.b);
  ok(Math.abs(r) < 0.015, `correlation ${r}`);
});
