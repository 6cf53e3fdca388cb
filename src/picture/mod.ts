// metrics.svg: one panel per metric, stacked, every fault's window shaded and labelled. Drawn
// with Observable Plot on linkedom's DOM, so it needs no browser and no permissions.
//
// What lives here: the renderer (this module, loaded only to draw), its geometry (layout.ts) and
// the M4 reduction of each pixel column (m4.ts), which the command line and its workers feed
// without loading the plotting library. It may import text/, config/, model/ and truth/.

import { hasRate } from "../config/distributions.ts";
import { parseHTML, Plot } from "./_dep_plot.ts";
import { faultLabel } from "../config/fault_kinds.ts";
import type { Dataset } from "../model/mod.ts";
import { type AggregatedSeries, M4Aggregator } from "./m4.ts";
import { intervalMs, sampleTimeMs } from "../model/time.ts";
import { MARGIN_LEFT, MARGIN_RIGHT, MAX_PANELS, plotColumns, type SvgOptions } from "./layout.ts";

export { plotColumns, type SvgOptions } from "./layout.ts";

/** What the picture shows besides the points: names, faults, timing and seed. */
export type SvgSource = Pick<Dataset, "seed" | "config" | "names" | "anomalies">;

const HEADER = 28;
/** Height of the line naming the metrics not drawn. */
const FOOTER = 24;
const FAULT_COLOR = "#e45756";
const LINE_COLOR = "#4c78a8";

/**
 * Renders the picture from aggregated points (as {@linkcode M4Aggregator} keeps them).
 *
 * @param source The dataset or generator: names, faults, timing.
 * @param series Per metric, in column order, the points to draw.
 * @param options The picture's size.
 * @returns The SVG document as text.
 *
 * @example One panel per metric
 * ```ts
 * import { createGenerator, M4Aggregator, plotColumns } from "@chaos-datagen/chaos-datagen";
 * import { renderSvg } from "@chaos-datagen/chaos-datagen/svg";
 * import { strictEqual } from "node:assert/strict";
 *
 * const generator = createGenerator({
 *   general: { seed: 1, num_samples: 100 },
 *   metrics: { cpu: { value: 30 }, mem: { value: 2 } },
 * });
 * const m4 = new M4Aggregator(2, 100, { columns: plotColumns() });
 * for (const chunk of generator.chunks()) m4.add(chunk);
 * const svg = renderSvg(generator, m4.series());
 * strictEqual(svg.match(/data-metric=/g)?.length, 2);
 * ```
 */
