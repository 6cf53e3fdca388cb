#!/usr/bin/env python3
"""Reference figures for our GutenTAG shapes (src/config/shapes.ts), made by GutenTAG's own code.

This script imports GutenTAG's base-oscillation functions (polynomial, dirichlet, ecg,
cylinder_bell_funnel, mls) from a GutenTAG source tree, runs them, and writes what our shapes can
be held to into tests/golden/gutentag_figures.json, which tests/gutentag_test.ts reads. Exact
values where our time base allows it (polynomial, dirichlet, ecg at 200 beats a minute), and
otherwise figures that do not depend on the random draws (mls: period, range, steps, smoothing
kernel, the set of shift-register sequences and their probabilities) or statistics over many
seeds with a tolerance (cbf). No GutenTAG code is copied here; only its modules are imported.

GutenTAG's source is not a pip package here: get the tree of commit 0bf06e6 (v1.5.0) with
    git clone https://github.com/TimeEval/GutenTAG /tmp/GutenTAG
    git -C /tmp/GutenTAG checkout 0bf06e6
or, from a bare mirror, git -C MIRROR archive 0bf06e6 | tar -x -C /tmp/GutenTAG. Then run
    python3 bench/peers/gutentag_figures.py --gutentag /tmp/GutenTAG [-o OUT.json]
(OUT.json defaults to tests/golden/gutentag_figures.json; about 20 s).
It needs numpy, scipy, scikit-learn, pandas, PyYAML, joblib and jsonschema (GutenTAG's package
imports them); neurokit2, matplotlib, tqdm and GitPython are replaced by the stubs below. The
commit is read with git when DIR is a checkout, else give --commit; the JSON also keeps the
SHA-256 of every GutenTAG file used, so a different tree shows.
"""
import argparse
import hashlib
import itertools
import json
import math
import subprocess
import sys
import types
import warnings
from pathlib import Path

import numpy as np
import scipy
import scipy.ndimage
import scipy.signal
import scipy.special
import scipy.stats
import sklearn

GUTENTAG_COMMIT = "0bf06e601d57f1f1e4e2d52cfbfa27871dd6a021"
USED_FILES = [
    "gutenTAG/_version.py",
    "gutenTAG/base_oscillations/polynomial.py",
    "gutenTAG/base_oscillations/dirichlet.py",
    "gutenTAG/base_oscillations/utils/math_func_support.py",
    "gutenTAG/base_oscillations/ecg.py",
    "gutenTAG/base_oscillations/cylinder_bell_funnel.py",
    "gutenTAG/base_oscillations/mls.py",
]


# --- stubs ---------------------------------------------------------------------------------------
# GutenTAG's package __init__ imports its whole generator (plots, progress bars, git) and its ecg
# calls neurokit2, none of which is installed. Only neurokit2 matters for the numbers.


def _daub(p):
    """scipy.signal.daub (removed in scipy 1.15; GutenTAG pins scipy < 1.15): Daubechies' filter."""
    if hasattr(scipy.signal, "daub"):
        return scipy.signal.daub(p)
    # scipy's own construction for 3 < p < 35, so the values match the pinned scipy's to rounding.
    P = [scipy.special.comb(p - 1 + k, k, exact=True) for k in range(p)][::-1]
    yj = np.roots(P)
    c = np.poly1d([1, 1]) ** p
    q = np.poly1d([1])
    for k in range(p - 1):
        yval = yj[k]
        part = 2 * np.sqrt(yval * (yval - 1))
        const = 1 - 2 * yval
        z1 = const + part
        if abs(z1) < 1:
            z1 = const - part
        q = q * [1, -z1]
    q = c * np.real(q)
    q = q / np.sum(q) * np.sqrt(2)
    return q.c[::-1]


def _ecg_simulate(duration=10, length=None, sampling_rate=1000, noise=0.01, heart_rate=70,
                  method="ecgsyn", random_state=None, **_):
    """neurokit2 0.1.2's ecg_simulate, method "simple" only, noise 0 (all GutenTAG asks here):
    Daubechies-10 plus 10 zeros a beat, int(duration * rate / 60) beats, times 10, resampled to
    `length` by signal_resample's "interpolation" (scipy.ndimage.zoom, cubic), unless equal."""
    if method != "simple" or noise:
        raise NotImplementedError("the stub knows only method 'simple' without noise")
    np.random.seed(random_state)  # neurokit seeds the legacy global generator; nothing draws
    if length is None:
        length = duration * sampling_rate
    beat = np.concatenate([_daub(10), np.zeros(10)])
    ecg = np.tile(beat, int(duration * heart_rate / 60)) * 10
    if len(ecg) == length:
        return ecg
    return scipy.ndimage.zoom(ecg, length / len(ecg))


