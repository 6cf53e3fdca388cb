// The playground's page: a TOML editor, the picture redrawn as one types, the config's problems
// at their lines, the fault list (a click zooms to a fault), the examples, and downloads made in
// the page. The worker checks, generates and reduces; this module only draws plain SVG.

/// <reference lib="dom" />

import type { Drawn, FaultView, PlayAnswer, Problem } from "./protocol.ts";

/** Quiet time after a keystroke before the picture is redrawn. */
const DEBOUNCE_MS = 10;
const PANEL_HEIGHT = 110;
const MARGIN_LEFT = 64;
const MARGIN_RIGHT = 16;
const SVG_NS = "http://www.w3.org/2000/svg";

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const editor = $<HTMLTextAreaElement>("config");
const gutter = $("gutter");
const inline = $("inline");
const problemList = $("problems");
const picture = $("picture");
const faultList = $("faults");
const statusLine = $("status");
const examples = $<HTMLSelectElement>("examples");
const zoomReset = $<HTMLButtonElement>("zoom-reset");
const shortcuts = $<HTMLDialogElement>("shortcuts");

const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
let requestId = 0;
let inFlight = false;
let pending = false;
let zoom: { from: number; to: number } | undefined;
let lastInputAt: number | undefined;
let draws = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
const waitingFiles = new Map<number, (files: PlayAnswer) => void>();

// The examples from configs/, embedded by the build.
const exampleTexts: Record<string, string> = JSON.parse($("examples-data").textContent ?? "{}");
for (const name of Object.keys(exampleTexts)) {
  const option = document.createElement("option");
  option.value = option.textContent = name;
  examples.append(option);
}

/** Asks for a redraw; one request at a time, the latest text winning. */
function redraw(): void {
  if (inFlight) {
    pending = true;
    return;
  }
  inFlight = true;
  pending = false;
  worker.postMessage({
    id: ++requestId,
    type: "draw",
    text: editor.value,
    columns: plotWidth(),
    range: zoom,
  });
}

function plotWidth(): number {
  return Math.max(100, Math.floor(picture.clientWidth) - MARGIN_LEFT - MARGIN_RIGHT);
}

worker.onmessage = (event: MessageEvent<PlayAnswer>) => {
  const answer = event.data;
  if (answer.type === "files") {
    waitingFiles.get(answer.id)?.(answer);
    waitingFiles.delete(answer.id);
    return;
  }
  inFlight = false;
  if (pending) return redraw();
  if (answer.type === "failed") showProblems(answer.problems);
  else {
    const started = performance.now();
    showProblems([]);
    drawPicture(answer);
    listFaults(answer);
    document.body.dataset.renderMs = (performance.now() - started).toFixed(1);
    document.body.dataset.workMs = answer.workMs.toFixed(1);
  }
  const since = lastInputAt;
  lastInputAt = undefined;
  // Counted once the frame is on screen (the task after the next frame), with the time from the
  // keystroke: the browser test reads both.
  requestAnimationFrame(() => {
    setTimeout(() => {
      if (since !== undefined) {
        document.body.dataset.redrawMs = (performance.now() - since).toFixed(1);
      }
      document.body.dataset.draws = String(++draws);
    });
  });
};

editor.addEventListener("input", () => {
  lastInputAt ??= performance.now();
  numberLines();
  clearTimeout(timer);
  timer = setTimeout(redraw, DEBOUNCE_MS);
});
editor.addEventListener("scroll", () => {
  gutter.scrollTop = editor.scrollTop;
  inline.style.transform = `translateY(${-editor.scrollTop}px)`;
});

function numberLines(problems: Problem[] = []): void {
  const lines = editor.value.split("\n").length;
  const bad = new Set(problems.map((p) => p.line));
  gutter.replaceChildren(
    ...Array.from({ length: lines }, (_, i) => {
      const line = document.createElement("span");
      line.textContent = String(i + 1);
      if (bad.has(i + 1)) line.className = "bad";
      return line;
    }),
  );
}

/** The problems beside their lines in the editor, and listed below it. */
function showProblems(problems: Problem[]): void {
  numberLines(problems);
  const lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 18;
  const padding = parseFloat(getComputedStyle(editor).paddingTop) || 0;
  inline.replaceChildren(...problems.map((problem, i) => {
    const note = document.createElement("div");
    note.className = "inline-problem";
    note.textContent = problem.message;
    note.dataset.line = String(problem.line);
    // Problems on the same line stack under it.
    const before = problems.slice(0, i).filter((p) => p.line === problem.line).length;
    note.style.top = `${padding + (problem.line - 1 + before) * lineHeight + lineHeight}px`;
    return note;
  }));
  problemList.replaceChildren(...problems.map((problem) => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.textContent = `line ${problem.line}: ${problem.message}`;
    button.addEventListener("click", () => goToLine(problem.line));
    item.append(button);
    return item;
  }));
  document.body.dataset.problems = String(problems.length);
  if (problems.length > 0) {
    statusLine.textContent = `${count(problems.length, "problem")} in the config`;
  }
}

