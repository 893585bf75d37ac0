"""Kruskal–Wallis, Dunn's pairwise z tests and Holm's adjustment against R (r/stats/posthoc.R):
``kruskal.test``, Dunn (1964) written out in R, ``p.adjust(method = "holm")``."""

from __future__ import annotations

import dataclasses
import math

import pytest

from laktasi.stats import posthoc
from tests.stats.conftest import _load

PH = _load("posthoc.json")
SETS = sorted(k for k in PH if k != "holm")


@pytest.mark.parametrize("name", SETS)
def test_kruskal_wallis_matches_r(name):
    ref = PH[name]
    r = posthoc.kruskal_wallis(ref["y"], ref["g"])
    assert r.statistic == pytest.approx(ref["kw_h"], rel=1e-10)
    assert r.df == ref["kw_df"]
    assert r.p_value == pytest.approx(ref["kw_p"], rel=1e-9)


@pytest.mark.parametrize("name", SETS)
def test_dunn_holm_matches_r(name):
    ref = PH[name]
    d = posthoc.dunn(ref["y"], ref["g"])
    assert (d.method, d.adjust) == ("dunn", "holm")
    assert len(d.pairs) == len(ref["dunn"])
    for got, want in zip(d.pairs, ref["dunn"], strict=True):
        assert (got.first, got.second) == (want["first"], want["second"])
        assert got.statistic == pytest.approx(want["z"], rel=1e-10)
        assert got.estimate == pytest.approx(want["diff"], rel=1e-10)
        assert got.p_value == pytest.approx(want["p"], rel=1e-9)
        assert got.p_adjusted == pytest.approx(want["p_holm"], rel=1e-9)


def test_holm_matches_p_adjust():
    ref = PH["holm"]
    assert posthoc.holm(ref["p"]) == pytest.approx(ref["adjusted"], rel=1e-12)
    out = posthoc.holm([0.02, math.nan, 0.01])
    assert math.isnan(out[1]) and out[0] == pytest.approx(0.02) and out[2] == pytest.approx(0.02)
    assert posthoc.holm([]) == []


def test_results_are_frozen_and_ordered_by_request():
    ref = PH["three_arms_ml"]
    d = posthoc.dunn(ref["y"], ref["g"], order=["pijat_plus", "pijat", "kontrol"])
    assert [(p.first, p.second) for p in d.pairs] == [("pijat_plus", "pijat"), ("pijat_plus", "kontrol"),
                                                      ("pijat", "kontrol")]
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.pairs[0].p_value = 0.0  # type: ignore[misc]


def test_degenerate_inputs():
    assert posthoc.kruskal_wallis([1, 2, 3], ["a", "a", "a"]).statistic is None
    r = posthoc.kruskal_wallis([2, 2, 2, 2], ["a", "a", "b", "b"])
    assert r.statistic is None and "undefined" in r.note
    d = posthoc.dunn([2, 2, 2, 2, 2, 2], list("aabbcc"))
    assert all(math.isnan(p.statistic) and math.isnan(p.p_adjusted) for p in d.pairs)
    with pytest.raises(ValueError, match="entries"):
        posthoc.dunn([1, 2, 3], ["a", "b"])


def test_result_fields_and_messages():
    # the fields a report prints (found by mutation testing: mutmut on stats/posthoc.py)
    r = posthoc.kruskal_wallis([1, 2, 3, 4, 5, 6], list("aabbcc"))
    assert (r.test, r.p_method, r.n, r.df) == ("kruskal_wallis", "asymptotic", 6, 2.0)
    one = posthoc.kruskal_wallis([1, 2, 3], ["a", "a", "a"])
    assert (one.test, one.p_method, one.n, one.df, one.note) == ("kruskal_wallis", "asymptotic", 3, None,
                                                                 "fewer than two groups")
    flat = posthoc.kruskal_wallis([2, 2, 2, 2, 2, 2], list("aabbcc"))
    assert (flat.test, flat.p_method, flat.n, flat.df, flat.note) == ("kruskal_wallis", "asymptotic", 6, 2.0,
                                                                      "all values equal: H undefined")
    with pytest.raises(ValueError, match=r"^values has 3 entries, group has 2$"):
        posthoc.dunn([1, 2, 3], ["a", "b"])
    d = posthoc.dunn([1, 2, 3, 4], list("aabb"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.method = "x"  # type: ignore[misc]


def test_holm_single_and_capped():
    assert posthoc.holm([0.3]) == [0.3]  # R: p.adjust(0.3, "holm")
    assert posthoc.holm([0.6, 0.7]) == [1.0, 1.0]  # capped at 1


def test_dunn_two_single_values():
    # N = 2, one value per group: variance N(N+1)/12 = 0.5, z = (1 − 2)/√(0.5·2) = −1
    d = posthoc.dunn([1, 2], ["a", "b"])
    assert d.pairs[0].statistic == pytest.approx(-1.0)
    assert d.pairs[0].p_value == pytest.approx(0.31731050786291415)  # R: 2 * pnorm(-1)