export function renderSvg(
  source: SvgSource,
  series: readonly AggregatedSeries[],
  options: SvgOptions = {},
): string {
  const width = options.width ?? 960;
  const panelHeight = options.panelHeight ?? 170;
  // linkedom's types describe a browser window; Plot needs only its document.
  const { document } = parseHTML("<!doctype html><html><body></body></html>") as unknown as {
    document: Plot.PlotOptions["document"];
  };
  const general = source.config.general;
  const n = general.num_samples;
  const timed = general.start !== undefined;
  const x = (k: number): number | Date => timed ? new Date(sampleTimeMs(general, k)!) : k;
  const spanMs = n * intervalMs(general);

  const drawn = source.names.slice(0, Math.min(MAX_PANELS, series.length));
  const panels = drawn.map((name, j) => {
    const faults = source.anomalies.filter((a) => a.metric === name);
    const points = Array.from(series[j].index, (k, i) => ({ x: x(k), y: series[j].value[i] }));
    // Own faults, then the windows that faults elsewhere spread to (lighter, named by cause).
    const reached = source.anomalies.flatMap((a) =>
      a.effects.filter((e) => e.metric === name).map((e) => ({ ...e, cause: a.id }))
    );
    const windows = [
      ...faults.map((a) => ({
        first: a.first_sample,
        last: a.last_sample,
        // As its kind labels it (`step ×2`, `frequency ×3`, `spike +8sd`).
        label: faultLabel(a),
        own: true,
      })),
      ...reached.map((e) => ({
        first: e.first_sample,
        last: e.last_sample,
        label: `<- ${e.cause}`,
        own: false,
      })),
    ];
    const bands = windows.map((w, i) => ({
      x1: x(w.first),
      x2: x(w.last + 1),
      label: w.label,
      opacity: w.own ? 0.18 : 0.07,
      dy: 3 + 12 * i,
    }));
    const svg = Plot.plot({
      document,
      width,
      height: panelHeight,
      marginLeft: MARGIN_LEFT,
      marginRight: MARGIN_RIGHT,
      marginTop: 22,
      x: {
        type: timed ? "utc" : "linear",
        domain: [x(0), x(n)],
        label: timed ? `time (UTC) from ${general.start}` : "sample",
        tickFormat: timed ? timeFormat(spanMs) : undefined,
        // Dates make wide labels: about one per 100 pixels keeps them apart.
        ticks: timed && timeFormat(spanMs) === DATE_FORMAT
          ? Math.floor(plotColumns(options) / 100)
          : undefined,
      },
      y: { grid: true, label: null, nice: true },
      marks: [
        ...[0.18, 0.07].map((opacity) =>
          Plot.rectX(bands.filter((band) => band.opacity === opacity), {
            x1: "x1",
            x2: "x2",
            fill: FAULT_COLOR,
            fillOpacity: opacity,
          })
        ),
        // A rule at each fault's start keeps a fault visible even when it is under a pixel wide.
        Plot.ruleX(bands, { x: "x1", stroke: FAULT_COLOR, strokeOpacity: 0.7 }),
        Plot.line(points, { x: "x", y: "y", stroke: LINE_COLOR, strokeWidth: 1.2 }),
        // One label per fault, stacked so overlapping faults stay readable.
        ...bands.map((band) =>
          Plot.text([band], {
            x: "x1",
            text: "label",
            frameAnchor: "top",
            textAnchor: "start",
            dx: 3,
            dy: band.dy,
            fill: FAULT_COLOR,
            stroke: "white",
            strokeWidth: 3,
          })
        ),
      ],
    });
    return `<g transform="translate(0,${HEADER + j * panelHeight})" data-metric="${
      escapeXml(name)
    }"` +
      ` data-faults="${faults.length}"><text x="${MARGIN_LEFT}" y="14" font-size="13"` +
      ` font-weight="bold">${escapeXml(panelTitle(source, name))}</text>${svg.outerHTML}</g>`;
  });

  const left = source.names.length - drawn.length;
  const footer = left > 0 ? FOOTER : 0;
  const height = HEADER + drawn.length * panelHeight + footer;
  const metrics = source.names.length === 1 ? "1 metric" : `${source.names.length} metrics`;
  const shown = left > 0 ? ` (the first ${drawn.length} drawn)` : "";
  const title = `chaos-datagen: ${metrics}${shown}, ${n} samples, seed ${source.seed}`;
  const notDrawn = left > 0
    ? `<text x="8" y="${height - 10}" font-size="13" data-not-drawn="${left}">${
      escapeXml(notDrawnText(source.names.slice(drawn.length)))
    }</text>`
    : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"` +
    ` viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">` +
    `<rect width="100%" height="100%" fill="white"/>` +
    `<text x="8" y="18" font-size="14">${escapeXml(title)}</text>` +
    panels.join("") + notDrawn + `</svg>\n`;
}

/** A panel's title: the metric, and for a column that counts what is drawn. */
function panelTitle(source: SvgSource, name: string): string {
  return hasRate(source.config.metrics[name]) ? `${name} (rate per second)` : name;
}

/** The foot line naming the metrics left out (the first few, then a count). */
function notDrawnText(names: readonly string[]): string {
  const named = names.slice(0, 5).map((name) =>
    name.length > 30 ? `${name.slice(0, 30)}...` : name
  );
  const more = names.length > 5 ? `, and ${names.length - 5} more` : "";
  return `Not drawn: ${named.join(", ")}${more}`;
}

const DATE_FORMAT = "%Y-%m-%d";
/** Spans of one to three days: the day with the time, so midnights do not repeat unexplained. */
const DAY_TIME_FORMAT = "%m-%d %H:%M";

/** A time format for axis ticks that suits the span: dates for days, clock times within one. */
function timeFormat(spanMs: number): string {
  if (spanMs > 3 * 86_400_000) return DATE_FORMAT;
  if (spanMs > 86_400_000) return DAY_TIME_FORMAT;
  if (spanMs > 120_000) return "%H:%M";
  return "%H:%M:%S";
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Renders the picture of a whole in-memory dataset.
 *
 * @param dataset A dataset from {@linkcode generate}.
 * @param options The picture's size.
 * @returns The SVG document as text.
 *
 * @example
 * ```ts
 * import { generate } from "@chaos-datagen/chaos-datagen";
 * import { plotDataset } from "@chaos-datagen/chaos-datagen/svg";
 * import { ok } from "node:assert/strict";
 *
 * const data = generate({
 *   general: { seed: 1, num_samples: 50 },
 *   metrics: { cpu: { value: 30 } },
 *   anomalies: { cpu: { at: 10, anomaly_factor: 2, pattern: "step", recovery_time: 5 } },
 * });
 * ok(plotDataset(data).includes("step ×2"));
 * ```
 */
export function plotDataset(dataset: Dataset, options: SvgOptions = {}): string {
  const n = dataset.config.general.num_samples;
  const metrics = Math.min(dataset.names.length, MAX_PANELS);
  const m4 = new M4Aggregator(metrics, n, { columns: plotColumns(options) });
  m4.add({
    from: 0,
    to: n,
    values: dataset.names.map((name) => dataset.values[name]),
    rates: dataset.names.map((name) => dataset.rates[name]),
  });
  return renderSvg(dataset, m4.series(), options);
}
