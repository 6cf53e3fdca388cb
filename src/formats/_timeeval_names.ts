// The names the timeeval format gives, apart from its encoders: the command line checks
// --collection and --missing with them, and makes the configs of the training series, before
// it loads any format.

import type { ResolvedConfig } from "../config/types.ts";
import { ConfigError, type ConfigOptions, resolveConfig } from "../config/mod.ts";
import { streamKey } from "../random/mod.ts";
import { quoted } from "../text/mod.ts";
import type { MissingPolicy, TrainingConfigs } from "./types.ts";

/** The collection name of a run made by the library, when none is given. */
export const DEFAULT_COLLECTION = "chaos-datagen";
/** What `missing` takes, the default first. */
export const MISSING_POLICIES: readonly MissingPolicy[] = ["interpolate", "drop", "keep"];

/**
 * Words pandas reads as a missing value, a boolean or an infinity, not as text (compared in lower
 * case): a collection or dataset name must be none of them, or TimeEval's index loses its key.
 */
const PANDAS_WORDS = new Set(["na", "nan", "null", "none", "true", "false", "inf", "infinity"]);

/**
 * Why a name cannot be a TimeEval collection or dataset name, or undefined if it can. TimeEval
 * keys its index by (collection_name, dataset_name) as pandas reads them, names the metadata file
 * `<dataset_name>.metadata.json` beside the series (`Datasets.get_detailed_metadata`) and the
 * results folder `<collection>/<dataset>`: so a letter first (no number, no `.` or `..`), then
 * letters, digits, `.`, `_` or `-`, at most 100, and no word pandas reads as NaN or a boolean.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { timeEvalNameProblem } from "./_timeeval_names.ts";
 * strictEqual(timeEvalNameProblem("checkout_cascade"), undefined);
 * strictEqual(typeof timeEvalNameProblem("a/b"), "string");
 * strictEqual(typeof timeEvalNameProblem("None"), "string");
 * ```
 */
export function timeEvalNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9._-]{0,99}$/.test(name)) {
    return 'must be a letter, then letters, digits, ".", "_" or "-" (100 at most)';
  }
  if (PANDAS_WORDS.has(name.toLowerCase())) {
    return "must not be a word pandas reads as missing, boolean or infinite (NaN, None, True, inf...)";
  }
  return undefined;
}

/**
 * A text made a TimeEval name (see {@linkcode timeEvalNameProblem}): characters outside
 * `[A-Za-z0-9._-]` become `_`, it is cut to 100, and one not starting with a letter, or a word
 * pandas reads as NaN or a boolean, gets `ts-` in front.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { timeEvalName } from "./_timeeval_names.ts";
 * strictEqual(timeEvalName("http/requests"), "http_requests");
 * strictEqual(timeEvalName("5xx"), "ts-5xx");
 * strictEqual(timeEvalName("null"), "ts-null");
 * ```
 */
export function timeEvalName(text: string): string {
  const name = text.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 100);
  return timeEvalNameProblem(name) === undefined ? name : `ts-${name}`.slice(0, 100);
}

/** The multivariate file's dataset name, kept from the metrics (a metric so named gets `-2`). */
export const MULTIVARIATE: string = "multivariate";

/** TimeEval's training series, as GutenTAG names its files. */
export type TrainingVariant = "train_no_anomaly" | "train_anomaly";

/**
 * The seed of a training series: the 53 high bits of the stream key of the run's seed and the
 * text `timeeval/<variant>`, so it is neither the run's seed nor a nearby one (the test series of
 * a run with seed + 1 is not a training series of this one).
 *
 * @example
 * ```ts
 * import { notStrictEqual, ok } from "node:assert/strict";
 * import { timeEvalTrainSeed } from "./_timeeval_names.ts";
 * const normal = timeEvalTrainSeed(7, "train_no_anomaly");
 * ok(Number.isSafeInteger(normal) && normal >= 0);
 * notStrictEqual(normal, timeEvalTrainSeed(7, "train_anomaly"));
 * ```
 */
