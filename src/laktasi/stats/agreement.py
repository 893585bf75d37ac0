"""Agreement between two raters on a nominal scale: Cohen's κ and Gwet's AC1, each with a standard error
and a 95% confidence interval.

κ's standard error is the large-sample (non-null) one of Fleiss, Cohen & Everitt (1969, Psychological
Bulletin 72:323–327), as in Fleiss, Levin & Paik, *Statistical Methods for Rates and Proportions* (3rd ed.,
§18.1); the null one (κ = 0) is given too. AC1 (Gwet 2008, British Journal of Mathematical and Statistical
Psychology 61:29–48; *Handbook of Inter-Rater Reliability*, ch. 4) stays near the observed agreement when one
category is rare, where κ collapses (the "kappa paradox" of screening: most records are excluded by both).
Its variance is Gwet's (2008) equation for two raters with an infinite population (sampling fraction 0).

Pure: no files, no web; the screening workspace and the CLI format the numbers.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.stats import norm

__all__ = ["Agreement", "agreement", "agreement_table"]


@dataclass(frozen=True)
class Agreement:
    """κ and AC1 for one two-rater table; ``None`` where undefined (e.g. κ when both raters use one
    category only: chance agreement is 1)."""

    n: int
    categories: tuple[str, ...]
    observed: float  # proportion of records both raters put in the same category
    kappa: float | None
    kappa_se: float | None  # Fleiss, Cohen & Everitt (1969), non-null
    kappa_se_null: float | None  # the same authors' standard error under κ = 0
    kappa_ci: tuple[float, float] | None
    ac1: float | None
    ac1_se: float | None
    ac1_ci: tuple[float, float] | None
    level: float = 0.95


def _ci(estimate: float | None, se: float | None, z: float) -> tuple[float, float] | None:
    if estimate is None or se is None:
        return None
    return estimate - z * se, estimate + z * se


def agreement_table(table: npt.ArrayLike, categories: Sequence[str] | None = None, *,
                    level: float = 0.95) -> Agreement:
    """κ and AC1 from a square table of counts: rows rater A, columns rater B, same category order."""
    counts = np.asarray(table, dtype=np.float64)
    if counts.ndim != 2 or counts.shape[0] != counts.shape[1] or counts.shape[0] < 2:
        raise ValueError("the table must be square with at least two categories")
    if (counts < 0).any():
        raise ValueError("counts must not be negative")
    q = counts.shape[0]
    cats = tuple(categories) if categories is not None else tuple(str(i) for i in range(q))
    if len(cats) != q:
        raise ValueError("one category name per row")
    n = float(counts.sum())
    if n == 0:
        raise ValueError("the table is empty")
    z = float(norm.ppf(0.5 + level / 2))
    p = counts / n
    row, col = p.sum(axis=1), p.sum(axis=0)
    po = float(np.trace(p))

    kappa = se = se0 = None
    pe = float(row @ col)
    if pe < 1:
        k = (po - pe) / (1 - pe)
        kappa = k
        # Fleiss, Cohen & Everitt (1969), eq. for the non-null variance of κ
        diag = np.diag(p)
        a = float(np.sum(diag * (1 - (row + col) * (1 - k)) ** 2))
        off = p.copy()
        np.fill_diagonal(off, 0.0)
        b = (1 - k) ** 2 * float(np.sum(off * (col[:, None] + row[None, :]) ** 2))
        c = (k - pe * (1 - k)) ** 2
        se = math.sqrt(max(a + b - c, 0.0) / (n * (1 - pe) ** 2))
        var0 = (pe + pe ** 2 - float(np.sum(row * col * (row + col)))) / (n * (1 - pe) ** 2)
        se0 = math.sqrt(max(var0, 0.0))

    ac1 = ac1_se = None
    pi = (row + col) / 2
    pe_g = float(np.sum(pi * (1 - pi))) / (q - 1)
    if pe_g < 1:
        g = (po - pe_g) / (1 - pe_g)
        ac1 = g
        # Gwet (2008), variance of AC1 for two raters (sampling fraction 0)
        t1 = po * (1 - po)
        t2 = 4 * (1 - g) * (float(np.sum(np.diag(p) * (1 - pi))) / (q - 1) - po * pe_g)
        weight = (1 - (pi[:, None] + pi[None, :]) / 2) ** 2
        t3 = 4 * (1 - g) ** 2 * (float(np.sum(p * weight)) / (q - 1) ** 2 - pe_g ** 2)
        ac1_se = math.sqrt(max(t1 - t2 + t3, 0.0) / (n * (1 - pe_g) ** 2))
    return Agreement(n=int(round(n)), categories=cats, observed=po, kappa=kappa, kappa_se=se, kappa_se_null=se0,
                     kappa_ci=_ci(kappa, se, z), ac1=ac1, ac1_se=ac1_se, ac1_ci=_ci(ac1, ac1_se, z), level=level)


def agreement(first: Sequence[Hashable], second: Sequence[Hashable], categories: Sequence[Hashable] | None = None,
              *, level: float = 0.95) -> Agreement:
    """κ and AC1 from two raters' labels of the same records (paired by position).

    ``categories`` fixes the category set and order (e.g. include, exclude, maybe: a category nobody used
    still counts for AC1's chance agreement); by default the labels seen, in first-seen order.
    """
    if len(first) != len(second):
        raise ValueError("both raters must rate the same records")
    cats = list(categories) if categories is not None else list(dict.fromkeys([*first, *second]))
    if len(cats) < 2:
        cats = [*cats, *(["other"] if cats != ["other"] else ["other2"])]
    index = {c: i for i, c in enumerate(cats)}
    table = np.zeros((len(cats), len(cats)))
    for a, b in zip(first, second, strict=True):
        if a not in index or b not in index:
            raise ValueError(f"label not among the categories: {a!r} / {b!r}")
        table[index[a], index[b]] += 1
    return agreement_table(table, [str(c) for c in cats], level=level)
