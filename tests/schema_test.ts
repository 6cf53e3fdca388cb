// config.schema.json, the JSON Schema editors use (Taplo, Even Better TOML), checked with a real
// validator (ajv, draft 2020-12): every shipped config passes, and the bad-config tables are
// refused wherever a schema can say the rule. The rules it cannot say are listed below.
import { deepStrictEqual, ok } from "node:assert/strict";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "smol-toml";
import { NOISE_LAWS } from "../src/config/noise_laws.ts";
import { PATTERNS } from "../src/config/patterns.ts";
import {
  ENVELOPE_KEYS,
  FAULT_KINDS,
  PLACEMENT_KEYS,
  RCA_KEYS,
  SERIES_FAULT_KEYS,
  WAVEFORMS,
} from "../src/config/fault_kinds.ts";
import { SHAPES } from "../src/config/shapes.ts";
import type { FaultKind, ShapeKind } from "../src/config/types.ts";
import { BAD_CONFIGS, BAD_PLACEMENTS } from "./_bad_configs.ts";
import { SHIPPED_CONFIGS } from "./_run_cli.ts";

const schema = JSON.parse(Deno.readTextFileSync("config.schema.json"));
const ajv = new Ajv2020({ strict: true, allErrors: true });
(addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
const validate = ajv.compile(schema);

/** The TOML as an editor hands it to the schema: dates as RFC 3339 strings. */
function asJson(toml: string): unknown {
  return JSON.parse(JSON.stringify(parse(toml)));
}

/** Rows of the bad-config table whose rule spans keys or values a schema cannot relate. */
const NOT_IN_SCHEMA: Record<string, string> = {
  "couplings whose squares sum to 1 (0.8 and 0.6)": "a sum over the keys of depends_on",
  "a coupling to a parent without noise": "a key of depends_on that needs its parent's noise",
  "a coupling of a child without noise": "a coupling that needs its own metric's noise",
  "an extremum size drawn from a range holding 0": "low <= 0 <= high relates two values",
  "a phase shift drawn from a range holding 0": "low <= 0 <= high relates two values",
  "an extremum on a metric whose noise has no deviation":
    "a key of [anomalies] that needs its metric's noise deviation",
  "an anomaly for a metric that does not exist":
    "a key of [anomalies] must name a key of [metrics]",
  "an anomaly past the end": "at < num_samples relates two tables",
  "a recovery past the end": "at + recovery_time <= num_samples relates two tables",
  "high below low": "high >= low relates two values",
  "an interval below a millisecond": "whole milliseconds of a number of seconds",
  "a value times its factors beyond 1e300": "a bound on a product over two tables",
  "a noise scale that overflows": "a bound on a sum of values",
  "a uniform width that overflows": "a bound on a difference of values",
  "a step_size too small for the values": "a bound on a quotient of values",
  "a duration that is not a whole number of samples": "a multiple of general.interval",
  "a window that the onset and hold push past the end": "a sum of four keys against num_samples",
  "at as a date-time between samples": "a multiple of general.interval after general.start",
  "at as a date-time without start": "a key of [anomalies] that needs general.start",
  "a season of period 0": "a duration's length, not its text",
  "min above max": "min <= max relates two values",
  "a missing window past the end": "at + recovery_time <= num_samples relates two tables",
  "a reset on a gauge": "a key of [anomalies] that needs its metric's type",
  "a counter with a step_size": "two keys that exclude each other by a third's value",
  "a counter that could count past 2^53": "a bound on a product over tables",
  "a dependency on a metric that does not exist":
    "a key of depends_on must name a key of [metrics]",
  "a metric depending on itself": "a key of depends_on against the metric's own name",
  "a cycle of dependencies": "a cycle through several tables",
  "a dependency weight that overflows (found by the fuzzer)": "a bound on a product over tables",
  "a sawtooth season whose period is not whole milliseconds":
    "whole milliseconds of a duration's length, not its text",
  "jumps no rarer than the interval": "every > general.interval relates two tables",
  "a polynomial of high degree that overflows": "a bound on a polynomial over num_samples",
  "a formula with a syntax error": "a formula's grammar: parentheses that match",
  "a formula calling an unknown function": "a formula's grammar: a name before (",
  "a formula calling a function with two arguments for one":
    "a formula's grammar: arguments counted inside parentheses",
  "a formula reading a metric that does not exist":
    "a name in a formula must name a key of [metrics]",
  "a formula reading its own metric": "a name in a formula against the metric's own name",
  "a cycle of formulas": "a cycle through several tables",
  "a cycle through a formula and depends_on": "a cycle through several tables",
  "an extremum on a metric without noise": "a key of [anomalies] that needs its metric's noise",
  "faults on the seasons of a metric without seasons":
    "a key of [anomalies] that needs its metric's seasonality",
  "a decouple on a metric without depends_on":
    "a key of [anomalies] that needs its metric's depends_on",
  "between reversed": "first <= last relates two values",
  "between past the end": "between < num_samples relates two tables",
  "a range with low above high": "low <= high relates two values",
  "a count that cannot fit": "where the seed places faults, against every other window",
};

for (const { name } of SHIPPED_CONFIGS) {
  Deno.test(`configs/${name}.toml is valid under config.schema.json`, () => {
    const valid = validate(asJson(Deno.readTextFileSync(`configs/${name}.toml`)));
    ok(valid, JSON.stringify(validate.errors));
  });
}

Deno.test("config.schema.json refuses every bad config whose rule a schema can express", () => {
  const accepted: string[] = [];
  for (const [what, toml] of [...BAD_CONFIGS, ...BAD_PLACEMENTS]) {
    let json: unknown;
    try {
      json = asJson(toml);
    } catch {
      continue; // Not TOML: no schema is consulted.
    }
    if (validate(json)) accepted.push(what);
  }
  deepStrictEqual(
    accepted.sort(),
    Object.keys(NOT_IN_SCHEMA).sort(),
  );
});

Deno.test("config.schema.json names the same noise laws, arguments and patterns as the validator", () => {
  const metric = schema.$defs.metric;
  deepStrictEqual(
    metric.properties.noise.enum.sort(),
    [...Object.keys(NOISE_LAWS), "normal"].sort(),
  );
  deepStrictEqual(
    schema.$defs.pattern.enum.sort(),
    Object.keys(PATTERNS).sort(),
  );
  const argsOf = (ref: string) =>
    Object.keys(schema.$defs[ref.replace("#/$defs/", "")].properties).sort();
  for (const rule of metric.allOf) {
    const laws: string[] = rule.if.properties.noise.enum ?? [rule.if.properties.noise.const];
    for (const law of laws) {
      const canonical = law === "normal" ? "gaussian" : law as keyof typeof NOISE_LAWS;
      const expected = [...NOISE_LAWS[canonical].args, "smoothing_window"].sort();
      deepStrictEqual(argsOf(rule.then.properties.noise_args.$ref), expected, law);
    }
  }
});

Deno.test("config.schema.json names the same fault kinds, waveforms and shapes, with their keys, as the validator", () => {
  const defs = schema.$defs;
  const keysOf = (ref: string) => Object.keys(defs[ref.replace("#/$defs/", "")].properties).sort();
  const requiredOf = (ref: string) => [...defs[ref.replace("#/$defs/", "")].required].sort();
  deepStrictEqual(defs.anomaly.properties.kind.enum, Object.keys(FAULT_KINDS));
  const kindRules = defs.anomaly.allOf.filter((rule: { if: { properties: object } }) =>
    "kind" in rule.if.properties
  );
  deepStrictEqual(
    kindRules.map((rule: { if: { properties: { kind: { const: string } } } }) =>
      rule.if.properties.kind.const
    ),
    Object.keys(FAULT_KINDS),
  );
  for (const rule of kindRules) {
    const kind: FaultKind = rule.if.properties.kind.const;
    const entry = FAULT_KINDS[kind];
    const envelope = entry.envelope
      ? [...Object.keys(ENVELOPE_KEYS), "pattern", "pattern_args"]
      : [];
    const keys = [
      "kind",
      "at",
      ...envelope,
      ...Object.keys(entry.keys),
      ...PLACEMENT_KEYS,
      ...RCA_KEYS,
      ...SERIES_FAULT_KEYS,
    ];
    deepStrictEqual(keysOf(rule.then.$ref), [...new Set(keys)].sort(), kind);
    // Required: the kind (but for the default), the envelope's pattern and recovery_time, and
    // the kind's own required keys; `at` or `count` is a rule of every kind.
    const required = [
      ...(kind === "pattern" ? [] : ["kind"]),
      ...(entry.envelope ? ["pattern", "recovery_time"] : []),
      ...Object.entries(entry.keys).filter(([, key]) => key.required).map(([name]) => name),
    ];
    deepStrictEqual(requiredOf(rule.then.$ref), [...new Set(required)].sort(), kind);
  }
  deepStrictEqual(defs.waveform.enum, WAVEFORMS);
  deepStrictEqual(defs.shape.properties.kind.enum, Object.keys(SHAPES));
  deepStrictEqual(
    defs.shape.allOf.map((rule: { if: { properties: { kind: { const: string } } } }) =>
      rule.if.properties.kind.const
    ),
    Object.keys(SHAPES),
  );
  for (const rule of defs.shape.allOf) {
    const kind: ShapeKind = rule.if.properties.kind.const;
    const shape = SHAPES[kind];
    const args = [
      "kind",
      ...Object.keys(shape.args),
      ...(shape.lists ?? []),
      ...Object.keys(shape.words ?? {}),
    ];
    deepStrictEqual(keysOf(rule.then.$ref), args.sort(), kind);
  }
});
