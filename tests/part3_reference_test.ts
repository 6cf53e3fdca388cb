// SPEC Part III against its executable reading (bench/peers/reference_part3.py, numpy and scipy):
// without noise and wander, its numbers and labels must equal ours, to the rounding of the last
// digit, and its manifest must list the same faults (ids, kinds, windows, drawn arguments,
// effects). The reference ports our random streams (the draws of jumps, shapes and placement must
// be ours) but reads the SPEC, GutenTAG and scipy for what is done with them. With noise, ours
// and the reference's (numpy's generators) are equal in distribution only.
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { type Config, generate, type InjectedAnomaly, parseConfig } from "../mod.ts";
import { streamKey } from "../src/random/mod.ts";
import { UniformStream } from "../src/random/uniform.ts";
import { python } from "./_python.ts";
import { freshDir } from "./_run_cli.ts";
import { correlation, mean, std } from "./_stats.ts";

const HAS_NUMPY = python("import numpy, scipy").ok;
const REFERENCE = "bench/peers/reference_part3.py";

type Columns = Record<string, number[]>;
type Reference = {
  values: Columns;
  labels: Columns;
  manifest: { seed: number; anomalies: Record<string, unknown>[] };
};

/** The reference's metrics, labels and manifest for a config; `flags` go to its command line. */
async function reference(toml: string, name: string, flags: string[] = []): Promise<Reference> {
  const dir = await freshDir(`part3_reference_${name}`);
  await Deno.writeTextFile(`${dir}/c.toml`, toml);
  const argv = JSON.stringify([
    "ref",
    `${dir}/c.toml`,
    "-o",
    `${dir}/ref`,
    "--writer",
    "csv",
    ...flags,
  ]);
  const run = python(
    `import sys, runpy; sys.argv = ${argv}; runpy.run_path("${REFERENCE}", run_name="__main__")`,
  );
  strictEqual(run.ok, true, run.out);
  const read = async (file: string): Promise<Columns> => {
    const [header, ...rows] = (await Deno.readTextFile(`${dir}/ref/${file}`)).trim().split(/\r?\n/);
    const cells = rows.map((row) => row.split(","));
    return Object.fromEntries(
      header.split(",").slice(1).map((n, j) => [
        n,
        cells.map((r) => r[j + 1] === "" ? NaN : Number(r[j + 1])),
      ]),
    );
  };
  const manifest = JSON.parse(await Deno.readTextFile(`${dir}/ref/manifest.json`));
  return { values: await read("metrics.csv"), labels: await read("labels.csv"), manifest };
}

/** Every value within 1.5e-6 relative (NaN where NaN), the first few differences named. */
function assertClose(ours: ArrayLike<number>, theirs: readonly number[], what: string): void {
  strictEqual(ours.length, theirs.length, `${what}: length`);
  const bad: string[] = [];
  let count = 0;
  for (let k = 0; k < theirs.length; k++) {
    const x = theirs[k];
    const y = ours[k];
    const same = Number.isNaN(x)
      ? Number.isNaN(y)
      : Math.abs(y - x) <= 1.5e-6 * Math.max(1, Math.abs(x));
    if (!same && count++ < 5) bad.push(`[${k}] ours ${y}, the reference's ${x}`);
  }
  ok(count === 0, `${what}: ${count} values differ: ${bad.join("; ")}`);
}

/** A fault list as JSON, effects in a fixed order, faults by id. */
function normalised(faults: readonly unknown[]): unknown[] {
  const byText = (a: unknown, b: unknown) => JSON.stringify(a) < JSON.stringify(b) ? -1 : 1;
  return (JSON.parse(JSON.stringify(faults)) as Record<string, unknown>[])
    .map((f): Record<string, unknown> => ({ ...f, effects: (f.effects as unknown[]).sort(byText) }))
    .sort((a, b) => String(a.id) < String(b.id) ? -1 : 1);
}

function assertSameFaults(ours: readonly InjectedAnomaly[], ref: Reference): void {
  deepStrictEqual(normalised(ours), normalised(ref.manifest.anomalies));
}

/**
 * Asserts that our run of a config equals the reference's: labels and faults always; values
 * directly for noise-free metrics, and for the `noisy` ones (with `twin`, the config without the
 * faults that need noise) as deviations from their twin, where the noise cancels.
 */
