"""Which studies drive a random-effects meta-analysis: influence diagnostics, cumulative
meta-analysis and the Baujat plot's coordinates, as metafor's ``influence``, ``cumul`` and
``baujat`` compute them for an intercept-only model.

Each study is left out in turn and the model refitted with the same τ² estimator (and
Hartung–Knapp when asked). References: Viechtbauer W, Cheung MWL (2010) Outlier and influence
diagnostics for meta-analysis, *Res Synth Methods* 1:112–125; Baujat B et al. (2002) A graphical
method for exploring heterogeneity in meta-analyses, *Stat Med* 21:2641–2652; Lau J et al. (1992)
Cumulative meta-analysis of therapeutic trials for myocardial infarction, *N Engl J Med* 327:248.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from laktasi.meta.models import MetaResult, fit

FloatArray = NDArray[np.float64]

__all__ = ["Cumulative", "Influence", "BaujatPoints", "baujat", "cumulative", "influence", "influence_and_baujat"]


@dataclass(frozen=True)
class Influence:
    """Case-deletion diagnostics per study (metafor ``influence(rma)``; arrays in study order).

    ``rstudent`` externally studentised residual; ``dffits``; ``cook_d`` Cook's distance;
    ``cov_r`` covariance ratio (< 1: leaving the study out makes the estimate more precise);
    ``tau2_del``/``q_del`` τ² and Q without the study; ``hat`` leverage; ``weight`` in percent;
    ``dfbetas``; ``influential`` by metafor's rule (|DFFITS| > 3√(1/(k−1)), Cook's D above the
    χ²₁ median, hat > 3/k or |DFBETAS| > 1).
    """

    rstudent: FloatArray
    dffits: FloatArray
    cook_d: FloatArray
    cov_r: FloatArray
    tau2_del: FloatArray
    q_del: FloatArray
    hat: FloatArray
    weight: FloatArray
    dfbetas: FloatArray
    influential: NDArray[np.bool_]


@dataclass(frozen=True)
class Cumulative:
    """Pooled results after adding the studies one at a time in the given order (metafor ``cumul``).

    Row ``i`` pools the first ``i + 1`` studies; the first row is the first study alone.
    """

    estimate: FloatArray
    se: FloatArray
    statistic: FloatArray
    p_value: FloatArray
    ci_low: FloatArray
    ci_high: FloatArray
    q: FloatArray
    q_p: FloatArray
    tau2: FloatArray
    i2: FloatArray


@dataclass(frozen=True)
class BaujatPoints:
    """Baujat plot coordinates: ``x`` a study's contribution to heterogeneity (squared Pearson
    residual ``(yᵢ − μ̂)²/(vᵢ + τ²)``), ``y`` its influence on the pooled result
    ``(μ̂ − μ̂₋ᵢ)²/Var(μ̂₋ᵢ)`` (metafor ``baujat``)."""

    x: FloatArray
    y: FloatArray


def _arrays(yi: ArrayLike, vi: ArrayLike) -> tuple[FloatArray, FloatArray]:
    y = np.asarray(yi, dtype=np.float64).ravel()
    v = np.asarray(vi, dtype=np.float64).ravel()
    if len(y) != len(v) or len(y) < 3:
        raise ValueError("influence diagnostics need yi and vi of equal length, at least 3 studies")
    return y, v


def _deleted(y: FloatArray, v: FloatArray, method: str, hk: bool) -> list[MetaResult]:
    keep = np.ones(len(y), dtype=bool)
    out = []
    for i in range(len(y)):
        keep[i] = False
        out.append(fit(y[keep], v[keep], method=method, hk=hk, tau2_ci=False))
        keep[i] = True
    return out


def _s2w(r: MetaResult) -> float:
    """Hartung–Knapp's variance multiplier of a fit (1 without ``hk``), recovered from its SE."""
    if not r.hk:
        return 1.0
    w = 1 / (r.vi + r.tau2)
    return float(r.se**2 * w.sum())


def influence(yi: ArrayLike, vi: ArrayLike, method: str = "REML", hk: bool = False) -> Influence:
    """Leave-one-out influence diagnostics (metafor ``influence.rma.uni``, Viechtbauer & Cheung 2010).

    With ``μ̂₋ᵢ``, ``τ̂²₋ᵢ`` from the model without study i, ``s²₋ᵢ`` its Hartung–Knapp factor (1
    without ``hk``) and ``hᵢ = wᵢ/Σw``: ``rstudent = (yᵢ − μ̂₋ᵢ)/√(s²₋ᵢ(vᵢ + τ̂²₋ᵢ) + Var(μ̂₋ᵢ))``,
    ``DFFITS = (μ̂ − μ̂₋ᵢ)/√(s²₋ᵢ hᵢ (τ̂²₋ᵢ + vᵢ))``, ``Cook's D = (μ̂ − μ̂₋ᵢ)²/Var(μ̂)``,
    ``cov.ratio = Var(μ̂₋ᵢ)/Var(μ̂)``, ``DFBETAS = (μ̂ − μ̂₋ᵢ)/√(s²₋ᵢ/Σⱼ 1/(vⱼ + τ̂²₋ᵢ))``.

    >>> inf = influence([0.1, 0.5, 0.9, 0.2, 1.6], [0.02, 0.03, 0.04, 0.02, 0.05])
    >>> int(np.argmax(inf.cook_d))
    4
    """
    return influence_and_baujat(yi, vi, method, hk)[0]


