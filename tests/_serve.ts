// `serve` as a test meets it: in its own process on a free loopback port, and spoken to raw,
// byte by byte, where fetch() would refuse to send a malformed request.

/** A free port on loopback (taken and released: the caller binds it right after). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** Polls `url` until it answers 200, for at most `seconds`. */
export async function waitFor(url: string, seconds = 30): Promise<void> {
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    try {
      const response = await fetch(url);
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

/** Starts `serve` in its own process and waits until it answers. */
export async function startServe(
  config: string,
  port: number,
  flags: string[],
): Promise<Deno.ChildProcess> {
  const child = new Deno.Command("deno", {
    args: [
      "run",
      "-R",
      "-N=127.0.0.1",
      "cli.ts",
      "serve",
      "-c",
      config,
      "--listen",
      `127.0.0.1:${port}`,
      ...flags,
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  await waitFor(`http://127.0.0.1:${port}/healthz`);
  return child;
}

/**
 * Sends `request` as it is and reads the answer until the server closes the connection (or 5 s
 * pass); returns the status line's code, or 0 when no status line came.
 */
export async function rawRequest(port: number, request: Uint8Array | string): Promise<number> {
  const connection = await Deno.connect({ hostname: "127.0.0.1", port });
  const bytes = typeof request === "string" ? new TextEncoder().encode(request) : request;
  const timer = setTimeout(() => connection.close(), 5000);
  let answer = "";
  try {
    await connection.write(bytes);
    const buffer = new Uint8Array(1 << 16);
    const decoder = new TextDecoder();
    for (;;) {
      const read = await connection.read(buffer);
      if (read === null) break;
      answer += decoder.decode(buffer.subarray(0, read), { stream: true });
      // A status line and the headers are all that is asked for.
      if (answer.includes("\r\n\r\n")) break;
    }
  } catch {
    // Closed by the server or the timer.
  } finally {
    clearTimeout(timer);
    try {
      connection.close();
    } catch {
      // Already closed.
    }
  }
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer);
  return status ? Number(status[1]) : 0;
}
