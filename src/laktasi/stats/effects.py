"""Effect sizes with 95% confidence intervals.

Every function returns a :class:`laktasi.stats.results.Effect`; ``ci_method`` names how the
interval was obtained so a report can say it.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from scipy import optimize
from scipy import stats as sps
from scipy.special import gammaln
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from laktasi.stats import noncentral
from laktasi.stats.results import Effect

Z95 = float(sps.norm.ppf(0.975))


def mean_difference(diff_mean: float, se: float, df: float, level: float = 0.95) -> Effect:
    """A mean difference with its t-based interval (as R ``t.test``).

    >>> e = mean_difference(2.0, 0.5, 9)
    >>> round(e.ci_low, 4), round(e.ci_high, 4)
    (0.8689, 3.1311)
    """
    q = float(sps.t.ppf(0.5 + level / 2, df)) if df > 0 else math.nan
    return Effect("mean_difference", diff_mean, diff_mean - q * se, diff_mean + q * se, level, "t")


def _ncp_interval(t_obs: float, df: float, level: float) -> tuple[float, float]:
    """Confidence interval for the noncentrality parameter of a t distribution (test inversion).

    Delegates to :func:`laktasi.stats.noncentral.nct_interval`, whose search cannot abort where
    SciPy's ``nct.cdf`` returns NaN in the far tail (it did on ~8% of random two-arm datasets).

    Reference: Steiger JH, Fouladi RT (1997) Noncentrality interval estimation. In *What if
    there were no significance tests?* Erlbaum, 221–257.
    """
    ci = noncentral.nct_interval(t_obs, df, level)
    return ci.low, ci.high


def cohens_dz(diffs: npt.ArrayLike, level: float = 0.95) -> Effect:
    """Standardised mean of paired differences ``d_z = mean / SD`` with an exact noncentral-t CI.

    Reference: Lakens D (2013) Calculating and reporting effect sizes. *Front Psychol* 4:863;
    Steiger & Fouladi (1997) for the interval.

    >>> e = cohens_dz([1.0, 2.0, 3.0, 4.0, 5.0])
    >>> round(e.value, 4)
    1.8974
    """
    d = np.asarray(diffs, dtype=float)
    n = d.size
    sd = float(d.std(ddof=1)) if n > 1 else math.nan
    if not (n > 1 and sd > 0):
        return Effect("d_z", math.nan, math.nan, math.nan, level, "noncentral t")
    dz = float(d.mean()) / sd
    lo, hi = _ncp_interval(dz * math.sqrt(n), n - 1, level)
    return Effect("d_z", dz, lo / math.sqrt(n), hi / math.sqrt(n), level, "noncentral t")


def hedges_correction(df: float) -> float:
    """Exact small-sample correction ``J(df) = Γ(df/2) / (√(df/2) Γ((df−1)/2))`` (Hedges 1981).

    >>> round(hedges_correction(8), 6)
    0.902703
    """
    return math.exp(gammaln(df / 2) - 0.5 * math.log(df / 2) - gammaln((df - 1) / 2))


def hedges_g(x: npt.ArrayLike, y: npt.ArrayLike, level: float = 0.95) -> Effect:
    """Hedges' g of ``x − y`` (pooled SD, exact correction) with a noncentral-t CI scaled by J.

    Reference: Hedges LV (1981) Distribution theory for Glass's estimator of effect size.
    *J Educ Stat* 6:107–128; the value equals metafor ``escalc(measure = "SMD")``.

    >>> round(hedges_g([3.0, 4.0, 5.0], [1.0, 2.0, 3.0]).value, 4)
    1.5958
    """
    a = np.asarray(x, dtype=float)
    b = np.asarray(y, dtype=float)
    n1, n2 = a.size, b.size
    df = n1 + n2 - 2
    if n1 < 2 or n2 < 2:
        return Effect("hedges_g", math.nan, math.nan, math.nan, level, "noncentral t")
    sp = math.sqrt(((n1 - 1) * a.var(ddof=1) + (n2 - 1) * b.var(ddof=1)) / df)
    if not sp > 0:
        return Effect("hedges_g", math.nan, math.nan, math.nan, level, "noncentral t")
    d = (float(a.mean()) - float(b.mean())) / sp
    j = hedges_correction(df)
    scale = math.sqrt(1 / n1 + 1 / n2)
    lo, hi = _ncp_interval(d / scale, df, level)
    return Effect("hedges_g", j * d, j * lo * scale, j * hi * scale, level, "noncentral t")


def _wilson(p_hat: float, n_eff: float, level: float) -> tuple[float, float]:
    """Wilson (1927) score interval for a binomial proportion ``p_hat`` out of ``n_eff`` trials."""
    lo, hi = proportion_confint(p_hat * n_eff, n_eff, alpha=1 - level, method="wilson")
    return float(lo), float(hi)


def _fisher_z(r: float, se: float, level: float) -> tuple[float, float]:
    z = float(sps.norm.ppf(0.5 + level / 2))
    centre = math.atanh(r)
    return math.tanh(centre - z * se), math.tanh(centre + z * se)


FISHER_Z = "Fisher z"
NEWCOMBE_5 = "Newcombe (2006) method 5"


def rank_biserial_paired(t_plus: float, t_minus: float, n: int, level: float = 0.95) -> Effect:
    """Matched-pairs rank-biserial ``r = (T+ − T−) / (T+ + T−)`` with the Fisher-z interval.

    ``n`` is the number of non-zero differences (ties take midranks). The interval is
    ``tanh(atanh(r) ± z·SE)`` with ``SE = √((2n³ + 3n² + n)/6) / ((n² + n)/2)``, as
    ``effectsize::rank_biserial`` computes it. When every non-zero difference has the same
    sign, ``|r| = 1`` and the Fisher-z interval collapses to the single point ``[r, r]``; no
    published interval for the matched-pairs rank-biserial covers that case, so the interval is
    reported as undefined (NaN) with a note. (The sign test's share of increases, with its own
    interval, is a different quantity and is reported by :func:`laktasi.stats.paired.sign_test`.)

    Reference: Kerby DS (2014) The simple difference formula. *Compr Psychol* 3:11.IT.3.1;
    King BM, Minium EW (2008) *Statistical Reasoning in the Behavioral Sciences*, 5th ed.;
    Ben-Shachar MS, Lüdecke D, Makowski D (2020) effectsize. *JOSS* 5:2815 — values match
    ``effectsize::rank_biserial(post - pre)`` (0.8.3).

    >>> e = rank_biserial_paired(13, 2, 5)
    >>> round(e.value, 4), round(e.ci_low, 4), round(e.ci_high, 4), e.ci_method
    (0.7333, -0.0331, 0.9567, 'Fisher z')
    >>> e = rank_biserial_paired(15, 0, 5)
    >>> e.value, e.ci_low, e.note[:30]
    (1.0, nan, 'CI undefined: all non-zero dif')
    """
    total = t_plus + t_minus
    if n == 0 or total == 0:
        return Effect("rank_biserial", math.nan, math.nan, math.nan, level, "", "no non-zero differences")
    r = (t_plus - t_minus) / total
    if abs(r) >= 1:
        return Effect("rank_biserial", float(np.sign(r)), math.nan, math.nan, level, "",
                      "CI undefined: all non-zero differences have the same sign (|r| = 1), where the "
                      "Fisher-z interval degenerates")
    max_w = n * (n + 1) / 2
    se = math.sqrt((2 * n**3 + 3 * n**2 + n) / 6) / max_w
    lo, hi = _fisher_z(r, se, level)
    return Effect("rank_biserial", r, lo, hi, level, FISHER_Z)


def newcombe_auc_interval(theta: float, m: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Score interval for ``θ = P(X > Y) + ½P(X = Y)`` (the AUC), Newcombe's method 5.

    Solves ``(θ − θ̂)² = z² V(θ)`` with the Hanley–McNeil variance under the exponential model
    and both sample sizes replaced by ``N* = (m + n)/2 − 1``:
    ``V(θ) = θ(1 − θ)[1 + N*(1 − θ)/(2 − θ) + N*θ/(1 + θ)] / (mn)``. Unlike Wald or Fisher-z
    intervals it stays informative at ``θ̂ = 0`` or ``1`` (complete separation).

    Reference: Newcombe RG (2006) Confidence intervals for an effect size measure based on the
    Mann–Whitney statistic. Part 2: asymptotic methods and evaluation. *Stat Med* 25:559–573;
    Hanley JA, McNeil BJ (1982) *Radiology* 143:29–36.

    >>> [round(v, 4) for v in newcombe_auc_interval(1.0, 5, 5)]
    [0.6427, 1.0]
    """
    z2 = float(sps.norm.ppf(0.5 + level / 2)) ** 2
    n_star = (m + n) / 2 - 1
    mn = float(m * n)

    def bracket(t: float) -> float:  # V(θ)·mn / (θ(1 − θ))
        return 1 + n_star * (1 - t) / (2 - t) + n_star * t / (1 + t)

    def f(t: float) -> float:
        return (t - theta) ** 2 - z2 * t * (1 - t) * bracket(t) / mn

    if theta >= 1:  # f has the root θ = 1; divide it out: (1 − θ) − z²θ[...]/(mn)
        return float(optimize.brentq(lambda t: (1 - t) - z2 * t * bracket(t) / mn, 0.0, 1.0, xtol=1e-14)), 1.0
    if theta <= 0:
        return 0.0, float(optimize.brentq(lambda t: t - z2 * (1 - t) * bracket(t) / mn, 0.0, 1.0, xtol=1e-14))
    return (float(optimize.brentq(f, 0.0, theta, xtol=1e-14)), float(optimize.brentq(f, theta, 1.0, xtol=1e-14)))


