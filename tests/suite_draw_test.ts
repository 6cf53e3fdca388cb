// Suites that draw and pick: [suite.draw] maps a key path to a range [low, high] drawn per case
// (uniform doubles, or whole values where the key takes whole values, by the rule of a fault's
// ranges), [suite.pick] maps one to a list of choices, one picked per case; both from a stream
// keyed by suite.seed, "suite", the key path and the case's index alone, so case K is the same
// whatever the number of cases, the other keys or their order. suite.json records what each case
// drew and picked beside what it varied; bad input is refused one line each.
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { caseDraw, suiteCases } from "../src/config/suite.ts";
import { drawInRange } from "../src/config/placement.ts";
import { ConfigError } from "../src/config/mod.ts";
import { readToml } from "../src/config/toml.ts";
import { freshDir, runCli } from "./_run_cli.ts";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const BASE = {
  general: { num_samples: 200, seed: 1 },
  metrics: { db: { value: 20, noise: "gaussian" }, api: { value: 80, noise: "gaussian" } },
};

/** The cases of BASE with `suite`. */
function cases(suite: Record<string, unknown>) {
  return suiteCases({ ...BASE, suite });
}

/** `value` as JSON holds it: TOML's integers (bigints) as numbers. */
function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_, v) => typeof v === "bigint" ? Number(v) : v));
}

/** Pearson's chi-square of `counts` against equal expected counts. */
function chiSquare(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
}

/** Kolmogorov-Smirnov distance of `values` from the uniform law on [low, high). */
function ksUniform(values: number[], low: number, high: number): number {
  const sorted = values.map((v) => (v - low) / (high - low)).sort((a, b) => a - b);
  let d = 0;
  sorted.forEach((u, i) => {
    d = Math.max(d, (i + 1) / sorted.length - u, u - i / sorted.length);
  });
  return d;
}

const N = 10_000;
const DRAWS = {
  "metrics.db.value": [10, 30],
  "general.num_samples": [100, 109],
  "metrics.api.noise_args.smoothing_window": [1, 4],
};

Deno.test("every drawn value lies in its range; keys that take whole values draw whole ones", () => {
  const all = cases({ cases: N, seed: 42, draw: DRAWS });
  const values = (path: string) => all.map((c) => c.varied[path] as number);
  const db = values("metrics.db.value");
  ok(db.every((v) => v >= 10 && v < 30));
  ok(db.some((v) => !Number.isInteger(v)), "a number's range draws doubles");
  const samples = values("general.num_samples");
  deepStrictEqual([...new Set(samples)].sort((a, b) => a - b), [
    100,
    101,
    102,
    103,
    104,
    105,
    106,
    107,
    108,
    109,
  ]);
  deepStrictEqual(
    [...new Set(values("metrics.api.noise_args.smoothing_window"))].sort(),
    [1, 2, 3, 4],
  );
  // The drawn values are set in each case's config, and the rest is the suite's.
  const c = all[7];
  deepStrictEqual(c.config.general, { num_samples: c.varied["general.num_samples"], seed: 1 });
  deepStrictEqual(c.config.metrics, {
    db: { value: c.varied["metrics.db.value"], noise: "gaussian" },
    api: {
      value: 80,
      noise: "gaussian",
      noise_args: { smoothing_window: c.varied["metrics.api.noise_args.smoothing_window"] },
    },
  });
  deepStrictEqual(Object.keys(c.varied), Object.keys(DRAWS));
  // Each case is its own config: none shares another's.
  strictEqual(c.sameAs, 7);
});

