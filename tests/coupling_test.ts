// SPEC section 18, metrics that move together: a dependency's `coupling` makes the metric's noise
// follow its parent's, lag samples later,
//
//   n'_j(k) = sqrt(1 - SUM_p c_jp^2) n_j(k) + SUM_p c_jp sd_j n'_p(k - lag_jp) / sd_p,
//
// so corr(n'_j(k), n'_p(k - lag)) = c_jp and the sd stays sd_j; a `decouple` fault sets every c_jp
// to 0 in its window. Statistics on 10^5 samples with fixed seeds; exactness (chunks, random
// access, prefixes, other metrics, workers, shards) byte for byte.
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import {
  type Config,
  ConfigError,
  createGenerator,
  type Dataset,
  generate,
  parseConfig,
} from "../mod.ts";
import { assertSameForAnyWorkers, freshDir, runCli } from "./_run_cli.ts";
import { assertSameBytes } from "./_same_bytes.ts";
import { correlation, std } from "./_stats.ts";

const N = 100_000;

/** A metric's noise: its values less its constant baseline `value`. */
function noise(data: Dataset, name: string): Float64Array {
  const value = data.config.metrics[name].value!;
  return data.values[name].map((x) => x - value);
}

/** corr(x(k), y(k - lag)) over the samples where both exist (and k in [from, to)). */
function laggedCorrelation(
  x: Float64Array,
  y: Float64Array,
  lag: number,
  from = 0,
  to = x.length,
): number {
  const start = Math.max(from, lag);
  return correlation(x.subarray(start, to), y.subarray(start - lag, to - lag));
}

/** Asserts |got - want| <= tolerance, naming what. */
function near(got: number, want: number, tolerance: number, what: string): void {
  ok(Math.abs(got - want) <= tolerance, `${what}: got ${got}, want ${want} +- ${tolerance}`);
}

/** Asserts the sample sd of `x` is within 2% of `sd`. */
function sdKept(x: Float64Array, sd: number, what: string): void {
  const got = std(x);
  ok(Math.abs(got / sd - 1) <= 0.02, `${what}: sd ${got}, want ${sd} within 2%`);
}

/** The bytes of a float array, to compare bit for bit (-0, NaN payloads). */
function bytes(x: Float64Array): Uint8Array {
  return new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
}

/** A parent db (gaussian, sd 2) and a child api (gaussian, sd 0.5) coupled by `coupling`. */
function pair(coupling: number, lag: number): Config {
  return {
    general: { seed: 101, num_samples: N },
    metrics: {
      db: { value: 100, noise: "gaussian", noise_args: { scale: 2 } },
      api: {
        value: 50,
        noise: "gaussian",
        noise_args: { scale: 0.5 },
        depends_on: { db: { weight: 0.8, lag, coupling } },
      },
    },
  };
}

for (const coupling of [0.3, 0.6, -0.5]) {
  for (const lag of [0, 3]) {
    Deno.test(`a child coupled ${coupling} at lag ${lag} correlates ${coupling} with its parent ${lag} samples back, its sd kept`, () => {
      const data = generate(pair(coupling, lag));
      const db = noise(data, "db");
      const api = noise(data, "api");
      near(laggedCorrelation(api, db, lag), coupling, 0.02, "corr(api(k), db(k - lag))");
      sdKept(api, 0.5, "api");
      sdKept(db, 2, "db");
      // The parent's noise is white: only its sample lag back is followed, not the next one.
      near(laggedCorrelation(api, db, lag + 1), 0, 0.02, "corr(api(k), db(k - lag - 1))");
      if (lag > 0) near(laggedCorrelation(api, db, 0), 0, 0.02, "corr(api(k), db(k))");
    });
  }
}

