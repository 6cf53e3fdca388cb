// `cli.ts score OUTPUT_DIR DETECTIONS.csv [--json] [--visible K]`: reads a run's truth back from
// its folder (manifest.json, labels.csv, effects.csv) and scores a detector's output against it.

import { join } from "node:path";
import { parseArgs } from "node:util";
import type { ResolvedConfig } from "../src/config_types.ts";
import type { InjectedAnomaly } from "../src/generate.ts";
import { score, type ScoreReport, type ScoreTruth } from "../src/score.ts";
import { didYouMean } from "../src/_suggest.ts";
import { quoted } from "../src/_text.ts";
import { UsageError } from "./args.ts";
import { describeFsError, InputError, quotePath } from "./errors.ts";
import { checkReadPermission } from "./limits.ts";
import { splitCsvHeader } from "../src/_csv_fields.ts";

export const SCORE_USAGE = `Usage:
  deno run -R cli.ts score OUTPUT_DIR DETECTIONS.csv [--json] [--visible K]

Scores a detector's output against the truth of a run written to OUTPUT_DIR.
DETECTIONS.csv has the shape of labels.csv: its first column, then a 0/1 column for each
metric scored (any subset of the metrics).

  --json        print the report as JSON
  --visible K   count as truth only the labelled samples whose effect is at least K times the
                metric's noise deviation (needs effects.csv: generate with --effects)
`;

/** Runs `score`; returns the exit status. */
export function runScore(args: string[], print: (line: string) => void): number {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        json: { type: "boolean", default: false },
        visible: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`score: ${error instanceof Error ? error.message : String(error)}`);
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
    visible = Number(values.visible);
    if (values.visible.trim() === "" || !Number.isFinite(visible) || visible < 0) {
      throw new UsageError(`--visible: must be a number >= 0: got ${quoted(values.visible)}`);
    }
  }
  const [directory, detectionsPath] = positionals;
  checkReadPermission(directory);
  checkReadPermission(detectionsPath);
  const truth = readTruth(directory, visible !== undefined);
  const detections = readDetections(detectionsPath, truth);
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

interface Manifest {
  config: ResolvedConfig;
  metrics: string[];
  anomalies: InjectedAnomaly[];
}

function readTruth(directory: string, withEffects: boolean): ScoreTruth {
  const manifestPath = join(directory, "manifest.json");
  let manifest: Manifest;
  try {
    manifest = JSON.parse(Deno.readTextFileSync(manifestPath));
  } catch (error) {
    const why = error instanceof SyntaxError ? "not JSON" : describeFsError(error, "-R");
    throw new InputError(`cannot read ${quotePath(manifestPath)}: ${why}; is it a run's folder?`);
  }
  const n = manifest.config.general.num_samples;
  const labels = readColumns(join(directory, "labels.csv"), n, "flags", manifest.metrics);
  let effects: Record<string, Float64Array> | undefined;
  if (withEffects) {
    const path = join(directory, "effects.csv");
    try {
      Deno.statSync(path);
    } catch {
      throw new InputError(
        `--visible needs ${quotePath(path)}: generate the run with --effects`,
      );
    }
    effects = readColumns(path, n, "numbers", manifest.metrics);
  }
  // Manifests written before faults had ids: number them as the generator does.
  const counts = new Map<string, number>();
  const anomalies = manifest.anomalies.map((fault) => {
    const n = (counts.get(fault.metric) ?? 0) + 1;
    counts.set(fault.metric, n);
    return { ...fault, id: fault.id ?? `${fault.metric}#${n}` };
  });
  return { config: manifest.config, names: manifest.metrics, labels, anomalies, effects };
}

/** Reads a detections file: its first column, then 0/1 (or true/false) per metric scored. */
function readDetections(path: string, truth: ScoreTruth): Record<string, Float64Array> {
  return readColumns(path, truth.config.general.num_samples, "flags", undefined, truth.names);
}

/**
 * Reads a CSV file of ours (or of the same shape): a header whose first column is the sample
 * or time, then a column of `flags` (0/1) or `numbers` per metric. `names` are the columns
 * expected (all of them); or, with `known`, any subset of those.
 */
function readColumns(
  path: string,
  n: number,
  kind: "flags" | "numbers",
  names?: readonly string[],
  known?: readonly string[],
): Record<string, Float64Array> {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (error) {
    throw new InputError(`cannot read ${quotePath(path)}: ${describeFsError(error, "-R")}`);
  }
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  const header = splitCsvHeader(lines[0] ?? "").slice(1);
  const problems: string[] = [];
  if (names && header.join("\n") !== names.join("\n")) {
    problems.push(`${quotePath(path)}: its columns are not the run's metrics`);
  }
  for (const name of known ? header : []) {
    if (!known!.includes(name)) {
      problems.push(
        `${quotePath(path)}: no metric ${quoted(name)} in the run${didYouMean(name, known!)}`,
      );
    }
  }
  if (header.length === 0) problems.push(`${quotePath(path)}: no metric columns`);
  if (lines.length - 1 !== n) {
    problems.push(`${quotePath(path)}: ${lines.length - 1} rows, but the run has ${n} samples`);
  }
  if (problems.length > 0) throw new InputError(problems.join("\n"));
  const columns = header.map(() => new Float64Array(n));
  const binary = kind === "flags";
  for (let k = 0; k < n; k++) {
    const cells = lines[k + 1].split(",");
    for (let j = 0; j < header.length; j++) {
      const cell = cells[j + 1] ?? "";
      const value = binary ? flag(cell) : cell === "" ? NaN : Number(cell);
      if (Number.isNaN(value) && (binary || cell !== "")) {
        const rule = binary ? "0 or 1 (or true or false)" : "a number";
        throw new InputError(
          `${quotePath(path)}: row ${k + 2}, column ${quoted(header[j])}: must be ${rule}: got ${
            quoted(cell)
          }`,
        );
      }
      columns[j][k] = value;
    }
  }
  return Object.fromEntries(header.map((name, j) => [name, columns[j]]));
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
    const where = `${fault.id}, samples ${fault.first_sample}-${fault.last_sample}`;
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
  const rate = report.false_alarms.per_day !== undefined
    ? ` (${report.false_alarms.per_day.toFixed(2)} per day)`
    : "";
  lines.push(`false alarms: ${report.false_alarms.count}${rate}`);
  return lines;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
