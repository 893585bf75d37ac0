"""Fisher–Freeman–Halton: exact wherever R's fisher.test is, Monte Carlo (stated) beyond, never χ².

References: R ``fisher.test(workspace = 2e8)`` and ``chisq.test`` (r/stats/fisher_rxc.R, output
r/stats/fisher_rxc.json), including the help page's job-satisfaction table (4×4, N = 96, exact
p = 0.7827, χ² 0.7434); brute-force enumeration with exact fractions (tests/stats/brute.py).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laktasi.stats import exact, fisher_rxc, independent
from tests.stats import brute
from tests.stats.conftest import _load

FR = _load("fisher_rxc.json")


@pytest.mark.parametrize("name", sorted(FR))
def test_matches_r_fisher_test(name):
    ref = FR[name]
    r = independent.fisher_exact(ref["table"])
    assert r.p_method == "exact"
    assert r.p_value == pytest.approx(ref["p_value"], rel=1e-9)
    assert r.n_tables is not None and r.n_tables >= 1


def test_job_satisfaction_is_exact_not_chi_square():
    ref = FR["job"]
    r = independent.fisher_exact(ref["table"])
    assert round(r.p_value, 4) == 0.7827 and r.p_method == "exact"
    assert round(ref["chisq_p"], 4) == 0.7434  # what the old fallback printed
    assert r.n_tables == 90_208_550  # counted exactly (the old product bound refused it)
    assert fisher_rxc.ffh_test(ref["table"]).method == "network"


def test_network_and_enumeration_agree_where_both_run():
    for name in ("arms3_levels4", "wide_2x6_n60", "arms4_levels3", "sparse_4x4_n30"):
        t = FR[name]["table"]
        enum = exact.enumerate_tables(t)
        net = fisher_rxc.network_p(t, with_min_p=True)
        assert net is not None and enum is not None
        assert net[0] == pytest.approx(enum.p_value(), rel=1e-10)
        assert net[1] == pytest.approx(enum.min_p(), rel=1e-9)


small_tables = st.integers(2, 3).flatmap(
    lambda r: st.integers(2, 4).flatmap(
        lambda c: st.lists(st.lists(st.integers(0, 4), min_size=c, max_size=c), min_size=r, max_size=r)))


@settings(max_examples=80, derandomize=True, database=None, deadline=None)
@given(table=small_tables)
def test_property_counts_and_p_equal_brute_force(table):
    t = np.asarray(table)
    if (t.sum(axis=1) == 0).any() or (t.sum(axis=0) == 0).any():
        return
    rows, cols = t.sum(axis=1).tolist(), t.sum(axis=0).tolist()
    assert exact.count_tables(t) == len(brute._tables(rows, cols))
    p_brute = brute.fisher_p(table)
    assert fisher_rxc.ffh_test(t).p_value == pytest.approx(p_brute, rel=1e-9)
    assert fisher_rxc.network_p(t)[0] == pytest.approx(p_brute, rel=1e-9)


def test_count_is_exact_and_bound_is_loose():
    t = FR["sparse_4x4_n30"]["table"]
    a = np.asarray(t)
    assert exact.count_tables(t) == 166_958
    assert exact.count_tables_bound(a.sum(axis=1), a.sum(axis=0)) > 5 * 166_958
    assert exact.count_tables(t, stop_above=166_957) is None
    assert exact.count_tables(t, stop_above=166_958) == 166_958


def test_switch_points_are_pinned():
    assert fisher_rxc.MAX_ENUMERATED == 300_000
    t = FR["sparse_4x4_n30"]["table"]  # 166,958 tables: enumeration
    assert fisher_rxc.ffh_test(t).method == "enumeration"
    assert fisher_rxc.ffh_test(FR["five_by_five"]["table"]).method == "network"  # 11.9 M tables


def test_beyond_the_network_monte_carlo_with_seed_and_ci():
    ref = FR["job"]
    r = fisher_rxc.ffh_test(ref["table"], max_work=1_000, mc_samples=20_000, rng=7)
    assert r.method == "monte_carlo" and r.monte_carlo is not None
    mc = r.monte_carlo
    assert (mc.samples, mc.seed) == (20_000, 7)
    assert r.p_value == pytest.approx((1 + mc.hits) / (mc.samples + 1))
    assert mc.ci_low < ref["p_value"] < mc.ci_high  # exact p inside the 99% interval
    assert abs(ref["simulated_p_B1e5"] - ref["p_value"]) < 0.01  # R's own simulate.p.value, B = 1e5
    again = fisher_rxc.ffh_test(ref["table"], max_work=1_000, mc_samples=20_000, rng=7)
    assert again.p_value == r.p_value  # the seed makes it reproducible


def test_fisher_exact_auto_never_chi_square_on_big_sparse_tables():
    big = [[9, 3, 0, 1, 2, 0, 4], [2, 8, 5, 0, 1, 3, 0], [0, 2, 9, 6, 0, 1, 2],
           [1, 0, 3, 8, 7, 2, 0], [4, 1, 0, 2, 6, 9, 3], [0, 3, 1, 0, 2, 5, 10]]
    r = independent.fisher_exact(big, mc_samples=5_000)
    assert r.p_method in ("exact", "monte_carlo")
    if r.p_method == "monte_carlo":
        assert r.monte_carlo is not None and r.monte_carlo.seed == fisher_rxc.MC_SEED
        assert "Monte Carlo" in r.note
    with pytest.raises(ValueError, match="exact"):
        independent.fisher_exact([[400, 300, 300], [300, 400, 300], [300, 300, 400]], method="exact")
    asym = independent.fisher_exact(FR["job"]["table"], method="asymptotic")
    assert asym.p_method == "asymptotic" and asym.p_value == pytest.approx(FR["job"]["chisq_p"], rel=1e-9)


# ----------------------------------------------------------------- mutation-testing gaps (issue 13)


def test_result_is_frozen():
    import dataclasses

    r = fisher_rxc.ffh_test([[3, 1], [1, 3]])
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.p_value = 0.0  # type: ignore[misc]


@pytest.mark.parametrize(("samples", "level"), [(25_000, 0.99), (45_001, 0.95)])
def test_monte_carlo_of_the_most_probable_table_hits_every_draw(samples, level):
    # [[1, 1], [1, 2]] is the most probable of its 3 tables (p = 1, brute force), so every random table
    # counts: hits = samples over several chunks of 20,000, and the Clopper–Pearson interval for
    # x = n is [(α/2)^(1/n), 1] in closed form
    t = [[1, 1], [1, 2]]
    assert brute.fisher_p(t) == pytest.approx(1.0)
    mc = fisher_rxc.monte_carlo_p(t, samples, rng=3, ci_level=level)
    assert (mc.samples, mc.hits, mc.seed, mc.ci_level) == (samples, samples, 3, level)
    assert mc.ci_low == pytest.approx(((1 - level) / 2) ** (1 / samples), rel=1e-9) and mc.ci_high == 1.0


def test_monte_carlo_seed_is_recorded_only_when_given_as_an_integer():
    t = [[2, 1, 0], [0, 1, 3]]
    exact_p = brute.fisher_p(t)
    gen = fisher_rxc.monte_carlo_p(t, 2_000, rng=np.random.default_rng(5))
    assert gen.seed is None and gen.ci_low < exact_p < gen.ci_high
    assert fisher_rxc.monte_carlo_p(t, 2_000, rng=None).seed is None
    assert fisher_rxc.monte_carlo_p(t, 2_000).seed == fisher_rxc.MC_SEED == 20_240_613


def test_without_monte_carlo_beyond_the_network_p_is_undefined():
    ref = FR["job"]
    r = fisher_rxc.ffh_test(ref["table"], max_work=1_000, allow_monte_carlo=False)
    assert np.isnan(r.p_value) and r.method == "network" and r.monte_carlo is None and r.min_p is None
    assert r.n_tables == 90_208_550  # still counted exactly (R-independent DP, pinned above)


def test_table_count_is_reported_up_to_a_billion():
    # 8 one-person rows each in any of 16 columns (every column holds 8, a big row absorbs the rest):
    # 16⁸ = 4,294,967,296 tables (combinatorial count) — more than 10⁹, so the result says None
    t = np.zeros((9, 16), dtype=np.int64)
    t[0, :] = 8
    for i in range(1, 9):
        t[i, i - 1], t[0, i - 1] = 1, 7
    assert exact.count_tables(t) == 16**8 > fisher_rxc.MAX_COUNTED == 10**9
    r = fisher_rxc.ffh_test(t, max_work=1_000, allow_monte_carlo=False)
    assert r.n_tables is None and np.isnan(r.p_value)
