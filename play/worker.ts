// The page's worker: reads the TOML, checks it with the command line's checks, generates the
// series and reduces each to at most four points per pixel column (the picture's M4), so the
// page only draws. It also makes the files to download, with the command line's encoders.

/// <reference lib="deno.worker" />

import { readToml } from "../src/config/toml.ts";
import { ConfigError } from "../src/config/error.ts";
import { resolveConfig } from "../src/config/mod.ts";
import { faultLabel } from "../src/config/fault_kinds.ts";
import { createGenerator, type DatasetGenerator } from "../src/model/mod.ts";
import { intervalMs, sampleTimeMs } from "../src/model/time.ts";
import { M4Aggregator } from "../src/picture/m4.ts";
import { encodeFormats } from "../src/formats/encode.ts";
import { loadFormats } from "../src/formats/mod.ts";
import { encodeManifest, type FileRecord } from "../src/truth/manifest.ts";
import { faultDifficulty } from "../src/truth/difficulty.ts";
import { shownProblems } from "../src/text/mod.ts";
import { keyLines, lineOf } from "./lines.ts";
import { zstdRawFrame } from "./zstd_raw.ts";
import type { Drawn, FaultView, Files, PlayAnswer, PlayRequest, Problem } from "./protocol.ts";

/**
 * Samples times metrics drawn at most per redraw: beyond, the picture is a preview of the first
 * samples, so a keystroke never waits for a large run.
 */
const DRAW_BUDGET = 1_000_000;
/** The name the config's problems are reported under (the command line's is the file's). */
const FILE_NAME = "config.toml";

// The build replaces node:zlib, which a browser lacks, with this: Parquet pages stored in zstd
// frames that every reader reads.
(globalThis as { __playZlib?: unknown }).__playZlib = {
  zstdCompressSync: (bytes: Uint8Array) => zstdRawFrame(bytes),
  constants: {},
};

/** A seed for configs without one, drawn once so that the picture holds still while typing. */
const sessionSeed = Math.floor(Math.random() * 2 ** 31);
let last: DatasetGenerator | undefined;

self.onmessage = (event: MessageEvent<PlayRequest>) => {
  const request = event.data;
  if (request.type === "draw") {
    const answer = draw(request.id, request.text, request.columns, request.range);
    const transfer = answer.type === "drawn"
      ? [...answer.index, ...answer.value].map((array) => array.buffer as ArrayBuffer)
      : [];
    post(answer, transfer);
  } else {
    makeFiles(request.id, request.format).then((answer) =>
      post(answer, answer.files.map((file) => file.bytes.buffer as ArrayBuffer))
    );
  }
};

function post(answer: PlayAnswer, transfer: ArrayBuffer[]): void {
  self.postMessage(answer, { transfer });
}

/** Checks, generates and reduces a config; its problems, at their lines, when it has any. */
function draw(
  id: number,
  text: string,
  columns: number,
  range?: { from: number; to: number },
): Drawn | PlayAnswer {
  const started = performance.now();
  let generator: DatasetGenerator;
  let seedDrawn: boolean;
  try {
    const raw = readToml(text, FILE_NAME);
    seedDrawn = (raw as { general?: { seed?: unknown } })?.general?.seed === undefined;
    const config = resolveConfig(raw, {
      fileName: FILE_NAME,
      overrides: { seed: seedDrawn ? sessionSeed : undefined },
    });
    generator = createGenerator(config);
  } catch (error) {
    return { id, type: "failed", problems: problemsOf(error, text) };
  }
  last = generator;
  const n = generator.numSamples;
  const from = Math.max(0, Math.min(range?.from ?? 0, n - 1));
  const to = Math.max(from + 1, Math.min(range?.to ?? n, n));
  const metrics = generator.names.length;
  const drawnTo = Math.min(to, from + Math.max(1, Math.floor(DRAW_BUDGET / Math.max(1, metrics))));
  const m4 = new M4Aggregator(metrics, to - from, { columns });
  for (const chunk of generator.chunks({ from, to: drawnTo })) {
    // The aggregator counts from the range's first sample.
    m4.add({
      from: chunk.from - from,
      to: chunk.to - from,
      values: chunk.values,
      rates: chunk.rates,
    });
  }
  const series = m4.series();
  const general = generator.config.general;
  const faults: FaultView[] = generator.anomalies.flatMap((a) => [
    {
      id: a.id,
      metric: a.metric,
      label: faultLabel(a),
      kind: a.kind,
      first: a.first_sample,
      last: a.last_sample,
      effect: false,
    },
    ...a.effects.map((e) => ({
      id: a.id,
      metric: e.metric,
      label: `<- ${a.id}`,
      kind: a.kind,
      first: e.first_sample,
      last: e.last_sample,
      effect: true,
    })),
  ]);
  return {
    id,
    type: "drawn",
    seed: generator.seed,
    seedDrawn,
    names: [...generator.names],
    numSamples: n,
    startMs: sampleTimeMs(general, 0),
    intervalMs: intervalMs(general),
    faults,
    from,
    to,
    drawnTo,
    // Indices back in the series' own numbering.
    index: series.map((s) => s.index.map((k) => k + from)),
    value: series.map((s) => Float64Array.from(s.value)),
    workMs: performance.now() - started,
  };
}

/** The problems of an error, one per line as the command line prints them, at their lines. */
function problemsOf(error: unknown, text: string): Problem[] {
  if (error instanceof ConfigError) {
    const lines = keyLines(text);
    const shown = error.issues.map((issue) => ({
      line: lineOf(lines, issue.path),
      message: issue.path ? `${issue.path}: ${issue.message}` : issue.message,
    }));
    // As many as the command line shows, and how many more.
    const kept = shownProblems(shown.map((p) => p.message).join("\n"));
    return kept.map((message, i) => ({ line: shown[i]?.line ?? 1, message }));
  }
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  // A TOML syntax error carries its line: `config.toml:3:7: invalid TOML: ...`.
  const at = new RegExp(`^${FILE_NAME.replace(".", "\\.")}:(\\d+):\\d+: `).exec(message);
  return [{
    line: at ? Number(at[1]) : 1,
    message: message.startsWith(`${FILE_NAME}: `) ? message.slice(FILE_NAME.length + 2) : message,
  }];
}

/** The files of a format (or the manifest of the CSV files) for the last config drawn. */
async function makeFiles(id: number, format: "csv" | "parquet" | "manifest"): Promise<Files> {
  if (!last) return { id, type: "files", files: [], problem: "no config drawn yet" };
  const generator = last;
  try {
    if (format === "parquet") await loadFormats(["parquet"]);
    const files = encodeFormats(generator, format === "manifest" ? ["csv"] : [format]);
    if (format !== "manifest") return { id, type: "files", files };
    const records: FileRecord[] = await Promise.all(files.map(async (file) => ({
      name: file.name,
      rows: generator.numSamples,
      bytes: file.bytes.length,
      sha256: hex(await crypto.subtle.digest("SHA-256", file.bytes as Uint8Array<ArrayBuffer>)),
    })));
    const difficulty = faultDifficulty(generator.config, generator.anomalies);
    const manifest = encodeManifest(generator, records, { difficulty });
    return {
      id,
      type: "files",
      files: [{ name: "manifest.json", bytes: new TextEncoder().encode(manifest) }],
    };
  } catch (error) {
    const problem = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { id, type: "files", files: [], problem };
  }
}

function hex(digest: ArrayBuffer): string {
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
