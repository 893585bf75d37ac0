"""Effect sizes from what papers report, following metafor's ``escalc`` defaults.

Every function takes array-likes (one value per study) and returns an :class:`EffectSizes`
with the effect ``yi`` and its large-sample sampling variance ``vi``. Ratio measures are on the
log scale. Nothing is rounded.

References: Viechtbauer W (2010) Conducting meta-analyses in R with the metafor package,
*J Stat Softw* 36(3); Borenstein M et al. (2009) *Introduction to Meta-Analysis*, Wiley.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special, stats

FloatArray = NDArray[np.float64]

__all__ = [
    "EffectSizes",
    "FiveNumberEstimate",
    "hedges_correction",
    "mean_difference",
    "standardized_mean_difference",
    "smd_from_t",
    "smd_from_p",
    "change_smd_raw",
    "change_smd_change",
    "change_smd_from_t",
    "prepost_control_smd",
    "log_risk_ratio",
    "log_odds_ratio",
    "risk_difference",
    "two_by_two",
    "paired_binary",
    "mean_sd_from_median",
    "log_ratio_of_means",
    "mean_change",
    "proportion",
    "back_transform",
    "pft_inverse",
]


@dataclass(frozen=True)
class EffectSizes:
    """Per-study effects ``yi`` with sampling variances ``vi`` (same length)."""

    measure: str
    yi: FloatArray
    vi: FloatArray
    corrected: NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))
    note: str = ""


def _arr(x: ArrayLike) -> FloatArray:
    return np.atleast_1d(np.asarray(x, dtype=np.float64))


def hedges_correction(m: ArrayLike) -> FloatArray:
    """Exact small-sample bias correction ``c(m) = Γ(m/2) / (√(m/2) Γ((m−1)/2))``.

    Hedges LV (1981) Distribution theory for Glass's estimator of effect size, *J Educ Stat* 6:107–128.
    ``NaN`` when ``m <= 1`` (as metafor's ``.cmicalc``).

    >>> round(float(hedges_correction(10)[0]), 6)
    0.922746
    """
    mm = _arr(m)
    with np.errstate(invalid="ignore"):
        out = np.exp(special.gammaln(mm / 2) - np.log(np.sqrt(mm / 2)) - special.gammaln((mm - 1) / 2))
    return np.where(mm <= 1, np.nan, out)


def mean_difference(
    m1: ArrayLike, sd1: ArrayLike, n1: ArrayLike, m2: ArrayLike, sd2: ArrayLike, n2: ArrayLike
) -> EffectSizes:
    """Raw mean difference ``m1 − m2`` with ``v = sd1²/n1 + sd2²/n2`` (metafor ``MD``, vtype "LS").

    Borenstein et al. (2009), eq. 4.5 (unequal variances).

    >>> es = mean_difference([10], [2], [20], [8], [2], [20])
    >>> float(es.yi[0]), float(es.vi[0])
    (2.0, 0.4)
    """
    m1a, s1, n1a, m2a, s2, n2a = map(_arr, (m1, sd1, n1, m2, sd2, n2))
    return EffectSizes("MD", m1a - m2a, s1**2 / n1a + s2**2 / n2a)


def standardized_mean_difference(
    m1: ArrayLike, sd1: ArrayLike, n1: ArrayLike, m2: ArrayLike, sd2: ArrayLike, n2: ArrayLike
) -> EffectSizes:
    """Hedges' g: ``g = c(n1+n2−2) (m1−m2)/s_pooled``, ``v = 1/n1 + 1/n2 + g²/(2(n1+n2))``.

    The exact correction ``c`` (Hedges 1981) and the large-sample variance are metafor's ``SMD``
    defaults (Hedges & Olkin 1985, *Statistical Methods for Meta-Analysis*, ch. 5).

    >>> es = standardized_mean_difference([10], [2], [20], [8], [2], [20])
    >>> round(float(es.yi[0]), 6)
    0.98011
    """
    m1a, s1, n1a, m2a, s2, n2a = map(_arr, (m1, sd1, n1, m2, sd2, n2))
    df = n1a + n2a - 2
    sp = np.sqrt(((n1a - 1) * s1**2 + (n2a - 1) * s2**2) / df)
    return _smd_from_d((m1a - m2a) / sp, n1a, n2a)


def _smd_from_d(d: FloatArray, n1: FloatArray, n2: FloatArray) -> EffectSizes:
    g = hedges_correction(n1 + n2 - 2) * d
    return EffectSizes("SMD", g, 1 / n1 + 1 / n2 + g**2 / (2 * (n1 + n2)))


def smd_from_t(t: ArrayLike, n1: ArrayLike, n2: ArrayLike) -> EffectSizes:
    """Hedges' g from an independent-samples t statistic: ``d = t √(1/n1 + 1/n2)``, then as :func:`standardized_mean_difference`.

    Borenstein et al. (2009), eq. 7.4; metafor ``escalc("SMD", ti=...)``.

    >>> round(float(smd_from_t([2.5], [15], [14]).yi[0]), 6)
    0.902941
    """
    ta, n1a, n2a = map(_arr, (t, n1, n2))
    return _smd_from_d(ta * np.sqrt(1 / n1a + 1 / n2a), n1a, n2a)


def smd_from_p(p: ArrayLike, n1: ArrayLike, n2: ArrayLike, sign: ArrayLike = 1.0) -> EffectSizes:
    """Hedges' g from a two-sided p of an independent-samples t test with ``n1 + n2 − 2`` df.

    ``t = sign · t⁻¹(1 − p/2; n1+n2−2)``, then :func:`smd_from_t` (Borenstein et al. 2009, ch. 7).
    The direction (``sign``) is not in a p-value and must come from the paper.

    >>> round(float(smd_from_p([0.016], [15], [14]).yi[0]), 4)
    0.9283
    """
    pa, n1a, n2a, sa = map(_arr, (p, n1, n2, sign))
    t = np.sign(sa) * stats.t.isf(pa / 2, n1a + n2a - 2)
    return smd_from_t(t, n1a, n2a)


def change_smd_raw(
    m_post: ArrayLike, m_pre: ArrayLike, sd_pre: ArrayLike, n: ArrayLike, r: ArrayLike
) -> EffectSizes:
    """Standardised mean change with raw-score (pre-test SD) standardisation (metafor ``SMCR``).

    ``d = c(n−1) (m_post − m_pre)/sd_pre``, ``v = 2(1−r)/n + d²/(2n)`` with ``r`` the pre–post
    correlation (stated or assumed). Becker BJ (1988) *Br J Math Stat Psychol* 41:257–278;
    Morris SB (2008) *Organ Res Methods* 11:364–386.

    >>> round(float(change_smd_raw([14.8], [10.2], [4.1], [12], [0.6]).yi[0]), 6)
    1.04337
    """
    mp, m0, s0, na, ra = map(_arr, (m_post, m_pre, sd_pre, n, r))
    d = hedges_correction(na - 1) * (mp - m0) / s0
    return EffectSizes("SMCR", d, 2 * (1 - ra) / na + d**2 / (2 * na))


def change_smd_change(
    m_post: ArrayLike, m_pre: ArrayLike, sd_post: ArrayLike, sd_pre: ArrayLike, n: ArrayLike, r: ArrayLike
) -> EffectSizes:
    """Standardised mean change with change-score standardisation (metafor ``SMCC``).

    ``sd_diff = √(sd_post² + sd_pre² − 2 r sd_post sd_pre)``, ``d = c(n−1)(m_post − m_pre)/sd_diff``,
    ``v = 1/n + d²/(2n)``. Gibbons RD et al. (1993) *J Educ Stat* 18:271–279; Morris (2008).

    >>> round(float(change_smd_change([14.8], [10.2], [4.9], [4.1], [12], [0.6]).yi[0]), 6)
    1.046424
    """
    mp, m0, s1, s0, na, ra = map(_arr, (m_post, m_pre, sd_post, sd_pre, n, r))
    sdd = np.sqrt(s1**2 + s0**2 - 2 * ra * s1 * s0)
    d = hedges_correction(na - 1) * (mp - m0) / sdd
    return EffectSizes("SMCC", d, 1 / na + d**2 / (2 * na))


def change_smd_from_t(t: ArrayLike, n: ArrayLike) -> EffectSizes:
    """Standardised mean change (``SMCC``) from a paired t statistic: ``d = c(n−1) t/√n``, ``v = 1/n + d²/(2n)``.

    Because ``t = (m_post − m_pre)/(sd_diff/√n)``, this equals :func:`change_smd_change` for the same
    data (Dunlap WP et al. 1996, *Psychol Methods* 1:170; Morris 2008).

    >>> round(float(change_smd_from_t([3.0], [16]).yi[0]), 6)
    0.711756
    """
    ta, na = map(_arr, (t, n))
    d = hedges_correction(na - 1) * ta / np.sqrt(na)
    return EffectSizes("SMCC", d, 1 / na + d**2 / (2 * na))


def prepost_control_smd(
    t_post: ArrayLike, t_pre: ArrayLike, t_sd_pre: ArrayLike, t_n: ArrayLike,
    c_post: ArrayLike, c_pre: ArrayLike, c_sd_pre: ArrayLike, c_n: ArrayLike, r: ArrayLike,
) -> EffectSizes:
    """Pre/post design with a control group: difference of the two arms' ``SMCR`` (Morris 2008 *d_ppc1*).

    ``d = d_T − d_C``, ``v = v_T + v_C`` (Becker 1988), each arm as :func:`change_smd_raw` with the same
    pre–post correlation ``r``; metafor's documented approach for pre/post/control designs.

    >>> es = prepost_control_smd([14.8], [10.2], [4.1], [12], [11.1], [10.0], [3.9], [11], [0.6])
    >>> round(float(es.yi[0]), 4)
    0.7831
    """
    t = change_smd_raw(t_post, t_pre, t_sd_pre, t_n, r)
    c = change_smd_raw(c_post, c_pre, c_sd_pre, c_n, r)
    return EffectSizes("PPC", t.yi - c.yi, t.vi + c.vi)


def two_by_two(
    measure: str, events_t: ArrayLike, n_t: ArrayLike, events_c: ArrayLike, n_c: ArrayLike, add: float = 0.5
) -> EffectSizes:
    """log RR, log OR or RD from 2×2 counts; ``add`` (½) goes only to studies with a zero cell.

    That is metafor's ``escalc`` default (``to="only0"``, double-zero studies kept). Variances:
    log RR ``1/a − 1/n1 + 1/c − 1/n2``; log OR ``1/a + 1/b + 1/c + 1/d``; RD ``p1(1−p1)/n1 + p2(1−p2)/n2``
    (Borenstein et al. 2009, ch. 5; Fleiss JL, Berlin JA 2009, in *Handbook of Research Synthesis*).

    >>> es = two_by_two("OR", [4], [10], [2], [10])
    >>> round(float(es.yi[0]), 6), round(float(es.vi[0]), 6)
    (0.980829, 1.041667)
    """
    a, n1, c, n2 = map(_arr, (events_t, n_t, events_c, n_c))
    b, d = n1 - a, n2 - c
    zero = (a == 0) | (b == 0) | (c == 0) | (d == 0)
    inc = np.where(zero, add, 0.0)
    a, b, c, d = a + inc, b + inc, c + inc, d + inc
    n1, n2 = a + b, c + d
    m = measure.upper()
    if m == "RR":
        yi = np.log(a / n1) - np.log(c / n2)
        vi = 1 / a - 1 / n1 + 1 / c - 1 / n2
    elif m == "OR":
        yi = np.log(a * d / (b * c))
        vi = 1 / a + 1 / b + 1 / c + 1 / d
    elif m == "RD":
        p1, p2 = a / n1, c / n2
        yi = p1 - p2
        vi = p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2
    else:
        raise ValueError(f"unknown 2x2 measure {measure!r}")
    return EffectSizes(m, yi, vi, corrected=zero)


def log_risk_ratio(events_t: ArrayLike, n_t: ArrayLike, events_c: ArrayLike, n_c: ArrayLike) -> EffectSizes:
    """log risk ratio; see :func:`two_by_two`.

    >>> round(float(log_risk_ratio([4], [10], [2], [10]).yi[0]), 6)
    0.693147
    """
    return two_by_two("RR", events_t, n_t, events_c, n_c)


def log_odds_ratio(events_t: ArrayLike, n_t: ArrayLike, events_c: ArrayLike, n_c: ArrayLike) -> EffectSizes:
    """log odds ratio; see :func:`two_by_two`.

    >>> round(float(log_odds_ratio([4], [10], [2], [10]).yi[0]), 6)
    0.980829
    """
    return two_by_two("OR", events_t, n_t, events_c, n_c)


def risk_difference(events_t: ArrayLike, n_t: ArrayLike, events_c: ArrayLike, n_c: ArrayLike) -> EffectSizes:
    """Risk difference; see :func:`two_by_two`.

    >>> float(risk_difference([4], [10], [2], [10]).yi[0])
    0.2
    """
    return two_by_two("RD", events_t, n_t, events_c, n_c)


def paired_binary(
    measure: str, yes_yes: ArrayLike, yes_no: ArrayLike, no_yes: ArrayLike, no_no: ArrayLike
) -> EffectSizes:
    """Effects for paired binary data (e.g. *lancar* before and after in the same mothers).

    Cells are counted as (first, second) measurement: ``yes_no`` = yes at first, no at second.
    As metafor's ``MPRD``/``MPRR``/``MPOR``, the effect compares the first margin ``p1. = (a+b)/n``
    with the second ``p.1 = (a+c)/n``; pass (post, pre) as (first, second) for a post-minus-pre effect.
    Variances: Fleiss JL, Levin B, Paik MC (2003) *Statistical Methods for Rates and Proportions*, ch. 13;
    Zou GY (2007) *Stat Med* 26:4730–4752 (MPOR).

    >>> round(float(paired_binary("RD", [20], [9], [3], [18]).yi[0]), 6)
    0.12
    """
    a, b, c, d = map(_arr, (yes_yes, yes_no, no_yes, no_no))
    n = a + b + c + d
    p12, p21 = b / n, c / n
    p1, p2 = (a + b) / n, (a + c) / n
    m = measure.upper()
    if m in ("RD", "MPRD"):
        yi = p1 - p2
        vi = p12 * (1 - p12) / n + 2 * p12 * p21 / n + p21 * (1 - p21) / n
    elif m in ("RR", "MPRR"):
        yi = np.log(p1) - np.log(p2)
        vi = (p12 + p21) / (n * p1 * p2)
    elif m in ("OR", "MPOR"):
        yi = np.log(p1 / (1 - p1)) - np.log(p2 / (1 - p2))
        vi = (p12 * (1 - p12) + p21 * (1 - p21) + 2 * p12 * p21) / (n * p1 * (1 - p1) * p2 * (1 - p2))
    else:
        raise ValueError(f"unknown paired measure {measure!r}")
    return EffectSizes("MP" + m[-2:], yi, vi)


@dataclass(frozen=True)
class FiveNumberEstimate:
    """A mean and SD estimated from a median and quartiles and/or range — always flagged as estimated."""

    mean: float
    sd: float
    scenario: str  # "S1" (min, median, max), "S2" (all five), "S3" (quartiles and median)
    estimated: bool = True


def mean_sd_from_median(
    n: int,
    median: float,
    minimum: float | None = None,
    maximum: float | None = None,
    q1: float | None = None,
    q3: float | None = None,
) -> FiveNumberEstimate:
    """Estimate mean and SD from a median with range and/or IQR (Wan et al. 2014).

    With ``ξ = Φ⁻¹((n − 0.375)/(n + 0.25))`` and ``η = Φ⁻¹((0.75n − 0.125)/(n + 0.25))``:
    S1 (min a, median m, max b): mean ``(a + 2m + b)/4``, SD ``(b − a)/(2ξ)``;
    S2 (a, q1, m, q3, b): mean ``(a + 2q1 + 2m + 2q3 + b)/8``, SD ``(b − a)/(4ξ) + (q3 − q1)/(4η)``;
    S3 (q1, m, q3): mean ``(q1 + m + q3)/3``, SD ``(q3 − q1)/(2η)``.
    Wan X, Wang W, Liu J, Tong T (2014) Estimating the sample mean and standard deviation from the
    sample size, median, range and/or interquartile range. *BMC Med Res Methodol* 14:135.

    >>> est = mean_sd_from_median(120, 41, q1=30, q3=55)
    >>> round(est.mean, 4), round(est.sd, 4)
    (42.0, 18.7594)
    """
    xi = float(stats.norm.ppf((n - 0.375) / (n + 0.25)))
    eta = float(stats.norm.ppf((0.75 * n - 0.125) / (n + 0.25)))
    have_range = minimum is not None and maximum is not None
    have_iqr = q1 is not None and q3 is not None
    if have_range and have_iqr:
        assert minimum is not None and maximum is not None and q1 is not None and q3 is not None
        mean = (minimum + 2 * q1 + 2 * median + 2 * q3 + maximum) / 8
        sd = (maximum - minimum) / (4 * xi) + (q3 - q1) / (4 * eta)
        return FiveNumberEstimate(mean, sd, "S2")
    if have_range:
        assert minimum is not None and maximum is not None
        return FiveNumberEstimate((minimum + 2 * median + maximum) / 4, (maximum - minimum) / (2 * xi), "S1")
    if have_iqr:
        assert q1 is not None and q3 is not None
        return FiveNumberEstimate((q1 + median + q3) / 3, (q3 - q1) / (2 * eta), "S3")
    raise ValueError("need a range (minimum and maximum) or quartiles (q1 and q3)")


def log_ratio_of_means(
    m1: ArrayLike, sd1: ArrayLike, n1: ArrayLike, m2: ArrayLike, sd2: ArrayLike, n2: ArrayLike
) -> EffectSizes:
    """Log ratio of means ``log(m1/m2)``, ``v = sd1²/(n1 m1²) + sd2²/(n2 m2²)`` (metafor ``ROM``).

    For outcomes on a ratio scale such as milk volume: the pooled ``exp(estimate)`` is the factor
    by which the treated arm's mean exceeds the control's. Both means must be positive.
    Hedges LV, Gurevitch J, Curtis PS (1999) The meta-analysis of response ratios in experimental
    ecology, *Ecology* 80:1150–1156; Lajeunesse MJ (2011) *Ecology* 92:2049.

    >>> es = log_ratio_of_means([120], [30], [20], [100], [25], [20])
    >>> round(float(es.yi[0]), 6), round(float(es.vi[0]), 6)
    (0.182322, 0.00625)
    """
    m1a, s1, n1a, m2a, s2, n2a = map(_arr, (m1, sd1, n1, m2, sd2, n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        yi = np.log(m1a / m2a)
        vi = s1**2 / (n1a * m1a**2) + s2**2 / (n2a * m2a**2)
    return EffectSizes("ROM", yi, vi)


def mean_change(
    m_post: ArrayLike, m_pre: ArrayLike, sd_post: ArrayLike, sd_pre: ArrayLike, n: ArrayLike, r: ArrayLike
) -> EffectSizes:
    """Raw mean change ``m_post − m_pre``, ``v = (sd_post² + sd_pre² − 2 r sd_post sd_pre)/n`` (metafor ``MC``).

    ``r`` is the pre–post correlation (stated or assumed). Morris SB, DeShon RP (2002)
    *Psychol Methods* 7:105–125.

    >>> es = mean_change([14.8], [10.2], [4.9], [4.1], [12], [0.6])
    >>> round(float(es.yi[0]), 6), round(float(es.vi[0]), 6)
    (4.6, 1.392667)
    """
    mp, m0, s1, s0, na, ra = map(_arr, (m_post, m_pre, sd_post, sd_pre, n, r))
    return EffectSizes("MC", mp - m0, (s1**2 + s0**2 - 2 * ra * s1 * s0) / na)


#: Single-proportion measures (metafor ``escalc`` names).
PROPORTION_MEASURES = ("PR", "PLO", "PFT")


def proportion(measure: str, events: ArrayLike, n: ArrayLike, add: float = 0.5) -> EffectSizes:
    """One group's proportion ``x/n``, raw (``PR``), as a logit (``PLO``) or Freeman–Tukey (``PFT``).

    As metafor's ``escalc`` with its defaults (``add = 1/2``, ``to = "only0"``): ``PR`` and ``PLO``
    add ½ to the events and non-events of a study with ``x = 0`` or ``x = n`` (flagged in
    ``corrected``); ``PFT`` needs no correction.

    - ``PR``: ``p``, ``v = p(1−p)/n``;
    - ``PLO``: ``log(p/(1−p))``, ``v = 1/(n p) + 1/(n(1−p))``;
    - ``PFT``: ``½(asin √(x/(n+1)) + asin √((x+1)/(n+1)))``, ``v = 1/(4n + 2)``
      (Freeman MF, Tukey JW 1950, *Ann Math Stat* 21:607; Miller JJ 1978, *Am Stat* 32:138).

    Display on the proportion scale with :func:`back_transform`. Barendregt JJ et al. (2013)
    Meta-analysis of prevalence, *J Epidemiol Community Health* 67:974–978.

    >>> es = proportion("PLO", [45, 0], [100, 35])
    >>> [round(float(y), 6) for y in es.yi], es.corrected.tolist()
    ([-0.200671, -4.26268], [False, True])
    """
    m = measure.upper()
    x, na = map(_arr, (events, n))
    if m == "PFT":
        yi = 0.5 * (np.arcsin(np.sqrt(x / (na + 1))) + np.arcsin(np.sqrt((x + 1) / (na + 1))))
        return EffectSizes("PFT", yi, 1 / (4 * na + 2), corrected=np.zeros(len(x), dtype=bool))
    if m not in ("PR", "PLO"):
        raise ValueError(f"unknown proportion measure {measure!r}; use one of {PROPORTION_MEASURES}")
    zero = (x == 0) | (x == na)
    inc = np.where(zero, add, 0.0)
    xa, na2 = x + inc, na + 2 * inc
    p = xa / na2
    if m == "PR":
        return EffectSizes("PR", p, p * (1 - p) / na2, corrected=zero)
    return EffectSizes("PLO", np.log(p / (1 - p)), 1 / (na2 * p) + 1 / (na2 * (1 - p)), corrected=zero)


def pft_inverse(t: ArrayLike, n: float) -> FloatArray:
    """Miller's (1978) inverse of the Freeman–Tukey double arcsine for a sample size ``n``.

    ``p = ½(1 − sgn(cos 2t) √(1 − (sin 2t + (sin 2t − 1/sin 2t)/n)²))``, clipped to 0 and 1 outside
    the transform's range (metafor ``transf.ipft``).

    >>> round(float(pft_inverse(proportion("PFT", [45], [100]).yi, 100)[0]), 6)
    0.45
    """
    ta = _arr(t)
    s2 = np.sin(2 * ta)
    with np.errstate(divide="ignore", invalid="ignore"):
        inner = 1 - (s2 + (s2 - 1 / s2) / n) ** 2
        p = 0.5 * (1 - np.sign(np.cos(2 * ta)) * np.sqrt(inner))
    lo = float(proportion("PFT", [0.0], [n]).yi[0])
    hi = float(proportion("PFT", [n], [n]).yi[0])
    p = np.where(np.isnan(p), np.nan, p)
    p = np.where(ta > hi, 1.0, p)
    return np.where(ta < lo, 0.0, p)


def back_transform(measure: str, values: ArrayLike, n: ArrayLike | None = None) -> FloatArray:
    """Values of ``measure``'s scale shown on the natural scale, as metafor's ``predict(transf=)``.

    Ratio measures (``RR``, ``OR``, ``ROM``): ``exp``; ``PLO``: inverse logit; ``PFT``: Miller's
    inverse with the harmonic mean of the studies' ``n`` (metafor ``transf.ipft.hm``); other
    measures unchanged.

    >>> back_transform("PLO", [0.0]).tolist()
    [0.5]
    """
    m = measure.upper()
    v = _arr(values)
    if m in ("RR", "OR", "ROM"):
        return np.exp(v)
    if m == "PLO":
        return np.asarray(special.expit(v), dtype=np.float64)
    if m == "PFT":
        if n is None:
            raise ValueError("PFT back-transformation needs the studies' sample sizes")
        nn = _arr(n)
        return pft_inverse(v, float(1 / np.mean(1 / nn)))
    return v