export function timeEvalTrainSeed(seed: number, variant: TrainingVariant): number {
  return Number(streamKey(seed, `timeeval/${variant}`) >> 11n);
}

/**
 * The configs of the training series of a run: the config given (as read, before its faults are
 * placed) resolved again with the options of the run and another seed
 * ({@linkcode timeEvalTrainSeed}): `train_no_anomaly` without faults, `train_anomaly` with its
 * own (faults placed by the seed are placed again by the new seed; faults given at a sample stay
 * there). Refuses a config with recorded metrics: their values cannot be drawn again, and the
 * same values would leak the test series into the training one.
 *
 * @param input The config as read (a TOML table or an object of the same shape).
 * @param options The options the run's config was resolved with.
 * @param config The run's resolved config: its seed and metrics.
 * @returns The two configs, resolved.
 * @throws {ConfigError} When a metric is recorded.
 *
 * @example
 * ```ts
 * import { deepStrictEqual, notStrictEqual, strictEqual } from "node:assert/strict";
 * import { resolveConfig } from "../config/mod.ts";
 * import { timeEvalTraining } from "./_timeeval_names.ts";
 * const input = {
 *   general: { num_samples: 100, seed: 1 },
 *   metrics: { cpu: { value: 1 } },
 *   anomalies: {
 *     cpu: [
 *       { at: 10, anomaly_factor: 2, pattern: "step", recovery_time: 5 },
 *       { count: 1, anomaly_factor: 2, pattern: "step", recovery_time: 5 },
 *     ],
 *   },
 * };
 * const config = resolveConfig(input);
 * const train = timeEvalTraining(input, {}, config);
 * deepStrictEqual(Object.keys(train.train_no_anomaly.anomalies), []);
 * strictEqual(train.train_anomaly.anomalies.cpu[0].at, 10);
 * notStrictEqual(train.train_anomaly.general.seed, config.general.seed);
 * ```
 */
export function timeEvalTraining(
  input: unknown,
  options: ConfigOptions,
  config: ResolvedConfig,
): TrainingConfigs {
  const recorded = Object.keys(config.metrics).filter((name) => config.metrics[name].recorded);
  if (recorded.length > 0) {
    throw new ConfigError([{
      path: "general.input",
      message: `--format timeeval draws its training series again with other seeds, and ` +
        `recorded metrics cannot be (${recorded.slice(0, 3).map(quoted).join(", ")}${
          recorded.length > 3 ? ", ..." : ""
        }): add --no-train`,
    }], options.fileName);
  }
  const again = (variant: TrainingVariant) => {
    const seed = timeEvalTrainSeed(config.general.seed, variant);
    let trained: ResolvedConfig;
    try {
      trained = resolveConfig(input, {
        ...options,
        overrides: { ...options.overrides, seed },
        noFaults: variant === "train_no_anomaly" || options.noFaults,
      });
    } catch (error) {
      // Faults the run's seed placed may find no room with another: say which series it was.
      if (!(error instanceof ConfigError)) throw error;
      const issues = error.issues.map((issue) => ({
        ...issue,
        message: `${issue.message} (in --format timeeval's ${variant} series, seed ${seed}; ` +
          `or add --no-train)`,
      }));
      throw new ConfigError(issues, error.fileName);
    }
    // Churn replaces series picked by the seed: another seed makes other series.
    const names = Object.keys(config.metrics);
    const other = Object.keys(trained.metrics);
    if (other.length !== names.length || other.some((name, i) => name !== names[i])) {
      const churned = Object.keys(config.metrics).find((name) => !other.includes(name));
      throw new ConfigError([{
        path: "metrics",
        message: `--format timeeval draws its training series again with another seed, and ` +
          `churn then replaces other series (${quoted(churned ?? other[0])} is not in its ` +
          `${variant} series): add --no-train`,
      }], options.fileName);
    }
    return trained;
  };
  return { train_no_anomaly: again("train_no_anomaly"), train_anomaly: again("train_anomaly") };
}
