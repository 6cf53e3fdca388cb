// Rewrites the pictures of the README and the guides (docs/*.svg) from the shipped configs they
// show. `deno task picture`; tests/svg_test.ts fails when one is not current.
import { generate, parseConfig } from "../mod.ts";
import { plotDataset } from "../svg.ts";

/** Each picture and the config it draws. */
export const PICTURES: readonly { picture: string; config: string }[] = [
  { picture: "docs/web_service_week.svg", config: "configs/web_service_week.toml" },
  { picture: "docs/faults_and_time.svg", config: "configs/faults_and_time.toml" },
  { picture: "docs/checkout_cascade.svg", config: "configs/checkout_cascade.toml" },
  { picture: "docs/readme_example.svg", config: "configs/readme_example.toml" },
  { picture: "docs/anomaly_zoo.svg", config: "configs/anomaly_zoo.toml" },
];

/** A picture as the current code draws it. */
export function drawPicture(config: string): string {
  return plotDataset(generate(parseConfig(Deno.readTextFileSync(config))));
}

if (import.meta.main) {
  for (const { picture, config } of PICTURES) {
    Deno.writeTextFileSync(picture, drawPicture(config));
    console.log(`wrote ${picture}`);
  }
}
