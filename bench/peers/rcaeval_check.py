#!/usr/bin/env python3
"""Runs RCAEval's own root-cause methods on the cases of `--format rcaeval` and scores them.

This script imports RCAEval's method code (RCAEval.e2e: nsigma, and BARO as `baro`, or as
`robust_scaler` in releases before RCAEval/e2e/baro.py existed) and its scoring
(RCAEval.benchmark.evaluation.Evaluator, RCAEval.classes.graph.Node) from an RCAEval source tree,
reads every case of an output folder of ours the way RCAEval's main.py (rq2.py in older trees)
reads a case, runs each method, and prints per case the top-5 ranking and the root cause, then
AC@1, AC@3, AC@5 and Avg@5 per method at the service and the fine-grained level. No RCAEval code
is copied here; only its modules are imported. RCAEval's script itself is not imported: it parses
its own flags and downloads datasets when loaded.

Get RCAEval's tree, e.g. from a bare mirror:
    mkdir -p /tmp/RCAEval && git -C MIRROR archive HEAD | tar -x -C /tmp/RCAEval
then, with an output folder written with --format rcaeval:
    python3 bench/peers/rcaeval_check.py --rcaeval /tmp/RCAEval OUT [--commit SHA] [--length 20]
It needs numpy, pandas, scikit-learn, networkx, requests and tqdm (RCAEval's modules import them);
the methods RCAEval.e2e imports besides (causal discovery, RCD, CIRCA, ...) are replaced by stubs.

How a case is read, as RCAEval's process() does (main.py and rq2.py alike): the folder above the
case's is `<service>_<fault>` split on `_` (exactly two parts); data.csv read by pandas.read_csv;
columns ending in `_latency-50` dropped; inf made NaN, filled forward, then with 0; the first line
of inject_time.txt read with int(); the normal rows are those with time < inject_time, the last
length * 60 // 2 of them, the anomalous ones the first length * 60 // 2 with time >= inject_time.
The methods get dataset="re2-ob" (any name but None makes RCAEval's preprocess drop `time` and
the constant columns; the name itself changes nothing for these methods).
"""
import argparse
import glob
import hashlib
import importlib.abc
import importlib.util
import os
import subprocess
import sys
from os.path import basename, dirname, join

# RCAEval.e2e's modules that are run for real; every other one is a stub.
REAL_E2E = {"baro"}
METHODS = ("baro", "nsigma")
# The fine-grained answer of a fault type, as RCAEval's main.py scores it; any other type is its
# own answer (as main.py's per-service-and-fault figures take it).
FINE_ANSWER = {"delay": "latency", "loss": "latency", "disk": "diskio"}


