// The plan of a run: per metric, its baseline, noise stream, faults, windows, counter and the
// parents its faults come from, made once from the resolved config and read by every chunk.

import type {
  ResolvedAnomalyConfig,
  ResolvedConfig,
  ResolvedPatternFault,
  ResolvedSeasonFault,
  ResolvedWindowFault,
} from "../config/types.ts";
import { metricNoiseSd, NOISE_LAWS, noiseArgs } from "../config/noise_laws.ts";
import { NoiseStream } from "../random/noise.ts";
import { streamKey } from "../random/mod.ts";
import { type BaselinePlan, baselinePlan } from "./baseline.ts";
import { FormulaProgram, parseFormula } from "../config/formula.ts";
import type { Parent, SpreadSource } from "./propagation.ts";
import { CoupledNoise, type CoupledParent, type NoiseSource } from "./coupling.ts";
import { ObservedGroup, ObservedSources } from "./observe.ts";
import type { Chunk } from "./dataset.ts";

/** One metric's plan: everything its chunks are made from. */
export type MetricPlan = {
  value: number;
  /** A recorded metric's baseline: its recorded values from sample `from` on. */
  recorded?: (from: number, into: Float64Array) => void;
  baseline?: BaselinePlan;
  /** A derived metric's formula, and the indices of the metrics it reads, in its input order. */
  formula?: { program: FormulaProgram; inputs: number[]; twins: Float64Array[] };
  /** Its noise: its own stream, or its noise coupled to its parents' (SPEC section 18). */
  noise?: NoiseSource;
  stepSize?: number;
  /** Bounds of the final value (SPEC section 11), infinite when not set. */
  min: number;
  max: number;
  faults: ResolvedPatternFault[];
  /** Flatline and missing windows, in config order, and the values flatlines hold (memoised). */
  windows: ResolvedWindowFault[];
  /** Faults on the seasons. */
  seasonFaults: ResolvedSeasonFault[];
  /** Extrema: their samples and what they add there (size x the noise deviation). */
  extrema: { at: number; add: number }[];
  /** Windows only labelled here (decouple: it acts on coupling, SPEC section 18). */
  marks: { at: number; length: number }[];
  held: number[];
  /** A counter's plan: its resets, and the count through the last sample integrated. */
  counter?: CounterPlan;
  /** The metrics whose faults reach this one. */
  parents: Parent[];
  /** Every metric's plan, and this one's place among them: what spreading reads. */
  sources: readonly SpreadSource[];
  index: number;
  /** The samples a series has (churn, `life`): missing outside, and not labelled there. */
  life?: readonly [number, number];
  /** Whether any fault adds an offset or scales the noise: those need buffers of their own. */
  offsets: boolean;
  gains: boolean;
  /** A column of a histogram or summary: the state its columns share, and which one it is. */
  observes?: { group: ObservedGroup; slot: number; counts: boolean };
};

/** Makes a filler of some plans (the chunk filler; passed in, as it is made of plans). */
export type FillerOf = (plans: MetricPlan[]) => {
  fill(from: number, to: number, only?: Uint8Array): Chunk;
};

/**
 * A counter (SPEC section 12): n(k) = round_half_even(max(0, x(k)) * interval) events a sample,
 * counted from the last reset. Counts are integers below 2^53, so sums are exact and a block's
 * counts do not depend on where blocks start.
 */
export type CounterPlan = {
  interval: number;
  resets: ReadonlySet<number>;
  /** The count through sample `through` (-1: before the first). */
  through: number;
  count: number;
  /** Rates alone, for counting up to a block that does not follow the last one. */
  rates?: { fill(from: number, to: number): { readonly values: readonly Float64Array[] } };
};

/**
 * Plans every metric of a config.
 *
 * @param config The resolved config.
 * @param recordedOf Where a recorded metric's baseline is read.
 * @param fillerOf Makes chunk fillers: a histogram's columns count up from the start with one.
 */
