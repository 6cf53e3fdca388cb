// `serve`: the dataset live on a Prometheus /metrics endpoint. At wall time T it shows sample
// floor((T - T_begin) * speed / interval); it ends with the series (or starts over with --loop).
// SIGINT and SIGTERM stop it at once.

import { ConfigError, validateConfig } from "../src/config/mod.ts";
import { createGenerator } from "../src/model/mod.ts";
import { CONTENT_TYPES, ExpositionRenderer, negotiateFormat } from "../src/formats/exposition.ts";
import { cut, escapeControls, quoted } from "../src/text/mod.ts";
import type { CliIo } from "./io.ts";
import { parseFlags, parseListen, UsageError } from "./flags.ts";
import { readToml } from "../src/config/toml.ts";
import { parseDecimal } from "../src/text/numbers.ts";
import { InputError } from "./errors.ts";
import { readConfigFile } from "./limits.ts";

export const SERVE_USAGE = `chaos-datagen serve: the series live on a Prometheus /metrics endpoint

Usage:
  deno run -R -N=127.0.0.1 cli.ts serve -c CONFIG [--listen HOST:PORT] [--speed N] [--loop]

Options:
  -c, --config FILE     the config (TOML); required
      --listen ADDR     HOST:PORT to listen on (default: 127.0.0.1:9469, loopback only);
                        port 0 picks a free one
      --speed N         samples advance N times faster than their interval (default: 1;
                        from 0.000001 to 1000000000)
      --loop            start the series over at its end, instead of exiting
      --seed N          replaces general.seed
  -q, --quiet           print nothing but errors
  -h, --help            show this help

At wall time T after the start, /metrics shows sample floor((T - start) * speed / interval):
every metric (missing samples absent), chaos_fault_active{metric,fault} 1 inside a fault's
window and 0 outside, and chaos_sample_index. It answers in the format the scraper's Accept
header prefers: OpenMetrics, the protobuf format (which carries native histograms: Prometheus
asks for it with --enable-feature=native-histograms), else the Prometheus text format. /healthz
answers "ok".

Exit status: 0 at the end of the series, or stopped by SIGINT or SIGTERM; 2 bad flags, config
or address; 1 the server failed.
`;

const DEFAULT_LISTEN = "127.0.0.1:9469";
/** The speeds taken: beyond them a sample lasts longer than a run or shorter than a request. */
const MIN_SPEED = 1e-6;
const MAX_SPEED = 1e9;
/** The longest timer a runtime keeps: longer waits are taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const OPTIONS = {
  config: { type: "string", short: "c" },
  listen: { type: "string", default: DEFAULT_LISTEN },
  speed: { type: "string", default: "1" },
  loop: { type: "boolean", default: false },
  seed: { type: "string" },
  quiet: { type: "boolean", short: "q", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** The parsed flags of `serve`. */
interface ServeOptions {
  config: string;
  hostname: string;
  port: number;
  speed: number;
  loop: boolean;
  seed?: number;
  quiet: boolean;
}

