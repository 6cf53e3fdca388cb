// A suite's scores as one table: each case's run scored on its own (score, scoreCurves), then a
// row per case, the faults of every case pooled by kind, and the mean over the cases. Only the
// pooling lives here: a case is scored by the same code as a single run.

import type { ScoreReport } from "./score.ts";
import type { CurveReport, CurveScores } from "./curves.ts";

/** A case of a suite: its folder's name and what it varied (suite.json's `varied`). */
export interface SuiteCaseName {
  /** Its name, `case-0000`, ... */
  readonly name: string;
  /** Per key path varied, its value in this case. */
  readonly varied: Readonly<Record<string, unknown>>;
}

/** One case's figures over its metrics and faults. */
export interface SuiteFigures {
  /**
   * The mean of their point-wise precision over the metrics scored that have a fault (over every
   * metric scored when none has one; a fault-free metric's figures are 0 by definition).
   */
  precision: number;
  /** The mean of their point-wise recall, over the same metrics. */
  recall: number;
  /** The mean of their point-wise F1, over the same metrics. */
  f1: number;
  /** The mean of their point-adjusted F1, over the same metrics. */
  point_adjusted_f1: number;
  /** Faults on the metrics scored. */
  faults: number;
  /** Of them, those detected. */
  detected: number;
  /** The mean delay of those detected, in samples; null when none was. */
  mean_delay_samples: number | null;
  /** Runs of flags that touch no fault window, over the metrics scored. */
  false_alarms: number;
}

/** A row of the table: a case and its figures. */
export type SuiteCaseScore = SuiteCaseName & SuiteFigures;

/** The faults of one kind, pooled over every case. */
export interface SuiteKindScore {
  /** The kind. */
  kind: string;
  /** Faults of the kind, over every case. */
  faults: number;
  /** Of them, those detected. */
  detected: number;
  /** detected / faults. */
  recall: number;
  /** The mean delay of those detected, in samples; null when none was. */
  mean_delay_samples: number | null;
}

/** A suite's detections scored: a row per case, per kind pooled over cases, and the mean. */
export interface SuiteScoreReport {
  /** Per case, in the suite's order. */
  cases: SuiteCaseScore[];
  /** Per kind of fault, pooled over the cases, in the order kinds first appear. */
  kinds: SuiteKindScore[];
  /**
   * Each figure's mean over the cases (`mean_delay_samples` over the cases where it is not
   * null; null when none).
   */
  mean: SuiteFigures;
}

/** A row of the table for scores: a case and the mean of its curve figures over its metrics. */
export type SuiteCurveCase = SuiteCaseName & CurveScores;

/** A suite's real-valued scores scored: a row per case and the mean over the cases. */
export interface SuiteCurveReport {
  /** Per case, in the suite's order: its `mean` over its metrics. */
  cases: SuiteCurveCase[];
  /** Always empty: the curve figures have no per-fault figure to pool. */
  kinds: SuiteKindScore[];
  /** Each figure's mean over the cases where it is defined; null when none. */
  mean: CurveScores;
}

const FIGURES = ["precision", "recall", "f1", "point_adjusted_f1"] as const;

/**
 * Combines the reports of a suite's cases, each from {@linkcode score}, into one table.
 *
 * @param cases Each case's name, what it varied and its report, in the suite's order.
 * @returns A row per case, the faults pooled by kind over the cases, and the mean over the cases.
 * @throws {RangeError} For no case, or a case whose report scores no metric.
 *
 * @example Two runs of one metric, each with one step fault
 * ```ts
 * import { generate, score, scoreSuite } from "@chaos-datagen/chaos-datagen";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const run = (seed: number) =>
 *   generate({
 *     general: { seed, num_samples: 10 },
 *     metrics: { cpu: { value: 30 } },
 *     anomalies: { cpu: { at: 4, anomaly_factor: 2, pattern: "step", recovery_time: 4 } },
 *   });
 * const found = score(run(1), { cpu: [0, 0, 0, 0, 0, 0, 1, 1, 0, 1] });
 * const missed = score(run(2), { cpu: new Array(10).fill(0) });
 * const suite = scoreSuite([
 *   { name: "case-0000", varied: { "general.seed": 1 }, report: found },
 *   { name: "case-0001", varied: { "general.seed": 2 }, report: missed },
 * ]);
 * strictEqual(suite.cases[0].recall, 0.5);
 * deepStrictEqual(suite.kinds, [
 *   { kind: "pattern", faults: 2, detected: 1, recall: 0.5, mean_delay_samples: 2 },
 * ]);
 * strictEqual(suite.mean.recall, 0.25);
 * strictEqual(suite.mean.false_alarms, 0.5);
 * ```
 */
