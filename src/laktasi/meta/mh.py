"""Mantel–Haenszel pooling of 2×2 tables (odds ratio, risk ratio, risk difference), as metafor ``rma.mh``.

The pooled estimate uses the raw counts (no continuity correction). Heterogeneity (Q, I²) is
computed from the per-study effects with ½ added to studies with a zero cell and double-zero
studies left out, exactly as ``rma.mh`` does by default.

References: Mantel N, Haenszel W (1959) *J Natl Cancer Inst* 22:719–748; variance of the log OR:
Robins J, Breslow N, Greenland S (1986) *Biometrics* 42:311–323; of the log RR and RD: Greenland S,
Robins JM (1985) *Biometrics* 41:55–68.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from laktasi.meta.effects import two_by_two

FloatArray = NDArray[np.float64]

__all__ = ["MHResult", "mantel_haenszel"]


@dataclass(frozen=True)
class MHResult:
    """A Mantel–Haenszel pooled effect (log scale for OR/RR). ``weights`` are MH weights in percent."""

    measure: str
    k: int
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    statistic: float
    p_value: float
    q: float
    q_df: int
    q_p: float
    i2: float
    weights: FloatArray
    yi: FloatArray  # per-study effects (½ added to zero-cell studies); NaN for double-zero studies
    vi: FloatArray
    level: float = 0.95


def mantel_haenszel(
    measure: str,
    events_t: ArrayLike,
    n_t: ArrayLike,
    events_c: ArrayLike,
    n_c: ArrayLike,
    level: float = 0.95,
) -> MHResult:
    """Mantel–Haenszel pooled OR, RR or RD with its Robins–Breslow–Greenland / Greenland–Robins SE.

    OR: ``Σ(aᵢdᵢ/Nᵢ) / Σ(bᵢcᵢ/Nᵢ)``; RR: ``Σ(aᵢn₂ᵢ/Nᵢ) / Σ(cᵢn₁ᵢ/Nᵢ)``;
    RD: ``Σ(aᵢn₂ᵢ − cᵢn₁ᵢ)/Nᵢ / Σ n₁ᵢn₂ᵢ/Nᵢ``.

    >>> r = mantel_haenszel("OR", [4, 6], [10, 12], [2, 3], [10, 12])
    >>> round(math.exp(r.estimate), 4)
    2.8519
    """
    m = measure.upper()
    a, n1, c, n2 = (np.asarray(z, dtype=np.float64).ravel() for z in (events_t, n_t, events_c, n_c))
    b, d = n1 - a, n2 - c
    n = n1 + n2
    if m == "OR":
        r_i, s_i = a * d / n, b * c / n
        r_sum, s_sum = r_i.sum(), s_i.sum()
        est = math.log(r_sum / s_sum) if r_sum > 0 and s_sum > 0 else math.nan
        p_i, q_i = (a + d) / n, (b + c) / n
        var = 0.5 * ((p_i * r_i).sum() / r_sum**2 + (p_i * s_i + q_i * r_i).sum() / (r_sum * s_sum) + (q_i * s_i).sum() / s_sum**2)
        w = b * c / n
    elif m == "RR":
        r_sum, s_sum = (a * n2 / n).sum(), (c * n1 / n).sum()
        est = math.log(r_sum / s_sum) if a.sum() > 0 and c.sum() > 0 else math.nan
        var = ((n1 / n) * (n2 / n) * (a + c) - (a / n) * c).sum() / (r_sum * s_sum)
        w = c * n1 / n
    elif m == "RD":
        denom = (n1 * n2 / n).sum()
        est = float((a * n2 / n - c * n1 / n).sum() / denom)
        var = (est * (c * (n1 / n) ** 2 - a * (n2 / n) ** 2 + (n1 / n) * (n2 / n) * (n2 - n1) / 2).sum()
               + (a * (n2 - c) / n + c * (n1 - a) / n).sum() / 2) / denom**2
        w = n1 * n2 / n
    else:
        raise ValueError(f"Mantel-Haenszel needs OR, RR or RD, not {measure!r}")
    se = math.sqrt(var) if var >= 0 else math.nan
    crit = float(stats.norm.isf((1 - level) / 2))
    z = est / se
    es = two_by_two(m, a, n1, c, n2)
    double_zero = ((a == 0) & (c == 0)) | ((b == 0) & (d == 0))
    yi = np.where(double_zero, np.nan, es.yi)
    vi = np.where(double_zero, np.nan, es.vi)
    ok = ~double_zero
    k_yi = int(ok.sum())
    if k_yi > 1:
        q = max(0.0, float(((yi[ok] - est) ** 2 / vi[ok]).sum()))
        q_p = float(stats.chi2.sf(q, k_yi - 1))
        i2 = max(0.0, 100 * (q - (k_yi - 1)) / q) if q > 0 else 0.0
    else:
        q, q_p, i2 = 0.0, 1.0, 0.0
    return MHResult(
        measure=m, k=len(a), estimate=est, se=se, ci_low=est - crit * se, ci_high=est + crit * se,
        statistic=z, p_value=float(2 * stats.norm.sf(abs(z))), q=q, q_df=max(k_yi - 1, 0), q_p=q_p, i2=i2,
        weights=100 * w / w.sum(), yi=yi, vi=vi, level=level,
    )
