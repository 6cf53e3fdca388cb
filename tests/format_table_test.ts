// The format table says what the command line needs before a format's module is loaded: its
// file names, and whether its files are encoded in order. Each must agree with the module.
import { strictEqual } from "node:assert/strict";
import { createGenerator } from "../mod.ts";
import { FORMAT_NAMES, formatEncoders, FORMATS, loadFormats } from "../src/formats/mod.ts";

Deno.test("each format's entry says what its files do: their names, and whether they are encoded in order", async () => {
  await loadFormats(FORMAT_NAMES);
  const generator = createGenerator({
    general: { seed: 1, num_samples: 4, start: "2026-01-01T00:00:00Z" },
    metrics: { cpu: { value: 1 }, mem: { value: 2 } },
    // A fault, so that every format writes files (rcaeval: a case per fault).
    anomalies: { cpu: { at: 2, anomaly_factor: 2, pattern: "step", recovery_time: 1 } },
  });
  for (const format of FORMAT_NAMES) {
    const entry = FORMATS[format];
    const files = formatEncoders(generator, [format], { effects: true });
    strictEqual(files.length > 0, true, `${format} writes files`);
    // Sequential: every file is encoded in order; else some file can be made on a worker.
    strictEqual(files.every((file) => file.sequential), entry.sequential ?? false, format);
    for (const file of files) {
      const named = entry.names.includes(file.name) || (entry.pattern?.test(file.name) ?? false);
      strictEqual(named, true, `${format} writes ${file.name}, which its entry does not name`);
    }
  }
});
