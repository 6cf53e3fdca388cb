// Our GutenTAG shapes (src/config/shapes.ts) against figures made by GutenTAG's own code:
// tests/golden/gutentag_figures.json, written by bench/peers/gutentag_figures.py from GutenTAG's
// source (its commit is in the file). Each metric is `value = 0` plus a shape, no noise, every
// decimal kept; the figures say what they mean and how close we must come.
import { deepStrictEqual, ok } from "node:assert/strict";
import { generate, parseConfig } from "../mod.ts";

// deno-lint-ignore no-explicit-any
const FIGURES: any = JSON.parse(
  await Deno.readTextFile(new URL("./golden/gutentag_figures.json", import.meta.url)),
);

type Shape = Record<string, string | number | number[]>;

/** A TOML inline table of a shape. */
function inline(shape: Shape): string {
  const value = (v: string | number | number[]): string =>
    Array.isArray(v) ? `[${v.map((x) => String(x)).join(", ")}]` : JSON.stringify(v);
  return `{ ${
    Object.entries(shape).map(([k, v]) => `${JSON.stringify(k)} = ${value(v)}`).join(", ")
  } }`;
}

/** The values of metrics `names`, each 0 plus `shape`. */
function seriesOf(shape: Shape, n: number, seed = 1, names = ["m"]): Float64Array[] {
  let text = `[general]\nnum_samples = ${n}\nseed = ${seed}\ndecimals = "full"\n`;
  for (const name of names) text += `[metrics.${name}]\nvalue = 0\nshape = ${inline(shape)}\n`;
  const data = generate(parseConfig(text));
  return names.map((name) => data.values[name]);
}

function series(shape: Shape, n: number, seed = 1): Float64Array {
  return seriesOf(shape, n, seed)[0];
}

/** |ours - theirs| <= tolerance, naming the figure and both numbers when not. */
function near(what: string, ours: number, theirs: number, tolerance: number): void {
  ok(
    Math.abs(ours - theirs) <= tolerance,
    `${what}: ours ${ours}, GutenTAG's ${theirs}, tolerance ${tolerance}`,
  );
}

function nearAll(what: string, ours: ArrayLike<number>, theirs: number[], tolerance: number) {
  deepStrictEqual(ours.length, theirs.length, `${what}: length`);
  let worst = 0;
  let at = 0;
  for (let k = 0; k < theirs.length; k++) {
    const d = Math.abs(ours[k] - theirs[k]);
    if (!(d <= worst)) [worst, at] = [d, k];
  }
  ok(
    worst <= tolerance,
    `${what}: sample ${at}: ours ${ours[at]}, GutenTAG's ${theirs[at]} (tolerance ${tolerance})`,
  );
}

Deno.test("the polynomial shape equals GutenTAG's polynomial of the sample index, bit for bit", () => {
  const p = FIGURES.polynomial;
  for (const c of p.cases) {
    const ours = series({ kind: "polynomial", polynomial: c.polynomial }, c.num_samples);
    nearAll(`polynomial ${c.polynomial}`, ours, c.values, p.tolerance);
  }
});

Deno.test("the dirichlet shape equals GutenTAG's dirichlet read at k / 100 seconds", () => {
  const d = FIGURES.dirichlet;
  for (const c of d.cases) {
    const shape = {
      kind: "dirichlet",
      frequency: c.frequency,
      periodicity: c.periodicity,
      amplitude: c.amplitude,
    };
    nearAll(
      `dirichlet ${JSON.stringify(shape)}`,
      series(shape, d.num_samples),
      c.values,
      d.tolerance,
    );
  }
});

Deno.test("the ecg shape at 200 beats a minute equals GutenTAG's unresampled beat", () => {
  const u = FIGURES.ecg.unresampled;
  for (const c of u.cases) {
    const shape = { kind: "ecg", frequency: c.frequency, amplitude: c.amplitude };
    const tiled = Array.from({ length: c.num_samples }, (_, k) => c.beat[k % c.beat.length]);
    nearAll(`ecg ${JSON.stringify(shape)}`, series(shape, c.num_samples), tiled, u.tolerance);
  }
});

