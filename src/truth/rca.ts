// Scoring a root-cause method: per fault, a ranking of the metrics (or services) it blames, scored
// against the fault's own metric and service as AC@k and Avg@k for k = 1..5, RCAEval's figures
// (RCAEval/benchmark/evaluation.py, Evaluator.accuracy and Evaluator.average).

import type { ResolvedConfig } from "../config/types.ts";
import { serviceOf } from "../config/services.ts";
import type { InjectedAnomaly } from "../model/mod.ts";
import { didYouMean } from "../text/suggest.ts";
import { ProblemList, quoted } from "../text/mod.ts";

/** What a ranking is scored against: a dataset, or a run's manifest read back. */
export interface RcaTruth {
  /** The resolved config: the metrics, and the service each belongs to. */
  readonly config: ResolvedConfig;
  /** The faults: each is the root cause of its own window and of its effects. */
  readonly anomalies: readonly InjectedAnomaly[];
}

/** What a ranking names: metrics (scored at both levels) or services (scored as services). */
export type RcaLevel = "metric" | "service";

/** Per fault id, the names a method blames, most likely first (rank 1). */
export type RcaRanking = Readonly<Record<string, readonly string[]>>;

/** The k of AC@k and Avg@k. */
export type RcaK = 1 | 2 | 3 | 4 | 5;

/**
 * AC@k: the share of the faults whose truth is among the first k names; Avg@k: the mean of
 * AC@1 .. AC@k.
 */
export type RcaScores = { [K in `AC@${RcaK}` | `Avg@${RcaK}`]: number };

/** Where a method ranked one fault's truth. */
export interface RcaFaultScore {
  /** The fault's id, `<metric>#<n>`. */
  fault: string;
  /** Its metric: the true root cause at metric level. */
  metric: string;
  /** Its metric's service: the true root cause at service level. */
  service: string;
  /**
   * The metric's rank in the fault's ranking; null when the ranking does not name it or the
   * fault has no ranking. Only for a ranking of metrics.
   */
  metric_rank?: number | null;
  /**
   * The service's rank: in a ranking of metrics, among the services of the metrics ranked, each
   * at its first metric's place (so ranks close up); null when not there.
   */
  service_rank: number | null;
}

/** How a root-cause method did. */
export interface RcaReport {
  /** Faults scored: every fault of the truth. */
  faults: number;
  /** The faults the ranking does not mention, in truth order: each counts as missed. */
  unranked: string[];
  /** AC@k and Avg@k at metric level; only for a ranking of metrics. */
  metric?: RcaScores;
  /** AC@k and Avg@k at service level. */
  service: RcaScores;
  /** Per fault, in truth order. */
  per_fault: RcaFaultScore[];
}

/**
 * A ranking taken in row by row, each row checked against the truth: a known fault, a known
 * metric or service, a rank given once and no higher than the names there are, a name given once
 * per fault; `finish` checks that each
 * fault's ranks run 1, 2, 3, ... without a gap. Problems are collected (one line each, the first
 * hundred kept, the rest counted) and thrown together by `finish`.
 */
export class RankingRows {
  /** The problems so far; a reader of a file adds its own (a bad cell) to them. */
  readonly problems: ProblemList = new ProblemList();
  readonly #level: RcaLevel;
  readonly #prefix: string;
  readonly #faults: ReadonlySet<string>;
  readonly #names: ReadonlySet<string>;
  readonly #faultIds: readonly string[];
  readonly #nameList: readonly string[];
  readonly #services: ReadonlySet<string>;
  /** Per fault, per rank, the name and the row's line (0 without lines). */
  readonly #ranks = new Map<string, Map<number, { name: string; line: number }>>();
  /** Per fault, per name, its rank. */
  readonly #seen = new Map<string, Map<string, number>>();

  /**
   * Starts a ranking of `level` names for the faults of `truth`.
   *
   * @param truth The faults and the metrics.
   * @param level What the rows name.
   * @param prefix Put before each problem (the file's path).
   * @throws {RangeError} When the truth has no faults: there is nothing to rank.
   */
  constructor(truth: RcaTruth, level: RcaLevel, prefix = "") {
    if (truth.anomalies.length === 0) {
      throw new RangeError("the run has no faults: a ranking has nothing to be scored against");
    }
    this.#level = level;
    this.#prefix = prefix;
    this.#faultIds = truth.anomalies.map((fault) => fault.id);
    this.#faults = new Set(this.#faultIds);
    const metrics = Object.keys(truth.config.metrics);
    this.#services = new Set(metrics.map((name) => serviceOf(name, truth.config.metrics[name])));
    this.#nameList = level === "metric" ? metrics : [...this.#services];
    this.#names = new Set(this.#nameList);
  }

