"""The study-table analysis for issue 13: pre/post and proportion tables, k = 2, mixed designs,
small-study tests only from 10 studies, the prediction interval's label, diagnostics in the document.

Reference values: r/meta/issue13_reference.R (metafor 3.8.1).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from laktasi.errors import InputError
from laktasi.meta.analysis import MIN_STUDIES_FOR_BIAS_TESTS, run_meta_analysis
from laktasi.meta.table import read_study_table


def _prepost_frame(ref13) -> pd.DataFrame:
    t = ref13["prepost"]["table"]
    frame = pd.DataFrame({k: [np.nan if x is None else x for x in v] for k, v in t.items()})
    frame.insert(0, "study", ["A", "B", "C (one group)", "D"])
    return frame


@pytest.mark.parametrize("measure", ["SMCR", "MC"])
def test_prepost_table_matches_escalc(ref13, close, measure):
    table = read_study_table(_prepost_frame(ref13), measure)
    assert table.kind == "prepost"
    assert table.one_group.tolist() == [False, False, True, False]
    es = table.effect_sizes()
    close(es.yi, ref13["prepost"][measure]["yi"], what="yi")
    close(es.vi, ref13["prepost"][measure]["vi"], what="vi")


def test_one_group_studies_pooled_with_two_arm_ones_are_warned_about(ref13):
    a = run_meta_analysis(read_study_table(_prepost_frame(ref13), "SMCR"), method="DL")
    w = {x.code: x for x in a.warnings}
    assert "mixed_designs" in w
    assert "C (one group)" in w["mixed_designs"].text.en and "satu kelompok" in w["mixed_designs"].text.id
    only_two_arm = _prepost_frame(ref13).drop(index=2)
    a2 = run_meta_analysis(read_study_table(only_two_arm, "SMCR"), method="DL")
    assert "mixed_designs" not in {x.code for x in a2.warnings}


def test_prepost_problems_are_listed_by_row_and_column(ref13):
    f = _prepost_frame(ref13)
    f.loc[0, "r"] = 1.5
    f.loc[1, "mean_post_c"] = np.nan  # a half-filled control arm
    with pytest.raises(InputError) as e:
        read_study_table(f, "SMCR", file="pp.csv")
    got = {(p.code, p.row, p.column) for p in e.value.problems}
    assert ("bad_correlation", 2, "r") in got
    assert ("missing_value", 3, "mean_post_c") in got
    with pytest.raises(InputError) as e2:
        read_study_table(f.drop(columns=["sd_post_c"]), "SMCR")
    assert e2.value.problems[0].code == "missing_columns"


@pytest.mark.parametrize("measure", ["PR", "PLO", "PFT"])
def test_proportion_table_and_back_transformed_json(ref13, close, measure):
    p = ref13["proportions"]
    frame = pd.DataFrame({"study": [f"S{i}" for i in range(len(p["xi"]))], "events": p["xi"], "n": p["ni"]})
    a = run_meta_analysis(read_study_table(frame, measure))
    doc = a.to_json()
    close(doc["estimate"], p[measure]["fit"]["estimate"])
    b = p[measure]["back"]
    close([doc["proportion_estimate"], doc["proportion_ci_low"], doc["proportion_ci_high"]],
          [b["pred"], b["ci_lb"], b["ci_ub"]])
    assert a.transformed == (measure != "PR")


def test_proportion_checks():
    with pytest.raises(InputError) as e:
        read_study_table(pd.DataFrame({"study": ["A", "B"], "events": [5, 12], "n": [10, 11]}), "PLO")
    assert [(p.code, p.row) for p in e.value.problems] == [("count_above_n", 3)]


def test_rom_needs_positive_means():
    f = pd.DataFrame({"study": ["A", "B"], "mean_t": [120, -3], "sd_t": [30, 20], "n_t": [20, 20],
                      "mean_c": [100, 90], "sd_c": [25, 20], "n_c": [20, 20]})
    with pytest.raises(InputError) as e:
        read_study_table(f, "ROM")
    assert [(p.code, p.row, p.column) for p in e.value.problems] == [("not_positive", 3, "mean_t")]


def _yi_vi(k: int) -> pd.DataFrame:
    rng = np.random.default_rng(13)
    return pd.DataFrame({"study": [f"S{i}" for i in range(k)], "yi": rng.normal(0.3, 0.3, k),
                         "vi": rng.uniform(0.02, 0.2, k)})


def test_two_studies_warn_that_tau2_is_unreliable():
    a = run_meta_analysis(read_study_table(_yi_vi(2), "MD"))
    codes = [w.code for w in a.warnings]
    assert "two_studies_tau2_unreliable" in codes
    fe = run_meta_analysis(read_study_table(_yi_vi(2), "MD"), method="FE")
    assert "two_studies_tau2_unreliable" not in [w.code for w in fe.warnings]


@pytest.mark.parametrize("k", [3, 9, 10, 12])
def test_small_study_tests_only_from_ten_studies(k):
    a = run_meta_analysis(read_study_table(_yi_vi(k), "MD"))
    has_tests = a.egger is not None and a.begg is not None and a.trimfill is not None
    assert has_tests == (k >= MIN_STUDIES_FOR_BIAS_TESTS)
    assert ("few_studies_for_bias_tests" in [w.code for w in a.warnings]) == (k < MIN_STUDIES_FOR_BIAS_TESTS)
    assert (a.to_json()["small_study_tests"] is None) == (k < MIN_STUDIES_FOR_BIAS_TESTS)


def test_prediction_interval_label_says_what_was_computed(metafor_ref, close):
    frame = pd.read_csv(Path(__file__).resolve().parents[2] / "r" / "meta" / "dat_bcg.csv")
    frame = frame.rename(columns={"author": "study", "tpos": "events_t", "cpos": "events_c"})
    frame["n_t"] = frame["events_t"] + frame["tneg"]
    frame["n_c"] = frame["events_c"] + frame["cneg"]
    t = read_study_table(frame, "RR")
    z = run_meta_analysis(t)
    assert z.pi_kind == "z" and "normal" in z.pi_label.en and "normal" in z.pi_label.id
    knha = run_meta_analysis(t, hk=True)
    assert knha.pi_kind == "t_k-1" and "k − 1" in knha.pi_label.en
    riley = run_meta_analysis(t, pi_type="riley")
    assert riley.pi_kind == "t_k-2" and "Riley" in riley.pi_label.en
    ref = metafor_ref["bcg"]["RR"]["pi_riley_REML_z"]
    close([riley.pooled.pi_low, riley.pooled.pi_high], [ref["pi_lb"], ref["pi_ub"]])
    doc = riley.to_json("id")
    assert doc["pi_type"]["kind"] == "t_k-2" and "Riley" in doc["pi_type"]["label"]
    assert run_meta_analysis(t, method="FE").to_json()["pi_type"] is None


def test_diagnostics_are_in_the_document(ref13, close):
    d = ref13["diagnostics"]
    frame = pd.DataFrame({"study": [f"T{i + 1}" for i in range(len(d["yi"]))], "yi": d["yi"], "vi": d["vi"]})
    doc = run_meta_analysis(read_study_table(frame, "RR")).to_json()
    close([r["cook_d"] for r in doc["influence"]], d["REML"]["cook_d"])
    close([r["estimate"] for r in doc["cumulative"]], d["REML"]["cumul"]["estimate"])
    close([r["x"] for r in doc["baujat"]], d["REML"]["baujat"]["x"])
    assert [r["influential"] for r in doc["influence"]] == d["REML"]["is_infl"]


def test_new_estimators_through_the_table(ref13, close):
    d = ref13["he_sj"]["bcg"]
    frame = pd.DataFrame({"study": [f"T{i}" for i in range(len(d["yi"]))], "yi": d["yi"], "vi": d["vi"]})
    for m in ("HE", "SJ"):
        a = run_meta_analysis(read_study_table(frame, "RR"), method=m)
        close(a.pooled.tau2, d[f"{m}_z"]["tau2"])
        assert math.isfinite(a.display(a.pooled.estimate) or math.nan)


def test_prepost_table_without_control_columns_is_all_one_group(ref13, close):
    f = _prepost_frame(ref13)[["study", "mean_pre_t", "sd_pre_t", "mean_post_t", "sd_post_t", "n_t", "r"]]
    t = read_study_table(f, "MC")
    assert t.one_group.all() and t.n.tolist() == f["n_t"].tolist()
    a = run_meta_analysis(t, method="DL")
    assert "mixed_designs" not in [w.code for w in a.warnings]
    one = [x is None for x in ref13["prepost"]["table"]["n_c"]]
    close(np.asarray(t.effect_sizes().yi)[one], np.asarray(ref13["prepost"]["MC"]["yi"])[one])


def test_degenerate_mantel_haenszel_is_a_warning_not_a_crash():
    f = pd.DataFrame({"study": ["S0", "S1"], "events_t": [0, 0], "n_t": [35, 45], "events_c": [13, 0], "n_c": [30, 33]})
    a = run_meta_analysis(read_study_table(f, "OR"), method="MH")
    assert "pooled_not_estimable" in [w.code for w in a.warnings]
    assert a.to_json()["estimate"] is None or not math.isfinite(a.to_json()["estimate"])


def test_one_dominant_study_keeps_the_traces_exact():
    # weights 1e11 : 1 : 1 — Σw − Σw²/Σw cancels to noise in floating point; the _sum_others form
    # agrees with exact rational arithmetic (fractions) to 1e-12
    from fractions import Fraction

    from laktasi.meta.models import _wls

    w = [Fraction(10**11), Fraction(1), Fraction(1)]
    sw = sum(w)
    tr_p = sum(wi - wi * wi / sw for wi in w)
    p = [[(w[i] if i == j else 0) - w[i] * w[j] / sw for j in range(3)] for i in range(3)]
    tr_pp = sum(p[i][j] ** 2 for i in range(3) for j in range(3))
    f = _wls(np.array([0.0, 1.0, 2.0]), np.array([float(x) for x in w]), np.ones((3, 1)))
    assert f.tr_p == pytest.approx(float(tr_p), rel=1e-12)
    assert f.tr_pp == pytest.approx(float(tr_pp), rel=1e-12)


def test_tau2_outside_its_q_profile_ci_is_warned_about(ref13):
    # R (metafor 3.8.1): rma(escalc("PLO", xi, ni)) gives tau2 = 0.0116 with confint() [0.2832, 15.4145] —
    # the study with 0/35 and the one with 40/40 dominate Q but carry 0.3% of the weight each
    p = ref13["proportions"]
    frame = pd.DataFrame({"study": [f"S{i}" for i in range(len(p["xi"]))], "events": p["xi"], "n": p["ni"]})
    a = run_meta_analysis(read_study_table(frame, "PLO"))
    assert a.pooled.tau2_ci is not None and a.pooled.tau2 < a.pooled.tau2_ci[0]
    assert "tau2_outside_its_ci" in [w.code for w in a.warnings]
    b = run_meta_analysis(read_study_table(frame.drop(index=[7, 8]), "PLO"))
    assert "tau2_outside_its_ci" not in [w.code for w in b.warnings]
