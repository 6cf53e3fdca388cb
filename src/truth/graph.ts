// The true graph of a run (SPEC section 18): every metric with its service, every dependency
// edge with its weight, lag and coupling, and every formula's inputs, from the config alone, so a
// root-cause method that learns a graph can be scored against the one the data was made from.

import type { ResolvedConfig } from "../config/types.ts";
import { serviceOf } from "../config/services.ts";
import { columnInputs } from "../config/distributions.ts";

/** An edge of the true graph: `from` moves `to`, by a dependency, a formula or an observation. */
export type GraphEdge =
  | {
    /** The parent. */
    from: string;
    /** The metric that depends on it. */
    to: string;
    /** A `depends_on` entry of `to`. */
    via: "depends_on";
    /** How much of the parent's fault multiplier arrives. */
    weight: number;
    /** After how many samples. */
    lag: number;
    /** How closely `to`'s noise follows `from`'s (0: not at all). */
    coupling: number;
  }
  | {
    /** A metric the formula reads. */
    from: string;
    /** The derived metric. */
    to: string;
    /** `to`'s formula reads `from`, at the same sample. */
    via: "formula";
  }
  | {
    /** A histogram's or summary's metric (its location), or the counter giving its rate. */
    from: string;
    /** A column of the histogram or summary. */
    to: string;
    /** `to` counts or measures the observations `from` places or counts, at the same sample. */
    via: "observes";
  };

/** The true graph: metrics with their services, and the edges between them. */
export interface TrueGraph {
  /** Every metric, in column order, with its service. */
  nodes: { metric: string; service: string }[];
  /** Every edge, by child in column order: its dependencies in config order, then its formula's inputs. */
  edges: GraphEdge[];
}

/**
 * The true graph of a config: the manifest's `graph`, and the `graph` format's files.
 *
 * @param config The resolved config.
 * @returns Its nodes and edges.
 *
 * @example A chain: the database moves the API, whose noise follows it
 * ```ts
 * import { createGenerator, trueGraph } from "@chaos-datagen/chaos-datagen";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const { config } = createGenerator({
 *   general: { num_samples: 10 },
 *   metrics: {
 *     db_latency: { value: 1, noise: "gaussian" },
 *     api_latency: { value: 1, noise: "gaussian", depends_on: { db_latency: { lag: 2, coupling: 0.5 } } },
 *   },
 * });
 * deepStrictEqual(trueGraph(config).edges, [
 *   { from: "db_latency", to: "api_latency", via: "depends_on", weight: 1, lag: 2, coupling: 0.5 },
 * ]);
 * ```
 */
export function trueGraph(config: ResolvedConfig): TrueGraph {
  const nodes = Object.entries(config.metrics).map(([metric, spec]) => ({
    metric,
    service: serviceOf(metric, spec),
  }));
  const edges: GraphEdge[] = [];
  for (const [to, spec] of Object.entries(config.metrics)) {
    for (const [from, { weight, lag, coupling }] of Object.entries(spec.depends_on ?? {})) {
      edges.push({ from, to, via: "depends_on", weight, lag, coupling });
    }
    const via = spec.formula !== undefined ? "formula" : "observes";
    for (const from of columnInputs(spec, config.metrics)) edges.push({ from, to, via });
  }
  return { nodes, edges };
}
