"""Boundaries and defaults of laktasi.meta.models pinned by the issue-13 mutation run (mutmut 2.5.1, seed 13).

References: the documented input limits (|y| ≤ 1e50, 1e-50 ≤ v ≤ 1e50, variance ratio ≤ 1e12) and
closed-form values computed in the tests; metafor 3.8.1 values from r/meta/ where named.
"""

from __future__ import annotations

import pytest

from laktasi.errors import InputError
from laktasi.meta.models import check_effects


def _codes(yi, vi):
    with pytest.raises(InputError) as e:
        check_effects(yi, vi)
    return [p.code for p in e.value.problems]


def test_variance_limits_are_exactly_1e_minus50_and_1e50():
    # the documented range is closed: both ends accepted, anything past them rejected per study
    y, v = check_effects([0.0, 0.0], [1e50, 1e50])
    assert v.tolist() == [1e50, 1e50]
    check_effects([0.0, 0.0], [1e-50, 1e-50])
    assert _codes([0.0, 0.0], [1.5e50, 1e50]) == ["variance_out_of_range"]
    assert _codes([0.0, 0.0], [1e-50, 0.5e-50]) == ["variance_out_of_range"]


def test_bad_effect_message_names_the_study_and_the_limit_in_both_languages():
    with pytest.raises(InputError) as e:
        check_effects([0.0, float("inf")], [1.0, 1.0])
    (p,) = e.value.problems
    assert p.code == "effect_out_of_range"
    assert p.message("en") == "study 2: the effect inf is not a finite number within ±1e50"
    assert p.message("id") == "studi 2: efek inf bukan angka terhingga dalam batas ±1e50"


def test_ml_stationary_point_worse_than_zero_gives_tau2_zero():
    # Fisher scoring from the HE start converges to a local maximum of the ML likelihood (τ² ≈ 0.97);
    # the global maximum is at τ² = 0 (metafor's check). Reference: the profile log-likelihood
    # −½Σlog(vᵢ+τ²) − ½Σwᵢ(yᵢ−μ̂)² evaluated here on a fine grid.
    import numpy as np

    from laktasi.meta.models import fit

    y = np.array([3.28, -0.155, 0.234, 0.401])
    v = np.array([0.639, 0.673, 0.00223, 0.101])

    def loglik(t):
        w = 1 / (v + t)
        mu = (w * y).sum() / w.sum()
        return -0.5 * np.log(v + t).sum() - 0.5 * (w * (y - mu) ** 2).sum()

    grid = np.linspace(0, 10, 100_001)
    ll = np.array([loglik(t) for t in grid])
    assert grid[ll.argmax()] == 0.0
    inner = ll[5_000:20_001]  # τ² in [0.5, 2]: a second, lower maximum
    t_local = grid[5_000 + inner.argmax()]
    assert 0.6 < t_local < 1.5 and inner.max() < ll[0] - 0.01
    res = fit(y, v, method="ML")
    assert res.tau2 == 0.0 and res.converged
    assert res.estimate == pytest.approx((y / v).sum() / (1 / v).sum(), rel=1e-12)


def _explicit_p(w, x):
    # P = W − WX(X'WX)⁻¹X'W formed as a k × k matrix (the code never forms it)
    import numpy as np

    wm = np.diag(w)
    return wm - wm @ x @ np.linalg.inv(x.T @ wm @ x) @ x.T @ wm


def test_meta_regression_tau2_standard_errors_use_trace_of_pp():
    # REML: score y'PPy − tr(P) = 0 at τ̂², SE = √(2/tr(PP)); DL: SE from tr(P), tr(PP) at τ² = 0
    # (metafor's formulas), every trace from the explicit k × k projection
    import numpy as np

    from laktasi.meta.models import estimate_tau2

    y = np.array([0.1, 1.5, 0.9, -0.6, 0.6, 1.4, -0.3, 1.8])
    v = np.array([0.02, 0.03, 0.04, 0.02, 0.05, 0.03, 0.04, 0.06])
    x = np.column_stack([np.ones(8), [1, 2, 3, 1, 2, 4, 0, 1]])
    k, p = x.shape
    reml = estimate_tau2(y, v, x, "REML")
    pm = _explicit_p(1 / (v + reml.tau2), x)
    assert reml.tau2 > 0 and reml.converged
    assert y @ pm @ pm @ y - np.trace(pm) == pytest.approx(0, abs=1e-8)
    assert reml.se_tau2 == pytest.approx(np.sqrt(2 / np.trace(pm @ pm)), rel=1e-9)
    dl = estimate_tau2(y, v, x, "DL")
    p0 = _explicit_p(1 / v, x)
    trp, trpp = np.trace(p0), np.trace(p0 @ p0)
    t = max(0.0, (y @ p0 @ y - (k - p)) / trp)
    assert dl.tau2 == pytest.approx(t, rel=1e-10)
    assert dl.se_tau2 == pytest.approx(np.sqrt((2 * (k - p) + 4 * t * trp + 2 * t**2 * trpp) / trp**2), rel=1e-10)


