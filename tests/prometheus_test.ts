// The Prometheus formats as text: names and families, metrics.om, promtool-tests.yml and the live
// exposition, with exact expected text for small configs.
import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import {
  type Config,
  type ConfigError,
  createGenerator,
  encodeFormats,
  faultSeries,
  prometheusFamilies,
  resolveConfig,
} from "../mod.ts";
import { ExpositionRenderer, negotiateFormat } from "../src/formats/exposition.ts";
import { promDuration } from "../src/formats/promtool.ts";

const decoder = new TextDecoder();

/** A file of a format, encoded whole with chunks of `chunkSize` samples. */
function fileText(config: Config, format: "openmetrics" | "promtool", chunkSize = 65536): string {
  const [file] = encodeFormats(createGenerator(config), [format], { chunkSize });
  return decoder.decode(file.bytes);
}

const TWO_SERIES: Config = {
  general: { seed: 1, num_samples: 4, start: "2026-01-01T00:00:00Z", interval: "15s", decimals: 2 },
  metrics: {
    "api.cpu": { value: 0.5, prometheus: { name: "cpu", labels: { job: "api" }, help: "CPU" } },
    "db.cpu": { value: 0.25, prometheus: { name: "cpu", labels: { job: 'd"b' } } },
    requests: { value: 2, type: "counter" },
  },
  anomalies: {
    "db.cpu": { kind: "missing", at: 1, recovery_time: 2 },
    requests: { at: 2, anomaly_factor: 3, pattern: "step", recovery_time: 1 },
  },
};

Deno.test("metrics.om: families together, timestamps in seconds, missing samples absent, faults as chaos_fault_active, # EOF", () => {
  strictEqual(
    fileText(TWO_SERIES, "openmetrics"),
    [
      "# HELP cpu CPU",
      "# TYPE cpu gauge",
      'cpu{job="api"} 0.5 1767225600',
      'cpu{job="api"} 0.5 1767225615',
      'cpu{job="api"} 0.5 1767225630',
      'cpu{job="api"} 0.5 1767225645',
      'cpu{job="d\\"b"} 0.25 1767225600',
      'cpu{job="d\\"b"} 0.25 1767225645',
      "# HELP requests Synthetic metric requests (chaos-datagen)",
      "# TYPE requests counter",
      // 2 events a second, 15 s a sample; the step triples the rate at sample 2.
      "requests_total 30 1767225600",
      "requests_total 60 1767225615",
      "requests_total 150 1767225630",
      "requests_total 180 1767225645",
      "# HELP chaos_fault_active 1 at every sample inside a fault's window on the metric (chaos-datagen's truth)",
      "# TYPE chaos_fault_active gauge",
      'chaos_fault_active{metric="db.cpu",fault="db.cpu#1"} 1 1767225615',
      'chaos_fault_active{metric="db.cpu",fault="db.cpu#1"} 1 1767225630',
      'chaos_fault_active{metric="requests",fault="requests#1"} 1 1767225630',
      "# EOF",
      "",
    ].join("\n"),
  );
});

Deno.test("metrics.om writes milliseconds only when a time has them", () => {
  const text = fileText({
    general: { num_samples: 3, start: "2026-01-01T00:00:00.500Z", interval: "250ms", seed: 1 },
    metrics: { a: { value: 1 } },
  }, "openmetrics");
  deepStrictEqual(text.split("\n").slice(2, 5), [
    "a 1 1767225600.500",
    "a 1 1767225600.750",
    "a 1 1767225601",
  ]);
});

Deno.test("metrics.om is the same bytes for any chunk size", () => {
  const config: Config = {
    general: { seed: 3, num_samples: 500, start: "2026-01-01T00:00:00Z", decimals: "full" },
    metrics: {
      a: { value: 10, noise: "gaussian" },
      b: { value: 5, noise: "uniform", depends_on: { a: { lag: 3 } } },
    },
    anomalies: {
      a: [{ at: 100, anomaly_factor: 2, pattern: "linear", recovery_time: 50 }, {
        kind: "missing",
        at: 300,
        recovery_time: 40,
      }],
    },
  };
  const whole = fileText(config, "openmetrics");
  for (const size of [1, 7, 64, 499]) strictEqual(fileText(config, "openmetrics", size), whole);
  for (const size of [1, 7, 64, 499]) {
    strictEqual(fileText(config, "promtool", size), fileText(config, "promtool"));
  }
});

Deno.test("the openmetrics format needs general.start, and says why", () => {
  const generator = createGenerator({ general: { num_samples: 3 }, metrics: { a: { value: 1 } } });
  throws(() => encodeFormats(generator, ["openmetrics"]), (error: ConfigError) => {
    strictEqual(error.issues[0].path, "general.start");
    strictEqual(error.issues[0].message.includes("retention"), true);
    return true;
  });
});

Deno.test("promtool-tests.yml: runs of 3 or more in expanding notation, stale where samples go missing, fault windows", () => {
  const text = fileText({
    general: { seed: 1, num_samples: 12, interval: "1m", decimals: 1 },
    metrics: {
      flat: { value: 7.5 },
      counts: { value: 1, type: "counter", prometheus: { name: "events_total" } },
    },
    anomalies: {
      flat: [{ kind: "missing", at: 4, recovery_time: 3 }, {
        at: 9,
        anomaly_factor: 2,
        pattern: "step",
        recovery_time: 1,
      }],
    },
  }, "promtool");
  deepStrictEqual(text.split("\n").slice(4), [
    "evaluation_interval: 1m",
    "tests:",
    "  - interval: 1m",
    "    input_series:",
    "      - series: 'flat'",
    "        values: '7.5+0x3 stale _x2 7.5 7.5 15 7.5 7.5'",
    "      - series: 'events_total'",
    // 60 events a minute: whole numbers rising by a step are one run.
    "        values: '60+60x11'",
    '      - series: \'chaos_fault_active{metric="flat",fault="flat#1"}\'',
    "        values: '_x4 1+0x2 stale'",
    '      - series: \'chaos_fault_active{metric="flat",fault="flat#2"}\'',
    "        values: '_x9 1 stale'",
    "",
  ]);
});