Deno.test("coupling runs down a chain db -> api -> web: corr(web(k), db(k - lag1 - lag2)) = c1 c2, every sd kept, a lag as a duration", () => {
  const data = generate({
    general: { seed: 102, num_samples: N, interval: "10s" },
    metrics: {
      db: { value: 100, noise: "gaussian", noise_args: { scale: 2 } },
      api: {
        value: 50,
        noise: "gaussian",
        noise_args: { scale: 0.5 },
        depends_on: { db: { weight: 0.8, lag: "30s", coupling: 0.8 } },
      },
      web: {
        value: 10,
        noise: "gaussian",
        noise_args: { scale: 5 },
        depends_on: { api: { lag: 2, coupling: 0.6 } },
      },
    },
  });
  const [db, api, web] = ["db", "api", "web"].map((m) => noise(data, m));
  near(laggedCorrelation(api, db, 3), 0.8, 0.02, "corr(api(k), db(k - 3))");
  near(laggedCorrelation(web, api, 2), 0.6, 0.02, "corr(web(k), api(k - 2))");
  near(laggedCorrelation(web, db, 5), 0.8 * 0.6, 0.02, "corr(web(k), db(k - 5))");
  sdKept(db, 2, "db");
  sdKept(api, 0.5, "api");
  sdKept(web, 5, "web");
});

Deno.test("two uncorrelated parents: the child correlates c1 with one and c2 with the other, its sd kept", () => {
  const data = generate({
    general: { seed: 103, num_samples: N },
    metrics: {
      a: { value: 10, noise: "gaussian", noise_args: { scale: 3 } },
      b: { value: 20, noise: "gaussian", noise_args: { scale: 0.1 } },
      child: {
        value: 30,
        noise: "gaussian",
        depends_on: { a: { lag: 0, coupling: 0.5 }, b: { weight: 2, lag: 4, coupling: -0.6 } },
      },
    },
  });
  const [a, b, child] = ["a", "b", "child"].map((m) => noise(data, m));
  near(correlation(a, b), 0, 0.02, "corr(a, b)");
  near(laggedCorrelation(child, a, 0), 0.5, 0.02, "corr(child(k), a(k))");
  near(laggedCorrelation(child, b, 4), -0.6, 0.02, "corr(child(k), b(k - 4))");
  sdKept(child, 1, "child");
});

Deno.test("smoothing and non-gaussian laws (laplace, uniform) keep the correlation at c and the sd at sd_j", () => {
  const data = generate({
    general: { seed: 104, num_samples: N },
    metrics: {
      // sd = scale sqrt 2 / sqrt 5.
      laplace: {
        value: 0,
        noise: "laplace",
        noise_args: { scale: 1, smoothing_window: 5 },
      },
      // sd = 3 / sqrt 12 / sqrt 3.
      uniform: {
        value: 0,
        noise: "uniform",
        noise_args: { low: -1, high: 2, smoothing_window: 3 },
        depends_on: { laplace: { lag: 2, coupling: 0.6 } },
      },
      // The other way round: a laplace child of a raw uniform parent.
      raw_uniform: { value: 0, noise: "uniform", noise_args: { low: 5, high: 6 } },
      laplace_child: {
        value: 0,
        noise: "laplace",
        noise_args: { loc: 1, scale: 0.2, smoothing_window: 2 },
        depends_on: { raw_uniform: { lag: 0, coupling: -0.4 } },
      },
    },
  });
  const v = data.values;
  near(laggedCorrelation(v.uniform, v.laplace, 2), 0.6, 0.02, "corr(uniform(k), laplace(k - 2))");
  sdKept(v.uniform, 3 / Math.sqrt(12) / Math.sqrt(3), "uniform");
  sdKept(v.laplace, Math.SQRT2 / Math.sqrt(5), "laplace");
  near(laggedCorrelation(v.laplace_child, v.raw_uniform, 0), -0.4, 0.02, "corr(laplace_child, u)");
  sdKept(v.laplace_child, 0.2 * Math.SQRT2 / Math.SQRT2, "laplace_child");
});

/** db -> api -> web with a decouple window on api; `coupled` false: api's coupling is 0. */
function decoupled(coupled: boolean): Config {
  return {
    general: { seed: 105, num_samples: N, decimals: "full" },
    metrics: {
      db: { value: 100, noise: "gaussian", noise_args: { scale: 2 } },
      api: {
        value: 50,
        noise: "laplace",
        depends_on: { db: { weight: 0.8, lag: 1, coupling: coupled ? 0.7 : 0 } },
      },
      web: {
        value: 10,
        noise: "gaussian",
        noise_args: { scale: 0.3 },
        depends_on: { api: { lag: 2, coupling: 0.5 } },
      },
    },
    anomalies: coupled ? { api: { kind: "decouple", at: 40_000, recovery_time: 20_000 } } : {},
  };
}