/** Runs `serve`; resolves with the exit status when the server stops. */
export async function runServe(args: string[], io: CliIo): Promise<number> {
  const options = parseServeArgs(args);
  if (options === "help") {
    io.print(SERVE_USAGE.trimEnd());
    return 0;
  }
  const raw = readToml(readConfigFile(options.config), options.config);
  // Asked before the config's checks, which would ask for what only the input can give.
  if ((raw as { general?: { input?: unknown } })?.general?.input !== undefined) {
    throw new InputError(
      `${options.config}: general.input: serve shows synthetic series only; write a recorded input's files with the command line instead`,
    );
  }
  const config = validateConfig(raw, {
    fileName: options.config,
    overrides: { seed: options.seed },
  });
  const generator = createGenerator(config);
  let renderer: ExpositionRenderer;
  try {
    renderer = new ExpositionRenderer(generator);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(error.issues, options.config);
    throw error;
  }
  const n = generator.numSamples;
  const interval = generator.config.general.interval;
  const samplesPerMs = options.speed / (interval * 1000);
  const network = Deno.permissions.querySync({ name: "net", host: options.hostname }).state;
  if (network !== "granted") {
    throw new InputError(
      `--listen: no permission to listen on ${options.hostname}; run with -N=${options.hostname}`,
    );
  }

  const stopped = Promise.withResolvers<string>();
  let begin = 0;
  // The sample wall time points at: the speed's bounds keep it finite, and so a whole number.
  const sampleNow = () => {
    const raw = Math.floor((performance.now() - begin) * samplesPerMs);
    return options.loop ? raw % n : Math.min(raw, n - 1);
  };
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      hostname: options.hostname,
      port: options.port,
      onListen: () => {},
      // Whatever a request does, the answer is a status and a line, never a stack.
      onError: (error) => {
        io.error(`error: a request failed: ${firstLine(error)}`);
        return new Response("internal error\n", { status: 500 });
      },
    }, (request) => {
      const path = pathOf(request);
      if (path === undefined) return new Response("bad request\n", { status: 400 });
      if (request.method !== "GET" && request.method !== "HEAD") {
        return new Response("method not allowed: use GET\n", {
          status: 405,
          headers: { allow: "GET, HEAD" },
        });
      }
      if (path === "/healthz") return new Response("ok\n");
      if (path !== "/metrics") return new Response("not found: try /metrics\n", { status: 404 });
      const format = negotiateFormat(request.headers.get("accept"));
      return new Response(renderer.render(sampleNow(), format), {
        headers: { "content-type": CONTENT_TYPES[format] },
      });
    });
  } catch (error) {
    const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new InputError(`--listen: cannot listen on ${options.hostname}:${options.port}: ${why}`);
  }
  begin = performance.now();
  const { hostname, port } = server.addr;
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  const seconds = n / (options.speed / interval);
  if (!options.quiet) {
    io.error(
      `serving ${generator.names.length} metrics at http://${host}:${port}/metrics: ` +
        `${n} samples, one every ${interval / options.speed} s` +
        (options.loop ? ", looping" : `, ending in ${seconds.toFixed(1)} s`) +
        ` (seed ${generator.seed})`,
    );
  }

  // The end of the series, in steps no longer than a timer can wait.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waitForEnd = () => {
    const left = n / samplesPerMs - (performance.now() - begin);
    if (left <= 0) return stopped.resolve("end");
    timer = setTimeout(waitForEnd, Math.min(MAX_TIMER_MS, Math.ceil(left)));
  };
  if (!options.loop) waitForEnd();
  const handlers = (["SIGINT", "SIGTERM"] as const).map((signal) => {
    const handler = () => stopped.resolve(signal);
    Deno.addSignalListener(signal, handler);
    return [signal, handler] as const;
  });
  const why = await Promise.race([
    stopped.promise,
    server.finished.then(() => "failed"),
  ]);
  clearTimeout(timer);
  for (const [signal, handler] of handlers) Deno.removeSignalListener(signal, handler);
  await server.shutdown();
  if (why === "failed") {
    io.error("error: the server stopped unexpectedly");
    return 1;
  }
  if (!options.quiet) {
    io.error(why === "end" ? `served all ${n} samples` : `stopped by ${why}`);
  }
  return 0;
}

/**
 * The path a request asks for; undefined when its target and Host header make no URL (an
 * absolute target is read by its path, as HTTP/1.1 says).
 */
function pathOf(request: Request): string | undefined {
  try {
    return new URL(request.url).pathname;
  } catch {
    return undefined;
  }
}

function firstLine(error: unknown): string {
  return escapeControls(
    cut((error instanceof Error ? error.message : String(error)).split("\n")[0]),
  );
}

function parseServeArgs(args: string[]): ServeOptions | "help" {
  const { values } = parseFlags(args, OPTIONS, {
    positionalHint: "serve takes its config with -c FILE",
  });
  if (values.help) return "help";
  const problems: string[] = [];
  if (values.config === undefined || values.config === "") {
    problems.push("-c/--config is required: the config file to serve");
  }
  const address = parseListen(values.listen, 9469);
  if (typeof address === "string") problems.push(address);
  const speed = parseDecimal(values.speed);
  if (!(speed >= MIN_SPEED && speed <= MAX_SPEED)) {
    problems.push(
      `--speed: must be a number from ${MIN_SPEED.toFixed(6)} to ${MAX_SPEED}: got ${
        quoted(values.speed)
      }`,
    );
  }
  let seed: number | undefined;
  if (values.seed !== undefined) {
    seed = /^\d+$/.test(values.seed) ? Number(values.seed) : NaN;
    if (!Number.isSafeInteger(seed)) {
      problems.push(`--seed: must be an integer >= 0: got ${quoted(values.seed)}`);
    }
  }
  if (problems.length > 0 || typeof address === "string") {
    throw new UsageError(problems.join("\n"));
  }
  return {
    config: values.config!,
    ...address,
    speed,
    loop: values.loop,
    seed,
    quiet: values.quiet,
  };
}
