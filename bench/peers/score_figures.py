#!/usr/bin/env python3
"""Reference figures for our score-curve metrics (src/truth/curves.ts), made by the peers' own code.

This script imports TimeEval's AUC metrics (timeeval/metrics/auc_metrics.py: RocAUC, PrAUC),
TSB-AD's basic metrics (TSB_AD/evaluation/basic_metrics.py: metric_ROC, metric_PR, VUS-ROC /
VUS-PR through generate_curve as TSB_AD/evaluation/metrics.py get_metrics calls it,
metric_EventF1PA and metric_Affiliation) and the affiliation metrics' authors' pr_from_events
(github.com/ahstat/affiliation-metrics-py, affiliation/metrics.py) from their source trees, runs
them on fixed labels and scores, and writes the inputs and figures into
tests/golden/score_figures.json, which tests/score_curves_test.ts reads. No peer code is copied
here; only their modules are imported.

Neither tree is a pip package here: get them with
    git clone https://github.com/TimeEval/TimeEval /tmp/TimeEval
    git clone https://github.com/TheDatumOrg/TSB-AD /tmp/TSB-AD
    git clone https://github.com/ahstat/affiliation-metrics-py /tmp/affiliation
(checked out at the commits below), or from a bare mirror,
    git -C MIRROR archive COMMIT timeeval/metrics | tar -x -C /tmp/TimeEval (and likewise
    TSB_AD/evaluation into /tmp/TSB-AD, and the whole affiliation tree). Then run
    python3 bench/peers/score_figures.py --timeeval /tmp/TimeEval --tsb-ad /tmp/TSB-AD \
        --affiliation /tmp/affiliation [-o OUT]
(OUT defaults to tests/golden/score_figures.json; about a minute).
It needs numpy and scikit-learn. The modules are loaded by file, so neither package's __init__
(and its heavy imports) runs. TimeEval's Metric.__call__ checks dtypes with np.float_, gone in
numpy 2: the script calls the metrics' score() (the definitions) and, for the record, __call__
with np.float_ aliased to np.float64. The JSON keeps the SHA-256 of every peer file used.
"""
import argparse
import hashlib
import importlib.util
import json
import sys
import types
import warnings
from pathlib import Path

import numpy as np
import sklearn

TIMEEVAL_COMMIT = "6b31cc8a2de49303bacf5c7f3623b225815f8d5b"
TSB_AD_COMMIT = "87630099ea8d0dafe89a957e31ed9720e88479eb"
TIMEEVAL_FILES = ["timeeval/metrics/metric.py", "timeeval/metrics/auc_metrics.py"]
TSB_AD_FILES = ["TSB_AD/evaluation/basic_metrics.py", "TSB_AD/evaluation/metrics.py"]
AFFILIATION_COMMIT = "8d8449858096bbade6a6e70848d05c9cc9b846fe"
AFFILIATION_FILES = [f"affiliation/{name}.py" for name in (
    "metrics", "generics", "_affiliation_zone", "_single_ground_truth_event", "_integral_interval")]


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def packages(pairs):
    """Parent packages as bare namespaces, so that their __init__ (and its imports) does not run."""
    for name, path in pairs:
        package = types.ModuleType(name)
        package.__path__ = [str(path)]
        sys.modules[name] = package


def load_timeeval(root):
    # Parent packages as bare namespaces: timeeval/__init__.py and timeeval/metrics/__init__.py
    # import the whole framework (and prts), which the AUC metrics do not need.
    packages([("timeeval", root / "timeeval"), ("timeeval.metrics", root / "timeeval/metrics")])
    load("timeeval.metrics.metric", root / "timeeval/metrics/metric.py")
    return load("timeeval.metrics.auc_metrics", root / "timeeval/metrics/auc_metrics.py")


def ranges_labels(n, ranges):
    labels = np.zeros(n, dtype=int)
    for first, last in ranges:
        labels[first : last + 1] = 1
    return labels


def cases():
    """Fixed inputs: ties, ranges at both ends, ranges closer than a window, fewer samples than
    thresholds, constant scores, and a longer noisy series."""
    out = []
    out.append({
        "name": "ties",
        "labels": [0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1],
        "scores": [0.1, 0.4, 0.4, 0.8, 0.2, 0.1, 0.4, 0.9, 0.3, 0.0, 0.2, 0.3],
        "windows": [0, 1, 2, 4],
    })
    rng = np.random.default_rng(24)
    n = 600
    labels = ranges_labels(n, [(0, 9), (200, 229), (236, 250), (590, 599)])
    scores = np.round(rng.normal(0, 1, n) + 2.5 * labels, 1)
    out.append({
        "name": "edges and close ranges, rounded scores",
        "labels": labels.tolist(),
        "scores": scores.tolist(),
        "windows": [0, 5, 16, 100],
    })
    n = 2000
    labels = ranges_labels(n, [(300, 340), (900, 905), (1500, 1619)])
    # A detector that rises late and lingers: what the range slopes of VUS are for.
    signal = np.zeros(n)
    for first, last in [(310, 360), (880, 890), (1550, 1650)]:
        signal[first : last + 1] = 1.5
    scores = rng.normal(0, 1, n) + signal
    out.append({
        "name": "late and lingering detector",
        "labels": labels.tolist(),
        "scores": scores.tolist(),
        "windows": [100, 37],
    })
    n = 120
    labels = ranges_labels(n, [(50, 54), (57, 58)])
    scores = np.round(rng.uniform(0, 1, n) + 0.5 * labels, 2)
    out.append({
        "name": "fewer samples than thresholds",
        "labels": labels.tolist(),
        "scores": scores.tolist(),
        "windows": [100, 3],
    })
    labels = ranges_labels(50, [(20, 24)])
    out.append({
        "name": "constant scores",
        "labels": labels.tolist(),
        "scores": [0.5] * 50,
        "windows": [10],
    })
    return out


