#!/usr/bin/env python3
"""SPEC Part III in numpy: an executable reading of sections 15 to 18 on top of Parts I and II.

    python3 reference_part3.py CONFIG.toml [-o DIR] [--writer polars|csv] [--no-write] [--noise CSV]

It reads everything reference_part2.py reads (imported from beside this file, unchanged) and
Part III: seasons of any waveform in whole milliseconds (SPEC 15), jumps among levels, GutenTAG's
research shapes (ecg, cbf, mls, dirichlet, polynomial), derived metrics by formula, the fault
kinds of SPEC 16 (extremum, amplitude, frequency, phase, shape, flatline with value, decouple),
faults placed by the seed (SPEC 17: count, between, min_gap, ranges) and metrics whose noise
follows their parents' (SPEC 18: coupling on depends_on, off in decouple windows). It writes
DIR/metrics.csv, DIR/labels.csv and DIR/manifest.json as reference_part2.py does; the manifest
lists every fault with its id, kind, drawn arguments, window and effects.

Where a number is drawn from a stream the SPEC names (jumps, shapes, placement), the draws must be
ours, so the tool's streams are ported here (xoshiro128** seeded by SplitMix64 and FNV-1a, in
blocks of 4096); what is done with the draws is read from the SPEC and from GutenTAG's source
(scipy's spline, max_len_seq and diric, not our code). Noise and wander come from numpy's own
generators, as in reference_part2.py: with noise the numbers are equal to the tool's in
distribution only; without noise and wander they must agree to rounding. --noise CSV gives each
metric's own noise instead (a column per metric with noise, as the tool's metrics.csv of the same
config with every value 0 and nothing else but the noise writes it at decimals = "full"): then
everything done with the noise (coupling, decouple, gains, bounds) must agree to rounding too.
No validation: give it valid configs.
"""
import argparse
import ast
import datetime as dt
import importlib.util
import json
import math
import os
import re
import sys
import tomllib
from math import comb
from pathlib import Path

import numpy as np

_spec = importlib.util.spec_from_file_location("reference_part2", Path(__file__).with_name("reference_part2.py"))
p2 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(p2)

# --- our random streams, ported (src/random/mod.ts, src/random/uniform.ts) ----------------------

M32 = 0xFFFFFFFF
M64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
BLOCK = 4096


def mix64(z):
    z &= M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def fnv1a64(text):
    h = 0xCBF29CE484222325
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x100000001B3) & M64
    return h


def stream_key(seed, name):
    return mix64((mix64(seed + GOLDEN) ^ fnv1a64(name)) + GOLDEN)


def block_state(key, block):
    h = mix64((key ^ block) + GOLDEN)
    a, b = mix64(h + GOLDEN), mix64(h + 2 * GOLDEN)
    words = [a & M32, a >> 32, b & M32, b >> 32]
    if not any(words):
        words[0] = 1
    return words


def _rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & M32


class Xoshiro:
    """One block's xoshiro128**, in Python ints: what placement reads draw by draw."""

    def __init__(self, key, block=0):
        self.s = block_state(key, block)

    def next_u32(self):
        s0, s1, s2, s3 = self.s
        result = (_rotl((s1 * 5) & M32, 7) * 9) & M32
        t = (s1 << 9) & M32
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        self.s = [s0, s1, s2, _rotl(s3, 11)]
        return result

    def next_double(self):
        # 27 + 26 high bits of two outputs: 53 random bits.
        a = self.next_u32() >> 5
        b = self.next_u32() >> 6
        return (a * 67108864 + b) * 2.0 ** -53


def uniform_draws(key, count):
    """Draws 0 .. count - 1 of a stream: block b holds draws 4096 b .. 4096 b + 4095, each block
    seeded on its own, so the blocks run side by side as numpy lanes."""
    blocks = max(1, -(-count // BLOCK))
    s0, s1, s2, s3 = (np.array(w, dtype=np.uint32) for w in zip(*(block_state(key, b) for b in range(blocks))))
    out = np.empty((2 * BLOCK, blocks), dtype=np.uint32)
    u5, u7, u9, u11, u21, u25 = (np.uint32(v) for v in (5, 7, 9, 11, 21, 25))
    for i in range(2 * BLOCK):
        x = s1 * u5
        out[i] = ((x << u7) | (x >> u25)) * u9
        t = s1 << u9
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = (s3 << u11) | (s3 >> u21)
    a = (out[0::2] >> np.uint32(5)).astype(np.uint64)
    b = (out[1::2] >> np.uint32(6)).astype(np.uint64)
    u = ((a << np.uint64(26)) | b).astype(np.float64) * 2.0 ** -53
    return u.T.reshape(-1)[:count]


# --- time ---------------------------------------------------------------------------------------

UNIT_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000}


def duration_ms(text):
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|s|m|h|d|w)", text.strip())
    return sum(float(a) * UNIT_MS[b] for a, b in parts)