def rank_biserial_independent(u_x: float, m: int, n: int, level: float = 0.95) -> Effect:
    """Rank-biserial ``r = 2U/(mn) − 1`` of ``x`` over ``y`` (Glass 1965; Kerby 2014).

    Interval: Fisher z with ``SE = √((m + n + 1)/(3mn))``, as ``effectsize::rank_biserial``.
    At complete separation (``|r| = 1``) that interval collapses to a point, so there the
    interval is Newcombe's (2006) method 5 score interval for ``θ = (r + 1)/2``
    (:func:`newcombe_auc_interval`), mapped back by ``r = 2θ − 1``; ``ci_method`` says which.

    Reference: Glass GV (1965) *Educ Psychol Meas* 25:1–19; Kerby (2014); values match
    ``effectsize::rank_biserial(x, y)`` (0.8.3) and Newcombe (2006) method 5 written out in R.

    >>> e = rank_biserial_independent(25, 5, 5)
    >>> e.value, round(e.ci_low, 4), e.ci_high, e.ci_method
    (1.0, 0.2854, 1.0, 'Newcombe (2006) method 5')
    """
    if m == 0 or n == 0:
        return Effect("rank_biserial", math.nan, math.nan, math.nan, level, "", "an empty group")
    theta = u_x / (m * n)
    r = 2 * theta - 1
    if abs(r) >= 1:
        lo, hi = newcombe_auc_interval(theta, m, n, level)
        return Effect("rank_biserial", r, 2 * lo - 1, 2 * hi - 1, level, NEWCOMBE_5,
                      "complete separation (|r| = 1): Fisher-z interval degenerate, score interval used")
    lo, hi = _fisher_z(r, math.sqrt((m + n + 1) / (3 * m * n)), level)
    return Effect("rank_biserial", r, lo, hi, level, FISHER_Z)