def nulls(x):
    """NaN (an undefined figure) as JSON null."""
    if isinstance(x, dict):
        return {k: nulls(v) for k, v in x.items()}
    if isinstance(x, list):
        return [nulls(v) for v in x]
    if isinstance(x, float) and x != x:
        return None
    return x


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--timeeval", required=True, type=Path, help="a TimeEval source tree")
    parser.add_argument("--tsb-ad", required=True, type=Path, help="a TSB-AD source tree")
    parser.add_argument("--affiliation", required=True, type=Path,
                        help="an affiliation-metrics-py source tree")
    parser.add_argument("-o", "--out", type=Path,
                        default=Path(__file__).resolve().parents[2]
                        / "tests/golden/score_figures.json")
    args = parser.parse_args()
    auc = load_timeeval(args.timeeval)
    # As a module of its package: metric_Affiliation imports .affiliation (TSB-AD's copy).
    packages([("TSB_AD", args.tsb_ad / "TSB_AD"),
              ("TSB_AD.evaluation", args.tsb_ad / "TSB_AD/evaluation")])
    basic = load("TSB_AD.evaluation.basic_metrics",
                 args.tsb_ad / "TSB_AD/evaluation/basic_metrics.py")
    sys.path.insert(0, str(args.affiliation))
    from affiliation.generics import convert_vector_to_events
    from affiliation.metrics import pr_from_events
    grader = basic.basic_metricor()
    figures = []
    agreement = 0.0
    for case in cases():
        labels = np.array(case["labels"], dtype=int)
        scores = np.array(case["scores"], dtype=float)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            np.float_ = np.float64  # numpy 2 dropped it; TimeEval's __call__ still names it
            row = {
                **case,
                # TimeEval: ROC_AUC = auc(roc_curve), PR_AUC = auc(precision_recall_curve).
                "roc_auc": float(auc.RocAUC().score(labels, scores)),
                "pr_auc": float(auc.PrAUC().score(labels, scores)),
                # TimeEval's __call__: 0.0 for constant scores, else the same as score().
                "timeeval_call_roc_auc": float(auc.RocAUC()(labels, scores)),
                "timeeval_call_pr_auc": float(auc.PrAUC()(labels, scores)),
                # TSB-AD: AUC-ROC = roc_auc_score, AUC-PR = average_precision_score.
                "tsb_ad_auc_roc": float(grader.metric_ROC(labels, scores)),
                "average_precision": float(grader.metric_PR(labels, scores)),
                "vus": {},
            }
        n = len(labels)
        truth = convert_vector_to_events(labels)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # Given predictions: the scores above their 90th percentile (numpy's default method).
            preds = (scores > np.percentile(scores, 90)).astype(int)
            aff = pr_from_events(convert_vector_to_events(preds), truth, (0, n))
            row["flags"] = preds.tolist()
            row["affiliation_precision"] = aff["precision"]
            row["affiliation_recall"] = aff["recall"]
            row["tsb_ad_affiliation_f"] = float(
                grader.metric_Affiliation(labels, scores, preds=preds))
            row["tsb_ad_event_f1"] = float(grader.metric_EventF1PA(labels, scores, preds=preds))
            # No predictions: TSB-AD's oracle threshold, the best F over 100 thresholds.
            row["oracle_event_f1"] = float(grader.metric_EventF1PA(labels, scores))
            row["oracle_affiliation_f"] = float(grader.metric_Affiliation(labels, scores))
            # The precision and recall where that best F is first reached, with the same loop.
            best = None
            for threshold in np.linspace(scores.min(), scores.max(), 100):
                flags = (scores > threshold).astype(int)
                pr = pr_from_events(convert_vector_to_events(flags), truth, (0, n))
                p, r = pr["precision"], pr["recall"]
                f = 2 * p * r / (p + r + 1e-15)
                if best is None or f > best[0]:
                    best = (f, p, r)
            row["oracle_affiliation"] = {"f": best[0], "precision": best[1], "recall": best[2]}
        for window in case["windows"]:
            # As get_metrics does: generate_curve(labels.astype(int), score, slidingWindow,
            # "opt", 250).
            result = basic.generate_curve(labels.astype(int), scores, window, "opt", 250)
            mem = basic.generate_curve(labels.astype(int), scores, window, "opt_mem", 250)
            agreement = max(agreement, abs(result[6] - mem[6]), abs(result[7] - mem[7]))
            row["vus"][str(window)] = {"vus_roc": float(result[6]), "vus_pr": float(result[7])}
        figures.append(row)
    out = {
        "about": "Inputs and the peers' own figures for tests/score_curves_test.ts; made by "
                 "bench/peers/score_figures.py. Do not edit by hand.",
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "scikit_learn": sklearn.__version__,
        "timeeval": {"commit": TIMEEVAL_COMMIT,
                     "sha256": {f: sha256(args.timeeval / f) for f in TIMEEVAL_FILES}},
        "tsb_ad": {"commit": TSB_AD_COMMIT,
                   "sha256": {f: sha256(args.tsb_ad / f) for f in TSB_AD_FILES}},
        "affiliation": {"commit": AFFILIATION_COMMIT,
                        "sha256": {f: sha256(args.affiliation / f) for f in AFFILIATION_FILES}},
        "vus_opt_vs_opt_mem_max_difference": agreement,
        "cases": figures,
    }
    args.out.write_text(json.dumps(nulls(out), indent=1, allow_nan=False) + "\n")
    print(f"wrote {args.out}: {len(figures)} cases; TSB-AD's VUS opt and opt_mem differ by at most "
          f"{agreement:g}")


if __name__ == "__main__":
    main()
