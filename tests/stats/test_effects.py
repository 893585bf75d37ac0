"""Effect sizes and their intervals against published examples and R (r/stats/references.json)."""

from __future__ import annotations

import math

import pytest

from laktasi.stats import effects, independent, paired


# Newcombe RG (1998) Stat Med 17:873–890, Table II, method 10 (hybrid score), examples (a), (b), (d)–(h).
@pytest.mark.parametrize(
    ("counts", "ci"),
    [
        ((56, 70, 48, 80), (0.0524, 0.3339)),
        ((9, 10, 3, 10), (0.1705, 0.8090)),
        ((5, 56, 0, 29), (-0.0381, 0.1926)),
        ((0, 10, 0, 20), (-0.1611, 0.2775)),
        ((0, 10, 0, 10), (-0.2775, 0.2775)),
        ((10, 10, 0, 20), (0.6791, 1.0000)),
        ((10, 10, 0, 10), (0.6075, 1.0000)),
    ],
)
def test_risk_difference_newcombe_1998_table_ii(counts, ci):
    e = effects.risk_difference(*counts)
    assert (round(e.ci_low, 4), round(e.ci_high, 4)) == ci
    assert e.value == pytest.approx(counts[0] / counts[1] - counts[2] / counts[3])


def test_hedges_correction_exact_vs_approximation():
    # Hedges (1981): J(df) = Γ(df/2)/(√(df/2) Γ((df−1)/2)); ≈ 1 − 3/(4df − 1) for moderate df
    assert effects.hedges_correction(10) == pytest.approx(math.gamma(5) / (math.sqrt(5) * math.gamma(4.5)))
    assert effects.hedges_correction(200) == pytest.approx(1 - 3 / (4 * 200 - 1), rel=1e-5)


@pytest.mark.parametrize("case", ["noties", "ties_zeros", "mixed", "negative"])
def test_rank_biserial_paired_matches_effectsize(rref, case):
    ref = rref["rank_biserial_paired"]["sets"][case]  # R: effectsize::rank_biserial(post - pre), Fisher z
    r = paired.wilcoxon_signed_rank(ref["pre"], ref["post"])
    assert r.effect.name == "rank_biserial" and r.effect.ci_method == "Fisher z"
    assert r.effect.value == pytest.approx(ref["value"], rel=1e-12)
    assert (r.effect.ci_low, r.effect.ci_high) == pytest.approx(ref["ci"], abs=1e-9)


def test_rank_biserial_paired_se_counts_non_zero_differences(rref):
    # effectsize's two-vector form rank_biserial(post, pre, paired = TRUE) (0.8.3) counts the non-zero
    # post values in the SE; with zero differences that gives a narrower interval than the documented
    # formula over the n non-zero differences, which laktasi (and rank_biserial(post - pre)) uses.
    ref = rref["rank_biserial_paired"]["sets"]["ties_zeros"]
    r = paired.wilcoxon_signed_rank(ref["pre"], ref["post"])
    assert r.n == 9 and r.n_zero == 3
    assert r.effect.ci_low == pytest.approx(ref["ci"][0], abs=1e-9)
    assert ref["ci_two_vector_form"][0] > ref["ci"][0] + 0.02


@pytest.mark.parametrize("case", ["ordinal", "small"])
def test_rank_biserial_paired_all_one_sign_has_no_interval(rref, case):
    # effectsize gives the degenerate Fisher-z interval [1, 1] here; laktasi reports no interval (NaN)
    ref = rref["rank_biserial_paired"]["sets"][case]
    assert ref["value"] == 1 and ref["ci"] == [1, 1]
    r = paired.wilcoxon_signed_rank(ref["pre"], ref["post"])
    assert r.effect.value == 1.0
    assert math.isnan(r.effect.ci_low) and math.isnan(r.effect.ci_high)
    assert r.effect.ci_method == "" and "undefined" in r.effect.note and "undefined" in r.note


def test_rank_biserial_seed_intervention_arm():
    # Seed study: all 5 mothers improved → r = 1 (Kerby 2014: T− = 0); no Fisher-z interval exists there
    r = paired.wilcoxon_signed_rank([0] * 5, [2] * 5)
    assert r.effect.value == 1.0 and math.isnan(r.effect.ci_low)
    neg = paired.wilcoxon_signed_rank([2] * 5, [0] * 5)
    assert neg.effect.value == -1.0 and math.isnan(neg.effect.ci_high)


@pytest.mark.parametrize("case", ["noties", "ordinal", "heavy", "volume", "seed_post", "hedges_a", "hedges_b"])
def test_rank_biserial_independent_matches_effectsize(rref, case):
    ref = rref["rank_biserial_independent"]["sets"][case]  # R: effectsize::rank_biserial(x, y), Fisher z
    r = independent.mann_whitney(ref["x"], ref["y"])
    assert r.effect.ci_method == "Fisher z"
    assert r.effect.value == pytest.approx(ref["value"], rel=1e-12)
    assert (r.effect.ci_low, r.effect.ci_high) == pytest.approx(ref["ci"], abs=1e-9)


def test_newcombe_method5_matches_r(rref):
    for row in rref["newcombe_method5"]["rows"]:  # R: Newcombe (2006) method 5 quartic solved by polyroot
        lo, hi = effects.newcombe_auc_interval(row["theta"], len(row["x"]), len(row["y"]))
        assert (lo, hi) == pytest.approx(row["theta_ci"], abs=1e-9)


def test_rank_biserial_complete_separation_uses_newcombe(rref):
    checked = 0
    for row in rref["newcombe_method5"]["rows"]:  # R: Newcombe (2006) method 5, r = 2θ − 1
        if row["theta"] not in (0, 1):
            continue
        r = independent.mann_whitney(row["x"], row["y"])
        assert r.effect.value == row["r"]
        assert r.effect.ci_method == "Newcombe (2006) method 5"
        assert (r.effect.ci_low, r.effect.ci_high) == pytest.approx(row["r_ci"], abs=1e-9)
        checked += 1
    assert checked == 4


def test_mcnemar_paired_risk_difference_wald():
    # Agresti (2013) §11.1.1: (b − c)/n ± z √((b + c) − (b − c)²/n)/n; b = 7, c = 2, n = 20
    pre = [0] * 7 + [1] * 2 + [0] * 6 + [1] * 5
    post = [1] * 7 + [0] * 2 + [0] * 6 + [1] * 5
    rd = paired.mcnemar(pre, post).extra_effects[0]
    half = 1.959963984540054 * math.sqrt(9 - 25 / 20) / 20
    assert (rd.value, rd.ci_low, rd.ci_high) == pytest.approx((0.25, 0.25 - half, 0.25 + half))


def test_mean_difference_t_interval():
    # t.test-style interval: 2 ± qt(0.975, 9) · 0.5, qt(0.975, 9) = 2.262157 (R)
    e = effects.mean_difference(2.0, 0.5, 9)
    assert e.ci_low == pytest.approx(2 - 2.2621571627 * 0.5, rel=1e-9)


def test_degenerate_inputs_give_nan_not_errors():
    assert math.isnan(effects.cohens_dz([1.0, 1.0, 1.0]).value)
    assert math.isnan(effects.hedges_g([1.0], [2.0, 3.0]).value)
    assert math.isnan(effects.risk_difference(0, 0, 1, 2).value)
