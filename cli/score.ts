// `cli.ts score OUTPUT_DIR [DETECTIONS.csv] [--rca RANKING.csv] [--json] [--visible K]
// [--scores [--vus-window W]]`: reads a run's truth back from its folder (manifest.json,
// labels.csv, effects.csv) and scores a detector's output (0/1 flags, or with --scores real-valued
// scores), a root-cause method's rankings, or both, against it. Over a suite's folder (it holds
// suite.json), each case is scored so against its own <case>.csv in a folder of them, and the
// cases make one table (src/truth/suite_score.ts).
// Nothing read is trusted: the manifest is checked whole, the run's files must be the ones it
// lists (size and SHA-256), and every row of every file must be its own sample's.

import { join } from "./paths.ts";
import type { ResolvedConfig } from "../src/config/types.ts";
import type { FileRecord } from "../src/truth/manifest.ts";
import { readManifest, type RunManifest } from "../src/truth/read_manifest.ts";
import { score, type ScoreReport, type ScoreTruth } from "../src/truth/score.ts";
import { CURVE_HEADINGS, type CurveReport, type CurveScores } from "../src/truth/curves.ts";
import {
  scoreSuite,
  scoreSuiteCurves,
  type SuiteCaseName,
  type SuiteCurveReport,
  type SuiteFigures,
  type SuiteScoreReport,
} from "../src/truth/suite_score.ts";
import {
  RankingRows,
  type RcaLevel,
  type RcaRanking,
  type RcaReport,
  type RcaTruth,
  scoreRca,
} from "../src/truth/rca.ts";
import { intervalMs, sampleTime, sampleTimeMs } from "../src/model/time.ts";
import { didYouMean } from "../src/text/suggest.ts";
import { escapeControls, ProblemList, quoted } from "../src/text/mod.ts";
import { dateTimeMs } from "../src/text/datetime.ts";
import { parseDecimal } from "../src/text/numbers.ts";
import { splitCsvHeader } from "../src/text/csv_fields.ts";
import { CASE_NAME, SUITE_INDEX } from "../src/config/suite.ts";
import { parseFlags, UsageError } from "./flags.ts";
import { describeFsError, InputError, quotePath } from "./errors.ts";
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
  deno run -R cli.ts score OUTPUT_DIR SCORES.csv --scores [--vus-window W] [--json]
  deno run -R cli.ts score OUTPUT_DIR --rca RANKING.csv [--json]
  deno run -R cli.ts score SUITE_DIR DETECTIONS_DIR [--scores] [--json | --csv]