Deno.test("decouple: inside its window the child's noise is its own noise bit for bit, outside it follows the parent; labels mark the window only", () => {
  const data = generate(decoupled(true));
  const twin = generate(decoupled(false));
  const api = data.values.api;
  assertSameBytes(
    bytes(api.subarray(40_000, 60_000)),
    bytes(twin.values.api.subarray(40_000, 60_000)),
    "api inside the window against its uncoupled twin",
  );
  let same = 0;
  for (let k = 0; k < N; k++) {
    if ((k < 40_000 || k >= 60_000) && api[k] === twin.values.api[k]) same++;
  }
  strictEqual(same, 0, "api samples outside the window equal to its uncoupled twin");
  const labels = data.labels.api;
  deepStrictEqual(
    [labels[39_999], labels[40_000], labels[59_999], labels[60_000]],
    [0, 1, 1, 0],
  );
  strictEqual(labels.reduce((a, b) => a + b, 0), 20_000);
  // A decouple reaches no other metric: web is not labelled.
  strictEqual(data.labels.web.reduce((a, b) => a + b, 0), 0);
  const [db, apiNoise, web] = ["db", "api", "web"].map((m) => noise(data, m));
  near(laggedCorrelation(apiNoise, db, 1, 40_000, 60_000), 0, 0.03, "inside: corr(api, db)");
  near(laggedCorrelation(apiNoise, db, 1, 0, 40_000), 0.7, 0.02, "before: corr(api, db)");
  near(laggedCorrelation(apiNoise, db, 1, 60_000), 0.7, 0.02, "after: corr(api, db)");
  // Inside its window api keeps its own full sd: laplace scale 1, sd sqrt 2.
  near(std(apiNoise.subarray(40_000, 60_000)) / Math.SQRT2, 1, 0.03, "inside: sd(api) / sd_api");
  // web follows api's noise as it is: in the window, api's own, so web loses db there.
  near(laggedCorrelation(web, db, 3, 40_002, 60_002), 0, 0.03, "inside: corr(web, db)");
  near(laggedCorrelation(web, db, 3, 0, 40_000), 0.35, 0.02, "before: corr(web, db)");
  near(laggedCorrelation(web, apiNoise, 2), 0.5, 0.02, "corr(web, api) throughout");
});

const EXACT = `[general]
seed = 106
num_samples = ${N}
decimals = "full"

[metrics.db]
value = 20
noise = "gaussian"
noise_args = { scale = 1.5, smoothing_window = 4 }

[metrics.cache]
value = 0.9
noise = "uniform"
noise_args = { low = -0.05, high = 0.05 }

[metrics.api]
value = 80
noise = "laplace"
noise_args = { scale = 2 }
depends_on = { db = { weight = 0.8, lag = 3, coupling = 0.5 }, cache = { weight = 0, lag = 7, coupling = -0.4 } }

[metrics.web]
value = 200
noise = "logistic"
min = 198
depends_on = { api = { lag = 2, coupling = 0.7 } }

[metrics.checkout]
type = "counter"
value = 5
noise = "gaussian"
depends_on = { web = { lag = 1, coupling = 0.3 } }

[[anomalies.db]]
at = 10000
recovery_time = 5000
pattern = "step"
anomaly_factor = 1.5
noise_factor = 3

[[anomalies.api]]
kind = "decouple"
at = 40000
recovery_time = 10000

[[anomalies.web]]
at = 60000
recovery_time = 300
pattern = "linear"
offset = 5
`;

/**
 * The config's metrics uncoupled: its couplings set to 0 (`zero`) or left out, and its decouple
 * faults left out (a decouple needs a coupling to stop).
 */
function uncoupled(toml: string, zero = false): string {
  const out = toml.replaceAll(
    /\[\[anomalies\.\w+\]\]\nkind = "decouple"\n(?:\w+ = [^\n]*\n)*/g,
    "",
  );
  return zero
    ? out.replaceAll(/coupling = -?0\.\d+/g, "coupling = 0")
    : out.replaceAll(/, coupling = -?0\.\d+/g, "");
}

