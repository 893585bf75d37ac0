"""Sample size and power for the designs a lactation study uses.

Each function solves for the sample size (give ``power``) or for the power (give ``n``) and
returns a frozen :class:`PowerResult`. Sample sizes are reported both as the exact real
solution (``n_exact``, what R ``pwr`` prints) and rounded up (``n``).

* :func:`paired_t` and :func:`two_sample_t` — noncentral t, both tails counted, exactly as
  R ``pwr::pwr.t.test`` (Cohen 1988);
* :func:`ancova` — two-sample t size times ``1 − ρ²`` for a pre–post correlation ρ
  (Borm, Fransen & Lemmens 2007);
* :func:`mcnemar` — Connor (1987) normal approximation for paired proportions;
* :func:`two_proportions` — Cohen's h with the normal approximation, as ``pwr::pwr.2p.test``.

Invalid arguments raise :class:`laktasi.errors.InputError` listing every problem.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
from scipy import optimize
from scipy import stats as sps

from laktasi.errors import InputError, Problem, Text

Alternative = Literal["two-sided", "one-sided"]
MAX_N = 10_000_000.0


@dataclass(frozen=True)
class PowerResult:
    """Sample size or power for one design; ``n`` counts ``unit`` (pairs or participants per group)."""

    design: str  # "paired_t" | "two_sample_t" | "ancova" | "mcnemar" | "two_proportions"
    solved_for: Literal["n", "power"]
    n: int  # sample size used / required (rounded up), in ``unit``
    n_exact: float  # real-valued solution (equals n when power was solved for)
    power: float  # achieved power at ``n`` (at ``n_exact`` when solving for n)
    alpha: float
    alternative: Alternative
    unit: Literal["pairs", "per_group"]
    n_total: int  # participants overall
    effect: dict[str, float] = field(default_factory=dict)  # inputs: d, rho, p1, p2, h, ...
    method: str = ""  # how it was computed, in one English phrase
    reference: str = ""  # the literature source
    target_power: float | None = None  # the power asked for, when solving for n
    exact_test_power: float | None = None  # McNemar: power of the exact (binomial) test at ``n``


def _problem(name: str, value: object, en: str, id_: str) -> Problem:
    return Problem("invalid_power_argument", Text(en=f"{name}: {en}", id=f"{name}: {id_}"), column=name, value=value)


def _check_common(n: float | None, power: float | None, alpha: float, min_n: float) -> list[Problem]:
    problems = []
    if (n is None) == (power is None):
        problems.append(Problem("invalid_power_argument", Text(
            en="give exactly one of --n (to compute power) or --power (to compute the sample size)",
            id="isi tepat satu: --n (untuk menghitung power) atau --power (untuk menghitung besar sampel)")))
    if not (0 < alpha < 1):
        problems.append(_problem("alpha", alpha, "must be between 0 and 1 (e.g. 0.05)",
                                 "harus di antara 0 dan 1 (mis. 0,05)"))
    if power is not None and not (alpha < power < 1):
        problems.append(_problem("power", power, "must be above alpha and below 1 (e.g. 0.8 for 80%)",
                                 "harus di atas alpha dan di bawah 1 (mis. 0,8 untuk 80%)"))
    if n is not None and not (math.isfinite(n) and n >= min_n):
        problems.append(_problem("n", n, f"must be at least {min_n:g}", f"minimal {min_n:g}"))
    return problems


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise InputError(problems)


def _solve_n(power_at: Callable[[float], float], target: float, low: float) -> float:
    """Smallest real n with power_at(n) = target (power increases with n)."""
    if power_at(low) >= target:
        return low
    high = max(2 * low, 4.0)
    while power_at(high) < target:
        high *= 2
        if high > MAX_N:
            raise InputError([Problem("power_unreachable", Text(
                en="the requested power needs more than 10 million participants; check the effect size",
                id="power yang diminta memerlukan lebih dari 10 juta peserta; periksa ukuran efek"))])
    return float(optimize.brentq(lambda x: power_at(x) - target, low, high, xtol=1e-10, rtol=1e-14))


def _nct_sf(q: float, df: float, ncp: float) -> float:
    """P(T > q) for a noncentral t; by integration over the chi-square where scipy's series gives NaN.

    scipy's ``nct.sf`` returns NaN for a large noncentrality at few degrees of freedom (d = 10 with
    two pairs). T = (Z + ncp) / sqrt(V / df) with V ~ chi²(df), so P(T > q) = E[Φ(ncp − q·sqrt(V/df))].
    """
    value = float(sps.nct.sf(q, df, ncp))
    if math.isfinite(value):
        return value
    from scipy import integrate

    def integrand(v: float) -> float:
        return float(sps.norm.sf(q * math.sqrt(v / df) - ncp) * sps.chi2.pdf(v, df))

    return float(min(1.0, max(0.0, integrate.quad(integrand, 0, math.inf, limit=200)[0])))


def _t_power(ncp: float, df: float, alpha: float, alternative: Alternative) -> float:
    if alternative == "one-sided":
        q = float(sps.t.isf(alpha, df))
        return _nct_sf(q, df, ncp)
    q = float(sps.t.isf(alpha / 2, df))
    lower = float(sps.nct.cdf(-q, df, ncp))
    if not math.isfinite(lower):
        lower = 1.0 - _nct_sf(-q, df, ncp)
    return min(1.0, _nct_sf(q, df, ncp) + lower)


def _z_power(shift: float, alpha: float, alternative: Alternative) -> float:
    if alternative == "one-sided":
        return float(sps.norm.sf(sps.norm.isf(alpha) - shift))
    z = float(sps.norm.isf(alpha / 2))
    return float(sps.norm.sf(z - shift) + sps.norm.cdf(-z - shift))


def _finish(design: str, n: float | None, power: float | None, power_at: Callable[[float], float],
            low: float, alpha: float, alternative: Alternative, unit: Literal["pairs", "per_group"],
            groups: int, effect: dict[str, float], method: str, reference: str) -> PowerResult:
    if power is not None:
        n_exact = _solve_n(power_at, power, low)
        n_int = max(math.ceil(n_exact - 1e-9), math.ceil(low))
        return PowerResult(design, "n", n_int, n_exact, power_at(float(n_int)), alpha, alternative, unit,
                           n_int * groups, effect, method, reference, target_power=power)
    assert n is not None
    return PowerResult(design, "power", math.ceil(n), float(n), power_at(float(n)), alpha, alternative, unit,
                       math.ceil(n) * groups, effect, method, reference)


def _check_d(d: float) -> list[Problem]:
    if not (math.isfinite(d) and d != 0):
        return [_problem("d", d, "the standardised effect must be a non-zero number (e.g. 0.5)",
                         "ukuran efek baku harus angka bukan nol (mis. 0,5)")]
    return []


def paired_t(d: float, n: float | None = None, power: float | None = None, alpha: float = 0.05,
             alternative: Alternative = "two-sided") -> PowerResult:
    """Pairs needed (or power) for a paired t-test with standardised mean difference ``d`` (= d_z).

    Reference: Cohen J (1988) *Statistical Power Analysis for the Behavioral Sciences*, 2nd ed.;
    equals R ``pwr::pwr.t.test(type = "paired")``.

    >>> r = paired_t(0.5, power=0.8)
    >>> r.n, round(r.n_exact, 3)
    (34, 33.367)
    """
    _raise(_check_d(d) + _check_common(n, power, alpha, 2))
    d = abs(d)

    def power_at(x: float) -> float:
        return _t_power(d * math.sqrt(x), x - 1, alpha, alternative)

    return _finish("paired_t", n, power, power_at, 2.0, alpha, alternative, "pairs", 1, {"d": d},
                   "noncentral t, df = n − 1", "Cohen (1988); R pwr::pwr.t.test(type = 'paired')")


def two_sample_t(d: float, n: float | None = None, power: float | None = None, alpha: float = 0.05,
                 alternative: Alternative = "two-sided") -> PowerResult:
    """Participants per group (equal groups) or power for a two-sample t-test with Cohen's ``d``.

    Reference: Cohen (1988); equals R ``pwr::pwr.t.test(type = "two.sample")``.

    >>> two_sample_t(0.5, power=0.8).n
    64
    """
    _raise(_check_d(d) + _check_common(n, power, alpha, 2))
    d = abs(d)

    def power_at(x: float) -> float:
        return _t_power(d * math.sqrt(x / 2), 2 * x - 2, alpha, alternative)

    return _finish("two_sample_t", n, power, power_at, 2.0, alpha, alternative, "per_group", 2, {"d": d},
                   "noncentral t, df = 2n − 2", "Cohen (1988); R pwr::pwr.t.test(type = 'two.sample')")


def ancova(d: float, rho: float, n: float | None = None, power: float | None = None, alpha: float = 0.05,
           alternative: Alternative = "two-sided") -> PowerResult:
    """Per-group size (or power) for ANCOVA of post adjusting for pre, with pre–post correlation ``rho``.

    Borm et al. (2007): ``n_ancova = n_ttest × (1 − ρ²)``, where ``n_ttest`` is the two-sample
    t-test size for ``d`` on the post measurement. For power at a given ``n``, the t-test power
    at the equivalent ``n / (1 − ρ²)`` is reported.

    Reference: Borm GF, Fransen J, Lemmens WAJG (2007) A simple sample size formula for
    analysis of covariance in randomized clinical trials. *J Clin Epidemiol* 60:1234–1238.

    >>> r = ancova(0.5, 0.6, power=0.8)
    >>> r.n, round(r.n_exact, 3)
    (41, 40.81)
    """
    problems = _check_d(d) + _check_common(n, power, alpha, 2)
    if not (math.isfinite(rho) and -1 < rho < 1):
        problems.append(_problem("rho", rho, "the pre–post correlation must be between −1 and 1",
                                 "korelasi pre–post harus di antara −1 dan 1"))
    _raise(problems)
    d = abs(d)
    factor = 1 - rho**2

    def power_at(x: float) -> float:
        m = x / factor
        return _t_power(d * math.sqrt(m / 2), 2 * m - 2, alpha, alternative)

    res = _finish("ancova", n, power, power_at, 2.0, alpha, alternative, "per_group", 2,
                  {"d": d, "rho": rho, "design_factor": factor},
                  "two-sample t size × (1 − ρ²)", "Borm, Fransen & Lemmens (2007) J Clin Epidemiol 60:1234")
    return res


def mcnemar(p_up: float, p_down: float, n: float | None = None, power: float | None = None,
            alpha: float = 0.05, alternative: Alternative = "two-sided", exact: bool = False) -> PowerResult:
    """Pairs needed (or power) for McNemar's test; ``p_up``/``p_down`` are the discordant proportions.

    ``p_up`` = P(no → yes), ``p_down`` = P(yes → no); ψ = p_up + p_down, δ = p_up − p_down:
    ``n = (z_{α/2} √ψ + z_β √(ψ − δ²))² / δ²``. ``exact_test_power`` gives the power of the
    exact test at ``n``; with ``exact=True`` the sample size is instead the smallest ``n`` from
    Connor's upwards at which the exact test reaches the target (exact power is saw-toothed in
    n, so a slightly larger n can fall below it again).

    Reference: Connor RJ (1987) Sample size for testing differences in proportions for the
    paired-sample design. *Biometrics* 43:207–211.

    >>> r = mcnemar(0.3, 0.1, power=0.8)
    >>> r.n, round(r.n_exact, 2)
    (77, 76.09)
    """
    problems = _check_common(n, power, alpha, 1)
    for name, v in (("p_up", p_up), ("p_down", p_down)):
        if not (math.isfinite(v) and 0 <= v <= 1):
            problems.append(_problem(name, v, "must be a proportion between 0 and 1",
                                     "harus proporsi di antara 0 dan 1"))
    if not problems and (p_up + p_down > 1 or p_up == p_down):
        problems.append(_problem("p_up", p_up, "the discordant proportions must differ and sum to at most 1",
                                 "kedua proporsi diskordan harus berbeda dan jumlahnya paling banyak 1"))
    _raise(problems)
    psi = p_up + p_down
    delta = abs(p_up - p_down)
    sd1 = math.sqrt(psi - delta**2)

    def power_at(x: float) -> float:
        za = float(sps.norm.isf(alpha if alternative == "one-sided" else alpha / 2))
        return float(sps.norm.cdf((delta * math.sqrt(x) - za * math.sqrt(psi)) / sd1))

    res = _finish("mcnemar", n, power, power_at, 1.0, alpha, alternative, "pairs", 1,
                  {"p_up": p_up, "p_down": p_down, "psi": psi, "delta": delta},
                  "normal approximation (Connor 1987)", "Connor (1987) Biometrics 43:207")
    if res.n > 100_000:
        return res
    exact_power = mcnemar_exact_power(p_up, p_down, res.n, alpha, alternative)
    if exact and power is not None:
        n_ex = res.n
        while exact_power < power and n_ex < 4 * res.n + 100:
            n_ex += 1
            exact_power = mcnemar_exact_power(p_up, p_down, n_ex, alpha, alternative)
        return replace(res, n=n_ex, n_exact=float(n_ex), n_total=n_ex, power=exact_power,
                       exact_test_power=exact_power, method="exact binomial test, power by enumeration")
    return replace(res, exact_test_power=exact_power)


def mcnemar_exact_power(p_up: float, p_down: float, n: int, alpha: float = 0.05,
                        alternative: Alternative = "two-sided") -> float:
    """Power of the *exact* McNemar test (binomial on discordant pairs) with ``n`` pairs, by enumeration.

    The number of discordant pairs M is Binomial(n, ψ); given M = m, the number of no → yes
    changes is Binomial(m, p_up/ψ) and the exact test rejects in both binomial tails of
    size ≤ α/2 each. Connor's formula is for the asymptotic test, so the exact test that
    ``laktasi analyze`` runs has a little less power at Connor's n. Reference: Connor (1987);
    Fagerland MW, Lydersen S, Laake P (2013) *BMC Med Res Methodol* 13:91 (exact McNemar).

    >>> round(mcnemar_exact_power(0.3, 0.1, 77), 4)
    0.7607
    """
    psi = p_up + p_down
    q = p_up / psi
    m = np.arange(n + 1)
    tail = alpha if alternative == "one-sided" else alpha / 2
    k = sps.binom.ppf(tail, m, 0.5)
    k = np.where(sps.binom.cdf(k, m, 0.5) > tail, k - 1, k)  # largest k with P(B ≤ k) ≤ tail
    hi_side = q >= 0.5
    if alternative == "one-sided":
        reject = np.where(k >= 0, sps.binom.sf(m - k - 1, m, q) if hi_side else sps.binom.cdf(k, m, q), 0.0)
    else:
        reject = np.where(k >= 0, sps.binom.cdf(k, m, q) + sps.binom.sf(m - k - 1, m, q), 0.0)
    return float(np.sum(sps.binom.pmf(m, n, psi) * reject))


def cohens_h(p1: float, p2: float) -> float:
    """Cohen's h = 2·asin(√p1) − 2·asin(√p2) (Cohen 1988, ch. 6; R ``pwr::ES.h``).

    >>> round(cohens_h(0.6, 0.4), 6)
    0.402716
    """
    return 2 * math.asin(math.sqrt(p1)) - 2 * math.asin(math.sqrt(p2))


def two_proportions(p1: float, p2: float, n: float | None = None, power: float | None = None,
                    alpha: float = 0.05, alternative: Alternative = "two-sided") -> PowerResult:
    """Per-group size (or power) to compare two independent proportions (arcsine, Cohen's h).

    Reference: Cohen (1988), ch. 6; equals R ``pwr::pwr.2p.test(h = ES.h(p1, p2))``.

    >>> two_proportions(0.6, 0.4, power=0.8).n
    97
    """
    problems = _check_common(n, power, alpha, 1)
    for name, v in (("p1", p1), ("p2", p2)):
        if not (math.isfinite(v) and 0 <= v <= 1):
            problems.append(_problem(name, v, "must be a proportion between 0 and 1",
                                     "harus proporsi di antara 0 dan 1"))
    if not problems and p1 == p2:
        problems.append(_problem("p2", p2, "must differ from p1", "harus berbeda dari p1"))
    _raise(problems)
    h = abs(cohens_h(p1, p2))

    def power_at(x: float) -> float:
        return _z_power(h * math.sqrt(x / 2), alpha, alternative)

    return _finish("two_proportions", n, power, power_at, 1.0, alpha, alternative, "per_group", 2,
                   {"p1": p1, "p2": p2, "h": h}, "normal approximation on Cohen's h",
                   "Cohen (1988); R pwr::pwr.2p.test")