def _install_stubs():
    nk = types.ModuleType("neurokit2")
    nk.ecg_simulate = _ecg_simulate
    mpl = types.ModuleType("matplotlib")
    plt = types.ModuleType("matplotlib.pyplot")
    plt.Figure = type("Figure", (), {})
    mpl.pyplot = plt
    mpl.use = lambda *a, **k: None
    tqdm = types.ModuleType("tqdm")

    class _Tqdm:
        def __init__(self, it=None, *a, **k):
            self.it = it

        def __iter__(self):
            return iter(self.it)

        def update(self, *a, **k):
            pass

        def close(self):
            pass

    tqdm.tqdm = _Tqdm
    git = types.ModuleType("git")
    git.InvalidGitRepositoryError = type("InvalidGitRepositoryError", (Exception,), {})
    git.Repo = None
    sys.modules.update({"neurokit2": nk, "matplotlib": mpl, "matplotlib.pyplot": plt,
                        "tqdm": tqdm, "git": git})


# --- helpers -------------------------------------------------------------------------------------


def floats(a):
    """A list of Python floats: json writes each as its shortest round-trip text."""
    return [float(v) for v in a]


class ScriptedRng:
    """Answers GutenTAG's rng.integers calls from a script, to enumerate mls's taps and states."""

    def __init__(self, answers):
        self.answers = list(answers)

    def integers(self, low, high=None, size=None, dtype=np.int64, endpoint=False):
        top = high if endpoint else high - 1
        if size is None:
            v = self.answers.pop(0)
            assert low <= v <= top
            return v
        v = np.array([self.answers.pop(0) for _ in range(size)], dtype=dtype)
        assert ((low <= v) & (v <= top)).all()
        return v


def step_signs(x, count):
    """'1' where the series rises from sample k to k + 1, '0' where it falls, k < count."""
    d = np.diff(x[: count + 1])
    assert (d != 0).all()
    return "".join("1" if v > 0 else "0" for v in d)


def solve_weights(x0, x1, lo, hi):
    """Least squares H[m], m = lo .. hi, with diff(x1)[i] = sum_m H[m] diff(x0)[i + m]: how the
    smoothed series leans on the unsmoothed walk. Differences cancel the affine scalings."""
    d0, d1 = np.diff(x0), np.diff(x1)
    rows = range(-lo, min(len(d1), len(d0) - hi))
    A = np.array([[d0[i + m] for m in range(lo, hi + 1)] for i in rows])
    b = np.array([d1[i] for i in rows])
    H, *_ = np.linalg.lstsq(A, b, rcond=None)
    resid = float(np.abs(A @ H - b).max())
    cond = float(np.linalg.cond(A))
    return H / H.sum(), resid, cond


def cbf_counts(x):
    """Totals of one cbf series (no noise), read from its values alone, as the test reads ours:
    a bell starts 0, a/L, 2a/L (exactly twice); a funnel ends 2a/L, a/L, 0; a cylinder is a run
    of one nonzero value (length >= 2). Bells and funnels each hold one 0 of their own."""
    x = np.asarray(x, dtype=float)
    n = len(x)
    nz = x != 0
    bells = int(np.sum((x[:-2] == 0) & nz[1:-1] & (x[2:] == 2 * x[1:-1])))
    funnels = int(np.sum(nz[1:-1] & (x[2:] == 0) & (x[:-2] == 2 * x[1:-1])))
    same = nz[:-1] & (x[1:] == x[:-1])  # pair k, k + 1 inside one cylinder
    starts = np.flatnonzero(same & ~np.r_[False, same[:-1]])
    ends = np.flatnonzero(same & ~np.r_[same[1:], False])
    # A run reaching the last sample may be cut short by the series' end (ours runs patterns to
    # the end; GutenTAG drops the last one that does not fit): not counted.
    whole = ends + 1 < n - 1
    starts, ends = starts[whole], ends[whole]
    lengths = ends - starts + 2
    heights = x[starts]
    return {
        "n": n, "nonzero": int(nz.sum()), "abs": float(np.abs(x).sum()), "sum": float(x.sum()),
        "bells": bells, "funnels": funnels, "cylinders": len(starts),
        "cylinder_samples": int(lengths.sum()), "heights": float(heights.sum()),
        "heights_sq": float((heights ** 2).sum()), "heights_abs": float(np.abs(heights).sum()),
    }


