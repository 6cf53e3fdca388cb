// Rewrites tests/golden/<config>/ from the current generator: run only when a change of the
// numbers is intended (a major version), then review the diff.
import { goldenRun, runCli, SHIPPED_CONFIGS } from "./_run_cli.ts";

for (const shipped of SHIPPED_CONFIGS) {
  const { name } = shipped;
  const out = `tests/golden/${name}`;
  const run = await runCli([
    "-c",
    `configs/${name}.toml`,
    "-o",
    out,
    "-q",
    "--no-plot",
    ...goldenRun(shipped).flags,
  ]);
  if (run.status !== 0) throw new Error(`${name}: ${run.stderr.join("\n")}`);
  await Deno.remove(`${out}/manifest.json`);
  console.log(`wrote ${out}`);
}