def risk_difference(e1: int, n1: int, e2: int, n2: int, level: float = 0.95) -> Effect:
    """``e1/n1 − e2/n2`` with Newcombe's hybrid score interval (method 10).

    Reference: Newcombe RG (1998) Interval estimation for the difference between independent
    proportions. *Stat Med* 17:873–890 (example 56/70 − 48/80: 0.0524 to 0.3339).

    >>> e = risk_difference(56, 70, 48, 80)
    >>> round(e.ci_low, 4), round(e.ci_high, 4)
    (0.0524, 0.3339)
    """
    if n1 == 0 or n2 == 0:
        return Effect("risk_difference", math.nan, math.nan, math.nan, level, "Newcombe")
    lo, hi = confint_proportions_2indep(e1, n1, e2, n2, method="newcomb", compare="diff", alpha=1 - level)
    return Effect("risk_difference", e1 / n1 - e2 / n2, float(lo), float(hi), level, "Newcombe")


def risk_ratio(e1: int, n1: int, e2: int, n2: int, level: float = 0.95) -> Effect:
    """``(e1/n1)/(e2/n2)`` with the log (Katz) interval; ½ is added to every cell when one is zero.

    Reference: Katz D et al. (1978) *Biometrics* 34:469–474; matches metafor
    ``escalc(measure = "RR")`` with its default ``to = "only0"`` correction.

    >>> e = risk_ratio(10, 20, 5, 20)
    >>> round(e.value, 3), round(e.ci_low, 4), round(e.ci_high, 4)
    (2.0, 0.8325, 4.8051)
    """
    if n1 == 0 or n2 == 0:
        return Effect("risk_ratio", math.nan, math.nan, math.nan, level, "log")
    a, b, c, d = float(e1), float(n1 - e1), float(e2), float(n2 - e2)
    if 0 in (a, b, c, d):
        a, b, c, d = a + 0.5, b + 0.5, c + 0.5, d + 0.5
    log_rr = math.log((a / (a + b)) / (c / (c + d)))
    se = math.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d))
    z = float(sps.norm.ppf(0.5 + level / 2))
    return Effect(
        "risk_ratio", math.exp(log_rr), math.exp(log_rr - z * se), math.exp(log_rr + z * se), level, "log"
    )