async function assertSameAsReference(
  toml: string,
  name: string,
  options: { noisy?: string[]; twin?: string } = {},
): Promise<{ ours: ReturnType<typeof generate>; ref: Reference }> {
  const ours = generate(parseConfig(toml));
  const ref = await reference(toml, name);
  deepStrictEqual(Object.keys(ref.values), [...ours.names], "the columns");
  const twins = options.twin === undefined ? undefined : {
    ours: generate(parseConfig(options.twin)),
    ref: await reference(options.twin, `${name}_twin`),
  };
  for (const metric of ours.names) {
    deepStrictEqual([...ours.labels[metric]], ref.labels[metric], `${metric} labels`);
    if (!options.noisy?.includes(metric)) {
      assertClose(ours.values[metric], ref.values[metric], metric);
    } else if (twins) {
      const ourTwin = twins.ours.values[metric];
      const refTwin = twins.ref.values[metric];
      assertClose(
        ours.values[metric].map((x, k) => x - ourTwin[k]),
        ref.values[metric].map((x, k) => x - refTwin[k]),
        `${metric} less its twin`,
      );
    }
  }
  assertSameFaults(ours.anomalies, ref);
  return { ours, ref };
}

/** Runs Python with the reference loaded as `r`; returns what it prints, parsed as JSON. */
function withReference(code: string): unknown {
  const run = python(
    `import importlib.util, json\ns = importlib.util.spec_from_file_location("r", "${REFERENCE}")\nr = importlib.util.module_from_spec(s)\ns.loader.exec_module(r)\n${code}`,
  );
  strictEqual(run.ok, true, run.out);
  return JSON.parse(run.out);
}

Deno.test({
  name: "the reference's port of our streams gives our draws: keys, blocks and 53-bit doubles",
  ignore: !HAS_NUMPY,
  fn() {
    const cases: [number, string][] = [
      [0, "cpu"],
      [42, "cpu\u0000jumps"],
      [Number.MAX_SAFE_INTEGER, "p99-latency \u00e9\u4e2d\u0000place\u00002\u00007"],
    ];
    const indices = [0, 1, 2, 4095, 4096, 4097, 8191, 12288, 20000];
    const theirs = withReference(
      `cases = ${JSON.stringify(cases)}\nout = []\n` +
        `for seed, name in cases:\n` +
        `    key = r.stream_key(seed, name)\n` +
        `    u = r.uniform_draws(key, 20001)\n` +
        `    x = r.Xoshiro(key, 1)\n` +
        `    out.append({"key": str(key), "draws": [float(u[i]) for i in ${
          JSON.stringify(indices)
        }], "block1": [x.next_double() for _ in range(3)]})\n` +
        `print(json.dumps(out))`,
    ) as { key: string; draws: number[]; block1: number[] }[];
    cases.forEach(([seed, name], c) => {
      const key = streamKey(seed, name);
      strictEqual(theirs[c].key, key.toString(), `key of ${seed}, ${JSON.stringify(name)}`);
      const stream = new UniformStream(key);
      deepStrictEqual(theirs[c].draws, indices.map((i) => stream.at(i)));
      deepStrictEqual(theirs[c].block1, [4096, 4097, 4098].map((i) => stream.at(i)));
    });
  },
});

const WAVEFORMS = `
[metrics.cosine]
value = 50
seasonality = [{ period = "7m", amplitude = 12, peak = "1m15s" }]
[metrics.square]
value = 10
[[metrics.square.seasonality]]
period = "7m"
amplitude = 3
waveform = "square"
[[metrics.square.seasonality]]
period = "1h"
amplitude = 2
waveform = "square"
duty = 0.2
peak = "50m30s"
[metrics.triangle]
value = -4
trend = { change = 2, over = "1h" }
seasonality = { period = 93, amplitude = 5, waveform = "triangle", peak = 11 }
[metrics.sawtooth]
value = 100
max = 103
seasonality = [
  { period = "17m45s", amplitude = 4, waveform = "sawtooth", peak = "2m" },
  { period = "1d", amplitude = 1.5 },
]
[anomalies.square]
at = 100
recovery_time = 10
pattern = "linear"
offset = 1
`;

Deno.test({
  name:
    "waveforms cosine, square with duty, triangle and sawtooth, in whole milliseconds, equal the reference, with and without start",
  ignore: !HAS_NUMPY,
  async fn() {
    await assertSameAsReference(
      `[general]\nseed = 1\nnum_samples = 3000\nstart = 2026-03-04T05:06:15Z\ninterval = "15s"\n${WAVEFORMS}`,
      "waveforms_timed",
    );
    await assertSameAsReference(
      `[general]\nseed = 1\nnum_samples = 3000\ninterval = "15s"\n${WAVEFORMS}`,
      "waveforms_untimed",
    );
    // A quarter-second interval: periods and peaks that are no whole number of samples.
    await assertSameAsReference(
      `[general]\nseed = 1\nnum_samples = 3000\nstart = 2026-03-04T05:06:07.250Z\ninterval = "250ms"\ndecimals = "full"\n${
        WAVEFORMS.replaceAll('"', "'").replaceAll("'7m'", "'1s750ms'").replaceAll(
          "'1h'",
          "'37s'",
        )
      }`,
      "waveforms_ms",
    );
  },
});

