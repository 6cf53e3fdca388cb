// SPEC Part II against its executable reading (bench/peers/reference_part2.py, numpy): without
// noise and wander, its numbers and labels must equal ours, to the rounding of the last digit.
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { generate, parseConfig } from "../mod.ts";
import { python } from "./_python.ts";
import { freshDir } from "./_run_cli.ts";

const HAS_NUMPY = python("import numpy").ok;

/** The reference's metrics and labels for a config, as numbers per column. */
async function reference(toml: string, name: string) {
  const dir = await freshDir(`part2_${name}`);
  await Deno.writeTextFile(`${dir}/c.toml`, toml);
  const run = python(
    `import sys, runpy; sys.argv = ["ref", "${dir}/c.toml", "-o", "${dir}/ref", "--writer", "csv"]; runpy.run_path("bench/peers/reference_part2.py", run_name="__main__")`,
  );
  strictEqual(run.ok, true, run.out);
  const read = async (file: string) => {
    const [header, ...rows] = (await Deno.readTextFile(`${dir}/ref/${file}`)).trim().split(/\r?\n/);
    const names = header.split(",").slice(1);
    return Object.fromEntries(
      names.map((
        n,
        j,
      ) => [n, rows.map((r) => r.split(",")[j + 1]).map((c) => c === "" ? NaN : Number(c))]),
    );
  };
  return { values: await read("metrics.csv"), labels: await read("labels.csv") };
}

async function assertSameAsReference(toml: string, name: string) {
  const ours = generate(parseConfig(toml));
  const ref = await reference(toml, name);
  for (const metric of ours.names) {
    deepStrictEqual([...ours.labels[metric]], ref.labels[metric], `${metric} labels`);
    const ourValues = ours.values[metric];
    ref.values[metric].forEach((x, k) => {
      ok(
        Math.abs(ourValues[k] - x) <= 1.5e-6 * Math.max(1, Math.abs(x)),
        `${metric}[${k}]: ${ourValues[k]} vs the reference's ${x}`,
      );
    });
  }
}

Deno.test({
  name: "fault envelopes (onset, hold, recovery), offsets and durations equal the reference",
  ignore: !HAS_NUMPY,
  async fn() {
    await assertSameAsReference(
      `[general]
seed = 1
num_samples = 240
start = 2026-03-01T00:00:00Z
interval = "15s"

[metrics.latency]
value = 100
[metrics.errors]
value = 0
[metrics.queue]
value = 40

[[anomalies.latency]]
at = "5m"
onset = 6
hold = "1m30s"
recovery_time = 30
pattern = "exponential"
anomaly_factor = 3

[[anomalies.latency]]
at = 2026-03-01T00:40:00Z
onset = "1m"
recovery_time = 20
pattern = "oscillating"
pattern_args = { frequency = 0.7 }
anomaly_factor = 0.5
offset = -10

[anomalies.errors]
at = 100
hold = 10
recovery_time = 15
pattern = "linear"
offset = 2.5

[anomalies.queue]
at = 200
onset = 10
recovery_time = 1
pattern = "step"
anomaly_factor = 4
noise_factor = 3
`,
      "envelope",
    );
  },
});

Deno.test("noise_factor scales the noise by 1 + (noise_factor - 1) |e| inside the window only", () => {
  const config = (fault: string) =>
    parseConfig(
      `[general]\nseed = 5\nnum_samples = 60\n[metrics.m]\nvalue = 10\nnoise = "gaussian"\n` +
        `[anomalies.m]\nat = 20\nonset = 4\nhold = 5\nrecovery_time = 10\npattern = "linear"\n${fault}`,
    );
  const plain = generate(config("anomaly_factor = 1"), { decimals: "full" }).values.m;
  const louder = generate(config("noise_factor = 4"), { decimals: "full" }).values.m;
  for (let k = 0; k < 60; k++) {
    const d = k - 20;
    const e = d < 0 || d >= 19 ? 0 : d < 4 ? (d + 1) / 5 : d < 9 ? 1 : 1 - (d - 9) / 9;
    const expected = 10 + (1 + 3 * e) * (plain[k] - 10);
    ok(Math.abs(louder[k] - expected) < 1e-12, `${k}: ${louder[k]} vs ${expected}`);
  }
});