Deno.test("draws and picks are uniform over 10^4 cases (seed 42): chi-square and KS bounds", () => {
  const all = cases({
    cases: N,
    seed: 42,
    draw: DRAWS,
    pick: { "metrics.db.noise": ["gaussian", "laplace", "logistic", "uniform"] },
  });
  const db = all.map((c) => c.varied["metrics.db.value"] as number);
  // KS at 10^4 draws: 1.63 / sqrt(n) is the 1% critical value.
  const d = ksUniform(db, 10, 30);
  ok(d < 1.63 / Math.sqrt(N), `KS ${d}`);
  // Ten bins of the doubles, 9 degrees of freedom: 27.88 is the 0.1% critical value.
  const bins = new Array(10).fill(0);
  for (const v of db) bins[Math.floor((v - 10) / 2)]++;
  ok(chiSquare(bins) < 27.88, `doubles: chi-square ${chiSquare(bins)}`);
  // The whole values 100..109, each as likely (the ends too): 9 degrees of freedom.
  const whole = new Array(10).fill(0);
  for (const c of all) whole[(c.varied["general.num_samples"] as number) - 100]++;
  ok(chiSquare(whole) < 27.88, `whole: chi-square ${chiSquare(whole)} over ${whole}`);
  // Four choices, 3 degrees of freedom: 16.27 is the 0.1% critical value.
  const choices = ["gaussian", "laplace", "logistic", "uniform"];
  const picked = choices.map((law) => all.filter((c) => c.varied["metrics.db.noise"] === law));
  const counts = picked.map((list) => list.length);
  ok(chiSquare(counts) < 16.27, `picks: chi-square ${chiSquare(counts)} over ${counts}`);
});

Deno.test("case K's values depend on the seed, the key path and K alone", () => {
  const few = cases({ cases: 5, seed: 9, draw: { "metrics.db.value": [0, 1] } });
  const many = cases({
    cases: 500,
    seed: 9,
    vary: { "general.seed": [1, 2, 3] },
    pick: { "metrics.api.noise": ["gaussian", "laplace"] },
    draw: { "general.num_samples": [10, 20], "metrics.db.value": [0, 1] },
  });
  for (let k = 0; k < 5; k++) {
    strictEqual(many[k].varied["metrics.db.value"], few[k].varied["metrics.db.value"]);
    // The value is the rule of a fault's ranges at the case's own draw.
    strictEqual(
      few[k].varied["metrics.db.value"],
      drawInRange({ low: 0, high: 1, whole: false }, caseDraw(9, ["metrics", "db", "value"], k)),
    );
  }
  // Another seed, another key path or another case: other values.
  const other = cases({ cases: 5, seed: 10, draw: { "metrics.db.value": [0, 1] } });
  ok(other.every((c, k) => c.varied["metrics.db.value"] !== few[k].varied["metrics.db.value"]));
  strictEqual(new Set(few.map((c) => c.varied["metrics.db.value"])).size, 5);
  ok(caseDraw(9, ["metrics", "api", "value"], 0) !== caseDraw(9, ["metrics", "db", "value"], 0));
  // A key path quoted another way is the same key path, and draws the same.
  const quotedPath = cases({ cases: 5, seed: 9, draw: { 'metrics."db".value': [0, 1] } });
  deepStrictEqual(
    quotedPath.map((c) => c.varied['metrics."db".value']),
    few.map((c) => c.varied["metrics.db.value"]),
  );
  // The stream is pinned: these figures change only with a major version.
  deepStrictEqual(few.slice(0, 2).map((c) => c.varied["metrics.db.value"]), [
    0.7325545188886669,
    0.029894623150358512,
  ]);
});

Deno.test("a pick takes one of its choices whole: a metric's list of faults, or the whole anomalies", () => {
  const db = [{ at: 100, anomaly_factor: 4, pattern: "step", recovery_time: 20 }];
  const api = [{ at: 50, anomaly_factor: 2, pattern: "exponential", recovery_time: 40 }];
  const all = cases({
    cases: 200,
    seed: 3,
    pick: { anomalies: [{ db }, { api }, {}] },
  });
  const choices = [{ db }, { api }, {}].map((choice) => JSON.stringify(choice));
  for (const c of all) {
    ok(choices.includes(JSON.stringify(c.varied.anomalies)));
    strictEqual(c.config.anomalies, c.varied.anomalies);
  }
  strictEqual(new Set(all.map((c) => JSON.stringify(c.varied.anomalies))).size, 3);
  const lists = cases({ cases: 50, seed: 3, pick: { "anomalies.db": [db, []] } });
  ok(
    lists.every((c) =>
      (c.config.anomalies as Record<string, unknown>).db === c.varied["anomalies.db"]
    ),
  );
});

