// Bad configs are refused with one message per problem: the key path, the rule, the bad value
// and what is allowed (spec sections 1 and 7). One row per rule.
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import {
  ConfigError,
  createGenerator,
  encodeManifest,
  parseConfig,
  resolveConfig,
  validateConfig,
} from "../mod.ts";
import { BAD_CONFIGS, BAD_PLACEMENTS, FAULT, GOOD_GENERAL, GOOD_METRIC } from "./_bad_configs.ts";

for (const [what, toml, messages] of BAD_CONFIGS) {
  Deno.test(`parseConfig() refuses ${what}`, () => {
    throws(() => parseConfig(toml), (error: unknown) => {
      ok(error instanceof ConfigError, String(error));
      deepStrictEqual(error.message.split("\n"), messages);
      return true;
    });
  });
}

// Faults placed by the seed fit or not once the seed is known: resolveConfig says which.
for (const [what, toml, messages] of BAD_PLACEMENTS) {
  Deno.test(`resolveConfig() refuses ${what}`, () => {
    throws(() => resolveConfig(parseConfig(toml)), (error: unknown) => {
      ok(error instanceof ConfigError, String(error));
      deepStrictEqual(error.message.split("\n"), messages);
      return true;
    });
  });
}

Deno.test("every problem of a config is reported at once, each with the file name", () => {
  const toml =
    `[general]\nnum_samples = 0\n[metrics.a]\nvalue = "x"\n[metrics.b]\nvalue = 1\nnoise = "poisson"\n`;
  throws(() => parseConfig(toml, { fileName: "bad.toml" }), (error: unknown) => {
    ok(error instanceof ConfigError);
    deepStrictEqual(error.issues.map((issue) => issue.path), [
      "general.num_samples",
      "metrics.a.value",
      "metrics.b.noise",
    ]);
    ok(error.message.split("\n").every((line) => line.startsWith("bad.toml: ")));
    return true;
  });
});

const SYNTAX_ERRORS: [string, string | Uint8Array, string][] = [
  ["a value missing", "[general]\nnum_samples = \n", "bad.toml:2:15: invalid TOML: invalid value"],
  [
    "a key given twice",
    "[general]\nnum_samples = 1\nnum_samples = 2\n",
    "bad.toml:3:1: invalid TOML: trying to redefine an already defined table or value",
  ],
  ["an unclosed table header", "[general\n", "bad.toml:1:"],
  [
    "binary garbage",
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe]),
    "bad.toml: not a TOML file: the bytes are not UTF-8 text",
  ],
  ["control characters", "\x00\x01\x02", "bad.toml:1:1: invalid TOML"],
];

for (const [what, text, prefix] of SYNTAX_ERRORS) {
  Deno.test(`parseConfig() refuses ${what} as a SyntaxError with line and column`, () => {
    throws(() => parseConfig(text, { fileName: "bad.toml" }), (error: unknown) => {
      ok(error instanceof SyntaxError, String(error));
      ok(error.message.startsWith(prefix), error.message);
      return true;
    });
  });
}

Deno.test("a config fills in every default", () => {
  const config = parseConfig(
    `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1\nnoise = "logistic"\n[anomalies.cpu]\nat = 1\nanomaly_factor = 2\npattern = "oscillating"\nrecovery_time = 3\n`,
  );
  deepStrictEqual(config.general, { seed: 1, num_samples: 100, interval: 1, decimals: 6 });
  deepStrictEqual(config.metrics.cpu.noise_args, { loc: 0, scale: 1, smoothing_window: 1 });
  deepStrictEqual(config.anomalies?.cpu, [{
    kind: "pattern",
    at: 1,
    onset: 0,
    hold: 0,
    recovery_time: 3,
    pattern: "oscillating",
    pattern_args: { frequency: 3 },
    anomaly_factor: 2,
    offset: 0,
    noise_factor: 1,
  }]);
});

Deno.test("start and interval accept TOML date-times, RFC 3339 strings and durations", () => {
  const general = (line: string) =>
    parseConfig(`[general]\nnum_samples = 2\n${line}\n${GOOD_METRIC}`).general;
  strictEqual(general("start = 2026-01-01T01:00:00+01:00").start, "2026-01-01T00:00:00Z");
  strictEqual(general(`start = "2026-03-01T12:00:00.250Z"`).start, "2026-03-01T12:00:00.250Z");
  strictEqual(general(`interval = "250ms"`).interval, 0.25);
  strictEqual(general(`interval = "5m"`).interval, 300);
  strictEqual(general(`interval = "1h"`).interval, 3600);
  strictEqual(general("interval = 15").interval, 15);
});

Deno.test("overrides replace [general] values before the checks", () => {
  const toml = FAULT("");
  strictEqual(parseConfig(toml, { overrides: { num_samples: 20 } }).general.num_samples, 20);
  throws(
    () => parseConfig(toml, { overrides: { num_samples: 12 } }),
    /at \+ recovery_time must be at most num_samples \(12\)/,
  );
  strictEqual(resolveConfig(parseConfig(toml), { overrides: { seed: 0 } }).general.seed, 0);
});

Deno.test("a resolved config validates again unchanged", () => {
  const config = resolveConfig(parseConfig(FAULT("")));
  deepStrictEqual(validateConfig(config), config);
});

Deno.test("validateConfig() refuses what is not a table", () => {
  throws(() => validateConfig("general"), ConfigError);
  throws(() => validateConfig(null), ConfigError);
});

Deno.test("times given as TOML integers resolve to numbers, so the manifest serialises (found by the fuzzer)", () => {
  const config = parseConfig(
    `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1\ntrend = { change = 1, over = 50 }\n` +
      `[[metrics.cpu.seasonality]]\nperiod = 20\namplitude = 1\npeak = 7\n`,
  );
  deepStrictEqual(config.metrics.cpu.trend, { change: 1, over: 50 });
  deepStrictEqual(config.metrics.cpu.seasonality, [{ period: 20, amplitude: 1, peak: 7 }]);
  const manifest = JSON.parse(encodeManifest(createGenerator(config), []));
  strictEqual(manifest.config.metrics.cpu.seasonality[0].peak, 7);
});
