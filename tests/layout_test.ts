// The house shows its flow: folders by concept whose imports run one way, no import cycle, a
// public API that does not move when files do, and a command line that loads only what a run
// uses. Read from `deno info --json`, the graph Deno itself resolves.
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";

interface Dependency {
  specifier: string;
  code?: { specifier?: string };
  type?: { specifier?: string };
  isDynamic?: boolean;
}
interface ModuleInfo {
  specifier: string;
  size?: number;
  dependencies?: Dependency[];
}

const ROOT = new URL("../", import.meta.url).href;

/** Our modules reachable from `entry`, and their imports (static, type and dynamic). */
function graph(entry: string): Map<string, ModuleInfo> {
  const output = new Deno.Command("deno", {
    args: ["info", "--json", entry],
    stdout: "piped",
    stderr: "null",
  }).outputSync();
  ok(output.success, `deno info ${entry}`);
  const info = JSON.parse(new TextDecoder().decode(output.stdout)) as { modules: ModuleInfo[] };
  return new Map(
    info.modules.filter((m) => m.specifier.startsWith(ROOT)).map((m) => [m.specifier, m]),
  );
}

const name = (specifier: string) => specifier.slice(ROOT.length);

/** The imports of a module that are ours: [target, kind]. */
function edges(module: ModuleInfo): [string, "static" | "type" | "dynamic"][] {
  const out: [string, "static" | "type" | "dynamic"][] = [];
  for (const dependency of module.dependencies ?? []) {
    const code = dependency.code?.specifier;
    const type = dependency.type?.specifier;
    if (code?.startsWith(ROOT)) out.push([code, dependency.isDynamic ? "dynamic" : "static"]);
    if (type?.startsWith(ROOT)) out.push([type, "type"]);
  }
  return out;
}

const ENTRIES = ["mod.ts", "svg.ts", "cli.ts", "cli/worker.ts"];
const graphs = ENTRIES.map((entry) => graph(entry));
const all = new Map(graphs.flatMap((g) => [...g]));

Deno.test("no module imports itself by any path: the graphs of mod.ts, svg.ts, cli.ts and the worker have no cycle", () => {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (specifier: string) => {
    if (state.get(specifier) === "done") return;
    if (state.get(specifier) === "open") {
      const cycle = stack.slice(stack.indexOf(specifier)).map(name);
      throw new Error(`import cycle: ${[...cycle, name(specifier)].join(" -> ")}`);
    }
    state.set(specifier, "open");
    stack.push(specifier);
    for (const [target] of edges(all.get(specifier)!)) visit(target);
    stack.pop();
    state.set(specifier, "done");
  };
  for (const specifier of all.keys()) visit(specifier);
  ok(all.size > 50, `${all.size} modules`);
});

/**
 * The folders of src/ in the order data flows: a module may import its own folder and the
 * folders before it, never one after it or beside it.
 */
const LAYERS: string[][] = [
  ["text", "version.ts"],
  ["random"],
  ["input"],
  ["config"],
  ["model"],
  ["truth"],
  ["formats", "picture"],
];

function layerOf(path: string): { folder: string; layer: number } | undefined {
  const match = /^src\/([^/]+)/.exec(path);
  if (!match) return undefined;
  const layer = LAYERS.findIndex((folders) => folders.includes(match[1]));
  return { folder: match[1], layer };
}

Deno.test("src/ imports run one way: text, random, input, config, model, truth, then formats and the picture", () => {
  const wrong: string[] = [];
  for (const module of all.values()) {
    const from = layerOf(name(module.specifier));
    if (!from) continue;
    ok(from.layer >= 0, `${name(module.specifier)} is in no layer`);
    for (const [target, kind] of edges(module)) {
      const path = name(target);
      const to = layerOf(path);
      if (!to) {
        wrong.push(`${name(module.specifier)} imports ${path} (src/ never imports the edge)`);
      } else if (to.folder !== from.folder && to.layer >= from.layer) {
        wrong.push(`${name(module.specifier)} imports ${path} (${kind})`);
      }
    }
  }
  deepStrictEqual(wrong, []);
});