def cbf_figures(t):
    """The figures from pooled totals; tests/gutentag_test.ts computes the same ones."""
    patterns = t["bells"] + t["funnels"] + t["cylinders"]
    hm = t["heights"] / t["cylinders"]
    return {
        "inside_fraction": (t["nonzero"] + t["bells"] + t["funnels"]) / t["n"],
        "patterns_per_1000": 1000 * patterns / t["n"],
        "mean_abs": t["abs"] / t["n"],
        "mean": t["sum"] / t["n"],
        "share_bell": t["bells"] / patterns,
        "share_funnel": t["funnels"] / patterns,
        "share_cylinder": t["cylinders"] / patterns,
        "cylinder_length_mean": t["cylinder_samples"] / t["cylinders"],
        "height_mean": hm,
        "height_sd": math.sqrt(max(0.0, t["heights_sq"] / t["cylinders"] - hm * hm)),
        "height_abs_mean": t["heights_abs"] / t["cylinders"],
    }


CBF_NOTES = {
    "inside_fraction": "share of samples inside a pattern (nonzero, plus the one 0 of each bell "
                       "and funnel)",
    "patterns_per_1000": "patterns (bells + funnels + cylinders found) per 1000 samples: pattern "
                         "length plus mean gap",
    "mean_abs": "mean |value| over all samples",
    "mean": "mean value over all samples (signs are fair: near 0)",
    "share_bell": "share of found patterns that are bells (rising ramps from 0)",
    "share_funnel": "share of found patterns that are funnels (falling ramps to 0)",
    "share_cylinder": "share of found patterns that are cylinders (flat)",
    "cylinder_length_mean": "mean pattern length, read on cylinders (runs of one value, length "
                            ">= 2, not cut by the series' end)",
    "height_mean": "mean signed height of cylinders (+-(amplitude + variance-amplitude z): near 0)",
    "height_sd": "standard deviation of the signed heights of cylinders: sqrt(amplitude^2 + "
                 "variance-amplitude^2)",
    "height_abs_mean": "mean |height| of cylinders",
}


def peaks(x):
    """R peaks: local maxima above a quarter of the series' maximum (a drifting beat's sampled
    peak falls to a third of the true one; the T wave stays below a fifth)."""
    x = np.asarray(x)
    k = np.flatnonzero((x[1:-1] > 0.25 * x.max()) & (x[1:-1] >= x[:-2]) & (x[1:-1] > x[2:])) + 1
    return k


def ecg_summary(x):
    k = peaks(x)
    return {
        "max": float(x.max()), "min": float(x.min()), "mean": float(x.mean()),
        "rms": float(np.sqrt(np.mean(x ** 2))), "peaks": len(k),
        "peak_spacing": float((k[-1] - k[0]) / (len(k) - 1)),
    }


# --- the figures ---------------------------------------------------------------------------------


def polynomial_figures(gt):
    cases = []
    for coefficients, n in [([1, 1], 50), ([1.5, -0.25, 0.003, -1.7e-6], 400)]:
        y = gt["polynomial"].polynomial(n, coefficients)
        cases.append({"polynomial": coefficients, "num_samples": n, "values": floats(y)})
    return {
        "note": "GutenTAG's polynomial of the raw sample index (numpy Polynomial, Horner): our "
                "values must be equal, bit for bit",
        "tolerance": 0,
        "cases": cases,
    }


def dirichlet_figures(gt):
    n = 300
    cases = []
    for f, p, a in [(10, 6, 1), (3.7, 7, 2.5), (2.5, 2, 1), (7.3, 11, 1), (1.3, 10, 0.5)]:
        # GutenTAG's phase is 2 pi f i (n / 100) / (n - 1); this frequency makes it 2 pi f i / 100.
        g = f * (n - 1) / n
        y = gt["dirichlet"].dirichlet(n, g, a, p)
        cases.append({"frequency": f, "periodicity": p, "amplitude": a,
                      "gutentag_frequency": g, "values": floats(y)})
    return {
        "note": "GutenTAG's dirichlet run at frequency f (n - 1) / n, so that its linspace time "
                "base is sample k at k / 100 seconds as ours: values equal to rounding",
        "num_samples": n,
        "tolerance": 1e-9,
        "cases": cases,
    }


