// Range-based PR-AUC (Tatbul et al., NeurIPS 2018) of real-valued scores: equal to TimeEval's own
// RangePrecisionRangeRecallAUC (with prts 1.0.0.3) on the fixed inputs of
// tests/golden/range_pr_figures.json (made by bench/peers/range_pr_figures.py), to 1e-9 and in
// fact to the bit; small cases worked by hand; 10^6 samples against a plain per-threshold
// transcription of prts' definitions.
import { ok, strictEqual, throws } from "node:assert/strict";
import { rangePrAuc, type RangePrOptions } from "../src/truth/range_pr.ts";

interface GoldenCase {
  name: string;
  labels: number[];
  scores: number[];
  defaults: number | null;
  defaults_call: number | null;
  timeeval_range_pr_auc: number | null;
  other: number | null;
}

const GOLDEN = JSON.parse(
  await Deno.readTextFile(new URL("golden/range_pr_figures.json", import.meta.url)),
) as { cases: GoldenCase[]; variants: Record<string, Record<string, number | string>> };

/** Our options for each of the script's parameter sets (TimeEval's keyword arguments). */
const VARIANTS: Record<"defaults" | "timeeval_range_pr_auc" | "other", RangePrOptions> = {
  defaults: {},
  timeeval_range_pr_auc: { rAlpha: 0, cardinality: "one" },
  other: { maxSamples: 10, rAlpha: 0.2, pAlpha: 0.3, cardinality: "reciprocal" },
};

function near(actual: number | null, expected: number | null, what: string): void {
  if (expected === null) strictEqual(actual, null, what);
  else {
    ok(actual !== null && Math.abs(actual - expected) <= 1e-9, `${what}: ${actual} != ${expected}`);
  }
}

Deno.test("the golden file's parameter sets are the ones scored here", () => {
  const names: Record<string, string> = {
    maxSamples: "max_samples",
    rAlpha: "r_alpha",
    pAlpha: "p_alpha",
    cardinality: "cardinality",
  };
  for (const [variant, options] of Object.entries(VARIANTS)) {
    const python = Object.fromEntries(Object.entries(options).map(([k, v]) => [names[k], v]));
    strictEqual(JSON.stringify(python), JSON.stringify(GOLDEN.variants[variant]), variant);
  }
});

Deno.test("the golden file covers the sampling's edges, shared ranges, no label and ties", () => {
  const names = GOLDEN.cases.map((c) => c.name);
  for (
    const name of [
      "ties",
      "constant scores",
      "TimeEval's test",
      "51 distinct scores",
      "52 distinct scores",
      "99 distinct scores",
      "100 distinct scores",
      "many ranges, smeared and flickering",
      "labelled throughout",
      "no label",
    ]
  ) ok(names.includes(name), name);
  strictEqual(names.filter((name) => name.startsWith("random ")).length, 40);
});

for (const c of GOLDEN.cases) {
  Deno.test(`range PR-AUC equals TimeEval's RangePrecisionRangeRecallAUC: ${c.name}`, () => {
    for (const [variant, options] of Object.entries(VARIANTS)) {
      near(rangePrAuc(c.labels, c.scores, options), c[variant as keyof typeof VARIANTS], variant);
    }
  });
}

Deno.test("range PR-AUC is TimeEval's to the bit on every golden case", () => {
  const off: string[] = [];
  for (const c of GOLDEN.cases) {
    for (const [variant, options] of Object.entries(VARIANTS)) {
      const ours = rangePrAuc(c.labels, c.scores, options);
      const theirs = c[variant as keyof typeof VARIANTS];
      if (ours !== theirs) off.push(`${c.name} ${variant}: ${ours} != ${theirs}`);
    }
  }
  strictEqual(off.join("\n"), "");
});

Deno.test("TimeEval fails without a label and gives 0 for constant scores through __call__", () => {
  const none = GOLDEN.cases.find((c) => c.name === "no label")!;
  strictEqual(none.defaults, null);
  strictEqual(rangePrAuc(none.labels, none.scores), null);
  // We follow score(), the definition: the curve is (1, labelled share) to (0, 1).
  const flat = GOLDEN.cases.find((c) => c.name === "constant scores")!;
  strictEqual(flat.defaults_call, 0);
  strictEqual(flat.defaults, (5 / 50 + 1) / 2);
  strictEqual(rangePrAuc(flat.labels, flat.scores), (5 / 50 + 1) / 2);
});

Deno.test("a perfect detector scores 1, ranges at both ends included", () => {
  const labels = [1, 1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 1];
  strictEqual(rangePrAuc(labels, labels), 1);
  strictEqual(rangePrAuc(labels, labels.map((x) => 5 * x - 2)), 1);
  strictEqual(rangePrAuc(labels, labels, { rAlpha: 0, cardinality: "one" }), 1);
});

