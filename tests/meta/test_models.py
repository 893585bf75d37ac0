"""laktasi.meta.models against R metafor 3.8.1 (r/meta/metafor_reference.R → metafor_reference.json)."""

from __future__ import annotations

import numpy as np
import pytest

from laktasi.meta import models

# (dataset path in the reference JSON, measure) — every estimator x test pair metafor fitted
CASES = [
    ("bcg", "RR"), ("bcg", "OR"), ("bcg", "RD"),
    ("normand1999", "MD"), ("normand1999", "SMD"),
    ("nielweise2007", "RR"), ("nielweise2007", "OR"), ("nielweise2007", "RD"),
    ("curtis1998", None), ("hackshaw1998", None), ("molloy2014", None),
]


def _data(ref, r_data, ds, meas):
    if ds == "hackshaw1998":
        d = r_data("hackshaw1998")
        return d.yi.to_numpy(), d.vi.to_numpy(), ref[ds]["fits"]
    if ds == "molloy2014":
        d = r_data("molloy2014")
        return d.yi.to_numpy(), d.vi.to_numpy(), ref[ds]["fits"]
    node = ref[ds][meas] if meas else ref[ds]
    return np.array(node["yi"]), np.array(node["vi"]), node["fits"]


@pytest.mark.parametrize(("ds", "meas"), CASES)
def test_every_estimator_matches_metafor(metafor_ref, r_data, close, ds, meas):
    yi, vi, fits = _data(metafor_ref, r_data, ds, meas)
    for key, r in fits.items():
        method, test = key.split("_")
        res = models.fit(yi, vi, method=method, hk=test == "knha")
        what = f"{ds} {meas} {key}"
        # metafor: rma(yi, vi, method=, test=) with predict() and confint() (Q-profile)
        close(res.estimate, r["estimate"], what=what + " estimate")
        close(res.se, r["se"], what=what + " se")
        close([res.ci_low, res.ci_high], [r["ci_lb"], r["ci_ub"]], what=what + " ci")
        close(res.statistic, r["zval"], what=what + " z/t")
        close(res.p_value, r["pval"], rel=1e-6, abs_=1e-300, what=what + " p")
        close(res.tau2, r["tau2"], what=what + " tau2")
        close(res.i2, r["I2"], what=what + " I2")
        close(res.h2, r["H2"], what=what + " H2")
        close(res.q, r["QE"], what=what + " Q")
        close(res.q_p, r["QEp"], abs_=1e-300, what=what + " Q p")
        close(res.weights, r["weights"], what=what + " weights %")
        if method == "FE":
            assert res.pi_low is None and res.pi_high is None and res.tau2 == 0
            assert res.se_tau2 is None
        else:
            close([res.pi_low, res.pi_high], [r["pi_lb"], r["pi_ub"]], what=what + " PI")
            close(res.se_tau2, r["se_tau2"], what=what + " se(tau2)")
            close(res.tau2_ci, r["tau2_ci"], what=what + " tau2 CI (Q-profile)")
            close(res.i2_ci, r["I2_ci"], what=what + " I2 CI")
        assert res.converged
        if method in ("REML", "ML"):
            assert res.iterations is not None and res.iterations >= 1


def test_bcg_reml_matches_published_metafor_example(metafor_ref):
    # Viechtbauer (2010, J Stat Softw 36(3), section 3.1): BCG log RR, REML: -0.7145 (SE 0.1798), tau2 0.3132
    res = models.fit(metafor_ref["bcg"]["RR"]["yi"], metafor_ref["bcg"]["RR"]["vi"], method="REML")
    assert round(res.estimate, 4) == -0.7145
    assert round(res.se, 4) == 0.1798
    assert round(res.tau2, 4) == 0.3132


