// `play`: the playground, one page served on loopback. The page is built when `play` starts (the
// page and its worker bundled for the browser by `deno bundle`, the configs/ examples embedded)
// and held in memory; `play --build DIR` writes the same files for any static web server.
// SIGINT and SIGTERM stop the server.

import { quoted } from "../src/text/mod.ts";
import type { CliIo } from "./io.ts";
import { parseFlags, parseListen, UsageError } from "./flags.ts";
import { FileError, InputError } from "./errors.ts";

/** `play`'s help. */
export const PLAY_USAGE =
  `chaos-datagen play: the playground, a page that draws a config as you type

Usage:
  deno run -R --allow-run=deno -N=127.0.0.1 cli.ts play [--listen HOST:PORT]
  deno run -R --allow-run=deno -W=DIR cli.ts play --build DIR

Options:
      --listen ADDR     HOST:PORT to listen on (default: 127.0.0.1:8470, loopback only);
                        port 0 picks a free one
      --build DIR       write the page's files to DIR instead (for any static web server)
  -q, --quiet           print nothing but errors
  -h, --help            show this help

The page is built at the start from play/ (deno bundle, no network) with the examples of
configs/; it makes no request but to its own server. Exit status: 0 stopped by SIGINT or
SIGTERM, or the files written; 2 bad flags or address; 1 the build or the server failed.
`;

const DEFAULT_LISTEN = "127.0.0.1:8470";

