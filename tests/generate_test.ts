// Determinism (spec section 5): same bytes for the same config and seed, whatever the chunk
// size; a metric's numbers depend only on the seed and its name; prefixes are stable.
import { deepStrictEqual, notDeepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { type Config, createGenerator, generate, type MetricConfig } from "../mod.ts";
import { csvBytes } from "./_csv_bytes.ts";

const NOISY: Record<string, MetricConfig> = {
  cpu: { value: 60, noise: "gaussian", noise_args: { scale: 2, smoothing_window: 10 } },
  mem: { value: 2000, noise: "logistic", noise_args: { scale: 10, smoothing_window: 600 } },
  rate: { value: 5, noise: "exponential", noise_args: { scale: 0.1 } },
  disk: { value: 0.5, noise: "uniform", noise_args: { low: -0.1, high: 0.1 }, step_size: 0.01 },
  lat: { value: 20, noise: "laplace", noise_args: { scale: 0.3, smoothing_window: 3 } },
};

const CONFIG: Config = {
  general: { seed: 1234, num_samples: 10_000 },
  metrics: NOISY,
  anomalies: {
    cpu: { at: 40, anomaly_factor: 1.5, pattern: "exponential", recovery_time: 30 },
    lat: [
      { at: 10, anomaly_factor: 3, pattern: "step", recovery_time: 5 },
      { at: 12, anomaly_factor: 0.5, pattern: "oscillating", recovery_time: 80 },
    ],
  },
};

Deno.test("generate() gives the same bytes twice for the same config and seed", () => {
  deepStrictEqual(csvBytes(CONFIG), csvBytes(CONFIG));
});

Deno.test("generate() gives the same bytes for chunk sizes 1, 7, 4096 and the default", () => {
  const config = { ...CONFIG, general: { seed: 9, num_samples: 70_000 } };
  const reference = csvBytes(config);
  for (const chunkSize of [7, 4096, 65536, 70_000]) {
    deepStrictEqual(csvBytes(config, { chunkSize }), reference, `chunk size ${chunkSize}`);
  }
  const small = { ...CONFIG, general: { seed: 9, num_samples: 5000 } };
  deepStrictEqual(csvBytes(small, { chunkSize: 1 }), csvBytes(small));
});

Deno.test("chunks over any sample range equal the same samples of a full run", () => {
  const generator = createGenerator({ ...CONFIG, general: { seed: 2, num_samples: 150_000 } });
  const full = generate(generator.config);
  // Ranges that start inside blocks, across a block boundary and past the reset period.
  for (const [from, to] of [[0, 10], [4095, 4100], [65530, 65600], [70001, 140_000]]) {
    const chunk = [...generator.chunks({ from, to, chunkSize: 1 << 20 })][0];
    generator.names.forEach((name, j) => {
      deepStrictEqual(
        chunk.values[j],
        full.values[name].subarray(from, to),
        `${name} ${from}..${to}`,
      );
    });
  }
});

Deno.test("a metric's column is unchanged when other metrics are added, removed or reordered", () => {
  const alone = generate({ general: { seed: 77, num_samples: 3000 }, metrics: { mem: NOISY.mem } });
  const reordered = generate({
    general: { seed: 77, num_samples: 3000 },
    metrics: { lat: NOISY.lat, mem: NOISY.mem, cpu: NOISY.cpu },
  });
  deepStrictEqual(reordered.values.mem, alone.values.mem);
});

Deno.test("the first n samples are the same whatever num_samples is", () => {
  const short = generate({ ...CONFIG, general: { seed: 5, num_samples: 1000 } });
  const long = generate({ ...CONFIG, general: { seed: 5, num_samples: 200_000 } });
  for (const name of short.names) {
    deepStrictEqual(long.values[name].subarray(0, 1000), short.values[name]);
  }
});

Deno.test("seed 0 is a seed like any other: repeatable, and not seed 1", () => {
  const config = (seed: number): Config => ({ ...CONFIG, general: { seed, num_samples: 100 } });
  deepStrictEqual(generate(config(0)).values, generate(config(0)).values);
  notDeepStrictEqual(generate(config(0)).values.cpu, generate(config(1)).values.cpu);
  strictEqual(generate(config(0)).seed, 0);
});

Deno.test("a config without a seed gets one drawn, reported, and repeatable", () => {
  const config: Config = { general: { num_samples: 200 }, metrics: NOISY };
  const first = generate(config);
  ok(Number.isInteger(first.seed) && first.seed >= 0);
  strictEqual(first.config.general.seed, first.seed);
  const again = generate(config, { seed: first.seed });
  deepStrictEqual(again.values, first.values);
});

Deno.test("options override seed, length and decimals", () => {
  const data = generate(CONFIG, { seed: 3, numSamples: 500, decimals: 2 });
  strictEqual(data.seed, 3);
  strictEqual(data.values.cpu.length, 500);
  ok(data.values.cpu.every((x) => Math.round(x * 100) / 100 === x));
});

Deno.test("values are rounded to step_size, then to decimals", () => {
  const data = generate({
    general: { seed: 1, num_samples: 2000, decimals: 6 },
    metrics: {
      pods: { value: 4, noise: "exponential", noise_args: { scale: 0.48 }, step_size: 1 },
      rt: { value: 0.006, noise: "exponential", noise_args: { scale: 0.0001 }, step_size: 0.00001 },
    },
  });
  ok(data.values.pods.every(Number.isInteger));
  ok(data.values.rt.every((x) => x === Math.round(x * 1e5) / 1e5), "rt on the 1e-5 grid");
});

Deno.test("rounding to decimals goes half to even, as numpy's round does", () => {
  const values = (v: number) =>
    generate({ general: { seed: 1, num_samples: 1, decimals: 1 }, metrics: { m: { value: v } } })
      .values.m[0];
  // 0.35 is stored as 0.34999999999999998, but 0.35 * 10 rounds to 3.5 exactly: numpy gives 0.4.
  deepStrictEqual([0.25, 0.35, -0.25, 0.05, 2.5].map(values), [0.2, 0.4, -0.2, 0, 2.5]);
});

Deno.test("decimals = full keeps every bit of the double", () => {
  const full = generate({ ...CONFIG, general: { seed: 8, num_samples: 100, decimals: "full" } });
  ok(full.values.cpu.some((x) => Math.round(x * 1e6) / 1e6 !== x));
});

Deno.test("with start, the dataset carries each sample's time", () => {
  const data = generate({
    general: { seed: 1, num_samples: 3, start: "2026-01-01T00:00:00Z", interval: "250ms" },
    metrics: { m: { value: 1 } },
  });
  deepStrictEqual([...data.times!], [1767225600000, 1767225600250, 1767225600500]);
});

Deno.test("chunks() refuses a bad chunk size or range", () => {
  const generator = createGenerator(CONFIG);
  throws(() => [...generator.chunks({ chunkSize: 0 })], RangeError);
  throws(() => [...generator.chunks({ from: 5, to: 20_000 })], RangeError);
});

Deno.test("golden values pin the noise stream across block boundaries", () => {
  const data = generate({
    general: { seed: 42, num_samples: 100_001, decimals: "full" },
    metrics: {
      g: { value: 0, noise: "gaussian" },
      s: { value: 0, noise: "exponential", noise_args: { smoothing_window: 7 } },
    },
  });
  const at = (name: string) => [0, 4095, 4096, 100_000].map((k) => data.values[name][k]);
  deepStrictEqual(at("g"), GOLDEN_G);
  deepStrictEqual(at("s"), GOLDEN_S);
});

// Pinned when the stream was defined; they change only with a major version.
const GOLDEN_G = [1.6779816182156324, 1.3125296120267347, -1.8241238933437196, 0.2950955190131969];
const GOLDEN_S = [0.8306932041957771, 1.102583375649262, 1.1824198485091526, 0.7898556577611385];
