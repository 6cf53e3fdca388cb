// `cli.ts score OUTPUT_DIR DETECTIONS.csv [--json] [--visible K]`: reads a run's truth back from
// its folder (manifest.json, labels.csv, effects.csv) and scores a detector's output against it.
// Nothing read is trusted: the manifest is checked whole, the run's files must be the ones it
// lists (size and SHA-256), and every row of every file must be its own sample's.

import { join } from "./paths.ts";
import type { ResolvedConfig } from "../src/config/types.ts";
import type { FileRecord } from "../src/truth/manifest.ts";
import { readManifest } from "../src/truth/read_manifest.ts";
import { score, type ScoreReport, type ScoreTruth } from "../src/truth/score.ts";
import { sampleTime, sampleTimeMs } from "../src/model/time.ts";
import { didYouMean } from "../src/text/suggest.ts";
import { ProblemList, quoted } from "../src/text/mod.ts";
import { dateTimeMs } from "../src/text/datetime.ts";
import { parseDecimal } from "../src/text/numbers.ts";
import { splitCsvHeader } from "../src/text/csv_fields.ts";
import { parseFlags, UsageError } from "./flags.ts";
import { InputError, quotePath } from "./errors.ts";
import {
  checkReadPermission,
  MAX_MANIFEST_BYTES,
  openGivenFile,
  readGivenFile,
  readPieces,
} from "./read.ts";
import { Sha256 } from "./sha256.ts";

export const SCORE_USAGE = `Usage:
  deno run -R cli.ts score OUTPUT_DIR DETECTIONS.csv [--json] [--visible K]

Scores a detector's output against the truth of a run written to OUTPUT_DIR.
DETECTIONS.csv has the shape of labels.csv: its first column, then a 0/1 column for each
metric scored (any subset of the metrics).

  --json        print the report as JSON
  --visible K   count as truth only the labelled samples whose effect is at least K times the
                metric's noise deviation (needs effects.csv: generate with --effects)
`;

const OPTIONS = {
  json: { type: "boolean", default: false },
  visible: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** The longest line read from a labels, effects or detections file. */
const MAX_LINE_CHARS = 1 << 24;

/** Runs `score`; returns the exit status. */
export async function runScore(args: string[], print: (line: string) => void): Promise<number> {
  let parsed;
  try {
    parsed = parseFlags(args, OPTIONS, { allowPositionals: true });
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`score: ${error.message}`);
    throw error;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    print(SCORE_USAGE.trimEnd());
    return 0;
  }
  if (positionals.length !== 2) {
    throw new UsageError(
      `score takes OUTPUT_DIR and DETECTIONS.csv: got ${positionals.length} argument(s)`,
    );
  }
  let visible: number | undefined;
  if (values.visible !== undefined) {
    visible = parseDecimal(values.visible);
    if (!(visible >= 0)) {
      throw new UsageError(`--visible: must be a number >= 0: got ${quoted(values.visible)}`);
    }
  }
  const [directory, detectionsPath] = positionals;
  checkReadPermission(directory);
  const truth = await readTruth(directory, visible !== undefined);
  const detections = await readDetections(detectionsPath, truth);
  let report: ScoreReport;
  try {
    report = score(truth, detections, { visible });
  } catch (error) {
    throw new InputError(error instanceof Error ? error.message : String(error));
  }
  if (values.json) print(JSON.stringify(report, null, 2));
  else for (const line of formatReport(report)) print(line);
  return 0;
}

/**
 * A run's truth read back from its folder: the manifest (checked whole), labels.csv and, for
 * --visible, effects.csv, each the size and SHA-256 the manifest lists.
 */
