// What a live /metrics endpoint shows at one sample: every metric's value (a missing sample is
// absent), `chaos_fault_active{metric,fault}` 0 or 1 for every fault on every metric it reaches,
// and `chaos_sample_index`. In the Prometheus text format (0.0.4) or OpenMetrics 1.0, without
// timestamps: the scraper stamps them.

import type { DatasetGenerator } from "../model/mod.ts";
import {
  escapeHelp,
  FAULT_SERIES,
  type FaultSeries,
  faultSeries,
  prometheusFamilies,
  type PrometheusFamily,
} from "./prometheus.ts";

/** The two exposition formats. */
export type ExpositionFormat = "text" | "openmetrics";

/** The content type of each format. */
export const CONTENT_TYPES: Readonly<Record<ExpositionFormat, string>> = {
  text: "text/plain; version=0.0.4; charset=utf-8",
  openmetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8",
};

const FAULT_HELP = "1 while a fault is active on the metric, else 0 (chaos-datagen's truth)";
const INDEX_HELP = "The index of the sample shown (chaos-datagen)";

/** Renders the exposition of one sample of a generator's dataset. */
export class ExpositionRenderer {
  readonly #generator: DatasetGenerator;
  readonly #families: PrometheusFamily[];
  readonly #faults: FaultSeries[];
  /** Per family, each series' text before its value, made once: a scrape of many series then
   * joins strings it has. */
  readonly #prefixes: string[][];

  constructor(generator: DatasetGenerator) {
    this.#generator = generator;
    this.#families = prometheusFamilies(generator.config);
    this.#faults = faultSeries(generator);
    this.#prefixes = this.#families.map((family) =>
      family.series.map((series) => `${series.sample}${series.labels} `)
    );
  }

  /** The text of sample `k` (0 <= k < num_samples). */
  render(k: number, format: ExpositionFormat): string {
    const chunk = this.#generator.chunk(k, k + 1);
    const om = format === "openmetrics";
    const lines: string[] = [];
    this.#families.forEach((family, f) => {
      // The text format names a counter family by its samples' name, OpenMetrics without _total.
      const name = om || family.type !== "counter" ? family.name : family.sample;
      lines.push(`# HELP ${name} ${escapeHelp(family.help, om)}`);
      lines.push(`# TYPE ${name} ${family.type}`);
      const prefixes = this.#prefixes[f];
      family.series.forEach((series, s) => {
        // Values are rounded to decimals already, and a number's shortest text is the rounded one.
        const value = chunk.values[series.column][0];
        if (value === value) lines.push(prefixes[s] + value);
      });
    });
    if (this.#faults.length > 0) {
      lines.push(`# HELP ${FAULT_SERIES} ${FAULT_HELP}`, `# TYPE ${FAULT_SERIES} gauge`);
      for (const series of this.#faults) {
        const active = series.windows.some(([first, last]) => first <= k && k <= last);
        lines.push(`${FAULT_SERIES}${series.labels} ${active ? 1 : 0}`);
      }
    }
    lines.push(
      `# HELP chaos_sample_index ${INDEX_HELP}`,
      "# TYPE chaos_sample_index gauge",
      `chaos_sample_index ${k}`,
    );
    if (om) lines.push("# EOF");
    return lines.join("\n") + "\n";
  }
}

/**
 * The format a scraper asks for: OpenMetrics when its Accept header names it, else text.
 *
 * @param accept The request's Accept header.
 * @returns The format to answer in.
 */
export function negotiateFormat(accept: string | null): ExpositionFormat {
  return accept?.includes("application/openmetrics-text") ? "openmetrics" : "text";
}
