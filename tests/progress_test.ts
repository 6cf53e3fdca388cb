// The progress line: only after a second, at most five times a second, cleared at the end.
import { deepStrictEqual } from "node:assert/strict";
import { Progress } from "../cli/progress.ts";

Deno.test("progress shows nothing for runs under a second, then percent and time, then clears", () => {
  const shown: string[] = [];
  let now = 0;
  const progress = new Progress((text) => shown.push(text), 1000, () => now);
  now = 500;
  progress.update(400);
  deepStrictEqual(shown, []);
  now = 1500;
  progress.update(600);
  now = 1600;
  progress.update(650);
  now = 1800;
  progress.update(900);
  progress.done();
  deepStrictEqual(shown, ["60% of 1000 samples, 1.5 s", "90% of 1000 samples, 1.8 s", ""]);
});

Deno.test("progress without a terminal shows nothing", () => {
  let now = 0;
  const progress = new Progress(undefined, 10, () => now);
  now = 5000;
  progress.update(5);
  progress.done();
});
