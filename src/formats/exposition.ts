// What a live /metrics endpoint shows at one sample: every metric's value (a missing sample is
// absent), `chaos_fault_active{metric,fault}` 0 or 1 for every fault on every metric it reaches,
// and `chaos_sample_index`. In the Prometheus text format (0.0.4), OpenMetrics 1.0 or the
// protobuf format (the one that carries native histograms), without timestamps: the scraper
// stamps them.

import type { DatasetGenerator } from "../model/mod.ts";
import {
  escapeHelp,
  FAULT_SERIES,
  type FaultSeries,
  faultSeries,
  prometheusFamilies,
  type PrometheusFamily,
} from "./prometheus.ts";
import { ProtobufExposition } from "./exposition_protobuf.ts";

/** The exposition formats: two texts, and delimited protobuf MetricFamily messages. */
export type ExpositionFormat = "text" | "openmetrics" | "protobuf";

/** The content type of each format. */
export const CONTENT_TYPES: Readonly<Record<ExpositionFormat, string>> = {
  text: "text/plain; version=0.0.4; charset=utf-8",
  openmetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8",
  protobuf: "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; " +
    "encoding=delimited",
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
  /** Made at the first protobuf scrape: only it counts native histograms. */
  #protobuf: ProtobufExposition | undefined;
  /** The last exposition made: scrapes more often than samples come ask for it again. */
  #last: { k: number; format: ExpositionFormat; out: string | Uint8Array<ArrayBuffer> } | undefined;

  constructor(generator: DatasetGenerator) {
    this.#generator = generator;
    this.#families = prometheusFamilies(generator.config);
    this.#faults = faultSeries(generator);
    this.#prefixes = this.#families.map((family) =>
      family.series.map((series) => `${series.sample}${series.labels} `)
    );
  }

  /**
   * The exposition of sample `k` (0 <= k < num_samples): text, or bytes in the protobuf format.
   */
  render(k: number, format: "text" | "openmetrics"): string;
  render(k: number, format: "protobuf"): Uint8Array<ArrayBuffer>;
  render(k: number, format: ExpositionFormat): string | Uint8Array<ArrayBuffer>;
  render(k: number, format: ExpositionFormat): string | Uint8Array<ArrayBuffer> {
    if (this.#last?.k === k && this.#last.format === format) return this.#last.out;
    const out = this.#render(k, format);
    this.#last = { k, format, out };
    return out;
  }

  #render(k: number, format: ExpositionFormat): string | Uint8Array<ArrayBuffer> {
    if (format === "protobuf") {
      this.#protobuf ??= new ProtobufExposition(this.#generator, {
        fault: FAULT_HELP,
        index: INDEX_HELP,
      });
      return this.#protobuf.encode(k);
    }
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
 * The format a scraper asks for: of the media types its Accept header names that are served
 * (protobuf MetricFamily messages, delimited; OpenMetrics; text/plain), the one of highest `q`,
 * the first of those on a tie; text when it names none.
 *
 * @param accept The request's Accept header.
 * @returns The format to answer in.
 *
 * @example Prometheus 2.42 with --enable-feature=native-histograms, and without
 * ```ts
 * import { negotiateFormat } from "./exposition.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(negotiateFormat(
 *   "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited," +
 *     "application/openmetrics-text;version=1.0.0;q=0.8,text/plain;version=0.0.4;q=0.5,*\/*;q=0.1",
 * ), "protobuf");
 * strictEqual(negotiateFormat("application/openmetrics-text;version=1.0.0,text/plain;q=0.5"), "openmetrics");
 * strictEqual(negotiateFormat("*\/*"), "text");
 * ```
 */
export function negotiateFormat(accept: string | null): ExpositionFormat {
  let best: ExpositionFormat = "text";
  let bestQ = 0;
  for (const range of (accept ?? "").split(",")) {
    const [type, ...rest] = range.split(";").map((part) => part.trim());
    const params = new Map(rest.map((param) => {
      const at = param.indexOf("=");
      const value = param.slice(at + 1).trim();
      return [
        param.slice(0, at).trim().toLowerCase(),
        value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value,
      ];
    }));
    const format = formatOf(type.toLowerCase(), params);
    const q = params.has("q") ? Number(params.get("q")) : 1;
    if (format !== undefined && q > bestQ) [best, bestQ] = [format, q];
  }
  return best;
}

/** The format a media type names, when it is one served. */
function formatOf(type: string, params: Map<string, string>): ExpositionFormat | undefined {
  if (type === "application/openmetrics-text") return "openmetrics";
  if (type === "text/plain") return "text";
  // Other encodings of MetricFamily (text, compact-text) are not served.
  if (
    type === "application/vnd.google.protobuf" &&
    params.get("proto") === "io.prometheus.client.MetricFamily" &&
    params.get("encoding") === "delimited"
  ) return "protobuf";
  return undefined;
}