Scores a detector's output, or a root-cause method's rankings, or both in one report, against
the truth of a run written to OUTPUT_DIR.
DETECTIONS.csv has the shape of labels.csv: its first column, then a 0/1 column for each
metric scored (any subset of the metrics).

  --json               print the report as JSON
  --visible K          count as truth only the labelled samples whose effect is at least K
                       times the metric's noise deviation (needs effects.csv: generate with
                       --effects)
  --scores             the file holds a detector's real-valued scores (finite numbers, higher
                       for more anomalous) rather than 0/1: reports per metric, and their mean,
                       ROC-AUC and PR-AUC (TimeEval's), average precision (TSB-AD's AUC-PR),
                       VUS-ROC and VUS-PR (TSB-AD's), and event-based F1 and affiliation
                       F1/precision/recall at TSB-AD's oracle threshold; "-" (null in JSON) for
                       a metric without faults
  --vus-window W       VUS's largest buffer in samples, an integer >= 0 (default 100, as
                       TSB-AD's get_metrics)
  --rca RANKING.csv    score a root-cause method: a header fault,rank,metric (or
                       fault,rank,service), then a row per fault id and rank, ranks 1, 2, 3, ...
                       per fault. Reports AC@k (the share of faults whose metric, or service,
                       is in the top k) and Avg@k (the mean of AC@1 .. AC@k) for k = 1..5; a
                       fault not ranked counts as missed. Needs only manifest.json: a run in
                       any format will do.

When OUTPUT_DIR holds suite.json (cli.ts suite wrote it), the second argument is a folder
with a file per case, <case>.csv (case-0000.csv, ...), each scored against its case as a run
is; every case needs its file and every .csv file there must name a case. Prints one table: a
row per case (what it varied and its figures), a row per fault kind pooled over the cases, and
the mean over the cases.
  --csv                print the suite's table as CSV (first column: case, kind or mean)
`;

const OPTIONS = {
  json: { type: "boolean", default: false },
  visible: { type: "string" },
  rca: { type: "string" },
  scores: { type: "boolean", default: false },
  csv: { type: "boolean", default: false },
  "vus-window": { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** The longest line read from a labels, effects or detections file. */
const MAX_LINE_CHARS = 1 << 24;
/** Decodes one line of a file read by its bytes (a line never splits a character). */
const LINE_DECODER = new TextDecoder("utf-8", { fatal: true });

/** The problem of a file whose line passes MAX_LINE_CHARS. */
function tooLongLine(path: string): InputError {
  return new InputError(
    `${quotePath(path)}: a line is longer than ${
      MAX_LINE_CHARS >> 20
    } Mi characters; is it a CSV file?`,
  );
}

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
  const rankingPath = values.rca;
  if (positionals.length !== 2 && !(rankingPath !== undefined && positionals.length === 1)) {
    throw new UsageError(
      `score takes OUTPUT_DIR and DETECTIONS.csv, or OUTPUT_DIR and --rca RANKING.csv, or ` +
        `all three: got ${positionals.length} argument(s)`,
    );
  }
  if (values.visible !== undefined && positionals.length === 1) {
    throw new UsageError("--visible: it scores detections: give DETECTIONS.csv too");
  }
  const scores = values.scores;
  if (scores && positionals.length === 1) {
    throw new UsageError("--scores: it reads a detector's scores: give SCORES.csv too");
  }
  if (values["vus-window"] !== undefined && !scores) {
    throw new UsageError("--vus-window: it sets VUS, which needs --scores");
  }
  if (scores && values.visible !== undefined) {
    throw new UsageError(
      "--visible: it applies to 0/1 detections; the curves of --scores use every labelled sample",
    );
  }
  let vusWindow: number | undefined;
  if (values["vus-window"] !== undefined) {
    const text = values["vus-window"];
    vusWindow = /^[0-9]{1,6}$/.test(text) ? Number(text) : NaN;
    if (!(vusWindow >= 0)) {
      throw new UsageError(
        `--vus-window: must be an integer from 0 to 999999: got ${quoted(text)}`,
      );
    }
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
  const options = { scores, visible, vusWindow };
  if (isSuite(directory)) {
    if (rankingPath !== undefined) {
      throw new UsageError("--rca: it scores one run: give a case's folder, not the suite's");
    }
    if (values.json && values.csv) throw new UsageError("--json and --csv: give one");
    const suite = await scoreSuiteFolder(directory, detectionsPath, options);
    if (values.json) print(JSON.stringify({ suite }, null, 2));
    else if (values.csv) { for (const line of suiteCsv(suite)) print(line); }
    else for (const line of formatSuite(suite)) print(line);
    return 0;
  }
  if (values.csv) throw new UsageError("--csv: it prints a suite's table: give a suite's folder");
  const manifest = readRunManifest(directory);
  const { report, curves } = detectionsPath !== undefined
    ? await scoreRun(directory, manifest, detectionsPath, options)
    : {};
  let rca: RcaReport | undefined;
  if (rankingPath !== undefined) {
    const { level, ranking } = await readRanking(rankingPath, directory, manifest);
    rca = inputErrors(() => scoreRca(manifest, ranking, level));
  }
  if (values.json) {
    const body = curves ? { curves } : report;
    print(JSON.stringify(rca ? { ...body, rca } : body, null, 2));
  } else {
    const lines = report ? formatReport(report) : curves ? formatCurves(curves) : [];
    if (rca) lines.push(...(report || curves ? [""] : []), ...formatRca(rca));
    for (const line of lines) print(line);
  }
  return 0;
}

/** How detections are read and scored: the flags of `score` that apply to them. */
interface DetectionOptions {
  scores: boolean;
  visible?: number;
  vusWindow?: number;
}

/**
 * Scores one run's detections (or with `scores`, its scores): the one path by which a single
 * run and each case of a suite are scored.
 */
async function scoreRun(
  directory: string,
  manifest: RunManifest,
  detectionsPath: string,
  { scores, visible, vusWindow }: DetectionOptions,
): Promise<{ report?: ScoreReport; curves?: CurveReport }> {
  if (scores) {
    // The metrics on workers, one per core, when there are enough samples to pay for them,
    // started now so that they load while the files are read.
    const { CurveWorkers, scoreCurvesOn } = await import("./curve_workers.ts");
    const workers = CurveWorkers.start(manifest.config.general.num_samples, manifest.names.length);
    try {
      const truth = await readTruth(directory, manifest, false);
      const columns = await readDetections(detectionsPath, truth, "scores") as Record<
        string,
        Float64Array
      >;
      return { curves: await scoreCurvesOn(workers, truth, columns, { window: vusWindow }) };
    } catch (error) {
      workers?.terminate();
      if (!(error instanceof RangeError)) throw error;
      throw new InputError(error.message);
    }
  }
  const truth = await readTruth(directory, manifest, visible !== undefined);
  const detections = await readDetections(detectionsPath, truth, "flags");
  return { report: inputErrors(() => score(truth, detections, { visible })) };
}

/** What `run` returns; its RangeError (a truth and an input that do not fit) as an InputError. */
function inputErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new InputError(error instanceof Error ? error.message : String(error));
  }
}

/** A run's manifest read back from its folder, checked whole: a whole run's, not a shard's. */
function readRunManifest(directory: string): RunManifest {
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
  return manifest;
}

/**
 * A run's truth for detections: its manifest, labels.csv and, for --visible, effects.csv, each
 * the size and SHA-256 the manifest lists.
 */
async function readTruth(
  directory: string,
  manifest: RunManifest,
  withEffects: boolean,
): Promise<ScoreTruth> {
  const manifestPath = join(directory, "manifest.json");
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
    for await (const piece of readPieces(file, path)) {
      await hash.update(piece);
      table.pushBytes(piece, path);
    }
    table.endBytes(path);
  } finally {
    file.close();
  }
  if ((await hash.hex()) !== record.sha256) throw changed();
  return table.end() as Record<string, K extends "flags" ? Uint8Array : Float64Array>;
}

/**
 * Reads a detections file: its first column, then 0/1 (or true/false) per metric scored, or with
 * `scores`, a finite number per metric scored.
 */
async function readDetections(
  path: string,
  truth: ScoreTruth,
  kind: "flags" | "scores",
): Promise<Record<string, Uint8Array | Float64Array>> {
  // Far more than a file of a flag per sample and metric needs, but bounded.
  const { file } = openGivenFile(
    path,
    kind === "flags" ? "detections" : "scores",
    Number.MAX_SAFE_INTEGER,
  );
  const table = new ColumnReader(path, truth.config, kind, undefined, truth.names);
  try {
    for await (const piece of readPieces(file, path)) table.pushBytes(piece, path);
    table.endBytes(path);
  } finally {
    file.close();
  }
  return table.end();
}

/** The two headers a ranking may have, by what its rows name. */
const RANKING_HEADERS: Record<string, RcaLevel> = {
  "fault,rank,metric": "metric",
  "fault,rank,service": "service",
};

/** A rank's cell: a whole number from 1, short enough to be exact. */
const RANK = /^[1-9][0-9]{0,14}$/;

/**
 * Reads a root-cause ranking: a header `fault,rank,metric` or `fault,rank,service`, then a row per
 * fault and rank (RFC 4180 quoting, in any order). Every problem is collected, one line each.
 */
async function readRanking(
  path: string,
  directory: string,
  truth: RcaTruth,
): Promise<{ level: RcaLevel; ranking: RcaRanking }> {
  const where = quotePath(path);
  // Any size, as a detections file: what is kept is at most a rank per fault and name.
  const { file } = openGivenFile(path, "ranking", Number.MAX_SAFE_INTEGER);
  let header: string | undefined;
  let level: RcaLevel | undefined;
  let rows: RankingRows | undefined;
  let count = 0;
  let line = 0;
  try {
    for await (const lines of readLines(file, path)) {
      for (const raw of lines) {
        line++;
        const text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
        if (header === undefined) {
          header = text;
          const fields = splitCsvHeader(text);
          const key = fields.length === 3 ? fields.join(",") : "";
          level = Object.hasOwn(RANKING_HEADERS, key) ? RANKING_HEADERS[key] : undefined;
          if (level === undefined) {
            throw new InputError(
              `${where}: the header must be "fault,rank,metric" or "fault,rank,service": got ${
                quoted(text)
              }`,
            );
          }
          try {
            rows = new RankingRows(truth, level, `${where}: `);
          } catch (error) {
            throw new InputError(`${quotePath(directory)}: ${(error as Error).message}`);
          }
          continue;
        }
        if (text === "") continue;
        count++;
        const cells = splitCsvHeader(text);
        if (cells.length !== 3) {
          rows!.problems.add(`${where}: line ${line}: ${cells.length} cells, the header has 3`);
          continue;
        }
        const [fault, rank, name] = cells;
        if (!RANK.test(rank)) {
          rows!.problems.add(() =>
            `${where}: line ${line}, column "rank": must be an integer >= 1: got ${quoted(rank)}`
          );
          continue;
        }
        rows!.add(fault, Number(rank), name, line);
      }
    }
  } finally {
    file.close();
  }
  if (header === undefined) {
    throw new InputError(
      `${where} is empty: a header (fault,rank,metric or fault,rank,service) and a row per ` +
        `fault and rank are needed`,
    );
  }
  if (count === 0) {
    rows!.problems.add(`${where}: no rows after the header: a row per fault and rank is needed`);
  }
  return { level: level!, ranking: inputErrors(() => rows!.finish()) };
}

/** The root-cause report as a table, then a line per fault. */
function formatRca(report: RcaReport): string[] {
  const levels = (report.metric ? ["metric", "service"] : ["service"]) as ("metric" | "service")[];
  const keys = Object.keys(report.service) as (keyof RcaReport["service"])[];
  const lines = [
    `root causes of ${plural(report.faults, "fault")}, ranked by ${levels[0]}; ` +
    `${report.unranked.length} not ranked (counted as missed)`,
    `level    ${keys.map((key) => key.padStart(7)).join("")}`,
  ];
  for (const level of levels) {
    lines.push(
      `${level.padEnd(9)}${keys.map((k) => report[level]![k].toFixed(3).padStart(7)).join("")}`,
    );
  }
  lines.push("");
  const unranked = new Set(report.unranked);
  for (const fault of report.per_fault) {
    const rank = (r: number | null | undefined) => r == null ? "not ranked" : `ranked ${r}`;
    const head = `fault ${fault.fault}: `;
    if (unranked.has(fault.fault)) lines.push(`${head}no ranking`);
    else if (fault.metric_rank === undefined) {
      lines.push(`${head}its service ${fault.service} ${rank(fault.service_rank)}`);
    } else {
      lines.push(
        `${head}${fault.metric} ${rank(fault.metric_rank)}, its service ${fault.service} ${
          rank(fault.service_rank)
        }`,
      );
    }
  }
  return lines;
}

/**
 * Lines of a file as text, a piece's worth at a time: UTF-8, "\r\n" or "\n", none longer than
 * {@linkcode MAX_LINE_CHARS} (a ranking's; the detections and the run's files are read from
 * their bytes by ColumnReader).
 */
async function* readLines(file: Deno.FsFile, path: string): AsyncGenerator<string[]> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let rest = "";
  const decode = (bytes: Uint8Array, last: boolean) => {
    try {
      return decoder.decode(bytes, { stream: !last });
    } catch {
      throw new InputError(`${quotePath(path)}: not text: the bytes are not UTF-8`);
    }
  };
  const tooLong = () => tooLongLine(path);
  for await (const piece of readPieces(file, path)) {
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
 * the sample or its time, then a column of `flags` (0/1), `numbers` (empty for missing) or
 * `scores` (finite numbers) per metric. `names` are the columns expected (all of them, in order);
 * or, with `known`, any subset of those. Every row must have the header's cells, and its first
 * cell must be its own sample or that sample's time: rows out of order, missing or extra are
 * refused, never scored by position.
 */
class ColumnReader {
  readonly #path: string;
  readonly #kind: "flags" | "numbers" | "scores";
  readonly #n: number;
  readonly #names?: readonly string[];
  readonly #known?: readonly string[];
  readonly #general: ResolvedConfig["general"];
  /** Sample 0's time and the interval in ms, worked out once: every row's first cell is checked. */
  readonly #t0: number | undefined;
  readonly #step: number;
  /**
   * A run's own file (its header is the run's metrics), checked against the manifest's SHA-256
   * as it is read: its first cells are the run's times, not checked again row by row.
   */
  readonly #trusted: boolean;
  #header: string[] | undefined;
  /** Problems of the header: the rows are then only counted, for the report. */
  readonly #headerProblems = new ProblemList();
  #columns: (Uint8Array | Float64Array)[] = [];
  #row = 0;
  #line = 0;
  /** What {@linkcode pushBytes} holds of a line not yet ended. */
  #restBytes = new Uint8Array(0);

  constructor(
    path: string,
    config: ResolvedConfig,
    kind: "flags" | "numbers" | "scores",
    names?: readonly string[],
    known?: readonly string[],
  ) {
    this.#path = path;
    this.#kind = kind;
    this.#n = config.general.num_samples;
    this.#general = config.general;
    this.#t0 = sampleTimeMs(config.general, 0);
    this.#step = intervalMs(config.general);
    this.#names = names;
    this.#known = known;
    this.#trusted = names !== undefined;
  }

  /**
   * A piece of a file, as bytes: its rows of flags or plain decimals are read in place, with no
   * text made (10^6 rows); the header and any other line are read as text, with their checks.
   */
  pushBytes(piece: Uint8Array, path: string): void {
    let bytes = piece;
    if (this.#restBytes.length > 0) {
      bytes = new Uint8Array(this.#restBytes.length + piece.length);
      bytes.set(this.#restBytes);
      bytes.set(piece, this.#restBytes.length);
    }
    let start = 0;
    for (let newline = bytes.indexOf(10); newline >= 0; newline = bytes.indexOf(10, start)) {
      this.#byteLine(bytes, start, newline, path);
      start = newline + 1;
    }
    this.#restBytes = bytes.slice(start);
    if (this.#restBytes.length > MAX_LINE_CHARS) throw tooLongLine(path);
  }

  /** The last line of a file read by {@linkcode pushBytes}, when it has no newline. */
  endBytes(path: string): void {
    if (this.#restBytes.length > 0) {
      this.#byteLine(this.#restBytes, 0, this.#restBytes.length, path);
    }
    this.#restBytes = new Uint8Array(0);
  }

  #byteLine(bytes: Uint8Array, start: number, newline: number, path: string): void {
    this.#line++;
    const end = newline > start && bytes[newline - 1] === 13 ? newline - 1 : newline;
    if (this.#header && this.#rowBytes(bytes, start, end)) return;
    let line: string;
    try {
      line = LINE_DECODER.decode(bytes.subarray(start, end));
    } catch {
      throw new InputError(`${quotePath(path)}: not text: the bytes are not UTF-8`);
    }
    if (!this.#header) this.#readHeader(line);
    else if (line !== "") this.#readRow(line);
  }

  /**
   * A row read from its bytes in place: the first cell the sample's index (or, beyond digits, its
   * time, made text for #isSample), then a "0"/"1" flag or a plain decimal per metric; false
   * (nothing counted) for anything else, which is then read as text, with its checks.
   */
  #rowBytes(bytes: Uint8Array, start: number, end: number): boolean {
    const width = this.#header!.length;
    const k = this.#row;
    if (!this.#headerProblems.empty || k >= this.#n) return false;
    let at = bytes.indexOf(44, start);
    if (at < 0 || at >= end) return false;
    if (!this.#trusted && !this.#isSampleBytes(bytes, start, at, k)) return false;
    const flags = this.#kind === "flags";
    for (let j = 0; j < width; j++) {
      if (at >= end) return false;
      const from = at + 1;
      let to = from;
      while (to < end && bytes[to] !== 44) to++;
      const value = flags
        ? (to - from === 1 ? bit(bytes[from]) : NaN)
        : plainDecimalBytes(bytes, from, to);
      if (value !== value) return false;
      this.#columns[j][k] = value;
      at = to;
    }
    if (at !== end) return false;
    this.#row++;
    return true;
  }

  /** #isSample of a first cell given as bytes: digits compared as a number, else as text. */
  #isSampleBytes(bytes: Uint8Array, from: number, to: number, k: number): boolean {
    let index = 0;
    let digits = true;
    for (let p = from; p < to && digits; p++) {
      const d = bytes[p] - 48;
      if (d >= 0 && d <= 9) index = index * 10 + d;
      else digits = false;
    }
    // As the text "k" itself: no sign, no leading zero, at most 15 digits.
    const plain = digits && to > from && to - from <= 15 && (bytes[from] !== 48 || to - from === 1);
    if (plain && index === k) return true;
    if (to - from > 64) return false;
    // A time as RFC 3339 writes it with seconds and Z is 20 characters: made without a spread.
    const b = bytes, p = from;
    const text = to - from === 20
      ? String.fromCharCode(
        b[p],
        b[p + 1],
        b[p + 2],
        b[p + 3],
        b[p + 4],
        b[p + 5],
        b[p + 6],
        b[p + 7],
        b[p + 8],
        b[p + 9],
        b[p + 10],
        b[p + 11],
        b[p + 12],
        b[p + 13],
        b[p + 14],
        b[p + 15],
        b[p + 16],
        b[p + 17],
        b[p + 18],
        b[p + 19],
      )
      : String.fromCharCode(...bytes.subarray(from, to)).trim();
    return this.#isSample(text, k);
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
    const width = header.length;
    const firstComma = line.indexOf(",");
    // Cells cut at the commas in one pass: no array or string per row (10^6 rows are read). A
    // row's problems are told in the order: its number of cells, its first cell, its values.
    const flags = this.#kind === "flags";
    // Effects may be empty (a missing sample); a score may not.
    const emptyOk = this.#kind === "numbers";
    let comma = firstComma;
    let bad = -1;
    let badCell = "";
    let j = 0;
    for (; j < width && comma >= 0; j++) {
      const start = comma + 1;
      const next = line.indexOf(",", start);
      const end = next < 0 ? line.length : next;
      comma = next;
      const cell = line.slice(start, end);
      const value = flags ? flag(cell) : cell === "" && emptyOk ? NaN : parseDecimal(cell);
      if (value !== value && (flags || !emptyOk || cell !== "") && bad < 0) {
        bad = j;
        badCell = cell;
      }
      this.#columns[j][k] = value;
    }
    // Fewer cells than the header (the commas ran out) or more (a comma is left).
    if (comma >= 0 || j < width) {
      throw this.#problem(
        `line ${this.#line}: ${this.#cellsRead(line)} cells, the header has ${width + 1}`,
      );
    }
    const first = line.slice(0, firstComma);
    if (!this.#trusted && !this.#isSample(first.trim(), k)) {
      const time = sampleTime(this.#general, k);
      throw this.#problem(
        `line ${this.#line}: the first cell must be sample ${k}${
          time ? ` or its time, ${time}` : ""
        }: got ${quoted(first)} (rows in sample order, one per sample)`,
      );
    }
    if (bad >= 0) {
      const rule = flags
        ? "0 or 1 (or true or false)"
        : emptyOk
        ? "a number"
        : "a finite number (NaN, infinities and empty cells are refused)";
      const hint = flags && parseDecimal(badCell) === parseDecimal(badCell)
        ? "; for real-valued scores, add --scores"
        : "";
      throw this.#problem(
        `line ${this.#line}, column ${quoted(header[bad])}: must be ${rule}: got ${
          quoted(badCell)
        }${hint}`,
      );
    }
    this.#row++;
  }

  /** The cells of a row, as its commas say. */
  #cellsRead(line: string): number {
    let cells = 1;
    for (let at = line.indexOf(","); at >= 0; at = line.indexOf(",", at + 1)) cells++;
    return cells;
  }

  /** Whether `cell` names sample `k`: its index, or (with start) its time. */
  #isSample(cell: string, k: number): boolean {
    // The index, in digits: compared as a number, with no string made per row.
    const c0 = cell.charCodeAt(0);
    if (c0 >= 48 && c0 <= 57 && cell.length <= 16 && Number(cell) === k) {
      if (cell === String(k)) return true;
    }
    // As sampleTimeMs(general, k) computes it, without parsing the start again for every row.
    if (this.#t0 === undefined) return false;
    const at = this.#t0 + k * this.#step;
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

/** A flag's character: 0 for "0", 1 for "1", else NaN. */
function bit(c: number): number {
  return c === 48 ? 0 : c === 49 ? 1 : NaN;
}

/**
 * The value of `bytes[from, to)` when it is a plain decimal (an optional "-", digits, an optional
 * "." and digits, at most 15 digits in all), else NaN. Its digits as an integer m < 10^15 and the
 * power 10^d are exact doubles, so m / 10^d is the correctly rounded value, as Number() gives it
 * (Clinger's fast path), without a string made per cell.
 */
function plainDecimalBytes(bytes: Uint8Array, from: number, to: number): number {
  let k = from;
  const negative = k < to && bytes[k] === 45;
  if (negative) k++;
  let m = 0, digits = 0, decimals = -1;
  for (; k < to; k++) {
    const c = bytes[k];
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === 46 && decimals < 0) decimals = 0;
    else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  const value = decimals > 0 ? m / EXACT_TENS[decimals] : m;
  return negative ? -value : value;
}

/** Powers of ten that are exact doubles. */
const EXACT_TENS = Array.from({ length: 23 }, (_, d) => 10 ** d);

function flag(cell: string): number {
  // The file's own cells are "0" and "1": no trimming or case folding for them.
  if (cell.length === 1) {
    const c = cell.charCodeAt(0);
    if (c === 48 || c === 49) return c - 48;
  }
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

/** The threshold-free figures as a table: a row per metric, then their mean. */
function formatCurves(report: CurveReport): string[] {
  const rows: [string, CurveScores][] = [...Object.entries(report.metrics), ["mean", report.mean]];
  const width = Math.max(6, ...rows.map(([name]) => name.length));
  const cell = (x: number | null) => (x === null ? "-" : x.toFixed(3)).padStart(9);
  const columns = Object.entries(CURVE_HEADINGS) as [keyof CurveScores, string][];

  const lines = [
    `${"metric".padEnd(width)}${columns.map(([, head]) => `  ${head.padStart(9)}`).join("")}`,
  ];
  for (const [name, m] of rows) {
    lines.push(`${name.padEnd(width)}${columns.map(([key]) => `  ${cell(m[key])}`).join("")}`);
  }
  lines.push("");
  lines.push(
    `VUS over buffers 0..${report.vus.window} at ${report.vus.thresholds} thresholds; event and ` +
      `affiliation figures`,
    `at the best of 100 thresholds (TSB-AD's oracle); "-": undefined (no fault on the metric)`,
  );
  return lines;
}

/** The report as a table. */
function formatReport(report: ScoreReport): string[] {
  const lines: string[] = [];
  const width = Math.max(6, ...Object.keys(report.metrics).map((name) => name.length));
  const n = (x: number) => x.toFixed(3).padStart(9);
  const orDash = (x: number | null) => (x === null ? "-" : x.toFixed(3)).padStart(9);
  lines.push(
    `${"metric".padEnd(width)}  precision     recall         f1  point-adjusted f1` +
      `   event-f1     aff-f1   aff-prec    aff-rec`,
  );
  for (const [name, m] of Object.entries(report.metrics)) {
    lines.push(
      `${name.padEnd(width)}  ${n(m.precision)}  ${n(m.recall)}  ${n(m.f1)}  ${
        n(m.point_adjusted_f1).padStart(17)
      }  ${orDash(m.event_f1)}  ${orDash(m.affiliation_f1)}  ${orDash(m.affiliation_precision)}  ${
        orDash(m.affiliation_recall)
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

/** Whether `directory` is a suite's folder: it holds suite.json. */
function isSuite(directory: string): boolean {
  try {
    Deno.lstatSync(join(directory, SUITE_INDEX));
    return true;
  } catch {
    return false;
  }
}

/** suite.json's cases, checked: a name of `cli.ts suite`'s and what it varied, per case. */
function readSuiteIndex(directory: string): SuiteCaseName[] {
  const path = join(directory, SUITE_INDEX);
  const where = quotePath(path);
  const bytes = readGivenFile(path, "suite index", MAX_MANIFEST_BYTES);
  let index: unknown;
  try {
    index = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    const why = error instanceof SyntaxError ? error.message : "the bytes are not UTF-8";
    throw new InputError(`${where}: not a suite index: ${escapeControls(why)}`);
  }
  const cases = (index as { cases?: unknown } | null)?.cases;
  if (!Array.isArray(cases) || cases.length === 0) {
    throw new InputError(`${where}: "cases" must be a non-empty list (write it with cli.ts suite)`);
  }
  const seen = new Set<string>();
  return cases.map((entry, i) => {
    const { name, varied } = (entry ?? {}) as { name?: unknown; varied?: unknown };
    if (typeof name !== "string" || !CASE_NAME.test(name) || seen.has(name)) {
      throw new InputError(
        `${where}: cases[${i}].name: must be a case folder's name, case-0000, ..., once: got ${
          quoted(JSON.stringify(name) ?? "nothing")
        }`,
      );
    }
    if (typeof varied !== "object" || varied === null || Array.isArray(varied)) {
      throw new InputError(`${where}: cases[${i}].varied: must be a table of key paths`);
    }
    seen.add(name);
    return { name, varied: varied as Record<string, unknown> };
  });
}

/**
 * Scores a suite: each case's folder against `<case>.csv` in `detectionsDir`, by
 * {@linkcode scoreRun} as a single run is, then pooled into one table.
 */
async function scoreSuiteFolder(
  directory: string,
  detectionsDir: string,
  options: DetectionOptions,
): Promise<SuiteScoreReport | SuiteCurveReport> {
  const cases = readSuiteIndex(directory);
  const names = cases.map((c) => c.name);
  const problems = new ProblemList();
  for (const name of names) {
    let folder = false;
    try {
      folder = Deno.statSync(join(directory, name)).isDirectory;
    } catch { /* reported below */ }
    if (!folder) {
      problems.add(
        `${quotePath(join(directory, name))}: no such case folder, but ${SUITE_INDEX} lists it ` +
          `(write it with cli.ts suite --case ${Number(name.slice(5))})`,
      );
    }
  }
  if (!problems.empty) throw new InputError(problems.text());
  checkReadPermission(detectionsDir);
  const what = options.scores ? "scores" : "detections";
  const files = new Set<string>();
  try {
    if (!Deno.statSync(detectionsDir).isDirectory) throw new Deno.errors.NotADirectory();
    for (const entry of Deno.readDirSync(detectionsDir)) {
      if (entry.name.endsWith(".csv")) files.add(entry.name.slice(0, -4));
    }
  } catch (error) {
    const why = error instanceof Deno.errors.NotADirectory
      ? `for a suite, give a folder of ${what}, a <case>.csv per case`
      : describeFsError(error, "-R");
    throw new InputError(`cannot read ${what} ${quotePath(detectionsDir)}: ${why}`);
  }
  for (const name of names) {
    if (!files.has(name)) {
      problems.add(
        `${quotePath(detectionsDir)}: no ${name}.csv for case ${name}: a file per case is needed`,
      );
    }
  }
  const known = new Set(names);
  for (const stem of [...files].sort()) {
    if (!known.has(stem)) {
      problems.add(() =>
        `${quotePath(join(detectionsDir, `${stem}.csv`))}: the suite has no case ${quoted(stem)}${
          didYouMean(stem, names)
        }`
      );
    }
  }
  if (!problems.empty) throw new InputError(problems.text());
  const reports = [];
  for (const { name, varied } of cases) {
    const folder = join(directory, name);
    const manifest = readRunManifest(folder);
    const scored = await scoreRun(folder, manifest, join(detectionsDir, `${name}.csv`), options);
    reports.push({ name, varied, ...scored });
  }
  return options.scores
    ? scoreSuiteCurves(
      reports.map(({ name, varied, curves }) => ({ name, varied, curves: curves! })),
    )
    : scoreSuite(reports.map(({ name, varied, report }) => ({ name, varied, report: report! })));
}

/** The columns of a suite's figures in its CSV and table, by report. */
const SUITE_FIGURES = ["precision", "recall", "f1", "point_adjusted_f1"] as const;
const CURVE_FIGURES = Object.keys(CURVE_HEADINGS) as (keyof CurveScores)[];

/** A CSV cell: RFC 4180 quoting when needed; null and undefined as empty. */
function csvCell(value: string | number | null | undefined): string {
  const text = value == null ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function isCurves(report: SuiteScoreReport | SuiteCurveReport): report is SuiteCurveReport {
  return "roc_auc" in report.mean;
}

/**
 * A suite's table as CSV: a row per case, per kind and the mean, the first column saying which
 * (`case`, `kind`, `mean`); full precision, empty where a figure does not apply or is null.
 */
function suiteCsv(report: SuiteScoreReport | SuiteCurveReport): string[] {
  const row = (cells: (string | number | null | undefined)[]) => cells.map(csvCell).join(",");
  if (isCurves(report)) {
    const lines = [row(["row", "name", "varied", ...CURVE_FIGURES])];
    for (const c of report.cases) {
      lines.push(
        row(["case", c.name, JSON.stringify(c.varied), ...CURVE_FIGURES.map((k) => c[k])]),
      );
    }
    lines.push(row(["mean", "mean", "", ...CURVE_FIGURES.map((k) => report.mean[k])]));
    return lines;
  }
  const tail = ["faults", "detected", "fault_recall", "mean_delay_samples", "false_alarms"];
  const lines = [row(["row", "name", "varied", ...SUITE_FIGURES, ...tail])];
  const figures = (f: SuiteFigures) => [
    ...SUITE_FIGURES.map((k) => f[k]),
    f.faults,
    f.detected,
    "",
    f.mean_delay_samples,
    f.false_alarms,
  ];
  for (const c of report.cases) {
    lines.push(row(["case", c.name, JSON.stringify(c.varied), ...figures(c)]));
  }
  for (const k of report.kinds) {
    lines.push(
      row([
        "kind",
        k.kind,
        "",
        "",
        "",
        "",
        "",
        k.faults,
        k.detected,
        k.recall,
        k.mean_delay_samples,
        "",
      ]),
    );
  }
  lines.push(row(["mean", "mean", "", ...figures(report.mean)]));
  return lines;
}

/** A suite's table as text: a row per case (what it varied last), the mean, then the kinds. */
function formatSuite(report: SuiteScoreReport | SuiteCurveReport): string[] {
  const names = [...report.cases.map((c) => c.name), "mean"];
  const width = Math.max(6, ...names.map((name) => name.length));
  const num = (x: number | null, digits = 3) => (x === null ? "-" : x.toFixed(digits)).padStart(9);
  const varied = (v: Readonly<Record<string, unknown>>) =>
    Object.entries(v).map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(" ");
  const lines: string[] = [];
  if (isCurves(report)) {
    const heads = Object.values(CURVE_HEADINGS);
    lines.push(`${"case".padEnd(width)}${heads.map((h) => `  ${h.padStart(9)}`).join("")}  varied`);
    for (const c of report.cases) {
      lines.push(
        `${c.name.padEnd(width)}${CURVE_FIGURES.map((k) => `  ${num(c[k])}`).join("")}  ${
          varied(c.varied)
        }`.trimEnd(),
      );
    }
    lines.push(
      `${"mean".padEnd(width)}${CURVE_FIGURES.map((k) => `  ${num(report.mean[k])}`).join("")}`,
    );
    lines.push("", `each case's figures are its mean over its metrics; "-": undefined`);
    return lines;
  }
  lines.push(
    `${
      "case".padEnd(width)
    }  precision     recall         f1      pa-f1     faults   detected  mean delay  false alarms  varied`,
  );
  const figures = (f: SuiteFigures, digits: number) =>
    `${SUITE_FIGURES.map((k) => `  ${num(f[k])}`).join("")}  ${num(f.faults, digits)}  ${
      num(f.detected, digits)
    }  ${num(f.mean_delay_samples, 1).padStart(10)}  ${num(f.false_alarms, digits).padStart(12)}`;
  for (const c of report.cases) {
    lines.push(`${c.name.padEnd(width)}${figures(c, 0)}  ${varied(c.varied)}`.trimEnd());
  }
  lines.push(`${"mean".padEnd(width)}${figures(report.mean, 2)}`);
  if (report.kinds.length > 0) {
    lines.push("", "kind         faults  detected  recall  mean delay (samples)");
    for (const k of report.kinds) {
      const delay = k.mean_delay_samples === null ? "-" : k.mean_delay_samples.toFixed(1);
      lines.push(
        `${k.kind.padEnd(11)}  ${String(k.faults).padStart(6)}  ${
          String(k.detected).padStart(8)
        }  ${k.recall.toFixed(3).padStart(6)}  ${delay.padStart(20)}`,
      );
    }
  }
  lines.push(
    "",
    "each case's precision, recall and f1 are its mean over its metrics; kinds pooled over cases",
  );
  return lines;
}
