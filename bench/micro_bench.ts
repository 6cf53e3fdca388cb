// Micro-benchmarks of the hot parts: the random stream, each sampler, number formatting, CSV
// encoding and block generation. Run with `deno task bench`; compare figures within one run.
import { createGenerator, CsvEncoder } from "../mod.ts";
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
