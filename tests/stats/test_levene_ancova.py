"""Levene's test (SPSS's center = mean, and Brown–Forsythe) and the ANCOVA exact-fit case.

Reference: R ``car::leveneTest`` (r/stats/levene.R, output r/stats/levene.json); for the exact fit,
R's own ``lm`` prints t = 7.7e15 with "essentially perfect fit" — laktasi must say "undefined".
"""

from __future__ import annotations

import math

import pytest

from laktasi.stats import independent
from tests.stats.conftest import _load

LV = _load("levene.json")
SETS = sorted(k for k in LV if k != "exact_fit")


@pytest.mark.parametrize("name", SETS)
def test_levene_matches_car(name):
    ref = LV[name]
    r = independent.levene(ref["y"], ref["g"], center="mean")
    assert r.statistic == pytest.approx(ref["f_mean"], rel=1e-10)
    assert r.df == ref["df2"]
    assert f"F on {ref['df1']} and {ref['df2']} df" in r.note
    assert r.p_value == pytest.approx(ref["p_mean"], rel=1e-9)
    bf = independent.levene(ref["y"], ref["g"], center="median")
    assert bf.statistic == pytest.approx(ref["f_median"], rel=1e-10)
    assert bf.p_value == pytest.approx(ref["p_median"], rel=1e-9)


def test_levene_undefined_and_bad_input():
    r = independent.levene([1, 1, 2, 2], ["a", "a", "b", "b"])  # every deviation 0
    assert r.statistic is None and math.isnan(r.p_value) and "undefined" in r.note
    assert independent.levene([1, 2], ["a", "b"]).statistic is None
    with pytest.raises(ValueError, match="center"):
        independent.levene([1, 2, 3], "abc", center="mode")


def test_ancova_exact_fit_is_undefined_not_1e15():
    ref = LV["exact_fit"]
    assert ref["r_t"] > 1e15 and ref["rss"] < 1e-20  # what R prints
    r = independent.ancova(ref["post"], ref["pre"], ref["arm"], "c")
    assert r.statistic is None and math.isnan(r.p_value)
    assert "residual variance is zero" in r.note
    assert r.effect is not None and r.effect.value == pytest.approx(1.0)
    assert math.isnan(r.effect.ci_low) and math.isnan(r.effect.ci_high)
    three = independent.ancova(ref["post"] + [5.0, 6.0], ref["pre"] + [1.0, 2.0], ref["arm"] + ["u", "u"], "c")
    assert three.statistic is None and math.isnan(three.p_value)  # the F test too


def test_ancova_nearly_exact_fit_still_computes():
    ref = LV["exact_fit"]
    post = list(ref["post"])
    post[0] += 0.01
    r = independent.ancova(post, ref["pre"], ref["arm"], "c")
    assert r.statistic is not None and math.isfinite(r.statistic) and r.p_value < 1e-6
