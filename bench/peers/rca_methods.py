#!/usr/bin/env python3
"""Root-cause methods run on chaos-datagen's output, to show what its faults ask of real methods.

    python3 rca_methods.py rank OUTPUT_DIR [--method nsigma|baro|granger|truegraph] [-o RANKING.csv]
    python3 rca_methods.py edges OUTPUT_DIR [--test conditional|pairwise]

OUTPUT_DIR is a run written with --format csv: metrics.csv (a `timestamp` column of RFC 3339
times, or a `sample` column without general.start, then a column per metric) and manifest.json.
Each fault is a case, cut as --format rcaeval cuts it: from just after every other fault (its
window and its effects) that ended before it, to just before the next fault starts. A case's
normal period is its samples before the fault's first sample; its anomalous period is the fault's
window. A method sees the data and the inject time, never the fault's metric, effects or graph
(except truegraph, which is given the manifest's graph to show what a perfect graph is worth).

Methods (`rank` writes `fault,rank,metric`, a row per fault and rank, which `score --rca` reads):
  nsigma     N-Sigma: each metric's max |x - mean| / sd over the anomalous period, mean and sd of
             the normal period; metrics ranked by it.
  baro       BARO's ranking step, given the inject time (BARO finds it with a Bayesian change
             point detector): the same with (x - median) / IQR of the normal period.
  granger    a graph learned on the case's normal period (below), then the metrics that are
             anomalous (N-Sigma score >= --threshold) ranked by how many anomalous ancestors
             they have in it (along any path), fewest first (a root has none), ties by score;
             then the rest by score. An effect louder than its cause still ranks below it when
             the graph holds a path from the cause to it.
  truegraph  the same ranking on the manifest's true graph: what a perfect graph learner gets.

The graph: Granger causality between every ordered pair of metrics, `parent -> child` when the
parent's last --maxlag samples improve the prediction of the child (F test, p below --alpha over
the number of pairs, Bonferroni). By default each test is conditional: a VAR of all metrics is
fitted and each pair is tested within it, so `db -> payment -> checkout` does not also yield
`db -> checkout` as a pairwise test does (`--test pairwise`: statsmodels'
grangercausalitytests on the two metrics alone). The conditional F statistic is statsmodels'
VARResults.test_causality's (tests/rca_method_test.ts checks it to 1e-9), computed by least
squares here because test_causality takes over ten times as long (27 s against 2 s for the 20
cases of configs/rca_chain.toml). Granger rather than a PC skeleton because our dependencies act
after a lag: time orders each edge, where PC on same-time samples cannot orient a chain (db -> api
and api -> db are Markov equivalent). A coupling with lag 0 is invisible to it, and so is one
longer than --maxlag.

`edges` learns the graph on every case's normal period and prints, as JSON, how it matches the
manifest's `graph` (its edges' from -> to, by dependency or formula): pooled precision and recall
against what random edges give (precision: the graph's density; recall: the share of pairs
learned), and the precision of the |true edges| best-scored pairs (threshold-free; chance is
again the density).

numpy, scipy, pandas and statsmodels; nothing is taken from RCAEval's code.
"""
import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd


# --- reading a run -----------------------------------------------------------------------------


def read_run(folder):
    """The run's values (samples x metrics, counters as rates per second), names and manifest."""
    folder = Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    metrics = list(manifest["metrics"])
    frame = pd.read_csv(folder / "metrics.csv")
    first = frame.columns[0]
    if first not in ("timestamp", "sample") or list(frame.columns[1:]) != metrics:
        raise SystemExit(
            f"{folder}/metrics.csv: columns {list(frame.columns)[:6]}...: want timestamp or "
            f"sample, then the manifest's metrics {metrics[:5]}..."
        )
    if len(frame) != manifest["num_samples"]:
        raise SystemExit(
            f"{folder}/metrics.csv: {len(frame)} rows, the manifest says {manifest['num_samples']}"
        )
    general = manifest["config"]["general"]
    times = None
    if first == "timestamp":
        # RFC 3339 with an offset: parsed as such, in UTC, never as local time.
        times = pd.to_datetime(frame["timestamp"], utc=True, format="ISO8601")
    values = frame[metrics].to_numpy(dtype=float)
    config_metrics = manifest["config"]["metrics"]
    for j, name in enumerate(metrics):
        if config_metrics[name].get("type") == "counter":
            # A counter's column counts events; methods read its rate, as Prometheus' rate() does.
            rate = np.diff(values[:, j], prepend=np.nan) / general["interval"]
            rate[0] = rate[1] if len(rate) > 1 else 0.0
            values[:, j] = rate
    return values, metrics, times, manifest


def fault_rows(fault, times):
    """The fault's first and last row: found by its times where the CSV has them."""
    first, last = fault["first_sample"], fault["last_sample"]
    if times is not None:
        at = times.searchsorted(pd.Timestamp(fault["first_time"]).tz_convert("UTC"))
        to = times.searchsorted(pd.Timestamp(fault["last_time"]).tz_convert("UTC"))
        if (at, to) != (first, last):
            raise SystemExit(
                f"{fault['id']}: its times are rows {at}-{to}, its samples {first}-{last}"
            )
    return first, last


