"""Within-arm tests against R (r/stats/references.json, named per case) and brute-force enumeration."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import scipy.stats as sps
from statsmodels.stats.contingency_tables import SquareTable

from laktasi.stats import paired

from .brute import signed_rank_p, stuart_maxwell_exact_p, stuart_maxwell_monte_carlo_p


@pytest.mark.parametrize("case", ["small", "seedlike", "negative"])
def test_paired_t_matches_r_t_test(rref, case):
    ref = rref[f"paired_t_{case}"]  # R: stats::t.test(post, pre, paired = TRUE)
    r = paired.paired_t(ref["pre"], ref["post"])
    assert r.test == "paired_t"
    assert r.statistic == pytest.approx(ref["statistic"], rel=1e-10)
    assert r.df == ref["df"]
    assert r.p_value == pytest.approx(ref["p_value"], rel=1e-9)
    assert r.effect.name == "mean_difference"
    assert r.effect.value == pytest.approx(ref["estimate"], rel=1e-12)
    assert (r.effect.ci_low, r.effect.ci_high) == pytest.approx(ref["ci"], rel=1e-9)
    dz_ref = rref[f"dz_{case}"]  # R: mean/sd, CI by uniroot on pt(ncp) (Steiger & Fouladi 1997)
    dz = r.extra_effects[0]
    assert dz.name == "d_z"
    assert dz.value == pytest.approx(dz_ref["value"], rel=1e-10)
    assert (dz.ci_low, dz.ci_high) == pytest.approx(dz_ref["ci"], rel=1e-6)


def test_trap_ttest_rel_when_all_differences_equal():
    # Trap: scipy's ttest_rel gives p = 0 / nan (and t = inf) when every difference is the same.
    pre, post = [1, 1, 1, 1, 1], [3, 3, 3, 3, 3]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sp = sps.ttest_rel(post, pre)
    assert not (math.isfinite(sp.statistic) and 0 < sp.pvalue < 1)
    r = paired.paired_t(pre, post)
    assert r.statistic is None and math.isnan(r.p_value)
    assert "undefined" in r.note
    assert r.effect.value == 2.0
    # ... and the exact signed-rank test carries the inference: 2/2**5 (enumeration of 32 sign patterns)
    w = paired.wilcoxon_signed_rank(pre, post)
    assert w.p_value == 0.0625 == signed_rank_p([2, 2, 2, 2, 2])


def test_paired_t_all_zero_differences():
    r = paired.paired_t([4, 5, 6], [4, 5, 6])
    assert math.isnan(r.p_value) and r.note == "all differences are zero"


def test_signed_rank_without_ties_matches_wilcox_test(rref):
    ref = rref["signed_rank_noties"]  # R: wilcox.test(post, pre, paired = TRUE, exact = TRUE)
    r = paired.wilcoxon_signed_rank(ref["pre"], ref["post"])
    assert r.statistic == ref["statistic"]
    assert r.p_value == pytest.approx(ref["p_value"], rel=1e-12)
    assert r.p_method == "exact"


@pytest.mark.parametrize("case", ["ties_zeros", "ordinal", "seed_intervention", "mixed"])
def test_signed_rank_under_ties_and_zeros_matches_coin(rref, case):
    ref = rref[f"signed_rank_{case}"]  # R: coin::wilcoxsign_test(zero.method = "Wilcoxon", exact)
    r = paired.wilcoxon_signed_rank(ref["pre"], ref["post"])
    assert r.p_method == "exact"
    assert r.n_zero == ref["n_zero"]
    assert r.p_value == pytest.approx(ref["p_value"], rel=1e-10)
    diffs = list(np.subtract(ref["post"], ref["pre"]))
    if len([d for d in diffs if d]) <= 16:  # independent enumeration of every sign pattern
        assert r.p_value == pytest.approx(signed_rank_p(diffs), rel=1e-12)
    a = paired.wilcoxon_signed_rank(ref["pre"], ref["post"], method="asymptotic")
    assert a.p_method == "asymptotic"
    assert a.p_value == pytest.approx(ref["p_asymptotic"], rel=1e-9)  # coin, distribution = "asymptotic"


def test_trap_scipy_wilcoxon_exact_ignores_ties(rref):
    ref = rref["signed_rank_mixed"]  # coin exact p with tied |differences| and zeros
    d = np.subtract(ref["post"], ref["pre"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scipy_p = sps.wilcoxon(d[d != 0], method="exact").pvalue
    assert scipy_p != pytest.approx(ref["p_value"], rel=1e-3)  # the trap: SciPy uses the no-ties table
    assert paired.wilcoxon_signed_rank(ref["pre"], ref["post"]).p_value == pytest.approx(ref["p_value"], rel=1e-10)


def test_seed_study_intervention_smallest_attainable_p():
    # Seed study: 5 × (kurang lancar → lancar). Enumeration of 2**5 sign patterns: only all-up and
    # all-down are as extreme, so p = 2/32 = 0.0625 — and no data of n = 5 can do better: "p=0.003" is impossible.
    pre, post = [0] * 5, [2] * 5
    for r in (paired.wilcoxon_signed_rank(pre, post), paired.sign_test(pre, post)):
        assert r.p_value == 0.0625
        assert r.min_attainable_p == 0.0625
    mh = paired.marginal_homogeneity(pre, post, levels=3)
    assert mh.p_value == 0.0625 == stuart_maxwell_exact_p(pre, post, 3)


def test_rank_biserial_paired_definition():
    # Kerby (2014): r = (T+ − T−)/(T+ + T−); d = 2, −1, 3, 4: ranks 2, 1, 3, 4 → T+ = 9, T− = 1 → 0.8
    r = paired.wilcoxon_signed_rank([0, 0, 0, 0], [2, -1, 3, 4])
    assert r.effect.name == "rank_biserial"
    assert r.effect.value == pytest.approx(0.8)
    assert -1 <= r.effect.ci_low < 0.8 < r.effect.ci_high <= 1


@pytest.mark.parametrize(("b", "c"), [(5, 0), (7, 2), (12, 4)])
def test_sign_test_and_mcnemar_match_binom_test(rref, b, c):
    ref = rref[f"binom_{b}_{c}"]  # R: binom.test(b, b + c)
    pre = [0] * b + [1] * c + [0] * 3 + [1] * 2
    post = [1] * b + [0] * c + [0] * 3 + [1] * 2
    s = paired.sign_test(pre, post)
    assert s.p_value == pytest.approx(ref["p_value"], rel=1e-12)
    assert s.n_zero == 5
    lo, hi = ref["wilson_ci"]  # R: prop.test(b, b + c, correct = FALSE), Wilson score interval for b/(b+c)
    assert s.effect.name == "proportion_difference" and s.effect.ci_method == "Wilson"
    assert (s.effect.ci_low, s.effect.ci_high) == pytest.approx((2 * lo - 1, 2 * hi - 1), abs=1e-12)
    m = paired.mcnemar(np.array(pre, dtype=bool), np.array(post, dtype=bool))
    assert m.p_value == pytest.approx(ref["p_value"], rel=1e-12)
    assert m.statistic == b and m.n_zero == 5
    lo, hi = ref["p_ci"]  # Clopper–Pearson for b/(b+c), transformed to odds b/c
    assert m.effect.ci_low == pytest.approx(lo / (1 - lo), rel=1e-9)
    if hi < 1:
        assert m.effect.ci_high == pytest.approx(hi / (1 - hi), rel=1e-9)
    else:
        assert math.isinf(m.effect.ci_high)
    a = paired.mcnemar(pre, post, method="asymptotic")  # R: mcnemar.test(correct = FALSE)
    assert a.statistic == pytest.approx(ref["mcnemar_chisq"], rel=1e-12)


def test_mcnemar_rejects_non_binary():
    with pytest.raises(ValueError, match="0/1"):
        paired.mcnemar([0, 2], [1, 1])


@pytest.mark.parametrize(
    ("pre", "post"),
    [
        ([0, 0, 1, 0, 1, 2, 0, 1, 0, 0, 2, 1], [2, 1, 2, 2, 1, 2, 1, 2, 0, 2, 1, 0]),
        ([0, 1, 2, 0, 1, 2, 0, 0, 1, 2, 1], [1, 2, 0, 2, 0, 1, 0, 1, 1, 2, 2]),
        ([0, 0, 0, 1, 1, 2, 2, 0, 3, 3, 1], [1, 1, 3, 2, 1, 3, 0, 0, 3, 2, 2]),
    ],
)
def test_marginal_homogeneity_matches_swap_enumeration(pre, post):
    k = max(max(pre), max(post)) + 1
    r = paired.marginal_homogeneity(pre, post, levels=k)
    assert r.p_method == "exact"
    assert r.p_value == pytest.approx(stuart_maxwell_exact_p(pre, post, k), rel=1e-10)  # 2**D swaps
    # Stuart–Maxwell statistic itself equals statsmodels' on a table where it is defined
    t = paired.paired_table(pre, post, k)
    sm = SquareTable(t, shift_zeros=False).homogeneity()
    assert r.statistic == pytest.approx(sm.statistic, rel=1e-9)
    assert r.df == sm.df


def test_trap_statsmodels_homogeneity_nan_on_sparse_table():
    # Every change is kurang lancar (0) → lancar (2): level 1 has no discordant pairs.
    pre = [0, 0, 0, 0, 0, 0, 1, 2]
    post = [2, 2, 2, 2, 2, 2, 1, 2]
    t = paired.paired_table(pre, post, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sm = SquareTable(t, shift_zeros=False).homogeneity()
    assert not math.isfinite(sm.pvalue)  # the trap
    r = paired.marginal_homogeneity(pre, post, levels=3)
    assert r.statistic == pytest.approx(6.0)  # reduces to McNemar (6 − 0)²/6
    assert r.df == 1
    assert r.p_value == pytest.approx(2 / 2**6) == stuart_maxwell_exact_p(pre, post, 3)


def test_marginal_homogeneity_asymptotic_uses_chi_square():
    pre = [0, 0, 1, 0, 1, 2, 0, 1, 0, 0, 2, 1]
    post = [2, 1, 2, 2, 1, 2, 1, 2, 0, 2, 1, 0]
    r = paired.marginal_homogeneity(pre, post, 3, method="asymptotic")
    sm = SquareTable(paired.paired_table(pre, post, 3), shift_zeros=False).homogeneity()
    assert r.p_method == "asymptotic" and r.p_value == pytest.approx(sm.pvalue, rel=1e-9)


@pytest.mark.parametrize("case", ["a", "b"])
def test_shapiro_wilk_matches_r(rref, case):
    ref = rref[f"shapiro_{case}"]  # R: shapiro.test
    r = paired.shapiro_wilk(ref["x"])
    assert r.statistic == pytest.approx(ref["statistic"], rel=1e-6)
    assert r.p_value == pytest.approx(ref["p_value"], rel=1e-4)


def test_shapiro_wilk_degenerate():
    assert math.isnan(paired.shapiro_wilk([2, 2, 2, 2]).p_value)
    assert paired.shapiro_wilk([1, 2]).note == "fewer than 3 values"


def test_missing_values_are_dropped_pairwise():
    r = paired.paired_t([10, 12, float("nan"), 9, 11], [12, 15, 13, 10, 14])
    assert r.n == 4


def test_stuart_maxwell_statistic_matches_coin(rref):
    ref = rref["stuart_maxwell"]  # R: coin::mh_test(table(pre, post)), asymptotic chi-square
    r = paired.marginal_homogeneity(ref["pre"], ref["post"], 3, method="asymptotic")
    assert r.statistic == pytest.approx(ref["statistic"], rel=1e-10)
    assert r.p_value == pytest.approx(ref["p_asymptotic"], rel=1e-9)
    exact_p = paired.marginal_homogeneity(ref["pre"], ref["post"], ["kurang lancar", "cukup lancar", "lancar"])
    assert exact_p.p_value == pytest.approx(stuart_maxwell_exact_p(ref["pre"], ref["post"], 3), rel=1e-10)


def test_marginal_homogeneity_five_levels_fifty_pairs_is_exact():
    # 2**D swap patterns are too many to list here; a Monte Carlo of random swaps (independent
    # code in brute.py, 200,000 draws) must agree within 4 standard errors.
    rng = np.random.default_rng(5)
    pre = rng.integers(0, 5, 50)
    post = np.clip(pre + rng.integers(-1, 3, 50), 0, 4)
    r = paired.marginal_homogeneity(pre, post, 5)
    assert r.p_method == "exact" and r.df == 4
    mc = stuart_maxwell_monte_carlo_p(pre.tolist(), post.tolist(), 5, 200_000, seed=1)
    se = math.sqrt(mc * (1 - mc) / 200_000)
    assert abs(r.p_value - mc) < 4 * se
