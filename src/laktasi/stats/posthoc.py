"""Pairwise comparisons after an overall test on three or more groups, Holm-adjusted.

* :func:`kruskal_wallis` — the overall rank test (tie-corrected, R ``kruskal.test``);
* :func:`dunn` — Dunn's (1964) z tests of mean-rank differences, using the overall ranking and the
  tie-corrected variance, as ``dunn.test``/``FSA::dunnTest`` compute them;
* :func:`holm` — Holm's (1979) step-down adjustment, R ``p.adjust(method = "holm")``.

(Pairwise exact Mann–Whitney / Fisher tests and ANCOVA contrasts of adjusted means are assembled
by :mod:`laktasi.trial.posthoc` from :mod:`laktasi.stats.independent`.)

References: Kruskal WH, Wallis WA (1952) *JASA* 47:583–621; Dunn OJ (1964) Multiple comparisons
using rank sums. *Technometrics* 6:241–252; Holm S (1979) *Scand J Stat* 6:65–70.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats as sps

from laktasi.stats.results import TestResult


@dataclass(frozen=True)
class PairResult:
    """One pair: ``first`` vs ``second`` (the statistic is first − second)."""

    first: str
    second: str
    statistic: float  # Dunn: z of the mean-rank difference
    p_value: float  # unadjusted, two-sided
    p_adjusted: float  # Holm within the family
    estimate: float  # Dunn: mean rank of first − mean rank of second


@dataclass(frozen=True)
class PairwiseResult:
    """A family of pairwise comparisons: ``method`` (e.g. "dunn"), ``adjust`` ("holm"), every pair."""

    method: str
    adjust: str
    pairs: tuple[PairResult, ...]


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjusted p-values by statsmodels' multipletests (NaN entries stay NaN, not counted).

    >>> [round(v, 4) for v in holm([0.01, 0.04, 0.03])]  # R: p.adjust(c(.01,.04,.03), "holm")
    [0.03, 0.06, 0.06]
    """
    from statsmodels.stats.multitest import multipletests

    p = np.asarray(p_values, dtype=float)
    out = np.full(p.size, math.nan)
    ok = np.isfinite(p)
    if ok.any():
        out[ok] = multipletests(p[ok], method="holm")[1]
    return [float(v) for v in out]


def _groups(values: npt.ArrayLike, group: Sequence[object] | npt.ArrayLike,
            order: Sequence[str] | None) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.str_], list[str]]:
    v = np.asarray(values, dtype=float).ravel()
    g = pd.Series(np.asarray(group, dtype=object).ravel()).astype(str).to_numpy()
    if v.size != g.size:
        raise ValueError(f"values has {v.size} entries, group has {g.size}")
    keep = np.isfinite(v)
    v, g = v[keep], g[keep]
    present = set(g.tolist())
    levels = [str(x) for x in order if str(x) in present] if order is not None else sorted(present)
    return v, g.astype(str), levels


def kruskal_wallis(values: npt.ArrayLike, group: Sequence[object] | npt.ArrayLike) -> TestResult:
    """Kruskal–Wallis H test (tie-corrected, chi-square on k − 1 df), as R ``kruskal.test``.

    >>> r = kruskal_wallis([1, 2, 3, 4, 5, 6, 7, 8, 9], list("aaabbbccc"))
    >>> round(r.statistic, 4), r.df
    (7.2, 2.0)
    """
    v, g, levels = _groups(values, group, None)
    n = int(v.size)
    if len(levels) < 2:
        return TestResult("kruskal_wallis", None, None, math.nan, "asymptotic", None, n, note="fewer than two groups")
    if np.ptp(v) == 0:
        return TestResult("kruskal_wallis", None, float(len(levels) - 1), math.nan, "asymptotic", None, n,
                          note="all values equal: H undefined")
    h, p = sps.kruskal(*[v[g == lv] for lv in levels])
    return TestResult("kruskal_wallis", float(h), float(len(levels) - 1), float(p), "asymptotic", None, n)


def dunn(values: npt.ArrayLike, group: Sequence[object] | npt.ArrayLike,
         order: Sequence[str] | None = None) -> PairwiseResult:
    """Dunn's test of every pair of groups after Kruskal–Wallis, Holm-adjusted.

    ``z = (R̄_i − R̄_j) / √((N(N+1)/12 − Σ(t³ − t)/(12(N − 1))) (1/n_i + 1/n_j))`` with midranks of
    all N values and the tie counts ``t``; p two-sided normal. Pairs in the order of ``order``
    (default: sorted group names), first − second. Checked against Dunn's formula written out in R
    with ``p.adjust(method = "holm")`` (r/stats/posthoc.R).

    >>> d = dunn([1, 2, 3, 4, 5, 6, 7, 8, 9], list("aaabbbccc"))
    >>> [(p.first, p.second, round(p.statistic, 4)) for p in d.pairs]
    [('a', 'b', -1.3416), ('a', 'c', -2.6833), ('b', 'c', -1.3416)]
    """
    v, g, levels = _groups(values, group, order)
    n = v.size
    ranks = sps.rankdata(v)
    _, ties = np.unique(v, return_counts=True)
    var = n * (n + 1) / 12 - float((ties**3 - ties).sum()) / (12 * (n - 1)) if n > 1 else 0.0
    raw: list[tuple[str, str, float, float, float]] = []
    for a, b in itertools.combinations(levels, 2):
        na, nb = int((g == a).sum()), int((g == b).sum())
        diff = float(ranks[g == a].mean() - ranks[g == b].mean())
        se = math.sqrt(var * (1 / na + 1 / nb)) if var > 0 else 0.0
        z = diff / se if se > 0 else math.nan
        p = float(2 * sps.norm.sf(abs(z))) if math.isfinite(z) else math.nan
        raw.append((a, b, z, p, diff))
    adj = holm([r[3] for r in raw])
    pairs = tuple(PairResult(a, b, z, p, pa, d) for (a, b, z, p, d), pa in zip(raw, adj, strict=True))
    return PairwiseResult("dunn", "holm", pairs)
