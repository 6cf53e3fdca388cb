// Micro-benchmarks of the hot parts: the random stream, each sampler, number formatting, CSV
// encoding and block generation. Run with `deno task bench`; compare figures within one run.
import { type Config, createGenerator, CsvEncoder, resolveConfig } from "../mod.ts";
import { ByteWriter } from "../src/formats/bytes.ts";
import { streamKey, Xoshiro128 } from "../src/random/mod.ts";
import * as samplers from "../src/random/samplers.ts";

const N = 1 << 16;
const out = new Float64Array(N);
const rng = Xoshiro128.forBlock(streamKey(1, "bench"), 0);

Deno.bench("xoshiro128** nextU32 x 65536", { group: "random" }, () => {
  for (let i = 0; i < N; i++) out[i] = rng.nextU32();
});
Deno.bench("53-bit doubles x 65536", { group: "random", baseline: true }, () => {
  for (let i = 0; i < N; i++) out[i] = rng.nextDouble();
});
Deno.bench("seed one stream block", { group: "random" }, () => {
  Xoshiro128.forBlock(1234567n, 42);
});

const LAWS: [string, samplers.Sampler][] = [
  ["gaussian", samplers.normal(0, 1)],
  ["uniform", samplers.uniform(0, 1)],
  ["exponential", samplers.exponential(1)],
  ["logistic", samplers.logistic(0, 1)],
  ["laplace", samplers.laplace(0, 1)],
];
for (const [name, sampler] of LAWS) {
  Deno.bench(`${name} x 65536`, { group: "samplers", baseline: name === "uniform" }, () => {
    sampler(rng, out, 0, N);
  });
}

const values = Float64Array.from(
  { length: N },
  (_, i) => Math.round((i * 7.123457 + 0.5) * 1e6) / 1e6,
);
const writer = new ByteWriter(N * 40);
Deno.bench("fixed-point, 6 decimals x 65536", { group: "format", baseline: true }, () => {
  writer.length = 0;
  for (let i = 0; i < N; i++) writer.fixedAt(values, i, 6, 1e6);
});
// Shortest round trip of noisy doubles (17 digits mostly), the engine's and ours.
const noisy = Float64Array.from({ length: N }, (_, i) => 100 + Math.sin(i) / 3);
Deno.bench("shortest round trip, String(x) x 65536", { group: "format" }, () => {
  writer.length = 0;
  for (let i = 0; i < N; i++) writer.shortest(noisy[i]);
});
Deno.bench("shortest round trip, shortestAt x 65536", { group: "format" }, () => {
  writer.length = 0;
  for (let i = 0; i < N; i++) writer.shortestAt(noisy, i);
});
Deno.bench("Number.prototype.toFixed(6) x 65536", { group: "format" }, () => {
  let length = 0;
  for (let i = 0; i < N; i++) length += values[i].toFixed(6).length;
  if (length < 0) throw new Error("unreachable");
});

const generator = createGenerator({
  general: { seed: 1, num_samples: 1 << 20 },
  metrics: {
    a: { value: 30, noise: "gaussian", noise_args: { scale: 0.5 } },
    b: { value: 100, noise: "uniform", noise_args: { high: 0.1 } },
    c: { value: 5, noise: "exponential", noise_args: { scale: 0.1 } },
    d: { value: 10000, noise: "gaussian", noise_args: { scale: 100 } },
    e: { value: 100, noise: "logistic", noise_args: { scale: 0.2 } },
  },
  anomalies: { a: { at: 1000, anomaly_factor: 2, pattern: "linear", recovery_time: 100000 } },
});
const chunk = generator.chunk(0, N);
const metricsCsv = new CsvEncoder(generator.config);
const labelsCsv = new CsvEncoder(generator.config, { kind: "labels" });
Deno.bench("generate 5 metrics x 65536 samples", { group: "pipeline", baseline: true }, () => {
  generator.chunk(N, 2 * N);
});
Deno.bench("metrics.csv of 5 x 65536", { group: "pipeline" }, () => {
  metricsCsv.encode(chunk);
});
Deno.bench("labels.csv of 5 x 65536", { group: "pipeline" }, () => {
  labelsCsv.encode(chunk);
});

// SPEC Part III: a derived metric against a noise-free metric with a season (the bound:
// a formula costs what such a metric costs plus its arithmetic), both beside the same two inputs.
const inputs = {
  requests: { value: 100, noise: "gaussian" as const, noise_args: { scale: 5 } },
  errors: { value: 1, noise: "exponential" as const, noise_args: { scale: 0.5 } },
};
const withSeason = createGenerator({
  general: { seed: 1, num_samples: 1 << 20 },
  metrics: { ...inputs, derived: { value: 0, seasonality: { period: 1440, amplitude: 1 } } },
});
const withFormula = createGenerator({
  general: { seed: 1, num_samples: 1 << 20 },
  metrics: { ...inputs, derived: { formula: "errors / max(requests, 1)" } },
});
const inputsAlone = createGenerator({
  general: { seed: 1, num_samples: 1 << 20 },
  metrics: inputs,
});
Deno.bench("2 inputs alone x 65536", { group: "formula", baseline: true }, () => {
  inputsAlone.chunk(N, 2 * N);
});
Deno.bench("2 inputs + a noise-free seasonal metric x 65536", { group: "formula" }, () => {
  withSeason.chunk(N, 2 * N);
});
Deno.bench("2 inputs + errors / max(requests, 1) x 65536", { group: "formula" }, () => {
  withFormula.chunk(N, 2 * N);
});

// Placing faults by the seed: 10^4 faults of four kinds on 10^6 samples, resolved from scratch.
const placed = {
  general: { seed: 1, num_samples: 1_000_000 },
  metrics: {
    m: { value: 10, noise: "gaussian" as const, seasonality: { period: 1000, amplitude: 2 } },
  },
  anomalies: {
    m: [
      { count: 4000, pattern: "step" as const, offset: [1, 5], recovery_time: [5, 30] },
      { count: 3000, kind: "extremum" as const, size: [4, 9], min_gap: 2 },
      {
        count: 2000,
        kind: "frequency" as const,
        factor: [2, 3],
        pattern: "step" as const,
        recovery_time: [10, 40],
      },
      { count: 1000, kind: "missing" as const, recovery_time: [1, 5] },
    ],
  },
} as Config;
Deno.bench("place 10^4 faults on 10^6 samples", { group: "placement" }, () => {
  resolveConfig(placed);
});
