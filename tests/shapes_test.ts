// SPEC section 15 beyond waveforms: jumps among levels, derived metrics by formula, and the
// research shapes, as properties: what values they take, how often they switch, that missing
// stays missing and truth follows the inputs, and that any piece of a series equals the same
// samples of a whole run (chunks, workers, random access).
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { type Config, createGenerator, generate, parseConfig } from "../mod.ts";
import { FormulaProgram, parseFormula } from "../src/config/formula.ts";
import { assertSameForAnyWorkers, freshDir } from "./_run_cli.ts";

function one(metric: Record<string, unknown>, n = 20000, seed = 5): Config {
  return {
    general: { seed, num_samples: n, decimals: "full" },
    metrics: { m: { value: 0, ...metric } },
  } as Config;
}

/** Asserts that random pieces of a config's run equal the same samples of the whole run. */
function assertPiecesEqualWhole(config: Config): void {
  const whole = generate(config);
  const generator = createGenerator(config);
  const n = config.general.num_samples;
  // Backwards, then forwards with gaps, then overlapping: every way a cursor can be caught out.
  const pieces = [
    [n - 100, n],
    [n / 2, n / 2 + 7],
    [1, 2],
    [0, 5000],
    [12345, 12346],
    [
      n - 3000,
      n - 1000,
    ],
    [7000, 9000],
    [100, 17000],
  ];
  for (const [from, to] of pieces) {
    const chunk = generator.chunk(from, to);
    for (const name of whole.names) {
      const j = whole.names.indexOf(name);
      deepStrictEqual(
        Array.from(chunk.values[j]),
        Array.from(whole.values[name].subarray(from, to)),
        `${name} ${from}..${to}`,
      );
    }
  }
}

Deno.test("jumps start at the first level, take only the levels given, and switch at the rate interval / every", () => {
  const levels = [3, 6, 12, 24];
  const n = 200000;
  const x = generate(one({ jumps: { levels, every: 400 } }, n)).values.m;
  ok(x.every((v) => levels.includes(v)), "only the levels");
  let switches = 0;
  const transitions = new Map<string, number>();
  for (let k = 1; k < n; k++) {
    if (x[k] === x[k - 1]) continue;
    switches++;
    const key = `${x[k - 1]}>${x[k]}`;
    transitions.set(key, (transitions.get(key) ?? 0) + 1);
  }
  // Each sample jumps with p = 1/400, and a jump always changes the level: Binomial(n - 1, p).
  const p = 1 / 400;
  const expected = (n - 1) * p;
  ok(Math.abs(switches - expected) < 4 * Math.sqrt(expected * (1 - p)), `${switches} switches`);
  // Uniform over the other levels: 12 transitions, each about switches / 12.
  strictEqual(transitions.size, 12);
  for (const [key, count] of transitions) {
    ok(Math.abs(count - switches / 12) < 5 * Math.sqrt(switches / 12), `${key}: ${count}`);
  }
  // Before the first jump the level is levels[0].
  const first = x.findIndex((v) => v !== x[0]);
  ok(first > 0);
  strictEqual(x[0], 3, "the first level until the first jump (seed 5 has none at sample 0)");
});

Deno.test("jumps, cbf, mls, ecg, dirichlet and polynomial give any piece the same samples as the whole run", () => {
  assertPiecesEqualWhole({
    general: { seed: 9, num_samples: 20000, decimals: "full" },
    metrics: {
      jumps: { value: 1, jumps: { levels: [0, 5, -5], every: 50 } },
      cbf: { value: 0, shape: { kind: "cbf", "variance-pattern-length": 3 } },
      mls: { value: 0, shape: { kind: "mls", complexity: 9, smoothing: 0.1 } },
      ecg: { value: 0, shape: { kind: "ecg", frequency: 7.3 } },
      dirichlet: { value: 0, shape: { kind: "dirichlet", frequency: 3, periodicity: 5 } },
      polynomial: { value: 0, shape: { kind: "polynomial", polynomial: [1, -0.5, 1e-6] } },
      ratio: { formula: "jumps / max(abs(cbf), 0.5) + min(mls, ecg, dirichlet)" },
    },
  } as Config);
});

