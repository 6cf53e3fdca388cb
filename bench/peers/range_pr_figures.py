#!/usr/bin/env python3
"""Reference figures for our range-based PR-AUC (src/truth/range_pr.ts), made by the peers' own code.

This script imports TimeEval's RangePrecisionRangeRecallAUC (timeeval/metrics/range_metrics.py),
which scores each threshold with prts' ts_precision and ts_recall (github.com/CompML/PRTS, the
community code of Tatbul et al., NeurIPS 2018), runs it on fixed inputs and writes the inputs and
figures into tests/golden/range_pr_figures.json, which tests/range_pr_test.ts reads. No peer code
is copied here; only their modules are imported.

The inputs: those of bench/peers/score_figures.py (imported from it), TimeEval's own test inputs,
distinct-score counts either side of the sampling's edges (50 and 98 thresholds), flagged runs
that span several ranges and ranges hit by several runs, a series labelled throughout, one with no
label (prts fails on it), and 40 short random series with many ties. Each is scored with the
metric's defaults (TimeEval's DefaultMetrics.FIXED_RANGE_PR_AUC), with DefaultMetrics.RANGE_PR_AUC
(r_alpha=0, cardinality="one") and with one other parameter set.

Neither tree is a pip package here (TimeEval pins prts==1.0.0.3): get them with
    git clone https://github.com/TimeEval/TimeEval /tmp/TimeEval
    git clone https://github.com/CompML/PRTS /tmp/PRTS
(checked out at the commits below; prts' code there is that of its tag v1.0.0.3), or from a bare
mirror, git -C MIRROR archive COMMIT timeeval/metrics | tar -x -C /tmp/TimeEval (and the whole
PRTS tree into /tmp/PRTS). Then run
    python3 bench/peers/range_pr_figures.py --timeeval /tmp/TimeEval --prts /tmp/PRTS [-o OUT]
(OUT defaults to tests/golden/range_pr_figures.json; about ten seconds).
It needs numpy and scikit-learn. TimeEval's modules are loaded by file, so its package __init__
(and its heavy imports) does not run. The figures are the metric's score() (the definition); its
__call__ (0.0 for constant scores) is recorded too, with np.float_ aliased to np.float64 for
numpy 2. The JSON keeps the SHA-256 of every peer file used.
"""
import argparse
import json
import sys
import warnings
from pathlib import Path

import numpy as np
import sklearn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from score_figures import TIMEEVAL_COMMIT, cases as score_cases, load, nulls, packages, \
    ranges_labels, sha256  # noqa: E402

PRTS_COMMIT = "66db2ac5f83ac9182ce29dcd7afc0f678a678eed"
TIMEEVAL_FILES = ["timeeval/metrics/metric.py", "timeeval/metrics/auc_metrics.py",
                  "timeeval/metrics/thresholding.py", "timeeval/metrics/range_metrics.py"]
PRTS_FILES = ["prts/__init__.py", "prts/base/time_series_metrics.py",
              "prts/time_series_metrics/precision.py", "prts/time_series_metrics/recall.py"]
# Keyword arguments of RangePrecisionRangeRecallAUC, by the name the test uses.
VARIANTS = {
    "defaults": {},
    "timeeval_range_pr_auc": {"r_alpha": 0, "cardinality": "one"},
    "other": {"max_samples": 10, "r_alpha": 0.2, "p_alpha": 0.3, "cardinality": "reciprocal"},
}


def load_timeeval(root, prts):
    sys.path.insert(0, str(prts))
    packages([("timeeval", root / "timeeval"), ("timeeval.metrics", root / "timeeval/metrics")])
    for name in ("metric", "auc_metrics", "thresholding"):
        load(f"timeeval.metrics.{name}", root / f"timeeval/metrics/{name}.py")
    return load("timeeval.metrics.range_metrics", root / "timeeval/metrics/range_metrics.py")


