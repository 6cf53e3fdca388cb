// Real remote write receivers for the tests: Debian's prometheus (with its remote write receiver
// on) and Debian's victoria-metrics, each started on a free loopback port over a folder of its
// own, read back through its HTTP API, and stopped by the caller (in a finally). Missing
// binaries, or no permission to run them, make `available` false so the tests skip.
import { freePort, waitFor } from "./_serve.ts";
import { startPrometheus as startPrometheusServer } from "./_prometheus_server.ts";

/** Every stored sample, by series: `name{label="value",...}` with labels sorted by name. */
export type StoredSamples = Map<string, { timestamps: number[]; values: number[] }>;

/** A receiver running on loopback. */
export interface Receiver {
  /** Where push sends: its remote write endpoint. */
  readonly writeUrl: string;
  /** Its HTTP API's origin, `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Every sample it holds from `startMs` to `endMs`. */
  samples(startMs: number, endMs: number): Promise<StoredSamples>;
  /** Stops it and waits for it to exit. */
  stop(): Promise<void>;
}

/** Whether `command` can be run here: installed, and the test allowed to run it. */
export function available(command: string): boolean {
  if (Deno.permissions.querySync({ name: "run", command }).state !== "granted") return false;
  try {
    return new Deno.Command(command, { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

/** The key of a series: its name, then its other labels sorted, as in the exposition format. */
export function seriesKey(labels: Record<string, string>): string {
  const { __name__: name, ...rest } = labels;
  const pairs = Object.keys(rest).sort().map((k) => `${k}="${rest[k]}"`);
  return pairs.length === 0 ? name : `${name}{${pairs.join(",")}}`;
}

/** Starts `command` and waits until `ready` answers; kills it when it never does. */
async function start(command: string, args: string[], ready: string): Promise<Deno.ChildProcess> {
  const child = new Deno.Command(command, { args, stdout: "null", stderr: "null" }).spawn();
  try {
    await waitFor(ready);
  } catch (error) {
    child.kill("SIGKILL");
    await child.status;
    throw error;
  }
  return child;
}

async function stopChild(child: Deno.ChildProcess): Promise<void> {
  try {
    child.kill("SIGTERM");
  } catch {
    // Already gone.
  }
  await child.status;
}

/** Prometheus with `--web.enable-remote-write-receiver` (and `args`), its TSDB in `dir`. */
export async function startPrometheus(dir: string, args: string[] = []): Promise<Receiver> {
  const server = await startPrometheusServer(dir, `${dir}/data`, undefined, [
    "--web.enable-remote-write-receiver",
    ...args,
  ]);
  return {
    writeUrl: `${server.origin}/api/v1/write`,
    origin: server.origin,
    async samples(startMs, endMs) {
      // A range selector at the end gives the raw samples, not the lookback-filled steps.
      const seconds = Math.ceil((endMs - startMs) / 1000) + 1;
      const out: StoredSamples = new Map();
      for (const series of await server.query(`{__name__=~".+"}[${seconds}s]`, endMs / 1000)) {
        // Native histograms come as `histograms`: their tests query them with PromQL.
        if (!series.values) continue;
        out.set(seriesKey(series.metric), {
          timestamps: series.values.map(([t]) => Math.round(t * 1000)),
          values: series.values.map(([, v]) => Number(v)),
        });
      }
      return out;
    },
    stop: server.stop,
  };
}

/** VictoriaMetrics, its storage in `dir`. */
export async function startVictoriaMetrics(dir: string): Promise<Receiver> {
  const port = freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = await start("victoria-metrics", [
    `-httpListenAddr=127.0.0.1:${port}`,
    `-storageDataPath=${dir}/data`,
    "-retentionPeriod=100y",
  ], `${origin}/health`);
  return {
    writeUrl: `${origin}/api/v1/write`,
    origin,
    async samples(startMs, endMs) {
      // Samples become searchable after a flush.
      await (await fetch(`${origin}/internal/force_flush`)).body?.cancel();
      const params = new URLSearchParams({
        "match[]": '{__name__=~".+"}',
        start: String(startMs / 1000),
        end: String(endMs / 1000),
      });
      const text = await (await fetch(`${origin}/api/v1/export?${params}`)).text();
      const out: StoredSamples = new Map();
      for (const line of text.split("\n")) {
        if (line.trim() === "") continue;
        const series = JSON.parse(line) as VmSeries;
        // Export gives a series' samples in order, but may split it over lines.
        const key = seriesKey(series.metric);
        const stored = out.get(key) ?? { timestamps: [], values: [] };
        stored.timestamps.push(...series.timestamps);
        stored.values.push(...series.values);
        out.set(key, stored);
      }
      for (const stored of out.values()) {
        const order = stored.timestamps.map((_, i) => i)
          .sort((a, b) => stored.timestamps[a] - stored.timestamps[b]);
        stored.timestamps = order.map((i) => stored.timestamps[i]);
        stored.values = order.map((i) => stored.values[i]);
      }
      return out;
    },
    stop: () => stopChild(child),
  };
}

interface VmSeries {
  metric: Record<string, string>;
  values: number[];
  timestamps: number[];
}
