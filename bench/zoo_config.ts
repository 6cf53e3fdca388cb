// configs/anomaly_zoo.toml grown for bench case (o): 2 x 10^5 samples instead of a week, every
// entry's count grown alike, and the resets free to fall anywhere.

/** Samples of the grown zoo: with its 25 metrics, 5 x 10^6 values, as case (a). */
export const ZOO_SAMPLES = 200_000;

/** The zoo's TOML text, grown to ZOO_SAMPLES samples with proportionally many faults. */
export function zooConfig(toml: string): string {
  const week = Number(/num_samples = (\d+)/.exec(toml)![1]);
  const scale = ZOO_SAMPLES / week;
  return toml
    .replace(/num_samples = \d+/, `num_samples = ${ZOO_SAMPLES}`)
    .replace(/^count = (\d+)/gm, (_, count) => `count = ${Math.round(Number(count) * scale)}`)
    .replace(/^between = .*$/gm, "");
}