const OPTIONS = {
  listen: { type: "string", default: DEFAULT_LISTEN },
  build: { type: "string" },
  quiet: { type: "boolean", short: "q", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

/**
 * The page's files, by name, and their content types.
 *
 * @example
 * ```ts
 * import { PLAY_FILES } from "./play.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(PLAY_FILES["worker.js"], "text/javascript; charset=utf-8");
 * ```
 */
export const PLAY_FILES: Readonly<Record<string, string>> = {
  "index.html": "text/html; charset=utf-8",
  "style.css": "text/css; charset=utf-8",
  "page.js": "text/javascript; charset=utf-8",
  "worker.js": "text/javascript; charset=utf-8",
};

/**
 * Runs `play`; resolves with the exit status when the server stops or the files are written.
 *
 * @param args The flags after `play`.
 * @param io Where messages go.
 * @returns The exit status.
 * @throws {UsageError} Bad flags or address.
 * @throws {InputError} No permission to run deno or to listen.
 * @throws {FileError} The build or the writing of its files failed.
 *
 * @example The help
 * ```ts
 * import { runPlay } from "./play.ts";
 * import { ok, strictEqual } from "node:assert/strict";
 *
 * const lines: string[] = [];
 * strictEqual(await runPlay(["--help"], { print: (l) => lines.push(l), error: () => {} }), 0);
 * ok(lines[0].startsWith("chaos-datagen play:"));
 * ```
 */
export async function runPlay(args: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(args, OPTIONS, { positionalHint: "play takes no file" });
  if (values.help) {
    io.print(PLAY_USAGE.trimEnd());
    return 0;
  }
  const address = parseListen(values.listen, 8470);
  if (typeof address === "string") throw new UsageError(address);
  if (values.build === "") throw new UsageError('--build: must name a folder: got ""');
  // Asked first, so that a missing permission is named before any work.
  if (Deno.permissions.querySync({ name: "run", command: "deno" }).state !== "granted") {
    throw new InputError("play builds the page with deno bundle: run with --allow-run=deno");
  }
  if (values.build === undefined) checkListen(address.hostname);
  const files = await buildPlay();
  if (values.build !== undefined) {
    const directory = values.build;
    try {
      Deno.mkdirSync(directory, { recursive: true });
      for (const [name, bytes] of files) Deno.writeFileSync(`${directory}/${name}`, bytes);
    } catch (error) {
      if (error instanceof Deno.errors.NotCapable) throw error;
      throw new FileError(`cannot write the page to ${quoted(directory)}: ${firstLine(error)}`);
    }
    if (!values.quiet) io.error(`wrote ${[...files.keys()].join(", ")} to ${directory}`);
    return 0;
  }
  return await servePlay(files, address, values.quiet, io);
}

/**
 * The page's files: play/index.html with the examples of configs/ embedded, play/style.css, and
 * play/page.ts and play/worker.ts bundled for the browser. Needs read access and permission to
 * run `deno`.
 *
 * @returns Each file's bytes by name, as `play` serves them and `play --build` writes them.
 * @throws {FileError} When `deno bundle` fails.
 *
 * @example The files `play` serves
 * ```ts
 * import { buildPlay, PLAY_FILES } from "./play.ts";
 * import { deepStrictEqual, ok } from "node:assert/strict";
 *
 * const files = await buildPlay();
 * deepStrictEqual([...files.keys()].sort(), Object.keys(PLAY_FILES).sort());
 * ok(!new TextDecoder().decode(files.get("worker.js")).includes("node:zlib"));
 * ```
 */
export async function buildPlay(): Promise<Map<string, Uint8Array>> {
  const play = new URL("../play/", import.meta.url);
  const configs = new URL("../configs/", import.meta.url);
  const examples: Record<string, string> = {};
  const names = [...Deno.readDirSync(configs)]
    .filter((entry) => entry.isFile && entry.name.endsWith(".toml"))
    .map((entry) => entry.name)
    .sort();
  for (const name of names) examples[name] = Deno.readTextFileSync(new URL(name, configs));
  // Inside <script>, "<" written as \u003c so no config can close the element.
  const embedded = JSON.stringify(examples).replaceAll("<", "\\u003c");
  const slot = /(<script type="application\/json" id="examples-data">)\s*\{\}\s*(<\/script>)/;
  const html = Deno.readTextFileSync(new URL("index.html", play)).replace(
    slot,
    (_, open, close) => open + embedded + close,
  );
  const worker = new TextDecoder().decode(await bundle(new URL("worker.ts", play)));
  // Browsers have no node:zlib: the worker puts a stand-in on globalThis (play/zstd_raw.ts).
  const zlib = /import\s*\{([^}]*)\}\s*from\s*"node:zlib";?/;
  const match = zlib.exec(worker);
  const shimmed = match
    ? worker.replace(
      zlib,
      () =>
        match[1].split(",").map((part) => {
          const [name, alias] = part.trim().split(/\s+as\s+/);
          // Looked up when called: the worker sets the stand-in after the bundle's imports.
          return name === "constants"
            ? `var ${alias ?? name}={};`
            : `var ${alias ?? name}=(...a)=>globalThis.__playZlib.${name}(...a);`;
        }).join(""),
    )
    : worker;
  const text = new TextEncoder();
  return new Map([
    ["index.html", text.encode(html)],
    ["style.css", Deno.readFileSync(new URL("style.css", play))],
    ["page.js", await bundle(new URL("page.ts", play))],
    ["worker.js", text.encode(shimmed)],
  ]);
}

/** A module and its imports as one minified file for the browser, by `deno bundle`. */
async function bundle(entry: URL): Promise<Uint8Array> {
  // By name, as --allow-run=deno allows it.
  const output = await new Deno.Command("deno", {
    args: ["bundle", "--quiet", "--platform", "browser", "--minify", entry.pathname],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    const why = new TextDecoder().decode(output.stderr).trim().split("\n")[0];
    throw new FileError(`cannot build the page: deno bundle ${entry.pathname}: ${why}`);
  }
  return output.stdout;
}

async function servePlay(
  files: Map<string, Uint8Array>,
  address: { hostname: string; port: number },
  quiet: boolean,
  io: CliIo,
): Promise<number> {
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      hostname: address.hostname,
      port: address.port,
      onListen: () => {},
      onError: (error) => {
        io.error(`error: a request failed: ${firstLine(error)}`);
        return new Response("internal error\n", { status: 500 });
      },
    }, (request) => {
      if (request.method !== "GET" && request.method !== "HEAD") {
        return new Response("method not allowed: use GET\n", {
          status: 405,
          headers: { allow: "GET, HEAD" },
        });
      }
      let path: string;
      try {
        path = new URL(request.url).pathname;
      } catch {
        return new Response("bad request\n", { status: 400 });
      }
      const name = path === "/" ? "index.html" : path.slice(1);
      const bytes = files.get(name);
      if (!bytes) return new Response("not found: try /\n", { status: 404 });
      return new Response(request.method === "HEAD" ? null : bytes as Uint8Array<ArrayBuffer>, {
        headers: {
          "content-type": PLAY_FILES[name],
          // Nothing from elsewhere: scripts, styles, images and workers from this server only.
          "content-security-policy":
            "default-src 'self'; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'",
          "cache-control": "no-cache",
        },
      });
    });
  } catch (error) {
    throw new InputError(
      `--listen: cannot listen on ${address.hostname}:${address.port}: ${firstLine(error)}`,
    );
  }
  const { hostname, port } = server.addr;
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  if (!quiet) io.error(`playground at http://${host}:${port}/`);
  const stopped = Promise.withResolvers<string>();
  const handlers = (["SIGINT", "SIGTERM"] as const).map((signal) => {
    const handler = () => stopped.resolve(signal);
    Deno.addSignalListener(signal, handler);
    return [signal, handler] as const;
  });
  const why = await Promise.race([stopped.promise, server.finished.then(() => "failed")]);
  for (const [signal, handler] of handlers) Deno.removeSignalListener(signal, handler);
  await server.shutdown();
  if (why === "failed") {
    io.error("error: the server stopped unexpectedly");
    return 1;
  }
  if (!quiet) io.error(`stopped by ${why}`);
  return 0;
}

function checkListen(hostname: string): void {
  if (Deno.permissions.querySync({ name: "net", host: hostname }).state !== "granted") {
    throw new InputError(
      `--listen: no permission to listen on ${hostname}; run with -N=${hostname}`,
    );
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}
