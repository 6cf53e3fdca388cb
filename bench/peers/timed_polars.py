#!/usr/bin/env python3
"""numpy + polars writing metrics.csv and labels.csv with RFC 3339 timestamps (general.start).

The peer of a timed run: the same generation as reference_numpy.py, then a Datetime column of
start + k * interval written as 2026-01-01T00:00:00Z.
Usage: timed_polars.py CONFIG -o DIR
"""
import argparse
import os
import sys
import tomllib
from datetime import datetime, timezone

import numpy as np
import polars as pl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_numpy import generate  # noqa: E402

UNITS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000}


def interval_ms(value):
    if isinstance(value, (int, float)):
        return int(round(value * 1000))
    for unit in ("ms", "s", "m", "h"):
        if value.endswith(unit) and value[: -len(unit)].replace(".", "").isdigit():
            return int(float(value[: -len(unit)]) * UNITS[unit])
    raise ValueError(value)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("config")
    ap.add_argument("-o", "--output", default="output")
    a = ap.parse_args()
    with open(a.config, "rb") as f:
        cfg = tomllib.load(f)
    g = cfg["general"]
    n, values, labels = generate(cfg)
    start = g["start"]
    if isinstance(start, str):
        start = datetime.fromisoformat(start.replace("Z", "+00:00"))
    t0 = int(start.astimezone(timezone.utc).timestamp() * 1000)
    step = interval_ms(g.get("interval", 1))
    times = pl.Series("timestamp", t0 + step * np.arange(n, dtype=np.int64)).cast(pl.Datetime("ms"))
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    os.makedirs(a.output, exist_ok=True)
    pl.DataFrame([times, *[pl.Series(k, v) for k, v in values.items()]]).write_csv(
        os.path.join(a.output, "metrics.csv"), datetime_format=fmt)
    pl.DataFrame([times, *[pl.Series(k, v) for k, v in labels.items()]]).write_csv(
        os.path.join(a.output, "labels.csv"), datetime_format=fmt)
    return 0


if __name__ == "__main__":
    sys.exit(main())