class Times(p2.Clock):
    """Part II's clock, with the whole milliseconds of SPEC 15."""

    def __init__(self, general):
        super().__init__(general)
        self.interval_ms = int(round(self.interval * 1000))
        self.t0_ms = int(round(self.t0 * 1000)) if self.t0 is not None else 0
        # The seasons' origin (SPEC 9): Monday 1970-01-05 with start, else sample 0.
        self.origin_ms = int(p2.MONDAY * 1000) if self.t0 is not None else 0

    def ms(self, v):
        """A time key in whole milliseconds: a duration, or samples."""
        return int(round(duration_ms(v))) if isinstance(v, str) else int(v) * self.interval_ms

    def shift_ms(self, v):
        """A phase shift: samples, or a duration that may start with "-"."""
        if not isinstance(v, str):
            return float(v) * self.interval_ms
        text = v.strip()
        return -duration_ms(text[1:]) if text.startswith("-") else duration_ms(text)

    def stamp(self, k):
        if self.t0 is None:
            return None
        ms = self.t0_ms + k * self.interval_ms
        text = dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
        # Milliseconds only when start or interval has them, so every time has one width.
        if self.t0_ms % 1000 or self.interval_ms % 1000:
            text += f".{ms % 1000:03d}"
        return text + "Z"


# --- seasons (SPEC 9, 15) -----------------------------------------------------------------------

def wave(form, duty, r, P):
    """The waveform at position r of its period P: A = 1 at r = 0 (SPEC 15's table)."""
    r = np.asarray(r, dtype=np.float64)
    if form == "cosine":
        return np.cos(2 * np.pi * r / P)
    if form == "square":
        return np.where(r < duty * P, 1.0, -1.0)
    if form == "triangle":
        return 4 * np.abs(r / P - 0.5) - 1
    if form == "sawtooth":
        return np.where(r == 0, 1.0, 2 * r / P - 1)
    raise ValueError(form)


def fmod_pos(x, m):
    r = np.fmod(x, m)
    return np.where(r < 0, r + m, r)


def seasons_of(m):
    s = m.get("seasonality", [])
    return s if isinstance(s, list) else [s]


def season_value(clock, s, k):
    """A season at samples k outside any fault on it."""
    A = float(s["amplitude"])
    form = s.get("waveform", "cosine")
    if form == "cosine":
        return A * unit_cosine(clock, s, k)
    P = clock.ms(s["period"])
    r = np.mod(clock.t0_ms + k.astype(np.int64) * clock.interval_ms - clock.origin_ms - clock.ms(s.get("peak", 0)), P)
    return A * wave(form, float(s.get("duty", 0.5)), r, P)


def envelope(f, d):
    """e(d) of SPEC 10 for d = 0 .. onset + hold + recovery_time - 1."""
    on, hold, R = f["onset"], f["hold"], f["recovery_time"]
    d = np.asarray(d)
    e = np.ones(len(d))
    ramp = d < on
    e[ramp] = (d[ramp] + 1) / (on + 1)
    rec = d >= on + hold
    e[rec] = p2.recovery(d[rec] - on - hold, R, f["pattern"], f.get("pattern_args", {}))
    return e


def span(f):
    kind = f["kind"]
    if kind in ENVELOPE_KINDS:
        return f["onset"] + f["hold"] + f["recovery_time"]
    if kind in ("reset", "extremum"):
        return 1
    return f["recovery_time"]


def unit_cosine(clock, s, k):
    """Section 9's cosine in seconds, amplitude 1: what every cosine season is outside faults."""
    t = (clock.t0 or 0.0) + k * clock.interval
    origin = p2.MONDAY if clock.t0 is not None else 0.0
    return np.cos(2 * np.pi * (t - origin - clock.time(s.get("peak", 0))) / clock.time(s["period"]))


