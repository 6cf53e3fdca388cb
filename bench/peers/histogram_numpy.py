#!/usr/bin/env python3
"""A numpy + SciPy + polars peer of a histogram metric, for docs/performance.md.

The same columns chaos-datagen writes for one `type = "histogram"` metric (a log-normal, median
0.1 with gaussian noise, spread 0.5, 100 observations a second, Prometheus' 11 default buckets,
one step fault hitting a tenth of the observations): the location, each bucket's cumulative count,
_sum and _count, written as CSV by polars. Its noise is numpy's, so its numbers differ from ours;
the work is the same: one normal distribution function per bucket per sample (two in the fault).

    python3 bench/peers/histogram_numpy.py N OUT.csv
"""
import sys
import numpy as np
import polars as pl
from scipy.special import ndtr

n, out = int(sys.argv[1]), sys.argv[2]
rng = np.random.default_rng(1)
healthy = np.maximum(0.1 + rng.normal(0, 0.002, n), 1e-9)
location = healthy.copy()
fault = np.zeros(n, dtype=bool)
fault[1000:101000] = True
location[fault] *= 3
hit = np.where(fault, 0.1, 0.0)
spread, obs = 0.5, 100
buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
columns = {"lat": np.round(location, 6)}
lm, lh = np.log(location), np.log(healthy)
for le in buckets:
    f = (1 - hit) * ndtr((np.log(le) - lh) / spread) + hit * ndtr((np.log(le) - lm) / spread)
    columns[f'lat_bucket{{le="{le}"}}'] = np.cumsum(np.round(obs * f)).astype(np.int64)
columns['lat_bucket{le="+Inf"}'] = np.cumsum(np.full(n, obs, dtype=np.int64))
mean = ((1 - hit) * healthy + hit * location) * np.exp(spread**2 / 2)
columns["lat_sum"] = np.round(np.cumsum(obs * mean), 6)
columns["lat_count"] = np.cumsum(np.full(n, obs, dtype=np.int64))
pl.DataFrame(columns).with_row_index("sample").write_csv(out)
