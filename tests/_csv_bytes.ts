// The bytes of metrics.csv and labels.csv for a config, encoded chunk by chunk as the CLI does.
import { type Config, createGenerator, CsvEncoder, type GenerateOptions } from "../mod.ts";

export function csvBytes(
  config: Config,
  options: GenerateOptions & { chunkSize?: number } = {},
): { metrics: string; labels: string } {
  const generator = createGenerator(config, options);
  const decoder = new TextDecoder();
  const metrics = new CsvEncoder(generator.config);
  const labels = new CsvEncoder(generator.config, { kind: "labels" });
  let m = decoder.decode(metrics.header());
  let l = decoder.decode(labels.header());
  for (const chunk of generator.chunks({ chunkSize: options.chunkSize })) {
    m += decoder.decode(metrics.encode(chunk));
    l += decoder.decode(labels.encode(chunk));
  }
  return { metrics: m, labels: l };
}