def moved_seasons(clock, seasons, faults, n):
    """SPEC 16's faults on the seasons: the sum of the seasons at every sample of their windows,
    each season read at its moved position, blended and scaled; and those samples."""
    idx = sorted({k for f in faults for k in range(f["at"], min(n, f["at"] + span(f)))})
    k = np.array(idx, dtype=np.int64)
    t_ms = (clock.t0_ms + k * clock.interval_ms).astype(np.float64)
    # Each fault's window and envelope at those samples, in config order.
    acts = []
    for f in faults:
        inside = (k >= f["at"]) & (k < f["at"] + span(f))
        e = np.zeros(len(k))
        e[inside] = envelope(f, k[inside] - f["at"])
        acts.append((f, inside, e))
    # The position every season reads (frequency, then phase, as the faults come) and the gain.
    position, gain = t_ms.copy(), np.ones(len(k))
    for f, inside, e in acts:
        if f["kind"] == "frequency":
            at_ms = clock.t0_ms + f["at"] * clock.interval_ms
            position = np.where(inside, at_ms + f["factor"] * (position - at_ms), position)
        elif f["kind"] == "phase":
            position = np.where(inside, position - clock.shift_ms(f["shift"]) * e, position)
        elif f["kind"] == "amplitude":
            gain = np.where(inside, gain * (1 + (f["factor"] - 1) * e), gain)
    total = np.zeros(len(k))
    for s in seasons:
        P = clock.ms(s["period"])
        form, duty = s.get("waveform", "cosine"), float(s.get("duty", 0.5))
        r = fmod_pos(position - clock.origin_ms - clock.ms(s.get("peak", 0)), P)
        value = wave(form, duty, r, P)
        if form == "cosine":
            unmoved = position == t_ms
            value[unmoved] = unit_cosine(clock, s, k[unmoved])
        # (1 - e) old + e new, the last shape fault at a sample giving the new waveform.
        blend = np.full(len(k), -1)
        for j, (f, inside, e) in enumerate(acts):
            if f["kind"] == "shape":
                blend[inside] = j
        for j in set(blend[blend >= 0].tolist()):
            f, _, e = acts[j]
            at = blend == j
            new = wave(f["waveform"], float(f.get("duty", 0.5)), r[at], P)
            value[at] = (1 - e[at]) * value[at] + e[at] * new
        total += float(s["amplitude"]) * gain * value
    return k, total


# --- jumps (SPEC 15) ----------------------------------------------------------------------------

def jumps(clock, seed, name, spec, n):
    levels = [float(x) for x in spec["levels"]]
    p = clock.interval / clock.time(spec["every"])
    u = uniform_draws(stream_key(seed, name + "\x00jumps"), 2 * n)
    # Sample k jumps when its first draw is below p; its second draw picks among the others.
    at = np.flatnonzero(u[0::2] < p)
    pick = np.floor(u[1::2] * (len(levels) - 1)).astype(np.int64)
    index = np.zeros(n, dtype=np.int64)
    level = 0
    for k in at:
        other = pick[k]
        level = other + 1 if other >= level else other
        index[k:] = level
    return np.array(levels)[index]


# --- research shapes (SPEC 15: GutenTAG's, on 100 samples a second) ------------------------------

def daubechies(p):
    """The Daubechies low-pass filter with p vanishing moments, as scipy.signal.daub made it
    (removed from scipy 1.15): the spectral factor of the half-band polynomial."""
    yj = np.roots([comb(p - 1 + k, k) for k in range(p)][::-1])
    q = np.poly1d([1])
    for y in yj:
        part = 2 * np.sqrt(y * (y - 1))
        z = 1 - 2 * y + part
        if abs(z) < 1:
            z = 1 - 2 * y - part
        q = q * [1, -z]
    q = np.poly1d([1, 1]) ** p * np.real(q)
    return (q / np.sum(q) * np.sqrt(2)).c[::-1]


def shape_ecg(k, a):
    # neurokit's "simple" beat (GutenTAG's ecg): daub(10) with 10 rest samples, times 10; at
    # heart_rate beats a minute and 100 samples a second, sample k is at beat phase k * hr / 6000,
    # read off the periodic cubic spline through the beat's 30 samples.
    import scipy.ndimage  # here: scipy's modules take a second to load, and most runs need none

    beat = np.concatenate([daubechies(10), np.zeros(10)]) * 10
    # GutenTAG's own expression, int(frequency / 100 * sampling_rate * 60), float rounding and all
    # (for 6.85 it is 410, where int(60 * 6.85) is 411).
    heart_rate = int(a["frequency"] / 100 * 100 * 60)
    x = ((k.astype(np.int64) * heart_rate) % 6000) * (len(beat) / 6000)
    spline = scipy.ndimage.map_coordinates(beat, [x], order=3, mode="grid-wrap", prefilter=True)
    return a["amplitude"] * spline


def box_muller(u1, u2):
    return math.sqrt(-2 * math.log(1 - u1)) * math.cos(2 * math.pi * u2)


def shape_cbf(k, a, u):
    # GutenTAG's cylinder-bell-funnel without its per-sample noise (that is the metric's noise):
    # gaps uniform in [0, avg), lengths max(1, ceil(N(avg, sd))), one of bell, funnel, cylinder,
    # heights N(amplitude, sd_amp), negated half the time. The SPEC names only the stream; which
    # draw feeds what is the tool's: pattern e reads draws 8e .. 8e + 6, normals by Box-Muller.
    n = len(k)
    out = np.zeros(n)
    P, sdl = a["avg-pattern-length"], a["variance-pattern-length"]
    start = end = 0
    e = 0
    while True:
        d = u(8 * e, 7)
        start = end + math.floor(d[0] * P)
        end = start + max(1, math.ceil(P + sdl * box_muller(d[1], d[2])))
        if start >= n:
            return out
        kind = math.floor(d[3] * 3)
        height = a["amplitude"] + a["variance-amplitude"] * box_muller(d[4], d[5])
        if d[6] > 0.5:
            height = -height
        L = end - start
        j = np.arange(L)
        piece = height * j / L if kind == 0 else height * (L - 1 - j) / L if kind == 1 else np.full(L, height)
        stop = min(end, n)
        out[start:stop] = piece[: stop - start]
        e += 1


