// Φ, the normal distribution function histograms and summaries are made of: within 1e-15 of
// mpmath's 40-digit values (tests/golden/normal_cdf.json, made by bench/peers/erfcx_table.py) in
// relative terms below the median and in absolute terms above it, and Φ⁻¹ its inverse.
import { ok, strictEqual } from "node:assert/strict";
import { normalCdf, normalQuantile } from "../src/config/_gauss.ts";

const golden = JSON.parse(await Deno.readTextFile("tests/golden/normal_cdf.json")) as {
  values: [number, number][];
};

Deno.test("Φ(z) is mpmath's to 1e-15 relative below 0 (down to z = -38) and 1e-15 absolute above", () => {
  ok(golden.values.length > 150);
  for (const [z, p] of golden.values) {
    const got = normalCdf(z);
    if (z < 0) ok(Math.abs(got - p) <= 1e-15 * p, `Φ(${z}) = ${got}, mpmath ${p}`);
    else ok(Math.abs(got - p) <= 1e-15, `Φ(${z}) = ${got}, mpmath ${p}`);
  }
});

Deno.test("Φ is exact where it must be: 1/2 at 0, 0 and 1 beyond 40, NaN for NaN", () => {
  strictEqual(normalCdf(0), 0.5);
  strictEqual(normalCdf(-41), 0);
  strictEqual(normalCdf(41), 1);
  ok(Number.isNaN(normalCdf(NaN)));
});

Deno.test("Φ⁻¹ inverts Φ: Φ(Φ⁻¹(p)) = p to 1e-15, and Φ⁻¹(1/2) = 0 exactly", () => {
  strictEqual(normalQuantile(0.5), 0);
  for (const p of [1e-12, 1e-6, 0.001, 0.01, 0.1, 0.25, 0.75, 0.9, 0.99, 0.999, 0.999999]) {
    const z = normalQuantile(p);
    ok(Math.abs(normalCdf(z) - p) <= 1e-15 * Math.max(p, 1e-3), `Φ(Φ⁻¹(${p})) = ${normalCdf(z)}`);
  }
});