Deno.test("src/ has a folder per concept, each opened by a mod.ts that says what lives there and what it may import", () => {
  const top = [...Deno.readDirSync("src")].map((e) => e.name + (e.isDirectory ? "/" : "")).sort();
  deepStrictEqual(top, [
    "config/",
    "formats/",
    "input/",
    "model/",
    "picture/",
    "random/",
    "text/",
    "truth/",
    "version.ts",
  ]);
  for (const folder of top.filter((entry) => entry.endsWith("/"))) {
    const text = Deno.readTextFileSync(`src/${folder}mod.ts`);
    // The comment lines that open the file, as one paragraph.
    const opening = text.split("\n").filter((line) => line.startsWith("//")).slice(0, 20)
      .map((line) => line.replace(/^\/\/ ?/, "")).join(" ");
    ok(/What lives here/.test(opening), `src/${folder}mod.ts says what lives there`);
    ok(/may import/.test(opening), `src/${folder}mod.ts says what it may import`);
  }
});

/** The names a module exports, as `deno doc` lists them. */
function exportedNames(entry: string): string[] {
  const output = new Deno.Command("deno", {
    args: ["doc", "--json", entry],
    stdout: "piped",
    stderr: "null",
  }).outputSync();
  ok(output.success, `deno doc ${entry}`);
  const doc = JSON.parse(new TextDecoder().decode(output.stdout));
  const symbols = Object.values(doc.nodes as Record<string, { symbols: { name: string }[] }>)
    .flatMap((node) => node.symbols);
  return [...new Set(symbols.map((symbol) => symbol.name))].sort();
}

