"""Influence diagnostics, cumulative meta-analysis and Baujat coordinates against metafor.

Reference: r/meta/issue13_reference.R — ``influence()``, ``cumul()`` and ``baujat()`` of ``rma`` on
dat.bcg (log risk ratios) with REML, DL and FE (metafor 3.8.1).
"""

from __future__ import annotations

import numpy as np
import pytest

from laktasi.meta.diagnostics import baujat, cumulative, influence


@pytest.mark.parametrize("method", ["REML", "DL", "FE"])
def test_influence_matches_metafor(ref13, close, method):
    d = ref13["diagnostics"]
    r = d[method]
    inf = influence(d["yi"], d["vi"], method=method)
    for ours, theirs in (("rstudent", "rstudent"), ("dffits", "dffits"), ("cook_d", "cook_d"), ("cov_r", "cov_r"),
                         ("tau2_del", "tau2_del"), ("q_del", "QE_del"), ("hat", "hat"), ("weight", "weight"),
                         ("dfbetas", "dfbs")):
        close(getattr(inf, ours), r[theirs], what=f"{method} {ours}")
    assert inf.influential.tolist() == r["is_infl"]


@pytest.mark.parametrize("method", ["REML", "DL", "FE"])
def test_cumulative_matches_metafor(ref13, close, method):
    d = ref13["diagnostics"]
    r = d[method]["cumul"]
    c = cumulative(d["yi"], d["vi"], method=method)
    for ours, theirs in (("estimate", "estimate"), ("se", "se"), ("statistic", "zval"), ("p_value", "pval"),
                         ("ci_low", "ci_lb"), ("ci_high", "ci_ub"), ("q", "Q"), ("q_p", "Qp"), ("tau2", "tau2")):
        if r[theirs] is None:  # FE: metafor has no tau2 column
            assert ours == "tau2" and method == "FE" and not c.tau2.any()
            continue
        close(getattr(c, ours), r[theirs], what=f"{method} {ours}")
    # metafor prints I² of the first (single-study) row as 0 for FE and NA otherwise; laktasi says NaN
    close(c.i2[1:], r["I2"][1:], what="I2")
    assert np.isnan(c.i2[0])


@pytest.mark.parametrize("method", ["REML", "DL", "FE"])
def test_baujat_matches_metafor(ref13, close, method):
    d = ref13["diagnostics"]
    b = baujat(d["yi"], d["vi"], method=method)
    close(b.x, d[method]["baujat"]["x"], what="x")
    close(b.y, d[method]["baujat"]["y"], what="y")


def test_too_few_studies_is_a_value_error():
    with pytest.raises(ValueError):
        influence([0.1, 0.2], [0.01, 0.01])
    with pytest.raises(ValueError):
        cumulative([], [])
