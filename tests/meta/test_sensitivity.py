"""Leave-one-out and subgroups against metafor leave1out and separate rma fits (r/meta/metafor_reference.json)."""

from __future__ import annotations

import numpy as np
import pytest

from laktasi.meta import models
from laktasi.meta.sensitivity import leave_one_out, subgroups


@pytest.mark.parametrize("ds", ["bcg", "hackshaw1998"])
def test_leave_one_out_matches_leave1out(metafor_ref, r_data, close, ds):
    if ds == "bcg":
        yi, vi, ref = metafor_ref["bcg"]["RR"]["yi"], metafor_ref["bcg"]["RR"]["vi"], metafor_ref["bcg"]["RR"]["bias"]
    else:
        h = r_data("hackshaw1998")
        yi, vi, ref = h.yi, h.vi, metafor_ref["hackshaw1998"]["bias"]
    r = ref["leave1out_REML"]
    loo = leave_one_out(yi, vi, method="REML")
    close(loo.estimate, r["estimate"], what="estimate")
    close(loo.se, r["se"], what="se")
    close(loo.ci_low, r["ci_lb"], what="ci lb")
    close(loo.ci_high, r["ci_ub"], what="ci ub")
    close(loo.p_value, r["pval"], abs_=1e-300, what="p")
    close(loo.q, r["Q"], what="Q")
    close(loo.q_p, r["Qp"], abs_=1e-300, what="Q p")
    close(loo.tau2, r["tau2"], what="tau2")
    close(loo.i2, r["I2"], what="I2")
    assert loo.converged.all()


def test_subgroups_by_allocation_match_separate_fits(metafor_ref, r_data, close):
    bcg = r_data("bcg")
    node = metafor_ref["bcg"]["RR"]
    ref = node["subgroup_alloc_REML"]
    sa = subgroups(node["yi"], node["vi"], list(bcg.alloc), method="REML")
    assert set(sa.names) == set(ref["groups"])
    for name, res in zip(sa.names, sa.results, strict=True):
        g = ref["groups"][name]
        assert res.k == g["k"]
        close(res.estimate, g["estimate"], what=name)
        close(res.se, g["se"], what=name)
        close(res.tau2, g["tau2"], what=name, abs_=1e-8)
        close(res.q, g["QE"], what=name)
    close(sa.q_between, ref["Qb"], what="Q between")
    close(sa.p_between, ref["Qb_p"], what="p between")
    assert sa.df_between == ref["Qb_df"]


def test_subgroups_curtis_functional_groups(metafor_ref, r_data, close):
    cur = r_data("curtis1998")
    node = metafor_ref["curtis1998"]
    ref = node["subgroup_fungrp_REML"]
    sa = subgroups(node["yi"], node["vi"], list(cur.fungrp), method="REML")
    for name, res in zip(sa.names, sa.results, strict=True):
        close(res.estimate, ref["groups"][name]["estimate"], what=name)
        close(res.tau2, ref["groups"][name]["tau2"], what=name, abs_=1e-8)
    close(sa.q_between, ref["Qb"])
    close(sa.p_between, ref["Qb_p"])


def test_leave_one_out_by_hand_fe():
    # FE pooled mean without each study, by direct weighted means (independent enumeration)
    yi, vi = np.array([0.1, 0.5, 0.9, 0.3]), np.array([0.02, 0.03, 0.04, 0.05])
    loo = leave_one_out(yi, vi, method="FE")
    for i in range(4):
        keep = np.arange(4) != i
        w = 1 / vi[keep]
        assert loo.estimate[i] == pytest.approx((w * yi[keep]).sum() / w.sum(), rel=1e-12)
        assert models.fit(yi[keep], vi[keep], method="FE").q == pytest.approx(loo.q[i], rel=1e-12)