def conditional_odds_ratio(table: npt.ArrayLike, level: float = 0.95) -> Effect:
    """Conditional maximum-likelihood odds ratio of a 2×2 table with its exact interval.

    The same estimate and interval as R ``fisher.test``: the noncentral hypergeometric
    distribution of the top-left cell given the margins, inverted for the interval.
    Reference: Agresti A (2013) *Categorical Data Analysis*, 3rd ed., §16.6.

    >>> e = conditional_odds_ratio([[3, 1], [1, 3]])
    >>> round(e.value, 4), round(e.ci_low, 5), round(e.ci_high, 3)
    (6.4083, 0.21174, 626.244)
    """
    t = np.asarray(table, dtype=np.int64)
    x = int(t[0, 0])
    m = int(t[0].sum())  # row 1 total
    n = int(t[1].sum())
    k = int(t[:, 0].sum())  # column 1 total
    lo_sup, hi_sup = max(0, k - n), min(k, m)
    support = np.arange(lo_sup, hi_sup + 1)
    logdc = (
        gammaln(m + 1) - gammaln(support + 1) - gammaln(m - support + 1)
        + gammaln(n + 1) - gammaln(k - support + 1) - gammaln(n - k + support + 1)
    )

    def dnhyper(ncp: float) -> npt.NDArray[np.float64]:
        d = logdc + np.log(ncp) * support
        d = np.exp(d - d.max())
        return np.asarray(d / d.sum(), dtype=np.float64)

    def mnhyper(ncp: float) -> float:
        if ncp == 0:
            return float(lo_sup)
        if math.isinf(ncp):
            return float(hi_sup)
        return float((support * dnhyper(ncp)).sum())

    def pnhyper(q: int, ncp: float, upper: bool) -> float:
        if ncp == 1:
            hd = sps.hypergeom(m + n, m, k)
            return float(hd.sf(q - 1) if upper else hd.cdf(q))
        d = dnhyper(ncp)
        return float(d[support >= q].sum() if upper else d[support <= q].sum())

    def root(f: object, lo: float, hi: float) -> float:
        return float(optimize.brentq(f, lo, hi, xtol=1e-14))

    if x == lo_sup and x == hi_sup:
        return Effect("odds_ratio", math.nan, 0.0, math.inf, level, "exact conditional")
    # estimate: solve E[X | ncp] = x on the log scale (as R's uniroot on mnhyper)
    if x == lo_sup:
        est = 0.0
    elif x == hi_sup:
        est = math.inf
    else:
        mu = mnhyper(1.0)
        if mu > x:
            est = root(lambda u: mnhyper(u) - x, 1e-300, 1.0) if mnhyper(0) < x else 0.0
        elif mu < x:
            est = 1 / root(lambda u: mnhyper(1 / u) - x, 1e-300, 1.0)
        else:
            est = 1.0
    alpha = (1 - level) / 2

    def ncp_u(a: float) -> float:  # upper limit: P(X ≤ x) = a
        if x == hi_sup:
            return math.inf
        p = pnhyper(x, 1.0, upper=False)
        if p < a:
            return root(lambda t: pnhyper(x, t, upper=False) - a, 1e-300, 1.0)
        if p > a:
            return 1 / root(lambda t: pnhyper(x, 1 / t, upper=False) - a, 1e-300, 1.0)
        return 1.0

    def ncp_l(a: float) -> float:  # lower limit: P(X ≥ x) = a
        if x == lo_sup:
            return 0.0
        p = pnhyper(x, 1.0, upper=True)
        if p > a:
            return root(lambda t: pnhyper(x, t, upper=True) - a, 1e-300, 1.0)
        if p < a:
            return 1 / root(lambda t: pnhyper(x, 1 / t, upper=True) - a, 1e-300, 1.0)
        return 1.0

    return Effect("odds_ratio", est, ncp_l(alpha), ncp_u(alpha), level, "exact conditional")