Deno.test("constant scores give the trapezoid from (1, labelled share) to (0, 1)", () => {
  strictEqual(rangePrAuc([0, 1, 1, 0], [3, 3, 3, 3]), 0.75);
  strictEqual(rangePrAuc([1, 1, 1, 1], [0, 0, 0, 0]), 1);
});

Deno.test("TimeEval's own test, worked by hand: 47/48 with its defaults, 23/24 without", () => {
  // Range [1, 3]; thresholds 0.1, 0.5, 1 flag [1, 4], [2, 3], [2, 2]: precision 3/4, 1, 1;
  // recall 0.5 + 0.5 x (3/3, 2/3, 1/3) = 1, 5/6, 2/3. Points (1, 1/2) (1, 3/4) (5/6, 1) (2/3, 1)
  // (0, 1): 1/6 x 7/8 + 1/6 + 2/3 = 47/48. With r_alpha 0 recall is 1, 2/3, 1/3: 23/24.
  const labels = [0, 1, 1, 1, 0, 0], scores = [0, 0.1, 1.0, 0.5, 0.1, 0];
  near(rangePrAuc(labels, scores), 47 / 48, "defaults");
  near(rangePrAuc(labels, scores, { rAlpha: 0, cardinality: "one" }), 23 / 24, "RANGE_PR_AUC");
});

Deno.test("a range two runs hit has its recall share halved (reciprocal cardinality)", () => {
  // One threshold (1) flags [0, 0] and [2, 2] in the range [0, 3]: precision 1; recall
  // 0.5 + 0.5 x (1/4 + 1/4) / 2 = 0.625, or 0.75 with cardinality one. Labelled share 4/6.
  const labels = [1, 1, 1, 1, 0, 0], scores = [1, 0, 1, 0, 0, 0];
  near(rangePrAuc(labels, scores), (1 - 0.625) * (4 / 6 + 1) / 2 + 0.625, "reciprocal");
  near(rangePrAuc(labels, scores, { cardinality: "one" }), 0.25 * (4 / 6 + 1) / 2 + 0.75, "one");
});

Deno.test("a run over two ranges has its precision share halved (reciprocal cardinality)", () => {
  // The run [0, 4] covers ranges [0, 1] and [3, 4]: precision (2/5 + 2/5) / 2 = 0.4, or 0.8
  // with cardinality one; recall 1. Points (1, 1/2) (1, 0.4) (0, 1).
  const labels = [1, 1, 0, 1, 1, 0, 0, 0], scores = [1, 1, 1, 1, 1, 0, 0, 0];
  near(rangePrAuc(labels, scores), (1 + 0.4) / 2, "reciprocal");
  near(rangePrAuc(labels, scores, { cardinality: "one" }), (1 + 0.8) / 2, "one");
});

Deno.test("points of equal recall are taken by precision ascending", () => {
  // Thresholds 0.5 and 1 both cover the range (recall 1) with precision 1/2 and 1: the curve
  // goes (1, 1/3) (1, 1/2) (1, 1) (0, 1), area 1; the other order would end (1, 1/2) (0, 1), 3/4.
  strictEqual(rangePrAuc([0, 0, 1, 1, 0, 0], [0.5, 0, 1, 1, 0, 0]), 1);
});

Deno.test("above maxSamples, every floor(m / (maxSamples - 1))-th threshold and the highest", () => {
  // m = 3 thresholds (0.1, 0.5, 1) with maxSamples 2: every 3rd from 0.1, then 1; 0.5 is
  // skipped, so the points are (1, 1/2) (1, 3/4) (2/3, 1) (0, 1): 1/3 x 7/8 + 2/3 = 23/24.
  const labels = [0, 1, 1, 1, 0, 0], scores = [0, 0.1, 1.0, 0.5, 0.1, 0];
  near(rangePrAuc(labels, scores, { maxSamples: 2 }), 23 / 24, "maxSamples 2");
  near(rangePrAuc(labels, scores, { maxSamples: 3 }), 47 / 48, "maxSamples 3");
});

Deno.test("the existence rewards weigh a touched range and a touching run", () => {
  // Threshold 1 flags [1, 1] in the range [0, 3], and [5, 5] outside it. Recall with r_alpha a:
  // a + (1 - a) / 4; precision with p_alpha b: (b + (1 - b) x 1 + 0) / 2 = 1/2 for any b.
  const labels = [1, 1, 1, 1, 0, 0], scores = [0, 1, 0, 0, 0, 1];
  for (const a of [0, 0.5, 1]) {
    const recall = a + (1 - a) / 4;
    near(
      rangePrAuc(labels, scores, { rAlpha: a, pAlpha: 0.7 }),
      (1 - recall) * (4 / 6 + 0.5) / 2 +
        recall * (0.5 + 1) / 2,
      `r_alpha ${a}`,
    );
  }
});

