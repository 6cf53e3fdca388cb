// The module as a user's project meets it: imported by URL and by path from a folder with no
// deno.json (so no import map), type-checked and run; and mod.ts without the plotting stack.
import { ok, strictEqual } from "node:assert/strict";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Serves the repository's files on loopback until the returned function is called. */
function serveRepository(): { origin: string; stop: () => Promise<void> } {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const path = decodeURIComponent(new URL(req.url).pathname);
    if (path.includes("..") || !/\.(ts|json)$/.test(path)) {
      return new Response(null, { status: 404 });
    }
    try {
      const body = await Deno.readFile(`${ROOT}${path.slice(1)}`);
      return new Response(body, { headers: { "content-type": "application/typescript" } });
    } catch {
      return new Response(null, { status: 404 });
    }
  });
  const { port } = server.addr as Deno.NetAddr;
  return { origin: `http://127.0.0.1:${port}`, stop: () => server.shutdown() };
}

/** A user's test file that imports the module from `base`. */
function userModule(base: string): string {
  return `import { generate, parseConfig, type Dataset } from "${base}/mod.ts";
import { plotDataset } from "${base}/svg.ts";

const config = parseConfig(\`
[general]
seed = 1
num_samples = 6
[metrics.cpu]
value = 30
[anomalies.cpu]
at = 2
anomaly_factor = 2
pattern = "step"
recovery_time = 2
\`);
const data: Dataset = generate(config);
const svg: string = plotDataset(data);
console.log(JSON.stringify([...data.values.cpu]), svg.startsWith("<svg"));
`;
}

async function deno(cwd: string, args: string[]): Promise<{ code: number; out: string }> {
  const { code, stdout, stderr } = await new Deno.Command("deno", {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code, out: text.decode(stdout) + text.decode(stderr) };
}

async function checkAndRun(base: string, allowImport: string[]): Promise<void> {
  // A folder of the system's, far from this repository's deno.json.
  const dir = await Deno.makeTempDir({ prefix: "chaos-datagen-user-" });
  try {
    await Deno.writeTextFile(`${dir}/user_test.ts`, userModule(base));
    const check = await deno(dir, ["check", ...allowImport, "user_test.ts"]);
    strictEqual(check.code, 0, check.out);
    const run = await deno(dir, ["run", ...allowImport, "user_test.ts"]);
    strictEqual(run.code, 0, run.out);
    ok(run.out.includes("[30,30,60,60,30,30] true"), run.out);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("mod.ts and svg.ts imported by URL type-check and run in a project with no deno.json", async () => {
  const { origin, stop } = serveRepository();
  try {
    await checkAndRun(origin, [`--allow-import=${new URL(origin).host}`]);
  } finally {
    await stop();
  }
});

Deno.test("mod.ts and svg.ts imported by path type-check and run in a project with no deno.json", async () => {
  await checkAndRun(ROOT.replace(/\/$/, ""), []);
});

Deno.test("importing mod.ts loads neither the plotting stack nor the command line", async () => {
  const { code, out } = await deno(ROOT, ["info", "--json", "mod.ts"]);
  strictEqual(code, 0, out);
  const graph = JSON.parse(out) as { modules: { specifier: string }[] };
  const specifiers = graph.modules.map((m) => m.specifier);
  ok(specifiers.some((s) => s.includes("smol-toml")), "the TOML parser is in the graph");
  for (const heavy of ["@observablehq/plot", "linkedom", "d3", "/svg.ts", "/cli"]) {
    ok(!specifiers.some((s) => s.includes(heavy)), `${heavy} is loaded by mod.ts`);
  }
});
