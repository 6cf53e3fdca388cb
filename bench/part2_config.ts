// The Part II benchmark config: 5 metrics using seasons, wander, bounds, a counter and faults with
// onset and hold, plus a flatline and a gap; the same size as case (a).

/** The TOML text for `samples` samples. */
export function part2Config(samples: number): string {
  const at = (fraction: number) => Math.floor(samples * fraction);
  return `[general]
seed = 1234
num_samples = ${samples}
decimals = 6

[metrics.requests]
type = "counter"
value = 200
noise = "gaussian"
noise_args = { scale = 5 }
min = 0
seasonality = [{ period = 86400, amplitude = 50, peak = 50400 }]

[metrics.latency]
value = 120
noise = "laplace"
noise_args = { scale = 4 }
trend = { change = 10, over = 86400 }
wander = { scale = 5, window = 600 }
min = 0

[metrics.cpu]
value = 50
noise = "gaussian"
noise_args = { scale = 3 }
max = 100
seasonality = [{ period = 86400, amplitude = 15 }, { period = 604800, amplitude = 5 }]

[metrics.errors]
value = 0.002
noise = "exponential"
noise_args = { scale = 0.0005 }

[metrics.memory]
value = 2000
noise = "logistic"
noise_args = { scale = 10 }
wander = { scale = 50, window = 3600 }

[[anomalies.latency]]
at = ${at(0.3)}
onset = 600
hold = 1800
recovery_time = 3600
pattern = "exponential"
anomaly_factor = 3
noise_factor = 2

[[anomalies.cpu]]
at = ${at(0.5)}
onset = 300
hold = 7200
recovery_time = 900
pattern = "linear"
anomaly_factor = 2.5

[[anomalies.cpu]]
kind = "flatline"
at = ${at(0.7)}
recovery_time = 2400

[[anomalies.errors]]
at = ${at(0.3) + 900}
hold = 3000
recovery_time = 2400
pattern = "linear"
offset = 0.04

[[anomalies.requests]]
kind = "missing"
at = ${at(0.8)}
recovery_time = 1500
`;
}
