/**
 * The version of chaos-datagen, as written in its manifests. Kept equal to deno.json's by a test.
 *
 * @example
 * ```ts
 * import { VERSION } from "@chaos-datagen/chaos-datagen";
 * import { match } from "node:assert/strict";
 *
 * match(VERSION, /^\d+\.\d+\.\d+/);
 * ```
 */
export const VERSION: string = "0.1.0";
