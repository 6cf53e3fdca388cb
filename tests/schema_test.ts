// config.schema.json, the JSON Schema editors use (Taplo, Even Better TOML), checked with a real
// validator (ajv, draft 2020-12): every shipped config passes, and the bad-config table is
// refused wherever a schema can say the rule. The rules it cannot say are listed below.
import { deepStrictEqual, ok } from "node:assert/strict";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "smol-toml";
import { NOISE_LAWS } from "../src/config/noise_laws.ts";
import { PATTERNS } from "../src/config/patterns.ts";
import { BAD_CONFIGS } from "./_bad_configs.ts";
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
};

for (const { name } of SHIPPED_CONFIGS) {
  Deno.test(`configs/${name}.toml is valid under config.schema.json`, () => {
    const valid = validate(asJson(Deno.readTextFileSync(`configs/${name}.toml`)));
    ok(valid, JSON.stringify(validate.errors));
  });
}

Deno.test("config.schema.json refuses every bad config whose rule a schema can express", () => {
  const accepted: string[] = [];
  for (const [what, toml] of BAD_CONFIGS) {
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
    schema.$defs.patternFault.properties.pattern.enum.sort(),
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
