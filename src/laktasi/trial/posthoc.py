"""Pairwise comparisons after the overall between-arm test when a study has three or more arms.

Examiners expect, after an overall test across three or more groups, which pairs differ:

* measured outcomes — contrasts of the ANCOVA's adjusted means from the one model with every arm
  (t on the model's residual degrees of freedom; R ``emmeans::pairs``);
* ordered categories — the exact Mann–Whitney test on each pair (the two-arm primary, pair by pair);
* yes/no and unordered categories — Fisher's exact test on each pair's table;

each family of p-values Holm-adjusted (Holm 1979; R ``p.adjust(method = "holm")``, statsmodels
``multipletests``). Checked against R in ``r/trial/posthoc.R``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from laktasi.stats import independent, posthoc
from laktasi.stats.posthoc import holm  # one Holm adjustment for every family


@dataclass(frozen=True)
class PairwiseComparison:
    outcome: str
    first: str  # arm
    second: str  # arm (the comparison is first − second, or first vs second)
    test: str  # "ancova_contrast" | "mann_whitney" | "fisher_exact" | "dunn"
    statistic: float
    df: float | None
    p_value: float  # unadjusted
    p_holm: float  # Holm-adjusted within the outcome's family
    estimate: float | None = None  # adjusted mean difference (ANCOVA contrasts)


def ancova_contrasts(outcome: str, post: np.ndarray, pre: np.ndarray, arm: np.ndarray,
                     arms: tuple[str, ...]) -> list[PairwiseComparison]:
    """Pairwise differences of adjusted means from ``post ~ arm + pre`` fitted once with every arm."""
    import statsmodels.api as sm

    keep = np.isfinite(post) & np.isfinite(pre)
    groups = pd.Series(np.asarray(arm, dtype=object)[keep]).astype(str)
    present = [a for a in arms if (groups == a).any()]
    x = pd.DataFrame({"const": 1.0, "pre": pre[keep]})
    for a in present[1:]:
        x[f"arm_{a}"] = (groups == a).astype(float).to_numpy()
    if len(present) < 3 or len(x) <= x.shape[1]:
        return []
    fit = sm.OLS(post[keep], x).fit()
    rows = []
    for b, a in itertools.combinations(present, 2):  # later arm − earlier arm (emmeans pairs, reverse = TRUE)
        contrast = np.zeros(x.shape[1])
        for arm_name, sign in ((a, 1.0), (b, -1.0)):
            if arm_name != present[0]:
                contrast[list(x.columns).index(f"arm_{arm_name}")] = sign
        t = fit.t_test(contrast)
        rows.append((a, b, float(np.asarray(t.tvalue).ravel()[0]), float(np.asarray(t.pvalue).ravel()[0]),
                     float(np.asarray(t.effect).ravel()[0])))
    adjusted = holm([r[3] for r in rows])
    return [PairwiseComparison(outcome, a, b, "ancova_contrast", t, float(fit.df_resid), p, q, est)
            for (a, b, t, p, est), q in zip(rows, adjusted, strict=True)]


def category_pairs(outcome: str, after: pd.Series, arm: np.ndarray, arms: tuple[str, ...], levels: tuple[str, ...],
                   ordered: bool) -> list[PairwiseComparison]:
    """Exact Mann–Whitney (ordered) or Fisher (unordered) on each pair of arms, after the intervention."""
    codes = np.asarray(after.cat.codes, dtype=float)
    codes[codes < 0] = np.nan
    rows = []
    for a, b in itertools.combinations(arms, 2):
        x, y = codes[arm == a], codes[arm == b]
        x, y = x[np.isfinite(x)], y[np.isfinite(y)]
        if not x.size or not y.size:
            continue
        if ordered:
            r = independent.mann_whitney(x, y)
        else:
            table = np.array([[int((g == k).sum()) for k in range(len(levels))] for g in (x, y)], dtype=np.int64)
            r = independent.fisher_exact(table)
        rows.append((a, b, r.test, float(r.statistic) if r.statistic is not None else float("nan"), r.p_value))
    adjusted = holm([r[4] for r in rows])
    out = [PairwiseComparison(outcome, a, b, test, stat, None, p, q)
           for (a, b, test, stat, p), q in zip(rows, adjusted, strict=True)]
    if ordered:
        # Dunn after Kruskal–Wallis on the level ranks, as examiners (and SPSS's pairwise view) expect; its own
        # Holm family beside the exact pairs (laktasi.stats.posthoc.dunn, checked against R)
        keep = np.isfinite(codes) & np.isin(np.asarray(arm, dtype=object), list(arms))
        present = [a for a in arms if (np.asarray(arm, dtype=object)[keep] == a).any()]
        if len(present) >= 3:
            d = posthoc.dunn(codes[keep], np.asarray(arm, dtype=object)[keep].astype(str), order=present)
            out += [PairwiseComparison(outcome, c.first, c.second, "dunn", c.statistic, None, c.p_value,
                                       c.p_adjusted) for c in d.pairs]
    return out