def shape_mls(k, a, u):
    # GutenTAG's mls: 1 or 2 taps in 1 .. c, a start state of a 1 and c - 1 drawn bits; scipy's
    # max_len_seq, steps of +-1 summed, repeated, smoothed by a normalised Gaussian window of
    # int(100 smoothing) samples ('valid'), scaled to [-A, A] over a whole period (GutenTAG scales
    # over its series: the same once it holds a period, and prefix stable). Draws as the tool's:
    # 0 the tap count, 1-2 the taps, 3 .. c + 1 the state's bits.
    import scipy.signal
    import scipy.stats

    c = int(a["complexity"])
    d = u(0, c + 2)
    taps = [1 + math.floor(d[1 + i] * c) for i in range(1 + math.floor(d[0] * 2))]
    state = [1] + [math.floor(d[2 + j] * 2) for j in range(1, c)]
    seq = scipy.signal.max_len_seq(c, state=np.array(state), taps=np.array(taps))[0]
    walk = np.cumsum(seq.astype(np.float64) * 2 - 1)
    period = len(walk)
    F = int(a["smoothing"] * 100)
    if a["smoothing"] > 0 and F > 1:
        g = scipy.stats.norm.pdf(np.linspace(-1.5, 1.4, F))
        g = g / g.sum()
        data = np.tile(walk, (period + F - 1) // period + 1)[: period + F - 1]
        walk = np.convolve(data, g, "valid")
    lo, hi = walk.min(), walk.max()
    table = (walk - lo) / (hi - lo) * 2 * a["amplitude"] - a["amplitude"] if hi > lo else np.full(period, -a["amplitude"])
    return table[k % period]


def shape_dirichlet(k, a):
    import scipy.special

    # GutenTAG: amplitude * diric(2 pi f t, periodicity), t = k / 100 s (a prefix is the shorter series).
    return a["amplitude"] * scipy.special.diric(2 * np.pi * a["frequency"] * (k / 100), int(a["periodicity"]))


def shape_polynomial(k, a):
    # GutenTAG: numpy's Polynomial(coefficients)(arange(length)), lowest degree first.
    return np.polynomial.polynomial.polyval(k.astype(np.float64), [float(c) for c in a["polynomial"]])


SHAPE_DEFAULTS = {
    "ecg": {"frequency": 10, "amplitude": 1},
    "cbf": {"amplitude": 1, "avg-pattern-length": 10, "variance-pattern-length": 0, "variance-amplitude": 2},
    "mls": {"amplitude": 1, "complexity": 7, "smoothing": 0.01},
    "dirichlet": {"frequency": 10, "amplitude": 1, "periodicity": 6},
    "polynomial": {},
}


def shape(seed, name, spec, n):
    a = {**SHAPE_DEFAULTS[spec["kind"]], **spec}
    k = np.arange(n)
    key = stream_key(seed, name + "\x00shape")
    cache = {}

    def u(first, count):
        # Draws first .. first + count - 1 of the metric's shape stream, a block at a time.
        out = []
        for i in range(first, first + count):
            b = i // BLOCK
            if b not in cache:
                cache[b] = uniform_draws_block(key, b)
            out.append(float(cache[b][i - b * BLOCK]))
        return out

    kind = spec["kind"]
    if kind == "ecg":
        return shape_ecg(k, a)
    if kind == "cbf":
        return shape_cbf(k, a, u)
    if kind == "mls":
        return shape_mls(k, a, u)
    if kind == "dirichlet":
        return shape_dirichlet(k, a)
    return shape_polynomial(k, a)


def uniform_draws_block(key, block):
    rng = Xoshiro(key, block)
    return [rng.next_double() for _ in range(BLOCK)]


# --- formulas (SPEC 15) -------------------------------------------------------------------------

LIMIT = 1e200
_TOKEN = re.compile(r"\s+|'([^']*)'|([A-Za-z_:][A-Za-z0-9_:.]*)(?=(\s*\()?)|((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|([-+*/(),])")


def parse_formula(text):
    """The formula as a Python expression: every metric name (bare, with : and ., or quoted) a
    placeholder; returns the expression's tree and the names in order of first use."""
    names, pieces, at = [], [], 0
    while at < len(text):
        m = _TOKEN.match(text, at)
        if not m:
            raise ValueError(f"formula {text!r} at {at}")
        quoted, bare, call, number, symbol = m.groups()
        if bare is not None and call:
            pieces.append(bare)  # min, max, abs
        elif bare is not None or quoted is not None:
            name = bare if bare is not None else quoted
            if name not in names:
                names.append(name)
            pieces.append(f"_m{names.index(name)}")
        elif number is not None:
            pieces.append(repr(float(number)))
        elif symbol is not None:
            pieces.append(symbol)
        pieces.append(" ")
        at = m.end()
    return ast.parse("".join(pieces), mode="eval"), names


def evaluate(tree, inputs, n):
    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant):
            return float(node.value)
        if isinstance(node, ast.Name):
            return inputs[int(node.id[2:])]
        if isinstance(node, ast.UnaryOp):
            x = ev(node.operand)
            return -x if isinstance(node.op, ast.USub) else x
        if isinstance(node, ast.BinOp):
            x, y = ev(node.left), ev(node.right)
            op = type(node.op)
            return x + y if op is ast.Add else x - y if op is ast.Sub else x * y if op is ast.Mult else x / y
        if isinstance(node, ast.Call):
            args = [ev(a) for a in node.args]
            if node.func.id == "abs":
                return np.abs(args[0])
            f = np.minimum if node.func.id == "min" else np.maximum  # both keep NaN
            out = args[0]
            for y in args[1:]:
                out = f(out, y)
            return out
        raise ValueError(ast.dump(node))

    with np.errstate(all="ignore"):
        x = np.asarray(ev(tree), dtype=np.float64) + np.zeros(n)
    # Not finite, or beyond 1e200 (a division by almost 0): missing.
    x[~(np.abs(x) <= LIMIT)] = np.nan
    return x