Deno.test({
  name: "jumps among levels at the rate interval / every equal the reference over 10^5 samples",
  ignore: !HAS_NUMPY,
  async fn() {
    const { ours } = await assertSameAsReference(
      `[general]
seed = 12
num_samples = 100000
start = 2026-01-01T00:00:00Z
interval = "1m"
[metrics.replicas]
value = 0
jumps = { levels = [3, 6, 12, -2.5], every = "6h" }
[metrics.pool]
value = 10
trend = { change = 1, over = "1d" }
seasonality = [{ period = "1d", amplitude = 2, waveform = "square" }]
jumps = { levels = [0, 100], every = 50 }
`,
      "jumps",
    );
    // Not a trivial agreement: the levels switch, hundreds of times.
    const x = ours.values.replicas;
    let switches = 0;
    for (let k = 1; k < x.length; k++) if (x[k] !== x[k - 1]) switches++;
    ok(switches > 200, `${switches} switches`);
  },
});

Deno.test({
  name:
    "research shapes ecg, cbf, mls, dirichlet and polynomial, with defaults and other arguments, equal the reference",
  ignore: !HAS_NUMPY,
  async fn() {
    await assertSameAsReference(
      `[general]
seed = 21
num_samples = 20000
decimals = 9
[metrics.ecg]
value = 0
shape = { kind = "ecg" }
[metrics.ecg_slow]
value = 1
shape = { kind = "ecg", frequency = 1.25, amplitude = 2.5, ecg-sim-method = "simple" }
[metrics.ecg_fast]
value = 0
shape = { kind = "ecg", frequency = 73.3 }
[metrics.ecg_rounded]
# GutenTAG's int(6.85 / 100 * 100 * 60) is 410 beats a minute, not int(6.85 * 60) = 411.
value = 0
shape = { kind = "ecg", frequency = 6.85 }
[metrics.cbf]
value = 0
shape = { kind = "cbf" }
[metrics.cbf_long]
value = 5
shape = { kind = "cbf", amplitude = -3, avg-pattern-length = 40, variance-pattern-length = 12.5, variance-amplitude = 0.5 }
[metrics.mls]
value = 0
shape = { kind = "mls" }
[metrics.mls_smooth]
value = 0
shape = { kind = "mls", complexity = 5, smoothing = 0.37, amplitude = 4 }
[metrics.mls_raw]
value = 0
shape = { kind = "mls", complexity = 12, smoothing = 0 }
[metrics.mls_short]
value = 0
shape = { kind = "mls", complexity = 2, smoothing = 0.5 }
[metrics.dirichlet]
value = 0
shape = { kind = "dirichlet" }
[metrics.dirichlet_odd]
value = 0
shape = { kind = "dirichlet", frequency = 3.3, periodicity = 5, amplitude = 2 }
[metrics.polynomial]
value = 1
shape = { kind = "polynomial", polynomial = [2, -0.5, 0.0001, -1e-9] }
`,
      "shapes",
    );
  },
});