Deno.test("jumps, shapes and formulas are the same bytes for 0, 1 and 2 workers and any chunk size", async () => {
  const dir = await freshDir("shapes_workers");
  await Deno.writeTextFile(
    `${dir}/c.toml`,
    `[general]\nseed = 2\nnum_samples = 300000\n` +
      `[metrics.replicas]\nvalue = 0\njumps = { levels = [2, 4, 8], every = 3000 }\n` +
      `[metrics.cbf]\nvalue = 0\nshape = { kind = "cbf", "avg-pattern-length" = 50 }\nnoise = "gaussian"\n` +
      `[metrics.per_replica]\nformula = "cbf / replicas"\n`,
  );
  await assertSameForAnyWorkers(dir, `${dir}/c.toml`, ["metrics.csv", "labels.csv"], [
    "--chunk-size",
    "999",
  ]);
});

Deno.test("a formula is its expression over the inputs' final values, rounded as every value is", () => {
  const data = generate(parseConfig(`[general]
seed = 1
num_samples = 3000
[metrics.requests_rate]
value = 100
noise = "gaussian"
noise_args = { scale = 60 }
[metrics.errors_rate]
value = 2
noise = "uniform"
[metrics.error_ratio]
formula = "errors_rate / max(requests_rate, 1)"
[metrics.spread]
formula = "abs(requests_rate - 100) * 2 - -1 + min(errors_rate, 1.5, 9)"
`));
  const { requests_rate: r, errors_rate: e, error_ratio: q, spread: s } = data.values;
  const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
  let clamped = 0;
  for (let k = 0; k < 3000; k++) {
    ok(Math.abs(q[k] - round6(e[k] / Math.max(r[k], 1))) <= 1e-12, `ratio at ${k}`);
    ok(
      Math.abs(s[k] - round6(Math.abs(r[k] - 100) * 2 + 1 + Math.min(e[k], 1.5, 9))) <= 1e-9,
      `spread at ${k}`,
    );
    if (r[k] < 1) clamped++;
  }
  ok(clamped > 0, "max(requests_rate, 1) was needed somewhere");
});

Deno.test("a formula over a missing sample is missing, and a division by 0 is missing, not infinite", () => {
  const data = generate(parseConfig(`[general]
num_samples = 100
seed = 1
[metrics.a]
value = 4
[metrics.b]
value = 0
jumps = { levels = [0, 2], every = 10 }
[metrics.q]
formula = "a / b"
[[anomalies.a]]
kind = "missing"
at = 40
recovery_time = 10
`));
  const { a, b, q } = data.values;
  for (let k = 0; k < 100; k++) {
    if (k >= 40 && k < 50) ok(Number.isNaN(q[k]), `missing input at ${k}`);
    else if (b[k] === 0) ok(Number.isNaN(q[k]), `0 divisor at ${k}`);
    else strictEqual(q[k], a[k] / b[k]);
  }
  ok(b.some((x) => x === 0) && b.some((x) => x === 2));
});

Deno.test("a derived metric is labelled where an input is, and each fault lists it in its effects", () => {
  const data = generate(parseConfig(`[general]
num_samples = 400
seed = 1
[metrics.up]
value = 10
[metrics.a]
value = 1
depends_on = { up = { weight = 1, lag = 5 } }
[metrics.b]
value = 2
[metrics.noisy]
value = 0
noise = "gaussian"
[metrics.sum]
formula = "a + b"
[metrics.twice]
formula = "2 * sum + 0 * noisy"
[[anomalies.up]]
at = 100
recovery_time = 20
pattern = "step"
anomaly_factor = 3
[[anomalies.noisy]]
kind = "extremum"
at = 300
size = 5
`));
  const labelled = (x: Uint8Array) => [...x.keys()].filter((k) => x[k] === 1);
  const window = Array.from({ length: 20 }, (_, i) => 105 + i);
  deepStrictEqual(labelled(data.labels.sum), window);
  deepStrictEqual(labelled(data.labels.twice), [...window, 300]);
  const [up, spike] = data.anomalies;
  deepStrictEqual(
    up.effects.map((e) => [e.metric, e.first_sample, e.last_sample, e.path.join(">")]),
    [
      ["a", 105, 124, "up>a"],
      ["sum", 105, 124, "up>a>sum"],
      ["twice", 105, 124, "up>a>sum>twice"],
    ],
  );
  deepStrictEqual(spike.effects.map((e) => [e.metric, e.first_sample, e.path.join(">")]), [
    ["twice", 300, "noisy>twice"],
  ]);
  // The spreading fault triples a from 1 to 3 in its window: sum moves by 2, twice by 4.
  strictEqual(data.values.sum[110] - data.values.sum[90], 2);
  strictEqual(data.values.twice[110] - data.values.twice[90], 4);
});