# --- faults (SPEC 10, 16, 17) -------------------------------------------------------------------

ENVELOPE_KINDS = ("pattern", "amplitude", "frequency", "phase", "shape")
# Each kind's own keys in draw order, and which may be ranges (src/config/fault_kinds.ts).
OWN_KEYS = {
    "pattern": ["anomaly_factor", "offset", "noise_factor"],
    "flatline": ["recovery_time", "value"],
    "missing": ["recovery_time"],
    "reset": [],
    "extremum": ["size"],
    "amplitude": ["factor"],
    "frequency": ["factor"],
    "phase": ["shift"],
    "shape": ["waveform", "duty"],
    "decouple": ["recovery_time"],
}
DEFAULTS = {"anomaly_factor": 1, "offset": 0, "noise_factor": 1, "onset": 0, "hold": 0}
SAMPLE_KEYS = ("recovery_time", "onset", "hold")


class Template:
    """An entry the seed places (count) or whose keys it draws (ranges)."""

    def __init__(self, clock, f, n):
        self.kind = f.get("kind", "pattern")
        self.fault_type = f.get("fault_type", self.kind)
        self.count = int(f.get("count", 1))
        self.at = clock.at(f["at"]) if "at" in f else None
        between = f.get("between")
        self.between = [clock.at(b) for b in between] if between else [0, n - 1]
        self.min_gap = clock.samples(f.get("min_gap", 0))
        self.pattern = f.get("pattern")
        self.pattern_args = dict(f.get("pattern_args", {}))
        if self.pattern == "oscillating":
            self.pattern_args.setdefault("frequency", 3)
        keys = OWN_KEYS[self.kind] + (list(SAMPLE_KEYS) if self.kind in ENVELOPE_KINDS else [])
        self.keys = {}  # in draw order: a value, or (low, high, whole) to draw
        for key in keys:
            if key == "duty" and f.get("waveform") != "square":
                continue
            v = f.get(key, 0.5 if key == "duty" else DEFAULTS.get(key))
            if v is None:
                continue
            if not isinstance(v, list):
                # A shift as a duration stays text (it is a time, not samples).
                self.keys[key] = clock.samples(v) if key in SAMPLE_KEYS else v.strip() if isinstance(v, str) else v
                continue
            # Ranges of samples or durations draw whole samples (SPEC 17); a shift's may be negative.
            whole = key in SAMPLE_KEYS or key == "shift"
            low, high = (self.whole(clock, x) for x in v) if whole else v
            self.keys[key] = low if low == high else (low, high, whole)

    @staticmethod
    def whole(clock, x):
        if isinstance(x, str) and x.strip().startswith("-"):
            return -clock.samples(x.strip()[1:])
        return clock.samples(x)

    def fault(self, at, values):
        f = {"kind": self.kind, "at": at}
        if self.kind in ENVELOPE_KINDS:
            f.update(onset=values.get("onset", 0), hold=values.get("hold", 0), recovery_time=values["recovery_time"],
                     pattern=self.pattern, pattern_args=self.pattern_args)
        for key in OWN_KEYS[self.kind]:
            if key in values:
                f[key] = values[key]
        f["fault_type"] = self.fault_type
        return f

    def draw(self, rng):
        values = {}
        for key, v in self.keys.items():  # in draw order
            if isinstance(v, tuple):
                low, high, whole = v
                x = rng.next_double()
                values[key] = low + math.floor(x * (high - low + 1)) if whole else low + x * (high - low)
            else:
                values[key] = v
        return values


