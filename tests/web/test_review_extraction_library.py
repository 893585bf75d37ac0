"""The two small library additions the extraction app uses, against independent references:

- laktasi.meta.blocks (typed data blocks → the ``laktasi meta`` table): metafor's escalc values for
  dat.normand1999 and dat.bcg (r/meta/metafor_reference.json), Cochrane Handbook §6.5.2.3 for an effect
  from its 95% CI, and laktasi.meta.table's own one-row effects for pre/post arms with their own r;
- laktasi.audit.grimmer (GRIMMER, via the ``mean_sd`` claim of ``laktasi audit``): the two examples of
  rsprite2 (also in scrutiny's tests), and exhaustive enumeration of every data set of 5 whole numbers
  0–12 (no SD such data give is ever called impossible; GRIMMER does flag SDs none of them give)."""

from __future__ import annotations

import itertools
import json
import math
from decimal import Decimal, getcontext
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from laktasi.audit import audit_claims
from laktasi.audit.grimmer import check_mean_sd, sd_prints_as
from laktasi.audit.printed import ROUNDING_RULES, parse_printed, round_fraction
from laktasi.meta.analysis import run_meta_analysis
from laktasi.meta.blocks import (
    EffectCI,
    MeanSD,
    PrePost,
    StudyBlock,
    TwoByTwo,
    check_block,
    ci_to_yi_vi,
    meta_frame,
)
from laktasi.meta.table import read_study_table

R_META = Path(__file__).resolve().parents[2] / "r" / "meta"


@pytest.fixture(scope="module")
def metafor():
    return json.loads((R_META / "metafor_reference.json").read_text())


def test_raw_blocks_make_the_cli_table(metafor):
    d = pd.read_csv(R_META / "dat_normand1999.csv")
    rows = [StudyBlock(r.source, MeanSD(r.m1i, r.sd1i, r.n1i, r.m2i, r.sd2i, r.n2i)) for r in d.itertuples()]
    frame = meta_frame(rows, "MD")
    assert list(frame.columns) == ["study", "mean_t", "sd_t", "n_t", "mean_c", "sd_c", "n_c"]
    es = read_study_table(frame, "MD").effect_sizes()
    np.testing.assert_allclose(es.yi, metafor["normand1999"]["MD"]["yi"], rtol=1e-12)
    np.testing.assert_allclose(es.vi, metafor["normand1999"]["MD"]["vi"], rtol=1e-9)
    smd = read_study_table(meta_frame(rows, "SMD"), "SMD").effect_sizes()
    np.testing.assert_allclose(smd.yi, metafor["normand1999"]["SMD"]["yi"], rtol=1e-9)


def test_mixed_blocks_become_yi_vi_with_metafor_values(metafor):
    """2×2 counts and RRs with CIs pooled together: each count study's yi/vi is metafor's escalc value."""
    d = pd.read_csv(R_META / "dat_bcg.csv")
    ref = metafor["bcg"]["RR"]
    rows = []
    for i, r in enumerate(d.itertuples()):
        if i % 3 == 0:  # as a paper printing RR [95% CI]
            yi, se = ref["yi"][i], math.sqrt(ref["vi"][i])
            rows.append(StudyBlock(r.author, EffectCI("RR", math.exp(yi), math.exp(yi - 1.959963984540054 * se),
                                                      math.exp(yi + 1.959963984540054 * se))))
        else:
            rows.append(StudyBlock(r.author, TwoByTwo(r.tpos, r.tpos + r.tneg, r.cpos, r.cpos + r.cneg)))
    frame = meta_frame(rows, "RR")
    assert list(frame.columns) == ["study", "yi", "vi"]
    np.testing.assert_allclose(frame["yi"], ref["yi"], rtol=1e-9)
    np.testing.assert_allclose(frame["vi"], ref["vi"], rtol=1e-9)
    pooled = run_meta_analysis(read_study_table(frame, "RR")).pooled
    assert pooled.estimate == pytest.approx(ref["fits"]["REML_z"]["estimate"], rel=1e-6)