def cases(manifest, times):
    """Per fault, in manifest order: id, metric, normal rows [start, inject), window [inject,
    last], and the case's last row (end)."""
    n = manifest["num_samples"]
    faults = manifest["anomalies"]
    lasts = sorted(s["last_sample"] for f in faults for s in [f, *f["effects"]])
    firsts = sorted(f["first_sample"] for f in faults)
    out = []
    for fault in faults:
        inject, last = fault_rows(fault, times)
        before = [x for x in lasts if x < inject]
        after = [x for x in firsts if x > inject]
        out.append({
            "fault": fault["id"],
            "metric": fault["metric"],
            "start": before[-1] + 1 if before else 0,
            "inject": inject,
            "last": last,
            "end": after[0] - 1 if after else n - 1,
        })
    return out


# --- z-scores ----------------------------------------------------------------------------------


def zscores(values, case, robust=False):
    """Per metric, max |z| over the fault's window, z from the case's normal period."""
    normal = values[case["start"]:case["inject"]]
    window = values[case["inject"]:case["last"] + 1]
    if robust:
        centre = np.nanmedian(normal, axis=0)
        q75, q25 = np.nanpercentile(normal, [75, 25], axis=0)
        spread = q75 - q25
    else:
        centre = np.nanmean(normal, axis=0)
        spread = np.nanstd(normal, axis=0, ddof=1)
    deviation = np.nanmax(np.abs(window - centre), axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = deviation / spread
    # A metric flat in the normal period: any move is infinitely unusual, none is nothing.
    score[(spread == 0) & (deviation == 0)] = 0.0
    return np.nan_to_num(score, nan=0.0)


def by_score(score, names, among=None):
    """Names (or those in `among`) by score, highest first, ties in column order."""
    order = sorted(range(len(names)), key=lambda j: (-score[j], j))
    return [names[j] for j in order if among is None or j in among]


# --- learning the graph ------------------------------------------------------------------------


def lagged(z, maxlag):
    """The rows z[maxlag:], and the design [1, z(t-1), ..., z(t-maxlag)] that predicts them."""
    t = len(z)
    past = [z[maxlag - lag:t - lag] for lag in range(1, maxlag + 1)]
    design = np.hstack([np.ones((t - maxlag, 1))] + past)
    return z[maxlag:], design


def conditional_f(x, maxlag):
    """F[i, j] of `i Granger-causes j` given every other metric, its degrees of freedom, and the
    columns tested (those that move): the F test of dropping i's lags from j's equation of a VAR
    of every metric, by least squares. Its statistic is statsmodels' VARResults.test_causality(j,
    [i], kind="f").test_statistic; the second degree of freedom is the one equation's.
    """
    k = x.shape[1]
    sd = x.std(axis=0, ddof=1)
    keep = np.flatnonzero(sd > 0)
    z = (x[:, keep] - x[:, keep].mean(axis=0)) / sd[keep]
    m = len(keep)
    y, design = lagged(z, maxlag)
    df = len(y) - design.shape[1]
    if df < 10:
        raise SystemExit(f"{len(z)} normal samples are too few for a VAR({maxlag}) of {m} metrics")
    full = np.linalg.lstsq(design, y, rcond=None)[0]
    rss = ((y - design @ full) ** 2).sum(axis=0)
    f = np.zeros((k, k))
    for a in range(m):
        # The design without a's lags: columns 1 + lag * m + a.
        without = np.delete(design, [1 + lag * m + a for lag in range(maxlag)], axis=1)
        fit = np.linalg.lstsq(without, y, rcond=None)[0]
        rss_r = ((y - without @ fit) ** 2).sum(axis=0)
        f[keep[a], keep] = (rss_r - rss) / maxlag / (rss / df)
    np.fill_diagonal(f, 0.0)
    return f, (maxlag, df), keep


def granger_tests(x, maxlag, test="conditional"):
    """p[i, j] and F[i, j] of `i Granger-causes j` on the rows of x (samples x metrics).

    conditional: given every other metric (conditional_f); pairwise: statsmodels'
    grangercausalitytests on (j, i) alone. Every pair's F has the same degrees of freedom, so F
    orders the pairs as p does, also where p underflows to 0. A metric that does not move gets
    p = 1, F = 0.
    """
    from scipy import stats

    k = x.shape[1]
    p = np.ones((k, k))
    if test == "conditional":
        f, (df1, df2), keep = conditional_f(x, maxlag)
        inner = np.ix_(keep, keep)
        p[inner] = stats.f.sf(f[inner], df1, df2)
        np.fill_diagonal(p, 1.0)
        return p, f
    from statsmodels.tsa.stattools import grangercausalitytests

    f = np.zeros((k, k))
    sd = x.std(axis=0, ddof=1)
    keep = np.flatnonzero(sd > 0)
    z = (x[:, keep] - x[:, keep].mean(axis=0)) / sd[keep]
    for a, i in enumerate(keep):
        for b, j in enumerate(keep):
            if i != j:
                result = grangercausalitytests(np.column_stack([z[:, b], z[:, a]]), maxlag=[maxlag])
                f[i, j], p[i, j] = result[maxlag][0]["ssr_ftest"][:2]
    return p, f


def learned_edges(p, alpha):
    """Edges (i, j) whose p-value is below alpha over the number of ordered pairs."""
    k = p.shape[0]
    cut = alpha / (k * (k - 1))
    return {(i, j) for i in range(k) for j in range(k) if i != j and p[i, j] < cut}


def true_edges(manifest, names):
    """The manifest graph's edges as (parent, child) column indices."""
    index = {name: j for j, name in enumerate(names)}
    return {(index[e["from"]], index[e["to"]]) for e in manifest["graph"]["edges"]}


# --- ranking with a graph ----------------------------------------------------------------------


def ancestors(edges, k):
    """Per node, the set of its ancestors."""
    parents = [set() for _ in range(k)]
    for i, j in edges:
        parents[j].add(i)
    out = []
    for j in range(k):
        seen, todo = set(), list(parents[j])
        while todo:
            i = todo.pop()
            if i not in seen and i != j:
                seen.add(i)
                todo.extend(parents[i])
        out.append(seen)
    return out


def rank_with_graph(score, names, edges, threshold):
    """Anomalous metrics by number of anomalous ancestors (fewest first), then score; the rest."""
    k = len(names)
    anomalous = {j for j in range(k) if score[j] >= threshold}
    above = ancestors(edges, k)
    first = sorted(anomalous, key=lambda j: (len(above[j] & anomalous), -score[j], j))
    return [names[j] for j in first] + by_score(score, names, among=set(range(k)) - anomalous)


# --- commands ----------------------------------------------------------------------------------


def rank(args):
    values, names, times, manifest = read_run(args.output_dir)
    truth = true_edges(manifest, names) if args.method == "truegraph" else None
    rows = ["fault,rank,metric"]
    for case in cases(manifest, times):
        score = zscores(values, case, robust=args.method == "baro")
        if args.method in ("nsigma", "baro"):
            ranking = by_score(score, names)
        else:
            if truth is None:
                p, _ = granger_tests(values[case["start"]:case["inject"]], args.maxlag, args.test)
                edges = learned_edges(p, args.alpha)
            else:
                edges = truth
            ranking = rank_with_graph(score, names, edges, args.threshold)
        rows += [f"{case['fault']},{r},{name}" for r, name in enumerate(ranking, start=1)]
    text = "\n".join(rows) + "\n"
    if args.output:
        Path(args.output).write_text(text)
    else:
        sys.stdout.write(text)


def edges(args):
    values, names, times, manifest = read_run(args.output_dir)
    k = len(names)
    pairs = k * (k - 1)
    truth = true_edges(manifest, names)
    per_case = []
    hits = learned = top_hits = 0
    for case in cases(manifest, times):
        p, f = granger_tests(values[case["start"]:case["inject"]], args.maxlag, args.test)
        found = learned_edges(p, args.alpha)
        # The |truth| pairs with the largest F (smallest p), ties by position: no threshold.
        order = sorted(((-f[i, j], i, j) for i in range(k) for j in range(k) if i != j))
        top = {(i, j) for _, i, j in order[:len(truth)]}
        pair = lambda e: [names[e[0]], names[e[1]]]
        per_case.append({
            "fault": case["fault"],
            "normal_samples": case["inject"] - case["start"],
            "learned": sorted(map(pair, found)),
            "top": sorted(map(pair, top)),
        })
        hits += len(found & truth)
        learned += len(found)
        top_hits += len(top & truth)
    n = len(per_case)
    report = {
        "test": args.test,
        "maxlag": args.maxlag,
        "alpha": args.alpha,
        "cases": n,
        "metrics": k,
        "pairs": pairs,
        "true_edges": len(truth),
        "learned_per_case": learned / n,
        "precision": hits / learned if learned else None,
        "recall": hits / (n * len(truth)),
        "chance_precision": len(truth) / pairs,
        "chance_recall": learned / (n * pairs),
        "precision_at_true": top_hits / (n * len(truth)),
        "per_case": per_case,
    }
    print(json.dumps(report, indent=1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("rank", "edges"):
        sub = commands.add_parser(name)
        sub.add_argument("output_dir")
        sub.add_argument("--maxlag", type=int, default=4,
                         help="samples of the past a test reads (4)")
        sub.add_argument("--alpha", type=float, default=0.05,
                         help="family-wise level of the edge tests (0.05)")
        sub.add_argument("--test", choices=["conditional", "pairwise"], default="conditional")
        if name == "rank":
            sub.add_argument("--method", choices=["nsigma", "baro", "granger", "truegraph"],
                             default="nsigma")
            sub.add_argument("--threshold", type=float, default=5.0,
                             help="N-Sigma score from which a metric counts as anomalous (5)")
            sub.add_argument("-o", "--output", help="the ranking's CSV (default: stdout)")
    args = parser.parse_args()
    {"rank": rank, "edges": edges}[args.command](args)


if __name__ == "__main__":
    main()
