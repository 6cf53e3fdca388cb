// `score --scores` over several metrics: each metric's figures on a worker of its own
// (cli/score_worker.ts), one per core, when the work pays for starting them; the same figures as
// scoreCurves on one thread (each metric is scored alone, by the same function).

import {
  type CurveOptions,
  type CurveReport,
  type CurveScores,
  meanCurves,
  scoreCurves,
} from "../src/truth/curves.ts";
import type { ScoreTruth } from "../src/truth/score.ts";
import { canLoad, MAX_CORES } from "./threads.ts";

/** A metric to score, sent to a worker (its arrays moved, not copied). */
export interface CurveJob {
  name: string;
  labels: Uint8Array;
  scores: Float64Array;
  options: CurveOptions;
}

/** A worker's answer: the metric's figures, or why there are none. */
export type CurveReply = { name: string; figures: CurveScores } | { name: string; error: string };

/** The worker's module: beside this file, or score_worker.js beside a bundle. */
const SCORE_WORKER_URL = new URL(
  import.meta.url.endsWith(".js") ? "./score_worker.js" : "./score_worker.ts",
  import.meta.url,
);

/**
 * Samples x metrics below which one thread is as fast: a worker takes 50-100 ms to start and its
 * code warms up again (10^6 samples of one metric score in 0.3-0.6 s).
 */
const PARALLEL_FROM = 1_000_000;

/** Workers started before the files are read, so that they load meanwhile. */
export class CurveWorkers {
  readonly #workers: Worker[];

  private constructor(workers: Worker[]) {
    this.#workers = workers;
  }

  /**
   * Workers for a run of `samples` x `metrics`, one per core (at most one per metric), started
   * now; undefined when one thread will do (fewer than two metrics or cores, too few samples, or
   * no read access to the worker's module).
   */
  static start(samples: number, metrics: number): CurveWorkers | undefined {
    const cores = Math.min(MAX_CORES, navigator.hardwareConcurrency ?? 1);
    if (metrics < 2 || cores < 2 || samples * metrics < PARALLEL_FROM) return undefined;
    if (!canLoad(SCORE_WORKER_URL)) return undefined;
    return new CurveWorkers(
      Array.from(
        { length: Math.min(cores, metrics) },
        () => new Worker(SCORE_WORKER_URL.href, { type: "module" }),
      ),
    );
  }

  /** Ends every worker. */
  terminate(): void {
    for (const worker of this.#workers) worker.terminate();
  }

  /** The figures of each metric of `columns` on the workers, a metric at a time each. */
  async score(
    truth: ScoreTruth,
    columns: Record<string, Float64Array>,
    options: CurveOptions,
  ): Promise<Record<string, CurveScores>> {
    const figures = new Map<string, CurveScores>();
    const queue = Object.keys(columns);
    await Promise.all(this.#workers.map(async (worker) => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        const labels = Uint8Array.from(truth.labels[name]);
        const scores = columns[name];
        const reply = await new Promise<CurveReply>((resolve, reject) => {
          worker.onmessage = (event: MessageEvent<CurveReply>) => resolve(event.data);
          worker.onerror = (event) => {
            event.preventDefault();
            reject(new Error(`a scoring worker failed: ${event.message}`));
          };
          const job: CurveJob = { name, labels, scores, options };
          worker.postMessage(job, [labels.buffer, scores.buffer as ArrayBuffer]);
        });
        if ("error" in reply) throw new RangeError(`scores of "${name}": ${reply.error}`);
        figures.set(name, reply.figures);
      }
    }));
    const metrics: Record<string, CurveScores> = {};
    for (const name of Object.keys(columns)) metrics[name] = figures.get(name)!;
    return metrics;
  }
}

/**
 * {@linkcode scoreCurves} of `columns`: on `workers` when there are two metrics or more and enough
 * samples, else on this thread. The columns are moved to the workers: do not use them after. The
 * workers are ended.
 */
export async function scoreCurvesOn(
  workers: CurveWorkers | undefined,
  truth: ScoreTruth,
  columns: Record<string, Float64Array>,
  options: CurveOptions,
): Promise<CurveReport> {
  try {
    const names = Object.keys(columns);
    const n = truth.config.general.num_samples;
    if (!workers || names.length < 2 || n * names.length < PARALLEL_FROM) {
      return scoreCurves(truth, columns, options);
    }
    // The options checked, and the report's resolved VUS settings, as scoreCurves gives them.
    const { vus } = scoreCurves(truth, {}, options);
    const metrics = await workers.score(truth, columns, options);
    return { metrics, mean: meanCurves(metrics), vus };
  } finally {
    workers?.terminate();
  }
}
