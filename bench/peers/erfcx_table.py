#!/usr/bin/env python3
"""The table behind Φ, the normal distribution function of histograms and summaries.

src/config/_gauss.ts computes erfc(x) = e^(-x^2) t p(t), t = 2 / (2 + x) in (0, 1], with p a
Chebyshev polynomial per piece of (0, 1]: this script fits those polynomials to erfcx(x) / t in
40-digit arithmetic (mpmath) and writes them into src/config/_erfcx_table.ts. It also writes
reference values of Φ(z) (mpmath, rounded to doubles) into tests/golden/normal_cdf.json, which
tests/gauss_test.ts reads.

    python3 bench/peers/erfcx_table.py        (from the repository's root; needs numpy, mpmath)
"""
import json
import mpmath
import numpy as np

mpmath.mp.dps = 40
PIECES, DEGREE, NODES = 32, 11, 40


def g(t):
    """erfcx(x) / t at t = 2 / (2 + x): smooth and finite on (0, 1], 1/sqrt(pi) / 2 at t -> 0."""
    if t == 0:
        return 1 / (2 * mpmath.sqrt(mpmath.pi))
    x = mpmath.mpf(2) / t - 2
    return mpmath.exp(x * x) * mpmath.erfc(x) / t


rows = []
worst = 0.0
for j in range(PIECES):
    a, b = mpmath.mpf(j) / PIECES, mpmath.mpf(j + 1) / PIECES
    u = [mpmath.cos(mpmath.pi * (k + mpmath.mpf(1) / 2) / NODES) for k in range(NODES)]
    ys = [g((a + b) / 2 + (b - a) / 2 * uk) for uk in u]
    # Chebyshev coefficients by the discrete orthogonality of the nodes, in 40 digits.
    c = []
    for n in range(DEGREE + 1):
        s = mpmath.fsum(ys[k] * mpmath.cos(n * mpmath.pi * (k + mpmath.mpf(1) / 2) / NODES)
                        for k in range(NODES))
        c.append(s * (1 if n == 0 else 2) / NODES)
    rows.append([float(x) for x in c])
    for t in np.linspace(float(a), float(b), 64):
        if t == 0:
            continue
        uu = (t - float((a + b) / 2)) / float((b - a) / 2)
        got = np.polynomial.chebyshev.chebval(uu, rows[-1])
        ref = g(mpmath.mpf(t))
        worst = max(worst, abs(float((got - ref) / ref)))

with open("src/config/_erfcx_table.ts", "w") as f:
    f.write("// Made by bench/peers/erfcx_table.py: do not edit. Per piece j of t in (0, 1]"
            f" ({PIECES} pieces),\n")
    f.write(f"// the Chebyshev coefficients c0 .. c{DEGREE} of erfcx(x) / t, t = 2 / (2 + x),"
            f" in u in [-1, 1];\n// largest relative error {worst:.2e}.\n\n")
    f.write(f"/** Pieces of t in (0, 1]. */\nexport const PIECES = {PIECES};\n")
    f.write(f"/** Coefficients per piece. */\nexport const TERMS = {DEGREE + 1};\n")
    f.write("/** The coefficients, piece after piece. */\nexport const ERFCX: Float64Array = "
            "Float64Array.from([\n")
    for row in rows:
        for x in row:
            f.write(f"  {repr(x)},\n")
    f.write("]);\n")

zs = [-38, -30, -20, -12, -9, -8.5, -6, -5, -4, -3.5, -3, -2.5, -2, -1.75, -1.5, -1, -0.75,
      -0.5, -0.25, -1e-3, 0, 1e-8, 0.3, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8]
zs += [float(z) for z in np.linspace(-10, 3, 131)]
ref = [[z, float(mpmath.ncdf(z))] for z in zs]
with open("tests/golden/normal_cdf.json", "w") as f:
    json.dump({"made_by": "bench/peers/erfcx_table.py (mpmath.ncdf, 40 digits)", "values": ref}, f,
              indent=1)
    f.write("\n")
print(f"largest relative error of the fit: {worst:.2e}")