export function planMetrics(
  config: ResolvedConfig,
  recordedOf: (name: string) => (from: number, into: Float64Array) => void,
  fillerOf?: FillerOf,
): MetricPlan[] {
  const names = Object.keys(config.metrics);
  const seed = config.general.seed;
  const plans: MetricPlan[] = [];
  for (const [index, name] of names.entries()) {
    const metric = config.metrics[name];
    const faults = config.anomalies[name] ?? [];
    const plan: MetricPlan = {
      index,
      sources: plans,
      value: metric.value ?? 0,
      recorded: metric.recorded ? recordedOf(name) : undefined,
      stepSize: metric.step_size,
      ...byKind(faults, metric),
      parents: Object.entries(metric.depends_on ?? {}).map(([parent, { weight, lag }]) => ({
        index: names.indexOf(parent),
        weight,
        lag,
      })),
      counter: metric.type === "counter"
        ? {
          interval: config.general.interval,
          resets: new Set(faults.filter((f) => f.kind === "reset").map((f) => f.at)),
          through: -1,
          count: 0,
        }
        : undefined,
      held: [],
      offsets: false,
      gains: false,
      min: metric.min ?? -Infinity,
      max: metric.max ?? Infinity,
      baseline: baselinePlan(config.general, seed, name, metric),
    };
    if (metric.life) plan.life = metric.life;
    if (metric.formula !== undefined) {
      const program = new FormulaProgram(parseFormula(metric.formula));
      plan.formula = {
        program,
        inputs: program.inputs.map((input) => names.indexOf(input)),
        twins: [],
      };
    }
    plan.offsets = plan.faults.some((fault) => fault.offset !== 0);
    plan.gains = plan.faults.some((fault) => fault.noise_factor !== 1);
    if (metric.noise) {
      const args = noiseArgs(metric.noise_args);
      const sampler = NOISE_LAWS[metric.noise].sampler(args);
      plan.noise = new NoiseStream(streamKey(seed, name), sampler, args.smoothing_window);
    }
    plans.push(plan);
  }
  couple(config, plans);
  if (fillerOf) observe(config, plans, recordedOf, fillerOf);
  return plans;
}

/** Gives each histogram's and summary's columns their shared group. */
function observe(
  config: ResolvedConfig,
  plans: MetricPlan[],
  recordedOf: (name: string) => (from: number, into: Float64Array) => void,
  fillerOf: FillerOf,
): void {
  const names = Object.keys(config.metrics);
  const columns = new Map(names.map((name, j) => [name, j]));
  const sources = new ObservedSources(
    names.length,
    () => fillerOf(planMetrics(config, recordedOf)),
    () => fillerOf(planMetrics({ ...config, anomalies: {} }, recordedOf)),
  );
  const groups = new Map<string, ObservedGroup>();
  const slots = new Map<string, number>();
  for (const [j, name] of names.entries()) {
    const observes = config.metrics[name].observes;
    if (!observes) continue;
    let group = groups.get(observes.of);
    if (!group) {
      group = new ObservedGroup(config, observes.of, columns, sources);
      groups.set(observes.of, group);
    }
    const slot = slots.get(observes.of) ?? 0;
    slots.set(observes.of, slot + 1);
    plans[j].observes = { group, slot, counts: observes.part !== "quantile" };
  }
}

/**
 * Replaces the noise of every metric a coupling joins, a parent or a child, by its coupled noise
 * (SPEC section 18); the others keep their own stream, untouched.
 */
