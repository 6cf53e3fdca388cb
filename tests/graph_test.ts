// The true graph (SPEC section 18): the manifest's `graph`, and `--format graph` writing it as
// graph.json and graph.dot, which Graphviz reads and draws.
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { createGenerator, trueGraph } from "../mod.ts";
import { graphDot } from "../src/formats/graph.ts";
import { freshDir, runCli } from "./_run_cli.ts";

const CONFIG = `[general]
seed = 3
num_samples = 200
[metrics.db_latency_ms]
value = 10
noise = "gaussian"
[metrics.api_latency_ms]
value = 50
noise = "gaussian"
depends_on = { db_latency_ms = { weight = 0.8, lag = 2, coupling = 0.6 } }
[metrics.api_errors]
value = 1
service = "api"
[metrics."error ratio"]
formula = 'api_errors / max(api_latency_ms, 1)'
[[anomalies.db_latency_ms]]
at = 50
recovery_time = 10
pattern = "step"
anomaly_factor = 3
fault_type = "delay"
`;

/** Whether Graphviz's dot is here (CI installs it). */
function hasDot(): boolean {
  try {
    return new Deno.Command("dot", { args: ["-V"] }).outputSync().success;
  } catch {
    return false;
  }
}

Deno.test("the true graph lists every metric with its service, every dependency with weight, lag and coupling, and every formula input", () => {
  const { config } = createGenerator({
    general: { num_samples: 10 },
    metrics: {
      db_latency_ms: { value: 10, noise: "gaussian" },
      api_latency_ms: {
        value: 50,
        noise: "gaussian",
        depends_on: { db_latency_ms: { weight: -0.5, lag: "3s", coupling: -0.4 } },
      },
      cache: { value: 1, depends_on: { db_latency_ms: { weight: 0 } } },
      ratio: { formula: "api_latency_ms / db_latency_ms + api_latency_ms", service: "front" },
    },
  });
  deepStrictEqual(trueGraph(config), {
    nodes: [
      { metric: "db_latency_ms", service: "db" },
      { metric: "api_latency_ms", service: "api" },
      { metric: "cache", service: "cache" },
      { metric: "ratio", service: "front" },
    ],
    edges: [
      {
        from: "db_latency_ms",
        to: "api_latency_ms",
        via: "depends_on",
        weight: -0.5,
        lag: 3,
        coupling: -0.4,
      },
      { from: "db_latency_ms", to: "cache", via: "depends_on", weight: 0, lag: 0, coupling: 0 },
      { from: "api_latency_ms", to: "ratio", via: "formula" },
      { from: "db_latency_ms", to: "ratio", via: "formula" },
    ],
  });
});

Deno.test("graph.dot quotes every name, so names with quotes, backslashes and line breaks stay one node", () => {
  const dot = graphDot(
    {
      nodes: [{ metric: 'a"b\\c', service: "s" }, { metric: "x\ny", service: "s" }],
      edges: [{ from: 'a"b\\c', to: "x\ny", via: "formula" }],
    },
    new Set(['a"b\\c']),
  );
  ok(dot.includes(`"a\\"b\\\\c" [style=filled, fillcolor="#fcbba1"];`), dot);
  ok(dot.includes(`"a\\"b\\\\c" -> "x\\ny" [style=dashed, label="formula"];`), dot);
});

Deno.test({
  name:
    "--format graph writes graph.json equal to the manifest's graph, and graph.dot that Graphviz draws with every node and edge",
  ignore: !hasDot(),
  async fn() {
    const dir = await freshDir("graph_format");
    await Deno.writeTextFile(`${dir}/config.toml`, CONFIG);
    const run = await runCli([
      "-c",
      `${dir}/config.toml`,
      "-o",
      `${dir}/out`,
      "-q",
      "--format",
      "graph",
    ]);
    strictEqual(run.status, 0, run.stderr.join("\n"));
    const manifest = JSON.parse(await Deno.readTextFile(`${dir}/out/manifest.json`));
    const graph = JSON.parse(await Deno.readTextFile(`${dir}/out/graph.json`));
    deepStrictEqual(graph, manifest.graph);
    deepStrictEqual(manifest.files.map((f: { name: string }) => f.name), [
      "graph.json",
      "graph.dot",
      "metrics.svg",
    ]);
    // Graphviz's plain output: a "node" line per metric, an "edge" line per edge.
    const plain = new Deno.Command("dot", { args: ["-Tplain", `${dir}/out/graph.dot`] })
      .outputSync();
    ok(plain.success, new TextDecoder().decode(plain.stderr));
    // Its words: a quoted name holding a space is one.
    const lines = new TextDecoder().decode(plain.stdout).split("\n").map((line) =>
      (line.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? []).map((word) => word.replace(/^"|"$/g, ""))
    );
    const nodes = lines.filter((words) => words[0] === "node").map((words) => words[1]).sort();
    deepStrictEqual(nodes, ["api_errors", "api_latency_ms", "db_latency_ms", "error ratio"]);
    const edges = lines.filter((words) => words[0] === "edge").map((words) =>
      `${words[1]} -> ${words[2]}`
    ).sort();
    deepStrictEqual(edges, [
      "api_errors -> error ratio",
      "api_latency_ms -> error ratio",
      "db_latency_ms -> api_latency_ms",
    ]);
    // Two services, a cluster each; the faulted metric filled.
    const svg = new Deno.Command("dot", { args: ["-Tsvg", `${dir}/out/graph.dot`] }).outputSync();
    const text = new TextDecoder().decode(svg.stdout);
    strictEqual((text.match(/class="cluster"/g) ?? []).length, 3);
    ok(text.includes("#fcbba1"));
  },
});
