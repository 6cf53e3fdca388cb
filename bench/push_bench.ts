// `push` measured: samples per second into a local Prometheus by remote write, against the same
// data backfilled by `promtool tsdb create-blocks-from openmetrics` (metrics.om written first);
// then push's peak memory for 10x and 100x the samples, to a receiver that drops them.
//
//   deno run -R -W=bench/out -N=127.0.0.1 --allow-run=deno,promtool,prometheus,/usr/bin/time \
//     bench/push_bench.ts [--rounds=N] [--metrics=N] [--samples=N]
//
// Each figure is the median of the rounds (3 by default). Every Prometheus is fresh, on a free
// loopback port, stopped after its round. The pushed data ends a few minutes before the run
// starts: Prometheus takes remote-written samples only within an hour of its newest.

import { join } from "node:path";
import { type PrometheusServer, startPrometheus } from "../tests/_prometheus_server.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const OUT = join(ROOT, "bench/out/push");
const arg = (name: string, fallback: number) =>
  Number(Deno.args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const ROUNDS = arg("rounds", 3);
const METRICS = arg("metrics", 1000);
/** Two hours of 15-second samples by default. */
const SAMPLES = arg("samples", 480);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function run(command: string, args: string[]): Promise<{ ms: number; stderr: string }> {
  const begin = performance.now();
  const out = await new Deno.Command(command, { args, cwd: ROOT, stdout: "null", stderr: "piped" })
    .output();
  const ms = performance.now() - begin;
  const stderr = new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`${command} ${args.join(" ")} failed:\n${stderr}`);
  return { ms, stderr };
}

function config(metrics: number, samples: number, startMs: number): string {
  const lines = [
    `[general]\nseed = 1\nnum_samples = ${samples}\ninterval = "15s"\n` +
    `start = "${new Date(startMs).toISOString()}"\n`,
  ];
  for (let m = 0; m < metrics; m++) {
    lines.push(`[metrics.m${m}]\nvalue = ${100 + m}\nnoise = "gaussian"\n`);
  }
  return lines.join("\n");
}

/** A fresh Prometheus taking remote write, its TSDB in `data`. */
function receiver(data: string): Promise<PrometheusServer> {
  return startPrometheus(OUT, data, undefined, ["--web.enable-remote-write-receiver"]);
}

/** `deno run ... cli.ts push` of `toml` to `url`. */
function pushArgs(toml: string, url: string): string[] {
  return ["deno", "run", "-R", "-N=127.0.0.1", "cli.ts", "push", "-c", toml, "--url", url];
}

/** The samples Prometheus holds over the range. */
async function stored(url: string, startMs: number, samples: number): Promise<number> {
  const end = (startMs + (samples - 1) * 15000) / 1000;
  // Raw samples, counted here: count_over_time drops the names, and the series would collide.
  const params = new URLSearchParams({
    query: `{__name__=~"m.*"}[${samples * 15 + 1}s]`,
    time: String(end),
  });
  const body = await (await fetch(`${url}/api/v1/query?${params}`)).json();
  if (body.status !== "success") throw new Error(JSON.stringify(body).slice(0, 300));
  return (body.data.result as { values: unknown[] }[]).reduce((n, s) => n + s.values.length, 0);
}

await Deno.remove(OUT, { recursive: true }).catch(() => {});
await Deno.mkdir(OUT, { recursive: true });
const total = METRICS * SAMPLES;
const startMs = Math.floor((Date.now() - (SAMPLES * 15 + 300) * 1000) / 60000) * 60000;
const toml = `${OUT}/config.toml`;
await Deno.writeTextFile(toml, config(METRICS, SAMPLES, startMs));
console.log(`${METRICS} metrics x ${SAMPLES} samples = ${total} samples; ${ROUNDS} rounds`);

const push = { wall: [] as number[], inner: [] as number[] };
const backfill = { write: [] as number[], promtool: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  // Remote write into a fresh Prometheus: the whole command, and push's own summary.
  const data = `${OUT}/push_data_${round}`;
  const prometheus = await receiver(data);
  try {
    const [deno, ...args] = pushArgs(toml, `${prometheus.origin}/api/v1/write`);
    const { ms, stderr } = await run(deno, args);
    const rate = Number(/(\d+) samples\/s/.exec(stderr)?.[1]);
    const count = await stored(prometheus.origin, startMs, SAMPLES);
    if (count !== total) throw new Error(`Prometheus holds ${count} samples of ${total}`);
    push.wall.push(ms);
    push.inner.push(rate);
  } finally {
    await prometheus.stop();
  }
  // The same data by file: metrics.om written, then promtool's blocks.
  const out = `${OUT}/om_${round}`;
  const written = await run("deno", [
    "run",
    "-R",
    `-W=${OUT}`,
    "cli.ts",
    "-c",
    toml,
    "-o",
    out,
    "-q",
    "--no-plot",
    "--format",
    "openmetrics",
  ]);
  const blocks = await run("promtool", [
    "tsdb",
    "create-blocks-from",
    "openmetrics",
    `${out}/metrics.om`,
    `${OUT}/om_data_${round}`,
  ]);
  const check = await receiver(`${OUT}/om_data_${round}`);
  try {
    const count = await stored(check.origin, startMs, SAMPLES);
    if (count !== total) throw new Error(`promtool's blocks hold ${count} samples of ${total}`);
  } finally {
    await check.stop();
  }
  backfill.write.push(written.ms);
  backfill.promtool.push(blocks.ms);
}
const perSecond = (ms: number) => Math.round(total / (ms / 1000));
console.log(
  `push to Prometheus:          ${perSecond(median(push.wall))} samples/s ` +
    `(whole command, ${median(push.wall).toFixed(0)} ms); push's own count ` +
    `${median(push.inner)} samples/s`,
);
console.log(
  `metrics.om + promtool:       ${
    perSecond(median(backfill.write) + median(backfill.promtool))
  } samples/s ` +
    `(write ${median(backfill.write).toFixed(0)} ms + promtool ${
      median(backfill.promtool).toFixed(0)
    } ms)`,
);
console.log(`promtool alone:              ${perSecond(median(backfill.promtool))} samples/s`);

// Peak memory of push, for 10x as many samples and 100x, to a receiver that takes and drops them.
const sink = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (r) => {
  await r.arrayBuffer();
  return new Response(null, { status: 204 });
});
try {
  const few = 100;
  for (const rows of [4800, 48000, 480000]) {
    const longer = `${OUT}/config_${rows}.toml`;
    await Deno.writeTextFile(longer, config(few, rows, 0));
    const peaks: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const { stderr } = await run("/usr/bin/time", [
        "-f",
        "peak %M KB",
        ...pushArgs(longer, `http://127.0.0.1:${sink.addr.port}/api/v1/write`),
      ]);
      peaks.push(Number(/peak (\d+) KB/.exec(stderr)?.[1]));
    }
    console.log(
      `push of ${few * rows} samples to a sink: peak RSS ${(median(peaks) / 1024).toFixed(0)} MB`,
    );
  }
} finally {
  await sink.shutdown();
}
