import { createGenerator, CsvEncoder, parseConfig } from "../mod.ts";
const config = parseConfig(Deno.readFileSync("/tmp/bench/m5_n1e6.toml"));
const g = createGenerator(config);
const enc = new CsvEncoder(g.config);
const lab = new CsvEncoder(g.config, { kind: "labels" });
const B = Number(Deno.args[0]);
const marks: string[] = [];
const t0 = performance.now();
for (let from = 0; from < 1e6; from += B) {
  const [c] = g.chunks({ from, to: Math.min(1e6, from + B), chunkSize: B });
  enc.encode(c);
  lab.encode(c);
  if ((from + B) % 69632 < B) marks.push((performance.now() - t0).toFixed(0));
}
console.log(B, marks.join(" "));
