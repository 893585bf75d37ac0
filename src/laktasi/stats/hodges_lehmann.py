"""Hodges–Lehmann location shift with the confidence interval of R's ``wilcox.test(conf.int = TRUE)``.

* paired: the pseudo-median of the Walsh averages ``(d_i + d_j)/2, i ≤ j`` of the non-zero
  differences (zeros are dropped first, as the signed-rank test drops them);
* two samples: the median of all differences ``x_i − y_j``.

The interval inverts the Wilcoxon test exactly as R 4 does with its defaults: the exact
distribution (order statistics of the Walsh averages / differences) when there are fewer than 50
observations (per group) and no ties or zeros; otherwise the normal approximation with the
continuity correction (``correct = TRUE``), whose limits are the points where the standardised
statistic crosses ``±z``. That statistic is a step function jumping at the Walsh averages /
differences, so the limits are order statistics too: R finds them with ``uniroot`` to
``tol.root = 1e-4``; here they are located exactly (R with ``tol.root = 1e-10`` agrees to 1e-9).
R's warnings about the interval (ties, zeros, an unattainable level) are kept in ``Effect.note``
and a reduced level in ``Effect.ci_level``, as R's ``conf.level`` attribute.

The estimate is always the median itself. (In the normal-approximation branch R reports instead
the root of the uncorrected statistic, which is the same point except when an even number of
Walsh averages / differences leaves a flat stretch around the median, where ``uniroot`` stops
anywhere on the stretch.)

References: Hodges JL, Lehmann EL (1963) Estimates of location based on rank tests. *Ann Math
Stat* 34:598–611. Bauer DF (1972) Constructing confidence sets using rank statistics. *JASA*
67:687–690. Hollander M, Wolfe DA, Chicken E (2014) *Nonparametric Statistical Methods*, 3rd
ed., §3.2 and §4.3.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from scipy import stats as sps

from laktasi.stats import exact
from laktasi.stats.results import Effect

FloatArray = npt.NDArray[np.float64]

NAME = "hodges_lehmann"
EXACT_METHOD = "exact (Wilcoxon inversion)"
NORMAL_METHOD = "normal approximation (Wilcoxon inversion, continuity-corrected)"
# R: exact <- (n < 50) by default
EXACT_BELOW = 50
# Walsh averages / pairwise differences are materialised up to this many; beyond it order
# statistics are found by bisection with counting, in O(n log n) memory-light passes.
MATERIALISE_MAX = 2_000_000
# ... and the bisection stops once at most this many sums are left in the bracket, then selects
GATHER_PER_ROW, GATHER_MIN = 8, 1 << 16


# --------------------------------------------------------------------------- order statistics


def _row_counts(a: FloatArray, b: FloatArray, s: float) -> npt.NDArray[np.int64]:
    """For each ``a_i``: how many ``b_j`` have ``a_i + b_j ≤ s``, judged on the rounded sums.

    ``searchsorted(b, s − a_i)`` is a first guess; ``s − a_i`` is rounded, so it is corrected
    a whole group of equal ``b`` values at a time until it agrees with the sums themselves
    (floating-point addition is monotone, so the sums along a row are sorted).
    """
    j = np.searchsorted(b, s - a, side="right").astype(np.int64)
    last = b.size - 1
    for _ in range(64):
        up = (j <= last) & (a + b[np.minimum(j, last)] <= s)
        down = (j > 0) & (a + b[np.maximum(j - 1, 0)] > s)
        if not (up.any() or down.any()):
            break
        j[up] = np.searchsorted(b, b[j[up]], side="right")
        j[down] = np.searchsorted(b, b[j[down] - 1], side="left")
    return j


def _count_le(a: FloatArray, b: FloatArray, s: float, walsh: bool) -> int:
    """Number of sums ``a_i + b_j ≤ s`` (``walsh``: a is b and only ``i ≤ j`` counts)."""
    c = _row_counts(a, b, s)
    if walsh:
        return int(np.maximum(c - np.arange(a.size), 0).sum())
    return int(c.sum())


def _next_sum_above(a: FloatArray, b: FloatArray, s: float, walsh: bool) -> float:
    """Smallest sum ``a_i + b_j`` greater than ``s`` (``i ≤ j`` when ``walsh``); inf if none."""
    j = _row_counts(a, b, s)
    if walsh:
        j = np.maximum(j, np.arange(a.size))
    ok = j < b.size
    if not ok.any():
        return math.inf
    return float((a[ok] + b[j[ok]]).min())


def _kth_sum(a: FloatArray, b: FloatArray, k: int, walsh: bool) -> float:
    """k-th smallest (1-based) of the sums ``a_i + b_j`` without forming them all (a, b sorted).

    Bisection on the value with counting (``O(n log n)`` per step) until few enough sums lie in
    the bracket to gather and select directly; with heavy ties (ordinal scores) the check
    "is the next sum above the lower bound already the k-th?" ends it sooner.
    """
    hi = float(a[-1] + b[-1])
    lo = float(a[0] + b[0])
    if k <= 1:
        return lo
    lo = lo - (abs(lo) + 1.0)  # count(lo) = 0 < k ≤ count(hi)
    c_lo, c_hi = 0, _count_le(a, b, hi, walsh)
    gather_max = max(GATHER_PER_ROW * a.size, GATHER_MIN)
    for _ in range(400):
        if c_hi - c_lo <= gather_max:
            return _select_between(a, b, lo, hi, k - c_lo, walsh)
        cand = _next_sum_above(a, b, lo, walsh)
        if not math.isfinite(cand):
            break
        c_cand = _count_le(a, b, cand, walsh)
        if c_cand >= k:
            return cand
        lo, c_lo = cand, c_cand
        mid = lo + (hi - lo) / 2
        if not lo < mid < hi:
            break
        c_mid = _count_le(a, b, mid, walsh)
        if c_mid >= k:
            hi, c_hi = mid, c_mid
        else:
            lo, c_lo = mid, c_mid
    cand = _next_sum_above(a, b, lo, walsh)
    return cand if math.isfinite(cand) else hi


def _select_between(a: FloatArray, b: FloatArray, lo: float, hi: float, k: int, walsh: bool) -> float:
    """k-th smallest (1-based) of the sums in ``(lo, hi]``, gathered row by row."""
    start = _row_counts(a, b, lo)
    stop = _row_counts(a, b, hi)
    if walsh:
        rows = np.arange(a.size)
        start, stop = np.maximum(start, rows), np.maximum(stop, rows)
    lengths = stop - start
    total = int(lengths.sum())
    row = np.repeat(np.arange(a.size), lengths)
    first = np.cumsum(lengths) - lengths
    col = start[row] + (np.arange(total) - first[row])
    values = a[row] + b[col]
    k = min(max(k, 1), total)
    return float(np.partition(values, k - 1)[k - 1])


class _Sums:
    """Sorted Walsh sums ``d_i + d_j (i ≤ j)`` or differences ``x_i − y_j``, materialised if small."""

    def __init__(self, a: FloatArray, b: FloatArray, walsh: bool, scale: float) -> None:
        self.a, self.b, self.walsh, self.scale = a, b, walsh, scale
        n_a, n_b = a.size, b.size
        self.size = n_a * (n_a + 1) // 2 if walsh else n_a * n_b
        self.values: FloatArray | None = None
        if self.size <= MATERIALISE_MAX:
            if walsh:
                i, j = np.triu_indices(n_a)
                v = a[i] + a[j]
            else:
                v = (a[:, None] + b[None, :]).ravel()
            self.values = np.sort(v) * scale

    def kth(self, k: int) -> float:
        """k-th smallest, 1-based, clipped to 1..size."""
        k = min(max(k, 1), self.size)
        if self.values is not None:
            return float(self.values[k - 1])
        return _kth_sum(self.a, self.b, k, self.walsh) * self.scale

    def median(self) -> float:
        half = self.size // 2
        if self.size % 2:
            return self.kth(half + 1)
        return (self.kth(half) + self.kth(half + 1)) / 2


# --------------------------------------------------------------------------- helpers


def _tie_term(values: FloatArray) -> float:
    """``Σ (t³ − t)`` over groups of equal values."""
    _, t = np.unique(values, return_counts=True)
    t = t.astype(np.float64)
    return float((t**3 - t).sum())


def _ratio(num: float, sigma: float) -> float:
    # R divides by a zero sigma: NaN for 0/0, ±Inf otherwise
    if sigma > 0:
        return num / sigma
    return math.nan if num == 0 else math.copysign(math.inf, num)


def _crossing_count(total: int, sigma: float, zq: float) -> int:
    """1-based order statistic at which ``(T − μ − ½·sign(T − μ))/σ`` falls below ``zq``.

    Between consecutive Walsh averages / differences the statistic ``T`` (number of them above
    the trial shift) is constant; the limit is where it first drops below ``zq``.
    """
    mu = total / 2
    # largest integer T with standardised statistic < zq
    t_max = math.ceil(mu + 0.5 + zq * sigma) - 1 if zq > 0 else math.ceil(mu - 0.5 + zq * sigma) - 1
    return total - t_max


def _signif(x: float, digits: int) -> float:
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


_EPS10 = 10 * np.finfo(float).eps  # R's fuzz in qsignrank / qwilcox


def _quantile(cdf: FloatArray, p: float) -> int:
    """R's ``qsignrank`` / ``qwilcox`` for ``p ≤ 0.5``: smallest q with ``P(T ≤ q) ≥ p − 10ε``."""
    return int(np.searchsorted(cdf, p - _EPS10, side="left"))


