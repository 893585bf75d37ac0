"""Between-arm tests against R (r/stats/references.json, named per case) and brute-force enumeration."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import scipy.stats as sps

from laktasi.stats import independent

from .brute import fisher_p, rank_sum_p


@pytest.mark.parametrize("case", ["a", "b"])
def test_welch_t_and_hedges_g_match_r(rref, case):
    ref = rref[f"hedges_{case}"]  # R: t.test(x, y) (Welch); metafor::escalc("SMD"); ncp CI × J
    r = independent.welch_t(ref["x"], ref["y"])
    assert r.statistic == pytest.approx(ref["welch_t"], rel=1e-10)
    assert r.df == pytest.approx(ref["welch_df"], rel=1e-10)
    assert r.p_value == pytest.approx(ref["welch_p"], rel=1e-9)
    assert (r.effect.ci_low, r.effect.ci_high) == pytest.approx(ref["welch_ci"], rel=1e-9)
    g = r.extra_effects[0]
    assert g.name == "hedges_g"
    assert g.value == pytest.approx(ref["g"], rel=1e-10)
    assert (g.ci_low, g.ci_high) == pytest.approx(ref["ci"], rel=1e-6)


def test_welch_t_degenerate():
    r = independent.welch_t([3, 3, 3], [3, 3])
    assert math.isnan(r.p_value) and r.statistic is None


def test_mann_whitney_without_ties_matches_wilcox_test(rref):
    ref = rref["rank_sum_noties"]  # R: wilcox.test(x, y, exact = TRUE)
    r = independent.mann_whitney(ref["x"], ref["y"])
    assert r.statistic == ref["statistic"]
    assert r.p_value == pytest.approx(ref["p_value"], rel=1e-12)


@pytest.mark.parametrize("case", ["ordinal", "heavy", "volume", "seed_post"])
def test_mann_whitney_under_ties_matches_coin(rref, case):
    ref = rref[f"rank_sum_{case}"]  # R: coin::wilcox_test(distribution = "exact")
    r = independent.mann_whitney(ref["x"], ref["y"])
    assert r.p_method == "exact"
    assert r.statistic == ref["statistic"]
    assert r.p_value == pytest.approx(ref["p_value"], rel=1e-10)
    if math.comb(len(ref["x"]) + len(ref["y"]), len(ref["x"])) <= 200_000:  # all relabellings
        assert r.p_value == pytest.approx(rank_sum_p(ref["x"], ref["y"]), rel=1e-12)
    swapped = independent.mann_whitney(ref["y"], ref["x"])  # enumerating the other group gives the same p
    assert swapped.p_value == pytest.approx(r.p_value, rel=1e-12)
    assert swapped.effect.value == pytest.approx(-r.effect.value)
    a = independent.mann_whitney(ref["x"], ref["y"], method="asymptotic")
    assert a.p_value == pytest.approx(ref["p_asymptotic"], rel=1e-9)  # coin, distribution = "asymptotic"


def test_trap_mannwhitneyu_falls_back_to_normal_under_ties(rref):
    ref = rref["rank_sum_seed_post"]  # intervention all lancar vs control mixed; coin exact p = 0.0476
    scipy_p = sps.mannwhitneyu(ref["x"], ref["y"], method="auto").pvalue
    assert scipy_p != pytest.approx(ref["p_value"], rel=1e-2)  # the trap: asymptotic under ties
    assert independent.mann_whitney(ref["x"], ref["y"]).p_value == pytest.approx(ref["p_value"], rel=1e-10)


def test_rank_biserial_is_probability_of_superiority():
    # x beats y in 5 of 6 pairs, 1 tie: U = 5.5 of 6 → r = 2·5.5/6 − 1 (Kerby 2014, simple difference formula)
    r = independent.mann_whitney([3, 5, 2], [1, 2])
    assert r.statistic == 5.5
    assert r.effect.value == pytest.approx(2 * 5.5 / 6 - 1)


@pytest.mark.parametrize("case", ["t22a", "t22b", "t22zero", "t23", "t33", "t24"])
def test_fisher_exact_matches_r_fisher_test(rref, case):
    ref = rref[f"fisher_{case}"]  # R: fisher.test(table)
    r = independent.fisher_exact(ref["table"])
    assert r.p_method == "exact"
    assert r.p_value == pytest.approx(ref["p_value"], rel=1e-9)
    assert r.p_value == pytest.approx(fisher_p(ref["table"]), rel=1e-12)  # enumeration with fractions
    if "estimate" in ref:
        # R fisher.test's estimate and CI come from uniroot at tolerance ~1e-4; the script also
        # re-solves them at 1e-13 ("estimate_tight", "ci"), which is what we match closely.
        assert r.effect.value == pytest.approx(ref["estimate_tight"], rel=1e-8)
        assert r.effect.value == pytest.approx(ref["estimate"], rel=1e-4)
        assert (r.effect.ci_low, r.effect.ci_high) == pytest.approx(ref["ci"], rel=1e-8)
        rd, rr = r.extra_effects
        t = np.asarray(ref["table"])
        assert rd.value == pytest.approx(t[0, 0] / t[0].sum() - t[1, 0] / t[1].sum())
        assert math.log(rr.value) == pytest.approx(ref["log_rr"], rel=1e-10)  # metafor::escalc("RR")
        half = 1.959963984540054 * math.sqrt(ref["var_log_rr"])
        assert math.log(rr.ci_low) == pytest.approx(ref["log_rr"] - half, rel=1e-9)


def test_trap_scipy_fisher_exact_is_2x2_only(rref):
    ref = rref["fisher_t23"]
    scipy_p = sps.fisher_exact(ref["table"]).pvalue  # the trap: r×c is Monte Carlo (9999 random tables)
    assert scipy_p * 10000 == pytest.approx(round(scipy_p * 10000), abs=1e-6)  # granularity 1/10000
    assert ref["p_value"] * 10000 != pytest.approx(round(ref["p_value"] * 10000), abs=1e-3)
    assert independent.fisher_exact(ref["table"]).p_value == pytest.approx(ref["p_value"], rel=1e-9)


def test_fisher_drops_empty_rows_and_columns():
    r = independent.fisher_exact([[3, 0, 1], [1, 0, 3]])
    assert r.p_value == pytest.approx(fisher_p([[3, 1], [1, 3]]))


def test_chi_square_matches_r(rref):
    ref = rref["chisq_23"]  # R: chisq.test(correct = FALSE)
    r = independent.chi_square(ref["table"])
    assert r.statistic == pytest.approx(ref["statistic"], rel=1e-12)
    assert r.df == ref["df"]
    assert r.p_value == pytest.approx(ref["p_value"], rel=1e-10)


def test_ancova_matches_r_lm(rref):
    ref = rref["ancova"]  # R: lm(post ~ group + pre), group relevelled to "kontrol"
    r = independent.ancova(ref["post"], ref["pre"], ref["group"], reference="kontrol")
    assert r.effect.name == "adjusted_difference"
    assert r.effect.value == pytest.approx(ref["estimate"], rel=1e-10)
    assert r.statistic == pytest.approx(ref["t"], rel=1e-9)
    assert r.df == ref["df"]
    assert r.p_value == pytest.approx(ref["p_value"], rel=1e-8)
    assert (r.effect.ci_low, r.effect.ci_high) == pytest.approx(ref["ci"], rel=1e-9)


def test_ancova_three_groups_gives_f_test():
    rng = np.random.default_rng(1)
    pre = rng.normal(20, 3, 30)
    group = np.repeat(["a", "b", "c"], 10)
    post = pre + np.repeat([0.0, 2.0, 4.0], 10) + rng.normal(0, 1, 30)
    r = independent.ancova(post, pre, group, reference="a")
    assert r.effect is None and r.df == 26 and r.p_value < 0.001


def test_exact_method_is_used_up_to_fifty_per_group():
    rng = np.random.default_rng(7)
    x = rng.integers(0, 3, 50)
    y = rng.integers(0, 3, 50)
    assert independent.mann_whitney(x, y).p_method == "exact"
    xv = rng.normal(30, 8, 50).round(1)
    yv = rng.normal(28, 8, 50).round(1)
    assert independent.mann_whitney(xv, yv).p_method == "exact"


def test_large_samples_fall_back_to_asymptotic():
    rng = np.random.default_rng(3)
    x = rng.normal(0, 1, 3000)
    y = rng.normal(0.1, 1, 3000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = independent.mann_whitney(x, y)
    assert r.p_method == "asymptotic"
    assert r.p_value == pytest.approx(sps.mannwhitneyu(x, y, use_continuity=False, method="asymptotic").pvalue, rel=1e-9)


# ---- ANCOVA with covariates: r/stats/ancova_covariates.R → r/stats/ancova_covariates.json

@pytest.fixture(scope="module")
def rcov():
    from .conftest import _load

    return _load("ancova_covariates.json")


def _covs(case, *names):
    import pandas as pd

    return pd.DataFrame({name: [math.nan if v is None else v for v in case[name]] if name != "paritas"
                         else case[name] for name in names})


def test_ancova_with_covariates_matches_r_lm(rcov):
    ref = rcov["two_arms"]  # R: lm(post ~ arm + pre + umur + factor(paritas)), na.omit
    post = [math.nan if v is None else v for v in ref["post"]]
    fit = independent.ancova_fit(post, ref["pre"], ref["arm"], "kontrol", _covs(ref, "umur", "paritas"))
    r = fit.result
    assert r.n == ref["n"] == 17 and fit.n_incomplete == 3  # post, umur, paritas each missing once
    assert fit.adjusted_for == ("umur", "paritas") and fit.dropped == ()
    assert r.effect.value == pytest.approx(ref["estimate"], rel=1e-10)
    assert r.statistic == pytest.approx(ref["t"], rel=1e-9)
    assert r.df == ref["df"]
    assert r.p_value == pytest.approx(ref["p_value"], rel=1e-7)
    assert (r.effect.ci_low, r.effect.ci_high) == pytest.approx(ref["ci"], rel=1e-9)
    assert r.note == "adjusted for pre, umur, paritas"


def test_ancova_categorical_covariate_as_pandas_categorical_gives_the_same(rcov):
    import pandas as pd

    ref = rcov["two_arms"]  # R: lm(... + factor(paritas)); the reference level does not move the arm term
    covs = _covs(ref, "umur", "paritas")
    covs["paritas"] = pd.Categorical(covs["paritas"], categories=["primipara", "multipara", "grande", "unused"])
    post = [math.nan if v is None else v for v in ref["post"]]
    r = independent.ancova(post, ref["pre"], ref["arm"], "kontrol", covs)
    assert r.effect.value == pytest.approx(ref["estimate"], rel=1e-10)
    assert r.df == ref["df"]  # the unused level adds no column (lm drops unused levels)


def test_ancova_aliased_covariate_is_dropped_as_r_does(rcov):
    ref, base = rcov["aliased"], rcov["two_arms"]  # R: lm(... + umur + umur2 + ...), coef(umur2) is NA
    covs = _covs(base, "umur", "paritas")
    covs.insert(1, "umur2", 2 * covs["umur"])
    post = [math.nan if v is None else v for v in base["post"]]
    fit = independent.ancova_fit(post, base["pre"], base["arm"], "kontrol", covs)
    assert ref["umur2_coefficient_is_na"] and fit.dropped == (("umur2", "aliased"),)
    assert fit.adjusted_for == ("umur", "paritas")
    assert fit.result.effect.value == pytest.approx(ref["estimate"], rel=1e-10)
    assert fit.result.df == ref["df"]
    assert fit.result.p_value == pytest.approx(ref["p_value"], rel=1e-7)


def test_ancova_three_arms_with_covariates_f_test_matches_r(rcov):
    ref = rcov["three_arms"]  # R: anova(lm(post ~ pre + umur + factor(paritas)), lm(post ~ g + pre + ...))
    r = independent.ancova(ref["post"], ref["pre"], ref["arm"], "a", _covs(ref, "umur", "paritas"))
    assert r.effect is None
    assert r.statistic == pytest.approx(ref["f"], rel=1e-9)
    assert r.df == ref["df"]
    assert r.p_value == pytest.approx(ref["p_value"], rel=1e-7)
    assert r.note.startswith(f"F test on {ref['df_num']} and {ref['df']} df; adjusted for pre, umur, paritas")


def test_ancova_without_covariates_is_unchanged(rref):
    import pandas as pd

    ref = rref["ancova"]  # R: lm(post ~ group + pre)
    empty = pd.DataFrame(index=range(len(ref["post"])))
    for covs in (None, empty):
        r = independent.ancova(ref["post"], ref["pre"], ref["group"], "kontrol", covs)
        assert r.effect.value == pytest.approx(ref["estimate"], rel=1e-10) and r.df == ref["df"]
    assert independent.ancova(ref["post"], ref["pre"], ref["group"], "kontrol").note == ""


def test_ancova_single_level_covariate_is_dropped_and_length_checked(rref):
    import pandas as pd

    ref = rref["ancova"]  # R: lm(post ~ group + pre); a one-level factor makes R's lm stop, laktasi leaves it out
    n = len(ref["post"])
    fit = independent.ancova_fit(ref["post"], ref["pre"], ref["group"], "kontrol",
                                 pd.DataFrame({"paritas": ["primipara"] * n}))
    assert fit.dropped == (("paritas", "one level"),) and fit.adjusted_for == ()
    assert fit.result.effect.value == pytest.approx(ref["estimate"], rel=1e-10)
    with pytest.raises(ValueError, match="rows"):
        independent.ancova(ref["post"], ref["pre"], ref["group"], "kontrol", pd.DataFrame({"u": [1.0]}))
