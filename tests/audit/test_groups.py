"""Two independent groups. Reference: R 4 (fisher.test, chisq.test, t.test on data rescaled to the
printed means and SDs) in r/audit/reference.csv."""

import pytest

from laktasi.audit.groups import MeanSD, Proportion, check_two_means, check_two_proportions
from laktasi.audit.printed import parse_printed, parse_reported_p


def _v(check, name):
    return next(v for v in check.variants if v.name == name)


def test_agustia_onset_is_inconsistent_and_matches_r(r_ref):
    # seed 003: 95,4 % vs 22,7 % of 22 per arm (assumed), "p = 0,015"
    checks = check_two_proportions(Proportion(22, percent=parse_printed("95,4")),
                                   Proportion(22, percent=parse_printed("22,7")), parse_reported_p("0,015"))
    assert [c.check for c in checks] == ["percentage", "percentage", "p_value"]
    assert checks[0].recomputed[0]["rounding"] == ["truncation"]
    p = checks[-1]
    assert p.verdict == "inconsistent"
    for name in ("fisher_exact", "fisher_exact_one_sided", "chi2", "chi2_yates", "g_test", "linear_by_linear"):
        assert _v(p, name).p == pytest.approx(r_ref[("agustia", name)], rel=1e-9), name


def test_proportions_consistent_variant_named(r_ref):
    g1, g2 = Proportion(20, events=12), Proportion(20, events=5)
    c = check_two_proportions(g1, g2, parse_reported_p("0.025"))[-1]
    assert c.verdict == "consistent"
    assert _v(c, "chi2").p == pytest.approx(r_ref[("prop12_5", "chi2")], rel=1e-9)
    assert _v(c, "chi2").matches and not _v(c, "fisher_exact").matches
    c = check_two_proportions(g1, g2, parse_reported_p("0.054"))[-1]
    assert _v(c, "fisher_exact").p == pytest.approx(r_ref[("prop12_5", "fisher_exact")], rel=1e-9)
    assert _v(c, "fisher_exact").matches
    assert _v(c, "chi2_yates").p == pytest.approx(r_ref[("prop12_5", "chi2_yates")], rel=1e-9)


def test_small_expected_counts_are_flagged():
    c = check_two_proportions(Proportion(5, events=5), Proportion(5, events=1), parse_reported_p("0.01"))[-1]
    assert _v(c, "chi2").inappropriate is not None  # expected counts 1.5 < 5
    assert _v(c, "fisher_exact").inappropriate is None


def test_impossible_percentage_makes_p_not_checkable():
    checks = check_two_proportions(Proportion(5, percent=parse_printed("75")), Proportion(5, events=1),
                                   parse_reported_p("0.2"))
    assert [c.verdict for c in checks] == ["impossible", "not_checkable"]


def test_two_means_match_r(r_ref):
    g1 = MeanSD(10, parse_printed("3.74"), parse_printed("1.20"))
    g2 = MeanSD(12, parse_printed("2.04"), parse_printed("0.60"))
    c = check_two_means(g1, g2, parse_reported_p("0.001"))
    assert _v(c, "welch_t").p == pytest.approx(r_ref[("means", "welch_t")], rel=1e-9)
    assert _v(c, "student_t").p == pytest.approx(r_ref[("means", "student_t")], rel=1e-9)
    assert c.verdict == "consistent"
    assert [v.name for v in c.variants if v.matches] == ["welch_t", "welch_t_one_sided"]  # .00138, .00069


def test_two_means_rounding_interval_widens_the_range():
    g1 = MeanSD(10, parse_printed("3.7"), parse_printed("1.2"))
    g2 = MeanSD(12, parse_printed("2.0"), parse_printed("0.6"))
    v = _v(check_two_means(g1, g2, parse_reported_p("0.5")), "welch_t")
    assert v.p_low < v.p < v.p_high
    assert check_two_means(g1, g2, parse_reported_p("0.5")).verdict == "inconsistent"


def test_zero_sds_do_not_crash():
    same = MeanSD(10, parse_printed("2.20"), parse_printed("0.000"))
    c = check_two_means(same, MeanSD(9, parse_printed("2.20"), parse_printed("0.000")), parse_reported_p("0.5"))
    # equal means and SDs of 0: t = 0/0 at the printed values, so no p follows
    assert c.verdict == "not_checkable"
    assert all(v.p != v.p for v in c.variants)  # NaN