def _signrank_cdf(n: int) -> FloatArray:
    d = exact.signed_rank_distribution(2 * np.arange(1, n + 1))
    return np.cumsum(d.probs[::2])  # doubled statistic → T+ = 0, 1, ..., n(n+1)/2


def _wilcox_cdf(m: int, n: int) -> FloatArray:
    d = exact.rank_sum_distribution(2 * np.arange(1, m + n + 1), m)
    offset = m * (m + 1)  # doubled minimum rank sum: U = W/2 − m(m+1)/2
    return np.cumsum(d.probs[offset::2])


# --------------------------------------------------------------------------- paired


def hodges_lehmann_paired(diffs: npt.ArrayLike, level: float = 0.95) -> Effect:
    """Pseudo-median of the Walsh averages of the non-zero differences, CI as R ``wilcox.test``.

    ``diffs`` are ``post − pre`` (NaN dropped). Exact interval below 50 non-zero differences
    without ties; otherwise the continuity-corrected normal approximation, with R's notes
    ("cannot compute exact confidence interval with ties/zeroes", "requested conf.level not
    achievable" — then ``ci_level`` is the level reached). All differences equal: the interval
    is undefined (NaN), as in R.

    Reference: Hodges & Lehmann (1963); Bauer (1972); values match R 4
    ``wilcox.test(post, pre, paired = TRUE, conf.int = TRUE)``.

    >>> e = hodges_lehmann_paired([1.5, 2.25, -0.5, 3.75, 0.75])
    >>> e.value, e.ci_low, e.ci_high, e.ci_method
    (1.5, -0.5, 3.75, 'exact (Wilcoxon inversion)')
    """
    d = np.asarray(diffs, dtype=np.float64).ravel()
    d = d[np.isfinite(d)]
    has_zeros = bool((d == 0).any())
    x = np.sort(d[d != 0])
    n = int(x.size)
    if n == 0:
        return Effect(NAME, math.nan, math.nan, math.nan, level, "", "all differences are zero")
    sums = _Sums(x, x, walsh=True, scale=0.5)
    estimate = sums.median()
    alpha = 1 - level
    ranks = sps.rankdata(np.abs(x))
    ties = bool(np.unique(ranks).size != n)
    want_exact = n < EXACT_BELOW
    if want_exact and not ties and not has_zeros:
        cdf = _signrank_cdf(n)
        qu = max(_quantile(cdf, alpha / 2), 1)
        achieved = 2 * float(cdf[qu - 1]) if qu >= 1 else 0.0
        note = ""
        if achieved - alpha > alpha / 2:
            note = "requested conf.level not achievable"
            level = 1 - _signif(achieved, 2)
        low, high = sums.kth(qu), sums.kth(sums.size - qu + 1)
        return Effect(NAME, estimate, low, high, level, EXACT_METHOD, note)
    notes: list[str] = []

    def stat(shift: float) -> float:  # R's W(d): standardised, continuity-corrected
        xd = x - shift
        xd = xd[xd != 0]
        nx = xd.size
        r = sps.rankdata(np.abs(xd))
        z = float(r[xd > 0].sum()) - nx * (nx + 1) / 4
        sigma = math.sqrt(max(nx * (nx + 1) * (2 * nx + 1) / 24 - _tie_term(r) / 48, 0.0))
        return _ratio(z - math.copysign(0.5, z) * (z != 0), sigma)

    w_min = stat(float(x[0]))
    w_max = stat(float(x[-1])) if math.isfinite(w_min) else math.nan
    low = high = math.nan
    if not math.isfinite(w_max):
        notes.append("cannot compute confidence interval when all observations are zero or tied")
        level = 0.0
        estimate = (float(x[0]) + float(x[-1])) / 2  # R: midrange
    else:
        while True:
            z_hi = float(sps.norm.isf(alpha / 2))
            z_lo = float(sps.norm.ppf(alpha / 2))
            if w_min - z_hi < 0 or w_max - z_lo > 0:
                alpha *= 2
            else:
                break
        if alpha >= 1 or 1 - level < alpha * 0.75:
            level = 1 - min(1.0, alpha)
            notes.append("requested conf.level not achievable")
        if alpha < 1:
            # between Walsh averages, ties among |x − d| are only those of equal differences
            sigma0 = math.sqrt(n * (n + 1) * (2 * n + 1) / 24 - _tie_term(x) / 48)

            def root(zq: float) -> float:
                f_low, f_high = w_min - zq, w_max - zq
                if f_low == 0:
                    return float(x[0])
                if f_high == 0:
                    return float(x[-1])
                return sums.kth(_crossing_count(sums.size, sigma0, zq))

            low, high = root(float(sps.norm.isf(alpha / 2))), root(float(sps.norm.ppf(alpha / 2)))
        else:
            low = high = float(np.median(x))
    if want_exact and ties:
        notes.append("cannot compute exact confidence interval with ties")
    if want_exact and has_zeros:
        notes.append("cannot compute exact confidence interval with zeroes")
    return Effect(NAME, estimate, low, high, level, NORMAL_METHOD, "; ".join(notes))


