"""The large-sample branches of stats/exact.py and the exact/asymptotic switch points, pinned.

Independent references: SciPy's ``binomtest`` (exact binomial, for marginal homogeneity with two
levels = exact McNemar), the exact moments of the null distributions (mean ``Σr/2``, variance
``Σr²/4`` for the signed rank; ``mΣs/N`` and the finite-population variance for the rank sum), and
the normal approximation that the exact distributions must approach (CLT).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sps

from laktasi.stats import exact, independent, paired
from tests.stats import brute


def _moments(probs: np.ndarray) -> tuple[float, float, float]:
    s = np.arange(probs.size, dtype=float)
    mean = float((s * probs).sum())
    return float(probs.sum()), mean, float(((s - mean) ** 2 * probs).sum())


def test_signed_rank_distribution_above_1000_pairs_is_a_distribution():
    ranks2 = exact.doubled_midranks(np.arange(1, 1101))  # the rescaling branch (n > 1000)
    d = exact.signed_rank_distribution(ranks2)
    total, mean, var = _moments(d.probs)
    assert total == pytest.approx(1.0, abs=1e-9)
    assert mean == pytest.approx(ranks2.sum() / 2, rel=1e-9)  # E[2T+] = Σ r2 / 2
    assert var == pytest.approx(float((ranks2.astype(float) ** 2).sum()) / 4, rel=1e-6)
    # two-sided p at the 97.5% normal quantile ≈ 0.05
    t2 = int(round(ranks2.sum() / 2 + 1.959964 * math.sqrt(float((ranks2.astype(float) ** 2).sum()) / 4)))
    assert d.p_two_sided(t2) == pytest.approx(0.05, rel=0.01)
    assert d.p_greater(t2) == pytest.approx(d.p_less(int(ranks2.sum()) - t2), rel=1e-9)  # symmetry


def test_signed_rank_small_n_counts_exactly():
    d = exact.signed_rank_distribution([2, 4, 6, 8, 10])
    assert d.p_two_sided(0) == 2 / 32 and d.p_greater(30) == 1 / 32 and d.p_less(0) == 1 / 32


def test_rank_sum_distribution_above_1000_values_is_a_distribution():
    scores = exact.doubled_midranks(np.arange(1200))  # the periodic rescaling branch (N > 1000)
    m = 4
    d = exact.rank_sum_distribution(scores, m)
    total, mean, var = _moments(d.probs)
    n_total = scores.size
    s = scores.astype(float)
    assert total == pytest.approx(1.0, abs=1e-12)
    assert mean == pytest.approx(m * s.sum() / n_total, rel=1e-9)
    pop_var = float(((s - s.mean()) ** 2).mean())
    assert var == pytest.approx(m * pop_var * (n_total - m) / (n_total - 1), rel=1e-9)
    assert d.min_p() == pytest.approx(2 / math.comb(n_total, m), rel=1e-6)


def test_marginal_homogeneity_over_1000_discordant_pairs_matches_binomial():
    # two levels: marginal homogeneity is McNemar; 1,100 discordant pairs exercise the
    # non-counting (binomial pmf) branch of enumerate_swaps
    pre = [0] * 600 + [1] * 500 + [0] * 30
    post = [1] * 600 + [0] * 500 + [0] * 30
    r = paired.marginal_homogeneity(pre, post, 2)
    want = sps.binomtest(600, 1100, 0.5).pvalue
    assert r.p_method == "exact"
    assert r.p_value == pytest.approx(want, rel=1e-9)
    assert 0.002 < r.p_value < 0.003  # not 1.0
    assert r.statistic == pytest.approx(100**2 / 1100)
    assert r.n_zero == 30


def test_marginal_homogeneity_three_levels_over_1000_pairs_matches_simulation():
    t = np.array([[10, 600, 3], [480, 10, 2], [4, 1, 10]])  # 1,090 discordant pairs
    e = exact.enumerate_swaps(t)
    assert e is not None
    assert float(e.probs.sum()) == pytest.approx(1.0, abs=1e-9)
    stat, df = exact.stuart_maxwell(t)
    assert df == 2
    pre = [i for i in range(3) for j in range(3) for _ in range(int(t[i, j]))]
    post = [j for i in range(3) for j in range(3) for _ in range(int(t[i, j]))]
    p_sim = brute.stuart_maxwell_monte_carlo_p(pre, post, 3, 20_000, seed=5)  # random within-pair swaps
    p = e.p_value(stat)
    assert abs(p - p_sim) < 4 * math.sqrt(p * (1 - p) / 20_000)
    assert 0.4 < p / float(sps.chi2.sf(stat, df)) < 2.5  # same order as the chi-square approximation
    assert e.min_p() < 1e-100


def test_signed_rank_switch_point():
    assert exact.signed_rank_feasible(341) and not exact.signed_rank_feasible(342)
    rng = np.random.default_rng(3)
    for n, method in ((341, "exact"), (342, "asymptotic")):
        pre = rng.normal(size=n)
        assert paired.wilcoxon_signed_rank(pre, pre + rng.normal(0.1, 1, n)).p_method == method


def test_rank_sum_switch_point():
    # equal groups without ties: exact up to 75 per group, normal approximation from 76
    s75 = exact.doubled_midranks(np.arange(150))
    s76 = exact.doubled_midranks(np.arange(152))
    assert exact.rank_sum_feasible(s75, 75) and not exact.rank_sum_feasible(s76, 76)
    assert independent.mann_whitney(np.arange(75), np.arange(75) + 0.5).p_method == "exact"
    x, y = np.arange(76), np.arange(76) + 0.5
    a = independent.mann_whitney(x, y)
    assert a.p_method == "asymptotic"
    assert a.p_value == pytest.approx(sps.mannwhitneyu(x, y, use_continuity=False, method="asymptotic").pvalue,
                                      rel=1e-9)


def test_min_p_edges():
    assert exact.min_p_signed_rank(0) == 1.0 and exact.min_p_signed_rank(1) == 1.0
    assert exact.min_p_signed_rank(2) == 0.5
    assert exact.min_p_rank_sum(0, 5) == 1.0 and exact.min_p_rank_sum(3, 0) == 1.0
    assert exact.min_p_rank_sum(1, 1) == 1.0
    assert exact.min_p_rank_sum(3, 3, [1, 1, 2, 2, 3, 3]) == pytest.approx(
        exact.rank_sum_distribution(exact.doubled_midranks([1, 1, 2, 2, 3, 3]), 3).min_p())
    assert exact.smallest_attainable_p("fisher_exact") is None
    assert exact.smallest_attainable_p("mann_whitney", n=5) is None
    assert exact.min_p_marginal_homogeneity([[0, 0], [0, 3]]) == 1.0


def test_enumeration_guards():
    assert exact.enumerate_tables([[3, 1], [1, 3]], limit=4) is None  # 5 tables > 4
    assert exact.enumerate_tables([[3, 1], [1, 3]], limit=5) is not None
    assert exact.count_tables([[400, 300, 300], [300, 400, 300], [300, 300, 400]]) is None  # too many to count
    assert exact.enumerate_swaps(np.array([[0, 900, 900, 900], [900, 0, 900, 900], [900, 900, 0, 900],
                                           [900, 900, 900, 0]])) is None
    assert exact._compositions(2, 1).tolist() == [[2]]
    assert exact._compositions(2, 2).tolist() == [[0, 2], [1, 1], [2, 0]]


def test_p_two_sided_uses_deviation_from_the_mean():
    d = exact.rank_sum_distribution([2, 4, 6, 8, 10, 12], 3)  # ranks 1..6, groups of 3
    # W doubled: minimum 12 (ranks 1+2+3), maximum 30; both tails: 2/20
    assert d.p_two_sided(12) == pytest.approx(0.1) and d.p_two_sided(30) == pytest.approx(0.1)
    assert d.p_greater(30) == pytest.approx(0.05) and d.p_less(12) == pytest.approx(0.05)
    assert d.p_two_sided(21) == pytest.approx(1.0)


def test_swap_enumeration_state_limit_is_pinned():
    # cell pairs (0,1) and (0,2) with 100 pairs each give 101² margin-difference states; the third
    # pair multiplies them by m + 1: 10,201 × 151 ≤ 2,000,000 is enumerated, × 301 is not
    assert exact.MAX_TABLES == 2_000_000
    assert exact.enumerate_swaps(np.array([[0, 100, 100], [0, 0, 150], [0, 0, 0]])) is not None
    assert exact.enumerate_swaps(np.array([[0, 100, 100], [0, 0, 300], [0, 0, 0]])) is None
    r = paired.marginal_homogeneity([0] * 200 + [1] * 300, [1] * 100 + [2] * 100 + [2] * 300, 3)
    assert r.p_method == "asymptotic"  # beyond the limit, said so


def test_column_step_stops_past_its_arc_budget():
    nodes = np.array([[5, 5]], dtype=np.int64)
    assert exact.column_step(nodes, 5, 5) is None  # six splits of 5 into capacities (5, 5)
    parent, split, children, child = exact.column_step(nodes, 5, 6)
    assert parent.tolist() == [0] * 6 and sorted(split.sum(axis=1).tolist()) == [5] * 6
    assert children.shape == (3, 2) and sorted(child.tolist()) == [0, 0, 1, 1, 2, 2]