/** Every metric's values and labels, made chunk by chunk. */
function byChunks(config: Config, chunkSize: number, from = 0, to = N): Dataset["values"][] {
  const generator = createGenerator(config);
  const values = generator.names.map(() => new Float64Array(to - from));
  const labels = generator.names.map(() => new Float64Array(to - from));
  for (const chunk of generator.chunks({ chunkSize, from, to })) {
    chunk.values.forEach((v, j) => values[j].set(v, chunk.from - from));
    chunk.labels.forEach((l, j) => labels[j].set(l, chunk.from - from));
  }
  const named = (columns: Float64Array[]) =>
    Object.fromEntries(generator.names.map((name, j) => [name, columns[j]]));
  return [named(values), named(labels)];
}

function assertSameColumns(
  got: Dataset["values"],
  want: Dataset["values"],
  what: string,
  from = 0,
): void {
  deepStrictEqual(Object.keys(got), Object.keys(want), `${what}: the columns`);
  for (const name of Object.keys(want)) {
    const w = want[name].subarray(from, from + got[name].length);
    assertSameBytes(bytes(got[name]), bytes(w), `${what}: ${name}`);
  }
}

Deno.test("coupled values are the same bytes for chunk sizes 1, 7, 4096 and 10^5", () => {
  const config = parseConfig(EXACT);
  const [values, labels] = byChunks(config, N);
  for (const size of [7, 4096]) {
    const [v, l] = byChunks(config, size);
    assertSameColumns(v, values, `chunks of ${size}`);
    assertSameColumns(l, labels, `labels in chunks of ${size}`);
  }
  // A sample at a time over the first lags and over api's decouple window [40000, 50000).
  for (const [from, to] of [[0, 2000], [38_000, 52_000]]) {
    const [v, l] = byChunks(config, 1, from, to);
    assertSameColumns(v, values, `chunks of 1 from ${from}`, from);
    assertSameColumns(l, labels, `labels in chunks of 1 from ${from}`, from);
  }
  // Not a trivial agreement: the coupling moved api off its own noise.
  const twin = generate(parseConfig(uncoupled(EXACT)));
  ok(values.api.some((x, k) => x !== twin.values.api[k]));
});

Deno.test("coupled values at a late sample are the same bytes by random access and by a range that starts far in", () => {
  const config = parseConfig(EXACT);
  const [values] = byChunks(config, 4096);
  const generator = createGenerator(config);
  for (const [from, to] of [[99_000, 100_000], [40_005, 40_006], [49_999, 50_003], [3, 4]]) {
    const chunk = generator.chunk(from, to);
    const late = Object.fromEntries(generator.names.map((name, j) => [name, chunk.values[j]]));
    assertSameColumns(late, values, `chunk(${from}, ${to})`, from);
  }
  const [range] = byChunks(config, 333, 77_777, 80_001);
  assertSameColumns(range, values, "chunks of 333 from 77777", 77_777);
});

Deno.test("coupled values are prefix stable, and do not move when unrelated metrics (and a new child) are added", () => {
  const config = parseConfig(EXACT);
  const whole = generate(config).values;
  const prefix = generate(config, { numSamples: 70_001 }).values;
  assertSameColumns(prefix, whole, "the first 70001 samples");
  const more = generate(parseConfig(
    EXACT.replace(
      "[metrics.db]",
      `[metrics.aaa]\nvalue = 1\nnoise = "gaussian"\n\n[metrics.db]`,
    ) +
      `[metrics.zzz]\nvalue = 5\nnoise = "gaussian"\ndepends_on = { db = { lag = 1, coupling = 0.9 }, aaa = { coupling = 0.1 } }\n`,
  )).values;
  for (const name of Object.keys(whole)) {
    assertSameBytes(bytes(more[name]), bytes(whole[name]), `${name} with aaa and zzz added`);
  }
});