# --------------------------------------------------------------------------- two samples


def hodges_lehmann_two_sample(x: npt.ArrayLike, y: npt.ArrayLike, level: float = 0.95) -> Effect:
    """Median of all differences ``x_i − y_j`` with the CI of R ``wilcox.test(x, y, conf.int = TRUE)``.

    Exact interval when both groups have fewer than 50 values and no value is tied anywhere in
    the pooled data; otherwise the continuity-corrected normal approximation (note "cannot
    compute exact confidence intervals with ties" below 50 per group, as R). When every value
    is tied the interval is undefined (NaN; R stops with an error there).

    Reference: Hodges & Lehmann (1963); Bauer (1972); values match R 4
    ``wilcox.test(x, y, conf.int = TRUE)``.

    >>> e = hodges_lehmann_two_sample([31, 28, 35, 40, 33, 29], [25, 27, 22, 30, 24])
    >>> e.value, e.ci_low, e.ci_high
    (6.5, 1.0, 13.0)
    """
    a = np.asarray(x, dtype=np.float64).ravel()
    b = np.asarray(y, dtype=np.float64).ravel()
    a = np.sort(a[np.isfinite(a)])
    b = np.sort(b[np.isfinite(b)])
    m, n = int(a.size), int(b.size)
    if m == 0 or n == 0:
        return Effect(NAME, math.nan, math.nan, math.nan, level, "", "an empty group")
    sums = _Sums(a, -b[::-1], walsh=False, scale=1.0)
    estimate = sums.median()
    alpha = 1 - level
    pooled = np.concatenate([a, b])
    ties = bool(np.unique(pooled).size != pooled.size)
    want_exact = m < EXACT_BELOW and n < EXACT_BELOW
    if want_exact and not ties:
        cdf = _wilcox_cdf(m, n)
        qu = max(_quantile(cdf, alpha / 2), 1)
        achieved = 2 * float(cdf[qu - 1])
        note = ""
        if achieved - alpha > alpha / 2:
            note = "Requested conf.level not achievable"
            level = 1 - achieved
        low, high = sums.kth(qu), sums.kth(m * n - qu + 1)
        return Effect(NAME, estimate, low, high, level, EXACT_METHOD, note)
    big_n = m + n

    def sigma_of(tie_term: float) -> float:
        return math.sqrt(max(m * n / 12 * ((big_n + 1) - tie_term / (big_n * (big_n - 1))), 0.0))

    def stat(shift: float) -> float:  # R's W(d)
        r = sps.rankdata(np.concatenate([a - shift, b]))
        z = float(r[:m].sum()) - m * (m + 1) / 2 - m * n / 2
        return _ratio(z - math.copysign(0.5, z) * (z != 0), sigma_of(_tie_term(r)))

    mu_min, mu_max = float(a[0] - b[-1]), float(a[-1] - b[0])
    w_min, w_max = stat(mu_min), stat(mu_max)
    notes: list[str] = []
    low = high = math.nan
    if not (math.isfinite(w_min) and math.isfinite(w_max)):
        notes.append("cannot compute confidence interval when all observations are tied")
    else:
        # between differences, ties are only those within each group
        sigma0 = sigma_of(_tie_term(a) + _tie_term(b))

        def root(zq: float) -> float:
            if w_min - zq <= 0:
                return mu_min
            if w_max - zq >= 0:
                return mu_max
            return sums.kth(_crossing_count(sums.size, sigma0, zq))

        low, high = root(float(sps.norm.isf(alpha / 2))), root(float(sps.norm.ppf(alpha / 2)))
    if want_exact and ties:
        notes.append("cannot compute exact confidence intervals with ties")
    return Effect(NAME, estimate, low, high, level, NORMAL_METHOD, "; ".join(notes))