class StubMethods(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Stands in for the RCAEval.e2e method modules not run here (and not installed)."""

    def find_spec(self, name, path, target=None):
        parts = name.split(".")
        if len(parts) >= 3 and parts[:2] == ["RCAEval", "e2e"] and parts[2] not in REAL_E2E:
            return importlib.util.spec_from_loader(name, self)
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        def missing(attribute):
            if attribute.startswith("__"):
                raise AttributeError(attribute)

            def unavailable(*args, **kwargs):
                raise RuntimeError(f"{module.__name__}.{attribute} is a stub in rcaeval_check.py")

            return unavailable

        module.__getattr__ = missing


def load_rcaeval(tree):
    """RCAEval's methods and scoring, imported from `tree`."""
    sys.path.insert(0, tree)
    sys.meta_path.insert(0, StubMethods())
    import RCAEval.e2e as e2e
    from RCAEval.benchmark.evaluation import Evaluator
    from RCAEval.classes.graph import Node

    baro = getattr(e2e, "baro", None)
    if baro is None or getattr(baro, "__module__", "") == "RCAEval.e2e.rcd":
        baro = e2e.robust_scaler  # rq2.py: baro = robust_scaler
    methods = {"baro": baro, "nsigma": e2e.nsigma}
    return methods, Evaluator, Node


def tree_commit(tree, given):
    if given:
        return given
    try:
        out = subprocess.run(["git", "-C", tree, "rev-parse", "HEAD"], capture_output=True, text=True)
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def file_digests(tree):
    names = ["RCAEval/e2e/__init__.py", "RCAEval/e2e/baro.py", "RCAEval/io/time_series.py",
             "RCAEval/benchmark/evaluation.py"]
    digests = {}
    for name in names:
        path = join(tree, name)
        if os.path.exists(path):
            with open(path, "rb") as f:
                digests[name] = hashlib.sha256(f.read()).hexdigest()[:16]
    return digests


def read_case(pd, np, data_path, length):
    """A case as RCAEval's process() reads it: (service, fault, case, data, inject_time)."""
    service, fault = basename(dirname(dirname(data_path))).split("_")
    case = basename(dirname(data_path))
    data = pd.read_csv(data_path)
    data = data.loc[:, ~data.columns.str.endswith("_latency-50")]
    data = data.replace([np.inf, -np.inf], np.nan)
    data = data.ffill()
    data = data.fillna(0)
    with open(join(dirname(data_path), "inject_time.txt")) as f:
        inject_time = int(f.readlines()[0].strip())
    rows = length * 60 // 2
    normal = data[data["time"] < inject_time].tail(rows)
    anomalous = data[data["time"] >= inject_time].head(rows)
    data = pd.concat([normal, anomalous], ignore_index=True)
    return service, fault, case, data, inject_time, len(normal), len(anomalous)


def service_ranks(Node, ranks):
    """The services in rank order, each once, as RCAEval's main.py makes them."""
    nodes = [Node(x.split("_")[0].replace("-db", ""), "unknown") for x in ranks]
    return [n for i, n in enumerate(nodes) if n not in nodes[:i]]


def fine_ranks(Node, ranks):
    return [Node(x.split("_")[0], x.split("_")[1] if "_" in x else "unknown") for x in ranks]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rcaeval", required=True, help="an RCAEval source tree")
    ap.add_argument("--commit", help="the tree's commit, when it is not a git checkout")
    ap.add_argument("--length", type=int, default=20,
                    help="minutes, as RCAEval's --length (main.py's default 20; rq2.py's 10)")
    ap.add_argument("output", help="an output folder written with --format rcaeval")
    a = ap.parse_args()

    import numpy as np
    import pandas as pd

    methods, Evaluator, Node = load_rcaeval(os.path.abspath(a.rcaeval))
    print(f"RCAEval {tree_commit(a.rcaeval, a.commit)}; files {file_digests(a.rcaeval)}")
    print(f"baro is {methods['baro'].__module__}.{methods['baro'].__name__}; --length {a.length}")
    root = join(a.output, "rcaeval") if os.path.isdir(join(a.output, "rcaeval")) else a.output
    paths = sorted(glob.glob(join(root, "**", "data.csv"), recursive=True))
    if not paths:
        sys.exit(f"no case (*/data.csv) under {root}")
    scores = {m: (Evaluator(), Evaluator()) for m in METHODS}
    for path in paths:
        service, fault, case, data, inject_time, n_normal, n_anomalous = read_case(
            pd, np, path, a.length)
        answer = Node(service, FINE_ANSWER.get(fault, fault))
        print(f"\n{service}_{fault}/{case}: root cause {service} ({fault}), inject_time "
              f"{inject_time}, {n_normal} normal rows and {n_anomalous} anomalous, "
              f"{data.shape[1] - 1} metrics")
        for name in METHODS:
            out = methods[name](data, inject_time, dataset="re2-ob", anomalies=None,
                                dk_select_useful=False, sli=None, verbose=False)
            ranks = out["ranks"]
            s_ranks = service_ranks(Node, ranks)
            f_ranks = fine_ranks(Node, ranks)
            s_eval, f_eval = scores[name]
            s_eval.add_case(ranks=s_ranks, answer=Node(service, "unknown"))
            f_eval.add_case(ranks=f_ranks, answer=answer)
            s_at = next((i + 1 for i, n in enumerate(s_ranks) if n.entity == service), None)
            f_at = next((i + 1 for i, n in enumerate(f_ranks) if n == answer), None)
            print(f"  {name:7s} top-5: {', '.join(ranks[:5])}")
            print(f"  {name:7s} root cause's service at rank {s_at}; "
                  f"{answer.entity}_{answer.metric} at rank {f_at}")
    print(f"\n{len(paths)} cases; RCAEval's Evaluator:")
    print(f"{'method':8s} {'level':12s} {'AC@1':>6s} {'AC@3':>6s} {'AC@5':>6s} {'Avg@5':>6s}")
    for name in METHODS:
        for level, ev in zip(("service", "fine-grained"), scores[name]):
            print(f"{name:8s} {level:12s} {ev.accuracy(1):6.3f} {ev.accuracy(3):6.3f} "
                  f"{ev.accuracy(5):6.3f} {ev.average(5):6.3f}")


if __name__ == "__main__":
    main()