def distinct_scores(rng, labels, count):
    """Scores taking exactly `count` distinct values, higher on the labelled samples."""
    index = rng.integers(0, count, len(labels))
    index[labels == 1] = np.minimum(index[labels == 1] + count // 3, count - 1)
    index[200 : 200 + count] = np.arange(count)  # each value at least once, outside the ranges
    return np.arange(count, dtype=float)[index] / count


def cases():
    """score_figures.py's inputs, then cases of our own; labels and scores as lists."""
    out = [{"name": c["name"], "labels": c["labels"], "scores": c["scores"]}
           for c in score_cases()]
    # TimeEval's tests/metrics/test_metrics.py: FIXED 0.9792 and RANGE_PR_AUC 0.9583; both 1.
    out.append({"name": "TimeEval's test", "labels": [0, 1, 1, 1, 0, 0],
                "scores": [0, 0.1, 1.0, 0.5, 0.1, 0]})
    out.append({"name": "TimeEval's discrete test", "labels": [0, 1, 1, 1, 0, 0, 0, 0, 0, 0],
                "scores": [0.05, 0.2, 1.0, 0.2, 0.1, 0.05, 0.1, 0.05, 0.1, 0.07]})
    rng = np.random.default_rng(2018)
    n = 400
    labels = ranges_labels(n, [(40, 59), (150, 152), (300, 379)])
    # Distinct scores 51, 52, 99, 100: 50, 51, 98, 99 thresholds after the lowest is dropped.
    for count in (51, 52, 99, 100):
        out.append({"name": f"{count} distinct scores", "labels": labels.tolist(),
                    "scores": distinct_scores(rng, labels, count).tolist()})
    # Many short ranges with short gaps, a detector that smears across them and flickers inside.
    n = 3000
    spans, first = [], 20
    while first < n - 80:
        length = int(rng.integers(1, 60))
        spans.append((first, first + length - 1))
        first += length + int(rng.integers(2, 80))
    labels = ranges_labels(n, spans)
    smeared = np.convolve(labels, np.ones(9) / 9, mode="same")
    scores = np.round(smeared + rng.normal(0, 0.25, n), 2)
    out.append({"name": "many ranges, smeared and flickering", "labels": labels.tolist(),
                "scores": scores.tolist()})
    out.append({"name": "labelled throughout", "labels": [1] * 30,
                "scores": np.round(rng.uniform(0, 1, 30), 1).tolist()})
    out.append({"name": "no label", "labels": [0] * 20, "scores": rng.uniform(0, 1, 20).tolist()})
    for k in range(40):
        n = int(rng.integers(5, 61))
        labels = (rng.uniform(0, 1, n) < rng.uniform(0.1, 0.6)).astype(int)
        if labels.sum() == 0:
            labels[int(rng.integers(0, n))] = 1
        scores = rng.integers(0, int(rng.integers(2, 9)), n) + labels * rng.integers(0, 3, n)
        out.append({"name": f"random {k}", "labels": labels.tolist(),
                    "scores": scores.astype(float).tolist()})
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--timeeval", required=True, type=Path, help="a TimeEval source tree")
    parser.add_argument("--prts", required=True, type=Path, help="a PRTS source tree")
    parser.add_argument("-o", "--out", type=Path,
                        default=Path(__file__).resolve().parents[2]
                        / "tests/golden/range_pr_figures.json")
    args = parser.parse_args()
    metrics = load_timeeval(args.timeeval, args.prts)
    figures = []
    for case in cases():
        labels = np.array(case["labels"], dtype=int)
        scores = np.array(case["scores"], dtype=float)
        row = {**case}
        for variant, kwargs in VARIANTS.items():
            metric = metrics.RangePrecisionRangeRecallAUC(**kwargs)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                np.float_ = np.float64  # numpy 2 dropped it; TimeEval's __call__ still names it
                try:
                    row[variant] = float(metric.score(labels, scores))
                    row[f"{variant}_call"] = float(metric(labels, scores))
                except AssertionError:
                    # prts' _prepare_data asserts that some sample is labelled.
                    row[variant] = None
                    row[f"{variant}_call"] = None
        figures.append(row)
    out = {
        "about": "Inputs and TimeEval's own RangePrecisionRangeRecallAUC figures for "
                 "tests/range_pr_test.ts; made by bench/peers/range_pr_figures.py. "
                 "Do not edit by hand.",
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "scikit_learn": sklearn.__version__,
        "timeeval": {"commit": TIMEEVAL_COMMIT,
                     "sha256": {f: sha256(args.timeeval / f) for f in TIMEEVAL_FILES}},
        "prts": {"commit": PRTS_COMMIT, "version": "1.0.0.3",
                 "sha256": {f: sha256(args.prts / f) for f in PRTS_FILES}},
        "variants": VARIANTS,
        "cases": figures,
    }
    args.out.write_text(json.dumps(nulls(out), indent=1, allow_nan=False) + "\n")
    print(f"wrote {args.out}: {len(figures)} cases x {len(VARIANTS)} parameter sets")


if __name__ == "__main__":
    main()
