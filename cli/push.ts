// `push`: the dataset sent to a receiver by Prometheus remote write 1.0, in batches, a few
// requests in flight, retried with back-off where the protocol says (5xx, 429, no answer) and
// never on another 4xx. Memory stays bounded: samples are made a chunk at a time and a batch is
// made only when its request slot is free.

import { ConfigError, validateConfig } from "../src/config/mod.ts";
import { createGenerator } from "../src/model/mod.ts";
import { intervalMs } from "../src/model/time.ts";
import { type RemoteWriteBatch, RemoteWriteEncoder } from "../src/formats/remote_write.ts";
import { cut, escapeControls, quoted } from "../src/text/mod.ts";
import { readToml } from "../src/config/toml.ts";
import { parseDecimal } from "../src/text/numbers.ts";
import { VERSION } from "../src/version.ts";
import type { CliIo } from "./io.ts";
import { parseFlags, UsageError } from "./flags.ts";
import { InputError } from "./errors.ts";
import { readConfigFile } from "./limits.ts";

export const PUSH_USAGE = `chaos-datagen push: the series sent by Prometheus remote write

Usage:
  deno run -R -N=HOST cli.ts push -c CONFIG --url URL [--speed N | --backfill]

Options:
  -c, --config FILE     the config (TOML); required; its samples' times are general.start's
      --url URL         the receiver's remote write endpoint; required, such as
                        http://127.0.0.1:9090/api/v1/write (Prometheus) or
                        http://127.0.0.1:8428/api/v1/write (VictoriaMetrics)
      --backfill        send every sample as fast as the receiver takes them (the default)
      --speed N         send sample k when k / N intervals have passed since the start, as
                        serve shows it (from 0.000001 to 1000000000)
      --start TIME      replaces general.start: a date-time, or "now" to end the series now
      --batch N         samples per request, at most (default: 2000)
      --concurrency N   requests in flight, at most (default: 4)
      --retries N       tries again after 5xx, 429 or no answer, at most N times per request,
                        waiting 0.1 s, 0.2 s, ... up to 5 s (default: 8)
      --timeout S       seconds to wait for an answer (default: 30)
      --seed N          replaces general.seed
  -q, --quiet           print nothing but errors
  -h, --help            show this help

The receiver gets each metric as one series, named and labelled as in metrics.om (a counter's
samples end in _total), every sample with its time in milliseconds, missing samples left out;
then chaos_fault_active{metric,fault} 1 at every sample inside a fault's window. An answer 400
or another 4xx rejects its batch for good (Prometheus says so for samples out of order or too
old: pick a recent start, or --start now). At the end a line says how many samples were
accepted, rejected and not sent, and how fast.

Exit status: 0 every sample accepted; 1 some were rejected or not sent (receiver down, failing
or stopped by SIGINT or SIGTERM); 2 bad flags or config.
`;

const MIN_SPEED = 1e-6;
const MAX_SPEED = 1e9;
/** The first wait before a retry, and the longest, in ms. */
const MIN_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 5000;
/** Values made per chunk of samples, at most: the chunk's arrays are all the memory it takes. */
const CHUNK_VALUES = 1 << 18;
/** Paced (--speed), the samples due in this many seconds of wall time go together. */
const PACE_SECONDS = 0.1;
/** The time one block of rows spans at most. */
const MAX_BLOCK_SPAN_MS = 25 * 60 * 1000;
/** Problem lines shown; the rest are counted. */
const SHOWN_PROBLEMS = 10;

