"""Karakteristik responden with homogeneity tests, allocation and mixed-design warnings, the SPSS bridge in the
analysis, and no Hodges–Lehmann on category codes (issue 13)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from laktasi.trial.analysis import analyse
from laktasi.trial.design import design_from_mapping
from laktasi.trial.study import load_study, study_from_frame

R_OUT = Path(__file__).resolve().parents[2] / "r" / "trial" / "characteristics.out"
SEED = Path(__file__).resolve().parents[2] / "examples" / "seed_balibo"


def _r(name: str) -> float:
    for line in R_OUT.read_text().splitlines():
        key, _, value = line.rpartition(" = ")
        if key == name:
            return float(value)
    raise KeyError(name)


def _frame() -> pd.DataFrame:
    # the same 12 mothers as r/trial/characteristics.R
    return pd.DataFrame({
        "No": range(1, 13), "Kelompok": ["kontrol"] * 6 + ["intervensi"] * 6,
        "Umur": [19, 24, 31, 36, 28, 22, 18, 17, 25, 38, 40, 29],
        "Paritas": [1, 2, 3, 1, 5, 2, 1, 1, 1, 4, 6, 2],
        "Pendidikan": ["SD", "SMP", "SMA", "SMA", "SMP", "SD", "SMA", "SMA", "SMP", "S1", "SMA", "SMP"],
        "volume_pre": [10.5, 12.0, 8.5, 11.0, 9.0, 13.5, 9.5, 10.0, 12.5, 8.0, 11.5, 10.0],
        "volume_post": [14.0, 15.5, 12.0, 13.0, 12.5, 16.0, 20.5, 22.0, 25.5, 18.0, 23.0, 21.5]})


def test_characteristics_are_banded_and_tested_for_homogeneity_as_r():
    a = analyse(study_from_frame(_frame(), source="k.csv"))
    by_kind = {c.kind: c for c in a.characteristics}
    assert set(by_kind) == {"age", "parity", "education"}
    age = by_kind["age"]
    assert age.levels == ("< 20", "20–35", "> 35")
    assert age.counts == ((1, 4, 1), (2, 2, 2))  # kontrol, intervensi
    assert age.test.p_value == pytest.approx(_r("age fisher p"), rel=1e-7)  # R fisher.test (FFH)
    assert by_kind["parity"].levels == ("primipara", "multipara", "grande multipara")
    assert by_kind["parity"].test.p_value == pytest.approx(_r("parity fisher p"), rel=1e-7)
    assert by_kind["education"].levels == ("SD", "SMP", "SMA", "S1")
    assert by_kind["education"].test.p_value == pytest.approx(_r("education fisher p"), rel=1e-7)
    assert not a.covariates  # described, never adjusted for unless declared


@pytest.mark.parametrize(("allocation", "code"), [("total sampling", "non_random_allocation"),
                                                   ("purposive", "non_random_allocation"),
                                                   ("", "allocation_not_stated"), ("random (undian)", None)])
def test_allocation_warnings(allocation, code):
    doc = {"id": "No", "arm": {"column": "Kelompok", "reference": "kontrol"},
           "outcomes": {"volume": {"pre": "volume_pre", "post": "volume_post"}}}
    if allocation:
        doc["allocation"] = allocation
    a = analyse(study_from_frame(_frame(), design_from_mapping(doc), source="k.csv"))
    codes = {w.code for w in a.warnings}
    assert ({"non_random_allocation", "allocation_not_stated"} & codes) == ({code} if code else set())


@pytest.mark.parametrize(("label", "allocation", "arms", "flagged"), [
    ("randomised controlled trial", "total sampling", 2, True),
    ("one group pretest-posttest", "random", 2, True),
    ("quasi experiment with control group", "", 1, True),
    ("quasi experiment with control group", "random", 2, False),
])
def test_mixed_designs_are_flagged(label, allocation, arms, flagged):
    frame = _frame() if arms == 2 else _frame().drop(columns=["Kelompok"])
    doc = {"id": "No", "arm": {"column": "Kelompok", "reference": "kontrol"} if arms == 2 else None,
           "design_label": label, "allocation": allocation,
           "outcomes": {"volume": {"pre": "volume_pre", "post": "volume_post"}}}
    a = analyse(study_from_frame(frame, design_from_mapping(doc), source="k.csv"))
    assert ("design_mismatch" in {w.code for w in a.warnings}) is flagged


def test_seed_spss_bridge_and_sign_test_counts():
    a = analyse(load_study(SEED / "data.csv", SEED / "design.yaml"))
    within = next(t for t in a.tests if t.scope == "intervensi" and t.result.test == "wilcoxon_signed_rank")
    # what SPSS prints for the seed (r/trial/spss_bridge.out): Z = -2.236, Asymp. Sig. (2-tailed) = 0.025
    assert round(within.spss.z, 3) == -2.236 and round(within.spss.asymp_sig, 3) == 0.025
    sign = next(t for t in a.tests if t.scope == "intervensi" and t.result.test == "sign_test")
    assert sign.changes == (5, 0, 0) and sign.spss.exact_sig == pytest.approx(0.0625)
    control = next(t for t in a.tests if t.scope == "kontrol" and t.result.test == "sign_test")
    assert control.changes == (0, 0, 5)  # every unchanged pair counted
    between = next(t for t in a.tests if t.primary and t.scope == "between")
    assert between.spss.statistic == 0 and between.spss.exact_sig == pytest.approx(2 / 252)
    assert round(between.spss.z, 3) == -2.887  # coin asymptotic Z with ties (r/trial/spss_bridge.out)
    doc = a.to_json("id")
    assert next(t for t in doc["tests"] if t["primary"] and t["scope"] == "between")["spss"]["exact_sig"] == \
        pytest.approx(2 / 252)


def test_no_hodges_lehmann_on_category_codes():
    a = analyse(load_study(SEED / "data.csv", SEED / "design.yaml"))
    names = {e.name for t in a.tests for e in (t.result.effect, *t.result.extra_effects) if e is not None}
    assert "hodges_lehmann" not in names
    # a measured outcome keeps it (R wilcox.test conf.int: the Hodges–Lehmann shift)
    c = analyse(study_from_frame(_frame(), source="k.csv"))
    assert any(e.name == "hodges_lehmann" for t in c.tests for e in t.result.extra_effects
               if math.isfinite(e.value))