def ecg_figures(gt):
    ecg = gt["ecg"].ecg
    unresampled = []
    for f, a, n in [(3.3334, 1, 3000), (3.3334, 1.7, 600)]:
        # int(60 f) = 200 beats a minute and n // 100 a multiple of 3 seconds: 30 B == n, so
        # neurokit returns the tiled raw beat, no resampling.
        y = ecg(np.random.default_rng(0), n, f, a, "simple")
        beats = n // 30
        assert np.array_equal(y, np.tile(y[:30], beats)), "not the tiled beat"
        unresampled.append({"frequency": f, "amplitude": a, "num_samples": n, "beats": beats,
                            "beat": floats(y[:30])})
    resampled = []
    everything = ["max", "min", "mean", "rms", "peaks", "peak_spacing", "first_samples"]
    for f, n, held, note in [
        (10, 10000, ["max", "peaks", "peak_spacing", "first_samples"],
         "the default 600 beats a minute over GutenTAG's default length: B = 1000 beats of 30 "
         "raw samples squeezed into 10000, every third knot. GutenTAG's reading drifts 2/(n-1) "
         "knots a sample (linspace's corners), so over the series it meets every phase; ours "
         "reads knots 0, 3, .. 27 of every beat: min, mean and rms are not held"),
        (9.99, 10000, everything,
         "599 beats a minute: the beat is read at every phase over the series, in GutenTAG's "
         "and ours, so the spline's max, min, mean and rms show"),
    ]:
        y = ecg(np.random.default_rng(0), n, f, 1, "simple")
        hr = int(f / 100 * 100 * 60)
        beats = int((n // 100) * hr / 60)
        resampled.append({"frequency": f, "num_samples": n, "note": note, "held": held,
                          "beats": beats,
                          "samples_per_beat": n / beats, "first_samples": floats(y[:10]),
                          **ecg_summary(y)})
    # GutenTAG draws B = int((n // 100) int(60 f) / 60) whole beats in whole seconds and
    # stretches them over n samples; when that is not whole, its period is n / B, not 6000/bpm.
    f, n = 1.1667, 1000
    y = ecg(np.random.default_rng(0), n, f, 1, "simple")
    hr = int(f / 100 * 100 * 60)
    beats = int((n // 100) * hr / 60)
    truncated = {"frequency": f, "num_samples": n, "bpm": hr, "beats": beats,
                 "samples_per_beat": n / beats, "bpm_period": 6000 / hr, **ecg_summary(y)}
    return {
        "note": "GutenTAG's ecg, method simple, noise 0 (neurokit2 0.1.2 re-implemented in the "
                "stub of bench/peers/gutentag_figures.py)",
        "unresampled": {
            "note": "the raw tiled beat (Daubechies-10 and 10 zeros, times 10 and the amplitude) "
                    "that GutenTAG returns when 30 B == n; our spline at integer knots must give "
                    "the same samples",
            "tolerance": 1e-9,
            "cases": unresampled,
        },
        "resampled": {
            "note": "GutenTAG resamples B beats to n samples by a cubic spline: looser figures. "
                    "peaks: local maxima above half the max; peak_spacing: (last - first peak) / "
                    "(peaks - 1); first_samples: before its phase drift builds up (< 0.002 knots)",
            "tolerances": {"max": 0.002, "min": 0.01, "mean": 0.01, "rms": 0.01, "peaks": 1,
                           "peak_spacing": 0.005, "first_samples": 0.01},
            "tolerance_note": "relative for max, min, mean, rms, peak_spacing; absolute for "
                              "peaks (a count); for first_samples absolute times GutenTAG's max",
            "cases": resampled,
        },
        "beat_count": {
            "note": "GutenTAG's period is n / int((n // 100) bpm / 60) samples (whole beats in "
                    "whole seconds, stretched over n), not 6000 / bpm: 70 beats a minute over "
                    "1000 samples is 11 beats of 90.9 samples, not 85.7",
            "tolerance": 0.01,
            "case": truncated,
        },
    }


def cbf_figures_all(gt):
    cbf = gt["cbf"].cylinder_bell_funnel
    series, length, test_series = 400, 20000, 20
    cases = []
    for args in [
        {"amplitude": 1, "avg-pattern-length": 10, "variance-pattern-length": 0,
         "variance-amplitude": 2},
        {"amplitude": 3, "avg-pattern-length": 20, "variance-pattern-length": 5,
         "variance-amplitude": 0.5},
    ]:
        per_series, pooled = [], None
        for seed in range(series):
            t = cbf_counts(cbf(np.random.default_rng(seed), length=length,
                               avg_pattern_length=args["avg-pattern-length"],
                               avg_amplitude=args["amplitude"], default_variance=0.0,
                               variance_pattern_length=args["variance-pattern-length"],
                               variance_amplitude=args["variance-amplitude"]))
            per_series.append(cbf_figures(t))
            pooled = t if pooled is None else {k: pooled[k] + t[k] for k in t}
        figures = {}
        for name, value in cbf_figures(pooled).items():
            sd = float(np.std([s[name] for s in per_series], ddof=1))
            # 5 standard errors of (GutenTAG's pooled figure - ours over test_series series)
            tol = 5 * sd * math.sqrt(1 / series + 1 / test_series)
            figures[name] = {"value": value, "tolerance": tol, "sd_per_series": sd,
                             "note": CBF_NOTES[name]}
        cases.append({"args": args, "figures": figures})
    return {
        "note": "GutenTAG's cylinder_bell_funnel with variance 0 (its noise is the metric's "
                "noise here), measured from values alone, pooled over seeds 0 .. series - 1; "
                "ours over seeds 1 .. test_series must land within tolerance (5 standard "
                "errors of the difference, from the spread between GutenTAG's series)",
        "series": series, "series_length": length, "test_series": test_series,
        "cases": cases,
    }


def mls_figures(gt):
    mls = gt["mls"].mls
    seeds = range(50)
    structure = []
    for c, a, s, n in [(7, 1, 0, 1000), (5, 2.5, 0, 200), (3, 0.5, 0, 50), (7, 1, 0.1, 1000)]:
        period = 2 ** c - 1
        range_error, distinct_steps = 0.0, set()
        for seed in seeds:
            x = mls(np.random.default_rng(seed), n, a, s, c)
            assert np.array_equal(x[period:], x[:-period]), "not periodic"
            range_error = max(range_error, abs(x.min() + a), abs(x.max() - a))
            if s == 0:
                steps = np.abs(np.diff(x[:period]))
                distinct_steps.add(int(np.sum(np.abs(steps - steps[0]) > 1e-9 * steps[0]) + 1))
                walk_range = 2 * a / steps[0]
                assert abs(walk_range - round(walk_range)) < 1e-9
        case = {"complexity": c, "amplitude": a, "smoothing": s, "num_samples": n,
                "period": period, "range_error": range_error}
        if s == 0:
            assert distinct_steps == {1}
            case["distinct_steps_in_period"] = 1
        structure.append(case)
    same = 0.0
    for seed in seeds:
        x0 = mls(np.random.default_rng(seed), 500, 1, 0, 6)
        x1 = mls(np.random.default_rng(seed), 500, 1, 0.01, 6)
        same = max(same, float(np.abs(x1 - x0).max()))
    kernels = []
    for s in [0.05, 0.1, 0.29]:
        c, n = 7, 1000
        width = int(s * 100)
        lo, hi = -2, width + 1
        for seed in seeds:  # the first seed whose walk pins the weights down
            x0 = mls(np.random.default_rng(seed), n + hi + 1, 1, 0, c)
            x1 = mls(np.random.default_rng(seed), n, 1, s, c)
            weights, resid, cond = solve_weights(x0, x1, lo, hi)
            if cond < 100:
                break
        # cross-check against mls.py's kernel: pdf(linspace(-1.5, 1.4, F)), reversed by convolve
        g = scipy.stats.norm.pdf(np.linspace(-1.5, 1.4, width))
        expect = np.r_[np.zeros(-lo), (g / g.sum())[::-1], np.zeros(hi - width + 1)]
        assert np.abs(weights - expect).max() < 1e-9, (s, weights, expect)
        kernels.append({"smoothing": s, "width": width, "complexity": c, "num_samples": n,
                        "offsets": [lo, hi], "weights": floats(weights), "seed": seed,
                        "residual": resid})
    lfsr = []
    for c in [3, 4, 5]:
        period = 2 ** c - 1
        probability = {}
        for k in (1, 2):
            for taps in itertools.product(range(1, c + 1), repeat=k):
                for state in itertools.product((0, 1), repeat=c - 1):
                    x = mls(ScriptedRng([k, *taps, *state]), period + 1, 1, 0, c)
                    key = step_signs(x, period - 1)
                    probability[key] = probability.get(key, 0) + 0.5 * c ** -k * 0.5 ** (c - 1)
        assert abs(sum(probability.values()) - 1) < 1e-12
        metrics = 2000
        expected = sorted(metrics * p for p in probability.values())
        big = [e for e in expected if e >= 5]
        df = len(big) + (1 if len(big) < len(expected) else 0) - 1
        lfsr.append({"complexity": c, "test_metrics": metrics,
                     "chi_square_limit": df + 5 * math.sqrt(2 * df),
                     "sequences": {k: probability[k] for k in sorted(probability)}})
    return {
        "note": "GutenTAG's mls: its taps and start state are random, so the figures are what "
                "does not depend on them, over seeds 0 .. 49",
        "structure": {
            "note": "the series repeats every 2^complexity - 1 samples (x[k + period] == x[k]); "
                    "min and max are -amplitude and amplitude (range_error: the largest miss "
                    "seen); unsmoothed, every step inside a period has one size, 2 amplitude / "
                    "(range of the walk), the range a whole number",
            "tolerance": 1e-12,
            "cases": structure,
        },
        "default_smoothing": {
            "note": "smoothing 0.01 (the default) is a window of int(1) = 1 sample: the series "
                    "equals the unsmoothed one for the same seed (largest difference seen)",
            "complexity": 6, "num_samples": 500, "max_difference": same,
        },
        "kernels": {
            "note": "the Gaussian window: least-squares weights H[m], m = offsets[0] .. "
                    "offsets[1], of diff(smoothed)[i] on diff(unsmoothed)[i + m], same seed, "
                    "normalised to sum 1: pdf(linspace(-1.5, 1.4, width)) reversed on m = 0 .. "
                    "width - 1 and 0 outside (so width and alignment both show)",
            "tolerance": 1e-9,
            "cases": kernels,
        },
        "lfsr": {
            "note": "every (number of taps, taps, start state) enumerated through GutenTAG's mls "
                    "with a scripted rng: the sequences of step signs of one period ('1' rising "
                    "from sample k to k + 1, k < period - 1) and their probabilities. Each of "
                    "ours must be one of them, and over test_metrics metrics (each its own "
                    "stream) the chi-square against these probabilities (cells with expected "
                    "count < 5 pooled into one) must be below chi_square_limit = df + 5 sqrt(2 df)",
            "cases": lfsr,
        },
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gutentag", required=True, type=Path,
                    help="GutenTAG source tree (the folder holding gutenTAG/)")
    ap.add_argument("--commit", help="its commit, when DIR is not a git checkout")
    here = Path(__file__).resolve().parents[2]
    ap.add_argument("-o", "--out", type=Path, default=here / "tests/golden/gutentag_figures.json")
    args = ap.parse_args()
    root = args.gutentag.resolve()
    if not (root / "gutenTAG/base_oscillations").is_dir():
        sys.exit(f"{root} holds no gutenTAG/base_oscillations")
    commit = args.commit
    if commit is None:
        try:
            commit = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], check=True,
                                    capture_output=True, text=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            sys.exit("DIR is not a git checkout: give --commit")
    if commit != GUTENTAG_COMMIT:
        print(f"warning: commit {commit} is not {GUTENTAG_COMMIT} (v1.5.0)", file=sys.stderr)

    _install_stubs()
    warnings.filterwarnings("ignore")
    sys.path.insert(0, str(root))
    import importlib
    gt = {name: importlib.import_module(f"gutenTAG.base_oscillations.{module}")
          for name, module in [("polynomial", "polynomial"), ("dirichlet", "dirichlet"),
                               ("ecg", "ecg"), ("cbf", "cylinder_bell_funnel"), ("mls", "mls")]}
    version = importlib.import_module("gutenTAG._version").__version__

    figures = {
        "about": "Reference figures for src/config/shapes.ts from GutenTAG's own base-oscillation "
                 "code; made by bench/peers/gutentag_figures.py, read by tests/gutentag_test.ts",
        "gutentag": {
            "repository": "https://github.com/TimeEval/GutenTAG",
            "commit": commit,
            "version": version,
            "files_sha256": {p: hashlib.sha256((root / p).read_bytes()).hexdigest()
                             for p in USED_FILES},
            "stubbed": "neurokit2 (ecg_simulate 'simple', re-implemented), matplotlib, tqdm, git",
        },
        "python": {"numpy": np.__version__, "scipy": scipy.__version__,
                   "scikit-learn": sklearn.__version__},
        "polynomial": polynomial_figures(gt),
        "dirichlet": dirichlet_figures(gt),
        "ecg": ecg_figures(gt),
        "cbf": cbf_figures_all(gt),
        "mls": mls_figures(gt),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=1) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