Deno.test("bad [suite.draw] and [suite.pick]: one line each, with the key path and the way out", () => {
  const issues = (suite: unknown) => {
    try {
      suiteCases({ ...BASE, suite });
    } catch (error) {
      ok(error instanceof ConfigError);
      return error.message.split("\n");
    }
    throw new Error("accepted");
  };
  deepStrictEqual(issues({ cases: 2, seed: 1, draw: { "metrics.db.value": [3, 1] } }), [
    `suite.draw."metrics.db.value": a range must be [low, high] with low <= high: got 3 > 1`,
  ]);
  deepStrictEqual(issues({ cases: 2, seed: 1, draw: { "metrics.db.value": ["a", 1] } }), [
    `suite.draw."metrics.db.value": must be a range [low, high] of two numbers: got an array of 2`,
  ]);
  deepStrictEqual(issues({ cases: 2, seed: 1, draw: { "metrics.db.value": [1, 2, 3] } }), [
    `suite.draw."metrics.db.value": must be a range [low, high] of two numbers: got an array of 3`,
  ]);
  deepStrictEqual(issues({ cases: 2, seed: 1, draw: { "general.num_samples": ["1m", "1h"] } }), [
    `suite.draw."general.num_samples": must be a range [low, high] of two numbers ` +
    `(durations: give samples): got an array of 2`,
  ]);
  deepStrictEqual(issues({ cases: 2, seed: 1, draw: { "general.num_samples": [10, 20.5] } }), [
    `suite.draw."general.num_samples": this key takes whole values: a range's ends must be ` +
    `integers: got 10, 20.5`,
  ]);
  deepStrictEqual(issues({ cases: 2, seed: 1, pick: { "metrics.db.noise": [] } }), [
    `suite.pick."metrics.db.noise": must be a non-empty list: each case picks one, uniformly, ` +
    `by suite.seed`,
  ]);
  deepStrictEqual(issues({ cases: 2, draw: { "metrics.db.value": [1, 2] } }), [
    "suite.seed: is required with suite.draw or suite.pick: the cases' draws come from it",
  ]);
  deepStrictEqual(issues({ cases: 2, pick: { "metrics.db.noise": ["gaussian"] } }), [
    "suite.seed: is required with suite.draw or suite.pick: the cases' draws come from it",
  ]);
  // Every problem at once: a bad pick does not hide the missing seed.
  deepStrictEqual(issues({ cases: 2, pick: { "metrics.db.noise": [] } }), [
    `suite.pick."metrics.db.noise": must be a non-empty list: each case picks one, uniformly, ` +
    `by suite.seed`,
    "suite.seed: is required with suite.draw or suite.pick: the cases' draws come from it",
  ]);
  deepStrictEqual(
    issues({
      cases: 2,
      seed: 1,
      vary: { "metrics.db.value": [1] },
      draw: { "metrics.db.value": [1, 2] },
    }),
    [
      `suite.draw."metrics.db.value": is also in suite.vary: give a key path in one of vary, ` +
      `draw, pick`,
    ],
  );
  deepStrictEqual(
    issues({
      cases: 2,
      seed: 1,
      pick: { "metrics.db": [{}] },
      draw: { "metrics.db.value": [1, 2] },
    }),
    [
      `suite.draw."metrics.db.value": lies inside "metrics.db" of suite.pick: give it in one of ` +
      `vary, draw, pick`,
    ],
  );
  deepStrictEqual(issues({ cases: 2, seed: 1, draw: { "anomalies.db": [1, 2] } }), [
    `suite.draw."anomalies.db": faults are not drawn here: pick or vary a metric's list whole, ` +
    `or give its faults' keys ranges`,
  ]);
  deepStrictEqual(issues({ cases: 2, seed: 1, draw: { "metrics.db": [1, 2] } }), [
    `suite.draw."metrics.db": names a table: a range draws one value, so name a key ` +
    `(such as "metrics.db.value")`,
  ]);
  deepStrictEqual(issues({ cases: 2, seed: 1, pick: { "anomalies.db.0.kind": ["flatline"] } }), [
    `suite.pick."anomalies.db.0.kind": anomalies.db is a list of faults: pick it whole`,
  ]);
  deepStrictEqual(issues({ cases: 2, seed: 1, draw: { "metrics.dbb.value": [1, 2] } }), [
    `suite.draw."metrics.dbb.value": unknown metric "dbb"; did you mean "db"? ` +
    "(the config has db, api)",
  ]);
  deepStrictEqual(issues({ cases: 2, seed: -1, pick: { "metrics.db.noise": ["gaussian"] } }), [
    "suite.seed: must be an integer >= 0: got -1",
  ]);
});

