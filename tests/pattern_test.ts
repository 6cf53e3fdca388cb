// An anomaly's multiplier equals the spec's formulas exactly: m(k) = 1 + (f - 1) * s(d), with
// u = d / (R - 1), checked on noise-free configs so the values are the formulas themselves.
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  type AnomalyConfig,
  anomalyMultiplier,
  type Config,
  generate,
  type PatternName,
} from "../mod.ts";

/** The spec's s(d), written out independently of src/model/pattern.ts and src/config/patterns.ts. */
function specCurve(pattern: PatternName, R: number, d: number, w = 3): number {
  const u = R > 1 ? d / (R - 1) : 0;
  if (pattern === "step") return 1;
  if (pattern === "linear") return 1 - u;
  if (pattern === "exponential") return R > 1 ? (R ** (1 - u) - 1) / (R - 1) : 1;
  return (R ** (1 - u) - 1) / R * Math.sin(w * d);
}

/** Values of a noise-free metric (base v) with the given faults, unrounded. */
function series(v: number, n: number, faults: AnomalyConfig[]): Float64Array {
  return generate({
    general: { seed: 0, num_samples: n, decimals: "full" },
    metrics: { m: { value: v } },
    anomalies: { m: faults },
  }).values.m;
}

const PATTERNS: PatternName[] = ["step", "linear", "exponential", "oscillating"];

for (const pattern of PATTERNS) {
  for (const R of [1, 2, 7, 500]) {
    Deno.test(`${pattern} with recovery_time ${R} equals the spec's formula at every sample`, () => {
      const f = 2.5;
      const at = 3;
      const n = at + R + 3;
      const frequency = 0.7;
      const values = series(40, n, [{
        at,
        anomaly_factor: f,
        pattern,
        recovery_time: R,
        pattern_args: pattern === "oscillating" ? { frequency } : undefined,
      }]);
      const expected = Array.from({ length: n }, (_, k) => {
        const d = k - at;
        return d < 0 || d >= R ? 40 : 40 * (1 + (f - 1) * specCurve(pattern, R, d, frequency));
      });
      deepStrictEqual([...values], expected);
    });
  }
}

Deno.test("each pattern starts and ends where the spec says", () => {
  const m = (pattern: PatternName, d: number, R = 11) =>
    anomalyMultiplier({ at: 0, anomaly_factor: 3, pattern, recovery_time: R }, d);
  // Jump to f at d = 0, then back to 1 at the last sample (step: held, then 1 after the window).
  deepStrictEqual([m("step", 0), m("step", 10), m("step", 11)], [3, 3, 1]);
  deepStrictEqual([m("linear", 0), m("linear", 5), m("linear", 10)], [3, 2, 1]);
  deepStrictEqual([m("exponential", 0), m("exponential", 10)], [3, 1]);
  // Oscillating is 1 at d = 0 (sin 0) and rings around 1 after.
  strictEqual(m("oscillating", 0), 1);
});

Deno.test("recovery_time 1 is a one-sample spike for every pattern (no NaN)", () => {
  for (const pattern of ["step", "linear", "exponential"] as const) {
    deepStrictEqual([...series(10, 3, [{ at: 1, anomaly_factor: 4, pattern, recovery_time: 1 }])], [
      10,
      40,
      10,
    ]);
  }
  deepStrictEqual([
    ...series(10, 3, [{ at: 1, anomaly_factor: 4, pattern: "oscillating", recovery_time: 1 }]),
  ], [10, 10, 10]);
});

Deno.test("the exponential pattern recovers fast first, then slowly", () => {
  const values = series(1, 101, [{
    at: 0,
    anomaly_factor: 2,
    pattern: "exponential",
    recovery_time: 101,
  }]);
  // Halfway through, the excess is R^0.5 - 1 over R - 1: about 9%, far below linear's 50%.
  strictEqual(values[50], 1 + (Math.sqrt(101) - 1) / 100);
});

Deno.test("overlapping faults on one metric multiply, in config order", () => {
  const a = { at: 2, anomaly_factor: 2, pattern: "step", recovery_time: 4 } as const;
  const b = { at: 4, anomaly_factor: 0.5, pattern: "linear", recovery_time: 3 } as const;
  const values = series(10, 8, [a, b]);
  const expected = Array.from(
    { length: 8 },
    (_, k) => 10 * anomalyMultiplier(a, k) * anomalyMultiplier(b, k),
  );
  deepStrictEqual([...values], expected);
  deepStrictEqual([...values], [10, 10, 20, 20, 10, 15, 10, 10]);
});

Deno.test("labels mark exactly the samples inside some fault's window", () => {
  const data = generate({
    general: { seed: 0, num_samples: 12 },
    metrics: { a: { value: 1 }, b: { value: 1 } },
    anomalies: {
      a: [
        { at: 1, anomaly_factor: 2, pattern: "step", recovery_time: 2 },
        { at: 2, anomaly_factor: 2, pattern: "oscillating", recovery_time: 3 },
      ],
      b: { at: 11, anomaly_factor: 2, pattern: "linear", recovery_time: 1 },
    },
  });
  deepStrictEqual([...data.labels.a], [0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
  deepStrictEqual([...data.labels.b], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
});

Deno.test("the noise rides on top of the fault unchanged", () => {
  const config = (faults: boolean): Config => ({
    general: { seed: 5, num_samples: 50, decimals: "full" as const },
    metrics: { m: { value: 100, noise: "gaussian" as const } },
    anomalies: faults
      ? { m: { at: 10, anomaly_factor: 3, pattern: "linear" as const, recovery_time: 20 } }
      : {},
  });
  const plain = generate(config(false)).values.m;
  const faulty = generate(config(true)).values.m;
  for (let k = 0; k < 50; k++) {
    const m = anomalyMultiplier(
      { at: 10, anomaly_factor: 3, pattern: "linear", recovery_time: 20 },
      k,
    );
    // plain - 100 recovers the noise to within rounding of a value near 100.
    ok(Math.abs(faulty[k] - (100 * m + (plain[k] - 100))) < 1e-12, `sample ${k}`);
  }
});