def test_hk_prediction_interval_uses_t_with_k_minus_1_df(metafor_ref):
    # metafor predict() with test="knha" uses the CI's quantile: qt(.975, k - 1)
    node = metafor_ref["bcg"]["RR"]
    res = models.fit(node["yi"], node["vi"], method="REML", hk=True)
    assert res.ddf == 12
    from scipy import stats

    half = stats.t.isf(0.025, 12) * np.sqrt(res.se**2 + res.tau2)
    assert res.pi_high - res.estimate == pytest.approx(half, rel=1e-12)
    assert res.pi_high == pytest.approx(node["fits"]["REML_knha"]["pi_ub"], rel=1e-6)


@pytest.mark.parametrize("test", ["z", "knha"])
def test_meta_regression_on_latitude_matches_metafor(metafor_ref, r_data, close, test):
    bcg = r_data("bcg")
    node = metafor_ref["bcg"]["RR"]
    r = node[f"metareg_ablat_{test}"]
    res = models.meta_regression(node["yi"], node["vi"], bcg.ablat.to_numpy(), ("intercept", "ablat"),
                                 method="REML", hk=test == "knha")
    # metafor: rma(yi, vi, mods = ~ ablat, method = "REML", test = ...)
    close(res.beta, r["beta"], what="beta")
    close(res.se, r["se"], what="se")
    close(res.statistic, r["zval"], what="z")
    close(res.p_value, r["pval"], what="p")
    close(res.ci_low, r["ci_lb"], what="ci lb")
    close(res.ci_high, r["ci_ub"], what="ci ub")
    close(res.tau2, r["tau2"], what="tau2")
    close(res.i2, r["I2"], what="I2")
    close(res.q_residual, r["QE"], what="QE")
    close(res.q_residual_p, r["QEp"], what="QEp")
    close(res.q_moderators, r["QM"], what="QM")
    close(res.q_moderators_p, r["QMp"], what="QMp")
    close(res.r2, r["R2"], what="R2")
    assert res.converged


def test_meta_regression_ml_on_curtis_matches_metafor(metafor_ref, r_data, close):
    cur = r_data("curtis1998")
    r = metafor_ref["curtis1998"]["metareg_xtrt_ML"]
    node = metafor_ref["curtis1998"]
    # R's treatment coding of the factor xtrt: first level (alphabetical, 'FERT') is the reference
    levels = sorted(cur.xtrt.unique())
    x = np.column_stack([(cur.xtrt == lev).astype(float) for lev in levels[1:]])
    res = models.meta_regression(node["yi"], node["vi"], x, ("intercept", *levels[1:]), method="ML")
    close(res.beta, r["beta"], what="beta")
    close(res.se, r["se"], what="se")
    close(res.tau2, r["tau2"], what="tau2")
    close(res.q_moderators, r["QM"], what="QM")
    close(res.q_moderators_p, r["QMp"], what="QMp")
    assert res.q_moderators_df == 7
    close(res.q_residual, r["QE"], what="QE")


def test_q_statistic_by_hand():
    # independent enumeration: equal variances 0.04, mean 0.5 -> Q = (0.16 + 0 + 0.16)/0.04 = 8
    assert models.q_statistic([0.1, 0.5, 0.9], [0.04] * 3) == pytest.approx(8.0, rel=1e-12)


def test_no_heterogeneity_gives_zero_tau2_and_zero_ci():
    res = models.fit([0.3, 0.3, 0.3, 0.3], [0.1, 0.2, 0.1, 0.3], method="REML")
    assert res.tau2 == 0.0 and res.tau2_ci == (0.0, 0.0) and res.converged


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="unknown method"):
        models.fit([0.1, 0.2, 0.3], [0.1, 0.1, 0.1], method="XX")


@pytest.mark.parametrize("test", ["z", "knha"])
def test_riley_prediction_interval_t_k_minus_2(metafor_ref, close, test):
    node = metafor_ref["bcg"]["RR"]
    res = models.fit(node["yi"], node["vi"], method="REML", hk=test == "knha", pi_type="riley")
    r = node[f"pi_riley_REML_{test}"]  # metafor predict(rma(...), pi.type = "riley")
    close([res.pi_low, res.pi_high], [r["pi_lb"], r["pi_ub"]])