const OPTIONS = {
  config: { type: "string", short: "c" },
  url: { type: "string" },
  backfill: { type: "boolean", default: false },
  speed: { type: "string" },
  start: { type: "string" },
  batch: { type: "string", default: "2000" },
  concurrency: { type: "string", default: "4" },
  retries: { type: "string", default: "8" },
  timeout: { type: "string", default: "30" },
  seed: { type: "string" },
  quiet: { type: "boolean", short: "q", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** The parsed flags of `push`. */
interface PushOptions {
  config: string;
  url: URL;
  /** Undefined: backfill. */
  speed?: number;
  start?: string;
  batch: number;
  concurrency: number;
  retries: number;
  timeoutMs: number;
  seed?: number;
  quiet: boolean;
}

/** How a batch ended. */
type Outcome = "accepted" | "rejected" | "failed";

/** Runs `push`; resolves with the exit status when every batch has had its answer. */
export async function runPush(args: string[], io: CliIo): Promise<number> {
  const options = parsePushArgs(args);
  if (options === "help") {
    io.print(PUSH_USAGE.trimEnd());
    return 0;
  }
  let raw = readToml(readConfigFile(options.config), options.config) as Record<string, unknown>;
  const general = (raw?.general ?? {}) as Record<string, unknown>;
  if (general.input !== undefined) {
    throw new InputError(
      `${options.config}: general.input: push sends synthetic series only; write a recorded input's files with the command line instead`,
    );
  }
  const check = (given: unknown) =>
    validateConfig(given as Parameters<typeof validateConfig>[0], {
      fileName: options.config,
      overrides: { seed: options.seed },
    });
  if (options.start !== undefined) {
    let start = options.start;
    if (start === "now") {
      // The last sample now, on a whole second: the series ends as the push starts.
      const { num_samples, interval } = createGenerator(check(raw)).config.general;
      const ms = Date.now() - Math.round((num_samples - 1) * interval * 1000);
      start = new Date(Math.floor(ms / 1000) * 1000).toISOString();
    }
    raw = { ...raw, general: { ...general, start } };
  }
  const config = check(raw);
  const generator = createGenerator(config);
  let encoder: RemoteWriteEncoder;
  try {
    encoder = new RemoteWriteEncoder(generator.config, generator.anomalies);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(error.issues, options.config);
    throw error;
  }
  const host = options.url.host;
  if (Deno.permissions.querySync({ name: "net", host }).state !== "granted") {
    throw new InputError(`--url: no permission to connect to ${host}; run with -N=${host}`);
  }

  const n = generator.numSamples;
  const interval = generator.config.general.interval;
  const metrics = generator.names.length;
  // Backfill: chunks as large as memory allows; paced: the samples of a tenth of a second.
  const chunkRows = options.speed === undefined
    ? Math.max(1, Math.floor(CHUNK_VALUES / Math.max(1, metrics)))
    : Math.max(
      1,
      Math.floor(
        Math.min(CHUNK_VALUES / Math.max(1, metrics), options.speed / interval * PACE_SECONDS),
      ),
    );
  // At most two blocks are in flight (a slot waits for its previous batch), so they span less
  // than the hour Prometheus takes samples in behind its newest.
  const blockRows = Math.max(
    1,
    Math.floor(MAX_BLOCK_SPAN_MS / intervalMs(generator.config.general)),
  );
  const msPerSample = options.speed === undefined ? 0 : interval * 1000 / options.speed;

  const problems: string[] = [];
  const report = (line: string) => {
    if (problems.length < SHOWN_PROBLEMS) io.error(`error: ${escapeControls(line)}`);
    problems.push(line);
  };
  const totals = { accepted: 0, rejected: 0, unsent: 0, requests: 0, retries: 0 };
  let fatal = false;
  let stoppedBy: string | undefined;
  // A signal ends the push at once: requests in flight are aborted and back-off waits cut short.
  const stop = new AbortController();
  const handlers = (["SIGINT", "SIGTERM"] as const).map((signal) => {
    const handler = () => {
      stoppedBy ??= signal;
      stop.abort();
    };
    Deno.addSignalListener(signal, handler);
    return [signal, handler] as const;
  });
  const jitter = seededUniform(0x5eed);
  const sender = new Sender(options, jitter, totals, report, stop.signal);

  const begin = performance.now();
  // A request slot per slice of the series: a slice's batches go one after the other, so each
  // series reaches the receiver in time order (Prometheus refuses samples out of order).
  const slots: Promise<void>[] = Array.from(
    { length: options.concurrency },
    () => Promise.resolve(),
  );
  try {
    for (let from = 0; from < n && !fatal && stoppedBy === undefined; from += chunkRows) {
      const to = Math.min(n, from + chunkRows);
      if (msPerSample > 0) await sleepUntil(begin + (to - 1) * msPerSample, () => stoppedBy);
      if (stoppedBy !== undefined) break;
      const chunk = generator.chunk(from, to);
      const batches = encoder.batches(chunk, options.batch, options.concurrency, blockRows);
      for (const batch of batches) {
        const slot = batch.slice % options.concurrency;
        await slots[slot];
        if (fatal || stoppedBy !== undefined) break;
        slots[slot] = sender.send(batch).then((outcome) => {
          if (outcome === "accepted") totals.accepted += batch.samples;
          else if (outcome === "rejected") totals.rejected += batch.samples;
          else fatal = true;
        });
      }
    }
    await Promise.all(slots);
  } finally {
    for (const [signal, handler] of handlers) Deno.removeSignalListener(signal, handler);
  }
  const seconds = (performance.now() - begin) / 1000;
  // Stopped early: whatever was neither accepted nor rejected was not sent (counted afresh).
  if (fatal || stoppedBy !== undefined) {
    const all = countSamples(generator, 0, n) + encoder.truthSamples;
    totals.unsent = all - totals.accepted - totals.rejected;
  }
  if (problems.length > SHOWN_PROBLEMS) {
    io.error(`error: ${problems.length - SHOWN_PROBLEMS} more problems like these`);
  }
  if (stoppedBy !== undefined) io.error(`stopped by ${stoppedBy}`);
  const everything = totals.rejected === 0 && totals.unsent === 0 && stoppedBy === undefined;
  if (!options.quiet || !everything) {
    const rate = seconds > 0 ? Math.round(totals.accepted / seconds) : 0;
    io.error(
      `pushed to ${options.url.href}: ${totals.accepted} samples accepted, ${totals.rejected} ` +
        `rejected, ${totals.unsent} not sent; ${totals.requests} requests, ${totals.retries} ` +
        `retries; ${seconds.toFixed(2)} s, ${rate} samples/s`,
    );
  }
  if (stoppedBy === "SIGINT") return 130;
  if (stoppedBy === "SIGTERM") return 143;
  return everything ? 0 : 1;
}

/** The samples of rows `from..to`, missing ones left out, without the fault truth. */
function countSamples(
  generator: ReturnType<typeof createGenerator>,
  from: number,
  to: number,
): number {
  let count = 0;
  for (const chunk of generator.chunks({ from, to, chunkSize: 4096 })) {
    for (const values of chunk.values) for (const v of values) if (v === v) count++;
  }
  return count;
}

/** Sends batches: one request each, tried again as remote write 1.0 says. */
class Sender {
  readonly #headers: Headers;

  constructor(
    readonly options: PushOptions,
    readonly jitter: () => number,
    readonly totals: { requests: number; retries: number },
    readonly report: (line: string) => void,
    readonly stopped: AbortSignal,
  ) {
    this.#headers = new Headers({
      "content-encoding": "snappy",
      "content-type": "application/x-protobuf",
      "user-agent": `chaos-datagen/${VERSION}`,
      "x-prometheus-remote-write-version": "0.1.0",
    });
  }

  async send(batch: RemoteWriteBatch): Promise<Outcome> {
    const { url, retries, timeoutMs } = this.options;
    const what = `samples ${batch.from}-${batch.to - 1} (${batch.samples} samples)`;
    for (let attempt = 0;; attempt++) {
      if (this.stopped.aborted) return "failed";
      this.totals.requests++;
      let why: string;
      let wait: number | undefined;
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: this.#headers,
          body: batch.body,
          signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), this.stopped]),
        });
        const text = await response.text();
        if (response.ok) return "accepted";
        why = `${response.status} ${response.statusText}`.trim() +
          (text.trim() ? `: ${cut(text.trim().split("\n")[0], 200)}` : "");
        if (response.status !== 429 && response.status < 500) {
          this.report(`${what}: rejected with ${why} (not tried again: a 4xx is final)`);
          return "rejected";
        }
        wait = retryAfter(response.headers.get("retry-after"));
      } catch (error) {
        // Stopped by a signal: not a failure of the receiver's, and not reported as one.
        if (this.stopped.aborted) return "failed";
        why = describeFetchError(error, timeoutMs);
      }
      if (attempt >= retries) {
        this.report(
          `${url.href}: gave up on ${what} after ${attempt + 1} tries: ${why}`,
        );
        return "failed";
      }
      this.totals.retries++;
      // Exponential back-off, with jitter so parallel requests do not retry in step.
      const backoff = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** attempt);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, wait ?? backoff * (0.5 + 0.5 * this.jitter()));
        const stopped = this.stopped;
        stopped.addEventListener("abort", done, { once: true });
        function done() {
          clearTimeout(timer);
          stopped.removeEventListener("abort", done);
          resolve();
        }
      });
    }
  }
}

