"""analyse(): which test is primary, counts, warnings, descriptives — against independent references.

Statistical values come from R (r/trial/example_analysis.R → r/trial/example_analysis.out, named
``R:`` beside each expectation) or from exhaustive enumeration written here.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from laktasi.trial.analysis import analyse
from laktasi.trial.design import design_from_mapping
from laktasi.trial.study import load_study, study_from_frame

from .conftest import r_reference as R

LEVELS = ["kurang lancar", "cukup lancar", "lancar"]


@pytest.fixture(scope="module")
def example():
    from .conftest import EXAMPLES

    return analyse(load_study(EXAMPLES / "study_wide.csv"))


def _test(a, outcome, scope, test, comparison=None):
    (t,) = [t for t in a.tests if t.outcome == outcome and t.scope == scope and t.result.test == test
            and (comparison is None or t.comparison == comparison)]
    return t


def test_exactly_one_primary_per_outcome_and_scope(example):
    primaries = Counter((t.outcome, t.scope) for t in example.tests if t.primary)
    scopes = Counter((t.outcome, t.scope) for t in example.tests)
    assert set(primaries) == set(scopes) and set(primaries.values()) == {1}
    assert {(t.outcome, t.scope, t.result.test) for t in example.tests if t.primary} == {
        ("volume", "kontrol", "paired_t"), ("volume", "intervensi", "paired_t"), ("volume", "between", "ancova"),
        ("kelancaran", "kontrol", "sign_test"), ("kelancaran", "intervensi", "sign_test"),
        ("kelancaran", "between", "mann_whitney")}


def test_never_a_t_test_on_category_codes(example):
    assert not [t for t in example.tests if t.outcome == "kelancaran"
                and t.result.test in ("paired_t", "welch_t", "ancova")]


def test_continuous_numbers_match_r(example):
    for arm in ("kontrol", "intervensi"):
        t = _test(example, "volume", arm, "paired_t").result
        assert t.statistic == pytest.approx(R(f"{arm} paired_t statistic"), rel=1e-9)  # R: t.test paired
        assert t.p_value == pytest.approx(R(f"{arm} paired_t p"), rel=1e-7)
        assert (t.effect.ci_low, t.effect.ci_high) == pytest.approx(
            (R(f"{arm} paired_t ci_low"), R(f"{arm} paired_t ci_high")), rel=1e-9)
        sw = _test(example, "volume", arm, "shapiro_wilk").result
        assert sw.p_value == pytest.approx(R(f"{arm} shapiro p"), rel=1e-6)  # R: shapiro.test
        assert _test(example, "kelancaran", arm, "sign_test").result.p_value == pytest.approx(R(f"{arm} sign_test p"))
    anc = _test(example, "volume", "between", "ancova")
    assert anc.comparison == "post"
    assert anc.result.effect.name == "adjusted_difference"
    assert anc.result.effect.value == pytest.approx(R("ancova estimate"), rel=1e-9)  # R: lm(post ~ arm + pre)
    assert anc.result.effect.ci_low == pytest.approx(R("ancova ci_low"), rel=1e-9)
    assert anc.result.p_value == pytest.approx(R("ancova p"), rel=1e-7)
    assert anc.result.df == R("ancova df")
    welch = _test(example, "volume", "between", "welch_t")
    assert welch.comparison == "change" and not welch.primary
    assert welch.result.statistic == pytest.approx(R("welch_t statistic"), rel=1e-9)  # R: t.test(change ~ arm)
    assert _test(example, "volume", "between", "mann_whitney").comparison == "change"
    mw = _test(example, "kelancaran", "between", "mann_whitney", "post")
    assert mw.result.p_value == pytest.approx(R("mann_whitney post p"), rel=1e-9)  # R: coin::wilcox_test exact
    assert mw.result.p_method == "exact"
    fisher = _test(example, "kelancaran", "between", "fisher_exact")
    assert fisher.result.p_value == pytest.approx(R("fisher post p"), rel=1e-7)  # R: fisher.test


def test_descriptives_spss_quartiles_match_r(example):
    d = example.descriptives.set_index(["outcome", "arm", "time"])
    for arm in ("kontrol", "intervensi"):
        for time in ("pre", "post"):
            row = d.loc[("volume", arm, time)]
            for stat in ("mean", "sd", "q1", "median", "q3"):
                # R: quantile(type = 6), SPSS's weighted-average definition
                assert row[stat] == pytest.approx(R(f"{arm} {time} {stat}"), rel=1e-9), (arm, time, stat)
            assert row["n"] == 12
    change = d.loc[("volume", "kontrol", "change")]
    assert change["mean"] == pytest.approx(R("kontrol post mean") - R("kontrol pre mean"), rel=1e-9)


def test_frequencies_and_crosstabs_count_the_table(example):
    data = pd.read_csv(__import__("tests.trial.conftest", fromlist=["x"]).EXAMPLES / "study_wide.csv")
    f = example.frequencies
    for arm in ("kontrol", "intervensi"):
        for time in ("pre", "post"):
            expect = data.loc[data["arm"] == arm, f"kelancaran_{time}"].value_counts()
            sub = f[(f.outcome == "kelancaran") & (f.arm == arm) & (f.time == time)].set_index("level")
            assert list(sub.index) == LEVELS
            for level in LEVELS:
                assert sub.loc[level, "n"] == expect.get(level, 0)
                assert sub.loc[level, "percent"] == pytest.approx(100 * expect.get(level, 0) / 12)
        ct = example.crosstabs[("kelancaran", arm)]
        part = data[data["arm"] == arm]
        for a in LEVELS:
            for b in LEVELS:
                assert ct.loc[a, b] == ((part.kelancaran_pre == a) & (part.kelancaran_post == b)).sum()


def _seed():
    from .conftest import EXAMPLES

    return analyse(load_study(EXAMPLES / "seed_balibo" / "data.csv", EXAMPLES / "seed_balibo" / "design.yaml"))


def test_seed_study_against_exhaustive_enumeration():
    a = _seed()
    # within the intervention arm: 5 of 5 mothers moved up; enumerate all 2^5 sign patterns
    patterns = list(itertools.product((-1, 1), repeat=5))
    extreme = sum(1 for s in patterns if abs(sum(s)) >= 5)
    sign = _test(a, "kelancaran", "intervensi", "sign_test")
    assert sign.primary and sign.result.p_value == pytest.approx(extreme / len(patterns))  # = 2/32 = 0.0625
    assert _test(a, "kelancaran", "kontrol", "sign_test").result.n_zero == 5
    # between arms on the after categories: every way to pick the 5 "intervention" mothers out of 10
    post = [2] * 5 + [1] * 4 + [0]
    def u(group):
        x = [post[i] for i in group]
        y = [post[i] for i in range(10) if i not in group]
        return sum((xi > yi) + 0.5 * (xi == yi) for xi in x for yi in y)
    observed = u(range(5))
    splits = list(itertools.combinations(range(10), 5))
    p = sum(1 for g in splits if abs(u(g) - 12.5) >= abs(observed - 12.5)) / len(splits)
    mw = _test(a, "kelancaran", "between", "mann_whitney", "post")
    assert mw.primary and mw.result.p_value == pytest.approx(p) and p == pytest.approx(2 / 252)
    assert mw.result.p_value == pytest.approx(R("seed mann_whitney post p"), rel=1e-9)  # R: coin exact
    assert _test(a, "kelancaran", "between", "fisher_exact").result.p_value == pytest.approx(
        R("seed fisher post p"), rel=1e-7)  # R: fisher.test on the 2×2 of non-empty columns


def test_seed_study_warnings():
    a = _seed()
    codes = Counter(w.code for w in a.warnings)
    assert codes == {"case_control_label": 1, "sample_too_small": 2, "baseline_imbalance": 1,
                     "non_random_allocation": 1}  # the paper: "total sampling" (design.yaml allocation)
    small = [w for w in a.warnings if w.code == "sample_too_small"]
    assert {w.data["arm"] for w in small} == {"kontrol", "intervensi"}
    assert all(w.data["min_p"] == 2 / 2**5 and "0.0625" in w.text.en and "0,0625" in w.text.id for w in small)


def _frame(n_per_arm, pre, post, arms=("kontrol", "intervensi")):
    return pd.DataFrame({"id": range(1, 2 * n_per_arm + 1), "arm": np.repeat(arms, n_per_arm),
                         "volume_pre": pre, "volume_post": post})


def test_six_pairs_can_reach_005_so_no_warning():
    rng = np.random.default_rng(3)
    pre = rng.uniform(5, 15, 12).round(1)
    a = analyse(study_from_frame(_frame(6, pre, pre + rng.uniform(1, 9, 12).round(1)), source="x.csv"))
    assert "sample_too_small" not in {w.code for w in a.warnings}  # 2/2^6 = 0.03125 < 0.05


def test_wilcoxon_leads_when_differences_are_clearly_non_normal():
    pre = np.tile(np.arange(10.0) + 5, 2)
    diffs = np.tile([1, 1.2, 0.8, 1.1, 0.9, 1.0, 1.3, 0.7, 1.05, 30], 2)  # one mother's huge gain per arm
    a = analyse(study_from_frame(_frame(10, pre, pre + diffs), source="x.csv"))
    for arm in ("kontrol", "intervensi"):
        sw = _test(a, "volume", arm, "shapiro_wilk").result
        assert sw.p_value < 0.05
        lead = [t for t in a.tests if t.scope == arm and t.primary][0]
        assert lead.result.test == "wilcoxon_signed_rank" and "non-normal" in lead.reason.en
        assert not _test(a, "volume", arm, "paired_t").primary


def test_all_equal_differences_wilcoxon_carries_the_inference():
    pre = np.arange(12, dtype=float) + 5
    a = analyse(study_from_frame(_frame(6, pre, pre + 2.0), source="x.csv"))
    lead = [t for t in a.tests if t.scope == "kontrol" and t.primary][0]
    assert lead.result.test == "wilcoxon_signed_rank" and math.isnan(_test(a, "volume", "kontrol", "paired_t").result.p_value)


def test_no_control_group_warning_and_no_between_tests():
    frame = pd.DataFrame({"id": range(8), "volume_pre": [5.0, 6, 7, 8, 5, 6, 7, 9],
                          "volume_post": [9.0, 12, 10, 15, 9, 8, 12, 14]})
    a = analyse(study_from_frame(frame, source="one.csv"))
    assert "no_control_group" in {w.code for w in a.warnings}
    assert "day 2–4" in next(w for w in a.warnings if w.code == "no_control_group").text.en
    assert not [t for t in a.tests if t.scope == "between"]


def test_missing_values_complete_cases_counted():
    pre = [10.0, np.nan, 11, 12, 9, 10, 8, 12]
    post = [14.0, 15, np.nan, 18, 15, 16, 12, 19]
    a = analyse(study_from_frame(_frame(4, pre, post), source="x.csv"))
    assert a.complete_cases == {"volume": {"kontrol": 2, "intervensi": 4}}
    w = next(w for w in a.warnings if w.code == "missing_values")
    assert w.data == {"outcome": "volume", "missing": 2, "used": 6}
    assert _test(a, "volume", "kontrol", "paired_t").result.n == 2
    assert a.n == {"kontrol": 4, "intervensi": 4}


def test_baseline_imbalance_continuous():
    pre = [10.0, 11, 12, 10, 11, 12] + [20.0, 21, 22, 20, 21, 22]
    post = [p + 3 for p in pre]
    a = analyse(study_from_frame(_frame(6, pre, post), source="x.csv"))
    w = next(w for w in a.warnings if w.code == "baseline_imbalance")
    # standardised difference of the before values: (21 − 11) / pooled SD (= SD of 10, 11, 12, 10, 11, 12)
    assert w.data["smd"] == pytest.approx(10 / np.std([10, 11, 12, 10, 11, 12], ddof=1))


def test_binary_and_nominal_outcomes_use_mcnemar_marginal_homogeneity_and_fisher():
    frame = pd.DataFrame({"id": range(1, 9), "arm": ["kontrol"] * 4 + ["intervensi"] * 4,
                          "asi_pre": ["tidak", "tidak", "ya", "tidak"] * 2, "asi_post": ["ya", "tidak", "ya", "ya"] * 2,
                          "warna_pre": ["a", "b", "c", "a"] * 2, "warna_post": ["b", "b", "a", "c"] * 2})
    a = analyse(study_from_frame(frame, source="x.csv"))
    lead = {(t.outcome, t.scope): t.result.test for t in a.tests if t.primary}
    assert lead[("asi", "kontrol")] == "mcnemar" and lead[("asi", "between")] == "fisher_exact"
    assert lead[("warna", "kontrol")] == "marginal_homogeneity" and lead[("warna", "between")] == "fisher_exact"
    # McNemar on 2 changes 0→1 and none back: exact binomial p = 2 · (1/2)^2 = 0.5
    assert _test(a, "asi", "kontrol", "mcnemar").result.p_value == pytest.approx(0.5)
    # the 2×2 odds ratio is for the higher level ("ya"), other arm over reference: equal arms → 1
    assert _test(a, "asi", "between", "fisher_exact").result.effect.value == pytest.approx(1.0)


def test_design_override_changes_the_primary_and_keeps_the_default():
    frame = _frame(6, np.arange(12.0) + 5, np.arange(12.0) + 9 + np.tile([0, 1, 0, 2, 1, 0], 2))
    design = design_from_mapping({"arm": {"column": "arm", "reference": "kontrol"}, "outcomes": {
        "volume": {"pre": "volume_pre", "post": "volume_post", "tests": {"within": "sign_test", "between": "welch_t"}}}})
    a = analyse(study_from_frame(frame, design, "x.csv"))
    lead = {t.scope: t for t in a.tests if t.primary}
    assert lead["kontrol"].result.test == "sign_test" and "design file" in lead["kontrol"].reason.en
    assert lead["between"].result.test == "welch_t" and lead["between"].comparison == "change"
    assert not _test(a, "volume", "between", "ancova").primary


def test_three_time_points_compare_the_named_pair(examples):
    a = analyse(load_study(examples / "study_three_times.csv", examples / "design_three_times.yaml"))
    times = set(a.descriptives.loc[a.descriptives.outcome == "volume", "time"])
    assert times == {"hari1", "hari2", "hari3", "change"}
    data = pd.read_csv(examples / "study_three_times.csv")
    k = data[data.grup == "K"]
    pt = _test(a, "volume", "K", "paired_t").result
    assert pt.effect.value == pytest.approx((k.vol_h3 - k.vol_h1).mean())  # day 3 − day 1, not day 2
    assert [t.result.test for t in a.tests if t.scope == "K" and t.primary and t.outcome == "volume"] == [
        "wilcoxon_signed_rank"]
    derived = next(o for o in a.outcomes if o.name == "kelancaran_volume")
    assert derived.derived_from == "volume" and derived.time_labels == ("hari1", "hari2", "hari3")
    assert [r.name for r in a.rules] == ["kelancaran_volume"]
    cov = a.descriptives[a.descriptives.time == "baseline"]
    assert set(cov.outcome) == {"umur"} and cov.n.sum() == 24
    assert set(a.frequencies.loc[a.frequencies.time == "baseline", "level"]) == {"primipara", "multipara"}
    assert "case_control_label" not in {w.code for w in a.warnings}


def test_json_contract(example):
    doc = example.to_json("id")
    assert doc["n"] == {"kontrol": 12, "intervensi": 12}
    for t in doc["tests"]:
        assert {"outcome", "scope", "comparison", "test", "primary", "statistic", "df", "p_value", "p_method",
                "effect"} <= set(t)
        assert t["comparison"] in ("pre_post", "post", "change")
        assert t["p_method"] in ("exact", "permutation", "asymptotic", "monte_carlo")
        assert t["effect"] is None or set(t["effect"]) >= {"name", "value", "ci_low", "ci_high"}
    assert all(set(w) == {"code", "message"} for w in doc["warnings"])
    import json

    json.dumps(doc, allow_nan=False)  # strict JSON: no NaN anywhere


def test_three_arms_one_overall_between_test():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"id": range(12), "arm": np.repeat(["kontrol", "A", "B"], 4),
                          "volume_pre": rng.uniform(5, 15, 12), "volume_post": rng.uniform(10, 30, 12),
                          "k_pre": rng.choice(["kurang lancar", "lancar"], 12),
                          "k_post": rng.choice(["cukup lancar", "lancar"], 12)})
    a = analyse(study_from_frame(frame, source="3.csv"))
    between = {(t.outcome, t.result.test): t for t in a.tests if t.scope == "between"}
    assert set(between) == {("volume", "ancova"), ("k", "fisher_exact")}
    assert between[("volume", "ancova")].result.df == 8  # 12 − 4 parameters: F test of both arm terms
    assert "more_than_two_arms" in {w.code for w in a.warnings}
    assert a.arms[0] == "kontrol"


def test_covariate_imbalance_is_warned(examples):
    a = analyse(load_study(examples / "study_three_times.csv", examples / "design_three_times.yaml"))
    w = [w for w in a.warnings if w.code == "baseline_imbalance"]
    data = pd.read_csv(examples / "study_three_times.csv")
    share = data.groupby("grup")["paritas"].apply(lambda s: (s == "primipara").mean())
    assert [x.data["outcome"] for x in w] == ["paritas"]
    assert w[0].data["points"] == pytest.approx(100 * abs(share["P"] - share["K"]))


def test_between_arm_sample_too_small_states_smallest_p():
    frame = _frame(3, [1.0, 2, 3, 4, 5, 6], [2.0, 4, 6, 9, 11, 13])
    design = design_from_mapping({"arm": {"column": "arm", "reference": "kontrol"}, "outcomes": {
        "volume": {"pre": "volume_pre", "post": "volume_post", "tests": {"between": "mann_whitney"}}}})
    a = analyse(study_from_frame(frame, design, "x.csv"))
    w = [w for w in a.warnings if w.code == "sample_too_small" and "outcome" in w.data]
    # 3 + 3 with no ties: the most extreme of the C(6, 3) = 20 splits, two-sided: 2/20
    splits = list(itertools.combinations(range(6), 3))
    assert len(w) == 1 and w[0].data["min_p"] == pytest.approx(2 / len(splits))
    assert "0.1" in w[0].text.en and "0,1" in w[0].text.id


def _r_ancova_covariates():
    import json

    from .conftest import REPO

    return json.loads((REPO / "r" / "stats" / "ancova_covariates.json").read_text(encoding="utf-8"))


def test_between_arm_ancova_adjusts_for_the_design_covariates(examples):
    ref = _r_ancova_covariates()["study_three_times"]  # R: lm(vol_h3 ~ grup + vol_h1 + umur + factor(paritas))
    a = analyse(load_study(examples / "study_three_times.csv", examples / "design_three_times.yaml"))
    anc = _test(a, "volume", "between", "ancova")
    assert anc.primary and anc.comparison == "post"
    assert anc.result.effect.value == pytest.approx(ref["estimate"], rel=1e-9)
    assert (anc.result.effect.ci_low, anc.result.effect.ci_high) == pytest.approx(ref["ci"], rel=1e-9)
    assert anc.result.p_value == pytest.approx(ref["p_value"], rel=1e-7)
    assert anc.result.df == ref["df"] and anc.result.n == ref["n"]
    assert "covariates umur, paritas" in anc.reason.en and "kovariat umur, paritas" in anc.reason.id
    assert "missing_covariates" not in {w.code for w in a.warnings}
    (described,) = [w for w in a.warnings if w.code == "covariates_described"]
    assert "adjusts for them" in described.text.en


def test_ancova_complete_cases_over_covariates_are_counted(examples):
    ref = _r_ancova_covariates()["study_three_times_missing"]  # R: same lm, na.omit after blanking 3 values
    frame = pd.read_csv(examples / "study_three_times.csv")
    frame.loc[frame["no"].isin(ref["blank_umur"]), "umur"] = np.nan
    frame.loc[frame["no"] == ref["blank_paritas"], "paritas"] = np.nan
    design = design_from_mapping({"id": "no", "arm": {"column": "grup", "reference": "K"},
                                  "outcomes": {"volume": {"pre": "vol_h1", "post": "vol_h3", "unit": "ml"}},
                                  "covariates": ["umur", "paritas"]})
    a = analyse(study_from_frame(frame, design, "x.csv"))
    anc = _test(a, "volume", "between", "ancova").result
    assert anc.n == ref["n"] == 21 and anc.df == ref["df"]
    assert anc.effect.value == pytest.approx(ref["estimate"], rel=1e-9)
    assert anc.p_value == pytest.approx(ref["p_value"], rel=1e-7)
    (w,) = [w for w in a.warnings if w.code == "missing_covariates"]
    assert w.data == {"outcome": "volume", "missing": 3, "used": 21}
    assert "3 of the 24" in w.text.en and "3 dari 24" in w.text.id
    # the within-arm tests still use every before–after pair
    assert _test(a, "volume", "K", "paired_t").result.n == 12


def test_ancova_reason_says_which_covariate_was_left_out():
    frame = _frame(4, [10.0, 12, 9, 11, 14, 13, 10, 12], [12.0, 15, 10, 14, 22, 20, 18, 21])
    frame["paritas"] = "primipara"
    design = design_from_mapping({"arm": {"column": "arm", "reference": "kontrol"}, "outcomes": {
        "volume": {"pre": "volume_pre", "post": "volume_post"}}, "covariates": ["paritas"]})
    a = analyse(study_from_frame(frame, design, "x.csv"))
    anc = _test(a, "volume", "between", "ancova")
    assert "covariate paritas left out: it has only one level" in anc.reason.en
    assert "kovariat paritas tidak dipakai" in anc.reason.id
    assert anc.result.df == 5  # 8 − (intercept, arm, pre): as R's lm(post ~ arm + pre)