def test_one_study_fixed_effect_has_no_heterogeneity():
    # k = 1: Q = 0 on 0 df; metafor reports I² = 0, H² = 1
    from laktasi.meta.models import fit

    res = fit([0.4], [0.09], method="FE")
    assert (res.q, res.q_df, res.i2, res.h2, res.q_p) == (0.0, 0, 0.0, 1.0, 1.0)
    assert (res.estimate, res.se) == (0.4, pytest.approx(0.3, rel=1e-12))


def test_one_study_random_effects_has_no_heterogeneity():
    from laktasi.meta.models import fit

    res = fit([0.4], [0.09], method="REML")
    assert (res.tau2, res.i2, res.h2, res.q_df, res.tau2_ci) == (0.0, 0.0, 1.0, 0, None)


def test_two_studies_get_a_q_profile_tau2_interval_in_closed_form():
    # k = 2: Q(τ²) = (y₁ − y₂)²/(v₁ + v₂ + 2τ²) on 1 df, so each bound is (d²/χ² − v₁ − v₂)/2
    from scipy import stats

    from laktasi.meta.models import fit

    y, v = [0.0, 1.2], [0.04, 0.06]
    res = fit(y, v, method="REML")
    d2 = 1.2**2
    lo = (d2 / stats.chi2.isf(0.025, 1) - 0.1) / 2
    hi = (d2 / stats.chi2.ppf(0.025, 1) - 0.1) / 2
    assert res.tau2_ci is not None
    assert res.tau2_ci == (pytest.approx(lo, rel=1e-9), pytest.approx(hi, rel=1e-9))
    assert res.tau2 == pytest.approx((d2 - 0.1) / 2, rel=1e-9)  # REML for k = 2: Q(τ²) = 1


def test_reml_plain_scoring_runs_to_the_default_cap_of_1000_then_halves():
    # plain Fisher scoring neither converges nor widens here; it stops after maxiter + 1 = 1001 steps,
    # the halved-step run converges to the REML maximum (reference: the restricted log-likelihood
    # −½Σlog(vᵢ+τ²) − ½log Σwᵢ − ½Σwᵢ(yᵢ−μ̂)² on a grid of step 1e-6)
    import numpy as np

    from laktasi.meta.models import fit

    y = np.array([-0.33, 0.14, 0.08, -0.03, -0.13, -0.37, -0.09, 0.11, -0.13])
    v = np.array([0.457, 3.268, 0.001, 0.093, 4.872, 0.004, 0.227, 0.847, 0.272])

    def restricted(t):
        w = 1 / (v + t)
        mu = (w * y).sum() / w.sum()
        return -0.5 * np.log(v + t).sum() - 0.5 * np.log(w.sum()) - 0.5 * (w * (y - mu) ** 2).sum()

    grid = np.linspace(0, 0.2, 200_001)
    best = grid[np.argmax([restricted(t) for t in grid])]
    res, capped = fit(y, v), fit(y, v, maxiter=10)
    assert res.converged and capped.converged
    assert res.tau2 == pytest.approx(best, abs=2e-6) and capped.tau2 == pytest.approx(res.tau2, rel=1e-9)
    # the same halved run follows either cap: 1001 vs 11 plain steps before it
    assert res.iterations - capped.iterations == 1001 - 11


def test_meta_regression_reml_runs_to_the_default_cap_of_1000_then_halves():
    # as above with a moderator flagging study 2; reference: the restricted log-likelihood
    # −½Σlog(vᵢ+τ²) − ½log det(X'WX) − ½y'Py on a grid of step 1e-6
    import numpy as np

    from laktasi.meta.models import meta_regression

    y = np.array([-0.33, 0.14, 0.08, -0.03, -0.13, -0.37, -0.09, 0.11, -0.13])
    v = np.array([0.457, 3.268, 0.001, 0.093, 4.872, 0.004, 0.227, 0.847, 0.272])
    mods = [0, 1, 0, 0, 0, 0, 0, 0, 0]
    x = np.column_stack([np.ones(9), mods])

    def restricted(t):
        w = 1 / (v + t)
        pm = _explicit_p(w, x)
        return -0.5 * np.log(v + t).sum() - 0.5 * np.linalg.slogdet(x.T @ (x * w[:, None]))[1] - 0.5 * y @ pm @ y

    grid = np.linspace(0.03, 0.07, 40_001)
    best = grid[np.argmax([restricted(t) for t in grid])]
    res, capped = meta_regression(y, v, mods), meta_regression(y, v, mods, maxiter=10)
    assert res.converged and capped.converged
    assert res.tau2 == pytest.approx(best, abs=2e-6) and capped.tau2 == pytest.approx(res.tau2, rel=1e-9)
    assert res.iterations - capped.iterations == 1001 - 11
