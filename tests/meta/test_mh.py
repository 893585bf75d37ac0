"""Mantel-Haenszel against metafor rma.mh (r/meta/metafor_reference.json)."""

from __future__ import annotations

import math

import pytest

from laktasi.meta.mh import mantel_haenszel


@pytest.mark.parametrize("ds", ["bcg", "nielweise2007"])
@pytest.mark.parametrize("measure", ["RR", "OR", "RD"])
def test_mh_matches_rma_mh(metafor_ref, r_data, close, ds, measure):
    d = r_data(ds)
    if ds == "bcg":
        a, n1, c, n2 = d.tpos, d.tpos + d.tneg, d.cpos, d.cpos + d.cneg
    else:
        a, n1, c, n2 = d.ai, d.n1i, d.ci, d.n2i
    r = metafor_ref[ds][measure]["mh"]
    res = mantel_haenszel(measure, a, n1, c, n2)
    close(res.estimate, r["estimate"], what="estimate")
    close(res.se, r["se"], what="se")
    close([res.ci_low, res.ci_high], [r["ci_lb"], r["ci_ub"]], what="ci")
    close(res.statistic, r["zval"], what="z")
    close(res.p_value, r["pval"], abs_=1e-300, what="p")
    close(res.q, r["QE"], what="Q")
    close(res.q_p, r["QEp"], abs_=1e-300, what="Q p")
    close(res.i2, r["I2"], what="I2")
    close(res.weights, r["weights"], what="MH weights %")
    assert res.k == r["k"] and res.q_df == r["k_yi"] - 1


def test_mh_odds_ratio_by_hand():
    # two strata: R = 4*8/20 + 6*9/24 = 1.6 + 2.25; S = 6*2/20 + 6*3/24 = 0.6 + 0.75 -> OR = 3.85/1.35
    res = mantel_haenszel("OR", [4, 6], [10, 12], [2, 3], [10, 12])
    assert math.exp(res.estimate) == pytest.approx(3.85 / 1.35, rel=1e-12)
