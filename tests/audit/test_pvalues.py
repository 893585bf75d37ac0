"""p-values from printed statistics. Expected verdicts: statcheck's documented test cases
(Nuijten et al. 2016; statcheck R package tests test-error.R / test-decisionerror.R); expected
p-values: R 4 (r/audit/reference.R → r/audit/reference.csv)."""

import pytest

from laktasi.audit.printed import parse_printed, parse_reported_p
from laktasi.audit.pvalues import check_chi2, check_f, check_r, check_t, check_z, fmt


def P(x):
    return parse_printed(x)


def R(x):
    return parse_reported_p(x)


def test_t_recomputed_matches_r(r_ref):
    c = check_t(P("2.20"), 28, R(".03"))
    two = next(v for v in c.variants if v.name == "t_two_sided")
    assert two.p == pytest.approx(r_ref[("t28_2.20", "p_two_sided")], rel=1e-9)
    # statcheck's rule: the printed 2.20 stands for [2.195, 2.205]
    assert two.p_low == pytest.approx(r_ref[("t28_2.20", "p_low")], rel=1e-9)
    assert two.p_high == pytest.approx(r_ref[("t28_2.20", "p_high")], rel=1e-9)


@pytest.mark.parametrize(
    "case",
    [
        # statcheck test-error.R: "simple errors are classified as such"
        ("t", "2.20", (28,), ".03"),
        ("f", "2.20", (2, 28), ".15"),
        ("r", ".22", (28,), ".26"),
        ("chi2", "22.20", (28,), ".79"),
        ("z", "2.20", (), ".04"),
        # negative statistic and an inexact p that is wrong
        ("t", "-2.20", (28,), ".03"),
        ("t", "2.20", (28,), ">.05"),
        # statcheck test-decisionerror.R
        ("t", "2.20", (28,), ".06"),
        ("t", "1.20", (28,), ".03"),
        ("z", "1.20", (), ".03"),
    ],
)
def test_statcheck_errors_are_inconsistent(case):
    assert _check(*case).verdict == "inconsistent"


@pytest.mark.parametrize(
    "case",
    [
        ("z", "-2.42", (), "0.016"),      # statcheck: no error
        ("t", "2.0", (28,), "<.05"),      # statcheck: no error — the statistic's rounding allows p < .05
        ("t", "2.20", (28,), ".04"),      # p = .036
        ("f", "2.20", (2, 28), ".13"),    # p = .1296 (R)
        ("r", ".22", (28,), ".24"),       # p = .2427 (R)
        ("chi2", "22.20", (28,), ".77"),  # p = .7719 (R)
        ("z", "-2,673", (), "0,008"),     # seed 000 cites "Z = -2,673, p = 0,008"; R: .00752
    ],
)
def test_consistent_cases(case):
    assert _check(*case).verdict == "consistent"


def test_p_values_match_r(r_ref):
    assert _check("z", "-2.42", (), "0.016").recomputed == pytest.approx(r_ref[("z_-2.42", "p_two_sided")], rel=1e-9)
    assert _check("f", "2.20", (2, 28), ".13").recomputed == pytest.approx(r_ref[("F2_28_2.20", "p")], rel=1e-9)
    assert _check("r", ".22", (28,), ".24").recomputed == pytest.approx(r_ref[("r28_.22", "p_two_sided")], rel=1e-9)
    assert _check("chi2", "22.20", (28,), ".77").recomputed == pytest.approx(r_ref[("chi2_28_22.20", "p")], rel=1e-9)
    assert _check("z", "-2,673", (), "0,008").recomputed == pytest.approx(r_ref[("z_-2.673", "p_two_sided")],
                                                                          rel=1e-9)
    low = next(v for v in _check("t", "2.0", (28,), "<.05").variants if v.name == "t_two_sided").p_low
    assert low == pytest.approx(r_ref[("t28_2.0", "p_low")], rel=1e-9)


def test_one_sided_variant_is_named():
    c = _check("t", "2.20", (28,), ".018")  # half of .036
    assert c.verdict == "consistent"
    assert [v.name for v in c.variants if v.matches] == ["t_one_sided"]
    assert "one-sided" in c.text.en and "satu sisi" in c.text.id


def test_decision_error_is_said():
    c = _check("t", "1.20", (28,), ".03")
    assert "significance" in c.text.en and "kemaknaan" in c.text.id


@pytest.mark.parametrize(
    "case", [("r", "1.20", (28,), ".03"), ("chi2", "-2", (3,), ".5"), ("t", "2", (0,), ".5"), ("f", "-1", (1, 2), ".5")]
)
def test_impossible_statistics(case):
    assert _check(*case).verdict == "impossible"


def test_fmt_is_locale_aware():
    assert fmt(0.0625, "id") == "0,0625"
    assert fmt(0.0625, "en") == "0.0625"
    assert fmt(1e-7, "en") == "< 0.0001"
    assert fmt(None, "en") == "—"


def _check(kind, stat, dfs, p):
    x, rp = P(stat), R(p)
    if kind == "t":
        return check_t(x, dfs[0], rp)
    if kind == "f":
        return check_f(x, dfs[0], dfs[1], rp)
    if kind == "r":
        return check_r(x, dfs[0], rp)
    if kind == "chi2":
        return check_chi2(x, dfs[0], rp)
    return check_z(x, rp)
