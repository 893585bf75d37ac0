"""Hodges–Lehmann shift and interval against R ``wilcox.test(conf.int = TRUE)`` (r/stats/references.json)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from laktasi.stats import hodges_lehmann as hl
from laktasi.stats import independent, paired

PAIRED = ["noties", "negative", "seedlike", "ties_zeros", "mixed", "four", "few_ties", "few_ties4", "large"]
TWO = ["noties", "hedges_a", "hedges_b", "ordinal", "heavy", "volume", "seed_post", "tiny", "large"]

# R's warnings about the p-value do not apply: laktasi's signed-rank / rank-sum p is exact under ties.
_P_WARNINGS = {"cannot compute exact p-value with ties", "cannot compute exact p-value with zeroes"}


def _r_notes(ref: dict) -> list[str]:
    w = ref["warnings"]
    w = [w] if isinstance(w, str) else w
    return [m for m in w if m not in _P_WARNINGS]


def _method(ref: dict) -> str:
    return hl.EXACT_METHOD if "exact" in ref["method"] else hl.NORMAL_METHOD


@pytest.mark.parametrize("case", PAIRED)
def test_paired_matches_wilcox_test(rref, case):
    # R: wilcox.test(post, pre, paired = TRUE, conf.int = TRUE, tol.root = 1e-10); walsh_median: median of
    # the Walsh averages of the non-zero differences computed in R with outer()
    ref = rref["hodges_lehmann_paired"]["sets"][case]
    e = hl.hodges_lehmann_paired(np.subtract(ref["post"], ref["pre"], dtype=float))
    assert e.name == "hodges_lehmann"
    assert e.value == pytest.approx(ref["walsh_median"], abs=1e-12)
    assert (e.ci_low, e.ci_high) == pytest.approx(ref["ci"], abs=1e-9)
    assert e.ci_level == pytest.approx(ref["conf_level"], abs=1e-12)
    assert e.ci_method == _method(ref)
    assert [n for n in e.note.split("; ") if n] == _r_notes(ref)
    # R's default tol.root = 1e-4 puts its limits within that of the exact jump points
    assert (e.ci_low, e.ci_high) == pytest.approx(ref["ci_default"], abs=1e-4)


@pytest.mark.parametrize("case", ["noties", "four", "seedlike", "ties_zeros", "mixed"])
def test_paired_estimate_equals_r_estimate(rref, case):
    # R's estimate is median(Walsh) in the exact branch and the root of the statistic otherwise; the two
    # coincide when the number of Walsh averages is odd or the middle two are equal (these cases)
    ref = rref["hodges_lehmann_paired"]["sets"][case]
    e = hl.hodges_lehmann_paired(np.subtract(ref["post"], ref["pre"], dtype=float))
    assert e.value == pytest.approx(ref["estimate"], abs=1e-9)


def test_paired_all_differences_equal_has_no_interval(rref):
    ref = rref["hodges_lehmann_paired"]["sets"]["seed_intervention"]  # R: NaN interval, conf.level 0
    assert ref["ci"] == ["NaN", "NaN"] and ref["conf_level"] == 0
    e = hl.hodges_lehmann_paired(np.subtract(ref["post"], ref["pre"], dtype=float))
    assert e.value == ref["estimate"] == 2
    assert math.isnan(e.ci_low) and math.isnan(e.ci_high) and e.ci_level == 0
    assert e.note.split("; ") == _r_notes(ref)


@pytest.mark.parametrize("case", TWO)
def test_two_sample_matches_wilcox_test(rref, case):
    # R: wilcox.test(x, y, conf.int = TRUE, tol.root = 1e-10); diff_median: median(outer(x, y, "-")) in R
    ref = rref["hodges_lehmann_two_sample"]["sets"][case]
    e = hl.hodges_lehmann_two_sample(ref["x"], ref["y"])
    assert e.value == pytest.approx(ref["diff_median"], abs=1e-12)
    assert (e.ci_low, e.ci_high) == pytest.approx(ref["ci"], abs=1e-9)
    assert e.ci_level == pytest.approx(ref["conf_level"], abs=1e-12)
    assert e.ci_method == _method(ref)
    assert [n for n in e.note.split("; ") if n] == _r_notes(ref)
    assert (e.ci_low, e.ci_high) == pytest.approx(ref["ci_default"], abs=1e-4)


@pytest.mark.parametrize("case", ["noties", "hedges_a", "hedges_b", "ordinal", "heavy", "volume", "seed_post"])
def test_two_sample_estimate_equals_r_estimate(rref, case):
    ref = rref["hodges_lehmann_two_sample"]["sets"][case]  # R: wilcox.test(...)$estimate
    assert hl.hodges_lehmann_two_sample(ref["x"], ref["y"]).value == pytest.approx(ref["estimate"], abs=1e-9)


def test_attached_to_the_rank_tests(rref):
    ref = rref["hodges_lehmann_paired"]["sets"]["noties"]  # R: wilcox.test(..., paired = TRUE, conf.int = TRUE)
    w = paired.wilcoxon_signed_rank(ref["pre"], ref["post"])
    (e,) = w.extra_effects
    assert e.name == "hodges_lehmann" and e.value == pytest.approx(ref["estimate"])
    assert (e.ci_low, e.ci_high) == pytest.approx(ref["ci"], abs=1e-12)
    ref = rref["hodges_lehmann_two_sample"]["sets"]["volume"]  # R: wilcox.test(x, y, conf.int = TRUE)
    (e,) = independent.mann_whitney(ref["x"], ref["y"]).extra_effects
    assert (e.ci_low, e.ci_high) == pytest.approx(ref["ci"], abs=1e-9)


def test_exact_interval_is_order_statistics_of_walsh_averages_by_enumeration():
    # Independent check (Hollander & Wolfe 2014, §3.2): with n = 7 and no ties the 95% limits are the
    # C-th smallest and largest Walsh averages, C = largest c with P(T+ ≤ c − 1) ≤ 0.025, found here by
    # enumerating all 2**7 sign patterns.
    d = np.array([0.8, -1.3, 2.9, 4.1, 1.7, 3.4, -0.2])
    n = d.size
    t_null = sorted(sum(r for r, s in zip(range(1, n + 1), signs, strict=True) if s)
                    for signs in itertools.product((0, 1), repeat=n))
    c = max(c for c in range(1, 29) if sum(t <= c - 1 for t in t_null) / 2**n <= 0.025)
    walsh = sorted((d[i] + d[j]) / 2 for i in range(n) for j in range(i, n))
    e = hl.hodges_lehmann_paired(d)
    assert (e.ci_low, e.ci_high) == (walsh[c - 1], walsh[-c])
    assert e.value == np.median(walsh)


def test_selection_without_materialising_matches_sorting(monkeypatch):
    # The large-sample path (bisection with counting) must pick the same order statistics as sorting
    # all Walsh averages / differences; compared on data with many ties and decimals.
    rng = np.random.default_rng(7)
    cases = [(np.round(rng.normal(0, 3, n), k), np.round(rng.normal(1, 3, m), k))
             for n, m, k in [(80, 60, 1), (61, 75, 0), (90, 55, 2), (9, 13, 1)]]
    cases.append((rng.integers(0, 3, 70).astype(float), rng.integers(0, 3, 64).astype(float)))  # ordinal codes
    full = [(hl.hodges_lehmann_paired(x), hl.hodges_lehmann_two_sample(x, y)) for x, y in cases]
    monkeypatch.setattr(hl, "MATERIALISE_MAX", 0)
    for gather in ((8, 1 << 16), (8, 0), (0, 0)):  # select at once / bisect then select / bisect only
        monkeypatch.setattr(hl, "GATHER_PER_ROW", gather[0])
        monkeypatch.setattr(hl, "GATHER_MIN", gather[1])
        for (x, y), (p_full, t_full) in zip(cases, full, strict=True):
            for got, want in ((hl.hodges_lehmann_paired(x), p_full), (hl.hodges_lehmann_two_sample(x, y), t_full)):
                assert (got.value, got.ci_low, got.ci_high) == (want.value, want.ci_low, want.ci_high)


def test_degenerate_inputs():
    assert math.isnan(hl.hodges_lehmann_paired([0.0, 0.0]).value)
    assert math.isnan(hl.hodges_lehmann_two_sample([], [1.0]).value)
    e = hl.hodges_lehmann_two_sample([2.0, 2.0], [2.0, 2.0])  # R stops with an error here
    assert e.value == 0 and math.isnan(e.ci_low) and "tied" in e.note