Deno.test("coupling 0 gives exactly the bytes of no coupling key: values, labels, effects, faults, and the CLI's files", async () => {
  const zero = uncoupled(EXACT, true);
  const none = uncoupled(EXACT);
  ok(zero.includes("coupling = 0") && !none.includes("coupling") && !none.includes("decouple"));
  const a = generate(parseConfig(zero));
  const b = generate(parseConfig(none));
  for (const name of a.names) {
    assertSameBytes(bytes(a.values[name]), bytes(b.values[name]), `${name} values`);
    deepStrictEqual(a.labels[name], b.labels[name], `${name} labels`);
    assertSameBytes(bytes(a.effects[name]), bytes(b.effects[name]), `${name} effects`);
  }
  deepStrictEqual(a.anomalies, b.anomalies);
  const dir = await freshDir("coupling_zero");
  for (const [name, toml] of [["zero", zero], ["none", none]]) {
    await Deno.writeTextFile(`${dir}/${name}.toml`, toml);
    const out = `${dir}/${name}`;
    const run = await runCli(["-c", `${dir}/${name}.toml`, "-o", out, "-q", "--effects"]);
    strictEqual(run.status, 0, run.stderr.join("\n"));
  }
  for (const file of ["metrics.csv", "labels.csv", "effects.csv"]) {
    assertSameBytes(
      await Deno.readFile(`${dir}/zero/${file}`),
      await Deno.readFile(`${dir}/none/${file}`),
      file,
    );
  }
});

Deno.test("coupling moves only the noise: the parent, every effect and every label but the decouple window are those of the uncoupled run", () => {
  const coupled = generate(parseConfig(EXACT));
  const twin = generate(parseConfig(uncoupled(EXACT)));
  assertSameBytes(bytes(coupled.values.db), bytes(twin.values.db), "db");
  for (const name of coupled.names) {
    assertSameBytes(bytes(coupled.effects[name]), bytes(twin.effects[name]), `${name} effects`);
    const labels = coupled.labels[name].slice();
    // api's decouple window [40000, 50000) is labelled; the twin has no decouple.
    if (name === "api") {
      ok(labels.subarray(40_000, 50_000).every((l) => l === 1));
      labels.fill(0, 40_000, 50_000);
    }
    deepStrictEqual(labels, twin.labels[name], `${name} labels`);
  }
});

Deno.test("the CLI writes the same bytes with 0, 1 and 2 workers and any block size, and shards put together equal one run", async () => {
  const dir = await freshDir("coupling_workers");
  await Deno.writeTextFile(`${dir}/c.toml`, EXACT);
  const files = ["metrics.csv", "labels.csv", "effects.csv", "manifest.json"];
  for (const [sub, size] of [["a", "5000"], ["b", "12289"]]) {
    await assertSameForAnyWorkers(`${dir}/${sub}`, `${dir}/c.toml`, files, [
      "--effects",
      "--chunk-size",
      size,
    ]);
  }
  const whole = await Deno.readTextFile(`${dir}/a/w0/metrics.csv`);
  const parts: string[] = [];
  for (const k of [0, 1, 2]) {
    const out = `${dir}/shard${k}`;
    const run = await runCli(["-c", `${dir}/c.toml`, "-o", out, "-q", "--shard", `${k}/3`]);
    strictEqual(run.status, 0, run.stderr.join("\n"));
    const text = await Deno.readTextFile(`${out}/metrics.csv`);
    parts.push(k === 0 ? text : text.slice(text.indexOf("\n") + 1));
  }
  strictEqual(parts.join(""), whole);
});

Deno.test("a parent whose noise has sd 0 cannot be coupled to: refused at the coupling's key path", () => {
  const toml = `[general]\nnum_samples = 10\n[metrics.db]\nvalue = 1\nnoise = "gaussian"\n` +
    `noise_args = { scale = 0 }\n[metrics.api]\nvalue = 1\nnoise = "gaussian"\n` +
    `depends_on = { db = { coupling = 0.5 } }\n`;
  throws(() => parseConfig(toml), (error: unknown) => {
    ok(error instanceof ConfigError, String(error));
    const lines = error.message.split("\n");
    strictEqual(lines.length, 1, error.message);
    ok(lines[0].startsWith("metrics.api.depends_on.db.coupling: "), error.message);
    return true;
  });
});
