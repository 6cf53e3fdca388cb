// metrics.svg: well-formed XML, one panel per metric, one shaded band per fault at its samples,
// faithful aggregation (a one-sample spike survives), the same bytes for the same config.
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { XMLValidator } from "fast-xml-parser";
import { DOMParser } from "linkedom";
import { type Config, createGenerator, generate, M4Aggregator, plotColumns } from "../mod.ts";
import { plotDataset, renderSvg } from "../svg.ts";

const CONFIG: Config = {
  general: { seed: 3, num_samples: 1000 },
  metrics: {
    cpu: { value: 60, noise: "gaussian" },
    "mem & <swap>": { value: 2000, noise: "logistic", noise_args: { scale: 10 } },
    idle: { value: 1 },
  },
  anomalies: {
    cpu: [
      { at: 100, anomaly_factor: 2, pattern: "step", recovery_time: 50 },
      { at: 500, anomaly_factor: 0.5, pattern: "linear", recovery_time: 250 },
    ],
    "mem & <swap>": { at: 0, anomaly_factor: 1.5, pattern: "exponential", recovery_time: 1000 },
  },
};

// deno-lint-ignore no-explicit-any
type Element = any;

/** Validates the SVG as XML, then parses it into a DOM to query. */
function parseSvg(svg: string): Element {
  strictEqual(XMLValidator.validate(svg), true);
  return new DOMParser().parseFromString(svg, "image/svg+xml");
}

/** An attribute's text; linkedom leaves XML entities in attributes encoded. */
function attribute(element: Element, name: string): string {
  const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
  return element.getAttribute(name).replace(/&(\w+);/g, (_: string, e: string) => entities[e]);
}

function panelsOf(svg: string): Element[] {
  return [...parseSvg(svg).querySelectorAll("g[data-metric]")];
}

/** The shaded bands of a panel, as [x1, x2] in pixels. */
function bandsOf(panel: Element): number[][] {
  return [...panel.querySelectorAll('g[aria-label="rect"] rect')].map((r: Element) => {
    const x = Number(r.getAttribute("x"));
    return [x, x + Number(r.getAttribute("width"))];
  });
}

Deno.test("metrics.svg is well-formed XML with one titled panel per metric", () => {
  const panels = panelsOf(plotDataset(generate(CONFIG)));
  deepStrictEqual(panels.map((g) => attribute(g, "data-metric")), [
    "cpu",
    "mem & <swap>",
    "idle",
  ]);
  deepStrictEqual(panels.map((g) => g.getAttribute("data-faults")), ["2", "1", "0"]);
  const titles = panels.map((g) => g.querySelector("text").textContent);
  deepStrictEqual(titles, ["cpu", "mem & <swap>", "idle"]);
});

Deno.test("each fault is one shaded band at its samples, labelled with pattern and factor", () => {
  const svg = plotDataset(generate(CONFIG));
  const panels = panelsOf(svg);
  const left = 70;
  const width = plotColumns();
  // Sample k maps to left + k / n * width on the [0, n] axis.
  const expected = [[[100, 150], [500, 750]], [[0, 1000]], []];
  panels.forEach((panel, j) => {
    const bands = bandsOf(panel);
    strictEqual(bands.length, expected[j].length);
    bands.forEach(([x1, x2], i) => {
      ok(Math.abs(x1 - (left + expected[j][i][0] / 1000 * width)) < 0.01, `x1 ${x1}`);
      ok(Math.abs(x2 - (left + expected[j][i][1] / 1000 * width)) < 0.01, `x2 ${x2}`);
    });
  });
  ok(svg.includes("step ×2") && svg.includes("linear ×0.5") && svg.includes("exponential ×1.5"));
});

Deno.test("with start, the x axis is time and the bands sit at the faults' times", () => {
  const svg = plotDataset(generate({
    ...CONFIG,
    general: { seed: 3, num_samples: 1000, start: "2026-01-01T00:00:00Z", interval: "1m" },
  }));
  ok(svg.includes("time (UTC) from 2026-01-01T00:00:00Z"));
  ok(svg.includes(">02:00<"), "a clock-time tick");
  const [x1] = bandsOf(panelsOf(svg)[0])[0];
  ok(Math.abs(x1 - (70 + 100 / 1000 * plotColumns())) < 0.01, `x1 ${x1}`);
});

Deno.test("M4 keeps a one-sample spike in 10^6 samples and at most four points a column", () => {
  const generator = createGenerator({
    general: { seed: 1, num_samples: 1_000_000 },
    metrics: { m: { value: 10, noise: "gaussian", noise_args: { scale: 0.1 } } },
    anomalies: { m: { at: 765_432, anomaly_factor: 50, pattern: "step", recovery_time: 1 } },
  });
  const m4 = new M4Aggregator(1, 1_000_000, { columns: 870 });
  for (const chunk of generator.chunks({ chunkSize: 10_007 })) m4.add(chunk);
  const [series] = m4.series();
  ok(series.index.length <= 4 * 870);
  const at = series.index.indexOf(765_432);
  ok(at >= 0, "the spike's sample is kept");
  ok(series.value[at] > 400);
  // Points come in sample order, each once, and include both ends.
  ok(series.index.every((k, i) => i === 0 || k > series.index[i - 1]));
  deepStrictEqual([series.index[0], series.index[series.index.length - 1]], [0, 999_999]);
});

