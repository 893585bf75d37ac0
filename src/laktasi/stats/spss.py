"""What SPSS prints beside an exact test: the bridge between laktasi's exact p and a student's SPSS output.

SPSS's *Nonparametric Tests → Legacy Dialogs* print, for the Wilcoxon signed-rank and Mann–Whitney tests,
a Z from the normal approximation and its two-sided "Asymp. Sig."; for small samples the Mann–Whitney
table adds "Exact Sig. [2*(1-tailed Sig.)]" (the exact distribution of U *ignoring ties*), and the sign
test prints "Exact Sig. (2-tailed)" (binomial) up to 25 pairs and a continuity-corrected Z beyond. A
thesis examiner compares those numbers with the report, so the report gives them beside the exact p.

Definitions (IBM SPSS Statistics Algorithms, "NPAR TESTS"):

* Wilcoxon: zero differences dropped; ranks of |d| with mid-ranks for ties; Z = (min(T+, T−) − n(n+1)/4) /
  sqrt(n(n+1)(2n+1)/24 − Σ(t³ − t)/48) — the tie-corrected normal approximation without continuity
  correction (hence always ≤ 0, "based on negative/positive ranks").
* Mann–Whitney: U = min(U₁, U₂); Z = (U − n₁n₂/2) / sqrt(n₁n₂/(N(N−1)) · ((N³ − N)/12 − Σ(t³ − t)/12)).
* Sign test: n ≤ 25 exact binomial; n > 25 Z = (max(k, n−k) − 0.5 − n/2) / (√n / 2) with its negative sign.

Pure: numbers in, numbers out. Tested against R coin (asymptotic Z with zero.method "Wilcoxon") and
``wilcox.test(exact = FALSE, correct = FALSE)`` in ``r/trial/spss_bridge.R``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

#: SPSS prints the exact binomial sign test up to this many non-zero pairs, Z beyond.
SIGN_TEST_EXACT_MAX = 25
#: SPSS prints the untied exact Mann–Whitney sig. for small samples; beyond this N it is not shown here.
MANN_WHITNEY_EXACT_MAX = 40


@dataclass(frozen=True)
class SpssFigures:
    """The figures of one SPSS "Test Statistics" table (two-sided)."""

    test: str  # "wilcoxon_signed_rank" | "mann_whitney" | "sign_test"
    z: float  # NaN when SPSS prints no Z (sign test with n ≤ 25, or no non-zero pairs)
    asymp_sig: float  # two-sided normal-approximation p ("Asymp. Sig. (2-tailed)"); NaN when not printed
    exact_sig: float | None  # "Exact Sig." as SPSS prints it, when it prints one
    statistic: float | None = None  # U for Mann–Whitney (SPSS prints it too)
    n: int = 0  # pairs with a non-zero difference, or participants


def _tie_sum(values: np.ndarray) -> float:
    _, counts = np.unique(values, return_counts=True)
    return float(np.sum(counts.astype(float) ** 3 - counts))


def _two_sided(z: float) -> float:
    return float(2.0 * stats.norm.sf(abs(z))) if math.isfinite(z) else math.nan


def wilcoxon_signed_rank(before: np.ndarray, after: np.ndarray) -> SpssFigures:
    """SPSS's Wilcoxon Signed Ranks Test: Z and Asymp. Sig. (2-tailed).

    >>> f = wilcoxon_signed_rank(np.array([1.0] * 5), np.array([3.0] * 5))  # the seed: 5 × up two levels
    >>> round(f.z, 3), round(f.asymp_sig, 3)
    (-2.236, 0.025)
    """
    d = np.asarray(after, dtype=float) - np.asarray(before, dtype=float)
    d = d[np.isfinite(d) & (d != 0)]
    n = int(d.size)
    if n == 0:
        return SpssFigures("wilcoxon_signed_rank", math.nan, math.nan, None, n=0)
    ranks = stats.rankdata(np.abs(d))
    t_plus = float(ranks[d > 0].sum())
    t_minus = float(ranks[d < 0].sum())
    variance = n * (n + 1) * (2 * n + 1) / 24.0 - _tie_sum(np.abs(d)) / 48.0
    if variance <= 0:
        return SpssFigures("wilcoxon_signed_rank", math.nan, math.nan, None, n=n)
    z = (min(t_plus, t_minus) - n * (n + 1) / 4.0) / math.sqrt(variance)
    return SpssFigures("wilcoxon_signed_rank", z, _two_sided(z), None, n=n)


def mann_whitney(x: np.ndarray, y: np.ndarray) -> SpssFigures:
    """SPSS's Mann–Whitney Test: U, Z, Asymp. Sig. (2-tailed) and, for small samples, Exact Sig.
    [2*(1-tailed Sig.)] — the exact distribution of U computed as if there were no ties.

    >>> f = mann_whitney(np.array([3.0] * 5), np.array([2.0, 2, 2, 2, 1]))  # the seed, after
    >>> f.statistic, round(f.z, 3), round(f.asymp_sig, 4), round(f.exact_sig, 4)
    (0.0, -2.887, 0.0039, 0.0079)
    """
    a = np.asarray(x, dtype=float)
    b = np.asarray(y, dtype=float)
    a, b = a[np.isfinite(a)], b[np.isfinite(b)]
    n1, n2 = int(a.size), int(b.size)
    big_n = n1 + n2
    if n1 == 0 or n2 == 0:
        return SpssFigures("mann_whitney", math.nan, math.nan, None, None, big_n)
    ranks = stats.rankdata(np.concatenate([a, b]))
    u1 = float(ranks[:n1].sum()) - n1 * (n1 + 1) / 2.0
    u = min(u1, n1 * n2 - u1)
    variance = n1 * n2 / (big_n * (big_n - 1)) * ((big_n**3 - big_n) / 12.0 - _tie_sum(np.concatenate([a, b])) / 12.0)
    z = (u - n1 * n2 / 2.0) / math.sqrt(variance) if variance > 0 else math.nan
    exact: float | None = None
    if big_n <= MANN_WHITNEY_EXACT_MAX:
        counts = _u_counts(n1, n2)
        exact = min(1.0, 2.0 * float(counts[: int(math.floor(u + 1e-9)) + 1].sum()) / math.comb(big_n, n1))
    return SpssFigures("mann_whitney", z, _two_sided(z), exact, u, big_n)


def _u_counts(n1: int, n2: int) -> np.ndarray:
    """Number of arrangements of untied samples of sizes n1, n2 giving U = 0, 1, …, n1·n2.

    Mann & Whitney (1947): f(m, n, k) = f(m − 1, n, k − n) + f(m, n − 1, k) — the largest observation is
    either an x (it exceeds all n y's) or a y.
    """
    previous = [np.ones(1) for _ in range(n2 + 1)]  # m = 0: U = 0 whatever n
    for m in range(1, n1 + 1):
        row = [np.ones(1)]  # n = 0
        for n in range(1, n2 + 1):
            f = np.zeros(m * n + 1)
            below = previous[n]  # f(m − 1, n, ·), shifted by n
            f[n:n + below.size] += below
            left = row[n - 1]  # f(m, n − 1, ·)
            f[:left.size] += left
            row.append(f)
        previous = row
    return previous[n2]


def sign_test(before: np.ndarray, after: np.ndarray) -> SpssFigures:
    """SPSS's Sign Test: Exact Sig. (2-tailed) (binomial) up to 25 non-zero pairs; Z and Asymp. Sig. beyond.

    >>> f = sign_test(np.array([1.0] * 5), np.array([3.0] * 5))
    >>> f.exact_sig, math.isnan(f.z)
    (0.0625, True)
    """
    d = np.asarray(after, dtype=float) - np.asarray(before, dtype=float)
    d = d[np.isfinite(d) & (d != 0)]
    n = int(d.size)
    if n == 0:
        return SpssFigures("sign_test", math.nan, math.nan, None, n=0)
    k = int((d > 0).sum())
    if n <= SIGN_TEST_EXACT_MAX:
        return SpssFigures("sign_test", math.nan, math.nan, float(stats.binomtest(k, n).pvalue), n=n)
    z = -(max(k, n - k) - 0.5 - n / 2.0) / (math.sqrt(n) / 2.0)
    return SpssFigures("sign_test", z, _two_sided(z), None, n=n)
