"""Independent brute-force references: enumerate every sign flip, relabelling, table or swap.

Written without the package's dynamic programmes (itertools over all outcomes, fractions
where cheap) so the exact p-values are checked against plain enumeration.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
from scipy.stats import rankdata


def signed_rank_p(diffs: list[float]) -> float:
    """Two-sided exact signed-rank p: all 2**n sign patterns over the midranks of |d| (zeros dropped)."""
    d = [x for x in diffs if x != 0]
    ranks = rankdata(np.abs(d))
    total = sum(ranks)
    obs = sum(r for r, x in zip(ranks, d, strict=True) if x > 0)
    hits = 0
    count = 0
    for signs in itertools.product((0, 1), repeat=len(d)):
        tp = sum(r for r, s in zip(ranks, signs, strict=True) if s)
        count += 1
        if abs(tp - total / 2) >= abs(obs - total / 2) - 1e-9:
            hits += 1
    return hits / count


def rank_sum_p(x: list[float], y: list[float]) -> float:
    """Two-sided exact rank-sum p: every choice of which len(x) of the pooled values are 'x'."""
    pooled = list(x) + list(y)
    ranks = rankdata(pooled)
    m, big_n = len(x), len(pooled)
    mean = m * sum(ranks) / big_n
    obs = sum(ranks[:m])
    hits = 0
    count = 0
    for idx in itertools.combinations(range(big_n), m):
        w = sum(ranks[i] for i in idx)
        count += 1
        if abs(w - mean) >= abs(obs - mean) - 1e-9:
            hits += 1
    return hits / count


def _tables(rows: list[int], cols: list[int]) -> list[list[list[int]]]:
    """Every table with these margins, filling row by row with itertools.product."""
    if len(rows) == 1:
        return [[list(cols)]]
    out = []
    for first in itertools.product(*[range(min(rows[0], c) + 1) for c in cols]):
        if sum(first) != rows[0]:
            continue
        rest = [c - f for c, f in zip(cols, first, strict=True)]
        for sub in _tables(rows[1:], rest):
            out.append([list(first)] + sub)
    return out


def fisher_p(table: list[list[int]]) -> float:
    """Freeman–Halton p with exact fractions: sum of P(T) over tables with P(T) ≤ P(observed)."""
    rows = [sum(r) for r in table]
    cols = [sum(c) for c in zip(*table, strict=True)]
    n = sum(rows)
    num = math.prod(math.factorial(r) for r in rows) * math.prod(math.factorial(c) for c in cols)

    def prob(t: list[list[int]]) -> Fraction:
        return Fraction(num, math.factorial(n) * math.prod(math.factorial(v) for row in t for v in row))

    p_obs = prob(table)
    return float(sum(p for p in (prob(t) for t in _tables(rows, cols)) if p <= p_obs))


def stuart_maxwell_exact_p(pre: list[int], post: list[int], k: int) -> float:
    """Exact p of the Stuart–Maxwell statistic: swap (pre, post) within each discordant pair, 2**D ways.

    The statistic uses the textbook (k−1)×(k−1) form (Agresti 2013, eq. 11.7) with a
    generalised inverse, computed from scratch for every swap pattern.
    """

    def stat(a: list[int], b: list[int]) -> float:
        t = np.zeros((k, k))
        for i, j in zip(a, b, strict=True):
            t[i, j] += 1
        d = (t.sum(axis=1) - t.sum(axis=0))[: k - 1]
        v = np.zeros((k - 1, k - 1))
        for i in range(k - 1):
            for j in range(k - 1):
                v[i, j] = t[i].sum() + t[:, i].sum() - 2 * t[i, i] if i == j else -(t[i, j] + t[j, i])
        return float(d @ np.linalg.pinv(v) @ d)

    disc = [i for i, (a, b) in enumerate(zip(pre, post, strict=True)) if a != b]
    obs = stat(pre, post)
    hits = 0
    count = 0
    for flips in itertools.product((False, True), repeat=len(disc)):
        a, b = list(pre), list(post)
        for i, f in zip(disc, flips, strict=True):
            if f:
                a[i], b[i] = b[i], a[i]
        count += 1
        if stat(a, b) >= obs - 1e-9:
            hits += 1
    return hits / count


def stuart_maxwell_monte_carlo_p(pre: list[int], post: list[int], k: int, reps: int, seed: int) -> float:
    """Monte Carlo p of the Stuart–Maxwell statistic: random within-pair swaps (for sizes beyond 2**D).

    Each discordant pair (a, b) adds ±(e_a − e_b) to the margin differences; the statistic uses
    the textbook (k−1)×(k−1) covariance with a generalised inverse (Agresti 2013, eq. 11.7).
    """
    rng = np.random.default_rng(seed)
    disc = [(a, b) for a, b in zip(pre, post, strict=True) if a != b]
    e = np.zeros((len(disc), k))
    for row, (a, b) in enumerate(disc):
        e[row, a] += 1
        e[row, b] -= 1
    t = np.zeros((k, k))
    for a, b in zip(pre, post, strict=True):
        t[a, b] += 1
    v = np.zeros((k - 1, k - 1))
    for i in range(k - 1):
        for j in range(k - 1):
            v[i, j] = t[i].sum() + t[:, i].sum() - 2 * t[i, i] if i == j else -(t[i, j] + t[j, i])
    vinv = np.linalg.pinv(v)
    d_obs = e.sum(axis=0)[: k - 1]
    obs = d_obs @ vinv @ d_obs
    signs = rng.choice((-1.0, 1.0), size=(reps, len(disc)))
    d = (signs @ e)[:, : k - 1]
    sims = np.einsum("ri,ij,rj->r", d, vinv, d)
    return float((sims >= obs - 1e-9).mean())
