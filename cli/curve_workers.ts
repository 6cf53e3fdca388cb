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

/**
 * {@linkcode scoreCurves} of `columns`, the metrics on workers when there are two or more, enough
 * samples and the worker's module can be read; else on this thread. The columns are moved to the
 * workers: do not use them after.
 */
export async function scoreCurvesInParallel(
  truth: ScoreTruth,
  columns: Record<string, Float64Array>,
  options: CurveOptions,
): Promise<CurveReport> {
  const names = Object.keys(columns);
  const n = truth.config.general.num_samples;
  const cores = Math.min(MAX_CORES, navigator.hardwareConcurrency ?? 1);
  if (
    names.length < 2 || cores < 2 || n * names.length < PARALLEL_FROM || !canLoad(SCORE_WORKER_URL)
  ) {
    return scoreCurves(truth, columns, options);
  }
  // The options checked, and the report's resolved VUS settings, as scoreCurves gives them.
  const { vus } = scoreCurves(truth, {}, options);
  const figures = new Map<string, CurveScores>();
  const queue = [...names];
  const workers = Array.from(
    { length: Math.min(cores, names.length) },
    () => new Worker(SCORE_WORKER_URL.href, { type: "module" }),
  );
  try {
    await Promise.all(workers.map(async (worker) => {
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
  } finally {
    for (const worker of workers) worker.terminate();
  }
  const metrics: Record<string, CurveScores> = {};
  for (const name of names) metrics[name] = figures.get(name)!;
  return { metrics, mean: meanCurves(metrics), vus };
}