/** A Retry-After header's wait in ms (seconds only), capped at the longest back-off. */
function retryAfter(header: string | null): number | undefined {
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Math.min(MAX_BACKOFF_MS, Number(header.trim()) * 1000);
}

/** Why a request got no answer, in a few words. */
function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === "TimeoutError") {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  // Deno's fetch says "fetch failed" and names the reason in the error's cause.
  let message = "";
  for (let e: unknown = error; e !== undefined && message.length < 1000;) {
    message += (message ? ": " : "") + (e instanceof Error ? e.message : String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  if (/connection refused/i.test(message)) return "connection refused (is the receiver running?)";
  if (/connection closed|incomplete|reset|broken pipe|unexpected eof/i.test(message)) {
    return "the connection closed before an answer";
  }
  return escapeControls(cut(message.split("\n")[0], 200));
}

/** Waits until `performance.now()` reaches `at`, or a stop is asked for. */
async function sleepUntil(at: number, stopped: () => string | undefined): Promise<void> {
  while (stopped() === undefined) {
    const left = at - performance.now();
    if (left <= 0) return;
    await new Promise((resolve) => setTimeout(resolve, Math.min(left, 250)));
  }
}

/** A seeded stream of numbers in [0, 1) (xorshift32): the jitter is the same run to run. */
function seededUniform(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

function parsePushArgs(args: string[]): PushOptions | "help" {
  const { values } = parseFlags(args, OPTIONS, {
    positionalHint: "push takes its config with -c FILE and its receiver with --url URL",
  });
  if (values.help) return "help";
  const problems: string[] = [];
  if (values.config === undefined || values.config === "") {
    problems.push("-c/--config is required: the config file to push");
  }
  let url: URL | undefined;
  if (values.url === undefined || values.url === "") {
    problems.push("--url is required: the receiver's remote write endpoint");
  } else {
    url = URL.canParse(values.url) ? new URL(values.url) : undefined;
    if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
      problems.push(
        `--url: must be an http:// or https:// URL, such as http://127.0.0.1:9090/api/v1/write: ` +
          `got ${quoted(values.url)}`,
      );
    }
  }
  let speed: number | undefined;
  if (values.speed !== undefined) {
    speed = parseDecimal(values.speed);
    if (!(speed >= MIN_SPEED && speed <= MAX_SPEED)) {
      problems.push(
        `--speed: must be a number from ${MIN_SPEED.toFixed(6)} to ${MAX_SPEED}: got ${
          quoted(values.speed)
        }`,
      );
    }
    if (values.backfill) {
      problems.push("--speed and --backfill: give one: --backfill sends as fast as it can");
    }
  }
  if (
    values.start !== undefined && values.start !== "now" &&
    !(/^\d{4}-\d\d-\d\dT/.test(values.start) && !Number.isNaN(Date.parse(values.start)))
  ) {
    problems.push(
      `--start: must be a date-time such as 2026-01-01T00:00:00Z, or now: got ${
        quoted(values.start)
      }`,
    );
  }
  const whole = (flag: string, text: string, min: number, max: number) => {
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(value >= min && value <= max)) {
      problems.push(`--${flag}: must be an integer from ${min} to ${max}: got ${quoted(text)}`);
    }
    return value;
  };
  const batch = whole("batch", values.batch, 1, 1_000_000);
  const concurrency = whole("concurrency", values.concurrency, 1, 1000);
  const retries = whole("retries", values.retries, 0, 1000);
  const timeout = parseDecimal(values.timeout);
  if (!(timeout >= 0.001 && timeout <= 3600)) {
    problems.push(
      `--timeout: must be a number of seconds from 0.001 to 3600: got ${quoted(values.timeout)}`,
    );
  }
  let seed: number | undefined;
  if (values.seed !== undefined) {
    seed = /^\d+$/.test(values.seed) ? Number(values.seed) : NaN;
    if (!Number.isSafeInteger(seed)) {
      problems.push(`--seed: must be an integer >= 0: got ${quoted(values.seed)}`);
    }
  }
  if (problems.length > 0) throw new UsageError(problems.join("\n"));
  return {
    config: values.config!,
    url: url!,
    speed,
    start: values.start,
    batch,
    concurrency,
    retries,
    timeoutMs: Math.round(timeout * 1000),
    seed,
    quiet: values.quiet,
  };
}