/** R peaks: local maxima above a quarter of the series' maximum (as the figures' script). */
function peaks(x: Float64Array): number[] {
  let max = -Infinity;
  for (const v of x) max = Math.max(max, v);
  const found = [];
  for (let k = 1; k < x.length - 1; k++) {
    if (x[k] > 0.25 * max && x[k] >= x[k - 1] && x[k] > x[k + 1]) found.push(k);
  }
  return found;
}

function ecgSummary(x: Float64Array): Record<string, number> {
  let [max, min, sum, squares] = [-Infinity, Infinity, 0, 0];
  for (const v of x) {
    [max, min, sum, squares] = [Math.max(max, v), Math.min(min, v), sum + v, squares + v * v];
  }
  const k = peaks(x);
  return {
    max,
    min,
    mean: sum / x.length,
    rms: Math.sqrt(squares / x.length),
    peaks: k.length,
    peak_spacing: (k[k.length - 1] - k[0]) / (k.length - 1),
  };
}

Deno.test("the ecg shape resampled keeps GutenTAG's peak, beat spacing and first beat, and at every phase its min, mean and rms", () => {
  const r = FIGURES.ecg.resampled;
  for (const c of r.cases) {
    const ours = series({ kind: "ecg", frequency: c.frequency }, c.num_samples);
    const summary = ecgSummary(ours);
    for (const name of c.held as string[]) {
      const what = `ecg frequency ${c.frequency}: ${name}`;
      const tolerance = r.tolerances[name];
      if (name === "first_samples") {
        nearAll(what, ours.subarray(0, c.first_samples.length), c.first_samples, tolerance * c.max);
      } else if (name === "peaks") near(what, summary.peaks, c.peaks, tolerance);
      else near(what, summary[name], c[name], tolerance * Math.abs(c[name]));
    }
  }
});

// A declared difference: GutenTAG fits int((n // 100) bpm / 60) whole beats into its n samples,
// so its beats are n / B samples apart and depend on the series' length; ours are 6000 / bpm
// samples apart whatever the length (docs/config.md says so).
Deno.test("the ecg shape beats every 6000 / int(60 f) samples at any length, where GutenTAG stretches whole beats over its series", () => {
  const b = FIGURES.ecg.beat_count;
  const c = b.case;
  const bpm = Math.trunc(60 * c.frequency);
  for (const n of [c.num_samples, 10 * c.num_samples]) {
    const ours = ecgSummary(series({ kind: "ecg", frequency: c.frequency }, n));
    near(
      `ecg peak spacing over ${n} samples`,
      ours.peak_spacing,
      6000 / bpm,
      b.tolerance * 6000 / bpm,
    );
  }
  const beats = Math.trunc((Math.trunc(c.num_samples / 100) * bpm) / 60);
  near(
    "GutenTAG's peak spacing",
    c.peak_spacing,
    c.num_samples / beats,
    b.tolerance * c.peak_spacing,
  );
});

/** Totals of one cbf series read from its values, as the figures' script reads GutenTAG's. */
function cbfCounts(x: Float64Array): Record<string, number> {
  const n = x.length;
  const t = {
    n,
    nonzero: 0,
    abs: 0,
    sum: 0,
    bells: 0,
    funnels: 0,
    cylinders: 0,
    cylinder_samples: 0,
    heights: 0,
    heights_sq: 0,
    heights_abs: 0,
  };
  for (let k = 0; k < n; k++) {
    if (x[k] !== 0) t.nonzero++;
    t.abs += Math.abs(x[k]);
    t.sum += x[k];
  }
  for (let k = 0; k + 2 < n; k++) {
    if (x[k] === 0 && x[k + 1] !== 0 && x[k + 2] === 2 * x[k + 1]) t.bells++;
    if (x[k + 1] !== 0 && x[k + 2] === 0 && x[k] === 2 * x[k + 1]) t.funnels++;
  }
  // Cylinders: runs of pairs k, k + 1 of one nonzero value; a run reaching the last sample is
  // not counted (the series' end may cut it).
  const same = (k: number) => k >= 0 && k < n - 1 && x[k] !== 0 && x[k + 1] === x[k];
  for (let k = 0; k < n - 1; k++) {
    if (!same(k) || same(k - 1)) continue;
    let e = k;
    while (same(e + 1)) e++;
    if (e + 1 >= n - 1) continue;
    t.cylinders++;
    t.cylinder_samples += e - k + 2;
    t.heights += x[k];
    t.heights_sq += x[k] * x[k];
    t.heights_abs += Math.abs(x[k]);
  }
  return t;
}