Deno.test("the public API of mod.ts and svg.ts is the one pinned here, whatever the files behind it", () => {
  deepStrictEqual(exportedNames("mod.ts"), [
    "AffiliationScores",
    "AggregatedSeries",
    "AnomalyConfig",
    "AnomalyShape",
    "CURVE_HEADINGS",
    "CbfShapeConfig",
    "Chunk",
    "ChunksOptions",
    "Config",
    "ConfigError",
    "ConfigIssue",
    "ConfigOptions",
    "ConfigOverrides",
    "CsvEncoder",
    "CsvInputOptions",
    "CsvInputReader",
    "CsvKind",
    "CsvOptions",
    "CurveOptions",
    "CurveReport",
    "CurveScores",
    "Dataset",
    "DatasetGenerator",
    "DependencyConfig",
    "DirichletShapeConfig",
    "EcgShapeConfig",
    "EffectScore",
    "EncodedFile",
    "EnvelopeConfig",
    "EventScores",
    "ExtremumFaultConfig",
    "FAULT_SERIES",
    "FORMAT_NAMES",
    "FalseAlarms",
    "FamilyType",
    "FaultDifficulty",
    "FaultEffect",
    "FaultKind",
    "FaultScore",
    "FaultSeries",
    "FaultWindow",
    "FileRecord",
    "FormatName",
    "FormatOptions",
    "GeneralConfig",
    "GenerateOptions",
    "GraphEdge",
    "InjectedAnomaly",
    "InjectedExtremumFault",
    "InjectedFault",
    "InjectedPatternFault",
    "InjectedResetFault",
    "InjectedSeasonFault",
    "InjectedWindowFault",
    "JumpsConfig",
    "KindScore",
    "M4Aggregator",
    "M4Options",
    "M4Snapshot",
    "MARGIN_LEFT",
    "MARGIN_RIGHT",
    "MAX_PANELS",
    "ManifestDetails",
    "ManifestSource",
    "MetricConfig",
    "MetricScore",
    "MetricType",
    "MissingPolicy",
    "Mixture",
    "MlsShapeConfig",
    "NoiseArgs",
    "NoiseName",
    "ObservedPart",
    "ObservedSamples",
    "PatternArgs",
    "PatternFaultConfig",
    "PatternName",
    "PlacementConfig",
    "PolynomialShapeConfig",
    "PrometheusConfig",
    "PrometheusFamily",
    "PrometheusInput",
    "PrometheusSeries",
    "RangePrOptions",
    "Ranged",
    "RcaFaultScore",
    "RcaK",
    "RcaLevel",
    "RcaRanking",
    "RcaReport",
    "RcaScores",
    "RcaTruth",
    "RecordedInfo",
    "RecordedInputError",
    "RecordedSource",
    "ResetFaultConfig",
    "ResolvedAnomalyConfig",
    "ResolvedConfig",
    "ResolvedEnvelope",
    "ResolvedExtremumFault",
    "ResolvedGeneralConfig",
    "ResolvedMetricConfig",
    "ResolvedPatternFault",
    "ResolvedResetFault",
    "ResolvedSeasonFault",
    "ResolvedWindowFault",
    "RunManifest",
    "SampleTiming",
    "Samples",
    "ScoreOptions",
    "ScoreReport",
    "ScoreTruth",
    "SeasonConfig",
    "SeasonFaultConfig",
    "ShapeConfig",
    "ShapeKind",
    "SuiteCaseName",
    "SuiteCaseScore",
    "SuiteCurveCase",
    "SuiteCurveReport",
    "SuiteFigures",
    "SuiteKindScore",
    "SuiteScoreReport",
    "SvgOptions",
    "TIME_TOLERANCE",
    "TrainingConfigs",
    "TrendConfig",
    "TrueGraph",
    "VERSION",
    "VusScores",
    "WanderConfig",
    "Waveform",
    "WindowFaultConfig",
    "affiliation",
    "anomalyMultiplier",
    "averagePrecision",
    "createGenerator",
    "curveScores",
    "defaultPrometheusName",
    "encodeCsv",
    "encodeFormats",
    "encodeManifest",
    "eventF1",
    "eventScores",
    "faultDifficulty",
    "faultSeries",
    "faultWindows",
    "firstColumn",
    "generate",
    "hasMilliseconds",
    "intervalMs",
    "isFormatFileName",
    "isWholeColumn",
    "loadFormats",
    "meanCurves",
    "noiseSd",
    "parseConfig",
    "plotColumns",
    "prAuc",
    "prometheusFamilies",
    "rangePrAuc",
    "readManifest",
    "readPrometheusInput",
    "recordedArrays",
    "recoveryCurve",
    "resolveConfig",
    "rocAuc",
    "sampleTime",
    "sampleTimeMs",
    "score",
    "scoreCurves",
    "scoreRca",
    "scoreSuite",
    "scoreSuiteCurves",
    "serviceOf",
    "trueGraph",
    "validateConfig",
    "vus",
  ]);
  deepStrictEqual(exportedNames("svg.ts"), [
    "SvgOptions",
    "SvgSource",
    "plotColumns",
    "plotDataset",
    "renderSvg",
  ]);
});

/** The modules a run loads before it knows what it writes: cli.ts's static imports, closed. */
function staticClosure(entry: string): Set<string> {
  const start = [...all.keys()].find((specifier) => name(specifier) === entry)!;
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const [target, kind] of edges(all.get(queue.pop()!)!)) {
      if (kind === "static" && !seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return new Set([...seen].map(name));
}

Deno.test("the command line loads a format, the picture, the recorded input, serve and score only when a run uses them", () => {
  const loaded = staticClosure("cli.ts");
  const onDemand = [
    "src/formats/csv.ts",
    "src/formats/openmetrics.ts",
    "src/formats/promtool.ts",
    "src/formats/timeeval.ts",
    "src/formats/graph.ts",
    "src/formats/parquet/mod.ts",
    "src/formats/exposition.ts",
    "src/picture/mod.ts",
    "src/input/mod.ts",
    "cli/input.ts",
    "cli/score.ts",
    "cli/serve.ts",
    "src/truth/score.ts",
    "src/truth/curves.ts",
    "src/truth/events.ts",
    "src/truth/rca.ts",
    "src/truth/suite_score.ts",
  ];
  for (const module of onDemand) strictEqual(loaded.has(module), false, `${module} is loaded`);
  // The worker loads the generator and the block encoder, not the command line.
  const worker = staticClosure("cli/worker.ts");
  for (const module of [...onDemand, "cli.ts", "cli/args.ts", "cli/commit.ts"]) {
    strictEqual(worker.has(module), false, `the worker loads ${module}`);
  }
});
