// Rewrites tests/golden/<config>/ from the current generator (its files, and the manifest's list
// of faults as anomalies.json): run only when a change of the numbers is intended (a major
// version), then review the diff.
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
  // The manifest's faults are kept; the rest of it names a version and digests of these files.
  const manifest = JSON.parse(await Deno.readTextFile(`${out}/manifest.json`));
  await Deno.writeTextFile(
    `${out}/anomalies.json`,
    JSON.stringify(manifest.anomalies, null, 2) + "\n",
  );
  await Deno.remove(`${out}/manifest.json`);
  console.log(`wrote ${out}`);
}