function cbfFigures(t: Record<string, number>): Record<string, number> {
  const patterns = t.bells + t.funnels + t.cylinders;
  const hm = t.heights / t.cylinders;
  return {
    inside_fraction: (t.nonzero + t.bells + t.funnels) / t.n,
    patterns_per_1000: (1000 * patterns) / t.n,
    mean_abs: t.abs / t.n,
    mean: t.sum / t.n,
    share_bell: t.bells / patterns,
    share_funnel: t.funnels / patterns,
    share_cylinder: t.cylinders / patterns,
    cylinder_length_mean: t.cylinder_samples / t.cylinders,
    height_mean: hm,
    height_sd: Math.sqrt(Math.max(0, t.heights_sq / t.cylinders - hm * hm)),
    height_abs_mean: t.heights_abs / t.cylinders,
  };
}

Deno.test("the cbf shape matches GutenTAG's cylinder-bell-funnel in distribution: share inside patterns, kinds, lengths and heights", () => {
  const f = FIGURES.cbf;
  for (const c of f.cases) {
    let pooled: Record<string, number> | undefined;
    for (let seed = 1; seed <= f.test_series; seed++) {
      const t = cbfCounts(series({ kind: "cbf", ...c.args }, f.series_length, seed));
      pooled = pooled
        ? Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v + pooled![k]]))
        : t;
    }
    const ours = cbfFigures(pooled!);
    for (
      const [name, figure] of Object.entries(c.figures) as [
        string,
        { value: number; tolerance: number },
      ][]
    ) {
      near(`cbf ${JSON.stringify(c.args)}: ${name}`, ours[name], figure.value, figure.tolerance);
    }
  }
});

Deno.test("the mls shape repeats every 2^complexity - 1 samples, spans [-amplitude, amplitude] and steps by one size, as GutenTAG's", () => {
  const s = FIGURES.mls.structure;
  for (const c of s.cases) {
    const shape = {
      kind: "mls",
      complexity: c.complexity,
      amplitude: c.amplitude,
      smoothing: c.smoothing,
    };
    for (let seed = 1; seed <= 10; seed++) {
      const x = series(shape, c.num_samples, seed);
      const what = `mls ${JSON.stringify(shape)} seed ${seed}`;
      for (let k = 0; k + c.period < x.length; k++) {
        ok(x[k + c.period] === x[k], `${what}: sample ${k + c.period} is not sample ${k}`);
      }
      near(`${what}: min`, Math.min(...x), -c.amplitude, Math.max(c.range_error, s.tolerance));
      near(`${what}: max`, Math.max(...x), c.amplitude, Math.max(c.range_error, s.tolerance));
      if (c.distinct_steps_in_period === undefined) continue;
      const step = Math.abs(x[1] - x[0]);
      for (let k = 1; k + 1 < c.period; k++) {
        near(`${what}: step ${k}`, Math.abs(x[k + 1] - x[k]), step, 1e-9 * step);
      }
      const range = (2 * c.amplitude) / step;
      near(`${what}: the walk's range in steps`, range, Math.round(range), 1e-9);
    }
  }
});

Deno.test("the mls shape's default smoothing 0.01 is no smoothing, as GutenTAG's", () => {
  const d = FIGURES.mls.default_smoothing;
  for (let seed = 1; seed <= 10; seed++) {
    const plain = series(
      { kind: "mls", complexity: d.complexity, smoothing: 0 },
      d.num_samples,
      seed,
    );
    const byDefault = series({ kind: "mls", complexity: d.complexity }, d.num_samples, seed);
    nearAll(`mls seed ${seed}`, byDefault, Array.from(plain), d.max_difference);
  }
});

/**
 * Least squares H[m], m = lo .. hi, of diff(x1)[i] on diff(x0)[i + m], normalised to sum 1, by
 * the normal equations; undefined when they are near singular or the fit is not exact.
 */
