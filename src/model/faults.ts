// The faults as injected: each fault's window, id and times, and where it reaches other metrics
// (SPEC sections 13 and 15), listed from the resolved config alone, so every file of truth agrees.

import type { ResolvedConfig } from "../config/types.ts";
import { FAULT_KINDS } from "../config/fault_kinds.ts";
import { formulaNames } from "../config/formula.ts";
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
  const effectsOf = (metric: string, first: number, last: number, spreading: boolean) =>
    reach(config, readers, metric, first, last, spreading).map((e) => withTimes(config, e));
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

/** Per metric, the derived metrics whose formulas read it, in config order. */
function formulaReaders(config: ResolvedConfig): Map<string, string[]> {
  const readers = new Map<string, string[]>();
  for (const [name, metric] of Object.entries(config.metrics)) {
    if (metric.formula === undefined) continue;
    for (const input of formulaNames(metric.formula)) {
      readers.set(input, [...readers.get(input) ?? [], name]);
    }
  }
  return readers;
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
  metric: string,
  first: number,
  last: number,
  spreading: boolean,
): FaultEffect[] {
  const n = config.general.num_samples;
  const effects: FaultEffect[] = [];
  const add = (child: string, lag: number, path: string[]) => {
    if (first + lag > n - 1) return false;
    effects.push({
      metric: child,
      service: serviceOf(child, config.metrics[child]),
      first_sample: first + lag,
      last_sample: Math.min(last + lag, n - 1),
      path,
    });
    return true;
  };
  const visit = (node: string, lag: number, path: string[], viaDependencies: boolean) => {
    if (viaDependencies) {
      for (const [child, spec] of Object.entries(config.metrics)) {
        const dependency = spec.depends_on?.[node];
        if (!dependency || dependency.weight === 0) continue;
        const total = lag + dependency.lag;
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
