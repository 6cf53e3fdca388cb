// The faults as injected: each fault's window, id and times, and where a spreading fault reaches
// (SPEC section 13), listed from the resolved config alone, so every file of truth agrees.

import type { ResolvedConfig } from "../config/types.ts";
import { FAULT_KINDS } from "../config/fault_kinds.ts";
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
  for (const [metric, faults] of Object.entries(config.anomalies)) {
    for (const [i, fault] of faults.entries()) {
      const id = `${metric}#${i + 1}`;
      if (fault.kind !== "pattern") {
        // The kind's own keys, between the metric and the window, as the config gave them.
        const { kind, at, ...keys } = fault;
        const last = at + FAULT_KINDS[kind].span(fault) - 1;
        list.push(withTimes(config, {
          id,
          kind,
          metric,
          ...keys,
          first_sample: at,
          last_sample: last,
        } as InjectedAnomaly));
        continue;
      }
      const last = fault.at + fault.onset + fault.hold + fault.recovery_time - 1;
      const anomaly: InjectedPatternFault = {
        id,
        kind: "pattern",
        metric,
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
        effects: [],
      };
      if (spreads(fault)) {
        anomaly.effects = effectsOf(config, metric, fault.at, last).map((e) =>
          withTimes(config, e)
        );
      }
      list.push(withTimes(config, anomaly));
    }
  }
  return list;
}

/**
 * Every window a spreading fault on `metric` over first .. last reaches, through every path of
 * dependencies with a non-zero weight; lags add up along a path, windows are cut at the end.
 */
function effectsOf(config: ResolvedConfig, metric: string, first: number, last: number) {
  const n = config.general.num_samples;
  const effects: FaultEffect[] = [];
  const visit = (node: string, lag: number, path: string[]) => {
    for (const [child, spec] of Object.entries(config.metrics)) {
      const dependency = spec.depends_on?.[node];
      if (!dependency || dependency.weight === 0) continue;
      const total = lag + dependency.lag;
      const childPath = [...path, child];
      if (first + total <= n - 1) {
        effects.push({
          metric: child,
          first_sample: first + total,
          last_sample: Math.min(last + total, n - 1),
          path: childPath,
        });
      }
      visit(child, total, childPath);
    }
  };
  visit(metric, 0, [metric]);
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
