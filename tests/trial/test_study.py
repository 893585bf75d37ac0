"""Validation: every problem at once with file, row, column, value and reason; warnings; layouts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from laktasi.errors import InputError
from laktasi.trial.design import design_from_mapping
from laktasi.trial.study import load_study, study_from_frame


def test_bad_study_reports_every_problem_at_once(trial_fixtures):
    path = trial_fixtures / "bad_study.csv"
    with pytest.raises(InputError) as exc:
        load_study(path)
    got = {(p.row, p.column, p.code, p.value) for p in exc.value.problems}
    assert got == {
        (3, "volume_pre", "not_a_number", "abc"),
        (4, "volume_pre", "negative_value", -3),
        (5, "volume_post", "impossible_value", 450),
        (6, "kelancaran_pre", "unknown_level", "sangat lancar"),
        (7, "id", "duplicate_id", 5),
        (8, "arm", "arm_of_one", "tunggal"),
    }
    assert all(p.file == str(path) for p in exc.value.problems)
    impossible = next(p for p in exc.value.problems if p.code == "impossible_value")
    assert "400 ml" in impossible.message("en") and "400 ml" in impossible.message("id")
    duplicate = next(p for p in exc.value.problems if p.code == "duplicate_id")
    assert "row 6" in duplicate.message("en") and "baris 6" in duplicate.message("id")
    unknown = next(p for p in exc.value.problems if p.code == "unknown_level")
    assert "['kurang lancar', 'cukup lancar', 'lancar']" in unknown.message("en")


def test_two_arms_without_a_control_name_ask_for_reference_arm(trial_fixtures):
    with pytest.raises(InputError) as exc:
        load_study(trial_fixtures / "no_reference.csv")
    (p,) = exc.value.problems
    assert p.code == "no_reference_arm" and "reference_arm" in p.message("en") and "--design" in p.message("id")


def test_reference_arm_from_a_design_file(trial_fixtures, tmp_path):
    design = tmp_path / "d.yaml"
    design.write_text("arm: {column: arm, reference: b}\noutcomes:\n  volume: {pre: volume_pre, post: volume_post}\n")
    study = load_study(trial_fixtures / "no_reference.csv", design)
    assert study.arms == ("B", "A") and study.reference_arm == "B"  # matched case-insensitively, spelled as in data
    design.write_text("arm: {column: arm, reference: C}\noutcomes:\n  volume: {pre: volume_pre, post: volume_post}\n")
    with pytest.raises(InputError) as exc:
        load_study(trial_fixtures / "no_reference.csv", design)
    assert exc.value.problems[0].code == "unknown_reference_arm"


def test_warnings_unusual_and_missing_values(trial_fixtures):
    study = load_study(trial_fixtures / "warnings.tsv")
    warned = {(p.code, p.row, p.column) for p in study.problems}
    # 160 ml per session is possible but unusual (> 150 ml, about twice the intake per feed on day 3-4)
    assert ("unusual_value", 5, "volume_post") in warned
    missing = {p.column: p for p in study.problems if p.code == "missing_value"}
    assert missing["volume_post"].value == 1 and "rows 2" in missing["volume_post"].message("en")
    assert missing["volume_pre"].value == 1 and "baris 8" in missing["volume_pre"].message("id")
    assert all(p.severity == "warning" for p in study.problems)
    assert study.n == {"kontrol": 3, "intervensi": 3}


def test_missing_columns_are_named_once():
    frame = pd.DataFrame({"id": [1, 2], "kelompok": ["kontrol", "kontrol"], "a": [1, 2]})
    design = design_from_mapping({"arm": "group", "outcomes": {"v": {"pre": "v1", "post": "v2"}}})
    with pytest.raises(InputError) as exc:
        study_from_frame(frame, design, "t.csv")
    assert sorted(p.column for p in exc.value.problems) == ["group", "v1", "v2"]
    assert all(p.code == "missing_column" and p.row == 1 for p in exc.value.problems)


def test_long_layout_equals_wide(examples):
    from laktasi.trial.design import load_design

    long = load_study(examples / "study_long.csv", examples / "design_long.yaml")
    wide = load_study(examples / "study_wide.csv")
    assert long.n == wide.n and long.reference_arm == "kontrol"
    a = long.data.set_index("id").sort_index()
    b = wide.data.set_index("id").sort_index()
    np.testing.assert_array_equal(a["volume_sebelum"].to_numpy(), b["volume_pre"].to_numpy())
    assert a["kelancaran_sesudah"].astype(str).tolist() == b["kelancaran_post"].astype(str).tolist()
    assert load_design(examples / "design_long.yaml").layout == "long"


def test_long_layout_problems(tmp_path, examples):
    p = tmp_path / "l.csv"
    p.write_text("responden,kelompok,waktu,vol_ml,kelancaran\n1,kontrol,sebelum,10,lancar\n1,kontrol,sebelum,11,lancar\n"
                 "1,intervensi,sesudah,12,lancar\n2,kontrol,kemarin,9,lancar\n")
    with pytest.raises(InputError) as exc:
        load_study(p, examples / "design_long.yaml")
    got = {(p.code, p.row, p.column) for p in exc.value.problems}
    assert got >= {("duplicate_id", 3, "responden"), ("arm_changes", 4, "kelompok"), ("unknown_time", 5, "waktu")}


def test_single_group_study_has_one_arm():
    frame = pd.DataFrame({"id": [1, 2, 3], "volume_pre": [5.0, 6, 7], "volume_post": [9.0, 12, 10]})
    study = study_from_frame(frame, source="one.csv")
    assert study.arms == ("all",) and study.reference_arm == "all"


def test_score_outside_every_range_is_an_error():
    frame = pd.DataFrame({"id": [1, 2, 3, 4], "arm": ["kontrol"] * 2 + ["x"] * 2, "skor_pre": [3, 4, 5, 10],
                          "skor_post": [5, 6, 7, 8]})
    design = design_from_mapping({
        "arm": {"column": "arm", "reference": "kontrol"},
        "outcomes": {"skor": {"pre": "skor_pre", "post": "skor_post", "kind": "continuous"}},
        "classification": {"k": {"from": "skor", "levels": ["a", "b", "c"], "ranges": [[3, 4], [5, 6], [7, 9]],
                                 "score_range": [3, 9]}}})
    with pytest.raises(InputError) as exc:
        study_from_frame(frame, design, "s.csv")
    (p,) = exc.value.problems
    assert (p.code, p.row, p.column, p.value) == ("unclassifiable", 5, "skor_pre", 10)


def test_sav_study_uses_value_labels(examples):
    study = load_study(examples / "study.sav")
    k = next(o for o in study.outcomes if o.name == "kelancaran")
    assert k.kind == "ordinal" and k.levels == ("kurang lancar", "cukup lancar", "lancar")
    assert study.reference_arm == "kontrol"
    assert study.n == {"kontrol": 12, "intervensi": 12}


def test_long_layout_covariate_takes_each_mothers_value(tmp_path):
    p = tmp_path / "l.csv"
    p.write_text("id,arm,t,v,umur\n1,kontrol,a,10,25\n1,kontrol,b,12,\n2,kontrol,a,9,31\n2,kontrol,b,15,31\n"
                 "3,x,a,8,\n3,x,b,16,22\n4,x,a,7,28\n4,x,b,14,28\n")
    design = design_from_mapping({"arm": {"column": "arm", "reference": "kontrol"}, "time": {"column": "t", "levels": ["a", "b"]},
                                  "outcomes": {"v": {"column": "v", "kind": "continuous"}}, "covariates": ["umur"]})
    from laktasi.trial.io import read_table

    study = study_from_frame(read_table(p), design, str(p))
    assert study.data.set_index("id")["umur"].to_dict() == {"1": 25.0, "2": 31.0, "3": 22.0, "4": 28.0}


def test_time_specific_unusual_volume_limits():
    # 45 ml in one session: unusual in the first 24 h (> 30 ml, about twice the 2-10 ml a baby drinks per feed),
    # ordinary at 60 h (limit 60 ml) and with no time given (limit 150 ml)
    frame = pd.DataFrame({"id": [1, 2, 3, 4], "arm": ["kontrol"] * 2 + ["x"] * 2, "v_pre": [45.0, 5, 6, 7],
                          "v_post": [45.0, 20, 30, 25]})
    timed = design_from_mapping({"arm": {"column": "arm", "reference": "kontrol"}, "outcomes": {
        "v": {"pre": "v_pre", "post": "v_post", "measure": "expressed_volume",
              "hours_postpartum": {"pre": 12, "post": 60}}}})
    study = study_from_frame(frame, timed, "t.csv")
    unusual = [(p.row, p.column) for p in study.problems if p.code == "unusual_value"]
    assert unusual == [(2, "v_pre")]
    assert "0–24 h" in next(p for p in study.problems if p.code == "unusual_value").message("en")
    untimed = design_from_mapping({"arm": {"column": "arm", "reference": "kontrol"}, "outcomes": {
        "v": {"pre": "v_pre", "post": "v_post", "measure": "expressed_volume"}}})
    assert not [p for p in study_from_frame(frame, untimed, "t.csv").problems if p.code == "unusual_value"]
    with pytest.raises(InputError) as exc:
        design_from_mapping({"outcomes": {"v": {"pre": "a", "post": "b", "hours_postpartum": {"day3": 60}}}})
    assert exc.value.problems[0].column == "outcomes.v.hours_postpartum.day3"


def test_wet_nappies_limit_follows_the_day_of_life():
    # HSE Ireland ("Knowing if your newborn is getting enough"): day 1: 1 wet nappy, day 3: 3, from day 6: 6.
    # 2 wet nappies are normal on day 1, too few on day 3 and on day 7; with no time given the day-6 limit holds.
    frame = pd.DataFrame({"id": [1, 2, 3, 4], "arm": ["kontrol"] * 2 + ["x"] * 2, "u_pre": [2.0, 1, 3, 4],
                          "u_post": [2.0, 6, 7, 8]})

    def unusual(hours):
        spec = {"pre": "u_pre", "post": "u_post", "measure": "urine_24h"}
        if hours:
            spec["hours_postpartum"] = hours
        design = design_from_mapping({"arm": {"column": "arm", "reference": "kontrol"}, "outcomes": {"u": spec}})
        return [(p.row, p.column) for p in study_from_frame(frame, design, "u.csv").problems
                if p.code == "unusual_value"]

    assert unusual({"pre": 12, "post": 150}) == [(2, "u_post")]  # day 1 fine; day 7: 2 < 6
    assert unusual({"pre": 60, "post": 150}) == [(2, "u_pre"), (3, "u_pre"), (2, "u_post")]  # day 3: 2, 1 < 3
    assert unusual(None) == [(2, "u_pre"), (3, "u_pre"), (4, "u_pre"), (5, "u_pre"), (2, "u_post")]
