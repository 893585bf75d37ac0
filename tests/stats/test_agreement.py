"""Cohen's κ (Fleiss, Cohen & Everitt 1969 standard error) and Gwet's AC1 against independent references.

References (r/stats/agreement.R → r/stats/agreement.json, run once, committed):
- psych::cohen.kappa (an independent R implementation of κ with the Fleiss–Cohen–Everitt variance and CI);
- the formulas hand-coded in R from the papers (κ's null standard error, Gwet's AC1 and its variance);
- published point values: Fleiss, Levin & Paik (2003) table 18.1 κ = 0.68; Fleiss, Cohen & Everitt (1969)
  κ = 0.429 on their 200-subject table.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from laktasi.stats.agreement import agreement, agreement_table

REF = json.loads((Path(__file__).resolve().parents[2] / "r" / "stats" / "agreement.json").read_text())
CASES = {case["name"]: case for case in REF}


@pytest.mark.parametrize("name", sorted(CASES))
def test_kappa_and_its_variance_match_psych(name):
    case = CASES[name]
    got = agreement_table(case["table"])
    assert got.kappa == pytest.approx(case["psych_kappa"], abs=1e-12)
    assert got.kappa_se ** 2 == pytest.approx(case["psych_kappa_var"], rel=1e-9)
    if abs(case["psych_kappa_ci"][1]) < 1 and abs(case["psych_kappa_ci"][0]) < 1:  # psych clips at ±1
        assert got.kappa_ci == pytest.approx(tuple(case["psych_kappa_ci"]), abs=1e-6)  # psych's z is 1.96


@pytest.mark.parametrize("name", sorted(CASES))
def test_null_se_and_ac1_match_the_hand_coded_formulas(name):
    case, hand = CASES[name], CASES[name]["hand"]
    got = agreement_table(case["table"])
    assert got.observed == pytest.approx(hand["observed"], abs=1e-12)
    assert got.kappa_se_null == pytest.approx(hand["kappa_se_null"], rel=1e-9)
    assert got.ac1 == pytest.approx(hand["ac1"], rel=1e-12)
    assert got.ac1_se == pytest.approx(hand["ac1_se"], rel=1e-9)
    lo, hi = got.ac1_ci
    assert (hi - lo) / 2 == pytest.approx(1.959964 * hand["ac1_se"], rel=1e-6)


def test_published_point_values():
    assert round(agreement_table(CASES["fleiss_18_1"]["table"]).kappa, 2) == 0.68  # Fleiss et al. 2003, §18.1
    assert round(agreement_table(CASES["fce_1969"]["table"]).kappa, 3) == 0.429  # Fleiss, Cohen & Everitt 1969


def test_the_kappa_paradox_ac1_stays_near_observed_agreement():
    got = agreement_table(CASES["gwet_paradox"]["table"])
    assert got.observed == pytest.approx(0.944)
    assert got.kappa < 0 < 0.94 < got.ac1 < got.observed


def test_labels_give_the_same_as_the_table():
    a = ["include"] * 8 + ["exclude"] * 3 + ["maybe"] + ["include"] * 2 + ["exclude"] * 180
    b = ["include"] * 8 + ["exclude"] * 3 + ["maybe"] + ["exclude"] * 2 + ["exclude"] * 180
    by_labels = agreement(a, b, ["include", "exclude", "maybe"])
    by_table = agreement_table([[8, 2, 0], [0, 183, 0], [0, 0, 1]])
    assert by_labels.kappa == pytest.approx(by_table.kappa)
    assert by_labels.ac1 == pytest.approx(by_table.ac1)
    assert by_labels.n == 194


def test_undefined_and_bad_input():
    one_category = agreement(["exclude"] * 5, ["exclude"] * 5, ["include", "exclude"])
    assert one_category.kappa is None and one_category.kappa_ci is None
    assert one_category.ac1 == pytest.approx(1.0)
    with pytest.raises(ValueError):
        agreement(["include"], ["include", "exclude"])
    with pytest.raises(ValueError):
        agreement_table([[1, 2, 3]])


# Published worked examples, recomputed by formula in base R (tests/reference/agreement_published.R, its output
# tests/reference/agreement_published.json): the R code shares nothing with laktasi's and is written cell by cell
# from the papers' equations.
PUBLISHED = {case["name"]: case for case in json.loads(
    (Path(__file__).resolve().parents[1] / "reference" / "agreement_published.json").read_text())}


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_published_tables_match_the_papers_formulas_coded_in_r(name):
    case = PUBLISHED[name]
    got = agreement_table(case["table"])
    assert got.n == case["n"] and got.observed == pytest.approx(case["observed"], abs=1e-12)
    assert got.kappa == pytest.approx(case["kappa"], abs=1e-12)
    assert got.kappa_se == pytest.approx(case["kappa_se"], rel=1e-9)
    assert got.kappa_se_null == pytest.approx(case["kappa_se_null"], rel=1e-9)
    assert got.kappa_ci == pytest.approx(tuple(case["kappa_ci"]), abs=1e-9)
    assert got.ac1 == pytest.approx(case["ac1"], abs=1e-12)
    assert got.ac1_se == pytest.approx(case["ac1_se"], rel=1e-9)
    assert got.ac1_ci == pytest.approx(tuple(case["ac1_ci"]), abs=1e-9)


def test_gwet_handbook_abstractors_example_as_published():
    """Gwet, Handbook of Inter-Rater Reliability (4th ed., 2014): two abstractors classify 100 pregnant women as
    ectopic / abnormal intrauterine (AIU) / normal intrauterine (NIU) pregnancy. Gwet's own R package irrCAC ships
    the table as ``cont3x3abstractors`` and its README prints, for ``kappa2.table`` and ``gwet.ac1.table``:
    Cohen's kappa 0.7964094 (se 0.05891072) and Gwet's AC1 0.8493305 (se 0.04321747); percent agreement 0.89.
    irrCAC's kappa variance is the large-sample one of Fleiss, Cohen & Everitt (1969), so the se checks it too."""
    got = agreement_table([[13, 0, 0], [0, 20, 7], [0, 4, 56]], ["ectopic", "AIU", "NIU"])
    assert got.observed == pytest.approx(0.89)
    assert got.kappa == pytest.approx(0.7964094, abs=5e-8)
    assert got.kappa_se == pytest.approx(0.05891072, abs=5e-9)
    assert got.ac1 == pytest.approx(0.8493305, abs=5e-8)
    assert got.ac1_se == pytest.approx(0.04321747, abs=5e-9)
    # irrCAC prints the 95% intervals to three decimals: (0.68, 0.913) and (0.764, 0.935); its interval uses a
    # t quantile with n - 1 degrees of freedom, ours the normal one (as Fleiss, Cohen & Everitt), so the last
    # digit may differ by one
    assert got.kappa_ci[0] == pytest.approx(0.68, abs=2e-3) and got.kappa_ci[1] == pytest.approx(0.913, abs=2e-3)
    assert got.ac1_ci[0] == pytest.approx(0.764, abs=2e-3) and got.ac1_ci[1] == pytest.approx(0.935, abs=2e-3)


def test_fleiss_cohen_everitt_1969_example():
    """Fleiss, Cohen & Everitt (1969), the worked example: proportions .53 .05 .02 / .11 .14 .05 / .01 .06 .03
    (marginals .60 .30 .10 and .65 .25 .10), kappa = .429. With n = 200 the large-sample standard error of their
    equation (13) is 0.0537 and the null one of equation (14) 0.0555 (the R recomputation above)."""
    got = agreement_table(PUBLISHED["fce_1969"]["table"])
    assert round(got.kappa, 3) == 0.429
    assert round(got.kappa_se, 4) == 0.0537 and round(got.kappa_se_null, 4) == 0.0555
    assert got.kappa_se < got.kappa_se_null  # kappa > 0 here: the non-null error is the smaller one
