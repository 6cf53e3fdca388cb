// The propagation benchmark: 5 metrics x `samples`, each with a fault, as a chain of dependencies
// (m1 <- m2 <- ... <- m5, lag 2) or, for comparison, without them.

/** The TOML text; `chained` adds depends_on. */
export function chainConfig(samples: number, chained: boolean): string {
  let toml = `[general]\nseed = 1234\nnum_samples = ${samples}\n`;
  for (let i = 1; i <= 5; i++) {
    toml += `[metrics.m${i}]\nvalue = ${10 * i}\nnoise = "gaussian"\n`;
    if (chained && i > 1) toml += `depends_on = { m${i - 1} = { weight = 0.8, lag = 2 } }\n`;
  }
  for (let i = 1; i <= 5; i++) {
    const at = Math.floor((samples * i) / 7);
    toml += `[anomalies.m${i}]\nat = ${at}\nonset = 50\nhold = 500\nrecovery_time = 2000\n` +
      `pattern = "exponential"\nanomaly_factor = 2\n`;
  }
  return toml;
}