Deno.test("M4 gives the same points for any chunk size, and all points of a short series", () => {
  const generator = createGenerator({ ...CONFIG, general: { seed: 3, num_samples: 5000 } });
  const run = (chunkSize: number) => {
    const m4 = new M4Aggregator(3, 5000, { columns: 300 });
    for (const chunk of generator.chunks({ chunkSize })) m4.add(chunk);
    return m4.series();
  };
  deepStrictEqual(run(1), run(65536));
  deepStrictEqual(run(7), run(333));
  const short = new M4Aggregator(1, 10, { columns: 870 });
  short.add({
    from: 0,
    to: 10,
    values: [Float64Array.from({ length: 10 }, (_, i) => i)],
  });
  deepStrictEqual([...short.series()[0].index], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

Deno.test("the same config and seed give the same SVG bytes", () => {
  strictEqual(plotDataset(generate(CONFIG)), plotDataset(generate(CONFIG)));
  const generator = createGenerator(CONFIG);
  const m4 = new M4Aggregator(3, 1000, { columns: plotColumns() });
  for (const chunk of generator.chunks({ chunkSize: 17 })) m4.add(chunk);
  strictEqual(renderSvg(generator, m4.series()), plotDataset(generate(CONFIG)));
});

Deno.test("the SVG of 5 metrics x 10^6 samples stays small", () => {
  const generator = createGenerator({
    general: { seed: 1, num_samples: 1_000_000 },
    metrics: Object.fromEntries(
      Array.from({ length: 5 }, (_, i) => [`m${i}`, { value: 100, noise: "gaussian" as const }]),
    ),
  });
  const m4 = new M4Aggregator(5, 1_000_000, { columns: plotColumns() });
  for (const chunk of generator.chunks()) m4.add(chunk);
  const svg = renderSvg(generator, m4.series());
  ok(svg.length < 1_000_000, `${svg.length} bytes`);
});

Deno.test("a time axis of weeks shows dates, few enough not to overlap", () => {
  const svg = plotDataset(generate({
    general: { seed: 3, num_samples: 720, start: "2026-03-01T00:00:00Z", interval: "1h" },
    metrics: { disk: { value: 400 } },
  }));
  const labels = [...parseSvg(svg).querySelectorAll('g[aria-label="x-axis tick label"] text')]
    .map((t: Element) => t.textContent);
  ok(labels.length >= 2 && labels.length <= plotColumns() / 100, labels.join(" "));
  ok(labels.every((label: string) => /^\d{4}-\d{2}-\d{2}$/.test(label)), labels.join(" "));
  ok(svg.includes("chaos-datagen: 1 metric, 720 samples"));
});

Deno.test("a fault's label names each effect it has; its band covers onset, hold and recovery", () => {
  const svg = plotDataset(generate({
    general: { seed: 1, num_samples: 100 },
    metrics: { errors: { value: 0 } },
    anomalies: {
      errors: {
        at: 10,
        onset: 5,
        hold: 5,
        recovery_time: 10,
        pattern: "step",
        offset: 2,
        noise_factor: 3,
      },
    },
  }));
  ok(svg.includes(">step +2 noise ×3<"), "label");
  deepStrictEqual(
    generate({
      general: { seed: 1, num_samples: 40 },
      metrics: { errors: { value: 0 } },
      anomalies: {
        errors: { at: 10, onset: 5, hold: 5, recovery_time: 10, pattern: "step", offset: 2 },
      },
    }).anomalies.map((a) => [a.first_sample, a.last_sample]),
    [[10, 29]],
  );
});

Deno.test("the pictures of the README and the guides are current (deno task picture)", async () => {
  const { drawPicture, PICTURES } = await import("./update_picture.ts");
  for (const { picture, config } of PICTURES) {
    ok(
      Deno.readTextFileSync(picture) === drawPicture(config),
      `${picture} is stale: run deno task picture`,
    );
  }
});

Deno.test("a counter is drawn as its rate, and a missing window as a break in the line", () => {
  const data = generate({
    general: { seed: 1, num_samples: 200 },
    metrics: { requests: { value: 10, type: "counter" } },
    anomalies: { requests: [{ kind: "missing", at: 100, recovery_time: 10 }] },
  });
  const svg = plotDataset(data);
  ok(svg.includes(">requests (rate per second)<"));
  // The rate is flat at 10, not a ramp to 1900: no tick beyond 20 on the y axis.
  ok(!/>1[,.]?[0-9]00</.test(svg), "the axis shows counts");
  // Plot breaks the line at the NaN point: the line's path has two segments (M ... M ...).
  const paths = [...svg.matchAll(/ d="([^"]+)"/g)].map((m) => m[1]);
  const line = paths.reduce((a, b) => b.length > a.length ? b : a, "");
  strictEqual((line.match(/M/g) ?? []).length, 2, line.slice(0, 80));
});

Deno.test("a window a fault spread to is shaded lighter and named by its cause", () => {
  const svg = plotDataset(generate({
    general: { seed: 1, num_samples: 100 },
    metrics: { db: { value: 10 }, api: { value: 50, depends_on: { db: { lag: 3 } } } },
    anomalies: { db: { at: 20, recovery_time: 10, pattern: "step", anomaly_factor: 3 } },
  }));
  const api = panelsOf(svg).find((p) => p.getAttribute("data-metric") === "api")!.outerHTML;
  ok(api.includes(">&lt;- db#1<"), "label");
  ok(api.includes('fill-opacity="0.07"'), "lighter band");
  ok(!api.includes('fill-opacity="0.18"'), "api has no fault of its own");
});
