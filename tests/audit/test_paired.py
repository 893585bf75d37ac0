"""Paired tests recomputed from pre × post tables. References: R 4 + coin (r/audit/reference.R →
reference.csv) and, for the exact signed-rank test, independent enumeration of all 2^m sign flips."""

import itertools

import numpy as np
import pytest
from scipy import stats

from laktasi.audit.paired import check_paired_binary, check_paired_table
from laktasi.audit.printed import parse_reported_p

LEVELS = ["kurang lancar", "cukup lancar", "lancar"]
SEED000 = [[0, 0, 5], [0, 0, 0], [0, 0, 0]]
TABLE3 = [[6, 8, 3], [2, 7, 9], [1, 3, 5]]


def _v(check, name):
    return next(v for v in check.variants if v.name == name)


def test_seed_000_dependent_t_test_is_inconsistent(r_ref):
    c = check_paired_table(LEVELS, SEED000, parse_reported_p("0.003"))
    assert c.verdict == "inconsistent"
    assert c.recomputed == pytest.approx(0.0625)  # the exact test
    assert "0.0625" in c.text.en and "0,0625" in c.text.id
    assert "t is undefined" in c.text.en  # the t-test the paper names cannot give any p here
    ref = {"wilcoxon_exact": "wilcoxon_exact", "sign_exact": "sign_exact",
           "wilcoxon_asymptotic_corrected": "wilcoxon_asymptotic_corrected",
           "wilcoxon_asymptotic_uncorrected": "wilcoxon_asymptotic_uncorrected",
           "stuart_maxwell": "stuart_maxwell", "mcnemar_cut2_asymptotic_corrected": "mcnemar_corrected",
           "mcnemar_cut2_asymptotic_uncorrected": "mcnemar_uncorrected"}
    for mine, theirs in ref.items():
        assert _v(c, mine).p == pytest.approx(r_ref[("seed000", theirs)], rel=1e-9), mine
    assert _v(c, "paired_t_codes").p is None
    assert _v(c, "bhapkar").p is None
    # asymptotic tests on 5 pairs are flagged as unsuited
    assert _v(c, "wilcoxon_asymptotic_uncorrected").inappropriate is not None
    assert _v(c, "wilcoxon_exact").inappropriate is None


def test_seed_000_asymptotic_wilcoxon_would_be_consistent_but_flagged():
    c = check_paired_table(LEVELS, SEED000, parse_reported_p("0.025"))  # SPSS's Asymp. Sig. for these data
    assert c.verdict == "consistent"
    assert "does not suit" in c.text.en and "tidak sesuai" in c.text.id


def test_table3_against_r(r_ref):
    c = check_paired_table(LEVELS, TABLE3, parse_reported_p("0.05"))
    for name in ("stuart_maxwell", "bowker", "wilcoxon_asymptotic_corrected", "wilcoxon_asymptotic_uncorrected",
                 "wilcoxon_exact", "sign_exact", "paired_t_codes", "chi2_independence", "bhapkar"):
        assert _v(c, name).p == pytest.approx(r_ref[("table3", name)], rel=1e-9), name
    assert _v(c, "stuart_maxwell").statistic == pytest.approx(r_ref[("table3", "stuart_maxwell_stat")], rel=1e-9)
    assert _v(c, "bhapkar").statistic == pytest.approx(r_ref[("table3", "bhapkar_stat")], rel=1e-9)
    assert _v(c, "paired_t_codes").inappropriate is not None
    assert _v(c, "chi2_independence").inappropriate is not None


def _brute_signed_rank(table):
    """Exact two-sided signed-rank p by listing all 2^m sign assignments (mid-ranks, zeros dropped)."""
    k = len(table)
    d = [j - i for i in range(k) for j in range(k) for _ in range(table[i][j]) if i != j]
    ranks = stats.rankdata(np.abs(d))
    v = ranks[np.array(d) > 0].sum()
    centre = ranks.sum() / 2
    hits = total = 0
    for signs in itertools.product((0, 1), repeat=len(d)):
        s = sum(r for r, sign in zip(ranks, signs, strict=True) if sign)
        total += 1
        hits += abs(s - centre) >= abs(v - centre) - 1e-9
    return hits / total


@pytest.mark.parametrize("table", [[[2, 3, 1], [1, 2, 4], [0, 1, 1]], [[0, 4, 2], [1, 0, 3], [0, 2, 0]],
                                   [[1, 1, 0], [0, 1, 1], [1, 0, 1]]])
def test_exact_signed_rank_equals_enumeration(table):
    c = check_paired_table(LEVELS, table, parse_reported_p("0.5"))
    assert _v(c, "wilcoxon_exact").p == pytest.approx(_brute_signed_rank(table), rel=1e-12)


def test_triansyah_exact_mcnemar_reproduces_0_016(r_ref):
    # seed 003: 18 low → 7 enough, 11 still low; 12 enough assumed unchanged; "P sebesar 0,016"
    c = check_paired_binary(12, 0, 7, 11, parse_reported_p("0,016"))
    assert c.verdict == "consistent"
    assert [v.name for v in c.variants if v.matches] == ["mcnemar_exact"]
    for name in ("mcnemar_exact", "paired_t_codes", "chi2_independence", "chi2_independence_yates",
                 "fisher_independence"):
        assert _v(c, name).p == pytest.approx(r_ref[("triansyah", name)], rel=1e-9), name
    assert _v(c, "mcnemar_asymptotic_uncorrected").p == pytest.approx(r_ref[("triansyah", "mcnemar_uncorrected")],
                                                                      rel=1e-9)
    assert _v(c, "mcnemar_asymptotic_corrected").p == pytest.approx(r_ref[("triansyah", "mcnemar_corrected")],
                                                                    rel=1e-9)


def test_mcnemar_one_sided_and_mid_p_by_enumeration():
    # b = 7, c = 2: exact one-sided P(X <= 2 | 9, 1/2) = (1 + 9 + 36)/512; mid-p = 2(P(X<=2) - P(X=2)/2)
    c = check_paired_binary(5, 2, 7, 6, parse_reported_p("0.09"))
    assert _v(c, "mcnemar_exact_one_sided").p == pytest.approx(46 / 512)
    assert _v(c, "mcnemar_mid_p").p == pytest.approx(2 * (46 - 18) / 512)
    assert _v(c, "mcnemar_exact").p == pytest.approx(92 / 512)


def test_wrong_test_only_match_is_reported_as_unsuited():
    # the paired t on 0/1 codes gives 0.0059 for Triansyah's table: "0,006" only that wrong test reproduces
    c = check_paired_binary(12, 0, 7, 11, parse_reported_p("0,006"))
    assert c.verdict == "consistent"
    assert "only" in c.text.en and "McNemar" in c.text.en
