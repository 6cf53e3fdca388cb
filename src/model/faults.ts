// The faults as injected: each fault's window, id and times, and where it reaches other metrics
// (SPEC sections 13 and 15), listed from the resolved config alone, so every file of truth agrees.

import type { ResolvedConfig } from "../config/types.ts";
import { FAULT_KINDS } from "../config/fault_kinds.ts";
import { columnInputs } from "../config/distributions.ts";
import { serviceOf } from "../config/services.ts";
import { spreads } from "./propagation.ts";
import { sampleTime } from "./time.ts";
import type {
  FaultEffect,
  InjectedAnomaly,
  InjectedFault,
  InjectedPatternFault,
} from "./dataset.ts";

export function listAnomalies(config: ResolvedConfig): InjectedAnomaly[] {
  const list: InjectedAnomaly[] = [];
  const readers = formulaReaders(config);
  const children = dependents(config);
  const effectsOf = (metric: string, first: number, last: number, spreading: boolean) =>
    reach(config, readers, children, metric, first, last, spreading).map((e) =>
      withTimes(config, e)
    );
  for (const [metric, faults] of Object.entries(config.anomalies)) {
    for (const [i, fault] of faults.entries()) {
      const id = `${metric}#${i + 1}`;
      if (fault.kind !== "pattern") {
        // The kind's own keys, between the metric and the window, as the config gave them.
        const { kind, at, fault_type, ...keys } = fault;
        const last = at + FAULT_KINDS[kind].span(fault) - 1;
        list.push(withTimes(config, {
          id,
          kind,
          metric,
          service: serviceOf(metric, config.metrics[metric]),
          fault_type: fault_type ?? kind,
          ...keys,
          first_sample: at,
          last_sample: last,
          effects: effectsOf(metric, at, last, false),
        } as InjectedAnomaly));
        continue;
      }
      const last = fault.at + fault.onset + fault.hold + fault.recovery_time - 1;
      const anomaly: InjectedPatternFault = {
        id,
        kind: "pattern",
        metric,
        service: serviceOf(metric, config.metrics[metric]),
        fault_type: fault.fault_type ?? "pattern",
        pattern: fault.pattern,
        anomaly_factor: fault.anomaly_factor,
        pattern_args: fault.pattern_args,
        onset: fault.onset,
        hold: fault.hold,
        recovery_time: fault.recovery_time,
        offset: fault.offset,
        noise_factor: fault.noise_factor,
        first_sample: fault.at,
        last_sample: last,
        effects: effectsOf(metric, fault.at, last, spreads(fault)),
      };
      list.push(withTimes(config, anomaly));
    }
  }
  return list;
}

/**
 * Per metric, the columns that read it at the same sample, in config order: derived metrics
 * through their formulas, a histogram's or summary's columns.
 */
function formulaReaders(config: ResolvedConfig): Map<string, string[]> {
  const readers = new Map<string, string[]>();
  for (const [name, metric] of Object.entries(config.metrics)) {
    for (const input of columnInputs(metric, config.metrics)) {
      let list = readers.get(input);
      if (!list) readers.set(input, list = []);
      list.push(name);
    }
  }
  return readers;
}

/**
 * Per metric, the metrics that depend on it with a non-zero weight, in config order, found once:
 * a config of many series has many metrics, and each fault would look through all of them.
 */
function dependents(config: ResolvedConfig): Map<string, [string, number][]> {
  const children = new Map<string, [string, number][]>();
  for (const [child, spec] of Object.entries(config.metrics)) {
    for (const [parent, dependency] of Object.entries(spec.depends_on ?? {})) {
      if (dependency.weight === 0) continue;
      let list = children.get(parent);
      if (!list) children.set(parent, list = []);
      list.push([child, dependency.lag]);
    }
  }
  return children;
}

/**
 * Every window a fault on `metric` over first .. last reaches: a spreading one through every path
 * of dependencies with a non-zero weight (lags add up along a path, windows are cut at the end);
 * any fault through every formula that reads a metric it reached, at the same samples (a derived
 * metric's deviation is no multiplier, so it goes on through formulas only).
 */
function reach(
  config: ResolvedConfig,
  readers: ReadonlyMap<string, readonly string[]>,
  children: ReadonlyMap<string, readonly (readonly [string, number])[]>,
  metric: string,
  first: number,
  last: number,
  spreading: boolean,
): FaultEffect[] {
  const n = config.general.num_samples;
  const effects: FaultEffect[] = [];
  const add = (child: string, lag: number, path: string[]) => {
    // A series with a life (churn) has no samples, so no effect, outside it.
    const [born, ends] = config.metrics[child].life ?? [0, n - 1];
    const from = Math.max(first + lag, born);
    const to = Math.min(last + lag, ends);
    if (from > to) return false;
    effects.push({
      metric: child,
      service: serviceOf(child, config.metrics[child]),
      first_sample: from,
      last_sample: to,
      path,
    });
    return true;
  };
  const visit = (node: string, lag: number, path: string[], viaDependencies: boolean) => {
    if (viaDependencies) {
      for (const [child, childLag] of children.get(node) ?? []) {
        const total = lag + childLag;
        const childPath = [...path, child];
        add(child, total, childPath);
        visit(child, total, childPath, true);
      }
    }
    for (const reader of readers.get(node) ?? []) {
      const readerPath = [...path, reader];
      if (add(reader, lag, readerPath)) visit(reader, lag, readerPath, false);
    }
  };
  visit(metric, 0, [metric], spreading);
  return effects;
}

/** The fault with the times of its first and last samples, when `general.start` is set. */
function withTimes<T extends Pick<InjectedFault, "first_sample" | "last_sample">>(
  config: ResolvedConfig,
  fault: T,
): T {
  if (config.general.start === undefined) return fault;
  return {
    ...fault,
    first_time: sampleTime(config.general, fault.first_sample),
    last_time: sampleTime(config.general, fault.last_sample),
  };
}
