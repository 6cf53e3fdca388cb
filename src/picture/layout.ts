// The picture's geometry, apart from the renderer: the command line sizes the aggregation with
// it without loading the plotting library.

/** Options of the picture, for `renderSvg` and `plotDataset`. */
export interface SvgOptions {
  /**
   * Width of the picture in pixels.
   * @default {960}
   */
  width?: number;
  /**
   * Height of each metric's panel in pixels.
   * @default {170}
   */
  panelHeight?: number;
}

/**
 * Panels drawn at most: a picture of more is too tall to read, and its size would grow with the
 * number of metrics. The others are named at the foot of the picture.
 */
export const MAX_PANELS = 50;

/** Left margin of every panel, for the y axis. */
export const MARGIN_LEFT = 70;
/** Right margin of every panel. */
export const MARGIN_RIGHT = 40;

/**
 * Pixel columns of the plotting area: what an `M4Aggregator` should aggregate into.
 *
 * @param options The picture's size.
 * @returns Columns of the plotting area.
 *
 * @example
 * ```ts
 * import { plotColumns } from "@chaos-datagen/chaos-datagen";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(plotColumns({ width: 960 }), 850);
 * ```
 */
export function plotColumns(options: SvgOptions = {}): number {
  return (options.width ?? 960) - MARGIN_LEFT - MARGIN_RIGHT;
}