Deno.test({
  name:
    "formulas (min, max, abs, quoted names, division by zero, a missing input, a counter's rate) equal the reference; labels and effects follow the inputs",
  ignore: !HAS_NUMPY,
  async fn() {
    const { ours } = await assertSameAsReference(
      `[general]
seed = 31
num_samples = 600
start = 2026-02-02T12:00:00Z
interval = "10s"
[metrics.requests]
type = "counter"
value = 7.3
[metrics.errors]
value = 0.4
max = 0.6
seasonality = [{ period = "10m", amplitude = 0.3, waveform = "triangle" }]
[metrics.'p99-latency']
value = 120.3
step_size = 0.25
[metrics.db]
value = 5
[metrics.api]
value = 80
depends_on = { db = { weight = 0.5, lag = 3 } }
[metrics.ratio]
formula = "errors / max(requests, 1)"
[metrics.spread]
formula = "min('p99-latency', api * 2, 150) - max(errors, 0.5, db) + abs(db - 7)"
depends_on = { db = { weight = 2, lag = 1 } }
[metrics.pole]
formula = "1 / (db - 5) + 0 * api"
[metrics.nan]
formula = "(db - 5) / (db - 5)"
[metrics.huge]
formula = "errors * 2e200"
[metrics."node:cpu.total"]
value = 3
[metrics.bare]
formula = "node:cpu.total * 2 + 1. - 007"
[metrics.chain]
formula = "-ratio * 1e3 + 2.5e-1 - -spread / .5"

[[anomalies.requests]]
at = 100
recovery_time = 40
pattern = "linear"
anomaly_factor = 3.1
[[anomalies.requests]]
kind = "missing"
at = 300
recovery_time = 20
[[anomalies.errors]]
kind = "flatline"
at = 400
recovery_time = 30
[anomalies.'p99-latency']
at = 200
recovery_time = 30
pattern = "step"
offset = 40
[[anomalies.db]]
at = 450
hold = 20
recovery_time = 30
pattern = "exponential"
anomaly_factor = 1.8
[[anomalies.db]]
kind = "missing"
at = 520
recovery_time = 5
[[anomalies.ratio]]
kind = "flatline"
at = 150
recovery_time = 20
[[anomalies.ratio]]
kind = "missing"
at = 560
recovery_time = 3
[anomalies.chain]
at = 580
recovery_time = 20
pattern = "step"
offset = 1
`,
      "formula",
    );
    // Not a trivial agreement: the pole is missing where db is 5 and finite elsewhere, the
    // ratio is missing in the requests' gap, and db#1 reaches api by depends_on (3 samples
    // later), spread by depends_on (1 later) and by its formula (at once), and what reads them.
    const pole = ours.values.pole;
    ok(Number.isNaN(pole[0]) && Number.isFinite(pole[460]));
    ok(ours.values.ratio.subarray(300, 320).every(Number.isNaN));
    ok(Number.isNaN(ours.values.nan[0]) && ours.values.nan[460] === 1);
    // Beyond 1e200 is missing too: errors above 0.5.
    const huge = ours.values.huge;
    ok(huge.some(Number.isNaN) && huge.some((x) => x > 1e199));
    const db1 = ours.anomalies.find((f) => f.id === "db#1")!;
    deepStrictEqual(
      db1.effects.map((e) => `${e.path.join(">")} ${e.first_sample}`).sort(),
      [
        "db>api 453",
        "db>api>pole 453",
        "db>api>spread 453",
        "db>api>spread>chain 453",
        "db>nan 450",
        "db>pole 450",
        "db>spread 450",
        "db>spread 451",
        "db>spread>chain 450",
        "db>spread>chain 451",
      ],
    );
  },
});

