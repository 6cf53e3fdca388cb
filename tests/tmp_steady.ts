import { createGenerator, CsvEncoder, parseConfig } from "../mod.ts";
const config = parseConfig(Deno.readFileSync(Deno.args[0]));
const g = createGenerator(config);
const enc = new CsvEncoder(g.config);
const lab = new CsvEncoder(g.config, { kind: "labels" });
const B = 69632;
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  for (let from = 0; from < g.numSamples; from += B) {
    const [c] = g.chunks({ from, to: Math.min(g.numSamples, from + B), chunkSize: B });
    if (Deno.args[1] !== "gen") {
      enc.encode(c);
      lab.encode(c);
    }
  }
  console.log((performance.now() - t0).toFixed(0), "ms");
}
