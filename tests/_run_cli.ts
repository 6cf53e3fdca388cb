// Runs the command line in process, capturing what it prints.
import { deepStrictEqual } from "node:assert/strict";
import { main } from "../cli.ts";

export interface CliRun {
  status: number;
  stdout: string[];
  stderr: string[];
}

export async function runCli(args: string[]): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const status = await main(args, { print: (l) => stdout.push(l), error: (l) => stderr.push(l) });
  return { status, stdout, stderr };
}

/** A fresh directory under tests/tmp. */
export async function freshDir(name: string): Promise<string> {
  const dir = `tests/tmp/${name}`;
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(dir, { recursive: true });
  return dir;
}

export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The shipped configs, the seed their golden files use when they have none, and the formats
 * their golden files hold besides CSV.
 */
export const SHIPPED_CONFIGS: { name: string; seedFlag: string[]; formats?: string[] }[] = [
  { name: "config", seedFlag: [] },
  { name: "config_1", seedFlag: [] },
  { name: "config_2", seedFlag: ["--seed", "2"] },
  { name: "readme_example", seedFlag: [] },
  { name: "faults_and_time", seedFlag: [] },
  { name: "web_service_week", seedFlag: [] },
  { name: "checkout_cascade", seedFlag: [], formats: ["openmetrics", "promtool"] },
  { name: "anomaly_zoo", seedFlag: [] },
  { name: "cardinality", seedFlag: [], formats: ["openmetrics", "promtool"] },
  { name: "latency", seedFlag: [], formats: ["openmetrics", "promtool"] },
];

/**
 * Runs the config at `config` with 0, 1 and 2 workers into folders under `dir`, and asserts that
 * each of `files` is the same bytes in all three.
 */
export async function assertSameForAnyWorkers(
  dir: string,
  config: string,
  files: string[],
  flags: string[] = [],
): Promise<void> {
  const outputs: Uint8Array[][] = [];
  for (const workers of ["0", "1", "2"]) {
    const out = `${dir}/w${workers}`;
    const run = await runCli([
      "-c",
      config,
      "-o",
      out,
      "-q",
      "--no-plot",
      "--workers",
      workers,
      ...flags,
    ]);
    if (run.status !== 0) throw new Error(run.stderr.join("\n"));
    outputs.push(await Promise.all(files.map((file) => Deno.readFile(`${out}/${file}`))));
  }
  deepStrictEqual(outputs[1], outputs[0]);
  deepStrictEqual(outputs[2], outputs[0]);
}

/** The flags and files of a shipped config's golden run. */
export function goldenRun(
  config: { seedFlag: string[]; formats?: string[] },
): { flags: string[]; files: string[] } {
  const formats = config.formats ?? [];
  const named: Record<string, string> = {
    openmetrics: "metrics.om",
    promtool: "promtool-tests.yml",
  };
  return {
    flags: [...config.seedFlag, "--format", ["csv", ...formats].join(",")],
    files: ["metrics.csv", "labels.csv", ...formats.map((format) => named[format])],
  };
}

/** Writes `toml` to DIR/config.toml and runs the command line on it into DIR/out. */
export async function generateInto(
  dir: string,
  toml: string,
  formats: string,
  ...flags: string[]
): Promise<string> {
  await Deno.writeTextFile(`${dir}/config.toml`, toml);
  const cli = await runCli([
    "-c",
    `${dir}/config.toml`,
    "-o",
    `${dir}/out`,
    "-q",
    "--no-plot",
    "--format",
    formats,
    ...flags,
  ]);
  if (cli.status !== 0) throw new Error(cli.stderr.join("\n"));
  return `${dir}/out`;
}