Deno.test("a derived metric's effect truth is the formula less the formula over its inputs without their faults", async () => {
  const { createGenerator } = await import("../mod.ts");
  const config = parseConfig(`[general]
num_samples = 200
seed = 1
[metrics.a]
value = 10
[metrics.b]
value = 4
[metrics.q]
formula = "a / b"
[[anomalies.a]]
at = 50
recovery_time = 10
pattern = "step"
offset = 10
`);
  const generator = createGenerator(config, { effects: true });
  const [chunk] = generator.chunks({ chunkSize: 200 });
  const q = chunk.effects[2];
  // 20 / 4 - 10 / 4 = 2.5 inside the window, 0 outside.
  strictEqual(q[49], 0);
  strictEqual(q[50], 2.5);
  strictEqual(q[59], 2.5);
  strictEqual(q[60], 0);
});

Deno.test("a formula compiles to steps over whole arrays: constants fold, NaN stays NaN through min and max", () => {
  const program = new FormulaProgram(parseFormula("max(x, 2 * 3) - min('odd-name', -x) / abs(-4)"));
  deepStrictEqual(program.inputs, ["x", "odd-name"]);
  const out = new Float64Array(3);
  program.evaluate([new Float64Array([1, 10, NaN]), new Float64Array([8, -20, 1])], out);
  deepStrictEqual(Array.from(out), [6 - (-1) / 4, 10 - (-20) / 4, NaN]);
});

Deno.test("the ecg shape repeats every 6000 / gcd(rate, 6000) samples; dirichlet peaks at A on k = 0", () => {
  // 10 beats per 100 samples: int(60 * 10) = 600 a minute, a beat every 10 samples.
  const ecg = generate(one({ shape: { kind: "ecg", frequency: 10, amplitude: 2 } }, 200)).values.m;
  for (let k = 0; k < 190; k++) strictEqual(ecg[k + 10], ecg[k]);
  const d = generate(one({ shape: { kind: "dirichlet", frequency: 5, amplitude: 3 } }, 100))
    .values.m;
  strictEqual(d[0], 3);
  // Periodicity 6 (even): the sign flips every 100 / f samples and the period is 2 * 100 / f.
  ok(Math.abs(d[20] + 3) < 1e-9);
  ok(Math.abs(d[40] - 3) < 1e-9);
});

Deno.test("mls spans [-A, A] exactly and repeats every 2^complexity - 1 samples", () => {
  const x = generate(one({ shape: { kind: "mls", complexity: 6, amplitude: 2 } }, 1000)).values.m;
  strictEqual(Math.max(...x), 2);
  strictEqual(Math.min(...x), -2);
  for (let k = 0; k < 1000 - 63; k++) strictEqual(x[k + 63], x[k]);
  // Unsmoothed (smoothing 0.01 is a window of 1), each step is one step of the walk.
  const step = new Set(Array.from({ length: 62 }, (_, k) => Math.abs(x[k + 1] - x[k]).toFixed(9)));
  strictEqual(step.size, 1);
});

Deno.test("cbf: patterns of the mean length, heights N(A, sd), half of them negated, 0 between", () => {
  const n = 400000;
  const x = generate(one({
    shape: { kind: "cbf", amplitude: 3, "avg-pattern-length": 20, "variance-amplitude": 0 },
  }, n)).values.m;
  // With no height deviation every pattern peaks at +-3: cylinders are flat at +-3.
  let inside = 0;
  let positive = 0;
  let negative = 0;
  for (const v of x) {
    if (v !== 0) inside++;
    if (v === 3) positive++;
    if (v === -3) negative++;
  }
  // Patterns of 20 samples, gaps uniform in 0..19 (mean 9.5): 20 / 29.5 of samples in a pattern,
  // less the first sample of a bell and the last of a funnel, which are 0.
  const share = inside / n;
  ok(Math.abs(share - (20 - 2 / 3) / 29.5) < 0.01, `share ${share}`);
  // A third are cylinders (20 samples at +-3), half of them negated.
  const cylinders = (positive + negative) / n;
  ok(Math.abs(cylinders - (20 / 3) / 29.5) < 0.01, `cylinder share ${cylinders}`);
  ok(Math.abs(positive / (positive + negative) - 0.5) < 0.02);
});
