// What the page and its worker say to each other: a config to draw, or the files to download.

/** A config to draw, between samples `from` and `to` (the whole series when absent). */
export interface DrawRequest {
  /** Which request this is: answers to older ones are dropped. */
  id: number;
  type: "draw";
  /** The TOML text. */
  text: string;
  /** Pixel columns of the picture: at most four points each are sent back. */
  columns: number;
  /** The samples to draw (a zoom), or the whole series. */
  range?: { from: number; to: number };
}

/** The files of the last config drawn without problems. */
export interface FilesRequest {
  id: number;
  type: "files";
  /** `csv`, `parquet` or `manifest`. */
  format: "csv" | "parquet" | "manifest";
}

/** A message to the worker. */
export type PlayRequest = DrawRequest | FilesRequest;

/** A problem of the config, as the command line words it, at its line. */
export interface Problem {
  /** The line it is shown at, from 1. */
  line: number;
  /** The command line's message, without its `error: FILE: ` prefix. */
  message: string;
}

/** A fault or one of its effects, for the list and the bands. */
export interface FaultView {
  id: string;
  metric: string;
  /** As the picture labels it: `step ×2`, `spike +8sd`; an effect's is `<- cause`. */
  label: string;
  kind: string;
  first: number;
  last: number;
  /** Whether it is a fault's effect on another metric. */
  effect: boolean;
}

/** The picture's data: per metric, the points left after the per-column reduction. */
export interface Drawn {
  id: number;
  type: "drawn";
  seed: number;
  /** Whether the seed was drawn (the config has none). */
  seedDrawn: boolean;
  names: string[];
  numSamples: number;
  /** The first sample's time in ms since 1970 and the interval in ms, when the config has times. */
  startMs?: number;
  intervalMs: number;
  faults: FaultView[];
  /** The range drawn. */
  from: number;
  to: number;
  /** Where the drawing stopped: before `to` for a large config's preview. */
  drawnTo: number;
  /** Per metric, sample indices and values, in sample order. */
  index: Float64Array[];
  value: Float64Array[];
  /** Milliseconds the worker took. */
  workMs: number;
}

/** The config's problems. */
export interface Failed {
  id: number;
  type: "failed";
  problems: Problem[];
}

/** Files made in the worker. */
export interface Files {
  id: number;
  type: "files";
  files: { name: string; bytes: Uint8Array }[];
  /** Why none were made. */
  problem?: string;
}

/** A message from the worker. */
export type PlayAnswer = Drawn | Failed | Files;
