"""ROM, single proportions (PR, PLO, PFT) with metafor's back-transformations, raw mean change.

Reference: r/meta/issue13_reference.R (metafor 3.8.1 ``escalc``, ``rma``, ``predict(transf=)``).
"""

from __future__ import annotations

import numpy as np
import pytest

from laktasi.meta.effects import back_transform, log_ratio_of_means, mean_change, pft_inverse, proportion
from laktasi.meta.models import fit


def test_rom_matches_escalc_and_exp_prediction(ref13, close):
    r = ref13["rom"]
    es = log_ratio_of_means(r["m1i"], r["sd1i"], r["n1i"], r["m2i"], r["sd2i"], r["n2i"])
    close(es.yi, r["yi"], what="yi")
    close(es.vi, r["vi"], what="vi")
    res = fit(es.yi, es.vi)
    close(res.estimate, r["fit"]["estimate"])
    close(res.tau2, r["fit"]["tau2"])
    e = r["exp"]
    close(back_transform("ROM", [res.estimate, res.ci_low, res.ci_high, res.pi_low, res.pi_high]),
          [e["pred"], e["ci_lb"], e["ci_ub"], e["pi_lb"], e["pi_ub"]])


@pytest.mark.parametrize("measure", ["PR", "PLO", "PFT"])
def test_proportions_match_escalc_and_back_transformation(ref13, close, measure):
    p = ref13["proportions"]
    r = p[measure]
    es = proportion(measure, p["xi"], p["ni"])
    close(es.yi, r["yi"], what="yi")
    close(es.vi, r["vi"], what="vi")
    res = fit(es.yi, es.vi)
    for ours, theirs in (("estimate", "estimate"), ("se", "se"), ("tau2", "tau2"), ("ci_low", "ci_lb"),
                         ("pi_high", "pi_ub")):
        close(getattr(res, ours), r["fit"][theirs], what=ours)
    b = r["back"]
    close(back_transform(measure, [res.estimate, res.ci_low, res.ci_high, res.pi_low, res.pi_high], p["ni"]),
          [b["pred"], b["ci_lb"], b["ci_ub"], b["pi_lb"], b["pi_ub"]], what="back-transformed")
    close(back_transform(measure, es.yi, p["ni"]), r["study_back"], what="per-study back-transformed")


def test_zero_and_all_events_are_corrected_only_for_pr_and_plo():
    assert proportion("PLO", [0, 5, 40], [35, 10, 40]).corrected.tolist() == [True, False, True]
    assert not proportion("PFT", [0, 5, 40], [35, 10, 40]).corrected.any()


def test_pft_inverse_round_trip_and_clipping():
    n = np.array([10, 50, 200])
    for x, m in ((3, 10), (25, 50), (199, 200)):
        t = proportion("PFT", [x], [m]).yi
        assert float(pft_inverse(t, m)[0]) == pytest.approx(x / m, abs=1e-12)
    assert pft_inverse([-1.0], 50).tolist() == [0.0]
    assert pft_inverse([2.0], 50).tolist() == [1.0]
    with pytest.raises(ValueError):
        back_transform("PFT", [0.5], None)
    assert back_transform("MD", [1.5], n).tolist() == [1.5]


def test_mean_change_matches_escalc_mc(ref13, close):
    t = ref13["prepost"]["table"]
    es = mean_change(t["mean_post_t"], t["mean_pre_t"], t["sd_post_t"], t["sd_pre_t"], t["n_t"], t["r"])
    mc = ref13["prepost"]["MC"]
    one = [x is None for x in t["n_c"]]
    close(es.yi[one], np.array(mc["yi"])[one])
    close(es.vi[one], np.array(mc["vi"])[one])
