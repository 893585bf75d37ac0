"""REML/ML convergence, order invariance and shift equivariance; the HE and SJ estimators; bad numbers.

Reference: r/meta/issue13_reference.R (metafor 3.8.1 ``rma``; REML/ML with ``control=list(stepadj=0.5)``
because plain Fisher scoring does not converge on this data set — metafor stops with an error).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laktasi.errors import InputError
from laktasi.meta.models import fit, meta_regression

YI = [0, 3, 0, 0, 0, 1, 1, 1, 1, 0, 2]
VI = [1, 3, 2, 2, 0.125, 1, 1, 1, 1, 2, 1]


@pytest.mark.parametrize("method", ["REML", "ML"])
@pytest.mark.parametrize("reverse", [False, True])
def test_step_halving_case_matches_metafor(ref13, close, method, reverse):
    r = ref13["step_halving"][method + ("_reversed" if reverse else "")]
    y, v = (YI[::-1], VI[::-1]) if reverse else (YI, VI)
    res = fit(y, v, method=method)
    assert res.converged
    close(res.tau2, r["tau2"], what="tau2")
    close(res.estimate, r["estimate"], what="estimate")
    close(res.se, r["se"], what="se")
    close(res.se_tau2, r["se_tau2"], what="se_tau2")
    close([res.pi_low, res.pi_high], [r["pi_lb"], r["pi_ub"]], what="PI")


def test_plain_fisher_scoring_fails_in_metafor_and_laktasi_halves_the_step(ref13):
    assert "did not converge" in ref13["step_halving"]["plain_fisher_scoring"]
    from laktasi.meta.models import estimate_tau2

    t = estimate_tau2(np.array(YI, float), np.array(VI, float), np.ones((11, 1)), "REML")
    assert t.converged and t.step == 0.5
    # the figures: metafor 0.551825 (tau2 0.100748), not 0.5490 / 0.5649 as before
    assert round(fit(YI, VI).estimate, 6) == 0.551825
    assert round(fit(YI[::-1], VI[::-1]).estimate, 6) == 0.551825


@pytest.mark.parametrize("method", ["ML", "REML"])
def test_monotone_walk_to_the_boundary_is_not_taken_for_oscillation(ref13, close, method):
    # found by the property test below: ML steps towards tau2 = 0 grow without alternating in sign;
    # metafor (plain Fisher scoring) converges there, so must laktasi
    d = ref13["boundary_ml"]
    res = fit(d["yi"], d["vi"], method=method)
    assert res.converged
    close(res.tau2, d[method]["tau2"], abs_=1e-9)
    close(res.estimate, d[method]["estimate"])
    close(res.se, d[method]["se"])


def _data(draw_y, draw_v):
    return np.array(draw_y, dtype=float), np.array(draw_v, dtype=float)


studies = st.integers(min_value=3, max_value=25).flatmap(
    lambda k: st.tuples(
        st.lists(st.floats(-5, 5, allow_nan=False, allow_infinity=False), min_size=k, max_size=k),
        st.lists(st.floats(0.01, 4, allow_nan=False, allow_infinity=False), min_size=k, max_size=k),
        st.permutations(list(range(k))),
        st.floats(-1000, 1000, allow_nan=False, allow_infinity=False),
    ))


@pytest.mark.parametrize("method", ["REML", "ML"])
@settings(max_examples=300, deadline=None, derandomize=True)
@given(data=studies)
def test_order_invariance_and_shift_equivariance(method, data):
    y_list, v_list, perm, shift = data
    y, v = _data(y_list, v_list)
    base = fit(y, v, method=method, tau2_ci=False)
    assert base.converged
    perm_fit = fit(y[perm], v[perm], method=method, tau2_ci=False)
    assert perm_fit.converged
    assert perm_fit.tau2 == pytest.approx(base.tau2, rel=1e-7, abs=1e-9)
    assert perm_fit.estimate == pytest.approx(base.estimate, rel=1e-7, abs=1e-9)
    shifted = fit(y + shift, v, method=method, tau2_ci=False)
    assert shifted.converged
    assert shifted.tau2 == pytest.approx(base.tau2, rel=1e-7, abs=1e-9)
    assert shifted.estimate - shift == pytest.approx(base.estimate, rel=1e-7, abs=1e-7)


@pytest.mark.parametrize("data", ["bcg", "normand", "stephalving"])
@pytest.mark.parametrize("method", ["HE", "SJ"])
@pytest.mark.parametrize("test", ["z", "knha"])
def test_he_sj_match_metafor(ref13, close, data, method, test):
    d = ref13["he_sj"][data]
    r = d[f"{method}_{test}"]
    res = fit(d["yi"], d["vi"], method=method, hk=test == "knha")
    for ours, theirs in (("tau2", "tau2"), ("se_tau2", "se_tau2"), ("estimate", "estimate"), ("se", "se"),
                         ("ci_low", "ci_lb"), ("ci_high", "ci_ub"), ("p_value", "pval"), ("i2", "I2"), ("h2", "H2"),
                         ("q", "QE"), ("pi_low", "pi_lb"), ("pi_high", "pi_ub")):
        close(getattr(res, ours), r[theirs], what=f"{data} {method} {test} {ours}")
    close(res.weights, r["weights"], what="weights")


@pytest.mark.parametrize("method", ["HE", "SJ"])
def test_he_sj_meta_regression_match_metafor(ref13, close, method):
    d = ref13["he_sj"]["bcg"]
    r = d[f"mods_{method}"]
    res = meta_regression(d["yi"], d["vi"], r["ablat"], method=method)
    close(res.beta, r["beta"], what="beta")
    close(res.se, r["se"], what="se")
    close(res.tau2, r["tau2"], what="tau2")
    close(res.q_moderators, r["QM"], what="QM")
    close(res.r2, r["R2"], what="R2")


@pytest.mark.parametrize(("yi", "vi"), [
    ([1e200, 2, 3], [0.1, 0.2, 0.1]),
    ([np.inf, np.inf], [np.inf, np.inf]),
    ([1, 2, np.nan], [0.1, 0.1, 0.1]),
    ([1, 2, 2], [1e-320, 1e-320, 1e300]),
    ([1, 2, 2], [1e-20, 1.0, 1.0]),
    ([1, 2], [0.0, 0.1]),
    ([1, 2], [-0.1, 0.1]),
    ([], []),
    ([1, 2], [0.1]),
])
@pytest.mark.parametrize("method", ["REML", "DL", "PM", "ML", "HE", "SJ", "FE"])
def test_unusable_numbers_are_a_clear_input_error(yi, vi, method):
    with pytest.raises(InputError) as e:
        fit(yi, vi, method=method)
    assert e.value.problems and all(p.text.id and p.text.en for p in e.value.problems)


@pytest.mark.parametrize("method", ["REML", "DL", "PM", "ML", "HE", "SJ", "FE"])
@pytest.mark.parametrize(("yi", "vi"), [
    ([1e50, -1e50, 0.0], [1e-6, 1e6, 1.0]),
    ([1e50, -1e50, 0.0], [1e50, 1e50, 1e50]),
    ([1e50, -1e50, 0.0], [1e-50, 1e-50, 1e-50]),
    ([1e-50, 2e-50, 0.0], [1e-50, 1e-50, 1e-50]),
    ([1e50, 1e50, 1e50], [1e-50, 1e-50, 1e-50]),
])
def test_extreme_but_allowed_numbers_stay_finite(method, yi, vi):
    r = fit(yi, vi, method=method, hk=method != "FE")
    assert np.isfinite([r.estimate, r.tau2]).all()
