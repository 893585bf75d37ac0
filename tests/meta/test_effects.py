"""laktasi.meta.effects against metafor escalc (r/meta/metafor_reference.json) and hand enumeration."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from laktasi.meta import effects as E


def _df(records):
    return pd.DataFrame(records)


@pytest.mark.parametrize("measure", ["RR", "OR", "RD"])
def test_two_by_two_bcg_matches_escalc(metafor_ref, r_data, close, measure):
    bcg = r_data("bcg")
    es = E.two_by_two(measure, bcg.tpos, bcg.tpos + bcg.tneg, bcg.cpos, bcg.cpos + bcg.cneg)
    close(es.yi, metafor_ref["bcg"][measure]["yi"], what="escalc yi")
    close(es.vi, metafor_ref["bcg"][measure]["vi"], what="escalc vi")
    assert not es.corrected.any()


@pytest.mark.parametrize("measure", ["RR", "OR", "RD"])
def test_zero_cells_get_one_half_only_where_needed(metafor_ref, r_data, close, measure):
    # dat.nielweise2007 has five single-zero trials and one double-zero trial (Yucel 2004)
    d = r_data("nielweise2007")
    es = E.two_by_two(measure, d.ai, d.n1i, d.ci, d.n2i)
    close(es.yi, metafor_ref["nielweise2007"][measure]["yi"], what="escalc yi")
    close(es.vi, metafor_ref["nielweise2007"][measure]["vi"], what="escalc vi")
    assert list(es.corrected) == list((d.ai == 0) | (d.ci == 0))


@pytest.mark.parametrize("measure", ["RR", "OR", "RD"])
def test_small_two_by_two_table_matches_escalc(metafor_ref, close, measure):
    t = _df(metafor_ref["effect_sizes"]["twobytwo"])
    es = E.two_by_two(measure, t.ai, t.n1i, t.ci, t.n2i)
    ref = metafor_ref["effect_sizes"]["twobytwo_es"][measure]
    close(es.yi, ref["yi"])
    close(es.vi, ref["vi"])


def test_odds_ratio_by_hand():
    # 4/10 vs 2/10: OR = (4*8)/(6*2) = 8/3; var = 1/4 + 1/6 + 1/2 + 1/8
    es = E.log_odds_ratio([4], [10], [2], [10])
    assert es.yi[0] == pytest.approx(np.log(8 / 3), rel=1e-14)
    assert es.vi[0] == pytest.approx(1 / 4 + 1 / 6 + 1 / 2 + 1 / 8, rel=1e-14)


@pytest.mark.parametrize("measure", ["MD", "SMD"])
def test_means_normand_match_escalc(metafor_ref, r_data, close, measure):
    d = r_data("normand1999")
    f = E.mean_difference if measure == "MD" else E.standardized_mean_difference
    es = f(d.m1i, d.sd1i, d.n1i, d.m2i, d.sd2i, d.n2i)
    close(es.yi, metafor_ref["normand1999"][measure]["yi"])
    close(es.vi, metafor_ref["normand1999"][measure]["vi"])


def test_smd_curtis_102_studies(metafor_ref, r_data, close):
    d = r_data("curtis1998")
    es = E.standardized_mean_difference(d.m1i, d.sd1i, d.n1i, d.m2i, d.sd2i, d.n2i)
    close(es.yi, metafor_ref["curtis1998"]["yi"])
    close(es.vi, metafor_ref["curtis1998"]["vi"])


def test_hedges_correction_exact_and_approximation():
    # closed forms: c(2) = Γ(1)/(1·Γ(1/2)) = 1/√π; c(3) = Γ(3/2)/(√1.5·Γ(1)) = (√π/2)/√1.5
    assert E.hedges_correction([2.0])[0] == pytest.approx(1 / np.sqrt(np.pi), rel=1e-14)
    assert E.hedges_correction([3.0])[0] == pytest.approx(np.sqrt(np.pi) / 2 / np.sqrt(1.5), rel=1e-14)
    # Hedges' (1981) approximation 1 - 3/(4m - 1) has error O(1/m²)
    m = np.array([10.0, 50.0, 200.0])
    assert np.all(np.abs(E.hedges_correction(m) - (1 - 3 / (4 * m - 1))) < 0.04 / m**2)
    assert np.isnan(E.hedges_correction([1.0])[0])


def test_change_scores_match_escalc_smcr_smcc(metafor_ref, close):
    ref = metafor_ref["effect_sizes"]
    pp = _df(ref["prepost"])
    smcr = E.change_smd_raw(pp.m_post, pp.m_pre, pp.sd_pre, pp.n, pp.r)
    close(smcr.yi, ref["SMCR"]["yi"], what="SMCR yi")
    close(smcr.vi, ref["SMCR"]["vi"], what="SMCR vi")
    smcc = E.change_smd_change(pp.m_post, pp.m_pre, pp.sd_post, pp.sd_pre, pp.n, pp.r)
    close(smcc.yi, ref["SMCC"]["yi"], what="SMCC yi")
    close(smcc.vi, ref["SMCC"]["vi"], what="SMCC vi")


def test_prepost_with_control_is_difference_of_smcr(metafor_ref, close):
    ref = metafor_ref["effect_sizes"]
    t, c = _df(ref["prepost"]), _df(ref["control"])
    es = E.prepost_control_smd(t.m_post, t.m_pre, t.sd_pre, t.n, c.m_post, c.m_pre, c.sd_pre, c.n, t.r)
    close(es.yi, ref["PPC"]["yi"])
    close(es.vi, ref["PPC"]["vi"])


def test_smd_from_t_and_p_match_escalc(metafor_ref, close):
    ref = metafor_ref["effect_sizes"]
    tt = _df(ref["t_table"])
    es = E.smd_from_t(tt.t, tt.n1, tt.n2)
    close(es.yi, ref["SMD_from_t"]["yi"])
    close(es.vi, ref["SMD_from_t"]["vi"])
    pt = _df(ref["p_table"])
    es = E.smd_from_p(pt.p, pt.n1, pt.n2, pt.sign)
    close(es.yi, ref["SMD_from_p"]["yi"])
    close(es.vi, ref["SMD_from_p"]["vi"])


def test_smd_from_t_equals_smd_from_means():
    # independent route: means/SDs -> pooled t -> d gives the same g as the direct formula
    m1, s1, n1, m2, s2, n2 = 12.0, 3.0, 15, 10.0, 2.5, 14
    t = stats.ttest_ind_from_stats(m1, s1, n1, m2, s2, n2, equal_var=True).statistic
    assert E.smd_from_t([t], [n1], [n2]).yi[0] == pytest.approx(
        E.standardized_mean_difference([m1], [s1], [n1], [m2], [s2], [n2]).yi[0], rel=1e-12)


@pytest.mark.parametrize("measure", ["MPRD", "MPRR", "MPOR"])
def test_paired_binary_matches_escalc(metafor_ref, close, measure):
    ref = metafor_ref["effect_sizes"]
    t = _df(ref["paired_table"])
    es = E.paired_binary(measure[2:], t.a, t.b, t.c, t.d)
    close(es.yi, ref["paired"][measure]["yi"])
    close(es.vi, ref["paired"][measure]["vi"])
    assert es.measure == measure


def test_wan_2014_matches_formulas_in_r(metafor_ref):
    for row in metafor_ref["effect_sizes"]["wan"]:
        est = E.mean_sd_from_median(int(row["n"]), row["m"], row.get("a"), row.get("b"), row.get("q1"), row.get("q3"))
        assert est.estimated
        assert est.mean == pytest.approx(row["mean"], rel=1e-12)
        assert est.sd == pytest.approx(row["sd"], rel=1e-9)


@pytest.mark.parametrize("n", [10, 50, 400])
def test_wan_2014_recovers_normal_parameters_from_expected_quantiles(n):
    # Wan et al. (2014) construct their estimators so that the expected order statistics of N(mu, sigma)
    # give back mu and sigma exactly: check with the same quantile approximations (Blom 1958)
    mu, sigma = 30.0, 7.0
    xi = stats.norm.ppf((n - 0.375) / (n + 0.25))
    eta = stats.norm.ppf((0.75 * n - 0.125) / (n + 0.25))
    s1 = E.mean_sd_from_median(n, mu, mu - sigma * xi, mu + sigma * xi)
    s3 = E.mean_sd_from_median(n, mu, q1=mu - sigma * eta, q3=mu + sigma * eta)
    s2 = E.mean_sd_from_median(n, mu, mu - sigma * xi, mu + sigma * xi, mu - sigma * eta, mu + sigma * eta)
    for est, scen in ((s1, "S1"), (s2, "S2"), (s3, "S3")):
        assert est.scenario == scen
        assert est.mean == pytest.approx(mu, rel=1e-12) and est.sd == pytest.approx(sigma, rel=1e-12)


def test_wan_needs_range_or_quartiles():
    with pytest.raises(ValueError):
        E.mean_sd_from_median(20, 5.0)


def test_change_smd_from_paired_t_equals_smcc(metafor_ref, close):
    # t recomputed from the escalc SMCC inputs: t = (m_post - m_pre) / (sd_diff / sqrt(n)); same yi/vi as metafor
    ref = metafor_ref["effect_sizes"]
    pp = _df(ref["prepost"])
    sdd = np.sqrt(pp.sd_post**2 + pp.sd_pre**2 - 2 * pp.r * pp.sd_post * pp.sd_pre)
    t = (pp.m_post - pp.m_pre) / (sdd / np.sqrt(pp.n))
    es = E.change_smd_from_t(t, pp.n)
    close(es.yi, ref["SMCC"]["yi"])
    close(es.vi, ref["SMCC"]["vi"])


def test_change_smd_from_t_matches_scipy_paired_t_on_raw_data():
    # independent route: a paired t test on raw data (scipy), then d_z = mean(diff)/sd(diff) with c(n-1)
    pre = np.array([10.0, 12.0, 9.0, 14.0, 11.0, 13.0, 8.0, 12.0])
    post = np.array([13.0, 15.0, 9.5, 18.0, 12.0, 17.0, 10.0, 14.0])
    t = stats.ttest_rel(post, pre).statistic
    diff = post - pre
    expected = E.hedges_correction([len(diff) - 1])[0] * diff.mean() / diff.std(ddof=1)
    assert E.change_smd_from_t([t], [len(diff)]).yi[0] == pytest.approx(expected, rel=1e-12)