def fits(windows, s, L, gap):
    """Whether [s, s + L) keeps gap samples from every window placed."""
    return all(b < s - gap or a > s + L - 1 + gap for a, b in windows)


def place(clock, seed, name, entries, n):
    """SPEC 17: faults given at a sample first, then each entry with count in config order, fault
    n = 1..count drawing its ranges then its start from the stream (seed, name, place, entry, n)."""
    templates = [Template(clock, f, n) for f in entries]
    results, windows = [None] * len(entries), []
    for i, t in enumerate(templates):
        if t.at is None:
            continue
        rng = Xoshiro(stream_key(seed, f"{name}\x00place\x00{i}\x001"))
        f = t.fault(t.at, t.draw(rng))
        windows.append((f["at"], f["at"] + span(f) - 1))
        results[i] = [f]
    for i, t in enumerate(templates):
        if t.at is not None:
            continue
        results[i] = []
        for j in range(1, t.count + 1):
            rng = Xoshiro(stream_key(seed, f"{name}\x00place\x00{i}\x00{j}"))
            values = t.draw(rng)
            L = span(t.fault(0, values))
            first, last = t.between[0], min(t.between[1], n - L)
            if last < first:
                raise ValueError(f"no room for {name} entry {i} fault {j}")
            start = None
            # Uniform over the starts that fit: 64 draws over [first, last], then one among those
            # that fit (the tool's procedure; the SPEC asks only for uniform).
            for _ in range(64):
                s = first + math.floor(rng.next_double() * (last - first + 1))
                if fits(windows, s, L, t.min_gap):
                    start = s
                    break
            if start is None:
                ok = np.ones(last - first + 1, dtype=bool)
                for a, b in windows:
                    lo, hi = max(first, a - t.min_gap - L + 1), min(last, b + t.min_gap)
                    if lo <= hi:
                        ok[lo - first:hi - first + 1] = False
                free = np.flatnonzero(ok) + first
                if len(free) == 0:
                    raise ValueError(f"no room for {name} entry {i} fault {j}")
                start = int(free[math.floor(rng.next_double() * len(free))])
            f = t.fault(start, values)
            windows.append((start, start + L - 1))
            results[i].append(f)
    return [f for r in results for f in r]


def resolve(clock, seed, cfg, name, n):
    entries = cfg.get("anomalies", {}).get(name, [])
    entries = entries if isinstance(entries, list) else [entries]
    return place(clock, seed, name, entries, n)


# --- generation ---------------------------------------------------------------------------------

NOISE_SD = {
    "gaussian": lambda a: a.get("scale", 1.0),
    "normal": lambda a: a.get("scale", 1.0),
    "uniform": lambda a: (a.get("high", 1.0) - a.get("low", 0.0)) / math.sqrt(12),
    "exponential": lambda a: a.get("scale", 1.0),
    "logistic": lambda a: a.get("scale", 1.0) * math.pi / math.sqrt(3),
    "laplace": lambda a: a.get("scale", 1.0) * math.sqrt(2),
}


def noise_sd(m):
    """The sd of a metric's smoothed noise: a raw draw's over the root of the window."""
    if "noise" not in m:
        return 0.0
    args = m.get("noise_args", {})
    return NOISE_SD[m["noise"]](args) / math.sqrt(args.get("smoothing_window", 1))


def read_noise(path):
    """Each metric's own noise n_j from a CSV: a first column (sample or timestamp), then a column
    per metric, written at full precision (shortest round-trip text, so float() gives the bits)."""
    import csv

    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    names = rows[0][1:]
    return {name: np.array([float(r[j + 1]) for r in rows[1:]]) for j, name in enumerate(names)}


