// A real Prometheus for the tests that scrape or query one: Debian's prometheus on a free loopback
// port over a folder of its own, scraping a target every second when given.
import { freePort, waitFor } from "./_serve.ts";

/** What a query answers: an instant vector's `value`, a range vector's `values`. */
export interface QueryResult {
  metric: Record<string, string>;
  value: [number, string];
  values?: [number, string][];
}

/** A Prometheus server on loopback, its HTTP API, and how to stop it. */
export interface PrometheusServer {
  /** Its HTTP API's origin, `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** An instant query, at `time` (seconds) or now. */
  query(expr: string, time?: number): Promise<QueryResult[]>;
  /** A range query at 1 s steps, the answer's text. */
  queryRange(expr: string, start: number, end: number): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A Prometheus server on loopback over `data`, scraping `target` ("self": itself) every second
 * when given, with `flags` besides; stopped by the returned function.
 */
export async function startPrometheus(
  dir: string,
  data: string,
  target?: string,
  flags: string[] = [],
): Promise<PrometheusServer> {
  const port = freePort();
  const scrape = target === "self" ? `127.0.0.1:${port}` : target;
  const config = `${dir}/prometheus.yml`;
  await Deno.writeTextFile(
    config,
    scrape === undefined ? "global: {}\n" : `global: {scrape_interval: 1s}
scrape_configs:
  - job_name: chaos
    static_configs: [{targets: ["${scrape}"]}]
`,
  );
  const child = new Deno.Command("prometheus", {
    args: [
      `--config.file=${config}`,
      `--storage.tsdb.path=${data}`,
      "--storage.tsdb.retention.time=100y",
      `--web.listen-address=127.0.0.1:${port}`,
      ...flags,
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${origin}/-/ready`);
  } catch (error) {
    child.kill("SIGKILL");
    await child.status;
    throw error;
  }
  const query = async (expr: string, time?: number) => {
    const params = new URLSearchParams({ query: expr });
    if (time !== undefined) params.set("time", String(time));
    const body = await (await fetch(`${origin}/api/v1/query?${params}`)).json();
    if (body.status !== "success") throw new Error(JSON.stringify(body));
    return body.data.result as QueryResult[];
  };
  const queryRange = async (expr: string, start: number, end: number) => {
    const params = new URLSearchParams({
      query: expr,
      start: `${start}`,
      end: `${end}`,
      step: "1s",
    });
    return await (await fetch(`${origin}/api/v1/query_range?${params}`)).text();
  };
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // Already gone.
    }
    await child.status;
  };
  return { origin, query, queryRange, stop };
}
