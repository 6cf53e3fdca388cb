// The true graph as files (SPEC section 18): graph.json, the manifest's `graph` on its own, and
// graph.dot for Graphviz: a cluster per service, an edge per dependency (labelled with weight,
// lag and coupling) and per formula input (dashed), metrics with faults of their own filled.
// Both are made from the config when every chunk is in: the samples do not change them.

import type { FormatFiles, FormatSource } from "./types.ts";
import { TextFileEncoder } from "./_text_file.ts";
import { type TrueGraph, trueGraph } from "../truth/graph.ts";

/** Written on the main thread (a run of this format alone starts no workers); no data rows. */
const WHOLE = { sequential: true, rows: 0 };

/** A DOT identifier: quoted, with `"` and `\` escaped and line breaks as `\n`. */
function dotId(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\r?\n|\r/g, "\\n")}"`;
}

/**
 * graph.dot: Graphviz's text of the true graph.
 *
 * @param graph The graph.
 * @param faulted The metrics with faults of their own.
 */
export function graphDot(graph: TrueGraph, faulted: ReadonlySet<string>): string {
  const lines = ["digraph chaos_datagen {", "  rankdir=LR;", "  node [shape=box];"];
  const services = [...new Set(graph.nodes.map((node) => node.service))];
  services.forEach((service, i) => {
    lines.push(`  subgraph cluster_${i} {`, `    label=${dotId(service)};`);
    for (const node of graph.nodes) {
      if (node.service !== service) continue;
      const fill = faulted.has(node.metric) ? ` [style=filled, fillcolor="#fcbba1"]` : "";
      lines.push(`    ${dotId(node.metric)}${fill};`);
    }
    lines.push("  }");
  });
  for (const edge of graph.edges) {
    const label = edge.via === "depends_on"
      ? `[label=${dotId(`w ${edge.weight}, lag ${edge.lag}, c ${edge.coupling}`)}]`
      : `[style=dashed, label="${edge.via}"]`;
    lines.push(`  ${dotId(edge.from)} -> ${dotId(edge.to)} ${label};`);
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}

/** The graph format's files: graph.json and graph.dot. */
export const graphFiles: FormatFiles = (source: FormatSource) => {
  const graph = trueGraph(source.config);
  const faulted = new Set(source.anomalies.map((fault) => fault.metric));
  return [
    new TextFileEncoder("graph.json", () => JSON.stringify(graph, null, 2) + "\n", WHOLE),
    new TextFileEncoder("graph.dot", () => graphDot(graph, faulted), WHOLE),
  ];
};