  /**
   * Takes one row: `name` ranked `rank` for `fault`. `line`, when given, places the row in
   * messages; else the fault and rank do.
   */
  add(fault: string, rank: number, name: string, line?: number): void {
    const at = line !== undefined
      ? `${this.#prefix}line ${line}`
      : `${this.#prefix}fault ${quoted(fault)}, rank ${rank}`;
    if (!this.#faults.has(fault)) {
      this.problems.add(() =>
        `${at}: no fault ${quoted(fault)} in the run${didYouMean(fault, this.#faultIds)}`
      );
      return;
    }
    const level = this.#level;
    const most = this.#nameList.length;
    if (rank > most) {
      // A ranking names each at most once: what is kept stays within faults times names.
      this.problems.add(
        `${at}: fault ${quoted(fault)}: rank ${rank} is beyond the run's ${most} ${level}s: ` +
          `each is ranked at most once`,
      );
      return;
    }
    let ranks = this.#ranks.get(fault);
    if (!ranks) {
      ranks = new Map();
      this.#ranks.set(fault, ranks);
      this.#seen.set(fault, new Map());
    }
    const before = ranks.get(rank);
    if (before) {
      this.problems.add(
        `${at}: fault ${quoted(fault)} has a rank ${rank} already${
          before.line > 0 ? ` (line ${before.line})` : ""
        }: one row per fault and rank`,
      );
      return;
    }
    ranks.set(rank, { name, line: line ?? 0 });
    if (!this.#names.has(name)) {
      // A service's name where a metric's was meant: the header is the likely slip.
      const hint = level === "metric" && this.#services.has(name)
        ? `; it is a service: a ranking of services has the header fault,rank,service`
        : didYouMean(name, this.#nameList);
      this.problems.add(() => `${at}: no ${level} ${quoted(name)} in the run${hint}`);
      return;
    }
    const seen = this.#seen.get(fault)!;
    const first = seen.get(name);
    if (first !== undefined) {
      this.problems.add(
        `${at}: fault ${quoted(fault)} ranks the ${level} ${quoted(name)} twice (ranks ${first} ` +
          `and ${rank}): each ${level} once per fault`,
      );
      return;
    }
    seen.set(name, rank);
  }

  /**
   * The ranking, once every row is in.
   *
   * @throws {RangeError} Naming every problem, one a line.
   */
  finish(): Record<string, string[]> {
    const ranking: Record<string, string[]> = {};
    for (const [fault, ranks] of this.#ranks) {
      // Ranks are distinct: they run 1..n when none is above n.
      const n = ranks.size;
      let gap = false;
      for (const rank of ranks.keys()) if (rank > n) gap = true;
      if (gap) {
        let missing = 1;
        while (ranks.has(missing)) missing++;
        this.problems.add(
          `${this.#prefix}fault ${quoted(fault)}: rank ${missing} is missing: a fault's ranks ` +
            `run 1, 2, 3, ... without a gap`,
        );
        continue;
      }
      ranking[fault] = Array.from({ length: n }, (_, i) => ranks.get(i + 1)!.name);
    }
    if (!this.problems.empty) throw new RangeError(this.problems.text());
    return ranking;
  }
}

/** The k of AC@k and Avg@k, in order. */
const KS: readonly RcaK[] = [1, 2, 3, 4, 5];

/**
 * Scores a root-cause method's rankings against the truth: every fault is the root cause of its
 * own window and of its effects, so its metric is the true answer at metric level and its
 * metric's service at service level. AC@k is the share of the faults whose truth is among the
 * first k names; Avg@k is the mean of AC@1 .. AC@k (RCAEval's definitions). A ranking of metrics
 * is scored at both levels: each metric stands for its service, and a service counts at its first
 * metric's place, so ranks close up (`db_cpu, api_latency, db_latency` ranks the services
 * `db, api`). Every fault of the truth is scored: one the ranking does not mention counts as
 * missed and is listed in `unranked`.
 *
 * @param truth A dataset from {@linkcode generate}, or a run's manifest read back.
 * @param ranking Per fault id, the names blamed, most likely first.
 * @param level What the ranking names. @default {"metric"}
 * @returns AC@k and Avg@k (k = 1..5) at each level, and the ranks per fault.
 * @throws {RangeError} For a truth without faults, or a ranking naming a fault, metric or
 * service not in the truth, or a name twice for one fault: every problem, one a line.
 *
 * @example A method that blames the API for the database's fault
 * ```ts
 * import { generate, scoreRca } from "@chaos-datagen/chaos-datagen";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const data = generate({
 *   general: { seed: 1, num_samples: 60 },
 *   metrics: {
 *     db_latency_ms: { value: 10 },
 *     db_cpu: { value: 30 },
 *     api_latency_ms: { value: 50, depends_on: { db_latency_ms: { lag: 2 } } },
 *   },
 *   anomalies: {
 *     db_latency_ms: { at: 10, anomaly_factor: 3, pattern: "step", recovery_time: 10 },
 *     api_latency_ms: { at: 40, anomaly_factor: 2, pattern: "step", recovery_time: 5 },
 *   },
 * });
 * const report = scoreRca(data, {
 *   "db_latency_ms#1": ["api_latency_ms", "db_cpu", "db_latency_ms"],
 *   "api_latency_ms#1": ["api_latency_ms"],
 * });
 * // Metric ranks 3 and 1: AC@1 = AC@2 = 1/2, then 1; Avg@3 = (1/2 + 1/2 + 1) / 3.
 * strictEqual(report.metric!["AC@2"], 0.5);
 * strictEqual(report.metric!["AC@3"], 1);
 * strictEqual(report.metric!["Avg@3"], 2 / 3);
 * // As services, db's fault reads api, db (db_cpu and db_latency_ms are one service): rank 2.
 * deepStrictEqual(report.per_fault[0], {
 *   fault: "db_latency_ms#1",
 *   metric: "db_latency_ms",
 *   service: "db",
 *   metric_rank: 3,
 *   service_rank: 2,
 * });
 * strictEqual(report.service["AC@2"], 1);
 * ```
 */
export function scoreRca(
  truth: RcaTruth,
  ranking: RcaRanking,
  level: RcaLevel = "metric",
): RcaReport {
  const rows = new RankingRows(truth, level);
  for (const [fault, names] of Object.entries(ranking)) {
    names.forEach((name, i) => rows.add(fault, i + 1, name));
  }
  rows.finish();
  const metrics = truth.config.metrics;
  const unranked: string[] = [];
  const perFault: RcaFaultScore[] = [];
  for (const fault of truth.anomalies) {
    const given = Object.hasOwn(ranking, fault.id) ? ranking[fault.id] : undefined;
    if (!given) unranked.push(fault.id);
    const names = given ?? [];
    const { id, metric, service } = fault;
    perFault.push(
      level === "metric"
        ? {
          fault: id,
          metric,
          service,
          metric_rank: rankOf(names, metric),
          service_rank: rankOf(servicesOf(names, metrics), service),
        }
        : { fault: id, metric, service, service_rank: rankOf(names, service) },
    );
  }
  const faults = perFault.length;
  const service = scores(perFault.map((f) => f.service_rank));
  if (level === "service") return { faults, unranked, service, per_fault: perFault };
  const metric = scores(perFault.map((f) => f.metric_rank!));
  return { faults, unranked, metric, service, per_fault: perFault };
}

/** 1-based place of `name`, or null. */
function rankOf(names: readonly string[], name: string): number | null {
  const i = names.indexOf(name);
  return i < 0 ? null : i + 1;
}

/** The services of ranked metrics, each kept at its first metric's place. */
function servicesOf(
  names: readonly string[],
  metrics: ResolvedConfig["metrics"],
): string[] {
  const services = new Set<string>();
  for (const name of names) services.add(serviceOf(name, metrics[name]));
  return [...services];
}

/** AC@k and Avg@k over the faults' ranks, summed in RCAEval's order so the figures are its bits. */
function scores(ranks: readonly (number | null)[]): RcaScores {
  const ac = KS.map((k) => ranks.filter((r) => r !== null && r <= k).length / ranks.length);
  const out = {} as RcaScores;
  KS.forEach((k, i) => out[`AC@${k}`] = ac[i]);
  KS.forEach((k, i) => {
    let sum = 0;
    for (let j = 0; j <= i; j++) sum += ac[j];
    out[`Avg@${k}`] = sum / k;
  });
  return out;
}
