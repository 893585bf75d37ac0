"""Fixed- and random-effects meta-analysis and meta-regression (inverse-variance weights).

One code path fits intercept-only models and meta-regression with moderators: the model matrix
``X`` (k × p) is general, and every trace the estimators need is computed in O(k p²) without
forming the k × k projection matrix, so 10,000 studies fit in milliseconds.

Estimators of τ² follow metafor's ``rma.uni`` (Viechtbauer 2010, *J Stat Softw* 36(3)):
DerSimonian–Laird (DerSimonian & Laird 1986, *Control Clin Trials* 7:177), Paule–Mandel
(Paule & Mandel 1982, *J Res Natl Bur Stand* 87:377), and ML/REML by Fisher scoring
(Viechtbauer 2005, *J Educ Behav Stat* 30:261) started from the Hedges (HE) estimate, with
metafor's step halving at the boundary and its check that the optimum is not worse than τ² = 0;
when plain Fisher scoring oscillates without converging, the fit is repeated with the step
halved (metafor's ``control=list(stepadj=0.5)``, then 0.25, ...), which reaches the maximum
whatever the order of the studies. Hedges (HE; Hedges 1983, *Psychol Bull* 93:388) and
Sidik–Jonkman (SJ; Sidik & Jonkman 2005, *J Biopharm Stat* 15:823) are closed forms. The
Hartung–Knapp–Sidik–Jonkman adjustment (Hartung & Knapp 2001, *Stat Med* 20:3875; Sidik &
Jonkman 2002, *Stat Med* 21:3153) is metafor's ``test="knha"``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize, stats

from laktasi.errors import InputError, Problem, Text

FloatArray = NDArray[np.float64]
Method = Literal["FE", "DL", "REML", "PM", "ML", "HE", "SJ"]
METHODS: tuple[str, ...] = ("FE", "DL", "REML", "PM", "ML", "HE", "SJ")

__all__ = [
    "METHODS",
    "MetaResult",
    "MetaRegression",
    "Tau2Fit",
    "fit",
    "meta_regression",
    "q_profile_tau2_ci",
    "q_statistic",
]


@dataclass(frozen=True)
class Tau2Fit:
    """An estimate of τ² and how it was reached (``iterations`` is ``None`` for closed forms)."""

    tau2: float
    converged: bool
    iterations: int | None
    se_tau2: float | None
    #: Fisher-scoring step multiplier that converged (metafor's ``stepadj``; 1 = plain scoring).
    step: float = 1.0


@dataclass(frozen=True)
class MetaResult:
    """A pooled estimate (intercept-only model). Ratio measures stay on the log scale here.

    ``weights`` are percentages summing to 100. ``ddf`` is the t degrees of freedom with
    Hartung–Knapp (``hk``), else ``None`` (normal quantiles). ``pi_low``/``pi_high`` are ``None``
    for fixed-effect models.
    """

    method: str
    hk: bool
    k: int
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    statistic: float
    p_value: float
    ddf: int | None
    tau2: float
    se_tau2: float | None
    tau2_ci: tuple[float, float] | None
    i2: float
    i2_ci: tuple[float, float] | None
    h2: float
    q: float
    q_df: int
    q_p: float
    pi_low: float | None
    pi_high: float | None
    converged: bool
    iterations: int | None
    weights: FloatArray
    yi: FloatArray
    vi: FloatArray
    level: float = 0.95


@dataclass(frozen=True)
class MetaRegression:
    """A mixed-effects meta-regression: coefficients for ``[intercept, moderator...]``."""

    method: str
    hk: bool
    k: int
    names: tuple[str, ...]
    beta: FloatArray
    se: FloatArray
    statistic: FloatArray
    p_value: FloatArray
    ci_low: FloatArray
    ci_high: FloatArray
    ddf: int | None
    tau2: float
    i2: float
    q_residual: float
    q_residual_p: float
    q_moderators: float  # QM (chi-square) or F with --hk
    q_moderators_df: int
    q_moderators_p: float
    r2: float | None  # % of τ² accounted for (metafor's pseudo-R²)
    converged: bool
    iterations: int | None


#: Effects and variances beyond these bounds overflow or underflow the weighted sums of squares
#: (``Σ yᵢ²/vᵢ`` must stay below ~1e308); no real effect size comes near them.
MAX_ABS_EFFECT = 1e50
VARIANCE_RANGE = (1e-50, 1e50)
MAX_VARIANCE_RATIO = 1e12


def check_effects(yi: ArrayLike, vi: ArrayLike, file: str | None = None,
                  rows: tuple[int, ...] | None = None,
                  columns: tuple[str | None, str | None] = ("yi", "vi")) -> tuple[FloatArray, FloatArray]:
    """``yi``, ``vi`` as float arrays, or an :class:`~laktasi.errors.InputError` naming each bad study.

    Rejects different lengths, no studies, non-finite values, variances ≤ 0, and numbers outside
    ``|y| ≤ 1e50``, ``1e-50 ≤ v ≤ 1e50`` (where double precision overflows), instead of letting a
    ZeroDivisionError or OverflowError surface later.

    >>> check_effects([0.1, 0.2], [0.01, 0.02])[1].tolist()
    [0.01, 0.02]
    """
    y = np.atleast_1d(np.asarray(yi, dtype=np.float64)).ravel()
    v = np.atleast_1d(np.asarray(vi, dtype=np.float64)).ravel()
    if len(y) != len(v) or len(y) == 0:
        raise InputError([Problem("bad_effects", Text(
            en=f"effects and variances must be non-empty and of equal length ({len(y)} vs {len(v)})",
            id=f"efek dan varians harus ada dan sama panjang ({len(y)} vs {len(v)})"), file=file)])
    problems: list[Problem] = []
    lo, hi = VARIANCE_RANGE
    with np.errstate(invalid="ignore"):
        bad = ~(np.abs(y) <= MAX_ABS_EFFECT) | ~((v >= lo) & (v <= hi))  # NaN fails both comparisons
    for i in np.flatnonzero(bad):  # a Python loop only over the studies in error
        row = rows[i] if rows is not None and i < len(rows) else None
        yv, vv = float(y[i]), float(v[i])
        where = Text(en=f"study {i + 1}", id=f"studi {i + 1}")
        if not math.isfinite(yv) or abs(yv) > MAX_ABS_EFFECT:
            problems.append(Problem("effect_out_of_range", Text(
                en=f"{where.en}: the effect {yv:g} is not a finite number within ±1e50",
                id=f"{where.id}: efek {yv:g} bukan angka terhingga dalam batas ±1e50"),
                file=file, row=row, column=columns[0], value=yv))
        if not math.isfinite(vv) or not lo <= vv <= hi:
            problems.append(Problem("variance_out_of_range", Text(
                en=f"{where.en}: the sampling variance {vv:g} must be a finite number from 1e-50 to 1e50",
                id=f"{where.id}: varians sampling {vv:g} harus angka terhingga antara 1e-50 dan 1e50"),
                file=file, row=row, column=columns[1], value=vv))
    if not problems and float(v.max()) / float(v.min()) > MAX_VARIANCE_RATIO:
        # metafor warns from 1e7 on; beyond 1e12 one study takes all the weight and the traces of the
        # weight matrix (Σw − Σw²/Σw) cancel to noise in double precision
        problems.append(Problem("variance_ratio_too_large", Text(
            en=f"the largest sampling variance is {float(v.max()) / float(v.min()):.3g} times the smallest "
               f"(limit {MAX_VARIANCE_RATIO:g}): one study would carry all the weight; check the units of vi",
            id=f"varians sampling terbesar {float(v.max()) / float(v.min()):.3g} kali yang terkecil "
               f"(batas {MAX_VARIANCE_RATIO:g}): satu studi akan memikul seluruh bobot; periksa satuan vi"),
            file=file, column=columns[1]))
    if problems:
        raise InputError(problems)
    return y, v


# ----------------------------------------------------------------------------- linear algebra


@dataclass(frozen=True)
class _WLS:
    beta: FloatArray
    vb: FloatArray  # (X'WX)^-1
    resid: FloatArray
    rss: float  # y'Py
    w: FloatArray
    tr_p: float
    tr_pp: float
    ypy2: float  # y'PPy


def _sum_others(a: FloatArray) -> FloatArray:
    """``Σ_{j≠i} aⱼ`` for every i (all aⱼ ≥ 0).

    ``Σa − aᵢ`` loses digits only for an aᵢ above half the total, and at most one can be: that one
    is summed directly over the others.
    """
    out = np.asarray(a.sum() - a, dtype=np.float64)
    i = int(np.argmax(a))
    out[i] = float(a[:i].sum()) + float(a[i + 1:].sum())
    return out


def _wls(y: FloatArray, w: FloatArray, x: FloatArray) -> _WLS:
    if x.shape[1] == 1:  # intercept only (the only one-column design used here): plain sums, no matrices
        sw = float(w.sum())
        beta1 = float(np.dot(w, y)) / sw
        resid1 = y - beta1
        we1 = w * resid1
        # tr(P) = Σ wᵢ(Σ_{j≠i} wⱼ)/Σw and tr(P²) = [Σ wᵢ²(Σ_{j≠i} wⱼ)² + Σ wᵢ² Σ_{j≠i} wⱼ²]/(Σw)², with the
        # sums over j ≠ i from _sum_others: all terms positive, so no cancellation when one study carries
        # nearly all the weight (Σw − Σw²/Σw would lose every digit there)
        # (weights scaled to a maximum of 1 first, so that fourth powers neither overflow nor underflow)
        wmax = float(w.max())
        a = w / wmax
        a2 = a * a
        sa = float(a.sum())
        excl = _sum_others(a)
        tr_p1 = wmax * float(np.dot(a, excl)) / sa
        tr_pp1 = wmax * wmax * (float(np.dot(a2, excl * excl)) + float(np.dot(a2, _sum_others(a2)))) / (sa * sa)
        return _WLS(np.array([beta1]), np.array([[1 / sw]]), resid1, float(np.dot(we1, resid1)), w, tr_p1,
                    tr_pp1, float(np.dot(we1, we1)))
    xw = x * w[:, None]
    vb: FloatArray = np.linalg.inv(x.T @ xw).astype(np.float64)
    beta = vb @ (xw.T @ y)
    resid = y - x @ beta
    we = w * resid
    # traces of P = W - W X (X'WX)^-1 X' W without forming the k x k matrix
    a2 = vb @ (x.T @ (xw * w[:, None]))  # (X'WX)^-1 X'W²X
    a3 = vb @ (x.T @ (xw * (w * w)[:, None]))  # (X'WX)^-1 X'W³X
    tr_p = float(w.sum() - np.trace(a2))
    tr_pp = float((w * w).sum() - 2 * np.trace(a3) + np.trace(a2 @ a2))
    return _WLS(beta, vb, resid, float(we @ resid), w, tr_p, tr_pp, float(we @ we))


def q_statistic(yi: ArrayLike, vi: ArrayLike, x: ArrayLike | None = None) -> float:
    """Cochran's Q (residual Q with moderators): ``Σ wᵢ (yᵢ − ŷᵢ)²`` with ``wᵢ = 1/vᵢ``.

    Cochran WG (1954) The combination of estimates from different experiments, *Biometrics* 10:101.

    >>> round(q_statistic([0.1, 0.5, 0.9], [0.04, 0.04, 0.04]), 6)
    8.0
    """
    y = np.asarray(yi, dtype=np.float64)
    v = np.asarray(vi, dtype=np.float64)
    xm = np.ones((len(y), 1)) if x is None else np.asarray(x, dtype=np.float64)
    return _wls(y, 1 / v, xm).rss


def _qgen(tau2: float, y: FloatArray, v: FloatArray, x: FloatArray) -> float:
    return _wls(y, 1 / (v + tau2), x).rss


# ----------------------------------------------------------------------------- τ² estimators


def _tau2_dl(y: FloatArray, v: FloatArray, x: FloatArray) -> Tau2Fit:
    k, p = x.shape
    fe = _wls(y, 1 / v, x)
    tau2 = max(0.0, (fe.rss - (k - p)) / fe.tr_p)
    se = math.sqrt((2 * (k - p) + 4 * tau2 * fe.tr_p + 2 * tau2**2 * fe.tr_pp) / fe.tr_p**2)
    return Tau2Fit(tau2, True, None, se)


def _tau2_search_cap(y: FloatArray) -> float:
    """An upper end for τ² searches: Q(τ²) < 1 once τ² exceeds Σ(yᵢ − ȳ)², whatever the vᵢ."""
    return max(1e12, 10 * float(((y - y.mean()) ** 2).sum()))


def _tau2_pm(y: FloatArray, v: FloatArray, x: FloatArray, tol: float) -> Tau2Fit:
    k, p = x.shape
    target = k - p
    if _qgen(0.0, y, v, x) < target:
        tau2, conv, it = 0.0, True, 0
    else:
        hi = 100.0
        while _qgen(hi, y, v, x) > target:  # metafor stops at tau2.max = 100; widen instead
            hi *= 10
            if hi > _tau2_search_cap(y):
                return Tau2Fit(math.nan, False, None, None)
        root, info = optimize.brentq(lambda t: _qgen(t, y, v, x) - target, 0.0, hi, xtol=tol, rtol=4 * np.finfo(float).eps, full_output=True)
        tau2, conv, it = float(root), bool(info.converged), int(info.iterations)
    w = 1 / (v + tau2)
    se = math.sqrt(2 * k**2 / (k - p) / w.sum() ** 2)
    return Tau2Fit(tau2, conv, it, se)


def _tau2_he(y: FloatArray, v: FloatArray, x: FloatArray) -> float:
    k, p = x.shape
    ols = _wls(y, np.ones(k), x)
    # tr(P V) for the unweighted projection
    tr_pv = float(v.sum() - np.trace(ols.vb @ (x.T @ (x * v[:, None]))))
    return float((ols.rss - tr_pv) / (k - p))


def _loglik(tau2: float, y: FloatArray, v: FloatArray, x: FloatArray, reml: bool) -> float:
    k, p = x.shape
    fit = _wls(y, 1 / (v + tau2), x)
    if reml:
        _, logdet = np.linalg.slogdet(np.linalg.inv(fit.vb))
        return float(-0.5 * (k - p) * math.log(2 * math.pi) - 0.5 * np.log(v + tau2).sum() - 0.5 * logdet - 0.5 * fit.rss)
    return float(-0.5 * k * math.log(2 * math.pi) - 0.5 * np.log(v + tau2).sum() - 0.5 * fit.rss)


def _fisher_run(
    y: FloatArray, v: FloatArray, x: FloatArray, reml: bool, threshold: float, maxiter: int, step: float
) -> tuple[float, bool, int]:
    """One Fisher-scoring run as metafor iterates it (start HE, ``adj *= stepadj``, halving at 0).

    Stops early, unconverged, when the steps have alternated in sign and grown for 20 iterations in
    a row: scoring then oscillates away from the maximum and a smaller step is needed (metafor would
    run on to ``maxiter`` and fail).
    """
    tau2 = max(0.0, _tau2_he(y, v, x))
    it = 0
    change = threshold + 1
    last_change = math.inf
    last_adj = 0.0
    growing = 0
    while change > threshold:
        it += 1
        old = tau2
        f = _wls(y, 1 / (v + tau2), x)
        if reml:
            adj = (f.ypy2 - f.tr_p) / f.tr_pp
        else:
            adj = (f.ypy2 - f.w.sum()) / (f.w * f.w).sum()
        adj *= step
        if not math.isfinite(adj):
            adj = 0.0
        while tau2 + adj < 0:
            adj /= 2
        tau2 = tau2 + adj
        change = abs(old - tau2)
        # an oscillation that widens (steps alternate in sign and grow); a monotone walk towards the
        # boundary with growing steps is not one and is left to converge
        growing = growing + 1 if change > last_change and adj * last_adj < 0 else 0
        last_change, last_adj = change, adj
        if it > maxiter or growing >= 20 or not math.isfinite(tau2):
            return tau2, False, it
    return tau2, True, it


def _tau2_fisher(
    y: FloatArray, v: FloatArray, x: FloatArray, reml: bool, threshold: float, maxiter: int
) -> Tau2Fit:
    """ML/REML by Fisher scoring; plain steps first, then halved steps while it does not converge."""
    total = 0
    step = 1.0
    tau2, converged = 0.0, False
    while step >= 1 / 64:
        tau2, converged, it = _fisher_run(y, v, x, reml, threshold, maxiter, step)
        total += it
        if converged:
            break
        step /= 2
    if not converged:
        step = 1.0
    if converged and tau2 > threshold:
        # metafor: a stationary point worse than tau2 = 0 is a local maximum; use 0 instead
        if _loglik(0.0, y, v, x, reml) - _loglik(tau2, y, v, x, reml) > np.finfo(float).eps ** 0.25:
            tau2 = 0.0
    tau2 = max(0.0, tau2) if math.isfinite(tau2) else math.nan
    f = _wls(y, 1 / (v + (tau2 if math.isfinite(tau2) else 0.0)), x)
    se = math.sqrt(2 / f.tr_pp) if reml else math.sqrt(2 / (f.w * f.w).sum())
    return Tau2Fit(tau2, converged, total, se, step)


def _pv_traces(w: FloatArray, v: FloatArray, x: FloatArray) -> tuple[float, float, float, float]:
    """``tr(PV)``, ``tr(PVPV)``, ``tr(PPV)`` and ``tr(PP)`` for ``P = W − WX(X'WX)⁻¹X'W``, ``V = diag(v)``.

    metafor forms the k × k matrices; with ``B = WX`` and ``M = (X'WX)⁻¹`` every trace reduces to
    p × p products, so large k costs O(k p²).
    """
    b = x * w[:, None]
    m = np.linalg.inv(x.T @ b)
    btvb = b.T @ (b * v[:, None])
    tr_pv = float((w * v).sum() - np.trace(m @ btvb))
    bt_v2w_b = b.T @ (b * (v * v * w)[:, None])
    mv = m @ btvb
    tr_pvpv = float(((w * v) ** 2).sum() - 2 * np.trace(m @ bt_v2w_b) + np.trace(mv @ mv))
    btb = b.T @ b
    tr_ppv = float((v * w * w).sum() - 2 * np.trace(m @ (b.T @ (b * (v * w)[:, None])))
                   + np.trace(m @ btb @ m @ btvb))
    tr_pp = float((w * w).sum() - 2 * np.trace(m @ (b.T @ (b * w[:, None]))) + np.trace(m @ btb @ m @ btb))
    return tr_pv, tr_pvpv, tr_ppv, tr_pp


def _tau2_he_fit(y: FloatArray, v: FloatArray, x: FloatArray) -> Tau2Fit:
    """Hedges' estimator ``(RSS_OLS − tr(PV))/(k − p)`` truncated at 0, SE as metafor's ``method="HE"``."""
    k, p = x.shape
    tau2 = max(0.0, _tau2_he(y, v, x))
    tr_pv, tr_pvpv, _, _ = _pv_traces(np.ones(k), v, x)
    se = math.sqrt((2 * tr_pvpv + 4 * tau2 * tr_pv + 2 * tau2**2 * (k - p)) / (k - p) ** 2)
    return Tau2Fit(tau2, True, None, se)


def _tau2_sj(y: FloatArray, v: FloatArray, x: FloatArray) -> Tau2Fit:
    """Sidik–Jonkman: ``τ₀² = var(y)(k−1)/k``, ``τ² = τ₀² · RSS(τ₀²)/(k − p)`` (metafor ``method="SJ"``)."""
    k, p = x.shape
    tau0 = float(np.var(y))  # numpy's var divides by k: var(y)(k−1)/k in R's terms
    w = 1 / (v + tau0)
    rss = _wls(y, w, x).rss
    tau2 = max(0.0, tau0 * rss / (k - p))
    _, tr_pvpv, tr_ppv, tr_pp = _pv_traces(w, v, x)
    se = math.sqrt(tau0**2 / (k - p) ** 2 * (2 * tr_pvpv + 4 * tau2 * tr_ppv + 2 * tau2**2 * tr_pp))
    return Tau2Fit(tau2, True, None, se)


def estimate_tau2(
    y: FloatArray, v: FloatArray, x: FloatArray, method: str, threshold: float = 1e-12, maxiter: int = 1000
) -> Tau2Fit:
    """τ² by the named estimator (``FE`` gives 0) for model matrix ``x`` (k × p); see the module docstring.

    >>> y, v = np.array([0.1, 0.5, 0.9, 0.2]), np.array([0.02, 0.03, 0.04, 0.02])
    >>> t = estimate_tau2(y, v, np.ones((4, 1)), "REML")
    >>> round(t.tau2, 4), t.converged
    (0.0932, True)
    """
    if method == "FE":
        return Tau2Fit(0.0, True, None, None)
    if len(y) <= x.shape[1]:
        return Tau2Fit(0.0, True, None, None)
    # τ² does not depend on a shift of y (the model has an intercept); centring, as metafor does,
    # keeps it so in floating point when effects are large (e.g. volumes in ml)
    y = y - float(np.mean(y))
    if method == "DL":
        return _tau2_dl(y, v, x)
    if method == "PM":
        return _tau2_pm(y, v, x, tol=threshold)
    if method == "HE":
        return _tau2_he_fit(y, v, x)
    if method == "SJ":
        return _tau2_sj(y, v, x)
    if method in ("REML", "ML"):
        return _tau2_fisher(y, v, x, method == "REML", threshold, maxiter)
    raise ValueError(f"unknown method {method!r}; use one of {METHODS}")


# ----------------------------------------------------------------------------- Q-profile


def q_profile_tau2_ci(
    yi: ArrayLike, vi: ArrayLike, level: float = 0.95, x: ArrayLike | None = None, tau2_max: float | None = None
) -> tuple[float, float]:
    """Q-profile confidence interval for τ² (Viechtbauer 2007, *Stat Med* 26:37–52).

    The bounds solve ``Q(τ²) = χ²_{k−p; 1−α/2}`` (lower) and ``= χ²_{k−p; α/2}`` (upper), where
    ``Q(τ²) = Σ wᵢ(τ²)(yᵢ − μ̂(τ²))²``; a bound is 0 when Q(0) is already below its target. metafor's
    ``confint`` searches ``[0, max(100, 10 τ̂²)]`` and reports a truncated "> 100" bound beyond it;
    here the bracket is widened tenfold until it holds the root (effects in ml can have τ² ≫ 100),
    which gives the same bound as metafor with a large enough ``tau2.max``.

    >>> lo, hi = q_profile_tau2_ci([0.1, 0.5, 0.9, 0.2], [0.02, 0.03, 0.04, 0.02])
    >>> round(lo, 4), round(hi, 4)
    (0.0103, 1.7639)
    """
    y = np.asarray(yi, dtype=np.float64)
    v = np.asarray(vi, dtype=np.float64)
    xm = np.ones((len(y), 1)) if x is None else np.asarray(x, dtype=np.float64)
    k, p = xm.shape
    alpha = 1 - level
    crit_u = float(stats.chi2.isf(alpha / 2, k - p))
    crit_l = float(stats.chi2.ppf(alpha / 2, k - p))
    hi_bound = 100.0 if tau2_max is None else tau2_max
    q0 = _qgen(0.0, y, v, xm)
    qmax = _qgen(hi_bound, y, v, xm)
    while qmax > crit_l and hi_bound < _tau2_search_cap(y):
        hi_bound *= 10
        qmax = _qgen(hi_bound, y, v, xm)

    def solve(target: float) -> float:
        return float(optimize.brentq(lambda t: _qgen(t, y, v, xm) - target, 0.0, hi_bound, xtol=1e-13, rtol=4 * np.finfo(float).eps))

    if q0 < crit_l:
        return (0.0, 0.0)
    upper = hi_bound if qmax > crit_l else solve(crit_l)
    if qmax > crit_u:
        return (hi_bound, hi_bound)
    lower = 0.0 if q0 < crit_u else solve(crit_u)
    return (lower, upper)


# ----------------------------------------------------------------------------- the fits


def _design(k: int, moderators: ArrayLike | None) -> FloatArray:
    if moderators is None:
        return np.ones((k, 1))
    m = np.asarray(moderators, dtype=np.float64)
    if m.ndim == 1:
        m = m[:, None]
    return np.column_stack([np.ones(k), m])


def fit(
    yi: ArrayLike,
    vi: ArrayLike,
    method: str = "REML",
    hk: bool = False,
    level: float = 0.95,
    tau2_ci: bool = True,
    threshold: float = 1e-12,
    maxiter: int = 1000,
    pi_type: Literal["metafor", "riley"] = "metafor",
) -> MetaResult:
    """Pool effects ``yi`` with sampling variances ``vi`` (metafor ``rma(yi, vi, method=, test=)``).

    Inverse-variance weights ``wᵢ = 1/(vᵢ + τ²)``; ``μ̂ = Σwᵢyᵢ/Σwᵢ``, ``SE = 1/√Σwᵢ``. With ``hk``
    (Hartung–Knapp–Sidik–Jonkman) ``SE² = Σwᵢ(yᵢ−μ̂)²/((k−1)Σwᵢ)`` and t quantiles with k−1 df.
    I² is ``100 τ²/(τ² + s²)`` with the typical within-study variance ``s² = (k−1)/tr(P)``
    (Higgins & Thompson 2002, *Stat Med* 21:1539), or ``100 (Q − df)/Q`` for the fixed-effect model.
    The prediction interval ``μ̂ ± z·√(SE² + τ²)`` (Riley et al. 2011, *BMJ* 342:d549) uses the
    same quantile as the CI, as metafor's ``predict``: normal, or t with k−1 df under ``hk``;
    ``pi_type="riley"`` uses t with k−2 df instead (Higgins, Thompson & Spiegelhalter 2009,
    *J R Stat Soc A* 172:137; metafor ``predict(pi.type="riley")``).

    >>> r = fit([0.1, 0.5, 0.9, 0.2], [0.02, 0.03, 0.04, 0.02], method="DL")
    >>> round(r.estimate, 4), round(r.tau2, 4), r.converged
    (0.4025, 0.0825, True)
    """
    y, v = check_effects(yi, vi)
    method = method.upper()
    k = len(y)
    x = np.ones((k, 1))
    t2 = estimate_tau2(y, v, x, method, threshold, maxiter)
    tau2 = t2.tau2
    f = _wls(y, 1 / (v + tau2), x)
    est = float(f.beta[0])
    var = float(f.vb[0, 0])
    ddf: int | None = None
    alpha = 1 - level
    if hk and k > 1:
        s2w = f.rss / (k - 1) if f.rss > np.finfo(float).eps else 0.0
        var *= s2w
        ddf = k - 1
    se = math.sqrt(var)
    if ddf is not None:
        crit = float(stats.t.isf(alpha / 2, ddf))
        stat = est / se if se > 0 else math.copysign(math.inf, est)
        pval = float(2 * stats.t.sf(abs(stat), ddf))
    else:
        crit = float(stats.norm.isf(alpha / 2))
        stat = est / se
        pval = float(2 * stats.norm.sf(abs(stat)))
    fe = _wls(y, 1 / v, x)
    q = fe.rss
    q_df = k - 1
    q_p = float(stats.chi2.sf(q, q_df)) if q_df > 0 else 1.0
    vt = q_df / fe.tr_p if q_df > 0 else math.nan
    if method == "FE":
        i2 = max(0.0, 100 * (q - q_df) / q) if q > 0 else 0.0
        h2 = q / q_df if q_df > 0 else 1.0
    else:
        i2 = 100 * tau2 / (vt + tau2) if q_df > 0 else 0.0
        h2 = tau2 / vt + 1 if q_df > 0 else 1.0
    tci: tuple[float, float] | None = None
    ici: tuple[float, float] | None = None
    if tau2_ci and k >= 2 and method != "FE":
        tci = q_profile_tau2_ci(y, v, level, tau2_max=max(100.0, 10 * tau2))
        ici = (100 * tci[0] / (vt + tci[0]), 100 * tci[1] / (vt + tci[1]))
    pi_low = pi_high = None
    if method != "FE":
        pi_crit = float(stats.t.isf(alpha / 2, max(k - 2, 1))) if pi_type == "riley" else crit
        half = pi_crit * math.sqrt(var + tau2)
        pi_low, pi_high = est - half, est + half
    w = 1 / (v + tau2)
    return MetaResult(
        method=method, hk=hk, k=k, estimate=est, se=se, ci_low=est - crit * se, ci_high=est + crit * se,
        statistic=stat, p_value=pval, ddf=ddf, tau2=tau2, se_tau2=t2.se_tau2, tau2_ci=tci, i2=i2, i2_ci=ici,
        h2=h2, q=q, q_df=q_df, q_p=q_p, pi_low=pi_low, pi_high=pi_high, converged=t2.converged,
        iterations=t2.iterations, weights=100 * w / w.sum(), yi=y, vi=v, level=level,
    )


def meta_regression(
    yi: ArrayLike,
    vi: ArrayLike,
    moderators: ArrayLike,
    names: tuple[str, ...] = ("intercept", "moderator"),
    method: str = "REML",
    hk: bool = False,
    level: float = 0.95,
    threshold: float = 1e-12,
    maxiter: int = 1000,
) -> MetaRegression:
    """Mixed-effects meta-regression ``yᵢ = β₀ + β₁xᵢ + uᵢ + εᵢ`` (metafor ``rma(yi, vi, mods=)``).

    Tests each coefficient with z (or t with k−p df under ``hk``), the moderators jointly with
    QM (χ², or F with ``hk``), residual heterogeneity with QE, and reports the proportion of τ²
    accounted for, ``R² = max(0, (τ²_RE − τ²)/τ²_RE)`` as a percentage (Raudenbush 2009, in
    *Handbook of Research Synthesis*, 2nd ed.; Thompson & Higgins 2002, *Stat Med* 21:1559).

    >>> r = meta_regression([0.1, 0.5, 0.9, 0.2, 0.6], [0.02, 0.03, 0.04, 0.02, 0.05], [1, 2, 3, 1, 2])
    >>> round(float(r.beta[1]), 4)
    0.378
    """
    y, v = check_effects(yi, vi)
    method = method.upper()
    k = len(y)
    x = _design(k, moderators)
    p = x.shape[1]
    t2 = estimate_tau2(y, v, x, method, threshold, maxiter)
    f = _wls(y, 1 / (v + t2.tau2), x)
    vb = f.vb.copy()
    ddf: int | None = None
    alpha = 1 - level
    if hk:
        s2w = f.rss / (k - p) if f.rss > np.finfo(float).eps else 0.0
        vb = vb * s2w
        ddf = k - p
    se = np.sqrt(np.diag(vb))
    stat = f.beta / se
    b1 = f.beta[1:]
    qm = float(b1 @ np.linalg.solve(vb[1:, 1:], b1))
    m = p - 1
    if ddf is not None:
        crit = float(stats.t.isf(alpha / 2, ddf))
        pvals = 2 * stats.t.sf(np.abs(stat), ddf)
        qm /= m
        qm_p = float(stats.f.sf(qm, m, ddf))
    else:
        crit = float(stats.norm.isf(alpha / 2))
        pvals = 2 * stats.norm.sf(np.abs(stat))
        qm_p = float(stats.chi2.sf(qm, m))
    fe = _wls(y, 1 / v, x)
    vt = (k - p) / fe.tr_p
    i2 = max(0.0, 100 * (fe.rss - (k - p)) / fe.rss) if method == "FE" else 100 * t2.tau2 / (vt + t2.tau2)
    r2: float | None = None
    if method != "FE":
        tau2_re = estimate_tau2(y, v, np.ones((k, 1)), method, threshold, maxiter).tau2
        r2 = 0.0 if tau2_re == 0 else max(0.0, 100 * (tau2_re - t2.tau2) / tau2_re)
    return MetaRegression(
        method=method, hk=hk, k=k, names=names, beta=f.beta, se=se, statistic=stat,
        p_value=np.asarray(pvals, dtype=np.float64), ci_low=f.beta - crit * se, ci_high=f.beta + crit * se,
        ddf=ddf, tau2=t2.tau2, i2=i2, q_residual=fe.rss, q_residual_p=float(stats.chi2.sf(fe.rss, k - p)),
        q_moderators=qm, q_moderators_df=m, q_moderators_p=qm_p, r2=r2, converged=t2.converged,
        iterations=t2.iterations,
    )