export function scoreSuite(
  cases: readonly (SuiteCaseName & { readonly report: ScoreReport })[],
): SuiteScoreReport {
  if (cases.length === 0) throw new RangeError("a suite has at least one case");
  const rows: SuiteCaseScore[] = [];
  const kinds = new Map<string, SuiteKindScore>();
  const delays = new Map<string, number>();
  for (const { name, varied, report } of cases) {
    const scored = Object.keys(report.metrics);
    if (scored.length === 0) throw new RangeError(`case ${name}: no metric scored`);
    // Recall and F1 are defined where a metric has a fault: the case's figures are the mean over
    // those metrics (its fault-free ones would each count 0); over all when none has one.
    const faulted = scored.filter((metric) => report.faults.some((f) => f.metric === metric));
    const metrics = (faulted.length > 0 ? faulted : scored).map((metric) => report.metrics[metric]);
    const mean = (key: typeof FIGURES[number]) =>
      metrics.reduce((sum, m) => sum + m[key], 0) / metrics.length;
    let detected = 0;
    let delay = 0;
    for (const fault of report.faults) {
      let kind = kinds.get(fault.kind);
      if (!kind) {
        kind = { kind: fault.kind, faults: 0, detected: 0, recall: 0, mean_delay_samples: null };
        kinds.set(fault.kind, kind);
      }
      kind.faults++;
      if (fault.detected) {
        kind.detected++;
        detected++;
        delay += fault.delay_samples!;
        delays.set(fault.kind, (delays.get(fault.kind) ?? 0) + fault.delay_samples!);
      }
    }
    rows.push({
      name,
      varied,
      precision: mean("precision"),
      recall: mean("recall"),
      f1: mean("f1"),
      point_adjusted_f1: mean("point_adjusted_f1"),
      faults: report.faults.length,
      detected,
      mean_delay_samples: detected > 0 ? delay / detected : null,
      false_alarms: report.false_alarms.count,
    });
  }
  for (const kind of kinds.values()) {
    kind.recall = kind.detected / kind.faults;
    kind.mean_delay_samples = kind.detected > 0 ? delays.get(kind.kind)! / kind.detected : null;
  }
  const over = (values: (number | null)[]) => {
    const defined = values.filter((x): x is number => x !== null);
    return defined.length === 0 ? null : defined.reduce((a, b) => a + b, 0) / defined.length;
  };
  const mean: SuiteFigures = {
    precision: over(rows.map((r) => r.precision))!,
    recall: over(rows.map((r) => r.recall))!,
    f1: over(rows.map((r) => r.f1))!,
    point_adjusted_f1: over(rows.map((r) => r.point_adjusted_f1))!,
    faults: over(rows.map((r) => r.faults))!,
    detected: over(rows.map((r) => r.detected))!,
    mean_delay_samples: over(rows.map((r) => r.mean_delay_samples)),
    false_alarms: over(rows.map((r) => r.false_alarms))!,
  };
  return { cases: rows, kinds: [...kinds.values()], mean };
}

/**
 * Combines the reports of a suite's cases, each from {@linkcode scoreCurves}, into one table: a
 * row per case (its mean over its metrics) and the mean over the cases.
 *
 * @param cases Each case's name, what it varied and its curve report, in the suite's order.
 * @returns A row per case, no kinds, and each figure's mean over the cases where it is defined.
 * @throws {RangeError} For no case.
 *
 * @example Two runs, a perfect score and a constant one
 * ```ts
 * import { generate, scoreCurves, scoreSuiteCurves } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * const data = generate({
 *   general: { seed: 1, num_samples: 10 },
 *   metrics: { cpu: { value: 30 } },
 *   anomalies: { cpu: { at: 4, anomaly_factor: 2, pattern: "step", recovery_time: 4 } },
 * });
 * const suite = scoreSuiteCurves([
 *   { name: "case-0000", varied: {}, curves: scoreCurves(data, { cpu: data.labels.cpu }) },
 *   { name: "case-0001", varied: {}, curves: scoreCurves(data, { cpu: new Array(10).fill(0) }) },
 * ]);
 * strictEqual(suite.cases[0].roc_auc, 1);
 * strictEqual(suite.cases[1].roc_auc, 0.5);
 * strictEqual(suite.mean.roc_auc, 0.75);
 * ```
 */
export function scoreSuiteCurves(
  cases: readonly (SuiteCaseName & { readonly curves: CurveReport })[],
): SuiteCurveReport {
  if (cases.length === 0) throw new RangeError("a suite has at least one case");
  const rows: SuiteCurveCase[] = cases.map(({ name, varied, curves }) => ({
    name,
    varied,
    ...curves.mean,
  }));
  const mean = {} as CurveScores;
  for (const key of Object.keys(cases[0].curves.mean) as (keyof CurveScores)[]) {
    const defined = rows.map((r) => r[key]).filter((x): x is number => x !== null);
    mean[key] = defined.length === 0 ? null : defined.reduce((a, b) => a + b, 0) / defined.length;
  }
  return { cases: rows, kinds: [], mean };
}
