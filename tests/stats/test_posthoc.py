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