Deno.test("no labelled sample gives null; lengths, scores and options are checked", () => {
  strictEqual(rangePrAuc([0, 0, 0], [1, 2, 3]), null);
  strictEqual(rangePrAuc([], []), null);
  throws(() => rangePrAuc([0, 1], [1]), /^RangeError: 1 scores for 2 labels$/);
  throws(
    () => rangePrAuc([0, 1], [1, NaN]),
    /^RangeError: score 1 is NaN: scores must be finite numbers$/,
  );
  throws(
    () => rangePrAuc([0, 1], [1, 2], { maxSamples: 1 }),
    /^RangeError: maxSamples: must be an integer >= 2: got 1$/,
  );
  throws(
    () => rangePrAuc([0, 1], [1, 2], { rAlpha: 1.5 }),
    /^RangeError: rAlpha: must be a number in \[0, 1\]: got 1.5$/,
  );
  throws(
    () => rangePrAuc([0, 1], [1, 2], { cardinality: "udf_gamma" as "one" }),
    /^RangeError: cardinality: must be "reciprocal" or "one": got udf_gamma$/,
  );
});

/** prts' definitions per threshold, plainly: O(thresholds x (n + runs + ranges)). */
function plainRangePrAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const runsOf = (flag: (k: number) => boolean): [number, number][] => {
    const out: [number, number][] = [];
    for (let k = 0; k < labels.length; k++) {
      if (flag(k) && (k === 0 || !flag(k - 1))) out.push([k, k]);
      if (flag(k)) out[out.length - 1][1] = k;
    }
    return out;
  };
  const real = runsOf((k) => labels[k] === 1);
  const unique = [...new Set(Array.from(scores))].sort((a, b) => a - b).slice(1);
  const every = Math.floor(unique.length / 49);
  let thresholds = unique;
  if (unique.length > 50) {
    thresholds = unique.filter((_, k) => k % every === 0);
    if (thresholds.at(-1) !== unique.at(-1)) thresholds.push(unique.at(-1)!);
  }
  const points = thresholds.map((t) => {
    const predicted = runsOf((k) => scores[k] >= t);
    const share = (a: [number, number], b: [number, number]) =>
      Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]) + 1) / (a[1] - a[0] + 1);
    const score = (own: [number, number][], other: [number, number][], alpha: number) => {
      let sum = 0, first = 0;
      for (const a of own) {
        // Both lists are in order: the ranges of `other` that overlap `a` follow one another.
        while (first < other.length && other[first][1] < a[0]) first++;
        let hits = 0, omega = 0;
        for (let j = first; j < other.length && other[j][0] <= a[1]; j++, hits++) {
          omega += share(a, other[j]);
        }
        sum += hits === 0 ? 0 : alpha + (1 - alpha) * omega / hits;
      }
      return sum / own.length;
    };
    return { recall: score(real, predicted, 0.5), precision: score(predicted, real, 0) };
  }).sort((u, v) => v.recall - u.recall || u.precision - v.precision);
  let area = 0, r = 1, p = real.reduce((s, [a, b]) => s + b - a + 1, 0) / labels.length;
  for (const point of [...points, { recall: 0, precision: 1 }]) {
    area += (r - point.recall) * (p + point.precision) / 2;
    r = point.recall;
    p = point.precision;
  }
  return area;
}

Deno.test("10^6 samples, 300 ranges: the plain per-threshold definitions agree", () => {
  // A fixed-seed detector: noise, a bump on each range that starts late, and false bumps.
  let seed = 20181203;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const n = 1_000_000, labels = new Uint8Array(n), scores = new Float64Array(n);
  for (let j = 0; j < 300; j++) {
    const first = Math.floor(random() * (n - 500)), length = 1 + Math.floor(random() * 400);
    labels.fill(1, first, first + length);
    scores.fill(1.5, first + Math.floor(length / 3), first + length + 20);
    const fake = Math.floor(random() * (n - 100));
    scores.fill(1.2, fake, fake + 30);
  }
  for (let k = 0; k < n; k++) scores[k] = Math.round(100 * (scores[k] + random())) / 100;
  const started = performance.now();
  const ours = rangePrAuc(labels, scores)!;
  const seconds = (performance.now() - started) / 1000;
  // Not an assertion on time (the machine is shared): reported for the note.
  console.log(`range PR-AUC of 10^6 samples in ${seconds.toFixed(3)} s`);
  near(ours, plainRangePrAuc(labels, scores), "plain");
  ok(ours > 0.3 && ours < 0.95, String(ours));
});