def test_effect_from_ci_cochrane_handbook():
    """Cochrane Handbook §6.5.2.3: SE = (upper − lower)/3.92 for a 95% CI; ratios on the log scale."""
    yi, vi = ci_to_yi_vi("MD", -2.5, -4.46, -0.54)
    assert yi == -2.5 and math.sqrt(vi) == pytest.approx(3.92 / 3.92, rel=1e-4)
    yi, vi = ci_to_yi_vi("OR", 0.5, 0.25, 1.0)
    assert yi == pytest.approx(math.log(0.5)) and math.sqrt(vi) == pytest.approx(math.log(4) / 3.92, rel=1e-4)


def test_prepost_arms_with_their_own_r():
    """Equal r: the CLI's raw columns. Different r: yi/vi, the difference of the arms' changes, each arm as
    laktasi.meta.table computes a one-group study with that r."""
    same = PrePost(10, 3, 20, 4, 12, 0.5, 11, 3, 14, 4, 12, 0.5)
    other = PrePost(10, 3, 20, 4, 12, 0.5, 11, 3, 14, 4, 12, 0.7)
    one = PrePost(9, 2, 15, 3, 20, 0.4)
    frame = meta_frame([StudyBlock("A", same), StudyBlock("C", one)], "MC")
    assert "r" in frame.columns and "r_t" not in frame.columns and math.isnan(frame.loc[1, "n_c"])
    mixed = meta_frame([StudyBlock("A", same), StudyBlock("B", other)], "MC")
    assert list(mixed.columns) == ["study", "yi", "vi"]

    def arm(mean_pre, sd_pre, mean_post, sd_post, n, r):
        t = read_study_table(pd.DataFrame({"study": ["x", "y"], "mean_pre_t": [mean_pre] * 2,
                                           "sd_pre_t": [sd_pre] * 2, "mean_post_t": [mean_post] * 2,
                                           "sd_post_t": [sd_post] * 2, "n_t": [n] * 2, "r": [r] * 2}), "MC")
        es = t.effect_sizes()
        return float(es.yi[0]), float(es.vi[0])

    t, c = arm(10, 3, 20, 4, 12, 0.5), arm(11, 3, 14, 4, 12, 0.7)
    assert mixed.loc[1, "yi"] == pytest.approx(t[0] - c[0]) and mixed.loc[1, "vi"] == pytest.approx(t[1] + c[1])
    # MC by hand (Becker 1988): var = (sd_post² + sd_pre² − 2 r sd_post sd_pre)/n
    assert t[1] == pytest.approx((16 + 9 - 2 * 0.5 * 4 * 3) / 12)


@pytest.mark.parametrize("block, code", [
    (MeanSD(1, 0, 10, 2, 1, 10), "sd_t must be above 0"),
    (MeanSD(1, 1, 10.5, 2, 1, 10), "n_t must be a whole number above 0"),
    (TwoByTwo(11, 10, 1, 10), "events_t (11) exceeds n_t (10)"),
    (TwoByTwo(-1, 10, 1, 10), "events_t must be a whole number of 0 or more"),
    (PrePost(1, 1, 2, 1, 10, 1.5), "r_t must lie between -1 and 1"),
    (PrePost(1, 1, 2, 1, 10, 0.5, n_c=10), "a control arm needs all six values"),
    (EffectCI("MD", 5, 1, 4), "the 95% CI must contain the estimate"),
    (EffectCI("MD", 5, 6, 4), "the lower CI limit must be below the upper"),
    (EffectCI("RR", 0.5, 0, 1), "a RR and its CI must be above 0"),
    (MeanSD(1, math.inf, 10, 2, 1, 10), "every number must be finite"),
])
def test_block_checks(block, code):
    problems = check_block(block)
    assert any(code in p.en for p in problems), [p.en for p in problems]
    assert all(p.id and p.id != p.en for p in problems)


def test_good_blocks_pass_and_wrong_measure_is_refused():
    assert check_block(MeanSD(1, 1, 10, 2, 1, 10)) == [] and check_block(EffectCI("OR", 2, 1.1, 3.9)) == []
    with pytest.raises(ValueError):
        meta_frame([StudyBlock("A", TwoByTwo(1, 10, 2, 10))], "MD")
    with pytest.raises(ValueError):
        meta_frame([StudyBlock("A", EffectCI("OR", 2, 1, 3))], "RR")


