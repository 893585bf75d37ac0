"""Noncentral-t and noncentral-F intervals: R on 20 datasets, and property tests that nothing aborts.

Reference: r/stats/noncentral.R (output r/stats/noncentral.json) — R's ``t.test``,
``metafor::escalc("SMD")``, ``uniroot`` on ``pt(t, df, ncp)`` (with R's ``integrate`` where R's
``pt`` is documented inexact, |ncp| > 37.62) and ``effectsize::hedges_g`` / ``cohens_d``.
Eight of the 20 datasets made the previous search (``brentq`` on SciPy's ``nct.cdf``) abort.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from laktasi.stats import effects, independent, noncentral
from tests.stats.conftest import _load

NC = _load("noncentral.json")
CASES = sorted(NC)


def test_twenty_r_cases_include_the_old_crashes():
    assert len(CASES) == 20
    assert sum(name.startswith("crash") for name in CASES) == 8


@pytest.mark.parametrize("name", CASES)
def test_welch_and_hedges_g_match_r(name):
    ref = NC[name]
    r = independent.welch_t(ref["x"], ref["y"])
    assert r.statistic == pytest.approx(ref["welch_t"], rel=1e-10)
    assert r.df == pytest.approx(ref["welch_df"], rel=1e-10)
    assert r.p_value == pytest.approx(ref["welch_p"], rel=1e-8)
    assert (r.effect.ci_low, r.effect.ci_high) == pytest.approx(ref["welch_ci"], rel=1e-9)
    g = r.extra_effects[0]
    assert g.value == pytest.approx(ref["g"], rel=1e-10)  # metafor::escalc("SMD")
    assert (g.ci_low, g.ci_high) == pytest.approx(ref["g_ci"], abs=1e-8)  # uniroot on pt(ncp)


@pytest.mark.parametrize("name", CASES)
def test_cohens_dz_matches_r(name):
    ref = NC[name]
    e = effects.cohens_dz(ref["dz_diff"])
    assert e.value == pytest.approx(ref["dz"], rel=1e-10)
    assert (e.ci_low, e.ci_high) == pytest.approx(ref["dz_ci"], abs=1e-8)


@pytest.mark.parametrize("name", [n for n in CASES if n != "large_effect"])
def test_agrees_with_effectsize_where_r_pt_is_exact(name):
    # effectsize::hedges_g / cohens_d (0.8.3) search with pt() and a looser tolerance
    ref = NC[name]
    g = independent.welch_t(ref["x"], ref["y"]).extra_effects[0]
    assert (g.ci_low, g.ci_high) == pytest.approx(ref["effectsize_g_ci"], abs=2e-6)
    dz = effects.cohens_dz(ref["dz_diff"])
    assert (dz.ci_low, dz.ci_high) == pytest.approx(ref["effectsize_dz_ci"], abs=2e-6)


def test_issue_example_no_longer_aborts():
    # R: t.test(1:10, y = 7:20): t = -5.4349, df = 21.982, p-value = 1.855e-05
    r = independent.welch_t(np.arange(1, 11), np.arange(7, 21))
    assert round(r.statistic, 4) == -5.4349
    assert round(r.df, 3) == 21.982
    assert f"{r.p_value:.3e}" == "1.855e-05"
    g = r.extra_effects[0]
    assert math.isfinite(g.ci_low) and g.ci_low < g.value < g.ci_high < 0


def test_scipy_nan_region_uses_the_integral():
    # SciPy 1.17 returns NaN for P(T ≤ −5.6 | df 22, δ = 5); the true value is ~1e-17, not NaN
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert math.isnan(float(sps.nct.cdf(-5.6, 22, 5.0)))
    counter = noncentral._Counter()
    p = noncentral._nct_cdf(-5.6, 22, 5.0, counter)
    assert counter.n == 1 and 0 <= p < 1e-12
    # where SciPy is finite, the integral agrees with it
    for t, df, d in [(-5.6, 22, -8.0), (2.0, 3, 0.5), (30.0, 9, 25.0), (-1.0, 1.5, 0.0)]:
        assert noncentral.nct_cdf_integral(t, df, d) == pytest.approx(float(sps.nct.cdf(t, df, d)), abs=1e-9)


def test_ncf_mixture_agrees_with_scipy():
    for f, d1, d2, lam in [(3.0, 1, 20, 2.5), (0.2, 2, 7, 10.0), (25.0, 1, 5, 40.0), (1.0, 3, 100, 0.5)]:
        assert noncentral.ncf_cdf_mixture(f, d1, d2, lam) == pytest.approx(float(sps.ncf.cdf(f, d1, d2, lam)),
                                                                          abs=1e-10)


def test_undefined_inputs_give_nan():
    assert math.isnan(noncentral.nct_interval(math.nan, 5).low)
    assert math.isnan(noncentral.nct_interval(2.0, 0).high)
    assert math.isnan(noncentral.ncf_interval(-1.0, 1, 5).low)


def _check_nct(t: float, df: float) -> None:
    ci = noncentral.nct_interval(t, df)
    assert math.isfinite(ci.low) and math.isfinite(ci.high)
    assert ci.low < ci.high
    # the limits solve the defining equations (checked with the quadrature, independent of Boost)
    assert noncentral.nct_cdf_integral(t, df, ci.low) == pytest.approx(0.975, abs=1e-6)
    assert noncentral.nct_cdf_integral(t, df, ci.high) == pytest.approx(0.025, abs=1e-6)


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(t=st.floats(-400, 400, allow_nan=False), df=st.floats(0.5, 1e6, allow_nan=False))
def test_nct_interval_property(t, df):
    _check_nct(t, df)


groups = st.lists(st.integers(-30, 60), min_size=2, max_size=25)


@settings(max_examples=2000, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(x=groups, y=groups)
def test_two_arm_datasets_property(x, y):
    """Random integer change scores (the failing kind): welch_t, hedges_g, cohens_dz never raise and
    give finite intervals around the estimate whenever the estimate is defined."""
    r = independent.welch_t(x, y)
    g = r.extra_effects[0] if r.extra_effects else effects.hedges_g(x, y)
    if math.isfinite(g.value):
        assert math.isfinite(g.ci_low) and math.isfinite(g.ci_high)
        assert g.ci_low < g.value < g.ci_high
    if r.statistic is not None:
        assert math.isfinite(r.p_value)
    k = min(len(x), len(y))
    dz = effects.cohens_dz(np.asarray(y[:k], float) - np.asarray(x[:k], float))
    if math.isfinite(dz.value):
        assert dz.ci_low < dz.value < dz.ci_high


@settings(max_examples=400, derandomize=True, database=None, deadline=None)
@given(f=st.floats(0, 2000, allow_nan=False), df1=st.integers(1, 6), df2=st.floats(1, 5000, allow_nan=False))
def test_ncf_interval_property(f, df1, df2):
    ci = noncentral.ncf_interval(f, df1, df2)
    assert 0 <= ci.low <= ci.high and math.isfinite(ci.high)
    if ci.low > 0:
        assert noncentral.ncf_cdf_mixture(f, df1, df2, ci.low) == pytest.approx(0.975, abs=1e-6)
    else:  # F is at most at the 97.5th percentile of the central F
        assert float(sps.f.cdf(f, df1, df2)) <= 0.975 + 1e-9
    if ci.high > 0:
        assert noncentral.ncf_cdf_mixture(f, df1, df2, ci.high) == pytest.approx(0.025, abs=1e-6)


# ----------------------------------------------------------------- mutation-testing gaps (issue 13)


def test_interval_is_frozen():
    import dataclasses

    ci = noncentral.nct_interval(2.0, 10)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ci.low = 0.0  # type: ignore[misc]
    assert ci.fallback == 0  # SciPy's nctdtr is finite here: no backup evaluations


@pytest.mark.parametrize("level", [0.0, 1.0, -0.5, 1.5])
def test_a_level_outside_zero_one_gives_nan(level):
    assert math.isnan(noncentral.nct_interval(2.0, 10, level).low)
    assert math.isnan(noncentral.ncf_interval(4.0, 1, 10, level).high)
    # nothing was evaluated, so no evaluation came from a backup formula
    assert noncentral.nct_interval(2.0, 10, level).fallback == 0 == noncentral.ncf_interval(4.0, 1, 10, level).fallback


def test_undefined_degrees_of_freedom_give_nan():
    for df in (0.0, -1.0, math.inf, math.nan):
        assert math.isnan(noncentral.nct_interval(2.0, df).low)
    assert math.isnan(noncentral.ncf_interval(4.0, 0, 10).low) and math.isnan(noncentral.ncf_interval(4.0, 1, 0).low)
    assert math.isnan(noncentral.ncf_interval(math.inf, 1, 10).low)


def test_f_of_zero_has_both_limits_at_zero():
    # P(F ≤ 0 | λ) = 0 for every λ, below both targets: neither equation has a root with λ ≥ 0, so both
    # limits are 0 (the MBESS / effectsize convention the docstring states)
    ci = noncentral.ncf_interval(0.0, 2, 10)
    assert (ci.low, ci.high) == (0.0, 0.0)
    assert noncentral.ncf_cdf_mixture(0.0, 2, 10, 3.0) == 0.0 == noncentral.ncf_cdf_mixture(-1.0, 2, 10, 3.0)


def test_small_f_has_lower_limit_zero_and_upper_limit_solving_the_cdf():
    # F = 0.5 (df 2, 20): P(F ≤ 0.5 | λ = 0) ≈ 0.39 < 0.975, so the lower limit is 0; the upper solves
    # P(F ≤ 0.5 | λ) = 0.025 (SciPy's ncf as the reference)
    ci = noncentral.ncf_interval(0.5, 2, 20)
    assert float(sps.f.cdf(0.5, 2, 20)) < 0.975 and ci.low == 0.0
    assert float(sps.ncf.cdf(0.5, 2, 20, ci.high)) == pytest.approx(0.025, abs=1e-8)


def test_backup_formulas_give_the_same_limits(monkeypatch):
    # with SciPy's nctdtr / ncfdtr made to fail (NaN) everywhere, every evaluation goes to the quadrature
    # / Poisson-mixture backups, whose limits must equal the SciPy-based ones (two independent formulas)
    t_ci = noncentral.nct_interval(2.5, 12)
    f_ci = noncentral.ncf_interval(6.0, 2, 30)
    monkeypatch.setattr(noncentral, "nctdtr", lambda *a: math.nan)
    monkeypatch.setattr(noncentral, "ncfdtr", lambda *a: math.nan)
    t_bk = noncentral.nct_interval(2.5, 12)
    f_bk = noncentral.ncf_interval(6.0, 2, 30)
    assert (t_bk.low, t_bk.high) == pytest.approx((t_ci.low, t_ci.high), abs=1e-7)
    assert (f_bk.low, f_bk.high) == pytest.approx((f_ci.low, f_ci.high), abs=1e-7)
    assert t_ci.fallback == 0 and f_ci.fallback == 0
    assert t_bk.fallback > 10 and f_bk.fallback > 10  # every evaluation counted
    # a probability out of [0, 1] is as unusable as NaN
    monkeypatch.setattr(noncentral, "nctdtr", lambda *a: 1.5)
    assert noncentral.nct_interval(2.5, 12).low == pytest.approx(t_ci.low, abs=1e-7)


@pytest.mark.parametrize("nc", [0.0, 1.0, 2.5])
def test_f_distribution_function_at_small_noncentralities(nc):
    # λ = 0 is the central F; λ = 1 must not be (SciPy's ncf and the Poisson mixture as references)
    counter = noncentral._Counter()
    p = noncentral._ncf_cdf(2.0, 3, 12, nc, counter)
    assert p == pytest.approx(float(sps.ncf.cdf(2.0, 3, 12, nc)) if nc else float(sps.f.cdf(2.0, 3, 12)), abs=1e-10)
    assert p == pytest.approx(noncentral.ncf_cdf_mixture(2.0, 3, 12, nc), abs=1e-10)