Deno.test("promtool runs of fractions are written value by value: adding a fraction is not exact", () => {
  const text = fileText({
    general: { seed: 1, num_samples: 4, decimals: 1 },
    metrics: { a: { value: 0.1, trend: { change: 0.1, over: 1 } } },
  }, "promtool");
  strictEqual(text.includes("values: '0.1 0.2 0.3 0.4'"), true, text);
});

Deno.test("Prometheus durations are written in the largest units", () => {
  deepStrictEqual(
    [15_000, 90_000, 250, 1500, 86_400_000, 3_600_000 + 1].map(promDuration),
    ["15s", "1m30s", "250ms", "1s500ms", "1d", "1h1ms"],
  );
});

Deno.test("default Prometheus names replace what a name cannot hold; a counter's _total is its samples'", () => {
  const config = resolveConfig({
    general: { num_samples: 1 },
    metrics: {
      "api.latency-p99": { value: 1 },
      "5xx": { value: 1 },
      requests_total: { value: 1, type: "counter" },
    },
  });
  deepStrictEqual(
    prometheusFamilies(config).map((f) => [f.name, f.type, f.sample]),
    [
      ["api_latency_p99", "gauge", "api_latency_p99"],
      ["_5xx", "gauge", "_5xx"],
      ["requests", "counter", "requests_total"],
    ],
  );
});

Deno.test("Prometheus names that collide are refused, every one at once, with the way out", () => {
  const config = resolveConfig({
    general: { num_samples: 1 },
    metrics: {
      "a.b": { value: 1 },
      a_b: { value: 1 },
      g: { value: 1, prometheus: { name: "x" } },
      c: { value: 1, type: "counter", prometheus: { name: "x" } },
      h1: { value: 1, prometheus: { name: "h", help: "one" } },
      h2: { value: 1, prometheus: { name: "h", help: "two", labels: { i: "2" } } },
      n: { value: 1, type: "counter" },
      n_total: { value: 1 },
    },
  });
  throws(() => prometheusFamilies(config), (error: ConfigError) => {
    deepStrictEqual(error.issues.map((issue) => `${issue.path}: ${issue.message}`), [
      `metrics.a_b: its Prometheus series "a_b" is also "a.b"'s; set prometheus.name or prometheus.labels to tell them apart`,
      `metrics.c: its Prometheus name "x" is also "g"'s, a gauge: a family is of one type; set prometheus.name`,
      `metrics.h2.prometheus.help: family "h" has one help, and "h1" gives another: "one"`,
      `metrics.n_total: its Prometheus name "n_total" is a sample name of counter "n"; set prometheus.name`,
    ]);
    return true;
  });
});

Deno.test("fault series cover each fault's own metric and every metric its effects reach, windows merged", () => {
  const generator = createGenerator({
    general: { seed: 1, num_samples: 30 },
    metrics: {
      db: { value: 1 },
      api: { value: 1, depends_on: { db: { lag: 1 } } },
      web: { value: 1, depends_on: { db: { lag: 2 }, api: { lag: 1 } } },
    },
    anomalies: { db: { at: 26, anomaly_factor: 2, pattern: "step", recovery_time: 3 } },
  });
  deepStrictEqual(faultSeries(generator).map((s) => [s.metric, s.fault, s.windows]), [
    ["db", "db#1", [[26, 28]]],
    ["api", "db#1", [[27, 29]]],
    // Two paths arrive at web with the same lag: one window, cut at the last sample.
    ["web", "db#1", [[28, 29]]],
  ]);
});

Deno.test("the live exposition: text format names a counter family by its samples, OpenMetrics ends with # EOF", () => {
  const renderer = new ExpositionRenderer(createGenerator(TWO_SERIES));
  strictEqual(
    renderer.render(1, "text"),
    [
      "# HELP cpu CPU",
      "# TYPE cpu gauge",
      'cpu{job="api"} 0.5',
      "# HELP requests_total Synthetic metric requests (chaos-datagen)",
      "# TYPE requests_total counter",
      "requests_total 60",
      "# HELP chaos_fault_active 1 while a fault is active on the metric, else 0 (chaos-datagen's truth)",
      "# TYPE chaos_fault_active gauge",
      'chaos_fault_active{metric="db.cpu",fault="db.cpu#1"} 1',
      'chaos_fault_active{metric="requests",fault="requests#1"} 0',
      "# HELP chaos_sample_index The index of the sample shown (chaos-datagen)",
      "# TYPE chaos_sample_index gauge",
      "chaos_sample_index 1",
      "",
    ].join("\n"),
  );
  const om = renderer.render(2, "openmetrics");
  strictEqual(om.includes("# TYPE requests counter\nrequests_total 150\n"), true);
  strictEqual(om.endsWith("chaos_sample_index 2\n# EOF\n"), true);
  strictEqual(
    negotiateFormat("application/openmetrics-text;version=1.0.0,text/plain;q=0.5"),
    "openmetrics",
  );
  strictEqual(negotiateFormat(null), "text");
});
