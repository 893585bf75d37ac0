"""Tests between independent groups (arms).

Effects are ``x − y`` (or ``x`` over ``y``): pass the other arm as ``x`` and the reference
arm as ``y`` so that a positive effect favours the other arm.
``method`` is ``"auto"`` (exact by full enumeration whenever feasible — always for n ≤ 50
per group), ``"exact"`` or ``"asymptotic"``; ``TestResult.p_method`` says what was used.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats as sps

from laktasi.stats import effects, exact, fisher_rxc, hodges_lehmann
from laktasi.stats.results import Effect, PMethod, TestResult

Method = Literal["auto", "exact", "asymptotic"]

# residual sum of squares at or below this share of the total counts as an exact fit (t undefined)
ZERO_RESIDUAL_REL = 1e-12


def _clean(x: npt.ArrayLike) -> npt.NDArray[np.float64]:
    a = np.asarray(x, dtype=np.float64).ravel()
    return np.asarray(a[np.isfinite(a)], dtype=np.float64)


def _check_method(method: str) -> None:
    if method not in ("auto", "exact", "asymptotic"):
        raise ValueError(f"method must be 'auto', 'exact' or 'asymptotic', not {method!r}")


def welch_t(x: npt.ArrayLike, y: npt.ArrayLike) -> TestResult:
    """Welch's unequal-variance t-test of ``mean(x) − mean(y)``.

    Effect: mean difference ``x − y`` with the Welch (Satterthwaite df) interval; extra
    effect: Hedges' g (pooled SD, exact correction). Used on change scores (``post − pre``)
    as a secondary between-arm comparison. Returns ``p_value=nan`` with a note when both
    groups have zero variance.

    Reference: Welch BL (1947) *Biometrika* 34:28–35; matches R ``t.test(x, y)``.

    >>> r = welch_t([5.0, 6.0, 7.0, 9.0], [1.0, 2.0, 4.0])
    >>> round(r.statistic, 4), round(r.df, 4)
    (3.5979, 4.734)
    """
    a, b = _clean(x), _clean(y)
    n1, n2 = int(a.size), int(b.size)
    n = n1 + n2
    if n1 < 2 or n2 < 2:
        return TestResult("welch_t", None, None, math.nan, "asymptotic", None, n, note="a group has fewer than 2 values")
    v1, v2 = float(a.var(ddof=1)) / n1, float(b.var(ddof=1)) / n2
    diff = float(a.mean() - b.mean())
    se = math.sqrt(v1 + v2)
    if se == 0.0:
        eff = Effect("mean_difference", diff, math.nan, math.nan, 0.95, "t")  # no interval without spread
        return TestResult("welch_t", None, None, math.nan, "asymptotic", eff, n, note="no variation in either group")
    df = (v1 + v2) ** 2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1))
    t = diff / se
    p = float(2 * sps.t.sf(abs(t), df))
    return TestResult(
        "welch_t", t, df, p, "asymptotic", effects.mean_difference(diff, se, df), n,
        extra_effects=(effects.hedges_g(a, b),),
    )


def mann_whitney(x: npt.ArrayLike, y: npt.ArrayLike, method: Method = "auto") -> TestResult:
    """Wilcoxon–Mann–Whitney rank-sum test of ``x`` against ``y``, exact under ties.

    The exact p enumerates the permutation distribution of the midrank sum (SciPy's
    ``mannwhitneyu`` silently switches to the normal approximation when there are ties).
    ``statistic`` is ``U`` for ``x`` (pairs with x > y, ties counting ½), R's ``W``.
    Asymptotic: tie-corrected normal approximation without continuity correction. Effect:
    rank-biserial ``2U/(mn) − 1`` (positive when x tends to be larger) with its Fisher-z interval
    (Newcombe's score interval at complete separation); extra effect: the Hodges–Lehmann shift
    ``median(x_i − y_j)`` with R's ``wilcox.test`` interval.

    Reference: Mann HB, Whitney DR (1947) *Ann Math Stat* 18:50–60; matches R
    ``coin::wilcox_test(..., distribution = "exact")`` and ``wilcox.test`` when there are no ties.

    >>> r = mann_whitney([6, 7, 8, 9, 10], [1, 2, 3, 4, 5])
    >>> r.statistic, round(r.p_value, 6)
    (25.0, 0.007937)
    """
    _check_method(method)
    a, b = _clean(x), _clean(y)
    m, n = int(a.size), int(b.size)
    if m == 0 or n == 0:
        return TestResult("mann_whitney", None, None, math.nan, "exact", None, m + n, note="an empty group")
    pooled = np.concatenate([a, b])
    scores2 = exact.doubled_midranks(pooled)
    w2 = int(scores2[:m].sum())
    u = w2 / 2 - m * (m + 1) / 2
    eff = effects.rank_biserial_independent(u, m, n)
    extra = (hodges_lehmann.hodges_lehmann_two_sample(a, b),)
    if np.ptp(pooled) == 0:
        return TestResult("mann_whitney", u, None, 1.0, "exact", eff, m + n, min_attainable_p=1.0,
                          extra_effects=extra, note="all values equal")
    # enumerate the smaller group: W_small is a linear function of W_x
    small_is_x = m <= n
    k = m if small_is_x else n
    feasible = exact.rank_sum_feasible(scores2, k)
    p_method: PMethod
    min_p: float | None = None
    if method == "exact" or (method == "auto" and feasible):
        dist = exact.rank_sum_distribution(scores2, k)
        w_small = w2 if small_is_x else int(scores2.sum()) - w2
        p = dist.p_two_sided(w_small)
        min_p = dist.min_p()
        p_method = "exact"
    else:
        big_n = m + n
        _, tie_counts = np.unique(scores2, return_counts=True)
        var = m * n / 12 * ((big_n + 1) - float((tie_counts**3 - tie_counts).sum()) / (big_n * (big_n - 1)))
        z = (u - m * n / 2) / math.sqrt(var)
        p = float(2 * sps.norm.sf(abs(z)))
        p_method = "asymptotic"
    return TestResult("mann_whitney", u, None, p, p_method, eff, m + n, min_attainable_p=min_p, extra_effects=extra)


def fisher_exact(
    table: npt.ArrayLike, method: Method = "auto", rng: np.random.Generator | int | None = fisher_rxc.MC_SEED,
    mc_samples: int = fisher_rxc.MC_SAMPLES,
) -> TestResult:
    """Fisher's exact test (2×2) and the Fisher–Freeman–Halton test (r×c), exact wherever R is.

    p sums the probabilities of tables no more probable than the observed (R's ``fisher.test``
    rule, relative tolerance 1e-7), found by full enumeration when the exact number of tables is
    small and by the network algorithm (Mehta & Patel 1983) otherwise
    (:func:`laktasi.stats.fisher_rxc.ffh_test`); ``n_tables`` is that exact count. Only beyond
    the network's budget ("auto") is p estimated by Monte Carlo — ``mc_samples`` random tables
    drawn with ``rng`` (a seed, default :data:`laktasi.stats.fisher_rxc.MC_SEED`, or a Generator),
    ``p_method="monte_carlo"`` and ``monte_carlo`` giving the samples, seed and a 99%
    Clopper–Pearson interval — never the χ² approximation. ``method="asymptotic"`` asks for the
    Pearson χ² p explicitly; ``method="exact"`` raises instead of simulating.
    Rows are groups (arms), columns outcome levels; empty rows/columns are dropped.
    2×2 effect: conditional MLE odds ratio with exact CI (row 1 odds over row 2 odds of
    column 1); extra: risk difference (Newcombe) and risk ratio (log) of column 1, row 1 vs row 2.

    Reference: Fisher RA (1935) *J R Stat Soc* 98:39–82; Freeman GH, Halton JH (1951)
    *Biometrika* 38:141–149; matches R ``fisher.test`` (r/stats/fisher_rxc.R).

    >>> r = fisher_exact([[3, 1], [1, 3]])
    >>> round(r.p_value, 4), round(r.effect.value, 4)
    (0.4857, 6.4083)
    >>> r = fisher_exact([[1, 2, 1, 0], [3, 3, 6, 1], [10, 10, 14, 9], [6, 7, 12, 11]])  # R ?fisher.test
    >>> round(r.p_value, 4), r.p_method, r.n_tables
    (0.7827, 'exact', 90208550)
    """
    _check_method(method)
    t = np.asarray(table, dtype=np.int64)
    if t.ndim != 2 or (t < 0).any():
        raise ValueError("table must be a 2-D array of non-negative counts")
    t = t[t.sum(axis=1) > 0][:, t.sum(axis=0) > 0] if t.sum() else t
    n = int(t.sum())
    if t.shape[0] < 2 or t.shape[1] < 2:
        return TestResult("fisher_exact", None, None, 1.0, "exact", None, n, min_attainable_p=1.0,
                          note="fewer than two non-empty rows or columns")
    eff: Effect | None = None
    extra: tuple[Effect, ...] = ()
    if t.shape == (2, 2):
        eff = effects.conditional_odds_ratio(t)
        e1, n1, e2, n2 = int(t[0, 0]), int(t[0].sum()), int(t[1, 0]), int(t[1].sum())
        extra = (effects.risk_difference(e1, n1, e2, n2), effects.risk_ratio(e1, n1, e2, n2))
    if method == "asymptotic":
        chi = chi_square(t)
        return TestResult("fisher_exact", chi.statistic, chi.df, chi.p_value, "asymptotic", eff, n,
                          extra_effects=extra, note="Pearson chi-square p (asked for)")
    res = fisher_rxc.ffh_test(t, rng=rng, mc_samples=mc_samples, allow_monte_carlo=method == "auto")
    if math.isnan(res.p_value):
        raise ValueError("too many tables for the exact test; use method='auto' (Monte Carlo)")
    if res.method == "monte_carlo":
        mc = res.monte_carlo
        assert mc is not None
        note = (f"Monte Carlo p from {mc.samples} random tables (seed {mc.seed}); "
                f"99% CI {mc.ci_low:.4g} to {mc.ci_high:.4g}")
        return TestResult("fisher_exact", None, None, res.p_value, "monte_carlo", eff, n, extra_effects=extra,
                          note=note, monte_carlo=mc, n_tables=res.n_tables)
    return TestResult("fisher_exact", None, None, res.p_value, "exact", eff, n, min_attainable_p=res.min_p,
                      extra_effects=extra, n_tables=res.n_tables)


def chi_square(table: npt.ArrayLike, correction: bool = False) -> TestResult:
    """Pearson chi-square test of independence (``correction=True``: Yates, 2×2 only).

    Reports ``note`` when an expected count is below 5 (then prefer :func:`fisher_exact`).
    Reference: Pearson K (1900) *Phil Mag* 50:157–175; matches R ``chisq.test(correct = FALSE)``.

    >>> r = chi_square([[10, 20], [20, 10]])
    >>> round(r.statistic, 4), r.df
    (6.6667, 1.0)
    """
    t = np.asarray(table, dtype=float)
    t = t[t.sum(axis=1) > 0][:, t.sum(axis=0) > 0]
    n = int(t.sum())
    if t.shape[0] < 2 or t.shape[1] < 2:
        return TestResult("chi_square", None, None, 1.0, "asymptotic", None, n,
                          note="fewer than two non-empty rows or columns")
    res = sps.chi2_contingency(t, correction=correction)
    note = "an expected count is below 5" if (res.expected_freq < 5).any() else ""
    return TestResult("chi_square", float(res.statistic), float(res.dof), float(res.pvalue), "asymptotic",
                      None, n, note=note)


@dataclass(frozen=True)
class AncovaFit:
    """:func:`ancova_fit`'s answer: the test and which covariates it adjusted for.

    ``adjusted_for`` names the covariates that entered the model (beside ``pre``), in the order
    given; ``dropped`` holds ``(name, reason)`` for those left out (``"one level"``: a categorical
    covariate with a single level among the complete cases; ``"aliased"``: a linear combination of
    earlier terms, which R's ``lm`` reports as ``NA``); ``n_incomplete`` counts rows dropped because
    post, pre, group or a covariate was missing.
    """

    result: TestResult
    adjusted_for: tuple[str, ...] = ()
    dropped: tuple[tuple[str, str], ...] = ()
    n_incomplete: int = 0


def _is_categorical(col: pd.Series) -> bool:
    return (isinstance(col.dtype, pd.CategoricalDtype) or pd.api.types.is_bool_dtype(col.dtype)
            or not pd.api.types.is_numeric_dtype(col.dtype))


def _present(col: pd.Series) -> npt.NDArray[np.bool_]:
    if _is_categorical(col):
        return np.asarray(col.notna().to_numpy(), dtype=bool)
    return np.asarray(np.isfinite(col.to_numpy(dtype=float, na_value=np.nan)), dtype=bool)


def _covariate_columns(col: pd.Series) -> list[npt.NDArray[np.float64]]:
    """A numeric covariate as itself; a categorical one as 0/1 dummies of every level but the first
    (R's treatment contrasts on ``factor()``: levels in category order, else sorted; unused dropped)."""
    if not _is_categorical(col):
        return [col.to_numpy(dtype=float)]
    if isinstance(col.dtype, pd.CategoricalDtype):
        present = set(col.dropna().tolist())
        levels = [lv for lv in col.cat.categories.tolist() if lv in present]
    else:
        present_values = list(dict.fromkeys(col.tolist()))
        try:
            levels = sorted(present_values)
        except TypeError:  # mixed types: order by text
            levels = sorted(present_values, key=str)
    values = col.to_numpy(dtype=object)
    return [np.asarray(values == lv, dtype=float) for lv in levels[1:]]


def ancova(
    post: npt.ArrayLike, pre: npt.ArrayLike, group: Sequence[object] | npt.ArrayLike, reference: object,
    covariates: pd.DataFrame | None = None,
) -> TestResult:
    """ANCOVA of ``post`` on group adjusting for ``pre`` (OLS ``post ~ C(group) + pre [+ covariates]``).

    With two groups the effect is the adjusted difference (other group minus ``reference``)
    with its t interval and the test is the t test of that coefficient (``df`` residual).
    With more groups the statistic is the F test of all group terms (effect: None).
    ``covariates`` (optional, one row per observation, in the same order) adds further baseline
    terms: numeric columns as they are, categorical ones (pandas categorical, text, boolean) as
    dummies of every level but the first, as R does with ``factor()``. Rows missing post, pre,
    group or any covariate are dropped (complete cases). A covariate aliased with earlier terms or
    with one level left is dropped as R's ``lm`` does (its coefficient ``NA``), said in ``note``;
    :func:`ancova_fit` also returns which covariates were used.

    Reference: Vickers AJ, Altman DG (2001) Analysing controlled trials with baseline and
    follow up measurements. *BMJ* 323:1123–1124; Pocock SJ et al. (2002) Subgroup analysis,
    covariate adjustment and baseline comparisons in clinical trial reporting. *Stat Med*
    21:2917–2930; matches R ``lm(post ~ group + pre + cov1 + factor(cov2))``.

    >>> r = ancova([5, 7, 6, 9, 11, 10], [4, 6, 5, 4, 6, 5], ["c", "c", "c", "t", "t", "t"], "c")
    >>> round(r.effect.value, 4)
    4.0
    >>> cov = pd.DataFrame({"umur": [24, 31, 27, 22, 30, 26, 29, 25], "paritas": list("pmpmmppm")})
    >>> r = ancova([5, 7, 6, 8, 9, 11, 10, 12], [4, 6, 5, 6, 4, 6, 5, 7], list("cccctttt"), "c", cov)
    >>> round(r.effect.value, 4), r.df, r.note  # R: lm(post ~ g + pre + umur + factor(paritas)): 3.8579
    (3.8579, 3.0, 'adjusted for pre, umur, paritas')
    """
    return ancova_fit(post, pre, group, reference, covariates).result


def ancova_fit(
    post: npt.ArrayLike, pre: npt.ArrayLike, group: Sequence[object] | npt.ArrayLike, reference: object,
    covariates: pd.DataFrame | None = None,
) -> AncovaFit:
    """:func:`ancova` with the covariates it adjusted for and dropped (see :class:`AncovaFit`).

    Reference: as :func:`ancova`; matches R ``lm(post ~ group + pre + cov1 + factor(cov2))``.

    >>> f = ancova_fit([5, 7, 6, 9, 11, 10], [4, 6, 5, 4, 6, 5], ["c", "c", "c", "t", "t", "t"], "c",
    ...                pd.DataFrame({"paritas": ["p"] * 6}))
    >>> f.adjusted_for, f.dropped
    ((), (('paritas', 'one level'),))
    """
    import statsmodels.api as sm

    y_all = np.asarray(post, dtype=float).ravel()
    x_all = np.asarray(pre, dtype=float).ravel()
    g_all = pd.Series(np.asarray(group, dtype=object).ravel()).astype(str).to_numpy()
    keep = np.isfinite(y_all) & np.isfinite(x_all)
    covs = pd.DataFrame(index=range(y_all.size)) if covariates is None else covariates.reset_index(drop=True)
    if len(covs) != y_all.size:
        raise ValueError(f"covariates has {len(covs)} rows, post has {y_all.size}")
    for name in covs.columns:
        keep &= _present(covs[name])
    n_incomplete = int(y_all.size - keep.sum())
    y, x, g = y_all[keep], x_all[keep], g_all[keep]
    covs = covs.loc[keep].reset_index(drop=True)
    ref = str(reference)
    others = sorted(set(g.tolist()) - {ref})
    n = int(y.size)

    def failed(note: str) -> AncovaFit:
        return AncovaFit(TestResult("ancova", None, None, math.nan, "asymptotic", None, n, note=note),
                         n_incomplete=n_incomplete)

    if ref not in set(g.tolist()) or not others:
        return failed("needs the reference group and at least one other group")
    # design matrix of post ~ C(group, reference) + pre + covariates built directly: the formula
    # interface costs most of a second at 100,000 rows
    dummies = [(g == level).astype(float) for level in others]
    base = np.column_stack([np.ones(n), *dummies, x])
    if n - base.shape[1] < 1 or np.linalg.matrix_rank(base) < base.shape[1]:
        return failed("no residual degrees of freedom or pre is collinear with group")
    blocks: list[npt.NDArray[np.float64]] = [base]
    used: list[str] = []
    dropped: list[tuple[str, str]] = []
    for name in covs.columns:
        cols = _covariate_columns(covs[name])
        if not cols:
            dropped.append((str(name), "one level"))
            continue
        trial_design = np.column_stack([*blocks, *cols])
        # R's lm pivots out a term that adds nothing to the span of the earlier ones
        if np.linalg.matrix_rank(trial_design) < trial_design.shape[1]:
            dropped.append((str(name), "aliased"))
            continue
        blocks.append(np.column_stack(cols))
        used.append(str(name))
    design = np.column_stack(blocks)
    df_resid = float(n - design.shape[1])
    if df_resid < 1:
        return failed("no residual degrees of freedom after the covariates")
    notes = []
    if covariates is not None:
        notes.append("adjusted for " + ", ".join(["pre", *used]))
    if dropped:
        notes.append("dropped " + ", ".join(f"{name} ({why})" for name, why in dropped))
    note = "; ".join(notes)
    fit = sm.OLS(y, design).fit()
    sst = float(np.sum((y - y.mean()) ** 2))
    if not float(fit.ssr) > ZERO_RESIDUAL_REL * sst:
        # the model reproduces every value (e.g. outcome codes 1/2/3 that follow group and pre
        # exactly): the residual variance is 0, so t and F are undefined, not 1e15
        why = "residual variance is zero (the model fits every value exactly): t and F undefined"
        eff0 = None
        if len(others) == 1:
            eff0 = Effect("adjusted_difference", float(fit.params[1]), math.nan, math.nan, 0.95, "t", why)
        res0 = TestResult("ancova", None, df_resid, math.nan, "exact", eff0, n, note="; ".join([why, *notes]))
        return AncovaFit(res0, tuple(used), tuple(dropped), n_incomplete)
    if len(others) == 1:
        est = float(fit.params[1])
        low, high = (float(v) for v in fit.conf_int()[1])
        eff = Effect("adjusted_difference", est, low, high, 0.95, "t")
        res = TestResult("ancova", float(fit.tvalues[1]), df_resid, float(fit.pvalues[1]), "exact", eff, n,
                         note=note)
    else:
        contrast = np.zeros((len(others), design.shape[1]))
        for i in range(len(others)):
            contrast[i, 1 + i] = 1.0
        ftest = fit.f_test(contrast)
        f_note = f"F test on {len(others)} and {int(df_resid)} df"
        res = TestResult("ancova", float(np.squeeze(ftest.fvalue)), df_resid, float(np.squeeze(ftest.pvalue)),
                         "exact", None, n, note="; ".join([f_note, *notes]))
    return AncovaFit(res, tuple(used), tuple(dropped), n_incomplete)


def levene(values: npt.ArrayLike, group: Sequence[object] | npt.ArrayLike, center: str = "mean") -> TestResult:
    """Levene's test of equal variances across groups (``center="mean"``: SPSS's and
    ``car::leveneTest(center = mean)``; ``"median"``: Brown–Forsythe, car's default).

    The one-way ANOVA F of the absolute deviations from each group's centre; ``df`` is the
    denominator (residual) df, the numerator df (groups − 1) is in ``note``. Undefined (None/NaN
    with a note) when every group has zero spread around its centre.

    Reference: Levene H (1960) in *Contributions to Probability and Statistics*, Stanford, 278–292;
    Brown MB, Forsythe AB (1974) *JASA* 69:364–367; matches R ``car::leveneTest`` (r/stats/levene.R).

    >>> r = levene([4, 6, 5, 9, 12, 10, 7, 3], list("aaaabbbb"))
    >>> round(r.statistic, 4), r.df
    (1.8, 6.0)
    """
    if center not in ("mean", "median"):
        raise ValueError(f"center must be 'mean' or 'median', not {center!r}")
    v = np.asarray(values, dtype=float).ravel()
    g = pd.Series(np.asarray(group, dtype=object).ravel()).astype(str).to_numpy()
    keep = np.isfinite(v)
    v, g = v[keep], g[keep]
    levels = sorted(set(g.tolist()))
    n = int(v.size)
    if len(levels) < 2 or n - len(levels) < 1:
        return TestResult("levene", None, None, math.nan, "exact", None, n, note="needs two groups and residual df")
    dev = np.empty_like(v)
    for lv in levels:
        m = g == lv
        c = v[m].mean() if center == "mean" else np.median(v[m])
        dev[m] = np.abs(v[m] - c)
    k = len(levels)
    grand = dev.mean()
    ss_between = sum(float((g == lv).sum()) * (dev[g == lv].mean() - grand) ** 2 for lv in levels)
    ss_within = sum(float(((dev[g == lv] - dev[g == lv].mean()) ** 2).sum()) for lv in levels)
    df1, df2 = float(k - 1), float(n - k)
    note = f"F on {int(df1)} and {int(df2)} df; center = {center}"
    if not ss_within > ZERO_RESIDUAL_REL * max(ss_between + ss_within, 1e-300):
        return TestResult("levene", None, df2, math.nan, "exact", None, n,
                          note=note + "; absolute deviations have no within-group spread: F undefined")
    f = (ss_between / df1) / (ss_within / df2)
    return TestResult("levene", float(f), df2, float(sps.f.sf(f, df1, df2)), "exact", None, n, note=note)