function couple(config: ResolvedConfig, plans: MetricPlan[]): void {
  const names = Object.keys(config.metrics);
  const column = new Map(names.map((name, j) => [name, j]));
  // Per metric, the parents it follows, in its depends_on order; and who follows each metric.
  const coupledParents = names.map((name) =>
    Object.entries(config.metrics[name].depends_on ?? {})
      .filter(([, d]) => d.coupling !== 0)
      .map(([parent, { lag, coupling }]) => ({ index: column.get(parent)!, lag, coupling }))
  );
  if (coupledParents.every((parents) => parents.length === 0)) return;
  const followers = names.map((): { child: number; lag: number }[] => []);
  coupledParents.forEach((parents, child) => {
    for (const { index, lag } of parents) followers[index].push({ child, lag });
  });
  // How far back each metric is read: the longest total lag along a path of couplings to it.
  const keep = new Map<number, number>();
  const keepOf = (j: number): number => {
    if (keep.has(j)) return keep.get(j)!;
    let longest = 0;
    for (const { child, lag } of followers[j]) longest = Math.max(longest, lag + keepOf(child));
    keep.set(j, longest);
    return longest;
  };
  const coupled = new Map<number, CoupledNoise>();
  const coupledOf = (j: number): CoupledNoise => {
    const known = coupled.get(j);
    if (known) return known;
    const sd = metricNoiseSd(config.metrics[names[j]]);
    const parents: CoupledParent[] = coupledParents[j].map(({ index, lag, coupling }) => ({
      noise: coupledOf(index),
      coefficient: coupling * sd / metricNoiseSd(config.metrics[names[index]]),
      lag,
    }));
    const squares = coupledParents[j].reduce((sum, d) => sum + d.coupling * d.coupling, 0);
    const noise = new CoupledNoise(
      plans[j].noise as NoiseStream,
      Math.sqrt(1 - squares),
      parents,
      plans[j].marks,
      keepOf(j),
    );
    coupled.set(j, noise);
    return noise;
  };
  // Every metric a coupling joins, as a child or as a parent.
  for (let j = 0; j < names.length; j++) {
    if (coupledParents[j].length > 0 || followers[j].length > 0) plans[j].noise = coupledOf(j);
  }
}

/** A metric's faults by how the generator applies them, in config order. */
function byKind(
  faults: readonly ResolvedAnomalyConfig[],
  metric: ResolvedConfig["metrics"][string],
): Pick<MetricPlan, "faults" | "windows" | "seasonFaults" | "extrema" | "marks"> {
  const sorted: Pick<MetricPlan, "faults" | "windows" | "seasonFaults" | "extrema" | "marks"> = {
    faults: [],
    windows: [],
    seasonFaults: [],
    extrema: [],
    marks: [],
  };
  for (const fault of faults) {
    switch (fault.kind) {
      case "pattern":
        sorted.faults.push(fault);
        break;
      case "flatline":
      case "missing":
        sorted.windows.push(fault);
        break;
      case "amplitude":
      case "frequency":
      case "phase":
      case "shape":
        sorted.seasonFaults.push(fault);
        break;
      case "extremum":
        sorted.extrema.push({ at: fault.at, add: fault.size * metricNoiseSd(metric) });
        break;
      case "decouple":
        sorted.marks.push({ at: fault.at, length: fault.recovery_time });
        break;
      case "reset":
        // A counter's plan holds its resets.
        break;
      default: {
        const unknown: never = fault;
        throw new TypeError(`unknown fault kind ${JSON.stringify(unknown)}`);
      }
    }
  }
  return sorted;
}

/**
 * The order chunks fill the metrics in: config order, except that a derived metric comes after
 * the metrics its formula reads, and a histogram's column after its location and rate (the config
 * has no cycle).
 */
export function fillOrder(plans: readonly MetricPlan[]): number[] {
  const order: number[] = [];
  const placed = new Uint8Array(plans.length);
  const place = (j: number): void => {
    if (placed[j]) return;
    placed[j] = 1;
    for (const input of plans[j].formula?.inputs ?? []) place(input);
    const observes = plans[j].observes;
    if (observes) {
      place(observes.group.source);
      if (observes.group.rate !== undefined) place(observes.group.rate);
    }
    order.push(j);
  };
  for (let j = 0; j < plans.length; j++) place(j);
  return order;
}
