// The coupling benchmark (SPEC section 18): 5 metrics x `samples` whose noise follows their
// parents' along a chain and a fan-out that joins again (db -> api -> web -> checkout,
// db -> cache -> checkout), each with a fault and web with a decouple window; or, for
// comparison, the same metrics, dependencies and faults without coupling (and so without the
// decouple window, which needs a coupling to stop).

/**
 * The TOML text; `coupled` adds the couplings.
 *
 * @example
 * ```ts
 * import { generate, parseConfig } from "../mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * import { couplingConfig } from "./coupling_config.ts";
 *
 * const coupled = generate(parseConfig(couplingConfig(100_000, true)));
 * const uncoupled = generate(parseConfig(couplingConfig(100_000, false)));
 * deepStrictEqual(coupled.names, ["db", "api", "web", "cache", "checkout"]);
 * // The root leads and follows nothing: the same values either way.
 * deepStrictEqual(coupled.values.db, uncoupled.values.db);
 * ```
 */
export function couplingConfig(samples: number, coupled: boolean): string {
  // [metric, noise args, depends_on as [parent, weight, lag, coupling]].
  const metrics: [string, string, [string, number, number, number][]][] = [
    ["db", "{ scale = 2 }", []],
    ["api", "{ scale = 1, smoothing_window = 5 }", [["db", 0.8, 2, 0.6]]],
    ["web", "{ scale = 3 }", [["api", 0.5, 3, 0.5]]],
    ["cache", "{ scale = 0.5 }", [["db", -0.3, 0, -0.4]]],
    ["checkout", "{ scale = 1 }", [["web", 0.6, 1, 0.3], ["cache", 0.2, 5, 0.5]]],
  ];
  let toml = `[general]\nseed = 1234\nnum_samples = ${samples}\n`;
  metrics.forEach(([name, args, parents], i) => {
    toml += `[metrics.${name}]\nvalue = ${
      10 * (i + 1)
    }\nnoise = "gaussian"\nnoise_args = ${args}\n`;
    if (parents.length === 0) return;
    const entries = parents.map(([parent, weight, lag, coupling]) =>
      `${parent} = { weight = ${weight}, lag = ${lag}${coupled ? `, coupling = ${coupling}` : ""} }`
    );
    toml += `depends_on = { ${entries.join(", ")} }\n`;
  });
  metrics.forEach(([name], i) => {
    const at = Math.floor((samples * (i + 1)) / 7);
    toml += `[[anomalies.${name}]]\nat = ${at}\nonset = 50\nhold = 500\nrecovery_time = 2000\n` +
      `pattern = "exponential"\nanomaly_factor = 2\n`;
  });
  if (coupled) {
    toml += `[[anomalies.web]]\nkind = "decouple"\nat = ${Math.floor(samples / 2)}\n` +
      `recovery_time = ${Math.floor(samples / 10)}\n`;
  }
  return toml;
}