def generate(cfg, own_noise=None):
    """The config's values, labels and faults; own_noise (name -> array), when given, is each
    metric's own smoothed noise n_j in place of numpy's draws."""
    g = cfg["general"]
    n, seed = int(g["num_samples"]), int(g.get("seed", 0))
    decimals = g.get("decimals", 6)
    clock = Times(g)
    t = clock.times(n)
    k = np.arange(n)
    names = list(cfg["metrics"])
    faults = {name: resolve(clock, seed, cfg, name, n) for name in names}
    deps = {name: {p: (float(v.get("weight", 1)), clock.samples(v.get("lag", 0)))
                   for p, v in cfg["metrics"][name].get("depends_on", {}).items()} for name in names}
    formulas = {name: parse_formula(m["formula"]) for name, m in cfg["metrics"].items() if "formula" in m}
    # SPEC 18: each metric's couplings (parent, c, lag), in the order of its depends_on table.
    couplings = {name: [(p, float(v.get("coupling", 0)), clock.samples(v.get("lag", 0)))
                        for p, v in cfg["metrics"][name].get("depends_on", {}).items()] for name in names}

    # Multipliers of pattern faults and where they spread (SPEC 10, 13), as in Part II.
    own_m, add, gain, spread = {}, {}, {}, {}
    for name in names:
        M, A, G, spr = np.ones(n), np.zeros(n), np.ones(n), np.zeros(n, bool)
        for f in faults[name]:
            if f["kind"] != "pattern":
                continue
            a, L = f["at"], span(f)
            e = envelope(f, np.arange(L))
            M[a:a + L] *= 1 + (f["anomaly_factor"] - 1) * e
            A[a:a + L] += f["offset"] * e
            G[a:a + L] *= 1 + (f["noise_factor"] - 1) * np.abs(e)
            if f["anomaly_factor"] != 1:
                spr[a:a + L] = True
        own_m[name], add[name], gain[name], spread[name] = M, A, G, spr
    total_m, total_spread = {}, {}

    def total(name):
        if name not in total_m:
            M, spr = own_m[name].copy(), spread[name].copy()
            for p, (w, lag) in deps[name].items():
                M *= 1 + w * (p2.shift(total(p)[0], lag, 1.0) - 1)
                if w != 0:
                    spr |= p2.shift(total(p)[1], lag, False)
            total_m[name], total_spread[name] = M, spr
        return total_m[name], total_spread[name]

    def own(name):
        """n_j: the metric's own noise, smoothed (SPEC 1, 5)."""
        if own_noise is not None:
            return np.asarray(own_noise[name], dtype=np.float64)[:n]
        args = dict(cfg["metrics"][name].get("noise_args", {}))
        w = int(args.pop("smoothing_window", 1))
        return p2.moving_mean(p2.draw(p2.rng_for(seed, name), cfg["metrics"][name]["noise"], args, n + w - 1), w)

    coupled_noise = {}

    def coupled(name):
        """SPEC 18: n'_j(k) = sqrt(1 - SUM c^2) n_j(k) + SUM c sd_j n'_p(k - lag) / sd_p, with n'_p
        0 before sample 0; inside a decouple window of j, n'_j = n_j (every c_jp is 0 there)."""
        if name not in coupled_noise:
            n_j = own(name)
            terms = [(p, c, lag) for p, c, lag in couplings[name] if c != 0]
            x = n_j
            if terms:
                sd_j = noise_sd(cfg["metrics"][name])
                x = math.sqrt(1 - sum(c * c for _, c, _ in terms)) * n_j
                for p, c, lag in terms:
                    # The parent's coupled noise, not its gains: noise_factor does not spread.
                    x = x + c * sd_j * p2.shift(coupled(p), lag, 0.0) / noise_sd(cfg["metrics"][p])
                for f in faults[name]:
                    if f["kind"] == "decouple":
                        a, R = f["at"], f["recovery_time"]
                        x[a:a + R] = n_j[a:a + R]
            coupled_noise[name] = x
        return coupled_noise[name]

    values, labels, rates, is_counter = {}, {}, {}, {}

    def metric(name):
        """The metric's final values and labels (its inputs' first, for a formula)."""
        if name in values:
            return
        m = cfg["metrics"][name]
        lab = np.zeros(n, bool)
        if name in formulas:
            tree, inputs = formulas[name]
            for x in inputs:
                metric(x)
            # The inputs' final values: a counter's rate, not its count.
            B = evaluate(tree, [rates.get(x, values[x]) for x in inputs], n)
            for x in inputs:
                lab |= labels[x].astype(bool)
        else:
            B = np.full(n, float(m.get("value", 0)))
            if "trend" in m:
                B += float(m["trend"]["change"]) * (t - t[0]) / clock.time(m["trend"]["over"])
            seasons = seasons_of(m)
            for s in seasons:
                B += season_value(clock, s, k)
            season_faults = [f for f in faults[name] if f["kind"] in ("amplitude", "frequency", "phase", "shape")]
            if season_faults:
                where, moved = moved_seasons(clock, seasons, season_faults, n)
                B[where] += moved - sum(season_value(clock, s, where) for s in seasons)
                lab[where] = True
            if "wander" in m:
                W = clock.samples(m["wander"]["window"])
                z = p2.rng_for(seed, name, 1).standard_normal(n + W - 1)
                B += float(m["wander"]["scale"]) * p2.moving_mean(z, W) * math.sqrt(W)
            if "jumps" in m:
                B += jumps(clock, seed, name, m["jumps"], n)
            if "shape" in m:
                B += shape(seed, name, m["shape"], n)
        M, spr = total(name)
        x = B * M + add[name]
        for f in faults[name]:
            if f["kind"] == "pattern":
                lab[f["at"]:f["at"] + span(f)] = True
            elif f["kind"] == "extremum":
                # size noise deviations, on the noise-free value (SPEC 16).
                x[f["at"]] += f["size"] * noise_sd(m)
                lab[f["at"]] = True
            elif f["kind"] == "decouple":
                lab[f["at"]:f["at"] + f["recovery_time"]] = True
        for p, (w, lag) in deps[name].items():
            if w != 0:
                lab |= p2.shift(total(p)[1], lag, False)
        if "noise" in m:
            # x = B M + A + G n'_j (SPEC 11, 18).
            x = x + gain[name] * coupled(name)
        if "step_size" in m:
            x = np.round(x / m["step_size"]) * m["step_size"]
        if "min" in m or "max" in m:
            x = np.clip(x, m.get("min", -np.inf), m.get("max", np.inf))
        counter = m.get("type", "gauge") == "counter"
        if counter:
            rate = x.copy()
            inc = np.round(np.maximum(0.0, x) * clock.interval)
            c = np.cumsum(inc)
            for r in sorted(f["at"] for f in faults[name] if f["kind"] == "reset"):
                c[r:] -= c[r - 1] if r > 0 else 0.0
                lab[r] = True
            x = c
        for f in faults[name]:
            a, L = f["at"], span(f)
            if f["kind"] == "flatline":
                if "value" in f:
                    # A platform, as the metric writes values (a count is whole).
                    x[a:a + L] = math.floor(f["value"] + 0.5) if counter else f["value"]
                else:
                    x[a:a + L] = x[a - 1] if a > 0 else x[a]
                lab[a:a + L] = True
            elif f["kind"] == "missing":
                x[a:a + L] = np.nan
                if counter:
                    rate[a:a + L] = np.nan
                lab[a:a + L] = True
        if not counter and decimals != "full":
            x = np.round(x, int(decimals))
        values[name], labels[name], is_counter[name] = x, lab.astype(np.uint8), counter
        if counter:
            rates[name] = rate

    for name in names:
        metric(name)
    values = {name: values[name] for name in names}
    labels = {name: labels[name] for name in names}

    # The manifest: every fault, its drawn arguments, its window and where it reached (SPEC 13, 15).
    readers = {name: [d for d in names if d in formulas and name in formulas[d][1]] for name in names}

    def service_of(name):
        # The metric's service key, else its name's part before the first "_", else the name.
        given = cfg["metrics"][name].get("service")
        if given is not None:
            return given
        cut = name.find("_")
        return name[:cut] if cut > 0 else name

    def reach(metric_name, first, last, spreading):
        effects = []

        def add_effect(child, lag, path):
            if first + lag > n - 1:
                return False
            effects.append({"metric": child, "service": service_of(child), "first_sample": first + lag,
                            "last_sample": min(last + lag, n - 1), "path": path})
            return True

        def visit(node, lag, path, via_dependencies):
            if via_dependencies:
                for child in names:
                    dep = deps[child].get(node)
                    if dep is None or dep[0] == 0:
                        continue
                    add_effect(child, lag + dep[1], path + [child])
                    visit(child, lag + dep[1], path + [child], True)
            # A derived metric's deviation is no multiplier: it goes on through formulas only.
            for reader in readers[node]:
                if add_effect(reader, lag, path + [reader]):
                    visit(reader, lag, path + [reader], False)

        visit(metric_name, 0, [metric_name], spreading)
        return effects

    manifest = []
    for name in names:
        for i, f in enumerate(faults[name], 1):
            first, last = f["at"], f["at"] + span(f) - 1
            entry = {"id": f"{name}#{i}", "metric": name, "service": service_of(name),
                     **{key: v for key, v in f.items() if key != "at"},
                     "first_sample": first, "last_sample": last,
                     "effects": reach(name, first, last, f["kind"] == "pattern" and f["anomaly_factor"] != 1)}
            if clock.t0 is not None:
                entry["first_time"], entry["last_time"] = clock.stamp(first), clock.stamp(last)
                for e in entry["effects"]:
                    e["first_time"], e["last_time"] = clock.stamp(e["first_sample"]), clock.stamp(e["last_sample"])
            manifest.append(entry)
    return n, clock, values, labels, is_counter, manifest


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("config")
    ap.add_argument("-o", "--output", default="output")
    ap.add_argument("--writer", choices=["polars", "csv"], default="polars")
    ap.add_argument("--no-write", action="store_true", help="generate only")
    ap.add_argument("--noise", metavar="CSV", help="each metric's own noise, instead of numpy's")
    a = ap.parse_args()
    with open(a.config, "rb") as f:
        cfg = tomllib.load(f)
    n, clock, values, labels, is_counter, faults = generate(cfg, read_noise(a.noise) if a.noise else None)
    if a.no_write:
        return 0
    os.makedirs(a.output, exist_ok=True)
    p2.write(a.output, n, clock, values, labels, is_counter, a.writer)
    with open(os.path.join(a.output, "manifest.json"), "w") as f:
        json.dump({"seed": cfg["general"].get("seed"), "anomalies": faults}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