async function readTruth(directory: string, withEffects: boolean): Promise<ScoreTruth> {
  const manifestPath = join(directory, "manifest.json");
  const bytes = readGivenFile(manifestPath, "manifest", MAX_MANIFEST_BYTES);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`${quotePath(manifestPath)}: not text: the bytes are not UTF-8`);
  }
  const manifest = readManifest(text, manifestPath);
  if (manifest.shard) {
    const { index, count } = manifest.shard;
    throw new InputError(
      `${quotePath(directory)} holds shard ${index} of ${count}: score reads a whole run`,
    );
  }
  const { config, names } = manifest;
  const listed = (name: string, why: string) => {
    const record = manifest.files.find((file) => file.name === name);
    if (!record) throw new InputError(`${quotePath(manifestPath)} lists no ${name}: ${why}`);
    return record;
  };
  const labelsRecord = listed("labels.csv", "generate the run with the csv format");
  const labels = await readRunColumns(directory, labelsRecord, config, "flags");
  let effects: Record<string, Float64Array> | undefined;
  if (withEffects) {
    const record = listed("effects.csv", "--visible needs it: generate the run with --effects");
    effects = await readRunColumns(directory, record, config, "numbers");
  }
  return { config, names, labels, anomalies: manifest.anomalies, effects };
}

/**
 * One of the run's own CSV files, every column: it must be the size and digest the manifest
 * lists, with the run's header and a row per sample.
 */
async function readRunColumns<K extends "flags" | "numbers">(
  directory: string,
  record: FileRecord,
  config: ResolvedConfig,
  kind: K,
): Promise<Record<string, K extends "flags" ? Uint8Array : Float64Array>> {
  const path = join(directory, record.name);
  const changed = () =>
    new InputError(
      `${quotePath(path)} is not the file the manifest lists (${record.bytes} bytes, SHA-256 ` +
        `${record.sha256.slice(0, 12)}...): it was changed after the run`,
    );
  const { file, size } = openGivenFile(path, record.name, record.bytes);
  const hash = new Sha256();
  const table = new ColumnReader(path, config, kind, Object.keys(config.metrics));
  try {
    if (size !== record.bytes) throw changed();
    for await (const lines of readLines(file, path, hash)) table.push(lines);
  } finally {
    file.close();
  }
  if ((await hash.hex()) !== record.sha256) throw changed();
  return table.end() as Record<string, K extends "flags" ? Uint8Array : Float64Array>;
}

/** Reads a detections file: its first column, then 0/1 (or true/false) per metric scored. */
async function readDetections(
  path: string,
  truth: ScoreTruth,
): Promise<Record<string, Uint8Array>> {
  // Far more than a file of a flag per sample and metric needs, but bounded.
  const { file } = openGivenFile(path, "detections", Number.MAX_SAFE_INTEGER);
  const table = new ColumnReader(path, truth.config, "flags", undefined, truth.names);
  try {
    for await (const lines of readLines(file, path)) table.push(lines);
  } finally {
    file.close();
  }
  return table.end() as Record<string, Uint8Array>;
}

/**
 * Lines of a file, a piece's worth at a time: UTF-8, "\r\n" or "\n", none longer than
 * {@linkcode MAX_LINE_CHARS}. Each piece is added to `hash` when one is given.
 */
async function* readLines(
  file: Deno.FsFile,
  path: string,
  hash?: Sha256,
): AsyncGenerator<string[]> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let rest = "";
  const decode = (bytes: Uint8Array, last: boolean) => {
    try {
      return decoder.decode(bytes, { stream: !last });
    } catch {
      throw new InputError(`${quotePath(path)}: not text: the bytes are not UTF-8`);
    }
  };
  const tooLong = () =>
    new InputError(
      `${quotePath(path)}: a line is longer than ${
        MAX_LINE_CHARS >> 20
      } Mi characters; is it a CSV file?`,
    );
  for await (const piece of readPieces(file, path)) {
    await hash?.update(piece);
    const text = rest + decode(piece, false);
    const parts = text.split("\n");
    rest = parts.pop()!;
    if (rest.length > MAX_LINE_CHARS) throw tooLong();
    for (const line of parts) if (line.length > MAX_LINE_CHARS) throw tooLong();
    yield parts;
  }
  rest += decode(new Uint8Array(), true);
  if (rest !== "") yield [rest];
}

