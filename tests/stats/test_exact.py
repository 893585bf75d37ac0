"""Exact distributions and smallest attainable p-values, checked by independent enumeration."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from laktasi.stats import exact

from .brute import fisher_p, rank_sum_p, signed_rank_p


def test_signed_rank_distribution_matches_enumeration_with_ties():
    ranks2 = exact.doubled_midranks([1, 1, 2, 3, 3, 3, 5])
    dist = exact.signed_rank_distribution(ranks2)
    counts: dict[int, int] = {}
    for signs in itertools.product((0, 1), repeat=ranks2.size):  # every sign pattern
        s = int(sum(r for r, f in zip(ranks2, signs, strict=True) if f))
        counts[s] = counts.get(s, 0) + 1
    for s, c in counts.items():
        assert dist.probs[s] == pytest.approx(c / 2**ranks2.size, rel=1e-12)
    assert dist.probs.sum() == pytest.approx(1.0)


def test_rank_sum_distribution_matches_enumeration_with_ties():
    scores = exact.doubled_midranks([1, 1, 2, 2, 2, 3, 4, 4])
    dist = exact.rank_sum_distribution(scores, 3)
    counts: dict[int, int] = {}
    for idx in itertools.combinations(range(scores.size), 3):
        s = int(scores[list(idx)].sum())
        counts[s] = counts.get(s, 0) + 1
    total = math.comb(scores.size, 3)
    assert set(np.nonzero(dist.probs)[0].tolist()) == set(counts)
    for s, c in counts.items():
        assert dist.probs[s] == pytest.approx(c / total, rel=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_random_small_cases_against_brute_force(seed):
    rng = np.random.default_rng(seed)
    d = rng.integers(-3, 4, 11).astype(float)  # many ties and zeros
    nz = d[d != 0]
    dist = exact.signed_rank_distribution(exact.doubled_midranks(np.abs(nz)))
    r2 = exact.doubled_midranks(np.abs(nz))
    assert dist.p_two_sided(int(r2[nz > 0].sum())) == pytest.approx(signed_rank_p(list(d)), rel=1e-12)
    x = rng.integers(0, 4, 6).astype(float)
    y = rng.integers(0, 4, 7).astype(float)
    s2 = exact.doubled_midranks(np.concatenate([x, y]))
    rs = exact.rank_sum_distribution(s2, 6)
    assert rs.p_two_sided(int(s2[:6].sum())) == pytest.approx(rank_sum_p(list(x), list(y)), rel=1e-12)
    table = rng.integers(0, 5, (2, 3)).tolist()
    e = exact.enumerate_tables(table)
    assert e is not None and e.p_value() == pytest.approx(fisher_p(table), rel=1e-12)


def test_min_p_signed_rank_and_sign():
    # Enumeration: only all-positive / all-negative patterns reach the extreme → 2/2**n.
    for n in range(1, 9):
        worst = exact.signed_rank_distribution(2 * np.arange(1, n + 1)).p_two_sided(n * (n + 1))
        assert exact.min_p_signed_rank(n) == pytest.approx(worst)
    assert exact.min_p_signed_rank(5) == 0.0625  # seed study arm: nothing below 0.0625 is possible
    assert exact.min_p_signed_rank(6) == 0.03125
    assert exact.min_p_sign(0) == 1.0


def test_min_p_rank_sum():
    assert exact.min_p_rank_sum(5, 5) == pytest.approx(2 / 252)  # 2 / C(10, 5)
    # with ties (three ordered levels), enumerate all C(10,5) splits and take the most extreme
    values = [0, 0, 1, 1, 1, 2, 2, 2, 2, 2]
    best = min(rank_sum_p([values[i] for i in idx], [values[i] for i in range(10) if i not in idx])
               for idx in itertools.combinations(range(10), 5))
    assert exact.min_p_rank_sum(5, 5, values) == pytest.approx(best, rel=1e-12)


def test_min_p_fisher():
    assert exact.min_p_fisher([[5, 0], [0, 5]]) == pytest.approx(2 / 252)
    rows = [[4, 1, 0], [0, 2, 3]]
    tables = []  # every 2×3 table with these margins, from the first row
    for a, b in itertools.product(range(5), range(4)):
        c = 5 - a - b
        if 0 <= c <= 3:
            tables.append([[a, b, c], [4 - a, 3 - b, 3 - c]])
    assert exact.min_p_fisher(rows) == pytest.approx(min(fisher_p(t) for t in tables), rel=1e-12)


def test_stuart_maxwell_generalised_inverse():
    s, df = exact.stuart_maxwell([[2, 4, 0], [0, 3, 0], [0, 0, 1]])
    assert (s, df) == (pytest.approx(4.0), 1)  # only 0→1 changes: McNemar (4 − 0)²/4
    assert exact.stuart_maxwell(np.eye(3)) == (0.0, 0)


def test_enumeration_limits_are_reported():
    big = [[400, 300, 300], [300, 400, 300], [300, 300, 400]]
    assert exact.enumerate_tables(big) is None
    assert not exact.signed_rank_feasible(5000)
    scores = exact.doubled_midranks(np.arange(4000))
    assert not exact.rank_sum_feasible(scores, 2000)


def test_smallest_attainable_p_dispatch():
    assert exact.smallest_attainable_p("sign_test", n=5) == 0.0625  # 2/2**5, enumeration above
    assert exact.smallest_attainable_p("mcnemar", n=6) == 0.03125
    assert exact.smallest_attainable_p("mann_whitney", n=5, n2=5) == pytest.approx(2 / 252)
    assert exact.smallest_attainable_p("fisher_exact", table=[[5, 0], [0, 5]]) == pytest.approx(2 / 252)
    # 5 pairs all in one discordant cell pair: 2 of 2**5 swap patterns are as extreme
    assert exact.smallest_attainable_p("marginal_homogeneity", table=[[0, 0, 5], [0, 0, 0], [0, 0, 0]]) == 0.0625
    assert exact.smallest_attainable_p("paired_t", n=5) is None


def test_seed_study_between_arms_post():
    # Seed study, post: intervention 5 × lancar (2); control 4 × cukup lancar (1), 1 × kurang lancar (0).
    from laktasi.stats import independent

    x, y = [2] * 5, [1, 1, 1, 1, 0]
    r = independent.mann_whitney(x, y)
    # enumeration of all C(10,5) = 252 splits: only "all lancar in one arm" and its mirror
    # ({0,1,1,1,1} in one arm, deviation also 12.5 doubled-rank units) are as extreme → 2/252
    assert r.p_value == pytest.approx(rank_sum_p(x, y)) == pytest.approx(2 / 252)
    f = independent.fisher_exact([[0, 0, 5], [1, 4, 0]])
    assert f.p_value == pytest.approx(fisher_p([[0, 0, 5], [1, 4, 0]]))


def test_forced_exact_for_large_n_agrees_with_normal_approximation():
    from laktasi.stats import paired

    rng = np.random.default_rng(11)
    pre = rng.normal(0, 1, 600)
    post = pre + rng.normal(0.05, 1, 600)
    e = paired.wilcoxon_signed_rank(pre, post, method="exact")
    a = paired.wilcoxon_signed_rank(pre, post)  # "auto": too big for enumeration
    assert e.p_method == "exact" and a.p_method == "asymptotic"
    assert e.p_value == pytest.approx(a.p_value, rel=0.02)  # CLT: exact ≈ normal at n = 600


# ----------------------------------------------------------------- mutation-testing gaps (issue 13)
# Each test below kills a mutant of stats/exact.py that the suite let through; the reference is
# named in each (brute-force counting, a combinatorial identity, or the module's documented limit).


def test_result_objects_are_frozen():
    import dataclasses

    objs = [exact.signed_rank_distribution([2, 4]), exact.rank_sum_distribution([2, 4, 6], 1),
            exact.enumerate_tables([[1, 1], [1, 1]]), exact.enumerate_swaps([[0, 2], [1, 0]])]
    for obj in objs:
        field = dataclasses.fields(obj)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(obj, field, None)


def test_two_sided_p_at_the_centre_is_exactly_one():
    # ranks 1..13, groups of 5: E(W) = 5·91/13 = 35 is attained, so every split is as extreme and p = 1;
    # the float sum of the 1,287 probabilities is 1 + 2⁻⁵² — a probability is still capped at 1
    d = exact.rank_sum_distribution(exact.doubled_midranks(np.arange(13)), 5)
    assert d.probs.sum() > 1.0  # the rounding the cap exists for
    assert d.p_two_sided(70) == 1.0 and d.min_p() <= 1.0
    # [[1, 1], [1, 2]] is the most probable of its 3 tables: p = 1, the float sum being 1 + 4·10⁻¹⁶
    e = exact.enumerate_tables([[1, 1], [1, 2]])
    assert np.exp(e.log_probs).sum() > 1.0 and e.p_value() == 1.0 and e.min_p() <= 1.0
    # a single-row table is its own only table (probability 1, float 1 + 4·10⁻¹⁶): min_p is 1, not above
    one = exact.enumerate_tables([[1, 4]])
    assert np.exp(one.log_probs).sum() > 1.0 and one.min_p() == 1.0 == one.p_value()


def test_count_of_tables_with_one_row_or_column_is_one():
    # margins fix a single-row or single-column table completely (no column is free to split)
    assert exact.count_tables([[5]]) == 1
    assert exact.count_tables([[1, 2, 3]]) == 1 and exact.count_tables([[1], [2], [3]]) == 1


def test_rank_sum_cost_is_the_dp_table_size():
    # ranks 1..4 doubled (2, 4, 6, 8), groups of 2: the DP table is (m + 1) × (largest doubled sum + 1)
    # = 3 × (8 + 6 + 1) = 45 cells, visited once per value: work 4 × 45 = 180
    assert exact.rank_sum_cost([2, 4, 6, 8], 2) == (180.0, 45.0)
    # groups of 3 and 1: the smaller group (1) is costed, 2 × (8 + 1) = 18 cells, work 72
    assert exact.rank_sum_cost([2, 4, 6, 8], 3) == (72.0, 18.0)


def test_rank_sum_feasibility_limits_are_inclusive():
    # the documented limits: work ≤ MAX_RANK_SUM_WORK and cells ≤ MAX_RANK_SUM_CELLS, equality included.
    # Ten scores, groups of 4: cells = 5 × (top + 1), work = 10 × cells.
    top = int(exact.MAX_RANK_SUM_CELLS) // 5 - 1  # cells = 1.5e7 exactly, work 1.5e8
    scores = [top - 3, 1, 1, 1] + [0] * 6
    assert exact.rank_sum_cost(scores, 4) == (1.5e8, exact.MAX_RANK_SUM_CELLS)
    assert exact.rank_sum_feasible(scores, 4)
    assert not exact.rank_sum_feasible([top - 2, 1, 1, 1] + [0] * 6, 4)  # one more cell


def test_count_tables_bound_is_an_upper_bound_on_the_enumerated_count():
    # brute force: every 2×2 table with margins (2, 2) × (2, 2) is fixed by its first cell, 0..2 → 3;
    # the bound is the product over all columns but the last of C(c + r − 1, r − 1) = C(3, 1) = 3
    rows, cols = np.array([2, 2]), np.array([2, 2])
    assert exact.count_tables_bound(rows, cols) == 3.0 == exact.count_tables([[1, 1], [1, 1]])
    # 3×3 with all margins 3: C(5, 2)² = 100 compositions of the first two columns ≥ 55 tables
    brute = sum(1 for a, b, d, e in itertools.product(range(4), repeat=4)
                if a + b <= 3 and d + e <= 3 and 3 - a - d >= 0 and 3 - b - e >= 0
                and (3 - a - b) + (3 - d - e) <= 3)
    assert exact.count_tables_bound(np.array([3, 3, 3]), np.array([3, 3, 3])) == 100.0
    assert exact.count_tables([[1, 1, 1]] * 3) == brute == 55


def test_count_tables_when_rows_do_not_fit_an_integer_key():
    # 9 rows, one with total 120: 9·log2(121) > 62 bits, so column_step merges states by np.unique over
    # rows. Each of the 8 one-person rows sits in any of the 16 columns (every column holds 8, so the
    # big row always absorbs the rest): 16⁸ tables (combinatorial count).
    t = np.zeros((9, 16), dtype=np.int64)
    t[0, :] = 8
    for i in range(1, 9):
        t[i, i - 1], t[0, i - 1] = 1, 7
    assert 9 * math.log2(int(t.sum(axis=1).max()) + 1) >= 62
    assert exact.count_tables(t) == 16**8


def test_count_tables_2x2_with_large_margins():
    # a 2×2 table with margins 400/400 is fixed by one cell, 0..400: 401 tables (C(401, 1) compositions
    # of the first column, far below the composition limit)
    assert exact.count_tables([[200, 200], [200, 200]]) == 401


def test_column_step_composition_limit_is_pinned():
    # splits of c into 3 parts: C(c + 2, 2); 3,161 gives 5,000,703 > MAX_COMPOSITIONS = 5,000,000
    assert math.comb(3161 + 2, 2) > exact.MAX_COMPOSITIONS >= math.comb(3160 + 2, 2)
    assert exact.column_step(np.array([[0, 0, 3161]]), 3161, 10**9) is None
    parent, split, children, child = exact.column_step(np.array([[0, 0, 3160]]), 3160, 10**9)
    assert split.tolist() == [[0, 0, 3160]] and children.tolist() == [[0, 0, 0]]


def _brute_3x3_two_small_columns(t: list[list[int]]) -> tuple[int, float]:
    """Count and Freeman–Halton p of a 3×3 table by listing every split of its two small columns."""
    t_ = np.array(t)
    rows, cols = t_.sum(axis=1), t_.sum(axis=0)
    order = np.argsort(cols)
    c1, c2 = int(cols[order[0]]), int(cols[order[1]])

    def lp(tab: np.ndarray) -> float:
        return float(sum(math.lgamma(v + 1) for v in rows) + sum(math.lgamma(v + 1) for v in cols)
                     - math.lgamma(rows.sum() + 1) - sum(math.lgamma(v + 1) for v in tab.ravel()))

    splits1 = [(a, b, c1 - a - b) for a in range(c1 + 1) for b in range(c1 + 1 - a)]
    splits2 = [(a, b, c2 - a - b) for a in range(c2 + 1) for b in range(c2 + 1 - a)]
    obs = lp(t_)
    count, p = 0, 0.0
    for s1 in splits1:
        for s2 in splits2:
            rest = rows - np.array(s1) - np.array(s2)
            if (rest < 0).any():
                continue
            tab = np.zeros((3, 3), dtype=int)
            tab[:, order[0]], tab[:, order[1]], tab[:, order[2]] = s1, s2, rest
            count += 1
            v = lp(tab)
            if v <= obs + math.log1p(1e-7):
                p += math.exp(v)
    return count, p


def test_a_dominant_column_does_not_stop_an_exact_count():
    # Regression (found by mutation testing): with the columns taken largest first, a column of 3,162
    # (C(3164, 2) > MAX_COMPOSITIONS splits) made count_tables give None — documented as "more than
    # that many tables" — although only C(22, 2)·C(20, 2) = 231·190 = 43,890 tables exist (the two small
    # columns fix the table), and ffh_test skipped enumeration. Reference: brute-force listing.
    from laktasi.stats.fisher_rxc import ffh_test

    t = [[1480, 10, 10], [990, 6, 4], [692, 4, 4]]
    count, p = _brute_3x3_two_small_columns(t)
    assert count == math.comb(22, 2) * math.comb(20, 2) == 43_890
    assert exact.count_tables(t) == count
    r = ffh_test(t)
    assert (r.method, r.n_tables) == ("enumeration", count)
    assert r.p_value == pytest.approx(p, rel=1e-9)
    for perm in ([1, 2, 0], [2, 0, 1]):  # column order does not matter
        tp = np.array(t)[:, perm]
        assert exact.count_tables(tp) == count
        e = exact.enumerate_tables(tp)
        assert e is not None and e.p_value() == pytest.approx(p, rel=1e-9)


def test_enumerate_tables_composition_limit_is_pinned():
    # 6 rows: the 54 people of the first column split C(54 + 5, 5) = 5,006,386 ways > MAX_COMPOSITIONS,
    # so enumeration gives up (None) although the table count itself (1,363,573) is under the limit
    t = [[9, 9]] * 6
    assert math.comb(54 + 5, 5) > exact.MAX_COMPOSITIONS >= math.comb(53 + 5, 5)
    assert exact.count_tables(t, stop_above=exact.MAX_TABLES) is not None
    assert exact.enumerate_tables(t) is None


def test_enumerate_tables_memory_limits_are_pinned(monkeypatch):
    # 3×3, all margins 3: the second column compares 10 partial tables with C(5, 2) = 10 splits
    # = 100 cells and keeps 55 partial tables (= the 55 tables, the last column being forced)
    t = [[1, 1, 1]] * 3
    monkeypatch.setattr(exact, "MAX_ENUM_CELLS", 99)
    assert exact.enumerate_tables(t) is None
    monkeypatch.setattr(exact, "MAX_ENUM_CELLS", 100)
    assert exact.enumerate_tables(t) is not None
    monkeypatch.setattr(exact, "MAX_TABLES", 54)  # "more than MAX_TABLES partial tables": give up
    assert exact.enumerate_tables(t) is None
    monkeypatch.setattr(exact, "MAX_TABLES", 55)
    e = exact.enumerate_tables(t)
    assert e is not None and e.log_probs.size == 55


def test_swap_enumeration_state_limit_per_cell_pair(monkeypatch):
    # one pair in each of the cells (0,1), (0,2), (1,2): before the third cell pair there are 2 × 2 = 4
    # margin-difference states, × (1 + 1) = 8 candidates, which merge to 7 distinct d (enumerated by
    # hand: (x + y, z − x) for x, y, z = ±1, with (0, 0) twice). "More than MAX_TABLES" gives up.
    t = [[0, 1, 1], [0, 0, 1], [0, 0, 0]]
    monkeypatch.setattr(exact, "MAX_TABLES", 7)
    assert exact.enumerate_swaps(t) is None  # 8 candidates > 7
    monkeypatch.setattr(exact, "MAX_TABLES", 8)
    e = exact.enumerate_swaps(t)
    assert e is not None and e.probs.size == 7 and e.probs.sum() == pytest.approx(1.0)
