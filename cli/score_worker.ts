// A worker of `score --scores`: the threshold-free figures of one series at a time, so that the
// metrics of a run are scored in parallel (cli/curve_workers.ts).

/// <reference lib="deno.worker" />

import { curveScores } from "../src/truth/curves.ts";
import type { CurveJob, CurveReply } from "./curve_workers.ts";

self.onmessage = (event: MessageEvent<CurveJob>) => {
  const { name, labels, scores, options } = event.data;
  let reply: CurveReply;
  try {
    reply = { name, figures: curveScores(labels, scores, options) };
  } catch (error) {
    reply = { name, error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
