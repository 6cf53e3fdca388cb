// The fault kinds, one table: each kind's keys with their rules and defaults, what it needs of
// its metric, how long its window is, and the label the picture and score give it. Validation,
// placement, the truth, the picture and the schema's test read it; a new kind is one entry here,
// its case in the model's exhaustive switch (model/fill.ts), and its name in config/types.ts and
// config.schema.json, which tests hold equal.

import type { FaultKind, ResolvedAnomalyConfig, Waveform } from "./types.ts";

/** How a key's value is read. */
export type KeyRead =
  /** A finite number meeting `rule`. */
  | { readonly type: "number"; readonly rule?: string; readonly valid?: (x: number) => boolean }
  /** Samples: an integer >= `min`, or a duration that is a whole number of samples. */
  | { readonly type: "samples"; readonly min: number }
  /** A signed span: an integer of samples, or a duration with an optional "-". */
  | { readonly type: "shift" }
  /** One of the waveforms. */
  | { readonly type: "waveform" };

/** One key of a kind. */
export interface FaultKey {
  readonly read: KeyRead;
  /** Whether it must be given (a default fills it in otherwise, when there is one). */
  readonly required?: boolean;
  readonly default?: number;
  /** Whether it may be a range `[low, high]`, drawn per fault. */
  readonly ranged: boolean;
  /** Given only with this waveform (`duty` with `square`). */
  readonly onlyWith?: { readonly key: string; readonly value: string };
}

/** What a kind may need of its metric, known from the metric's config. */
export interface MetricFacts {
  readonly counter: boolean;
  readonly seasons: number;
  /** Its noise deviation (0 without noise). */
  readonly noiseSd: number;
  /** Whether it has a noise law at all. */
  readonly noise: boolean;
  readonly parents: number;
  /** How many of its parents it follows (coupling != 0). */
  readonly coupled: number;
}

/** Everything the tool knows of a fault kind. */
export interface FaultKindEntry {
  /** What happens in the window, for docs and `--help`. */
  readonly description: string;
  /** Whether it takes the envelope: onset, hold, recovery_time, pattern, pattern_args. */
  readonly envelope: boolean;
  /** Its own keys, besides `kind`, `at`, the placement keys and the envelope's, in draw order. */
  readonly keys: Readonly<Record<string, FaultKey>>;
  /** At least one of these must be given (a pattern fault needs an effect). */
  readonly oneOf?: readonly string[];
  /** What it needs of its metric: the problem, or undefined. */
  needs(metric: MetricFacts): string | undefined;
  /** Samples of its window, for a resolved fault of this kind. */
  span(fault: ResolvedAnomalyConfig): number;
  /**
   * Its label in the picture and in score's report: what it does, in a few characters
   * (`exponential ×3`, `frequency ×2`, `spike +8sd`).
   */
  label(fault: ResolvedAnomalyConfig): string;
}

/** Samples of an envelope: onset, hold and recovery. */
export function envelopeSpan(fault: ResolvedAnomalyConfig): number {
  const f = fault as unknown as { onset: number; hold: number; recovery_time: number };
  return f.onset + f.hold + f.recovery_time;
}

const windowSpan = (fault: ResolvedAnomalyConfig) =>
  (fault as unknown as { recovery_time: number }).recovery_time;
const needsSeasons = (metric: MetricFacts) =>
  metric.seasons > 0 ? undefined : "acts on the metric's seasons: give it seasonality";

/** A short decimal for labels: 3, 0.5, 1.25, 1.2e+6. */
export function short(x: number): string {
  return Number(x.toPrecision(3)).toString();
}

/** A fault's keys by name, for the labels. */
function keysOf(fault: ResolvedAnomalyConfig): Record<string, number | string | undefined> {
  return fault as unknown as Record<string, number | string | undefined>;
}

const factor = (fault: ResolvedAnomalyConfig) => short(keysOf(fault).factor as number);

