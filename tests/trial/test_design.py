"""Design files and inference: aliases, long layout, overrides, every problem at once, round trip."""

from __future__ import annotations

import pandas as pd
import pytest

from laktasi.errors import InputError
from laktasi.trial.design import design_from_mapping, design_to_yaml, infer_design, load_design


def test_infer_aliases_case_insensitive_and_kinds():
    df = pd.DataFrame({"ID": [1, 2], "KELOMPOK": ["kontrol", "intervensi"], "Volume_Pre": [11.5, 22.0],
                       "Volume_Post": [30.5, 41.0], "k_pre": ["Kurang Lancar", "lancar"], "k_post": ["lancar", "lancar"],
                       "asi_pre": ["ya", "tidak"], "asi_post": ["ya", "ya"], "warna_pre": ["a", "b"],
                       "warna_post": ["c", "a"], "umur": [20, 30]})
    d = infer_design(df, "f.csv")
    assert (d.id_column, d.arm_column) == ("ID", "KELOMPOK")
    kinds = {o.name: (o.kind, o.levels) for o in d.outcomes}
    assert kinds["Volume"] == ("continuous", ())
    assert kinds["k"] == ("ordinal", ("kurang lancar", "cukup lancar", "lancar"))
    assert kinds["asi"] == ("binary", ("tidak", "ya"))
    assert kinds["warna"] == ("nominal", ("a", "b", "c"))
    assert d.outcome("Volume").measure == "expressed_volume"


def test_infer_unpaired_column_is_a_warning_and_no_outcome_is_an_error():
    d = infer_design(pd.DataFrame({"id": [1], "arm": ["a"], "v_pre": [1.0], "v_post": [2.0], "x_pre": [1]}), "f.csv")
    (note,) = d.notes
    assert (note.code, note.column, note.severity) == ("unpaired_column", "x_pre", "warning")
    with pytest.raises(InputError) as exc:
        infer_design(pd.DataFrame({"nama": ["a"], "umur": [1]}), "f.csv")
    assert {p.code for p in exc.value.problems} == {"no_id_column", "no_outcomes"}


def test_example_design_files_load(examples):
    long = load_design(examples / "design_long.yaml")
    assert long.layout == "long" and long.time_levels == ("sebelum", "sesudah")
    assert long.outcome("volume").value_column == "vol_ml"
    three = load_design(examples / "design_three_times.yaml")
    vol = three.outcome("volume")
    assert vol.labels == ("hari1", "hari2", "hari3") and vol.compare == ("hari1", "hari3")
    assert vol.test_for("within") == "wilcoxon_signed_rank"
    assert three.id_column == "no"  # YAML 1.1 would read `id: no` as False
    assert three.reference_arm == "K" and three.covariates == ("umur", "paritas")
    assert three.rules[0].cutpoints == (10.0, 20.0)


def test_score_gap_design_is_refused(examples):
    with pytest.raises(InputError) as exc:
        load_design(examples / "design_score_gap.yaml")
    (p,) = exc.value.problems
    assert p.column == "classification.kelancaran_skor" and "[9]" in p.message("en")


def test_every_design_problem_at_once():
    doc = {"id": "id", "colour": 1,
           "outcomes": {"k": {"pre": "a", "post": "b", "levels": ["x", "y", "z"], "tests": {"within": "paired_t"}},
                        "v": {"pre": "c", "post": "d", "kind": "numeric", "measure": "volume_asi"},
                        "w": {"pre": "e"}},
           "classification": {"c": {"from": "nope", "levels": ["a", "b"], "cutpoints": [1]}}}
    with pytest.raises(InputError) as exc:
        design_from_mapping(doc, "d.yaml")
    where = {p.column for p in exc.value.problems}
    assert where == {"colour", "outcomes.k.tests.within", "outcomes.v.kind", "outcomes.v.measure", "outcomes.w",
                     "classification.c.from"}
    ttest = next(p for p in exc.value.problems if p.column == "outcomes.k.tests.within")
    assert "never a t-test on category codes" in ttest.message("en")
    assert all(p.file == "d.yaml" for p in exc.value.problems)


def test_yaml_syntax_error_names_the_line(tmp_path):
    p = tmp_path / "d.yaml"
    p.write_text("id: id\noutcomes: [unclosed\n")
    with pytest.raises(InputError) as exc:
        load_design(p)
    assert exc.value.problems[0].code == "yaml_syntax" and exc.value.problems[0].row is not None


@pytest.mark.parametrize("name", ["design_long.yaml", "design_three_times.yaml"])
def test_design_to_yaml_round_trips(examples, tmp_path, name):
    design = load_design(examples / name)
    out = tmp_path / "again.yaml"
    out.write_text(design_to_yaml(design))
    again = load_design(out)
    assert again.outcomes == design.outcomes and again.rules == design.rules
    assert (again.id_column, again.arm_column, again.reference_arm, again.layout, again.covariates) == (
        design.id_column, design.arm_column, design.reference_arm, design.layout, design.covariates)