def influence_and_baujat(yi: ArrayLike, vi: ArrayLike, method: str = "REML",
                         hk: bool = False) -> tuple[Influence, BaujatPoints]:
    """:func:`influence` and :func:`baujat` from one set of k leave-one-out refits (half the work).

    >>> inf, b = influence_and_baujat([0.1, 0.5, 0.9, 0.2, 1.6], [0.02, 0.03, 0.04, 0.02, 0.05])
    >>> int(np.argmax(inf.cook_d)) == int(np.argmax(b.y))
    True
    """
    y, v = _arrays(yi, vi)
    k = len(y)
    full = fit(y, v, method=method, hk=hk, tau2_ci=False)
    dels = _deleted(y, v, method, hk)
    mu_del = np.array([d.estimate for d in dels])
    var_del = np.array([d.se**2 for d in dels])
    tau2_del = np.array([d.tau2 for d in dels])
    s2w_del = np.array([_s2w(d) for d in dels])
    w_full = 1 / (v + full.tau2)
    hat = w_full / w_full.sum()
    resid = y - mu_del
    resid[np.abs(resid) < 100 * np.finfo(float).eps] = 0.0
    rstudent = resid / np.sqrt(v * s2w_del + var_del + tau2_del * s2w_del)
    diff = full.estimate - mu_del
    dffits = diff / np.sqrt(s2w_del * hat * (tau2_del + v))
    cook = diff**2 / full.se**2
    cov_r = var_del / full.se**2
    vb_del = np.array([1 / (1 / (v + t)).sum() for t in tau2_del])
    dfbetas = diff / np.sqrt(s2w_del * vb_del)
    infl = (np.abs(dffits) > 3 * math.sqrt(1 / (k - 1))) | (stats.chi2.cdf(cook, 1) > 0.5) | (hat > 3 / k) \
        | (np.abs(dfbetas) > 1)
    inf = Influence(rstudent=rstudent, dffits=dffits, cook_d=cook, cov_r=cov_r, tau2_del=tau2_del,
                    q_del=np.array([d.q for d in dels]), hat=hat, weight=100 * hat, dfbetas=dfbetas,
                    influential=np.asarray(infl, dtype=bool))
    points = BaujatPoints(x=(y - full.estimate) ** 2 / (full.tau2 + v), y=(mu_del - full.estimate) ** 2 / var_del)
    return inf, points


def cumulative(yi: ArrayLike, vi: ArrayLike, method: str = "REML", hk: bool = False, level: float = 0.95) -> Cumulative:
    """Cumulative meta-analysis in the given order (e.g. by publication year; metafor ``cumul``).

    Each row is :func:`~laktasi.meta.models.fit` on the first i studies (Lau et al. 1992); the
    first row is study 1 alone (τ² = 0, Q = 0).

    >>> c = cumulative([0.1, 0.5, 0.9], [0.02, 0.03, 0.04], method="FE")
    >>> [round(float(e), 4) for e in c.estimate]
    [0.1, 0.26, 0.4077]
    """
    y = np.asarray(yi, dtype=np.float64).ravel()
    v = np.asarray(vi, dtype=np.float64).ravel()
    if len(y) != len(v) or len(y) == 0:
        raise ValueError("yi and vi must be non-empty and of equal length")
    rows = [fit(y[: i + 1], v[: i + 1], method=method, hk=hk and i > 0, level=level, tau2_ci=False)
            for i in range(len(y))]

    def col(name: str) -> FloatArray:
        return np.array([float(getattr(r, name)) for r in rows])

    i2 = col("i2")
    i2[0] = math.nan  # one study: heterogeneity is undefined (metafor prints NA)
    return Cumulative(estimate=col("estimate"), se=col("se"), statistic=col("statistic"), p_value=col("p_value"),
                      ci_low=col("ci_low"), ci_high=col("ci_high"), q=col("q"), q_p=col("q_p"), tau2=col("tau2"),
                      i2=i2)


def baujat(yi: ArrayLike, vi: ArrayLike, method: str = "REML", hk: bool = False) -> BaujatPoints:
    """Coordinates of the Baujat plot (Baujat et al. 2002; metafor ``baujat``).

    >>> b = baujat([0.1, 0.5, 0.9, 0.2, 1.6], [0.02, 0.03, 0.04, 0.02, 0.05], method="FE")
    >>> int(np.argmax(b.x)), int(np.argmax(b.y))
    (4, 4)
    """
    return influence_and_baujat(yi, vi, method, hk)[1]