/** The kinds by name. */
export const FAULT_KINDS: { readonly [kind in FaultKind]: FaultKindEntry } = {
  pattern: {
    description:
      "the value x the multiplier 1 + (anomaly_factor - 1) e, + offset e, noise x (1 + (noise_factor - 1) |e|)",
    envelope: true,
    keys: {
      anomaly_factor: { read: { type: "number" }, default: 1, ranged: true },
      offset: { read: { type: "number" }, default: 0, ranged: true },
      noise_factor: {
        read: {
          type: "number",
          rule: ">= 0 (the noise's amplitude multiplier)",
          valid: (x) => x >= 0,
        },
        default: 1,
        ranged: true,
      },
    },
    oneOf: ["anomaly_factor", "offset", "noise_factor"],
    needs: () => undefined,
    span: envelopeSpan,
    label(fault) {
      const f = keysOf(fault) as {
        pattern: string;
        anomaly_factor: number;
        offset: number;
        noise_factor: number;
      };
      const effects = [
        f.anomaly_factor !== 1 || (f.offset === 0 && f.noise_factor === 1)
          ? `×${short(f.anomaly_factor)}`
          : "",
        f.offset !== 0 ? `${f.offset > 0 ? "+" : ""}${short(f.offset)}` : "",
        f.noise_factor !== 1 ? `noise ×${short(f.noise_factor)}` : "",
      ].filter((text) => text);
      return `${f.pattern} ${effects.join(" ")}`;
    },
  },
  flatline: {
    description: "the metric holds the value before the window (or `value`: a platform)",
    envelope: false,
    keys: {
      recovery_time: { read: { type: "samples", min: 1 }, required: true, ranged: true },
      value: { read: { type: "number" }, ranged: true },
    },
    needs: () => undefined,
    span: windowSpan,
    label: (fault) => {
      const value = keysOf(fault).value as number | undefined;
      return value === undefined ? "flatline" : `flatline at ${short(value)}`;
    },
  },
  missing: {
    description: "no samples: empty CSV cells, NaN in arrays, no lines in Prometheus formats",
    envelope: false,
    keys: { recovery_time: { read: { type: "samples", min: 1 }, required: true, ranged: true } },
    needs: () => undefined,
    span: windowSpan,
    label: () => "missing",
  },
  reset: {
    description: "a counter's count restarts from 0 at `at` (a process restart)",
    envelope: false,
    keys: {},
    needs: (metric) =>
      metric.counter
        ? undefined
        : `"reset" restarts a counter; this metric is a gauge (type = "counter")`,
    span: () => 1,
    label: () => "reset",
  },
  extremum: {
    description: "one sample off by `size` noise deviations: a spike, or a dip",
    envelope: false,
    keys: {
      size: {
        read: {
          type: "number",
          rule: "a number other than 0 (noise deviations; negative: a dip)",
          valid: (x) => x !== 0,
        },
        required: true,
        ranged: true,
      },
    },
    needs: (metric) =>
      metric.noiseSd > 0
        ? undefined
        : metric.noise
        ? "is sized in the metric's noise deviations, and its noise's deviation is 0"
        : "is sized in the metric's noise deviations: give the metric noise",
    span: () => 1,
    label(fault) {
      const size = keysOf(fault).size as number;
      return `${size > 0 ? "spike +" : "dip "}${short(size)}sd`;
    },
  },
  amplitude: {
    description: "the seasons x 1 + (factor - 1) e; level, trend and noise unchanged",
    envelope: true,
    keys: { factor: { read: { type: "number" }, required: true, ranged: true } },
    needs: needsSeasons,
    span: envelopeSpan,
    label: (fault) => `amplitude ×${factor(fault)}`,
  },
  frequency: {
    description: "the seasons run `factor` times faster in the window",
    envelope: true,
    keys: {
      factor: {
        read: { type: "number", rule: "> 0 (how many times faster)", valid: (x) => x > 0 },
        required: true,
        ranged: true,
      },
    },
    needs: needsSeasons,
    span: envelopeSpan,
    label: (fault) => `frequency ×${factor(fault)}`,
  },
  phase: {
    description: "the seasons run later by `shift` x e (earlier when negative)",
    envelope: true,
    keys: { shift: { read: { type: "shift" }, required: true, ranged: true } },
    needs: needsSeasons,
    span: envelopeSpan,
    label(fault) {
      const shift = keysOf(fault).shift as number | string;
      const text = typeof shift === "number" ? `${shift} samples` : shift;
      const later = typeof shift === "number" ? shift > 0 : !shift.startsWith("-");
      return `phase ${later ? "+" : ""}${text}`;
    },
  },
  shape: {
    description: "the seasons take `waveform` in the window, blended in by e",
    envelope: true,
    keys: {
      waveform: { read: { type: "waveform" }, required: true, ranged: false },
      duty: {
        read: {
          type: "number",
          rule: "between 0 and 1 (the share of the period high)",
          valid: (x) => x > 0 && x < 1,
        },
        default: 0.5,
        ranged: true,
        onlyWith: { key: "waveform", value: "square" },
      },
    },
    needs: needsSeasons,
    span: envelopeSpan,
    label: (fault) => `shape: ${keysOf(fault).waveform as Waveform}`,
  },
  decouple: {
    description: "the metric stops following its parents' fluctuations (its couplings are 0)",
    envelope: false,
    keys: { recovery_time: { read: { type: "samples", min: 1 }, required: true, ranged: true } },
    needs: (metric) =>
      metric.coupled > 0
        ? undefined
        : "stops the metric following its parents: give it depends_on with a coupling",
    span: windowSpan,
    label: () => "decouple",
  },
};

/**
 * A fault's label, as its kind makes it: for the picture and score's report.
 *
 * @param fault A fault as resolved or as injected (the same keys).
 */
export function faultLabel(fault: { kind: FaultKind }): string {
  return FAULT_KINDS[fault.kind].label(fault as unknown as ResolvedAnomalyConfig);
}

/** The kinds, in table order. */
export const FAULT_KIND_NAMES: readonly FaultKind[] = Object.keys(FAULT_KINDS) as FaultKind[];

/** The waveforms, as seasons and `shape` faults take them. */
export const WAVEFORMS: readonly Waveform[] = ["cosine", "square", "triangle", "sawtooth"];

/** The keys an envelope adds to a kind. */
export const ENVELOPE_KEYS: Readonly<Record<string, FaultKey>> = {
  onset: { read: { type: "samples", min: 0 }, default: 0, ranged: true },
  hold: { read: { type: "samples", min: 0 }, default: 0, ranged: true },
  recovery_time: { read: { type: "samples", min: 1 }, required: true, ranged: true },
};

/** The keys that place faults by the seed. */
export const PLACEMENT_KEYS = ["count", "between", "min_gap"];

/** The keys every kind takes for root-cause layouts and scoring. */
export const RCA_KEYS = ["fault_type"];
/** The keys of a fault's table that pick the series of a metric of many series. */
export const SERIES_FAULT_KEYS: readonly string[] = ["share", "match"];
