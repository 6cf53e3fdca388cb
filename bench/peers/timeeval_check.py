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

Training and multivariate rows: per dataset, Datasets.get_training_type (which turns a
semi-supervised row whose train_is_normal is False into supervised: it must not) and the Dataset's
training_type and input_dimensionality against the row; where the row has a train_path, the
path get_dataset_path(key, train=True) resolves to (what TimeEval's experiments hand a
semi-supervised or supervised algorithm) must exist, get_dataset_df(key, train=True) must load it,
and DatasetAnalyzer(is_train=True) on it must find no anomaly for a semi-supervised row (its
training series is normal) and the row's dimensions; a multivariate row's mean and stddev are
checked against DatasetMetadata.mean and .stddev (the means over its columns). Each folder is also
loaded alone in a DatasetManager, and select() by training type and input dimensionality is
counted, as TimeEval picks datasets for an algorithm.
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
    from timeeval.datasets import DatasetAnalyzer, DatasetManager, MultiDatasetManager
    from timeeval.data_types import InputDimensionality, TrainingType

    return DatasetAnalyzer, DatasetManager, MultiDatasetManager, InputDimensionality, TrainingType


def close(a, b):
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeeval", required=True)
    parser.add_argument("folders", nargs="+")
    args = parser.parse_args()
    DatasetAnalyzer, DatasetManager, MultiDatasetManager, InputDimensionality, TrainingType = load(
        args.timeeval
    )
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
    # Datasets by (training type, input type), with their training series' anomalies and rows.
    counts = {}
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
        mean = float(found.means[value]) if found.dimensions == 1 else float(found.metadata.mean)
        stddev = (
            float(found.stddevs[value]) if found.dimensions == 1 else float(found.metadata.stddev)
        )
        figures = {
            "dimensions": (found.dimensions, row["dimensions"]),
            "length": (found.length, row["length"]),
            "contamination": (found.contamination, row["contamination"]),
            "num_anomalies": (found.num_anomalies, row["num_anomalies"]),
            "min_anomaly_length": (found.anomaly_length.min, row["min_anomaly_length"]),
            "median_anomaly_length": (found.anomaly_length.median, row["median_anomaly_length"]),
            "max_anomaly_length": (found.anomaly_length.max, row["max_anomaly_length"]),
            "mean": (mean, float(row["mean"])),
            "stddev": (stddev, float(row["stddev"])),
        }
        wrong_training = training(dmgr, key, row, dataset, DatasetAnalyzer, counts, TrainingType)
        wrong = [f"{k} analyzer {a} index {b}" for k, (a, b) in figures.items() if not close(a, b)]
        wrong += wrong_training
        print(
            f"{key}: length {found.length}, anomalies {found.num_anomalies}, median length "
            f"{length_heuristic}, period_size {period_text}, mean {figures['mean'][0]:.12g}, "
            f"stddev {figures['stddev'][0]:.12g}" + (f"  DIFFERS: {'; '.join(wrong)}" if wrong else "")
        )
        bad = bad or bool(wrong)
    for folder, key in first.items():
        metadata = dmgr.get_detailed_metadata(key, train=False)
        print(f"get_detailed_metadata{key}: length {metadata.length}, in {folder}")
    for (kind, dims), (n, anomalies, rows) in sorted(counts.items()):
        print(
            f"{kind} {dims}: {n} datasets; training series: {anomalies} anomalies in {rows} rows"
        )
    # Each folder alone, as a DatasetManager: what select() offers an algorithm of each kind.
    for folder in args.folders:
        alone = DatasetManager(folder, create_if_missing=False)
        picked = {
            f"{t.value}/{d.value}": len(alone.select(training_type=t, input_dimensionality=d))
            for t in TrainingType
            for d in InputDimensionality
        }
        print(f"DatasetManager({folder}).select: {picked}")
    sys.exit(1 if bad else 0)


def training(dmgr, key, row, dataset, DatasetAnalyzer, counts, TrainingType):
    """What TimeEval makes of a row's training type and training file; the differences found."""
    wrong = []
    kind = dmgr.get_training_type(key)
    if kind.value != row["train_type"] or dataset.training_type != kind:
        wrong.append(f"training type {kind.value}, row {row['train_type']}")
    if dataset.input_dimensionality.value != row["input_type"]:
        wrong.append(f"input {dataset.input_dimensionality.value}, row {row['input_type']}")
    entry = counts.setdefault((kind.value, row["input_type"]), [0, 0, 0])
    entry[0] += 1
    if kind == TrainingType.UNSUPERVISED:
        return wrong
    path = dmgr.get_dataset_path(key, train=True)
    if not path.is_file():
        return wrong + [f"training file {path} missing"]
    df = dmgr.get_dataset_df(key, train=True)
    found = DatasetAnalyzer(
        key, is_train=True, dataset_path=path, ignore_stationarity=True, ignore_trend=True
    )
    entry[1] += found.num_anomalies
    entry[2] += len(df)
    if found.dimensions != row["dimensions"] or len(df.columns) != row["dimensions"] + 2:
        wrong.append(f"training dimensions {found.dimensions}, row {row['dimensions']}")
    if kind == TrainingType.SEMI_SUPERVISED and found.num_anomalies != 0:
        wrong.append(f"semi-supervised training series with {found.num_anomalies} anomalies")
    return wrong


if __name__ == "__main__":
    main()