/**
 * A CSV file of ours (or of the same shape), read line by line: a header whose first column is
 * the sample or its time, then a column of `flags` (0/1) or `numbers` per metric. `names` are
 * the columns expected (all of them, in order); or, with `known`, any subset of those. Every row
 * must have the header's cells, and its first cell must be its own sample or that sample's
 * time: rows out of order, missing or extra are refused, never scored by position.
 */
class ColumnReader {
  readonly #path: string;
  readonly #kind: "flags" | "numbers";
  readonly #n: number;
  readonly #names?: readonly string[];
  readonly #known?: readonly string[];
  readonly #general: ResolvedConfig["general"];
  #header: string[] | undefined;
  /** Problems of the header: the rows are then only counted, for the report. */
  readonly #headerProblems = new ProblemList();
  #columns: (Uint8Array | Float64Array)[] = [];
  #row = 0;
  #line = 0;

  constructor(
    path: string,
    config: ResolvedConfig,
    kind: "flags" | "numbers",
    names?: readonly string[],
    known?: readonly string[],
  ) {
    this.#path = path;
    this.#kind = kind;
    this.#n = config.general.num_samples;
    this.#general = config.general;
    this.#names = names;
    this.#known = known;
  }

  push(lines: readonly string[]): void {
    for (const raw of lines) {
      this.#line++;
      const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
      if (!this.#header) this.#readHeader(line);
      else if (line !== "") this.#readRow(line);
    }
  }

  end(): Record<string, Uint8Array | Float64Array> {
    if (!this.#header) throw this.#problem("is empty: a header and a row per sample are needed");
    const problems = this.#headerProblems;
    if (this.#row !== this.#n) {
      problems.add(
        `${quotePath(this.#path)}: ${this.#row} rows, but the run has ${this.#n} samples`,
      );
    }
    if (!problems.empty) throw new InputError(problems.text());
    return Object.fromEntries(this.#header.map((name, j) => [name, this.#columns[j]]));
  }

  #readHeader(line: string): void {
    const fields = splitCsvHeader(line);
    const header = fields.slice(1);
    const problems = this.#headerProblems;
    const path = quotePath(this.#path);
    if (this.#names && header.join("\n") !== this.#names.join("\n")) {
      problems.add(`${path}: its columns are not the run's metrics`);
    }
    if (this.#known) {
      const known = new Set(this.#known);
      const seen = new Set<string>();
      for (const name of header) {
        if (!known.has(name)) {
          problems.add(() =>
            `${path}: no metric ${quoted(name)} in the run${didYouMean(name, this.#known!)}`
          );
        } else if (seen.has(name)) problems.add(`${path}: the column ${quoted(name)} comes twice`);
        seen.add(name);
      }
    }
    if (header.length === 0) problems.add(`${path}: no metric columns`);
    this.#header = header;
    if (!problems.empty) return;
    this.#columns = header.map(() =>
      this.#kind === "flags" ? new Uint8Array(this.#n) : new Float64Array(this.#n)
    );
  }

  #readRow(line: string): void {
    const header = this.#header!;
    const k = this.#row;
    if (!this.#headerProblems.empty) {
      // Counted, up to one past the run's samples, for the report.
      if (k <= this.#n) this.#row++;
      return;
    }
    if (k >= this.#n) throw this.#problem(`more rows than the run's ${this.#n} samples`);
    const cells = line.split(",");
    if (cells.length !== header.length + 1) {
      throw this.#problem(
        `line ${this.#line}: ${cells.length} cells, the header has ${header.length + 1}`,
      );
    }
    if (!this.#isSample(cells[0].trim(), k)) {
      const time = sampleTime(this.#general, k);
      throw this.#problem(
        `line ${this.#line}: the first cell must be sample ${k}${
          time ? ` or its time, ${time}` : ""
        }: got ${quoted(cells[0])} (rows in sample order, one per sample)`,
      );
    }
    const flags = this.#kind === "flags";
    for (let j = 0; j < header.length; j++) {
      const cell = cells[j + 1];
      const value = flags ? flag(cell) : cell === "" ? NaN : parseDecimal(cell);
      if (value !== value && (flags || cell !== "")) {
        const rule = flags ? "0 or 1 (or true or false)" : "a number";
        throw this.#problem(
          `line ${this.#line}, column ${quoted(header[j])}: must be ${rule}: got ${quoted(cell)}`,
        );
      }
      this.#columns[j][k] = value;
    }
    this.#row++;
  }

  /** Whether `cell` names sample `k`: its index, or (with start) its time. */
  #isSample(cell: string, k: number): boolean {
    if (cell === String(k)) return true;
    const at = sampleTimeMs(this.#general, k);
    if (at === undefined) return false;
    let ms = dateTimeMs(cell);
    if (ms !== ms && /^\d+(\.\d+)?$/.test(cell)) {
      // Epoch seconds or milliseconds, as the recorded input takes them.
      const x = Number(cell);
      ms = x >= 1e11 ? x : Math.round(x * 1000);
    }
    return ms === at;
  }

  #problem(what: string): InputError {
    return new InputError(`${quotePath(this.#path)}: ${what}`);
  }
}

function flag(cell: string): number {
  switch (cell.trim().toLowerCase()) {
    case "0":
    case "0.0":
    case "false":
      return 0;
    case "1":
    case "1.0":
    case "true":
      return 1;
    default:
      return NaN;
  }
}

/** The report as a table. */
function formatReport(report: ScoreReport): string[] {
  const lines: string[] = [];
  const width = Math.max(6, ...Object.keys(report.metrics).map((name) => name.length));
  const n = (x: number) => x.toFixed(3).padStart(9);
  lines.push(`${"metric".padEnd(width)}  precision     recall         f1  point-adjusted f1`);
  for (const [name, m] of Object.entries(report.metrics)) {
    lines.push(
      `${name.padEnd(width)}  ${n(m.precision)}  ${n(m.recall)}  ${n(m.f1)}  ${
        n(m.point_adjusted_f1).padStart(17)
      }`,
    );
  }
  lines.push("");
  for (const fault of report.faults) {
    const where =
      `${fault.id} (${fault.label}), samples ${fault.first_sample}-${fault.last_sample}`;
    const seconds = fault.delay_seconds != null ? ` (${fault.delay_seconds} s)` : "";
    lines.push(
      fault.detected
        ? `fault on ${where}: detected after ${plural(fault.delay_samples!, "sample")}${seconds}`
        : `fault on ${where}: not detected`,
    );
    for (const effect of fault.effects ?? []) {
      const found = effect.detected
        ? `detected after ${plural(effect.delay_samples!, "sample")}`
        : "not detected";
      lines.push(`  its effect on ${effect.metric} (${effect.path.join(" -> ")}): ${found}`);
    }
  }
  if (Object.keys(report.kinds).length > 0) {
    lines.push("");
    lines.push("kind         faults  detected  recall  mean delay (samples)");
    for (const [kind, k] of Object.entries(report.kinds)) {
      const delay = k.mean_delay_samples === null ? "-" : k.mean_delay_samples.toFixed(1);
      lines.push(
        `${kind.padEnd(11)}  ${String(k.faults).padStart(6)}  ${String(k.detected).padStart(8)}  ${
          k.recall.toFixed(3).padStart(6)
        }  ${delay.padStart(20)}`,
      );
    }
  }
  const rate = report.false_alarms.per_day !== undefined
    ? ` (${report.false_alarms.per_day.toFixed(2)} per day)`
    : "";
  lines.push(`false alarms: ${report.false_alarms.count}${rate}`);
  return lines;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
