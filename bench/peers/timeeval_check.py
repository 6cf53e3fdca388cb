#!/usr/bin/env python3
"""Loads output folders of `--format timeeval` with TimeEval's own dataset code and checks them.

No TimeEval code is copied here; its modules are imported from a TimeEval source tree:
timeeval.datasets (MultiDatasetManager, DatasetManager, DatasetAnalyzer, Datasets.get,
Datasets.get_detailed_metadata). TimeEval's package __init__ imports every metric and the
Docker adapter (prts, docker, ...): it is skipped by registering `timeeval` as a bare package
whose modules load from the tree; timeeval.datasets and what it imports run as they are.

Get TimeEval's tree, e.g. from a bare mirror:
    mkdir -p /tmp/te && git --git-dir=MIRROR archive HEAD timeeval | tar -x -C /tmp/te
then:
    python3 bench/peers/timeeval_check.py --timeeval /tmp/te OUT1 [OUT2 ...]
It needs numpy, pandas, scikit-learn and statsmodels (the analyzer imports them).

For every folder: MultiDatasetManager over all of them (it raises nothing on duplicate keys, but
Datasets.get() and TimeEval() fail on them: the keys are counted and checked unique); per dataset, the index row as
Datasets.get() returns it, int() of its median anomaly length and period_size (as
AnomalyLengthHeuristic and PeriodSizeHeuristic do), and DatasetAnalyzer's figures of the test
file (length, contamination, anomaly count and lengths, mean, stddev) against the index row;
get_detailed_metadata on the first dataset of each folder (it writes <name>.metadata.json there).
Exit status 1 on any difference beyond 1e-9 relative.
"""
import argparse
import math
import os
import sys
import types


def load(tree):
    package = types.ModuleType("timeeval")
    package.__path__ = [os.path.join(tree, "timeeval")]
    sys.modules["timeeval"] = package
    from timeeval.datasets import DatasetAnalyzer, MultiDatasetManager

    return DatasetAnalyzer, MultiDatasetManager


def close(a, b):
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeeval", required=True)
    parser.add_argument("folders", nargs="+")
    args = parser.parse_args()
    DatasetAnalyzer, MultiDatasetManager = load(args.timeeval)
    dmgr = MultiDatasetManager(args.folders)
    # Datasets.df() keeps the last of duplicate keys; the index as read (_df) keeps them all, and
    # Datasets.get() of a duplicate key fails ('Series' object has no attribute 'lower').
    read = list(dmgr._df.index)
    keys = list(dmgr.df().index)
    print(f"datasets: {len(read)}, unique keys: {len(keys)}")
    if len(read) != len(keys):
        print(f"duplicate keys: {sorted({k for k in read if read.count(k) > 1})}")
        sys.exit(1)
    bad = False
    first = {}
    for key in keys:
        row = dmgr.df().loc[key]
        dataset = dmgr.get(key)
        length_heuristic = int(dataset.median_anomaly_length)
        period = dataset.period_size
        period_text = "NaN" if period is None or math.isnan(period) else int(period)
        path = dmgr.get_dataset_path(key)
        first.setdefault(str(path.parent), key)
        found = DatasetAnalyzer(
            key, is_train=False, dataset_path=path, ignore_stationarity=True, ignore_trend=True
        )
        value = found.dimensions == 1 and list(found.means)[0]
        figures = {
            "length": (found.length, row["length"]),
            "contamination": (found.contamination, row["contamination"]),
            "num_anomalies": (found.num_anomalies, row["num_anomalies"]),
            "min_anomaly_length": (found.anomaly_length.min, row["min_anomaly_length"]),
            "median_anomaly_length": (found.anomaly_length.median, row["median_anomaly_length"]),
            "max_anomaly_length": (found.anomaly_length.max, row["max_anomaly_length"]),
            "mean": (float(found.means[value]), float(row["mean"])),
            "stddev": (float(found.stddevs[value]), float(row["stddev"])),
        }
        wrong = [f"{k} analyzer {a} index {b}" for k, (a, b) in figures.items() if not close(a, b)]
        print(
            f"{key}: length {found.length}, anomalies {found.num_anomalies}, median length "
            f"{length_heuristic}, period_size {period_text}, mean {figures['mean'][0]:.12g}, "
            f"stddev {figures['stddev'][0]:.12g}" + (f"  DIFFERS: {'; '.join(wrong)}" if wrong else "")
        )
        bad = bad or bool(wrong)
    for folder, key in first.items():
        metadata = dmgr.get_detailed_metadata(key, train=False)
        print(f"get_detailed_metadata{key}: length {metadata.length}, in {folder}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
