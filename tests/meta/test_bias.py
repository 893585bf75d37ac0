"""Egger, Begg and trim-and-fill against metafor regtest/ranktest/trimfill (r/meta/metafor_reference.json)."""

from __future__ import annotations

import numpy as np
import pytest

from laktasi.meta.bias import egger_test, rank_test, trim_and_fill


def _sets(ref, r_data):
    h = r_data("hackshaw1998")
    m = r_data("molloy2014")
    return {
        "bcg": (np.array(ref["bcg"]["RR"]["yi"]), np.array(ref["bcg"]["RR"]["vi"]), ref["bcg"]["RR"]["bias"]),
        "hackshaw1998": (h.yi.to_numpy(), h.vi.to_numpy(), ref["hackshaw1998"]["bias"]),
        "molloy2014": (m.yi.to_numpy(), m.vi.to_numpy(), ref["molloy2014"]["bias"]),
    }


@pytest.mark.parametrize("ds", ["bcg", "hackshaw1998", "molloy2014"])
@pytest.mark.parametrize("method", ["FE", "REML", "DL"])
def test_egger_matches_regtest(metafor_ref, r_data, close, ds, method):
    yi, vi, ref = _sets(metafor_ref, r_data)[ds]
    r = ref[method]["regtest_rma"]
    res = egger_test(yi, vi, method=method)
    close(res.statistic, r["zval"], what="z")
    close(res.p_value, r["pval"], what="p")
    close(res.limit_estimate, r["est"], what="limit estimate")
    close([res.limit_ci_low, res.limit_ci_high], [r["ci_lb"], r["ci_ub"]], what="limit CI")
    r = ref[method]["regtest_lm"]
    res = egger_test(yi, vi, model="lm")
    close(res.statistic, r["zval"], what="t (lm)")
    close(res.p_value, r["pval"], what="p (lm)")
    assert res.ddf == r["df"]


@pytest.mark.parametrize("ds", ["bcg", "hackshaw1998", "molloy2014"])
def test_begg_matches_ranktest(metafor_ref, r_data, close, ds):
    yi, vi, ref = _sets(metafor_ref, r_data)[ds]
    res = rank_test(yi, vi)
    close(res.tau, ref["ranktest"]["tau"], what="Kendall tau")
    close(res.p_value, ref["ranktest"]["pval"], what="p")


def test_begg_exactness_follows_ties(metafor_ref, r_data):
    sets = _sets(metafor_ref, r_data)
    assert rank_test(*sets["bcg"][:2]).exact  # no ties: exact Kendall distribution, as R
    assert not rank_test(*sets["molloy2014"][:2]).exact  # two equal variances: normal approximation, as R


@pytest.mark.parametrize("ds", ["bcg", "hackshaw1998", "molloy2014"])
@pytest.mark.parametrize("method", ["FE", "REML", "DL"])
def test_trimfill_matches_metafor(metafor_ref, r_data, close, ds, method):
    yi, vi, ref = _sets(metafor_ref, r_data)[ds]
    r = ref[method]["trimfill"]
    res = trim_and_fill(yi, vi, method=method)
    assert res.k0 == r["k0"]
    assert res.side == r["side"]
    close(res.se_k0, r["se_k0"], what="se k0")
    close(res.result.estimate, r["estimate"], what="filled estimate")
    close(res.result.se, r["se"], what="filled se")
    close([res.result.ci_low, res.result.ci_high], [r["ci_lb"], r["ci_ub"]], what="filled CI")
    close(res.result.tau2, r["tau2"], what="filled tau2")
    fill = np.array(r["fill"], dtype=bool)
    close(res.filled_yi, np.array(r["yi"])[fill], what="filled yi")
    close(res.filled_vi, np.array(r["vi"])[fill], what="filled vi")


def test_trimfill_symmetric_funnel_fills_nothing():
    # a perfectly symmetric set: every study has a mirror image about 0.5
    yi = np.array([0.2, 0.8, 0.4, 0.6, 0.5])
    vi = np.array([0.04, 0.04, 0.02, 0.02, 0.01])
    assert trim_and_fill(yi, vi, method="FE").k0 == 0


def test_begg_switches_to_normal_approximation_for_many_studies():
    # above EXACT_KENDALL_MAX_K the tie-corrected normal approximation is used; without ties it is the
    # classical z = S / sqrt(n(n-1)(2n+5)/18) (Kendall 1938), with S enumerated directly over all pairs
    from scipy import stats

    from laktasi.meta.bias import EXACT_KENDALL_MAX_K

    rng = np.random.default_rng(7)
    k = EXACT_KENDALL_MAX_K + 1
    vi = rng.uniform(0.01, 0.5, k)
    yi = rng.normal(0.3, np.sqrt(vi + 0.05))
    res = rank_test(yi, vi)
    assert not res.exact
    w = 1 / vi
    ystar = (yi - (w * yi).sum() / w.sum()) / np.sqrt(vi - 1 / w.sum())
    i, j = np.triu_indices(k, 1)
    s = np.sum(np.sign(ystar[i] - ystar[j]) * np.sign(vi[i] - vi[j]))
    z = s / np.sqrt(k * (k - 1) * (2 * k + 5) / 18)
    assert res.p_value == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-10)
    assert res.tau == pytest.approx(s / (k * (k - 1) / 2), rel=1e-12)
