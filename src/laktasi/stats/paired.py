"""Tests within an arm: the same participants before (``pre``) and after (``post``).

Differences are ``post − pre`` throughout, so a positive effect means an increase.
``method`` is ``"auto"`` (exact by full enumeration whenever feasible — always for n ≤ 50),
``"exact"`` or ``"asymptotic"``; ``TestResult.p_method`` says what was used.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import stats as sps

from laktasi.stats import effects, exact, hodges_lehmann
from laktasi.stats.results import Effect, PMethod, TestResult

Method = Literal["auto", "exact", "asymptotic"]


def _pairs(pre: npt.ArrayLike, post: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    a = np.asarray(pre, dtype=float).ravel()
    b = np.asarray(post, dtype=float).ravel()
    if a.shape != b.shape:
        raise ValueError(f"pre and post differ in length ({a.size} vs {b.size})")
    keep = np.isfinite(a) & np.isfinite(b)  # complete cases
    return a[keep], b[keep]


def _check_method(method: str) -> None:
    if method not in ("auto", "exact", "asymptotic"):
        raise ValueError(f"method must be 'auto', 'exact' or 'asymptotic', not {method!r}")


def paired_t(pre: npt.ArrayLike, post: npt.ArrayLike) -> TestResult:
    """Paired (dependent) t-test of ``post − pre``; effect: mean difference with its t CI, plus d_z.

    When all differences are equal the standard deviation is 0 and t is undefined (SciPy's
    ``ttest_rel`` then returns p = 0 or NaN). This function returns ``statistic=None``,
    ``p_value=nan`` and a ``note``: the exact signed-rank test carries the inference.

    Reference: Student (1908) *Biometrika* 6:1–25; values match R ``t.test(post, pre,
    paired = TRUE)``.

    >>> r = paired_t([10, 12, 9, 11], [12, 15, 10, 14])
    >>> round(r.statistic, 4), round(r.p_value, 5), r.df
    (4.7001, 0.01822, 3.0)
    """
    a, b = _pairs(pre, post)
    d = b - a
    n = int(d.size)
    if n < 2:
        return TestResult("paired_t", None, None, math.nan, "exact", None, n, note="fewer than 2 pairs")
    mean = float(d.mean())
    sd = float(d.std(ddof=1))
    df = float(n - 1)
    if sd == 0.0:
        note = "all differences are zero" if mean == 0 else "all differences equal: t undefined (zero variance)"
        eff = Effect("mean_difference", mean, math.nan, math.nan, 0.95, "t")  # no interval without spread
        return TestResult("paired_t", None, df, math.nan, "exact", eff, n, note=note)
    se = sd / math.sqrt(n)
    t = mean / se
    p = float(2 * sps.t.sf(abs(t), df))
    return TestResult(
        "paired_t",
        t,
        df,
        p,
        "exact",  # exact under normality; the t distribution is not an approximation here
        effects.mean_difference(mean, se, df),
        n,
        extra_effects=(effects.cohens_dz(d),),
    )


def _signed_rank_parts(d: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    nz = d[d != 0]
    ranks2 = exact.doubled_midranks(np.abs(nz))
    return nz, ranks2, int(d.size - nz.size)


def wilcoxon_signed_rank(pre: npt.ArrayLike, post: npt.ArrayLike, method: Method = "auto") -> TestResult:
    """Wilcoxon signed-rank test on ``post − pre``; zero differences are dropped and counted.

    The exact p-value enumerates all ``2**n`` sign patterns over the observed midranks, so it
    is correct under ties (SciPy's ``wilcoxon(method="exact")`` ignores ties). ``statistic``
    is V = T+ (sum of positive ranks), as in R. The asymptotic p uses the tie-corrected
    variance without continuity correction. Effect: matched-pairs rank-biserial with its Fisher-z
    interval (undefined, NaN, when all non-zero differences share a sign; see
    :func:`laktasi.stats.effects.rank_biserial_paired`); extra effect: the Hodges–Lehmann
    pseudo-median of ``post − pre`` with R's ``wilcox.test`` interval
    (:func:`laktasi.stats.hodges_lehmann.hodges_lehmann_paired`).

    Reference: Wilcoxon F (1945) *Biometrics Bull* 1:80–83; Pratt JW (1959) *JASA* 54:655–667
    on zeros and ties; matches R ``coin::wilcoxsign_test(..., zero.method = "Wilcoxon",
    distribution = "exact")``.

    >>> r = wilcoxon_signed_rank([1, 1, 1, 1, 1], [3, 3, 3, 3, 3])
    >>> r.p_value, r.p_method, r.min_attainable_p
    (0.0625, 'exact', 0.0625)
    """
    _check_method(method)
    a, b = _pairs(pre, post)
    nz, ranks2, n_zero = _signed_rank_parts(b - a)
    n = int(nz.size)
    if n == 0:
        return TestResult(
            "wilcoxon_signed_rank", 0.0, None, 1.0, "exact", None, 0, n_zero,
            min_attainable_p=1.0, note="all differences are zero",
        )
    t2_plus = int(ranks2[nz > 0].sum())
    total2 = int(ranks2.sum())
    v = t2_plus / 2
    eff = effects.rank_biserial_paired(t2_plus / 2, (total2 - t2_plus) / 2, n)
    hl = hodges_lehmann.hodges_lehmann_paired(b - a)
    note = "rank-biserial CI undefined (|r| = 1)" if math.isnan(eff.ci_low) else ""
    use_exact = method == "exact" or (method == "auto" and exact.signed_rank_feasible(n))
    p_method: PMethod
    if use_exact:
        dist = exact.signed_rank_distribution(ranks2)
        p = dist.p_two_sided(t2_plus)
        p_method = "exact"
    else:
        r = ranks2 / 2.0
        var = float((r**2).sum()) / 4  # tie-corrected: Σ r_i² / 4
        z = (v - total2 / 4) / math.sqrt(var)
        p = float(2 * sps.norm.sf(abs(z)))
        p_method = "asymptotic"
    return TestResult(
        "wilcoxon_signed_rank", v, None, p, p_method, eff, n, n_zero,
        min_attainable_p=exact.min_p_signed_rank(n), extra_effects=(hl,), note=note,
    )


def sign_test(pre: npt.ArrayLike, post: npt.ArrayLike) -> TestResult:
    """Exact sign test: the number of increases among non-zero differences is Binomial(n, ½).

    Zero differences are dropped and counted. ``statistic`` is the number of increases; the
    effect is the proportion of increases minus decreases (a matched-pairs rank-biserial
    with every rank 1), with its Wilson interval.

    Reference: Conover WJ (1999) *Practical Nonparametric Statistics*, 3rd ed., §3.4; matches
    R ``binom.test(k, n)``.

    >>> r = sign_test([1, 2, 3, 4, 5], [2, 3, 4, 5, 6])
    >>> r.statistic, r.p_value
    (5.0, 0.0625)
    """
    a, b = _pairs(pre, post)
    d = b - a
    up = int((d > 0).sum())
    down = int((d < 0).sum())
    n = up + down
    n_zero = int(d.size - n)
    if n == 0:
        return TestResult("sign_test", 0.0, None, 1.0, "exact", None, 0, n_zero, min_attainable_p=1.0,
                          note="all differences are zero")
    p = float(sps.binomtest(up, n, 0.5).pvalue)
    n_eff = float(n)
    lo, hi = effects._wilson(up / n, n_eff, 0.95)
    eff = Effect("proportion_difference", (up - down) / n, 2 * lo - 1, 2 * hi - 1, 0.95, "Wilson")
    return TestResult("sign_test", float(up), None, p, "exact", eff, n, n_zero,
                      min_attainable_p=exact.min_p_sign(n))


def _binary(x: npt.ArrayLike, name: str) -> np.ndarray:
    a = np.asarray(x).ravel()
    if a.dtype == bool:
        return a.astype(float)
    f = a.astype(float)
    bad = np.isfinite(f) & ~np.isin(f, (0.0, 1.0))
    if bad.any():
        raise ValueError(f"{name} must be 0/1 or boolean; found {f[bad][0]!r}")
    return f


def mcnemar(pre: npt.ArrayLike, post: npt.ArrayLike, method: Method = "auto") -> TestResult:
    """McNemar test for a binary outcome measured twice (0/1 or boolean arrays).

    Exact: the ``b`` (0→1) changes among the ``b + c`` discordant pairs are Binomial(b + c, ½).
    Asymptotic: ``(b − c)²/(b + c)`` on 1 df, no continuity correction (used only when
    ``method="asymptotic"``; "auto" is always exact — the binomial is cheap for any n).
    ``statistic`` is ``b`` for the exact test. Effect: conditional odds ratio ``b/c`` with
    the exact interval from the Clopper–Pearson interval of ``b/(b+c)``; extra effect: the
    paired risk difference ``(b − c)/n``.

    Reference: McNemar Q (1947) *Psychometrika* 12:153–157; Fay MP (2010) exact2x2 for the
    conditional odds-ratio interval; matches R ``binom.test(b, b + c)``.

    >>> r = mcnemar([0, 0, 0, 0, 0], [1, 1, 1, 1, 1])
    >>> r.statistic, r.p_value
    (5.0, 0.0625)
    """
    _check_method(method)
    a = _binary(pre, "pre")
    z = _binary(post, "post")
    keep = np.isfinite(a) & np.isfinite(z)
    a, z = a[keep], z[keep]
    n = int(a.size)
    b = int(((a == 0) & (z == 1)).sum())
    c = int(((a == 1) & (z == 0)).sum())
    nd = b + c
    if nd == 0:
        return TestResult("mcnemar", 0.0, None, 1.0, "exact", None, n, n - nd, min_attainable_p=1.0,
                          note="no discordant pairs")
    bt = sps.binomtest(b, nd, 0.5)
    ci = bt.proportion_ci(0.95, method="exact")

    def odds(p: float) -> float:
        return math.inf if p >= 1 else p / (1 - p)

    or_eff = Effect("odds_ratio", odds(b / nd), odds(ci.low), odds(ci.high), 0.95, "exact conditional")
    rd = (b - c) / n
    # Wald interval for the paired risk difference (Agresti 2013, §11.1.1)
    se = math.sqrt(max(b + c - (b - c) ** 2 / n, 0.0)) / n
    rd_eff = Effect("risk_difference", rd, rd - effects.Z95 * se, rd + effects.Z95 * se, 0.95, "Wald")
    if method == "asymptotic":
        stat = (b - c) ** 2 / nd
        return TestResult("mcnemar", float(stat), 1.0, float(sps.chi2.sf(stat, 1)), "asymptotic", or_eff,
                          n, n - nd, min_attainable_p=exact.min_p_sign(nd), extra_effects=(rd_eff,))
    return TestResult("mcnemar", float(b), None, float(bt.pvalue), "exact", or_eff, n, n - nd,
                      min_attainable_p=exact.min_p_sign(nd), extra_effects=(rd_eff,))


def paired_table(pre: npt.ArrayLike, post: npt.ArrayLike, levels: int) -> np.ndarray:
    """k×k table of (pre level, post level) counts from integer codes 0..k−1 (NaN rows dropped)."""
    a = np.asarray(pre, dtype=float).ravel()
    b = np.asarray(post, dtype=float).ravel()
    keep = np.isfinite(a) & np.isfinite(b)
    a, b = a[keep], b[keep]
    for name, v in (("pre", a), ("post", b)):
        bad = (v != np.round(v)) | (v < 0) | (v >= levels)
        if bad.any():
            raise ValueError(f"{name} codes must be integers 0..{levels - 1}; found {v[bad][0]!r}")
    t = np.zeros((levels, levels), dtype=np.int64)
    np.add.at(t, (a.astype(np.int64), b.astype(np.int64)), 1)
    return t


def marginal_homogeneity(
    pre: npt.ArrayLike, post: npt.ArrayLike, levels: int | Sequence[str], method: Method = "auto"
) -> TestResult:
    """Stuart–Maxwell test of marginal homogeneity for a categorical outcome measured twice.

    ``pre``/``post`` are codes 0..k−1; ``levels`` is k or the sequence of level names. The exact p enumerates every way the discordant
    pairs could have been swapped within pairs (grouped by cell pair), so sparse tables get a
    correct p where statsmodels ``SquareTable.homogeneity`` returns NaN. ``df`` is the rank of
    the covariance matrix (k − 1 unless a level has no discordant pairs). No effect size.

    Reference: Stuart A (1955) *Biometrika* 42:412–416; Maxwell AE (1970) *Br J Psychiatry*
    116:651–655; exact conditional version as in Agresti (2013) §11.3.

    >>> r = marginal_homogeneity([0, 0, 0, 0, 0], [2, 2, 2, 2, 2], 3)
    >>> round(r.statistic, 3), r.p_value
    (5.0, 0.0625)
    """
    _check_method(method)
    t = paired_table(pre, post, levels if isinstance(levels, int) else len(levels))
    n = int(t.sum())
    n_concordant = int(np.trace(t))
    stat, df = exact.stuart_maxwell(t)
    if df == 0:
        return TestResult("marginal_homogeneity", 0.0, 0.0, 1.0, "exact", None, n, n_concordant,
                          min_attainable_p=1.0, note="no discordant pairs")
    enum = exact.enumerate_swaps(t) if method != "asymptotic" else None
    if enum is None:
        if method == "exact":
            raise ValueError("too many discordant pairs for exact enumeration; use method='asymptotic'")
        return TestResult("marginal_homogeneity", stat, float(df), float(sps.chi2.sf(stat, df)),
                          "asymptotic", None, n, n_concordant)
    return TestResult("marginal_homogeneity", stat, float(df), enum.p_value(stat), "exact", None, n,
                      n_concordant, min_attainable_p=enum.min_p())


def shapiro_wilk(x: npt.ArrayLike) -> TestResult:
    """Shapiro–Wilk normality test (Royston's algorithm via SciPy); needs 3 ≤ n ≤ 5000 distinct-ish values.

    Returns ``p_value=nan`` with a note for n < 3 or when all values are equal (W undefined).
    Reference: Shapiro SS, Wilk MB (1965) *Biometrika* 52:591–611; Royston P (1995) AS R94;
    matches R ``shapiro.test``.

    >>> r = shapiro_wilk([2.1, 3.4, 1.9, 5.6, 4.4, 3.0])
    >>> round(r.statistic, 4)
    0.942
    """
    a = np.asarray(x, dtype=float).ravel()
    a = a[np.isfinite(a)]
    n = int(a.size)
    if n < 3:
        return TestResult("shapiro_wilk", None, None, math.nan, "asymptotic", None, n, note="fewer than 3 values")
    if float(np.ptp(a)) == 0.0:
        return TestResult("shapiro_wilk", None, None, math.nan, "asymptotic", None, n, note="all values equal")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SciPy warns above n = 5000; the note says it instead
        w, p = sps.shapiro(a)
    note = "n > 5000: p-value approximate" if n > 5000 else ""
    return TestResult("shapiro_wilk", float(w), None, float(p), "asymptotic", None, n, note=note)
