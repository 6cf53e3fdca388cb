// What a run of the command line loads: cli.ts's static imports, closed, plus what it imports on
// demand for the run asked for (a format's encoder, the picture, the recorded input's reader).
// Read from `deno info --json`, so it counts what Deno resolves, not what a file list says.
//
//   deno run -R --allow-run=deno bench/modules.ts [ROOT] [--format csv] [--plot] [--input]

interface Dependency {
  code?: { specifier?: string };
  isDynamic?: boolean;
}
interface ModuleInfo {
  specifier: string;
  size?: number;
  dependencies?: Dependency[];
}

const args = Deno.args.filter((arg, i) => !arg.startsWith("--") && Deno.args[i - 1] !== "--format");
const root = new URL(args[0] ?? "..", args[0] ? `file://${Deno.cwd()}/` : import.meta.url).href
  .replace(/\/?$/, "/");
const formatAt = Deno.args.indexOf("--format");
const formats = formatAt >= 0 ? Deno.args[formatAt + 1].split(",") : ["csv"];

const output = new Deno.Command("deno", {
  args: ["info", "--json", new URL("cli.ts", root).pathname],
  stdout: "piped",
  stderr: "null",
}).outputSync();
const modules = new Map<string, ModuleInfo>(
  (JSON.parse(new TextDecoder().decode(output.stdout)).modules as ModuleInfo[]).map((m) => [
    m.specifier,
    m,
  ]),
);

/** Whether a run of the formats asked for (and the picture, with --plot) imports `path`. */
const wanted = (path: string): boolean =>
  formats.some((name) => path.endsWith(`/${name}.ts`) || path.endsWith(`/${name}/mod.ts`)) ||
  (Deno.args.includes("--plot") && /\/(svg|m4|picture\/mod)\.ts$/.test(path));

const seen = new Set<string>([new URL("cli.ts", root).href]);
const queue = [...seen];
while (queue.length > 0) {
  for (const dependency of modules.get(queue.pop()!)?.dependencies ?? []) {
    const target = dependency.code?.specifier;
    if (!target || seen.has(target) || !modules.has(target)) continue;
    if (dependency.isDynamic && !wanted(target)) continue;
    seen.add(target);
    queue.push(target);
  }
}
const ours = [...seen].filter((specifier) => specifier.startsWith(root));
const bytes = ours.reduce((sum, specifier) => sum + (modules.get(specifier)?.size ?? 0), 0);
console.log(
  `${ours.length} modules of ours, ${(bytes / 1024).toFixed(0)} KB of source (formats: ${
    formats.join(",")
  }${Deno.args.includes("--plot") ? ", picture" : ""})`,
);
if (Deno.args.includes("--list")) {
  for (const specifier of ours.sort()) console.log(`  ${specifier.slice(root.length)}`);
}