Deno.test("suite.json records each case's drawn and picked values; --case K alone writes the same case", async () => {
  const dir = await freshDir("suite_draw");
  const config = `${dir}/suite.toml`;
  Deno.writeTextFileSync(
    config,
    `[suite]
cases = 3
seed = 5
[suite.vary]
"general.seed" = [11, 12]
[suite.draw]
"metrics.db.value" = [10, 30]
"general.num_samples" = [150, 250]
[suite.pick]
"metrics.api.noise" = ["gaussian", "laplace"]

[general]
num_samples = 200
seed = 1

[metrics.db]
value = 20
noise = "gaussian"

[metrics.api]
value = 80
noise = "gaussian"
`,
  );
  const run = await runCli(["suite", "-c", config, "-o", `${dir}/all`, "-q", "--format", "csv"]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  const expected = suiteCases(readToml(Deno.readFileSync(config), config));
  const record = JSON.parse(Deno.readTextFileSync(`${dir}/all/suite.json`));
  deepStrictEqual(
    record.cases.map((c: { varied: unknown }) => c.varied),
    expected.map((c) => asJson(c.varied)),
  );
  deepStrictEqual(Object.keys(record.cases[0].varied), [
    "general.seed",
    "metrics.db.value",
    "general.num_samples",
    "metrics.api.noise",
  ]);
  for (const c of expected) {
    const manifest = JSON.parse(Deno.readTextFileSync(`${dir}/all/${c.name}/manifest.json`));
    strictEqual(manifest.config.metrics.db.value, c.varied["metrics.db.value"]);
    strictEqual(manifest.config.general.num_samples, c.varied["general.num_samples"]);
  }
  const one = await runCli([
    "suite",
    "-c",
    config,
    "-o",
    `${dir}/one`,
    "-q",
    "--format",
    "csv",
    "--case",
    "2",
  ]);
  strictEqual(one.status, 0, one.stderr.join("\n"));
  const files = [...Deno.readDirSync(`${dir}/all/case-0002`)].map((e) => e.name).sort();
  deepStrictEqual([...Deno.readDirSync(`${dir}/one/case-0002`)].map((e) => e.name).sort(), files);
  for (const file of files) {
    deepStrictEqual(
      Deno.readFileSync(`${dir}/one/case-0002/${file}`),
      Deno.readFileSync(`${dir}/all/case-0002/${file}`),
      file,
    );
  }
});

Deno.test("config.schema.json takes suite.seed, draw and pick, and refuses what it can express", () => {
  const schema = JSON.parse(Deno.readTextFileSync("config.schema.json"));
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  const validate = ajv.compile(schema);
  const config = (suite: Record<string, unknown>) => ({ ...BASE, suite: { cases: 4, ...suite } });
  const good = {
    seed: 5,
    draw: { "metrics.db.value": [10, 30], "general.num_samples": [150, 250] },
    pick: { "metrics.api.noise": ["gaussian", "laplace"], anomalies: [{}, {}] },
  };
  ok(validate(config(good)), JSON.stringify(validate.errors));
  strictEqual(validate(config({ draw: good.draw })), false, "draw without seed");
  strictEqual(validate(config({ pick: good.pick })), false, "pick without seed");
  strictEqual(validate(config({ seed: 1, draw: { "metrics.db.value": [1, 2, 3] } })), false);
  strictEqual(validate(config({ seed: 1, draw: { "metrics.db.value": ["a", 2] } })), false);
  strictEqual(validate(config({ seed: 1, draw: { anomalies: [1, 2] } })), false);
  strictEqual(validate(config({ seed: 1, pick: { "metrics.db.noise": [] } })), false);
  strictEqual(validate(config({ seed: -1 })), false);
  // What the schema takes, the validator takes too.
  strictEqual(suiteCases(config(good)).length, 4);
});
