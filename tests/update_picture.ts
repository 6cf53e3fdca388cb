// Rewrites docs/web_service_week.svg, the README's picture, from configs/web_service_week.toml.
// `deno task picture`; tests/svg_test.ts fails when the file is not current.
import { generate, parseConfig } from "../mod.ts";
import { plotDataset } from "../svg.ts";

export const PICTURE = "docs/web_service_week.svg";
export const PICTURE_CONFIG = "configs/web_service_week.toml";

/** The picture as the current code draws it. */
export function drawPicture(): string {
  return plotDataset(generate(parseConfig(Deno.readTextFileSync(PICTURE_CONFIG))));
}

if (import.meta.main) {
  Deno.writeTextFileSync(PICTURE, drawPicture());
  console.log(`wrote ${PICTURE}`);
}