Deno.test({
  name:
    "faults on the seasons (amplitude, frequency, phase, shape) with envelopes, alone and overlapping, equal the reference",
  ignore: !HAS_NUMPY,
  async fn() {
    const config = (general: string) =>
      `[general]
seed = 41
num_samples = 2000
${general}
[metrics.traffic]
value = 100
trend = { change = 5, over = "1h" }
[[metrics.traffic.seasonality]]
period = "8m20s"
amplitude = 30
peak = "1m"
[[metrics.traffic.seasonality]]
period = 37
amplitude = 6
waveform = "triangle"
[metrics.disk]
value = 50
seasonality = [{ period = "12m", amplitude = 20, waveform = "sawtooth", peak = "3m" }]
jumps = { levels = [0, 5], every = "30m" }
[metrics.sum]
formula = "traffic + disk"

[[anomalies.traffic]]
kind = "amplitude"
at = 100
onset = 20
hold = 30
recovery_time = 40
pattern = "linear"
factor = 2.5
[[anomalies.traffic]]
kind = "frequency"
at = 300
hold = 100
recovery_time = 50
pattern = "exponential"
factor = 3
[[anomalies.traffic]]
kind = "phase"
at = 380
onset = 10
hold = 60
recovery_time = 30
pattern = "oscillating"
pattern_args = { frequency = 0.4 }
shift = "-2m37s"
[[anomalies.traffic]]
kind = "shape"
at = 700
onset = 30
hold = 50
recovery_time = 20
pattern = "linear"
waveform = "square"
duty = 0.3
[[anomalies.traffic]]
kind = "amplitude"
at = 760
recovery_time = 100
pattern = "step"
factor = 0.25
[[anomalies.traffic]]
kind = "phase"
at = 1200
hold = 40
recovery_time = 1
pattern = "step"
shift = 7
[[anomalies.traffic]]
kind = "shape"
at = 1220
hold = 40
recovery_time = 10
pattern = "exponential"
waveform = "sawtooth"
[[anomalies.traffic]]
at = 1500
recovery_time = 50
pattern = "step"
anomaly_factor = 1.5
[[anomalies.traffic]]
kind = "frequency"
at = 1510
hold = 20
recovery_time = 20
pattern = "linear"
factor = 0.5

[[anomalies.disk]]
kind = "shape"
at = 50
hold = 200
recovery_time = 1
pattern = "step"
waveform = "cosine"
[[anomalies.disk]]
kind = "shape"
at = 200
hold = 100
recovery_time = 20
pattern = "linear"
waveform = "triangle"
[[anomalies.disk]]
kind = "phase"
at = 900
hold = 100
recovery_time = 1
pattern = "step"
shift = "5m"
`;
    const { ours } = await assertSameAsReference(
      config(`start = 2026-05-06T07:08:00Z\ninterval = "15s"`),
      "seasons_timed",
    );
    await assertSameAsReference(config(`interval = "15s"`), "seasons_untimed");
    // Not a trivial agreement: every fault moved its window off the fault-free run.
    const twin = generate(parseConfig(
      config(`start = 2026-05-06T07:08:00Z\ninterval = "15s"`).replace(/\[\[anomalies[^]*$/, ""),
    )).values.traffic;
    for (const fault of ours.anomalies.filter((f) => f.metric === "traffic")) {
      let moved = 0;
      for (let k = fault.first_sample; k <= fault.last_sample; k++) {
        if (Math.abs(ours.values.traffic[k] - twin[k]) > 1e-3) moved++;
      }
      ok(moved > 0, `${fault.id} moved nothing`);
    }
  },
});

const WINDOWS = `[general]
seed = 51
num_samples = 800
start = 2026-07-01T00:00:00Z
interval = "30s"
[metrics.cpu]
value = 40
seasonality = [{ period = "20m", amplitude = 10, waveform = "sawtooth" }]
[metrics.jobs]
type = "counter"
value = 2.3
[metrics.db]
value = 8
[metrics.api]
value = 60
depends_on = { db = { weight = 0.7, lag = "1m" } }
[metrics.latency]
value = 200
noise = "laplace"
noise_args = { scale = 3, smoothing_window = 4 }
[metrics.load]
formula = "cpu + latency / 100"

[[anomalies.cpu]]
kind = "flatline"
at = 100
recovery_time = 50
value = 99.5
[[anomalies.cpu]]
kind = "flatline"
at = 140
recovery_time = 30
[[anomalies.cpu]]
kind = "flatline"
at = 0
recovery_time = 5
value = -1.25
[[anomalies.jobs]]
kind = "flatline"
at = 200
recovery_time = 40
value = 12.5
[[anomalies.jobs]]
kind = "reset"
at = 300
[[anomalies.jobs]]
kind = "flatline"
at = 500
recovery_time = 10
[[anomalies.db]]
at = 600
recovery_time = 50
pattern = "linear"
anomaly_factor = 2
`;
const EXTREMA = `[[anomalies.latency]]
kind = "extremum"
at = 10
size = 6
[[anomalies.latency]]
kind = "extremum"
at = 400
size = -4.5
[[anomalies.latency]]
kind = "extremum"
at = 799
size = 12
`;

Deno.test({
  name:
    "flatline at a value (gauge and counter), resets and extrema (against the fault-free twin) equal the reference",
  ignore: !HAS_NUMPY,
  async fn() {
    const { ours } = await assertSameAsReference(WINDOWS + EXTREMA, "windows", {
      noisy: ["latency", "load"],
      twin: WINDOWS,
    });
    // Not a trivial agreement: the platforms hold, and an extremum is size x sd off its twin
    // (laplace: sd = scale sqrt 2, smoothed over 4 draws: / 2).
    ok(ours.values.cpu.subarray(100, 140).every((x) => x === 99.5));
    ok(ours.values.jobs.subarray(200, 240).every((x) => x === 13));
    const twin = generate(parseConfig(WINDOWS)).values.latency;
    ok(Math.abs(ours.values.latency[400] - twin[400] + 4.5 * 3 * Math.SQRT2 / 2) < 2e-6);
  },
});

const PLACED = `[general]
seed = 61
num_samples = 6000
start = 2026-01-05T00:00:00Z
interval = "1m"
[metrics.latency]
value = 100
seasonality = [{ period = "1d", amplitude = 20, peak = "14h" }]
[metrics.errors]
value = 2
[metrics.queue]
value = 10
[metrics.front]
value = 10
noise = "gaussian"
[metrics.cache]
value = 30
noise = "gaussian"
depends_on = { latency = { weight = 0.5, lag = "2m" }, front = { coupling = 0.5 } }
[metrics.budget]
formula = "latency - errors * 10"
[metrics.spikes]
value = 10
noise = "gaussian"
noise_args = { scale = 0.5 }
[metrics.hits]
type = "counter"
value = 3.3

[[anomalies.latency]]
at = 100
recovery_time = 30
pattern = "step"
anomaly_factor = 2
[[anomalies.latency]]
count = 12
between = ["2h", "3d"]
min_gap = "30m"
pattern = "exponential"
anomaly_factor = [1.5, 4]
offset = [-5, 5]
recovery_time = ["10m", "1h"]
onset = [0, 5]
[[anomalies.latency]]
kind = "phase"
count = 5
between = [2026-01-07T00:00:00Z, 2026-01-09T00:00:00Z]
shift = ["-20m", "-3m"]
hold = [10, 30]
recovery_time = 5
pattern = "linear"
[[anomalies.latency]]
at = 2026-01-05T06:00:00Z
recovery_time = [20, 40]
pattern = "oscillating"
pattern_args = { frequency = 0.2 }
noise_factor = [2, 3]
[[anomalies.latency]]
kind = "frequency"
count = 3
factor = [0.5, 3]
recovery_time = [10, 60]
pattern = "step"
[[anomalies.latency]]
kind = "amplitude"
count = 2
between = [4000, 5999]
factor = [0.2, 0.8]
recovery_time = 30
pattern = "linear"
[[anomalies.latency]]
kind = "shape"
count = 2
waveform = "square"
duty = [0.1, 0.9]
onset = 5
recovery_time = [5, 15]
pattern = "step"

[[anomalies.errors]]
kind = "flatline"
count = 4
min_gap = 100
value = [0, 10]
recovery_time = [5, 20]
[[anomalies.errors]]
kind = "missing"
at = 3000
recovery_time = 100
[[anomalies.errors]]
at = 3050
recovery_time = 10
pattern = "step"
offset = 3

# Dense: some of the last faults find no start in 64 draws and draw among the starts listed.
[[anomalies.queue]]
kind = "missing"
count = 320
between = [0, 999]
min_gap = 1
recovery_time = [1, 2]
[[anomalies.queue]]
at = 500
recovery_time = 4
pattern = "linear"
offset = [1, 2]

[[anomalies.cache]]
kind = "decouple"
count = 3
between = ["1d", "2d"]
recovery_time = ["5m", "15m"]

[[anomalies.hits]]
kind = "reset"
count = 5
between = [100, 5000]
min_gap = "1h"
`;
const SPIKES = `
[[anomalies.spikes]]
kind = "extremum"
count = 20
min_gap = 3
size = [2, 6]
[[anomalies.spikes]]
kind = "extremum"
at = 50
size = [-9, -3]
`;

Deno.test({
  name:
    "faults placed by the seed (count, between as samples, durations and date-times, min_gap, ranges on several keys, hand faults among them) are ours in the reference",
  ignore: !HAS_NUMPY,
  async fn() {
    const { ours } = await assertSameAsReference(PLACED + SPIKES, "placed", {
      noisy: ["spikes", "front", "cache"],
      twin: PLACED,
    });
    // Not a trivial agreement: hundreds of faults, the keys drawn within their ranges.
    strictEqual(ours.anomalies.length, 1 + 12 + 5 + 1 + 3 + 2 + 2 + 4 + 2 + 320 + 1 + 3 + 5 + 21);
    const drawn = ours.anomalies.filter((f) => f.metric === "latency" && f.kind === "pattern");
    ok(new Set(drawn.map((f) => f.kind === "pattern" && f.anomaly_factor)).size > 10);
    // One more than fits: we refuse at the fault the reference finds no room for.
    const crowded = PLACED.replace("count = 320", "count = 340");
    ok(crowded !== PLACED);
    throws(() => generate(parseConfig(crowded)), /no room for fault 322 of 340: 321 placed/);
    const dir = await freshDir("part3_reference_crowded");
    await Deno.writeTextFile(`${dir}/c.toml`, crowded);
    const run = python(
      `import sys, runpy; sys.argv = ["ref", "${dir}/c.toml", "--no-write"]; runpy.run_path("${REFERENCE}", run_name="__main__")`,
    );
    ok(!run.ok && run.out.includes("no room for queue entry 0 fault 322"), run.out);
  },
});

/** The two-sample Kolmogorov-Smirnov statistic. */
function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] === v) i++;
    while (j < y.length && y[j] === v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

function lag1(x: ArrayLike<number>): number {
  const m = mean(x);
  let num = 0;
  let den = 0;
  for (let k = 0; k < x.length; k++) {
    den += (x[k] - m) ** 2;
    if (k > 0) num += (x[k] - m) * (x[k - 1] - m);
  }
  return num / den;
}

Deno.test({
  name:
    "with noise, ours and the reference's are equal in distribution: each law by a two-sample KS test, smoothing, and noise_factor bursts",
  ignore: !HAS_NUMPY,
  async fn() {
    const n = 20000;
    const toml = `[general]
seed = 71
num_samples = ${n}
decimals = "full"
[metrics.gaussian]
value = 100
noise = "gaussian"
noise_args = { loc = 1, scale = 2 }
[metrics.uniform]
value = 100
noise = "uniform"
noise_args = { low = -1, high = 3 }
[metrics.exponential]
value = 100
noise = "exponential"
noise_args = { scale = 0.5 }
[metrics.logistic]
value = 100
noise = "logistic"
noise_args = { scale = 1.5 }
[metrics.laplace]
value = 100
noise = "laplace"
noise_args = { loc = -2, scale = 2 }
[metrics.smooth]
value = 100
noise = "normal"
noise_args = { scale = 3, smoothing_window = 5 }
[metrics.burst]
value = 100
noise = "gaussian"
[anomalies.burst]
at = 10000
recovery_time = 5000
pattern = "step"
noise_factor = 4
`;
    const ours = generate(parseConfig(toml));
    const ref = await reference(toml, "noise");
    const residual = (x: ArrayLike<number>, from = 0, to = n) =>
      Array.from(x).slice(from, to).map((v) => v - 100);
    // D at significance 0.001 for two samples of n.
    const critical = 1.949 * Math.sqrt(2 / n);
    for (const law of ["gaussian", "uniform", "exponential", "logistic", "laplace", "burst"]) {
      const a = residual(ours.values[law], 0, 10000);
      const b = residual(ref.values[law], 0, 10000);
      const d = ksTwoSample(a, b);
      ok(d < 1.949 * Math.sqrt(2 / 10000), `${law}: D = ${d}`);
      ok(Math.abs(mean(a) - mean(b)) < 4 * std(b) * Math.sqrt(2 / 10000), `${law} mean`);
      ok(Math.abs(std(a) / std(b) - 1) < 0.05, `${law} sd ${std(a)} vs ${std(b)}`);
      if (law !== "burst") {
        ok(ksTwoSample(residual(ours.values[law]), residual(ref.values[law])) < critical);
      }
    }
    // A burst of noise_factor 4: four times the deviation in its window, for both.
    const inside = [
      residual(ours.values.burst, 10000, 15000),
      residual(ref.values.burst, 10000, 15000),
    ];
    for (const x of inside) ok(Math.abs(std(x) - 4) < 0.2, `burst sd ${std(x)}`);
    ok(ksTwoSample(inside[0], inside[1]) < 1.949 * Math.sqrt(2 / 5000));
    // Smoothed over 5 draws: sd 3 / sqrt 5 and neighbours correlated 4 / 5, for both.
    for (const x of [residual(ours.values.smooth), residual(ref.values.smooth)]) {
      ok(Math.abs(std(x) - 3 / Math.sqrt(5)) < 0.05, `smoothed sd ${std(x)}`);
      ok(Math.abs(lag1(x) - 0.8) < 0.02, `lag-1 correlation ${lag1(x)}`);
    }
    // The test tells laws apart: standardised, our laplace against the reference's gaussian fails.
    const standard = (x: number[]) => x.map((v) => (v - mean(x)) / std(x));
    const d = ksTwoSample(
      standard(residual(ours.values.laplace)),
      standard(residual(ref.values.gaussian)),
    );
    ok(d > 2 * critical, `laplace against gaussian: D = ${d}`);
  },
});

const COUPLED = `[general]
seed = 81
num_samples = 20000
start = 2026-04-01T00:00:00Z
interval = "10s"
decimals = "full"

[metrics.db]
value = 20
noise = "gaussian"
noise_args = { loc = 0.5, scale = 1.5, smoothing_window = 4 }
[metrics.cache]
value = 0.9
noise = "uniform"
noise_args = { low = -0.05, high = 0.05 }
[metrics.api]
value = 80
noise = "laplace"
noise_args = { scale = 2 }
depends_on = { db = { weight = 0.8, lag = "30s", coupling = 0.5 }, cache = { weight = 0, lag = 7, coupling = -0.4 } }
[metrics.web]
value = 200
noise = "logistic"
noise_args = { smoothing_window = 2 }
min = 199
max = 212
depends_on = { api = { lag = 2, coupling = 0.7 } }
[metrics.queue]
value = 3
noise = "exponential"
noise_args = { scale = 0.5 }
depends_on = { db = { coupling = -0.3 }, web = { weight = 0.2, coupling = 0.2 } }
[metrics.checkout]
type = "counter"
value = 5
noise = "gaussian"
depends_on = { web = { lag = 1, coupling = 0.3 } }
[metrics.ratio]
formula = "api / web"
noise = "gaussian"
noise_args = { scale = 0.01 }
depends_on = { db = { weight = 0, lag = 4, coupling = 0.6 } }
[metrics.plain]
value = 1
depends_on = { db = { lag = 2 } }

[[anomalies.db]]
at = 2000
recovery_time = 500
pattern = "step"
anomaly_factor = 1.2
noise_factor = 3
[[anomalies.api]]
kind = "decouple"
at = 5000
recovery_time = 3000
[[anomalies.api]]
at = 9000
recovery_time = 200
pattern = "linear"
offset = 5
noise_factor = 2
[[anomalies.web]]
kind = "decouple"
count = 3
between = [10000, 19000]
min_gap = 100
recovery_time = [50, 400]
[[anomalies.web]]
kind = "extremum"
at = 12345
size = 5
[[anomalies.checkout]]
kind = "reset"
at = 15000
[[anomalies.queue]]
kind = "flatline"
at = 100
recovery_time = 10
[[anomalies.queue]]
kind = "missing"
at = 17000
recovery_time = 5
`;

/**
 * Our own noise n_j of every metric with noise, as a CSV the reference reads (--noise): the
 * config with each such metric at value 0 with its noise alone, at full precision, where each
 * value is its noise exactly (0 + n = n) and String gives the shortest text that reads back the
 * same double.
 */
async function ourNoise(config: Config, name: string): Promise<string> {
  const noisy = Object.entries(config.metrics).filter(([, m]) => m.noise !== undefined);
  const alone = generate({
    general: { ...config.general, decimals: "full" },
    metrics: Object.fromEntries(
      noisy.map(([m, { noise, noise_args }]) => [m, { value: 0, noise, noise_args }]),
    ),
  });
  const columns = noisy.map(([m]) => alone.values[m]);
  const rows = [`sample,${noisy.map(([m]) => m).join(",")}`];
  for (let k = 0; k < alone.values[noisy[0][0]].length; k++) {
    rows.push(`${k},${columns.map((x) => String(x[k])).join(",")}`);
  }
  const path = `${await freshDir(`part3_reference_${name}_noise`)}/noise.csv`;
  await Deno.writeTextFile(path, rows.join("\n") + "\n");
  return path;
}

Deno.test({
  name:
    "coupling and decouple (SPEC 18) with our own noise fed to the reference equal ours to 1e-9: a chain, two parents, lags as durations, every law, smoothing, gains, bounds, an extremum, a counter, a formula, decouples by hand and by the seed",
  ignore: !HAS_NUMPY,
  async fn() {
    const config = parseConfig(COUPLED);
    const ours = generate(config);
    const ref = await reference(COUPLED, "coupled", ["--noise", await ourNoise(config, "coupled")]);
    deepStrictEqual(Object.keys(ref.values), [...ours.names], "the columns");
    for (const metric of ours.names) {
      deepStrictEqual([...ours.labels[metric]], ref.labels[metric], `${metric} labels`);
      const theirs = ref.values[metric];
      const bad: string[] = [];
      ours.values[metric].forEach((x, k) => {
        const y = theirs[k];
        const same = Number.isNaN(y)
          ? Number.isNaN(x)
          : Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y));
        if (!same) bad.push(`[${k}] ours ${x}, the reference's ${y}`);
      });
      ok(bad.length === 0, `${metric}: ${bad.length} values differ: ${bad.slice(0, 5).join("; ")}`);
    }
    assertSameFaults(ours.anomalies, ref);
    // Not a trivial agreement: every coupled metric moved off its uncoupled run, bounds clamped.
    // The same metrics uncoupled (and without decouple faults: those need a coupling to stop).
    const uncoupledToml = COUPLED.replaceAll(/, coupling = -?0\.\d/g, "")
      .replaceAll(/\{ coupling = -?0\.\d \}/g, "{}")
      .replaceAll(/\[\[anomalies\.\w+\]\]\nkind = "decouple"\n(?:\w+ = [^\n]*\n)*/g, "");
    ok(!uncoupledToml.includes("coupling") && !uncoupledToml.includes("decouple"));
    const uncoupled = generate(parseConfig(uncoupledToml));
    for (const metric of ["api", "web", "queue", "checkout", "ratio"]) {
      const moved = ours.values[metric].filter((x, k) =>
        !(x === uncoupled.values[metric][k])
      ).length;
      ok(moved > 10_000, `${metric}: ${moved} samples moved by coupling`);
    }
    ok(ours.values.web.some((x) => x === 199), "web clamped at its min");
  },
});

Deno.test({
  name:
    "with numpy's noise the reference's coupled metrics correlate with their parents as ours do: c at the lag",
  ignore: !HAS_NUMPY,
  async fn() {
    const ours = generate(parseConfig(COUPLED));
    const ref = await reference(COUPLED, "coupled_numpy");
    // api follows db 3 samples back with c = 0.5 (outside its decouple window, after db's burst).
    const lagged = (x: ArrayLike<number>, y: ArrayLike<number>, lag: number) =>
      correlation(Array.from(x).slice(8000 + lag), Array.from(y).slice(8000, 20000 - lag));
    for (const run of [ours.values, ref.values]) {
      const c = lagged(run.api, run.db, 3);
      ok(Math.abs(c - 0.5) < 0.05, `corr(api(k), db(k - 3)) = ${c}`);
      // db is smoothed over 4 samples: 4 or more samples off the lag, nothing.
      ok(Math.abs(lagged(run.api, run.db, 7)) < 0.05, "corr(api(k), db(k - 7))");
    }
  },
});