function solveWeights(
  x0: Float64Array,
  x1: Float64Array,
  lo: number,
  hi: number,
): number[] | undefined {
  const d0 = x0.slice(1).map((v, k) => v - x0[k]);
  const d1 = x1.slice(1).map((v, k) => v - x1[k]);
  const w = hi - lo + 1;
  const m = Array.from({ length: w }, () => new Float64Array(w + 1));
  const rows: number[] = [];
  for (let i = -lo; i < Math.min(d1.length, d0.length - hi); i++) rows.push(i);
  for (const i of rows) {
    for (let a = 0; a < w; a++) {
      for (let b = 0; b < w; b++) m[a][b] += d0[i + lo + a] * d0[i + lo + b];
      m[a][w] += d0[i + lo + a] * d1[i];
    }
  }
  const scale = Math.max(...m.map((row, a) => row[a]));
  for (let col = 0; col < w; col++) {
    let pivot = col;
    for (let r = col + 1; r < w; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    if (Math.abs(m[pivot][col]) < 1e-6 * scale) return undefined;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < w; r++) {
      if (r === col) continue;
      const factor = m[r][col] / m[col][col];
      for (let c = col; c <= w; c++) m[r][c] -= factor * m[col][c];
    }
  }
  const h = m.map((row, a) => row[w] / row[a]);
  for (const i of rows) {
    let fit = 0;
    for (let a = 0; a < w; a++) fit += h[a] * d0[i + lo + a];
    if (Math.abs(fit - d1[i]) > 1e-9) return undefined;
  }
  const total = h.reduce((a, b) => a + b, 0);
  return h.map((v) => v / total);
}

Deno.test("the mls shape smooths with GutenTAG's Gaussian window: its width, weights and alignment", () => {
  const k = FIGURES.mls.kernels;
  for (const c of k.cases) {
    const [lo, hi] = c.offsets;
    let weights: number[] | undefined;
    for (let seed = 1; seed <= 20 && !weights; seed++) {
      const x0 = series(
        { kind: "mls", complexity: c.complexity, smoothing: 0 },
        c.num_samples + hi + 1,
        seed,
      );
      const x1 = series(
        { kind: "mls", complexity: c.complexity, smoothing: c.smoothing },
        c.num_samples,
        seed,
      );
      weights = solveWeights(x0, x1, lo, hi);
    }
    ok(weights, `mls smoothing ${c.smoothing}: no seed gave a well-posed fit`);
    nearAll(
      `mls smoothing ${c.smoothing}: weight on offsets ${lo} ..`,
      weights,
      c.weights,
      k.tolerance,
    );
  }
});

Deno.test("the mls shape's shift-register sequences are GutenTAG's, with GutenTAG's probabilities", () => {
  for (const c of FIGURES.mls.lfsr.cases) {
    const period = 2 ** c.complexity - 1;
    const names = Array.from({ length: c.test_metrics }, (_, i) => `s${i}`);
    const all = seriesOf(
      { kind: "mls", complexity: c.complexity, smoothing: 0 },
      period + 1,
      1,
      names,
    );
    const counts = new Map<string, number>();
    all.forEach((x, i) => {
      let signs = "";
      for (let k = 0; k + 1 < period; k++) signs += x[k + 1] > x[k] ? "1" : "0";
      ok(
        signs in c.sequences,
        `mls complexity ${c.complexity}, metric ${names[i]}: ${signs} is none of GutenTAG's`,
      );
      counts.set(signs, (counts.get(signs) ?? 0) + 1);
    });
    let chi = 0;
    let [smallObserved, smallExpected] = [0, 0];
    for (const [signs, p] of Object.entries(c.sequences) as [string, number][]) {
      const expected = c.test_metrics * p;
      const observed = counts.get(signs) ?? 0;
      if (expected >= 5) chi += (observed - expected) ** 2 / expected;
      else [smallObserved, smallExpected] = [smallObserved + observed, smallExpected + expected];
    }
    if (smallExpected > 0) chi += (smallObserved - smallExpected) ** 2 / smallExpected;
    ok(
      chi <= c.chi_square_limit,
      `mls complexity ${c.complexity}: chi-square ${chi} > ${c.chi_square_limit}`,
    );
  }
});