function goToLine(line: number): void {
  const lines = editor.value.split("\n");
  const at = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0);
  editor.focus();
  editor.setSelectionRange(at, at + (lines[line - 1]?.length ?? 0));
}

function svg(tag: string, attributes: Record<string, string | number>): SVGElement {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

/** An axis value in four significant digits, without trailing zeros. */
function tick(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/** The time or sample number of sample `k`, for the axis. */
function when(data: Drawn, k: number): string {
  if (data.startMs === undefined) return `sample ${k}`;
  return new Date(data.startMs + k * data.intervalMs).toISOString().replace(".000Z", "Z");
}

/** The line's path, broken at missing samples: one path of a few thousand points per panel. */
function linePath(
  index: Float64Array,
  value: Float64Array,
  x: (k: number) => number,
  y: (v: number) => number,
): SVGElement {
  const parts: string[] = [];
  let move = true;
  for (let i = 0; i < index.length; i++) {
    if (Number.isNaN(value[i])) {
      move = true;
      continue;
    }
    parts.push(`${move ? "M" : "L"}${x(index[i]).toFixed(1)},${y(value[i]).toFixed(1)}`);
    move = false;
  }
  return svg("path", { d: parts.join(""), class: "line" });
}

/** One panel per metric: the reduced line, every fault's window shaded and labelled. */
function drawPicture(data: Drawn): void {
  const width = plotWidth();
  const span = data.to - data.from;
  const x = (k: number) => MARGIN_LEFT + ((k - data.from) / span) * width;
  const panels = data.names.map((name, j) => {
    const panel = svg("svg", {
      width: width + MARGIN_LEFT + MARGIN_RIGHT,
      height: PANEL_HEIGHT,
      role: "img",
    });
    const box = document.createElement("div");
    box.className = "panel";
    box.dataset.metric = name;
    const index = data.index[j];
    const value = data.value[j];
    let min = Infinity;
    let max = -Infinity;
    for (const v of value) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (!(min <= max)) [min, max] = [0, 1];
    if (min === max) [min, max] = [min - 1, max + 1];
    const top = 18;
    const bottom = PANEL_HEIGHT - 6;
    const y = (v: number) => bottom - ((v - min) / (max - min)) * (bottom - top);
    const own = data.faults.filter((f) => f.metric === name);
    panel.append(svg("title", {}));
    panel.firstChild!.textContent = `${name}: ${
      count(own.filter((f) => !f.effect).length, "fault")
    }, ` +
      `${count(own.filter((f) => f.effect).length, "effect")}; from ${tick(min)} to ${tick(max)}`;
    const labels: SVGElement[] = [];
    const bands: SVGElement[] = [];
    own.forEach((fault, i) => {
      const x1 = Math.max(MARGIN_LEFT, x(fault.first));
      const x2 = Math.min(MARGIN_LEFT + width, x(fault.last + 1));
      if (x2 < MARGIN_LEFT || x1 > MARGIN_LEFT + width) return;
      const band = svg("rect", {
        x: x1,
        y: top,
        width: Math.max(1, x2 - x1),
        height: bottom - top,
        class: fault.effect ? "band effect" : "band",
        "data-fault": fault.id,
      });
      band.addEventListener("click", () => zoomTo(fault));
      const label = svg("text", { x: x1 + 3, y: top + 11 + 12 * (i % 5), class: "band-label" });
      label.textContent = fault.label;
      bands.push(band);
      labels.push(label);
    });
    // Bands under the line, labels over it.
    panel.append(...bands, linePath(index, value, x, y), ...labels);
    const title = svg("text", { x: MARGIN_LEFT, y: 12, class: "panel-title" });
    title.textContent = name;
    const high = svg("text", { x: MARGIN_LEFT - 4, y: top + 4, class: "tick" });
    high.textContent = tick(max);
    const low = svg("text", { x: MARGIN_LEFT - 4, y: bottom, class: "tick" });
    low.textContent = tick(min);
    panel.append(title, high, low);
    box.append(panel);
    return box;
  });
  const axis = document.createElement("p");
  axis.className = "axis";
  axis.textContent = `${when(data, data.from)} to ${when(data, data.to)}`;
  picture.replaceChildren(...panels, axis);
  const preview = data.drawnTo < data.to;
  document.body.dataset.panels = String(panels.length);
  statusLine.textContent = `${count(data.names.length, "metric")}, ` +
    `${count(data.numSamples, "sample")}, ` +
    `${count(data.faults.filter((f) => !f.effect).length, "fault")}; seed ${data.seed}` +
    (data.seedDrawn ? " (drawn: add it to [general] to keep it)" : "") +
    (preview
      ? `; large config: a preview of samples ${data.from} to ${data.drawnTo - 1} of ${data.to}`
      : "") +
    `; made in ${data.workMs.toFixed(0)} ms`;
  zoomReset.hidden = zoom === undefined;
}

/** The faults, each a button that zooms the picture to it. */
function listFaults(data: Drawn): void {
  faultList.replaceChildren(
    ...data.faults.filter((f) => !f.effect).map((fault) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.dataset.fault = fault.id;
      button.textContent = `${fault.id}: ${fault.label} (${fault.kind}), samples ${fault.first}` +
        `-${fault.last}, from ${when(data, fault.first)}`;
      button.addEventListener("click", () => zoomTo(fault));
      item.append(button);
      return item;
    }),
  );
}

function zoomTo(fault: FaultView): void {
  const length = fault.last - fault.first + 1;
  const pad = Math.max(10, length);
  zoom = { from: Math.max(0, fault.first - pad), to: fault.last + 1 + pad };
  document.body.dataset.zoom = `${zoom.from}-${zoom.to}`;
  redraw();
}

function resetZoom(): void {
  zoom = undefined;
  delete document.body.dataset.zoom;
  redraw();
}
zoomReset.addEventListener("click", resetZoom);

function load(name: string): void {
  editor.value = exampleTexts[name] ?? "";
  $<HTMLInputElement>("file-name").value = name;
  zoom = undefined;
  numberLines();
  redraw();
}
examples.addEventListener("change", () => load(examples.value));

/** Saves bytes as a file, made in the page. */
function save(name: string, bytes: BlobPart, type: string): void {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([bytes], { type }));
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

async function download(name: string): Promise<void> {
  if (name === "config.toml") {
    return save($<HTMLInputElement>("file-name").value || name, editor.value, "application/toml");
  }
  const format = name.endsWith(".parquet")
    ? "parquet"
    : name.endsWith(".json")
    ? "manifest"
    : "csv";
  const id = ++requestId;
  const answer = await new Promise<PlayAnswer>((resolve) => {
    waitingFiles.set(id, resolve);
    worker.postMessage({ id, type: "files", format });
  });
  if (answer.type !== "files") return;
  const file = answer.files.find((f) => f.name === name);
  if (!file) {
    statusLine.textContent = `cannot make ${name}: ${
      answer.problem ?? "the config has no such file"
    }`;
    return;
  }
  save(name, file.bytes as Uint8Array<ArrayBuffer>, "application/octet-stream");
}
for (const button of document.querySelectorAll<HTMLButtonElement>("[data-download]")) {
  button.addEventListener("click", () => download(button.dataset.download!));
}

// Keyboard: every action has a key (listed in the dialog); Tab reaches every control.
document.addEventListener("keydown", (event) => {
  if (event.altKey && !event.ctrlKey && !event.metaKey) {
    const actions: Record<string, () => void> = {
      e: () => editor.focus(),
      x: () => examples.focus(),
      f: () => faultList.querySelector("button")?.focus(),
      d: () => download("metrics.csv"),
      z: resetZoom,
      h: () => shortcuts.showModal(),
    };
    const action = actions[event.key.toLowerCase()];
    if (action) {
      event.preventDefault();
      action();
    }
  } else if (event.key === "Escape" && !shortcuts.open && zoom) resetZoom();
  else if (event.key === "?" && document.activeElement !== editor) shortcuts.showModal();
  else if (
    (event.key === "ArrowDown" || event.key === "ArrowUp") &&
    document.activeElement?.closest("#faults")
  ) {
    const buttons = [...faultList.querySelectorAll("button")];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    buttons[at + (event.key === "ArrowDown" ? 1 : -1)]?.focus();
    event.preventDefault();
  }
});
$("help").addEventListener("click", () => shortcuts.showModal());
addEventListener("resize", () => {
  clearTimeout(timer);
  timer = setTimeout(redraw, 100);
});

load(
  Object.keys(exampleTexts).includes("faults_and_time.toml")
    ? "faults_and_time.toml"
    : Object.keys(exampleTexts)[0],
);
examples.value = $<HTMLInputElement>("file-name").value;

/** "1 fault", "2 faults". */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