# ----------------------------------------------------------------------------- GRIMMER

def test_grimmer_rsprite2_examples():
    p = parse_printed
    up_or_down = ("half_up", "half_even")  # rsprite2 / scrutiny round up or down only
    assert check_mean_sd(18, p("3.44"), p("2.47"), rules=up_or_down).verdict == "impossible"
    assert check_mean_sd(28, p("5.21"), p("1.6"), rules=up_or_down).verdict == "consistent"
    # with truncation as GRIM also tries it, 2.4787 (sum of squares 318) prints as 2.47
    r = check_mean_sd(18, p("3.44"), p("2.47"))
    assert r.verdict == "consistent" and r.recomputed["rounding"] == ["truncation"]
    assert r.recomputed["sum"] == 62 and r.recomputed["sum_of_squares"] == 318
    assert "only under truncation" in r.text.en and "hanya dengan" in r.text.id


def _prints(x: Fraction | Decimal, decimals: int) -> set[Fraction]:
    value = x if isinstance(x, Fraction) else Fraction(str(x))
    return {round_fraction(value, decimals, rule) for rule in ROUNDING_RULES}


@pytest.fixture(scope="module")
def five_whole_numbers():
    """Every (mean, SD) pair, printed with 2 decimals under any rule, that 5 whole numbers 0–12 produce."""
    getcontext().prec = 40
    out: set[tuple[Fraction, Fraction]] = set()
    for xs in itertools.combinations_with_replacement(range(13), 5):
        s, q = sum(xs), sum(x * x for x in xs)
        var = Fraction(5 * q - s * s, 20)
        sd = (Decimal(var.numerator) / Decimal(var.denominator)).sqrt()
        for m in _prints(Fraction(s, 5), 2):
            for d in _prints(sd, 2):
                out.add((m, d))
    return out


def test_grimmer_never_calls_real_data_impossible(five_whole_numbers):
    for m, d in sorted(five_whole_numbers)[::3]:
        r = check_mean_sd(5, parse_printed(f"{float(m):.2f}"), parse_printed(f"{float(d):.2f}"))
        assert r.verdict == "consistent", (m, d)


def test_grimmer_flags_sds_no_data_give(five_whole_numbers):
    flagged = 0
    for s in range(10, 40):
        for k in range(100, 300, 3):
            m, d = Fraction(s, 5), Fraction(k, 100)
            r = check_mean_sd(5, parse_printed(f"{float(m):.2f}"), parse_printed(f"{float(d):.2f}"))
            if r.verdict == "impossible":
                flagged += 1
                assert (m, d) not in five_whole_numbers
                assert r.check == "grimmer"
    assert flagged > 1000  # most 2-decimal SDs are out of reach of 5 whole numbers


def test_sd_prints_as_is_exact_at_the_boundaries():
    sd = parse_printed("2.50")
    assert sd_prints_as(Fraction(2495, 1000) ** 2, sd) == ("half_up", "half_even")  # 2.495 rounds up to 2.50
    assert sd_prints_as(Fraction(2505, 1000) ** 2, sd) == ("half_even", "truncation")  # 2.505 → 2.50 (even)
    assert sd_prints_as(Fraction(2510, 1000) ** 2, sd) == ()


def test_mean_sd_claim_in_laktasi_audit():
    entries = audit_claims([{"id": "a", "kind": "mean_sd", "n": 18, "mean": "3,44", "sd": "2,46"},
                            {"id": "b", "kind": "mean_sd", "n": 28, "mean": "5.19", "sd": "1.6"},
                            {"id": "c", "kind": "mean_sd", "n": 28, "mean": "5.21", "sd": "1.6"}])
    assert [(e.verdict, e.details[0].check) for e in entries] == [("impossible", "grimmer"), ("impossible", "grim"),
                                                                  ("consistent", "grimmer")]
    with pytest.raises(Exception, match="negative"):
        audit_claims([{"id": "d", "kind": "mean_sd", "n": 5, "mean": "2", "sd": "-1"}])
